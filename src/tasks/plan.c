/*
 * plan.c: the run behind plan, find and check (see plan.h).
 */
#include "tasks/plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/dn.h"
#include "base/os.h"
#include "ldif/display.h"
#include "tasks/handoff.h"

/* The owner of entry e, for the rules, in *buf: *owner is buf, or NULL
 * when e has none (without --accounts its status is all the rules can
 * know). */
static int
owner_of(const struct plan *p, const struct entry *e,
    struct engine_owner *buf, const struct engine_owner **owner,
    struct diag *d)
{
	int rc;

	*owner = NULL;
	rc = accounts_owner(p->accounts, e, buf, p->input_name, d);
	if (rc > 0)
		*owner = buf;
	return rc < 0 ? -1 : 0;
}

/* The owner the outputs show: only with --accounts. */
static const struct engine_owner *
shown_owner(const struct plan *p)
{
	return p->accounts != NULL ? p->owner : NULL;
}

int
plan_write_headers(struct plan *p, const struct plan_header *h,
    struct ldif_writer *out, struct ldif_writer *undo, FILE *ps1_head)
{
	struct changefile_header ch;

	ch.version = h->version;
	ch.input_name = h->input_name;
	ch.input_sha256 = h->input_sha256;
	ch.rules_sha256 = h->rules_sha256;
	ch.options = h->options;
	ch.rs = p->rs;
	ch.replace = p->opts.replace;
	ch.accounts = h->accounts;
	ch.accounts_sha256 = h->accounts_sha256;
	ch.naccounts = h->naccounts;
	if (out)
		changefile_write_header(out, &ch, p->opts.comments, false,
		    &p->text);
	if (undo)
		changefile_write_header(undo, &ch, p->opts.comments, true,
		    &p->text);
	if (ps1_head)
		return ps1_write_head(ps1_head, &ch, p->opts.comments);
	return 0;
}

/* The change (or undo) record of one entry, with its comment. */
static void
write_record(struct plan *p, struct ldif_writer *w, const struct entry *before,
    const struct engine_result *res, bool undo)
{
	if (p->opts.comments)
		changefile_write_comment(w, before, res, shown_owner(p),
		    &p->diff, undo, &p->text);
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
	entry_init(&p->seen);
	engine_result_init(&p->probe);
	entry_init(&p->before);
	entry_init(&p->after);
	engine_result_init(&p->res);
	diff_init(&p->diff);
	buf_init(&p->text);
	p->stats.nrules = rs->nrules;
	p->stats.rule_hits = xcalloc(rs->nrules ? rs->nrules : 1,
	    sizeof(*p->stats.rule_hits));
	census_init(&p->census, rs);
	p->input_name = "-";
}

