/*
 * report.h: what a plan would change, for people and for scripts.
 *
 * Three renderers over one stream of items (one item per entry that a rule
 * hit, whether or not it changes anything):
 *
 *   table  fixed-width columns for a terminal: one line per entry
 *          (sAMAccountName, rules, classification, DN), then one indented
 *          line per changed attribute ("attr: old -> new") and per warning.
 *          Control bytes (and C1 controls, U+2028/9, bidi overrides) are shown
 *          as '?' so nothing can drive the terminal.
 *   csv    for PowerShell Import-Csv and Excel: one row per (entry, changed
 *          attribute), so Where-Object/Group-Object and Excel filters work
 *          on the Attribute column; an entry with only warnings (a report-only
 *          hit) is one row with an empty Attribute. Columns:
 *          DistinguishedName, SamAccountName, DisplayName, Mail, Rule,
 *          Classification, Attribute, OldValue, NewValue, Warnings.
 *          Every field quoted, quotes doubled, CRLF rows, optional UTF-8 BOM.
 *          A cell starting with = + - @ TAB or CR gets a leading ' (OWASP CSV
 *          injection advice; a negative number shows as '-5). Several values
 *          (multi-valued attributes, several rules or warnings) are joined
 *          with a line feed inside the quoted cell.
 *   json   one object: tool, version, command, input, input_sha256,
 *          rules_sha256, items[] and (last) counts{}. An item has dn,
 *          sAMAccountName, displayName, mail, hits[] ({rule, classification,
 *          warnings[]}) and changes[] ({attribute, old[], new[]}). Strings
 *          that are not valid UTF-8 go to a "<name>_b64" field instead; a
 *          value list in which any value has no text form goes to
 *          "old_b64"/"new_b64" with every value base64.
 *
 *   html   one self-contained page for reviewers: report_html.h.
 *
 * Text form of a value (report_value_text): a SID attribute's valid SID as
 * S-1-..., a GUID attribute's 16 bytes as a GUID, otherwise the value itself
 * if it is valid UTF-8 without control characters. In table and CSV a value
 * without a text form is written "base64:" followed by its base64.
 * Output is deterministic: no time stamps, items in input order.
 */
#ifndef LDFIX_REPORT_H
#define LDFIX_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/entry.h"

enum report_format {
	REPORT_TABLE,
	REPORT_CSV,
	REPORT_JSON,
	REPORT_HTML
};

struct report_opts {
	enum report_format format;
	bool bom;               /* CSV: begin with a UTF-8 BOM (Excel) */
};

/* Facts for the JSON and HTML headers; any may be NULL. */
struct report_meta {
	const char *version;
	const char *command;            /* "plan", "find" */
	const char *input_name;
	const char *input_sha256;
	const char *rules_sha256;
	const char *options;            /* HTML header; NULL: none */
};

/* One changed attribute: every value before and every value after. */
struct report_change {
	struct slice attr;
	const struct slice *before;
	size_t nbefore;
	const struct slice *after;
	size_t nafter;
};

struct report_item {
	const struct entry *entry;              /* the entry as exported */
	const struct engine_result *res;        /* hits, labels, warnings */
	const struct report_change *changes;
	size_t nchanges;
};

struct report_counts {
	unsigned long long entries;     /* entries read */
	unsigned long long selected;    /* entries the selection kept */
	unsigned long long matched;     /* entries with at least one hit */
	unsigned long long changed;     /* entries with at least one change */
	unsigned long long warnings;
};

struct report;

/* report_new: a report onto fp (not closed); writes the header now. */
struct report *report_new(FILE *fp, const char *name,
    const struct report_opts *opts, const struct report_meta *meta);
/* report_add: one item (nothing is kept after the call). */
void report_add(struct report *r, const struct report_item *it);
/*
 * report_finish: write the trailer (JSON counts; counts may be NULL), flush
 * and free r. Returns 0, or -1 with d set when writing failed at any point.
 */
int report_finish(struct report *r, const struct report_counts *counts,
    struct diag *d);

/* report_value_text: append v's text form; false (nothing appended) when
 * it has none. */
bool report_value_text(struct buf *out, struct slice attr, struct slice v);
/* report_value_readable: the text form, or "base64:" and the base64. */
void report_value_readable(struct buf *out, struct slice attr, struct slice v);
/* report_utf8_valid: well-formed UTF-8 (no overlongs, surrogates, > 10FFFF). */
bool report_utf8_valid(struct slice v);

#endif
