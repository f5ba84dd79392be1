/*
 * test_report.c: the CSV, JSON and table renderers. The CSV is read back
 * with the select module's CSV reader, as PowerShell's Import-Csv would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "ldif/entry.h"
#include "tasks/report.h"
#include "rules/rules.h"
#include "tasks/csv.h"
#include "tasks/select.h"

#include "mem_io.h"

static const unsigned char sid_bytes[] = {
	1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	3, 0, 0, 0, 0x50, 4, 0, 0
};

struct fixture {
	struct rule rules[2];
	struct entry e;
	struct engine_result res;
	struct report_change changes[3];
	struct slice before[3], after[3];
	char *text;
	size_t len;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct engine_hit *h;
	struct engine_warning *w;

	assert_non_null(f);
	f->rules[0].id = (char *)"linked";
	f->rules[1].id = (char *)"audit";
	entry_init(&f->e);
	f->e.dn = slice_of("CN=Doe\\, \"Jane\",OU=Staff,DC=corp");
	entry_add_value(&f->e, slice_of("sAMAccountName"), slice_of("=cmd|' /C calc'!A0"));
	entry_add_value(&f->e, slice_of("displayName"), slice_of("J\xc3\xa4ne \"JD\" Doe"));
	entry_add_value(&f->e, slice_of("mail"), slice_of("@jane@example.org"));
	engine_result_init(&f->res);
	grow_array(&f->res.hits, &f->res.hits_cap, 2, sizeof(*f->res.hits));
	grow_array(&f->res.warnings, &f->res.warnings_cap, 1,
	    sizeof(*f->res.warnings));
	h = &f->res.hits[0];
	memset(h, 0, sizeof(*h) * 2);
	h[0].rule = &f->rules[0];
	h[0].label = "linked-disabled";
	h[1].rule = &f->rules[1];
	h[1].first_warning = 0;
	h[1].nwarnings = 1;
	f->res.nhits = 2;
	w = &f->res.warnings[0];
	w->rule = &f->rules[1];
	w->off = 0;
	buf_puts(&f->res.text, "ACE\tleft \"behind\"");
	w->len = f->res.text.n;
	f->res.nwarnings = 1;

	f->before[0] = slice_of("2");
	f->after[0] = slice_of("1");
	f->changes[0] = (struct report_change){ slice_of("msExchRecipientTypeDetails"),
	    &f->before[0], 1, &f->after[0], 1 };
	f->before[1] = slice_mem(sid_bytes, sizeof(sid_bytes));
	f->changes[1] = (struct report_change){ slice_of("msExchMasterAccountSid"),
	    &f->before[1], 1, NULL, 0 };
	f->before[2] = slice_mem("\xff\xfe", 2);
	f->after[1] = slice_of("-5");
	f->after[2] = slice_of("ok");
	f->changes[2] = (struct report_change){ slice_of("info"),
	    &f->before[2], 1, &f->after[1], 2 };
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	entry_free(&f->e);
	engine_result_free(&f->res);
	free(f->text);
	free(f);
	return 0;
}

static void
render(struct fixture *f, enum report_format fmt, bool bom, size_t nchanges)
{
	struct report_opts o = { fmt, bom, false };
	static const struct slice cols[] = {
		{ (const unsigned char *)"msExchRecipientTypeDetails", 26 },
		{ (const unsigned char *)"userAccountControl", 18 },
		{ (const unsigned char *)"info", 4 },
	};
	struct report_meta m = { "9.9", "plan", "in\"put.ldf", "abc", NULL,
	    cols, 3, NULL, NULL, NULL, 0 };
	struct report_item it = { &f->e, &f->res, f->changes, nchanges,
	    NULL };
	/* S-1-5-21-1-2-3 and S-1-5-21-4-5-6, binary */
	static const unsigned char dom1[] = { 1, 4, 0, 0, 0, 0, 0, 5,
		21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0 };
	static const unsigned char dom2[] = { 1, 4, 0, 0, 0, 0, 0, 5,
		21, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0 };
	const struct report_domain doms[] = {
		{ { dom1, sizeof(dom1) }, 7 }, { { dom2, sizeof(dom2) }, 1 },
	};
	struct report_counts c = { 10, 9, 1, 1, 1, doms, 2, NULL };
	struct report *r;
	struct diag d;
	struct mem_out out;

	r = report_new(mem_out_open(&out), "out", &o, &m);
	report_add(r, &it);
	assert_int_equal(report_finish(r, &c, &d), 0);
	f->text = mem_out_close(&out);
	f->len = out.size;
}

