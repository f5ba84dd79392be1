/*
 * test_dn.c: DN normalization, validity, equality and subtree tests
 * (src/dn.c), including AD spellings: tombstones, hex pairs, escapes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "base/dn.h"

static void
assert_norm(const char *dn, const char *want)
{
	struct buf b = BUF_INIT;

	if (dn_normalize(slice_of(dn), &b) != 0)
		fail_msg("\"%s\" did not normalize", dn);
	if (b.n != strlen(want) || memcmp(b.p, want, b.n) != 0)
		fail_msg("\"%s\" normalized to \"%s\", want \"%s\"", dn,
		    (const char *)b.p, want);
	buf_release(&b);
}

static void
assert_invalid(const char *dn)
{
	if (dn_valid(slice_of(dn)))
		fail_msg("\"%s\" was accepted", dn);
}

static void
test_case_and_spaces(void **state)
{
	(void)state;
	assert_norm("CN=Jane Doe,OU=Users,DC=corp,DC=example,DC=com",
	    "cn=jane doe,ou=users,dc=corp,dc=example,dc=com");
	assert_norm("  cn = Jane Doe ,  ou= Users , dc =com  ",
	    "cn=jane doe,ou=users,dc=com");
	assert_norm("cn=a  b", "cn=a  b");      /* inner spaces count */
	assert_norm("CN=\xc3\x84rger,DC=x", "cn=\xc3\xa4rger,dc=x");  /* as AD: \xc3\x84 is \xc3\xa4 */
	assert_norm("", "");
}

static void
test_escapes(void **state)
{
	(void)state;
	assert_norm("CN=Doe\\, Jane,DC=x", "cn=doe\\, jane,dc=x");
	assert_norm("CN=Doe\\2C Jane,DC=x", "cn=doe\\, jane,dc=x");
	assert_norm("cn=a\\+b\\\"c\\\\d\\<e\\>f\\;g\\=h",
	    "cn=a\\+b\\\"c\\\\d\\<e\\>f\\;g\\=h");
	assert_norm("cn=\\41\\62C", "cn=abc");  /* hex pairs, then case */
	assert_norm("cn=a=b", "cn=a\\=b");      /* '=' needs no escape */
	assert_norm("cn=a#b", "cn=a#b");
	assert_norm("cn=\\#a", "cn=\\#a");
	assert_norm("cn=\\23a", "cn=\\#a");
	/* Escaped leading and trailing spaces are significant. */
	assert_norm("cn=\\ a\\ ", "cn=\\ a\\ ");
	assert_norm("cn=\\20a\\20,dc=x", "cn=\\ a\\ ,dc=x");
	assert_norm("cn=a \\ ", "cn=a \\ ");
	/* Hex pairs forming UTF-8: the bytes are what count. */
	assert_norm("cn=\\C3\\84rger", "cn=\xc3\xa4rger");
	assert_norm("cn=\\00x", "cn=\\00x");
}

static void
test_tombstone(void **state)
{
	(void)state;
	assert_norm("CN=Jane Doe\\0ADEL:3f2504e0-4f89-11d3-9a0c-0305e82c3301,"
	    "CN=Deleted Objects,DC=corp,DC=example,DC=com",
	    "cn=jane doe\\0adel:3f2504e0-4f89-11d3-9a0c-0305e82c3301,"
	    "cn=deleted objects,dc=corp,dc=example,dc=com");
	assert_true(dn_is_under(slice_of(
	    "CN=x\\0ADEL:3f2504e0-4f89-11d3-9a0c-0305e82c3301,"
	    "CN=Deleted Objects,DC=corp"), slice_of("cn=deleted objects,dc=CORP")));
}

static void
test_hexstring_and_oids(void **state)
{
	(void)state;
	assert_norm("1.3.6.1.4.1.1466.0=#04024869,O=Test",
	    "1.3.6.1.4.1.1466.0=#04024869,o=test");
	assert_norm("cn=#0A0b ,dc=x", "cn=#0a0b,dc=x");
	assert_norm("2.5.4.3=x", "2.5.4.3=x");
	assert_invalid("cn=#");
	assert_invalid("cn=#0");
	assert_invalid("cn=#0g");
	assert_invalid("cn=#0a0");
	assert_invalid("cn=#0a x");
	assert_invalid("01.2=x");
	assert_invalid("1..2=x");
	assert_invalid("1.2.=x");
}

