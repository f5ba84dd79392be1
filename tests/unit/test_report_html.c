/*
 * test_report_html.c: the HTML review report, through report.h as main
 * uses it. Escaping of hostile values in text and attributes, the
 * Content-Security-Policy hashes against the page's own script and style,
 * row anchors, tiles, the account column, determinism and a failed write.
 * What a browser makes of the page is tests/long/t_html.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/sha256.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "tasks/report.h"

#include "mem_io.h"

static const unsigned char master_sid[] = {
	1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	3, 0, 0, 0, 0x50, 4, 0, 0
};

/* Markup, a NUL, a byte that is not UTF-8 and a C1 control (NEL). */
static const char hostile_sam[] = "a\"><img src=x onerror=alert(1)>\0\xFF\xC2\x85";

struct fixture {
	struct rule rule;
	struct entry e[3];
	struct engine_result res;
	struct report_change change;
	struct slice before, after;
	char *text;
	size_t len;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct engine_hit *h;
	size_t i;

	assert_non_null(f);
	f->rule.id = (char *)"linked";
	for (i = 0; i < 3; i++)
		entry_init(&f->e[i]);
	/* A DN and values that would be markup, reorder text or hide it. */
	f->e[0].dn = slice_of("CN=\\3Cscript\\3E\xE2\x80\xAE" "x,OU=A&B,DC=corp");
	entry_add_value(&f->e[0], slice_of("sAMAccountName"),
	    slice_mem(hostile_sam, sizeof(hostile_sam) - 1));
	entry_add_value(&f->e[0], slice_of("userPrincipalName"),
	    slice_of("javascript:alert('x')@corp\xE2\x80\xA8"));
	entry_add_value(&f->e[0], slice_of("userAccountControl"), slice_of("514"));
	entry_add_value(&f->e[0], slice_of("msExchMasterAccountSid"),
	    slice_mem(master_sid, sizeof(master_sid)));
	f->e[1].dn = slice_of("CN=Doe\\, John,OU=Linked,DC=corp");
	entry_add_value(&f->e[1], slice_of("userAccountControl"), slice_of("512"));
	f->e[2].dn = slice_of("cn=doe\\, john, ou=linked,dc=CORP");
	entry_add_value(&f->e[2], slice_of("userAccountControl"), slice_of("x1"));
	engine_result_init(&f->res);
	grow_array(&f->res.hits, &f->res.hits_cap, 1, sizeof(*f->res.hits));
	grow_array(&f->res.warnings, &f->res.warnings_cap, 1,
	    sizeof(*f->res.warnings));
	h = &f->res.hits[0];
	memset(h, 0, sizeof(*h));
	h->rule = &f->rule;
	h->label = "foreign-domain";
	h->nwarnings = 1;
	f->res.nhits = 1;
	buf_puts(&f->res.text, "owner <b>\xE2\x81\xA6gone\xE2\x81\xA9</b>");
	f->res.warnings[0].rule = &f->rule;
	f->res.warnings[0].off = 0;
	f->res.warnings[0].len = f->res.text.n;
	f->res.nwarnings = 1;
	f->before = slice_of("2\xC2\x9B");
	f->after = slice_of("1 & 'one'");
	f->change = (struct report_change){ slice_of("info"), &f->before, 1,
	    &f->after, 1 };
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < 3; i++)
		entry_free(&f->e[i]);
	engine_result_free(&f->res);
	free(f->text);
	free(f);
	return 0;
}

