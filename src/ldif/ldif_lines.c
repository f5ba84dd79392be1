/*
 * ldif_lines.c: bytes -> logical LDIF lines (see ldif_lines.h).
 *
 * Owns the input buffer, the encoding detection and UTF-16 transcoding, and
 * the folding rules; knows nothing about records. Choices made here:
 *   - A line that starts with a space always continues the line before it
 *     (RFC 2849), even when it holds nothing but spaces: a line of only
 *     spaces is not a blank line. With no line before it to continue (start
 *     of input or right after a blank line) it is an error.
 *   - A line that starts with a TAB is a new line, never a continuation
 *     (as OpenLDAP); the record parser rejects it with its own message.
 *   - A comment ("#" in column 1) swallows its continuation lines.
 *   - A CR counts only as part of CRLF; any other CR is an error, also a
 *     CR at the very end of the input.
 */
#include "ldif/ldif_lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK           ((size_t)64 << 10)     /* bytes asked per read */
#define RAW_CAP         ((size_t)128 << 10)    /* UTF-16 bytes per read */
#define MIN_ROOM        ((size_t)4096)         /* free space before a read */
/* Buffers grown past this for a long line are given back after it. */
#define KEEP_BYTES      ((size_t)4 << 20)

enum { ERR_NONE, ERR_READ, ERR_TEXT, ERR_LONG };

void
ldif_lines_init(struct ldif_lines *L, const char *name, ldif_read_fn read,
    void *ctx, size_t max_line, const char *limit_option)
{
	memset(L, 0, sizeof(*L));
	L->name = name;
	L->read = read;
	L->ctx = ctx;
	L->max_line = max_line;
	L->limit_option = limit_option;
	L->cap = 2 * CHUNK;
	L->in = xmalloc(L->cap);
	buf_init(&L->lbuf);
	buf_init(&L->folds);
}

void
ldif_lines_release(struct ldif_lines *L)
{
	free(L->in);
	free(L->raw);
	buf_release(&L->folds);
	buf_release(&L->lbuf);
	L->in = NULL;
	L->raw = NULL;
}

/* After a long line: give back what the line buffers grew to. Out of
 * line: it runs once per long line, and the line cutter is hot. */
static void __attribute__((noinline, cold))
shrink(struct ldif_lines *L)
{
	L->big = false;
	if (L->lbuf.cap > KEEP_BYTES)
		buf_release(&L->lbuf);
	if (L->folds.cap > KEEP_BYTES)
		buf_release(&L->folds);
	if (L->cap > KEEP_BYTES && L->len - L->pos < CHUNK) {
		memmove(L->in, L->in + L->pos, L->len - L->pos);
		L->len -= L->pos;
		L->scanned -= L->pos;
		L->pos = 0;
		L->cap = 2 * CHUNK;
		L->in = xrealloc(L->in, L->cap);
	}
}

/* The physical line starting at lbuf offset at continues the line. */
static void
add_fold(struct ldif_lines *L, size_t at)
{
	size_t delta = at - L->last_fold;

	L->last_fold = at;
	L->nfolds++;
	if (delta < 0x80 && L->folds.n < L->folds.cap) {
		L->folds.p[L->folds.n++] = (unsigned char)delta;
		return;
	}
	while (delta >= 0x80) {
		buf_putc(&L->folds, (int)(0x80 | (delta & 0x7f)));
		delta >>= 7;
	}
	buf_putc(&L->folds, (int)delta);
}

static int
fail(struct ldif_lines *L, int kind, const char *msg)
{
	if (L->err == ERR_NONE) {
		L->err = kind;
		L->err_errno = errno;
		snprintf(L->err_msg, sizeof(L->err_msg), "%s", msg);
	}
	return -1;
}

/* One call of the read callback; -1 sets the pending error. */
static long
read_some(struct ldif_lines *L, unsigned char *p, size_t cap)
{
	long got;

	errno = 0;
	got = L->read(L->ctx, p, cap);
	if (got < 0 || (size_t)got > cap) {
		fail(L, ERR_READ, "read error");
		return -1;
	}
	if (got == 0)
		L->eof = true;
	L->raw_total += (unsigned long long)got;
	return got;
}

/*
 * Transcode the complete UTF-16 code units in raw[] to UTF-8 at in[len].
 * The caller leaves at least 1.5 * raw_n + 8 bytes of room. Stops at an
 * unpaired surrogate, which becomes the pending error.
 */
