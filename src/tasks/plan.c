/*
 * plan.c: the entry diff, change and undo records, and the plan driver
 * (see plan.h for the format decisions).
 *
 * Per entry nothing is allocated once the reused buffers have grown: the
 * two entries, the engine result, the diff and the comment text all live
 * in struct plan and are reset between entries.
 */
#include "tasks/plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/os.h"

/* ---- diff ---- */

void
plan_diff_init(struct plan_diff *d)
{
	memset(d, 0, sizeof(*d));
}

void
plan_diff_free(struct plan_diff *d)
{
	free(d->changes);
	free(d->vals);
	free(d->sorted_b);
	free(d->sorted_a);
	plan_diff_init(d);
}

/*
 * Value sets larger than SMALL_SET are searched in a sorted copy: a rule
 * that removes one member of a group of 100,000 must not cost 10^10
 * comparisons. Small sets (nearly every attribute) keep the plain scan.
 */
#define SMALL_SET 16

/* a's values sorted into *buf, or NULL when a is absent or small. */
static const struct slice *
sorted_values(const struct entry_attr *a, struct slice **buf, size_t *cap)
{
	if (a == NULL || a->nvals <= SMALL_SET)
		return NULL;
	grow_array(buf, cap, a->nvals, sizeof(**buf));
	memcpy(*buf, a->vals, a->nvals * sizeof(**buf));
	qsort(*buf, a->nvals, sizeof(**buf), slice_cmp);
	return *buf;
}

static bool
has_value(const struct entry_attr *a, const struct slice *sorted,
    struct slice v)
{
	if (a == NULL)
		return false;
	if (sorted)
		return bsearch(&v, sorted, a->nvals, sizeof(*sorted),
		    slice_cmp) != NULL;
	return entry_has_value(a, v);
}

static void
push_val(struct plan_diff *d, struct slice v)
{
	grow_array(&d->vals, &d->vals_cap, d->nvals + 1, sizeof(*d->vals));
	d->vals[d->nvals++] = v;
}

/* Same values in the same order: the common case of an untouched
 * attribute, checked in linear time before the set comparison. */
static bool
same_in_order(const struct entry_attr *a, const struct entry_attr *b)
{
	size_t i;

	if (a->nvals != b->nvals)
		return false;
	for (i = 0; i < a->nvals; i++)
		if (!slice_eq(a->vals[i], b->vals[i]))
			return false;
	return true;
}

/* Record the difference of one attribute (either side may be NULL). */
static void
diff_attr(struct plan_diff *d, struct slice name,
    const struct entry_attr *b, const struct entry_attr *a)
{
	const struct slice *sb, *sa;
	struct plan_change c;
	size_t i;

	if (b && b->nvals == 0)
		b = NULL;
	if (a && a->nvals == 0)
		a = NULL;
	if (b == NULL && a == NULL)
		return;
	if (b && a && same_in_order(b, a))
		return;
	c.attr = name;
	c.before = b;
	c.after = a;
	sb = sorted_values(b, &d->sorted_b, &d->sorted_b_cap);
	sa = sorted_values(a, &d->sorted_a, &d->sorted_a_cap);
	c.first_removed = d->nvals;
	for (i = 0; b && i < b->nvals; i++)
		if (!has_value(a, sa, b->vals[i]))
			push_val(d, b->vals[i]);
	c.nremoved = d->nvals - c.first_removed;
	c.first_added = d->nvals;
	for (i = 0; a && i < a->nvals; i++)
		if (!has_value(b, sb, a->vals[i]))
			push_val(d, a->vals[i]);
	c.nadded = d->nvals - c.first_added;
	if (c.nremoved == 0 && c.nadded == 0) {
		d->nvals = c.first_removed;     /* same set, other order */
		return;
	}
	grow_array(&d->changes, &d->changes_cap, d->nchanges + 1,
	    sizeof(*d->changes));
	d->changes[d->nchanges++] = c;
}