void
plan_free(struct plan *p)
{
	entry_free(&p->seen);
	engine_result_free(&p->probe);
	entry_free(&p->before);
	entry_free(&p->after);
	engine_result_free(&p->res);
	diff_free(&p->diff);
	buf_release(&p->text);
	free(p->rchanges);
	free(p->stats.rule_hits);
	census_free(&p->census);
	free(p->rdomains);
	free(p->skim);
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
	it.owner = shown_owner(p);
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
		if (p->ps1)
			ps1_write_entry(p->ps1, before, after, &p->diff, res,
			    shown_owner(p), p->opts.comments);
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

/* Add the type of name to the list v[0..*n), once. */
static void
add_type(struct slice *v, size_t *n, struct slice name)
{
	struct slice t = ldif_attr_type(name);
	size_t i;

	for (i = 0; i < *n; i++)
		if (slice_eq_ci(v[i], t))
			return;
	v[(*n)++] = t;
}

/*
 * Tell the reader what is read of an entry before engine_may_hit() says
 * whether any rule can match it: the values of what the rules' decisions
 * read (their match among them), of the master SID and objectSid (the
 * owner) and of what a selection names; of what the census counts, only
 * whether it is there. An entry the rules can match is then read whole.
 */
static void
want_only_what_decides(struct plan *p, struct ldif_reader *r)
{
	static const char *const always[] = { ACCOUNTS_MASTER_ATTR,
	    "objectSid", "sAMAccountName", "userPrincipalName" };
	struct ldif_skim s = { NULL, 0, NULL, 0, false };
	size_t i, j, cap = 4 + p->census.nattrs, nvalues = 0, npresent = 0;

	for (i = 0; i < p->rs->nrules; i++)
		cap += p->rs->rules[i].nneeds;
	p->skim = xreallocarray(p->skim, cap, sizeof(*p->skim));
	for (i = 0; i < 4; i++)
		add_type(p->skim, &nvalues, slice_of(always[i]));
	for (i = 0; i < p->rs->nrules; i++)
		for (j = 0; j < p->rs->rules[i].nneeds; j++)
			add_type(p->skim, &nvalues, p->rs->rules[i].needs[j]);
	for (i = 0; i < p->census.nattrs; i++)
		add_type(p->skim + nvalues, &npresent, p->census.attrs[i]);
	s.values = p->skim;
	s.nvalues = nvalues;
	s.present = p->skim + nvalues;
	s.npresent = npresent;
	ldif_reader_skim(r, &s);
}

/*
 * The rules' half of a run, for an entry that engine_may_hit() let
 * through, read whole (rec): the rules, the census of hits and the
 * outputs. 0, or -1 with d set.
 */
static int
run_rules(struct plan *p, const struct ldif_reader *r,
    const struct ldif_record *rec, struct diag *d)
{
	entry_load(&p->before, rec);
	if (owner_of(p, &p->before, &p->owner_buf, &p->owner, d) < 0)
		return -1;
	/* Reset first: values the engine interns must not pile up. */
	entry_reset(&p->after);
	entry_copy(&p->after, &p->before);
	engine_result_reset(&p->res);
	engine_run_owner(p->rs, &p->before, p->owner, &p->after, &p->res);
	/* Before anything is written or said about the entry. */
	if (p->res.nhits > 0 && !dn_valid(p->before.dn) &&
	    diff_compute(&p->diff, &p->before, &p->after) > 0)
		return refuse_dn(p, r, &p->before, d);
	if (p->res.nhits > 0)
		census_hit(&p->census, &p->before, &p->res);
	if (p->res.nhits > 0 && shown_owner(p) != NULL)
		census_owner(&p->census, p->owner);
	plan_entry(p, &p->before, &p->after, &p->res);
	if (p->ps1 && ps1_status(p->ps1, d) < 0)
		return -1;      /* an entry the script cannot carry */
	return 0;
}

/* Where the reading half sends what it lets through: to run_rules() on
 * the same thread, or into the queue to the rules' thread. Each returns
 * 0, -1 with d set, or 1 when the other side has stopped. */
struct sink {
	int (*entry)(struct sink *s, const struct ldif_record *rec,
	    struct diag *d);
	void (*progress)(struct sink *s, unsigned long long bytes,
	    unsigned long long records);
	struct plan *p;
	const struct ldif_reader *r;
	struct handoff *q;
};

/*
 * The reading half: every record of r; entries counted, selected, their
 * owner found, and those some rule may match read whole and sent on.
 * Most entries end here. 0, -1 with d set, or 1 (the sink stopped).
 */
static int
read_entries(struct plan *p, struct ldif_reader *r, struct sink *to,
    struct diag *d)
{
	const struct ldif_record *rec;
	const struct engine_owner *owner;
	int rc;

	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		/* The rules' thread failed: its error is the run's. */
		if (to->q != NULL && handoff_stopped(to->q))
			return 1;
		p->stats.records++;
		if (p->on_progress && p->stats.records % PLAN_PROGRESS_EVERY == 0)
			to->progress(to, ldif_reader_offset(r),
			    p->stats.records);
		if (rec->kind != LDIF_ENTRY) {
			p->stats.other++;
			continue;
		}
		p->stats.entries++;
		census_ahead(&p->census, rec->dn);
		entry_load(&p->seen, rec);
		if (census_entry(&p->census, &p->seen, p->input_name, d) < 0)
			return -1;
		if (p->sel && !select_entry(p->sel, &p->seen))
			continue;
		p->stats.selected++;
		if (owner_of(p, &p->seen, &p->seen_owner, &owner, d) < 0)
			return -1;
		/* An entry no rule matches is neither copied nor diffed:
		 * the run would leave it as it is and say nothing of it. */
		if (!engine_may_hit(p->rs, &p->seen, owner, &p->probe))
			continue;
		if (rec->partial && ldif_reader_complete(r, &rec, d) < 0)
			return -1;
		if ((rc = to->entry(to, rec, d)) != 0)
			return rc;
	}
	return rc < 0 ? -1 : 0;
}

static int
direct_entry(struct sink *s, const struct ldif_record *rec, struct diag *d)
{
	return run_rules(s->p, s->r, rec, d);
}

static void
direct_progress(struct sink *s, unsigned long long bytes,
    unsigned long long records)
{
	s->p->on_progress(s->p->on_progress_ctx, bytes, records);
}

