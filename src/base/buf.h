/*
 * buf.h: byte slices and growable byte buffers, the two string types of ldfix.
 *
 * A struct slice borrows bytes it does not own; whoever hands one out says how
 * long it stays valid. A struct buf owns its bytes. Neither assumes a NUL
 * terminator inside the data: SIDs and GUIDs contain zero bytes. A buf does
 * keep one spare byte after its data set to NUL, so that buf.p can be handed
 * to C library calls that want a string when the data is known to be text.
 *
 * Allocation failure is not recoverable in a command-line tool: the x*
 * allocators print "ldfix: out of memory" and abort, so no caller checks.
 */
#ifndef LDFIX_BUF_H
#define LDFIX_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct slice {
	const unsigned char *p;
	size_t n;
};

/*
 * Invariants: p is never NULL (an empty buf points at a shared empty
 * string), cap > n, and p[n] == 0.
 */
struct buf {
	unsigned char *p;
	size_t n;
	size_t cap;
};

#define BUF_INIT { (unsigned char *)buf_empty_, 0, 0 }
extern unsigned char buf_empty_[1];

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: realloc for count elements of size, checking the product. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
/* xmemdup: a NUL-terminated copy of n bytes. */
char *xmemdup(const void *p, size_t n);

/*
 * grow_array: grow *items (an array of *cap elements of size) so that it
 * holds need. Inline for the common call, which has room already;
 * grow_array_now grows.
 */
void grow_array_now(void *items, size_t *cap, size_t need, size_t size);

static inline void
grow_array(void *items, size_t *cap, size_t need, size_t size)
{
	if (need > *cap)
		grow_array_now(items, cap, need, size);
}

void buf_init(struct buf *b);
/* buf_reset: empty the buffer, keep its memory for reuse. */
void buf_reset(struct buf *b);
/* buf_release: free the memory; the buf is empty and usable afterwards. */
void buf_release(struct buf *b);
/* buf_detach: hand the bytes (NUL-terminated, malloc'd) to the caller. */
unsigned char *buf_detach(struct buf *b, size_t *len);
/* buf_grow: make room for at least extra more bytes. */
void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_putc(struct buf *b, int c);
/* buf_put_dec: v in decimal (what "%" PRIu64 prints, without printf). */
void buf_put_dec(struct buf *b, uint64_t v);
/* dec_digits: the same digits written at p (room for 20 bytes, no NUL);
 * returns how many. */
size_t dec_digits(unsigned char *p, uint64_t v);
/* buf_put_hex: "0x" and v in lower-case hex, as "%#" PRIx64 prints a
 * non-zero v ("0x0" for zero). */
