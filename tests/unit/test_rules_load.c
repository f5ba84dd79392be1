/*
 * test_rules_load.c: the rule loader (rules_load.c, rules_cond.c,
 * yaml_tree.c) and rules_show.c: every construct of the language loads into
 * the expected AST, integer and SID edges, templates and variables, strict
 * YAML, atomic loading, show/reload fixpoints, and the shipped rule files.
 * Runs from the top of the tree (tests/run-tests.sh does).
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
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "base/sid.h"

#include "mem_io.h"

static int
load_vars(struct ruleset *rs, const char *yaml, struct rule_var *vars,
    size_t nvars, struct diag *d)
{
	diag_clear(d);
	return rules_load_mem(rs, "t.yaml", (const unsigned char *)yaml,
	    strlen(yaml), vars, nvars, d);
}

static int
load(struct ruleset *rs, const char *yaml, struct diag *d)
{
	return load_vars(rs, yaml, NULL, 0, d);
}

/* Load yaml that must fail; check "LINE:COL: message". */
static void
expect_error(const char *yaml, unsigned long line, unsigned long col,
    const char *msg)
{
	struct ruleset rs;
	struct diag d;

	rules_init(&rs);
	assert_int_equal(load(&rs, yaml, &d), -1);
	assert_string_equal(d.file, "t.yaml");
	assert_string_equal(d.msg, msg);
	assert_int_equal(d.line, line);
	assert_int_equal(d.col, col);
	assert_int_equal(rs.nrules, 0);
	rules_free(&rs);
}

/* The match of the only rule of a one-rule file. */
static const struct cond *
match_of(struct ruleset *rs, const char *cond_yaml)
{
	struct buf b = BUF_INIT;
	struct diag d;
	int rc;

	buf_printf(&b, "version: 1\nrules:\n  - id: r\n    match:\n%s",
	    cond_yaml);
	rc = load(rs, (const char *)b.p, &d);
	if (rc != 0)
		fail_msg("%s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
	buf_release(&b);
	assert_int_equal(rs->nrules, 1);
	return rs->rules[0].match;
}

static bool
slice_is(struct slice s, const char *want)
{
	return s.n == strlen(want) && memcmp(s.p, want, s.n) == 0;
}

static void
test_minimal_file(void **state)
{
	static const char y[] = "version: 1\nrules: []\n";
	struct ruleset rs;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs, y, &d), 0);
	assert_int_equal(rs.nrules, 0);
	assert_int_equal(rs.nfiles, 1);
	assert_string_equal(rs.files[0], "t.yaml");
	assert_int_equal(rs.source.n, strlen(y));
	assert_memory_equal(rs.source.p, y, strlen(y));
	rules_free(&rs);
	/* rules_free leaves a usable, empty ruleset; freeing twice is fine */
	assert_int_equal(rs.nrules, 0);
	rules_free(&rs);
}

static void
test_rule_fields(void **state)
{
	struct ruleset rs;
	const struct rule *r;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs,
	    "version: 1\n"
	    "description: file level\n"
	    "rules:\n"
	    "  - id: linked-1\n"
	    "    description: One rule\n"
	    "    match: {mail: present}\n"
	    "  - id: 2nd\n"
	    "    match: {cn: absent}\n", &d), 0);
	assert_int_equal(rs.nrules, 2);
	r = &rs.rules[0];
	assert_string_equal(r->id, "linked-1");
	assert_string_equal(r->description, "One rule");
	assert_string_equal(r->file, "t.yaml");
	assert_ptr_equal(r->file, rs.files[0]);
	assert_int_equal(r->line, 4);
	assert_int_equal(r->nchanges, 0);
	assert_int_equal(r->nlabels, 0);
	assert_int_equal(r->nwarnings, 0);
	assert_int_equal(r->match->kind, COND_PRESENT);
	assert_true(slice_is(r->match->attr, "mail"));
	assert_int_equal(r->match->line, 6);
	assert_int_equal(r->match->col, 13);
	assert_null(rs.rules[1].description);
	assert_int_equal(rs.rules[1].match->kind, COND_ABSENT);
	rules_free(&rs);
}

static void
test_combinators(void **state)
{
	struct ruleset rs;
	const struct cond *c;

	(void)state;
	rules_init(&rs);
	c = match_of(&rs,
	    "      all:\n"
	    "        - mail: present\n"
	    "        - any:\n"
	    "            - cn: absent\n"
	    "            - not: {sn: present}\n");
	assert_int_equal(c->kind, COND_ALL);
	assert_int_equal(c->nkids, 2);
	assert_int_equal(c->kids[0]->kind, COND_PRESENT);
	assert_int_equal(c->kids[1]->kind, COND_ANY);
	assert_int_equal(c->kids[1]->nkids, 2);
	assert_int_equal(c->kids[1]->kids[1]->kind, COND_NOT);
	assert_int_equal(c->kids[1]->kids[1]->nkids, 1);
	assert_int_equal(c->kids[1]->kids[1]->kids[0]->kind, COND_PRESENT);
	assert_true(slice_is(c->kids[1]->kids[1]->kids[0]->attr, "sn"));
	rules_free(&rs);

	/* several keys in one mapping: all of them, in order */
	rules_init(&rs);
	c = match_of(&rs, "      mail: present\n      cn: absent\n"
	    "      dn: {under: \"DC=x\"}\n");
	assert_int_equal(c->kind, COND_ALL);
	assert_int_equal(c->nkids, 3);
	assert_int_equal(c->kids[0]->kind, COND_PRESENT);
	assert_int_equal(c->kids[1]->kind, COND_ABSENT);
	assert_int_equal(c->kids[2]->kind, COND_DN_UNDER);
	assert_int_equal(c->attr.n, 0);
	rules_free(&rs);
}

