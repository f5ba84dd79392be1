/*
 * test_sha256.c: SHA-256 against the FIPS 180-4 example vectors and the
 * million-'a' vector, fed whole and in uneven pieces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"

static void
test_empty(void **state)
{
	char hex[SHA256_HEX_LEN + 1];

	(void)state;
	sha256_mem_hex("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_abc(void **state)
{
	char hex[SHA256_HEX_LEN + 1];

	(void)state;
	sha256_mem_hex("abc", 3, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The 448-bit message: padding spills into a second block. */
static void
test_two_blocks(void **state)
{
	static const char msg[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[SHA256_HEX_LEN + 1];

	(void)state;
	sha256_mem_hex(msg, strlen(msg), hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_million_a(void **state)
{
	size_t n = 1000000, off = 0, step = 1;
	unsigned char *a = malloc(n), d[SHA256_DIGEST_LEN];
	char hex[SHA256_HEX_LEN + 1];
	struct sha256 s;

	(void)state;
	assert_non_null(a);
	memset(a, 'a', n);
	sha256_mem_hex(a, n, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* The same bytes in pieces of 1, 2, 3, ... bytes. */
	sha256_init(&s);
	while (off < n) {
		size_t take = step < n - off ? step : n - off;

		sha256_update(&s, a + off, take);
		off += take;
		step = step % 131 + 1;
	}
	sha256_final(&s, d);
	sha256_hex(d, hex);
	assert_string_equal(hex,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Lengths 55, 56, 63, 64: the padding boundaries. Each hashed whole and
 * byte by byte must agree. */
static void
test_padding_boundaries(void **state)
{
	static const size_t lens[] = { 55, 56, 63, 64, 65, 119, 120 };
	unsigned char buf[128], d1[32], d2[32];
	struct sha256 s;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7 + 1);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		sha256_init(&s);
		sha256_update(&s, buf, lens[i]);
		sha256_final(&s, d1);
		sha256_init(&s);
		for (j = 0; j < lens[i]; j++)
			sha256_update(&s, buf + j, 1);
		sha256_final(&s, d2);
		assert_memory_equal(d1, d2, 32);
	}
}

/* The SHA-NI and the portable compression agree on every length from 0
 * to 1000 bytes of varied data (when the CPU has no SHA-NI, both runs
 * use the portable code and the test says nothing new). */
static void
test_hw_matches_portable(void **state)
{
	unsigned char buf[1000], d1[32], d2[32];
	struct sha256 s;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 3));
	for (n = 0; n <= sizeof(buf); n++) {
		sha256_use_hw(false);
		sha256_init(&s);
		sha256_update(&s, buf, n);
		sha256_final(&s, d1);
		sha256_use_hw(true);
		sha256_init(&s);
		sha256_update(&s, buf, n);
		sha256_final(&s, d2);
		assert_memory_equal(d1, d2, 32);
	}
	if (!sha256_hw())
		print_message("no SHA-NI on this CPU: portable code only\n");
}

static int
portable(void **state)
{
	(void)state;
	sha256_use_hw(false);
	return 0;
}

static int
hardware(void **state)
{
	(void)state;
	sha256_use_hw(true);
	return 0;
}

#define BOTH(t) cmocka_unit_test_setup(t, portable), \
	cmocka_unit_test_setup(t, hardware)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_empty),
		BOTH(test_abc),
		BOTH(test_two_blocks),
		BOTH(test_million_a),
		BOTH(test_padding_boundaries),
		cmocka_unit_test(test_hw_matches_portable),
	};

	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
