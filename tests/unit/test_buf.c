/*
 * test_buf.c: byte buffers, slices, ASCII classes and the one UTF-8
 * decoder every module uses (src/buf.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void
test_buf_grows_and_keeps_nul(void **state)
{
	struct buf b = BUF_INIT;
	unsigned char *p;
	size_t i, n;

	(void)state;
	assert_int_equal(b.n, 0);
	assert_int_equal(b.p[0], 0);
	for (i = 0; i < 10000; i++)
		buf_putc(&b, (int)(i % 251));
	assert_int_equal(b.n, 10000);
	assert_true(b.cap > b.n);
	assert_int_equal(b.p[b.n], 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(b.p[i], i % 251);
	buf_reset(&b);
	assert_int_equal(b.n, 0);
	buf_put(&b, "a\0b", 3);             /* NUL inside a value is data */
	assert_int_equal(b.n, 3);
	assert_memory_equal(b.p, "a\0b", 3);
	buf_printf(&b, "%d-%s", 42, "x");
	assert_memory_equal(b.p, "a\0b42-x", 7);
	p = buf_detach(&b, &n);
	assert_int_equal(n, 7);
	assert_int_equal(b.n, 0);
	free(p);
	buf_release(&b);
}

/* buf_put_dec writes what printf's %llu writes, at every digit count. */
static void
test_buf_put_dec_matches_printf(void **state)
{
	static const uint64_t edges[] = { 0, 9, 10, 99, 100, 4294967295u,
	    4294967296u, UINT64_MAX - 1, UINT64_MAX };
	struct buf got = BUF_INIT, want = BUF_INIT;
	uint64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		buf_reset(&got);
		buf_reset(&want);
		buf_put_dec(&got, edges[i]);
		buf_printf(&want, "%llu", (unsigned long long)edges[i]);
		assert_int_equal(got.n, want.n);
		assert_string_equal((char *)got.p, (char *)want.p);
	}
	for (v = 1; v < UINT64_MAX / 7; v = v * 7 + 3) {
		buf_reset(&got);
		buf_reset(&want);
		buf_put_dec(&got, v);
		buf_printf(&want, "%llu", (unsigned long long)v);
		assert_string_equal((char *)got.p, (char *)want.p);
	}
	/* Every value to 100,000 (odd and even digit counts, every pair),
	 * and each side of every power of ten. */
	for (v = 0; v <= 100000; v++) {
		buf_reset(&got);
		buf_reset(&want);
		buf_put_dec(&got, v);
		buf_printf(&want, "%llu", (unsigned long long)v);
		assert_string_equal((char *)got.p, (char *)want.p);
	}
	for (v = 10; v <= UINT64_MAX / 10; v *= 10) {
		uint64_t near[3] = { v - 1, v, v + 1 };

		for (i = 0; i < 3; i++) {
			buf_reset(&got);
			buf_reset(&want);
			buf_put_dec(&got, near[i]);
			buf_printf(&want, "%llu", (unsigned long long)near[i]);
			assert_string_equal((char *)got.p, (char *)want.p);
		}
	}
	buf_release(&got);
	buf_release(&want);
}

/* buf_put_hex writes what printf's 0x%llx writes, at every digit count. */
static void
test_buf_put_hex_matches_printf(void **state)
{
	struct buf got = BUF_INIT, want = BUF_INIT;
	uint64_t v = 0;
	int k;

	(void)state;
	for (k = 0; k <= 64; k++) {
		v = k == 64 ? UINT64_MAX : ((uint64_t)1 << k) - (k > 0);
		buf_reset(&got);
		buf_reset(&want);
		buf_put_hex(&got, v);
		buf_printf(&want, "0x%llx", (unsigned long long)v);
		assert_string_equal((char *)got.p, (char *)want.p);
		buf_reset(&got);
		buf_reset(&want);
		buf_put_hex(&got, v ^ 0xa5a5a5a5a5a5a5a5u);
		buf_printf(&want, "0x%llx",
		    (unsigned long long)(v ^ 0xa5a5a5a5a5a5a5a5u));
		assert_string_equal((char *)got.p, (char *)want.p);
	}
	buf_release(&got);
	buf_release(&want);
}

