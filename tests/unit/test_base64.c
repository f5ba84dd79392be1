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

#include <stdbool.h>
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

/* A decode with the portable code or with AVX2 (where the CPU has it). */
static int
decode_with(bool vector, unsigned char *dst, const unsigned char *src,
    size_t n, size_t *len, size_t *bad)
{
	int rc;

	base64_use_simd(vector);
	*len = 0;
	*bad = 0;
	rc = base64_decode_to(dst, src, n, len, bad);
	base64_use_simd(true);
	return rc;
}

/*
 * The vector loops give what the portable code gives: the same text for
 * every length to 1,000 bytes, the same bytes for every such text (in
 * place too), and for a text damaged at any place (a byte outside the
 * alphabet, a '=', a NUL, a byte from 0x80 up) the same status and the
 * same offset of the first wrong byte.
 */
static void
test_vector_code_agrees(void **state)
{
	static const unsigned char damage[] = { '=', '*', 0, 0x80, 0xff, '-',
	    '_', ' ', '.', 'z' + 1, 'A' - 1, '0' - 1, '9' + 1 };
	unsigned char raw[1000], text[1400], copy[1400], out1[1100], out2[1100];
	size_t n, len1, len2, bad1, bad2, tl, k, at;
	uint32_t x = 12345;
	int rc1, rc2;

	(void)state;
	for (k = 0; k < sizeof(raw); k++) {
		x = x * 1103515245u + 12345u;
		raw[k] = (unsigned char)(x >> 16);
	}
	for (n = 0; n <= sizeof(raw); n++) {
		base64_use_simd(false);
		tl = base64_encode_to(text, raw, n);
		base64_use_simd(true);
		assert_int_equal(base64_encode_to(copy, raw, n), tl);
		assert_memory_equal(text, copy, tl);

		rc1 = decode_with(false, out1, text, tl, &len1, &bad1);
		rc2 = decode_with(true, out2, text, tl, &len2, &bad2);
		assert_int_equal(rc1, BASE64_OK);
		assert_int_equal(rc2, BASE64_OK);
		assert_int_equal(len1, n);
		assert_int_equal(len2, n);
		assert_memory_equal(out2, raw, n);
		memcpy(copy, text, tl);
		assert_int_equal(decode_with(true, copy, copy, tl, &len2,
		    &bad2), BASE64_OK);
		assert_memory_equal(copy, raw, n);

		if (n % 7 != 0 && n < 600)
			continue;
		for (at = 0; at < tl; at += 1 + at / 97) {
			memcpy(copy, text, tl);
			copy[at] = damage[(at + n) % sizeof(damage)];
			rc1 = decode_with(false, out1, copy, tl, &len1, &bad1);
			rc2 = decode_with(true, out2, copy, tl, &len2, &bad2);
			assert_int_equal(rc1, rc2);
			if (rc1 == BASE64_OK) {
				assert_int_equal(len1, len2);
				assert_memory_equal(out1, out2, len1);
			} else {
				assert_int_equal(bad1, bad2);
			}
		}
	}
}

/* base64_alphabet_span stops at the first byte outside the alphabet,
 * every byte value tried at every place of texts up to 40 bytes long
 * (the vector steps and the tail). */
static void
test_alphabet_span(void **state)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char t[40];
	size_t n, at, k;
	unsigned c;

	(void)state;
	memset(t, 'A', sizeof(t));
	for (n = 0; n <= sizeof(t); n++) {
		for (k = 0; k < n; k++)
			t[k] = (unsigned char)alpha[(k * 7 + n) % 64];
		assert_int_equal(base64_alphabet_span(t, n), n);
		for (at = 0; at < n; at++) {
			for (c = 0; c < 256; c++) {
				bool in = c != 0 && strchr(alpha, (int)c) != NULL;

				t[at] = (unsigned char)c;
				assert_int_equal(base64_alphabet_span(t, n),
				    in ? n : at);
			}
			t[at] = (unsigned char)alpha[at % 64];
		}
	}
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
		cmocka_unit_test(test_vector_code_agrees),
		cmocka_unit_test(test_alphabet_span),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("base64", tests, NULL, NULL);
}