static void
test_attribute_tests(void **state)
{
	struct ruleset rs;
	const struct cond *c;

	(void)state;
	rules_init(&rs);
	c = match_of(&rs,
	    "      all:\n"
	    "        - msExchRecipientTypeDetails: 2\n"
	    "        - mail: {equals: Jane@Contoso.com}\n"
	    "        - cn: {one-of: [a, 7, \"8\"]}\n"
	    "        - userAccountControl: {bits-all: 0x202, bits-any: 2, bits-none: 0x10}\n"
	    "        - whenChanged: {lt: 1, le: 2, gt: 3, ge: 4, eq: 5, ne: 6}\n"
	    "        - mail: {regex: \"^[a-z]+@contoso[.]com$\"}\n"
	    "        - msExchMasterAccountSid: {sid: S-1-5-10}\n"
	    "        - msExchMasterAccountSid: {not-sid: [S-1-5-10, S-1-0-0]}\n"
	    "        - msExchMasterAccountSid: {sid-same-domain-as: objectSid}\n"
	    "        - msExchMasterAccountSid: {sid-domain-differs-from: objectSid}\n"
	    "        - msExchMasterAccountSid: {sid-equals-attr: objectSid}\n"
	    "        - objectSid: {sid-domain-in: [S-1-5-21-1-2-3]}\n"
	    "        - dn: {not-under: [\"OU=A,DC=x\", \"OU=B,DC=x\"]}\n"
	    "        - 1.2.840.113556.1.4.221;lang-en: present\n");
	assert_int_equal(c->nkids, 14);

	assert_int_equal(c->kids[0]->kind, COND_EQUALS);
	assert_true(c->kids[0]->vals[0].is_int);
	assert_int_equal(c->kids[0]->vals[0].mag, 2);

	assert_int_equal(c->kids[1]->kind, COND_EQUALS);
	assert_false(c->kids[1]->vals[0].is_int);
	assert_true(slice_is(c->kids[1]->vals[0].text, "Jane@Contoso.com"));

	assert_int_equal(c->kids[2]->kind, COND_ONE_OF);
	assert_int_equal(c->kids[2]->nvals, 3);
	assert_false(c->kids[2]->vals[0].is_int);
	assert_true(c->kids[2]->vals[1].is_int);
	assert_false(c->kids[2]->vals[2].is_int);       /* quoted: text */

	assert_int_equal(c->kids[3]->kind, COND_ALL);
	assert_int_equal(c->kids[3]->nkids, 3);
	assert_int_equal(c->kids[3]->kids[0]->kind, COND_BITS_ALL);
	assert_int_equal(c->kids[3]->kids[0]->bits, 0x202);
	assert_int_equal(c->kids[3]->kids[1]->kind, COND_BITS_ANY);
	assert_int_equal(c->kids[3]->kids[2]->kind, COND_BITS_NONE);
	assert_int_equal(c->kids[3]->kids[2]->bits, 0x10);
	assert_true(slice_is(c->kids[3]->kids[2]->attr, "userAccountControl"));

	assert_int_equal(c->kids[4]->nkids, 6);
	assert_int_equal(c->kids[4]->kids[0]->cmp, CMP_LT);
	assert_int_equal(c->kids[4]->kids[1]->cmp, CMP_LE);
	assert_int_equal(c->kids[4]->kids[2]->cmp, CMP_GT);
	assert_int_equal(c->kids[4]->kids[3]->cmp, CMP_GE);
	assert_int_equal(c->kids[4]->kids[4]->cmp, CMP_EQ);
	assert_int_equal(c->kids[4]->kids[5]->cmp, CMP_NE);
	assert_int_equal(c->kids[4]->kids[5]->kind, COND_CMP);
	assert_int_equal(c->kids[4]->kids[5]->vals[0].mag, 6);

	assert_int_equal(c->kids[5]->kind, COND_REGEX);
	assert_int_equal(regexec(&c->kids[5]->re, "jane@contoso.com", 0, NULL, 0), 0);
	assert_int_equal(regexec(&c->kids[5]->re, "jane@contosoXcom", 0, NULL, 0),
	    REG_NOMATCH);

	assert_int_equal(c->kids[6]->kind, COND_SID_IS);
	assert_int_equal(c->kids[6]->nsids, 1);
	assert_int_equal(c->kids[6]->sids[0].n, 12);
	assert_memory_equal(c->kids[6]->sids[0].bytes,
	    "\x01\x01\0\0\0\0\0\x05\x0a\0\0\0", 12);
	assert_int_equal(c->kids[7]->kind, COND_SID_IS_NOT);
	assert_int_equal(c->kids[7]->nsids, 2);
	assert_memory_equal(c->kids[7]->sids[1].bytes,
	    "\x01\x01\0\0\0\0\0\0\0\0\0\0", 12);
	assert_int_equal(c->kids[8]->kind, COND_SID_SAME_DOMAIN);
	assert_true(slice_is(c->kids[8]->other_attr, "objectSid"));
	assert_int_equal(c->kids[9]->kind, COND_SID_DOMAIN_DIFFERS);
	assert_int_equal(c->kids[10]->kind, COND_SID_EQUALS_ATTR);
	assert_int_equal(c->kids[11]->kind, COND_SID_DOMAIN_IN);
	assert_int_equal(c->kids[11]->sids[0].n, 8 + 4 * 4);

	assert_int_equal(c->kids[12]->kind, COND_DN_NOT_UNDER);
	assert_int_equal(c->kids[12]->nvals, 2);
	assert_true(slice_is(c->kids[12]->vals[1].text, "OU=B,DC=x"));
	/* DN bases are normalized by the loader, into the ruleset. */
	assert_non_null(c->kids[12]->dn_norm);
	assert_true(slice_is(c->kids[12]->dn_norm[0], "ou=a,dc=x"));
	assert_true(slice_is(c->kids[12]->dn_norm[1], "ou=b,dc=x"));

	assert_true(slice_is(c->kids[13]->attr, "1.2.840.113556.1.4.221;lang-en"));
	rules_free(&rs);
}

/* The integer reading of "ATTR: TEXT" written plain: 0, or -1 when the
 * file does not load (the message must then start with want). */
static int
int_of_or(const char *text, const char *want, bool *is_int, bool *neg,
    uint64_t *mag)
{
	struct buf b = BUF_INIT;
	struct ruleset rs;
	struct diag d;
	int rc;

	rules_init(&rs);
	buf_printf(&b, "version: 1\nrules:\n  - id: r\n    match: {a: %s}\n", text);
	rc = load(&rs, (const char *)b.p, &d);
	if (rc == 0) {
		*is_int = rs.rules[0].match->vals[0].is_int;
		*neg = rs.rules[0].match->vals[0].neg;
		*mag = rs.rules[0].match->vals[0].mag;
	} else {
		assert_non_null(strstr(d.msg, want));
	}
	rules_free(&rs);
	buf_release(&b);
	return rc;
}

static int
int_of(const char *text, bool *is_int, bool *neg, uint64_t *mag)
{
	return int_of_or(text, "integer out of range: '", is_int, neg, mag);
}

