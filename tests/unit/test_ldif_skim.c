/*
 * test_ldif_skim.c: the reader's fast path (ldif_reader_skim) reads what
 * the full reader reads: every input below is read by both, in reads of
 * 1 to 4,096 bytes and at once, with the default and with small limits
 * (which also read an input that ends inside a line),
 * completing none, all or every other partial record, and skim_same.c
 * compares them record by record and error by error. The clean exports
 * must also come back partial (the fast path is taken), and the inputs it
 * must leave to the full path must be read right.
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
#include "ldif/ldif_reader.h"

#include "mem_io.h"
#include "skim_same.h"

static const struct slice values[] = {
	{ (const unsigned char *)"msExchRecipientTypeDetails", 26 },
	{ (const unsigned char *)"sAMAccountName", 14 },
};
static const struct slice present[] = {
	{ (const unsigned char *)"nTSecurityDescriptor", 20 },
	{ (const unsigned char *)"mail", 4 },
};
static const struct ldif_skim asked = { values, 2, present, 2, false };
static const struct ldif_skim every = { NULL, 0, NULL, 0, true };

/* An export as ldifde writes one: CRLF, "changetype: add", folded base64,
 * a folded value asked for, a comment inside a record, options. */
static const char clean[] =
    "dn: CN=Alice,OU=People,DC=example,DC=com\r\n"
    "changetype: add\r\n"
    "objectClass: user\r\n"
    "sAMAccountName: ali\r\n"
    " ce\r\n"
    "# a comment\r\n"
    " that goes on\r\n"
    "mail;lang-en: alice@example.com\r\n"
    "nTSecurityDescriptor:: AQAEgBQAAAAgAAAAAAAAACwAAAABAQAAAAAABRIAAA\r\n"
    " ABAQAAAAAABRIAAAAEABwAAQAAAAACFAABAAIAAQEAAAAAAAUKAAAA\r\n"
    "objectGUID:: cXcHrtYRcTs2hQlSIb/e2w==\r\n"
    "msExchRecipientTypeDetails: 2\r\n"
    "description:\r\n"
    "\r\n"
    "dn:: Q049QsO2YixEQz1leGFtcGxlLERDPWNvbQ==\r\n"
    "MSEXCHRECIPIENTTYPEDETAILS: 1\r\n"
    "sn: B\r\n"
    "\r\n"
    "dn: CN=Carol,DC=exa\r\n"
    " mple,DC=com\r\n"
    "objectClass: user\r\n"
    "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YooIYBAA==\r\n"
    "empty::\r\n"
    "spaces:: \r\n"
    "\r\n";

/* Inputs the fast path must hand to the full path, right or wrong. */
#define S(t) { t, sizeof(t) - 1 }
static const struct { const char *p; size_t n; } odd[] = {
	/* change records, controls, keywords */
	S("dn: cn=a\nchangetype: modify\nreplace: sn\nsn: x\n-\n\n"
	    "dn: cn=b\nsn: y\n\n"),
	S("dn: cn=a\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n"),
	S("dn: cn=a\nchangetype: add\n\ndn: cn=b\nsn: y\n"),
	S("dn: cn=a\nchangetype: add \nsn: x\n"),
	S("dn: cn=a\nchangetype: \n add\nsn: x\n"),
	S("dn: cn=a\nsn: x\nchangetype: add\n"),
	S("dn: cn=a\nsn: x\ndn: cn=b\n"),
	S("dn: cn=a\nadd: x\n"),
	S("dn: cn=a\nversion: 1\n"),
	S("version: 1\n\ndn: cn=a\nsn: x\n\n"),
	S("# first\n\ndn: cn=a\nsn: x\n"),
	S("\n\n\ndn: cn=a\nsn: x\n\n\n\ndn: cn=b\nsn: y\n\n"),
	S("dn: cn=a\nsn: x\n\nsearch: 2\nresult: 0 Success\n"),
	S("dn: cn=a\nsn: x\n\nsearch: 2\nresult: 32 No such object\n"),
	/* ldapsearch's header, with no blank line before the first entry
	 * (the fast path reads it): a result must end the export */
	S("# extended LDIF\n#\ndn: cn=a\nsn: x\n\n"),
	S("# extended LDIF\ndn: cn=a\nsn: x\n\nsearch: 2\nresult: 0 OK\n"),
	S("# extended LDIF\ndn: cn=a\n\nsearch: 2\nresult: 0 OK\n\n"
	    "dn: cn=b\nsn: y\n\n"),
	/* base64, right and wrong, across folds */
	S("dn: cn=a\nnTSecurityDescriptor:: QQ==\nx:: QUE=\ny:: QUFB\n\n"),
	S("dn: cn=a\nx:: Q===\n"),
	S("dn: cn=a\nx:: QQ=\n"),
	S("dn: cn=a\nx:: QQ==QQ==\n"),
	S("dn: cn=a\nx:: QQ=\n =\n"),
	S("dn: cn=a\nx:: QQ\n ==\n"),
	S("dn: cn=a\nx:: QQ==\n \n"),
	S("dn: cn=a\nx:: QQ==\n A\n"),
	S("dn: cn=a\nx:: Q Q==\n"),
	S("dn: cn=a\nx:: QQ==\t\n"),
	S("dn: cn=a\nx:: QQ==\n\n"),
	S("dn: cn=a\nx:: \xc3\xa9QQ=\n"),
	S("dn: cn=a\nx::\n QQ==\n"),
	S("dn: cn=a\nx:\n :QQ==\n"),
	S("dn: cn=a\nsAMAccountName:\n  bob\n"),
	S("dn: cn=a\nsAMAccountName:: Ym9i\n\n"),
	S("dn: cn=a\nsAMAccountName:: Ym9\n"),
	/* names */
	S("dn: cn=a\nmsExchRecipientType\n Details: 2\n\n"),
	S("dn: cn=a\nbad_name: x\n"),
	S("dn: cn=a\n: x\n"),
	S("dn: cn=a\nnocolon\n"),
	S("dn: cn=a\nmail;x_y: a\nmail;range=0-*: b\n\n"),
	S("dn: cn=a\n1.2.840.113556.1.4.221: x\n\n"),
	S("dn: cn=a\nx:< file:///etc/passwd\n"),
	/* bytes and lines */
	S("dn: cn=a\nx: a\0b\n"),
	S("dn: cn=a\nx: a\rb\n"),
	S("dn: cn=a\nx: a\r"),
	S("dn: cn=a\n\tx: a\n"),
	S("dn: cn=a\nx: a\n\n y\n"),
	S("dn: cn=a\nx: a"),
	S("dn: cn=a\nx: a\n"),
	S("dn: cn=a\nx: a\r\n"),
	S("dn: cn=a\n# only a comment\n"),
	S("dn: cn=a"),
	S("dn:"),
	S("d"),
	S(""),
	/* DNs */
	S("dn:: Q049QcO=\n"),
	S("dn:: /w==\nsn: x\n"),
	S("dn: cn=a\n b\n c\nsn: x\n\n"),
	S("DN: cn=a\nsn: x\n\n"),
	S("dn:cn=a\nsn:x\n\n"),
	S("dn: \nsn: x\n\n"),
	S(" dn: cn=a\n"),
};
#undef S

