/*
 * test_ldif_writer.c: the LDIF writer (src/ldif_writer.c): when values go
 * base64, how lines fold, line ends, comments that cannot escape their
 * line, change records, refusals and write errors.
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
#include "ldif/ldif_writer.h"

#include "mem_io.h"

/* A writer onto a memory stream (mem_io.h); cap_done() closes it and
 * returns what it wrote, which never holds a NUL. */
static struct ldif_writer *
cap_open(struct mem_out *c, unsigned wrap, bool crlf)
{
	struct ldif_write_opts o;

	o.wrap = wrap;
	o.crlf = crlf;
	return mem_out_writer(c, "-", &o);
}

static const char *
cap_done(struct mem_out *c)
{
	const char *text = mem_out_close(c);

	assert_int_equal(strlen(text), c->size);        /* never a NUL */
	return text;
}

/* Write one attribute at the given wrap, compare the exact output. */
static void
assert_attr(unsigned wrap, const char *name, const void *value, size_t n,
    const char *want)
{
	struct mem_out c;

	ldif_write_attr(cap_open(&c, wrap, false), slice_of(name),
	    slice_mem(value, n));
	assert_string_equal(cap_done(&c), want);
	free(c.data);
}

static void
test_version(void **state)
{
	struct mem_out c;

	(void)state;
	ldif_write_version(cap_open(&c, 76, false));
	assert_string_equal(cap_done(&c), "version: 1\n\n");
	free(c.data);
}

static void
test_plain_values(void **state)
{
	(void)state;
	assert_attr(76, "cn", "John Smith", 10, "cn: John Smith\n");
	/* ':' and '<' are fine after the first byte. */
	assert_attr(76, "description", "a:b<c", 5, "description: a:b<c\n");
	assert_attr(76, "x", "~", 1, "x: ~\n");
	assert_attr(76, "member;range=0-1499", "CN=a", 4,
	    "member;range=0-1499: CN=a\n");
}

static void
test_empty_value(void **state)
{
	(void)state;
	/* RFC 2849 note 5; "attr::" would be rejected by OpenLDAP. */
	assert_attr(76, "description", "", 0, "description:\n");
	assert_attr(76, "userCertificate;binary", "", 0,
	    "userCertificate;binary:\n");
}

static void
test_unsafe_values_are_base64(void **state)
{
	(void)state;
	assert_attr(76, "sn", " Jensen ", 8, "sn:: IEplbnNlbiA=\n");
	assert_attr(76, "a", " x", 2, "a:: IHg=\n");    /* leading space */
	assert_attr(76, "a", "x ", 2, "a:: eCA=\n");    /* trailing space */
	assert_attr(76, "a", ":x", 2, "a:: Ong=\n");    /* leading ':' */
	assert_attr(76, "a", "<x", 2, "a:: PHg=\n");    /* leading '<' */
	assert_attr(76, "a", "a\0b", 3, "a:: YQBi\n");          /* NUL */
	assert_attr(76, "a", "a\rb", 3, "a:: YQ1i\n");          /* CR */
	assert_attr(76, "a", "a\nb", 3, "a:: YQpi\n");          /* LF */
	assert_attr(76, "a", "a\tb", 3, "a:: YQli\n");          /* TAB */
	assert_attr(76, "a", "a\x7f", 2, "a:: YX8=\n");         /* DEL */
	assert_attr(76, "a", "M\xc3\xbcller", 7, "a:: TcO8bGxlcg==\n");
	assert_attr(76, "a", "\xff\xfe", 2, "a:: //4=\n");      /* not UTF-8 */
	assert_attr(76, "a", " ", 1, "a:: IA==\n");
	assert_attr(76, "objectSid",
	    "\x01\x05\0\0\0\0\0\x05\x15\0\0\0\xdc\xf4\xdc\x3b\x83\x3d\x2b\x46"
	    "\x82\x8b\xa6\x28\x8b\x04\0\0", 28,
	    "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==\n");
}

static void
test_binary_option_forces_base64(void **state)
{
	(void)state;
	assert_attr(76, "userCertificate;binary", "abc", 3,
	    "userCertificate;binary:: YWJj\n");
	assert_attr(76, "x;lang-en;BINARY", "abc", 3,
	    "x;lang-en;BINARY:: YWJj\n");
	/* Only a whole option counts. */
	assert_attr(76, "x;binaryish", "abc", 3, "x;binaryish: abc\n");
	assert_attr(76, "binary", "abc", 3, "binary: abc\n");
}

