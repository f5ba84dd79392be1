/*
 * hash.c: open addressing over (hash, index) pairs (see hash.h).
 */
#include "base/hash.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define HASH_MIN_CAP 64
#define FNV_BASIS UINT64_C(14695981039346656037)
#define FNV_PRIME UINT64_C(1099511628211)

void
hash_init(struct hash *h)
{
	h->slots = NULL;
	h->cap = h->n = 0;
}

void
hash_free(struct hash *h)
{
	free(h->slots);
	hash_init(h);
}

void
hash_clear(struct hash *h)
{
	size_t i;

	for (i = 0; i < h->cap; i++)
		h->slots[i].idx = HASH_NONE;
	h->n = 0;
}

void
hash_copy(struct hash *dst, const struct hash *src)
{
	if (dst->cap != src->cap) {
		free(dst->slots);
		dst->slots = src->cap ? xreallocarray(NULL, src->cap,
		    sizeof(*dst->slots)) : NULL;
		dst->cap = src->cap;
	}
	if (src->cap)
		memcpy(dst->slots, src->slots, src->cap * sizeof(*dst->slots));
	dst->n = src->n;
}

/* The slot to start probing at: FNV's low bits are weak, fold the high
 * ones in. */
static size_t
home(const struct hash *h, uint64_t hash)
{
	return (size_t)(hash ^ (hash >> 29) ^ (hash >> 47)) & (h->cap - 1);
}

size_t
hash_find(const struct hash *h, uint64_t hash, hash_eq_fn eq,
    const void *ctx, const void *key)
{
	size_t i, mask = h->cap - 1;

	if (h->n == 0)
		return HASH_NONE;
	for (i = home(h, hash); h->slots[i].idx != HASH_NONE;
	    i = (i + 1) & mask)
		if (h->slots[i].hash == hash && eq(ctx, h->slots[i].idx, key))
			return h->slots[i].idx;
	return HASH_NONE;
}

static void
place(struct hash *h, uint64_t hash, size_t idx)
{
	size_t i, mask = h->cap - 1;

	for (i = home(h, hash); h->slots[i].idx != HASH_NONE;
	    i = (i + 1) & mask)
		;
	h->slots[i].hash = hash;
	h->slots[i].idx = idx;
}

void
hash_put(struct hash *h, uint64_t hash, size_t idx)
{
	if (2 * (h->n + 1) > h->cap) {
		struct hash_slot *old = h->slots;
		size_t oldcap = h->cap, i;

		h->cap = oldcap ? 2 * oldcap : HASH_MIN_CAP;
		h->slots = xreallocarray(NULL, h->cap, sizeof(*h->slots));
		for (i = 0; i < h->cap; i++)
			h->slots[i].idx = HASH_NONE;
		for (i = 0; i < oldcap; i++)
			if (old[i].idx != HASH_NONE)
				place(h, old[i].hash, old[i].idx);
		free(old);
	}
	place(h, hash, idx);
	h->n++;
}

uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = FNV_BASIS;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * FNV_PRIME;
	return h;
}

uint64_t
hash_bytes_ci(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = FNV_BASIS;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned c = s[i];

		if (c - 'A' < 26u)
			c |= 0x20;
		h = (h ^ c) * FNV_PRIME;
	}
	return h;
}

uint64_t
hash_mix(uint64_t h, uint64_t v)
{
	size_t i;

	for (i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (v & 0xff)) * FNV_PRIME;
	return h;
}