static void
transcode(struct ldif_lines *L)
{
	const unsigned char *r = L->raw;
	unsigned char *o = L->in + L->len;
	bool be = L->enc == LDIF_ENC_UTF16BE;
	size_t i = 0, n = L->raw_n;
	unsigned long u, lo;

	while (i + 2 <= n) {
		u = be ? (unsigned long)r[i] << 8 | r[i + 1] :
		    (unsigned long)r[i + 1] << 8 | r[i];
		if (u < 0x80) {
			*o++ = (unsigned char)u;
			i += 2;
		} else if (u < 0x800) {
			*o++ = (unsigned char)(0xc0 | u >> 6);
			*o++ = (unsigned char)(0x80 | (u & 0x3f));
			i += 2;
		} else if (u >= 0xd800 && u <= 0xdbff) {
			if (i + 4 > n)
				break;          /* wait for the low half */
			lo = be ? (unsigned long)r[i + 2] << 8 | r[i + 3] :
			    (unsigned long)r[i + 3] << 8 | r[i + 2];
			if (lo < 0xdc00 || lo > 0xdfff) {
				fail(L, ERR_TEXT, "unpaired UTF-16 high "
				    "surrogate (not followed by a low one)");
				break;
			}
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			*o++ = (unsigned char)(0xf0 | u >> 18);
			*o++ = (unsigned char)(0x80 | (u >> 12 & 0x3f));
			*o++ = (unsigned char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (unsigned char)(0x80 | (u & 0x3f));
			i += 4;
		} else if (u >= 0xdc00 && u <= 0xdfff) {
			fail(L, ERR_TEXT, "unpaired UTF-16 low surrogate");
			break;
		} else {
			*o++ = (unsigned char)(0xe0 | u >> 12);
			*o++ = (unsigned char)(0x80 | (u >> 6 & 0x3f));
			*o++ = (unsigned char)(0x80 | (u & 0x3f));
			i += 2;
		}
	}
	L->len = (size_t)(o - L->in);
	memmove(L->raw, L->raw + i, n - i);
	L->raw_n = n - i;
}

/* Fill for UTF-16 input: 1 when text was added, 0 at the end, -1 error. */
static int
fill_utf16(struct ldif_lines *L)
{
	size_t before, want;
	long got;

	for (;;) {
		before = L->len;
		transcode(L);
		if (L->len > before)
			return 1;
		if (L->err)
			return -1;
		if (L->eof) {
			if (L->raw_n & 1)
				return fail(L, ERR_TEXT, "UTF-16 input ends "
				    "in the middle of a character");
			if (L->raw_n)
				return fail(L, ERR_TEXT, "unpaired UTF-16 "
				    "high surrogate at the end of the input");
			return 0;
		}
		want = (L->cap - L->len - 8) / 3 * 2;
		if (want > RAW_CAP - L->raw_n)
			want = RAW_CAP - L->raw_n;
		got = read_some(L, L->raw + L->raw_n, want);
		if (got < 0)
			return -1;
		L->raw_n += (size_t)got;
	}
}

/* The first bytes: look for a byte order mark. */
static int
detect(struct ldif_lines *L)
{
	long got;

	while (L->len < 3 && !L->eof) {
		got = read_some(L, L->in + L->len, 3 - L->len);
		if (got < 0)
			return -1;
		L->len += (size_t)got;
	}
	if (L->len >= 3 && L->in[0] == 0xef && L->in[1] == 0xbb &&
	    L->in[2] == 0xbf) {
		L->len = 0;
		L->enc = LDIF_ENC_UTF8;
		return L->eof ? 0 : 1;
	}
	if (L->len >= 2 && ((L->in[0] == 0xff && L->in[1] == 0xfe) ||
	    (L->in[0] == 0xfe && L->in[1] == 0xff))) {
		L->enc = L->in[0] == 0xff ? LDIF_ENC_UTF16LE :
		    LDIF_ENC_UTF16BE;
		L->raw = xmalloc(RAW_CAP);
		L->raw_n = L->len - 2;
		memcpy(L->raw, L->in + 2, L->raw_n);
		L->len = 0;
		return fill_utf16(L);
	}
	L->enc = LDIF_ENC_UTF8;
	return L->len > 0 ? 1 : 0;
}

/*
 * more: compact the buffer (drop consumed bytes), make room, read. Returns
 * 1 when bytes were added, 0 at the end of input, -1 when an error is
 * pending. Moves the unconsumed bytes: offsets stay valid, pointers not.
 */
static int
more(struct ldif_lines *L)
{
	long got;

	if (L->err)
		return -1;
	if (L->pos > 0) {
		memmove(L->in, L->in + L->pos, L->len - L->pos);
		L->len -= L->pos;
		L->scanned -= L->pos;
		L->pos = 0;
	}
	if (L->len > L->max_line)
		return fail(L, ERR_LONG, "");
	if (L->cap - L->len < MIN_ROOM) {
		L->cap *= 2;
		L->in = xrealloc(L->in, L->cap);
		L->big |= L->cap > KEEP_BYTES;
	}
	if (L->enc == LDIF_ENC_UNKNOWN)
		return detect(L);
	if (L->enc != LDIF_ENC_UTF8)
		return fill_utf16(L);
	if (L->eof)
		return 0;
	got = read_some(L, L->in + L->len, L->cap - L->len);
	if (got < 0)
		return -1;
	L->len += (size_t)got;
	return got > 0 ? 1 : 0;
}

/* Turn the pending error into d, positioned after the unconsumed bytes. */
static int
raise_pending(struct ldif_lines *L, struct diag *d)
{
	unsigned long line = L->line + 1;
	unsigned long col = (unsigned long)(L->len - L->pos) + 1;

	switch (L->err) {
	case ERR_READ:
		return diag_set(d, L->name, 0, 0, "read error: %s",
		    L->err_errno ? strerror(L->err_errno) : "unknown");
	case ERR_LONG:
		return diag_set(d, L->name, line, 1, "line is longer than "
		    "%zu bytes; raise the limit with %s", L->max_line,
		    L->limit_option);
	default:
		return diag_set(d, L->name, line, col, "%s", L->err_msg);
	}
}

/*
 * cut_slow: the next physical line without its line end (1), or 0 at the
 * end. The bytes stay valid until the next cut() or more().
 */
static int
cut_slow(struct ldif_lines *L, const unsigned char **p, size_t *n,
    struct diag *d)
{
	const unsigned char *nl, *s, *bad;
	size_t e, m;
	int r;
	bool unterminated = false;

	for (;;) {
		nl = memchr(L->in + L->scanned, '\n', L->len - L->scanned);
		if (nl != NULL)
			break;
		L->scanned = L->len;
		r = more(L);
		if (r > 0)
			continue;
		if (r < 0)
			return raise_pending(L, d);
		if (L->pos == L->len)
			return 0;
		/* the last line has no line end */
		s = L->in + L->pos;
		m = L->len - L->pos;
		L->pos = L->scanned = L->len;
		L->line++;
		unterminated = true;
		goto check;
	}
	e = (size_t)(nl - L->in);
	s = L->in + L->pos;
	m = e - L->pos;
	L->pos = L->scanned = e + 1;
	L->line++;
	if (m > 0 && s[m - 1] == '\r')
		m--;
check:
	if ((bad = memchr(s, '\0', m)) != NULL)
		return diag_set(d, L->name, L->line,
		    (unsigned long)(bad - s) + 1, "NUL byte in a text line "
		    "(binary values must be base64, \"attr:: ...\")");
	if ((bad = memchr(s, '\r', m)) != NULL)
		return diag_set(d, L->name, L->line,
		    (unsigned long)(bad - s) + 1, "CR not followed by LF");
	/* RFC 2849 ends every line with a line end, and so do ldifde and
	 * ldapsearch: a file that ends without one was cut short. */
	if (unterminated && !L->allow_truncated)
		return diag_set(d, L->name, L->line, (unsigned long)m + 1,
		    "the input ends inside this line, with no line end: it "
		    "looks cut short, as by an interrupted export or copy; "
		    "get the whole file, or pass --allow-truncated if it "
		    "is whole");
	*p = s;
	*n = m;
	return 1;
}

/*
 * cut: cut_slow for the common line: whole in the buffer, ended by LF or
 * CRLF, no NUL and no other CR in it. Anything else (a refill, the last
 * line, a byte to refuse) is left to cut_slow, which says what is wrong
 * exactly as it always has.
 */
static int
cut(struct ldif_lines *L, const unsigned char **p, size_t *n,
    struct diag *d)
{
	const unsigned char *s = L->in + L->pos, *e = L->in + L->len, *q;

	q = ldif_lines_special(s, e);
	if (q < e && *q == '\n') {
		*p = s;
		*n = (size_t)(q - s);
	} else if (e - q >= 2 && q[0] == '\r' && q[1] == '\n') {
		*p = s;
		*n = (size_t)(q - s);
		q++;
	} else {
		return cut_slow(L, p, n, d);
	}
	L->pos = L->scanned = (size_t)(q - L->in) + 1;
	L->line++;
	return 1;
}

static void
copy_first(struct ldif_lines *L, const unsigned char *p, size_t n,
    bool *copied)
{
	if (*copied)
		return;
	buf_reset(&L->lbuf);
	buf_put(&L->lbuf, p, n);
	L->big |= L->lbuf.cap > KEEP_BYTES;
	*copied = true;
}

int
ldif_lines_next(struct ldif_lines *L, struct ldif_line *out, struct diag *d)
{
	const unsigned char *p, *q;
	size_t n, m;
	unsigned long first;
	bool comment, copied;
	int r;

	if (L->big)
		shrink(L);
	for (;;) {
		r = cut(L, &p, &n, d);
		if (r <= 0)
			return r;
		first = L->line;
		if (L->nfolds > 0) {
			L->nfolds = 0;
			L->last_fold = 0;
			L->folds.n = 0;
		}
		if (n > 0 && p[0] == ' ')
			return diag_set(d, L->name, first, 1, "line starts "
			    "with a space but there is no line before it to "
			    "continue (a line of only spaces is not blank)");
		comment = n > 0 && p[0] == '#';
		if (comment)
			ldif_lines_head(L, p, n, first);
		copied = false;
		/* Continuation lines follow while the next byte is a space. */
		while (n > 0) {
			if (L->pos == L->len) {
				if (!comment)
					copy_first(L, p, n, &copied);
				if (more(L) <= 0)
					break;  /* a pending error comes next */
				continue;
			}
			if (L->in[L->pos] != ' ')
				break;
			if (!comment)
				copy_first(L, p, n, &copied);
			if (cut(L, &q, &m, d) < 0)
				return -1;
			if (comment)
				continue;
			add_fold(L, L->lbuf.n);
			buf_put(&L->lbuf, q + 1, m - 1);
			L->big |= L->lbuf.cap > KEEP_BYTES ||
			    L->folds.cap > KEEP_BYTES;
			if (L->lbuf.n > L->max_line)
				return diag_set(d, L->name, L->line, 1,
				    "line is longer than %zu bytes; raise the "
				    "limit with %s", L->max_line,
				    L->limit_option);
			/* Lines of a lone space add nothing to the line but
			 * a fold each: count them too. */
			if (L->nfolds > L->max_line)
				return diag_set(d, L->name, L->line, 1,
				    "line is folded into more than %zu "
				    "physical lines; raise the limit with %s",
				    L->max_line, L->limit_option);
		}
		if (comment)
			continue;
		out->line = first;
		if (copied) {
			out->p = L->lbuf.p;
			out->n = L->lbuf.n;
		} else {
			out->p = p;
			out->n = n;
		}
		return 1;
	}
}

void
ldif_lines_locate(const struct ldif_lines *L, const struct ldif_line *ln,
    size_t off, unsigned long *line, unsigned long *col)
{
	size_t i = 0, k = 0, at = 0, next, delta;
	unsigned shift;

	/* The folds belong to ln only when it was copied into lbuf. Walk
	 * them to the last continuation line that starts at or before off. */
	while (ln->p == L->lbuf.p && ln->p != NULL && k < L->nfolds) {
		delta = 0;
		shift = 0;
		do {
			delta |= (size_t)(L->folds.p[i] & 0x7f) << shift;
			shift += 7;
		} while (L->folds.p[i++] & 0x80);
		next = at + delta;
		if (next > off)
			break;
		at = next;
		k++;
	}
	if (k == 0) {
		*line = ln->line;
		*col = (unsigned long)off + 1;
	} else {
		*line = ln->line + k;
		*col = (unsigned long)(off - at) + 2;
	}
}

bool
ldif_lines_window(const struct ldif_lines *L, const unsigned char **p,
    size_t *n)
{
	if (L->err != ERR_NONE)
		return false;
	*p = L->in + L->pos;
	*n = L->len - L->pos;
	return true;
}

int
ldif_lines_refill(struct ldif_lines *L)
{
	return more(L);
}

bool
ldif_lines_at_eof(const struct ldif_lines *L)
{
	return L->eof && L->raw_n == 0;
}

void
ldif_lines_consume(struct ldif_lines *L, size_t bytes, unsigned long lines)
{
	L->pos += bytes;
	L->scanned = L->pos;
	L->line += lines;
}

void
ldif_lines_unconsume(struct ldif_lines *L, size_t bytes, unsigned long lines)
{
	L->pos -= bytes;
	L->scanned = L->pos;
	L->line -= lines;
}

unsigned long long
ldif_lines_offset(const struct ldif_lines *L)
{
	if (L->enc == LDIF_ENC_UTF8)
		return L->raw_total - (L->len - L->pos);
	return L->raw_total - L->raw_n;
}

const char *
ldif_lines_encoding(const struct ldif_lines *L)
{
	switch (L->enc) {
	case LDIF_ENC_UTF16LE:
		return "UTF-16LE";
	case LDIF_ENC_UTF16BE:
		return "UTF-16BE";
	default:
		return "UTF-8";
	}
}
