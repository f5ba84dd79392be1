/*
 * rules_tmpl.h: templates of the rule loader (rules_tmpl.c); internal to
 * src/rules.
 */
#ifndef LDFIX_RULES_TMPL_H
#define LDFIX_RULES_TMPL_H

#include "rules/rules_node.h"

/* rl_tmpl: a template into *t (in the ruleset's arena); message demands
 * one line of text. */
int rl_tmpl(struct rl *L, const struct ynode *y, const char *what,
    bool message, struct tmpl *t);

#endif
