/*
 * test_engine.c: rule conditions (src/engine_cond.c) built by hand, so they
 * are tested independently of the YAML loader: every condition kind with
 * the integer, SID and DN edge cases AD data has.
 * Running rules, changes and templates: test_engine_run.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "base/sid.h"

#include "ast_build.h"

static struct cond *
c_cmp(const char *attr, enum cmp_op op, const char *v)
{
	struct cond *c = ast_vals(COND_CMP, attr, v, (const char *)NULL);

	c->cmp = op;
	return c;
}

static struct cond *
c_bits(enum cond_kind kind, const char *attr, uint64_t bits)
{
	struct cond *c = ast_cond(kind, attr);

	c->bits = bits;
	return c;
}

static struct cond *
c_regex(const char *attr, const char *pattern)
{
	struct cond *c = ast_cond(COND_REGEX, attr);

	assert_int_equal(regcomp(&c->re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	return c;
}

static struct cond *
c_sids(enum cond_kind kind, const char *attr, ...)
{
	struct cond *c = ast_cond(kind, attr);
	const char *s;
	va_list ap;

	c->sids = ast_alloc(16 * sizeof(*c->sids));
	va_start(ap, attr);
	while ((s = va_arg(ap, const char *)) != NULL) {
		struct rule_sid *rs = &c->sids[c->nsids++];

		assert_int_equal(sid_parse(slice_of(s), rs->bytes, &rs->n), 0);
	}
	va_end(ap);
	return c;
}

/* ---- Entries ---- */

static bool
eval1(struct cond *c, const char *attr, const char *v)
{
	struct entry e;
	bool r;

	entry_init(&e);
	e.dn = slice_of("CN=x,DC=example,DC=com");
	if (attr != NULL)
		ast_put(&e, attr, v);
	r = engine_eval(c, &e);
	entry_free(&e);
	return r;
}


/* ---- Equality: integers when both sides are, else ASCII text ---- */

static void
test_equals_integers(void **state)
{
	(void)state;
	assert_true(eval1(EQ("rtd", "2"), "rtd", "2"));
	assert_false(eval1(EQ("rtd", "2"), "rtd", "3"));
	assert_false(eval1(EQ("rtd", "2"), "rtd", " 2"));
	assert_true(eval1(EQ("rtd", "0x40000000"), "rtd", "1073741824"));
	assert_true(eval1(EQ("rtd", "2199023255552"), "rtd", "2199023255552"));
	assert_true(eval1(EQ("rdt", "-2147483642"), "rdt", "-2147483642"));
	assert_false(eval1(EQ("rdt", "-2147483642"), "rdt", "2147483642"));
	/* Values are RFC 4517 INTEGERs (num.h): "+2", "002" and "-0" are
	 * not integers, so they compare as text and never equal 2 or 0. */
	assert_false(eval1(EQ("rtd", "2"), "rtd", "+2"));
	assert_false(eval1(EQ("rtd", "2"), "rtd", "002"));
	assert_false(eval1(EQ("x", "0"), "x", "-0"));
	assert_true(eval1(EQ("rtd", "002"), "rtd", "002"));    /* as text */
	assert_false(eval1(c_cmp("x", CMP_EQ, "2"), "x", "+2"));
	assert_false(eval1(c_cmp("x", CMP_GE, "0"), "x", "-0"));
	assert_false(eval1(c_bits(COND_BITS_ANY, "x", 0x1), "x", "007"));
}

static void
test_equals_edges(void **state)
{
	(void)state;
	/* 2^63 is a positive uint64, not int64's minimum. */
	assert_true(eval1(EQ("x", "9223372036854775808"), "x",
	    "9223372036854775808"));
	assert_false(eval1(EQ("x", "9223372036854775808"), "x",
	    "-9223372036854775808"));
	assert_true(eval1(EQ("x", "-9223372036854775808"), "x",
	    "-9223372036854775808"));
	assert_true(eval1(EQ("x", "18446744073709551615"), "x",
	    "18446744073709551615"));
	assert_true(eval1(EQ("x", "0xffffffffffffffff"), "x",
	    "18446744073709551615"));
	/* -1 never equals 2^64-1. */
	assert_false(eval1(EQ("x", "-1"), "x", "18446744073709551615"));
	assert_false(eval1(EQ("x", "18446744073709551615"), "x", "-1"));
	/* Out of range values are text, and text equality still works. */
	assert_false(eval1(EQ("x", "0"), "x", "18446744073709551616"));
	assert_true(eval1(EQ("x", "18446744073709551616"), "x",
	    "18446744073709551616"));
	assert_false(eval1(EQ("x", "1"), "x", "-9223372036854775809"));
}

