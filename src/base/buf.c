/*
 * buf.c: growable byte buffers, slices and the aborting allocators.
 */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The bytes of a word that are not printable ASCII, as their top bits
 * (little-endian words). Borrows and carries only run upwards, so the
 * lowest bit set is always a true one; bits above it may be false. */
static uint64_t
unprintable_bits(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t tops = UINT64_C(0x8080808080808080);

	return ((x - ones * 0x20) & ~x & tops) |     /* below 0x20 */
	    (((x + ones) | x) & tops);                /* 0x7f and up */
}

size_t
printable_span(const unsigned char *p, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	/* Signed bytes: 0x80 and up are negative, below 0x20 too. */
	const __m128i lo = _mm_set1_epi8(0x1f), hi = _mm_set1_epi8(0x7f);
	__m128i x;
	unsigned ok;

	if (n >= 16) {
		for (;; i += 16) {
			/* The last block overlaps the one before it: no
			 * byte-by-byte tail (values are mostly short). */
			if (n - i < 16)
				i = n - 16;
			x = _mm_loadu_si128((const __m128i *)(const void *)
			    (p + i));
			ok = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpgt_epi8(x, lo), _mm_cmplt_epi8(x, hi)));
			if (ok != 0xffff)
				return i + (size_t)__builtin_ctz(~ok);
			if (i + 16 == n)
				return n;
		}
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (n - i >= 8) {
		uint64_t w, bad;

		/* Two words, the second overlapping the first. */
		memcpy(&w, p + i, 8);
		if ((bad = unprintable_bits(w)) != 0)
			return i + (size_t)__builtin_ctzll(bad) / 8;
		memcpy(&w, p + n - 8, 8);
		if ((bad = unprintable_bits(w)) != 0)
			return n - 8 + (size_t)__builtin_ctzll(bad) / 8;
		return n;
	}
#endif
	while (i < n && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	return i;
}

unsigned char buf_empty_[1];

static void
out_of_memory(void)
{
	fputs("ldfix: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *p, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(p, count * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup(s, strlen(s));
}

char *
xmemdup(const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		out_of_memory();
	s = xmalloc(n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

void
grow_array_now(void *items, size_t *cap, size_t need, size_t size)
{
	void **pp = items;
	size_t ncap;

	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			out_of_memory();
		ncap *= 2;
	}
	*pp = xreallocarray(*pp, ncap, size);
	*cap = ncap;
}

void
buf_init(struct buf *b)
{
	b->p = buf_empty_;
	b->n = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->n = 0;
	if (b->cap)
		b->p[0] = 0;
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->p);
	buf_init(b);
}

unsigned char *
buf_detach(struct buf *b, size_t *len)
{
	unsigned char *p;

	if (len)
		*len = b->n;
	if (b->cap == 0) {
		p = xmalloc(1);
		p[0] = 0;
	} else {
		p = b->p;
	}
	buf_init(b);
	return p;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need, ncap;

	if (b->cap - b->n > extra)      /* room already (cap > n when cap > 0) */
		return;
	if (extra > SIZE_MAX - b->n - 1)
		out_of_memory();
	need = b->n + extra + 1;
	if (need <= b->cap)
		return;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap += ncap / 2;
	}
	if (b->cap == 0) {
		b->p = xmalloc(ncap);
		b->p[0] = 0;
	} else {
		b->p = xrealloc(b->p, ncap);
	}
	b->cap = ncap;
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = 0;
}

void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->p[b->n++] = (unsigned char)c;
	b->p[b->n] = 0;
}

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

