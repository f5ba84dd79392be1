/*
 * rules_cond.c: the condition part of the rule loader. A condition is a
 * mapping whose keys are combinators (all, any, not), "dn", or attribute
 * names; several keys mean all of them. Every struct cond made here is
 * registered in the rules_store so that rules_free can release what a
 * condition holds outside the arena (a compiled regex). DN bases are
 * normalized here, into the arena, so that the engine compares them as
 * they are.
 */
#include "rules/rules_cond.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "base/re.h"
#include "base/sid.h"
#include "ldif/ldif.h"

static const struct {
	const char *name;
	enum cmp_op op;
} cmp_ops[] = {
	{ "lt", CMP_LT }, { "le", CMP_LE }, { "gt", CMP_GT },
	{ "ge", CMP_GE }, { "eq", CMP_EQ }, { "ne", CMP_NE },
};

static const struct {
	const char *name;
	enum cond_kind kind;
} bits_ops[] = {
	{ "bits-all", COND_BITS_ALL }, { "bits-any", COND_BITS_ANY },
	{ "bits-none", COND_BITS_NONE },
}, sid_attr_ops[] = {
	{ "sid-same-domain-as", COND_SID_SAME_DOMAIN },
	{ "sid-domain-differs-from", COND_SID_DOMAIN_DIFFERS },
	{ "sid-equals-attr", COND_SID_EQUALS_ATTR },
};

static const char attr_tests[] = "equals, one-of, lt, le, gt, ge, eq, ne, "
    "bits-all, bits-any, bits-none, regex, sid, not-sid, sid-same-domain-as, "
    "sid-domain-differs-from, sid-equals-attr, sid-domain-in";

static struct cond *
cond_new(struct rl *L, enum cond_kind kind, const struct ynode *at)
{
	struct cond *c = arena_alloc(L->a, sizeof(*c));
	struct rules_store *st = L->st;

	c->kind = kind;
	c->line = at->line;
	c->col = at->col;
	grow_array(&st->conds, &st->condcap, st->nconds + 1, sizeof(*st->conds));
	st->conds[st->nconds++] = c;
	return c;
}

static bool
is_key(const struct ynode *k, const char *s)
{
	return k->n == strlen(s) && memcmp(k->s, s, k->n) == 0;
}

/* A scalar or a non-empty list of scalars, as items[]. */
static int
scalar_list(struct rl *L, const struct ynode *y, const char *what,
    const struct ynode *const **items, size_t *n)
{
	if (y->kind == YNODE_SEQ) {
		size_t i;

		if (y->nkids == 0)
			return rl_fail(L, y, "%s must not be an empty list", what);
		for (i = 0; i < y->nkids; i++)
			if (rl_want(L, y->kids[i], YNODE_SCALAR, what) < 0)
				return -1;
		*items = (const struct ynode *const *)y->kids;
		*n = y->nkids;
		return 0;
	}
	if (rl_want(L, y, YNODE_SCALAR, what) < 0)
		return -1;
	*items = NULL;
	*n = 1;
	return 0;
}

static int
sid_list(struct rl *L, struct cond *c, const struct ynode *y, const char *what,
    bool domain)
{
	const struct ynode *const *items;
	size_t i;

	if (scalar_list(L, y, what, &items, &c->nsids) < 0)
		return -1;
	c->sids = arena_array(L->a, c->nsids, sizeof(*c->sids));
	c->nvals = c->nsids;
	c->vals = arena_array(L->a, c->nvals, sizeof(*c->vals));
	for (i = 0; i < c->nsids; i++) {
		const struct ynode *s = items ? items[i] : y;
		struct rule_sid *sid = &c->sids[i];

		if (sid_parse(slice_mem(s->s, s->n), sid->bytes, &sid->n) < 0)
			return rl_fail(L, s, "invalid SID '%s' (expected "
			    "S-1-5-21-...)", rl_q(L, s->s, s->n));
		if (domain && sid->bytes[1] >= SID_MAX_SUBAUTH)
			return rl_fail(L, s, "'%s' cannot be a domain SID: it "
			    "has no room for a RID", rl_q(L, s->s, s->n));
		c->vals[i].text = rl_keep(L, s);
	}
	return 0;
}

static int
regex_test(struct rl *L, struct cond *c, const struct ynode *y)
{
	struct re_refusal why;
	char err[128];
	int rc;

	if (rl_want(L, y, YNODE_SCALAR, "regex") < 0)
		return -1;
	if (memchr(y->s, '\0', y->n) != NULL)
		return rl_fail(L, y, "regex must not contain a NUL byte");
	c->nvals = 1;
	c->vals = arena_alloc(L->a, sizeof(*c->vals));
	c->vals[0].text = rl_keep(L, y);
	rc = re_compile(&c->re, y->s, y->n, &why);
	if (rc < 0)
		return rl_fail(L, y, "regex '%s': %s at character %zu: %s",
		    rl_q(L, y->s, y->n), why.what, why.at + 1, why.why);
	if (rc != 0) {
		re_error(rc, &c->re, err, sizeof(err));
		return rl_fail(L, y, "invalid regex '%s': %s",
		    rl_q(L, y->s, y->n), err);
	}
	c->kind = COND_REGEX;           /* only now is there a regex to free */
	return 0;
}

