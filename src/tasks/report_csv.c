/*
 * report_csv.c: the CSV format of report.h, for PowerShell's Import-Csv
 * and Excel: one row per (entry, changed attribute), every field quoted,
 * CRLF rows, an optional UTF-8 BOM. Cells hold displays (display.h), so
 * a DN that is not plain text is written "base64:..." and read back that
 * way by --only @FILE.
 */
#include "tasks/report_impl.h"

#include "ldif/display.h"

static const char *const columns[] = {
	"DistinguishedName", "SamAccountName", "DisplayName", "Mail", "Rule",
	"Classification", "Attribute", "OldValue", "NewValue", "Warnings"
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

/* One quoted cell; a leading = + - @ TAB or CR gets a ' so that a
 * spreadsheet does not run it as a formula. */
static void
csv_cell(struct buf *out, struct slice v, bool first)
{
	size_t i;

	if (!first)
		buf_putc(out, ',');
	buf_putc(out, '"');
	if (v.n > 0 && (v.p[0] == '=' || v.p[0] == '+' || v.p[0] == '-' ||
	    v.p[0] == '@' || v.p[0] == '\t' || v.p[0] == '\r'))
		buf_putc(out, '\'');
	for (i = 0; i < v.n; i++) {
		if (v.p[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, v.p[i]);
	}
	buf_putc(out, '"');
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
csv_begin(struct report *r, const struct report_meta *meta)
{
	size_t i;

	(void)meta;
	if (r->opts.bom)
		buf_puts(&r->out, "\xEF\xBB\xBF");
	for (i = 0; i < NCOLUMNS; i++)
		csv_cell(&r->out, slice_of(columns[i]), i == 0);
	buf_puts(&r->out, "\r\n");
}

static void
csv_row(struct report *r, const struct report_item *it,
    const struct report_change *c)
{
	const struct engine_result *res = it->res;
	size_t i;

	name_cell(r, it->entry->dn, true);
	name_cell(r, report_first_value(it->entry, "sAMAccountName"), false);
	name_cell(r, report_first_value(it->entry, "displayName"), false);
	name_cell(r, report_first_value(it->entry, "mail"), false);
	buf_reset(&r->cell);
	report_put_rules(&r->cell, res, "\n");
	csv_cell(&r->out, buf_slice(&r->cell), false);
	buf_reset(&r->cell);
	report_put_labels(&r->cell, res, "\n");
	csv_cell(&r->out, buf_slice(&r->cell), false);
	csv_cell(&r->out, c ? c->attr : slice_mem("", 0), false);
	values_cell(r, c ? c->attr : slice_mem("", 0), c ? c->before : NULL,
	    c ? c->nbefore : 0);
	values_cell(r, c ? c->attr : slice_mem("", 0), c ? c->after : NULL,
	    c ? c->nafter : 0);
	buf_reset(&r->cell);
	for (i = 0; res && i < res->nwarnings; i++) {
		if (i)
			buf_putc(&r->cell, '\n');
		buf_putslice(&r->cell, engine_warning_text(res, i));
	}
	csv_cell(&r->out, buf_slice(&r->cell), false);
	buf_puts(&r->out, "\r\n");
}

static void
csv_item(struct report *r, const struct report_item *it)
{
	size_t i;

	if (it->nchanges == 0)
		csv_row(r, it, NULL);
	for (i = 0; i < it->nchanges; i++)
		csv_row(r, it, &it->changes[i]);
}

static void
csv_end(struct report *r, const struct report_counts *c)
{
	(void)r;
	(void)c;
}

const struct report_format_ops report_csv_ops = {
	csv_begin, csv_item, csv_end
};
