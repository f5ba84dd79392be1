/*
 * ldif_lines.h: the byte and line layer under the LDIF reader. Only the
 * reader uses it; ldif_reader.h includes it for the read callback type.
 *
 * Owns the input buffer: pulls large blocks through the read callback,
 * detects the encoding from the byte order mark (UTF-8 BOM stripped,
 * UTF-16LE/BE transcoded to UTF-8 block by block), cuts physical lines with
 * memchr (LF or CRLF), joins folded lines into logical lines (exactly one
 * leading space removed) and drops comments with their continuations. It
 * rejects NUL bytes, bare CRs and over-long lines with a position.
 *
 * Positions: line = physical line number in the (transcoded) text, column =
 * 1-based byte offset in that physical line of the UTF-8 text, counting the
 * leading fold space of a continuation line as column 1.
 */
#ifndef LDFIX_LDIF_LINES_H
#define LDFIX_LDIF_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/buf.h"
#include "base/diag.h"

/*
 * Read callback: fill up to cap bytes of buf. Returns the number of bytes
 * read, 0 at end of input, or -1 on error with errno set.
 */
typedef long (*ldif_read_fn)(void *ctx, unsigned char *buf, size_t cap);

enum ldif_enc {
	LDIF_ENC_UNKNOWN,       /* nothing read yet */
	LDIF_ENC_UTF8,
	LDIF_ENC_UTF16LE,
	LDIF_ENC_UTF16BE
};

/*
 * One logical line: bytes without line end, folding undone. n == 0 is a
 * blank line (the end of a record). Valid until the next ldif_lines_next().
 */
struct ldif_line {
	const unsigned char *p;
	size_t n;
	unsigned long line;     /* physical line of the first byte */
};

struct ldif_lines {
	const char *name;
	ldif_read_fn read;
	void *ctx;
	size_t max_line;        /* longest logical line accepted, in bytes and
	                         * in physical lines */
	const char *limit_option;       /* what raises it: "--max-value" */
	bool allow_truncated;           /* a last line without a line end is
					 * an error unless set (ldif_limits) */
	bool ldapsearch_head;           /* line 1 is ldapsearch's "# extended
					 * LDIF" */

	/* UTF-8 text. [pos, len) is not consumed yet; [pos, scanned) is known
	 * to hold no '\n'. */
	unsigned char *in;
	size_t pos, len, scanned, cap;
	bool eof;               /* the source said end of input */

	enum ldif_enc enc;
	unsigned char *raw;     /* UTF-16 bytes not transcoded yet */
	size_t raw_n;
	unsigned long long raw_total;   /* bytes the source delivered */

	unsigned long line;     /* physical lines cut so far */

	/* A logical line that was folded or straddled a refill is copied
	 * here. folds says where its continuation lines start in it, as
	 * the distances from one start to the next, 7 bits a byte (LEB128):
	 * mostly one byte per physical line, since positions are needed
	 * only for error messages. */
	struct buf lbuf;
	struct buf folds;
	size_t nfolds, last_fold;
	bool big;               /* a buffer grew past what is kept */

	/* A failure found ahead of the line cutter (read error, bad UTF-16,
	 * line too long); raised when the cutter gets there. */
	int err;
	int err_errno;
	char err_msg[160];
};

/* ldif_lines_init: lines longer than max_line bytes (or folded into more
 * physical lines than that) are an error that names limit_option. */
void ldif_lines_init(struct ldif_lines *L, const char *name,
    ldif_read_fn read, void *ctx, size_t max_line, const char *limit_option);
void ldif_lines_release(struct ldif_lines *L);

/* 1 with *out set, 0 at end of input, -1 with d filled. */
int ldif_lines_next(struct ldif_lines *L, struct ldif_line *out,
    struct diag *d);

/* The physical line and column of byte off of the last logical line. */
void ldif_lines_locate(const struct ldif_lines *L, const struct ldif_line *ln,
    size_t off, unsigned long *line, unsigned long *col);

/*
 * For the reader's fast path over whole records (ldif_skim.c), which cuts
 * lines in the buffer itself:
 *
 * ldif_lines_window: the UTF-8 text not consumed yet, [*p, *p + *n) (none
 * before the first refill); false when a failure is pending, which the
 * line cutter must raise first.
 * ldif_lines_refill: read more behind them; moves them to the start of the
 * buffer (pointers into it go stale). 1 when bytes were added, 0 at the
 * end of input, -1 when a failure is pending (raised by the next
 * ldif_lines_next, where the cutter gets to it).
 * ldif_lines_at_eof: the source said end of input.
 * ldif_lines_consume: bytes that held lines physical lines are done.
 * ldif_lines_unconsume: give back the bytes and lines consumed last; only
 * before any other call on L.
 */
bool ldif_lines_window(const struct ldif_lines *L, const unsigned char **p,
    size_t *n);
int ldif_lines_refill(struct ldif_lines *L);
bool ldif_lines_at_eof(const struct ldif_lines *L);
void ldif_lines_consume(struct ldif_lines *L, size_t bytes,
    unsigned long lines);
void ldif_lines_unconsume(struct ldif_lines *L, size_t bytes,
    unsigned long lines);

/*
 * ldif_lines_special: the first '\n', '\r' or NUL byte of [p, end), or
 * end. Inline: the line cutters call it once per physical line.
 */
static inline const unsigned char *
ldif_lines_special(const unsigned char *p, const unsigned char *end)
{
#if defined(__SSE2__)
	const __m128i nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i zero = _mm_setzero_si128();

	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(x, nl), _mm_cmpeq_epi8(x, cr)),
		    _mm_cmpeq_epi8(x, zero)));

		if (m != 0)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	for (; p < end; p++)
		if (*p == '\n' || *p == '\r' || *p == '\0')
			return p;
	return end;
}

/*
 * ldif_lines_head: note whether [p, p + n), physical line number line, is
 * ldapsearch's "# extended LDIF" header on line 1 (ldapsearch_head). Both
 * line cutters call it for the comment lines they skip: the fast path
 * takes a header that no blank line separates from the first entry.
 */
static inline void
ldif_lines_head(struct ldif_lines *L, const unsigned char *p, size_t n,
    unsigned long line)
{
	if (line == 1 && n == 15 && memcmp(p, "# extended LDIF", 15) == 0)
		L->ldapsearch_head = true;
}

unsigned long long ldif_lines_offset(const struct ldif_lines *L);
const char *ldif_lines_encoding(const struct ldif_lines *L);

#endif
