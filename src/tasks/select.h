/*
 * select.h: which entries of an export a command works on.
 *
 * --only and --exclude name entries by DN or sAMAccountName, or "@FILE": a
 * list with one name per line, or the CSV that "ldfix find --format csv"
 * wrote (its DistinguishedName column is used, so a reviewer can delete
 * rows and hand the file back; a "base64:" cell, the report's form of a DN
 * with control bytes, is decoded). --under and --not-under restrict by
 * subtree. Every selector remembers whether it matched an entry, so main
 * can name the ones that match nothing (a typo, or the wrong export).
 *
 * An --only @FILE that names nobody (a reviewed CSV with every row
 * deleted, an empty list, only comments) is an error, never "select every
 * entry".
 *
 * An entry is selected when: no --only is given or one matches it, no
 * --exclude matches it, no --under is given or it lies under one, and it
 * lies under no --not-under base. DNs are compared with dn_equal semantics
 * (normalized), sAMAccountNames case-insensitively (dn_fold_case). A
 * selector that contains '=' is a DN (sAMAccountName cannot hold '='),
 * otherwise a name.
 *
 * The module also exports the small RFC 4180 CSV reader it uses, which
 * tests reuse to read the reports back.
 */
#ifndef LDFIX_SELECT_H
#define LDFIX_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/entry.h"

enum select_kind {
	SELECT_ONLY,
	SELECT_EXCLUDE,
	SELECT_UNDER,
	SELECT_NOT_UNDER
};

/* One selector; text and key are owned by the struct select. */
struct select_item {
	enum select_kind kind;
	bool is_dn;             /* DN (or base), else sAMAccountName */
	struct buf text;        /* as the user wrote it */
	struct buf key;         /* normalized DN, or lower-cased name */
	char *file;             /* its @FILE, NULL on the command line */
	unsigned long line;     /* line in that file (1-based) */
	bool matched;           /* some entry of the export fell on it */
	bool duplicate;         /* an earlier selector says the same */
};

struct select_key;

struct select {
	struct select_item *items;
	size_t nitems, cap;
	struct select_key *order;       /* ONLY/EXCLUDE keys, sorted */
	size_t norder;
	bool prepared;
	bool have_only, have_under;
	struct buf ndn;         /* scratch: the entry's normalized DN */
	struct buf lname;       /* scratch: a lower-cased sAMAccountName */
};

void select_init(struct select *s);
void select_free(struct select *s);

/*
 * select_add: add one command-line argument of the given kind. For ONLY
 * and EXCLUDE, "@FILE" reads the file. Returns 0, or -1 with d set (an
 * unreadable file, an invalid DN naming the file and line, an empty name).
 */
int select_add(struct select *s, enum select_kind kind, const char *arg,
    struct diag *d);

/* select_active: any selector was given (else every entry is selected). */
bool select_active(const struct select *s);

/* select_entry: is e selected? Marks the selectors that match e. */
bool select_entry(struct select *s, const struct entry *e);

/*
 * select_each_unmatched: call fn for every selector that matched no entry,
 * in the order they were given. Returns how many there were.
 */
typedef void (*select_unmatched_fn)(void *ctx, const struct select_item *it);
size_t select_each_unmatched(const struct select *s, select_unmatched_fn fn,
    void *ctx);

/* select_kind_option: "--only", "--exclude", ... for messages. */
const char *select_kind_option(enum select_kind kind);

/*
 * CSV (RFC 4180 plus what Excel and PowerShell write): fields separated by
 * ',', optionally quoted with '"' (a quote inside doubled), quoted fields
 * may hold commas and line breaks, rows end with LF or CRLF, a UTF-8 BOM at
 * the start is skipped. csv_next reads the row starting at *pos of text.
 * Returns 1 with the row's fields (valid until the next call on row or
 * csv_row_free), 0 at the end of text, -1 on an unterminated quote or text
 * after a closing quote (*errpos is then the byte offset).
 */
struct csv_row {
	struct slice *fields;
	size_t nfields, cap;
	size_t *ends;           /* field i is store[start_i .. ends[i]) */
	size_t ends_cap;
	struct buf store;
	unsigned long line;     /* 1-based line the row starts on */
	unsigned long next_line;
};

void csv_row_init(struct csv_row *row);
void csv_row_free(struct csv_row *row);
int csv_next(struct slice text, size_t *pos, struct csv_row *row,
    size_t *errpos);

#endif