static void
test_equals_text(void **state)
{
	(void)state;
	assert_true(eval1(EQ("cn", "Jane Doe"), "cn", "JANE DOE"));
	assert_true(eval1(EQ("CN", "jane"), "cn", "Jane"));   /* name too */
	assert_false(eval1(EQ("cn", "jane"), "cn", "jane "));
	assert_false(eval1(EQ("cn", "jane"), "sn", "jane"));  /* absent */
	/* Non-ASCII is compared byte for byte: no locale folding. */
	assert_false(eval1(EQ("cn", "\xc3\xa4"), "cn", "\xc3\x84"));
	assert_true(eval1(EQ("cn", "\xc3\xa4"), "cn", "\xc3\xa4"));
	/* A hex literal against a value that is not an integer: text. */
	assert_true(eval1(EQ("x", "0x10"), "x", "0X10"));
	assert_false(eval1(EQ("x", "0x10"), "x", "0x11"));
}

static void
test_one_of(void **state)
{
	struct cond *c = ast_vals(COND_ONE_OF, "rtd", "2", "2199023255552",
	    "linked", (const char *)NULL);

	(void)state;
	assert_true(eval1(c, "rtd", "2"));
	assert_true(eval1(c, "rtd", "2199023255552"));
	assert_true(eval1(c, "rtd", "LINKED"));
	assert_false(eval1(c, "rtd", "1"));
	assert_false(eval1(c, NULL, NULL));
}

static void
test_cmp(void **state)
{
	(void)state;
	assert_true(eval1(c_cmp("x", CMP_LT, "10"), "x", "9"));
	assert_false(eval1(c_cmp("x", CMP_LT, "10"), "x", "10"));
	assert_true(eval1(c_cmp("x", CMP_LE, "10"), "x", "10"));
	assert_true(eval1(c_cmp("x", CMP_GT, "-10"), "x", "-9"));
	assert_false(eval1(c_cmp("x", CMP_GT, "-10"), "x", "-11"));
	assert_true(eval1(c_cmp("x", CMP_GE, "-10"), "x", "-10"));
	assert_true(eval1(c_cmp("x", CMP_EQ, "0x10"), "x", "16"));
	assert_true(eval1(c_cmp("x", CMP_NE, "16"), "x", "17"));
	assert_false(eval1(c_cmp("x", CMP_NE, "16"), "x", "16"));
	/* Across the signs and the full ranges. */
	assert_true(eval1(c_cmp("x", CMP_LT, "0"), "x", "-9223372036854775808"));
	assert_true(eval1(c_cmp("x", CMP_GT, "9223372036854775807"), "x",
	    "9223372036854775808"));
	assert_true(eval1(c_cmp("x", CMP_GT, "-1"), "x",
	    "18446744073709551615"));
	assert_true(eval1(c_cmp("x", CMP_LT, "18446744073709551615"), "x",
	    "-1"));
	/* Values that are not integers never match, not even ne. */
	assert_false(eval1(c_cmp("x", CMP_NE, "16"), "x", "sixteen"));
	assert_false(eval1(c_cmp("x", CMP_LT, "16"), "x", ""));
	assert_false(eval1(c_cmp("x", CMP_LT, "16"), NULL, NULL));
}