static void
assert_field(const struct csv_row *row, size_t i, const char *want)
{
	assert_true(i < row->nfields);
	if (!slice_eq(row->fields[i], slice_of(want)))
		fail_msg("field %zu: got '%.*s', want '%s'", i,
		    (int)row->fields[i].n, (const char *)row->fields[i].p, want);
}

static void
test_csv(void **state)
{
	struct fixture *f = *state;
	struct csv_row row;
	size_t pos = 0, err, i, crlf;
	struct slice t;

	render(f, REPORT_CSV_CHANGES, true, 3);
	t = slice_mem(f->text, f->len);
	/* BOM, every field quoted, rows end in CRLF; a bare LF occurs only
	 * inside a quoted multi-value cell. */
	assert_memory_equal(f->text, "\xEF\xBB\xBF\"DistinguishedName\",", 23);
	for (i = 0, crlf = 0; i + 1 < f->len; i++)
		if (f->text[i] == '\r' && f->text[i + 1] == '\n')
			crlf++;
	assert_int_equal(crlf, 4);
	assert_memory_equal(f->text + f->len - 2, "\r\n", 2);
	assert_null(strstr(f->text, "\"=cmd"));
	assert_null(strstr(f->text, "\"-5"));
	csv_row_init(&row);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 10);
	assert_field(&row, 0, "DistinguishedName");
	assert_field(&row, 9, "Warnings");
	/* One row per changed attribute. */
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_field(&row, 0, "CN=Doe\\, \"Jane\",OU=Staff,DC=corp");
	assert_field(&row, 1, "'=cmd|' /C calc'!A0");   /* formula defused */
	assert_field(&row, 2, "J\xc3\xa4ne \"JD\" Doe");
	assert_field(&row, 3, "'@jane@example.org");
	assert_field(&row, 4, "linked\naudit");
	assert_field(&row, 5, "linked-disabled");
	assert_field(&row, 6, "msExchRecipientTypeDetails");
	assert_field(&row, 7, "2");
	assert_field(&row, 8, "1");
	assert_field(&row, 9, "ACE\tleft \"behind\"");
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_field(&row, 6, "msExchMasterAccountSid");
	assert_field(&row, 7, "S-1-5-21-1-2-3-1104");
	assert_field(&row, 8, "");
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_field(&row, 6, "info");
	assert_field(&row, 7, "base64://4=");
	assert_field(&row, 8, "'-5\nok");
	assert_int_equal(csv_next(t, &pos, &row, &err), 0);
	csv_row_free(&row);
}

/* The review sheet: one row per entry; a column pair per attribute the
 * rules can change, empty for the ones this entry keeps. */
