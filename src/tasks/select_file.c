/*
 * select_file.c: the names of an --only/--exclude @FILE, as reviewers and
 * their tools save them.
 *
 * Encoding: UTF-8 with or without a BOM, or UTF-16 with a BOM (what
 * Windows PowerShell 5's Out-File writes). Anything else that is not valid
 * UTF-8 (Excel's "CSV (Comma delimited)" saves the Windows code page) is
 * an error naming the line: a name in another encoding would silently
 * match nothing.
 *
 * Shape: a CSV when it starts with the "#TYPE ..." line of Windows
 * PowerShell's Export-Csv, or when its first line (the header row) starts
 * with a quote, or has several cells and no '=' (a DN always has one), or
 * is a single known column name; the
 * separator (',', ';' or TAB) is the one that splits the header best. The
 * identity column is found by name, case-insensitively, in this order:
 * DistinguishedName, SamAccountName, UserPrincipalName, Identity, Name
 * (what "ldfix find --format csv" and "Get-Mailbox | Export-Csv" write).
 * An Identity cell is a DN when it holds '=', a canonical name when it
 * holds '/', a userPrincipalName when it holds '@', else a name. A cell
 * "base64:..." is the report's display of bytes that are not plain text
 * (display.h) and is read back as those bytes. Anything else is a plain
 * list: one DN (with '='), userPrincipalName (with '@') or
 * sAMAccountName per line; blank lines and '#' lines are skipped.
 */
#include "tasks/select.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/base64.h"
#include "base/os.h"
#include "ldif/display.h"
#include "tasks/csv.h"

/* A selection file larger than this is not a reviewed list. */
#define SELECT_FILE_MAX ((size_t)256 << 20)

static const struct {
	const char *name;
	enum select_by by;
	bool identity;          /* what a cell is follows from its text */
} id_columns[] = {
	{ "DistinguishedName", SELECT_BY_DN, false },
	{ "SamAccountName", SELECT_BY_SAM, false },
	{ "UserPrincipalName", SELECT_BY_UPN, false },
	{ "Identity", SELECT_BY_NAME, true },
	{ "Name", SELECT_BY_NAME, false },
};
#define NID_COLUMNS (sizeof(id_columns) / sizeof(id_columns[0]))

static int
read_whole(const char *path, struct buf *out, struct diag *d)
{
	FILE *fp = os_fopen(path, "rb");
	unsigned char chunk[65536];
	size_t n;

	if (fp == NULL)
		return diag_set(d, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	    out->n <= SELECT_FILE_MAX)
		buf_put(out, chunk, n);
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		return diag_set(d, path, 0, 0, "cannot read: %s", strerror(e));
	}
	fclose(fp);
	if (out->n > SELECT_FILE_MAX)
		return diag_set(d, path, 0, 0, "larger than %zu MB: not a list "
		    "of names", SELECT_FILE_MAX >> 20);
	return 0;
}

/* The 1-based line of byte off of text. */
static unsigned long
line_of(struct slice text, size_t off)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < off && i < text.n; i++)
		if (text.p[i] == '\n')
			line++;
	return line;
}

/*
 * The file's text as UTF-8 in out (BOM removed, UTF-16 transcoded).
 * -1 with d naming the line of the first byte that is not text.
 */
static int
decode(const char *path, struct slice raw, struct buf *out, struct diag *d)
{
	size_t bad;
	long at;

	if (raw.n >= 2 && ((raw.p[0] == 0xFF && raw.p[1] == 0xFE) ||
	    (raw.p[0] == 0xFE && raw.p[1] == 0xFF))) {
		if (utf16_to_utf8(slice_mem(raw.p + 2, raw.n - 2),
		    raw.p[0] == 0xFE, out, &bad) < 0)
			return diag_set(d, path, line_of(buf_slice(out),
			    out->n), 0, "not valid UTF-16 (byte %zu)", bad + 2);
		return 0;
	}
	if (raw.n >= 3 && memcmp(raw.p, "\xEF\xBB\xBF", 3) == 0)
		raw = slice_mem(raw.p + 3, raw.n - 3);
	if ((at = utf8_invalid_at(raw)) >= 0)
		return diag_set(d, path, line_of(raw, (size_t)at), 0,
		    "not UTF-8 text (Excel's \"CSV (Comma delimited)\" uses "
		    "the Windows code page): save as CSV UTF-8");
	buf_putslice(out, raw);
	return 0;
}

