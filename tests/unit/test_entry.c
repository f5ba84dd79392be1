/*
 * test_entry.c: the mutable entry (src/ldif/entry.c): values listed twice
 * in an export, and lookups in wide entries (entry_get is indexed once an
 * entry is wide) after appends, deletions, copies and resets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ldif/entry.h"
#include "ldif/ldif.h"

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
	/* entry_append (what entry_load and apply use) adds to the attribute
	 * it names, wherever it stands, and creates the missing one last. */
	entry_append(&c, slice_of("ATTR2"), slice_of("second"), 7);
	a = entry_get(&c, slice_of("attr2"));
	assert_int_equal(a->nvals, 2);
	assert_true(slice_eq(a->vals[1], slice_of("second")));
	entry_append(&c, slice_of("new"), slice_of("v"), 9);
	a = entry_get(&c, slice_of("NEW"));
	assert_ptr_equal(a, &c.attrs[c.nattrs - 1]);
	assert_int_equal(a->line, 9);
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

/* The values of name in e, joined by ','. */
static const char *
values_of(const struct entry *e, const char *name, char *out, size_t outsz)
{
	const struct entry_attr *a = entry_get(e, slice_of(name));
	size_t i, k = 0;

	out[0] = '\0';
	for (i = 0; a && i < a->nvals; i++)
		k += (size_t)snprintf(out + k, outsz - k, "%s%.*s", i ? "," : "",
		    (int)a->vals[i].n, (const char *)a->vals[i].p);
	return out;
}

/*
 * entry_load groups lines by attribute whether the export wrote each
 * attribute's lines together (the fast path) or interleaved them, and
 * the entry stays mutable: an attribute grows past its share of the
 * pool, a copy has its own values, and a reused entry starts clean.
 */
/* entry_get_type: the first attribute of that type, options or not,
 * ASCII case-insensitively; a type is never a prefix match. */
static void
test_get_type(void **state)
{
	struct entry e;

	(void)state;
	entry_init(&e);
	entry_append(&e, slice_of("cn;lang-de"), slice_of("a"), 1);
	entry_append(&e, slice_of("cn"), slice_of("b"), 2);
	entry_append(&e, slice_of("sn"), slice_of("c"), 3);
	entry_append(&e, slice_of("snx;y"), slice_of("d"), 4);
	assert_ptr_equal(entry_get_type(&e, slice_of("CN")), &e.attrs[0]);
	assert_ptr_equal(entry_get_type(&e, slice_of("sn")), &e.attrs[2]);
	assert_ptr_equal(entry_get_type(&e, slice_of("SNX")), &e.attrs[3]);
	assert_null(entry_get_type(&e, slice_of("c")));
	assert_null(entry_get_type(&e, slice_of("s")));
	assert_null(entry_get_type(&e, slice_of("cn;lang-de")));
	assert_null(entry_get_type(&e, slice_of("snxy")));
	entry_free(&e);
}

static void
test_load_grouped_and_interleaved(void **state)
{
	static const char *const lines[][2] = {
		{ "a", "1" }, { "b", "1" }, { "A", "2" }, { "c", "1" },
		{ "b", "2" }, { "a", "3" }, { "d", "1" },
	};
	struct ldif_attr attrs[7];
	struct ldif_record rec;
	struct entry e, c;
	char buf[64];
	size_t i;

	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.dn = slice_of("cn=x");
	for (i = 0; i < 7; i++) {
		attrs[i].name = slice_of(lines[i][0]);
		attrs[i].value = slice_of(lines[i][1]);
		attrs[i].line = i + 2;
	}
	rec.attrs = attrs;
	entry_init(&e);
	entry_init(&c);
	/* interleaved */
	rec.nattrs = 7;
	entry_load(&e, &rec);
	assert_int_equal(e.nattrs, 4);
	assert_string_equal(values_of(&e, "a", buf, sizeof(buf)), "1,2,3");
	assert_string_equal(values_of(&e, "b", buf, sizeof(buf)), "1,2");
	assert_string_equal(values_of(&e, "c", buf, sizeof(buf)), "1");
	assert_string_equal(values_of(&e, "d", buf, sizeof(buf)), "1");
	assert_int_equal(e.attrs[2].line, 5);
	/* a copy, then the copy grows and shrinks on its own */
	entry_copy(&c, &e);
	assert_true(entry_add_value(&c, slice_of("b"), slice_of("3")));
	assert_true(entry_add_value(&c, slice_of("e"), slice_of("1")));
	assert_true(entry_delete_value(&c, slice_of("a"), slice_of("2")));
	assert_string_equal(values_of(&c, "b", buf, sizeof(buf)), "1,2,3");
	assert_string_equal(values_of(&c, "a", buf, sizeof(buf)), "1,3");
	assert_string_equal(values_of(&e, "b", buf, sizeof(buf)), "1,2");
	assert_string_equal(values_of(&e, "a", buf, sizeof(buf)), "1,2,3");
	/* grouped: the first two lines, then the third a new attribute */
	attrs[1].name = slice_of("a");
	attrs[2].name = slice_of("z");
	rec.nattrs = 3;
	entry_load(&e, &rec);
	assert_int_equal(e.nattrs, 2);
	assert_string_equal(values_of(&e, "a", buf, sizeof(buf)), "1,1");
	assert_string_equal(values_of(&e, "z", buf, sizeof(buf)), "2");
	assert_null(entry_get(&e, slice_of("b")));
	entry_copy(&c, &e);
	assert_int_equal(c.nattrs, 2);
	assert_null(entry_get(&c, slice_of("e")));
	assert_string_equal(values_of(&c, "a", buf, sizeof(buf)), "1,1");
	entry_free(&e);
	entry_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delete_value_removes_every_copy),
		cmocka_unit_test(test_wide_entry_lookups),
		cmocka_unit_test(test_load_grouped_and_interleaved),
		cmocka_unit_test(test_get_type),
	};

	return cmocka_run_group_tests_name("entry", tests, NULL, NULL);
}
