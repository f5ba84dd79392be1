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
    "sid-domain-differs-from, sid-equals-attr, sid-domain-in, valid-sid, ace";

static const char *const ace_keys[] = {
	"sid-attr", "sid", "mask-any", "mask-all", "object-type", NULL
};

static const char *const owner_names[OWNER_NSTATUS] = {
	[OWNER_ENABLED] = "enabled", [OWNER_DISABLED] = "disabled",
	[OWNER_NOT_FOUND] = "not-found", [OWNER_NO_EXPORT] = "no-export",
	[OWNER_NOT_APPLICABLE] = "not-applicable",
};

const char *
rules_owner_status_name(enum owner_status s)
{
	return (unsigned)s < OWNER_NSTATUS ? owner_names[s] : "?";
}

bool
rules_master_attr(struct slice name, struct slice *attr)
{
	size_t n = sizeof(RULES_MASTER_PREFIX) - 1;

	if (name.n <= n || memcmp(name.p, RULES_MASTER_PREFIX, n) != 0)
		return false;
	if (attr != NULL)
		*attr = slice_mem(name.p + n, name.n - n);
	return true;
}

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

/* An ACE access mask: 1 to 0xffffffff. */
static int
ace_mask(struct rl *L, const struct ynode *y, const char *what, uint32_t *out)
{
	uint64_t bits;

	if (rl_bits(L, y, what, &bits) < 0)
		return -1;
	if (bits > 0xffffffffu)
		return rl_fail(L, y, "%s must fit in 32 bits (an ACE's access "
		    "mask)", what);
	*out = (uint32_t)bits;
	return 0;
}

/* Every key of the ace mapping v is one of ace_keys. */
static int
ace_check_keys(struct rl *L, const struct ynode *v)
{
	size_t i, j;

	for (i = 0; i + 1 < v->nkids; i += 2) {
		const struct ynode *k = v->kids[i];

		for (j = 0; ace_keys[j] != NULL && !is_key(k, ace_keys[j]); j++)
			;
		if (ace_keys[j] == NULL)
			return rl_fail(L, k, "unknown key '%s' in ace (expected "
			    "sid-attr, sid, mask-any, mask-all, object-type)",
			    rl_q(L, k->s, k->n));
	}
	return 0;
}

/* "ace: { sid-attr: ATTR | sid: SIDS, mask-any: BITS, mask-all: BITS,
 * object-type: GUID }": see struct cond_ace. */
