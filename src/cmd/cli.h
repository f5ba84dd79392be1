/*
 * cli.h: how the command layer talks to the user: the exit statuses and
 * the messages on standard error. Only the command layer (src/cmd and
 * src/main.c) prints; the modules below fill a struct diag, which
 * cli_diag() turns into the compiler-style line
 * "ldfix: FILE:LINE:COL: message".
 */
#ifndef LDFIX_CLI_H
#define LDFIX_CLI_H

#include "base/buf.h"
#include "base/diag.h"

#define EXIT_FOUND 1            /* check: pending; apply: records failed */
#define EXIT_ERROR 2            /* usage, bad input or rules, failed write */

/* cli_warn: "ldfix: " and the message, on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cli_diag: a filled struct diag, compiler style. */
void cli_diag(const struct diag *d);

/*
 * cli_usage_error: the message and "Try 'ldfix CMD --help'." (cmd may be
 * NULL: "Try 'ldfix --help'."). Returns EXIT_ERROR.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* cli_dn: dn as it is shown on the terminal (display.h): into b, whole. */
const char *cli_dn(struct buf *b, struct slice dn);

#endif
