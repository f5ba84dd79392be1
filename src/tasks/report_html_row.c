/*
 * report_html_row.c: one row of the HTML report's entry table per item
 * (report_html.h), rendered into h->out and appended to the spool. Also
 * counts what the summary needs: rows, report-only rows, changed
 * attributes, entries per classification label and hits per rule.
 */
#include "tasks/report_html_impl.h"

#include <stdio.h>
#include <string.h>

#include "base/dn.h"
#include "base/num.h"
#include "base/sha256.h"
#include "ldif/display.h"
#include "tasks/report_impl.h"

#define first_value report_first_value

/* v as display.h shows a name, HTML-escaped, into out (tmp: scratch). */
static void
esc_display(struct buf *out, struct buf *tmp, struct slice v, bool attr)
{
	buf_reset(tmp);
	display_text(tmp, v, DISPLAY_WHOLE);
	report_html_esc(out, buf_slice(tmp), attr);
}

/* The row's anchor, "e-" and 16 hex digits of the SHA-256 of the
 * normalized DN (of the DN as exported when it is not valid). */
#define ROW_ID_LEN 18

static void
row_id(struct report_html *h, struct slice dn, char id[ROW_ID_LEN + 1])
{
	char hex[SHA256_HEX_LEN + 1];

	buf_reset(&h->tmp);
	if (dn_normalize(dn, &h->tmp) < 0) {
		buf_reset(&h->tmp);
		buf_putslice(&h->tmp, dn);
	}
	sha256_mem_hex(h->tmp.p, h->tmp.n, hex);
	snprintf(id, ROW_ID_LEN + 1, "e-%.16s", hex);
}

/* Where the first RDN of dn ends (its unescaped ',') or dn.n. */
static size_t
first_rdn_end(struct slice dn)
{
	size_t i;

	for (i = 0; i < dn.n; i++) {
		if (dn.p[i] == '\\')
			i++;
		else if (dn.p[i] == ',')
			return i;
	}
	return dn.n;
}

/* The value of a one-part RDN with its escapes undone, into out; false
 * (out unspecified) when it is not of that simple form. */
static bool
rdn_value(struct slice rdn, struct buf *out)
{
	const unsigned char *eq = memchr(rdn.p, '=', rdn.n);
	size_t i;

	if (eq == NULL || eq == rdn.p)
		return false;
	for (i = (size_t)(eq - rdn.p) + 1; i < rdn.n; i++) {
		unsigned char c = rdn.p[i];

		if (c == '+')
			return false;
		if (c != '\\') {
			buf_putc(out, c);
		} else if (i + 2 < rdn.n && num_hex_digit(rdn.p[i + 1]) >= 0 &&
		    num_hex_digit(rdn.p[i + 2]) >= 0) {
			buf_putc(out, num_hex_digit(rdn.p[i + 1]) * 16 +
			    num_hex_digit(rdn.p[i + 2]));
			i += 2;
		} else if (i + 1 < rdn.n) {
			buf_putc(out, rdn.p[++i]);
		}
	}
	return out->n > 0;
}

/* The DN cell: the name (first RDN's value) linked to the row, and the
 * container it is in. */
static void
put_dn_cell(struct report_html *h, struct slice dn, const char *id)
{
	size_t end = first_rdn_end(dn);
	struct slice rdn = slice_mem(dn.p, end);

	buf_printf(&h->out, "<td class=\"dn\"><a href=\"#%s\">", id);
	if (!display_is_text(dn)) {
		/* Not plain text: shown as every output shows it. */
		esc_display(&h->out, &h->tmp, dn, false);
		buf_puts(&h->out, "</a></td>");
		return;
	}
	buf_reset(&h->tmp);
	if (rdn_value(rdn, &h->tmp))
		report_html_esc(&h->out, buf_slice(&h->tmp), false);
	else
		report_html_esc(&h->out, rdn, false);
	buf_puts(&h->out, "</a>");
	if (end < dn.n) {
		struct slice rest = slice_mem(dn.p + end + 1, dn.n - end - 1);
		size_t next;

		buf_puts(&h->out, "<small>");
		while ((next = first_rdn_end(rest)) < rest.n) {
			report_html_esc(&h->out, slice_mem(rest.p, next + 1), false);
			buf_puts(&h->out, "<wbr>");
			rest.p += next + 1;
			rest.n -= next + 1;
		}
		report_html_esc(&h->out, rest, false);
		buf_puts(&h->out, "</small>");
	}
	buf_puts(&h->out, "</td>");
}

static void
put_text_cell(struct buf *out, struct slice v, const char *cls)
{
	struct buf tmp = BUF_INIT;

	buf_puts(out, cls ? "<td class=\"" : "<td>");
	if (cls) {
		buf_puts(out, cls);
		buf_puts(out, "\">");
	}
	if (v.n > 0)
		esc_display(out, &tmp, v, false);
	else
		buf_puts(out, "<span class=\"none\">\xE2\x80\x94</span>");
	buf_puts(out, "</td>");
	buf_release(&tmp);
}