static void
test_dn(void **state)
{
	struct mem_out c;
	struct ldif_writer *w;

	(void)state;
	w = cap_open(&c, 76, false);
	ldif_write_dn(w, slice_of("CN=Jane Doe,OU=Users,DC=corp,DC=example"));
	ldif_write_dn(w, slice_of("CN=M\xc3\xbcller,DC=x"));
	ldif_write_dn(w, slice_of(""));
	ldif_write_dn(w, slice_of(" CN=x"));
	assert_string_equal(cap_done(&c),
	    "dn: CN=Jane Doe,OU=Users,DC=corp,DC=example\n"
	    "dn:: Q049TcO8bGxlcixEQz14\n"
	    "dn:\n"
	    "dn:: IENOPXg=\n");
	free(c.data);
}

static void
test_fold_at_wrap_column(void **state)
{
	(void)state;
	/* Exactly wrap bytes: one line. One more: fold after wrap bytes. */
	assert_attr(10, "cn", "abcdef", 6, "cn: abcdef\n");
	assert_attr(10, "cn", "abcdefg", 7, "cn: abcdef\n g\n");
	/* Continuation lines hold wrap - 1 bytes after their space. */
	assert_attr(10, "cn", "abcdefghijklmnopqrstuvw", 23,
	    "cn: abcdef\n ghijklmno\n pqrstuvw\n");
	/* The prefix counts, but "name: " and one value byte stay together on
	 * the first line: OpenLDAP misreads a fold inside "name::". */
	assert_attr(10, "abcdefghijkl", "x", 1, "abcdefghijkl: x\n");
	assert_attr(10, "abcdefghijkl", "xyz", 3, "abcdefghijkl: x\n yz\n");
	assert_attr(10, "abcdefgh", "\xff\xff\xff", 3, "abcdefgh:: /\n ///\n");
	/* base64 folds like anything else. */
	assert_attr(10, "a", "\xff\xff\xff\xff\xff\xff", 6,
	    "a:: //////\n //\n");
	/* A short base64 line (a SID, a GUID) up to exactly wrap bytes stays
	 * one line; one byte more folds. */
	assert_attr(10, "ab", "\xff\xff\xff", 3, "ab:: ////\n");
	assert_attr(10, "abc", "\xff\xff\xff", 3, "abc:: ////\n");
	assert_attr(10, "abcd", "\xff\xff\xff", 3, "abcd:: ///\n /\n");
	assert_attr(10, "abc", "\0", 1, "abc:: AA==\n");
	/* No wrap: any length on one line, plain or base64. */
	assert_attr(0, "a", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", 9,
	    "a:: ////////////\n");
	assert_attr(0, "a", "abcdefghijklmnop", 16, "a: abcdefghijklmnop\n");
}

static void
test_fold_never_after_space(void **state)
{
	char value[16], want[25];

	(void)state;
	/* Break at column 10 would leave "cn: abcde " with a trailing space:
	 * the break moves before the space, which starts the next line. */
	assert_attr(10, "cn", "abcde fghij", 11, "cn: abcde\n  fghij\n");
	/* The space after the colon is never left at a line end either. */
	assert_attr(10, "abcdefgh", "xyz", 3, "abcdefgh: x\n yz\n");
	/* Several spaces: break before the whole run. */
	assert_attr(10, "cn", "abc   defgh", 11, "cn: abc\n    defgh\n");
	/* A run of spaces longer than a line: the line gets longer rather
	 * than ending in a space. */
	memset(value, ' ', sizeof(value));
	value[0] = 'a';
	value[15] = 'b';
	memcpy(want, "cn: a\n ", 7);
	memset(want + 7, ' ', 14);
	memcpy(want + 21, "b\n", 3);
	assert_attr(10, "cn", value, 16, want);
}

/*
 * Generic check of folded output: no physical line ends in a space, none
 * is longer than wrap, and unfolding (drop EOL + one space) gives back want.
 */
static void
assert_folds_to(const char *out, unsigned wrap, bool crlf, const char *want,
    size_t keep)
{
	struct buf logical = BUF_INIT;
	const char *p = out, *eol;
	size_t len;

	while (*p) {
		eol = strchr(p, '\n');
		assert_non_null(eol);
		len = (size_t)(eol - p);
		if (crlf) {
			assert_true(len > 0 && p[len - 1] == '\r');
			len--;
		} else {
			assert_true(len == 0 || p[len - 1] != '\r');
		}
		assert_true(len == 0 || p[len - 1] != ' ');
		if (wrap)
			assert_true(len <= (p == out && keep > wrap ?
			    keep : wrap));
		if (p != out) {
			if (*p == ' ') {
				buf_put(&logical, p + 1, len - 1);
			} else {
				buf_putc(&logical, '\n');
				buf_put(&logical, p, len);
			}
		} else {
			buf_put(&logical, p, len);
		}
		p = eol + 1;
	}
	assert_string_equal((const char *)logical.p, want);
	buf_release(&logical);
}

