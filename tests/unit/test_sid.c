/*
 * test_sid.c: SID and GUID formatting, parsing and domain comparisons
 * (src/sid.c), checked against values taken from real AD exports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "base/sid.h"
#include "mem_io.h"

static void
assert_format(const unsigned char *bin, size_t n, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(sid_format(slice_mem(bin, n), &b), 0);
	assert_int_equal(b.n, strlen(want));
	assert_memory_equal(b.p, want, b.n);
	buf_release(&b);
}

/* text -> binary -> text gives the text back exactly. */
static void
assert_round_trip(const char *text)
{
	unsigned char bin[SID_MAX_BYTES];
	size_t n = 0;

	assert_int_equal(sid_parse(slice_of(text), bin, &n), 0);
	assert_true(sid_valid(slice_mem(bin, n)));
	assert_format(bin, n, text);
}

static bool
parses(const char *text)
{
	unsigned char bin[SID_MAX_BYTES];
	size_t n;

	return sid_parse(slice_of(text), bin, &n) == 0;
}

static void
test_format_domain_account(void **state)
{
	unsigned char bin[64];
	size_t n = mem_b64dec("AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==", bin);

	(void)state;
	assert_int_equal(n, 28);
	assert_true(sid_valid(slice_mem(bin, n)));
	assert_format(bin, n, "S-1-5-21-1004336348-1177238915-682003330-1163");
}

static void
test_format_well_known(void **state)
{
	unsigned char bin[64];
	size_t n;

	(void)state;
	n = mem_b64dec("AQEAAAAAAAUKAAAA", bin);
	assert_format(bin, n, "S-1-5-10");
	n = mem_b64dec("AQEAAAAAAAAAAAAA", bin);
	assert_format(bin, n, "S-1-0-0");
	n = mem_b64dec("AQEAAAAAAAUSAAAA", bin);
	assert_format(bin, n, "S-1-5-18");
}

static void
test_parse_matches_export(void **state)
{
	unsigned char want[64], got[SID_MAX_BYTES];
	size_t nwant, ngot = 0;

	(void)state;
	nwant = mem_b64dec("AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==", want);
	assert_int_equal(sid_parse(slice_of(
	    "S-1-5-21-1004336348-1177238915-682003330-1163"), got, &ngot), 0);
	assert_int_equal(ngot, nwant);
	assert_memory_equal(got, want, nwant);

	nwant = mem_b64dec("AQEAAAAAAAUKAAAA", want);
	assert_int_equal(sid_parse(slice_of("s-1-5-10"), got, &ngot), 0);
	assert_int_equal(ngot, nwant);
	assert_memory_equal(got, want, nwant);
}

static void
test_round_trips(void **state)
{
	(void)state;
	assert_round_trip("S-1-5");                     /* no sub-authorities */
	assert_round_trip("S-1-0-0");
	assert_round_trip("S-1-5-32-544");
	assert_round_trip("S-1-5-21-4294967295-0-1-500");
	assert_round_trip("S-1-4294967295-1");          /* largest decimal authority */
	assert_round_trip("S-1-0x000100000000-1");      /* 2^32: hex form */
	assert_round_trip("S-1-0xffffffffffff");
	assert_round_trip("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15");
}

static void
test_parse_alternative_spellings(void **state)
{
	unsigned char a[SID_MAX_BYTES], b[SID_MAX_BYTES];
	size_t na, nb;

	(void)state;
	/* A hex authority below 2^32 and a decimal one above it are read,
	 * and format to the canonical form. */
	assert_int_equal(sid_parse(slice_of("S-1-0x5-21"), a, &na), 0);
	assert_format(a, na, "S-1-5-21");
	assert_int_equal(sid_parse(slice_of("S-1-0X00000000000A-1"), a, &na), 0);
	assert_format(a, na, "S-1-10-1");
	assert_int_equal(sid_parse(slice_of("S-1-4294967296-7"), a, &na), 0);
	assert_format(a, na, "S-1-0x000100000000-7");
	/* Leading zeros are decimal digits like any other. */
	assert_int_equal(sid_parse(slice_of("S-1-005-021"), b, &nb), 0);
	assert_format(b, nb, "S-1-5-21");
}

static void
test_parse_rejects(void **state)
{
	(void)state;
	assert_false(parses(""));
	assert_false(parses("S"));
	assert_false(parses("S-1"));
	assert_false(parses("S-1-"));
	assert_false(parses("S-2-5-21"));              /* revision */
	assert_false(parses("S-01-5-21"));
	assert_false(parses("X-1-5-21"));
	assert_false(parses("S-1-5-"));                /* empty part */
	assert_false(parses("S-1--5"));
	assert_false(parses("S-1-5--21"));
	assert_false(parses("S-1-5-21-"));
	assert_false(parses("S-1-5-4294967296"));      /* sub-authority > 2^32-1 */
	assert_false(parses("S-1-5-99999999999999999999999"));
	assert_false(parses("S-1-281474976710656-1")); /* authority > 2^48-1 */
	assert_false(parses("S-1-0x1000000000000-1"));
	assert_false(parses("S-1-0x-1"));
	assert_false(parses("S-1-0xg-1"));
	assert_false(parses("S-1-5-+21"));
	assert_false(parses("S-1-5- 21"));
	assert_false(parses("S-1-5-21 "));
	assert_false(parses("S-1-5-21a"));
	/* 16 sub-authorities is one too many. */
	assert_false(parses("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"));
}