static void
test_review_csv(void **state)
{
	static const char *const header[] = {
		"DistinguishedName", "SamAccountName", "UserPrincipalName",
		"DisplayName", "Account", "Rule", "Classification",
		"MasterAccountSid", "msExchRecipientTypeDetails (old)",
		"msExchRecipientTypeDetails (new)", "userAccountControl (old)",
		"userAccountControl (new)", "info (old)", "info (new)", "Warnings",
		"LeftoverPermissions", "RemoveCommands"
	};
	struct fixture *f = *state;
	struct csv_row row;
	size_t pos = 0, err, i;
	struct slice t;

	entry_add_value(&f->e, slice_of("userAccountControl"), slice_of("514"));
	entry_add_value(&f->e, slice_of("msExchMasterAccountSid"),
	    slice_mem(sid_bytes, sizeof(sid_bytes)));
	render(f, REPORT_CSV, false, 3);
	t = slice_mem(f->text, f->len);
	csv_row_init(&row);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 17);
	for (i = 0; i < 17; i++)
		assert_field(&row, i, header[i]);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(row.nfields, 17);
	assert_field(&row, 1, "'=cmd|' /C calc'!A0");
	assert_field(&row, 2, "");
	assert_field(&row, 4, "disabled");
	assert_field(&row, 5, "linked\naudit");
	assert_field(&row, 7, "S-1-5-21-1-2-3-1104");
	assert_field(&row, 8, "2");
	assert_field(&row, 9, "1");
	assert_field(&row, 10, "");
	assert_field(&row, 11, "");
	assert_field(&row, 12, "base64://4=");
	assert_field(&row, 13, "'-5\nok");
	assert_field(&row, 14, "ACE\tleft \"behind\"");
	assert_field(&row, 15, "");     /* no leftover-permissions */
	assert_field(&row, 16, "");
	assert_int_equal(csv_next(t, &pos, &row, &err), 0);
	csv_row_free(&row);
}

/* Formula protection only where a spreadsheet would see a formula. */
static void
test_csv_numbers(void **state)
{
	struct fixture *f = *state;

	f->after[1] = slice_of("-1073741818");
	f->changes[2].nafter = 1;
	render(f, REPORT_CSV_CHANGES, false, 3);
	assert_non_null(strstr(f->text, ",\"-1073741818\","));
	free(f->text);
	f->after[1] = slice_of("-1+2");
	render(f, REPORT_CSV_CHANGES, false, 3);
	assert_non_null(strstr(f->text, ",\"'-1+2\","));
}

/* A report-only hit (no changes) is one row with an empty Attribute. */
static void
test_csv_report_only(void **state)
{
	struct fixture *f = *state;
	struct csv_row row;
	size_t pos = 0, err;
	struct slice t;

	render(f, REPORT_CSV_CHANGES, false, 0);
	t = slice_mem(f->text, f->len);
	assert_memory_equal(f->text, "\"DistinguishedName\"", 19);
	csv_row_init(&row);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_int_equal(csv_next(t, &pos, &row, &err), 1);
	assert_field(&row, 4, "linked\naudit");
	assert_field(&row, 6, "");
	assert_field(&row, 9, "ACE\tleft \"behind\"");
	assert_int_equal(csv_next(t, &pos, &row, &err), 0);
	csv_row_free(&row);
}

static void
test_json(void **state)
{
	struct fixture *f = *state;

	render(f, REPORT_JSON, false, 3);
	assert_string_equal(f->text,
	    "{\"tool\":\"ldfix\",\"version\":\"9.9\",\"command\":\"plan\","
	    "\"input\":\"in\\\"put.ldf\",\"input_sha256\":\"abc\",\"rules_sha256\":null,"
	    "\"items\":[\n"
	    "{\"dn\":\"CN=Doe\\\\, \\\"Jane\\\",OU=Staff,DC=corp\","
	    "\"sAMAccountName\":\"=cmd|' /C calc'!A0\","
	    "\"displayName\":\"J\xc3\xa4ne \\\"JD\\\" Doe\","
	    "\"mail\":\"@jane@example.org\","
	    "\"hits\":[{\"rule\":\"linked\",\"classification\":\"linked-disabled\",\"warnings\":[]},"
	    "{\"rule\":\"audit\",\"classification\":null,\"warnings\":[\"ACE\\tleft \\\"behind\\\"\"]}],"
	    "\"changes\":["
	    "{\"attribute\":\"msExchRecipientTypeDetails\",\"old\":[\"2\"],\"new\":[\"1\"]},"
	    "{\"attribute\":\"msExchMasterAccountSid\",\"old\":[\"S-1-5-21-1-2-3-1104\"],\"new\":[]},"
	    "{\"attribute\":\"info\",\"old\":[\"base64://4=\"],\"new\":[\"-5\",\"ok\"]}]}\n"
	    "],\"foreign_domains\":[{\"sid\":\"S-1-5-21-1-2-3\",\"mailboxes\":7},"
	    "{\"sid\":\"S-1-5-21-4-5-6\",\"mailboxes\":1}],"
	    "\"counts\":{\"entries\":10,\"selected\":9,\"matched\":1,\"changed\":1,\"warnings\":1}}\n");
}

