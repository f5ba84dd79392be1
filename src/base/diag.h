/*
 * diag.h: the error record every module fills instead of printing.
 *
 * Modules return -1 (or another documented failure code) and describe the
 * problem in a caller-owned struct diag. Only main.c turns one into the
 * compiler-style line "ldfix: FILE:LINE:COL: message" on stderr.
 * Lines and columns are 1-based; 0 means "not known" and is left out.
 */
#ifndef LDFIX_DIAG_H
#define LDFIX_DIAG_H

#include <stdarg.h>

#define DIAG_MSG_MAX 512

struct diag {
	char file[256];         /* input name as the user gave it, "-" is stdin */
	unsigned long line;     /* 1-based, 0 when the error has no position */
	unsigned long col;      /* 1-based, 0 when unknown */
	char msg[DIAG_MSG_MAX];
};

void diag_clear(struct diag *d);
/* diag_set: fill d and return -1, so callers can "return diag_set(...)". */
int diag_set(struct diag *d, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int diag_vset(struct diag *d, const char *file, unsigned long line,
    unsigned long col, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* diag_format: "FILE:LINE:COL: msg" (parts that are unknown left out). */
void diag_format(const struct diag *d, char *out, unsigned long outsz);

#endif
