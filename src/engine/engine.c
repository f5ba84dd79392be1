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
	res->naces = 0;
	res->nunchecked = 0;
	res->nproblems = 0;
	res->nsds = 0;
	res->nsd_aces = 0;
	buf_reset(&res->text);
}

void
engine_result_free(struct engine_result *res)
{
	free(res->hits);
	free(res->warnings);
	free(res->aces);
	free(res->unchecked);
	free(res->problems);
	free(res->tmpvals);
	free(res->sds);
	free(res->sd_aces);
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

/* A missing condition ("when" left out) always holds; one that cannot be
 * decided (an unreadable security descriptor) does not. */
static bool
holds(struct eval_ctx *cx, const struct cond *c)
{
	bool r;

	if (c == NULL)
		return true;
	cx->unknown = false;
	r = engine_cond_eval(cx, c);
	return r && !cx->unknown;
}

/* problems: where this rule's unreadable descriptors start in
 * res->problems; undecided: its match could not be decided. */
static void
run_rule(struct engine_result *res, struct eval_ctx *cx,
    const struct rule *r, struct entry *e, size_t problems, bool undecided)
{
	struct engine_hit *hit;
	size_t i;

	grow_array(&res->hits, &res->hits_cap, res->nhits + 1,
	    sizeof(*res->hits));
	hit = &res->hits[res->nhits++];
	memset(hit, 0, sizeof(*hit));
	hit->rule = r;
	hit->first_warning = res->nwarnings;
	hit->undecided = undecided;

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
		engine_render_message(&res->text, &r->warnings[i].message, e,
		    cx->owner);
		w->len = res->text.n - w->off;
	}
	engine_ace_collect(cx, r, hit);
	if (undecided)
		engine_warn(res, r, "cannot tell whether rule %s applies: its "
		    "match tests a security descriptor that cannot be read; it "
		    "changes nothing here", r->id);
	for (i = 0; i < r->nchanges && !undecided; i++) {
		const struct change *ch = &r->changes[i];

		if (holds(cx, ch->when) &&
		    engine_change_apply(res, r, ch, e, cx->owner))
			hit->changes_applied++;
	}
	engine_ace_warn(res, r, problems);
	hit->nwarnings = res->nwarnings - hit->first_warning;
}

bool
engine_may_hit(const struct ruleset *rs, const struct entry *e,
    const struct engine_owner *owner, struct engine_result *res)
{
	struct eval_ctx cx = { e, e, rs->rules, res, &res->scratch,
	    &res->ndn, false, false, owner, false };
	size_t i;
	bool m = false;

	/* No hit so far: "hit:" is false for every rule, as it is in a run
	 * until a first match. */
	engine_result_reset(res);
	for (i = 0; i < rs->nrules && !m; i++) {
		if (rs->rules[i].match == NULL)
			continue;
		cx.unknown = false;
		m = engine_cond_eval(&cx, rs->rules[i].match) || cx.unknown;
	}
	res->nproblems = 0;
	return m;
}

size_t
engine_run(const struct ruleset *rs, struct entry *e,
    struct engine_result *res)
{
	return engine_run_exported(rs, NULL, e, res);
}

size_t
engine_run_exported(const struct ruleset *rs, const struct entry *exported,
    struct entry *e, struct engine_result *res)
{
	return engine_run_owner(rs, exported, NULL, e, res);
}

size_t
engine_run_owner(const struct ruleset *rs, const struct entry *exported,
    const struct engine_owner *owner, struct entry *e,
    struct engine_result *res)
{
	struct eval_ctx cx = { e, exported ? exported : e, rs->rules, res,
	    &res->scratch, &res->ndn, false, false, owner, false };
	size_t i;

	engine_result_reset(res);
	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		size_t problems = res->nproblems;
		bool m;

		if (r->match == NULL)
			continue;
		cx.unknown = false;
		m = engine_cond_eval(&cx, r->match);
		if (m || cx.unknown)
			run_rule(res, &cx, r, e, problems, cx.unknown);
		else
			res->nproblems = problems;      /* decided without them */
	}
	return res->nhits;
}