/* A UPN, with a line break allowed before its '@'. */
static void
put_upn_cell(struct buf *out, struct slice upn)
{
	const unsigned char *at = upn.n ? memchr(upn.p, '@', upn.n) : NULL;

	if (at == NULL || at == upn.p || !display_is_text(upn)) {
		put_text_cell(out, upn, NULL);
		return;
	}
	buf_puts(out, "<td>");
	report_html_esc(out, slice_mem(upn.p, (size_t)(at - upn.p)), false);
	buf_puts(out, "<wbr>");
	report_html_esc(out, slice_mem(at, upn.n - (size_t)(at - upn.p)), false);
	buf_puts(out, "</td>");
}

/* Enabled or disabled, from userAccountControl bit 0x2 (ACCOUNTDISABLE). */
static void
put_account_cell(struct buf *out, struct slice uac)
{
	struct num v;

	if (num_parse(uac, 0, &v) != NUM_OK)
		buf_puts(out, "<td><span class=\"pill unk\">unknown</span></td>");
	else if (num_bits(v) & 2)
		buf_puts(out, "<td><span class=\"pill off\">disabled</span></td>");
	else
		buf_puts(out, "<td><span class=\"pill on\">enabled</span></td>");
}

/* The colour index of label, registering it on first sight. */
static size_t
label_index(struct report_html *h, const char *label)
{
	size_t i;

	for (i = 0; i < h->nlabels; i++)
		if (strcmp(h->labels[i].name, label) == 0)
			return i;
	grow_array(&h->labels, &h->labels_cap, h->nlabels + 1,
	    sizeof(*h->labels));
	h->labels[h->nlabels].name = xstrdup(label);
	h->labels[h->nlabels].changed = h->labels[h->nlabels].report_only = 0;
	return h->nlabels++;
}

static void
count_rule(struct report_html *h, const char *id)
{
	size_t i;

	for (i = 0; i < h->nrules; i++)
		if (strcmp(h->rules[i].id, id) == 0)
			break;
	if (i == h->nrules) {
		grow_array(&h->rules, &h->rules_cap, h->nrules + 1,
		    sizeof(*h->rules));
		h->rules[i].id = xstrdup(id);
		h->rules[i].hits = 0;
		h->nrules++;
	}
	h->rules[i].hits++;
}

/* Does an earlier hit of res carry the same label as hit k? */
static bool
label_seen(const struct engine_result *res, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (res->hits[i].label &&
		    strcmp(res->hits[i].label, res->hits[k].label) == 0)
			return true;
	return false;
}

/* data-classification: the item's distinct labels, counted as we go. */
static void
put_classes_attr(struct report_html *h, const struct report_item *it)
{
	const struct engine_result *res = it->res;
	bool changed = it->nchanges > 0, any = false;
	size_t i, k;

	buf_puts(&h->out, " data-classification=\"");
	for (i = 0; res && i < res->nhits; i++) {
		if (res->hits[i].label == NULL || label_seen(res, i))
			continue;
		k = label_index(h, res->hits[i].label);
		if (changed)
			h->labels[k].changed++;
		else
			h->labels[k].report_only++;
		if (any)
			buf_putc(&h->out, ' ');
		report_html_esc_cstr(&h->out, res->hits[i].label, true);
		any = true;
	}
	if (!any) {
		if (changed)
			h->none_changed++;
		else
			h->none_report_only++;
	}
	buf_putc(&h->out, '"');
}

static void
put_rule_cells(struct report_html *h, const struct report_item *it)
{
	const struct engine_result *res = it->res;
	size_t i, k;
	bool any = false;

	buf_puts(&h->out, "<td class=\"r\">");
	for (i = 0; res && i < res->nhits; i++) {
		const char *id = res->hits[i].rule ? res->hits[i].rule->id :
		    NULL;

		if (id == NULL)
			continue;
		count_rule(h, id);
		if (any)
			buf_puts(&h->out, "<br>");
		report_html_esc_cstr(&h->out, id, false);
		any = true;
	}
	buf_puts(&h->out, "</td><td>");
	any = false;
	for (i = 0; res && i < res->nhits; i++) {
		if (res->hits[i].label == NULL || label_seen(res, i))
			continue;
		k = label_index(h, res->hits[i].label);
		buf_printf(&h->out, "<span class=\"pill k%zu\">",
		    k % HTML_COLOURS);
		report_html_esc_cstr(&h->out, res->hits[i].label, false);
		buf_puts(&h->out, "</span>");
		any = true;
	}
	if (!any)
		buf_puts(&h->out, "<span class=\"none\">\xE2\x80\x94</span>");
	buf_puts(&h->out, "</td>");
}

