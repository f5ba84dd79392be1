/*
 * test_ldif_reader.c: unit tests of the streaming LDIF reader: the record
 * model it fills, each error with its message and position, the limits,
 * offset and encoding, and the chunk-boundary test (the same inputs read
 * 1, 2, 3, 7 and 4096 bytes at a time give the same records). The broad
 * grammar is covered example by example in tests/spec/ldif.txt.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"

#include "mem_io.h"

/* The reader's words for an input that ends inside a line. */
#define CUT_SHORT "the input ends inside this line, with no line end: " \
	"it looks cut short, as by an interrupted export or copy; get the " \
	"whole file, or pass --allow-truncated if it is whole"

/* The default limits, and an input that ends inside a line read. */
static const struct ldif_limits takes_truncated = {
	LDIF_DEFAULT_MAX_VALUE, LDIF_DEFAULT_MAX_RECORD, true
};

/* A reader over n bytes of p, step bytes per read. */
static struct ldif_reader *
open_mem(struct mem_feed *f, const void *p, size_t n, size_t step,
    const struct ldif_limits *lim)
{
	return mem_reader(f, "t.ldif", p, n, step, lim);
}

static void
put_value(struct buf *out, struct slice s)
{
	size_t i;

	for (i = 0; i < s.n; i++) {
		if (s.p[i] < 0x20 || s.p[i] >= 0x7f || s.p[i] == '\\')
			buf_printf(out, "\\x%02x", s.p[i]);
		else
			buf_putc(out, s.p[i]);
	}
}

/* Everything in a record, one item per line. */
static void
dump(struct buf *out, const struct ldif_record *rec)
{
	size_t i;

	buf_printf(out, "%s%s@%lu:", ldif_kind_name(rec->kind),
	    rec->changetype_add ? "+ct" : "", rec->line);
	put_value(out, rec->dn);
	buf_putc(out, '\n');
	for (i = 0; i < rec->ncontrols; i++) {
		buf_printf(out, " control@%lu %d %d ", rec->controls[i].line,
		    rec->controls[i].critical, rec->controls[i].has_value);
		put_value(out, rec->controls[i].oid);
		buf_putc(out, ' ');
		put_value(out, rec->controls[i].value);
		buf_putc(out, '\n');
	}
	for (i = 0; i < rec->nmods; i++) {
		buf_printf(out, " mod@%lu %s %zu+%zu ", rec->mods[i].line,
		    ldif_mod_op_name(rec->mods[i].op), rec->mods[i].first,
		    rec->mods[i].count);
		put_value(out, rec->mods[i].attr);
		buf_putc(out, '\n');
	}
	for (i = 0; i < rec->nattrs; i++) {
		buf_printf(out, " @%lu ", rec->attrs[i].line);
		put_value(out, rec->attrs[i].name);
		buf_putc(out, '=');
		put_value(out, rec->attrs[i].value);
		buf_putc(out, '\n');
	}
	if (rec->kind == LDIF_MODDN) {
		buf_printf(out, " moddn %d %d %d ", rec->moddn_word,
		    rec->deleteoldrdn, rec->has_newsuperior);
		put_value(out, rec->newrdn);
		buf_putc(out, ' ');
		put_value(out, rec->newsuperior);
		buf_putc(out, '\n');
	}
}

/* Read everything with step-byte reads; the dump ends with the outcome. */
static void
read_all(struct buf *out, const void *p, size_t n, size_t step,
    const struct ldif_limits *lim)
{
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, p, n, step, lim);
	const struct ldif_record *rec;
	struct diag d;
	int rc;

	diag_clear(&d);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1)
		dump(out, rec);
	if (rc == 0)
		buf_printf(out, "end %s %llu\n", ldif_reader_encoding(r),
		    ldif_reader_offset(r));
	else
		buf_printf(out, "error %s:%lu:%lu: %s\n", d.file, d.line,
		    d.col, d.msg);
	ldif_reader_free(r);
}

