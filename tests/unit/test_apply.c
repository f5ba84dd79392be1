/*
 * test_apply.c: offline application with LDAP semantics: every result code
 * apply reports, atomic records, adds and deletes, load errors, and the
 * plan/apply/undo cycle through the built-in rules; the output handed over
 * to its stream every 4,096 records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasks/apply.h"
#include "engine/engine.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/plan.h"
#include "rules/rules.h"

#include "mem_io.h"

static const char export_text[] =
    "version: 1\n"
    "\n"
    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
    "objectClass: user\n"
    "cn: Jane Doe\n"
    "sAMAccountName: jdoe\n"
    "userAccountControl: 514\n"
    "msExchRecipientTypeDetails: 2\n"
    "msExchRecipientDisplayType: 1073741824\n"
    "msExchMasterAccountSid:: AQUAAAAAAAUVAAAACQAAAAgAAAAHAAAAUAQAAA==\n"
    "objectSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUQQAAA==\n"
    "otherMailbox: a\n"
    "otherMailbox: b\n"
    "count: 5\n"
    "\n"
    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
    "objectClass: user\n"
    "cn: John Roe\n"
    "msExchRecipientTypeDetails: 1\n"
    "\n";

struct run {
	struct apply_changes c;
	struct apply_failures f;
	char *out;
	size_t outlen;
	int load_rc, run_rc;
	struct diag d;
};

/* Apply changes to export, hook (NULL: none) called after each flush of
 * the writer (ldif_writer_on_flush); the result is in r->out. */
static void
apply_hooked(struct run *r, const char *export, const char *changes,
    void (*hook)(void *), void *ctx)
{
	struct mem_feed em, cm;
	struct mem_out out;
	struct ldif_reader *er, *cr;
	struct ldif_writer *w;

	memset(r, 0, sizeof(*r));
	apply_changes_init(&r->c);
	apply_failures_init(&r->f);
	cr = mem_reader_text(&cm, "changes.ldf", changes);
	r->load_rc = apply_load_changes(cr, "changes.ldf", &r->c, &r->d);
	ldif_reader_free(cr);
	if (r->load_rc < 0)
		return;
	w = mem_out_writer(&out, "out", NULL);
	if (hook != NULL)
		ldif_writer_on_flush(w, hook, ctx);
	er = mem_reader_text(&em, "export.ldf", export);
	r->run_rc = apply_run(&r->c, er, w, &r->f, &r->d);
	ldif_reader_free(er);
	r->out = mem_out_close(&out);
	r->outlen = out.size;
}

static void
apply_text(struct run *r, const char *export, const char *changes)
{
	apply_hooked(r, export, changes, NULL, NULL);
}

static void
run_free(struct run *r)
{
	apply_changes_free(&r->c);
	apply_failures_free(&r->f);
	free(r->out);
}