static void
test_multi_valued_rdn(void **state)
{
	(void)state;
	assert_norm("CN=Jane + UID=jd ,DC=x", "cn=jane+uid=jd,dc=x");
	assert_norm("cn=a\\+uid=b", "cn=a\\+uid\\=b");
	assert_false(dn_equal(slice_of("cn=a+uid=b"), slice_of("cn=a\\+uid=b")));
	assert_true(dn_is_under(slice_of("cn=x,cn=a+uid=b,dc=y"),
	    slice_of("CN=A + UID=B,DC=Y")));
	/* A multi-valued RDN is one RDN: its last part is not a parent. */
	assert_false(dn_is_under(slice_of("cn=a+dc=y"), slice_of("dc=y")));
	assert_invalid("cn=a+");
	assert_invalid("+cn=a");
	assert_invalid("cn=a++uid=b");
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_invalid(" ");
	assert_invalid(",");
	assert_invalid("cn=a,");
	assert_invalid(",cn=a");
	assert_invalid("cn=a,,dc=x");
	assert_invalid("cn");
	assert_invalid("=a");
	assert_invalid("c n=a");
	assert_invalid("-cn=a");
	assert_invalid("c_n=a");
	assert_invalid("cn=a\\");
	assert_invalid("cn=a\\4");
	assert_invalid("cn=a\\4g");
	assert_invalid("cn=a\\x");
	assert_invalid("cn=a\"b");
	assert_invalid("cn=a;dc=b");
	assert_invalid("cn=a<b");
	assert_invalid("cn=a>b");
	assert_false(dn_valid(slice_mem("cn=a\0b", 6)));
	assert_true(dn_valid(slice_of("cn=")));
	assert_true(dn_valid(slice_of("cn=,dc=x")));
}

static void
test_equal(void **state)
{
	(void)state;
	assert_true(dn_equal(slice_of("CN=Doe\\, Jane,DC=X"),
	    slice_of("cn = doe\\2c jane , dc=x")));
	assert_false(dn_equal(slice_of("cn=a,dc=x"), slice_of("cn=a,dc=y")));
	assert_false(dn_equal(slice_of("cn=a ,dc=x"), slice_of("cn=a\\ ,dc=x")));
	assert_false(dn_equal(slice_of("cn=a"), slice_of("cn=a,")));
	assert_false(dn_equal(slice_of("cn=a,"), slice_of("cn=a,")));
	assert_true(dn_equal(slice_of(""), slice_of("")));
}

static void
test_under(void **state)
{
	const char *dn = "CN=Jane Doe,OU=Users,DC=corp,DC=example,DC=com";

	(void)state;
	assert_true(dn_is_under(slice_of(dn), slice_of("dc=example,dc=com")));
	assert_true(dn_is_under(slice_of(dn), slice_of("OU=users, DC=Corp,"
	    "DC=Example,DC=Com")));
	assert_true(dn_is_under(slice_of(dn), slice_of(dn)));    /* itself */
	assert_true(dn_is_under(slice_of(dn), slice_of("")));    /* root */
	assert_false(dn_is_under(slice_of(dn), slice_of("dc=com,dc=example")));
	assert_false(dn_is_under(slice_of(dn), slice_of("ou=users")));
	/* Suffix of text, not of RDNs. */
	assert_false(dn_is_under(slice_of("cn=a,dc=xexample,dc=com"),
	    slice_of("dc=example,dc=com")));
	assert_false(dn_is_under(slice_of("cn=a,dc=com"),
	    slice_of("cn=b,cn=a,dc=com")));
	/* An escaped ',' before the base is part of a value. */
	assert_false(dn_is_under(slice_of("cn=a\\,dc=com"), slice_of("dc=com")));
	assert_true(dn_is_under(slice_of("cn=a\\\\,dc=com"), slice_of("dc=com")));
	assert_false(dn_is_under(slice_of("cn=a\\\\\\,dc=com"),
	    slice_of("dc=com")));
	/* Invalid either side: false. */
	assert_false(dn_is_under(slice_of("cn=a,,dc=com"), slice_of("dc=com")));
	assert_false(dn_is_under(slice_of("cn=a,dc=com"), slice_of("dc=com,")));
	assert_false(dn_is_under(slice_of("bad"), slice_of("")));
}

static void
test_under_norm(void **state)
{
	(void)state;
	assert_true(dn_is_under_norm(slice_of("cn=a,dc=x"), slice_of("dc=x")));
	assert_true(dn_is_under_norm(slice_of("dc=x"), slice_of("dc=x")));
	assert_true(dn_is_under_norm(slice_of(""), slice_of("")));
	assert_false(dn_is_under_norm(slice_of(""), slice_of("dc=x")));
	assert_false(dn_is_under_norm(slice_of("dc=x"), slice_of("cn=a,dc=x")));
	assert_false(dn_is_under_norm(slice_of("cn=adc=x"), slice_of("dc=x")));
}

