/*
 * test_ldif.c: the one attribute-description check (ldif_desc_bad_at in
 * src/ldif/ldif.c) in both its modes, with the offset of the first bad
 * byte, and the promise that follows from the reader and the writer
 * sharing it: every name the reader accepts, the writer writes back.
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
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"

#include "mem_io.h"

static const struct {
	const char *name;
	size_t n;               /* 0: strlen(name) */
	long rfc, export;       /* first bad byte, -1: valid */
} cases[] = {
	{ "cn", 0, -1, -1 },
	{ "CN;lang-en-US;x-1", 0, -1, -1 },
	{ "msExchMasterAccountSid", 0, -1, -1 },
	{ "2.5.4.3", 0, -1, -1 },
	{ "1.2.840.113556.1.4.656;binary", 0, -1, -1 },
	{ "0.9", 0, -1, -1 },
	/* what directory servers export beyond RFC 4512 */
	{ "member;range=0-1499", 0, 12, -1 },
	{ "member;range=1500-*", 0, 12, -1 },
	{ "ipaAllowedToPerform;read_keys", 0, 24, -1 },
	{ "1.02.3", 0, 3, -1 },
	{ "01", 0, 1, -1 },
	/* never */
	{ "", 0, 0, 0 },
	{ "-x", 0, 0, 0 },
	{ ";x", 0, 0, 0 },
	{ "_x", 0, 0, 0 },
	{ "my_attr", 0, 2, 2 },
	{ "2abc", 0, 1, 1 },
	{ "2..5", 0, 2, 2 },
	{ "2.5.", 0, 3, 3 },
	{ ".5", 0, 0, 0 },
	{ "cn;", 0, 2, 2 },
	{ "cn;;x", 0, 2, 2 },
	{ "cn;a.b", 0, 4, 4 },
	{ "cn;a b", 0, 4, 4 },
	{ "cn ", 0, 2, 2 },
	{ "a:b", 0, 1, 1 },
	{ "cn\ndn", 0, 2, 2 },
	{ "caf\xc3\xa9", 0, 3, 3 },
	{ "c\0n", 3, 1, 1 },
	{ "cn;x\x7f", 0, 4, 4 },
	{ "#cn", 0, 0, 0 },
};

static struct slice
name_of(size_t i)
{
	return slice_mem(cases[i].name, cases[i].n ? cases[i].n :
	    strlen(cases[i].name));
}

static void
test_both_modes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct slice s = name_of(i);
		long rfc = ldif_desc_bad_at(s, LDIF_DESC_RFC);
		long exp = ldif_desc_bad_at(s, LDIF_DESC_EXPORT);

		if (rfc != cases[i].rfc || exp != cases[i].export)
			fail_msg("case %zu: RFC %ld (want %ld), export %ld "
			    "(want %ld)", i, rfc, cases[i].rfc, exp,
			    cases[i].export);
		/* Every RFC name is an export name. */
		if (rfc < 0)
			assert_true(exp < 0);
	}
}

/* Read "dn: cn=x\nNAME: v\n" and write the record back: the same line
 * (";binary" values come out base64). */
static void
assert_round_trip(struct slice name, bool binary)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	const struct ldif_record *rec;
	struct ldif_reader *r;
	struct mem_feed f;
	struct mem_out m;
	struct ldif_writer *w;
	struct diag d;
	char *out;

	buf_puts(&in, "dn: cn=x\n");
	buf_putslice(&in, name);
	buf_puts(&in, ": v\n");
	r = mem_reader(&f, "in.ldf", in.p, in.n, 0, NULL);
	diag_clear(&d);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	w = mem_out_writer(&m, "out.ldf", NULL);
	ldif_write_record(w, rec);
	out = mem_out_close(&m);
	buf_puts(&want, "dn: cn=x\n");
	buf_putslice(&want, name);
	buf_puts(&want, binary ? ":: dg==\n\n" : ": v\n\n");
	assert_string_equal(out, (const char *)want.p);
	free(out);
	ldif_reader_free(r);
	buf_release(&in);
	buf_release(&want);
}

static void
test_writer_writes_what_reader_reads(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (ldif_desc_bad_at(name_of(i), LDIF_DESC_EXPORT) < 0)
			assert_round_trip(name_of(i),
			    strstr(cases[i].name, ";binary") != NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_modes),
		cmocka_unit_test(test_writer_writes_what_reader_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