/* Values of one side of a change: each in its own del or ins. */
static void
put_values(struct report_html *h, const char *tag, struct slice attr,
    const struct slice *vals, size_t n)
{
	size_t i;

	if (n == 0) {
		buf_puts(&h->out, "<span class=\"none\">(absent)</span>");
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&h->out, ' ');
		buf_printf(&h->out, "<%s>", tag);
		buf_reset(&h->tmp);
		report_put_value(&h->tmp, attr, vals[i]);
		if (h->tmp.n == 0)
			buf_puts(&h->out, "<span class=\"none\">(empty)</span>");
		else
			report_html_esc(&h->out, buf_slice(&h->tmp), false);
		buf_printf(&h->out, "</%s>", tag);
	}
}

static void
put_changes_cell(struct report_html *h, const struct report_item *it)
{
	size_t i;

	buf_puts(&h->out, "<td>");
	if (it->nchanges == 0)
		buf_puts(&h->out, "<span class=\"none\">report only: "
		    "nothing to change</span>");
	else
		buf_puts(&h->out, "<ul class=\"ch\">");
	for (i = 0; i < it->nchanges; i++) {
		const struct report_change *c = &it->changes[i];

		buf_puts(&h->out, "<li><code>");
		report_html_esc(&h->out, c->attr, false);
		buf_puts(&h->out, "</code> ");
		put_values(h, "del", c->attr, c->before, c->nbefore);
		buf_puts(&h->out, "<span class=\"to\">\xE2\x86\x92</span>");
		put_values(h, "ins", c->attr, c->after, c->nafter);
		buf_puts(&h->out, "</li>");
	}
	if (it->nchanges > 0)
		buf_puts(&h->out, "</ul>");
	buf_puts(&h->out, "</td>");
}

/* The warnings of an entry: a full-width row right under it. */
static void
put_warning_row(struct report_html *h, const struct engine_result *res)
{
	size_t i;

	if (res == NULL || res->nwarnings == 0)
		return;
	buf_printf(&h->out, "<tr class=\"w\"><td colspan=\"%d\"><ul>",
	    HTML_COLUMNS);
	for (i = 0; i < res->nwarnings; i++) {
		buf_puts(&h->out, "<li><b>\xE2\x9A\xA0 Warning:</b> ");
		report_html_esc(&h->out, engine_warning_text(res, i), false);
		buf_puts(&h->out, "</li>");
	}
	buf_puts(&h->out, "</ul></td></tr>\n");
}

/*
 * The owner: the master account the mailbox is linked to, as exported;
 * with --accounts (it->owner) also what the join found: its status as a
 * pill and, when found, DOMAIN\sAMAccountName, above the SID.
 */
static void
put_owner_cell(struct report_html *h, const struct report_item *it)
{
	static const char attr[] = "msExchMasterAccountSid";
	const struct engine_owner *o = it->owner;
	struct slice v = first_value(it->entry, attr);

	buf_puts(&h->out, "<td class=\"m\">");
	if (o != NULL) {
		buf_printf(&h->out, "<span class=\"pill %s\">%s</span> ",
		    o->status == OWNER_ENABLED ? "on" :
		    o->status == OWNER_DISABLED ? "off" : "unk",
		    rules_owner_status_name(o->status));
		if (o->account != NULL) {
			buf_reset(&h->tmp);
			report_put_owner_name(&h->tmp, o);
			report_html_esc(&h->out, buf_slice(&h->tmp), false);
			buf_puts(&h->out, "<br>");
		}
	}
	buf_reset(&h->tmp);
	if (v.n == 0) {
		buf_puts(&h->out, "<span class=\"none\">\xE2\x80\x94</span>");
	} else {
		report_put_value(&h->tmp, slice_of(attr), v);
		report_html_esc(&h->out, buf_slice(&h->tmp), false);
	}
	buf_puts(&h->out, "</td>");
}

void
report_html_add(struct report_html *h, const struct report_item *it)
{
	const struct entry *e = it->entry;
	char id[ROW_ID_LEN + 1];

	h->items++;
	h->attributes += it->nchanges;
	if (it->nchanges == 0)
		h->report_only++;
	row_id(h, e->dn, id);
	buf_printf(&h->out, "<tr id=\"%s\" data-dn=\"", id);
	esc_display(&h->out, &h->tmp, e->dn, true);
	buf_putc(&h->out, '"');
	put_classes_attr(h, it);
	if (it->res && it->res->nwarnings > 0)
		buf_printf(&h->out, " data-warnings=\"%zu\"", it->res->nwarnings);
	buf_puts(&h->out, ">");
	put_dn_cell(h, e->dn, id);
	put_text_cell(&h->out, first_value(e, "sAMAccountName"), "m");
	put_upn_cell(&h->out, first_value(e, "userPrincipalName"));
	put_account_cell(&h->out, first_value(e, "userAccountControl"));
	put_rule_cells(h, it);
	put_owner_cell(h, it);
	put_changes_cell(h, it);
	buf_puts(&h->out, "</tr>\n");
	put_warning_row(h, it->res);
	if (h->spool)
		report_html_flush(h, h->spool);
	else
		buf_reset(&h->out);
}
