/*
 * arena.h: the one bump allocator of ldfix, for data that lives and dies
 * together: a loaded ruleset and the rule loader's syntax tree (freed
 * whole), the bytes of one LDIF record and of one entry's made values
 * (reset per record), apply's copy of a change file.
 *
 * Memory comes from xmalloc, so allocation never fails. Nothing is freed
 * one by one, and nothing ever moves: a pointer stays valid until
 * arena_reset or arena_free. arena_reset empties the arena for reuse but
 * keeps at most ARENA_KEEP bytes of blocks: one record with a 100 MB value
 * does not pin 100 MB for the rest of the run.
 *
 * Requests larger than a quarter block get a block of their own, so that
 * little is wasted and the current block keeps serving small ones.
 */
#ifndef LDFIX_ARENA_H
#define LDFIX_ARENA_H

#include <stddef.h>
#include <string.h>

#define ARENA_BLOCK ((size_t)16384)     /* bytes of a normal block */
#define ARENA_KEEP ((size_t)64 * ARENA_BLOCK) /* kept by arena_reset */

struct arena_block;

/* arena_init before use. cur/left are the free tail of the block being
 * filled: the inline fast path of arena_bytes reads them. */
struct arena {
	unsigned char *cur;
	size_t left;
	struct arena_block *head;       /* block being filled, then older */
	struct arena_block *spare;      /* emptied by arena_reset, for reuse */
};

void arena_init(struct arena *a);
/* arena_free: release every block; the arena is empty and usable. */
void arena_free(struct arena *a);
/* arena_reset: forget every allocation; keep up to ARENA_KEEP bytes of
 * normal blocks for reuse, free the rest (and every big block). */
void arena_reset(struct arena *a);

/* arena_held: bytes of blocks the arena holds (used, kept or spare). */
size_t arena_held(const struct arena *a);

/* arena_alloc: n zeroed bytes, aligned for any object type. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_array: count zeroed elements of size, the product overflow-checked. */
void *arena_array(struct arena *a, size_t count, size_t size);
/* arena_memdup: a NUL-terminated copy of n bytes (which may contain NUL). */
char *arena_memdup(struct arena *a, const void *p, size_t n);

/* arena_bytes_slow: arena_bytes when the current block has no room. */
void *arena_bytes_slow(struct arena *a, size_t n);

/*
 * arena_bytes: n uninitialised bytes, not aligned: for byte strings.
 * Inline: the LDIF reader calls it for every value.
 */
static inline void *
arena_bytes(struct arena *a, size_t n)
{
	void *p;

	if (n > a->left)
		return arena_bytes_slow(a, n);
	p = a->cur;
	a->cur += n;
	a->left -= n;
	return p;
}

/* arena_copy: a copy of n bytes (no NUL added). */
static inline void *
arena_copy(struct arena *a, const void *p, size_t n)
{
	void *q = arena_bytes(a, n);

	if (n)
		memcpy(q, p, n);
	return q;
}

#endif
