/*
 * csv.h: reading CSV as Excel and PowerShell write it (RFC 4180 and what
 * those tools add): fields separated by ',' (or ';' or TAB, as Excel writes
 * in locales whose list separator is ';'), optionally quoted with '"' (a
 * quote inside doubled), quoted fields may hold separators and line breaks,
 * rows end with LF or CRLF, a UTF-8 BOM at the start is skipped. Used to
 * read reviewed selections (select_file.c) and, in tests, the reports.
 */
#ifndef LDFIX_CSV_H
#define LDFIX_CSV_H

#include <stddef.h>

#include "base/buf.h"

struct csv_row {
	struct slice *fields;
	size_t nfields, cap;
	size_t *ends;           /* field i is store[start_i .. ends[i]) */
	size_t ends_cap;
	struct buf store;
	unsigned long line;     /* 1-based line the row starts on */
	unsigned long next_line;
};

void csv_row_init(struct csv_row *row);
void csv_row_free(struct csv_row *row);

/*
 * csv_next_sep: read the row starting at *pos of text, fields separated by
 * sep. Returns 1 with the row's fields (valid until the next call on row
 * or csv_row_free), 0 at the end of text, -1 on an unterminated quote or
 * text after a closing quote (*errpos is then the byte offset).
 * csv_next: the same with ','.
 */
int csv_next_sep(struct slice text, size_t *pos, int sep, struct csv_row *row,
    size_t *errpos);
int csv_next(struct slice text, size_t *pos, struct csv_row *row,
    size_t *errpos);

/*
 * csv_header_sep: the separator of a header line (one line, no line end):
 * of ',', ';' and TAB the one outside quotes that splits it into the most
 * fields; 0 when none occurs.
 */
int csv_header_sep(struct slice line);

#endif
