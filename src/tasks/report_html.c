/*
 * report_html.c: the HTML review report of report_html.h.
 *
 * The head goes to the page at once; each row is rendered into one reused
 * buffer and appended to an unlinked temporary file (the spool); finish
 * writes the summary (tiles, charts, the filter form), copies the spool
 * behind it and ends with the script. What stays in memory is a few
 * counters per classification label and per rule (both come from the rule
 * files, so their number does not grow with the export). The report owns
 * the spool and its copies of labels and rule ids; it borrows fp.
 */
#include "tasks/report_html_impl.h"
#include "tasks/report_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/sha256.h"
#include "base/sid.h"

/* Rows handed to the page per copy from the spool. */
#define HTML_COPY_CHUNK 65536
/* From this many rows on, the browser skips rendering the rows out of
 * view (content-visibility: a 25,000-row page loads in a fraction of the
 * time); smaller pages keep every row rendered for assistive technology. */
#define HTML_MANY 500

/* ---- output ---- */

static void
write_bytes(struct report_html *h, FILE *fp, const void *p, size_t n)
{
	if (n == 0 || h->err != 0)
		return;
	errno = 0;
	if (fwrite(p, 1, n, fp) != n)
		h->err = errno ? errno : EIO;
}

void
report_html_flush(struct report_html *h, FILE *fp)
{
	write_bytes(h, fp, h->out.p, h->out.n);
	buf_reset(&h->out);
}

static void
put_chunks(struct buf *out, const char *const *chunks)
{
	for (; *chunks; chunks++)
		buf_puts(out, *chunks);
}

/* 'sha256-BASE64' of the concatenated chunks, as CSP wants it. */
static void
put_csp_hash(struct buf *out, const char *const *chunks)
{
	unsigned char digest[SHA256_DIGEST_LEN];
	struct sha256 s;

	sha256_init(&s);
	for (; *chunks; chunks++)
		sha256_update(&s, *chunks, strlen(*chunks));
	sha256_final(&s, digest);
	buf_puts(out, "'sha256-");
	base64_encode(out, slice_mem(digest, sizeof(digest)));
	buf_putc(out, '\'');
}

/* A count with thousands separators: 25,000. */
static void
put_count(struct buf *out, unsigned long long v)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%llu", v), i;

	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_putc(out, ',');
		buf_putc(out, digits[i]);
	}
}

/* ---- escaping ---- */

/* Code points that could hide text or reorder it on screen. */
static bool
screen_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/* A visible stand-in for a code point (\uXXXX) or a stray byte (\xHH):
 * in text a marked span, in an attribute plain. */
static void
put_mark(struct buf *out, bool attr, bool byte, unsigned long v)
{
	if (!attr)
		buf_puts(out, "<span class=\"x\">");
	if (byte)
		buf_printf(out, "\\x%02lX", v);
	else
		buf_printf(out, "\\u%04lX", v);
	if (!attr)
		buf_puts(out, "</span>");
}

void
report_html_esc(struct buf *out, struct slice v, bool attr)
{
	size_t i = 0, len;
	unsigned long cp;

	while (i < v.n) {
		unsigned char c = v.p[i];

		if (c >= 0x80) {
			len = utf8_decode(v.p + i, v.n - i, &cp);
			if (len == 0)
				put_mark(out, attr, true, c), len = 1;
			else if (screen_control(cp))
				put_mark(out, attr, false, cp);
			else
				buf_put(out, v.p + i, len);
			i += len;
			continue;
		}
		switch (c) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"':
			buf_puts(out, attr ? "&quot;" : "\"");
			break;
		case '\'':
			buf_puts(out, attr ? "&#39;" : "'");
			break;
		default:
			if (screen_control(c))
				put_mark(out, attr, false, c);
			else
				buf_putc(out, c);
		}
		i++;
	}
}

void
report_html_esc_cstr(struct buf *out, const char *s, bool attr)
{
	report_html_esc(out, slice_of(s ? s : ""), attr);
}

/* ---- the head ---- */