static void
test_integer_edges(void **state)
{
	/* Digits with '+', a leading zero or "-0" are unclear (YAML 1.1
	 * reads 010 as octal 8): load errors, text when quoted. */
	static const char *const unclear[] = {
		"+42", "-0", "007", "00", "+0", "-010", "!!int 010", "!!int +1",
	};
	bool is_int, neg;
	uint64_t mag;
	size_t i;

	(void)state;
	assert_int_equal(int_of("9223372036854775808", &is_int, &neg, &mag), 0);
	assert_true(is_int);
	assert_false(neg);
	assert_true(mag == UINT64_C(1) << 63);
	assert_int_equal(int_of("18446744073709551615", &is_int, &neg, &mag), 0);
	assert_true(is_int && !neg && mag == UINT64_MAX);
	assert_int_equal(int_of("-9223372036854775808", &is_int, &neg, &mag), 0);
	assert_true(is_int && neg && mag == UINT64_C(1) << 63);
	assert_int_equal(int_of("-1", &is_int, &neg, &mag), 0);
	assert_true(is_int && neg && mag == 1);
	assert_int_equal(int_of("0", &is_int, &neg, &mag), 0);
	assert_true(is_int && !neg && mag == 0);
	assert_int_equal(int_of("0x00000200", &is_int, &neg, &mag), 0);
	assert_true(is_int && !neg && mag == 0x200);
	assert_int_equal(int_of("0x40000000", &is_int, &neg, &mag), 0);
	assert_true(is_int && mag == 0x40000000);
	assert_int_equal(int_of("0XffffFFFFffffFFFF", &is_int, &neg, &mag), 0);
	assert_true(is_int && mag == UINT64_MAX);
	assert_int_equal(int_of("2199023255552", &is_int, &neg, &mag), 0);
	assert_true(is_int && mag == UINT64_C(2199023255552));

	/* out of range: load errors */
	assert_int_equal(int_of("18446744073709551616", &is_int, &neg, &mag), -1);
	assert_int_equal(int_of("-9223372036854775809", &is_int, &neg, &mag), -1);
	assert_int_equal(int_of("0x10000000000000000", &is_int, &neg, &mag), -1);
	assert_int_equal(int_of("99999999999999999999999", &is_int, &neg, &mag), -1);

	/* not written as integers: text */
	assert_int_equal(int_of("\"12\"", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("'12'", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("!!str 12", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("0x", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("-0x10", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("1_000", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("12abc", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("\"99999999999999999999999\"", &is_int, &neg,
	    &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("!!int 7", &is_int, &neg, &mag), 0);
	assert_true(is_int && mag == 7);

	for (i = 0; i < sizeof(unclear) / sizeof(unclear[0]); i++)
		assert_int_equal(int_of_or(unclear[i], "is written with '+', a "
		    "leading zero or as -0: write the integer plainly", &is_int,
		    &neg, &mag), -1);
	assert_int_equal(int_of("\"007\"", &is_int, &neg, &mag), 0);
	assert_false(is_int);
	assert_int_equal(int_of("'+42'", &is_int, &neg, &mag), 0);
	assert_false(is_int);
}

static void
test_bits_edges(void **state)
{
	struct ruleset rs;
	const struct cond *c;

	(void)state;
	rules_init(&rs);
	c = match_of(&rs, "      a: {bits-any: 0x8000000000000000}\n");
	assert_true(c->bits == UINT64_C(1) << 63);
	rules_free(&rs);
	rules_init(&rs);
	c = match_of(&rs, "      a: {bits-all: 18446744073709551615}\n");
	assert_true(c->bits == UINT64_MAX);
	rules_free(&rs);
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: {bits-all: 0}}\n",
	    4, 27, "bits-all must not be 0");
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: {bits-all: \"2\"}}\n",
	    4, 27, "bits-all must be an integer (without quotes), not '2'");
}

static void
test_sid_edges(void **state)
{
	struct ruleset rs;
	const struct cond *c;
	unsigned char want[SID_MAX_BYTES];
	size_t i;

	(void)state;
	rules_init(&rs);
	c = match_of(&rs, "      a: {sid: [S-1-5, "
	    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-4294967295]}\n");
	assert_int_equal(c->nsids, 2);
	/* no sub-authority: the 8-byte header only */
	assert_int_equal(c->sids[0].n, 8);
	assert_memory_equal(c->sids[0].bytes, "\x01\x00\0\0\0\0\0\x05", 8);
	/* fifteen: the most a SID has */
	assert_int_equal(c->sids[1].n, SID_MAX_BYTES);
	assert_int_equal(c->sids[1].bytes[1], 15);
	memcpy(want, "\x01\x0f\0\0\0\0\0\x05", 8);
	for (i = 0; i < 14; i++) {
		want[8 + 4 * i] = (unsigned char)(i + 1);
		want[9 + 4 * i] = want[10 + 4 * i] = want[11 + 4 * i] = 0;
	}
	memset(want + 8 + 4 * 14, 0xff, 4);
	assert_memory_equal(c->sids[1].bytes, want, SID_MAX_BYTES);
	/* the text is kept for rules show */
	assert_true(slice_is(c->vals[0].text, "S-1-5"));
	rules_free(&rs);

	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: {sid: "
	    "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16}}\n", 4, 22,
	    "invalid SID 'S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16' "
	    "(expected S-1-5-21-...)");
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: {sid: "
	    "S-1-5-21-4294967296}}\n", 4, 22,
	    "invalid SID 'S-1-5-21-4294967296' (expected S-1-5-21-...)");
}

static void
test_changes(void **state)
{
	struct ruleset rs;
	const struct rule *r;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs,
	    "version: 1\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match: {a: present}\n"
	    "    changes:\n"
	    "      - replace: msExchRecipientTypeDetails\n"
	    "        value: 1\n"
	    "      - add: proxyAddresses\n"
	    "        values: [\"smtp:a@x\", \"smtp:b@x\"]\n"
	    "      - delete: proxyAddresses\n"
	    "        value: \"smtp:old@x\"\n"
	    "      - delete: msExchMasterAccountSid\n"
	    "      - set-bits: userAccountControl\n"
	    "        bits: 0x2\n"
	    "      - clear-bits: msExchRecipientDisplayType\n"
	    "        bits: 0x40000000\n"
	    "        when: {userAccountControl: {bits-all: 2}}\n"
	    "      - set-if-absent: userPrincipalName\n"
	    "        value: \"{sAMAccountName}@x\"\n"
	    "      - replace: bin\n"
	    "        value: \"\\x01\\0\\x02\"\n", &d), 0);
	r = &rs.rules[0];
	assert_int_equal(r->nchanges, 8);
	assert_int_equal(r->changes[0].kind, CHANGE_REPLACE);
	assert_true(slice_is(r->changes[0].attr, "msExchRecipientTypeDetails"));
	assert_int_equal(r->changes[0].nvals, 1);
	assert_int_equal(r->changes[0].vals[0].nparts, 1);
	assert_true(slice_is(r->changes[0].vals[0].parts[0].text, "1"));
	assert_null(r->changes[0].when);
	assert_int_equal(r->changes[0].line, 6);
	assert_int_equal(r->changes[0].col, 9);
	assert_int_equal(r->changes[1].kind, CHANGE_ADD);
	assert_int_equal(r->changes[1].nvals, 2);
	assert_true(slice_is(r->changes[1].vals[1].parts[0].text, "smtp:b@x"));
	assert_int_equal(r->changes[2].kind, CHANGE_DELETE_VALUES);
	assert_int_equal(r->changes[2].nvals, 1);
	assert_int_equal(r->changes[3].kind, CHANGE_DELETE_ATTR);
	assert_int_equal(r->changes[3].nvals, 0);
	assert_int_equal(r->changes[4].kind, CHANGE_SET_BITS);
	assert_int_equal(r->changes[4].bits, 2);
	assert_int_equal(r->changes[5].kind, CHANGE_CLEAR_BITS);
	assert_int_equal(r->changes[5].bits, 0x40000000);
	assert_non_null(r->changes[5].when);
	assert_int_equal(r->changes[5].when->kind, COND_BITS_ALL);
	assert_int_equal(r->changes[6].kind, CHANGE_SET_IF_ABSENT);
	assert_int_equal(r->changes[6].vals[0].nparts, 2);
	assert_int_equal(r->changes[6].vals[0].parts[0].kind, TMPL_ATTR);
	/* binary bytes, NUL included, survive as bytes */
	assert_int_equal(r->changes[7].vals[0].parts[0].text.n, 3);
	assert_memory_equal(r->changes[7].vals[0].parts[0].text.p, "\x01\0\x02", 3);
	rules_free(&rs);
}

static void
test_templates(void **state)
{
	struct ruleset rs;
	const struct tmpl *t;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs,
	    "version: 1\n"
	    "variables: {dom: contoso.com}\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match: {a: present}\n"
	    "    warn:\n"
	    "      - message: \"{{literal}} {mail}{cn} and }}{var:dom}{{ at {var:dom}\"\n"
	    "      - message: \"{var:dom}\"\n", &d), 0);
	t = &rs.rules[0].warnings[0].message;
	assert_int_equal(t->nparts, 4);
	assert_int_equal(t->parts[0].kind, TMPL_TEXT);
	assert_true(slice_is(t->parts[0].text, "{literal} "));
	assert_int_equal(t->parts[1].kind, TMPL_ATTR);
	assert_true(slice_is(t->parts[1].text, "mail"));
	assert_int_equal(t->parts[2].kind, TMPL_ATTR);
	assert_true(slice_is(t->parts[2].text, "cn"));
	assert_int_equal(t->parts[3].kind, TMPL_TEXT);
	/* variables are resolved at load time and merge with the text */
	assert_true(slice_is(t->parts[3].text, " and }contoso.com{ at contoso.com"));
	assert_true(slice_is(t->source,
	    "{{literal}} {mail}{cn} and }}{var:dom}{{ at {var:dom}"));
	t = &rs.rules[0].warnings[1].message;
	assert_int_equal(t->nparts, 1);
	assert_true(slice_is(t->parts[0].text, "contoso.com"));
	rules_free(&rs);
}

static void
test_variables(void **state)
{
	static const char y[] =
	    "version: 1\n"
	    "variables:\n"
	    "  upn_suffix: contoso.com\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match: {a: present}\n"
	    "    changes:\n"
	    "      - set-if-absent: userPrincipalName\n"
	    "        value: \"{sAMAccountName}@{var:upn_suffix}\"\n";
	static const char nodefault[] =
	    "version: 1\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match: {a: present}\n"
	    "    changes:\n"
	    "      - add: x\n"
	    "        value: \"{var:upn_suffix}\"\n";
	/* Not const: the loader marks the variables it uses. */
	struct rule_var over[] = {
		{ "other", "ignored", false },
		{ "upn_suffix", "first.example", false },
		{ "upn_suffix", "fabrikam.com", false },      /* the last one wins */
	};
	struct rule_var bad[] = { { "upn_suffix", "\xff", false } };
	struct ruleset rs;
	struct diag d;

	(void)state;
	/* the file's default */
	rules_init(&rs);
	assert_int_equal(load(&rs, y, &d), 0);
	assert_true(slice_is(rs.rules[0].changes[0].vals[0].parts[1].text,
	    "@contoso.com"));
	rules_free(&rs);
	/* --var overrides it */
	rules_init(&rs);
	assert_int_equal(load_vars(&rs, y, over, 3, &d), 0);
	assert_true(slice_is(rs.rules[0].changes[0].vals[0].parts[1].text,
	    "@fabrikam.com"));
	rules_free(&rs);
	/* --var alone is enough */
	rules_init(&rs);
	assert_int_equal(load_vars(&rs, nodefault, over + 1, 1, &d), 0);
	assert_true(slice_is(rs.rules[0].changes[0].vals[0].parts[0].text,
	    "first.example"));
	rules_free(&rs);
	/* unknown */
	rules_init(&rs);
	assert_int_equal(load_vars(&rs, nodefault, over, 1, &d), -1);
	assert_string_equal(d.msg, "unknown variable 'upn_suffix' (set it "
	    "under 'variables:' or with --var upn_suffix=VALUE)");
	assert_int_equal(d.line, 7);
	assert_int_equal(d.col, 16);
	/* not valid UTF-8 from the command line */
	assert_int_equal(load_vars(&rs, nodefault, bad, 1, &d), -1);
	assert_string_equal(d.msg, "the value of --var upn_suffix is not valid UTF-8");
	rules_free(&rs);
}

static void
test_classify_and_warn(void **state)
{
	struct ruleset rs;
	const struct rule *r;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs,
	    "version: 1\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match: {a: present}\n"
	    "    classify:\n"
	    "      - label: self-linked\n"
	    "        when: {m: {sid-equals-attr: objectSid}}\n"
	    "      - label: missing-or-SELF-or-NULL\n"
	    "    warn:\n"
	    "      - message: always\n"
	    "      - message: sometimes {m}\n"
	    "        when: {m: present}\n", &d), 0);
	r = &rs.rules[0];
	assert_int_equal(r->nlabels, 2);
	assert_string_equal(r->labels[0].label, "self-linked");
	assert_int_equal(r->labels[0].when->kind, COND_SID_EQUALS_ATTR);
	assert_string_equal(r->labels[1].label, "missing-or-SELF-or-NULL");
	assert_null(r->labels[1].when);
	assert_int_equal(r->nwarnings, 2);
	assert_null(r->warnings[0].when);
	assert_int_equal(r->warnings[1].message.nparts, 2);
	assert_int_equal(r->warnings[1].when->kind, COND_PRESENT);
	rules_free(&rs);
}