static void
test_fold_long_values(void **state)
{
	static const unsigned wraps[] = { 0, 3, 10, 11, 76, 78 };
	char value[1000], want[1100];
	struct mem_out c;
	struct ldif_writer *w;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(value) - 1; i++)
		value[i] = i % 7 == 3 ? ' ' : (char)('a' + i % 26);
	value[sizeof(value) - 1] = '\0';
	snprintf(want, sizeof(want), "description: %s", value);
	for (k = 0; k < sizeof(wraps) / sizeof(wraps[0]); k++) {
		w = cap_open(&c, wraps[k], k % 2 == 1);
		ldif_write_attr(w, slice_of("description"), slice_of(value));
		assert_folds_to(cap_done(&c), wraps[k], k % 2 == 1, want, 14);
		free(c.data);
	}
	/* wrap 0 never folds. */
	w = cap_open(&c, 0, false);
	ldif_write_attr(w, slice_of("description"), slice_of(value));
	assert_int_equal(strlen(cap_done(&c)), strlen(want) + 1);
	free(c.data);
}

/* Keyword lines are never folded, however narrow the wrap. */
static void
test_keyword_lines_unfolded(void **state)
{
	struct ldif_control ctl;
	struct ldif_record rec;
	struct mem_out c;
	struct ldif_writer *w;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	memset(&ctl, 0, sizeof(ctl));
	ctl.oid = slice_of("1.2.840.113556.1.4.805");
	ctl.critical = true;
	ctl.has_value = true;
	ctl.value = slice_of("some control value");
	rec.kind = LDIF_MODDN;
	rec.dn = slice_of("CN=x");
	rec.newrdn = slice_of("CN=y");
	rec.controls = &ctl;
	rec.ncontrols = 1;
	w = cap_open(&c, 10, false);
	ldif_write_version(w);
	ldif_write_changetype(w, LDIF_MODIFY);
	ldif_write_modop(w, LDIF_MOD_REPLACE,
	    slice_of("msExchRecipientTypeDetails"));
	ldif_write_record(w, &rec);
	assert_string_equal(cap_done(&c),
	    "version: 1\n\n"
	    "changetype: modify\n"
	    "replace: msExchRecipientTypeDetails\n"
	    "dn: CN=x\n"
	    "control: 1.2.840.113556.1.4.805 true: some control value\n"
	    "changetype: modrdn\n"
	    "newrdn: CN\n =y\n"          /* a value: folded */
	    "deleteoldrdn: 0\n\n");
	free(c.data);
}

static void
test_crlf(void **state)
{
	struct mem_out c;
	struct ldif_writer *w;

	(void)state;
	w = cap_open(&c, 10, true);
	ldif_write_version(w);
	ldif_write_dn(w, slice_of("CN=abcdefghij"));
	ldif_write_comment(w, slice_of("a\nb"));
	ldif_write_modend(w);
	ldif_write_attr(w, slice_of("a"), slice_of("b"));
	ldif_write_attr(w, slice_of("a"), slice_mem("\xff\xff\xff", 3));
	ldif_write_end_record(w);
	assert_string_equal(cap_done(&c),
	    "version: 1\r\n\r\n"
	    "dn: CN=abc\r\n defghij\r\n"
	    "# a\r\n# b\r\n"
	    "-\r\n"
	    "a: b\r\n"
	    "a:: ////\r\n"
	    "\r\n");
	free(c.data);
}

static void
assert_comment(const char *text, size_t n, const char *want)
{
	struct mem_out c;

	ldif_write_comment(cap_open(&c, 10, false), slice_mem(text, n));
	assert_string_equal(cap_done(&c), want);
	free(c.data);
}

