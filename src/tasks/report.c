/*
 * report.c: the table, CSV and JSON renderers of report.h.
 *
 * Each item is rendered into one reused buffer and written with a single
 * fwrite, so memory stays flat however many items there are. Write errors
 * are remembered and reported by report_finish().
 */
#include "tasks/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/sid.h"
#include "tasks/report_html.h"

/* Table column widths (bytes of display, UTF-8 sequences count once). */
#define TABLE_SAM_W 20
#define TABLE_RULE_W 32
#define TABLE_CLASS_W 16

struct report {
	FILE *fp;
	char *name;
	struct report_opts opts;
	unsigned long long items;
	int err;                /* errno of the first failed write */
	struct buf out;         /* the item being rendered */
	struct buf cell;        /* one CSV cell / one joined field */
	struct buf tmp;
	struct report_html *html;       /* REPORT_HTML: renders everything */
};

static const char *const sid_attrs[] = {
	"objectSid", "msExchMasterAccountSid", "sIDHistory",
	"securityIdentifier", "mS-DS-CreatorSID", "tokenGroups",
	"tokenGroupsGlobalAndUniversal", "tokenGroupsNoGCAcceptable", NULL
};

static const char *const guid_attrs[] = {
	"objectGUID", "msExchMailboxGuid", "msExchArchiveGUID",
	"mS-DS-ConsistencyGuid", "msExchDisabledArchiveGUID", "schemaIDGUID",
	"attributeSecurityGUID", "invocationId", NULL
};

static bool
in_list(struct slice attr, const char *const *list)
{
	struct slice type = ldif_attr_type(attr);

	for (; *list; list++)
		if (slice_eq_cstr_ci(type, *list))
			return true;
	return false;
}

bool
report_utf8_valid(struct slice v)
{
	return utf8_valid(v);
}

static bool
has_control(struct slice v)
{
	size_t i;

	for (i = 0; i < v.n; i++)
		if (v.p[i] < 0x20 || v.p[i] == 0x7F)
			return true;
	return false;
}

bool
report_value_text(struct buf *out, struct slice attr, struct slice v)
{
	if (in_list(attr, sid_attrs) && sid_format(v, out) == 0)
		return true;
	if (in_list(attr, guid_attrs) && guid_format(v, out) == 0)
		return true;
	if (report_utf8_valid(v) && !has_control(v)) {
		buf_putslice(out, v);
		return true;
	}
	/* An unknown binary attribute that holds a well-formed SID. */
	if (sid_format(v, out) == 0)
		return true;
	return false;
}

void
report_value_readable(struct buf *out, struct slice attr, struct slice v)
{
	if (report_value_text(out, attr, v))
		return;
	buf_puts(out, "base64:");
	base64_encode(out, v);
}

/* ---- low-level output ---- */

static void
emit(struct report *r)
{
	if (r->out.n > 0 && r->err == 0) {
		errno = 0;
		if (fwrite(r->out.p, 1, r->out.n, r->fp) != r->out.n)
			r->err = errno ? errno : EIO;
	}
	buf_reset(&r->out);
}

/* The first value of an attribute, or an empty slice. */
static struct slice
first_value(const struct entry *e, const char *type)
{
	const struct entry_attr *a = entry_get_type(e, slice_of(type));

	if (a == NULL || a->nvals == 0)
		return slice_mem("", 0);
	return a->vals[0];
}

/* ---- JSON ---- */

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
json_string(struct buf *out, struct slice v)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	buf_putc(out, '"');
	while (i < v.n) {
		unsigned char c = v.p[i];

		if (c >= 0x80) {
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

			if (len <= v.n - i &&
			    report_utf8_valid(slice_mem(v.p + i, len))) {
				buf_put(out, v.p + i, len);
				i += len;
			} else {
				buf_puts(out, "\\ufffd");
				i++;
			}
			continue;
		}
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7F) {
				buf_puts(out, "\\u00");
				buf_putc(out, hex[c >> 4]);
				buf_putc(out, hex[c & 15]);
			} else {
				buf_putc(out, c);
			}
		}
		i++;
	}
	buf_putc(out, '"');
}

static void
json_cstr(struct buf *out, const char *s)
{
	if (s == NULL)
		buf_puts(out, "null");
	else
		json_string(out, slice_of(s));
}

/* "key":"text" when v is UTF-8, else "key_b64":"base64". */
static void
json_field_bytes(struct buf *out, const char *key, struct slice v)
{
	if (report_utf8_valid(v)) {
		buf_printf(out, "\"%s\":", key);
		json_string(out, v);
	} else {
		buf_printf(out, "\"%s_b64\":\"", key);
		base64_encode(out, v);
		buf_putc(out, '"');
	}
}

