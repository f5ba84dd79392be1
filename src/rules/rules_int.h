/*
 * rules_int.h: what the rule loader's files (rules_load.c, rules_cond.c)
 * share; not for other modules. struct rules_store is what
 * ruleset.arena points at.
 */
#ifndef LDFIX_RULES_INT_H
#define LDFIX_RULES_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "rules/rules.h"
#include "rules/yaml_tree.h"

/* Rule ids seen so far, hashed (open addressing, power-of-two size). */
struct id_slot {
	const char *id;                 /* NULL: free slot */
	const char *file;
	unsigned long line;
};

struct id_table {
	struct id_slot *slots;
	size_t n, cap;
};

struct rules_store {
	struct arena arena;             /* every string and node of the AST */
	struct cond **conds;            /* all conditions, for rules_free */
	size_t nconds, condcap;
	struct id_table ids;            /* ids of the rules loaded */
};

/* The state of loading one file. */
struct rl {
	struct ruleset *rs;
	struct rules_store *st;
	struct arena *a;                /* &st->arena */
	const char *name;               /* file name, owned by rs->files */
	struct diag *d;
	const struct rule_var *cli;     /* --var values */
	size_t ncli;
	const struct ynode *vars;       /* the file's "variables:", or NULL */
	struct rule *rules;             /* this file's rules, until it loads */
	size_t nrules, rulecap;
	struct id_table ids;            /* this file's ids, until it loads */
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
/* rl_attr: a scalar that is a valid attribute description. */
int rl_attr(struct rl *L, const struct ynode *y, const char *what,
    struct slice *out);
int rl_parse_int(const char *s, size_t n, bool *neg, uint64_t *mag);
/* rl_value: a literal; need_int demands an integer. */
int rl_value(struct rl *L, const struct ynode *y, const char *what,
    bool need_int, struct rule_value *v);
/* rl_bits: a positive integer used as a bit mask. */
int rl_bits(struct rl *L, const struct ynode *y, const char *what,
    uint64_t *bits);
/* rl_tmpl: a template; message demands one line of text. */
int rl_tmpl(struct rl *L, const struct ynode *y, const char *what,
    bool message, struct tmpl *t);
/* rl_cond: a condition mapping (rules_cond.c). */
int rl_cond(struct rl *L, const struct ynode *y, struct cond **out);

#endif