static void
test_guarded_success(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: cn=jane doe, ou=staff,dc=corp,dc=example\n"
	    "changetype: modify\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "delete: otherMailbox\n"
	    "otherMailbox: a\n"
	    "-\n"
	    "replace: info\n"
	    "info: new\n"
	    "-\n"
	    "increment: count\n"
	    "count: -7\n"
	    "-\n");
	assert_int_equal(r.load_rc, 0);
	assert_int_equal(r.run_rc, 0);
	assert_int_equal(r.f.n, 0);
	assert_int_equal(r.c.stats.applied, 1);
	/* The attribute deleted and added in one record keeps its place. */
	assert_non_null(strstr(r.out,
	    "userAccountControl: 514\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "msExchRecipientDisplayType: 1073741824\n"));
	assert_non_null(strstr(r.out, "otherMailbox: b\ncount: -2\ninfo: new\n\n"));
	assert_null(strstr(r.out, "otherMailbox: a"));
	/* The other entry is untouched. */
	assert_non_null(strstr(r.out,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "objectClass: user\ncn: John Roe\nmsExchRecipientTypeDetails: 1\n\n"));
	run_free(&r);
}

/* A drifted value fails the whole record: the first mod is not applied. */
static void
test_guarded_delete_missing_value(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: x\n"
	    "-\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 3\n"
	    "-\n"
	    "\n"
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: y\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	assert_int_equal(r.f.v[0].line, 6);
	assert_string_equal(r.f.v[0].diag.file, "changes.ldf");
	assert_non_null(strstr(r.f.v[0].diag.msg,
	    "modify of 'CN=Jane Doe,OU=Staff,DC=corp,DC=example'"));
	assert_non_null(strstr(r.f.v[0].diag.msg, "(noSuchAttribute, 16)"));
	assert_null(strstr(r.out, "info: x"));
	assert_non_null(strstr(r.out, "msExchRecipientTypeDetails: 2\n"));
	/* The rest applies. */
	assert_non_null(strstr(r.out, "info: y\n"));
	assert_int_equal(r.c.stats.applied, 1);
	assert_int_equal(r.c.stats.failed, 1);
	run_free(&r);
}

static void
test_add_existing_value(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: otherMailbox\n"
	    "otherMailbox: c\n"
	    "otherMailbox: b\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
	assert_non_null(strstr(r.f.v[0].diag.msg, "'b' is already there"));
	assert_null(strstr(r.out, "otherMailbox: c"));
	run_free(&r);
}

static void
test_delete_absent_attribute(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: msExchMasterAccountSid\n"
	    "-\n"
	    "\n"
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: MSEXCHMASTERACCOUNTSID\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	assert_int_equal(r.f.v[0].line, 3);
	assert_null(strstr(r.out, "msExchMasterAccountSid"));
	run_free(&r);
}

/* replace always succeeds: absent attribute, no values, same values. */
static void
test_replace(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "replace: msExchMasterAccountSid\n"
	    "-\n"
	    "replace: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "\n"
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "replace: otherMailbox\n"
	    "-\n"
	    "replace: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n");
	assert_int_equal(r.f.n, 0);
	assert_int_equal(r.c.stats.applied, 2);
	assert_null(strstr(r.out, "otherMailbox"));
	assert_null(strstr(r.out, "msExchRecipientTypeDetails: 2"));
	run_free(&r);
}

/* One increment of by on an entry whose count is value: the result code,
 * and the count afterwards (NULL: the entry does not have it). */
static int
increment(const char *value, const char *by, char *after, size_t aftersz)
{
	struct buf ex = BUF_INIT, ch = BUF_INIT;
	const char *p;
	struct run r;
	int code;

	buf_printf(&ex, "dn: cn=x,dc=example\ncn: x\ncount: %s\n\n", value);
	buf_printf(&ch, "dn: cn=x,dc=example\nchangetype: modify\n"
	    "increment: count\ncount: %s\n-\n\n", by);
	apply_text(&r, (const char *)ex.p, (const char *)ch.p);
	assert_int_equal(r.load_rc, 0);
	code = r.f.n ? r.f.v[0].code : APPLY_SUCCESS;
	p = strstr(r.out, "count: ");
	assert_non_null(p);
	snprintf(after, aftersz, "%.*s", (int)strcspn(p + 7, "\n"), p + 7);
	run_free(&r);
	buf_release(&ex);
	buf_release(&ch);
	return code;
}

