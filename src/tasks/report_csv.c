/*
 * report_csv.c: the two CSV formats of report.h, for Excel and
 * PowerShell's Import-Csv: "csv", the review sheet with one row per entry,
 * and "csv-changes", one row per (entry, changed attribute). Cells hold
 * displays (display.h), so a DN that is not plain text is written
 * "base64:..." and read back that way by --only @FILE.
 */
#include "tasks/report_impl.h"

#include <string.h>

#include "base/num.h"
#include "ldif/display.h"
#include "tasks/leftover.h"

static const char *const review_columns[] = {
	"DistinguishedName", "SamAccountName", "UserPrincipalName",
	"DisplayName", "Account", "Rule", "Classification", "MasterAccountSid"
};
static const char *const changes_columns[] = {
	"DistinguishedName", "SamAccountName", "DisplayName", "Mail", "Rule",
	"Classification", "Attribute", "OldValue", "NewValue", "Warnings"
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A plain decimal number ("-1073741818", "2.5"): a spreadsheet reads it
 * as a number, not as a formula. */
static bool
is_number(struct slice v)
{
	size_t i = 0, digits = 0;

	if (v.n > 0 && (v.p[0] == '-' || v.p[0] == '+'))
		i++;
	for (; i < v.n && ascii_isdigit(v.p[i]); i++)
		digits++;
	if (i < v.n && v.p[i] == '.' && digits > 0) {
		for (i++, digits = 0; i < v.n && ascii_isdigit(v.p[i]); i++)
			digits++;
	}
	return digits > 0 && i == v.n;
}

/* One quoted cell. A cell a spreadsheet would run as a formula (= + - @
 * TAB CR first, and not a plain number) gets a leading '. */
static void
csv_cell(struct buf *out, struct slice v, bool first)
{
	const unsigned char *q;
	size_t n;

	if (!first)
		buf_putc(out, ',');
	buf_putc(out, '"');
	if (v.n > 0 && strchr("=+-@\t\r", v.p[0]) != NULL && !is_number(v))
		buf_putc(out, '\'');
	/* Runs up to and with each '"', which is then doubled. */
	while ((q = memchr(v.p, '"', v.n)) != NULL) {
		n = (size_t)(q - v.p) + 1;
		buf_put(out, v.p, n);
		buf_putc(out, '"');
		v.p += n;
		v.n -= n;
	}
	buf_put(out, v.p, v.n);
	buf_putc(out, '"');
}

static void
text_cell(struct report *r, const char *s)
{
	csv_cell(&r->out, slice_of(s), false);
}

/* A DN or name cell, whole. */
static void
name_cell(struct report *r, struct slice v, bool first)
{
	buf_reset(&r->cell);
	display_text(&r->cell, v, DISPLAY_WHOLE);
	csv_cell(&r->out, buf_slice(&r->cell), first);
}

static void
values_cell(struct report *r, struct slice attr, const struct slice *vals,
    size_t n)
{
	size_t i;

	buf_reset(&r->cell);
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&r->cell, '\n');
		report_put_value(&r->cell, attr, vals[i]);
	}
	csv_cell(&r->out, buf_slice(&r->cell), false);
}

static void
header(struct report *r, const char *const *cols, size_t n)
{
	size_t i;

	if (r->opts.bom)
		buf_puts(&r->out, "\xEF\xBB\xBF");
	for (i = 0; i < n; i++)
		csv_cell(&r->out, slice_of(cols[i]), i == 0);
}

static void
rules_cells(struct report *r, const struct engine_result *res)
{
	buf_reset(&r->cell);
	report_put_rules(&r->cell, res, "\n");
	csv_cell(&r->out, buf_slice(&r->cell), false);
	buf_reset(&r->cell);
	report_put_labels(&r->cell, res, "\n");
	csv_cell(&r->out, buf_slice(&r->cell), false);
}

static void
warnings_cell(struct report *r, const struct engine_result *res)
{
	size_t i;

	buf_reset(&r->cell);
	for (i = 0; res && i < res->nwarnings; i++) {
		if (i)
			buf_putc(&r->cell, '\n');
		buf_putslice(&r->cell, engine_warning_text(res, i));
	}
	csv_cell(&r->out, buf_slice(&r->cell), false);
}

/* --accounts: the OwnerStatus and Owner cells (empty without an owner),
 * and with upn the owner's OwnerUserPrincipalName. */
static void
owner_cells(struct report *r, const struct engine_owner *o, bool upn)
{
	text_cell(r, o ? rules_owner_status_name(o->status) : "");
	buf_reset(&r->cell);
	if (o != NULL)
		report_put_owner_name(&r->cell, o);
	csv_cell(&r->out, buf_slice(&r->cell), false);
	if (upn)
		name_cell(r, report_owner_value(o, "userPrincipalName"), false);
}

static void
owner_header(struct report *r, bool upn)
{
	text_cell(r, "OwnerStatus");
	text_cell(r, "Owner");
	if (upn)
		text_cell(r, "OwnerUserPrincipalName");
}

