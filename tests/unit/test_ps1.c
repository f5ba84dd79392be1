/*
 * test_ps1.c: the PowerShell plan's literals (tasks/ps1.h): exact text for
 * plain values, each of the five single quotes doubled, controls and bidi
 * characters as [char] codes joined to text, and no literal at all for a
 * value that is not UTF-8. tests/t_ps1.sh reads whole scripts back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"
#include "tasks/ps1.h"

/* The literal for n bytes of v, as a C string in a static buffer, or
 * "(refused)" when ps1_put_literal refuses it (then nothing was added). */
static const char *
lit(const char *v, size_t n)
{
	static char out[1024];
	struct buf b = BUF_INIT;

	buf_puts(&b, "");
	if (ps1_put_literal(&b, slice_mem(v, n)) < 0) {
		assert_int_equal(b.n, 0);
		buf_release(&b);
		return "(refused)";
	}
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n + 1);
	buf_release(&b);
	return out;
}

#define LIT(s) lit((s), sizeof(s) - 1)

static void
test_plain(void **state)
{
	(void)state;
	assert_string_equal(LIT(""), "''");
	assert_string_equal(LIT("CN=Doe\\, John,DC=x"), "'CN=Doe\\, John,DC=x'");
	/* Nothing but a quote is special: $, backtick, #>, " stay. */
	assert_string_equal(LIT("$(x) `n $env:y #> <# \""),
	    "'$(x) `n $env:y #> <# \"'");
	assert_string_equal(LIT("J\xc3\xbcrgen \xf0\x9f\x98\x80"),
	    "'J\xc3\xbcrgen \xf0\x9f\x98\x80'");
}

static void
test_quotes_doubled(void **state)
{
	(void)state;
	assert_string_equal(LIT("O'Brien"), "'O''Brien'");
	assert_string_equal(LIT("'"), "''''");
	/* U+2018, U+2019, U+201A, U+201B each doubled as itself. */
	assert_string_equal(LIT("\xe2\x80\x98" "a" "\xe2\x80\x99"),
	    "'\xe2\x80\x98\xe2\x80\x98" "a" "\xe2\x80\x99\xe2\x80\x99'");
	assert_string_equal(LIT("\xe2\x80\x9a\xe2\x80\x9b"),
	    "'\xe2\x80\x9a\xe2\x80\x9a\xe2\x80\x9b\xe2\x80\x9b'");
	/* Double quotes (U+201C, U+201D) are not single quotes. */
	assert_string_equal(LIT("\xe2\x80\x9c"), "'\xe2\x80\x9c'");
}

static void
test_controls_as_char(void **state)
{
	(void)state;
	assert_string_equal(LIT("a\nb"), "('a' + [char]0x000A + 'b')");
	/* A code first still joins strings: '' leads. */
	assert_string_equal(LIT("\r\n"), "('' + [char]0x000D + [char]0x000A)");
	assert_string_equal(LIT("x\0"), "('x' + [char]0x0000)");
	assert_string_equal(LIT("\x1b[1m'"), "('' + [char]0x001B + '[1m''')");
	/* C1 (NEL), U+2028, bidi override and mark. */
	assert_string_equal(LIT("\xc2\x85\xe2\x80\xa8\xe2\x80\xae\xe2\x80\x8f"),
	    "('' + [char]0x0085 + [char]0x2028 + [char]0x202E + [char]0x200F)");
	assert_string_equal(LIT("a\tb\x7f"), "('a' + [char]0x0009 + 'b' + [char]0x007F)");
}

static void
test_not_utf8_refused(void **state)
{
	(void)state;
	assert_string_equal(LIT("a\xff"), "(refused)");
	assert_string_equal(LIT("\xc0\xaf"), "(refused)");          /* overlong */
	assert_string_equal(LIT("\xed\xa0\x80"), "(refused)");      /* surrogate */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quotes_doubled),
		cmocka_unit_test(test_controls_as_char),
		cmocka_unit_test(test_not_utf8_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