static void
test_comments(void **state)
{
	(void)state;
	assert_comment("hello", 5, "# hello\n");
	assert_comment("", 0, "#\n");
	/* Not folded, even past the wrap column. */
	assert_comment("a long comment line", 19, "# a long comment line\n");
	assert_comment("a\nb", 3, "# a\n# b\n");
	assert_comment("a\r\nb", 4, "# a\n# b\n");
	assert_comment("a\rb", 3, "# a\n# b\n");
	assert_comment("a\n\nb", 4, "# a\n#\n# b\n");
	assert_comment("a\n", 2, "# a\n");      /* a final break adds nothing */
	assert_comment("\n", 1, "#\n");
	/* Trailing spaces never end a line. */
	assert_comment("a  \nb ", 6, "# a\n# b\n");
	assert_comment("   ", 3, "#\n");
	/* Valid UTF-8 stays, everything else that could confuse is escaped. */
	assert_comment("M\xc3\xbcller \xe2\x82\xac \xf0\x9f\x98\x80", 16,
	    "# M\xc3\xbcller \xe2\x82\xac \xf0\x9f\x98\x80\n");
	assert_comment("a\0b", 3, "# a\\x00b\n");
	assert_comment("\ttab\x1b[2J\x7f", 9, "# \\x09tab\\x1b[2J\\x7f\n");
	assert_comment("\xff", 1, "# \\xff\n");
	assert_comment("x\xc3", 2, "# x\\xc3\n");             /* cut sequence */
	/* An overlong NUL, a UTF-16 surrogate, beyond U+10FFFF. */
	assert_comment("\xc0\x80", 2, "# \\xc0\\x80\n");
	assert_comment("\xed\xa0\x80", 3, "# \\xed\\xa0\\x80\n");
	assert_comment("\xf4\x90\x80\x80", 4, "# \\xf4\\x90\\x80\\x80\n");
}

/* Whatever the text, every output line is a comment line. */
static void
test_comment_injection(void **state)
{
	static const char evil[] =
	    "x\ndn: CN=Administrator,CN=Users,DC=corp\nchangetype: delete\n"
	    "\r\n\rcontrol: 1.2.840.113556.1.4.805 true\n \n-\n";
	struct mem_out c;
	const char *out, *p;

	(void)state;
	ldif_write_comment(cap_open(&c, 76, false),
	    slice_mem(evil, sizeof(evil) - 1));
	out = cap_done(&c);
	for (p = out; *p; p = strchr(p, '\n') + 1)
		assert_int_equal(*p, '#');
	assert_non_null(strstr(out, "# dn: CN=Administrator"));
	free(c.data);
}

static void
test_commentf(void **state)
{
	struct mem_out c;

	(void)state;
	ldif_write_commentf(cap_open(&c, 76, false), "%d of %s\n%s", 3, "5",
	    "next");
	assert_string_equal(cap_done(&c), "# 3 of 5\n# next\n");
	free(c.data);
}

static struct ldif_attr
mkattr(const char *name, const char *value, size_t n)
{
	struct ldif_attr a;

	a.name = slice_of(name);
	a.value = slice_mem(value, n);
	a.line = 0;
	return a;
}

static void
test_modify_record(void **state)
{
	struct ldif_attr attrs[4];
	struct ldif_mod mods[3];
	struct ldif_record rec;
	struct mem_out c;

	(void)state;
	/* The value lines' names differ in case from their mod-specs. */
	attrs[0] = mkattr("MSEXCHRECIPIENTTYPEDETAILS", "2", 1);
	attrs[1] = mkattr("msexchrecipienttypedetails", "1", 1);
	attrs[2] = mkattr("x", "\x01\x01\0\0\0\0\0\x05\x0a\0\0\0", 12);
	attrs[3] = mkattr("mail", "a@b", 3);
	memset(&rec, 0, sizeof(rec));
	memset(mods, 0, sizeof(mods));
	rec.kind = LDIF_MODIFY;
	rec.dn = slice_of("CN=Jane Doe,OU=Users,DC=corp,DC=example,DC=com");
	rec.attrs = attrs;
	rec.nattrs = 4;
	mods[0].op = LDIF_MOD_DELETE;
	mods[0].attr = slice_of("msExchRecipientTypeDetails");
	mods[0].first = 0;
	mods[0].count = 1;
	mods[1].op = LDIF_MOD_ADD;
	mods[1].attr = slice_of("msExchRecipientTypeDetails");
	mods[1].first = 1;
	mods[1].count = 1;
	mods[2].op = LDIF_MOD_REPLACE;
	mods[2].attr = slice_of("msExchMasterAccountSid");
	mods[2].first = 2;
	mods[2].count = 0;      /* replace with nothing = remove */
	rec.mods = mods;
	rec.nmods = 3;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Jane Doe,OU=Users,DC=corp,DC=example,DC=com\n"
	    "changetype: modify\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "replace: msExchMasterAccountSid\n"
	    "-\n"
	    "\n");
	free(c.data);

	mods[2].count = 1;
	mods[1].op = LDIF_MOD_INCREMENT;
	ldif_write_record(cap_open(&c, 0, false), &rec);
	assert_non_null(strstr(cap_done(&c),
	    "increment: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n-\n"
	    "replace: msExchMasterAccountSid\n"
	    "msExchMasterAccountSid:: AQEAAAAAAAUKAAAA\n-\n\n"));
	free(c.data);
}