/* A hit of a rule with leftover-permissions lists what it found: the DN
 * in the command is the entry's, quotes doubled for PowerShell. */
static void
test_json_leftover(void **state)
{
	static unsigned char guid[16] = {
		0x54, 0x1a, 0x72, 0xab, 0x2f, 0x1e, 0xd0, 0x11,
		0x98, 0x19, 0x00, 0xaa, 0x00, 0x40, 0x52, 0x9b
	};
	struct fixture *f = *state;
	struct cond *leftover[1] = { NULL };
	struct engine_ace *a;
	const char *p, *want;

	f->e.dn = slice_of("CN=O'Neil,DC=corp");
	f->rules[0].leftover = leftover;
	f->rules[0].nleftover = 1;
	grow_array(&f->res.aces, &f->res.aces_cap, 2, sizeof(*f->res.aces));
	grow_array(&f->res.unchecked, &f->res.unchecked_cap, 1,
	    sizeof(*f->res.unchecked));
	a = f->res.aces;
	memset(a, 0, 2 * sizeof(*a));
	a[0].attr = slice_of("msExchMailboxSecurityDescriptor");
	a[0].sid = slice_mem(sid_bytes, sizeof(sid_bytes));
	a[0].mask = 0x5;
	a[0].flags = 0x2;
	a[1].attr = slice_of("nTSecurityDescriptor");
	a[1].sid = slice_mem(sid_bytes, sizeof(sid_bytes));
	a[1].mask = 0x100;
	a[1].flags = 0x10;
	a[1].object_type = slice_mem(guid, 16);
	f->res.naces = 2;
	f->res.unchecked[0].attr = slice_of("nTSecurityDescriptor");
	f->res.unchecked[0].reason = "ACE size smaller than 8";
	f->res.unchecked[0].offset = 44;
	f->res.nunchecked = 1;
	f->res.hits[0].naces = 2;
	f->res.hits[0].nunchecked = 1;
	render(f, REPORT_JSON, false, 0);
	p = strstr(f->text, "\"hits\":[");
	assert_non_null(p);
	want = "\"hits\":[{\"rule\":\"linked\","
	    "\"classification\":\"linked-disabled\",\"warnings\":[],"
	    "\"leftover_permissions\":["
	    "{\"attribute\":\"msExchMailboxSecurityDescriptor\","
	    "\"sid\":\"S-1-5-21-1-2-3-1104\",\"mask\":5,"
	    "\"rights\":[\"FullAccess\",\"ExternalAccount\"],"
	    "\"object_type\":null,\"inherited\":false,"
	    "\"command\":\"Remove-MailboxPermission -Identity 'CN=O''Neil,"
	    "DC=corp' -User 'S-1-5-21-1-2-3-1104' -AccessRights "
	    "FullAccess,ExternalAccount -InheritanceType All\"},"
	    "{\"attribute\":\"nTSecurityDescriptor\","
	    "\"sid\":\"S-1-5-21-1-2-3-1104\",\"mask\":256,"
	    "\"rights\":[\"Send-As\"],"
	    "\"object_type\":\"ab721a54-1e2f-11d0-9819-00aa0040529b\","
	    "\"inherited\":true,\"command\":null}],"
	    "\"leftover_unchecked\":[{\"attribute\":\"nTSecurityDescriptor\","
	    "\"reason\":\"not a valid security descriptor (ACE size smaller "
	    "than 8, at byte 44)\"}]},"
	    "{\"rule\":\"audit\",";
	if (strncmp(p, want, strlen(want)) != 0)
		fail_msg("got %s", p);
	/* a rule without leftover-permissions has no such keys */
	assert_null(strstr(strstr(p, "\"rule\":\"audit\""), "leftover"));
}

