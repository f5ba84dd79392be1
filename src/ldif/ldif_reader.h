/*
 * ldif_reader.h: streaming RFC 2849 reader.
 *
 * The reader pulls bytes through a read callback in large blocks, detects and
 * strips a UTF-8 BOM, transcodes UTF-16LE/BE (with BOM, as "ldifde -u"
 * writes) to UTF-8 on the fly, accepts LF, CRLF and mixed line ends, unfolds
 * continuation lines (exactly one leading space is removed), skips comments,
 * "version: 1", ldapsearch's "search:"/"result:" trailer records and its
 * dn-less "ref:" continuation references, and returns one record at a time.
 * Memory is bounded by the record limits below, not by the input.
 *
 * Never opens ":<" URLs: such a value is an error naming its line. An
 * input that looks cut short (its last line without a line end, or an
 * ldapsearch export without its result at the end) is an error too,
 * unless the limits allow it (ldif_limits.allow_truncated).
 */
#ifndef LDFIX_LDIF_READER_H
#define LDFIX_LDIF_READER_H

#include <stdio.h>

#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_lines.h"        /* ldif_read_fn */

/*
 * What one record may hold. max_record bounds the decoded bytes of its
 * values and names, and with them what it costs to hold the record and
 * the entries made of it: it also allows one value line per
 * LDIF_VALUE_COST bytes and, in an entry, one distinct attribute
 * description per LDIF_ATTR_COST bytes (4,194,304 values and 1,048,576
 * attributes at the default 256M). A line is at most as long as the
 * base64 form of the smaller of max_value and max_record. Each limit is
 * an error with the line and column where the record exceeds it.
 */
struct ldif_limits {
	size_t max_value;       /* bytes of one decoded value */
	size_t max_record;      /* bytes of one record, all values together */
	/* Accept an input that looks cut short: its last line without a
	 * line end (no tool that exports LDIF writes one, but an export or
	 * a copy cut short does), or an ldapsearch export ("# extended
	 * LDIF") without the result ldapsearch writes last. By default
	 * each is an error (--allow-truncated). */
	bool allow_truncated;
};

#define LDIF_DEFAULT_MAX_VALUE  ((size_t)16 << 20)
#define LDIF_DEFAULT_MAX_RECORD ((size_t)256 << 20)
#define LDIF_VALUE_COST 64
#define LDIF_ATTR_COST 256

struct ldif_reader;

/*
 * ldif_reader_new: a reader named name (used in diagnostics; "-" for stdin)
 * over the callback. limits may be NULL for the defaults. The caller keeps
 * ownership of ctx. Free with ldif_reader_free().
 */
struct ldif_reader *ldif_reader_new(const char *name, ldif_read_fn read,
    void *ctx, const struct ldif_limits *limits);

/* ldif_reader_new_file: the same over an open stdio stream (not closed). */
struct ldif_reader *ldif_reader_new_file(const char *name, FILE *fp,
    const struct ldif_limits *limits);

/*
 * ldif_reader_next: read the next record into *rec.
 * Returns 1 with *rec set, 0 at end of input, -1 on error with d filled
 * (file, line, column of the offending byte). After an error the reader
 * must not be used again except to be freed. *rec and every slice in it are
 * valid until the next call or ldif_reader_free().
 */
int ldif_reader_next(struct ldif_reader *r, const struct ldif_record **rec,
    struct diag *d);

/*
 * ldif_reader_skim: the caller decides about most entries from a few of
 * their attributes and reads the rest only of those it keeps (plan, find
 * and check: an entry no rule can match is left as it is). From now on an
 * entry record may come back partial (rec->partial): its DN, its line
 * numbers, "changetype: add", and of its attribute lines only those whose
 * type (the description without options, ASCII case-insensitively) is one
 * of values[0..nvalues), decoded, or of present[0..npresent), each with an
 * empty value (enough to tell whether the entry has the attribute). Every
 * line is still checked: a record the full reader would refuse is read by
 * it and refused with the same message. The slices' bytes must stay valid
 * while the reader is used.
 *
 * With all set, every line is asked for and no record is partial: the
 * fast path only reads an export's common records with less work (cat).
 *
 * ldif_reader_complete: the partial record just handed out, read whole
 * (*rec as ldif_reader_next() would have given it; the partial one's
 * slices are stale). 1, or -1 with d filled.
 */
struct ldif_skim {
	const struct slice *values;
	size_t nvalues;
	const struct slice *present;
	size_t npresent;
	bool all;
};

void ldif_reader_skim(struct ldif_reader *r, const struct ldif_skim *s);
int ldif_reader_complete(struct ldif_reader *r,
    const struct ldif_record **rec, struct diag *d);

/* The name the reader was made with (diagnostics: "-" for stdin). */
const char *ldif_reader_name(const struct ldif_reader *r);

/* Bytes consumed from the source so far (before any transcoding). */
unsigned long long ldif_reader_offset(const struct ldif_reader *r);

/* "UTF-8", "UTF-16LE" or "UTF-16BE": what the input turned out to be. */
const char *ldif_reader_encoding(const struct ldif_reader *r);

void ldif_reader_free(struct ldif_reader *r);

#endif