static struct slice
trim_blanks(struct slice v)
{
	while (v.n > 0 && (v.p[0] == ' ' || v.p[0] == '\t')) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' ||
	    v.p[v.n - 1] == '\r'))
		v.n--;
	return v;
}

/* The first line of text from *pos (without its line end); *pos moves
 * past it. */
static struct slice
next_line(struct slice text, size_t *pos)
{
	const unsigned char *nl = memchr(text.p + *pos, '\n', text.n - *pos);
	size_t end = nl ? (size_t)(nl - text.p) : text.n;
	struct slice ln = slice_mem(text.p + *pos, end - *pos);

	*pos = nl ? end + 1 : text.n;
	return trim_blanks(ln);
}

/* What a name is by its text: a DN, a UPN, else by. */
static enum select_by
by_text(struct slice v, enum select_by by)
{
	if (memchr(v.p, '=', v.n) != NULL)
		return SELECT_BY_DN;
	if (by == SELECT_BY_NAME && memchr(v.p, '/', v.n) != NULL)
		return SELECT_BY_CANONICAL;
	if (memchr(v.p, '@', v.n) != NULL)
		return SELECT_BY_UPN;
	return by;
}

/* A header cell, unquoted and trimmed, that names an identity column. */
static int
id_column_of(struct slice cell)
{
	size_t k;

	cell = trim_blanks(cell);
	if (cell.n >= 2 && cell.p[0] == '"' && cell.p[cell.n - 1] == '"')
		cell = slice_mem(cell.p + 1, cell.n - 2);
	for (k = 0; k < NID_COLUMNS; k++)
		if (slice_eq_cstr_ci(cell, id_columns[k].name))
			return (int)k;
	return -1;
}

/* Is line a CSV header row? A quoted first cell, or several cells and
 * no '=', or one known column name. */
static bool
is_header(struct slice line)
{
	if (line.n > 0 && line.p[0] == '"')
		return true;
	if (line.n == 0 || memchr(line.p, '=', line.n) != NULL)
		return false;
	return csv_header_sep(line) != 0 || id_column_of(line) >= 0;
}

/* "FILE:LINE: a CSV needs ...; this one has A, B, C". */
static int
no_id_column(const char *path, const struct csv_row *row, struct diag *d)
{
	struct buf cols = BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < row->nfields && cols.n < 200; i++) {
		if (i)
			buf_puts(&cols, ", ");
		display_text(&cols, trim_blanks(row->fields[i]), 40);
	}
	rc = diag_set(d, path, row->line, 0, "a CSV selection needs a "
	    "DistinguishedName, SamAccountName, UserPrincipalName, Identity "
	    "or Name column; this one has %s", (const char *)cols.p);
	buf_release(&cols);
	return rc;
}

/* The identity column of a header row (by priority), or -1. */
static int
find_id_column(const struct csv_row *row, int *which)
{
	size_t k, i;

	for (k = 0; k < NID_COLUMNS; k++)
		for (i = 0; i < row->nfields; i++)
			if (id_column_of(row->fields[i]) == (int)k) {
				*which = (int)k;
				return (int)i;
			}
	return -1;
}