static void
test_entry_record(void **state)
{
	struct ldif_attr attrs[3];
	struct ldif_control ctl;
	struct ldif_record rec;
	struct mem_out c;

	(void)state;
	attrs[0] = mkattr("objectClass", "user", 4);
	attrs[1] = mkattr("description", "", 0);
	attrs[2] = mkattr("cn", "Jane", 4);
	memset(&rec, 0, sizeof(rec));
	rec.kind = LDIF_ENTRY;
	rec.dn = slice_of("CN=Jane,DC=x");
	rec.attrs = attrs;
	rec.nattrs = 3;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Jane,DC=x\nobjectClass: user\ndescription:\ncn: Jane\n\n");
	free(c.data);

	/* An add record (ldifde's) stays an add record (issue 10). */
	rec.changetype_add = true;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c), "dn: CN=Jane,DC=x\nchangetype: add\n"
	    "objectClass: user\ndescription:\ncn: Jane\n\n");
	free(c.data);

	/* Controls need a change record, so such an entry stays an add. */
	memset(&ctl, 0, sizeof(ctl));
	ctl.oid = slice_of("1.2.840.113556.1.4.417");
	ctl.critical = true;
	rec.controls = &ctl;
	rec.ncontrols = 1;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Jane,DC=x\ncontrol: 1.2.840.113556.1.4.417 true\n"
	    "changetype: add\nobjectClass: user\ndescription:\ncn: Jane\n\n");
	free(c.data);

	ldif_write_changetype(cap_open(&c, 76, false), LDIF_ENTRY);
	assert_string_equal(cap_done(&c), "changetype: add\n");
	free(c.data);
}

static void
test_delete_and_controls(void **state)
{
	struct ldif_control ctl[3];
	struct ldif_record rec;
	struct mem_out c;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	memset(ctl, 0, sizeof(ctl));
	ctl[0].oid = slice_of("1.2.840.113556.1.4.805");
	ctl[0].critical = true;
	ctl[1].oid = slice_of("1.2.3.4");
	ctl[1].has_value = true;
	ctl[1].value = slice_of("abc");
	ctl[2].oid = slice_of("1.2.3.5");
	ctl[2].critical = true;
	ctl[2].has_value = true;
	ctl[2].value = slice_mem("\0\x01", 2);
	rec.kind = LDIF_DELETE;
	rec.dn = slice_of("CN=Old,DC=x");
	rec.controls = ctl;
	rec.ncontrols = 3;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Old,DC=x\n"
	    "control: 1.2.840.113556.1.4.805 true\n"
	    "control: 1.2.3.4 false: abc\n"
	    "control: 1.2.3.5 true:: AAE=\n"
	    "changetype: delete\n\n");
	free(c.data);
}

static void
test_moddn_record(void **state)
{
	struct ldif_record rec;
	struct mem_out c;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.kind = LDIF_MODDN;
	rec.dn = slice_of("CN=Old,OU=A,DC=x");
	rec.newrdn = slice_of("CN=New");
	rec.deleteoldrdn = true;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Old,OU=A,DC=x\nchangetype: modrdn\nnewrdn: CN=New\n"
	    "deleteoldrdn: 1\n\n");
	free(c.data);

	rec.moddn_word = true;
	rec.deleteoldrdn = false;
	rec.newrdn = slice_of("CN=M\xc3\xbcller");
	rec.has_newsuperior = true;
	rec.newsuperior = slice_of("OU=B,DC=x");
	ldif_write_record(cap_open(&c, 76, false), &rec);
	assert_string_equal(cap_done(&c),
	    "dn: CN=Old,OU=A,DC=x\nchangetype: moddn\n"
	    "newrdn:: Q049TcO8bGxlcg==\ndeleteoldrdn: 0\n"
	    "newsuperior: OU=B,DC=x\n\n");
	free(c.data);
}

/* A name that would break the line structure is refused, sticky. */
static void
assert_refused(const char *name, size_t n, bool as_modop)
{
	struct ldif_write_opts o = { 76, false };
	struct diag d;
	struct ldif_writer *w;
	char *data = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&data, &size);

	assert_non_null(fp);
	w = ldif_writer_new(fp, "out.ldf", &o);
	ldif_write_attr(w, slice_of("cn"), slice_of("before"));
	if (as_modop)
		ldif_write_modop(w, LDIF_MOD_ADD, slice_mem(name, n));
	else
		ldif_write_attr(w, slice_mem(name, n), slice_of("x"));
	ldif_write_attr(w, slice_of("cn"), slice_of("after"));
	diag_clear(&d);
	assert_int_equal(ldif_writer_flush(w, &d), -1);
	assert_string_equal(d.file, "out.ldf");
	assert_non_null(strstr(d.msg, "refusing to write"));
	diag_clear(&d);
	assert_int_equal(ldif_writer_close(w, &d), -1);
	assert_int_equal(fclose(fp), 0);
	/* Nothing is written once output is refused, not even what was
	 * pending: the caller discards the file. */
	assert_int_equal(size, 0);
	free(data);
}

