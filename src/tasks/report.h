/*
 * report.h: what a plan would change, for people and for scripts.
 *
 * One stream of items (one item per entry that a rule hit, whether or not
 * it changes anything), rendered by one of several formats, each in its own
 * file (report_table.c, report_csv.c, report_json.c); report.c owns the
 * stream and hands each call to the format:
 *
 *   table  fixed-width columns for a terminal: one line per entry
 *          (sAMAccountName, rules, classification, DN), then one indented
 *          line per changed attribute ("attr: old -> new") and per warning.
 *   csv    the review sheet, for Excel and PowerShell's Import-Csv: one row
 *          per entry, the unit a reviewer keeps or deletes. Columns:
 *          DistinguishedName, SamAccountName, UserPrincipalName,
 *          DisplayName, Account (enabled/disabled, from userAccountControl
 *          bit 0x2), Rule, Classification, MasterAccountSid, then
 *          "ATTR (old)" and "ATTR (new)" for every attribute the rules can
 *          change (report_meta.columns), then Warnings, LeftoverPermissions
 *          (what the hits' leftover-permissions found: one line per ACE and
 *          per attribute not checked) and RemoveCommands (the cmdlet line
 *          that removes each ACE, leftover.h). A reviewer deletes
 *          rows and hands the file to --only (or the deleted rows to
 *          --exclude): the DistinguishedName column says which entries.
 *   csv-changes  one row per (entry, changed attribute), so Where-Object
 *          and Excel filters work on the Attribute column; an entry with
 *          only warnings is one row with an empty Attribute. Columns:
 *          DistinguishedName, SamAccountName, DisplayName, Mail, Rule,
 *          Classification, Attribute, OldValue, NewValue, Warnings.
 *          Both CSVs: every field quoted, quotes doubled, CRLF rows,
 *          optional UTF-8 BOM; several values (multi-valued attributes,
 *          several rules or warnings) joined by a line feed inside the cell;
 *          a cell that a spreadsheet would run as a formula (starting with
 *          = + - @ TAB or CR and not a plain number) gets a leading '.
 *   json   one object: tool, version, command, input, input_sha256,
 *          rules_sha256, items[], foreign_domains[] ({sid, mailboxes}:
 *          the domains of master accounts in another domain than their
 *          mailbox) and (last) counts{}. An item has dn,
 *          sAMAccountName, displayName, mail, hits[] ({rule, classification,
 *          warnings[]}) and changes[] ({attribute, old[], new[]}). A hit of
 *          a rule with leftover-permissions also has leftover_permissions[]
 *          ({attribute, sid, mask, rights[], object_type, inherited,
 *          command}: command null when no cmdlet line removes the ACE
 *          exactly) and leftover_unchecked[] ({attribute, reason}).
 *
 *   html   one self-contained page for reviewers: report_html.h.
 *
 *   With --accounts (report_meta.naccounts > 0) each item carries the
 *   owner of its linked mailbox: the table an "owner:" line, the CSVs
 *   OwnerStatus and Owner columns (the review sheet OwnerUserPrincipalName
 *   too), the JSON an "owner" object ({sid, status} and, when found,
 *   sAMAccountName, userPrincipalName, dn, enabled, via), "accounts" in
 *   its header and "owners" in its counts, the HTML page the owner cell.
 *
 * Every value and DN is shown as display.h says (SIDs and GUIDs readable,
 * "base64:..." for what is not plain text), the same in every format; DNs
 * and names whole, values up to DISPLAY_VALUE_MAX bytes.
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
	REPORT_CSV,             /* one row per entry: the review sheet */
	REPORT_CSV_CHANGES,     /* one row per changed attribute */
	REPORT_JSON,
	REPORT_HTML             /* one self-contained page: report_html.h */
};

struct report_opts {
	enum report_format format;
	bool bom;               /* CSV: begin with a UTF-8 BOM (Excel) */
	/* The head (what comes before the first item: headings, the JSON
	 * header with the input's digest) is left to report_head(). */
	bool head_apart;
};

/* report_names_digest: the format's head shows the input's SHA-256
 * (report_meta.input_sha256): JSON and HTML. */
bool report_names_digest(enum report_format format);

/* Facts for the JSON and HTML headers; any may be NULL. */
struct report_meta {
	const char *version;
	const char *command;            /* "plan", "find" */
	const char *input_name;
	const char *input_sha256;
	const char *rules_sha256;
	/* csv: the attributes the rules can change, a column pair each. */
	const struct slice *columns;
	size_t ncolumns;
	const char *options;            /* HTML header; NULL: none */
	/* --accounts: the account exports and their SHA-256 (JSON header);
	 * with any, items carry their owner (report_item.owner). */
	const char *const *accounts;
	const char *const *accounts_sha256;
	size_t naccounts;
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
	const struct engine_owner *owner;       /* --accounts: NULL: none */
};

/* A domain, other than the mailbox's own, of the master accounts of hit
 * mailboxes: the domain SID (binary) and how many mailboxes it owns. */
struct report_domain {
	struct slice sid;
	unsigned long long mailboxes;
};

struct report_counts {
	unsigned long long entries;     /* entries read */
	unsigned long long selected;    /* entries the selection kept */
	unsigned long long matched;     /* entries with at least one hit */
	unsigned long long changed;     /* entries with at least one change */
	unsigned long long warnings;
	const struct report_domain *domains;    /* in order of first sight */
	size_t ndomains;
	const unsigned long long *owners;       /* --accounts: by owner
						 * status; NULL: none */
};

struct report;

/* report_new: a report onto fp (not closed); writes the head now, from
 * meta, unless opts->head_apart. */
struct report *report_new(FILE *fp, const char *name,
    const struct report_opts *opts, const struct report_meta *meta);
/*
 * report_head: write the head for meta onto fp (for a report made with
 * head_apart, whose meta is complete only when the items are written: the
 * caller puts it in front of what the report wrote). Before report_finish;
 * a write error is reported by report_finish.
 */
void report_head(struct report *r, FILE *fp, const struct report_meta *meta);
/* report_add: one item (nothing is kept after the call). */
void report_add(struct report *r, const struct report_item *it);
/*
 * report_finish: write the trailer (JSON counts; counts may be NULL), flush
 * and free r. Returns 0, or -1 with d set when writing failed at any point.
 */
int report_finish(struct report *r, const struct report_counts *counts,
    struct diag *d);

#endif
