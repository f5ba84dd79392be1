/*
 * ldif_names.c: the process's table of attribute description ids (see
 * ldif_names.h). Descriptions are kept as first met, in one growing byte
 * store, and found through base/hash.h by their case-folded hash; the
 * spellings found last are kept in a name cache (base/buf.h) in front of
 * it, since ids never change.
 *
 * plan_run() reads on one thread and runs the rules on another, and both
 * give and find ids: every call holds a spin lock. The reader's own name
 * cache answers nearly every line without a call, so it is rarely
 * contended, and never held for longer than one lookup or one insertion.
 */
#include "ldif/ldif_names.h"

#include <stdatomic.h>
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

static atomic_flag busy = ATOMIC_FLAG_INIT;

static void
lock(void)
{
	while (atomic_flag_test_and_set_explicit(&busy, memory_order_acquire))
		;
}

static void
unlock(void)
{
	atomic_flag_clear_explicit(&busy, memory_order_release);
}

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

/* ldif_name_find, the lock held. */
static uint32_t
find_id(struct slice desc)
{
	int id;

	if (desc.n == 0 || T.nnames == 0)
		return 0;
	if ((id = recent(desc)) > 0)
		return (uint32_t)id;
	return find(desc, hash_bytes_ci(desc.p, desc.n));
}

/* ldif_name_id, the lock held. */
static uint32_t
give_id(struct slice desc)
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

uint32_t
ldif_name_find(struct slice desc)
{
	uint32_t id;

	lock();
	id = find_id(desc);
	unlock();
	return id;
}

uint32_t
ldif_name_id(struct slice desc)
{
	uint32_t id;

	lock();
	id = give_id(desc);
	unlock();
	return id;
}

bool
ldif_names_full(void)
{
	bool full;

	lock();
	full = T.full;
	unlock();
	return full;
}

uint32_t
ldif_name_memo(_Atomic uint32_t *memo, const char *name)
{
	uint32_t id = atomic_load_explicit(memo, memory_order_acquire);

	if (id != 0)
		return id;
	lock();
	id = give_id(slice_of(name));
	atomic_store_explicit(memo, id, memory_order_release);
	unlock();
	return id;
}
