/*
 * rules_attrs.h: the loader's analysis of what rules read and change
 * (rules_attrs.c); internal to src/rules but rules_changed_attrs and
 * rules_check_loaded, which rules.h declares.
 */
#ifndef LDFIX_RULES_ATTRS_H
#define LDFIX_RULES_ATTRS_H

#include "base/arena.h"
#include "rules/rules.h"

/* rules_attrs_compute: fill r->match_reads (the attributes of which an
 * entry must carry one for the match to hold), r->needs and r->reads (in
 * a), and give every condition of r the ids of the names it reads. */
void rules_attrs_compute(struct rule *r, struct arena *a);

#endif