static void
test_bits(void **state)
{
	(void)state;
	assert_true(eval1(c_bits(COND_BITS_ALL, "uac", 0x202), "uac", "514"));
	assert_false(eval1(c_bits(COND_BITS_ALL, "uac", 0x203), "uac", "514"));
	assert_true(eval1(c_bits(COND_BITS_ANY, "uac", 0x3), "uac", "514"));
	assert_false(eval1(c_bits(COND_BITS_ANY, "uac", 0x1), "uac", "514"));
	assert_true(eval1(c_bits(COND_BITS_NONE, "uac", 0x1), "uac", "514"));
	assert_false(eval1(c_bits(COND_BITS_NONE, "uac", 0x2), "uac", "514"));
	/* Negative values as 64-bit two's complement: -2147483642 is
	 * 0xffffffff80000006. */
	assert_true(eval1(c_bits(COND_BITS_ALL, "rdt", 0x80000006), "rdt",
	    "-2147483642"));
	assert_true(eval1(c_bits(COND_BITS_ALL, "rdt", UINT64_C(1) << 63), "rdt",
	    "-2147483642"));
	assert_true(eval1(c_bits(COND_BITS_NONE, "rdt", 0x40000000), "rdt",
	    "-2147483642"));
	assert_true(eval1(c_bits(COND_BITS_ANY, "rdt", 0x40000000), "rdt",
	    "-1073741818"));
	assert_true(eval1(c_bits(COND_BITS_ALL, "x", UINT64_C(1) << 63), "x",
	    "9223372036854775808"));
	/* Not an integer, or absent: no bits at all, so no match. */
	assert_false(eval1(c_bits(COND_BITS_NONE, "uac", 0x2), "uac", "x"));
	assert_false(eval1(c_bits(COND_BITS_NONE, "uac", 0x2), NULL, NULL));
	/* Several values: bits-all and bits-any hold when one value does,
	 * bits-none only when every value has none of the bits (issue 10,
	 * rules/README.md), and a value that is no integer fails it. */
	{
		struct entry e;

		entry_init(&e);
		ast_put(&e, "rdt", "1");
		ast_put(&e, "rdt", "1073741824");
		assert_true(engine_eval(c_bits(COND_BITS_ANY, "rdt",
		    0x40000000), &e));
		assert_false(engine_eval(c_bits(COND_BITS_NONE, "rdt",
		    0x40000000), &e));
		assert_true(engine_eval(c_bits(COND_BITS_NONE, "rdt", 0x2),
		    &e));
		ast_put(&e, "rdt", "x");
		assert_false(engine_eval(c_bits(COND_BITS_NONE, "rdt", 0x2),
		    &e));
		entry_free(&e);
	}
}

static void
test_regex(void **state)
{
	struct cond *c = c_regex("mail", "^[a-z]+@old\\.example$");
	struct entry e;

	(void)state;
	assert_true(eval1(c, "mail", "jane@old.example"));
	assert_false(eval1(c, "mail", "jane@old.example.org"));
	assert_false(eval1(c, "mail", "Jane@old.example"));
	assert_false(eval1(c, NULL, NULL));
	/* A value with NUL never matches, even where its prefix would. */
	entry_init(&e);
	entry_add_value(&e, slice_of("mail"),
	    slice_mem("jane@old.example\0x", 18));
	assert_false(engine_eval(c, &e));
	assert_false(engine_eval(c_regex("mail", "x"), &e));
	/* Any value of several. */
	ast_put(&e, "mail", "jd@old.example");
	assert_true(engine_eval(c, &e));
	entry_free(&e);
}

static void
test_present_absent(void **state)
{
	(void)state;
	assert_true(eval1(PRESENT("mail"), "mail", "x"));
	assert_true(eval1(PRESENT("MAIL"), "mail", ""));      /* empty value */
	assert_false(eval1(PRESENT("mail"), "cn", "x"));
	assert_true(eval1(ABSENT("mail"), "cn", "x"));
	assert_false(eval1(ABSENT("Mail"), "mail", "x"));
	/* Options are part of the description. */
	assert_false(eval1(PRESENT("cn"), "cn;lang-de", "x"));
}