/* Values and steps are RFC 4517 INTEGERs within int64 (base/num.h). */
static void
test_increment(void **state)
{
	static const struct {
		const char *value, *by;
		int code;
		const char *after;
	} cases[] = {
		{ "5", "-7", APPLY_SUCCESS, "-2" },
		{ "0", "0", APPLY_SUCCESS, "0" },
		{ "-9223372036854775807", "-1", APPLY_SUCCESS,
		    "-9223372036854775808" },
		{ "9223372036854775806", "1", APPLY_SUCCESS,
		    "9223372036854775807" },
		/* the step must be one integer */
		{ "5", "+1", APPLY_PROTOCOL_ERROR, "5" },
		{ "5", "01", APPLY_PROTOCOL_ERROR, "5" },
		{ "5", "-0", APPLY_PROTOCOL_ERROR, "5" },
		{ "5", "", APPLY_PROTOCOL_ERROR, "5" },
		{ "5", "9223372036854775808", APPLY_PROTOCOL_ERROR, "5" },
		/* the values must be integers, and the sum fit */
		{ "+5", "1", APPLY_INVALID_ATTRIBUTE_SYNTAX, "+5" },
		{ "007", "1", APPLY_INVALID_ATTRIBUTE_SYNTAX, "007" },
		{ "-0", "1", APPLY_INVALID_ATTRIBUTE_SYNTAX, "-0" },
		{ "0x10", "1", APPLY_INVALID_ATTRIBUTE_SYNTAX, "0x10" },
		{ "9223372036854775807", "1", APPLY_INVALID_ATTRIBUTE_SYNTAX,
		    "9223372036854775807" },
		{ "-9223372036854775808", "-1", APPLY_INVALID_ATTRIBUTE_SYNTAX,
		    "-9223372036854775808" },
		{ "18446744073709551615", "-1", APPLY_INVALID_ATTRIBUTE_SYNTAX,
		    "18446744073709551615" },
	};
	char after[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int code = increment(cases[i].value, cases[i].by, after,
		    sizeof(after));

		if (code != cases[i].code || strcmp(after, cases[i].after) != 0)
			fail_msg("case %zu: %s + %s: code %d (want %d), "
			    "count %s (want %s)", i, cases[i].value,
			    cases[i].by, code, cases[i].code, after,
			    cases[i].after);
	}
}

static void
test_no_such_object(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=Nobody,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "replace: info\n"
	    "info: x\n"
	    "-\n"
	    "\n"
	    "dn: CN=Nobody Else,DC=corp,DC=example\n"
	    "changetype: delete\n");
	assert_int_equal(r.f.n, 2);
	assert_int_equal(r.f.v[0].code, APPLY_NO_SUCH_OBJECT);
	assert_int_equal(r.f.v[0].line, 1);
	assert_int_equal(r.f.v[1].code, APPLY_NO_SUCH_OBJECT);
	assert_int_equal(r.f.v[1].line, 7);
	assert_non_null(strstr(r.f.v[1].diag.msg, "delete of 'CN=Nobody Else"));
	run_free(&r);
}

/* delete drops the entry; add of an existing DN fails; add of a new DN
 * is appended with the later records for it applied. */
static void
test_add_and_delete_records(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: delete\n"
	    "\n"
	    "dn: CN=New,OU=Staff,DC=corp,DC=example\n"
	    "changetype: add\n"
	    "objectClass: contact\n"
	    "cn: New\n"
	    "\n"
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: add\n"
	    "cn: Jane Doe\n"
	    "\n"
	    "dn: cn=new,ou=staff,dc=corp,dc=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: added later\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_ENTRY_ALREADY_EXISTS);
	assert_int_equal(r.f.v[0].line, 9);
	assert_null(strstr(r.out, "John Roe"));
	assert_int_equal(r.c.stats.deleted, 1);
	assert_int_equal(r.c.stats.added, 1);
	/* Appended at the end. */
	assert_non_null(strstr(r.out,
	    "count: 5\n\n"
	    "dn: CN=New,OU=Staff,DC=corp,DC=example\n"
	    "objectClass: contact\ncn: New\ninfo: added later\n\n"));
	run_free(&r);
}

static void
test_load_errors(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: delete\n"
	    "\n"
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modrdn\n"
	    "newrdn: CN=Jane\n"
	    "deleteoldrdn: 1\n");
	assert_int_equal(r.load_rc, -1);
	assert_int_equal(r.d.line, 4);
	assert_non_null(strstr(r.d.msg, "modrdn records are not supported"));
	run_free(&r);
	apply_text(&r, export_text, export_text);
	assert_int_equal(r.load_rc, -1);
	assert_non_null(strstr(r.d.msg, "without changetype"));
	run_free(&r);
}

