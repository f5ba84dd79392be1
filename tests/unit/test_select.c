/*
 * test_select.c: selection by DN, sAMAccountName, list file, reviewed CSV,
 * subtree, the report of selectors that matched nothing, and the CSV
 * reader on its own.
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

#include "ldif/entry.h"
#include "tasks/csv.h"
#include "tasks/select.h"

static void
make(struct entry *e, const char *dn, const char *sam)
{
	entry_init(e);
	e->dn = slice_of(dn);
	entry_add_value(e, slice_of("cn"), slice_of("x"));
	if (sam)
		entry_add_value(e, slice_of("sAMAccountName"), slice_of(sam));
}

/* Write text to a fresh temporary file; the caller unlinks path. */
static void
temp_file(char *path, size_t size, const char *text, size_t n)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/ldfix-select-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

static void
test_dn_and_name(void **state)
{
	struct select s;
	struct entry jane, john, other;
	struct diag d;

	(void)state;
	make(&jane, "CN=Jane Doe,OU=Staff,DC=corp,DC=example", "jdoe");
	make(&john, "CN=John Roe,OU=Staff,DC=corp,DC=example", "JRoe");
	make(&other, "CN=Other,OU=Staff,DC=corp,DC=example", "other");
	select_init(&s);
	assert_false(select_active(&s));
	assert_true(select_entry(&s, &other));
	/* DN compared normalized: case and spaces after commas differ. */
	assert_int_equal(select_add(&s, SELECT_ONLY,
	    "cn=jane doe, ou=staff,dc=CORP,dc=example", &d), 0);
	assert_int_equal(select_add(&s, SELECT_ONLY, "jroe", &d), 0);
	assert_true(select_active(&s));
	assert_true(select_entry(&s, &jane));
	assert_true(select_entry(&s, &john));
	assert_false(select_entry(&s, &other));
	assert_int_equal(select_each_unmatched(&s, NULL, NULL), 0);
	select_free(&s);
	entry_free(&jane);
	entry_free(&john);
	entry_free(&other);
}

static void
test_exclude_wins(void **state)
{
	struct select s;
	struct entry jane, john;
	struct diag d;

	(void)state;
	make(&jane, "CN=Jane Doe,OU=Staff,DC=corp,DC=example", "jdoe");
	make(&john, "CN=John Roe,OU=Staff,DC=corp,DC=example", "jroe");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, "JDOE", &d), 0);
	assert_false(select_entry(&s, &jane));
	assert_true(select_entry(&s, &john));
	assert_int_equal(select_add(&s, SELECT_ONLY, "jdoe", &d), 0);
	assert_false(select_entry(&s, &jane));
	select_free(&s);
	entry_free(&jane);
	entry_free(&john);
}

static void
test_under_not_under(void **state)
{
	struct select s;
	struct entry staff, svc, root;
	struct diag d;

	(void)state;
	make(&staff, "CN=Jane,OU=Staff,DC=corp,DC=example", NULL);
	make(&svc, "CN=Svc,OU=Service,OU=Staff,DC=corp,DC=example", NULL);
	make(&root, "CN=Admin,DC=corp,DC=example", NULL);
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_UNDER, "ou=staff,dc=corp,dc=example", &d), 0);
	assert_int_equal(select_add(&s, SELECT_NOT_UNDER,
	    "OU=Service,OU=Staff,DC=corp,DC=example", &d), 0);
	assert_int_equal(select_add(&s, SELECT_UNDER, "OU=Nowhere,DC=corp,DC=example", &d), 0);
	assert_true(select_entry(&s, &staff));
	assert_false(select_entry(&s, &svc));
	assert_false(select_entry(&s, &root));
	/* The subtree that holds nothing is the one reported. */
	assert_int_equal(select_each_unmatched(&s, NULL, NULL), 1);
	assert_int_equal(s.items[2].matches, 0);
	select_free(&s);
	entry_free(&staff);
	entry_free(&svc);
	entry_free(&root);
}

struct seen {
	char names[4][64];
	unsigned long lines[4];
	int n;
};

static void
collect(void *ctx, const struct select_item *it)
{
	struct seen *seen = ctx;

	if (seen->n < 4) {
		snprintf(seen->names[seen->n], sizeof(seen->names[0]), "%.*s",
		    (int)it->text.n, (const char *)it->text.p);
		seen->lines[seen->n] = it->line;
	}
	seen->n++;
}

/* A list file: BOM, CRLF, blank and comment lines, names and DNs; the
 * names that match nothing come back with their line, once each. */
