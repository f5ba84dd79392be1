/*
 * test_display.c: the one way values are shown (ldif/display.h): SIDs and
 * GUIDs by attribute, plain text, and "base64:" for everything that could
 * break a line, drive a terminal or reorder text; cutting long values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "ldif/display.h"

#include "sd_build.h"

static const unsigned char sid[] = {
	1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	3, 0, 0, 0, 0x50, 4, 0, 0
};
static const unsigned char guid[16] = {
	0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11,
	0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01
};

/* The display of v as attr, as a C string in a static buffer. */
static const char *
shown(const char *attr, const void *v, size_t n, size_t max,
    enum display_form *form)
{
	static char out[4096];
	struct buf b = BUF_INIT;
	enum display_form f;

	f = display_value(&b, slice_of(attr), slice_mem(v, n), max);
	if (form)
		*form = f;
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n + 1);
	buf_release(&b);
	return out;
}

static void
test_attr_kind(void **state)
{
	(void)state;
	assert_int_equal(display_attr_kind(slice_of("objectSid")), DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(slice_of("MSEXCHMASTERACCOUNTSID")),
	    DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(slice_of("sIDHistory")), DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(slice_of("tokenGroups;binary")),
	    DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(slice_of("objectGUID")), DISPLAY_ATTR_GUID);
	assert_int_equal(display_attr_kind(slice_of("mS-DS-ConsistencyGuid")),
	    DISPLAY_ATTR_GUID);
	assert_int_equal(display_attr_kind(slice_of("invocationId")), DISPLAY_ATTR_GUID);
	assert_int_equal(display_attr_kind(slice_of("nTSecurityDescriptor")),
	    DISPLAY_ATTR_SD);
	assert_int_equal(display_attr_kind(
	    slice_of("MSEXCHMAILBOXSECURITYDESCRIPTOR;binary")), DISPLAY_ATTR_SD);
	assert_int_equal(display_attr_kind(slice_of("SecurityIdentifier")),
	    DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(
	    slice_of("tokengroupsglobalanduniversal")), DISPLAY_ATTR_SID);
	assert_int_equal(display_attr_kind(slice_of("tokenGroupsNoGCAcceptable")),
	    DISPLAY_ATTR_SID);
	/* Only the whole name: not a prefix, not a longer name. */
	assert_int_equal(display_attr_kind(slice_of("tokenGroup")),
	    DISPLAY_ATTR_PLAIN);
	assert_int_equal(display_attr_kind(slice_of("nTSecurityDescriptors")),
	    DISPLAY_ATTR_PLAIN);
	assert_int_equal(display_attr_kind(slice_of("id")), DISPLAY_ATTR_PLAIN);
	assert_int_equal(display_attr_kind(slice_of("mail")), DISPLAY_ATTR_PLAIN);
	assert_int_equal(display_attr_kind(slice_of("")), DISPLAY_ATTR_PLAIN);
}

