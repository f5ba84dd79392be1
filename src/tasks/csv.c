/*
 * csv.c: the CSV reader of csv.h.
 */
#include "tasks/csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void
csv_row_init(struct csv_row *row)
{
	memset(row, 0, sizeof(*row));
	buf_init(&row->store);
	row->next_line = 1;
}

void
csv_row_free(struct csv_row *row)
{
	free(row->fields);
	free(row->ends);
	buf_release(&row->store);
	csv_row_init(row);
}

static void
end_field(struct csv_row *row)
{
	grow_array(&row->ends, &row->ends_cap, row->nfields + 1,
	    sizeof(*row->ends));
	row->ends[row->nfields++] = row->store.n;
}

/* At byte i of text: does a field end here (sep, LF, CRLF or the end)? */
static bool
at_field_end(struct slice text, size_t i, int sep)
{
	if (i >= text.n || text.p[i] == sep || text.p[i] == '\n')
		return true;
	return text.p[i] == '\r' && (i + 1 == text.n || text.p[i + 1] == '\n');
}

/* A quoted field starting at text.p[*i] == '"': its content, quotes
 * undoubled, goes to row->store. -1 with *i at the offending byte. */
static int
quoted_field(struct slice text, size_t *i, int sep, struct csv_row *row)
{
	size_t k = *i + 1;

	for (;;) {
		if (k >= text.n) {
			*i = k;
			return -1;
		}
		if (text.p[k] == '"') {
			if (k + 1 < text.n && text.p[k + 1] == '"') {
				buf_putc(&row->store, '"');
				k += 2;
				continue;
			}
			k++;
			break;
		}
		if (text.p[k] == '\n')
			row->next_line++;
		buf_putc(&row->store, text.p[k++]);
	}
	*i = k;
	return at_field_end(text, k, sep) ? 0 : -1;
}

/* An unquoted field: everything up to sep or the line end. */
static void
plain_field(struct slice text, size_t *i, int sep, struct csv_row *row)
{
	size_t k = *i, start = row->store.n;

	while (k < text.n && text.p[k] != sep && text.p[k] != '\n')
		buf_putc(&row->store, text.p[k++]);
	/* A CR before the LF ends the line, it is not data: the field's
	 * own last byte only (an empty field must not take the CR that
	 * ends the field before it). */
	if (row->store.n > start && row->store.p[row->store.n - 1] == '\r' &&
	    (k == text.n || text.p[k] == '\n'))
		row->store.n--;
	*i = k;
}

int
csv_next_sep(struct slice text, size_t *pos, int sep, struct csv_row *row,
    size_t *errpos)
{
	size_t i = *pos, f, start;

	if (i == 0 && text.n >= 3 && memcmp(text.p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (i >= text.n)
		return 0;
	buf_reset(&row->store);
	row->nfields = 0;
	row->line = row->next_line;
	for (;;) {
		if (i < text.n && text.p[i] == '"') {
			if (quoted_field(text, &i, sep, row) < 0) {
				*errpos = i;
				return -1;
			}
		} else {
			plain_field(text, &i, sep, row);
		}
		end_field(row);
		if (i < text.n && text.p[i] == sep) {
			i++;
			continue;
		}
		if (i < text.n && text.p[i] == '\r')
			i++;
		if (i < text.n && text.p[i] == '\n') {
			i++;
			row->next_line++;
		}
		break;
	}
	*pos = i;
	/* Fields become slices only now: the store may have moved. */
	grow_array(&row->fields, &row->cap, row->nfields, sizeof(*row->fields));
	for (f = 0, start = 0; f < row->nfields; f++) {
		row->fields[f] = slice_mem(row->store.p + start,
		    row->ends[f] - start);
		start = row->ends[f];
	}
	return 1;
}

int
csv_next(struct slice text, size_t *pos, struct csv_row *row, size_t *errpos)
{
	return csv_next_sep(text, pos, ',', row, errpos);
}

int
csv_header_sep(struct slice line)
{
	static const int seps[] = { ',', ';', '\t' };
	size_t counts[3] = { 0, 0, 0 }, i, k;
	bool quoted = false;
	int best = 0;

	for (i = 0; i < line.n; i++) {
		if (line.p[i] == '"')
			quoted = !quoted;
		for (k = 0; k < 3 && !quoted; k++)
			if (line.p[i] == seps[k])
				counts[k]++;
	}
	for (k = 0, i = 0; k < 3; k++)
		if (counts[k] > i) {
			i = counts[k];
			best = seps[k];
		}
	return best;
}
