/*
 * test_engine_run.c: engine_run (src/engine.c, src/engine_change.c) on
 * rulesets built by hand, independent of the YAML loader: every change
 * kind, templates, classification, warnings and automatic warnings, rule
 * ordering, and the set/clear-bits integer cases. Conditions are tested in
 * test_engine.c, rules loaded from YAML in test_engine_rules.c.
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

/* A template: literal text, "{attr}" references, "{{" and "}}". */
static struct tmpl *
tm(const char *src)
{
	struct tmpl *t = ast_alloc(sizeof(*t));
	const char *p = src;

	t->parts = ast_alloc(16 * sizeof(*t->parts));
	t->source = slice_of(src);
	while (*p) {
		struct tmpl_part *part = &t->parts[t->nparts++];
		size_t n;

		part->kind = TMPL_TEXT;
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			part->text = slice_mem(p, 1);
			p += 2;
		} else if (p[0] == '{') {
			const char *end = strchr(p, '}');

			assert_non_null(end);
			part->kind = TMPL_ATTR;
			part->text = slice_mem(p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else {
			n = strcspn(p, "{}");
			part->text = slice_mem(p, n ? n : 1);
			p += n ? n : 1;
		}
	}
	return t;
}

static struct ruleset rs;

static struct rule *
rule(const char *id, struct cond *match)
{
	struct rule *r;

	if (rs.rules == NULL)
		rs.rules = ast_alloc(16 * sizeof(*rs.rules));
	r = &rs.rules[rs.nrules++];
	memset(r, 0, sizeof(*r));
	r->id = (char *)id;
	r->file = "test.yaml";
	r->match = match;
	r->changes = ast_alloc(16 * sizeof(*r->changes));
	r->labels = ast_alloc(16 * sizeof(*r->labels));
	r->warnings = ast_alloc(16 * sizeof(*r->warnings));
	return r;
}

/* A change with template values, NULL-terminated. */
static struct change *
change(struct rule *r, enum change_kind kind, const char *attr, ...)
{
	struct change *ch = &r->changes[r->nchanges++];
	const char *s;
	va_list ap;

	ch->kind = kind;
	ch->attr = slice_of(attr);
	ch->vals = ast_alloc(16 * sizeof(*ch->vals));
	va_start(ap, attr);
	while ((s = va_arg(ap, const char *)) != NULL)
		ch->vals[ch->nvals++] = *tm(s);
	va_end(ap);
	return ch;
}

static struct change *
change_bits(struct rule *r, enum change_kind kind, const char *attr,
    uint64_t bits)
{
	struct change *ch = change(r, kind, attr, (const char *)NULL);

	ch->bits = bits;
	return ch;
}

static void
label(struct rule *r, const char *name, struct cond *when)
{
	r->labels[r->nlabels].label = (char *)name;
	r->labels[r->nlabels++].when = when;
}

static void
warning(struct rule *r, const char *message, struct cond *when)
{
	r->warnings[r->nwarnings].message = *tm(message);
	r->warnings[r->nwarnings++].when = when;
}

static int
setup(void **state)
{
	(void)state;
	memset(&rs, 0, sizeof(rs));
	return 0;
}

/* ---- Entries ---- */


/* The attribute's values are exactly these, in order (NULL-terminated;
 * none at all: the attribute is absent). */
static void
assert_vals(const struct entry *e, const char *attr, ...)
{
	const struct entry_attr *a = entry_get(e, slice_of(attr));
	const char *s;
	size_t i = 0;
	va_list ap;

	va_start(ap, attr);
	while ((s = va_arg(ap, const char *)) != NULL) {
		if (a == NULL || i >= a->nvals)
			fail_msg("%s: value %zu \"%s\" missing", attr, i, s);
		if (!slice_eq(a->vals[i], slice_of(s)))
			fail_msg("%s: value %zu is \"%.*s\", want \"%s\"", attr,
			    i, (int)a->vals[i].n, (const char *)a->vals[i].p, s);
		i++;
	}
	va_end(ap);
	if (a != NULL && a->nvals != i)
		fail_msg("%s: %zu values, want %zu", attr, a->nvals, i);
}


/* ---- Fixture: one entry and one result per test ---- */

static struct entry e;
static struct engine_result res;

static int
setup_run(void **state)
{
	setup(state);
	entry_init(&e);
	e.dn = slice_of("CN=Jane Doe,OU=Linked,DC=example,DC=com");
	engine_result_init(&res);
	return 0;
}

static int
teardown_run(void **state)
{
	entry_free(&e);
	engine_result_free(&res);
	return ast_teardown(state);
}

static size_t
run(void)
{
	return engine_run(&rs, &e, &res);
}

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define END (const char *)NULL

/* ---- Changes ---- */

static void
test_replace(void **state)
{
	struct rule *r = rule("r", EQ("rtd", "2"));

	(void)state;
	change(r, CHANGE_REPLACE, "rtd", "1", END);
	change(r, CHANGE_REPLACE, "displayName", "{givenName} {SN}", END);
	change(r, CHANGE_REPLACE, "otherMailbox", "a", "b", "a", END);
	ast_put(&e, "rtd", "2");
	ast_put(&e, "givenName", "Jane");
	ast_put(&e, "sn", "Doe");
	ast_put(&e, "displayName", "old");
	assert_int_equal(run(), 1);
	assert_ptr_equal(res.hits[0].rule, r);
	assert_int_equal(res.hits[0].changes_applied, 3);
	assert_int_equal(res.nwarnings, 0);
	assert_vals(&e, "rtd", "1", END);
	assert_vals(&e, "displayname", "Jane Doe", END);
	assert_vals(&e, "otherMailbox", "a", "b", END);     /* duplicates once */
}

static void
test_unchanged_is_not_applied(void **state)
{
	struct rule *r = rule("r", PRESENT("rtd"));

	(void)state;
	change(r, CHANGE_REPLACE, "rtd", "1", END);
	change(r, CHANGE_REPLACE, "otherMailbox", "a", "b", END);
	change(r, CHANGE_ADD, "proxyAddresses", "smtp:jd@x", END);
	change(r, CHANGE_DELETE_VALUES, "proxyAddresses", "smtp:gone@x", END);
	change(r, CHANGE_DELETE_ATTR, "msExchMasterAccountSid", END);
	change(r, CHANGE_SET_IF_ABSENT, "rtd", "7", END);
	ast_put(&e, "rtd", "1");
	ast_put(&e, "otherMailbox", "b");
	ast_put(&e, "otherMailbox", "a");
	ast_put(&e, "proxyAddresses", "smtp:jd@x");
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 0);
	assert_vals(&e, "otherMailbox", "b", "a", END);     /* order kept */
	assert_vals(&e, "rtd", "1", END);
}