/* Longer than the stack scratch in dn.c: the heap path gives the same. */
static void
test_long_dn(void **state)
{
	struct buf dn = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	size_t i;

	(void)state;
	buf_puts(&dn, "CN=");
	buf_puts(&want, "cn=");
	for (i = 0; i < 300; i++) {
		buf_puts(&dn, "A\\2C");
		buf_puts(&want, "a\\,");
	}
	buf_puts(&dn, " , DC=Example");
	buf_puts(&want, ",dc=example");
	assert_int_equal(dn_normalize(buf_slice(&dn), &got), 0);
	assert_int_equal(got.n, want.n);
	assert_memory_equal(got.p, want.p, want.n);
	assert_true(dn_is_under(buf_slice(&dn), slice_of("dc=EXAMPLE")));
	buf_release(&dn);
	buf_release(&want);
	buf_release(&got);
}

/* A small deterministic generator, so failures reproduce. */
static uint32_t
next_rand(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/*
 * Properties over generated DNs built from the awkward pieces: the
 * canonical form is a fixed point, every valid DN is under its parent (the
 * DN without its first RDN) and under the root, and invalid ones are
 * rejected consistently by every entry point.
 */
static void
test_generated(void **state)
{
	static const char *const pieces[] = {
		"cn", "OU", "2.5.4.3", "=", "=", ",", ",", "+", " ", "  ", "a", "B",
		"\\\\", "\\,", "\\+", "\\2c", "\\2C", "\\0A", "\\ ", "\\#", "#",
		"#0a", "\\c3\\84", "\\\\,", "\\=", ";", "\\", "\\x", "\\00",
		"\\5c", "x y", "DEL:", "\\\"", "\\<", "\\>", "\\3d"
	};
	const size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	struct buf dn = BUF_INIT, n1 = BUF_INIT, n2 = BUF_INIT;
	uint32_t seed = 20240611;
	size_t valid = 0;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t k, len = 1 + next_rand(&seed) % 12;
		int rc;

		buf_reset(&dn);
		buf_reset(&n1);
		buf_reset(&n2);
		/* Start most DNs like one, so that many are valid. */
		if (next_rand(&seed) % 4 != 0)
			buf_puts(&dn, "cn=");
		for (k = 0; k < len; k++)
			buf_puts(&dn, pieces[next_rand(&seed) % npieces]);
		rc = dn_normalize(buf_slice(&dn), &n1);
		assert_int_equal(dn_valid(buf_slice(&dn)), rc == 0);
		if (rc != 0) {
			assert_false(dn_is_under(buf_slice(&dn), slice_of("")));
			continue;
		}
		valid++;
		assert_int_equal(dn_normalize(buf_slice(&n1), &n2), 0);
		if (!slice_eq(buf_slice(&n1), buf_slice(&n2)))
			fail_msg("not a fixed point: \"%s\" -> \"%s\" -> \"%s\"",
			    (const char *)dn.p, (const char *)n1.p,
			    (const char *)n2.p);
		assert_true(dn_equal(buf_slice(&dn), buf_slice(&n1)));
		assert_true(dn_is_under(buf_slice(&dn), buf_slice(&dn)));
		assert_true(dn_is_under(buf_slice(&dn), slice_of("")));
		/* The parent: after the first unescaped ',' of the canonical
		 * form (an even run of backslashes before it). */
		for (k = 0; k < n1.n; k++) {
			size_t bs = 0;

			while (bs < k && n1.p[k - 1 - bs] == '\\')
				bs++;
			if (n1.p[k] == ',' && bs % 2 == 0)
				break;
		}
		if (k < n1.n) {
			struct slice parent = slice_mem(n1.p + k + 1, n1.n - k - 1);

			assert_true(dn_valid(parent));
			assert_true(dn_is_under(buf_slice(&dn), parent));
			assert_false(dn_is_under(parent, buf_slice(&dn)));
		}
	}
	/* The generator must reach both sides. */
	assert_true(valid > 1000);
	assert_true(valid < 19000);
	buf_release(&dn);
	buf_release(&n1);
	buf_release(&n2);
}

/*
 * AD (and slapd's caseIgnoreMatch) compare names case-insensitively beyond
 * ASCII: "OU=BÜCHER" is "OU=Bücher" (what --not-under and --exclude rely
 * on: test_select.c).
 */