static int
ace_test(struct rl *L, struct cond *c, const struct ynode *v)
{
	const struct ynode *sa, *sids, *any, *all, *ot, *sk;

	c->kind = COND_ACE;
	c->ace = arena_alloc(L->a, sizeof(*c->ace));
	if (rl_want(L, v, YNODE_MAP, "ace") < 0 || ace_check_keys(L, v) < 0)
		return -1;
	sa = rl_get(v, "sid-attr", NULL);
	sids = rl_get(v, "sid", &sk);
	if (sa != NULL && sids != NULL)
		return rl_fail(L, sk, "ace takes one of sid-attr and sid, not "
		    "both");
	if (sa == NULL && sids == NULL)
		return rl_fail(L, v, "ace needs sid-attr (the attribute that "
		    "holds the SID) or sid (SIDs): whose ACE to look for");
	if (sa != NULL && rl_attr(L, sa, "sid-attr", &c->other_attr) < 0)
		return -1;
	if (sids != NULL && sid_list(L, c, sids, "sid", false) < 0)
		return -1;
	any = rl_get(v, "mask-any", NULL);
	all = rl_get(v, "mask-all", NULL);
	if (any == NULL && all == NULL)
		return rl_fail(L, v, "ace needs mask-any or mask-all: which "
		    "rights to look for");
	if ((any != NULL && ace_mask(L, any, "mask-any",
	    &c->ace->mask_any) < 0) || (all != NULL && ace_mask(L, all,
	    "mask-all", &c->ace->mask_all) < 0))
		return -1;
	if ((ot = rl_get(v, "object-type", NULL)) == NULL)
		return 0;
	if (rl_want(L, ot, YNODE_SCALAR, "object-type") < 0)
		return -1;
	if (guid_parse(slice_mem(ot->s, ot->n), c->ace->object_type) < 0)
		return rl_fail(L, ot, "invalid GUID '%s' in object-type "
		    "(expected 8-4-4-4-12 hex digits, like "
		    "ab721a54-1e2f-11d0-9819-00aa0040529b)",
		    rl_q(L, ot->s, ot->n));
	c->ace->has_object_type = true;
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
		if (rl_want(L, v, YNODE_SCALAR, sid_attr_ops[i].name) < 0 ||
		    rl_attr_name(L, v, slice_mem(v->s, v->n), true,
		    sid_attr_ops[i].name) < 0)
			return -1;
		c->other_attr = rl_keep(L, v);
		return 0;
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
	if (is_key(k, "valid-sid")) {
		c->kind = COND_SID_VALID;
		if (v->kind != YNODE_SCALAR || !v->plain ||
		    (strcmp(v->s, "true") != 0 && strcmp(v->s, "false") != 0))
			return rl_fail(L, v, "valid-sid takes true or false");
		c->bits = v->s[0] == 't';
		return 0;
	}
	if (is_key(k, "sid-domain-in")) {
		c->kind = COND_SID_DOMAIN_IN;
		return sid_list(L, c, v, "sid-domain-in", true);
	}
	if (is_key(k, "ace"))
		return ace_test(L, c, v);
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

	if (rl_attr_name(L, k, slice_mem(k->s, k->n), true, NULL) < 0)
		return -1;
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

/*
 * "hit: RULE": that rule, loaded before this one, hit the entry earlier in
 * the run. A rule that comes later (or this one) cannot have: refused.
 */
static int
hit_cond(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	const struct rule *r;
	struct cond *c;

	if (rl_want(L, v, YNODE_SCALAR, "hit") < 0)
		return -1;
	c = cond_new(L, COND_HIT, k);
	*out = c;
	c->nvals = 1;
	c->vals = arena_alloc(L->a, sizeof(*c->vals));
	c->vals[0].text = rl_keep(L, v);
	if ((r = rl_rule_by_id(&L->st->ids, L->rs->rules, v->s)) != NULL) {
		c->hit_rule = (size_t)(r - L->rs->rules);
		return 0;
	}
	r = rl_rule_by_id(&L->ids, L->rules, v->s);
	if (r != NULL && (size_t)(r - L->rules) < L->nrules) {
		c->hit_rule = L->rs->nrules + (size_t)(r - L->rules);
		return 0;
	}
	if (r != NULL)
		return rl_fail(L, v, "hit: a rule cannot test its own hit "
		    "('%s')", rl_q(L, v->s, v->n));
	return rl_fail(L, v, "hit: no rule '%s' is loaded before this one "
	    "(rules run in the order given: load its file first, e.g. "
	    "-r builtin -r FILE)", rl_q(L, v->s, v->n));
}

/*
 * "owner-status: STATUS" or a list of them: the owner's status (enum
 * owner_status) is one of them. Kept as a bit mask; vals[] as written.
 */
static int
owner_cond(struct rl *L, const struct ynode *k, const struct ynode *v,
    struct cond **out)
{
	const struct ynode *const *items;
	struct cond *c = cond_new(L, COND_OWNER_STATUS, k);
	size_t i, j;

	*out = c;
	if (scalar_list(L, v, "owner-status", &items, &c->nvals) < 0)
		return -1;
	c->vals = arena_array(L->a, c->nvals, sizeof(*c->vals));
	for (i = 0; i < c->nvals; i++) {
		const struct ynode *s = items ? items[i] : v;

		for (j = 0; j < OWNER_NSTATUS; j++)
			if (strlen(owner_names[j]) == s->n &&
			    memcmp(owner_names[j], s->s, s->n) == 0)
				break;
		if (j == OWNER_NSTATUS)
			return rl_fail(L, s, "unknown owner status '%s' "
			    "(expected enabled, disabled, not-found, no-export, "
			    "not-applicable)", rl_q(L, s->s, s->n));
		if (c->bits & ((uint64_t)1 << j))
			return rl_fail(L, s, "owner status '%s' is listed "
			    "twice", owner_names[j]);
		c->bits |= (uint64_t)1 << j;
		c->vals[i].text = rl_keep(L, s);
	}
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
	if (is_key(k, "hit"))
		return hit_cond(L, k, v, out);
	if (is_key(k, "owner-status"))
		return owner_cond(L, k, v, out);
	if (is_key(k, "exported")) {
		c = cond_new(L, COND_EXPORTED, k);
		*out = c;
		c->nkids = 1;
		c->kids = arena_alloc(L->a, sizeof(*c->kids));
		return rl_cond(L, v, &c->kids[0]);
	}
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
