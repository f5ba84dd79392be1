/*
 * apply.h: "ldfix apply": apply a change LDIF to an export offline, with
 * the semantics an LDAP server gives a strict client (like UnboundID
 * ldifmodify --strictModifications), so a plan can be tried and its undo
 * proven before anything touches the directory.
 *
 *   modify   all mods or none (the record is atomic). add of a value that
 *            is there: attributeOrValueExists (20); delete of a value that
 *            is not there, or "delete: attr" of an absent attribute:
 *            noSuchAttribute (16); replace always succeeds (no values:
 *            the attribute goes); increment needs the attribute (16) with
 *            integer values (RFC 4517 INTEGERs within int64, as num.h
 *            reads them: no '+', no leading zeros; else
 *            invalidAttributeSyntax, 21) and one such value to add
 *            (else protocolError, 2). As in slapd, an add or replace
 *            that lists one value twice fails (20), a delete that does
 *            deletes it once.
 *   delete   the entry is dropped.
 *   add      the entry must not exist (entryAlreadyExists, 68) and no
 *            value may be listed twice (20). An add of
 *            a DN that is not in the export is appended after the export's
 *            entries, in change-file order, with the later records for that
 *            DN applied to it.
 *   moddn    refused when loading: renames are out of scope.
 *   DN not in the export (modify, delete): noSuchObject (32).
 * A record with a critical control fails (unavailableCriticalExtension, 12):
 * offline we cannot honour it. Records for one DN apply in file order.
 *
 * Value equality is byte for byte for every attribute (no matching rules:
 * AD's case-insensitive string attributes would need the schema). Attribute
 * descriptions compare ASCII case-insensitively. Within a record, an
 * attribute that is deleted and added again keeps its place in the entry;
 * one that comes back in a later record (an undo) goes to the end: LDAP has
 * no attribute order, so compare entries as sets after an undo.
 *
 * Memory: the change file is held whole (indexed by normalized DN in a hash
 * table); the export is streamed.
 */
#ifndef LDFIX_APPLY_H
#define LDFIX_APPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/hash.h"
#include "ldif/entry.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"

/* LDAP result codes (RFC 4511 appendix A) that apply reports. */
enum apply_code {
	APPLY_SUCCESS = 0,
	APPLY_PROTOCOL_ERROR = 2,
	APPLY_UNAVAILABLE_CRITICAL_EXTENSION = 12,
	APPLY_NO_SUCH_ATTRIBUTE = 16,
	APPLY_ATTRIBUTE_OR_VALUE_EXISTS = 20,
	APPLY_INVALID_ATTRIBUTE_SYNTAX = 21,
	APPLY_NO_SUCH_OBJECT = 32,
	APPLY_ENTRY_ALREADY_EXISTS = 68
};

/* "noSuchAttribute" etc. */
const char *apply_code_name(int code);

/* One failed change record: diag names the change file and the record's
 * line; msg says DN, what failed and the result code. */
struct apply_failure {
	struct diag diag;
	int code;
	unsigned long line;
};

struct apply_failures {
	struct apply_failure *v;
	size_t n, cap;
};

void apply_failures_init(struct apply_failures *f);
void apply_failures_free(struct apply_failures *f);

struct apply_stats {
	unsigned long long records;     /* change records loaded */
	unsigned long long applied;     /* records that succeeded */
	unsigned long long failed;
	unsigned long long entries;     /* export entries read */
	unsigned long long changed;     /* export entries a record applied to */
	unsigned long long deleted;     /* entries dropped */
	unsigned long long added;       /* new entries written at the end */
	unsigned long long other;       /* non-entry records in the export */
};

struct apply_record;
struct apply_work;

struct apply_changes {
	char *name;                     /* change file name, for messages */
	struct apply_record *recs;
	size_t nrecs, cap;
	struct hash table;              /* normalized DN -> first record */
	struct arena arena;             /* bytes and arrays of every record */
	struct apply_work *work;        /* the records of one DN apply here */
	struct buf ndn;                 /* scratch: an export DN, normalized */
	struct buf msg;                 /* scratch: failure text */
	struct apply_stats stats;
};

void apply_changes_init(struct apply_changes *c);
void apply_changes_free(struct apply_changes *c);

/*
 * apply_load_changes: read every record of r into c (c must be fresh from
 * apply_changes_init). name is the change file's name. Returns 0, or -1
 * with d set: a reader error, a moddn record, a record without changetype,
 * or a DN that is not a valid DN.
 */
int apply_load_changes(struct ldif_reader *r, const char *name,
    struct apply_changes *c, struct diag *d);

/*
 * apply_entry: apply, in file order, every change record for e's DN that
 * has not been applied yet. e's values may afterwards borrow from c, which
 * must outlive their use. Failed records are appended to f. Returns false
 * when the entry no longer exists (deleted): do not write it.
 */
bool apply_entry(struct apply_changes *c, struct entry *e,
    struct apply_failures *f);

/*
 * apply_unmatched: handle the records whose DN never came up: adds become
 * new entries, written to w (if not NULL) as content records; modify and
 * delete fail with noSuchObject.
 */
void apply_unmatched(struct apply_changes *c, struct ldif_writer *w,
    struct apply_failures *f);

/* apply_write_entry: e as a content record, attributes in entry order
 * but for one: the first that is no record word goes first (ldif.h). */
void apply_write_entry(struct ldif_writer *w, const struct entry *e);

/*
 * apply_run: the whole command: "version: 1", every export entry with its
 * changes applied (non-entry records of the export passed through as they
 * are), then apply_unmatched. w may be NULL (only check that it applies).
 * The output goes to its stream as the run goes (ldif_writer_flush_every:
 * a write error stops the run there). Returns 0, or -1 with d set by the
 * reader or the writer; failed records are in f.
 */
int apply_run(struct apply_changes *c, struct ldif_reader *export,
    struct ldif_writer *w, struct apply_failures *f, struct diag *d);

#endif