static void
test_strict_yaml(void **state)
{
	struct buf b = BUF_INIT;
	struct ruleset rs;
	struct diag d;
	int i;

	(void)state;
	expect_error("version: 1\nrules: []\nrules: []\n", 3, 1,
	    "duplicate key 'rules' (first at 2:1)");
	expect_error("version: 1\nrules: &x []\n", 2, 8,
	    "anchors (&name) are not allowed in rule files");
	expect_error("version: 1\nrules: *x\n", 2, 8,
	    "aliases (*name) are not allowed in rule files");
	expect_error("version: 1\nrules: !custom []\n", 2, 8,
	    "tag '!custom' is not allowed (only the core tags !!str, !!int, "
	    "!!bool, !!null, !!map and !!seq)");
	expect_error("version: 1\nrules: []\n--- {}\n", 3, 1,
	    "more than one YAML document: a rule file holds exactly one");
	expect_error("version: 1\nrules: []\n\x01", 3, 1,
	    "control characters are not allowed (byte 0x01)");
	/* the position of the octet that breaks the sequence */
	expect_error("version: 1\nrules: [\xc3\x28]\n", 2, 10,
	    "invalid trailing UTF-8 octet");
	expect_error("version: 1\nrules:\n\t- id: x\n", 3, 1,
	    "tab character where YAML wants spaces: indent with spaces only");
	expect_error("", 1, 1, "empty rules file (expected 'version: 1' and 'rules:')");
	expect_error("# only a comment\n", 1, 1,
	    "empty rules file (expected 'version: 1' and 'rules:')");

	/* depth: the root mapping is level 1; 32 levels load, 33 do not */
	buf_puts(&b, "version: 1\nrules: []\ndescription: ");
	for (i = 0; i < 31; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 31; i++)
		buf_putc(&b, ']');
	buf_putc(&b, '\n');
	rules_init(&rs);
	assert_int_equal(load(&rs, (const char *)b.p, &d), -1);
	assert_string_equal(d.msg, "description must be a scalar, not a list");
	rules_free(&rs);
	buf_reset(&b);
	buf_puts(&b, "version: 1\nrules: []\ndescription: ");
	for (i = 0; i < 32; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 32; i++)
		buf_putc(&b, ']');
	buf_putc(&b, '\n');
	expect_error((const char *)b.p, 3, 45, "nesting deeper than 32 levels");
	buf_release(&b);
}

