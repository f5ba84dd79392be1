/*
 * test_review.c: regression tests for defects found in the code review:
 * each test failed before its fix. Selection that must fail closed on a
 * DN it cannot parse, value deletion with repeated values in the export,
 * change records that must not repeat a value, and comments and terminal
 * tables that must not pass on characters a terminal or an editor obeys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tasks/apply.h"
#include "base/dn.h"
#include "ldif/entry.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/changefile.h"
#include "tasks/plan.h"
#include "tasks/report.h"
#include "tasks/select.h"
#include "mem_io.h"

/* An entry with DN dn and sAMAccountName sam. */
static void
make_entry(struct entry *e, const char *dn, const char *sam)
{
	entry_init(e);
	e->dn = slice_of(dn);
	entry_add_value(e, slice_of("sAMAccountName"), slice_of(sam));
}

/*
 * "CN=Jane Doe;OU=Protected,..." is not an RFC 4514 DN, but AD and
 * OpenLDAP read ';' as an RDN separator (RFC 1779): the entry lies in
 * OU=Protected. A selection that cannot read the DN must not select it
 * past a --not-under or a --exclude DN.
 */
static void
test_unparsable_dn_fails_closed(void **state)
{
	static const char dn[] =
	    "CN=Jane Doe;OU=Protected,DC=corp,DC=example";
	struct select s;
	struct entry e;
	struct diag d;

	(void)state;
	make_entry(&e, dn, "jdoe");

	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_NOT_UNDER,
	    "OU=Protected,DC=corp,DC=example", &d), 0);
	assert_false(select_entry(&s, &e));
	select_free(&s);

	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE,
	    "CN=Jane Doe,OU=Protected,DC=corp,DC=example", &d), 0);
	assert_false(select_entry(&s, &e));
	select_free(&s);

	/* Selection by name still works on such an entry, and an exclusion
	 * by name alone does not drop entries it does not name. */
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_ONLY, "jdoe", &d), 0);
	assert_true(select_entry(&s, &e));
	select_free(&s);
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, "someone", &d), 0);
	assert_true(select_entry(&s, &e));
	select_free(&s);

	entry_free(&e);
}

/*
 * "ldfix find --format csv" writes a DN it cannot show as text (control
 * bytes) as "base64:..."; handed back with --exclude @FILE, that row must
 * exclude the entry, not become a name that matches nothing.
 */
static void
test_csv_base64_dn_selects(void **state)
{
	static const char dn[] = "CN=Jane\x01" "Doe,OU=Staff,DC=corp,DC=example";
	/* base64 of dn: no '=' padding, so it once passed for a name. */
	static const char csv[] =
	    "\"DistinguishedName\",\"SamAccountName\"\r\n"
	    "\"base64:Q049SmFuZQFEb2UsT1U9U3RhZmYsREM9Y29ycCxEQz1leGFtcGxl\","
	    "\"jdoe\"\r\n";
	char path[256], arg[260];
	const char *dir = getenv("TMPDIR");
	struct select s;
	struct entry e, other;
	struct diag d;
	FILE *fp;
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/ldfix-review-XXXXXX",
	    dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(csv, 1, sizeof(csv) - 1, fp), sizeof(csv) - 1);
	fclose(fp);
	snprintf(arg, sizeof(arg), "@%s", path);

	make_entry(&e, dn, "jane");
	make_entry(&other, "CN=Other,OU=Staff,DC=corp,DC=example", "other");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, arg, &d), 0);
	assert_false(select_entry(&s, &e));
	assert_true(select_entry(&s, &other));
	assert_int_equal(select_each_unmatched(&s, NULL, NULL), 0);
	select_free(&s);

	/* A "base64:" cell that is not base64 is an error naming the line. */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("DistinguishedName\nbase64:Q04*\n", fp);
	fclose(fp);
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, arg, &d), -1);
	assert_int_equal(d.line, 2);
	select_free(&s);

	unlink(path);
	entry_free(&e);
	entry_free(&other);
}

/*
 * AD (and slapd's caseIgnoreMatch) compare names case-insensitively beyond
 * ASCII: "OU=BÜCHER" is "OU=Bücher". A --not-under or --exclude that
 * spells a non-ASCII letter in the other case must still exclude.
 */