static void
test_list_file(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBF# reviewed 2026-11-27\r\n"
	    "jdoe\r\n"
	    "\r\n"
	    "  CN=John Roe,OU=Staff,DC=corp,DC=example  \r\n"
	    "typo\r\n"
	    "typo\r\n";
	char path[512], arg[520];
	struct select s;
	struct entry jane, john;
	struct seen seen = { { "" }, { 0 }, 0 };
	struct diag d;

	(void)state;
	temp_file(path, sizeof(path), text, sizeof(text) - 1);
	snprintf(arg, sizeof(arg), "@%s", path);
	make(&jane, "CN=Jane Doe,OU=Staff,DC=corp,DC=example", "jdoe");
	make(&john, "CN=John Roe,OU=Staff,DC=corp,DC=example", "jroe");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_ONLY, arg, &d), 0);
	assert_int_equal(s.nitems, 4);
	assert_true(select_entry(&s, &jane));
	assert_true(select_entry(&s, &john));
	assert_int_equal(select_each_unmatched(&s, collect, &seen), 1);
	assert_string_equal(seen.names[0], "typo");
	assert_int_equal(seen.lines[0], 5);
	select_free(&s);
	entry_free(&jane);
	entry_free(&john);
	unlink(path);
}

/* The CSV "find" writes, edited in Excel: BOM, CRLF, the DN column not
 * first, quoted fields with commas, doubled quotes and line breaks, and a
 * DN repeated on several rows (one row per attribute). */
static void
test_reviewed_csv(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBF\"SamAccountName\",\"DistinguishedName\",\"OldValue\"\r\n"
	    "\"jdoe\",\"CN=Doe\\, Jane,OU=Staff,DC=corp,DC=example\",\"2\"\r\n"
	    "\"jdoe\",\"CN=Doe\\, Jane,OU=Staff,DC=corp,DC=example\",\"a \"\"quoted\"\"\r\nline\"\r\n"
	    "\"gone\",\"CN=Gone,OU=Staff,DC=corp,DC=example\",\"\"\r\n";
	char path[512], arg[520];
	struct select s;
	struct entry jane, jroe;
	struct seen seen = { { "" }, { 0 }, 0 };
	struct diag d;

	(void)state;
	temp_file(path, sizeof(path), text, sizeof(text) - 1);
	snprintf(arg, sizeof(arg), "@%s", path);
	make(&jane, "CN=Doe\\, Jane,OU=Staff,DC=corp,DC=example", "jdoe");
	/* jroe's name is in no DistinguishedName cell: not selected. */
	make(&jroe, "CN=John Roe,OU=Staff,DC=corp,DC=example", "jroe");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_ONLY, arg, &d), 0);
	assert_int_equal(s.nitems, 3);
	assert_int_equal(s.items[0].by, SELECT_BY_DN);
	assert_true(select_entry(&s, &jane));
	assert_false(select_entry(&s, &jroe));
	assert_int_equal(select_each_unmatched(&s, collect, &seen), 1);
	assert_string_equal(seen.names[0], "CN=Gone,OU=Staff,DC=corp,DC=example");
	assert_int_equal(seen.lines[0], 5);
	select_free(&s);
	entry_free(&jane);
	entry_free(&jroe);
	unlink(path);
}

static void
test_errors(void **state)
{
	static const char bad_dn[] = "jdoe\nCN=ok,DC=x\nCN=broken,=x\n";
	char path[512], arg[520];
	struct select s;
	struct diag d;

	(void)state;
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_ONLY, "@/nonexistent/ldfix-list", &d), -1);
	assert_non_null(strstr(d.msg, "cannot open"));
	assert_int_equal(select_add(&s, SELECT_UNDER, "not a dn", &d), -1);
	assert_non_null(strstr(d.msg, "--under"));
	assert_int_equal(select_add(&s, SELECT_ONLY, "", &d), -1);
	temp_file(path, sizeof(path), bad_dn, sizeof(bad_dn) - 1);
	snprintf(arg, sizeof(arg), "@%s", path);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, arg, &d), -1);
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "not a valid DN"));
	select_free(&s);
	unlink(path);
}