/* ---- csv: one row per entry ---- */

static void
review_begin(struct report *r, const struct report_meta *meta)
{
	size_t i;

	(void)meta;
	header(r, review_columns, NELEM(review_columns));
	if (r->owners)
		owner_header(r, true);
	for (i = 0; i < r->ncolumns; i++) {
		buf_reset(&r->cell);
		buf_putslice(&r->cell, r->columns[i]);
		buf_puts(&r->cell, " (old)");
		csv_cell(&r->out, buf_slice(&r->cell), false);
		buf_reset(&r->cell);
		buf_putslice(&r->cell, r->columns[i]);
		buf_puts(&r->cell, " (new)");
		csv_cell(&r->out, buf_slice(&r->cell), false);
	}
	text_cell(r, "Warnings");
	text_cell(r, "LeftoverPermissions");
	text_cell(r, "RemoveCommands");
	buf_puts(&r->out, "\r\n");
}

/* What the hits' leftover-permissions found, and the lines that remove
 * it (leftover.h): two cells. */
static void
leftover_cells(struct report *r, const struct report_item *it)
{
	buf_reset(&r->cell);
	buf_reset(&r->tmp);
	leftover_put_cells(&r->cell, &r->tmp, it->entry, it->res);
	csv_cell(&r->out, buf_slice(&r->cell), false);
	csv_cell(&r->out, buf_slice(&r->tmp), false);
}

/* "enabled" or "disabled" by userAccountControl bit 0x2, "" unknown. */
static const char *
account_state(const struct entry *e)
{
	struct num v;

	if (num_parse(report_first_value(e, "userAccountControl"), 0,
	    &v) != NUM_OK)
		return "";
	return num_bits(v) & 0x2 ? "disabled" : "enabled";
}

static void
review_item(struct report *r, const struct report_item *it)
{
	const struct entry *e = it->entry;
	size_t i, k;

	name_cell(r, e->dn, true);
	name_cell(r, report_first_value(e, "sAMAccountName"), false);
	name_cell(r, report_first_value(e, "userPrincipalName"), false);
	name_cell(r, report_first_value(e, "displayName"), false);
	text_cell(r, account_state(e));
	rules_cells(r, it->res);
	buf_reset(&r->cell);
	if (report_first_value(e, "msExchMasterAccountSid").n > 0)
		report_put_value(&r->cell, slice_of("msExchMasterAccountSid"),
		    report_first_value(e, "msExchMasterAccountSid"));
	csv_cell(&r->out, buf_slice(&r->cell), false);
	if (r->owners)
		owner_cells(r, it->owner, true);
	for (i = 0; i < r->ncolumns; i++) {
		const struct report_change *c = NULL;

		for (k = 0; k < it->nchanges && c == NULL; k++)
			if (slice_eq_ci(it->changes[k].attr, r->columns[i]))
				c = &it->changes[k];
		values_cell(r, r->columns[i], c ? c->before : NULL,
		    c ? c->nbefore : 0);
		values_cell(r, r->columns[i], c ? c->after : NULL,
		    c ? c->nafter : 0);
	}
	warnings_cell(r, it->res);
	leftover_cells(r, it);
	buf_puts(&r->out, "\r\n");
}

/* ---- csv-changes: one row per changed attribute ---- */

static void
changes_begin(struct report *r, const struct report_meta *meta)
{
	(void)meta;
	header(r, changes_columns, NELEM(changes_columns));
	if (r->owners)
		owner_header(r, false);
	buf_puts(&r->out, "\r\n");
}

static void
changes_row(struct report *r, const struct report_item *it,
    const struct report_change *c)
{
	struct slice none = slice_mem("", 0);

	name_cell(r, it->entry->dn, true);
	name_cell(r, report_first_value(it->entry, "sAMAccountName"), false);
	name_cell(r, report_first_value(it->entry, "displayName"), false);
	name_cell(r, report_first_value(it->entry, "mail"), false);
	rules_cells(r, it->res);
	csv_cell(&r->out, c ? c->attr : none, false);
	values_cell(r, c ? c->attr : none, c ? c->before : NULL,
	    c ? c->nbefore : 0);
	values_cell(r, c ? c->attr : none, c ? c->after : NULL,
	    c ? c->nafter : 0);
	warnings_cell(r, it->res);
	if (r->owners)
		owner_cells(r, it->owner, false);
	buf_puts(&r->out, "\r\n");
}

static void
changes_item(struct report *r, const struct report_item *it)
{
	size_t i;

	if (it->nchanges == 0)
		changes_row(r, it, NULL);
	for (i = 0; i < it->nchanges; i++)
		changes_row(r, it, &it->changes[i]);
}

static void
csv_end(struct report *r, const struct report_counts *c)
{
	(void)r;
	(void)c;
}

const struct report_format_ops report_csv_ops = {
	review_begin, review_item, csv_end, NULL
};

const struct report_format_ops report_csv_changes_ops = {
	changes_begin, changes_item, csv_end, NULL
};