/* The error of a whole-buffer read of s, as "LINE:COL: message". */
static const char *
error_of(const char *s, const struct ldif_limits *lim)
{
	static char line[DIAG_MSG_MAX + 64];
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, s, strlen(s), 4096, lim);
	const struct ldif_record *rec;
	struct diag d;
	int rc;

	diag_clear(&d);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1)
		;
	if (rc == 0)
		snprintf(line, sizeof(line), "no error");
	else
		snprintf(line, sizeof(line), "%lu:%lu: %s", d.line, d.col,
		    d.msg);
	/* a failed reader stays failed */
	if (rc < 0)
		assert_int_equal(ldif_reader_next(r, &rec, &d), -1);
	ldif_reader_free(r);
	return line;
}

static void
test_entry_model(void **state)
{
	static const char in[] =
	    "version: 1\n"
	    "dn: cn=Jane Doe,dc=example\n"
	    "changetype: add\n"
	    "cn: Jane Doe\n"
	    "objectSid:: AQUAAAAAAAUVAAAA\n"
	    "description:\n"
	    "member;range=0-1499: cn=x\n";
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, in, sizeof(in) - 1, 4096, NULL);
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->kind, LDIF_ENTRY);
	assert_true(rec->changetype_add);
	assert_int_equal(rec->line, 2);
	assert_int_equal(rec->dn.n, 22);
	assert_memory_equal(rec->dn.p, "cn=Jane Doe,dc=example", 22);
	assert_int_equal(rec->nattrs, 4);
	assert_int_equal(rec->nmods, 0);
	assert_int_equal(rec->ncontrols, 0);
	assert_int_equal(rec->attrs[0].line, 4);
	assert_int_equal(rec->attrs[1].value.n, 12);
	assert_memory_equal(rec->attrs[1].value.p,
	    "\x01\x05\0\0\0\0\0\x05\x15\0\0\0", 12);
	assert_int_equal(rec->attrs[2].value.n, 0);
	assert_true(slice_eq(rec->attrs[3].name,
	    slice_of("member;range=0-1499")));
	assert_true(slice_eq(ldif_attr_type(rec->attrs[3].name),
	    slice_of("member")));
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	assert_int_equal(ldif_reader_offset(r), sizeof(in) - 1);
	assert_string_equal(ldif_reader_encoding(r), "UTF-8");
	ldif_reader_free(r);
}

static void
test_modify_model(void **state)
{
	static const char in[] =
	    "dn: cn=a\n"
	    "control: 1.2.3 true:: AAE=\n"
	    "changetype: modify\n"
	    "delete: mail\n"
	    "mail: a@x\n"
	    "mail: b@x\n"
	    "-\n"
	    "replace: sn\n"
	    "-\n"
	    "add: cn\n"
	    "cn: c\n";
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, in, sizeof(in) - 1, 4096, NULL);
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->kind, LDIF_MODIFY);
	assert_int_equal(rec->ncontrols, 1);
	assert_true(rec->controls[0].critical);
	assert_true(rec->controls[0].has_value);
	assert_int_equal(rec->controls[0].value.n, 2);
	assert_memory_equal(rec->controls[0].value.p, "\0\1", 2);
	assert_int_equal(rec->controls[0].line, 2);
	assert_int_equal(rec->nmods, 3);
	assert_int_equal(rec->mods[0].op, LDIF_MOD_DELETE);
	assert_int_equal(rec->mods[0].first, 0);
	assert_int_equal(rec->mods[0].count, 2);
	assert_int_equal(rec->mods[0].line, 4);
	assert_int_equal(rec->mods[1].op, LDIF_MOD_REPLACE);
	assert_int_equal(rec->mods[1].first, 2);
	assert_int_equal(rec->mods[1].count, 0);
	assert_int_equal(rec->mods[2].op, LDIF_MOD_ADD);
	assert_int_equal(rec->mods[2].first, 2);
	assert_int_equal(rec->mods[2].count, 1);
	assert_int_equal(rec->nattrs, 3);
	assert_true(slice_eq(rec->attrs[1].value, slice_of("b@x")));
	assert_int_equal(rec->attrs[2].line, 11);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	ldif_reader_free(r);
}