static void
test_csv_reader(void **state)
{
	static const char text[] =
	    "a,\"b,c\",\"d\"\"e\"\n"
	    "\"multi\r\nline\",,last\r\n"
	    "plain\r\n"
	    "\"x\"y\n";
	struct slice t = slice_mem(text, sizeof(text) - 1);
	struct csv_row row;
	size_t pos = 0, err = 0;

	(void)state;
	csv_row_init(&row);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 3);
	assert_true(slice_eq(row.fields[0], slice_of("a")));
	assert_true(slice_eq(row.fields[1], slice_of("b,c")));
	assert_true(slice_eq(row.fields[2], slice_of("d\"e")));
	assert_int_equal(row.line, 1);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 3);
	assert_true(slice_eq(row.fields[0], slice_of("multi\r\nline")));
	assert_int_equal(row.fields[1].n, 0);
	assert_true(slice_eq(row.fields[2], slice_of("last")));
	assert_int_equal(row.line, 2);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 1);
	assert_true(slice_eq(row.fields[0], slice_of("plain")));
	assert_int_equal(row.line, 4);
	/* Text after a closing quote is an error at that byte. */
	assert_int_equal(csv_next(t, &pos, &row, &err), -1);
	assert_int_equal(text[err], 'y');
	pos = 0;
	assert_int_equal(csv_next(slice_of("\"open"), &pos, &row, &err), -1);
	pos = 0;
	assert_int_equal(csv_next(slice_of(""), &pos, &row, &err), 0);
	/* A trailing comma is one more, empty, field. */
	pos = 0;
	assert_int_equal(csv_next(slice_of("a,"), &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 2);
	assert_int_equal(row.fields[1].n, 0);
	assert_int_equal(csv_next(slice_of("a,"), &pos, &row, &err), 0);
	/* A CR that ends a field is data unless a line end follows it; an
	 * empty last field must not take it from the field before (its
	 * length wrapped to SIZE_MAX: fuzz_names found it). */
	pos = 0;
	assert_int_equal(csv_next(slice_of("a\r,\nb"), &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 2);
	assert_true(slice_eq(row.fields[0], slice_of("a\r")));
	assert_int_equal(row.fields[1].n, 0);
	csv_row_free(&row);
}

/* Random text over the bytes that matter: csv_next always advances,
 * never reads past the end (ASan and valgrind watch) and ends. */
static void
test_csv_reader_random(void **state)
{
	static const char alphabet[] = "a,\"\r\n";
	unsigned long seed = 12345;
	struct csv_row row;
	char text[64];
	int round;

	(void)state;
	csv_row_init(&row);
	for (round = 0; round < 20000; round++) {
		size_t n, i, pos = 0, err, last;
		int rc;

		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		n = (size_t)(seed >> 33) % sizeof(text);
		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ul +
			    1442695040888963407ul;
			text[i] = alphabet[(seed >> 33) % 5];
		}
		/* An exact-size copy, so reading past it is caught. */
		{
			char *copy = malloc(n ? n : 1);
			struct slice t;

			assert_non_null(copy);
			memcpy(copy, text, n);
			t = slice_mem(copy, n);
			do {
				last = pos;
				rc = csv_next(t, &pos, &row, &err);
				if (rc == 1) {
					assert_true(pos > last);
					assert_true(row.store.n <= n);
				}
				if (rc < 0)
					assert_true(err <= n);
			} while (rc == 1);
			free(copy);
		}
		row.next_line = 1;
	}
	csv_row_free(&row);
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
	make(&e, dn, "jdoe");

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
	static const char bad[] = "DistinguishedName\nbase64:Q04*\n";
	char path[512], arg[520];
	struct select s;
	struct entry e, other;
	struct diag d;

	(void)state;
	temp_file(path, sizeof(path), csv, sizeof(csv) - 1);
	snprintf(arg, sizeof(arg), "@%s", path);
	make(&e, dn, "jane");
	make(&other, "CN=Other,OU=Staff,DC=corp,DC=example", "other");
	select_init(&s);
	assert_int_equal(select_add(&s, SELECT_EXCLUDE, arg, &d), 0);
	assert_false(select_entry(&s, &e));
	assert_true(select_entry(&s, &other));
	assert_int_equal(select_each_unmatched(&s, NULL, NULL), 0);
	select_free(&s);
	unlink(path);

	/* A "base64:" cell that is not base64 is an error naming the line. */
	temp_file(path, sizeof(path), bad, sizeof(bad) - 1);
	snprintf(arg, sizeof(arg), "@%s", path);
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
 * spells a non-ASCII letter in the other case must still exclude (dn_equal
 * itself: test_dn.c).
 */
static void
test_non_ascii_case(void **state)
{
	struct select s;
	struct entry e;
	struct diag d;

	(void)state;
	make(&e, "CN=J\xc3\xbcrgen,OU=B\xc3\x9c" "CHER,DC=x",
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dn_and_name),
		cmocka_unit_test(test_exclude_wins),
		cmocka_unit_test(test_under_not_under),
		cmocka_unit_test(test_list_file),
		cmocka_unit_test(test_reviewed_csv),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_csv_reader),
		cmocka_unit_test(test_csv_reader_random),
		cmocka_unit_test(test_unparsable_dn_fails_closed),
		cmocka_unit_test(test_csv_base64_dn_selects),
		cmocka_unit_test(test_non_ascii_case),
	};

	return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
