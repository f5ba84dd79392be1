/*
 * rules_cond.h: the condition part of the rule loader (rules_cond.c);
 * internal to src/rules.
 */
#ifndef LDFIX_RULES_COND_H
#define LDFIX_RULES_COND_H

#include "rules/rules_node.h"

/* rl_cond: a condition mapping into *out (in the ruleset's arena). */
int rl_cond(struct rl *L, const struct ynode *y, struct cond **out);

#endif