static void
put_meta_row(struct buf *out, const char *term, const char *value,
    const char *cls)
{
	buf_printf(out, "<dt>%s</dt><dd%s%s%s>", term, cls ? " class=\"" : "",
	    cls ? cls : "", cls ? "\"" : "");
	if (value && *value)
		report_html_esc_cstr(out, value, false);
	else
		buf_puts(out, "<span class=\"none\">none</span>");
	buf_puts(out, "</dd>\n");
}

static void
put_head(struct buf *out, const struct report_meta *m)
{
	const char *cmd = m && m->command ? m->command : "plan";
	const char *input = m && m->input_name ? m->input_name : "-";

	if (strcmp(input, "-") == 0)
		input = "standard input";
	buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; script-src ");
	put_csp_hash(out, report_html_js);
	buf_puts(out, "; style-src ");
	put_csp_hash(out, report_html_css);
	buf_puts(out, "; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"ldfix ");
	report_html_esc_cstr(out, m ? m->version : NULL, true);
	buf_puts(out, "\">\n<title>ldfix ");
	report_html_esc_cstr(out, cmd, false);
	buf_puts(out, " review: ");
	report_html_esc_cstr(out, input, false);
	buf_puts(out, "</title>\n<style>");
	put_chunks(out, report_html_css);
	buf_puts(out, "</style>\n</head>\n<body>\n<header class=\"top\">\n"
	    "<h1>Change review <span>");
	report_html_esc_cstr(out, input, false);
	buf_puts(out, "</span></h1>\n<p>What <code>ldfix ");
	report_html_esc_cstr(out, cmd, false);
	buf_puts(out, "</code> would change in this export, entry by entry. "
	    "Nothing was changed in the directory.</p>\n<dl class=\"meta\">\n");
	put_meta_row(out, "Input", input, NULL);
	put_meta_row(out, "ldfix", m ? m->version : NULL, NULL);
	put_meta_row(out, "Input SHA-256", m ? m->input_sha256 : NULL, "m");
	put_meta_row(out, "Rules SHA-256", m ? m->rules_sha256 : NULL, "m");
	put_meta_row(out, "Options", m ? m->options : NULL, "m wide");
	buf_puts(out, "</dl>\n</header>\n<main>\n");
}

/* ---- summary ---- */

static void
put_tile(struct buf *out, const char *name, const char *label,
    unsigned long long v, const char *cls)
{
	buf_printf(out, "<div class=\"tile%s%s\" data-count=\"%s\">"
	    "<span class=\"n\">", cls ? " " : "", cls ? cls : "", name);
	put_count(out, v);
	buf_printf(out, "</span><span class=\"l\">%s</span></div>\n", label);
}

static void
put_tiles(struct report_html *h, const struct report_counts *c)
{
	struct buf *out = &h->out;

	buf_puts(out, "<section class=\"tiles\" aria-label=\"Summary\">\n");
	put_tile(out, "entries", "entries read", c->entries, NULL);
	put_tile(out, "selected", "selected", c->selected, NULL);
	put_tile(out, "matched", "matched a rule", c->matched, NULL);
	put_tile(out, "changed", "entries to change", c->changed,
	    c->changed ? "chg" : "zero");
	put_tile(out, "attributes", "attributes to change", h->attributes,
	    h->attributes ? "chg" : "zero");
	put_tile(out, "report_only", "report only", h->report_only,
	    h->report_only ? NULL : "zero");
	put_tile(out, "warnings", "warnings", c->warnings,
	    c->warnings ? "wrn" : "zero");
	buf_puts(out, "</section>\n");
}

/* One bar of a chart: a label, a solid part and a light part. */
struct html_bar {
	const char *name;       /* NULL: "(no classification)" */
	const char *cls;        /* colour class */
	unsigned long long solid, light;
};

/* Chart geometry in SVG units (pixels at 100%): rows, bars, label column
 * sized for the longest name at about 7 units per character. */
#define CHART_ROW 21
#define CHART_BAR_W 300
#define CHART_CHAR_W 7

static const char *
bar_name(const struct html_bar *b)
{
	return b->name ? b->name : "(no classification)";
}

static void
put_bar(struct buf *out, const struct html_bar *b, size_t y,
    unsigned long long label_w, unsigned long long max)
{
	unsigned long long ws = b->solid * CHART_BAR_W / max;
	unsigned long long wl = b->light * CHART_BAR_W / max;

	buf_puts(out, "<g><title>");
	report_html_esc_cstr(out, bar_name(b), false);
	buf_printf(out, ": %llu", b->solid);
	if (b->light)
		buf_printf(out, " to change, %llu report only", b->light);
	buf_printf(out, "</title><text x=\"%llu\" y=\"%zu\" "
	    "text-anchor=\"end\">", label_w - 8, y + 14);
	report_html_esc_cstr(out, bar_name(b), false);
	buf_printf(out, "</text><rect class=\"%s\" x=\"%llu\" y=\"%zu\" "
	    "width=\"%llu\" height=\"17\" rx=\"3\"/>", b->cls, label_w, y + 1,
	    ws);
	if (wl)
		buf_printf(out, "<rect class=\"%s ro\" x=\"%llu\" y=\"%zu\" "
		    "width=\"%llu\" height=\"17\" rx=\"3\"/>", b->cls,
		    label_w + ws, y + 1, wl);
	buf_printf(out, "<text class=\"c\" x=\"%llu\" y=\"%zu\">",
	    label_w + ws + wl + 6, y + 14);
	put_count(out, b->solid + b->light);
	buf_puts(out, "</text></g>\n");
}

static void
put_chart(struct buf *out, const char *title, const char *note,
    const struct html_bar *bars, size_t n)
{
	unsigned long long max = 1, label_w = 80, w;
	size_t i, height = n * CHART_ROW + 2;

	for (i = 0; i < n; i++) {
		if (bars[i].solid + bars[i].light > max)
			max = bars[i].solid + bars[i].light;
		w = strlen(bar_name(&bars[i])) * CHART_CHAR_W + 16;
		if (w > label_w)
			label_w = w < 320 ? w : 320;
	}
	w = label_w + CHART_BAR_W + 70;
	buf_puts(out, "<figure><figcaption>");
	buf_puts(out, title);
	if (note)
		buf_printf(out, "<small>%s</small>", note);
	buf_printf(out, "</figcaption>\n<svg role=\"img\" aria-label=\"%s\" "
	    "viewBox=\"0 0 %llu %zu\" width=\"%llu\" height=\"%zu\">\n",
	    title, w, height, w, height);
	for (i = 0; i < n; i++)
		put_bar(out, &bars[i], i * CHART_ROW, label_w, max);
	buf_puts(out, "</svg></figure>\n");
}

/* The domains of master accounts in another domain than their mailbox,
 * with how many mailboxes each owns: whether an account forest is still
 * in use is the first question before converting. */
static void
put_domain_chart(struct report_html *h, const struct report_counts *c)
{
	struct html_bar *bars;
	struct buf names = BUF_INIT;
	size_t *at, i;

	if (c->ndomains == 0)
		return;
	bars = xreallocarray(NULL, c->ndomains, sizeof(*bars));
	at = xreallocarray(NULL, c->ndomains, sizeof(*at));
	for (i = 0; i < c->ndomains; i++) {
		at[i] = names.n;
		if (sid_format(c->domains[i].sid, &names) < 0)
			buf_putc(&names, '?');
		buf_putc(&names, '\0');
	}
	for (i = 0; i < c->ndomains; i++) {
		bars[i].name = (const char *)names.p + at[i];
		bars[i].cls = "kn";
		bars[i].solid = c->domains[i].mailboxes;
		bars[i].light = 0;
	}
	put_chart(&h->out, "Mailboxes by master account domain",
	    "domains other than the mailbox's own", bars, c->ndomains);
	free(at);
	free(bars);
	buf_release(&names);
}

/* With --accounts: the linked mailboxes by the status of their owner. */
static void
put_owner_chart(struct report_html *h, const struct report_counts *c)
{
	struct html_bar bars[OWNER_NSTATUS];
	size_t i;

	if (c->owners == NULL)
		return;
	for (i = 0; i < OWNER_NSTATUS; i++) {
		bars[i].name = rules_owner_status_name((enum owner_status)i);
		bars[i].cls = "kn";
		bars[i].solid = c->owners[i];
		bars[i].light = 0;
	}
	put_chart(&h->out, "Linked mailboxes by owner status",
	    "from the account forests' exports", bars, OWNER_NSTATUS);
}

/*
 * The charts, from what report_html_add counted and the run's counts.
 */
static void
put_charts(struct report_html *h, const struct report_counts *c)
{
	static const char *const colour[HTML_COLOURS] = {
		"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"
	};
	struct html_bar *bars;
	size_t i, n = 0, max = h->nlabels + 1;

	if (h->nrules > max)
		max = h->nrules;
	bars = xreallocarray(NULL, max, sizeof(*bars));
	for (i = 0; i < h->nlabels; i++, n++) {
		bars[n].name = h->labels[i].name;
		bars[n].cls = colour[i % HTML_COLOURS];
		bars[n].solid = h->labels[i].changed;
		bars[n].light = h->labels[i].report_only;
	}
	if (h->none_changed + h->none_report_only > 0) {
		bars[n].name = NULL;
		bars[n].cls = "kn";
		bars[n].solid = h->none_changed;
		bars[n].light = h->none_report_only;
		n++;
	}
	buf_puts(&h->out, "<section class=\"charts\">\n");
	put_chart(&h->out, "Entries by classification",
	    "<span class=\"key\"></span>to change"
	    "<span class=\"key ro\"></span>report only", bars, n);
	for (i = 0; i < h->nrules; i++) {
		bars[i].name = h->rules[i].id;
		bars[i].cls = "kn";
		bars[i].solid = h->rules[i].hits;
		bars[i].light = 0;
	}
	put_chart(&h->out, "Hits by rule", NULL, bars, h->nrules);
	put_domain_chart(h, c);
	put_owner_chart(h, c);
	buf_puts(&h->out, "</section>\n");
	free(bars);
}

/* The table head and the filter form (shown by the script). */
static void
put_table_head(struct report_html *h)
{
	/* Column widths are in the style sheet (th:nth-child). */
	static const char *const cols[][2] = {
		{ "dn", "Entry" },
		{ "sam", "sAMAccount<wbr>Name" },
		{ "upn", "UPN" },
		{ "account", "Account" },
		{ "rule", "Rule" },
		{ "class", "Classification" },
		{ "owner", "Owner (master account)" },
		{ "changes", "Changes" },
	};
	struct buf *out = &h->out;
	size_t i;

	buf_puts(out, "<section aria-label=\"Entries\">\n<div class=\"bar\">"
	    "<h2>Entries</h2>\n<form id=\"tools\" class=\"tools\" role=\"search\" hidden>"
	    "<input id=\"q\" type=\"search\" placeholder=\"Filter: name, DN, "
	    "SID, attribute, warning\" aria-label=\"Filter rows\">"
	    "<select id=\"cls\" aria-label=\"Classification\">"
	    "<option value=\"\">All classifications</option>");
	for (i = 0; i < h->nlabels; i++) {
		buf_puts(out, "<option value=\"");
		report_html_esc_cstr(out, h->labels[i].name, true);
		buf_puts(out, "\">");
		report_html_esc_cstr(out, h->labels[i].name, false);
		buf_puts(out, "</option>");
	}
	if (h->none_changed + h->none_report_only > 0)
		buf_puts(out, "<option value=\"-\">(no classification)</option>");
	buf_puts(out, "</select><output id=\"shown\"></output></form></div>\n"
	    "<table id=\"rows\"");
	if (h->items > HTML_MANY)
		buf_puts(out, " class=\"many\"");
	buf_puts(out, ">\n<thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		buf_printf(out, "<th scope=\"col\" data-col=\"%s\">%s</th>",
		    cols[i][0], cols[i][1]);
	buf_puts(out, "</tr></thead>\n<tbody>\n");
}

/* ---- public ---- */

struct report_html *
report_html_open(FILE *fp)
{
	struct report_html *h = xcalloc(1, sizeof(*h));

	h->fp = fp;
	buf_init(&h->out);
	buf_init(&h->tmp);
	h->version = xstrdup("");
	errno = 0;
	h->spool = tmpfile();
	if (h->spool == NULL)
		h->err = errno ? errno : EIO;
	return h;
}

void
report_html_head(struct report_html *h, FILE *fp,
    const struct report_meta *meta)
{
	free(h->version);
	h->version = xstrdup(meta && meta->version ? meta->version : "");
	put_head(&h->out, meta);
	report_html_flush(h, fp);
}

struct report_html *
report_html_new(FILE *fp, const struct report_meta *meta)
{
	struct report_html *h = report_html_open(fp);

	report_html_head(h, fp, meta);
	return h;
}

/* Copy the spooled rows into the page. */
static void
copy_spool(struct report_html *h)
{
	unsigned char chunk[HTML_COPY_CHUNK];
	size_t n;

	if (h->err != 0)
		return;
	if (fflush(h->spool) != 0 || fseek(h->spool, 0, SEEK_SET) != 0) {
		h->err = errno ? errno : EIO;
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), h->spool)) > 0)
		write_bytes(h, h->fp, chunk, n);
	if (ferror(h->spool) && h->err == 0)
		h->err = errno ? errno : EIO;
}

