/*
 * arena.h: a bump allocator for data that lives and dies together (the
 * rule loader's syntax tree, and the strings and nodes of a loaded ruleset).
 * Memory comes from xmalloc, so allocation never fails; arena_free releases
 * every block at once. Individual allocations are never freed.
 */
#ifndef LDFIX_ARENA_H
#define LDFIX_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;       /* newest block first */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* arena_alloc: n zeroed bytes, aligned for any object type. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_array: count zeroed elements of size, the product overflow-checked. */
void *arena_array(struct arena *a, size_t count, size_t size);
/* arena_memdup: a NUL-terminated copy of n bytes (which may contain NUL). */
char *arena_memdup(struct arena *a, const void *p, size_t n);

#endif
