/*
 * engine_cond.c: evaluate rule conditions against an entry. Attribute
 * values are read as integers by base/num.h (RFC 4517 INTEGER). Read-only:
 * nothing here changes the entry. An attribute test on an absent attribute
 * is false, except "absent" itself; multi-valued attributes match when any
 * value does.
 */
#include "engine/engine_impl.h"

#include <string.h>

#include "base/dn.h"
#include "base/num.h"
#include "base/re.h"
#include "base/sid.h"

/* The reading of a rule literal known to be an integer. */
static struct num
rule_int(const struct rule_value *rv)
{
	struct num v;

	v.neg = rv->neg && rv->mag != 0;
	v.mag = rv->mag;
	return v;
}

/* An attribute value read as an integer (RFC 4517 INTEGER, num.h). */
static bool
value_int(struct slice v, struct num *out)
{
	return num_parse(v, 0, out) == NUM_OK;
}

/* Rule literal against one value: as integers when both are integers,
 * else as ASCII case-insensitive text. */
static bool
value_equals(struct slice v, const struct rule_value *rv)
{
	struct num iv;

	if (rv->is_int && value_int(v, &iv))
		return num_cmp(iv, rule_int(rv)) == 0;
	return slice_eq_ci(v, rv->text);
}

static bool
cmp_holds(enum cmp_op op, int r)
{
	switch (op) {
	case CMP_LT: return r < 0;
	case CMP_LE: return r <= 0;
	case CMP_GT: return r > 0;
	case CMP_GE: return r >= 0;
	case CMP_EQ: return r == 0;
	case CMP_NE: return r != 0;
	}
	return false;
}

static bool
bits_hold(enum cond_kind kind, uint64_t v, uint64_t bits)
{
	switch (kind) {
	case COND_BITS_ALL: return (v & bits) == bits;
	case COND_BITS_ANY: return (v & bits) != 0;
	default: return (v & bits) == 0;
	}
}

/* TRE matches the value's bytes in linear time (base/re.h). A value
 * holding NUL is not text: it never matches. */
static bool
regex_matches(const regex_t *re, struct slice v)
{
	if (v.n > 0 && memchr(v.p, '\0', v.n) != NULL)
		return false;
	return re_match(re, v.p, v.n);
}

static bool
sid_listed(const struct cond *c, struct slice v)
{
	size_t i;

	for (i = 0; i < c->nsids; i++)
		if (slice_eq(v, slice_mem(c->sids[i].bytes, c->sids[i].n)))
			return true;
	return false;
}

static bool
sid_domain_listed(const struct cond *c, struct slice v)
{
	size_t i;

	for (i = 0; i < c->nsids; i++)
		if (sid_in_domain(v, slice_mem(c->sids[i].bytes, c->sids[i].n)))
			return true;
	return false;
}

/* Both valid SIDs of different domains. Identical SIDs share whatever
 * domain they have, even the one-sub-authority well-known ones. */
static bool
sid_domains_differ(struct slice a, struct slice b)
{
	return sid_valid(a) && sid_valid(b) && !slice_eq(a, b) &&
	    !sid_same_domain(a, b);
}

/* A test between a value of attr and any value of other_attr. */
static bool
pair_holds(enum cond_kind kind, struct slice v, const struct entry_attr *o)
{
	size_t j;

	for (j = 0; j < o->nvals; j++) {
		struct slice w = o->vals[j];

		switch (kind) {
		case COND_SID_SAME_DOMAIN:
			if (sid_same_domain(v, w))
				return true;
			break;
		case COND_SID_DOMAIN_DIFFERS:
			if (sid_domains_differ(v, w))
				return true;
			break;
		default:        /* COND_SID_EQUALS_ATTR */
			if (slice_eq(v, w))
				return true;
			break;
		}
	}
	return false;
}

static bool
dn_test(struct eval_ctx *cx, const struct cond *c)
{
	size_t i;
	bool under = false;

	if (!cx->ndn_done) {
		buf_reset(cx->ndn);
		cx->ndn_ok = dn_normalize(cx->e->dn, cx->ndn) == 0;
		cx->ndn_done = true;
	}
	/* An entry DN that cannot be read is neither under nor not under. */
	if (!cx->ndn_ok)
		return false;
	for (i = 0; i < c->nvals && !under; i++) {
		if (c->dn_norm != NULL && c->dn_norm[i].p != NULL)
			under = dn_is_under_norm(buf_slice(cx->ndn),
			    c->dn_norm[i]);
		else
			under = dn_is_under(cx->e->dn, c->vals[i].text);
	}
	return c->kind == COND_DN_UNDER ? under : !under;
}

const struct entry_attr *
engine_attr(const struct entry *e, const struct engine_owner *owner,
    struct slice name, uint32_t id)
{
	struct slice a;

	if (id != 0)
		return entry_get_id(e, id, name);
	if (!rules_master_attr(name, &a))
		return entry_get(e, name);
	if (owner == NULL || owner->account == NULL)
		return NULL;
	return entry_get(owner->account, a);
}

/* "owner-status: [...]": the entry has an owner with one of them. */
static bool
owner_holds(const struct eval_ctx *cx, const struct cond *c)
{
	return cx->owner != NULL && (unsigned)cx->owner->status < OWNER_NSTATUS &&
	    (c->bits & ((uint64_t)1 << cx->owner->status)) != 0;
}

/* "hit: RULE": that rule hit the entry earlier in this run (unknown when
 * that hit was undecided). */