static void
test_add_delete(void **state)
{
	struct rule *r = rule("r", PRESENT("mailNickname"));

	(void)state;
	change(r, CHANGE_ADD, "proxyAddresses", "smtp:{mailNickname}@new.example",
	    "SMTP:jd@x", END);
	change(r, CHANGE_DELETE_VALUES, "proxyAddresses", "smtp:old@x",
	    "smtp:never@x", END);
	change(r, CHANGE_DELETE_ATTR, "msExchMasterAccountSid", END);
	change(r, CHANGE_DELETE_ATTR, "notThere", END);
	ast_put(&e, "mailNickname", "jd");
	ast_put(&e, "proxyAddresses", "SMTP:jd@x");
	ast_put(&e, "proxyAddresses", "smtp:old@x");
	ast_put_bin(&e, "msExchMasterAccountSid", ast_sid_bin(DOM "-1163"));
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 3);
	assert_vals(&e, "proxyAddresses", "SMTP:jd@x", "smtp:jd@new.example",
	    END);
	assert_null(entry_get(&e, slice_of("msExchMasterAccountSid")));
	/* A second run finds nothing left to do. */
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 0);
}

static void
test_set_if_absent(void **state)
{
	struct rule *r = rule("r", PRESENT("sAMAccountName"));

	(void)state;
	change(r, CHANGE_SET_IF_ABSENT, "userPrincipalName",
	    "{sAMAccountName}@contoso.com", END);
	/* Present: left alone, even though its template cannot be built. */
	change(r, CHANGE_SET_IF_ABSENT, "sAMAccountName", "{nope}", END);
	ast_put(&e, "sAMAccountName", "jdoe");
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 1);
	assert_int_equal(res.nwarnings, 0);
	assert_vals(&e, "userPrincipalName", "jdoe@contoso.com", END);
	entry_delete_attr(&e, slice_of("sAMAccountName"));
	ast_put(&e, "sAMAccountName", "other");
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 0);
	assert_vals(&e, "userPrincipalName", "jdoe@contoso.com", END);
}

