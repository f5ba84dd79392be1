/*
 * report_table.c: the terminal format of report.h: fixed-width columns,
 * one line per entry, then one indented line per changed attribute and per
 * warning. Everything shown is a display (display.h), so nothing in an
 * export can move the cursor or reorder the line.
 */
#include "tasks/report_impl.h"

#include "ldif/display.h"
#include "tasks/accounts.h"

/* Column widths, in characters (a UTF-8 sequence counts once). */
#define SAM_W 20
#define RULE_W 32
#define CLASS_W 16

/*
 * Append text (a display: valid UTF-8 without controls) padded or cut to
 * width characters (0: as it is); a cut cell ends in '~'. As a last guard
 * any byte that is not a character of a display is shown as '?'.
 */
static void
cell(struct buf *out, struct slice v, size_t width)
{
	size_t i = 0, cols = 0;

	while (i < v.n) {
		unsigned long cp;
		size_t len = v.p[i] < 0x80 ? 1 : utf8_decode(v.p + i,
		    v.n - i, &cp);

		if (width && cols + 1 == width && i + (len ? len : 1) < v.n) {
			buf_putc(out, '~');
			cols++;
			break;
		}
		if (len == 0 || (len == 1 && (v.p[i] < 0x20 || v.p[i] == 0x7f))) {
			buf_putc(out, '?');
			len = 1;
		} else {
			buf_put(out, v.p + i, len);
		}
		i += len;
		cols++;
	}
	while (cols < width) {
		buf_putc(out, ' ');
		cols++;
	}
}

static void
name(struct report *r, struct slice v, size_t width)
{
	buf_reset(&r->cell);
	display_text(&r->cell, v, DISPLAY_WHOLE);
	cell(&r->out, buf_slice(&r->cell), width);
}

static void
values(struct report *r, struct slice attr, const struct slice *vals,
    size_t n)
{
	size_t i;

	buf_reset(&r->cell);
	if (n == 0)
		buf_puts(&r->cell, "(absent)");
	else if (n > 1)
		buf_putc(&r->cell, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(&r->cell, ", ");
		report_put_value(&r->cell, attr, vals[i]);
	}
	if (n > 1)
		buf_putc(&r->cell, ']');
	cell(&r->out, buf_slice(&r->cell), 0);
}

static void
table_begin(struct report *r, const struct report_meta *meta)
{
	(void)meta;
	cell(&r->out, slice_of("SAMACCOUNTNAME"), SAM_W);
	buf_putc(&r->out, ' ');
	cell(&r->out, slice_of("RULE"), RULE_W);
	buf_putc(&r->out, ' ');
	cell(&r->out, slice_of("CLASS"), CLASS_W);
	buf_puts(&r->out, " DN\n");
}

static void
table_item(struct report *r, const struct report_item *it)
{
	const struct engine_result *res = it->res;
	struct buf *out = &r->out;
	size_t i;

	name(r, report_first_value(it->entry, "sAMAccountName"), SAM_W);
	buf_putc(out, ' ');
	buf_reset(&r->tmp);
	report_put_rules(&r->tmp, res, ",");
	cell(out, buf_slice(&r->tmp), RULE_W);
	buf_putc(out, ' ');
	buf_reset(&r->tmp);
	if (!report_put_labels(&r->tmp, res, ","))
		buf_putc(&r->tmp, '-');
	cell(out, buf_slice(&r->tmp), CLASS_W);
	buf_putc(out, ' ');
	name(r, it->entry->dn, 0);
	buf_putc(out, '\n');
	if (r->owners && it->owner != NULL) {
		buf_reset(&r->tmp);
		accounts_describe(it->owner, &r->tmp);
		buf_puts(out, "    owner: ");
		cell(out, buf_slice(&r->tmp), 0);
		buf_putc(out, '\n');
	}
	for (i = 0; i < it->nchanges; i++) {
		const struct report_change *c = &it->changes[i];

		buf_puts(out, "    ");
		cell(out, c->attr, 0);
		buf_puts(out, ": ");
		values(r, c->attr, c->before, c->nbefore);
		buf_puts(out, " -> ");
		values(r, c->attr, c->after, c->nafter);
		buf_putc(out, '\n');
	}
	for (i = 0; res && i < res->nwarnings; i++) {
		buf_puts(out, "    warning: ");
		cell(out, engine_warning_text(res, i), 0);
		buf_putc(out, '\n');
	}
}

static void
table_end(struct report *r, const struct report_counts *c)
{
	(void)r;
	(void)c;
}

const struct report_format_ops report_table_ops = {
	table_begin, table_item, table_end, NULL
};