/* One cell of the identity column as a selector. */
static int
add_cell(struct select *s, enum select_kind kind, int which, struct slice v,
    const char *path, unsigned long line, struct buf *tmp, struct diag *d)
{
	enum select_by by = id_columns[which].by;
	size_t bad;

	/* The report writes a value that is not plain text as "base64:"
	 * and its bytes (display.h): read it back as those bytes. */
	if (v.n >= 7 && memcmp(v.p, "base64:", 7) == 0) {
		buf_reset(tmp);
		if (base64_decode(tmp, slice_mem(v.p + 7, v.n - 7), &bad) < 0)
			return diag_set(d, path, line, 0, "%s: the %s is not "
			    "valid base64 after \"base64:\"",
			    select_kind_option(kind), id_columns[which].name);
		v = buf_slice(tmp);
	}
	if (id_columns[which].identity)
		by = by_text(v, by);
	return select_add_key(s, kind, by, v, path, line, d);
}

/* A CSV whose header row starts at pos; one selector per data row. */
static int
add_from_csv(struct select *s, enum select_kind kind, struct slice text,
    size_t pos, unsigned long line, const char *path, struct diag *d)
{
	struct csv_row row;
	struct buf tmp = BUF_INIT;
	size_t at = pos, errpos;
	int sep, col = -1, which = 0, rc;

	sep = csv_header_sep(next_line(text, &at));
	if (sep == 0)
		sep = ',';
	csv_row_init(&row);
	row.next_line = line;
	rc = csv_next_sep(text, &pos, sep, &row, &errpos);
	if (rc > 0 && (col = find_id_column(&row, &which)) < 0)
		rc = no_id_column(path, &row, d);
	while (rc > 0 && (rc = csv_next_sep(text, &pos, sep, &row,
	    &errpos)) == 1) {
		struct slice v;

		if ((size_t)col >= row.nfields)
			continue;
		v = trim_blanks(row.fields[col]);
		if (v.n > 0 && add_cell(s, kind, which, v, path, row.line,
		    &tmp, d) < 0)
			rc = -1;
	}
	if (rc < 0 && d->msg[0] == '\0')
		diag_set(d, path, row.line, 0,
		    "unterminated or malformed quoted CSV field");
	csv_row_free(&row);
	buf_release(&tmp);
	return rc < 0 ? -1 : 0;
}

/* One name per line; blank lines and lines starting with '#' skipped. */
static int
add_from_lines(struct select *s, enum select_kind kind, struct slice text,
    size_t pos, unsigned long line, const char *path, struct diag *d)
{
	for (; pos < text.n; line++) {
		struct slice v = next_line(text, &pos);

		if (v.n == 0 || v.p[0] == '#')
			continue;
		if (select_add_key(s, kind, by_text(v, SELECT_BY_SAM), v, path,
		    line, d) < 0)
			return -1;
	}
	return 0;
}

int
select_add_file(struct select *s, enum select_kind kind, const char *path,
    struct diag *d)
{
	struct buf raw = BUF_INIT;
	int rc;

	diag_clear(d);
	rc = read_whole(path, &raw, d);
	if (rc == 0)
		rc = select_add_text(s, kind, path, buf_slice(&raw), d);
	buf_release(&raw);
	return rc;
}

int
select_add_text(struct select *s, enum select_kind kind, const char *path,
    struct slice raw, struct diag *d)
{
	struct buf text = BUF_INIT;
	struct slice t, first;
	size_t pos = 0, start;
	unsigned long line = 1;
	bool typed;
	int rc;

	diag_clear(d);
	if (decode(path, raw, &text, d) < 0) {
		buf_release(&text);
		return -1;
	}
	t = buf_slice(&text);
	/* Windows PowerShell's Export-Csv: "#TYPE System.Object..." first. */
	start = pos;
	first = next_line(t, &pos);
	typed = first.n >= 5 && memcmp(first.p, "#TYPE", 5) == 0;
	if (typed) {
		start = pos;
		line = 2;
		first = next_line(t, &pos);
	}
	if (typed || is_header(first))
		rc = add_from_csv(s, kind, t, start, line, path, d);
	else
		rc = add_from_lines(s, kind, t, start, line, path, d);
	buf_release(&text);
	return rc;
}