static void
test_equal_non_ascii_case(void **state)
{
	(void)state;
	assert_true(dn_equal(slice_of("CN=J\xc3\xbcrgen,OU=B\xc3\xbc" "cher,DC=x"),
	    slice_of("cn=J\xc3\x9cRGEN, ou=B\xc3\x9c" "CHER,dc=X")));
	assert_true(dn_equal(slice_of("CN=\xd0\x96\xce\x91,DC=x"),
	    slice_of("CN=\xd0\xb6\xce\xb1,DC=x")));
	assert_false(dn_equal(slice_of("CN=J\xc3\xbcrgen,DC=x"),
	    slice_of("CN=Jurgen,DC=x")));
	/* Escaped hex pairs are the same bytes. */
	assert_true(dn_equal(slice_of("CN=J\\C3\\9Crgen,DC=x"),
	    slice_of("CN=j\xc3\xbcrgen,DC=x")));
	/* Only folds that stay outside ASCII: KELVIN SIGN is not "k". */
	assert_false(dn_equal(slice_of("CN=\xe2\x84\xaa,DC=x"),
	    slice_of("CN=k,DC=x")));
}

/*
 * dn_normalize reads the DNs exports are made of (descr types, printable
 * ASCII values with nothing to escape) in one pass of its own; anything
 * else goes through the full parser. The two must agree: each generated
 * DN of plain pieces is normalized as it is (the fast pass) and with one
 * of its value letters written as a hex pair (which only the full parser
 * reads), and both forms must come out the same.
 */
static void
test_fast_path_agrees(void **state)
{
	/* Every letter, first and later; and bytes next to the letters'
	 * ranges that a descr may not hold. */
	static const char *const types[] = { "cn", "OU", "dc", "uid", "x-1",
	    "aAbBcCdDeEfFgGhHiIjJkKlLmM", "nNoOpPqQrRsStTuUvVwWxXyYzZ09",
	    "Za", "z", "c@", "c[", "c`", "c{", "c_", "c/", "c:" };
	const size_t ngood = 9, ntypes = sizeof(types) / sizeof(types[0]);
	static const char *const values[] = { "a", "B", "x y", "User000001",
	    "Bulk", "a#b", "'", "(x)", "!", "~", "a.b", "_", "  ", "", "Z" };
	static const char *const seps[] = { ",", "+", " , ", ", ", " +" };
	struct buf dn = BUF_INIT, alt = BUF_INIT, n1 = BUF_INIT, n2 = BUF_INIT;
	uint32_t seed = 1103;
	size_t agree = 0, k, i;
	int round;

	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t navas = 1 + next_rand(&seed) % 5, letter = (size_t)-1;
		int rc1, rc2;

		buf_reset(&dn);
		for (k = 0; k < navas; k++) {
			if (k > 0)
				buf_puts(&dn, seps[next_rand(&seed) % 5]);
			if (next_rand(&seed) % 3 == 0)
				buf_puts(&dn, " ");
			/* A type to refuse in one round of four. */
			buf_puts(&dn, types[next_rand(&seed) %
			    (round % 4 == 0 ? ntypes : ngood)]);
			buf_puts(&dn, next_rand(&seed) % 3 == 0 ? " = " : "=");
			for (i = next_rand(&seed) % 4; i > 0; i--)
				buf_puts(&dn, values[next_rand(&seed) % 15]);
		}
		/* The last letter after an '=' becomes "\xx". */
		for (k = 0; k < dn.n; k++)
			if (dn.p[k] == '=')
				letter = (size_t)-1;
			else if (ascii_isalpha(dn.p[k]) && k > 0 &&
			    memchr(dn.p, '=', k) != NULL)
				letter = k;
		buf_reset(&alt);
		for (k = 0; k < dn.n; k++)
			if (k == letter)
				buf_printf(&alt, "\\%02x", dn.p[k]);
			else
				buf_putc(&alt, dn.p[k]);
		buf_reset(&n1);
		buf_reset(&n2);
		rc1 = dn_normalize(buf_slice(&dn), &n1);
		rc2 = dn_normalize(buf_slice(&alt), &n2);
		if (rc1 != rc2)
			fail_msg("\"%s\" %d, \"%s\" %d", (const char *)dn.p, rc1,
			    (const char *)alt.p, rc2);
		if (rc1 == 0 && !slice_eq(buf_slice(&n1), buf_slice(&n2)))
			fail_msg("\"%s\" -> \"%s\" but \"%s\" -> \"%s\"",
			    (const char *)dn.p, (const char *)n1.p,
			    (const char *)alt.p, (const char *)n2.p);
		agree += rc1 == 0 && letter != (size_t)-1;
	}
	/* Most of them were valid and had a letter to escape. */
	assert_true(agree > 8000);
	buf_release(&dn);
	buf_release(&alt);
	buf_release(&n1);
	buf_release(&n2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_spaces),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_tombstone),
		cmocka_unit_test(test_hexstring_and_oids),
		cmocka_unit_test(test_multi_valued_rdn),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_under),
		cmocka_unit_test(test_under_norm),
		cmocka_unit_test(test_long_dn),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_fast_path_agrees),
		cmocka_unit_test(test_equal_non_ascii_case),
	};

	return cmocka_run_group_tests_name("dn", tests, NULL, NULL);
}