static void
test_moddn_model(void **state)
{
	static const char in[] =
	    "dn: cn=a,dc=x\nchangetype: modrdn\nnewrdn: cn=b\n"
	    "deleteoldrdn: 1\nnewsuperior: dc=y\n\n"
	    "dn: cn=c,dc=x\nchangetype: moddn\nnewrdn: cn=d\n"
	    "deleteoldrdn: 0\n";
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, in, sizeof(in) - 1, 4096, NULL);
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->kind, LDIF_MODDN);
	assert_false(rec->moddn_word);
	assert_true(rec->deleteoldrdn);
	assert_true(rec->has_newsuperior);
	assert_true(slice_eq(rec->newrdn, slice_of("cn=b")));
	assert_true(slice_eq(rec->newsuperior, slice_of("dc=y")));
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_true(rec->moddn_word);
	assert_false(rec->deleteoldrdn);
	assert_false(rec->has_newsuperior);
	assert_int_equal(rec->newsuperior.n, 0);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	ldif_reader_free(r);
}

static void
test_delete_and_controls(void **state)
{
	static const char in[] =
	    "dn: cn=a\ncontrol: 1.2.840.113556.1.4.805 true\n"
	    "control: 1.2.3\nchangetype: delete\n";
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, in, sizeof(in) - 1, 4096, NULL);
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->kind, LDIF_DELETE);
	assert_int_equal(rec->ncontrols, 2);
	assert_true(slice_eq(rec->controls[0].oid,
	    slice_of("1.2.840.113556.1.4.805")));
	assert_true(rec->controls[0].critical);
	assert_false(rec->controls[0].has_value);
	assert_false(rec->controls[1].critical);
	assert_int_equal(rec->nattrs, 0);
	ldif_reader_free(r);
}

/* One error per line: input, expected "LINE:COL: message". */
static void
test_errors(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "dn: a\ncn: x\rb\n", "2:6: CR not followed by LF" },
		{ " dn: a\n", "1:1: line starts with a space but there is no "
		    "line before it to continue (a line of only spaces is "
		    "not blank)" },
		{ "dn: a\n\tcn: x\n", "2:1: line starts with a TAB; a "
		    "continuation line must start with one space" },
		{ "cn: x\n", "1:1: a record must start with \"dn:\", not "
		    "\"cn:\"" },
		{ "dn: a\ncn\n", "2:3: expected \"name: value\" but the line "
		    "has no colon" },
		{ "dn: a\n: x\n", "2:1: empty attribute name" },
		{ "dn: a\nc n: x\n", "2:2: invalid attribute description "
		    "\"c n\"" },
		{ "dn: a\ncn:: Y!==\n", "2:7: invalid base64 character '!'" },
		{ "dn: a\ncn:: YQ=\n", "2:9: base64 value is 3 characters, "
		    "not a multiple of 4 (missing \"=\" padding?)" },
		{ "dn: a\ncn:< file:///x\n", "2:4: URL values are not "
		    "supported; re-export without ldapsearch -t" },
		{ "dn: a\nchangetype: frob\n", "2:13: unknown changetype "
		    "\"frob\" (add, delete, modify, moddn or modrdn)" },
		{ "dn: a\nchangetype: modify\nadd: cn\nsn: x\n", "4:1: value "
		    "line for \"sn\" inside the mod-spec for \"cn\" (missing "
		    "\"-\" line?)" },
		{ "dn: a\nchangetype: modify\nadd: cn\n- \n", "4:2: a "
		    "mod-spec ends with a line holding only \"-\"" },
		{ "dn: a\nchangetype: modrdn\nnewrdn: b\ndeleteoldrdn: 2\n",
		    "4:15: deleteoldrdn must be 0 or 1" },
		{ "dn: a\nchangetype: delete\ncn: x\n", "3:1: unexpected line "
		    "after \"changetype: delete\" (a blank line must end the "
		    "record)" },
		{ "version: 3\n", "1:10: unsupported LDIF version \"3\" (only "
		    "1 is known)" },
		{ "dn:: gA==\n", "1:6: DN is not valid UTF-8 (byte 1 of the "
		    "value)" },
		{ "dn: a\ncn: x\0y\n", "2:6: NUL byte in a text line (binary "
		    "values must be base64, \"attr:: ...\")" },
		/* positions on a continuation line: the fold space is col 1 */
		{ "dn: a\ndescription:: YWJj\n ZGVm\n Z*==\n",
		    "4:3: invalid base64 character '*'" },
		{ "dn: a\ncn: x\ndn: b\n", "3:1: \"dn:\" inside a record (a "
		    "blank line must separate records)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mem_feed f;
		struct ldif_reader *r;
		const struct ldif_record *rec;
		struct diag d;
		char got[DIAG_MSG_MAX + 64];
		size_t n = strlen(cases[i].in);

		/* the NUL case needs its real length */
		if (strstr(cases[i].want, "NUL byte") != NULL)
			n += 3;
		r = open_mem(&f, cases[i].in, n, 4096, NULL);
		diag_clear(&d);
		while (ldif_reader_next(r, &rec, &d) == 1)
			;
		snprintf(got, sizeof(got), "%lu:%lu: %s", d.line, d.col,
		    d.msg);
		if (strcmp(got, cases[i].want) != 0)
			print_error("case %zu: %s\n", i, cases[i].in);
		assert_string_equal(got, cases[i].want);
		assert_string_equal(d.file, "t.ldif");
		ldif_reader_free(r);
	}
}

