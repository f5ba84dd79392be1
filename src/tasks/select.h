/*
 * select.h: which entries of an export a command works on.
 *
 * --only and --exclude name entries; --under and --not-under restrict by
 * subtree. A name on the command line is a DN when it holds '=', a
 * userPrincipalName when it holds '@', else a sAMAccountName. "@FILE"
 * reads names from a file (select_file.c): a plain list, or a CSV such as
 * a reviewer hands back, whose identity column says what the names are
 * (DistinguishedName, SamAccountName, UserPrincipalName, Identity, Name).
 *
 * An entry is selected when: no --only is given or one names it, no
 * --exclude names it, no --under is given or it lies under one, and it
 * lies under no --not-under base. DNs are compared with dn_equal semantics
 * (normalized), names case-insensitively as AD does (dn_fold_case). An
 * entry whose DN cannot be parsed is left out when any DN-based exclusion
 * is given (it cannot be shown to lie outside it): fail closed.
 *
 * Every selector counts the entries it named, so that the command can stop
 * on a selector that names nothing (a typo, the wrong export, a CSV saved
 * in the wrong encoding) and on a Name that names several entries.
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

/* What a name is compared with. */
enum select_by {
	SELECT_BY_DN,           /* the entry's DN (also --under bases) */
	SELECT_BY_SAM,          /* sAMAccountName */
	SELECT_BY_UPN,          /* userPrincipalName */
	SELECT_BY_CANONICAL,    /* canonical name, "corp.example/Users/Jane" */
	SELECT_BY_NAME          /* the value of the entry's RDN ("Jane Doe") */
};

/* One selector; text and key are owned by the struct select. */
struct select_item {
	enum select_kind kind;
	enum select_by by;
	struct buf text;        /* as the user wrote it */
	struct buf key;         /* normalized DN, or the folded name */
	char *file;             /* its @FILE, NULL on the command line */
	unsigned long line;     /* line in that file (1-based) */
	unsigned long long matches;     /* entries of the export it named */
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
	unsigned by_mask;               /* 1 << SELECT_BY_* in use */
	struct buf ndn;         /* scratch: the entry's normalized DN */
	struct buf lname;       /* scratch: a folded name */
};

void select_init(struct select *s);
void select_free(struct select *s);

/*
 * select_add: add one command-line argument of the given kind. For ONLY
 * and EXCLUDE, "@FILE" reads the file (select_add_file). Returns 0, or -1
 * with d set (an unreadable or invalid file, naming its line; an invalid
 * DN; an empty name; an --only @FILE that names nobody).
 */
int select_add(struct select *s, enum select_kind kind, const char *arg,
    struct diag *d);

/* select_add_key: one selector read from file:line (NULL, 0: the command
 * line). 0, or -1 with d set. */
int select_add_key(struct select *s, enum select_kind kind,
    enum select_by by, struct slice text, const char *file,
    unsigned long line, struct diag *d);

/* select_add_file: the names in FILE (select_file.c). */
int select_add_file(struct select *s, enum select_kind kind,
    const char *path, struct diag *d);
/* select_add_text: the same for the bytes of a file already read (path
 * names it in messages). */
int select_add_text(struct select *s, enum select_kind kind, const char *path,
    struct slice raw, struct diag *d);

/* select_active: any selector was given (else every entry is selected). */
bool select_active(const struct select *s);

/* select_entry: is e selected? Counts the selectors that name e. */
bool select_entry(struct select *s, const struct entry *e);

/*
 * select_each_unmatched: call fn (if not NULL) for every selector that
 * named no entry, in the order given; select_each_ambiguous: for every
 * Name or canonical-name selector that named more than one. Both return
 * how many there were.
 */
typedef void (*select_item_fn)(void *ctx, const struct select_item *it);
size_t select_each_unmatched(const struct select *s, select_item_fn fn,
    void *ctx);
size_t select_each_ambiguous(const struct select *s, select_item_fn fn,
    void *ctx);

/* select_kind_option: "--only", "--exclude", ... for messages. */
const char *select_kind_option(enum select_kind kind);

#endif