/* Records for one DN apply in file order, each on what the earlier ones
 * left; a failed one in between changes nothing. */
static void
test_records_in_order(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: first\n"
	    "-\n"
	    "\n"
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: info\n"
	    "info: first\n"
	    "-\n"
	    "add: info\n"
	    "info: second\n"
	    "-\n"
	    "\n"
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: description\n"
	    "description: lost\n"
	    "-\n"
	    "delete: info\n"
	    "info: first\n"
	    "-\n"
	    "\n"
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: third\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].line, 21);
	assert_int_equal(r.c.stats.applied, 3);
	assert_non_null(strstr(r.out,
	    "msExchRecipientTypeDetails: 1\ninfo: second\ninfo: third\n\n"));
	assert_null(strstr(r.out, "lost"));
	run_free(&r);
}

/*
 * A record that fails after changing much is undone whole: values added,
 * deleted, replaced and incremented, attributes deleted, brought back and
 * created all come back as they were, in their order.
 */
static void
test_failed_record_undone_whole(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: otherMailbox\n"
	    "otherMailbox: c\n"
	    "-\n"
	    "delete: otherMailbox\n"
	    "otherMailbox: a\n"
	    "-\n"
	    "replace: cn\n"
	    "cn: other\n"
	    "-\n"
	    "increment: count\n"
	    "count: 2\n"
	    "-\n"
	    "delete: sAMAccountName\n"
	    "-\n"
	    "add: sAMAccountName\n"
	    "sAMAccountName: back\n"
	    "-\n"
	    "add: info\n"
	    "info: new\n"
	    "-\n"
	    "delete: userAccountControl\n"
	    "-\n"
	    "delete: description\n"
	    "-\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	assert_int_equal(r.f.v[0].line, 25);
	assert_non_null(strstr(r.out, "dn: CN=Jane Doe,OU=Staff,DC=corp,"
	    "DC=example\nobjectClass: user\ncn: Jane Doe\nsAMAccountName: jdoe\n"
	    "userAccountControl: 514\n"));
	assert_non_null(strstr(r.out, "otherMailbox: a\notherMailbox: b\n"
	    "count: 5\n\n"));
	assert_null(strstr(r.out, "info"));
	run_free(&r);
}

/* The same record without its failing mod: an attribute deleted and
 * added back keeps its place, a new one goes last. */
static void
test_record_keeps_places(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: info\n"
	    "info: new\n"
	    "-\n"
	    "delete: sAMAccountName\n"
	    "-\n"
	    "add: sAMAccountName\n"
	    "sAMAccountName: back\n"
	    "-\n"
	    "increment: count\n"
	    "count: -7\n"
	    "-\n"
	    "replace: otherMailbox\n"
	    "otherMailbox: z\n"
	    "-\n");
	assert_int_equal(r.f.n, 0);
	assert_non_null(strstr(r.out, "cn: Jane Doe\nsAMAccountName: back\n"
	    "userAccountControl: 514\n"));
	assert_non_null(strstr(r.out, "otherMailbox: z\ncount: -2\n"
	    "info: new\n\n"));
	run_free(&r);
}

/*
 * Mod-specs without values in a record that has no value line at all: the
 * record's attrs are NULL, and apply must not compute attrs + first from
 * it (clang's UBSan aborts on the pointer arithmetic; issue 10, the two
 * files it gives in hex).
 */