static void
test_limits(void **state)
{
	struct ldif_limits lim = { 8, 1024, false };
	struct buf big = BUF_INIT;
	size_t i;

	(void)state;
	assert_string_equal(error_of("dn: a\ncn: 12345678\n", &lim),
	    "no error");
	assert_string_equal(error_of("dn: a\ncn: 123456789\n", &lim),
	    "2:5: value is longer than 8 bytes; raise the limit with "
	    "--max-value");
	/* base64 of 9 bytes */
	assert_string_equal(error_of("dn: a\ncn:: MTIzNDU2Nzg5\n", &lim),
	    "2:6: value is longer than 8 bytes; raise the limit with "
	    "--max-value");
	/* the DN counts too */
	assert_string_equal(error_of("dn: 123456789\n", &lim),
	    "1:5: value is longer than 8 bytes; raise the limit with "
	    "--max-value");
	/* many small values: the record may hold one per 64 bytes of
	 * max_record, 16 here; the 17th is refused where it stands */
	buf_puts(&big, "dn: a\n");
	for (i = 0; i < 100; i++)
		buf_puts(&big, "cn: 1234\n");
	assert_string_equal(error_of((char *)big.p, &lim),
	    "18:1: record has more than 16 values; raise the limit with "
	    "--max-record (it allows one per 64 bytes)");
	/* so may a modify record */
	buf_reset(&big);
	buf_puts(&big, "dn: a\nchangetype: modify\nadd: cn\n");
	for (i = 0; i < 100; i++)
		buf_puts(&big, "cn: 1234\n");
	assert_string_equal(error_of((char *)big.p, &lim),
	    "20:1: record has more than 16 values; raise the limit with "
	    "--max-record (it allows one per 64 bytes)");
	/* an entry one attribute per 256 bytes: 4 here, counted whatever
	 * the order of the lines */
	assert_string_equal(error_of("dn: a\na: 1\nb: 1\na: 2\nc: 1\nb: 2\n"
	    "d: 1\nd: 2\ne: 1\n", &lim),
	    "9:1: entry has more than 4 attributes; raise the limit with "
	    "--max-record (it allows one per 256 bytes)");
	assert_string_equal(error_of("dn: a\na: 1\nB: 1\nA: 2\nC: 1\nb: 2\n"
	    "d: 1\nD: 2\nc: 2\n", &lim), "no error");
	/* big values add up to the record limit in bytes */
	{
		struct ldif_limits wide = { 512, 1024, false };

		buf_reset(&big);
		buf_puts(&big, "dn: a\n");
		for (i = 0; i < 10; i++) {
			buf_puts(&big, "cn: ");
			buf_printf(&big, "%0200zu\n", i);
		}
		assert_string_equal(error_of((char *)big.p, &wide),
		    "6:1: record is larger than 1024 bytes; raise the limit "
		    "with --max-record");
	}
	/* with --max-value above --max-record, the record bounds the line */
	{
		struct ldif_limits tall = { (size_t)1 << 30, 1024, false };

		buf_reset(&big);
		buf_puts(&big, "dn: a\ncn: ");
		for (i = 0; i < 100000; i++)
			buf_putc(&big, 'x');
		assert_string_equal(error_of((char *)big.p, &tall),
		    "2:1: line is longer than 5468 bytes; raise the limit "
		    "with --max-record");
	}
	/* lines of a lone space fold nothing in, but count */
	buf_reset(&big);
	buf_puts(&big, "dn: a\ncn: x\n");
	for (i = 0; i < 5000; i++)
		buf_puts(&big, " \n");
	assert_string_equal(error_of((char *)big.p, &lim),
	    "4115:1: line is folded into more than 4112 physical lines; "
	    "raise the limit with --max-value");
	/* an endless line stops at the line limit, not at end of memory */
	buf_reset(&big);
	buf_puts(&big, "dn: a\ncn: ");
	for (i = 0; i < 100000; i++)
		buf_putc(&big, 'x');
	assert_string_equal(error_of((char *)big.p, &lim),
	    "2:1: line is longer than 4112 bytes; raise the limit with "
	    "--max-value");
	buf_release(&big);
}

