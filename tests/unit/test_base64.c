/*
 * test_base64.c: the base64 encoder and strict decoder (src/base64.c):
 * RFC 4648 test vectors, every byte value, in-place decoding, and the
 * offset reported for each kind of damage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/base64.h"
#include "base/buf.h"

/* RFC 4648 section 10. */
static const struct {
	const char *plain;
	const char *coded;
} rfc_vectors[] = {
	{ "", "" },
	{ "f", "Zg==" },
	{ "fo", "Zm8=" },
	{ "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" },
	{ "fooba", "Zm9vYmE=" },
	{ "foobar", "Zm9vYmFy" },
};

#define NVECTORS (sizeof(rfc_vectors) / sizeof(rfc_vectors[0]))

static void
test_encode_rfc_vectors(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < NVECTORS; i++) {
		buf_reset(&b);
		base64_encode(&b, slice_of(rfc_vectors[i].plain));
		assert_int_equal(b.n, strlen(rfc_vectors[i].coded));
		assert_memory_equal(b.p, rfc_vectors[i].coded, b.n);
		assert_int_equal(b.p[b.n], 0);
		assert_int_equal(b.n,
		    base64_encoded_len(strlen(rfc_vectors[i].plain)));
	}
	buf_release(&b);
}

static void
test_decode_rfc_vectors(void **state)
{
	struct buf b = BUF_INIT;
	size_t i, bad = 99;

	(void)state;
	for (i = 0; i < NVECTORS; i++) {
		buf_reset(&b);
		assert_int_equal(base64_decode(&b,
		    slice_of(rfc_vectors[i].coded), &bad), BASE64_OK);
		assert_int_equal(b.n, strlen(rfc_vectors[i].plain));
		if (b.n)
			assert_memory_equal(b.p, rfc_vectors[i].plain, b.n);
	}
	assert_int_equal(bad, 99);      /* untouched on success */
	buf_release(&b);
}

/* An objectSid as exports carry it:
 * S-1-5-21-1004336348-1177238915-682003330-1163. */
static void
test_decode_sid(void **state)
{
	static const unsigned char want[28] = {
		0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
		0x15, 0x00, 0x00, 0x00, 0xdc, 0xf4, 0xdc, 0x3b,
		0x83, 0x3d, 0x2b, 0x46, 0x82, 0x8b, 0xa6, 0x28,
		0x8b, 0x04, 0x00, 0x00,
	};
	struct buf b = BUF_INIT;
	size_t bad;

	(void)state;
	assert_int_equal(base64_decode(&b,
	    slice_of("AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA=="), &bad),
	    BASE64_OK);
	assert_int_equal(b.n, sizeof(want));
	assert_memory_equal(b.p, want, sizeof(want));
	buf_reset(&b);
	base64_encode(&b, slice_mem(want, sizeof(want)));
	assert_string_equal((const char *)b.p,
	    "AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==");
	buf_release(&b);
}

/* All 256 byte values at every alignment survive encode + decode. */
static void
test_all_bytes_round_trip(void **state)
{
	unsigned char in[256 + 3];
	struct buf enc = BUF_INIT, dec = BUF_INIT;
	size_t i, start, bad;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(255 - i % 256);
	for (start = 0; start < 3; start++) {
		buf_reset(&enc);
		buf_reset(&dec);
		base64_encode(&enc, slice_mem(in + start, 256));
		assert_int_equal(enc.n, base64_encoded_len(256));
		assert_int_equal(base64_decode(&dec, buf_slice(&enc), &bad),
		    BASE64_OK);
		assert_int_equal(dec.n, 256);
		assert_memory_equal(dec.p, in + start, 256);
	}
	buf_release(&enc);
	buf_release(&dec);
}

/* Deterministic xorshift, so failures reproduce. */
static uint32_t
next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
test_random_round_trip_in_place(void **state)
{
	unsigned char in[300], work[420];
	uint32_t seed = 0x2849u;
	size_t len, i, n, out, bad;
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		len = next_rand(&seed) % sizeof(in);
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)next_rand(&seed);
		n = base64_encode_to(work, in, len);
		assert_int_equal(n, base64_encoded_len(len));
		assert_true(base64_decoded_max(n) >= len);
		/* Decoding in place: the output overwrites its own input. */
		assert_int_equal(base64_decode_to(work, work, n, &out, &bad),
		    BASE64_OK);
		assert_int_equal(out, len);
		if (len)
			assert_memory_equal(work, in, len);
	}
}

