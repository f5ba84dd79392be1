/*
 * plan_check.c: after a plan run, whether the export could prove anything
 * (plan_verify) and what the run saw (plan_summary); see plan.h. Both read
 * the census (census.h) and the run's statistics.
 */
#include "tasks/plan.h"

#include <stdlib.h>
#include <string.h>

#include "ldif/display.h"

static bool
allowed(struct slice attr, const char *const *allow, size_t nallow)
{
	size_t i;

	for (i = 0; i < nallow; i++)
		if (slice_eq_cstr_ci(attr, allow[i]))
			return true;
	return false;
}

/* Append "A", "A or B", "A, B or C" for the attrs of list that are
 * carried by no entry and not allowed; returns how many, and whether all
 * of them hold binary values (SIDs, GUIDs). */
static size_t
put_missing(struct buf *out, const struct census *c, const struct slice *list,
    size_t n, const char *const *allow, size_t nallow, bool *binary)
{
	size_t i, k = 0, total = 0;

	*binary = true;
	for (i = 0; i < n; i++)
		if (census_carried(c, list[i]) == 0 &&
		    !allowed(list[i], allow, nallow))
			total++;
	for (i = 0; i < n; i++) {
		if (census_carried(c, list[i]) != 0 ||
		    allowed(list[i], allow, nallow))
			continue;
		if (k > 0)
			buf_puts(out, k + 1 == total ? " or " : ", ");
		buf_putslice(out, list[i]);
		if (display_attr_kind(list[i]) == DISPLAY_ATTR_PLAIN)
			*binary = false;
		k++;
	}
	return total;
}

/* No entry carries any attribute that some rule's match needs one of: the
 * export cannot show what the rules look for (an export with the wrong
 * attribute list). A rule whose own attributes are all absent is fine
 * when others are there: after a conversion no master SID is left. */
static int
verify_matches(const struct plan *p, const char *const *allow, size_t nallow,
    struct diag *d)
{
	struct slice *all = NULL;
	struct buf names = BUF_INIT;
	size_t nall = 0, cap = 0, i, j, k;
	bool binary;
	int rc = 0;

	for (i = 0; i < p->rs->nrules; i++) {
		const struct rule *r = &p->rs->rules[i];

		for (j = 0; j < r->nmatch_reads; j++) {
			if (census_carried(&p->census, r->match_reads[j]) > 0 ||
			    allowed(r->match_reads[j], allow, nallow))
				goto done;
			for (k = 0; k < nall; k++)
				if (slice_eq_ci(all[k], r->match_reads[j]))
					break;
			if (k == nall) {
				grow_array(&all, &cap, nall + 1, sizeof(*all));
				all[nall++] = r->match_reads[j];
			}
		}
	}
	if (nall == 0)
		goto done;
	put_missing(&names, &p->census, all, nall, allow, nallow, &binary);
	rc = diag_set(d, p->input_name, 0, 0, "the export has no %s on any "
	    "entry, which the rules match on: export with the attribute list "
	    "in the README (ldfix rules check prints it), or pass "
	    "--allow-missing ATTR", (const char *)names.p);
done:
	free(all);
	buf_release(&names);
	return rc;
}

/* A rule hit entries, but something its decisions need is on no entry. */
static int
verify_needs(const struct plan *p, const char *const *allow, size_t nallow,
    struct diag *d)
{
	struct buf names = BUF_INIT;
	size_t i;
	bool binary;
	int rc = 0;

	for (i = 0; i < p->rs->nrules && rc == 0; i++) {
		const struct rule *r = &p->rs->rules[i];
		unsigned long long hits = p->stats.rule_hits[i];

		buf_reset(&names);
		if (hits == 0 || put_missing(&names, &p->census, r->needs,
		    r->nneeds, allow, nallow, &binary) == 0)
			continue;
		rc = diag_set(d, p->input_name, 0, 0, "%llu entr%s matched rule "
		    "%s, but no entry of the export has %s: %s, or pass "
		    "--allow-missing ATTR", hits, hits == 1 ? "y" : "ies", r->id,
		    (const char *)names.p, binary ? "binary attributes are "
		    "missing; do not use ldifde -n" : "export it (the README "
		    "lists the attributes)");
	}
	buf_release(&names);
	return rc;
}