/* One "OP: ARG" of an attribute's test mapping. */
static int
attr_test(struct rl *L, struct slice attr, const struct ynode *k,
    const struct ynode *v, struct cond **out)
{
	struct cond *c = cond_new(L, COND_ALL, k);
	size_t i;

	*out = c;
	c->attr = attr;
	if (is_key(k, "equals")) {
		c->kind = COND_EQUALS;
		c->nvals = 1;
		c->vals = arena_alloc(L->a, sizeof(*c->vals));
		return rl_value(L, v, "equals", false, c->vals);
	}
	if (is_key(k, "one-of")) {
		c->kind = COND_ONE_OF;
		if (rl_want(L, v, YNODE_SEQ, "one-of") < 0)
			return -1;
		if (v->nkids == 0)
			return rl_fail(L, v, "one-of must not be an empty list");
		c->nvals = v->nkids;
		c->vals = arena_array(L->a, c->nvals, sizeof(*c->vals));
		for (i = 0; i < c->nvals; i++)
			if (rl_value(L, v->kids[i], "a one-of value", false,
			    &c->vals[i]) < 0)
				return -1;
		return 0;
	}
	for (i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++) {
		if (!is_key(k, cmp_ops[i].name))
			continue;
		c->kind = COND_CMP;
		c->cmp = cmp_ops[i].op;
		c->nvals = 1;
		c->vals = arena_alloc(L->a, sizeof(*c->vals));
		return rl_value(L, v, cmp_ops[i].name, true, c->vals);
	}
	for (i = 0; i < sizeof(bits_ops) / sizeof(bits_ops[0]); i++) {
		if (!is_key(k, bits_ops[i].name))
			continue;
		c->kind = bits_ops[i].kind;
		return rl_bits(L, v, bits_ops[i].name, &c->bits);
	}
	for (i = 0; i < sizeof(sid_attr_ops) / sizeof(sid_attr_ops[0]); i++) {
		if (!is_key(k, sid_attr_ops[i].name))
			continue;
		c->kind = sid_attr_ops[i].kind;
		return rl_attr(L, v, sid_attr_ops[i].name, &c->other_attr);
	}
	if (is_key(k, "regex"))
		return regex_test(L, c, v);
	if (is_key(k, "sid")) {
		c->kind = COND_SID_IS;
		return sid_list(L, c, v, "sid", false);
	}
	if (is_key(k, "not-sid")) {
		c->kind = COND_SID_IS_NOT;
		return sid_list(L, c, v, "not-sid", false);
	}
	if (is_key(k, "sid-domain-in")) {
		c->kind = COND_SID_DOMAIN_IN;
		return sid_list(L, c, v, "sid-domain-in", true);
	}
	return rl_fail(L, k, "unknown test '%s' (expected %s)",
	    rl_q(L, k->s, k->n), attr_tests);
}

/* Several conditions that must all hold, written as one mapping. */
static struct cond *
all_of(struct rl *L, const struct ynode *at, size_t n)
{
	struct cond *c = cond_new(L, COND_ALL, at);

	c->nkids = n;
	c->kids = arena_array(L->a, n, sizeof(*c->kids));
	return c;
}

static int
attr_cond(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	struct slice attr;
	struct cond *c;
	size_t i;

	if (ldif_desc_bad_at(slice_mem(k->s, k->n), LDIF_DESC_RFC) >= 0)
		return rl_fail(L, k, "invalid attribute name '%s' (or an unknown "
		    "condition)", rl_q(L, k->s, k->n));
	attr = rl_keep(L, k);
	if (v->kind == YNODE_SCALAR && v->plain &&
	    (strcmp(v->s, "present") == 0 || strcmp(v->s, "absent") == 0)) {
		c = cond_new(L, v->s[0] == 'p' ? COND_PRESENT : COND_ABSENT, k);
		c->attr = attr;
		*out = c;
		return 0;
	}
	if (ytree_is_null(v))
		return rl_fail(L, v, "'%s' needs present, absent, a value or "
		    "a mapping of tests, not nothing (null)",
		    rl_q(L, k->s, k->n));
	if (v->kind == YNODE_SCALAR) {
		c = cond_new(L, COND_EQUALS, k);
		c->attr = attr;
		c->nvals = 1;
		c->vals = arena_alloc(L->a, sizeof(*c->vals));
		*out = c;
		return rl_value(L, v, "the value to compare with", false,
		    c->vals);
	}
	if (v->kind == YNODE_SEQ)
		return rl_fail(L, v, "a list of values needs a test: write "
		    "{ one-of: [...] } or { sid: [...] }");
	if (v->nkids == 0)
		return rl_fail(L, v, "empty test mapping for '%s'",
		    rl_q(L, k->s, k->n));
	if (v->nkids == 2)
		return attr_test(L, attr, v->kids[0], v->kids[1], out);
	c = all_of(L, v, v->nkids / 2);
	*out = c;
	for (i = 0; i < c->nkids; i++)
		if (attr_test(L, attr, v->kids[2 * i], v->kids[2 * i + 1],
		    &c->kids[i]) < 0)
			return -1;
	return 0;
}