static void
test_missing_template_attribute(void **state)
{
	struct rule *r = rule("r", PRESENT("givenName"));

	(void)state;
	change(r, CHANGE_REPLACE, "displayName", "{givenName} {sn}", END);
	change(r, CHANGE_ADD, "proxyAddresses", "smtp:ok@x", "{mail}", END);
	change(r, CHANGE_REPLACE, "description", "{{literal}} {givenName}", END);
	ast_put(&e, "givenName", "Jane");
	ast_put(&e, "displayName", "Jane D.");
	assert_int_equal(run(), 1);
	/* The broken changes are skipped whole; the others still apply. */
	assert_int_equal(res.hits[0].changes_applied, 1);
	assert_vals(&e, "displayName", "Jane D.", END);
	assert_vals(&e, "proxyAddresses", END);
	assert_vals(&e, "description", "{literal} Jane", END);
	assert_int_equal(res.hits[0].nwarnings, 2);
	ast_assert_warning(&res, 0, "cannot build displayName value "
	    "\"{givenName} {sn}\": attribute sn is absent");
	ast_assert_warning(&res, 1, "cannot build proxyAddresses value "
	    "\"{mail}\": attribute mail is absent");
	assert_ptr_equal(res.warnings[0].rule, r);
}

static void
test_binary_values_are_copied_raw(void **state)
{
	struct rule *r = rule("r", PRESENT("msExchMasterAccountSid"));
	struct slice sid = ast_sid_bin(DOM "-1163");
	const struct entry_attr *a;

	(void)state;
	change(r, CHANGE_REPLACE, "altSid", "{msExchMasterAccountSid}", END);
	change(r, CHANGE_DELETE_ATTR, "msExchMasterAccountSid", END);
	ast_put_bin(&e, "msExchMasterAccountSid", sid);
	assert_int_equal(run(), 1);
	a = entry_get(&e, slice_of("altSid"));
	assert_non_null(a);
	assert_int_equal(a->nvals, 1);
	assert_true(slice_eq(a->vals[0], sid));
	assert_ptr_not_equal(a->vals[0].p, sid.p);          /* interned copy */
}

/* ---- set-bits / clear-bits ---- */

static void
test_bits_changes(void **state)
{
	static const struct {
		const char *in;
		enum change_kind kind;
		uint64_t bits;
		const char *out;        /* NULL: unchanged */
	} cases[] = {
		/* RDT "ACLable" bit on a linked mailbox. */
		{ "1073741824", CHANGE_CLEAR_BITS, 0x40000000, "0" },
		{ "-1073741818", CHANGE_CLEAR_BITS, 0x40000000, "-2147483642" },
		{ "-2147483642", CHANGE_SET_BITS, 0x40000000, "-1073741818" },
		{ "-2147483642", CHANGE_CLEAR_BITS, 0x40000000, NULL },
		{ "-2147483642", CHANGE_CLEAR_BITS, 0x80000000, "6" },
		{ "6", CHANGE_SET_BITS, 0x80000000, "2147483654" },
		{ "512", CHANGE_SET_BITS, 0x2, "514" },
		{ "514", CHANGE_CLEAR_BITS, 0x2, "512" },
		{ "18446744073709551615", CHANGE_CLEAR_BITS, UINT64_C(1) << 63,
		    "9223372036854775807" },
		{ "9223372036854775808", CHANGE_SET_BITS, 1, "9223372036854775809" },
		{ "-5000000000", CHANGE_SET_BITS, 1, "-4999999999" },
		{ "-1", CHANGE_SET_BITS, UINT64_C(0x100000000), NULL },
		{ "-1", CHANGE_CLEAR_BITS, UINT64_C(0x100000000), "-4294967297" },
		{ "-9223372036854775808", CHANGE_CLEAR_BITS, UINT64_C(1) << 63, "0" },
		{ "-2147483648", CHANGE_CLEAR_BITS, 0x80000000, "0" },
		{ "0", CHANGE_SET_BITS, 0, NULL },
	};
	size_t i;

	(void)state;
	change_bits(rule("r", PRESENT("x")), CHANGE_SET_BITS, "x", 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		entry_reset(&e);
		ast_put(&e, "x", cases[i].in);
		rs.rules[0].changes[0].kind = cases[i].kind;
		rs.rules[0].changes[0].bits = cases[i].bits;
		assert_int_equal(run(), 1);
		assert_int_equal(res.nwarnings, 0);
		assert_int_equal(res.hits[0].changes_applied,
		    cases[i].out != NULL);
		assert_vals(&e, "x", cases[i].out ? cases[i].out : cases[i].in,
		    END);
	}
}