static void
assert_bad(const char *text, size_t len, int want_status, size_t want_at)
{
	struct buf b = BUF_INIT;
	size_t bad = 12345;

	buf_puts(&b, "keep");
	assert_int_equal(base64_decode(&b, slice_mem(text, len), &bad),
	    want_status);
	assert_int_equal(bad, want_at);
	/* A failed decode leaves the buffer as it was. */
	assert_int_equal(b.n, 4);
	assert_string_equal((const char *)b.p, "keep");
	buf_release(&b);
}

static void
test_bad_characters(void **state)
{
	(void)state;
	assert_bad("Zm9v!m8=", 8, BASE64_BAD_CHAR, 4);
	assert_bad("Zm9v Zm8=", 9, BASE64_BAD_CHAR, 4);         /* space */
	assert_bad("Zm9v\nZm8", 8, BASE64_BAD_CHAR, 4);         /* line break */
	assert_bad("Zm\0v", 4, BASE64_BAD_CHAR, 2);             /* NUL */
	assert_bad("Zm9v\xc3\xa9xx", 8, BASE64_BAD_CHAR, 4);    /* non-ASCII */
	assert_bad("Zm9-", 4, BASE64_BAD_CHAR, 3);              /* base64url */
	assert_bad("Zm9_", 4, BASE64_BAD_CHAR, 3);
	assert_bad("Zm9vZm9vZ\t==", 12, BASE64_BAD_CHAR, 9);
	/* In a short tail the first bad byte still wins over the length. */
	assert_bad("Zm9vZ*", 6, BASE64_BAD_CHAR, 5);
}

static void
test_bad_padding(void **state)
{
	(void)state;
	assert_bad("=Zm9", 4, BASE64_BAD_PAD, 0);
	assert_bad("Z===", 4, BASE64_BAD_PAD, 1);       /* one char is 6 bits */
	assert_bad("Zm=v", 4, BASE64_BAD_PAD, 3);       /* data after '=' */
	assert_bad("Zg==Zg==", 8, BASE64_BAD_PAD, 2);   /* padding mid-text */
	assert_bad("Zm8=Zm9v", 8, BASE64_BAD_PAD, 3);
	assert_bad("====", 4, BASE64_BAD_PAD, 0);
}

static void
test_bad_length(void **state)
{
	(void)state;
	assert_bad("Zg=", 3, BASE64_BAD_LENGTH, 3);     /* one '=' missing */
	assert_bad("Zm9vZ=", 6, BASE64_BAD_LENGTH, 6);
	assert_bad("Zm9vYg", 6, BASE64_BAD_LENGTH, 6);
	assert_bad("Z", 1, BASE64_BAD_LENGTH, 1);
	assert_bad("Zm9vZm9vZ", 9, BASE64_BAD_LENGTH, 9);
}

static void
test_decode_appends(void **state)
{
	struct buf b = BUF_INIT;
	size_t bad;

	(void)state;
	buf_puts(&b, "x=");
	assert_int_equal(base64_decode(&b, slice_of("Zm9v"), &bad), BASE64_OK);
	assert_int_equal(base64_decode(&b, slice_of(""), &bad), BASE64_OK);
	assert_int_equal(base64_decode(&b, slice_of("AA=="), &bad), BASE64_OK);
	assert_int_equal(b.n, 6);
	assert_memory_equal(b.p, "x=foo\0", 6);
	assert_int_equal(b.p[6], 0);
	buf_release(&b);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(base64_strerror(BASE64_BAD_CHAR),
	    "invalid base64 character");
	assert_string_not_equal(base64_strerror(BASE64_BAD_PAD),
	    base64_strerror(BASE64_BAD_LENGTH));
	assert_non_null(strstr(base64_strerror(BASE64_BAD_PAD), "padding"));
	assert_non_null(strstr(base64_strerror(BASE64_BAD_LENGTH), "four"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_rfc_vectors),
		cmocka_unit_test(test_decode_rfc_vectors),
		cmocka_unit_test(test_decode_sid),
		cmocka_unit_test(test_all_bytes_round_trip),
		cmocka_unit_test(test_random_round_trip_in_place),
		cmocka_unit_test(test_bad_characters),
		cmocka_unit_test(test_bad_padding),
		cmocka_unit_test(test_bad_length),
		cmocka_unit_test(test_decode_appends),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("base64", tests, NULL, NULL);
}
