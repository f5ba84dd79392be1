/*
 * engine_ace.c: the tests on security descriptors (COND_ACE) and the
 * leftover-permissions of a hit. A value is read with base/sd.h; the ACE
 * wanted is the one struct cond_ace describes, for a SID that another
 * attribute of the entry holds (sid-attr) or that the rule lists.
 *
 * A value that is not a valid descriptor never counts as "no such ACE":
 * the test is then unknown (eval_ctx.unknown, combined by engine_cond.c)
 * and the problem is noted in the result, so that the hit gets a warning
 * that names the attribute and what is wrong with it (engine_ace_warn).
 * Nothing here allocates but the result's arrays; every slice handed out
 * borrows the entry's value bytes.
 */
#include "engine/engine_impl.h"

#include <string.h>

#include "base/sd.h"

/* Is sid one c looks for: a value of other_attr on the entry, or listed? */
static bool
sid_wanted(const struct eval_ctx *cx, const struct cond *c, struct slice sid)
{
	const struct entry_attr *o;
	size_t i;

	if (c->other_attr.n == 0) {
		for (i = 0; i < c->nsids; i++)
			if (slice_eq(sid, slice_mem(c->sids[i].bytes,
			    c->sids[i].n)))
				return true;
		return false;
	}
	o = engine_get(cx->e, c->other_attr, c->other_id);
	for (i = 0; o != NULL && i < o->nvals; i++)
		if (slice_eq(sid, o->vals[i]))
			return true;
	return false;
}

static bool
ace_matches(const struct eval_ctx *cx, const struct cond *c,
    const struct sd_ace *ace)
{
	const struct cond_ace *w = c->ace;
	struct slice object = slice_mem(w->object_type,
	    w->has_object_type ? sizeof(w->object_type) : 0);

	if (!sd_ace_allows(ace, object))
		return false;
	if (w->mask_all != 0 && (ace->mask & w->mask_all) != w->mask_all)
		return false;
	if (w->mask_any != 0 && (ace->mask & w->mask_any) == 0)
		return false;
	return sid_wanted(cx, c, ace->sid);
}

/* Called for each ACE of a value that c matches; false stops the walk. */
typedef bool (*ace_found_fn)(void *ctx, const struct sd_ace *ace);

/* A descriptor as read for one entry: res->sds[i]. */
struct engine_sd {
	struct slice value;
	struct sd_error err;    /* reason NULL: read */
	size_t first, n;        /* its DACL's ACEs: res->sd_aces[first..+n) */
};

/*
 * Value v read as a descriptor, once per entry: the rules' conditions and
 * leftover-permissions test the same one or two descriptors several times.
 * Found by address, length and bytes, so that a value the rules changed
 * in the meantime is read again.
 */
static const struct engine_sd *
read_sd(struct engine_result *res, struct slice v)
{
	struct engine_sd *k;
	struct sd_ace_iter it;
	struct sd sd;
	size_t i;

	for (i = 0; i < res->nsds; i++) {
		k = &res->sds[i];
		if (k->value.p == v.p && slice_eq(k->value, v))
			return k;
	}
	grow_array(&res->sds, &res->sds_cap, res->nsds + 1,
	    sizeof(*res->sds));
	k = &res->sds[res->nsds++];
	k->value = v;
	k->err.reason = NULL;
	k->err.offset = 0;
	k->first = res->nsd_aces;
	k->n = 0;
	if (sd_parse(v, &sd, &k->err) < 0)
		return k;
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	for (;;) {
		grow_array(&res->sd_aces, &res->sd_aces_cap,
		    res->nsd_aces + 1, sizeof(*res->sd_aces));
		if (!sd_ace_next(&it, &res->sd_aces[res->nsd_aces]))
			break;
		res->nsd_aces++;
		k->n++;
	}
	return k;
}

/*
 * Walk the DACL of value v for the ACEs c matches. Returns 1 when found
 * stopped the walk, 0 when it ran to the end, -1 (err set) when v is not
 * a valid security descriptor.
 */
static int
each_ace(const struct eval_ctx *cx, const struct cond *c, struct slice v,
    struct sd_error *err, ace_found_fn found, void *ctx)
{
	const struct engine_sd *k = read_sd(cx->res, v);
	size_t i;

	if (k->err.reason != NULL) {
		*err = k->err;
		return -1;
	}
	for (i = 0; i < k->n; i++) {
		const struct sd_ace *ace = &cx->res->sd_aces[k->first + i];

		if (ace_matches(cx, c, ace) && !found(ctx, ace))
			return 1;
	}
	return 0;
}

static bool
stop_at_first(void *ctx, const struct sd_ace *ace)
{
	(void)ctx;
	(void)ace;
	return false;
}