static bool
hit_before(struct eval_ctx *cx, const struct cond *c)
{
	size_t i;

	for (i = 0; cx->res != NULL && cx->rules != NULL &&
	    i < cx->res->nhits; i++)
		if (cx->res->hits[i].rule == &cx->rules[c->hit_rule]) {
			if (cx->res->hits[i].undecided)
				cx->unknown = true;
			return true;
		}
	return false;
}

/*
 * all (want true) and any (want false), in Kleene's three-valued logic:
 * a part that is decided and not want decides the whole; else the whole
 * is unknown when a part is, else want.
 */
static bool
combine(struct eval_ctx *cx, const struct cond *c, bool want)
{
	bool before = cx->unknown, unknown = false, r;
	size_t i;

	for (i = 0; i < c->nkids; i++) {
		cx->unknown = false;
		r = engine_cond_eval(cx, c->kids[i]);
		if (cx->unknown) {
			unknown = true;
		} else if (r != want) {
			cx->unknown = before;
			return r;
		}
	}
	cx->unknown = before || unknown;
	return want;
}

/* "exported: COND": c on the entry as exported, not as changed so far. */
static bool
exported_holds(struct eval_ctx *cx, const struct cond *c)
{
	const struct entry *now = cx->e;
	bool r;

	cx->e = cx->exported ? cx->exported : now;
	r = engine_cond_eval(cx, c);
	cx->e = now;
	return r;
}

/* One value against a single-attribute test. */
static bool
value_holds(const struct cond *c, struct slice v)
{
	struct num iv;
	size_t i;

	switch (c->kind) {
	case COND_EQUALS:
		return c->nvals > 0 && value_equals(v, &c->vals[0]);
	case COND_ONE_OF:
		for (i = 0; i < c->nvals; i++)
			if (value_equals(v, &c->vals[i]))
				return true;
		return false;
	case COND_CMP:
		return c->nvals > 0 && c->vals[0].is_int && value_int(v, &iv) &&
		    cmp_holds(c->cmp, num_cmp(iv, rule_int(&c->vals[0])));
	case COND_BITS_ALL:
	case COND_BITS_ANY:
	case COND_BITS_NONE:
		return value_int(v, &iv) &&
		    bits_hold(c->kind, num_bits(iv), c->bits);
	case COND_REGEX:
		return regex_matches(&c->re, v);
	case COND_SID_IS:
		return sid_listed(c, v);
	case COND_SID_DOMAIN_IN:
		return sid_domain_listed(c, v);
	default:
		return false;
	}
}

bool
engine_cond_eval(struct eval_ctx *cx, const struct cond *c)
{
	const struct entry_attr *a, *o;
	size_t i;

	switch (c->kind) {
	case COND_ALL:
		return combine(cx, c, true);
	case COND_ANY:
		return combine(cx, c, false);
	case COND_NOT:
		return c->nkids > 0 && !engine_cond_eval(cx, c->kids[0]);
	case COND_DN_UNDER:
	case COND_DN_NOT_UNDER:
		return dn_test(cx, c);
	case COND_HIT:
		return hit_before(cx, c);
	case COND_EXPORTED:
		return c->nkids > 0 && exported_holds(cx, c->kids[0]);
	case COND_OWNER_STATUS:
		return owner_holds(cx, c);
	default:
		break;
	}

	a = engine_attr(cx->e, cx->owner, c->attr, c->attr_id);
	if (c->kind == COND_ABSENT)
		return a == NULL || a->nvals == 0;
	if (a == NULL || a->nvals == 0)
		return false;
	switch (c->kind) {
	case COND_PRESENT:
		return true;
	case COND_SID_IS_NOT:
		for (i = 0; i < a->nvals; i++)
			if (sid_listed(c, a->vals[i]))
				return false;
		return true;
	case COND_BITS_NONE:
		/* Every value is an integer with none of the bits (one
		 * value with one of them set fails it: rules/README.md). */
		for (i = 0; i < a->nvals; i++)
			if (!value_holds(c, a->vals[i]))
				return false;
		return true;
	case COND_SID_VALID:
		for (i = 0; i < a->nvals; i++)
			if (sid_valid(a->vals[i]))
				return c->bits != 0;
		return c->bits == 0;
	case COND_ACE:
		return engine_ace_holds(cx, c, a);
	case COND_SID_SAME_DOMAIN:
	case COND_SID_DOMAIN_DIFFERS:
	case COND_SID_EQUALS_ATTR:
		o = engine_attr(cx->e, cx->owner, c->other_attr,
		    c->other_id);
		if (o == NULL)
			return false;
		for (i = 0; i < a->nvals; i++)
			if (pair_holds(c->kind, a->vals[i], o))
				return true;
		return false;
	default:
		for (i = 0; i < a->nvals; i++)
			if (value_holds(c, a->vals[i]))
				return true;
		return false;
	}
}

int
engine_decide(const struct cond *c, const struct entry *e)
{
	struct engine_result res;
	struct eval_ctx cx = { e, e, NULL, &res, &res.scratch, &res.ndn,
	    false, false, NULL, false };
	bool r;

	engine_result_init(&res);
	r = engine_cond_eval(&cx, c);
	engine_result_free(&res);
	return cx.unknown ? -1 : r;
}

bool
engine_eval(const struct cond *c, const struct entry *e)
{
	return engine_decide(c, e) == 1;
}