/* With --accounts: a rule hit entries, but a master.ATTR its decisions
 * need is on no account of the account exports. */
static int
verify_master_needs(const struct plan *p, const char *const *allow,
    size_t nallow, struct diag *d)
{
	size_t i, j;

	for (i = 0; p->accounts != NULL && i < p->rs->nrules; i++) {
		const struct rule *r = &p->rs->rules[i];
		unsigned long long hits = p->stats.rule_hits[i];

		for (j = 0; hits > 0 && j < r->nmaster_needs; j++) {
			struct slice m = r->master_needs[j], attr;

			if (accounts_carried(p->accounts, m) > 0 ||
			    allowed(m, allow, nallow))
				continue;
			rules_master_attr(m, &attr);
			return diag_set(d, NULL, 0, 0, "%llu entr%s matched "
			    "rule %s, but no account of the --accounts exports "
			    "has %.*s: export it (the README lists the "
			    "attributes), or pass --allow-missing %.*s", hits,
			    hits == 1 ? "y" : "ies", r->id, (int)attr.n,
			    (const char *)attr.p, (int)m.n, (const char *)m.p);
		}
	}
	return 0;
}

int
plan_verify(const struct plan *p, const char *const *allow, size_t nallow,
    struct diag *d)
{
	const struct plan_stats *s = &p->stats;

	if (census_export_read(p->input_name, s->entries, s->other, false,
	    d) < 0)
		return -1;
	if (verify_matches(p, allow, nallow, d) < 0)
		return -1;
	if (verify_needs(p, allow, nallow, d) < 0)
		return -1;
	return verify_master_needs(p, allow, nallow, d);
}

/* "rule ID: N hits: label 3, other 1" */
static void
summary_rule(const struct plan *p, size_t i, struct buf *out)
{
	const struct census *c = &p->census;
	unsigned long long hits = p->stats.rule_hits[i];
	size_t k;
	bool any = false;

	buf_printf(out, "  rule %s: %llu hit%s", p->rs->rules[i].id, hits,
	    hits == 1 ? "" : "s");
	if (hits == 0)
		buf_puts(out, " (it matched no entry)");
	for (k = 0; k < c->nlabels; k++) {
		if (c->labels[k].rule != i || c->labels[k].label == NULL)
			continue;
		buf_printf(out, "%s%s %llu", any ? ", " : ": ",
		    c->labels[k].label, c->labels[k].hits);
		any = true;
	}
	buf_putc(out, '\n');
}

/* The domains of master accounts in other domains, with how many hit
 * mailboxes each owns and, with --accounts, which export covered it. */
static void
summary_domains(const struct census *c, const struct accounts *a,
    struct buf *out)
{
	const char *file;
	size_t i;

	if (c->ndomains == 0)
		return;
	buf_puts(out, "  master accounts in other domains:");
	for (i = 0; i < c->ndomains; i++) {
		struct slice dom = slice_mem(c->domains[i].sid, c->domains[i].n);

		buf_puts(out, i ? ", " : " ");
		sid_format(dom, out);
		buf_printf(out, " (%llu mailbox%s", c->domains[i].mailboxes,
		    c->domains[i].mailboxes == 1 ? "" : "es");
		if (a != NULL && (file = accounts_covering(a, dom)) != NULL) {
			buf_puts(out, ", exported in ");
			display_text(out, slice_of(file), DISPLAY_WHOLE);
		} else if (a != NULL) {
			buf_puts(out, ", not exported");
		}
		buf_putc(out, ')');
	}
	buf_putc(out, '\n');
}

/* With --accounts: the owners of hit mailboxes by status, and what each
 * account export held. */