static void
test_read_error(void **state)
{
	static const char in[] = "dn: a\ncn: x\n";
	struct mem_feed f;
	struct ldif_reader *r = open_mem(&f, in, sizeof(in) - 1, 3, NULL);
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	f.fail = true;
	assert_int_equal(ldif_reader_next(r, &rec, &d), -1);
	assert_int_equal(d.line, 0);
	assert_non_null(strstr(d.msg, "read error"));
	assert_non_null(strstr(d.msg, strerror(EIO)));
	ldif_reader_free(r);
}

static void
test_file_reader(void **state)
{
	static const char in[] = "\xef\xbb\xbf" "dn: cn=f\ncn: f\n";
	FILE *fp = tmpfile();
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct diag d;

	(void)state;
	assert_non_null(fp);
	assert_int_equal(fwrite(in, 1, sizeof(in) - 1, fp), sizeof(in) - 1);
	rewind(fp);
	r = ldif_reader_new_file("f.ldif", fp, NULL);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_true(slice_eq(rec->dn, slice_of("cn=f")));
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	assert_int_equal(ldif_reader_offset(r), sizeof(in) - 1);
	ldif_reader_free(r);
	fclose(fp);
}

static void
test_utf16_encoding_and_offset(void **state)
{
	/* "dn: x\r\n" in UTF-16BE after its byte order mark */
	static const unsigned char in[] = {
		0xfe, 0xff, 0, 'd', 0, 'n', 0, ':', 0, ' ', 0, 'x', 0, '\r',
		0, '\n'
	};
	struct buf out = BUF_INIT;

	(void)state;
	read_all(&out, in, sizeof(in), 1, NULL);
	assert_string_equal((char *)out.p, "add@1:x\nend UTF-16BE 16\n");
	buf_release(&out);
}

