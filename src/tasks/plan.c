/*
 * plan.c: the run behind plan, find and check (see plan.h).
 */
#include "tasks/plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "ldif/display.h"

void
plan_write_headers(struct plan *p, const struct plan_header *h,
    struct ldif_writer *out, struct ldif_writer *undo)
{
	struct changefile_header ch;

	ch.version = h->version;
	ch.input_name = h->input_name;
	ch.input_sha256 = h->input_sha256;
	ch.rules_sha256 = h->rules_sha256;
	ch.options = h->options;
	ch.rs = p->rs;
	ch.replace = p->opts.replace;
	if (out)
		changefile_write_header(out, &ch, p->opts.comments, false,
		    &p->text);
	if (undo)
		changefile_write_header(undo, &ch, p->opts.comments, true,
		    &p->text);
}

/* The change (or undo) record of one entry, with its comment. */
static void
write_record(struct plan *p, struct ldif_writer *w, const struct entry *before,
    const struct engine_result *res, bool undo)
{
	if (p->opts.comments)
		changefile_write_comment(w, res, &p->diff, undo, &p->text);
	changefile_write_record(w, before->dn, &p->diff, p->opts.replace,
	    undo);
}

void
plan_init(struct plan *p, const struct ruleset *rs,
    const struct plan_opts *opts)
{
	memset(p, 0, sizeof(*p));
	p->rs = rs;
	p->opts = *opts;
	entry_init(&p->before);
	entry_init(&p->after);
	engine_result_init(&p->res);
	diff_init(&p->diff);
	buf_init(&p->text);
	p->stats.nrules = rs->nrules;
	p->stats.rule_hits = xcalloc(rs->nrules ? rs->nrules : 1,
	    sizeof(*p->stats.rule_hits));
}

void
plan_free(struct plan *p)
{
	entry_free(&p->before);
	entry_free(&p->after);
	engine_result_free(&p->res);
	diff_free(&p->diff);
	buf_release(&p->text);
	free(p->rchanges);
	free(p->stats.rule_hits);
	memset(p, 0, sizeof(*p));
}

static void
report_entry(struct plan *p, const struct entry *before,
    const struct engine_result *res)
{
	struct report_item it;
	size_t i;

	grow_array(&p->rchanges, &p->rchanges_cap, p->diff.nchanges + 1,
	    sizeof(*p->rchanges));
	for (i = 0; i < p->diff.nchanges; i++) {
		const struct diff_change *c = &p->diff.changes[i];
		struct report_change *rc = &p->rchanges[i];

		rc->attr = c->attr;
		rc->before = diff_values(c->before, &rc->nbefore);
		rc->after = diff_values(c->after, &rc->nafter);
	}
	it.entry = before;
	it.res = res;
	it.changes = p->rchanges;
	it.nchanges = p->diff.nchanges;
	report_add(p->report, &it);
}

size_t
plan_entry(struct plan *p, const struct entry *before,
    const struct entry *after, const struct engine_result *res)
{
	size_t i, n;

	if (res && res->nhits > 0) {
		p->stats.matched++;
		for (i = 0; i < res->nhits; i++) {
			const struct rule *r = res->hits[i].rule;

			if (r && r >= p->rs->rules &&
			    r < p->rs->rules + p->rs->nrules)
				p->stats.rule_hits[r - p->rs->rules]++;
		}
		p->stats.warnings += res->nwarnings;
	}
	n = diff_compute(&p->diff, before, after);
	if (n > 0) {
		p->stats.changed++;
		p->stats.mods += n;
		if (p->out)
			write_record(p, p->out, before, res, false);
		if (p->undo)
			write_record(p, p->undo, before, res, true);
		if (p->on_change)
			p->on_change(p->on_change_ctx, before, &p->diff);
	} else if (res && res->nhits > 0) {
		p->stats.report_only++;
	}
	if (p->report && (n > 0 || (res && res->nhits > 0)))
		report_entry(p, before, res);
	if (p->on_hit && res && res->nhits > 0)
		p->on_hit(p->on_hit_ctx, before, res, n);
	return n;
}

/*
 * A change record for a DN that is not an RFC 4514 DN would be refused by
 * ldfix apply (the same dn_normalize) and by ldapmodify: the plan fails
 * rather than write one.
 */
static int
refuse_dn(struct plan *p, const struct ldif_reader *r,
    const struct entry *e, struct diag *d)
{
	buf_reset(&p->text);
	display_text(&p->text, e->dn, DISPLAY_MESSAGE_MAX);
	return diag_set(d, ldif_reader_name(r), e->line, 1, "'%s' is not a "
	    "valid DN (RFC 4514), and ldfix apply and ldapmodify would "
	    "refuse a change record for it: correct the export, or leave "
	    "the entry out (--exclude with its sAMAccountName)",
	    (const char *)p->text.p);
}

int
plan_run(struct plan *p, struct ldif_reader *r, struct diag *d)
{
	const struct ldif_record *rec;
	int rc;

	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		p->stats.records++;
		if (p->on_progress && p->stats.records % PLAN_PROGRESS_EVERY == 0)
			p->on_progress(p->on_progress_ctx, ldif_reader_offset(r),
			    p->stats.records);
		if (rec->kind != LDIF_ENTRY) {
			p->stats.other++;
			continue;
		}
		p->stats.entries++;
		entry_load(&p->before, rec);
		if (p->sel && !select_entry(p->sel, &p->before))
			continue;
		p->stats.selected++;
		/* Reset first: values the engine interns must not pile up. */
		entry_reset(&p->after);
		entry_copy(&p->after, &p->before);
		engine_result_reset(&p->res);
		engine_run(p->rs, &p->after, &p->res);
		/* Before anything is written or said about the entry. */
		if (p->res.nhits > 0 && !dn_valid(p->before.dn) &&
		    diff_compute(&p->diff, &p->before, &p->after) > 0)
			return refuse_dn(p, r, &p->before, d);
		plan_entry(p, &p->before, &p->after, &p->res);
	}
	return rc < 0 ? -1 : 0;
}

void
plan_summary(const struct plan *p, const char *command, struct buf *out)
{
	const struct plan_stats *s = &p->stats;
	size_t i;

	buf_printf(out, "ldfix %s: %llu entr%s read", command, s->entries,
	    s->entries == 1 ? "y" : "ies");
	if (s->other)
		buf_printf(out, " (%llu change records skipped)", s->other);
	if (s->selected != s->entries)
		buf_printf(out, ", %llu selected", s->selected);
	buf_printf(out, ", %llu matched, %llu to change (%llu attribute%s)",
	    s->matched, s->changed, s->mods, s->mods == 1 ? "" : "s");
	if (s->report_only)
		buf_printf(out, ", %llu report only", s->report_only);
	buf_printf(out, ", %llu warning%s\n", s->warnings,
	    s->warnings == 1 ? "" : "s");
	for (i = 0; i < s->nrules; i++)
		buf_printf(out, "  rule %s: %llu hit%s\n", p->rs->rules[i].id,
		    s->rule_hits[i], s->rule_hits[i] == 1 ? "" : "s");
}

void
plan_report_counts(const struct plan *p, struct report_counts *c)
{
	c->entries = p->stats.entries;
	c->selected = p->stats.selected;
	c->matched = p->stats.matched;
	c->changed = p->stats.changed;
	c->warnings = p->stats.warnings;
}

void
plan_hash_rules(const struct ruleset *rs, char hex[SHA256_HEX_LEN + 1])
{
	sha256_mem_hex(rs->source.p, rs->source.n, hex);
}