static void
test_refuses_bad_names(void **state)
{
	(void)state;
	assert_refused("cn\ndn", 5, false);
	assert_refused("cn: x\nchangetype", 16, false);
	assert_refused("a b", 3, false);
	assert_refused("a:b", 3, true);
	assert_refused("", 0, false);
	assert_refused("#cn", 3, true);
	assert_refused("c\0n", 3, false);
	assert_refused("caf\xc3\xa9", 5, false);
	/* No record can hold these (options or not): readers take them
	 * for a line of the record itself. */
	assert_refused("changetype", 10, false);
	assert_refused("ChangeType;x", 12, false);
	assert_refused("dn", 2, true);
	assert_refused("DN;lang-en", 10, false);
	assert_refused("control", 7, false);
	assert_refused("control", 7, true);
}

/*
 * The other record words are ordinary attributes inside a record (a 389-DS
 * CA export has "version: 2"; issue 10), but not the first line of a
 * content record, where a reader decides what kind of record it reads.
 */
static void
test_keywords_inside_records(void **state)
{
	static const char *const words[] = { "version", "add", "delete",
	    "replace", "increment", "moddn", "modrdn", "newrdn",
	    "deleteoldrdn", "newsuperior" };
	struct ldif_writer *w;
	struct mem_out c;
	struct diag d;
	char want[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		/* after another attribute, in an add record, as a mod-spec */
		w = cap_open(&c, 76, false);
		ldif_write_dn(w, slice_of("cn=a"));
		ldif_write_attr(w, slice_of("cn"), slice_of("a"));
		ldif_write_attr(w, slice_of(words[i]), slice_of("2"));
		ldif_write_end_record(w);
		ldif_write_dn(w, slice_of("cn=b"));
		ldif_write_changetype(w, LDIF_ENTRY);
		ldif_write_attr(w, slice_of(words[i]), slice_of("2"));
		ldif_write_end_record(w);
		ldif_write_dn(w, slice_of("cn=c"));
		ldif_write_changetype(w, LDIF_MODIFY);
		ldif_write_modop(w, LDIF_MOD_REPLACE, slice_of(words[i]));
		ldif_write_attr(w, slice_of(words[i]), slice_of("3"));
		ldif_write_modend(w);
		ldif_write_end_record(w);
		snprintf(want, sizeof(want), "dn: cn=a\ncn: a\n%s: 2\n\n"
		    "dn: cn=b\nchangetype: add\n%s: 2\n\n"
		    "dn: cn=c\nchangetype: modify\nreplace: %s\n%s: 3\n-\n\n",
		    words[i], words[i], words[i], words[i]);
		assert_string_equal(cap_done(&c), want);
		free(c.data);
		/* first in a content record: refused, unless "version" */
		w = cap_open(&c, 76, false);
		ldif_write_dn(w, slice_of("cn=d"));
		ldif_write_attr(w, slice_of(words[i]), slice_of("2"));
		ldif_write_end_record(w);
		diag_clear(&d);
		if (i == 0) {
			assert_int_equal(ldif_writer_close(w, &d), 0);
		} else {
			assert_int_equal(ldif_writer_close(w, &d), -1);
			assert_non_null(strstr(d.msg, "first line of a content "
			    "record"));
		}
		c.w = NULL;
		mem_out_close(&c);
		free(c.data);
	}
}

/* Names that merely start like keywords are fine. */
static void
test_keyword_like_names(void **state)
{
	(void)state;
	assert_attr(76, "dnsHostName", "dc01", 4, "dnsHostName: dc01\n");
	assert_attr(76, "controlAccessRights", "x", 1,
	    "controlAccessRights: x\n");
	assert_attr(76, "addressBookRoots", "x", 1, "addressBookRoots: x\n");
}

static void
test_mod_out_of_range_refused(void **state)
{
	struct ldif_attr attrs[1];
	struct ldif_mod mod;
	struct ldif_record rec;
	struct mem_out c;
	struct diag d;

	(void)state;
	attrs[0] = mkattr("cn", "x", 1);
	memset(&rec, 0, sizeof(rec));
	memset(&mod, 0, sizeof(mod));
	rec.kind = LDIF_MODIFY;
	rec.dn = slice_of("CN=x");
	rec.attrs = attrs;
	rec.nattrs = 1;
	mod.op = LDIF_MOD_ADD;
	mod.attr = slice_of("cn");
	mod.first = 0;
	mod.count = 2;
	rec.mods = &mod;
	rec.nmods = 1;
	ldif_write_record(cap_open(&c, 76, false), &rec);
	diag_clear(&d);
	assert_int_equal(ldif_writer_close(c.w, &d), -1);
	assert_non_null(strstr(d.msg, "out of range"));
	fclose(c.fp);
	free(c.data);
}

