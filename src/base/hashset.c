/*
 * hashset.c: the compact set of 64-bit hashes of hashset.h.
 *
 * Elements are bytes, least significant first, whatever the machine: the
 * low 48 bits of the hash, then the number in 4 bytes (8 when wide). The
 * top 16 bits are the bucket's number and are not stored.
 */
#include "base/hashset.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define LOW48 ((UINT64_C(1) << 48) - 1)
#define SLOTS (2 * HASHSET_BATCH)       /* the batch's index */
#define NARROW 10
#define WIDE 14

void
hashset_init(struct hashset *s)
{
	memset(s, 0, sizeof(*s));
	s->esize = NARROW;
}

void
hashset_free(struct hashset *s)
{
	free(s->elems);
	free(s->off);
	free(s->bh);
	free(s->bnum);
	free(s->bslot);
	free(s->border);
	hashset_init(s);
}

size_t
hashset_count(const struct hashset *s)
{
	return s->n + s->nb;
}

static void
put_le(unsigned char *p, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t
get_le(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | p[n];
	return v;
}

/* Where h's search in the batch's index starts. */
static size_t
home(uint64_t h)
{
	return (size_t)((h * UINT64_C(0x9e3779b97f4a7c15)) >> 49) &
	    (SLOTS - 1);
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

void
hashset_prefetch(const struct hashset *s, uint64_t h, int step)
{
	if (step == 0) {
		if (s->bslot != NULL)
			PREFETCH(&s->bslot[home(h)]);
		if (s->off != NULL)
			PREFETCH(&s->off[h >> 48]);
	} else if (s->n > 0) {
		PREFETCH(s->elems + (size_t)s->off[h >> 48] * s->esize);
	}
}

/* Every element 14 bytes: a number past 32 bits is coming. */
static void
widen(struct hashset *s)
{
	size_t i;

	if (s->cap > 0)
		s->elems = xreallocarray(s->elems, s->cap, WIDE);
	for (i = s->n; i-- > 0; ) {
		unsigned char *from = s->elems + i * NARROW;
		uint64_t rem = get_le(from, 6), num = get_le(from + 6, 4);

		put_le(s->elems + i * WIDE, rem, 6);
		put_le(s->elems + i * WIDE + 6, num, 8);
	}
	s->esize = WIDE;
}

/* The batch positions sorted by bucket, into border (stable: two passes
 * over a byte each, through bslot as scratch). */
static void
sort_batch(struct hashset *s)
{
	size_t count[256], i, pass, sum, t;
	uint16_t *from = s->border, *to = s->bslot;

	for (i = 0; i < s->nb; i++)
		from[i] = (uint16_t)i;
	for (pass = 0; pass < 2; pass++) {
		unsigned shift = pass == 0 ? 48 : 56;
		uint16_t *tmp;

		memset(count, 0, sizeof(count));
		for (i = 0; i < s->nb; i++)
			count[s->bh[from[i]] >> shift & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			t = count[i];
			count[i] = sum;
			sum += t;
		}
		for (i = 0; i < s->nb; i++)
			to[count[s->bh[from[i]] >> shift & 0xff]++] = from[i];
		tmp = from;
		from = to;
		to = tmp;
	}
	/* After two passes the order is back in border. */
}

/* Merge the batch into the buckets, from the last bucket down: each
 * bucket's old elements move up by the batch elements of the buckets
 * below it, and its new ones follow them. */
static void
merge(struct hashset *s)
{
	size_t j = s->nb, b, k, need = s->n + s->nb, cap, es;

	if (s->nb == 0)
		return;
	for (k = 0; k < s->nb && s->esize == NARROW; k++)
		if (s->bnum[k] > UINT32_MAX)
			widen(s);
	es = s->esize;
	if (need > UINT32_MAX)
		xmalloc(SIZE_MAX);      /* aborts: offsets are 32-bit */
	if (s->off == NULL)
		s->off = xcalloc(HASHSET_BUCKETS + 1, sizeof(*s->off));
	if (need > s->cap) {
		cap = s->cap + s->cap / 8;
		if (cap < need)
			cap = need;
		s->elems = xreallocarray(s->elems, cap, es);
		s->cap = cap;
	}
	sort_batch(s);
	for (b = HASHSET_BUCKETS; b-- > 0 && j > 0; ) {
		size_t start = s->off[b], end = s->off[b + 1], below = j;

		while (below > 0 && s->bh[s->border[below - 1]] >> 48 == b)
			below--;
		if (below > 0 && end > start)
			memmove(s->elems + (start + below) * es,
			    s->elems + start * es, (end - start) * es);
		for (k = below; k < j; k++) {
			unsigned char *e = s->elems + (end + k) * es;
			size_t at = s->border[k];

			put_le(e, s->bh[at] & LOW48, 6);
			put_le(e + 6, s->bnum[at], es - 6);
		}
		s->off[b + 1] = (uint32_t)(end + j);
		j = below;
	}
	/* The buckets below the batch's lowest kept their places; those
	 * above it were all moved. */
	s->n = need;
	s->nb = 0;
	memset(s->bslot, 0, SLOTS * sizeof(*s->bslot));
}

bool
hashset_add(struct hashset *s, uint64_t h, uint64_t num, uint64_t *found)
{
	size_t i, k, end;
	uint64_t rem = h & LOW48;

	if (s->bh == NULL) {
		s->bh = xreallocarray(NULL, HASHSET_BATCH, sizeof(*s->bh));
		s->bnum = xreallocarray(NULL, HASHSET_BATCH, sizeof(*s->bnum));
		s->bslot = xcalloc(SLOTS, sizeof(*s->bslot));
		s->border = xreallocarray(NULL, HASHSET_BATCH,
		    sizeof(*s->border));
	}
	if (s->nb == HASHSET_BATCH)
		merge(s);
	for (i = home(h); s->bslot[i] != 0; i = (i + 1) & (SLOTS - 1))
		if (s->bh[s->bslot[i] - 1] == h) {
			*found = s->bnum[s->bslot[i] - 1];
			return false;
		}
	if (s->n > 0) {
		end = s->off[(h >> 48) + 1];
		for (k = s->off[h >> 48]; k < end; k++) {
			const unsigned char *e = s->elems + k * s->esize;

			if (get_le(e, 6) == rem) {
				*found = get_le(e + 6, s->esize - 6);
				return false;
			}
		}
	}
	s->bh[s->nb] = h;
	s->bnum[s->nb] = num;
	s->bslot[i] = (uint16_t)(++s->nb);
	return true;
}
