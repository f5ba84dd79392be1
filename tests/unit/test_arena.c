/*
 * test_arena.c: the one bump allocator (src/base/arena.c): alignment,
 * zeroing, big requests, pointers that never move, and arena_reset keeping
 * a bounded amount of memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"

static void
test_alloc_aligned_zeroed(void **state)
{
	struct arena a;
	unsigned char *p;
	size_t i, j;

	(void)state;
	arena_init(&a);
	assert_int_equal(arena_held(&a), 0);
	for (i = 1; i < 3000; i += 7) {
		(void)arena_bytes(&a, i % 5);   /* knock the alignment off */
		p = arena_alloc(&a, i);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (j = 0; j < i; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xAA, i);
	}
	p = arena_array(&a, 10, sizeof(long));
	assert_int_equal(((long *)p)[9], 0);
	/* Zero bytes still give a usable pointer. */
	assert_non_null(arena_bytes(&a, 0));
	assert_non_null(arena_alloc(&a, 0));
	arena_free(&a);
	assert_int_equal(arena_held(&a), 0);
	arena_init(&a);
	assert_non_null(arena_bytes(&a, 0));
	arena_free(&a);
}

/* Copies stay where they are however much comes after them. */
static void
test_pointers_never_move(void **state)
{
	struct arena a;
	char *s[2000];
	char want[32];
	size_t i;

	(void)state;
	arena_init(&a);
	for (i = 0; i < 2000; i++) {
		int n = snprintf(want, sizeof(want), "value %zu", i);

		s[i] = arena_memdup(&a, want, (size_t)n);
		if (i % 100 == 0)       /* big ones in between */
			memset(arena_bytes(&a, 10000 + i), 'x', 10000 + i);
	}
	for (i = 0; i < 2000; i++) {
		snprintf(want, sizeof(want), "value %zu", i);
		assert_string_equal(s[i], want);
	}
	assert_memory_equal(arena_copy(&a, "a\0b", 3), "a\0b", 3);
	arena_free(&a);
}

/* A big value is freed by the reset; normal blocks are kept up to
 * ARENA_KEEP and reused. */
static void
test_reset_bounds_memory(void **state)
{
	struct arena a;
	unsigned char *big, *first, *again;
	size_t i;

	(void)state;
	arena_init(&a);
	first = arena_bytes(&a, 10);
	big = arena_bytes(&a, (size_t)100 << 20);
	memset(big, 1, (size_t)100 << 20);
	assert_true(arena_held(&a) >= (size_t)100 << 20);
	arena_reset(&a);
	assert_int_equal(arena_held(&a), ARENA_BLOCK);
	/* The kept block is filled again from its start. */
	again = arena_bytes(&a, 10);
	assert_ptr_equal(again, first);

	/* Many small values: far more than ARENA_KEEP, then a reset. */
	for (i = 0; i < 100000; i++)
		memset(arena_bytes(&a, 100), 2, 100);
	assert_true(arena_held(&a) > 4 * ARENA_KEEP);
	arena_reset(&a);
	assert_int_equal(arena_held(&a), ARENA_KEEP);
	/* Reused: filling ARENA_KEEP again allocates nothing new. */
	for (i = 0; i < ARENA_KEEP / 200; i++)
		memset(arena_bytes(&a, 100), 3, 100);
	assert_int_equal(arena_held(&a), ARENA_KEEP);
	arena_reset(&a);
	arena_reset(&a);
	assert_int_equal(arena_held(&a), ARENA_KEEP);
	arena_free(&a);
	assert_int_equal(arena_held(&a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_zeroed),
		cmocka_unit_test(test_pointers_never_move),
		cmocka_unit_test(test_reset_bounds_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