/* A big flat mapping: duplicate keys are found by hashing, positions exact. */
static void
test_many_keys(void **state)
{
	struct buf b = BUF_INIT;
	struct ruleset rs;
	struct diag d;
	int i;

	(void)state;
	buf_puts(&b, "version: 1\nrules: []\nvariables:\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "  v%d: x\n", i);
	rules_init(&rs);
	assert_int_equal(load(&rs, (const char *)b.p, &d), 0);
	rules_free(&rs);
	buf_puts(&b, "  v12345: again\n");
	rules_init(&rs);
	assert_int_equal(load(&rs, (const char *)b.p, &d), -1);
	assert_string_equal(d.msg, "duplicate key 'v12345' (first at 12349:3)");
	assert_int_equal(d.line, 20004);
	assert_int_equal(d.col, 3);
	rules_free(&rs);
	buf_release(&b);
}

static void
test_semantic_errors(void **state)
{
	(void)state;
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: present}\n"
	    "    changes:\n      - replace: a\n        value: x\n        values: [y]\n",
	    8, 9, "give one of 'value', 'values' and 'sid'");
	expect_error("version: 1\nrules:\n  - id: r\n    match: {\"a\\nb\": present}\n",
	    4, 13, "invalid attribute name 'a\\x0ab' (or an unknown condition)");
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: {regex: \"(\"}}\n",
	    4, 24, "invalid regex '(': Missing ')'");
	expect_error("version: 2\nrules: []\n", 1, 10,
	    "unsupported rules version 2 (this ldfix reads version 1)");
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: present}\n"
	    "  - id: r\n    match: {a: present}\n", 5, 9,
	    "duplicate rule id 'r' (first at line 3)");
}

/* Many rules: ids are checked by hashing, across files too. */
static void
test_many_rules(void **state)
{
	static const char dup[] = "version: 1\nrules:\n  - id: new\n"
	    "    match: {a: 1}\n  - id: r12345\n    match: {a: 1}\n";
	static const char fresh[] = "version: 1\nrules:\n  - id: new\n"
	    "    match: {a: 1}\n";
	struct buf b = BUF_INIT;
	struct ruleset rs;
	struct diag d;
	int i;

	(void)state;
	buf_puts(&b, "version: 1\nrules:\n");
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "  - id: r%d\n    match: {a: %d}\n", i, i);
	rules_init(&rs);
	assert_int_equal(load(&rs, (const char *)b.p, &d), 0);
	assert_int_equal(rs.nrules, 20000);
	assert_string_equal(rs.rules[19999].id, "r19999");
	assert_int_equal(rs.rules[19999].line, 3 + 2 * 19999);
	diag_clear(&d);
	assert_int_equal(rules_load_mem(&rs, "more.yaml",
	    (const unsigned char *)dup, strlen(dup), NULL, 0, &d), -1);
	assert_string_equal(d.msg, "duplicate rule id 'r12345' (first at "
	    "t.yaml:24693)");
	/* the failed file's ids are gone with it */
	assert_int_equal(rules_load_mem(&rs, "new.yaml",
	    (const unsigned char *)fresh, strlen(fresh), NULL, 0, &d), 0);
	assert_int_equal(rs.nrules, 20001);
	rules_free(&rs);
	buf_release(&b);
}

