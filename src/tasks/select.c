/*
 * select.c: entry selection by DN, sAMAccountName, list file, reviewed CSV
 * and subtree (see select.h), and the CSV reader it needs.
 *
 * --only/--exclude selectors can number in the tens of thousands (a CSV of
 * every linked mailbox), so they are sorted once and looked up by binary
 * search; --under/--not-under bases are few and scanned.
 */
#include "tasks/select.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/dn.h"
#include "base/os.h"

struct select_key {
	struct slice key;
	int kind;
	bool is_dn;
	size_t index;           /* into items[] */
};

void
select_init(struct select *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->ndn);
	buf_init(&s->lname);
}

void
select_free(struct select *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		buf_release(&s->items[i].text);
		buf_release(&s->items[i].key);
		free(s->items[i].file);
	}
	free(s->items);
	free(s->order);
	buf_release(&s->ndn);
	buf_release(&s->lname);
	select_init(s);
}

const char *
select_kind_option(enum select_kind kind)
{
	switch (kind) {
	case SELECT_ONLY: return "--only";
	case SELECT_EXCLUDE: return "--exclude";
	case SELECT_UNDER: return "--under";
	case SELECT_NOT_UNDER: return "--not-under";
	}
	return "?";
}

bool
select_active(const struct select *s)
{
	return s->nitems > 0;
}

/* v lower-cased as AD compares sAMAccountNames (all scripts). */
static void
lower_into(struct buf *out, struct slice v)
{
	buf_reset(out);
	dn_fold_case(out, v);
}