static void
summary_owners(const struct plan *p, struct buf *out)
{
	size_t i;

	if (p->accounts == NULL)
		return;
	buf_puts(out, "  owners of matched mailboxes:");
	for (i = 0; i < OWNER_NSTATUS; i++)
		buf_printf(out, "%s%llu %s", i ? ", " : " ",
		    p->census.owners[i],
		    rules_owner_status_name((enum owner_status)i));
	buf_putc(out, '\n');
	accounts_summary(p->accounts, out);
}

/* -v with --accounts: the master.ATTR the rules read, and how many
 * account entries carry each. */
static void
summary_master_coverage(const struct plan *p, struct buf *out)
{
	const struct accounts *a = p->accounts;
	unsigned long long total = 0;
	size_t i;

	if (a == NULL || a->nattrs == 0)
		return;
	for (i = 0; i < a->nfiles; i++)
		total += a->files[i].entries;
	buf_puts(out, "  attributes the rules read from the account exports, "
	    "and how many accounts carry each:\n");
	for (i = 0; i < a->nattrs; i++)
		buf_printf(out, "    %-34.*s %llu of %llu\n",
		    (int)a->attrs[i].n, (const char *)a->attrs[i].p,
		    a->carried[i], total);
}

/* What leftover-permissions found, and the attributes they read that no
 * entry of the export has (a best-effort report: never refused). */
static void
summary_leftover(const struct plan *p, struct buf *out)
{
	const struct census *c = &p->census;
	size_t i, j, k;

	if (c->leftover_hits == 0)
		return;
	if (c->leftover_found == 0)
		buf_printf(out, "  leftover permissions: no ACE of a master "
		    "account on the %llu hit%s that list them\n",
		    c->leftover_hits, c->leftover_hits == 1 ? "" : "s");
	else
		buf_printf(out, "  leftover permissions: %llu of %llu hit%s "
		    "keep%s ACEs ldfix does not remove (%llu ACEs; the plan "
		    "comments and the reports list them, with the lines that "
		    "remove them)\n", c->leftover_found, c->leftover_hits,
		    c->leftover_hits == 1 ? "" : "s", c->leftover_found == 1 ?
		    "s" : "", c->leftover_aces);
	if (c->leftover_unreadable)
		buf_printf(out, "  leftover permissions: %llu security "
		    "descriptor%s could not be read (see the warnings)\n",
		    c->leftover_unreadable, c->leftover_unreadable == 1 ?
		    "" : "s");
	for (i = 0; i < p->rs->nrules; i++) {
		const struct rule *r = &p->rs->rules[i];

		for (j = 0; p->stats.rule_hits[i] > 0 && j < r->nleftover; j++) {
			struct slice a = r->leftover[j]->attr;

			for (k = 0; k < j && !slice_eq_ci(a,
			    r->leftover[k]->attr); k++)
				;
			if (k == j && census_carried(c, a) == 0)
				buf_printf(out, "  leftover permissions in %.*s "
				    "not checked: no entry of the export has it "
				    "(the README says how to export it)\n",
				    (int)a.n, (const char *)a.p);
		}
	}
}

static void
summary_coverage(const struct plan *p, bool verbose, struct buf *out)
{
	const struct census *c = &p->census;
	size_t i, absent = 0;

	for (i = 0; i < c->nattrs; i++)
		if (c->carried[i] == 0)
			absent++;
	if (!verbose) {
		buf_printf(out, "  attributes the rules read: %zu, on no entry: "
		    "%zu%s\n", c->nattrs, absent, absent ? " (-v lists them)" :
		    "");
		return;
	}
	buf_puts(out, "  attributes the rules read, and how many entries "
	    "carry each:\n");
	for (i = 0; i < c->nattrs; i++)
		buf_printf(out, "    %-34.*s %llu of %llu\n",
		    (int)c->attrs[i].n, (const char *)c->attrs[i].p,
		    c->carried[i], p->stats.entries);
	summary_master_coverage(p, out);
}

void
plan_summary(const struct plan *p, const char *command, bool verbose,
    struct buf *out)
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
		summary_rule(p, i, out);
	summary_domains(&p->census, p->accounts, out);
	summary_owners(p, out);
	summary_leftover(p, out);
	summary_coverage(p, verbose, out);
}