/* Both readers over p[0..n) with step-byte reads; the fast path's count
 * of partial records. */
static size_t
agree_with(const struct ldif_skim *s, const void *p, size_t n, size_t step,
    const struct ldif_limits *lim, uint32_t complete)
{
	struct mem_feed fa, fb;
	struct ldif_reader *a = mem_reader(&fa, "t.ldif", p, n, step, lim);
	struct ldif_reader *b = mem_reader(&fb, "t.ldif", p, n, step, lim);
	struct skim_stats st;
	char why[512];
	int rc;

	rc = skim_same(a, b, s, complete, &st, why, sizeof(why));
	if (rc != 0)
		fail_msg("step %zu, %s limits, complete %#x%s: %s\n--- input:"
		    "\n%.*s", step, lim ? "small" : "default", complete,
		    s->all ? ", every line" : "", why, (int)n, (const char *)p);
	ldif_reader_free(a);
	ldif_reader_free(b);
	if (s->all && st.partial != 0)
		fail_msg("a partial record with every line asked for");
	return st.partial;
}

static size_t
agree(const void *p, size_t n, size_t step, const struct ldif_limits *lim,
    uint32_t complete)
{
	(void)agree_with(&every, p, n, step, lim, 0);
	return agree_with(&asked, p, n, step, lim, complete);
}

static const size_t steps[] = { 0, 1, 2, 3, 7, 64, 4096 };
static const uint32_t completes[] = { 0, 0xffffffffu, 0x55555555u };

/* Every way of reading p[0..n); the most partial records one gave. */
static size_t
agree_all(const void *p, size_t n)
{
	/* small limits, and a last line without a line end is read */
	struct ldif_limits small = { 64, 512, true };
	size_t i, j, most = 0, got;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		for (j = 0; j < sizeof(completes) / sizeof(completes[0]); j++) {
			got = agree(p, n, steps[i], NULL, completes[j]);
			if (got > most)
				most = got;
			(void)agree(p, n, steps[i], &small, completes[j]);
		}
	return most;
}

static void
test_clean_export(void **state)
{
	(void)state;
	/* All three entries by the fast path. */
	assert_int_equal(agree_all(clean, sizeof(clean) - 1), 3);
}

static void
test_odd_inputs(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		(void)agree_all(odd[i].p, odd[i].n);
}

/* An export in UTF-16LE, as "ldifde -u" writes it. */
static void
test_utf16(void **state)
{
	size_t i, n = sizeof(clean) - 1;
	unsigned char *u = malloc(2 * n + 2);

	(void)state;
	u[0] = 0xff;
	u[1] = 0xfe;
	/* clean is ASCII but for the base64 DN (ASCII too) */
	for (i = 0; i < n; i++) {
		u[2 + 2 * i] = (unsigned char)clean[i];
		u[3 + 2 * i] = 0;
	}
	assert_int_equal(agree_all(u, 2 * n + 2), 3);
	free(u);
}

/* Records longer than the fast path takes, and many of them, so that
 * they cross every buffer boundary. */
static void
test_long_and_many(void **state)
{
	struct buf b;
	size_t i, j;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 400; i++) {
		buf_printf(&b, "dn: CN=User%zu,DC=example,DC=com\n"
		    "sAMAccountName: u%zu\nnTSecurityDescriptor:: ", i, i);
		/* every 50th record is longer than 64 KiB */
		for (j = 0; j < (i % 50 == 7 ? 20000 : 100); j++)
			buf_puts(&b, j % 19 == 18 ? "QUFB\n " : "QUFB");
		buf_puts(&b, "\nmsExchRecipientTypeDetails: 1\n\n");
	}
	assert_true(agree(b.p, b.n, 0, NULL, 0) >= 392);
	(void)agree(b.p, b.n, 4093, NULL, 0x55555555u);
	(void)agree(b.p, b.n, 0, NULL, 0xffffffffu);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_export),
		cmocka_unit_test(test_odd_inputs),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_long_and_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