static void
test_combinators(void **state)
{
	(void)state;
	assert_true(eval1(ast_kids(COND_ALL, (struct cond *)NULL), NULL, NULL));
	assert_false(eval1(ast_kids(COND_ANY, (struct cond *)NULL), NULL, NULL));
	assert_true(eval1(ast_kids(COND_ALL, PRESENT("a"), EQ("a", "1"),
	    (struct cond *)NULL), "a", "1"));
	assert_false(eval1(ast_kids(COND_ALL, PRESENT("a"), EQ("a", "2"),
	    (struct cond *)NULL), "a", "1"));
	assert_true(eval1(ast_kids(COND_ANY, EQ("a", "2"), EQ("a", "1"),
	    (struct cond *)NULL), "a", "1"));
	assert_false(eval1(ast_kids(COND_ANY, EQ("a", "2"), ABSENT("a"),
	    (struct cond *)NULL), "a", "1"));
	assert_true(eval1(ast_kids(COND_NOT, EQ("a", "2"), (struct cond *)NULL),
	    "a", "1"));
	assert_false(eval1(ast_kids(COND_NOT, PRESENT("a"), (struct cond *)NULL),
	    "a", "1"));
	/* not of an attribute test on an absent attribute is true. */
	assert_true(eval1(ast_kids(COND_NOT, EQ("a", "2"), (struct cond *)NULL),
	    NULL, NULL));
}

/* ---- SIDs ---- */

#define DOM "S-1-5-21-1004336348-1177238915-682003330"