static void
test_mods_without_values(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, "dn: cn=a,dc=x\ncn: a\nsn: b\n\n",
	    "dn: cn=a,dc=x\nchangetype: modify\ndelete: cn\n-\n\n");
	assert_int_equal(r.f.n, 0);
	assert_string_equal(r.out, "version: 1\n\ndn: cn=a,dc=x\nsn: b\n\n");
	run_free(&r);
	apply_text(&r, "dn: cn=a,dc=x\ncn: a\n\n",
	    "dn: cn=a,dc=x\nchangetype: modify\ndelete: sn\n-\nadd: sn\n-\n\n");
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	assert_string_equal(r.out, "version: 1\n\ndn: cn=a,dc=x\ncn: a\n\n");
	run_free(&r);
}

/* An added entry whose first attribute is a record word is written with
 * another attribute first: a content record may not start with one. */
static void
test_record_word_not_first(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, "dn: cn=a,dc=x\ncn: a\n\n",
	    "dn: cn=b,dc=x\nchangetype: add\nreplace: 1\nadd: 2\ncn: b\n\n");
	assert_int_equal(r.f.n, 0);
	assert_string_equal(r.out, "version: 1\n\ndn: cn=a,dc=x\ncn: a\n\n"
	    "dn: cn=b,dc=x\ncn: b\nreplace: 1\nadd: 2\n\n");
	run_free(&r);
}

/* A critical control cannot be honoured: the record fails with 12. */
static void
test_critical_control(void **state)
{
	struct run r;

	(void)state;
	apply_text(&r, export_text,
	    "dn: CN=John Roe,OU=Staff,DC=corp,DC=example\n"
	    "control: 1.2.840.113556.1.4.1413 true\n"
	    "changetype: delete\n");
	assert_int_equal(r.load_rc, 0);
	assert_int_equal(r.f.n, 1);
	assert_int_equal(r.f.v[0].code, APPLY_UNAVAILABLE_CRITICAL_EXTENSION);
	assert_non_null(strstr(r.out, "John Roe"));
	run_free(&r);
}

/* Run the built-in rules over text; change and undo files come back. */
static void
plan_text(const char *text, char **change, char **undo,
    unsigned long long *changed)
{
	struct ruleset rs;
	struct plan p;
	struct plan_opts o = { false, true, false };
	struct plan_header h = { "test", "export.ldf", NULL, NULL, NULL, NULL,
	    NULL, 0 };
	struct mem_feed m;
	struct mem_out cm, um;
	struct ldif_reader *rd;
	struct diag d;

	rules_init(&rs);
	assert_int_equal(rules_load_default(&rs, NULL, 0, &d), 0);
	plan_init(&p, &rs, &o);
	p.out = mem_out_writer(&cm, "change", NULL);
	p.undo = mem_out_writer(&um, "undo", NULL);
	plan_write_headers(&p, &h, p.out, p.undo, NULL);
	rd = mem_reader_text(&m, "export.ldf", text);
	assert_int_equal(plan_run(&p, rd, &d), 0);
	*changed = p.stats.changed;
	ldif_reader_free(rd);
	*change = mem_out_close(&cm);
	*undo = mem_out_close(&um);
	plan_free(&p);
	rules_free(&rs);
}

/* Every entry of a equals the same entry of b as a set of attributes. */
static void
assert_same_entries(const char *a, const char *b)
{
	struct mem_feed ma, mb;
	struct ldif_reader *ra = mem_reader_text(&ma, "a", a);
	struct ldif_reader *rb = mem_reader_text(&mb, "b", b);
	const struct ldif_record *rec;
	struct entry ea, eb;
	struct diag d;
	size_t i, j, n = 0;

	entry_init(&ea);
	entry_init(&eb);
	while (ldif_reader_next(ra, &rec, &d) == 1) {
		entry_load(&ea, rec);
		/* ea borrows from ra, eb from rb: both stay valid here. */
		assert_int_equal(ldif_reader_next(rb, &rec, &d), 1);
		entry_load(&eb, rec);
		assert_true(slice_eq(ea.dn, eb.dn));
		assert_int_equal(ea.nattrs, eb.nattrs);
		for (i = 0; i < ea.nattrs; i++) {
			const struct entry_attr *x = &ea.attrs[i];
			const struct entry_attr *y = entry_get(&eb, x->name);

			assert_non_null(y);
			assert_int_equal(x->nvals, y->nvals);
			for (j = 0; j < x->nvals; j++)
				assert_true(entry_has_value(y, x->vals[j]));
		}
		n++;
	}
	assert_int_equal(ldif_reader_next(rb, &rec, &d), 0);
	assert_true(n > 0);
	entry_free(&ea);
	entry_free(&eb);
	ldif_reader_free(ra);
	ldif_reader_free(rb);
}