/* printable_span stops at the first byte outside 0x20..0x7e, whatever
 * the length, wherever that byte is (vector steps, the overlapping last
 * block, the two words of a short value) and whatever follows it. */
static void
test_printable_span(void **state)
{
	unsigned char s[80];
	size_t n, at, k;
	unsigned v;

	(void)state;
	memset(s, ' ', sizeof(s));
	for (n = 0; n <= sizeof(s); n++) {
		for (k = 0; k < n; k++)
			s[k] = (unsigned char)(0x20 + (k * 7) % 95);
		assert_int_equal(printable_span(s, n), n);
		for (at = 0; at < n; at++) {
			unsigned char was = s[at];

			for (v = 0; v < 256; v++) {
				s[at] = (unsigned char)v;
				assert_int_equal(printable_span(s, n),
				    v >= 0x20 && v < 0x7f ? n : at);
				/* A second bad byte later changes nothing. */
				if (at + 1 < n && (v < 0x20 || v >= 0x7f)) {
					unsigned char next = s[at + 1];

					s[at + 1] = (unsigned char)(v ^ 0x80);
					assert_int_equal(printable_span(s, n),
					    at);
					s[at + 1] = next;
				}
			}
			s[at] = was;
		}
	}
}

static void
test_slices_compare_ascii_case_insensitively(void **state)
{
	(void)state;
	assert_true(slice_eq(slice_mem("a\0b", 3), slice_mem("a\0b", 3)));
	assert_false(slice_eq(slice_mem("a\0b", 3), slice_mem("a\0c", 3)));
	assert_true(slice_eq_ci(slice_of("objectSID"), slice_of("objectsid")));
	assert_false(slice_eq_ci(slice_of("objectSid"), slice_of("objectSi")));
	/* Only ASCII folds: the locale never matters. */
	assert_false(slice_eq_ci(slice_of("\xc3\x84"), slice_of("\xc3\xa4")));
	assert_true(slice_eq_cstr_ci(slice_of("DN"), "dn"));
	assert_true(ascii_isalpha('z') && ascii_isalpha('A'));
	assert_false(ascii_isalpha('0') || ascii_isalpha(0xc4));
	assert_true(ascii_isdigit('9') && !ascii_isdigit('a'));
}

static void
test_utf8_decode(void **state)
{
	unsigned long cp;

	(void)state;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa4", 2, &cp), 2);
	assert_int_equal(cp, 0xe4);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	/* Overlong forms, surrogates, beyond U+10FFFF, cut, stray bytes. */
	assert_int_equal(utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x80\x80\xaf", 4, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 2, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\x41", 2, &cp), 0);
}

static void
test_utf8_invalid_at(void **state)
{
	(void)state;
	assert_int_equal(utf8_invalid_at(slice_of("")), -1);
	assert_int_equal(utf8_invalid_at(slice_mem("J\xc3\xbcrgen\0x", 9)), -1);
	assert_int_equal(utf8_invalid_at(slice_of("abc\xff")), 3);
	assert_int_equal(utf8_invalid_at(slice_of("ab\xe2\x82")), 2);
	assert_int_equal(utf8_invalid_at(slice_of("\xc3\xa4\xed\xbf\xbf")), 2);
	assert_true(utf8_valid(slice_of("M\xc3\xbcller \xf0\x9f\x98\x80")));
	assert_false(utf8_valid(slice_of("M\xfcller")));      /* Latin-1 */
	/* Wherever the bad byte or a good sequence lies: in the ASCII
	 * words, after them, across a word's end. */
	{
		unsigned char t[48];
		size_t n, at;

		for (n = 0; n <= 40; n++)
			for (at = 0; at < n; at++) {
				memset(t, 'a', sizeof(t));
				t[at] = 0xff;
				assert_int_equal(utf8_invalid_at(slice_mem(t, n)),
				    (long)at);
				if (at + 1 < n) {
					t[at] = 0xc3;
					t[at + 1] = 0xa4;
					assert_int_equal(utf8_invalid_at(
					    slice_mem(t, n)), -1);
					t[n - 1] = 0x80;
					assert_int_equal(utf8_invalid_at(
					    slice_mem(t, n)), at + 1 == n - 1 ?
					    -1 : (long)(n - 1));
				}
			}
	}
}