static void
test_parse_does_not_read_past_slice(void **state)
{
	unsigned char bin[SID_MAX_BYTES];
	size_t n;
	const char *text = "S-1-5-21-99";

	(void)state;
	/* Only the first 8 bytes are the slice: "S-1-5-21". */
	assert_int_equal(sid_parse(slice_mem(text, 8), bin, &n), 0);
	assert_format(bin, n, "S-1-5-21");
}

static void
test_valid(void **state)
{
	unsigned char bin[SID_MAX_BYTES + 4] = { 1, 0, 0, 0, 0, 0, 0, 5 };
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(sid_valid(slice_mem(bin, 8)));      /* S-1-5 */
	assert_false(sid_valid(slice_mem(bin, 7)));
	assert_false(sid_valid(slice_mem(bin, 12)));    /* count says 0 */
	bin[1] = 1;
	assert_true(sid_valid(slice_mem(bin, 12)));
	assert_false(sid_valid(slice_mem(bin, 16)));
	bin[1] = 15;
	assert_true(sid_valid(slice_mem(bin, SID_MAX_BYTES)));
	bin[1] = 16;
	assert_false(sid_valid(slice_mem(bin, SID_MAX_BYTES + 4)));
	bin[1] = 1;
	bin[0] = 2;
	assert_false(sid_valid(slice_mem(bin, 12)));
	assert_int_equal(sid_format(slice_mem(bin, 12), &b), -1);
	assert_int_equal(b.n, 0);
	assert_false(sid_valid(slice_mem(bin, 0)));
	buf_release(&b);
}

static struct slice
sid(const char *text, unsigned char *store)
{
	size_t n;

	assert_int_equal(sid_parse(slice_of(text), store, &n), 0);
	return slice_mem(store, n);
}