/* A failed file adds nothing: not its rules, its name or its bytes. */
static void
test_atomic_load(void **state)
{
	static const char good[] = "version: 1\nrules:\n  - id: a\n    match: {x: present}\n";
	static const char bad[] = "version: 1\nrules:\n  - id: b\n    match: {x: present}\n"
	    "  - id: c\n";
	static const char dup[] = "version: 1\nrules:\n  - id: a\n    match: {y: present}\n";
	struct ruleset rs;
	struct diag d;

	(void)state;
	rules_init(&rs);
	assert_int_equal(load(&rs, good, &d), 0);
	assert_int_equal(load(&rs, bad, &d), -1);
	assert_string_equal(d.msg, "rule 'c' has no 'match'");
	assert_int_equal(rs.nrules, 1);
	assert_int_equal(rs.nfiles, 1);
	assert_int_equal(rs.source.n, strlen(good));
	diag_clear(&d);
	assert_int_equal(rules_load_mem(&rs, "second.yaml",
	    (const unsigned char *)dup, strlen(dup), NULL, 0, &d), -1);
	assert_string_equal(d.msg, "duplicate rule id 'a' (first at t.yaml:3)");
	assert_string_equal(d.file, "second.yaml");
	assert_int_equal(rs.nrules, 1);
	/* a good second file appends, and its bytes follow the first's */
	assert_int_equal(rules_load_mem(&rs, "third.yaml",
	    (const unsigned char *)bad, strlen(bad) - strlen("  - id: c\n"),
	    NULL, 0, &d), 0);
	assert_int_equal(rs.nrules, 2);
	assert_int_equal(rs.nfiles, 2);
	assert_string_equal(rs.rules[1].id, "b");
	assert_string_equal(rs.rules[1].file, "third.yaml");
	assert_int_equal(rs.source.n, strlen(good) + strlen(bad) - 10);
	rules_free(&rs);
}

/* show(load(text)) reloads, and showing that again gives the same text. */
static void
show_fixpoint(struct ruleset *rs, struct rule_var *vars, size_t nvars)
{
	struct mem_out m1, m2;
	char *s1, *s2;
	struct ruleset again;
	struct diag d;

	rules_show(mem_out_open(&m1), rs);
	s1 = mem_out_close(&m1);
	rules_init(&again);
	diag_clear(&d);
	if (rules_load_mem(&again, "shown.yaml", (unsigned char *)s1, m1.size,
	    vars, nvars, &d) != 0)
		fail_msg("reload: %lu:%lu: %s\n%s", d.line, d.col, d.msg, s1);
	assert_int_equal(again.nrules, rs->nrules);
	rules_show(mem_out_open(&m2), &again);
	s2 = mem_out_close(&m2);
	assert_int_equal(m1.size, m2.size);
	assert_string_equal(s1, s2);
	rules_free(&again);
	free(s1);
	free(s2);
}

static void
test_show_fixpoint(void **state)
{
	static const char y[] =
	    "version: 1\n"
	    "variables: {dom: \"ex\\u00e9mple.com\"}\n"
	    "rules:\n"
	    "  - id: everything\n"
	    "    description: \"all \\\"the\\\" things \\u2014 \\\\ {x}\"\n"
	    "    match:\n"
	    "      msExchRecipientTypeDetails: 2\n"
	    "      mail: {equals: \"present\", regex: \"^[^@]+@x\\\\.com$\"}\n"
	    "      cn: \"12\"\n"
	    "      sn: {one-of: [a, -5, \"0x10\", 0x10]}\n"
	    "      userAccountControl: {bits-all: 2, bits-none: 0x10, lt: -3}\n"
	    "      \"null\": present\n"
	    "      any:\n"
	    "        - m: {sid: S-1-5-10}\n"
	    "        - m: {not-sid: [S-1-5-10, S-1-0-0], sid-equals-attr: \"null\"}\n"
	    "        - all: [{a: present}, {a: absent}]\n"
	    "        - not: {dn: {under: \"OU=A,DC=x\", not-under: [\"\", \"DC=y\"]}}\n"
	    "      o: {sid-domain-in: [S-1-5-21-1-2-3, S-1-5-32]}\n"
	    "    changes:\n"
	    "      - replace: a\n"
	    "        values: [\"{{b}}\", \"{c};{var:dom}\", \"\\0\\x01\\u0080\\ufeff\"]\n"
	    "        when: {a: {gt: 1}}\n"
	    "      - delete: \"null\"\n"
	    "      - clear-bits: f\n"
	    "        bits: 0xffffffffffffffff\n"
	    "    classify:\n"
	    "      - label: \"null\"\n"
	    "        when: {a: {sid-same-domain-as: b, sid-domain-differs-from: c}}\n"
	    "    warn:\n"
	    "      - message: \"tab-free {a} \\u00e9 \\N\\L\\P\\_\"\n"
	    "  - id: \"null\"\n"
	    "    match: {all: [{a: present}]}\n";
	struct ruleset rs;
	struct diag d;

	(void)state;
	rules_init(&rs);
	if (load(&rs, y, &d) != 0)
		fail_msg("%lu:%lu: %s", d.line, d.col, d.msg);
	show_fixpoint(&rs, NULL, 0);
	rules_free(&rs);

	rules_init(&rs);
	assert_int_equal(load(&rs, "version: 1\nrules: []\n", &d), 0);
	show_fixpoint(&rs, NULL, 0);
	rules_free(&rs);
}

static bool
listed(const struct slice *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (slice_is(list[i], name))
			return true;
	return false;
}

/* The ace test and leftover-permissions: what the AST holds, what the
 * rule reads (the leftover attributes are read, never needed). */