/* Remember an unreadable descriptor for the warning of the hit. */
static void
note_problem(struct engine_result *res, struct slice attr,
    const struct sd_error *err)
{
	struct engine_unchecked *p;

	if (res == NULL)
		return;
	grow_array(&res->problems, &res->problems_cap, res->nproblems + 1,
	    sizeof(*res->problems));
	p = &res->problems[res->nproblems++];
	p->attr = attr;
	p->reason = err->reason;
	p->offset = err->offset;
}

bool
engine_ace_holds(struct eval_ctx *cx, const struct cond *c,
    const struct entry_attr *a)
{
	struct sd_error err, first = { NULL, 0 };
	size_t i;

	for (i = 0; i < a->nvals; i++) {
		int rc = each_ace(cx, c, a->vals[i], &err, stop_at_first, NULL);

		if (rc == 1)
			return true;
		if (rc < 0 && first.reason == NULL)
			first = err;
	}
	if (first.reason == NULL)
		return false;
	note_problem(cx->res, c->attr, &first);
	cx->unknown = true;
	return false;
}

/* ---- leftover-permissions ---- */

struct collect {
	struct engine_result *res;
	const struct cond *c;
	size_t first;           /* the hit's first ACE */
};

static bool
keep_ace(void *ctx, const struct sd_ace *ace)
{
	struct collect *k = ctx;
	struct engine_result *res = k->res;
	struct engine_ace *out;
	size_t i;

	for (i = k->first; i < res->naces; i++)
		if (res->aces[i].raw.p == ace->raw.p)
			return true;    /* an earlier test found this one */
	grow_array(&res->aces, &res->aces_cap, res->naces + 1,
	    sizeof(*res->aces));
	out = &res->aces[res->naces++];
	out->attr = k->c->attr;
	out->raw = ace->raw;
	out->sid = ace->sid;
	out->mask = ace->mask;
	out->type = ace->type;
	out->flags = ace->flags;
	out->object_type = ace->object_type;
	out->inherited_object_type = ace->inherited_object_type;
	return true;
}

/* An attribute of the hit's leftover-permissions that was not checked:
 * absent (err NULL) or unreadable. Each attribute once per hit. */
static void
add_unchecked(struct engine_result *res, size_t first, struct slice attr,
    const struct sd_error *err)
{
	struct engine_unchecked *u;
	size_t i;

	for (i = first; i < res->nunchecked; i++)
		if (slice_eq_ci(res->unchecked[i].attr, attr))
			return;
	grow_array(&res->unchecked, &res->unchecked_cap, res->nunchecked + 1,
	    sizeof(*res->unchecked));
	u = &res->unchecked[res->nunchecked++];
	u->attr = attr;
	u->reason = err ? err->reason : NULL;
	u->offset = err ? err->offset : 0;
}

void
engine_ace_collect(struct eval_ctx *cx, const struct rule *r,
    struct engine_hit *hit)
{
	struct engine_result *res = cx->res;
	struct sd_error err;
	size_t i, j;

	hit->first_ace = res->naces;
	hit->first_unchecked = res->nunchecked;
	for (i = 0; i < r->nleftover; i++) {
		const struct cond *c = r->leftover[i];
		const struct entry_attr *a = engine_get(cx->e, c->attr,
		    c->attr_id);
		struct collect k = { res, c, hit->first_ace };

		if (a == NULL || a->nvals == 0) {
			add_unchecked(res, hit->first_unchecked, c->attr, NULL);
			continue;
		}
		for (j = 0; j < a->nvals; j++) {
			if (each_ace(cx, c, a->vals[j], &err, keep_ace, &k) >= 0)
				continue;
			add_unchecked(res, hit->first_unchecked, c->attr, &err);
			note_problem(res, c->attr, &err);
		}
	}
	hit->naces = res->naces - hit->first_ace;
	hit->nunchecked = res->nunchecked - hit->first_unchecked;
}

void
engine_ace_warn(struct engine_result *res, const struct rule *r, size_t from)
{
	size_t i, j;

	for (i = from; i < res->nproblems; i++) {
		const struct engine_unchecked *p = &res->problems[i];

		for (j = from; j < i; j++)
			if (slice_eq_ci(res->problems[j].attr, p->attr))
				break;
		if (j < i)
			continue;
		engine_warn(res, r, "%.*s is not a valid security descriptor "
		    "(%s, at byte %zu): ldfix cannot tell which permissions it "
		    "grants, so nothing that depends on them is decided or "
		    "listed; check them by hand", (int)p->attr.n,
		    (const char *)p->attr.p, p->reason, p->offset);
	}
	res->nproblems = from;
}
