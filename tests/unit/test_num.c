/*
 * test_num.c: the one integer reader (src/base/num.c): every edge of the
 * syntax for export values and for rule literals (NUM_HEX), the range,
 * comparison, the two's complement pattern and the int64 conversion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/num.h"

/* num_parse of a C string; *out is set to a marker first so that a test
 * also sees that a failure leaves it untouched. */
static int
parse(const char *s, unsigned flags, struct num *out)
{
	out->neg = true;
	out->mag = 4242;
	return num_parse(slice_mem(s, strlen(s)), flags, out);
}

static void
assert_reads(const char *s, unsigned flags, bool neg, uint64_t mag)
{
	struct num v;

	assert_int_equal(parse(s, flags, &v), NUM_OK);
	assert_int_equal(v.neg, neg);
	assert_true(v.mag == mag);
}

static void
assert_fails(const char *s, unsigned flags, int rc)
{
	struct num v;

	assert_int_equal(parse(s, flags, &v), rc);
	assert_true(v.neg && v.mag == 4242);
}

static void
test_canonical_decimal(void **state)
{
	unsigned f;

	(void)state;
	/* The same for export values (0) and rule literals (NUM_HEX). */
	for (f = 0; f <= NUM_HEX; f += NUM_HEX) {
		assert_reads("0", f, false, 0);
		assert_reads("7", f, false, 7);
		assert_reads("10", f, false, 10);
		assert_reads("-7", f, true, 7);
		assert_reads("-10", f, true, 10);
		assert_reads("512", f, false, 512);
		assert_reads("-2147483642", f, true, 2147483642u);
		assert_reads("9223372036854775807", f, false, INT64_MAX);
		/* 2^63 is a positive uint64, not int64's minimum. */
		assert_reads("9223372036854775808", f, false,
		    UINT64_C(1) << 63);
		assert_reads("-9223372036854775808", f, true,
		    UINT64_C(1) << 63);
		assert_reads("18446744073709551615", f, false, UINT64_MAX);
	}
}

static void
test_not_integers(void **state)
{
	static const char *const texts[] = {
		"", "-", "+", "--1", "-+1", "+-1", " 1", "1 ", "1 2", "1.0",
		"1e3", "1_000", "12abc", "abc", "0x", "-0x10", "0x-1",
		"\xef\xbc\x91",         /* FULLWIDTH DIGIT ONE */
		"\xd9\xa1",             /* ARABIC-INDIC DIGIT ONE */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_fails(texts[i], 0, NUM_SYNTAX);
		assert_fails(texts[i], NUM_HEX, NUM_SYNTAX);
	}
	/* A NUL inside is a byte like any other. */
	{
		struct num v;

		assert_int_equal(num_parse(slice_mem("1\0002", 3), 0, &v),
		    NUM_SYNTAX);
	}
	/* Hex is for rule literals only. */
	assert_fails("0x1F", 0, NUM_SYNTAX);
	assert_fails("0X1f", 0, NUM_SYNTAX);
	assert_fails("0xg", NUM_HEX, NUM_SYNTAX);
	assert_fails("0x1G", NUM_HEX, NUM_SYNTAX);
}

/* Digits in a form RFC 4517 INTEGER does not have. */
static void
test_non_canonical_forms(void **state)
{
	static const char *const texts[] = {
		"+1", "+0", "+42", "007", "00", "01", "-0", "-00", "-007",
		"+9223372036854775808", "0018446744073709551615",
		/* the form is wrong before the range is */
		"+99999999999999999999999", "-0099999999999999999999",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_fails(texts[i], 0, NUM_FORM);
		assert_fails(texts[i], NUM_HEX, NUM_FORM);
	}
}

static void
test_range(void **state)
{
	unsigned f;

	(void)state;
	for (f = 0; f <= NUM_HEX; f += NUM_HEX) {
		/* one past each end */
		assert_fails("18446744073709551616", f, NUM_RANGE);
		assert_fails("-9223372036854775809", f, NUM_RANGE);
		assert_fails("99999999999999999999999", f, NUM_RANGE);
		assert_fails("-18446744073709551615", f, NUM_RANGE);
	}
}

static void
test_hex(void **state)
{
	(void)state;
	assert_reads("0x0", NUM_HEX, false, 0);
	assert_reads("0x1f", NUM_HEX, false, 31);
	assert_reads("0x1F", NUM_HEX, false, 31);
	assert_reads("0X1f", NUM_HEX, false, 31);
	assert_reads("0xaBcDeF", NUM_HEX, false, 0xabcdef);
	assert_reads("0x40000000", NUM_HEX, false, 0x40000000);
	assert_reads("0x00000200", NUM_HEX, false, 0x200);
	assert_reads("0xffffffffffffffff", NUM_HEX, false, UINT64_MAX);
	assert_reads("0XFFFFFFFFFFFFFFFF", NUM_HEX, false, UINT64_MAX);
	/* leading zeros beyond 16 digits are fine, a 17th digit is not */
	assert_reads("0x00000000000000001", NUM_HEX, false, 1);
	assert_fails("0x10000000000000000", NUM_HEX, NUM_RANGE);
	assert_fails("0x1ffffffffffffffff", NUM_HEX, NUM_RANGE);
}

static struct num
n(const char *s)
{
	struct num v;

	assert_int_equal(num_parse(slice_mem(s, strlen(s)), NUM_HEX, &v),
	    NUM_OK);
	return v;
}

static void
test_cmp(void **state)
{
	(void)state;
	assert_int_equal(num_cmp(n("0"), n("0")), 0);
	assert_int_equal(num_cmp(n("-1"), n("0")), -1);
	assert_int_equal(num_cmp(n("0"), n("-1")), 1);
	assert_int_equal(num_cmp(n("-2"), n("-1")), -1);
	assert_int_equal(num_cmp(n("-1"), n("-2")), 1);
	assert_int_equal(num_cmp(n("2"), n("10")), -1);
	assert_int_equal(num_cmp(n("0x10"), n("16")), 0);
	/* -1 never equals 2^64-1, though both have the same bits. */
	assert_int_equal(num_cmp(n("-1"), n("18446744073709551615")), -1);
	assert_int_equal(num_cmp(n("-9223372036854775808"),
	    n("9223372036854775808")), -1);
	assert_int_equal(num_cmp(n("-9223372036854775808"),
	    n("-9223372036854775807")), -1);
}

static void
test_bits(void **state)
{
	(void)state;
	assert_true(num_bits(n("0")) == 0);
	assert_true(num_bits(n("512")) == 512);
	assert_true(num_bits(n("-1")) == UINT64_MAX);
	assert_true(num_bits(n("-2147483642")) == UINT64_C(0xffffffff80000006));
	assert_true(num_bits(n("-9223372036854775808")) == UINT64_C(1) << 63);
	assert_true(num_bits(n("18446744073709551615")) == UINT64_MAX);
}

static void
test_int64(void **state)
{
	int64_t x = 99;

	(void)state;
	assert_true(num_to_int64(n("0"), &x) && x == 0);
	assert_true(num_to_int64(n("-1"), &x) && x == -1);
	assert_true(num_to_int64(n("9223372036854775807"), &x) &&
	    x == INT64_MAX);
	assert_true(num_to_int64(n("-9223372036854775808"), &x) &&
	    x == INT64_MIN);
	x = 99;
	assert_false(num_to_int64(n("9223372036854775808"), &x));
	assert_false(num_to_int64(n("18446744073709551615"), &x));
	assert_true(x == 99);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_decimal),
		cmocka_unit_test(test_not_integers),
		cmocka_unit_test(test_non_canonical_forms),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_int64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
