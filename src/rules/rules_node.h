/*
 * rules_node.h: the bottom of the rule loader: the state of loading one
 * file (struct rl), the store a ruleset's AST lives in, and the checks of
 * single YAML nodes every part of the loader shares (errors with the
 * node's position, scalars, attribute names, literals, integers, bits).
 * Internal to src/rules. The loader's files call one way:
 * rules_load.c -> rules_cond.c, rules_tmpl.c -> rules_node.c.
 */
#ifndef LDFIX_RULES_NODE_H
#define LDFIX_RULES_NODE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/hash.h"
#include "rules/rules.h"
#include "rules/yaml_tree.h"

/* What ruleset.arena points at: owned by the ruleset. */
struct rules_store {
	struct arena arena;             /* every string and node of the AST */
	struct cond **conds;            /* all conditions, for rules_free */
	size_t nconds, condcap;
	struct hash ids;                /* rule ids -> ruleset.rules[] */
};

/* The state of loading one file. */
struct rl {
	struct ruleset *rs;
	struct rules_store *st;
	struct arena *a;                /* &st->arena */
	const char *name;               /* file name, owned by rs->files */
	struct diag *d;
	struct rule_var *cli;           /* --var values (their used is set) */
	size_t ncli;
	const struct ynode *vars;       /* the file's "variables:", or NULL */
	struct rule *rules;             /* this file's rules, until it loads */
	size_t nrules, rulecap;
	struct hash ids;                /* this file's ids -> rules[] */
	char quote[2][64];              /* rl_q results */
	unsigned nquote;
};

/* rl_fail: set the diag at node y (NULL: no position) and return -1. */
int rl_fail(struct rl *L, const struct ynode *y, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* rl_q: s quoted safely for a message; valid for the next two calls. */
const char *rl_q(struct rl *L, const void *s, size_t n);
/* rl_get: the value of key in map (and the key node), or NULL. */
const struct ynode *rl_get(const struct ynode *map, const char *key,
    const struct ynode **keynode);
/* rl_want: y is a node of kind (a scalar must not be null). */
int rl_want(struct rl *L, const struct ynode *y, enum ynode_kind kind,
    const char *what);
/* rl_keep: copy a scalar into the ruleset's arena. */
struct slice rl_keep(struct rl *L, const struct ynode *y);
/* rl_attr: a scalar that is a valid attribute description (RFC 4512). */
int rl_attr(struct rl *L, const struct ynode *y, const char *what,
    struct slice *out);
/*
 * rl_attr_name: name (written at y) is an attribute description (RFC
 * 4512) or, with master, "master.ATTR" (rules_master_attr); what names
 * the place for the message (NULL: a condition key). 0, or -1 with the
 * message set.
 */
int rl_attr_name(struct rl *L, const struct ynode *y, struct slice name,
    bool master, const char *what);
/*
 * rl_value: a literal. A plain (or !!int) scalar is an integer when
 * num_parse reads it with NUM_HEX; one written as digits with '+' or a
 * leading zero is an error (quote it to mean text), as is an integer out
 * of range. need_int demands an integer.
 */
int rl_value(struct rl *L, const struct ynode *y, const char *what,
    bool need_int, struct rule_value *v);
/* rl_rule_by_id: the rule among rules[] (indexed by t) with this id (a C
 * string), or NULL. */
const struct rule *rl_rule_by_id(const struct hash *t,
    const struct rule *rules, const char *id);

/* rl_bits: a positive integer used as a bit mask. */
int rl_bits(struct rl *L, const struct ynode *y, const char *what,
    uint64_t *bits);

#endif