static void
test_non_ascii_case(void **state)
{
	struct select s;
	struct entry e;
	struct diag d;

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

	make_entry(&e, "CN=J\xc3\xbcrgen,OU=B\xc3\x9c" "CHER,DC=x",
	    "j\xc3\xbcrgen");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_NOT_UNDER,
	    "OU=B\xc3\xbc" "cher,DC=x", &d), 0);
	assert_false(select_entry(&s, &e));
	select_free(&s);
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, "J\xc3\x9cRGEN", &d), 0);
	assert_false(select_entry(&s, &e));
	select_free(&s);
	entry_free(&e);
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

/* A record whose description holds "a" twice, as a careless export may. */
static void
load_repeated(struct entry *e, struct ldif_attr *attrs)
{
	struct ldif_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.kind = LDIF_ENTRY;
	rec.dn = slice_of("CN=Jane Doe,OU=Staff,DC=corp,DC=example");
	attrs[0].name = slice_of("description");
	attrs[0].value = slice_of("a");
	attrs[1].name = slice_of("description");
	attrs[1].value = slice_of("a");
	attrs[2].name = slice_of("cn");
	attrs[2].value = slice_of("Jane Doe");
	rec.attrs = attrs;
	rec.nattrs = 3;
	entry_init(e);
	entry_load(e, &rec);
}

/* Deleting a value deletes it, however often the export listed it. */
static void
test_delete_value_removes_every_copy(void **state)
{
	struct ldif_attr attrs[3];
	struct entry e;

	(void)state;
	load_repeated(&e, attrs);
	assert_int_equal(entry_get(&e, slice_of("description"))->nvals, 2);
	assert_true(entry_delete_value(&e, slice_of("description"),
	    slice_of("a")));
	assert_null(entry_get(&e, slice_of("description")));
	assert_non_null(entry_get(&e, slice_of("cn")));
	entry_free(&e);
}

/* Occurrences of needle in the n bytes at hay. */
static size_t
count(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i, c = 0;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			c++;
	return c;
}

/* changefile_write_record for before -> after, into a string. */
static char *
change_text(const struct entry *before, const struct entry *after,
    bool replace, bool undo, size_t *len)
{
	struct diff diff;
	struct ldif_writer *w;
	struct diag d;
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);

	assert_non_null(fp);
	w = ldif_writer_new(fp, "out", NULL);
	diff_init(&diff);
	assert_int_equal(diff_compute(&diff, before, after), 1);
	changefile_write_record(w, before->dn, &diff, replace, undo);
	assert_int_equal(ldif_writer_close(w, &d), 0);
	diff_free(&diff);
	fclose(fp);
	return text;
}

/*
 * A rule that deletes "a" must produce a record that deletes it once (a
 * server refuses a mod-spec that names one value twice), and the undo must
 * add it back once; the same in replace mode.
 */