size_t
plan_diff_compute(struct plan_diff *d, const struct entry *before,
    const struct entry *after)
{
	size_t i;

	d->nchanges = 0;
	d->nvals = 0;
	for (i = 0; i < before->nattrs; i++) {
		const struct entry_attr *b = &before->attrs[i];

		diff_attr(d, b->name, b, entry_get(after, b->name));
	}
	for (i = 0; i < after->nattrs; i++) {
		const struct entry_attr *a = &after->attrs[i];

		if (entry_get(before, a->name) == NULL)
			diff_attr(d, a->name, NULL, a);
	}
	return d->nchanges;
}

/* ---- change records ---- */

/* A value and where it stood, to find repeats in large value lists. */
struct placed {
	struct slice v;
	size_t at;
};

static int
cmp_placed(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;
	int c = slice_cmp(&a->v, &b->v);

	if (c != 0)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * repeats: skip[i] = 1 when vals[i] repeats one of vals[0..i). Returns
 * skip (malloc'd, to be freed), or NULL when there is no repeat.
 */
static unsigned char *
repeats(const struct slice *vals, size_t n)
{
	unsigned char *skip = NULL;
	struct placed *order;
	size_t i, j;

	if (n <= SMALL_SET) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (slice_eq(vals[j], vals[i])) {
					if (skip == NULL)
						skip = xcalloc(n, 1);
					skip[i] = 1;
					break;
				}
		return skip;
	}
	order = xreallocarray(NULL, n, sizeof(*order));
	for (i = 0; i < n; i++) {
		order[i].v = vals[i];
		order[i].at = i;
	}
	qsort(order, n, sizeof(*order), cmp_placed);
	for (i = 1; i < n; i++)
		if (slice_eq(order[i].v, order[i - 1].v)) {
			if (skip == NULL)
				skip = xcalloc(n, 1);
			skip[order[i].at] = 1;
		}
	free(order);
	return skip;
}

/* One mod-spec. An export may list a value twice; a server refuses a
 * mod-spec that names one value twice, so each is written once. */
static void
write_mod(struct ldif_writer *w, enum ldif_mod_op op, struct slice attr,
    const struct slice *vals, size_t n)
{
	unsigned char *skip = repeats(vals, n);
	size_t i;

	ldif_write_modop(w, op, attr);
	for (i = 0; i < n; i++)
		if (skip == NULL || !skip[i])
			ldif_write_attr(w, attr, vals[i]);
	ldif_write_modend(w);
	free(skip);
}

static const struct slice *
attr_vals(const struct entry_attr *a, size_t *n)
{
	*n = a ? a->nvals : 0;
	return a ? a->vals : NULL;
}

/* The guarded mods of change c, forward: delete removed, add added. The
 * undo walks the changes backwards and emits each change's mods mirrored
 * and reversed: delete added, add removed. */
static size_t
write_guarded(struct ldif_writer *w, const struct plan_diff *d,
    const struct plan_change *c, bool undo)
{
	const struct slice *removed = d->vals + c->first_removed;
	const struct slice *added = d->vals + c->first_added;
	size_t mods = 0;

	size_t nremoved = c->nremoved, nadded = c->nadded;

	if (undo) {
		/* Mirror: what came in goes, what went comes back. */
		const struct slice *tmp = removed;

		removed = added;
		added = tmp;
		nremoved = c->nadded;
		nadded = c->nremoved;
	}
	if (nremoved) {
		write_mod(w, LDIF_MOD_DELETE, c->attr, removed, nremoved);
		mods++;
	}
	if (nadded) {
		write_mod(w, LDIF_MOD_ADD, c->attr, added, nadded);
		mods++;
	}
	return mods;
}

size_t
plan_write_change(struct ldif_writer *w, struct slice dn,
    const struct plan_diff *diff, bool replace, bool undo)
{
	size_t i, mods = 0;

	if (diff->nchanges == 0)
		return 0;
	ldif_write_dn(w, dn);
	ldif_write_changetype(w, LDIF_MODIFY);
	for (i = 0; i < diff->nchanges; i++) {
		const struct plan_change *c =
		    &diff->changes[undo ? diff->nchanges - 1 - i : i];

		if (replace) {
			size_t n;
			const struct slice *v = attr_vals(undo ? c->before :
			    c->after, &n);

			write_mod(w, LDIF_MOD_REPLACE, c->attr, v, n);
			mods++;
		} else {
			mods += write_guarded(w, diff, c, undo);
		}
	}
	ldif_write_end_record(w);
	return mods;
}

/* ---- comments ---- */

static void
put_values(struct buf *t, struct slice attr, const struct slice *v, size_t n)
{
	size_t i;

	if (n == 0)
		buf_puts(t, "(absent)");
	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(t, ", ");
		report_value_readable(t, attr, v[i]);
	}
}

