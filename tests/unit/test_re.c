/*
 * test_re.c: rule regexes (src/base/re.c): what re_check refuses and
 * where (back-references, approximate bounds, bounds that grow the
 * pattern past RE_MAX_SIZE), what it leaves alone (the same characters
 * inside brackets and \Q...\E), and that TRE agrees on what it compiled.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/re.h"

static void
assert_refused(const char *pat, size_t at, const char *what)
{
	struct re_refusal r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(re_check(pat, strlen(pat), &r), -1);
	assert_int_equal(r.at, at);
	assert_string_equal(r.what, what);
	assert_non_null(r.why);
}

static void
assert_accepted(const char *pat)
{
	struct re_refusal r;
	regex_t re;

	assert_int_equal(re_check(pat, strlen(pat), &r), 0);
	assert_int_equal(re_compile(&re, pat, strlen(pat), &r), 0);
	regfree(&re);
}

static void
test_backreferences(void **state)
{
	(void)state;
	/* The two patterns of issue 10: 25 s on 100 bytes, 217 MB on 400
	 * bytes with the C library's backtracking regexec. */
	assert_refused("(.*)(.*)(.*)(.*)(.*)\\5\\4x", 20, "back-reference \\5");
	assert_refused("^(a*)*\\1\\1b$", 6, "back-reference \\1");
	assert_refused("(a)\\9", 3, "back-reference \\9");
	/* TRE reads \0 as one too (the whole match). */
	assert_refused("a\\0", 1, "back-reference \\0");
	/* Not back-references: escaped backslashes, inside brackets or
	 * \Q...\E quoting. */
	assert_accepted("a\\\\1");
	assert_accepted("[\\1]");
	assert_accepted("[]\\1]");
	assert_accepted("[[:digit:]\\1]");
	assert_accepted("\\Q\\1\\E");
}

static void
test_approximate(void **state)
{
	(void)state;
	assert_refused("contoso{~2}", 7, "approximate bound {~2}");
	assert_refused("a{1,3 ~1}", 1, "approximate bound {1,3 ~1}");
	assert_refused("(ab){+1-1#1}", 4, "approximate bound {+1-1#1}");
	assert_accepted("a{2}b{1,}c{0,3}d{,3}");
	/* What a message shows of the pattern is printable (fuzz_rules). */
	assert_refused("a{~\r\n\x1b[2J}", 1, "approximate bound {~???[2J}");
}

static void
test_size(void **state)
{
	(void)state;
	assert_accepted("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
	    "[0-9a-f]{12}");
	assert_accepted("a{255}");
	assert_accepted("(a{1,10}){1,100}");            /* exactly 1000 */
	assert_refused("(a{1,10}){1,101}", 9, "bound {1,101}");
	assert_refused("((a{1,20}){1,20}){1,20}b", 17, "bound {1,20}");
	/* Alternatives count every branch. */
	assert_refused("(ab|cd|ef|gh|ij){1,101}", 16, "bound {1,101}");
	/* A long pattern without bounds. */
	{
		char big[1100];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_refused(big, 0, "the pattern");
	}
}

static void
test_linear_match(void **state)
{
	static char value[1 << 20];
	struct re_refusal r;
	regex_t re;
	const char *pat = "[a-z]+@contoso[.]com";

	(void)state;
	/* 11 s on 100 KB and minutes on 1 MB with the C library's regexec;
	 * TRE's parallel matcher takes milliseconds. */
	memset(value, 'a', sizeof(value));
	assert_int_equal(re_compile(&re, pat, strlen(pat), &r), 0);
	assert_false(re_match(&re, value, sizeof(value)));
	memcpy(value + sizeof(value) - 12, "@contoso.com", 12);
	assert_true(re_match(&re, value, sizeof(value)));
	/* Bytes, NUL included, up to the length given. */
	assert_true(re_match(&re, "x\0y@contoso.com", 15));
	assert_false(re_match(&re, "y@contoso.com", 12));
	regfree(&re);
}

static void
test_syntax_errors_are_tre(void **state)
{
	struct re_refusal r;
	regex_t re;
	char msg[128];
	int rc;

	(void)state;
	rc = re_compile(&re, "a((b", 4, &r);
	assert_true(rc > 0);
	re_error(rc, &re, msg, sizeof(msg));
	assert_string_equal(msg, "Missing ')'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backreferences),
		cmocka_unit_test(test_approximate),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_linear_match),
		cmocka_unit_test(test_syntax_errors_are_tre),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
