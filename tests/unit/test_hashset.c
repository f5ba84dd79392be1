/*
 * test_hashset.c: the compact set of 64-bit hashes (src/base/hashset.c):
 * every hash added is found again with its number, through the batch and
 * after any number of merges into the buckets, hashes that share their
 * top or bottom bits are told apart, and numbers past 32 bits widen the
 * elements without losing the older ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "base/hashset.h"

/* A deterministic 64-bit generator (splitmix64). */
static uint64_t
next64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Many hashes, each added twice at once (refused, with its number) and
 * all of them again at the end (refused, with the first number): across
 * many merges of the batch. */
static void
test_added_hashes_are_found(void **state)
{
	enum { N = 5 * HASHSET_BATCH + 123 };
	uint64_t *hs = malloc(N * sizeof(*hs)), seed = 7, found;
	struct hashset s;
	size_t i;

	(void)state;
	hashset_init(&s);
	for (i = 0; i < N; i++) {
		hs[i] = next64(&seed);
		assert_true(hashset_add(&s, hs[i], 1000 + i, &found));
		found = 0;
		assert_false(hashset_add(&s, hs[i], 5, &found));
		assert_int_equal(found, 1000 + i);
	}
	assert_int_equal(hashset_count(&s), N);
	for (i = 0; i < N; i++) {
		assert_false(hashset_add(&s, hs[i], 7, &found));
		assert_int_equal(found, 1000 + i);
	}
	assert_int_equal(hashset_count(&s), N);
	hashset_free(&s);
	free(hs);
}

/* Hashes that differ only in their top 16 bits (the bucket) or only in
 * the bits kept in an element are different hashes. */
static void
test_near_hashes_differ(void **state)
{
	struct hashset s;
	uint64_t found, base = UINT64_C(0x0123456789abcdef), i;

	(void)state;
	hashset_init(&s);
	/* The same low 48 bits in 49,152 buckets; in base's bucket, as many
	 * low parts. */
	for (i = 0; i < 3 * HASHSET_BATCH; i++) {
		assert_true(hashset_add(&s, (base & ((UINT64_C(1) << 48) - 1)) |
		    i << 48, i, &found));
		assert_true(hashset_add(&s, base ^ (i + 1), i + 1000000,
		    &found));
	}
	for (i = 0; i < 3 * HASHSET_BATCH; i++) {
		assert_false(hashset_add(&s, (base & ((UINT64_C(1) << 48) -
		    1)) | i << 48, 0, &found));
		assert_int_equal(found, i);
		assert_false(hashset_add(&s, base ^ (i + 1), 0, &found));
		assert_int_equal(found, i + 1000000);
	}
	assert_int_equal(hashset_count(&s), 6 * HASHSET_BATCH);
	hashset_free(&s);
}

/* Numbers past 32 bits: the elements merged before keep theirs. */
static void
test_wide_numbers(void **state)
{
	struct hashset s;
	uint64_t seed = 99, found, h[3 * HASHSET_BATCH];
	size_t i;

	(void)state;
	hashset_init(&s);
	for (i = 0; i < 3 * HASHSET_BATCH; i++) {
		h[i] = next64(&seed);
		assert_true(hashset_add(&s, h[i], i < 2 * HASHSET_BATCH ? i :
		    UINT64_C(5000000000) + i, &found));
	}
	for (i = 0; i < 3 * HASHSET_BATCH; i++) {
		assert_false(hashset_add(&s, h[i], 0, &found));
		assert_int_equal(found, i < 2 * HASHSET_BATCH ? i :
		    UINT64_C(5000000000) + i);
	}
	/* And once more after the wide batch is merged. */
	assert_true(hashset_add(&s, next64(&seed), 1, &found));
	for (i = 0; i < HASHSET_BATCH; i++)
		(void)hashset_add(&s, next64(&seed), 2, &found);
	assert_false(hashset_add(&s, h[0], 0, &found));
	assert_int_equal(found, 0);
	assert_false(hashset_add(&s, h[3 * HASHSET_BATCH - 1], 0, &found));
	assert_int_equal(found, UINT64_C(5000000000) + 3 * HASHSET_BATCH - 1);
	hashset_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_added_hashes_are_found),
		cmocka_unit_test(test_near_hashes_differ),
		cmocka_unit_test(test_wide_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