int
report_html_finish(struct report_html *h, const struct report_counts *c)
{
	struct report_counts own;
	size_t i;
	int err;

	if (c == NULL) {
		memset(&own, 0, sizeof(own));
		own.entries = own.selected = own.matched = h->items;
		own.changed = h->items - h->report_only;
		c = &own;
	}
	put_tiles(h, c);
	put_charts(h, c);
	put_table_head(h);
	report_html_flush(h, h->fp);
	copy_spool(h);
	buf_puts(&h->out, "</tbody>\n</table>\n");
	if (h->items == 0)
		buf_puts(&h->out, "<p class=\"empty\">No entry matched a rule: "
		    "there is nothing to review.</p>\n");
	buf_puts(&h->out, "</section>\n</main>\n<footer>Written by ldfix ");
	report_html_esc_cstr(&h->out, h->version, false);
	buf_puts(&h->out, ". Values as exported; SIDs and GUIDs decoded; a "
	    "value without a text form is shown as base64:. Characters that "
	    "could hide or reorder text are shown as <span class=\"x\">"
	    "\\uXXXX</span>, bytes that are not UTF-8 as <span class=\"x\">"
	    "\\xHH</span>.</footer>\n<script>");
	put_chunks(&h->out, report_html_js);
	buf_puts(&h->out, "</script>\n</body>\n</html>\n");
	report_html_flush(h, h->fp);
	err = h->err;
	if (h->spool)
		fclose(h->spool);
	for (i = 0; i < h->nlabels; i++)
		free(h->labels[i].name);
	for (i = 0; i < h->nrules; i++)
		free(h->rules[i].id);
	free(h->labels);
	free(h->rules);
	free(h->version);
	buf_release(&h->out);
	buf_release(&h->tmp);
	free(h);
	return err;
}

/* ---- the format of report.h ---- */

static void
html_init(struct report *r)
{
	r->impl = report_html_open(r->fp);
}

static void
html_begin(struct report *r, const struct report_meta *meta)
{
	report_html_head(r->impl, r->fp, meta);
}

static void
html_item(struct report *r, const struct report_item *it)
{
	report_html_add(r->impl, it);
}

static void
html_end(struct report *r, const struct report_counts *c)
{
	int e = report_html_finish(r->impl, c);

	r->impl = NULL;
	if (r->err == 0)
		r->err = e;
}

const struct report_format_ops report_html_ops = {
	html_begin, html_item, html_end, html_init
};