/* A record's slices stay put while the next records are being read. */
static void
test_slices_until_next_call(void **state)
{
	struct buf in = BUF_INIT;
	struct mem_feed f;
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct diag d;
	size_t i;

	(void)state;
	/* enough values to make the arena and the arrays grow */
	buf_puts(&in, "dn: cn=grow\n");
	for (i = 0; i < 5000; i++)
		buf_printf(&in, "member: cn=member %zu,dc=example,dc=com\n", i);
	r = open_mem(&f, in.p, in.n, 7, NULL);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->nattrs, 5000);
	assert_true(slice_eq(rec->dn, slice_of("cn=grow")));
	assert_true(slice_eq(rec->attrs[0].value,
	    slice_of("cn=member 0,dc=example,dc=com")));
	assert_true(slice_eq(rec->attrs[4999].value,
	    slice_of("cn=member 4999,dc=example,dc=com")));
	assert_int_equal(rec->attrs[4999].line, 5001);
	ldif_reader_free(r);
	buf_release(&in);
}

/* Pathological inputs: a line folded 100000 times, a 10 MB value. */
static void
test_pathological(void **state)
{
	struct buf in = BUF_INIT;
	struct mem_feed f;
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct diag d;
	size_t i;

	(void)state;
	buf_puts(&in, "dn: cn=a\ndescription: x\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&in, " y\n");
	buf_puts(&in, "jpegPhoto:: ");
	for (i = 0; i < (10u << 20) / 3; i++)
		buf_puts(&in, "QUJD");
	buf_puts(&in, "\n");
	r = open_mem(&f, in.p, in.n, 65536, NULL);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_int_equal(rec->nattrs, 2);
	assert_int_equal(rec->attrs[0].value.n, 100001);
	assert_int_equal(rec->attrs[1].value.n, (10u << 20) / 3 * 3);
	assert_memory_equal(rec->attrs[1].value.p + 3000, "ABCABC", 6);
	assert_int_equal(rec->attrs[1].line, 100003);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	ldif_reader_free(r);
	buf_release(&in);
}

/*
 * The chunk-boundary test: every input read with 1, 2, 3, 7 and 4096
 * bytes per read gives exactly what one read of the whole input gives.
 * The inputs put CRLF, folds, a BOM and UTF-16 surrogates at every
 * position relative to the read boundaries.
 */
static void
test_chunk_boundaries(void **state)
{
	static const char crlf[] =
	    "\r\n\r\nversion: 1\r\n# comment\r\n folded\r\n"
	    "dn: cn=a,dc=ex\r\n ample\r\nchangetype: add\r\n"
	    "description: one\r\n  two\r\n three \r\n"
	    "objectSid:: AQUAAAAA\r\n AAUVAAAA\r\n\r\n"
	    "dn: cn=b\r\nchangetype: modify\r\nreplace: mail\r\n"
	    "mail: a\r\n-\r\ndelete: sn\r\n\r\n"
	    "dn: cn=c\r\ncontrol: 1.2.3 true: v\r\nchangetype: moddn\r\n"
	    "newrdn: cn=d\r\ndeleteoldrdn: 1\r\nnewsuperior: dc=x\r\n"
	    "\r\nsearch: 2\r\nresult: 0 Success\r\n";
	static const char mixed[] =
	    "\xef\xbb\xbf" "dn: cn=bom\ncn: a\r\n b\ncn:\n\n\n"
	    "dn: cn=last\ncn: no newline at the end";
	static const char errs[] =
	    "dn: cn=a\ncn: a\n\ndn: cn=b\ndescription:: YWJj\n ZG*m\n";
	/* UTF-16LE: "dn: é😀\r\n cn\r\n" then an attribute and a bad
	 * surrogate as the last unit */
	static const unsigned char u16[] = {
		0xff, 0xfe, 'd', 0, 'n', 0, ':', 0, ' ', 0, 0xe9, 0,
		0x3d, 0xd8, 0x00, 0xde, '\r', 0, '\n', 0, ' ', 0, 'c', 0,
		'n', 0, '\r', 0, '\n', 0, 'c', 0, 'n', 0, ':', 0, ' ', 0,
		0x34, 0x12, '\n', 0, '\n', 0, 'd', 0, 'n', 0, ':', 0, 0x00,
		0xdc
	};
	static const struct {
		const void *p;
		size_t n;
	} inputs[] = {
		{ crlf, sizeof(crlf) - 1 },
		{ mixed, sizeof(mixed) - 1 },
		{ errs, sizeof(errs) - 1 },
		{ u16, sizeof(u16) },
	};
	static const size_t steps[] = { 1, 2, 3, 7, 4096 };
	/* The default, which refuses mixed's last line, and a reader that
	 * takes it. */
	const struct ldif_limits *lims[] = { NULL, &takes_truncated };
	const size_t ninputs = sizeof(inputs) / sizeof(inputs[0]);
	size_t n, i, k, l;

	(void)state;
	for (n = 0; n < 2 * ninputs; n++) {
		struct buf whole = BUF_INIT;

		i = n % ninputs;
		l = n / ninputs;
		read_all(&whole, inputs[i].p, inputs[i].n, (size_t)-1 / 2,
		    lims[l]);
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			struct buf part = BUF_INIT;

			read_all(&part, inputs[i].p, inputs[i].n, steps[k],
			    lims[l]);
			if (!slice_eq(buf_slice(&whole), buf_slice(&part)))
				print_error("input %zu, %zu-byte reads, "
				    "limits %zu\n", i, steps[k], l);
			assert_string_equal((char *)part.p, (char *)whole.p);
			buf_release(&part);
		}
		buf_release(&whole);
	}
}