static void
test_same_domain(void **state)
{
	unsigned char a[SID_MAX_BYTES], b[SID_MAX_BYTES];

	(void)state;
	assert_true(sid_same_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-3-1105", b)));
	assert_true(sid_same_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-3-1104", b)));
	assert_false(sid_same_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-4-1104", b)));
	assert_false(sid_same_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-3", b)));                 /* other count */
	assert_false(sid_same_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-6-21-1-2-3-1104", b)));            /* other authority */
	/* One sub-authority is only a RID: no domain to compare. */
	assert_false(sid_same_domain(sid("S-1-5-10", a), sid("S-1-5-10", b)));
	assert_true(sid_same_domain(sid("S-1-5-32-544", a),
	    sid("S-1-5-32-545", b)));
	/* Invalid binary never matches. */
	assert_false(sid_same_domain(slice_mem("\2\1\0\0\0\0\0\5\1\0\0\0", 12),
	    slice_mem("\2\1\0\0\0\0\0\5\1\0\0\0", 12)));
}

static void
test_in_domain(void **state)
{
	unsigned char a[SID_MAX_BYTES], b[SID_MAX_BYTES];

	(void)state;
	assert_true(sid_in_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-3", b)));
	assert_false(sid_in_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-4", b)));
	assert_false(sid_in_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2-3-1104", b)));            /* not a domain of it */
	assert_false(sid_in_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-5-21-1-2", b)));
	assert_false(sid_in_domain(sid("S-1-5-21-1-2-3-1104", a),
	    sid("S-1-0x000100000005-21-1-2-3", b)));
	assert_false(sid_in_domain(sid("S-1-5-10", a), sid("S-1-5", b)));
	assert_false(sid_in_domain(slice_mem("", 0), sid("S-1-5-21", b)));
}

static void
test_guid(void **state)
{
	unsigned char bin[64];
	struct buf b = BUF_INIT;
	size_t n;

	(void)state;
	n = mem_b64dec("4AQlP4lP0xGaDAMF6CwzAQ==", bin);
	assert_int_equal(n, 16);
	assert_int_equal(guid_format(slice_mem(bin, n), &b), 0);
	assert_string_equal((const char *)b.p,
	    "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
	buf_reset(&b);
	n = mem_b64dec("LfpD6qngUkupEy9bFXBBjA==", bin);
	assert_int_equal(guid_format(slice_mem(bin, n), &b), 0);
	assert_string_equal((const char *)b.p,
	    "ea43fa2d-e0a9-4b52-a913-2f5b1570418c");
	buf_reset(&b);
	assert_int_equal(guid_format(slice_mem(bin, 15), &b), -1);
	assert_int_equal(guid_format(slice_mem(bin, 17), &b), -1);
	assert_int_equal(b.n, 0);
	buf_release(&b);
}

/* guid_parse reads what guid_format writes (either case), and nothing
 * else: no braces, no missing or moved dash, no other digit. */
static void
test_guid_parse(void **state)
{
	static const char *const bad[] = {
		"", "3f2504e0-4f89-11d3-9a0c-0305e82c330",
		"3f2504e0-4f89-11d3-9a0c-0305e82c33011",
		"{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
		"3f2504e04-f89-11d3-9a0c-0305e82c3301",
		"3f2504e0-4f89-11d3-9a0c+0305e82c3301",
		"3f2504e0-4f89-11d3-9a0c-0305e82c33g1",
		"3f2504e0 4f89 11d3 9a0c 0305e82c3301",
		"3f2504e0-4f89-11d3-9a0c-0305e82c3301\n",
	};
	unsigned char bin[64], g[16];
	struct buf b = BUF_INIT;
	size_t i, n;

	(void)state;
	n = mem_b64dec("4AQlP4lP0xGaDAMF6CwzAQ==", bin);
	assert_int_equal(guid_parse(slice_of(
	    "3f2504e0-4f89-11d3-9a0c-0305e82c3301"), g), 0);
	assert_memory_equal(g, bin, n);
	assert_int_equal(guid_parse(slice_of(
	    "3F2504E0-4F89-11D3-9A0C-0305E82C3301"), g), 0);
	assert_memory_equal(g, bin, n);
	assert_int_equal(guid_format(slice_mem(g, 16), &b), 0);
	assert_string_equal((const char *)b.p,
	    "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(guid_parse(slice_of(bad[i]), g), -1);
	buf_release(&b);
}

/* Every valid binary SID formats to text that parses back to it; random
 * bytes that are not valid SIDs never format. */
static void
test_generated_round_trips(void **state)
{
	unsigned char bin[SID_MAX_BYTES + 8], back[SID_MAX_BYTES];
	struct buf text = BUF_INIT;
	uint32_t seed = 77;
	size_t valid = 0;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t i, n, nback = 0;

		for (i = 0; i < sizeof(bin); i++) {
			seed = seed * 1103515245u + 12345u;
			bin[i] = (unsigned char)(seed >> 16);
		}
		/* Mostly well-formed headers, with an arbitrary authority. */
		if (round % 8 != 0) {
			bin[0] = 1;
			bin[1] %= SID_MAX_SUBAUTH + 1;
		}
		n = round % 5 == 0 ? bin[2] % sizeof(bin) : 8 + 4 * (size_t)bin[1];
		buf_reset(&text);
		if (sid_format(slice_mem(bin, n), &text) != 0) {
			assert_false(sid_valid(slice_mem(bin, n)));
			assert_int_equal(text.n, 0);
			continue;
		}
		valid++;
		assert_int_equal(sid_parse(buf_slice(&text), back, &nback), 0);
		assert_int_equal(nback, n);
		assert_memory_equal(back, bin, n);
	}
	assert_true(valid > 10000);
	buf_release(&text);
}

/* sid_format remembers the last SID it wrote: the same SID again, one
 * that differs only in its last subauthority or its count, and the first
 * again, each come out right, appended after what the buf holds. */
static void
test_format_again(void **state)
{
	static const char *const seq[] = {
		"S-1-5-21-1004336348-1177238915-682003330-1163",
		"S-1-5-21-1004336348-1177238915-682003330-1163",
		"S-1-5-21-1004336348-1177238915-682003330-1164",
		"S-1-5-21-1004336348-1177238915-682003330",
		"S-1-0x000100000000-7",
		"S-1-0x000100000000-7",
		"S-1-5-21-1004336348-1177238915-682003330-1163",
	};
	unsigned char bin[SID_MAX_BYTES];
	struct buf b = BUF_INIT;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		assert_int_equal(sid_parse(slice_of(seq[i]), bin, &n), 0);
		buf_reset(&b);
		buf_puts(&b, "was ");
		assert_int_equal(sid_format(slice_mem(bin, n), &b), 0);
		assert_int_equal(b.n, 4 + strlen(seq[i]));
		assert_memory_equal(b.p, "was ", 4);
		assert_memory_equal(b.p + 4, seq[i], strlen(seq[i]));
		assert_int_equal(b.p[b.n], 0);
	}
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_domain_account),
		cmocka_unit_test(test_format_well_known),
		cmocka_unit_test(test_format_again),
		cmocka_unit_test(test_parse_matches_export),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_parse_alternative_spellings),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_does_not_read_past_slice),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_same_domain),
		cmocka_unit_test(test_in_domain),
		cmocka_unit_test(test_guid),
		cmocka_unit_test(test_guid_parse),
		cmocka_unit_test(test_generated_round_trips),
	};

	return cmocka_run_group_tests_name("sid", tests, NULL, NULL);
}