static void
test_bits_warnings(void **state)
{
	struct rule *r = rule("r", ast_kids(COND_ALL, (struct cond *)NULL));

	(void)state;
	change_bits(r, CHANGE_CLEAR_BITS, "rdt", 0x40000000);
	change_bits(r, CHANGE_SET_BITS, "uac", 0x2);
	change_bits(r, CHANGE_SET_BITS, "multi", 0x2);
	change_bits(r, CHANGE_SET_BITS, "bin", 0x2);
	change_bits(r, CHANGE_SET_BITS, "plus", 0x1);
	ast_put(&e, "uac", "0x200");
	ast_put(&e, "plus", "+5");      /* not an RFC 4517 INTEGER */
	ast_put(&e, "multi", "1");
	ast_put(&e, "multi", "2");
	ast_put_bin(&e, "bin", slice_mem("\0\1\2", 3));
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 0);
	assert_int_equal(res.hits[0].nwarnings, 5);
	ast_assert_warning(&res, 0,
	    "cannot clear bits 0x40000000 in rdt: attribute is absent");
	ast_assert_warning(&res, 1,
	    "cannot set bits 0x2 in uac: value \"0x200\" is not an integer");
	ast_assert_warning(&res, 2,
	    "cannot set bits 0x2 in multi: it has 2 values, one integer is needed");
	ast_assert_warning(&res, 3,
	    "cannot set bits 0x2 in bin: value \"base64:AAEC\" is not an integer");
	ast_assert_warning(&res, 4,
	    "cannot set bits 0x1 in plus: value \"+5\" is not an integer");
	assert_vals(&e, "uac", "0x200", END);
	assert_vals(&e, "plus", "+5", END);
	assert_vals(&e, "multi", "1", "2", END);
}

/* ---- Rules: when, ordering, classification, warnings ---- */

static void
test_when_sees_earlier_changes(void **state)
{
	struct rule *r = rule("r", EQ("rtd", "2"));

	(void)state;
	change(r, CHANGE_REPLACE, "rtd", "1", END)->when = EQ("kind", "linked");
	change(r, CHANGE_REPLACE, "note", "was linked", END)->when =
	    EQ("rtd", "1");
	change(r, CHANGE_REPLACE, "never", "x", END)->when = EQ("rtd", "2");
	ast_put(&e, "rtd", "2");
	ast_put(&e, "kind", "LINKED");
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 2);
	assert_vals(&e, "note", "was linked", END);
	assert_vals(&e, "never", END);
	/* A false when skips the change silently. */
	entry_reset(&e);
	ast_put(&e, "rtd", "2");
	assert_int_equal(run(), 1);
	assert_int_equal(res.hits[0].changes_applied, 1);
	assert_int_equal(res.nwarnings, 0);
	assert_vals(&e, "rtd", "2", END);
	assert_vals(&e, "note", END);
	assert_vals(&e, "never", "x", END);
}

static void
test_rule_order(void **state)
{
	struct rule *a, *b;

	(void)state;
	a = rule("to-user", EQ("rtd", "2"));
	change(a, CHANGE_REPLACE, "rtd", "1", END);
	b = rule("user-mailbox", EQ("rtd", "1"));
	change(b, CHANGE_SET_IF_ABSENT, "mark", "seen after {rtd}", END);
	rule("still-linked", EQ("rtd", "2"));
	ast_put(&e, "rtd", "2");
	assert_int_equal(run(), 2);
	assert_ptr_equal(res.hits[0].rule, a);
	assert_ptr_equal(res.hits[1].rule, b);
	assert_int_equal(res.hits[1].changes_applied, 1);
	assert_vals(&e, "mark", "seen after 1", END);
	/* No rule matches: no hits. */
	entry_reset(&e);
	ast_put(&e, "rtd", "4");
	assert_int_equal(run(), 0);
	assert_int_equal(res.nhits, 0);
}