/* A ";range=" option: the export holds only part of the values (AD's
 * MaxValRange), so a change computed from them is suspect. */
static bool
is_ranged(struct slice attr)
{
	size_t i;

	for (i = 0; i + 7 <= attr.n; i++)
		if (attr.p[i] == ';' &&
		    slice_eq_cstr_ci(slice_mem(attr.p + i + 1, 6), "range="))
			return true;
	return false;
}

/* The comment block before a record: rules, old -> new, warnings. */
static void
write_record_comment(struct plan *p, struct ldif_writer *w,
    const struct engine_result *res, bool undo)
{
	const struct plan_diff *d = &p->diff;
	struct buf *t = &p->text;
	size_t i, j, nb, na;

	buf_reset(t);
	for (i = 0; res && i < res->nhits; i++) {
		const struct engine_hit *h = &res->hits[i];

		buf_printf(t, "%s%s", undo ? "undo of rule " : "rule ",
		    h->rule ? h->rule->id : "?");
		if (h->label)
			buf_printf(t, " (%s)", h->label);
		buf_putc(t, '\n');
	}
	for (i = 0; i < d->nchanges; i++) {
		const struct plan_change *c = &d->changes[i];
		const struct slice *bv = attr_vals(c->before, &nb);
		const struct slice *av = attr_vals(c->after, &na);

		if (is_ranged(c->attr)) {
			buf_puts(t, "caution: ");
			buf_putslice(t, c->attr);
			buf_puts(t, " is a partial value set (;range=): "
			    "review by hand\n");
		}
		if (nb <= 1 && na <= 1) {
			buf_putslice(t, c->attr);
			buf_puts(t, ": ");
			put_values(t, c->attr, undo ? av : bv, undo ? na : nb);
			buf_puts(t, " -> ");
			put_values(t, c->attr, undo ? bv : av, undo ? nb : na);
			buf_putc(t, '\n');
			continue;
		}
		for (j = 0; j < (undo ? c->nadded : c->nremoved); j++) {
			buf_putslice(t, c->attr);
			buf_puts(t, ": remove ");
			report_value_readable(t, c->attr, d->vals[(undo ?
			    c->first_added : c->first_removed) + j]);
			buf_putc(t, '\n');
		}
		for (j = 0; j < (undo ? c->nremoved : c->nadded); j++) {
			buf_putslice(t, c->attr);
			buf_puts(t, ": add ");
			report_value_readable(t, c->attr, d->vals[(undo ?
			    c->first_removed : c->first_added) + j]);
			buf_putc(t, '\n');
		}
	}
	for (i = 0; res && !undo && i < res->nwarnings; i++) {
		buf_puts(t, "warning: ");
		buf_putslice(t, engine_warning_text(res, i));
		buf_putc(t, '\n');
	}
	if (t->n > 0 && t->p[t->n - 1] == '\n')
		t->n--;
	ldif_write_comment(w, buf_slice(t));
}