static void
test_name_cache(void **state)
{
	static struct name_cache c;
	char longname[NAME_CACHE_MAX + 2];

	(void)state;
	assert_int_equal(name_cache_get(&c, slice_of("objectSid")), -1);
	name_cache_put(&c, slice_of("objectSid"), 0);
	name_cache_put(&c, slice_of("userCertificate;binary"), 1);
	assert_int_equal(name_cache_get(&c, slice_of("objectSid")), 0);
	assert_int_equal(name_cache_get(&c, slice_of("userCertificate;binary")), 1);
	/* Exact bytes only: another case or a prefix is a miss. */
	assert_int_equal(name_cache_get(&c, slice_of("objectSID")), -1);
	assert_int_equal(name_cache_get(&c, slice_of("objectSi")), -1);
	assert_int_equal(name_cache_get(&c, slice_of("")), -1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	name_cache_put(&c, slice_of(longname), 0);
	assert_int_equal(name_cache_get(&c, slice_of(longname)), -1);
}

/* slice_repeats: the same answer for short lists (pairwise) and long
 * ones (sorted), marks only the later copies. */
static void
check_repeats(const struct slice *v, size_t n, const unsigned char *want)
{
	unsigned char mark[64];
	size_t i, first = n;

	for (i = 0; i < n; i++)
		if (want[i] && first == n)
			first = i;
	memset(mark, 7, sizeof(mark));
	assert_int_equal(slice_repeats(v, n, mark), first);
	assert_memory_equal(mark, want, n);
	assert_int_equal(slice_repeats(v, n, NULL), first);
}

static void
test_slice_repeats(void **state)
{
	static char text[64][8];
	struct slice v[64];
	unsigned char want[64];
	size_t i, n;

	(void)state;
	assert_int_equal(slice_repeats(NULL, 0, NULL), 0);
	v[0] = slice_of("a");
	check_repeats(v, 1, (const unsigned char *)"\0");
	/* short and long lists, no repeat, one, several, empty values */
	for (n = 5; n <= 40; n += 35) {
		for (i = 0; i < n; i++) {
			snprintf(text[i], sizeof(text[i]), "v%zu", i);
			v[i] = slice_of(text[i]);
			want[i] = 0;
		}
		check_repeats(v, n, want);
		v[n - 1] = v[0];                /* last repeats first */
		want[n - 1] = 1;
		check_repeats(v, n, want);
		v[1] = slice_mem("", 0);        /* empty values repeat too */
		v[3] = slice_mem("v", 0);
		want[3] = 1;
		check_repeats(v, n, want);
		v[2] = slice_mem("v0", 2);      /* a third copy, other bytes */
		want[2] = 1;
		check_repeats(v, n, want);
		/* case and NUL bytes matter */
		v[0] = slice_mem("a\0b", 3);
		v[n - 1] = slice_mem("a\0c", 3);
		v[2] = slice_mem("A\0b", 3);
		want[n - 1] = want[2] = 0;
		check_repeats(v, n, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_keeps_nul),
		cmocka_unit_test(test_buf_put_dec_matches_printf),
		cmocka_unit_test(test_buf_put_hex_matches_printf),
		cmocka_unit_test(test_printable_span),
		cmocka_unit_test(test_slices_compare_ascii_case_insensitively),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_invalid_at),
		cmocka_unit_test(test_name_cache),
		cmocka_unit_test(test_slice_repeats),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
