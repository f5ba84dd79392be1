/*
 * hash.h: the one hash table of ldfix. It maps a key to an index into an
 * array the caller owns (rules, attributes, records, YAML nodes): the
 * table stores (hash, index) pairs, never keys, and asks the caller's
 * equality callback whether the item at an index has the key looked for.
 * Open addressing with linear probing over a power-of-two number of slots,
 * at most half full; nothing is ever removed one by one (hash_clear empties
 * it). The stored hash makes growing independent of the caller and lets
 * most mismatches be rejected without calling back.
 *
 * Allocation goes through xmalloc (never fails). Zero-initialise a table
 * (or hash_init it); hash_free releases it.
 */
#ifndef LDFIX_HASH_H
#define LDFIX_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASH_NONE ((size_t)-1)  /* "no index": not found, or an empty slot */

struct hash_slot {
	uint64_t hash;
	size_t idx;             /* HASH_NONE: empty */
};

struct hash {
	struct hash_slot *slots;
	size_t cap;             /* a power of two, or 0 */
	size_t n;               /* indices stored */
};

/*
 * hash_eq_fn: does the caller's item at idx have the key? ctx and key are
 * what the caller passed to hash_find.
 */
typedef bool (*hash_eq_fn)(const void *ctx, size_t idx, const void *key);

void hash_init(struct hash *h);
void hash_free(struct hash *h);
/* hash_clear: forget every index, keep the memory. */
void hash_clear(struct hash *h);
/* hash_copy: dst holds what src holds (for a copy of the caller's array
 * with the same items at the same indices). */
void hash_copy(struct hash *dst, const struct hash *src);

/* hash_find: the first index stored under hash whose item eq says has
 * key, or HASH_NONE. */
size_t hash_find(const struct hash *h, uint64_t hash, hash_eq_fn eq,
    const void *ctx, const void *key);

/* hash_put: store idx under hash (no check for an equal key: call
 * hash_find first when keys must be unique). */
void hash_put(struct hash *h, uint64_t hash, size_t idx);

/* FNV-1a over n bytes, and over n bytes with A-Z read as a-z. */
uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_bytes_ci(const void *p, size_t n);
/* hash_mix: h combined with one more word (a pointer, a number). */
uint64_t hash_mix(uint64_t h, uint64_t v);

#endif