/* /dev/full fails every write with ENOSPC: reported once, at flush. */
static void
count_flush(void *ctx)
{
	(*(int *)ctx)++;
}

/* The flush hook runs after each flush that succeeds, the close's too. */
static void
test_flush_hook(void **state)
{
	struct ldif_writer *w;
	struct mem_out c;
	struct diag d;
	int flushes = 0;

	(void)state;
	w = cap_open(&c, 76, false);
	ldif_writer_on_flush(w, count_flush, &flushes);
	ldif_write_attr(w, slice_of("cn"), slice_of("a"));
	assert_int_equal(flushes, 0);
	assert_int_equal(ldif_writer_flush(w, &d), 0);
	assert_int_equal(flushes, 1);
	assert_int_equal(c.size, 6);    /* "cn: a\n" is in the stream */
	assert_string_equal(cap_done(&c), "cn: a\n");
	assert_int_equal(flushes, 2);
	free(c.data);
}

static void
test_write_error_is_sticky(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	struct ldif_writer *w;
	struct diag d;
	int i, flushes = 0;

	(void)state;
	if (fp == NULL) {
		skip();
		return;
	}
	w = ldif_writer_new(fp, "-", NULL);
	ldif_writer_on_flush(w, count_flush, &flushes);
	for (i = 0; i < 20000; i++)
		ldif_write_attr(w, slice_of("description"),
		    slice_of("some text"));
	diag_clear(&d);
	assert_int_equal(ldif_writer_flush(w, &d), -1);
	assert_string_equal(d.file, "standard output");
	assert_non_null(strstr(d.msg, "No space left on device"));
	ldif_write_attr(w, slice_of("cn"), slice_of("more"));
	diag_clear(&d);
	assert_int_equal(ldif_writer_close(w, &d), -1);
	assert_non_null(strstr(d.msg, "cannot write"));
	assert_int_equal(flushes, 0);   /* no hook after a failed flush */
	fclose(fp);
	/* Closing NULL is a no-op; a NULL diag is allowed. */
	assert_int_equal(ldif_writer_close(NULL, NULL), 0);
}

/* More output than the internal buffer, and one value bigger than it. */
static void
test_large_output(void **state)
{
	struct buf want = BUF_INIT, big = BUF_INIT;
	struct mem_out c;
	struct ldif_writer *w;
	int i;

	(void)state;
	w = cap_open(&c, 0, false);
	for (i = 0; i < 30000; i++) {
		char v[32];

		snprintf(v, sizeof(v), "value %d", i);
		ldif_write_attr(w, slice_of("description"), slice_of(v));
		buf_printf(&want, "description: %s\n", v);
	}
	for (i = 0; i < 300000; i++)
		buf_putc(&big, 'a' + i % 26);
	ldif_write_attr(w, slice_of("info"), buf_slice(&big));
	buf_puts(&want, "info: ");
	buf_putslice(&want, buf_slice(&big));
	buf_putc(&want, '\n');
	assert_string_equal(cap_done(&c), (const char *)want.p);
	free(c.data);
	buf_release(&want);
	buf_release(&big);
}

/* Without options: wrap 76, LF. */
static void
test_default_options(void **state)
{
	struct mem_out m;
	char *data;
	size_t size, i;
	char value[100], want[110];

	(void)state;
	for (i = 0; i < sizeof(value) - 1; i++)
		value[i] = 'x';
	value[sizeof(value) - 1] = '\0';
	ldif_write_attr(mem_out_writer(&m, "-", NULL), slice_of("cn"),
	    slice_of(value));
	data = mem_out_close(&m);
	size = m.size;
	assert_int_equal(strchr(data, '\n') - data, LDIF_DEFAULT_WRAP);
	assert_null(strchr(data, '\r'));
	assert_int_equal(size, 4 + 99 + 1 + 1 + 1);
	snprintf(want, sizeof(want), "cn: %s", value);
	assert_folds_to(data, LDIF_DEFAULT_WRAP, false, want, 5);
	free(data);
}