static void
test_ace_and_leftover(void **state)
{
	static const char y[] =
	    "version: 1\nrules:\n  - id: r\n"
	    "    match:\n"
	    "      nTSecurityDescriptor:\n"
	    "        ace: { sid-attr: msExchMasterAccountSid, mask-all: 0x100,\n"
	    "               object-type: AB721A54-1E2F-11D0-9819-00AA0040529B }\n"
	    "    leftover-permissions:\n"
	    "      - msExchMailboxSecurityDescriptor:\n"
	    "          ace: { sid: [S-1-5-10, S-1-1-0], mask-any: 0xffffffff }\n";
	static const unsigned char send_as[16] = {
		0x54, 0x1a, 0x72, 0xab, 0x2f, 0x1e, 0xd0, 0x11,
		0x98, 0x19, 0x00, 0xaa, 0x00, 0x40, 0x52, 0x9b
	};
	const struct rule *r;
	const struct cond *c;
	struct ruleset rs;
	struct diag d;

	(void)state;
	rules_init(&rs);
	if (load(&rs, y, &d) != 0)
		fail_msg("%lu:%lu: %s", d.line, d.col, d.msg);
	r = &rs.rules[0];
	c = r->match;
	assert_int_equal(c->kind, COND_ACE);
	assert_true(slice_is(c->attr, "nTSecurityDescriptor"));
	assert_true(slice_is(c->other_attr, "msExchMasterAccountSid"));
	assert_int_equal(c->nsids, 0);
	assert_int_equal(c->ace->mask_all, 0x100);
	assert_int_equal(c->ace->mask_any, 0);
	assert_true(c->ace->has_object_type);
	assert_memory_equal(c->ace->object_type, send_as, 16);
	assert_int_equal(r->nleftover, 1);
	c = r->leftover[0];
	assert_int_equal(c->kind, COND_ACE);
	assert_int_equal(c->other_attr.n, 0);
	assert_int_equal(c->nsids, 2);
	assert_int_equal(c->sids[0].n, 12);
	assert_int_equal(c->ace->mask_any, 0xffffffffu);
	assert_false(c->ace->has_object_type);
	/* the match needs the descriptor it tests on some entry; the
	 * leftover test is read, never needed */
	assert_true(listed(r->match_reads, r->nmatch_reads,
	    "nTSecurityDescriptor"));
	assert_false(listed(r->needs, r->nneeds,
	    "msExchMailboxSecurityDescriptor"));
	assert_true(listed(r->reads, r->nreads,
	    "msExchMailboxSecurityDescriptor"));
	assert_true(listed(r->reads, r->nreads, "msExchMasterAccountSid"));
	show_fixpoint(&rs, NULL, 0);
	rules_free(&rs);
	expect_error("version: 1\nrules:\n  - id: r\n    match: {a: present}\n"
	    "    leftover-permissions:\n      - {a: {ace: {sid: S-1-5-10, "
	    "mask-any: 1}}, b: present}\n", 6, 9, "a leftover-permissions "
	    "entry is one attribute's ace test: ATTR: { ace: { ... } }");
}

/* The shipped rule files load, show and reload (run from the tree's top). */
static void
test_shipped_files(void **state)
{
	static const char *const files[] = {
		"rules/linked-to-user.yaml", "rules/enable-account.yaml",
		"rules/fill-upn.yaml", "rules/linked-room-to-room.yaml",
		"rules/convert-without-master.yaml",
	};
	struct rule_var vars[] = { { "upn_suffix", "contoso.com", false } };
	struct ruleset rs, def;
	struct diag d;
	size_t i;

	(void)state;
	rules_init(&rs);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		diag_clear(&d);
		if (rules_load_file(&rs, files[i], vars, 1, &d) != 0)
			fail_msg("%s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
	}
	assert_int_equal(rs.nfiles, 5);
	assert_true(vars[0].used);
	assert_string_equal(rs.rules[0].id, "linked-mailbox-to-user-mailbox");
	show_fixpoint(&rs, NULL, 0);

	/* the built-in copy is the file */
	rules_init(&def);
	assert_int_equal(rules_load_default(&def, NULL, 0, &d), 0);
	assert_string_equal(def.files[0], "(built-in) rules/linked-to-user.yaml");
	assert_true(def.nrules >= 3);
	assert_int_equal(def.source.n, ldfix_default_rules_len);
	assert_memory_equal(def.source.p, rs.source.p, def.source.n);
	/* what Set-User changes, and nothing else: to type 2 with an
	 * account as master (not SELF or NULL: reported, not converted) */
	assert_int_equal(def.rules[0].match->kind, COND_ALL);
	assert_int_equal(def.rules[0].match->kids[0]->kind, COND_EQUALS);
	assert_int_equal(def.rules[0].match->kids[0]->vals[0].mag, 2);
	assert_int_equal(def.rules[0].nchanges, 3);
	assert_int_equal(def.rules[0].changes[0].kind, CHANGE_REPLACE);
	assert_int_equal(def.rules[0].changes[1].kind, CHANGE_DELETE_ATTR);
	assert_true(slice_is(def.rules[0].changes[1].attr, "msExchMasterAccountSid"));
	assert_int_equal(def.rules[0].changes[2].kind, CHANGE_CLEAR_BITS);
	assert_int_equal(def.rules[0].changes[2].bits, 0x40000000);
	for (i = 1; i < def.nrules; i++)
		assert_int_equal(def.rules[i].nchanges, 0);
	rules_free(&def);
	rules_free(&rs);

	rules_init(&rs);
	assert_int_equal(rules_load_file(&rs, "rules/no-such-file.yaml", NULL, 0,
	    &d), -1);
	assert_string_equal(d.file, "rules/no-such-file.yaml");
	assert_int_equal(d.line, 0);
	rules_free(&rs);
}

/*
 * The default rules on entries built here: what each kind of linked
 * mailbox gets (label, changes, warnings). Values are "attr=value" strings;
 * SIDs are given as text and stored binary, as in an export.
 */
struct run_result {
	const char *rule;
	const char *label;
	size_t applied;
	char warnings[1024];
};

static void
run_default(const struct ruleset *rs, struct entry *e, const char *const *av,
    struct run_result *out, size_t nout, size_t *nhits)
{
	struct engine_result res;
	size_t i, j;

	entry_reset(e);
	e->dn = slice_of("CN=x,OU=Linked,DC=res,DC=contoso,DC=com");
	for (i = 0; av[i] != NULL; i++) {
		const char *eq = strchr(av[i], '=');
		struct slice name = slice_mem(av[i], (size_t)(eq - av[i]));
		struct slice v = slice_of(eq + 1);
		unsigned char sid[SID_MAX_BYTES];
		size_t n;

		if (strncmp(eq + 1, "S-1-", 4) == 0) {
			assert_int_equal(sid_parse(v, sid, &n), 0);
			v = entry_intern(e, sid, n);
		}
		entry_add_value(e, name, v);
	}
	engine_result_init(&res);
	*nhits = engine_run(rs, e, &res);
	assert_true(*nhits <= nout);
	for (i = 0; i < *nhits; i++) {
		const struct engine_hit *h = &res.hits[i];

		out[i].rule = h->rule->id;
		out[i].label = h->label;
		out[i].applied = h->changes_applied;
		out[i].warnings[0] = '\0';
		for (j = 0; j < h->nwarnings; j++) {
			struct slice w = engine_warning_text(&res,
			    h->first_warning + j);

			snprintf(out[i].warnings + strlen(out[i].warnings),
			    sizeof(out[i].warnings) - strlen(out[i].warnings),
			    "%.*s|", (int)w.n, (const char *)w.p);
		}
	}
	engine_result_free(&res);
}

static bool
has_value(const struct entry *e, const char *attr, const char *v)
{
	const struct entry_attr *a = entry_get(e, slice_of(attr));

	return a != NULL && a->nvals == 1 && slice_is(a->vals[0], v);
}