static void
test_sid_guid(void **state)
{
	enum display_form f;

	(void)state;
	assert_string_equal(shown("sIDHistory", sid, sizeof(sid), 0, &f),
	    "S-1-5-21-1-2-3-1104");
	assert_int_equal(f, DISPLAY_SID);
	assert_string_equal(shown("objectGUID", guid, 16, 0, &f),
	    "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
	assert_int_equal(f, DISPLAY_GUID);
	/* A SID in an attribute not known to hold SIDs stays bytes. */
	assert_string_equal(shown("someBinary", sid, sizeof(sid), 0, &f),
	    "base64:AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==");
	assert_int_equal(f, DISPLAY_BASE64);
	/* A SID attribute whose value is not a SID: shown as what it is. */
	assert_string_equal(shown("objectSid", "S-1-5-10", 8, 0, &f), "S-1-5-10");
	assert_int_equal(f, DISPLAY_TEXT);
	assert_string_equal(shown("objectGUID", "\x01\x02", 2, 0, &f),
	    "base64:AQI=");
}

static void
test_text_and_hostile(void **state)
{
	enum display_form f;

	(void)state;
	assert_string_equal(shown("cn", "J\xc3\xbcrgen M\xc3\xbcller", 15, 0, &f),
	    "J\xc3\xbcrgen M\xc3\xbcller");
	assert_int_equal(f, DISPLAY_TEXT);
	assert_string_equal(shown("cn", "", 0, 0, &f), "");
	assert_int_equal(f, DISPLAY_TEXT);
	/* Line breaks, NUL, ESC, DEL. */
	assert_string_equal(shown("x", "a\nb", 3, 0, NULL), "base64:YQpi");
	assert_string_equal(shown("x", "a\0b", 3, 0, NULL), "base64:YQBi");
	assert_string_equal(shown("x", "\x1b[31m", 5, 0, NULL), "base64:G1szMW0=");
	assert_string_equal(shown("x", "a\x7f", 2, 0, NULL), "base64:YX8=");
	/* Not UTF-8: Windows-1252, overlong, surrogate, cut sequence. */
	assert_string_equal(shown("x", "J\xfcrgen", 6, 0, NULL), "base64:SvxyZ2Vu");
	assert_string_equal(shown("x", "\xc0\xaf", 2, 0, NULL), "base64:wK8=");
	assert_string_equal(shown("x", "\xed\xa0\x80", 3, 0, NULL), "base64:7aCA");
	assert_string_equal(shown("x", "\xe2\x82", 2, 0, NULL), "base64:4oI=");
	/* C1 (CSI), U+2028, RLO, LRI, RLM. */
	assert_string_equal(shown("x", "\xc2\x9b" "2J", 4, 0, NULL), "base64:wpsySg==");
	assert_string_equal(shown("x", "a\xe2\x80\xa8" "b", 5, 0, NULL), "base64:YeKAqGI=");
	assert_string_equal(shown("x", "\xe2\x80\xae" "gpj.exe", 10, 0, NULL),
	    "base64:4oCuZ3BqLmV4ZQ==");
	assert_string_equal(shown("x", "\xe2\x81\xa6" "x", 4, 0, NULL), "base64:4oGmeA==");
	assert_string_equal(shown("x", "\xe2\x80\x8f", 3, 0, NULL), "base64:4oCP");
	/* Text that would read as a display of bytes is itself bytes. */
	assert_string_equal(shown("x", "base64:YQ==", 11, 0, NULL),
	    "base64:YmFzZTY0OllRPT0=");
	/* Markup and quotes are text: each output quotes for its syntax. */
	assert_string_equal(shown("x", "<script>\"'", 10, 0, NULL), "<script>\"'");
}

static void
test_cut(void **state)
{
	char v[300];

	(void)state;
	memset(v, 'a', sizeof(v));
	assert_string_equal(shown("x", v, 10, 10, NULL), "aaaaaaaaaa");
	assert_string_equal(shown("x", v, 11, 10, NULL),
	    "aaaaaaaaaa ... (11 bytes)");
	/* Never inside a character: U+00FC is two bytes. */
	assert_string_equal(shown("x", "\xc3\xbc\xc3\xbc\xc3\xbc", 6, 3, NULL),
	    "\xc3\xbc ... (6 bytes)");
	/* base64 is cut too, and says how long the value was. */
	v[0] = '\n';
	assert_string_equal(shown("x", v, 300, 12, NULL),
	    "base64:CmFhY ... (300 bytes)");
	/* A display that fits is not cut, whatever the value's length. */
	assert_string_equal(shown("objectSid", sid, sizeof(sid), 19, NULL),
	    "S-1-5-21-1-2-3-1104");
}

static void
test_display_text(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	display_text(&b, slice_of("CN=Jane\\, Doe,DC=x"), DISPLAY_WHOLE);
	assert_string_equal((const char *)b.p, "CN=Jane\\, Doe,DC=x");
	buf_reset(&b);
	display_text(&b, slice_mem("CN=a\rb", 6), DISPLAY_WHOLE);
	assert_string_equal((const char *)b.p, "base64:Q049YQ1i");
	buf_release(&b);
	assert_true(display_is_text(slice_of("plain")));
	assert_false(display_is_text(slice_of("tab\there")));
}

/* AD time stamps: 100 ns since 1601 as UTC; 0 and 2^63-1 are "never". */
static void
filetime_is(const char *v, const char *want)
{
	struct buf b = BUF_INIT;
	bool ok = display_filetime(&b, slice_of(v));

	if (want == NULL) {
		assert_false(ok);
		assert_int_equal(b.n, 0);
	} else {
		assert_true(ok);
		assert_memory_equal(b.p, want, strlen(want));
		assert_int_equal(b.n, strlen(want));
	}
	buf_release(&b);
}

static void
test_filetime(void **state)
{
	(void)state;
	filetime_is("116444736000000000", "1970-01-01T00:00:00Z");
	filetime_is("131006912000000000", "2016-02-23T08:53:20Z");
	filetime_is("133501103000000000", "2024-01-19T03:58:20Z");
	filetime_is("1", "1601-01-01T00:00:00Z");
	filetime_is("864000000000", "1601-01-02T00:00:00Z");
	filetime_is("0", "never");
	filetime_is("9223372036854775807", "never");
	filetime_is("9223372036854775806", "30828-09-14T02:48:05Z");
	filetime_is("-1", NULL);
	filetime_is("9223372036854775808", NULL);
	filetime_is("12ab", NULL);
	filetime_is("", NULL);
}

/* display_sd: SDDL, or what is wrong, appended after what out holds. */
static void
test_display_sd(void **state)
{
	struct sdb b, aces = { { 0 }, 0 };
	struct buf out = BUF_INIT;

	(void)state;
	sdb_synthetic(&b);
	buf_puts(&out, "x: ");
	assert_int_equal(display_sd(&out, sdb_slice(&b)), 0);
	assert_string_equal((const char *)out.p, "x: O:SYD:(A;CI;CCRC;;;PS)"
	    "(A;CI;CCLC;;;S-1-5-21-3623811015-3361044348-30300820-1013)");
	buf_reset(&out);
	b.n = 19;
	assert_int_equal(display_sd(&out, sdb_slice(&b)), -1);
	assert_string_equal((const char *)out.p, "not a valid security "
	    "descriptor: descriptor shorter than its 20-byte header (at byte "
	    "0)");
	buf_reset(&out);
	sdb_synthetic(&b);
	sdb_set32(&b, 16, 30);
	assert_int_equal(display_sd(&out, sdb_slice(&b)), -1);
	assert_string_equal((const char *)out.p, "not a valid security "
	    "descriptor: DACL offset is not a multiple of 4 (at byte 16)");
	/* parses, but SDDL cannot spell it: nothing half-written stays */
	buf_reset(&out);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0x20, 0x1, MASTER, -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, SYSTEM, 2, &aces, 1);
	buf_puts(&out, "x: ");
	assert_int_equal(display_sd(&out, sdb_slice(&b)), -1);
	assert_string_equal((const char *)out.p, "x: no SDDL for it: ACE flag "
	    "0x20 has no SDDL spelling (at byte 41)");
	buf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attr_kind),
		cmocka_unit_test(test_sid_guid),
		cmocka_unit_test(test_text_and_hostile),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_display_text),
		cmocka_unit_test(test_filetime),
		cmocka_unit_test(test_display_sd),
	};

	return cmocka_run_group_tests_name("display", tests, NULL, NULL);
}