/*
 * RFC 2849 ends every line with a line end, and ldifde and ldapsearch
 * write one: an input whose last line has none was cut short (an export
 * or a copy that stopped), and what it held of its last entry is not all
 * the entry. Refused where that line ends, unless allow_truncated.
 */
static void
test_unterminated_last_line(void **state)
{
	static const unsigned char u16[] = {
		0xff, 0xfe, 'd', 0, 'n', 0, ':', 0, ' ', 0, 'x', 0, '\r', 0,
		'\n', 0, 's', 0, 'n', 0, ':', 0, ' ', 0, 'y', 0
	};
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(error_of("dn: cn=a\ncn: a", NULL),
	    "2:6: " CUT_SHORT);
	assert_string_equal(error_of("dn: cn=a\r\ncn: abc", NULL),
	    "2:8: " CUT_SHORT);
	assert_string_equal(error_of("dn: cn=a\ncn: a\n b", NULL),
	    "3:3: " CUT_SHORT);
	assert_string_equal(error_of("dn: cn=a\ncn: a\n\n# numEntries: 1",
	    NULL), "4:16: " CUT_SHORT);
	assert_string_equal(error_of("dn: cn=a\ncn: a\n\ndn: cn=b", NULL),
	    "4:9: " CUT_SHORT);
	assert_string_equal(error_of("dn", NULL), "1:3: " CUT_SHORT);
	/* A byte the line may not hold is the first thing wrong. */
	assert_string_equal(error_of("dn: cn=a\ncn: a\r", NULL),
	    "2:6: CR not followed by LF");
	/* Whole: the last line ends, with or without a blank line after. */
	assert_string_equal(error_of("dn: cn=a\ncn: a\n", NULL), "no error");
	assert_string_equal(error_of("dn: cn=a\r\ncn: a\r\n\r\n", NULL),
	    "no error");
	assert_string_equal(error_of("", NULL), "no error");
	/* Told that the file is whole. */
	assert_string_equal(error_of("dn: cn=a\ncn: a", &takes_truncated),
	    "no error");
	/* UTF-16 (ldifde -u) the same, in any size of read. */
	read_all(&out, u16, sizeof(u16), 1, NULL);
	assert_string_equal((char *)out.p, "error t.ldif:2:6: " CUT_SHORT "\n");
	buf_reset(&out);
	read_all(&out, u16, sizeof(u16), 4096, &takes_truncated);
	assert_string_equal((char *)out.p, "add@1:x\n @2 sn=y\nend UTF-16LE "
	    "26\n");
	buf_release(&out);
}