static void
test_json_display(void **state)
{
	struct fixture *f = *state;

	f->e.dn = slice_mem("CN=\x01\xc3(,DC=x", 11);
	entry_replace(&f->e, slice_of("displayName"),
	    &(struct slice){ (const unsigned char *)"a\x01\x7f", 3 }, 1);
	render(f, REPORT_JSON, false, 0);
	assert_non_null(strstr(f->text, "{\"dn\":\"base64:Q049AcMoLERDPXg=\","));
	assert_non_null(strstr(f->text, "\"displayName\":\"base64:YQF/\""));
}

static void
test_table(void **state)
{
	struct fixture *f = *state;

	f->e.dn = slice_of("CN=Jane\x1b[31m,DC=x");
	entry_replace(&f->e, slice_of("sAMAccountName"),
	    &(struct slice){ (const unsigned char *)"a-very-long-account-name-indeed", 31 }, 1);
	render(f, REPORT_TABLE, false, 3);
	assert_string_equal(f->text,
	    "SAMACCOUNTNAME       RULE                             CLASS            DN\n"
	    "a-very-long-account~ linked,audit                     linked-disabled  base64:Q049SmFuZRtbMzFtLERDPXg=\n"
	    "    msExchRecipientTypeDetails: 2 -> 1\n"
	    "    msExchMasterAccountSid: S-1-5-21-1-2-3-1104 -> (absent)\n"
	    "    info: base64://4= -> [-5, ok]\n"
	    "    warning: ACE?left \"behind\"\n");
}

/* A write error is reported by report_finish. */
static void
test_write_error(void **state)
{
	struct report_opts o = { REPORT_CSV, false, false };
	struct report *r;
	struct diag d;
	FILE *fp = fopen("/dev/full", "w");

	(void)state;
	if (fp == NULL)
		skip();
	r = report_new(fp, "full.csv", &o, NULL);
	assert_int_equal(report_finish(r, NULL, &d), -1);
	assert_string_equal(d.file, "full.csv");
	assert_non_null(strstr(d.msg, "cannot write"));
	fclose(fp);
}

/* The terminal table shows values with screen tricks (mem_io.h) as
 * base64, as every output does (display.h). */
static void
test_table_shows_screen_tricks_as_base64(void **state)
{
	struct report_opts ro = { REPORT_TABLE, false, false };
	struct report_change ch;
	struct report_item it;
	struct report *r;
	struct entry e;
	struct slice v = slice_of(mem_screen_tricks);
	struct diag d;
	struct mem_out m;
	char *t;
	size_t n;

	(void)state;
	entry_init(&e);
	e.dn = slice_of("CN=x\xc2\x9b" "2J,DC=example");
	entry_add_value(&e, slice_of("sAMAccountName"),
	    slice_of(mem_screen_tricks));
	memset(&ch, 0, sizeof(ch));
	ch.attr = slice_of("displayName");
	ch.before = &v;
	ch.nbefore = 1;
	memset(&it, 0, sizeof(it));
	it.entry = &e;
	it.changes = &ch;
	it.nchanges = 1;
	r = report_new(mem_out_open(&m), "table", &ro, NULL);
	report_add(r, &it);
	assert_int_equal(report_finish(r, NULL, &d), 0);
	t = mem_out_close(&m);
	n = m.size;
	mem_assert_no_screen_tricks(t, n);
	assert_true(mem_count(t, n, "base64:Q049eMKbMkosREM9ZXhhbXBsZQ==") > 0);
	free(t);
	entry_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_report_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_leftover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_display, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_table_shows_screen_tricks_as_base64),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
