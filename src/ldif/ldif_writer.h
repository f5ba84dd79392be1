/*
 * ldif_writer.h: LDIF output that every LDAP tool reads back byte for byte.
 *
 * Values and DNs that are not ldif_value_is_safe() are written base64
 * ("::"), as are values of ";binary" descriptions; an empty value is
 * "attr:". Lines are folded at the wrap column (never inside a UTF-8
 * sequence, never leaving a trailing space on a line, never before the
 * first byte of the value: OpenLDAP misreads a fold inside "attr::");
 * keyword lines (changetype:, add:, "-", ...) are never folded. Line ends
 * are LF or CRLF. A name that is not an attribute description as the
 * reader accepts one (ldif_desc_bad_at, LDIF_DESC_EXPORT), that no record
 * can hold ("dn", "changetype", "control") or that is a record word as the
 * first line of a content record (ldif.h) is refused: the output is
 * dropped and the refusal reported by ldif_writer_flush(). The reader
 * refuses the same names, with their position, so this happens only to
 * records built otherwise. Comments are split at every line break in their
 * text so that nothing we print can leave its comment line; bytes that are
 * not UTF-8 text, and characters a terminal or editor obeys (C1 controls
 * such as NEL and CSI, U+2028/U+2029, bidi overrides), are shown as \xNN.
 *
 * Output is buffered; write errors are sticky and reported by
 * ldif_writer_flush(). A record (ldif_write_dn to ldif_write_end_record)
 * is handed to the stream whole, so output that stops at a refusal ends
 * between records, never inside one.
 */
#ifndef LDFIX_LDIF_WRITER_H
#define LDFIX_LDIF_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"
#include "ldif/ldif.h"

#define LDIF_DEFAULT_WRAP 76

struct ldif_write_opts {
	unsigned wrap;          /* fold column; 0 = never fold */
	bool crlf;              /* CRLF line ends instead of LF */
};

struct ldif_writer;

/* ldif_writer_new: a writer onto fp (not closed by the writer). name is
 * used in diagnostics. opts may be NULL for wrap 76, LF. */
struct ldif_writer *ldif_writer_new(FILE *fp, const char *name,
    const struct ldif_write_opts *opts);

void ldif_write_version(struct ldif_writer *w);         /* "version: 1" + blank line */
/* A comment; each line of text becomes its own "# " line. */
void ldif_write_comment(struct ldif_writer *w, struct slice text);
void ldif_write_commentf(struct ldif_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ldif_write_dn(struct ldif_writer *w, struct slice dn);
/* "attr: value" or "attr:: base64" or "attr:". */
void ldif_write_attr(struct ldif_writer *w, struct slice name, struct slice value);
void ldif_write_changetype(struct ldif_writer *w, enum ldif_kind kind);
void ldif_write_modop(struct ldif_writer *w, enum ldif_mod_op op, struct slice attr);
void ldif_write_modend(struct ldif_writer *w);           /* "-" */
void ldif_write_end_record(struct ldif_writer *w);       /* blank line */
/* A whole record in canonical form: an add record (changetype_add, or
 * any entry with controls) with its "changetype: add", an entry without
 * as a content record. */
void ldif_write_record(struct ldif_writer *w, const struct ldif_record *rec);

/* Write buffered output to the stream; -1 with d filled on a write error. */
int ldif_writer_flush(struct ldif_writer *w, struct diag *d);
/*
 * ldif_writer_flush_every: for a task that writes as it reads, called
 * with the number of the record it is at (1 for the first): every
 * LDIF_WRITER_FLUSH_EVERY records, ldif_writer_flush, so that a full disk
 * or a closed pipe stops the task before it has read the whole input.
 */
#define LDIF_WRITER_FLUSH_EVERY 4096
int ldif_writer_flush_every(struct ldif_writer *w, unsigned long long n,
    struct diag *d);
/*
 * ldif_writer_on_flush: fn(ctx) is called after each ldif_writer_flush
 * that handed everything to the stream without an error (a task's
 * periodic flushes, and the one ldif_writer_close does): cmd_cat and
 * cmd_apply start the disk's work on their output file there.
 */
void ldif_writer_on_flush(struct ldif_writer *w, void (*fn)(void *ctx),
    void *ctx);
/* Flush and free; returns what the flush returned. */
int ldif_writer_close(struct ldif_writer *w, struct diag *d);

#endif