/* How many decimal digits v has. */
static size_t
count_digits32(uint32_t v)
{
	if (v < 100000)
		return v < 100 ? (v < 10 ? 1 : 2) :
		    v < 1000 ? 3 : v < 10000 ? 4 : 5;
	return v < 10000000 ? (v < 1000000 ? 6 : 7) :
	    v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

size_t
dec_digits(unsigned char *p, uint64_t v)
{
	size_t n, i;
	uint64_t t;

	if (v <= UINT32_MAX) {
		n = count_digits32((uint32_t)v);        /* SIDs' parts */
	} else {
		/* 10^19 is the last power of ten below 2^64. */
		for (n = 10, t = UINT64_C(10000000000); n < 20 && v >= t;
		    t *= 10)
			n++;
	}
	/* From the last digit back, two at a time. */
	for (i = n; v >= 10; v /= 100) {
		size_t k = (size_t)(v % 100) * 2;

		p[--i] = (unsigned char)digit_pairs[k + 1];
		p[--i] = (unsigned char)digit_pairs[k];
	}
	if (i > 0)
		p[--i] = (unsigned char)('0' + v);
	return n;
}

void
buf_put_dec(struct buf *b, uint64_t v)
{
	buf_grow(b, 20);
	b->n += dec_digits(b->p + b->n, v);
	b->p[b->n] = 0;
}

void
buf_put_hex(struct buf *b, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digits[18];
	size_t i = sizeof digits;

	do {
		digits[--i] = (unsigned char)hex[v & 15];
		v >>= 4;
	} while (v != 0);
	digits[--i] = 'x';
	digits[--i] = '0';
	buf_put(b, digits + i, sizeof digits - i);
}

void
buf_putslice(struct buf *b, struct slice s)
{
	buf_put(b, s.p, s.n);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len <= 0)
		return;
	buf_grow(b, (size_t)len);
	vsnprintf((char *)b->p + b->n, (size_t)len + 1, fmt, ap);
	b->n += (size_t)len;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

struct slice
buf_slice(const struct buf *b)
{
	struct slice s = { b->p, b->n };

	return s;
}

bool
slice_eq(struct slice a, struct slice b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

int
slice_cmp(const void *x, const void *y)
{
	const struct slice *a = x, *b = y;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->n ? memcmp(a->p, b->p, a->n) : 0;
}

/* A value and where it stood, to find repeats in large value lists. */
struct placed {
	struct slice v;
	size_t at;
};

static int
cmp_placed(const void *x, const void *y)
{
	const struct placed *a = x, *b = y;
	int c = slice_cmp(&a->v, &b->v);

	if (c != 0)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* Lists up to this long are compared pair by pair, without allocating. */
#define REPEATS_SMALL 16

size_t
slice_repeats(const struct slice *vals, size_t n, unsigned char *mark)
{
	struct placed *order;
	size_t i, j, first = n;

	if (mark != NULL && n > 0)
		memset(mark, 0, n);
	if (n <= REPEATS_SMALL) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (slice_eq(vals[j], vals[i])) {
					if (first == n)
						first = i;
					if (mark == NULL)
						return first;
					mark[i] = 1;
					break;
				}
		return first;
	}
	/* Sorted by value, then position: in each run of equal values all
	 * but the first stood later than it. */
	order = xreallocarray(NULL, n, sizeof(*order));
	for (i = 0; i < n; i++) {
		order[i].v = vals[i];
		order[i].at = i;
	}
	qsort(order, n, sizeof(*order), cmp_placed);
	for (i = 1; i < n; i++) {
		if (!slice_eq(order[i].v, order[i - 1].v))
			continue;
		if (order[i].at < first)
			first = order[i].at;
		if (mark != NULL)
			mark[order[i].at] = 1;
	}
	free(order);
	return first;
}

int
ascii_tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

bool
ascii_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
ascii_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

size_t
utf8_screen_control_len(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	if (n >= 2 && p[0] == 0xd8 && p[1] == 0x9c)     /* U+061C ALM */
		return 2;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    ((p[2] >= 0xa8 && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f))
		return 3;
	if (n >= 3 && p[0] == 0xe2 && p[1] == 0x81 &&
	    p[2] >= 0xa6 && p[2] <= 0xa9)
		return 3;
	return 0;
}

size_t
utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
{
	size_t len, k;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, *cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, *cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, *cp = p[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[k] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

long
utf8_invalid_at(struct slice s)
{
	unsigned long cp;
	size_t i = 0, len;

	while (i < s.n) {
		/* ASCII eight bytes at a time (DNs and names mostly are). */
		for (; s.n - i >= 8; i += 8) {
			uint64_t w;

			memcpy(&w, s.p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
		}
		if (i == s.n)
			break;
		if (s.p[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = utf8_decode(s.p + i, s.n - i, &cp)) == 0)
			return (long)i;
		i += len;
	}
	return -1;
}

bool
utf8_valid(struct slice s)
{
	return utf8_invalid_at(s) < 0;
}

bool
slice_eq_ci(struct slice a, struct slice b)
{
	size_t i;

	if (a.n != b.n)
		return false;
	for (i = 0; i < a.n; i++)
		if (ascii_tolower(a.p[i]) != ascii_tolower(b.p[i]))
			return false;
	return true;
}

bool
slice_eq_cstr_ci(struct slice a, const char *s)
{
	return slice_eq_ci(a, slice_of(s));
}

void
name_cache_put(struct name_cache *c, struct slice s, int value)
{
	size_t i;

	if (s.n == 0 || s.n > NAME_CACHE_MAX)
		return;
	i = name_cache_slot(s);
	/* The pair's first slot if it is free or has s, else the second. */
	if (c->slot[i].n != 0 && (c->slot[i].n != s.n ||
	    memcmp(c->slot[i].name, s.p, s.n) != 0))
		i ^= 1;
	memcpy(c->slot[i].name, s.p, s.n);
	c->slot[i].n = (unsigned char)s.n;
	c->slot[i].value = value;
}

/* Append code point cp (valid, not a surrogate) as UTF-8. */
static void
put_utf8(struct buf *out, unsigned long cp)
{
	if (cp < 0x80) {
		buf_putc(out, (int)cp);
	} else if (cp < 0x800) {
		buf_putc(out, (int)(0xc0 | cp >> 6));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_putc(out, (int)(0xe0 | cp >> 12));
		buf_putc(out, (int)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		buf_putc(out, (int)(0xf0 | cp >> 18));
		buf_putc(out, (int)(0x80 | (cp >> 12 & 0x3f)));
		buf_putc(out, (int)(0x80 | (cp >> 6 & 0x3f)));
		buf_putc(out, (int)(0x80 | (cp & 0x3f)));
	}
}

int
utf16_to_utf8(struct slice in, bool be, struct buf *out, size_t *bad)
{
	size_t i;

	for (i = 0; i + 1 < in.n; i += 2) {
		unsigned long u = be ? (unsigned long)in.p[i] << 8 | in.p[i + 1] :
		    (unsigned long)in.p[i + 1] << 8 | in.p[i];

		if (u >= 0xdc00 && u <= 0xdfff) {
			*bad = i;
			return -1;
		}
		if (u >= 0xd800 && u <= 0xdbff) {
			unsigned long lo;

			if (i + 3 >= in.n) {
				*bad = i;
				return -1;
			}
			lo = be ? (unsigned long)in.p[i + 2] << 8 | in.p[i + 3] :
			    (unsigned long)in.p[i + 3] << 8 | in.p[i + 2];
			if (lo < 0xdc00 || lo > 0xdfff) {
				*bad = i;
				return -1;
			}
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		}
		put_utf8(out, u);
	}
	if (i != in.n) {
		*bad = i;
		return -1;
	}
	return 0;
}
