/*
 * arena.c: bump allocation in blocks of ARENA_BLOCK bytes (see arena.h).
 * Big requests (over a quarter block) get a block of their own, linked
 * behind the block being filled; arena_reset frees those and keeps a
 * bounded number of normal blocks on the spare list.
 */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/buf.h"

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_BIG (ARENA_BLOCK / 4)

struct arena_block {
	struct arena_block *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

/* What cur points at while no block is being filled: never written (left
 * is 0), but never NULL either, so that a zero-byte request gets a valid
 * pointer that memcmp and memcpy accept. */
static unsigned char arena_none[1];

void
arena_init(struct arena *a)
{
	a->cur = arena_none;
	a->left = 0;
	a->head = NULL;
	a->spare = NULL;
}

static void
free_list(struct arena_block *b)
{
	while (b != NULL) {
		struct arena_block *next = b->next;

		free(b);
		b = next;
	}
}

void
arena_free(struct arena *a)
{
	free_list(a->head);
	free_list(a->spare);
	arena_init(a);
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next, *keep = NULL;
	size_t kept = 0;

	for (b = a->spare; b != NULL; b = b->next)
		kept += b->size;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (b->size == ARENA_BLOCK && kept + b->size <= ARENA_KEEP) {
			kept += b->size;
			b->next = keep;
			keep = b;
		} else {
			free(b);
		}
	}
	/* The kept blocks go in front of the spare list; the first of them
	 * is filled next. */
	if (keep != NULL) {
		for (b = keep; b->next != NULL; b = b->next)
			;
		b->next = a->spare;
		a->spare = keep;
	}
	a->head = NULL;
	a->cur = arena_none;
	a->left = 0;
	if (a->spare != NULL) {
		b = a->spare;
		a->spare = b->next;
		b->next = NULL;
		a->head = b;
		a->cur = b->data;
		a->left = b->size;
	}
}

size_t
arena_held(const struct arena *a)
{
	const struct arena_block *b;
	size_t n = 0;

	for (b = a->head; b != NULL; b = b->next)
		n += b->size;
	for (b = a->spare; b != NULL; b = b->next)
		n += b->size;
	return n;
}

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		size = SIZE_MAX - sizeof(*b);   /* xmalloc then aborts */
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->next = NULL;
	return b;
}

/* A block of its own for a big request, behind the block being filled. */
static void *
big_block(struct arena *a, size_t n)
{
	struct arena_block *b = block_new(n);

	if (a->head == NULL) {
		a->head = b;
	} else {
		b->next = a->head->next;
		a->head->next = b;
	}
	return b->data;
}

/* Start filling a fresh normal block (a spare one if there is one). */
static void
next_block(struct arena *a)
{
	struct arena_block *b = a->spare;

	if (b != NULL)
		a->spare = b->next;
	else
		b = block_new(ARENA_BLOCK);
	b->next = a->head;
	a->head = b;
	a->cur = b->data;
	a->left = b->size;
}

void *
arena_bytes_slow(struct arena *a, size_t n)
{
	void *p;

	if (n > ARENA_BIG)
		return big_block(a, n);
	next_block(a);
	p = a->cur;
	a->cur += n;
	a->left -= n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	size_t pad = (size_t)(-(uintptr_t)a->cur & (ARENA_ALIGN - 1));
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		xmalloc(SIZE_MAX);              /* aborts: out of memory */
	if (n > ARENA_BIG) {
		p = big_block(a, n);
	} else {
		if (pad + n > a->left) {
			next_block(a);
			pad = 0;
		}
		p = a->cur + pad;
		a->cur += pad + n;
		a->left -= pad + n;
	}
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
	s = arena_bytes(a, n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
