/*
 * ldif_names.c: the process's table of attribute description ids (see
 * ldif_names.h). Descriptions are kept as first met, in one growing byte
 * store, and found through base/hash.h by their case-folded hash; the
 * spellings found last are kept in a name cache (base/buf.h) in front of
 * it, since ids never change.
 */
#include "ldif/ldif_names.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

struct name_rec {
	size_t off, n;          /* bytes in store */
};

static struct {
	struct hash index;      /* case-folded hash -> id - 1 */
	struct name_rec *names; /* by id - 1 */
	size_t nnames, names_cap;
	unsigned char *store;
	size_t used, cap;
	bool full;
	/* Spellings already found, exactly as written: callers that look
	 * up a name per entry skip the folded hash and the probe. */
	struct name_cache recent;
} T;

static bool
name_at(const void *ctx, size_t idx, const void *key)
{
	const struct slice *k = key;

	(void)ctx;
	return T.names[idx].n == k->n &&
	    slice_eq_ci(slice_mem(T.store + T.names[idx].off, T.names[idx].n),
	    *k);
}

static uint32_t
find(struct slice desc, uint64_t h)
{
	size_t i = hash_find(&T.index, h, name_at, NULL, &desc);

	if (i == HASH_NONE)
		return 0;
	name_cache_put(&T.recent, desc, (int)(i + 1));
	return (uint32_t)(i + 1);
}

/* The id of a spelling found before, or -1. */
static int
recent(struct slice desc)
{
	return name_cache_get(&T.recent, desc);
}

uint32_t
ldif_name_find(struct slice desc)
{
	int id;

	if (desc.n == 0 || T.nnames == 0)
		return 0;
	if ((id = recent(desc)) > 0)
		return (uint32_t)id;
	return find(desc, hash_bytes_ci(desc.p, desc.n));
}

uint32_t
ldif_name_id(struct slice desc)
{
	uint64_t h;
	uint32_t id;
	size_t cap;
	int known;

	if (desc.n == 0)
		return 0;
	if ((known = recent(desc)) > 0)
		return (uint32_t)known;
	h = hash_bytes_ci(desc.p, desc.n);
	if ((id = find(desc, h)) != 0)
		return id;
	if (T.nnames >= LDIF_NAMES_MAX || desc.n > LDIF_NAMES_BYTES - T.used) {
		T.full = true;
		return 0;
	}
	if (desc.n > T.cap - T.used) {
		for (cap = T.cap ? T.cap : 4096; desc.n > cap - T.used; )
			cap *= 2;
		if (cap > LDIF_NAMES_BYTES)
			cap = LDIF_NAMES_BYTES;
		T.store = xrealloc(T.store, cap);
		T.cap = cap;
	}
	memcpy(T.store + T.used, desc.p, desc.n);
	grow_array(&T.names, &T.names_cap, T.nnames + 1, sizeof(*T.names));
	T.names[T.nnames].off = T.used;
	T.names[T.nnames].n = desc.n;
	T.used += desc.n;
	hash_put(&T.index, h, T.nnames);
	return (uint32_t)++T.nnames;
}

bool
ldif_names_full(void)
{
	return T.full;
}

uint32_t
ldif_name_memo(uint32_t *memo, const char *name)
{
	if (*memo == 0)
		*memo = ldif_name_id(slice_of(name));
	return *memo;
}