/* A comment shows the screen tricks (mem_io.h) escaped, as \xHH. */
static void
test_comment_shows_screen_tricks_escaped(void **state)
{
	struct mem_out m;
	struct ldif_writer *w = mem_out_writer(&m, "out", NULL);
	char *t;
	size_t n;

	(void)state;
	ldif_write_comment(w, slice_of(mem_screen_tricks));
	/* Ordinary non-ASCII text stays as it is. */
	ldif_write_comment(w, slice_of("J\xc3\xbcrgen M\xc3\xbcller \xe2\x82\xac"));
	t = mem_out_close(&m);
	n = m.size;
	mem_assert_no_screen_tricks(t, n);
	assert_true(mem_count(t, n, "# a\\xc2\\x9b31mb\\xc2\\x85c") > 0);
	assert_true(mem_count(t, n, "# J\xc3\xbcrgen M\xc3\xbcller \xe2\x82\xac\n") > 0);
	free(t);
}

/*
 * A refused name stops the output. What already reached the stream must
 * end between records: "ldfix cat x | ldapmodify" applied the last,
 * truncated record (cut at the 64 KiB buffer, inside a value) before.
 */
static void
test_refusal_never_cuts_a_record(void **state)
{
	struct mem_out m;
	struct ldif_writer *w;
	struct diag d;
	char *t, dn[64], val[80];
	size_t n, i;

	(void)state;
	/* The writer is closed by hand: its close must fail. */
	w = ldif_writer_new(mem_out_open(&m), "out", NULL);
	ldif_write_version(w);
	for (i = 0; i < 3000; i++) {
		snprintf(dn, sizeof(dn), "cn=u%zu,dc=x", i);
		ldif_write_dn(w, slice_of(dn));
		ldif_write_attr(w, slice_of("description"),
		    slice_of("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"));
		ldif_write_end_record(w);
	}
	ldif_write_dn(w, slice_of("cn=bad,dc=x"));
	for (i = 0; i < 3000; i++) {
		snprintf(val, sizeof(val), "value %zu of a long record", i);
		ldif_write_attr(w, slice_of("description"), slice_of(val));
	}
	ldif_write_attr(w, slice_of("control"), slice_of("x"));
	ldif_write_end_record(w);
	assert_int_equal(ldif_writer_close(w, &d), -1);
	t = mem_out_close(&m);
	n = m.size;
	assert_true(n > 65536);
	assert_true(n >= 2 && t[n - 1] == '\n' && t[n - 2] == '\n');
	assert_int_equal(mem_count(t, n, "cn=bad"), 0);
	free(t);
}

/* A record longer than the output buffer still comes out whole. */
static void
test_long_record_whole(void **state)
{
	struct mem_out m;
	struct ldif_writer *w = mem_out_writer(&m, "out", NULL);
	char *t, val[80];
	size_t n, i, want = 0;

	(void)state;
	ldif_write_dn(w, slice_of("cn=big,dc=x"));
	want += strlen("dn: cn=big,dc=x\n");
	for (i = 0; i < 20000; i++) {
		snprintf(val, sizeof(val), "member %zu", i);
		ldif_write_attr(w, slice_of("description"), slice_of(val));
		want += strlen("description: ") + strlen(val) + 1;
	}
	ldif_write_end_record(w);
	want++;
	t = mem_out_close(&m);
	n = m.size;
	assert_int_equal(n, want);
	assert_true(mem_count(t, n, "\ndescription: member 19999\n\n") > 0);
	assert_true(mem_count(t, n, "dn: cn=big,dc=x\ndescription: member 0\n") > 0);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_plain_values),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_unsafe_values_are_base64),
		cmocka_unit_test(test_binary_option_forces_base64),
		cmocka_unit_test(test_dn),
		cmocka_unit_test(test_fold_at_wrap_column),
		cmocka_unit_test(test_fold_never_after_space),
		cmocka_unit_test(test_fold_long_values),
		cmocka_unit_test(test_keyword_lines_unfolded),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_comment_injection),
		cmocka_unit_test(test_commentf),
		cmocka_unit_test(test_modify_record),
		cmocka_unit_test(test_entry_record),
		cmocka_unit_test(test_delete_and_controls),
		cmocka_unit_test(test_moddn_record),
		cmocka_unit_test(test_refuses_bad_names),
		cmocka_unit_test(test_keyword_like_names),
		cmocka_unit_test(test_keywords_inside_records),
		cmocka_unit_test(test_mod_out_of_range_refused),
		cmocka_unit_test(test_flush_hook),
		cmocka_unit_test(test_write_error_is_sticky),
		cmocka_unit_test(test_large_output),
		cmocka_unit_test(test_default_options),
		cmocka_unit_test(test_comment_shows_screen_tricks_escaped),
		cmocka_unit_test(test_refusal_never_cuts_a_record),
		cmocka_unit_test(test_long_record_whole),
	};

	return cmocka_run_group_tests_name("ldif_writer", tests, NULL, NULL);
}
