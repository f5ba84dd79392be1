/*
 * report_json.c: the JSON format of report.h. One object per run: the
 * header fields, "items" (one object per item, written as it comes) and
 * "counts" last. Every string is a display (display.h), so it is valid
 * UTF-8; only '"', '\\' and the JSON escapes remain to be quoted.
 */
#include "tasks/report_impl.h"

#include "base/sd.h"
#include "base/sid.h"
#include "ldif/display.h"
#include "tasks/leftover.h"

/* A JSON string of bytes known to be valid UTF-8 (a display). */
static void
json_string(struct buf *out, struct slice v)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < v.n; i++) {
		unsigned char c = v.p[i];

		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7F) {
				buf_puts(out, "\\u00");
				buf_putc(out, hex[c >> 4]);
				buf_putc(out, hex[c & 15]);
			} else {
				buf_putc(out, c);
			}
		}
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

/* "key":"display of v" (a DN or a name: whole). */
static void
json_field(struct report *r, const char *key, struct slice v)
{
	buf_reset(&r->tmp);
	display_text(&r->tmp, v, DISPLAY_WHOLE);
	buf_printf(&r->out, "\"%s\":", key);
	json_string(&r->out, buf_slice(&r->tmp));
}

static void
json_values(struct report *r, const char *key, struct slice attr,
    const struct slice *vals, size_t n)
{
	size_t i;

	buf_printf(&r->out, "\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i)
			buf_putc(&r->out, ',');
		buf_reset(&r->tmp);
		report_put_value(&r->tmp, attr, vals[i]);
		json_string(&r->out, buf_slice(&r->tmp));
	}
	buf_putc(&r->out, ']');
}

/* --accounts: "accounts":[{"file":..., "sha256":...}]. */
static void
json_accounts(struct report *r, const struct report_meta *meta)
{
	size_t i;

	buf_puts(&r->out, ",\"accounts\":[");
	for (i = 0; i < meta->naccounts; i++) {
		buf_puts(&r->out, i ? ",{" : "{");
		json_field(r, "file", slice_of(meta->accounts[i]));
		buf_puts(&r->out, ",\"sha256\":");
		json_cstr(&r->out, meta->accounts_sha256[i]);
		buf_putc(&r->out, '}');
	}
	buf_putc(&r->out, ']');
}

/* --accounts: "owner":{"sid", "status"} and, when found,
 * "sAMAccountName", "userPrincipalName", "dn", "enabled", "via" and
 * "lastLogon" (lastLogonTimestamp as UTC, "never", or null). */
static void
json_owner(struct report *r, const struct engine_owner *o)
{
	struct buf *out = &r->out;

	buf_puts(out, ",\"owner\":{\"sid\":");
	buf_reset(&r->tmp);
	if (sid_format(o->sid, &r->tmp) == 0)
		json_string(out, buf_slice(&r->tmp));
	else
		buf_puts(out, "null");
	buf_puts(out, ",\"status\":");
	json_cstr(out, rules_owner_status_name(o->status));
	if (o->account != NULL) {
		buf_putc(out, ',');
		json_field(r, "sAMAccountName",
		    report_owner_value(o, "sAMAccountName"));
		buf_putc(out, ',');
		json_field(r, "userPrincipalName",
		    report_owner_value(o, "userPrincipalName"));
		buf_putc(out, ',');
		json_field(r, "dn", o->account->dn);
		buf_printf(out, ",\"enabled\":%s,\"via\":\"%s\"",
		    o->status == OWNER_ENABLED ? "true" : "false",
		    o->via_history ? "sIDHistory" : "objectSid");
		buf_puts(out, ",\"lastLogon\":");
		buf_reset(&r->tmp);
		if (display_filetime(&r->tmp, report_owner_value(o,
		    "lastLogonTimestamp")))
			json_string(out, buf_slice(&r->tmp));
		else
			buf_puts(out, "null");
	}
	buf_putc(out, '}');
}

static void
json_begin(struct report *r, const struct report_meta *meta)
{
	struct buf *out = &r->out;

	buf_puts(out, "{\"tool\":\"ldfix\",\"version\":");
	json_cstr(out, meta ? meta->version : NULL);
	buf_puts(out, ",\"command\":");
	json_cstr(out, meta ? meta->command : NULL);
	buf_puts(out, ",\"input\":");
	json_cstr(out, meta ? meta->input_name : NULL);
	buf_puts(out, ",\"input_sha256\":");
	json_cstr(out, meta ? meta->input_sha256 : NULL);
	buf_puts(out, ",\"rules_sha256\":");
	json_cstr(out, meta ? meta->rules_sha256 : NULL);
	if (meta != NULL && meta->naccounts > 0)
		json_accounts(r, meta);
	buf_puts(out, ",\"items\":[");
}

