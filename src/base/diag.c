/*
 * diag.c: filling and formatting struct diag.
 */
#include "base/diag.h"

#include <stdio.h>
#include <string.h>

void
diag_clear(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

int
diag_vset(struct diag *d, const char *file, unsigned long line,
    unsigned long col, const char *fmt, va_list ap)
{
	if (d == NULL)
		return -1;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	d->col = col;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	return -1;
}

int
diag_set(struct diag *d, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void
diag_format(const struct diag *d, char *out, unsigned long outsz)
{
	if (d->file[0] && d->line && d->col)
		snprintf(out, outsz, "%s:%lu:%lu: %s", d->file, d->line,
		    d->col, d->msg);
	else if (d->file[0] && d->line)
		snprintf(out, outsz, "%s:%lu: %s", d->file, d->line, d->msg);
	else if (d->file[0])
		snprintf(out, outsz, "%s: %s", d->file, d->msg);
	else
		snprintf(out, outsz, "%s", d->msg);
}
