/*
 * engine.c: run a ruleset over one entry, and own the per-entry results.
 *
 * For each rule, in order: if its match holds on the entry as the earlier
 * rules left it, the rule is a hit. Its classification and warnings are
 * decided on the entry as the rule found it (a label such as "self-linked"
 * looks at the very attribute the rule's changes then delete), then its
 * changes are applied in order, each guarded by its own "when" evaluated on
 * the entry as the previous change left it. Conditions live in
 * engine_cond.c, changes and templates in engine_change.c.
 */
#include "engine/engine_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"

void
engine_result_init(struct engine_result *res)
{
	memset(res, 0, sizeof(*res));
	buf_init(&res->text);
	buf_init(&res->scratch);
	buf_init(&res->ndn);
}

void
engine_result_reset(struct engine_result *res)
{
	res->nhits = 0;
	res->nwarnings = 0;
	buf_reset(&res->text);
}

void
engine_result_free(struct engine_result *res)
{
	free(res->hits);
	free(res->warnings);
	free(res->tmpvals);
	buf_release(&res->text);
	buf_release(&res->scratch);
	buf_release(&res->ndn);
	engine_result_init(res);
}

struct slice
engine_warning_text(const struct engine_result *res, size_t i)
{
	const struct engine_warning *w = &res->warnings[i];

	return slice_mem(res->text.p + w->off, w->len);
}

static int prepare_cond(struct cond *c, const struct rule *r, struct diag *d);

static int
prepare_dn(struct cond *c, const struct rule *r, struct diag *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (c->dn_norm != NULL)
		return 0;       /* prepared before */
	c->dn_norm = xcalloc(c->nvals ? c->nvals : 1, sizeof(*c->dn_norm));
	for (i = 0; i < c->nvals; i++) {
		struct slice base = c->vals[i].text;
		size_t n;

		if (dn_normalize(base, &b) < 0) {
			buf_release(&b);
			return diag_set(d, r->file ? r->file : "", c->line,
			    c->col, "rule %s: invalid DN \"%.*s\"", r->id,
			    (int)base.n, (const char *)base.p);
		}
		c->dn_norm[i].p = buf_detach(&b, &n);
		c->dn_norm[i].n = n;
	}
	return 0;
}

static int
prepare_cond(struct cond *c, const struct rule *r, struct diag *d)
{
	size_t i;

	if (c == NULL)
		return 0;
	if (c->kind == COND_DN_UNDER || c->kind == COND_DN_NOT_UNDER)
		return prepare_dn(c, r, d);
	for (i = 0; i < c->nkids; i++)
		if (prepare_cond(c->kids[i], r, d) < 0)
			return -1;
	return 0;
}

int
engine_prepare(struct ruleset *rs, struct diag *d)
{
	size_t i, j;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		if (prepare_cond(r->match, r, d) < 0)
			return -1;
		for (j = 0; j < r->nchanges; j++)
			if (prepare_cond(r->changes[j].when, r, d) < 0)
				return -1;
		for (j = 0; j < r->nlabels; j++)
			if (prepare_cond(r->labels[j].when, r, d) < 0)
				return -1;
		for (j = 0; j < r->nwarnings; j++)
			if (prepare_cond(r->warnings[j].when, r, d) < 0)
				return -1;
	}
	return 0;
}

/* A missing condition ("when" left out) always holds. */
static bool
holds(struct eval_ctx *cx, const struct cond *c)
{
	return c == NULL || eval_cond(cx, c);
}

static void
run_rule(struct engine_result *res, struct eval_ctx *cx,
    const struct rule *r, struct entry *e)
{
	struct engine_hit *hit;
	size_t i;

	grow_array(&res->hits, &res->hits_cap, res->nhits + 1,
	    sizeof(*res->hits));
	hit = &res->hits[res->nhits++];
	hit->rule = r;
	hit->label = NULL;
	hit->changes_applied = 0;
	hit->first_warning = res->nwarnings;
	hit->nwarnings = 0;

	for (i = 0; i < r->nlabels; i++) {
		if (holds(cx, r->labels[i].when)) {
			hit->label = r->labels[i].label;
			break;
		}
	}
	for (i = 0; i < r->nwarnings; i++) {
		struct engine_warning *w;

		if (!holds(cx, r->warnings[i].when))
			continue;
		grow_array(&res->warnings, &res->warnings_cap,
		    res->nwarnings + 1, sizeof(*res->warnings));
		w = &res->warnings[res->nwarnings++];
		w->rule = r;
		w->off = res->text.n;
		render_message(&res->text, &r->warnings[i].message, e);
		w->len = res->text.n - w->off;
	}
	for (i = 0; i < r->nchanges; i++) {
		const struct change *ch = &r->changes[i];

		if (holds(cx, ch->when) && apply_change(res, r, ch, e))
			hit->changes_applied++;
	}
	hit->nwarnings = res->nwarnings - hit->first_warning;
}

size_t
engine_run(const struct ruleset *rs, struct entry *e,
    struct engine_result *res)
{
	struct eval_ctx cx = { e, &res->scratch, &res->ndn, false, false };
	size_t i;

	engine_result_reset(res);
	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		if (r->match != NULL && eval_cond(&cx, r->match))
			run_rule(res, &cx, r, e);
	}
	return res->nhits;
}