static void
json_values(struct report *r, const char *key, struct slice attr,
    const struct slice *vals, size_t n)
{
	struct buf *out = &r->out;
	bool text = true;
	size_t i;

	for (i = 0; i < n && text; i++) {
		buf_reset(&r->tmp);
		text = report_value_text(&r->tmp, attr, vals[i]);
	}
	buf_printf(out, "\"%s%s\":[", key, text ? "" : "_b64");
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		buf_reset(&r->tmp);
		if (text) {
			report_value_text(&r->tmp, attr, vals[i]);
			json_string(out, buf_slice(&r->tmp));
		} else {
			base64_encode(&r->tmp, vals[i]);
			buf_putc(out, '"');
			buf_putslice(out, buf_slice(&r->tmp));
			buf_putc(out, '"');
		}
	}
	buf_putc(out, ']');
}

static void
json_item(struct report *r, const struct report_item *it)
{
	const struct engine_result *res = it->res;
	struct buf *out = &r->out;
	size_t i, j;

	buf_puts(out, r->items ? ",\n{" : "\n{");
	json_field_bytes(out, "dn", it->entry->dn);
	buf_putc(out, ',');
	json_field_bytes(out, "sAMAccountName",
	    first_value(it->entry, "sAMAccountName"));
	buf_putc(out, ',');
	json_field_bytes(out, "displayName",
	    first_value(it->entry, "displayName"));
	buf_putc(out, ',');
	json_field_bytes(out, "mail", first_value(it->entry, "mail"));
	buf_puts(out, ",\"hits\":[");
	for (i = 0; res && i < res->nhits; i++) {
		const struct engine_hit *h = &res->hits[i];

		buf_puts(out, i ? ",{\"rule\":" : "{\"rule\":");
		json_cstr(out, h->rule ? h->rule->id : NULL);
		buf_puts(out, ",\"classification\":");
		json_cstr(out, h->label);
		buf_puts(out, ",\"warnings\":[");
		for (j = 0; j < h->nwarnings; j++) {
			if (j)
				buf_putc(out, ',');
			json_string(out,
			    engine_warning_text(res, h->first_warning + j));
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "],\"changes\":[");
	for (i = 0; i < it->nchanges; i++) {
		const struct report_change *c = &it->changes[i];

		buf_puts(out, i ? ",{\"attribute\":" : "{\"attribute\":");
		json_string(out, c->attr);
		buf_putc(out, ',');
		json_values(r, "old", c->attr, c->before, c->nbefore);
		buf_putc(out, ',');
		json_values(r, "new", c->attr, c->after, c->nafter);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");
}

/* ---- CSV ---- */

static const char *const csv_columns[] = {
	"DistinguishedName", "SamAccountName", "DisplayName", "Mail", "Rule",
	"Classification", "Attribute", "OldValue", "NewValue", "Warnings"
};
#define CSV_NCOLUMNS (sizeof(csv_columns) / sizeof(csv_columns[0]))

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

/* A DN or name cell: its bytes if UTF-8, else base64:. */
static void
csv_bytes_cell(struct report *r, struct slice v)
{
	buf_reset(&r->cell);
	if (report_utf8_valid(v) && !has_control(v)) {
		buf_putslice(&r->cell, v);
	} else {
		buf_puts(&r->cell, "base64:");
		base64_encode(&r->cell, v);
	}
	csv_cell(&r->out, buf_slice(&r->cell), false);
}

static void
join_values(struct buf *cell, struct slice attr, const struct slice *vals,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(cell, '\n');
		report_value_readable(cell, attr, vals[i]);
	}
}

static void
csv_row(struct report *r, const struct report_item *it,
    const struct report_change *c)
{
	const struct engine_result *res = it->res;
	struct buf *out = &r->out;
	size_t i;
	bool any;

	buf_reset(&r->cell);
	if (report_utf8_valid(it->entry->dn) && !has_control(it->entry->dn))
		buf_putslice(&r->cell, it->entry->dn);
	else {
		buf_puts(&r->cell, "base64:");
		base64_encode(&r->cell, it->entry->dn);
	}
	csv_cell(out, buf_slice(&r->cell), true);
	csv_bytes_cell(r, first_value(it->entry, "sAMAccountName"));
	csv_bytes_cell(r, first_value(it->entry, "displayName"));
	csv_bytes_cell(r, first_value(it->entry, "mail"));
	buf_reset(&r->cell);
	for (i = 0; res && i < res->nhits; i++) {
		if (i)
			buf_putc(&r->cell, '\n');
		if (res->hits[i].rule)
			buf_puts(&r->cell, res->hits[i].rule->id);
	}
	csv_cell(out, buf_slice(&r->cell), false);
	buf_reset(&r->cell);
	for (i = 0, any = false; res && i < res->nhits; i++) {
		if (res->hits[i].label == NULL)
			continue;
		if (any)
			buf_putc(&r->cell, '\n');
		buf_puts(&r->cell, res->hits[i].label);
		any = true;
	}
	csv_cell(out, buf_slice(&r->cell), false);
	csv_cell(out, c ? c->attr : slice_mem("", 0), false);
	buf_reset(&r->cell);
	if (c)
		join_values(&r->cell, c->attr, c->before, c->nbefore);
	csv_cell(out, buf_slice(&r->cell), false);
	buf_reset(&r->cell);
	if (c)
		join_values(&r->cell, c->attr, c->after, c->nafter);
	csv_cell(out, buf_slice(&r->cell), false);
	buf_reset(&r->cell);
	for (i = 0; res && i < res->nwarnings; i++) {
		if (i)
			buf_putc(&r->cell, '\n');
		buf_putslice(&r->cell, engine_warning_text(res, i));
	}
	csv_cell(out, buf_slice(&r->cell), false);
	buf_puts(out, "\r\n");
}

/* ---- table ---- */

/* Append v for a terminal: control bytes as '?', at most width columns
 * (0 = no limit), padded with spaces to width. A cut value ends in '~'. */
static void
term_cell(struct buf *out, struct slice v, size_t width)
{
	size_t i = 0, cols = 0;

	while (i < v.n) {
		unsigned char c = v.p[i];
		size_t len = 1;

		if (c >= 0xC0)
			len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (len > v.n - i || (len > 1 &&
		    (!report_utf8_valid(slice_mem(v.p + i, len)) ||
		    utf8_screen_control_len(v.p + i, len) != 0)) ||
		    (len == 1 && c >= 0x80))
			len = 1, c = '?';
		if (width && cols + 1 == width && i + len < v.n) {
			buf_putc(out, '~');
			cols++;
			break;
		}
		if (len == 1)
			buf_putc(out, c < 0x20 || c == 0x7F ? '?' : c);
		else
			buf_put(out, v.p + i, len);
		i += len;
		cols++;
	}
	while (cols < width) {
		buf_putc(out, ' ');
		cols++;
	}
}

static void
table_values(struct report *r, struct slice attr, const struct slice *vals,
    size_t n)
{
	buf_reset(&r->cell);
	if (n == 0)
		buf_puts(&r->cell, "(absent)");
	else if (n > 1)
		buf_putc(&r->cell, '[');
	{
		size_t i;

		for (i = 0; i < n; i++) {
			if (i)
				buf_puts(&r->cell, ", ");
			report_value_readable(&r->cell, attr, vals[i]);
		}
	}
	if (n > 1)
		buf_putc(&r->cell, ']');
	term_cell(&r->out, buf_slice(&r->cell), 0);
}

static void
table_item(struct report *r, const struct report_item *it)
{
	const struct engine_result *res = it->res;
	struct buf *out = &r->out;
	size_t i;
	bool any;

	term_cell(out, first_value(it->entry, "sAMAccountName"), TABLE_SAM_W);
	buf_putc(out, ' ');
	buf_reset(&r->tmp);
	for (i = 0; res && i < res->nhits; i++) {
		if (i)
			buf_putc(&r->tmp, ',');
		if (res->hits[i].rule)
			buf_puts(&r->tmp, res->hits[i].rule->id);
	}
	term_cell(out, buf_slice(&r->tmp), TABLE_RULE_W);
	buf_putc(out, ' ');
	buf_reset(&r->tmp);
	for (i = 0, any = false; res && i < res->nhits; i++) {
		if (res->hits[i].label == NULL)
			continue;
		if (any)
			buf_putc(&r->tmp, ',');
		buf_puts(&r->tmp, res->hits[i].label);
		any = true;
	}
	if (!any)
		buf_putc(&r->tmp, '-');
	term_cell(out, buf_slice(&r->tmp), TABLE_CLASS_W);
	buf_putc(out, ' ');
	term_cell(out, it->entry->dn, 0);
	buf_putc(out, '\n');
	for (i = 0; i < it->nchanges; i++) {
		const struct report_change *c = &it->changes[i];

		buf_puts(out, "    ");
		term_cell(out, c->attr, 0);
		buf_puts(out, ": ");
		table_values(r, c->attr, c->before, c->nbefore);
		buf_puts(out, " -> ");
		table_values(r, c->attr, c->after, c->nafter);
		buf_putc(out, '\n');
	}
	for (i = 0; res && i < res->nwarnings; i++) {
		buf_puts(out, "    warning: ");
		term_cell(out, engine_warning_text(res, i), 0);
		buf_putc(out, '\n');
	}
}

/* ---- public ---- */

struct report *
report_new(FILE *fp, const char *name, const struct report_opts *opts,
    const struct report_meta *meta)
{
	struct report *r = xcalloc(1, sizeof(*r));
	size_t i;

	r->fp = fp;
	r->name = xstrdup(name && strcmp(name, "-") != 0 ? name :
	    "standard output");
	r->opts = *opts;
	buf_init(&r->out);
	buf_init(&r->cell);
	buf_init(&r->tmp);
	switch (r->opts.format) {
	case REPORT_CSV:
		if (r->opts.bom)
			buf_puts(&r->out, "\xEF\xBB\xBF");
		for (i = 0; i < CSV_NCOLUMNS; i++)
			csv_cell(&r->out, slice_of(csv_columns[i]), i == 0);
		buf_puts(&r->out, "\r\n");
		break;
	case REPORT_JSON:
		buf_puts(&r->out, "{\"tool\":\"ldfix\",\"version\":");
		json_cstr(&r->out, meta ? meta->version : NULL);
		buf_puts(&r->out, ",\"command\":");
		json_cstr(&r->out, meta ? meta->command : NULL);
		buf_puts(&r->out, ",\"input\":");
		json_cstr(&r->out, meta ? meta->input_name : NULL);
		buf_puts(&r->out, ",\"input_sha256\":");
		json_cstr(&r->out, meta ? meta->input_sha256 : NULL);
		buf_puts(&r->out, ",\"rules_sha256\":");
		json_cstr(&r->out, meta ? meta->rules_sha256 : NULL);
		buf_puts(&r->out, ",\"items\":[");
		break;
	case REPORT_TABLE:
		term_cell(&r->out, slice_of("SAMACCOUNTNAME"), TABLE_SAM_W);
		buf_putc(&r->out, ' ');
		term_cell(&r->out, slice_of("RULE"), TABLE_RULE_W);
		buf_putc(&r->out, ' ');
		term_cell(&r->out, slice_of("CLASS"), TABLE_CLASS_W);
		buf_puts(&r->out, " DN\n");
		break;
	case REPORT_HTML:
		r->html = report_html_new(fp, meta);
		break;
	}
	emit(r);
	return r;
}

void
report_add(struct report *r, const struct report_item *it)
{
	size_t i;

	switch (r->opts.format) {
	case REPORT_CSV:
		if (it->nchanges == 0)
			csv_row(r, it, NULL);
		for (i = 0; i < it->nchanges; i++)
			csv_row(r, it, &it->changes[i]);
		break;
	case REPORT_JSON:
		json_item(r, it);
		break;
	case REPORT_TABLE:
		table_item(r, it);
		break;
	case REPORT_HTML:
		report_html_add(r->html, it);
		break;
	}
	r->items++;
	emit(r);
}

int
report_finish(struct report *r, const struct report_counts *c,
    struct diag *d)
{
	int rc = 0;

	if (r->opts.format == REPORT_JSON) {
		buf_puts(&r->out, r->items ? "\n]," : "],");
		buf_puts(&r->out, "\"counts\":{");
		if (c)
			buf_printf(&r->out, "\"entries\":%llu,"
			    "\"selected\":%llu,\"matched\":%llu,"
			    "\"changed\":%llu,\"warnings\":%llu",
			    c->entries, c->selected, c->matched, c->changed,
			    c->warnings);
		buf_puts(&r->out, "}}\n");
		emit(r);
	}
	if (r->html) {
		int e = report_html_finish(r->html, c);

		if (r->err == 0)
			r->err = e;
	}
	if (r->err == 0 && fflush(r->fp) != 0)
		r->err = errno ? errno : EIO;
	if (r->err != 0) {
		if (d)
			diag_set(d, r->name, 0, 0, "cannot write report: %s",
			    strerror(r->err));
		rc = -1;
	}
	buf_release(&r->out);
	buf_release(&r->cell);
	buf_release(&r->tmp);
	free(r->name);
	free(r);
	return rc;
}
