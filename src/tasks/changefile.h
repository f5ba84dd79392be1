/*
 * changefile.h: the change LDIF and its undo, written from a diff.
 *
 * Guarded (the default): per changed attribute a "delete:" of the exported
 * values that go away and an "add:" of the values that come in; an
 * attribute that goes away entirely is deleted by its exported values. A
 * directory that drifted since the export makes the record fail whole
 * (LDAP applies a modify atomically), the rest applies. Replace mode: one
 * "replace:" per changed attribute with all its new values (none: the
 * attribute is deleted, idempotently).
 *
 * Undo records are the exact mirror: the forward mods in reverse order with
 * add and delete swapped (replace mode: "replace:" with the exported
 * values), so applying the plan and then the undo restores every exported
 * value, and a guarded undo also fails whole if the entry moved on.
 *
 * Comments: a header (tool version, input name and SHA-256, rule files and
 * their SHA-256, mode, options) and, before each record, its rules and
 * classifications, every change old -> new as display.h shows values, and
 * the warnings, then what the hits' leftover-permissions found and the
 * lines that remove it (leftover.h). Nothing here depends on time: output
 * is deterministic.
 */
#ifndef LDFIX_CHANGEFILE_H
#define LDFIX_CHANGEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "engine/engine.h"
#include "ldif/ldif_writer.h"
#include "rules/rules.h"
#include "tasks/accounts.h"
#include "tasks/diff.h"

/* What the header says; NULL fields are left out. */
struct changefile_header {
	const char *version;
	const char *input_name;
	const char *input_sha256;
	const char *rules_sha256;
	const char *options;    /* the command line options that shape a plan */
	const struct ruleset *rs;       /* its file names */
	const char *const *accounts;    /* --accounts files and their SHA-256 */
	const char *const *accounts_sha256;
	size_t naccounts;
	bool replace;           /* the mode */
};

/*
 * changefile_write_header: the header comments (when comments is set) and
 * "version: 1". undo says which of the two files this is. scratch is a
 * buffer the caller lends (reused to avoid allocation).
 */
void changefile_write_header(struct ldif_writer *w,
    const struct changefile_header *h, bool comments, bool undo,
    struct buf *scratch);

/*
 * changefile_write_comment: the comment block before the record for diff:
 * which entry (its DN as display.h shows it, readable also when the dn:
 * line is base64, and its sAMAccountName), the hits of res, its owner
 * (--accounts; NULL: no line), each change old -> new (undo: new -> old),
 * and (not in the undo file) the warnings and the leftover permissions
 * with their Remove-* lines.
 */
void changefile_write_comment(struct ldif_writer *w, const struct entry *e,
    const struct engine_result *res, const struct engine_owner *owner,
    const struct diff *diff, bool undo, struct buf *scratch);

/*
 * changefile_comment_text: the text of that comment block into t (reset
 * first), without a final line break: what the PowerShell plan (ps1.h)
 * shows before each command too.
 */
void changefile_comment_text(struct buf *t, const struct entry *e,
    const struct engine_result *res, const struct engine_owner *owner,
    const struct diff *diff, bool undo);

/*
 * changefile_write_record: one modify record for diff (the forward change,
 * or with undo the reverse one), without comments. Returns the number of
 * mods written; nothing is written when the diff is empty.
 */
size_t changefile_write_record(struct ldif_writer *w, struct slice dn,
    const struct diff *diff, bool replace, bool undo);

#endif