/* The page for entries e[0..n), the first one with the change. */
static void
render(struct fixture *f, size_t n)
{
	struct report_opts o = { REPORT_HTML, false, false };
	struct report_meta m = { "9.9", "plan", "in<put>.ldf", "abc", "def",
	    NULL, 0, "--var p=\"x\"", NULL, NULL, 0 };
	struct report_counts c = { 10, 9, 3, 1, 3, NULL, 0, NULL };
	struct report *r;
	struct diag d;
	struct mem_out out;
	size_t i;

	free(f->text);
	r = report_new(mem_out_open(&out), "out.html", &o, &m);
	for (i = 0; i < n; i++) {
		struct report_item it = { &f->e[i], &f->res, &f->change,
		    i == 0 ? 1 : 0, NULL };

		report_add(r, &it);
	}
	assert_int_equal(report_finish(r, &c, &d), 0);
	f->text = mem_out_close(&out);
	f->len = out.size;
	assert_int_equal(strlen(f->text), f->len);      /* no NUL byte */
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void
assert_has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("missing: %s", want);
}

static void
test_hostile_values_are_text(void **state)
{
	struct fixture *f = *state;

	render(f, 1);
	/* The page's own script and nothing else. */
	assert_int_equal(count(f->text, "<script"), 1);
	assert_null(strstr(f->text, "<img"));
	assert_null(strstr(f->text, "<b>\\"));
	/* Values that are not plain text are shown as every output shows
	 * them (display.h): "base64:" and their bytes. Markup is escaped. */
	assert_has(f->text, "<a href=\"#e-");
	assert_has(f->text, ">base64:Q049XDNDc2NyaXB0XDNF4oCueCxPVT1BJkIsREM9Y29ycA==</a></td>");
	assert_has(f->text, "<td class=\"m\">base64:YSI+PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPgD/woU=</td>");
	assert_has(f->text, "<td>base64:amF2YXNjcmlwdDphbGVydCgneCcpQGNvcnDigKg=</td>");
	/* Text from the rules' warnings: controls and bidi made visible. */
	assert_has(f->text, "owner &lt;b&gt;<span class=\"x\">\\u2066</span>gone"
	    "<span class=\"x\">\\u2069</span>&lt;/b&gt;");
	assert_has(f->text, "<del>base64:MsKb</del>");
	assert_has(f->text, "<ins>1 &amp; 'one'</ins>");
	/* Attributes: the DN as every output shows it. */
	assert_has(f->text, "data-dn=\"base64:Q049XDNDc2NyaXB0XDNF4oCueCxPVT1BJkIsREM9Y29ycA==\"");
	assert_has(f->text, "<title>ldfix plan review: in&lt;put&gt;.ldf</title>");
	assert_has(f->text, "<dd class=\"m wide\">--var p=\"x\"</dd>");
	/* No raw bidi control, line separator or C1 control anywhere. */
	assert_null(strstr(f->text, "\xE2\x80\xAE"));
	assert_null(strstr(f->text, "\xE2\x80\xA8"));
	assert_null(strstr(f->text, "\xE2\x81\xA6"));
	assert_null(strstr(f->text, "\xC2\x85"));
	assert_null(strstr(f->text, "\xC2\x9B"));
	assert_null(strstr(f->text, "\xFF"));
}

/* 'sha256-BASE64' of the bytes between open and close in text. */
static void
assert_csp_hash(const char *text, const char *open, const char *close,
    const char *directive)
{
	unsigned char digest[SHA256_DIGEST_LEN];
	struct sha256 s;
	struct buf want = BUF_INIT;
	const char *a = strstr(text, open), *b;

	assert_non_null(a);
	a += strlen(open);
	b = strstr(a, close);
	assert_non_null(b);
	sha256_init(&s);
	sha256_update(&s, a, (size_t)(b - a));
	sha256_final(&s, digest);
	buf_puts(&want, directive);
	buf_puts(&want, " 'sha256-");
	base64_encode(&want, slice_mem(digest, sizeof(digest)));
	buf_puts(&want, "'");
	assert_has(text, (const char *)want.p);
	buf_release(&want);
}