static void
test_sid_is(void **state)
{
	struct cond *is = c_sids(COND_SID_IS, "msExchMasterAccountSid",
	    "S-1-5-10", "S-1-0-0", (const char *)NULL);
	struct cond *not = c_sids(COND_SID_IS_NOT, "msExchMasterAccountSid",
	    "S-1-5-10", "S-1-0-0", (const char *)NULL);
	struct cond *none = c_sids(COND_SID_IS, "x", "S-1-5", (const char *)NULL);
	struct cond *many = c_sids(COND_SID_IS, "x",
	    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15", (const char *)NULL);
	struct entry e;

	(void)state;
	entry_init(&e);
	assert_false(engine_eval(is, &e));
	assert_false(engine_eval(not, &e));     /* not-sid needs a value */
	ast_put_bin(&e, "msExchMasterAccountSid", ast_sid_bin("S-1-5-10"));
	assert_true(engine_eval(is, &e));
	assert_false(engine_eval(not, &e));
	entry_reset(&e);
	ast_put_bin(&e, "msexchmasteraccountsid", ast_sid_bin(DOM "-1163"));
	assert_false(engine_eval(is, &e));
	assert_true(engine_eval(not, &e));
	/* A SID's text form is not the SID. */
	entry_reset(&e);
	ast_put(&e, "msExchMasterAccountSid", "S-1-5-10");
	assert_false(engine_eval(is, &e));
	/* 0 and 15 sub-authorities. */
	entry_reset(&e);
	ast_put_bin(&e, "x", ast_sid_bin("S-1-5"));
	assert_true(engine_eval(none, &e));
	assert_false(engine_eval(many, &e));
	ast_put_bin(&e, "x", ast_sid_bin("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15"));
	assert_true(engine_eval(many, &e));
	entry_free(&e);
}

static void
test_sid_attr_pairs(void **state)
{
	struct cond *same = ast_other(COND_SID_SAME_DOMAIN, "master", "objectSid");
	struct cond *differs = ast_other(COND_SID_DOMAIN_DIFFERS, "master",
	    "objectSid");
	struct cond *equal = ast_other(COND_SID_EQUALS_ATTR, "master", "objectSid");
	struct entry e;

	(void)state;
	entry_init(&e);
	ast_put_bin(&e, "objectSid", ast_sid_bin(DOM "-1163"));
	assert_false(engine_eval(same, &e));            /* master absent */
	assert_false(engine_eval(differs, &e));
	assert_false(engine_eval(equal, &e));
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-1163"));    /* self-linked */
	assert_true(engine_eval(same, &e));
	assert_false(engine_eval(differs, &e));
	assert_true(engine_eval(equal, &e));
	entry_delete_attr(&e, slice_of("master"));
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-1200"));    /* same domain */
	assert_true(engine_eval(same, &e));
	assert_false(engine_eval(differs, &e));
	assert_false(engine_eval(equal, &e));
	entry_delete_attr(&e, slice_of("master"));
	ast_put_bin(&e, "master", ast_sid_bin("S-1-5-21-1-2-3-1163"));  /* foreign */
	assert_false(engine_eval(same, &e));
	assert_true(engine_eval(differs, &e));
	/* Both must be valid SIDs for "differs". */
	entry_delete_attr(&e, slice_of("master"));
	ast_put(&e, "master", "not a sid");
	assert_false(engine_eval(differs, &e));
	assert_false(engine_eval(same, &e));
	/* Multi-valued: any pair. */
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-5"));
	assert_true(engine_eval(same, &e));
	entry_delete_attr(&e, slice_of("objectSid"));
	assert_false(engine_eval(same, &e));            /* other absent */
	entry_free(&e);
}

static void
test_sid_domain_in(void **state)
{
	struct cond *c = c_sids(COND_SID_DOMAIN_IN, "master",
	    "S-1-5-21-1-2-3", DOM, (const char *)NULL);
	struct entry e;

	(void)state;
	entry_init(&e);
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-1163"));
	assert_true(engine_eval(c, &e));
	entry_reset(&e);
	ast_put_bin(&e, "master", ast_sid_bin("S-1-5-21-1-2-4-1163"));
	assert_false(engine_eval(c, &e));
	entry_reset(&e);
	ast_put_bin(&e, "master", ast_sid_bin(DOM));    /* the domain itself */
	assert_false(engine_eval(c, &e));
	ast_put_bin(&e, "master", ast_sid_bin("S-1-5-21-1-2-3-500"));
	assert_true(engine_eval(c, &e));
	entry_free(&e);
}

/* ---- DNs ---- */

static struct cond *
c_dn(enum cond_kind kind, const char *base)
{
	return ast_vals(kind, NULL, base, (const char *)NULL);
}

static bool
eval_dn(struct cond *c, const char *dn)
{
	struct entry e;
	bool r;

	entry_init(&e);
	e.dn = slice_of(dn);
	r = engine_eval(c, &e);
	entry_free(&e);
	return r;
}

static void
test_dn_conditions(void **state)
{
	struct cond *under = c_dn(COND_DN_UNDER, "OU=Linked, DC=Example,DC=com");
	struct cond *not = c_dn(COND_DN_NOT_UNDER, "ou=linked,dc=example,dc=com");
	struct cond *multi = ast_vals(COND_DN_UNDER, NULL, "ou=a,dc=x", "ou=b,dc=x",
	    (const char *)NULL);
	int pass;

	(void)state;
	/* Bases normalized per entry (a hand-built AST), then normalized
	 * ahead as the loader does: the same answers. */
	for (pass = 0; pass < 2; pass++) {
		assert_true(eval_dn(under, "cn=jd,ou=LINKED,dc=example,dc=com"));
		assert_true(eval_dn(under, "OU=Linked,DC=Example,DC=com"));
		assert_false(eval_dn(under, "cn=jd,ou=users,dc=example,dc=com"));
		assert_false(eval_dn(under, "cn=ou\\=linked\\,dc=example,dc=com"));
		assert_true(eval_dn(not, "cn=jd,ou=users,dc=example,dc=com"));
		assert_false(eval_dn(not, "cn=jd,ou=linked,dc=example,dc=com"));
		/* An unreadable entry DN is neither. */
		assert_false(eval_dn(under, "cn=jd,,ou=linked,dc=example,dc=com"));
		assert_false(eval_dn(not, "cn=jd,,ou=linked,dc=example,dc=com"));
		assert_true(eval_dn(multi, "cn=1,ou=b,dc=x"));
		assert_false(eval_dn(multi, "cn=1,ou=c,dc=x"));
		if (pass == 0) {
			ast_dn_norm(under);
			ast_dn_norm(not);
			ast_dn_norm(multi);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_equals_integers, ast_teardown),
		cmocka_unit_test_teardown(test_equals_edges, ast_teardown),
		cmocka_unit_test_teardown(test_equals_text, ast_teardown),
		cmocka_unit_test_teardown(test_one_of, ast_teardown),
		cmocka_unit_test_teardown(test_cmp, ast_teardown),
		cmocka_unit_test_teardown(test_bits, ast_teardown),
		cmocka_unit_test_teardown(test_regex, ast_teardown),
		cmocka_unit_test_teardown(test_present_absent, ast_teardown),
		cmocka_unit_test_teardown(test_combinators, ast_teardown),
		cmocka_unit_test_teardown(test_sid_is, ast_teardown),
		cmocka_unit_test_teardown(test_sid_attr_pairs, ast_teardown),
		cmocka_unit_test_teardown(test_sid_domain_in, ast_teardown),
		cmocka_unit_test_teardown(test_dn_conditions, ast_teardown),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