/* What the chunk-boundary inputs must give, checked once in full. */
static void
test_chunk_inputs_content(void **state)
{
	static const char mixed[] =
	    "\xef\xbb\xbf" "dn: cn=bom\ncn: a\r\n b\ncn:\n\n\n"
	    "dn: cn=last\ncn: no newline at the end";
	static const unsigned char u16[] = {
		0xff, 0xfe, 'd', 0, 'n', 0, ':', 0, ' ', 0, 0xe9, 0,
		0x3d, 0xd8, 0x00, 0xde, '\r', 0, '\n', 0, ' ', 0, 'c', 0,
		'n', 0, '\r', 0, '\n', 0, 'c', 0, 'n', 0, ':', 0, ' ', 0,
		0x34, 0x12, '\n', 0, '\n', 0, 'd', 0, 'n', 0, ':', 0, 0x00,
		0xdc
	};
	struct buf out = BUF_INIT;

	(void)state;
	read_all(&out, mixed, sizeof(mixed) - 1, 5, &takes_truncated);
	assert_string_equal((char *)out.p,
	    "add@1:cn=bom\n @2 cn=ab\n @4 cn=\n"
	    "add@7:cn=last\n @8 cn=no newline at the end\n"
	    "end UTF-8 67\n");
	buf_reset(&out);
	read_all(&out, mixed, sizeof(mixed) - 1, 5, NULL);
	assert_string_equal((char *)out.p,
	    "add@1:cn=bom\n @2 cn=ab\n @4 cn=\n"
	    "error t.ldif:8:26: " CUT_SHORT "\n");
	buf_reset(&out);
	read_all(&out, u16, sizeof(u16), 5, NULL);
	assert_string_equal((char *)out.p,
	    "add@1:\\xc3\\xa9\\xf0\\x9f\\x98\\x80cn\n"
	    " @3 cn=\\xe1\\x88\\xb4\n"
	    "error t.ldif:5:4: unpaired UTF-16 low surrogate\n");
	buf_release(&out);
}

/*
 * ldapsearch's "search:"/"result:" trailer and "ref:" references are
 * skipped up to the blank line that ends them; an entry that follows
 * without that blank line was skipped with them, silently.
 */
static void
test_trailer_does_not_swallow_entries(void **state)
{
	static const char *const texts[] = {
		"ref: ldap://dc.example/DC=x\ndn: cn=a,dc=x\ncn: a\n\n",
		"search: 2\nresult: 0 Success\ndn: cn=a,dc=x\ncn: a\n\n",
	};
	const struct ldif_record *rec;
	struct ldif_reader *r;
	struct mem_feed f;
	struct diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		r = mem_reader_text(&f, "in.ldf", texts[i]);
		diag_clear(&d);
		assert_int_equal(ldif_reader_next(r, &rec, &d), -1);
		assert_int_equal(d.line, i + 2);        /* the "dn:" line */
		ldif_reader_free(r);
	}
	/* As ldapsearch writes them they are still skipped. */
	r = mem_reader_text(&f, "in.ldf", "ref: ldap://dc.example/DC=x\n\n"
	    "dn: cn=a,dc=x\ncn: a\n\n# search result\nsearch: 2\n"
	    "result: 0 Success\n\n# numResponses: 2\n");
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	assert_true(slice_eq(rec->dn, slice_of("cn=a,dc=x")));
	assert_int_equal(ldif_reader_next(r, &rec, &d), 0);
	ldif_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_model),
		cmocka_unit_test(test_modify_model),
		cmocka_unit_test(test_moddn_model),
		cmocka_unit_test(test_delete_and_controls),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_file_reader),
		cmocka_unit_test(test_utf16_encoding_and_offset),
		cmocka_unit_test(test_slices_until_next_call),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_chunk_boundaries),
		cmocka_unit_test(test_chunk_inputs_content),
		cmocka_unit_test(test_unterminated_last_line),
		cmocka_unit_test(test_trailer_does_not_swallow_entries),
	};

	return cmocka_run_group_tests_name("ldif_reader", tests, NULL, NULL);
}