static void
test_classify(void **state)
{
	struct rule *r = rule("linked", PRESENT("master"));

	(void)state;
	label(r, "self-linked",
	    ast_other(COND_SID_EQUALS_ATTR, "master", "objectSid"));
	label(r, "same-domain",
	    ast_other(COND_SID_SAME_DOMAIN, "master", "objectSid"));
	label(r, "foreign-domain",
	    ast_other(COND_SID_DOMAIN_DIFFERS, "master", "objectSid"));
	change(r, CHANGE_DELETE_ATTR, "master", END);
	ast_put_bin(&e, "objectSid", ast_sid_bin(DOM "-1163"));
	/* Decided before the change deletes the attribute it looks at. */
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-1163"));
	assert_int_equal(run(), 1);
	assert_string_equal(res.hits[0].label, "self-linked");
	assert_int_equal(res.hits[0].changes_applied, 1);
	ast_put_bin(&e, "master", ast_sid_bin(DOM "-1164"));
	run();
	assert_string_equal(res.hits[0].label, "same-domain");
	ast_put_bin(&e, "master", ast_sid_bin("S-1-5-21-1-2-3-1164"));
	run();
	assert_string_equal(res.hits[0].label, "foreign-domain");
	ast_put(&e, "master", "garbage");
	run();
	assert_null(res.hits[0].label);
	/* A label without when always applies. */
	label(r, "other", NULL);
	ast_put(&e, "master", "garbage");
	run();
	assert_string_equal(res.hits[0].label, "other");
}

static void
test_warnings(void **state)
{
	struct rule *a, *b;

	(void)state;
	a = rule("a", PRESENT("msExchMasterAccountSid"));
	warning(a, "master {msExchMasterAccountSid} of {cn} ({objectGUID}), "
	    "{photo} {fooSid} {missing} {{x}}", NULL);
	warning(a, "never shown", ABSENT("cn"));
	warning(a, "domain differs", ast_other(COND_SID_DOMAIN_DIFFERS,
	    "msExchMasterAccountSid", "objectSid"));
	change(a, CHANGE_REPLACE, "x", "{missing}", END);
	b = rule("b", PRESENT("cn"));
	warning(b, "second rule", NULL);
	ast_put_bin(&e, "msExchMasterAccountSid", ast_sid_bin("S-1-5-21-1-2-3-1163"));
	ast_put_bin(&e, "objectSid", ast_sid_bin(DOM "-1163"));
	ast_put(&e, "cn", "Jane Doe");
	ast_put_bin(&e, "objectGUID", slice_mem("\xe0\x04\x25\x3f\x89\x4f\xd3\x11"
	    "\x9a\x0c\x03\x05\xe8\x2c\x33\x01", 16));
	ast_put_bin(&e, "photo", slice_mem("\0\1\2", 3));
	ast_put(&e, "fooSid", "S-1-5-10");  /* text, not a binary SID: as is */
	assert_int_equal(run(), 2);
	assert_int_equal(res.hits[0].first_warning, 0);
	assert_int_equal(res.hits[0].nwarnings, 3);
	assert_int_equal(res.hits[1].first_warning, 3);
	assert_int_equal(res.hits[1].nwarnings, 1);
	ast_assert_warning(&res, 0, "master S-1-5-21-1-2-3-1163 of Jane Doe "
	    "(3f2504e0-4f89-11d3-9a0c-0305e82c3301), base64:AAEC S-1-5-10 "
	    "(no missing) {x}");
	ast_assert_warning(&res, 1, "domain differs");
	/* The automatic warning comes after the rule's own. */
	ast_assert_warning(&res, 2, "cannot build x value \"{missing}\": "
	    "attribute missing is absent");
	ast_assert_warning(&res, 3, "second rule");
	assert_ptr_equal(res.warnings[3].rule, b);
}

static void
test_result_reuse(void **state)
{
	struct rule *r = rule("r", ast_vals(COND_ONE_OF, "rtd", "2", "two",
	    (const char *)NULL));

	(void)state;
	warning(r, "rtd is {rtd}", NULL);
	ast_put(&e, "rtd", "2");
	assert_int_equal(run(), 1);
	ast_assert_warning(&res, 0, "rtd is 2");
	entry_reset(&e);
	ast_put(&e, "rtd", "3");
	assert_int_equal(run(), 0);
	assert_int_equal(res.nwarnings, 0);
	assert_int_equal(res.text.n, 0);
	entry_reset(&e);
	ast_put(&e, "rtd", "TWO");
	assert_int_equal(run(), 1);
	assert_int_equal(res.nwarnings, 1);
	ast_assert_warning(&res, 0, "rtd is TWO");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_run, teardown_run)
	const struct CMUnitTest tests[] = {
		T(test_replace),
		T(test_unchanged_is_not_applied),
		T(test_add_delete),
		T(test_set_if_absent),
		T(test_missing_template_attribute),
		T(test_binary_values_are_copied_raw),
		T(test_bits_changes),
		T(test_bits_warnings),
		T(test_when_sees_earlier_changes),
		T(test_rule_order),
		T(test_classify),
		T(test_warnings),
		T(test_result_reuse),
	};
#undef T

	return cmocka_run_group_tests_name("engine_run", tests, NULL, NULL);
}