#define OBJSID "objectSid=S-1-5-21-1004336348-1177238915-682003330-1163"
#define FOREIGN "msExchMasterAccountSid=S-1-5-21-3623811015-3361044348-30300820-1013"

static void
test_default_rules_behaviour(void **state)
{
	static const char *const foreign_disabled[] = {
		"msExchRecipientTypeDetails=2", "msExchRecipientDisplayType=1073741824",
		"userAccountControl=66050", OBJSID, FOREIGN,
		"userPrincipalName=jdoe@contoso.com", NULL };
	static const char *const self_enabled[] = {
		"msExchRecipientTypeDetails=2", "msExchRecipientDisplayType=1073741824",
		"userAccountControl=512", OBJSID,
		"msExchMasterAccountSid=S-1-5-21-1004336348-1177238915-682003330-1163",
		"userPrincipalName=a@b", NULL };
	static const char *const same_synced[] = {
		"msExchRecipientTypeDetails=2", "msExchRecipientDisplayType=-1073741818",
		"userAccountControl=514", OBJSID,
		"msExchMasterAccountSid=S-1-5-21-1004336348-1177238915-682003330-1500",
		"userPrincipalName=a@b", NULL };
	static const char *const self_sid_no_uac[] = {
		"msExchRecipientTypeDetails=2", "msExchRecipientDisplayType=1073741824",
		OBJSID, "msExchMasterAccountSid=S-1-5-10", NULL };
	static const char *const undefined_rdt[] = {
		"msExchRecipientTypeDetails=2", "msExchRecipientDisplayType=1073741833",
		"userAccountControl=514", FOREIGN, "userPrincipalName=a@b", NULL };
	static const char *const room[] = {
		"msExchRecipientTypeDetails=2199023255552", FOREIGN, OBJSID, NULL };
	static const char *const stray[] = {
		"msExchRecipientTypeDetails=2147483648", FOREIGN, OBJSID, NULL };
	static const char *const shared[] = {
		"msExchRecipientTypeDetails=4", "msExchMasterAccountSid=S-1-5-10", NULL };
	struct run_result r[4];
	struct ruleset rs;
	struct entry e;
	struct diag d;
	size_t n;

	(void)state;
	rules_init(&rs);
	assert_int_equal(rules_load_default(&rs, NULL, 0, &d), 0);
	entry_init(&e);

	/* a disabled account with a foreign master: all three changes */
	run_default(&rs, &e, foreign_disabled, r, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].rule, "linked-mailbox-to-user-mailbox");
	assert_string_equal(r[0].label, "foreign-domain");
	assert_int_equal(r[0].applied, 3);
	assert_string_equal(r[0].warnings, "master account "
	    "S-1-5-21-3623811015-3361044348-30300820-1013 is in another domain: "
	    "if that is a live account forest (account-resource forest), "
	    "converting breaks the owner's logon and Entra Connect's "
	    "account/resource join; convert only if that forest is gone or "
	    "will not be synced|");
	assert_true(has_value(&e, "msExchRecipientTypeDetails", "1"));
	assert_true(has_value(&e, "msExchRecipientDisplayType", "0"));
	assert_null(entry_get(&e, slice_of("msExchMasterAccountSid")));
	assert_true(has_value(&e, "userAccountControl", "66050"));

	/* an enabled account keeps the ACLable display type */
	run_default(&rs, &e, self_enabled, r, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].label, "self-linked");
	assert_int_equal(r[0].applied, 2);
	assert_string_equal(r[0].warnings, "");
	assert_true(has_value(&e, "msExchRecipientDisplayType", "1073741824"));

	/* same domain; a negative display type keeps its sign */
	run_default(&rs, &e, same_synced, r, 4, &n);
	assert_string_equal(r[0].label, "same-domain");
	assert_int_equal(r[0].applied, 3);
	assert_true(has_value(&e, "msExchRecipientDisplayType", "-2147483642"));

	/* SELF: reported by the rule for masters that are no account, and
	 * not converted */
	run_default(&rs, &e, self_sid_no_uac, r, 4, &n);
	assert_string_equal(r[0].rule, "linked-mailbox-without-account-master");
	assert_string_equal(r[0].label, "master-SELF");
	assert_int_equal(r[0].applied, 0);
	assert_true(has_value(&e, "msExchRecipientTypeDetails", "2"));
	assert_true(has_value(&e, "msExchRecipientDisplayType", "1073741824"));
	assert_string_equal(r[0].warnings, "msExchRecipientTypeDetails is 2 "
	    "(linked) but msExchMasterAccountSid is absent, SELF or NULL: "
	    "probably a shared or room mailbox with a wrong type, which the "
	    "built-in rules do not convert (rules/convert-without-master.yaml "
	    "does; a user mailbox needs a licence)|");

	/* 1073741833 without the flag is no defined value: Set-User keeps it;
	 * no objectSid: unknown, and said so */
	run_default(&rs, &e, undefined_rdt, r, 4, &n);
	assert_string_equal(r[0].label, "unknown");
	assert_true(has_value(&e, "msExchRecipientDisplayType", "1073741833"));
	assert_string_equal(r[0].warnings, "no objectSid in the export: cannot "
	    "tell whether master account "
	    "S-1-5-21-3623811015-3361044348-30300820-1013 is in this domain or "
	    "a foreign one|");

	/* look-alikes are reported and left alone */
	run_default(&rs, &e, room, r, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].rule, "linked-room-mailbox");
	assert_int_equal(r[0].applied, 0);
	run_default(&rs, &e, stray, r, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].rule, "master-sid-on-unlinked-recipient");
	assert_string_equal(r[0].label, "remote-mailbox");
	assert_int_equal(r[0].applied, 0);
	run_default(&rs, &e, shared, r, 4, &n);
	assert_int_equal(n, 0);

	entry_free(&e);
	rules_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_file),
		cmocka_unit_test(test_rule_fields),
		cmocka_unit_test(test_combinators),
		cmocka_unit_test(test_attribute_tests),
		cmocka_unit_test(test_integer_edges),
		cmocka_unit_test(test_bits_edges),
		cmocka_unit_test(test_sid_edges),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_classify_and_warn),
		cmocka_unit_test(test_strict_yaml),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_many_rules),
		cmocka_unit_test(test_semantic_errors),
		cmocka_unit_test(test_atomic_load),
		cmocka_unit_test(test_show_fixpoint),
		cmocka_unit_test(test_ace_and_leftover),
		cmocka_unit_test(test_shipped_files),
		cmocka_unit_test(test_default_rules_behaviour),
	};

	return cmocka_run_group_tests_name("rules_load", tests, NULL, NULL);
}