/* plan, apply: a second plan has nothing to do; applying the undo gives
 * back the exported entries. */
static void
test_plan_apply_undo_cycle(void **state)
{
	char *change = NULL, *undo = NULL, *change2 = NULL, *undo2 = NULL;
	char *after, *restored;
	unsigned long long changed;
	struct run r1, r2, r3;

	(void)state;
	plan_text(export_text, &change, &undo, &changed);
	assert_int_equal(changed, 1);
	assert_non_null(strstr(change, "delete: msExchMasterAccountSid\n"));
	apply_text(&r1, export_text, change);
	assert_int_equal(r1.load_rc, 0);
	assert_int_equal(r1.f.n, 0);
	after = r1.out;
	assert_non_null(strstr(after, "msExchRecipientTypeDetails: 1\n"
	    "msExchRecipientDisplayType: 0\n"));
	assert_null(strstr(after, "msExchMasterAccountSid"));
	plan_text(after, &change2, &undo2, &changed);
	assert_int_equal(changed, 0);
	assert_null(strstr(change2, "dn:"));
	/* Applying the plan again fails whole: the guard sees the new state. */
	apply_text(&r3, after, change);
	assert_int_equal(r3.f.n, 1);
	assert_int_equal(r3.f.v[0].code, APPLY_NO_SUCH_ATTRIBUTE);
	apply_text(&r2, after, undo);
	assert_int_equal(r2.f.n, 0);
	restored = r2.out;
	assert_same_entries(export_text, restored);
	run_free(&r1);
	run_free(&r2);
	run_free(&r3);
	free(change);
	free(undo);
	free(change2);
	free(undo2);
}

static void
test_code_names(void **state)
{
	(void)state;
	assert_string_equal(apply_code_name(16), "noSuchAttribute");
	assert_string_equal(apply_code_name(20), "attributeOrValueExists");
	assert_string_equal(apply_code_name(32), "noSuchObject");
	assert_string_equal(apply_code_name(68), "entryAlreadyExists");
	assert_string_equal(apply_code_name(999), "other");
}

/*
 * What slapd does with a value listed twice in one mod-spec or add
 * record: add and replace fail with attributeOrValueExists ("value #0
 * provided more than once"); delete succeeds, deleting the value once.
 */