static void
test_csp(void **state)
{
	struct fixture *f = *state;

	render(f, 3);
	assert_has(f->text, "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; script-src 'sha256-");
	assert_has(f->text, "; base-uri 'none'; form-action 'none'\">");
	assert_csp_hash(f->text, "<script>", "</script>", "script-src");
	assert_csp_hash(f->text, "<style>", "</style>", "style-src");
	/* Nothing that the policy would have to allow. */
	assert_null(strstr(f->text, " style=\""));
	assert_null(strstr(f->text, " src=\""));
	assert_null(strstr(f->text, "http:"));
	assert_null(strstr(f->text, "https:"));
}

static void
test_rows(void **state)
{
	struct fixture *f = *state;
	const char *a, *b;

	render(f, 3);
	assert_int_equal(count(f->text, "<tr id=\"e-"), 3);
	assert_int_equal(count(f->text, "<tr class=\"w\">"), 3);
	assert_int_equal(count(f->text, " data-classification=\"foreign-domain\""),
	    3);
	/* The same object in another spelling gets the same anchor. */
	a = strstr(f->text, "data-dn=\"CN=Doe\\, John");
	b = strstr(f->text, "data-dn=\"cn=doe\\, john");
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_equal(a - 28, b - 28, 28);
	assert_memory_not_equal(a - 28, strstr(f->text, "<tr id="), 28);
	/* The readable name of a DN, escapes undone. */
	assert_has(f->text, "\">Doe, John</a><small>OU=Linked,<wbr>DC=corp"
	    "</small>");
	/* userAccountControl bit 0x2; anything else is unknown. */
	assert_int_equal(count(f->text, "<span class=\"pill off\">disabled"), 1);
	assert_int_equal(count(f->text, "<span class=\"pill on\">enabled"), 1);
	assert_int_equal(count(f->text, "<span class=\"pill unk\">unknown"), 1);
	/* The owner: the master account SID, readable. */
	assert_has(f->text, "<td class=\"m\">S-1-5-21-1-2-3-1104</td>");
	assert_int_equal(count(f->text, "report only: nothing to change"), 2);
}

static void
test_tiles(void **state)
{
	struct fixture *f = *state;

	render(f, 3);
	assert_has(f->text, "data-count=\"entries\"><span class=\"n\">10<");
	assert_has(f->text, "data-count=\"selected\"><span class=\"n\">9<");
	assert_has(f->text, "data-count=\"matched\"><span class=\"n\">3<");
	assert_has(f->text, "data-count=\"changed\"><span class=\"n\">1<");
	assert_has(f->text, "data-count=\"warnings\"><span class=\"n\">3<");
	assert_has(f->text, "data-count=\"report_only\"><span class=\"n\">2<");
	assert_has(f->text, "data-count=\"attributes\"><span class=\"n\">1<");
	/* The summary comes before the rows, the filter form offers the
	 * labels that occurred. */
	assert_true(strstr(f->text, "data-count=") < strstr(f->text, "<tr id="));
	assert_has(f->text, "<option value=\"foreign-domain\">foreign-domain"
	    "</option>");
	assert_null(strstr(f->text, "class=\"many\""));
}

static void
test_empty_and_deterministic(void **state)
{
	struct fixture *f = *state;
	char *first;

	render(f, 0);
	assert_has(f->text, "No entry matched a rule");
	assert_int_equal(count(f->text, "<tr id="), 0);
	render(f, 3);
	first = f->text;
	f->text = NULL;
	render(f, 3);
	assert_string_equal(first, f->text);
	free(first);
}

/* A page that cannot be written is an error, reported at finish. */
static void
test_write_error(void **state)
{
	struct fixture *f = *state;
	struct report_opts o = { REPORT_HTML, false, false };
	struct report_item it = { &f->e[1], &f->res, NULL, 0, NULL };
	struct report *r;
	struct diag d;
	FILE *fp = fopen("/dev/full", "w");

	assert_non_null(fp);
	r = report_new(fp, "full.html", &o, NULL);
	report_add(r, &it);
	assert_int_equal(report_finish(r, NULL, &d), -1);
	assert_string_equal(d.msg, "cannot write report: No space left on device");
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hostile_values_are_text,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_csp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_deterministic,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