static int
dn_test(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	const struct ynode *const *items;
	struct buf norm = BUF_INIT;
	struct cond *c;
	size_t i;

	if (!is_key(k, "under") && !is_key(k, "not-under"))
		return rl_fail(L, k, "unknown dn test '%s' (expected under, "
		    "not-under)", rl_q(L, k->s, k->n));
	c = cond_new(L, is_key(k, "under") ? COND_DN_UNDER : COND_DN_NOT_UNDER,
	    k);
	*out = c;
	if (scalar_list(L, v, k->s, &items, &c->nvals) < 0)
		return -1;
	c->vals = arena_array(L->a, c->nvals, sizeof(*c->vals));
	c->dn_norm = arena_array(L->a, c->nvals, sizeof(*c->dn_norm));
	for (i = 0; i < c->nvals; i++) {
		const struct ynode *s = items ? items[i] : v;

		buf_reset(&norm);
		if (s->n > 0 && dn_normalize(slice_mem(s->s, s->n), &norm) < 0) {
			buf_release(&norm);
			return rl_fail(L, s, "invalid DN '%s'",
			    rl_q(L, s->s, s->n));
		}
		c->vals[i].text = rl_keep(L, s);
		c->dn_norm[i] = slice_mem(arena_copy(L->a, norm.p, norm.n),
		    norm.n);
	}
	buf_release(&norm);
	return 0;
}

static int
dn_cond(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	struct cond *c;
	size_t i;

	if (rl_want(L, v, YNODE_MAP, "dn") < 0)
		return -1;
	if (v->nkids == 0)
		return rl_fail(L, v, "empty dn test (expected under, not-under)");
	if (v->nkids == 2)
		return dn_test(L, v->kids[0], v->kids[1], out);
	(void)k;
	c = all_of(L, v, v->nkids / 2);
	*out = c;
	for (i = 0; i < c->nkids; i++)
		if (dn_test(L, v->kids[2 * i], v->kids[2 * i + 1],
		    &c->kids[i]) < 0)
			return -1;
	return 0;
}

/* A list of conditions for all/any. */
static int
cond_list(struct rl *L, const struct ynode *k, const struct ynode *v,
    enum cond_kind kind, struct cond **out)
{
	struct cond *c;
	size_t i;

	if (rl_want(L, v, YNODE_SEQ, k->s) < 0)
		return -1;
	if (v->nkids == 0)
		return rl_fail(L, v, "%s must list at least one condition", k->s);
	c = cond_new(L, kind, k);
	*out = c;
	c->nkids = v->nkids;
	c->kids = arena_array(L->a, c->nkids, sizeof(*c->kids));
	for (i = 0; i < c->nkids; i++)
		if (rl_cond(L, v->kids[i], &c->kids[i]) < 0)
			return -1;
	return 0;
}

static int
cond_entry(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	struct cond *c;

	if (is_key(k, "all"))
		return cond_list(L, k, v, COND_ALL, out);
	if (is_key(k, "any"))
		return cond_list(L, k, v, COND_ANY, out);
	if (is_key(k, "not")) {
		c = cond_new(L, COND_NOT, k);
		*out = c;
		c->nkids = 1;
		c->kids = arena_alloc(L->a, sizeof(*c->kids));
		return rl_cond(L, v, &c->kids[0]);
	}
	if (is_key(k, "dn"))
		return dn_cond(L, k, v, out);
	return attr_cond(L, k, v, out);
}

int
rl_cond(struct rl *L, const struct ynode *y, struct cond **out)
{
	struct cond *c;
	size_t i;

	*out = NULL;
	if (rl_want(L, y, YNODE_MAP, "a condition") < 0)
		return -1;
	if (y->nkids == 0)
		return rl_fail(L, y, "empty condition");
	if (y->nkids == 2)
		return cond_entry(L, y->kids[0], y->kids[1], out);
	c = all_of(L, y, y->nkids / 2);
	*out = c;
	for (i = 0; i < c->nkids; i++)
		if (cond_entry(L, y->kids[2 * i], y->kids[2 * i + 1],
		    &c->kids[i]) < 0)
			return -1;
	return 0;
}
