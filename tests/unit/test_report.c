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
	struct report_opts o = { fmt, bom };
	struct report_meta m = { "9.9", "plan", "in\"put.ldf", "abc", NULL, NULL };
	struct report_item it = { &f->e, &f->res, f->changes, nchanges };
	struct report_counts c = { 10, 9, 1, 1, 1 };
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

	render(f, REPORT_CSV, true, 3);
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

/* A report-only hit (no changes) is one row with an empty Attribute. */
static void
test_csv_report_only(void **state)
{
	struct fixture *f = *state;
	struct csv_row row;
	size_t pos = 0, err;
	struct slice t;

	render(f, REPORT_CSV, false, 0);
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
	    "{\"attribute\":\"info\",\"old_b64\":[\"//4=\"],\"new\":[\"-5\",\"ok\"]}]}\n"
	    "],\"counts\":{\"entries\":10,\"selected\":9,\"matched\":1,\"changed\":1,\"warnings\":1}}\n");
}

static void
test_json_b64_and_controls(void **state)
{
	struct fixture *f = *state;

	f->e.dn = slice_mem("CN=\x01\xc3(,DC=x", 11);
	entry_replace(&f->e, slice_of("displayName"),
	    &(struct slice){ (const unsigned char *)"a\x01\x7f", 3 }, 1);
	render(f, REPORT_JSON, false, 0);
	assert_non_null(strstr(f->text, "{\"dn_b64\":\"Q049AcMoLERDPXg=\","));
	assert_non_null(strstr(f->text, "\"displayName\":\"a\\u0001\\u007f\""));
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
	    "a-very-long-account~ linked,audit                     linked-disabled  CN=Jane?[31m,DC=x\n"
	    "    msExchRecipientTypeDetails: 2 -> 1\n"
	    "    msExchMasterAccountSid: S-1-5-21-1-2-3-1104 -> (absent)\n"
	    "    info: base64://4= -> [-5, ok]\n"
	    "    warning: ACE?left \"behind\"\n");
}

static void
test_value_text(void **state)
{
	static const unsigned char guid[16] = {
		0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11,
		0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01
	};
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(report_value_text(&b, slice_of("objectGUID"),
	    slice_mem(guid, 16)));
	assert_string_equal((const char *)b.p, "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
	buf_reset(&b);
	/* A SID in an attribute not known as one is still shown as a SID. */
	assert_true(report_value_text(&b, slice_of("someBinary;binary"),
	    slice_mem(sid_bytes, sizeof(sid_bytes))));
	assert_string_equal((const char *)b.p, "S-1-5-21-1-2-3-1104");
	buf_reset(&b);
	assert_false(report_value_text(&b, slice_of("x"), slice_mem("a\nb", 3)));
	assert_int_equal(b.n, 0);
	report_value_readable(&b, slice_of("x"), slice_mem("a\nb", 3));
	assert_string_equal((const char *)b.p, "base64:YQpi");
	buf_release(&b);
	assert_true(report_utf8_valid(slice_of("J\xc3\xa4ne \xf0\x9f\x98\x80")));
	assert_false(report_utf8_valid(slice_of("\xc0\xaf")));          /* overlong */
	assert_false(report_utf8_valid(slice_of("\xed\xa0\x80")));      /* surrogate */
	assert_false(report_utf8_valid(slice_of("\xf4\x90\x80\x80")));  /* > 10FFFF */
	assert_false(report_utf8_valid(slice_of("\xe2\x82")));          /* cut */
}

/* A write error is reported by report_finish. */
static void
test_write_error(void **state)
{
	struct report_opts o = { REPORT_CSV, false };
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_report_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_b64_and_controls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
