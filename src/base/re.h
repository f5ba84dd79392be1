/*
 * re.h: the POSIX regular expression API (regex_t, regcomp, regexec,
 * regerror, regfree, REG_EXTENDED, REG_NOSUB) from the C library, or from
 * TRE when built with -DLDFIX_REGEX_TRE (the Windows build: MinGW has no
 * <regex.h>; the static musl build, so that both match alike). TRE's
 * <tre/tre.h> declares the same API under tre_ names and its own regex_t.
 */
#ifndef LDFIX_RE_H
#define LDFIX_RE_H

#ifdef LDFIX_REGEX_TRE
#include <tre/tre.h>
#define regcomp tre_regcomp
#define regexec tre_regexec
#define regerror tre_regerror
#define regfree tre_regfree
#else
#include <regex.h>
#endif

#endif