static void
test_repeated_values_like_slapd(void **state)
{
	static const char export[] =
	    "dn: CN=Jane,DC=example\n"
	    "cn: Jane\n"
	    "description: x\n"
	    "\n";
	/* changes, failures, the failure's code, text the output holds and
	 * text it must not hold (NULL: not checked). */
	static const struct {
		const char *changes;
		size_t nfailures;
		int code;
		const char *kept, *gone;
	} cases[] = {
		{ "dn: CN=Jane,DC=example\nchangetype: modify\n"
		  "replace: description\ndescription: a\ndescription: a\n-\n\n",
		  1, APPLY_ATTRIBUTE_OR_VALUE_EXISTS, "description: x\n", NULL },
		{ "dn: CN=Jane,DC=example\nchangetype: modify\n"
		  "add: description\ndescription: b\ndescription: b\n-\n\n",
		  1, APPLY_ATTRIBUTE_OR_VALUE_EXISTS, NULL, NULL },
		{ "dn: CN=Jane,DC=example\nchangetype: modify\n"
		  "delete: description\ndescription: x\ndescription: x\n-\n\n",
		  0, 0, NULL, "description" },
		/* An add record listing a value twice fails whole (slapd: 20). */
		{ "dn: CN=New,DC=example\nchangetype: add\n"
		  "cn: New\ndescription: d\ndescription: d\n\n",
		  1, APPLY_ATTRIBUTE_OR_VALUE_EXISTS, NULL, "CN=New" },
		/* One attribute spelled two ways is one attribute, not a repeat. */
		{ "dn: CN=New,DC=example\nchangetype: add\n"
		  "cn: New\ndescription: d\nDescription: e\n\n",
		  0, 0, "dn: CN=New,DC=example\ncn: New\n"
		  "description: d\ndescription: e\n", NULL },
		/* A value that is not there still fails the delete. */
		{ "dn: CN=Jane,DC=example\nchangetype: modify\n"
		  "delete: description\ndescription: y\ndescription: y\n-\n\n",
		  1, APPLY_NO_SUCH_ATTRIBUTE, NULL, NULL },
	};
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		apply_text(&r, export, cases[i].changes);
		assert_int_equal(r.load_rc, 0);
		assert_int_equal(r.run_rc, 0);
		assert_int_equal(r.f.n, cases[i].nfailures);
		if (cases[i].nfailures > 0)
			assert_int_equal(r.f.v[0].code, cases[i].code);
		if (cases[i].kept)
			assert_non_null(strstr(r.out, cases[i].kept));
		if (cases[i].gone)
			assert_null(strstr(r.out, cases[i].gone));
		run_free(&r);
	}
}

static void
count_call(void *ctx)
{
	(*(int *)ctx)++;
}

/* Every 4,096 records the output is flushed (the writer's hook says so);
 * the output is the same with the hook and without. */
static void
test_hand_over(void **state)
{
	struct buf ex = BUF_INIT;
	struct run with, without;
	int calls = 0;
	size_t k;

	(void)state;
	buf_puts(&ex, "version: 1\n\n");
	for (k = 0; k < 10000; k++)
		buf_printf(&ex, "dn: cn=%zu,dc=x\ncn: %zu\n\n", k, k);
	apply_hooked(&with, (const char *)ex.p, "dn: cn=5000,dc=x\n"
	    "changetype: modify\nreplace: cn\ncn: five\n-\n", count_call,
	    &calls);
	apply_text(&without, (const char *)ex.p, "dn: cn=5000,dc=x\n"
	    "changetype: modify\nreplace: cn\ncn: five\n-\n");
	assert_int_equal(with.run_rc, 0);
	assert_int_equal(with.f.n, 0);
	assert_int_equal(calls, 3);     /* records 4,096, 8,192; the close */
	assert_string_equal(with.out, without.out);
	assert_non_null(strstr(with.out, "dn: cn=5000,dc=x\ncn: five\n"));
	run_free(&with);
	run_free(&without);
	buf_release(&ex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_over),
		cmocka_unit_test(test_guarded_success),
		cmocka_unit_test(test_guarded_delete_missing_value),
		cmocka_unit_test(test_add_existing_value),
		cmocka_unit_test(test_delete_absent_attribute),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_increment),
		cmocka_unit_test(test_no_such_object),
		cmocka_unit_test(test_add_and_delete_records),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_records_in_order),
		cmocka_unit_test(test_failed_record_undone_whole),
		cmocka_unit_test(test_record_keeps_places),
		cmocka_unit_test(test_mods_without_values),
		cmocka_unit_test(test_record_word_not_first),
		cmocka_unit_test(test_critical_control),
		cmocka_unit_test(test_plan_apply_undo_cycle),
		cmocka_unit_test(test_code_names),
		cmocka_unit_test(test_repeated_values_like_slapd),
	};

	return cmocka_run_group_tests_name("apply", tests, NULL, NULL);
}