static void
test_change_never_repeats_a_value(void **state)
{
	struct ldif_attr attrs[3];
	struct entry before, after;
	char *t;
	size_t n;

	(void)state;
	load_repeated(&before, attrs);
	entry_init(&after);
	entry_copy(&after, &before);
	entry_delete_value(&after, slice_of("description"), slice_of("a"));
	entry_add_value(&after, slice_of("description"), slice_of("b"));

	t = change_text(&before, &after, false, false, &n);
	assert_int_equal(count(t, n, "delete: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(count(t, n, "description: a\n"), 1);
	assert_int_equal(count(t, n, "add: description\n"
	    "description: b\n-\n"), 1);
	free(t);

	t = change_text(&before, &after, false, true, &n);
	assert_int_equal(count(t, n, "add: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(count(t, n, "description: a\n"), 1);
	free(t);

	t = change_text(&before, &after, true, true, &n);
	assert_int_equal(count(t, n, "replace: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(count(t, n, "description: a\n"), 1);
	free(t);

	entry_free(&before);
	entry_free(&after);
}

/*
 * Entries with many attributes: every lookup still finds the right one
 * after appends, deletions, copies and resets (entry_get is indexed once
 * an entry is wide, so that a record of 100,000 attribute names is not
 * quadratic).
 */
static void
test_wide_entry_lookups(void **state)
{
	enum { N = 3000 };
	static char names[N][16];
	struct entry e, c;
	struct entry_attr *a;
	size_t i;

	(void)state;
	entry_init(&e);
	entry_init(&c);
	e.dn = slice_of("CN=Wide,DC=example");
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "attr%zu", i);
		assert_true(entry_add_value(&e, slice_of(names[i]),
		    slice_of(names[i])));
	}
	assert_int_equal(e.nattrs, N);
	/* Case-insensitive, each name once. */
	a = entry_get(&e, slice_of("ATTR1234"));
	assert_non_null(a);
	assert_true(slice_eq(a->vals[0], slice_of("attr1234")));
	assert_false(entry_add_value(&e, slice_of("Attr7"), slice_of("attr7")));
	assert_int_equal(e.nattrs, N);
	assert_null(entry_get(&e, slice_of("attr3000")));
	/* Deletions shift the array; lookups follow. */
	for (i = 0; i < N; i += 3)
		assert_true(entry_delete_attr(&e, slice_of(names[i])));
	for (i = 0; i < N; i++) {
		a = entry_get(&e, slice_of(names[i]));
		if (i % 3 == 0) {
			assert_null(a);
		} else {
			assert_non_null(a);
			assert_true(slice_eq(a->vals[0], slice_of(names[i])));
		}
	}
	/* A value deletion that empties an attribute removes it. */
	assert_true(entry_delete_value(&e, slice_of("attr1"),
	    slice_of("attr1")));
	assert_null(entry_get(&e, slice_of("attr1")));
	assert_non_null(entry_get(&e, slice_of("attr2")));
	/* Re-added names go to the end and are found. */
	assert_true(entry_add_value(&e, slice_of("attr0"), slice_of("again")));
	a = entry_get(&e, slice_of("attr0"));
	assert_non_null(a);
	assert_ptr_equal(a, &e.attrs[e.nattrs - 1]);
	/* A copy answers like its source. */
	entry_copy(&c, &e);
	for (i = 0; i < N; i++) {
		const struct entry_attr *x = entry_get(&e, slice_of(names[i]));
		const struct entry_attr *y = entry_get(&c, slice_of(names[i]));

		assert_true((x == NULL) == (y == NULL));
		if (x)
			assert_true(slice_eq(x->name, y->name) &&
			    y == &c.attrs[x - e.attrs]);
	}
	/* Reordered (apply does, through entry_order_like: only entry.c
	 * moves attributes), every lookup follows; a name the model lacks
	 * goes last. */
	{
		struct entry rev;

		entry_init(&rev);
		for (i = c.nattrs; i-- > 0;)
			entry_add_value(&rev, c.attrs[i].name, slice_of("x"));
		assert_true(entry_add_value(&c, slice_of("newcomer"),
		    slice_of("x")));
		entry_order_like(&c, &rev);
		assert_int_equal(c.nattrs, rev.nattrs + 1);
		for (i = 0; i < rev.nattrs; i++)
			assert_true(slice_eq(c.attrs[i].name, rev.attrs[i].name));
		assert_true(slice_eq(c.attrs[rev.nattrs].name,
		    slice_of("newcomer")));
		for (i = 0; i < c.nattrs; i++)
			assert_ptr_equal(entry_get(&c, c.attrs[i].name),
			    &c.attrs[i]);
		entry_free(&rev);
	}
	/* After a reset the entry is empty, and fills again. */
	entry_reset(&e);
	assert_null(entry_get(&e, slice_of("attr2")));
	for (i = 0; i < N; i++)
		entry_add_value(&e, slice_of(names[N - 1 - i]), slice_of("x"));
	assert_ptr_equal(entry_get(&e, slice_of("attr0")),
	    &e.attrs[N - 1]);
	entry_free(&e);
	entry_free(&c);
}

/* Apply the change text to the export text: the failures, and the output
 * in *out (the caller frees it). */
static void
apply_texts(const char *export, const char *changes,
    struct apply_failures *f, char **out)
{
	struct apply_changes c;
	struct mem_feed ef, cf;
	struct mem_out mo;
	struct ldif_reader *er, *cr;
	struct ldif_writer *w;
	struct diag d;

	apply_changes_init(&c);
	apply_failures_init(f);
	cr = mem_reader_text(&cf, "changes.ldf", changes);
	assert_int_equal(apply_load_changes(cr, "changes.ldf", &c, &d), 0);
	ldif_reader_free(cr);
	w = mem_out_writer(&mo, "out", NULL);
	er = mem_reader_text(&ef, "export.ldf", export);
	assert_int_equal(apply_run(&c, er, w, f, &d), 0);
	ldif_reader_free(er);
	*out = mem_out_close(&mo);
	apply_changes_free(&c);
}

/*
 * What slapd does with a value listed twice in one mod-spec or add
 * record: add and replace fail with attributeOrValueExists ("value #0
 * provided more than once"); delete succeeds, deleting the value once.
 */
static void
test_apply_repeated_values_like_slapd(void **state)
{
	static const char export[] =
	    "dn: CN=Jane,DC=example\n"
	    "cn: Jane\n"
	    "description: x\n"
	    "\n";
	struct apply_failures f;
	char *out;

	(void)state;
	apply_texts(export,
	    "dn: CN=Jane,DC=example\nchangetype: modify\n"
	    "replace: description\ndescription: a\ndescription: a\n-\n\n",
	    &f, &out);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].code, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
	assert_non_null(strstr(out, "description: x\n"));
	apply_failures_free(&f);
	free(out);

	apply_texts(export,
	    "dn: CN=Jane,DC=example\nchangetype: modify\n"
	    "add: description\ndescription: b\ndescription: b\n-\n\n",
	    &f, &out);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].code, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
	apply_failures_free(&f);
	free(out);

	apply_texts(export,
	    "dn: CN=Jane,DC=example\nchangetype: modify\n"
	    "delete: description\ndescription: x\ndescription: x\n-\n\n",
	    &f, &out);
	assert_int_equal(f.n, 0);
	assert_null(strstr(out, "description"));
	apply_failures_free(&f);
	free(out);

	/* An add record listing a value twice fails whole (slapd: 20). */
	apply_texts(export,
	    "dn: CN=New,DC=example\nchangetype: add\n"
	    "cn: New\ndescription: d\ndescription: d\n\n",
	    &f, &out);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].code, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
	assert_null(strstr(out, "CN=New"));
	apply_failures_free(&f);
	free(out);
	/* One attribute spelled two ways is one attribute, not a repeat. */
	apply_texts(export,
	    "dn: CN=New,DC=example\nchangetype: add\n"
	    "cn: New\ndescription: d\nDescription: e\n\n",
	    &f, &out);
	assert_int_equal(f.n, 0);
	assert_non_null(strstr(out, "dn: CN=New,DC=example\ncn: New\n"
	    "description: d\ndescription: e\n"));
	apply_failures_free(&f);
	free(out);

	/* A value that is not there still fails the delete. */
	apply_texts(export,
	    "dn: CN=Jane,DC=example\nchangetype: modify\n"
	    "delete: description\ndescription: y\ndescription: y\n-\n\n",
	    &f, &out);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	apply_failures_free(&f);
	free(out);
}

/* Characters that hide, move or break text on a screen although they are
 * neither ASCII controls nor line ends to an LDIF parser: a C1 CSI (which
 * xterm obeys in UTF-8), NEL, LINE SEPARATOR and a bidi override. */
static const char screen_tricks[] =
    "a\xc2\x9b" "31mb\xc2\x85" "c\xe2\x80\xa8" "d\xe2\x80\xae" "e\xe2\x81\xa6";

static bool
has_bytes(const char *hay, size_t n, const char *needle)
{
	return count(hay, n, needle) > 0;
}

static void
assert_no_screen_tricks(const char *t, size_t n)
{
	assert_false(has_bytes(t, n, "\xc2\x9b"));
	assert_false(has_bytes(t, n, "\xc2\x85"));
	assert_false(has_bytes(t, n, "\xe2\x80\xa8"));
	assert_false(has_bytes(t, n, "\xe2\x80\xae"));
	assert_false(has_bytes(t, n, "\xe2\x81\xa6"));
}

static void
test_comment_shows_screen_tricks_escaped(void **state)
{
	struct ldif_writer *w;
	struct diag d;
	char *t = NULL;
	size_t n;
	FILE *fp = open_memstream(&t, &n);

	(void)state;
	assert_non_null(fp);
	w = ldif_writer_new(fp, "out", NULL);
	ldif_write_comment(w, slice_of(screen_tricks));
	/* Ordinary non-ASCII text stays as it is. */
	ldif_write_comment(w, slice_of("J\xc3\xbcrgen M\xc3\xbcller \xe2\x82\xac"));
	assert_int_equal(ldif_writer_close(w, &d), 0);
	fclose(fp);
	assert_no_screen_tricks(t, n);
	assert_true(has_bytes(t, n, "# a\\xc2\\x9b31mb\\xc2\\x85c"));
	assert_true(has_bytes(t, n, "# J\xc3\xbcrgen M\xc3\xbcller \xe2\x82\xac\n"));
	free(t);
}

static void
test_table_shows_screen_tricks_as_base64(void **state)
{
	struct report_opts ro = { REPORT_TABLE, false };
	struct report_change ch;
	struct report_item it;
	struct report *r;
	struct entry e;
	struct slice v = slice_of(screen_tricks);
	struct diag d;
	char *t = NULL;
	size_t n;
	FILE *fp = open_memstream(&t, &n);

	(void)state;
	assert_non_null(fp);
	make_entry(&e, "CN=x\xc2\x9b" "2J,DC=example", screen_tricks);
	memset(&ch, 0, sizeof(ch));
	ch.attr = slice_of("displayName");
	ch.before = &v;
	ch.nbefore = 1;
	memset(&it, 0, sizeof(it));
	it.entry = &e;
	it.changes = &ch;
	it.nchanges = 1;
	r = report_new(fp, "table", &ro, NULL);
	report_add(r, &it);
	assert_int_equal(report_finish(r, NULL, &d), 0);
	fclose(fp);
	assert_no_screen_tricks(t, n);
	assert_true(has_bytes(t, n, "base64:Q049eMKbMkosREM9ZXhhbXBsZQ=="));
	free(t);
	entry_free(&e);
}

/*
 * A refused name stops the output. What already reached the stream must
 * end between records: "ldfix cat x | ldapmodify" applied the last,
 * truncated record (cut at the 64 KiB buffer, inside a value) before.
 */
static void
test_refusal_never_cuts_a_record(void **state)
{
	struct ldif_writer *w;
	struct diag d;
	char *t = NULL, dn[64], val[80];
	size_t n, i;
	FILE *fp = open_memstream(&t, &n);

	(void)state;
	assert_non_null(fp);
	w = ldif_writer_new(fp, "out", NULL);
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
	ldif_write_attr(w, slice_of("add"), slice_of("x"));
	ldif_write_end_record(w);
	assert_int_equal(ldif_writer_close(w, &d), -1);
	fclose(fp);
	assert_true(n > 65536);
	assert_true(n >= 2 && t[n - 1] == '\n' && t[n - 2] == '\n');
	assert_false(has_bytes(t, n, "cn=bad"));
	free(t);
}

/* A record longer than the output buffer still comes out whole. */
static void
test_long_record_whole(void **state)
{
	struct ldif_writer *w;
	struct diag d;
	char *t = NULL, val[80];
	size_t n, i, want = 0;
	FILE *fp = open_memstream(&t, &n);

	(void)state;
	assert_non_null(fp);
	w = ldif_writer_new(fp, "out", NULL);
	ldif_write_dn(w, slice_of("cn=big,dc=x"));
	want += strlen("dn: cn=big,dc=x\n");
	for (i = 0; i < 20000; i++) {
		snprintf(val, sizeof(val), "member %zu", i);
		ldif_write_attr(w, slice_of("description"), slice_of(val));
		want += strlen("description: ") + strlen(val) + 1;
	}
	ldif_write_end_record(w);
	want++;
	assert_int_equal(ldif_writer_close(w, &d), 0);
	fclose(fp);
	assert_int_equal(n, want);
	assert_true(has_bytes(t, n, "\ndescription: member 19999\n\n"));
	assert_true(has_bytes(t, n, "dn: cn=big,dc=x\ndescription: member 0\n"));
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unparsable_dn_fails_closed),
		cmocka_unit_test(test_csv_base64_dn_selects),
		cmocka_unit_test(test_non_ascii_case),
		cmocka_unit_test(test_trailer_does_not_swallow_entries),
		cmocka_unit_test(test_delete_value_removes_every_copy),
		cmocka_unit_test(test_change_never_repeats_a_value),
		cmocka_unit_test(test_wide_entry_lookups),
		cmocka_unit_test(test_apply_repeated_values_like_slapd),
		cmocka_unit_test(test_comment_shows_screen_tricks_escaped),
		cmocka_unit_test(test_table_shows_screen_tricks_as_base64),
		cmocka_unit_test(test_refusal_never_cuts_a_record),
		cmocka_unit_test(test_long_record_whole),
	};

	return cmocka_run_group_tests_name("review", tests, NULL, NULL);
}