void buf_put_hex(struct buf *b, uint64_t v);
void buf_putslice(struct buf *b, struct slice s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
struct slice buf_slice(const struct buf *b);

/* buf_puts: the C string s. Inline, so that a literal's length is
 * known when the program is compiled. */
static inline void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Inline: they run for every value. */
static inline struct slice
slice_of(const char *s)
{
	struct slice r = { (const unsigned char *)s, strlen(s) };

	return r;
}

static inline struct slice
slice_mem(const void *p, size_t n)
{
	struct slice r = { p, n };

	return r;
}
bool slice_eq(struct slice a, struct slice b);
/* slice_cmp: a qsort/bsearch comparator over struct slice: by length,
 * then bytes. A total order for finding values, not a collation. */
int slice_cmp(const void *a, const void *b);
/*
 * slice_repeats: the values listed twice in vals[0..n) (byte for byte).
 * Returns the smallest i such that vals[i] equals an earlier vals[j], or n
 * when all are distinct. mark may be NULL; else mark[i] is set to 1 for
 * every such i and to 0 for the rest (first occurrences). O(n log n);
 * allocates only for lists longer than 16.
 */
size_t slice_repeats(const struct slice *vals, size_t n, unsigned char *mark);
/* ASCII case-insensitive comparison, independent of the locale. */
bool slice_eq_ci(struct slice a, struct slice b);
/* printable_span: how many of the first bytes of p[0..n) are printable
 * ASCII (0x20 to 0x7e). */
size_t printable_span(const unsigned char *p, size_t n);
bool slice_eq_cstr_ci(struct slice a, const char *s);
int ascii_tolower(int c);
/* Locale-independent ASCII classes. */
bool ascii_isalpha(int c);
bool ascii_isdigit(int c);
/*
 * utf8_screen_control_len: the length (2 or 3) of the UTF-8 character at
 * p[0..n) when it is one that terminals or editors obey although LDIF
 * parsers read it as text: a C1 control (U+0080-U+009F: CSI, NEL, ...), a
 * line or paragraph separator (U+2028, U+2029), a bidi embedding,
 * override or isolate (U+202A-U+202E, U+2066-U+2069) or a bidi mark
 * (U+200E, U+200F, U+061C); else 0. Text shown
 * to people (comments, terminal tables) escapes these.
 */
size_t utf8_screen_control_len(const unsigned char *p, size_t n);

/*
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF). utf8_decode: the length (1..4) of the valid character at
 * p[0..n) with its code point in *cp, or 0 when p does not start one
 * (n must be > 0). utf8_invalid_at: offset of the first byte that is not
 * part of a valid character, or -1. utf8_valid: utf8_invalid_at is -1.
 */
size_t utf8_decode(const unsigned char *p, size_t n, unsigned long *cp);
/*
 * utf16_to_utf8: append the UTF-16 text in (little-endian, or big-endian
 * when be) to out as UTF-8. 0, or -1 with *bad the byte offset of an
 * unpaired surrogate or of a trailing odd byte.
 */
int utf16_to_utf8(struct slice in, bool be, struct buf *out, size_t *bad);
long utf8_invalid_at(struct slice s);
bool utf8_valid(struct slice s);

/*
 * name_cache: a small direct-mapped set of short names (attribute
 * descriptions) already found good, each with a number the user chooses
 * (flags, an id). An export uses a few dozen names millions of times; a
 * hit is an exact byte match, a miss just means "check it again". Slots
 * are 64 bytes. Zero-initialise it.
 */
/* 256 slots in pairs, and four bytes of the name in its pair's number:
 * an AD export's hundred-odd names then rarely share a pair (64 slots and
 * three bytes missed on 45% of the lines of a generated export; one slot
 * a name, objectGUID and sAMAccountName took each other's). */
#define NAME_CACHE_SLOTS 256    /* a power of two */
#define NAME_CACHE_MAX 58       /* longer names are never cached */

struct name_cache {
	struct {
		unsigned char n;        /* 0: empty */
		unsigned char name[NAME_CACHE_MAX + 1];
		int value;              /* >= 0 */
	} slot[NAME_CACHE_SLOTS];
};

/* short_bytes_eq: a[0..n) and b[0..n) hold the same bytes. For names and
 * other short keys, inline (no call): words of eight bytes, the last one
 * overlapping the one before it rather than a loop on bytes. */
static inline bool
short_bytes_eq(const unsigned char *a, const unsigned char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;

	if (n >= 8) {
		for (; n > 8; a += 8, b += 8, n -= 8) {
			memcpy(&x, a, 8);
			memcpy(&y, b, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return false;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	for (; n > 0; n--)
		if (*a++ != *b++)
			return false;
	return true;
}

/* name_cache_get: the value stored with s, or -1 when s is not there.
 * Inline: it runs for every attribute line read or written. */
static inline size_t
name_cache_slot(struct slice s)
{
	return (s.n * 31u + s.p[0] * 7u + s.p[s.n - 1] * 3u +
	    s.p[s.n >> 1] * 5u) & (NAME_CACHE_SLOTS - 1);
}

static inline int
name_cache_get(const struct name_cache *c, struct slice s)
{
	size_t i;

	if (s.n == 0 || s.n > NAME_CACHE_MAX)
		return -1;
	i = name_cache_slot(s);
	if (c->slot[i].n == s.n && short_bytes_eq(c->slot[i].name, s.p, s.n))
		return c->slot[i].value;
	i ^= 1;
	if (c->slot[i].n == s.n && short_bytes_eq(c->slot[i].name, s.p, s.n))
		return c->slot[i].value;
	return -1;
}
/* name_cache_put: remember s with value (>= 0), replacing what shared its
 * slot. */
void name_cache_put(struct name_cache *c, struct slice s, int value);

#endif
