/*
 * re.h: the regular expressions of rules: POSIX extended syntax as TRE
 * reads it, matched in time linear in the subject. Every build links TRE
 * (Debian's libtre; the Windows and static builds compile Debian's source
 * package): its parallel matcher keeps a set of automaton states per input
 * byte, so a value of n bytes costs O(n * pattern size), never the
 * backtracking blow-up of the C library's regexec. TRE falls back to
 * backtracking only for back-references, and to its approximate matcher
 * for {~...} bounds: re_check refuses both before anything is compiled,
 * and re_compile checks again with TRE's own view of the compiled pattern.
 *
 * TRE matches bytes (ldfix never sets a locale, so TRE sees the C locale
 * in every build): "." is one byte, a UTF-8 letter two or more.
 *
 * regex_t and REG_* come from <tre/tre.h>; regcomp, regexec, regerror and
 * regfree name TRE's functions here, so that no TRE regex_t can reach the C
 * library's functions of the same names.
 */
#ifndef LDFIX_RE_H
#define LDFIX_RE_H

#include <stdbool.h>
#include <stddef.h>

#include <tre/tre.h>
#define regcomp tre_regcomp
#define regexec tre_regexec
#define regerror tre_regerror
#define regfree tre_regfree

/* The largest a pattern may grow once TRE writes out its {m,n} bounds
 * (a{3} is aaa): the matcher's work per byte grows with it. */
#define RE_MAX_SIZE 1000

/* Why re_check refused a pattern. */
struct re_refusal {
	size_t at;              /* byte offset in the pattern */
	char what[48];          /* the construct: "back-reference \\5" */
	const char *why;        /* why it is refused, a clause */
};

/*
 * re_check: 0 when pattern (n bytes, extended syntax) is one TRE matches
 * in linear time, else -1 with *r saying where and why: a back-reference
 * (\0 to \9: TRE reads \0 as one too), an approximate bound ({~2},
 * {1,3 +1}), or bounds that grow the pattern past RE_MAX_SIZE. Syntax
 * errors are left to TRE.
 */
int re_check(const char *pattern, size_t n, struct re_refusal *r);

/*
 * re_compile: re_check, then TRE's regncomp with REG_EXTENDED | REG_NOSUB.
 * 0; -1 with *r set (nothing to free); or a TRE error code > 0, which
 * re_error describes (nothing to free either). Free a compiled one with
 * regfree.
 */
int re_compile(regex_t *re, const char *pattern, size_t n,
    struct re_refusal *r);

/* re_error: TRE's message for code (from re_compile) into out. */
void re_error(int code, const regex_t *re, char *out, size_t outsz);

/* re_match: the pattern matches somewhere in the n bytes at p. */
bool re_match(const regex_t *re, const void *p, size_t n);

#endif