/* Add one selector; file/line say where it came from for messages. */
static int
add_item(struct select *s, enum select_kind kind, struct slice text,
    const char *file, unsigned long line, struct diag *d)
{
	struct select_item *it;
	bool is_dn;

	if (text.n == 0)
		return diag_set(d, file ? file : "", line, 0,
		    "%s: empty name", select_kind_option(kind));
	is_dn = kind == SELECT_UNDER || kind == SELECT_NOT_UNDER ||
	    memchr(text.p, '=', text.n) != NULL;
	grow_array(&s->items, &s->cap, s->nitems + 1, sizeof(*s->items));
	it = &s->items[s->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->is_dn = is_dn;
	buf_init(&it->text);
	buf_init(&it->key);
	buf_putslice(&it->text, text);
	if (is_dn) {
		if (dn_normalize(text, &it->key) < 0) {
			buf_release(&it->text);
			buf_release(&it->key);
			return diag_set(d, file ? file : "", line, 0,
			    "%s: '%.*s' is not a valid DN",
			    select_kind_option(kind),
			    (int)(text.n > 200 ? 200 : text.n),
			    (const char *)text.p);
		}
	} else {
		lower_into(&it->key, text);
	}
	it->file = file ? xstrdup(file) : NULL;
	it->line = line;
	s->nitems++;
	s->prepared = false;
	if (kind == SELECT_ONLY)
		s->have_only = true;
	if (kind == SELECT_UNDER)
		s->have_under = true;
	return 0;
}

static int
read_whole(const char *path, struct buf *out, struct diag *d)
{
	FILE *fp = os_fopen(path, "rb");
	unsigned char chunk[65536];
	size_t n;

	if (fp == NULL)
		return diag_set(d, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(out, chunk, n);
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		return diag_set(d, path, 0, 0, "cannot read: %s", strerror(e));
	}
	fclose(fp);
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

/* A CSV whose header row has a DistinguishedName column: one selector per
 * row from that column. Returns 1 if text was such a CSV, 0 if not, -1. */
static int
add_from_csv(struct select *s, enum select_kind kind, struct slice text,
    const char *path, struct diag *d)
{
	struct csv_row row;
	struct buf dn = BUF_INIT;
	size_t pos = 0, col, errpos, i;
	int rc;

	csv_row_init(&row);
	rc = csv_next(text, &pos, &row, &errpos);
	if (rc <= 0) {
		csv_row_free(&row);
		return 0;
	}
	for (col = 0; col < row.nfields; col++)
		if (slice_eq_cstr_ci(trim_blanks(row.fields[col]),
		    "DistinguishedName"))
			break;
	if (col == row.nfields) {
		csv_row_free(&row);
		return 0;
	}
	while ((rc = csv_next(text, &pos, &row, &errpos)) == 1) {
		struct slice v;
		size_t bad;

		if (row.nfields <= col)
			continue;
		v = trim_blanks(row.fields[col]);
		if (v.n == 0)
			continue;
		/* The report writes a DN without a text form (control bytes)
		 * as "base64:" and its bytes: read it back as that DN. */
		buf_reset(&dn);
		if (v.n >= 7 && memcmp(v.p, "base64:", 7) == 0) {
			if (base64_decode(&dn, slice_mem(v.p + 7, v.n - 7),
			    &bad) < 0) {
				unsigned long line = row.line;

				csv_row_free(&row);
				buf_release(&dn);
				return diag_set(d, path, line, 0,
				    "%s: the DistinguishedName is not valid "
				    "base64 after \"base64:\"",
				    select_kind_option(kind));
			}
			v = buf_slice(&dn);
		}
		if (add_item(s, kind, v, path, row.line, d) < 0) {
			csv_row_free(&row);
			buf_release(&dn);
			return -1;
		}
	}
	buf_release(&dn);
	if (rc < 0) {
		unsigned long line = 1;

		for (i = 0; i < errpos && i < text.n; i++)
			if (text.p[i] == '\n')
				line++;
		csv_row_free(&row);
		return diag_set(d, path, line, 0,
		    "unterminated or malformed quoted CSV field");
	}
	csv_row_free(&row);
	return 1;
}

/* One name per line; blank lines and lines starting with '#' skipped. */
static int
add_from_lines(struct select *s, enum select_kind kind, struct slice text,
    const char *path, struct diag *d)
{
	size_t pos = 0;
	unsigned long line = 0;

	while (pos < text.n) {
		const unsigned char *nl = memchr(text.p + pos, '\n',
		    text.n - pos);
		size_t end = nl ? (size_t)(nl - text.p) : text.n;
		struct slice v;

		v = trim_blanks(slice_mem(text.p + pos, end - pos));

		line++;
		pos = nl ? end + 1 : text.n;
		if (v.n == 0 || v.p[0] == '#')
			continue;
		if (add_item(s, kind, v, path, line, d) < 0)
			return -1;
	}
	return 0;
}

int
select_add(struct select *s, enum select_kind kind, const char *arg,
    struct diag *d)
{
	struct buf content = BUF_INIT;
	struct slice text;
	size_t before;
	int rc;

	if ((kind == SELECT_ONLY || kind == SELECT_EXCLUDE) && arg[0] == '@') {
		const char *path = arg + 1;

		if (read_whole(path, &content, d) < 0) {
			buf_release(&content);
			return -1;
		}
		text = buf_slice(&content);
		if (text.n >= 3 && memcmp(text.p, "\xEF\xBB\xBF", 3) == 0) {
			text.p += 3;
			text.n -= 3;
		}
		before = s->nitems;
		rc = add_from_csv(s, kind, text, path, d);
		if (rc == 0)
			rc = add_from_lines(s, kind, text, path, d);
		buf_release(&content);
		if (rc < 0)
			return -1;
		/* A reviewed list from which every row was deleted means
		 * "none of these": it must not fall back to "everything". */
		if (kind == SELECT_ONLY && s->nitems == before)
			return diag_set(d, path, 0, 0, "--only %s selects no "
			    "entry: the file names no DN or sAMAccountName",
			    arg);
		return 0;
	}
	return add_item(s, kind, slice_of(arg), NULL, 0, d);
}

static int
cmp_key(const void *pa, const void *pb)
{
	const struct select_key *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->is_dn != b->is_dn)
		return a->is_dn ? 1 : -1;
	c = slice_cmp(&a->key, &b->key);
	if (c != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sort the ONLY/EXCLUDE keys and flag repeated selectors. */
static void
prepare(struct select *s)
{
	size_t i, n = 0;

	free(s->order);
	s->order = xreallocarray(NULL, s->nitems ? s->nitems : 1,
	    sizeof(*s->order));
	for (i = 0; i < s->nitems; i++) {
		struct select_item *it = &s->items[i];

		it->duplicate = false;
		if (it->kind != SELECT_ONLY && it->kind != SELECT_EXCLUDE)
			continue;
		s->order[n].key = buf_slice(&it->key);
		s->order[n].kind = (int)it->kind;
		s->order[n].is_dn = it->is_dn;
		s->order[n].index = i;
		n++;
	}
	s->norder = n;
	if (n > 1)
		qsort(s->order, n, sizeof(*s->order), cmp_key);
	for (i = 1; i < n; i++) {
		const struct select_key *a = &s->order[i - 1];
		const struct select_key *b = &s->order[i];

		if (a->kind == b->kind && a->is_dn == b->is_dn &&
		    slice_eq(a->key, b->key))
			s->items[b->index].duplicate = true;
	}
	s->prepared = true;
}

/* Mark every selector of kind with this key; true if there was one. */
static bool
lookup_mark(struct select *s, enum select_kind kind, bool is_dn,
    struct slice key)
{
	size_t lo = 0, hi = s->norder, i;
	bool found = false;

	/* Lower bound of (kind, is_dn, key). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct select_key *m = &s->order[mid];
		int c;

		if (m->kind != (int)kind)
			c = m->kind < (int)kind ? -1 : 1;
		else if (m->is_dn != is_dn)
			c = m->is_dn ? 1 : -1;
		else
			c = slice_cmp(&m->key, &key);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < s->norder; i++) {
		const struct select_key *m = &s->order[i];

		if (m->kind != (int)kind || m->is_dn != is_dn ||
		    !slice_eq(m->key, key))
			break;
		s->items[m->index].matched = true;
		found = true;
	}
	return found;
}

/* Does a --only/--exclude selector of kind name e? */
static bool
names_entry(struct select *s, enum select_kind kind, bool dn_ok,
    const struct entry_attr *sam)
{
	bool hit = false;
	size_t i;

	if (dn_ok && lookup_mark(s, kind, true, buf_slice(&s->ndn)))
		hit = true;
	for (i = 0; sam && i < sam->nvals; i++) {
		lower_into(&s->lname, sam->vals[i]);
		if (lookup_mark(s, kind, false, buf_slice(&s->lname)))
			hit = true;
	}
	return hit;
}

/* Is there a --not-under, or an --exclude naming a DN? */
static bool
excludes_by_dn(const struct select *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (s->items[i].kind == SELECT_NOT_UNDER ||
		    (s->items[i].kind == SELECT_EXCLUDE && s->items[i].is_dn))
			return true;
	return false;
}

bool
select_entry(struct select *s, const struct entry *e)
{
	const struct entry_attr *sam;
	bool dn_ok, selected = true, in_under = false;
	size_t i;

	if (s->nitems == 0)
		return true;
	if (!s->prepared)
		prepare(s);
	buf_reset(&s->ndn);
	dn_ok = dn_normalize(e->dn, &s->ndn) == 0;
	sam = entry_get_type(e, slice_of("sAMAccountName"));
	if (s->have_only && !names_entry(s, SELECT_ONLY, dn_ok, sam))
		selected = false;
	if (names_entry(s, SELECT_EXCLUDE, dn_ok, sam))
		selected = false;
	for (i = 0; i < s->nitems; i++) {
		struct select_item *it = &s->items[i];

		if (it->kind != SELECT_UNDER && it->kind != SELECT_NOT_UNDER)
			continue;
		if (!dn_ok || !dn_is_under_norm(buf_slice(&s->ndn),
		    buf_slice(&it->key)))
			continue;
		it->matched = true;
		if (it->kind == SELECT_UNDER)
			in_under = true;
		else
			selected = false;
	}
	if (s->have_under && !in_under)
		selected = false;
	/* A DN that does not parse cannot be shown to lie outside a
	 * --not-under base or to differ from an --exclude DN (AD and OpenLDAP
	 * still read "CN=a;OU=b,..." as RDNs): fail closed. */
	if (!dn_ok && selected && excludes_by_dn(s))
		selected = false;
	return selected;
}

size_t
select_each_unmatched(const struct select *s, select_unmatched_fn fn,
    void *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < s->nitems; i++) {
		const struct select_item *it = &s->items[i];

		if (it->matched || it->duplicate)
			continue;
		n++;
		if (fn)
			fn(ctx, it);
	}
	return n;
}

/* ---- CSV ---- */

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

/* At byte i of text: does a field end here (',', LF, CRLF or the end)? */
static bool
at_field_end(struct slice text, size_t i)
{
	if (i >= text.n || text.p[i] == ',' || text.p[i] == '\n')
		return true;
	return text.p[i] == '\r' && (i + 1 == text.n || text.p[i + 1] == '\n');
}

/* A quoted field starting at text.p[*i] == '"': its content, quotes
 * undoubled, goes to row->store. -1 with *i at the offending byte. */
static int
quoted_field(struct slice text, size_t *i, struct csv_row *row)
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
	return at_field_end(text, k) ? 0 : -1;
}

/* An unquoted field: everything up to ',' or the line end. */
static void
plain_field(struct slice text, size_t *i, struct csv_row *row)
{
	size_t k = *i;

	while (k < text.n && text.p[k] != ',' && text.p[k] != '\n')
		buf_putc(&row->store, text.p[k++]);
	/* A CR before the LF ends the line, it is not data. */
	if (row->store.n > 0 && row->store.p[row->store.n - 1] == '\r' &&
	    (k == text.n || text.p[k] == '\n'))
		row->store.n--;
	*i = k;
}

int
csv_next(struct slice text, size_t *pos, struct csv_row *row, size_t *errpos)
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
			if (quoted_field(text, &i, row) < 0) {
				*errpos = i;
				return -1;
			}
		} else {
			plain_field(text, &i, row);
		}
		end_field(row);
		if (i < text.n && text.p[i] == ',') {
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