static void
write_header(struct plan *p, struct ldif_writer *w,
    const struct plan_header *h, bool undo)
{
	static const char replace_mode[] =
	    "replace (idempotent, overwrites whatever the directory holds)";
	static const char guarded_mode[] =
	    "guarded (a record fails whole if the entry changed since "
	    "the export)";
	struct buf *t = &p->text;
	size_t i;

	if (p->opts.comments) {
		ldif_write_commentf(w, "ldfix %s %s",
		    h->version ? h->version : "", undo ?
		    "undo file: restores the exported values the plan changes" :
		    "change file");
		if (h->input_name)
			ldif_write_commentf(w, "input: %s", h->input_name);
		if (h->input_sha256)
			ldif_write_commentf(w, "input sha256: %s",
			    h->input_sha256);
		buf_reset(t);
		for (i = 0; i < p->rs->nfiles; i++)
			buf_printf(t, "%s%s", i ? ", " : "", p->rs->files[i]);
		if (p->rs->nfiles)
			ldif_write_commentf(w, "rules: %s", (const char *)t->p);
		if (h->rules_sha256)
			ldif_write_commentf(w, "rules sha256: %s",
			    h->rules_sha256);
		ldif_write_commentf(w, "mode: %s",
		    p->opts.replace ? replace_mode : guarded_mode);
		if (h->options && h->options[0])
			ldif_write_commentf(w, "options: %s", h->options);
	}
	ldif_write_version(w);
}

void
plan_write_headers(struct plan *p, const struct plan_header *h)
{
	if (p->out)
		write_header(p, p->out, h, false);
	if (p->undo)
		write_header(p, p->undo, h, true);
}

/* ---- driver ---- */

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
	plan_diff_init(&p->diff);
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
	plan_diff_free(&p->diff);
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
		const struct plan_change *c = &p->diff.changes[i];
		struct report_change *rc = &p->rchanges[i];

		rc->attr = c->attr;
		rc->before = attr_vals(c->before, &rc->nbefore);
		rc->after = attr_vals(c->after, &rc->nafter);
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
	n = plan_diff_compute(&p->diff, before, after);
	if (n > 0) {
		p->stats.changed++;
		p->stats.mods += n;
		if (p->out) {
			if (p->opts.comments)
				write_record_comment(p, p->out, res, false);
			plan_write_change(p->out, before->dn, &p->diff,
			    p->opts.replace, false);
		}
		if (p->undo) {
			if (p->opts.comments)
				write_record_comment(p, p->undo, res, true);
			plan_write_change(p->undo, before->dn, &p->diff,
			    p->opts.replace, true);
		}
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

/* ---- digests ---- */

int
plan_hash_input(FILE *fp, const char *name,
    char hex[SHA256_HEX_LEN + 1], FILE **readfp, struct diag *d)
{
	unsigned char chunk[65536], digest[SHA256_DIGEST_LEN];
	struct sha256 sha;
	FILE *spool = NULL;
	int64_t start = 0;
	uint64_t size;
	size_t n;
	bool seekable;

	seekable = os_regular_size(fp, &size) && (start = os_tell(fp)) >= 0;
	if (!seekable) {
		spool = os_spool();
		if (spool == NULL)
			return diag_set(d, name, 0, 0, "cannot create a "
			    "temporary file to spool the input: %s",
			    strerror(errno));
	}
	sha256_init(&sha);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		sha256_update(&sha, chunk, n);
		if (spool && fwrite(chunk, 1, n, spool) != n) {
			int e = errno;

			fclose(spool);
			return diag_set(d, name, 0, 0,
			    "cannot spool the input to a temporary file: %s",
			    strerror(e));
		}
	}
	if (ferror(fp)) {
		int e = errno;

		if (spool)
			fclose(spool);
		return diag_set(d, name, 0, 0, "cannot read: %s", strerror(e));
	}
	sha256_final(&sha, digest);
	sha256_hex(digest, hex);
	if (spool) {
		if (fflush(spool) != 0 || os_seek(spool, 0) != 0) {
			int e = errno;

			fclose(spool);
			return diag_set(d, name, 0, 0,
			    "cannot spool the input to a temporary file: %s",
			    strerror(e));
		}
		*readfp = spool;
		return 0;
	}
	if (os_seek(fp, start) != 0)
		return diag_set(d, name, 0, 0, "cannot rewind: %s",
		    strerror(errno));
	clearerr(fp);
	*readfp = fp;
	return 0;
}

void
plan_hash_rules(const struct ruleset *rs, char hex[SHA256_HEX_LEN + 1])
{
	sha256_mem_hex(rs->source.p, rs->source.n, hex);
}
