/*
 * arena.c: bump allocation in blocks of ARENA_BLOCK bytes; requests larger
 * than a quarter block get a block of their own so that little is wasted.
 */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define ARENA_BLOCK ((size_t)16384)
#define ARENA_ALIGN alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

static struct arena_block *
block_new(struct arena *a, size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		size = SIZE_MAX - sizeof(*b);   /* xmalloc then aborts */
	b = xmalloc(sizeof(*b) + size);
	b->used = 0;
	b->size = size;
	b->next = a->head;
	a->head = b;
	return b;
}

void
arena_init(struct arena *a)
{
	a->head = NULL;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		xmalloc(SIZE_MAX);              /* aborts: out of memory */
	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (n > ARENA_BLOCK / 4) {
		/* Big: its own block, linked behind the current one so
		 * that the current block keeps serving small requests. */
		struct arena_block *cur = a->head;

		b = block_new(a, n);
		if (cur != NULL) {
			a->head = cur;
			b->next = cur->next;
			cur->next = b;
		}
		b->used = n;
		memset(b->data, 0, n);
		return b->data;
	}
	if (b == NULL || b->size - b->used < n)
		b = block_new(a, ARENA_BLOCK);
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

void *
arena_array(struct arena *a, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		xmalloc(SIZE_MAX);              /* aborts: out of memory */
	return arena_alloc(a, count * size);
}

char *
arena_memdup(struct arena *a, const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		xmalloc(SIZE_MAX);
	s = arena_alloc(a, n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
