/*
 * hashset.h: a set of 64-bit hashes, each kept with the number it was
 * added with (a line), in about 10 bytes a hash: what the census keeps of
 * every entry's DN to find a second entry with the same one (a million
 * entries in 10 MB; base/hash.h's table would take 40 to 80).
 *
 * Hashes go into a batch of HASHSET_BATCH first, with a small index of its
 * own; a full batch is merged into one dense array of buckets, by the
 * hash's top 16 bits, where each element is the other 48 bits and the
 * number (4 bytes, or 8 once a number needs more). Finding a hash looks at
 * the batch and at one bucket: a few elements for a million hashes.
 * Nothing is removed; hashset_free gives everything back.
 *
 * The caller chooses the hashes; two different keys with the same hash are
 * the same to the set.
 */
#ifndef LDFIX_HASHSET_H
#define LDFIX_HASHSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HASHSET_BATCH 8192
#define HASHSET_BUCKETS 65536

struct hashset {
	/* The merged hashes: bucket b is elements [off[b], off[b + 1]) of
	 * elems, esize bytes each (10, or 14 when wide). */
	unsigned char *elems;
	size_t n, cap;
	uint32_t *off;          /* HASHSET_BUCKETS + 1, or NULL when n == 0 */
	size_t esize;
	/* The batch: hashes and numbers in the order added, their index
	 * (slot: batch position + 1, 0 empty; twice the batch, a power of
	 * two), and scratch for sorting them into buckets. */
	uint64_t *bh, *bnum;
	uint16_t *bslot, *border;
	size_t nb;
};

void hashset_init(struct hashset *s);
void hashset_free(struct hashset *s);

/*
 * hashset_add: add h with num, unless h is already there: then nothing is
 * added, *found is the number h was added with, and the answer is false.
 */
bool hashset_add(struct hashset *s, uint64_t h, uint64_t num, uint64_t *found);

/*
 * hashset_prefetch: start loading what hashset_add(s, h, ...) will read,
 * in two steps with some work between them: step 0 the batch's slot and
 * the bucket's offset, step 1 (which reads that offset) the bucket. With a
 * million entries both are cache misses, and the census meets one per
 * entry. Only a hint: it changes nothing.
 */
void hashset_prefetch(const struct hashset *s, uint64_t h, int step);

/* hashset_count: the hashes in the set. */
size_t hashset_count(const struct hashset *s);

#endif