static int
queue_entry(struct sink *s, const struct ldif_record *rec, struct diag *d)
{
	struct handoff_item *it = handoff_slot(s->q);

	(void)d;
	if (it == NULL)
		return 1;
	handoff_copy_entry(it, rec);
	handoff_put(s->q);
	return 0;
}

static void
queue_progress(struct sink *s, unsigned long long bytes,
    unsigned long long records)
{
	struct handoff_item *it = handoff_slot(s->q);

	if (it == NULL)
		return;
	it->kind = HANDOFF_PROGRESS;
	it->bytes = bytes;
	it->records = records;
	handoff_put(s->q);
}

/* The reading thread: the reading half into the queue, then its end. */
struct reading {
	struct sink to;
	struct ldif_reader *r;
	struct diag d;
};

static void
reading_thread(void *arg)
{
	struct reading *rd = arg;
	int rc = read_entries(rd->to.p, rd->r, &rd->to, &rd->d);

	handoff_close(rd->to.q, rc < 0 ? -1 : 0, &rd->d);
}

/* The rules' half on this thread, taking what the reading thread sends
 * until its end: 0, or -1 with d set by whichever half failed first. */
static int
take_entries(struct plan *p, struct reading *rd, struct os_thread *t,
    struct diag *d)
{
	struct handoff_item *it;
	enum handoff_got got;
	int rc = 0, end = 0;

	for (;;) {
		/* The aside work first: the reading thread may wait for it. */
		while (p->aside != NULL && p->aside(p->aside_ctx))
			;
		got = handoff_take(rd->to.q, &it, &end, d);
		if (got == HANDOFF_NUDGED)
			continue;
		if (got == HANDOFF_END)
			break;
		if (it->kind == HANDOFF_PROGRESS) {
			p->on_progress(p->on_progress_ctx, it->bytes,
			    it->records);
		} else if (run_rules(p, rd->r, &it->rec, d) < 0) {
			handoff_stop(rd->to.q);
			rc = -1;
			break;
		}
	}
	os_thread_join(t);
	return rc < 0 || end < 0 ? -1 : 0;
}

int
plan_run(struct plan *p, struct ldif_reader *r, struct diag *d)
{
	struct sink direct = { direct_entry, direct_progress, p, r, NULL };
	struct reading rd;
	struct os_thread *t = NULL;
	int rc;

	want_only_what_decides(p, r);
	/* Two halves on two threads: reading and sorting the entries on a
	 * worker, the rules and the outputs here. Both decode base64:
	 * settle its SIMD question before they do. */
	base64_ready();
	memset(&rd, 0, sizeof(rd));
	rd.to.entry = queue_entry;
	rd.to.progress = queue_progress;
	rd.to.p = p;
	rd.to.r = r;
	rd.r = r;
	diag_clear(&rd.d);
	if (!p->opts.one_thread && (rd.to.q = handoff_new()) != NULL) {
		p->queue = rd.to.q;
		t = os_thread_start(reading_thread, &rd);
		if (t == NULL) {
			p->queue = NULL;
			handoff_free(rd.to.q);
		}
	}
	if (p->queue == NULL) {
		rc = read_entries(p, r, &direct, d) < 0 ? -1 : 0;
	} else {
		rc = take_entries(p, &rd, t, d);
		p->queue = NULL;
		handoff_free(rd.to.q);
	}
	/* Every entry is counted: the DNs' hashes go before the outputs
	 * are committed, which need memory of their own. */
	census_entries_done(&p->census);
	return rc;
}

void
plan_wake(void *arg)
{
	struct plan *p = arg;

	if (p->queue != NULL)
		handoff_nudge(p->queue);
}

void
plan_report_counts(struct plan *p, struct report_counts *c)
{
	size_t i, n = p->census.ndomains;

	c->entries = p->stats.entries;
	c->selected = p->stats.selected;
	c->matched = p->stats.matched;
	c->changed = p->stats.changed;
	c->warnings = p->stats.warnings;
	p->rdomains = xreallocarray(p->rdomains, n ? n : 1,
	    sizeof(*p->rdomains));
	for (i = 0; i < n; i++) {
		p->rdomains[i].sid = slice_mem(p->census.domains[i].sid,
		    p->census.domains[i].n);
		p->rdomains[i].mailboxes = p->census.domains[i].mailboxes;
	}
	c->domains = p->rdomains;
	c->ndomains = n;
	c->owners = p->accounts != NULL ? p->census.owners : NULL;
}

void
plan_hash_rules(const struct ruleset *rs, char hex[SHA256_HEX_LEN + 1])
{
	sha256_mem_hex(rs->source.p, rs->source.n, hex);
}
