/*
 * changefile.c: change and undo records, their comments and the header
 * (see changefile.h).
 */
#include "tasks/changefile.h"

#include <stdlib.h>
#include <string.h>

#include "ldif/display.h"
#include "tasks/leftover.h"

/*
 * repeats: skip[i] = 1 when vals[i] repeats one of vals[0..i). Returns
 * skip (malloc'd, to be freed), or NULL when there is no repeat.
 */
static unsigned char *
repeats(const struct slice *vals, size_t n)
{
	unsigned char *skip;

	if (slice_repeats(vals, n, NULL) == n)
		return NULL;
	skip = xmalloc(n);
	slice_repeats(vals, n, skip);
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

/* The guarded mods of change c, forward: delete removed, add added. The
 * undo walks the changes backwards and emits each change's mods mirrored
 * and reversed: delete added, add removed. */
static size_t
write_guarded(struct ldif_writer *w, const struct diff *d,
    const struct diff_change *c, bool undo)
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
changefile_write_record(struct ldif_writer *w, struct slice dn,
    const struct diff *diff, bool replace, bool undo)
{
	size_t i, mods = 0;

	if (diff->nchanges == 0)
		return 0;
	ldif_write_dn(w, dn);
	ldif_write_changetype(w, LDIF_MODIFY);
	for (i = 0; i < diff->nchanges; i++) {
		const struct diff_change *c =
		    &diff->changes[undo ? diff->nchanges - 1 - i : i];

		if (replace) {
			size_t n;
			const struct slice *v = diff_values(undo ? c->before :
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
		display_value(t, attr, v[i], DISPLAY_VALUE_MAX);
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

/* "attr: verb value" for each of n values starting at vals. */
static void
put_each(struct buf *t, struct slice attr, const char *verb,
    const struct slice *vals, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		buf_putslice(t, attr);
		buf_puts(t, ": ");
		buf_puts(t, verb);
		buf_putc(t, ' ');
		display_value(t, attr, vals[j], DISPLAY_VALUE_MAX);
		buf_putc(t, '\n');
	}
}

/* One change: "attr: old -> new" for single values, else one line per
 * value removed and added (mirrored for the undo file). */
static void
put_change(struct buf *t, const struct diff *d, const struct diff_change *c,
    bool undo)
{
	size_t nb, na;
	const struct slice *bv = diff_values(c->before, &nb);
	const struct slice *av = diff_values(c->after, &na);

	if (is_ranged(c->attr)) {
		buf_puts(t, "caution: ");
		buf_putslice(t, c->attr);
		buf_puts(t, " is a partial value set (;range=): review by hand\n");
	}
	if (nb <= 1 && na <= 1) {
		buf_putslice(t, c->attr);
		buf_puts(t, ": ");
		put_values(t, c->attr, undo ? av : bv, undo ? na : nb);
		buf_puts(t, " -> ");
		put_values(t, c->attr, undo ? bv : av, undo ? nb : na);
		buf_putc(t, '\n');
		return;
	}
	if (undo) {
		put_each(t, c->attr, "remove", d->vals + c->first_added,
		    c->nadded);
		put_each(t, c->attr, "add", d->vals + c->first_removed,
		    c->nremoved);
	} else {
		put_each(t, c->attr, "remove", d->vals + c->first_removed,
		    c->nremoved);
		put_each(t, c->attr, "add", d->vals + c->first_added,
		    c->nadded);
	}
}

void
changefile_comment_text(struct buf *t, const struct entry *e,
    const struct engine_result *res, const struct engine_owner *owner,
    const struct diff *d, bool undo)
{
	const struct entry_attr *sam = entry_get_type(e,
	    slice_of("sAMAccountName"));
	size_t i;

	buf_reset(t);
	buf_puts(t, "entry ");
	display_text(t, e->dn, DISPLAY_WHOLE);
	if (sam != NULL && sam->nvals > 0) {
		buf_puts(t, " (");
		display_text(t, sam->vals[0], DISPLAY_WHOLE);
		buf_putc(t, ')');
	}
	buf_putc(t, '\n');
	for (i = 0; res && i < res->nhits; i++) {
		const struct engine_hit *h = &res->hits[i];

		buf_puts(t, undo ? "undo of rule " : "rule ");
		buf_puts(t, h->rule ? h->rule->id : "?");
		if (h->label) {
			buf_puts(t, " (");
			buf_puts(t, h->label);
			buf_putc(t, ')');
		}
		buf_putc(t, '\n');
	}
	if (owner != NULL) {
		buf_puts(t, "owner: ");
		accounts_describe(owner, t);
		buf_putc(t, '\n');
	}
	for (i = 0; i < d->nchanges; i++)
		put_change(t, d, &d->changes[i], undo);
	for (i = 0; res && !undo && i < res->nwarnings; i++) {
		buf_puts(t, "warning: ");
		buf_putslice(t, engine_warning_text(res, i));
		buf_putc(t, '\n');
	}
	if (!undo)
		leftover_put_comment(t, e, res);
	if (t->n > 0 && t->p[t->n - 1] == '\n')
		t->n--;
}

void
changefile_write_comment(struct ldif_writer *w, const struct entry *e,
    const struct engine_result *res, const struct engine_owner *owner,
    const struct diff *d, bool undo, struct buf *t)
{
	changefile_comment_text(t, e, res, owner, d, undo);
	ldif_write_comment(w, buf_slice(t));
}

void
changefile_write_header(struct ldif_writer *w,
    const struct changefile_header *h, bool comments, bool undo,
    struct buf *t)
{
	static const char replace_mode[] =
	    "replace (idempotent, overwrites whatever the directory holds)";
	static const char guarded_mode[] =
	    "guarded (a record fails whole if the entry changed since "
	    "the export)";
	size_t i;

	if (comments) {
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
		for (i = 0; h->rs && i < h->rs->nfiles; i++)
			buf_printf(t, "%s%s", i ? ", " : "", h->rs->files[i]);
		if (h->rs && h->rs->nfiles)
			ldif_write_commentf(w, "rules: %s", (const char *)t->p);
		if (h->rules_sha256)
			ldif_write_commentf(w, "rules sha256: %s",
			    h->rules_sha256);
		for (i = 0; i < h->naccounts; i++)
			ldif_write_commentf(w, "accounts: %s sha256 %s",
			    h->accounts[i], h->accounts_sha256[i]);
		ldif_write_commentf(w, "mode: %s",
		    h->replace ? replace_mode : guarded_mode);
		if (h->options && h->options[0])
			ldif_write_commentf(w, "options: %s", h->options);
	}
	ldif_write_version(w);
}