/* "leftover_permissions" and "leftover_unchecked" of hit h (leftover.h). */
static void
json_leftover(struct report *r, const struct entry *e,
    const struct engine_result *res, const struct engine_hit *h)
{
	struct buf *out = &r->out;
	struct leftover_rights rights;
	const char *why;
	size_t k, j;

	buf_puts(out, ",\"leftover_permissions\":[");
	for (k = 0; k < h->naces; k++) {
		const struct engine_ace *a = &res->aces[h->first_ace + k];

		buf_puts(out, k ? ",{\"attribute\":" : "{\"attribute\":");
		json_string(out, a->attr);
		buf_reset(&r->tmp);
		display_value(&r->tmp, slice_of("objectSid"), a->sid,
		    DISPLAY_WHOLE);
		buf_puts(out, ",\"sid\":");
		json_string(out, buf_slice(&r->tmp));
		buf_printf(out, ",\"mask\":%lu,\"rights\":[",
		    (unsigned long)a->mask);
		leftover_rights(a, &rights);
		for (j = 0; j < rights.n; j++) {
			buf_puts(out, j ? "," : "");
			json_cstr(out, rights.names[j]);
		}
		if (rights.unnamed)
			buf_printf(out, "%s\"0x%lx\"", rights.n ? "," : "",
			    (unsigned long)rights.unnamed);
		buf_reset(&r->tmp);
		buf_puts(out, "],\"object_type\":");
		if (guid_format(a->object_type, &r->tmp) == 0)
			json_string(out, buf_slice(&r->tmp));
		else
			buf_puts(out, "null");
		buf_printf(out, ",\"inherited\":%s,\"command\":",
		    a->flags & SD_ACE_INHERITED ? "true" : "false");
		buf_reset(&r->tmp);
		if (leftover_put_command(&r->tmp, e, a, &why))
			json_string(out, buf_slice(&r->tmp));
		else
			buf_puts(out, "null");
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"leftover_unchecked\":[");
	for (k = 0; k < h->nunchecked; k++) {
		const struct engine_unchecked *u =
		    &res->unchecked[h->first_unchecked + k];

		buf_puts(out, k ? ",{\"attribute\":" : "{\"attribute\":");
		json_string(out, u->attr);
		buf_reset(&r->tmp);
		leftover_put_unchecked(&r->tmp, u);
		buf_puts(out, ",\"reason\":");
		json_string(out, buf_slice(&r->tmp));
		buf_putc(out, '}');
	}
	buf_putc(out, ']');
}

static void
json_hits(struct report *r, const struct entry *e,
    const struct engine_result *res)
{
	struct buf *out = &r->out;
	size_t i, j;

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
		buf_putc(out, ']');
		if (h->rule != NULL && h->rule->nleftover > 0)
			json_leftover(r, e, res, h);
		buf_putc(out, '}');
	}
	buf_putc(out, ']');
}

static void
json_item(struct report *r, const struct report_item *it)
{
	struct buf *out = &r->out;
	size_t i;

	buf_puts(out, r->items ? ",\n{" : "\n{");
	json_field(r, "dn", it->entry->dn);
	buf_putc(out, ',');
	json_field(r, "sAMAccountName",
	    report_first_value(it->entry, "sAMAccountName"));
	buf_putc(out, ',');
	json_field(r, "displayName",
	    report_first_value(it->entry, "displayName"));
	buf_putc(out, ',');
	json_field(r, "mail", report_first_value(it->entry, "mail"));
	if (r->owners && it->owner != NULL)
		json_owner(r, it->owner);
	json_hits(r, it->entry, it->res);
	buf_puts(out, ",\"changes\":[");
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

static void
json_end(struct report *r, const struct report_counts *c)
{
	size_t i;

	buf_puts(&r->out, r->items ? "\n]," : "],");
	buf_puts(&r->out, "\"foreign_domains\":[");
	for (i = 0; c && i < c->ndomains; i++) {
		buf_puts(&r->out, i ? ",{\"sid\":\"" : "{\"sid\":\"");
		if (sid_format(c->domains[i].sid, &r->out) < 0)
			buf_puts(&r->out, "?");
		buf_printf(&r->out, "\",\"mailboxes\":%llu}",
		    c->domains[i].mailboxes);
	}
	buf_puts(&r->out, "],\"counts\":{");
	if (c)
		buf_printf(&r->out, "\"entries\":%llu,\"selected\":%llu,"
		    "\"matched\":%llu,\"changed\":%llu,\"warnings\":%llu",
		    c->entries, c->selected, c->matched, c->changed,
		    c->warnings);
	if (c && c->owners) {
		buf_puts(&r->out, ",\"owners\":{");
		for (i = 0; i < OWNER_NSTATUS; i++)
			buf_printf(&r->out, "%s\"%s\":%llu", i ? "," : "",
			    rules_owner_status_name((enum owner_status)i),
			    c->owners[i]);
		buf_putc(&r->out, '}');
	}
	buf_puts(&r->out, "}}\n");
}

const struct report_format_ops report_json_ops = {
	json_begin, json_item, json_end, NULL
};
