/*
 * test_hash.c: the one hash table (src/base/hash.c): lookups through the
 * caller's equality callback, growth, colliding hashes, clearing, and the
 * case-folding hash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"

enum { N = 5000 };

static char names[N][16];

static bool
name_eq(const void *ctx, size_t idx, const void *key)
{
	const char (*tab)[16] = (const char (*)[16])ctx;

	return strcmp(tab[idx], key) == 0;
}

static uint64_t
h_of(const char *s)
{
	return hash_bytes(s, strlen(s));
}

static void
test_find_after_growth(void **state)
{
	struct hash h;
	size_t i;

	(void)state;
	hash_init(&h);
	assert_int_equal(hash_find(&h, h_of("x"), name_eq, names, "x"),
	    HASH_NONE);
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "name%zu", i);
		assert_int_equal(hash_find(&h, h_of(names[i]), name_eq, names,
		    names[i]), HASH_NONE);
		hash_put(&h, h_of(names[i]), i);
	}
	assert_int_equal(h.n, N);
	assert_true(h.cap >= 2 * N);
	assert_int_equal(h.cap & (h.cap - 1), 0);
	for (i = 0; i < N; i++)
		assert_int_equal(hash_find(&h, h_of(names[i]), name_eq, names,
		    names[i]), i);
	assert_int_equal(hash_find(&h, h_of("name5000"), name_eq, names,
	    "name5000"), HASH_NONE);
	/* Cleared: empty, memory kept, usable again. */
	hash_clear(&h);
	assert_int_equal(h.n, 0);
	assert_true(h.cap >= 2 * N);
	assert_int_equal(hash_find(&h, h_of(names[7]), name_eq, names,
	    names[7]), HASH_NONE);
	hash_put(&h, h_of(names[7]), 7);
	assert_int_equal(hash_find(&h, h_of(names[7]), name_eq, names,
	    names[7]), 7);
	hash_free(&h);
	assert_null(h.slots);
	assert_int_equal(h.cap, 0);
	hash_free(&h);          /* twice is fine */
}

/* Every key under one hash: probing and the callback sort them out. */
static void
test_colliding_hashes(void **state)
{
	struct hash h;
	size_t i;

	(void)state;
	hash_init(&h);
	for (i = 0; i < 300; i++) {
		snprintf(names[i], sizeof(names[i]), "k%zu", i);
		hash_put(&h, 42, i);
	}
	for (i = 0; i < 300; i++)
		assert_int_equal(hash_find(&h, 42, name_eq, names, names[i]),
		    i);
	assert_int_equal(hash_find(&h, 42, name_eq, names, "k300"), HASH_NONE);
	assert_int_equal(hash_find(&h, 43, name_eq, names, "k1"), HASH_NONE);
	hash_free(&h);
}

/* Equal keys may be stored twice; find returns the first stored. */
static void
test_duplicates_first_wins(void **state)
{
	struct hash h;

	(void)state;
	hash_init(&h);
	strcpy(names[0], "same");
	strcpy(names[1], "same");
	hash_put(&h, h_of("same"), 0);
	hash_put(&h, h_of("same"), 1);
	assert_int_equal(hash_find(&h, h_of("same"), name_eq, names, "same"),
	    0);
	hash_free(&h);
}

static void
test_hash_functions(void **state)
{
	(void)state;
	/* FNV-1a 64 reference values. */
	assert_true(hash_bytes("", 0) == UINT64_C(0xcbf29ce484222325));
	assert_true(hash_bytes("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
	assert_true(hash_bytes_ci("MemberOf;Range=0-*", 18) ==
	    hash_bytes("memberof;range=0-*", 18));
	assert_true(hash_bytes_ci("a\0B", 3) == hash_bytes("a\0b", 3));
	/* Only ASCII letters fold. */
	assert_true(hash_bytes_ci("\xc3\x84", 2) == hash_bytes("\xc3\x84", 2));
	assert_true(hash_bytes_ci("@[", 2) == hash_bytes("@[", 2));
	assert_true(hash_bytes("A", 1) != hash_bytes("a", 1));
	assert_true(hash_mix(1, 2) != hash_mix(1, 3));
	assert_true(hash_mix(1, 2) != hash_mix(2, 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_after_growth),
		cmocka_unit_test(test_colliding_hashes),
		cmocka_unit_test(test_duplicates_first_wins),
		cmocka_unit_test(test_hash_functions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
