/*
 * cli.c: messages on standard error (see cli.h).
 */
#include "cmd/cli.h"

#include <stdarg.h>
#include <stdio.h>

#include "ldif/display.h"

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("ldfix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_diag(const struct diag *d)
{
	char line[1024];

	diag_format(d, line, sizeof(line));
	cli_warn("%s", line);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ldfix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ldfix %s%s--help'.\n", cmd ? cmd : "",
	    cmd ? " " : "");
	return EXIT_ERROR;
}

const char *
cli_dn(struct buf *b, struct slice dn)
{
	buf_reset(b);
	display_text(b, dn, DISPLAY_WHOLE);
	return (const char *)b->p;
}
