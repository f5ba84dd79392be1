/*
 * ldif_values.c: one logical "name: value" line of LDIF, for the record
 * grammar in ldif_reader.c: split at the colon, check the attribute
 * description, decode the value (plain, or strict base64 via base64.c) into
 * the record's arena, check DNs for UTF-8, and keep the record within the
 * --max-value and --max-record limits. Errors carry the physical line and
 * column of the offending byte (see ldif_lines.h).
 */
#include "ldif/ldif_reader_impl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/base64.h"
#include "ldif/ldif_names.h"

/* An error at byte off of the current line. */
int
rd_err_at(struct ldif_reader *r, struct diag *d, size_t off, const char *fmt,
    ...)
{
	unsigned long line, col;
	va_list ap;

	ldif_lines_locate(&r->lines, &r->ln, off, &line, &col);
	va_start(ap, fmt);
	diag_vset(d, r->lines.name, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Quote up to 40 bytes of s for a message, '?' for unprintable bytes. */
const char *
rd_shown(struct slice s, char *out, size_t outsz)
{
	size_t i, n = s.n < 40 ? s.n : 40;

	if (n > outsz - 4)
		n = outsz - 4;
	for (i = 0; i < n; i++)
		out[i] = s.p[i] >= 0x20 && s.p[i] < 0x7f ? (char)s.p[i] : '?';
	if (n < s.n) {
		out[i++] = '.';
		out[i++] = '.';
		out[i++] = '.';
	}
	out[i] = '\0';
	return out;
}

int
rd_next_line(struct ldif_reader *r, struct diag *d)
{
	r->ln_state = ldif_lines_next(&r->lines, &r->ln, d);
	if (r->ln_state > 0 && r->ln.n > 0 && r->ln.p[0] == '\t')
		r->ln_state = rd_err_at(r, d, 0, "line starts with a TAB; a "
		    "continuation line must start with one space");
	return r->ln_state;
}

/*
 * The current line ends the record: blank, end of input, or an error (the
 * caller then looks at ln_state).
 */
bool
rd_at_end(const struct ldif_reader *r)
{
	return r->ln_state <= 0 || r->ln.n == 0;
}

/* The name of a line, checked (and kept in the cache and as the
 * prediction for this place in the next record): its cache value, or -1
 * with d set. */
static int
checked_name(struct ldif_reader *r, size_t k, struct slice name,
    struct diag *d)
{
	long bad;
	int v;
	char q[48];

	/* The cache keeps the name's record-word bits and its id. */
	if ((v = name_cache_get(&r->good_desc, name)) < 0) {
		if ((bad = ldif_desc_bad_at(name, LDIF_DESC_EXPORT)) >= 0)
			return rd_err_at(r, d, (size_t)bad, "invalid attribute "
			    "description \"%s\"", rd_shown(name, q, sizeof(q)));
		v = (int)(ldif_name_id(name) << 8 | ldif_desc_word(name));
		name_cache_put(&r->good_desc, name, v);
	}
	if (k < RD_PRED_LINES) {
		r->pred[k].n = name.n <= NAME_CACHE_MAX ? (unsigned char)name.n :
		    0;
		memcpy(r->pred[k].name, name.p, r->pred[k].n);
		r->pred[k].value = v;
	}
	return v;
}

/* rd_split for a name not predicted: find the colon, check the name. */
int
rd_split_new(struct ldif_reader *r, struct split *sp, size_t k,
    struct diag *d)
{
	const unsigned char *p = r->ln.p, *colon;
	size_t n = r->ln.n;
	int v;

	colon = memchr(p, ':', n);
	if (colon == NULL)
		return rd_err_at(r, d, n, "expected \"name: value\" but "
		    "the line has no colon");
	if (colon == p)
		return rd_err_at(r, d, 0, "empty attribute name");
	sp->name = slice_mem(p, (size_t)(colon - p));
	if ((v = checked_name(r, k, sp->name, d)) < 0)
		return -1;
	return rd_split_rest(r, sp, v, d);
}

/* The plain text of a keyword line's value, checked for trailing space. */
int
rd_keyword_value(struct ldif_reader *r, const struct split *sp,
    struct slice *v, struct diag *d)
{
	char q[48];

	if (sp->kind != V_PLAIN)
		return rd_err_at(r, d, sp->name.n, "\"%s:\" takes a plain "
		    "value, not base64", rd_shown(sp->name, q, sizeof(q)));
	*v = slice_mem(r->ln.p + sp->voff, r->ln.n - sp->voff);
	if (v->n > 0 && v->p[v->n - 1] == ' ')
		return rd_err_at(r, d, r->ln.n - 1, "trailing space after the "
		    "value of \"%s:\"", rd_shown(sp->name, q, sizeof(q)));
	return 0;
}

int
rd_account(struct ldif_reader *r, size_t bytes, struct diag *d)
{
	r->record_bytes += bytes;
	if (r->record_bytes > r->lim.max_record)
		return rd_err_at(r, d, 0, "record is larger than %zu bytes; "
		    "raise the limit with --max-record", r->lim.max_record);
	return 0;
}

/* Strict base64 of line bytes [from, ln.n) decoded into the arena. */
static int
put_base64(struct ldif_reader *r, size_t from, struct slice *out,
    struct diag *d)
{
	const unsigned char *p = r->ln.p + from;
	size_t n = r->ln.n - from, len, bad;
	unsigned char *to;
	int st;

	*out = slice_mem(arena_bytes(&r->arena, 0), 0);
	if (n == 0)
		return 0;       /* empty or only spaces: the empty value */
	if (base64_decoded_max(n) - 3 > r->lim.max_value)
		return rd_err_at(r, d, from, "value is longer than %zu bytes; "
		    "raise the limit with --max-value", r->lim.max_value);
	/* Up to two bytes of padding room stay unused. */
	to = arena_bytes(&r->arena, base64_decoded_max(n));
	st = base64_decode_to(to, p, n, &len, &bad);
	switch (st) {
	case BASE64_OK:
		break;
	case BASE64_BAD_CHAR:
		return rd_err_at(r, d, from + bad, "invalid base64 character "
		    "'%c'", p[bad] >= 0x20 && p[bad] < 0x7f ? p[bad] : '?');
	case BASE64_BAD_PAD:
		return rd_err_at(r, d, from + bad, "misplaced base64 padding");
	default:
		return rd_err_at(r, d, from + bad, "base64 value is %zu "
		    "characters, not a multiple of 4 (missing \"=\" "
		    "padding?)", n);
	}
	if (len > r->lim.max_value)
		return rd_err_at(r, d, from, "value is longer than %zu bytes; "
		    "raise the limit with --max-value", r->lim.max_value);
	*out = slice_mem(to, len);
	return 0;
}

/* Decode the value of a split line into the arena. */
int
rd_put_value(struct ldif_reader *r, const struct split *sp, struct slice *out,
    struct diag *d)
{
	size_t n = r->ln.n - sp->voff;

	if (sp->kind == V_BASE64) {
		if (put_base64(r, sp->voff, out, d) < 0)
			return -1;
	} else {
		if (n > r->lim.max_value)
			return rd_err_at(r, d, sp->voff, "value is longer than "
			    "%zu bytes; raise the limit with --max-value",
			    r->lim.max_value);
		*out = rd_put_bytes(r, r->ln.p + sp->voff, n);
	}
	return rd_account(r, out->n + sp->name.n + sizeof(struct ldif_attr),
	    d);
}

/* A DN-valued line (dn, newrdn, newsuperior): decoded, UTF-8 checked. */
int
rd_put_dn(struct ldif_reader *r, const struct split *sp, struct slice *out,
    const char *what, struct diag *d)
{
	long bad;

	if (rd_put_value(r, sp, out, d) < 0)
		return -1;
	bad = utf8_invalid_at(*out);
	if (bad >= 0)
		return rd_err_at(r, d, sp->kind == V_PLAIN ?
		    sp->voff + (size_t)bad : sp->voff, "%s is not valid UTF-8 "
		    "(byte %ld of the value)", what, bad + 1);
	return 0;
}

static bool
name_at(const void *ctx, size_t idx, const void *key)
{
	const struct ldif_reader *r = ctx;
	const struct slice *name = key;

	return r->attrs[idx].name.n == name->n &&
	    slice_eq_ci(r->attrs[idx].name, *name);
}

/* Line i names a description the entry had not named before it. */
static bool
new_name(struct ldif_reader *r, size_t i)
{
	struct slice name = r->attrs[i].name;
	uint64_t h = hash_bytes_ci(name.p, name.n);

	if (hash_find(&r->distinct, h, name_at, r, &name) != HASH_NONE)
		return false;
	hash_put(&r->distinct, h, i);
	return true;
}

/*
 * The entry's distinct descriptions, once its lines outnumber max_attrs:
 * the first time, every line so far; then the new line. (A modify
 * record's values all belong to its mod-specs, each already charged.)
 */
static int
count_names(struct ldif_reader *r, struct diag *d)
{
	size_t i = r->ndistinct > 0 ? r->nattrs - 1 : 0;

	if (r->rec.kind != LDIF_ENTRY)
		return 0;
	for (; i < r->nattrs; i++)
		if (new_name(r, i))
			r->ndistinct++;
	if (r->ndistinct > r->max_attrs)
		return rd_err_at(r, d, 0, "entry has more than %zu attributes; "
		    "raise the limit with --max-record (it allows one per %d "
		    "bytes)", r->max_attrs, LDIF_ATTR_COST);
	return 0;
}

/* The attrs array is full: grow it, or refuse the value past the
 * limit. Out of line: rd_push_attr runs for every value. */
static int __attribute__((noinline))
grow_attrs(struct ldif_reader *r, struct diag *d)
{
	if (r->nattrs >= r->max_values)
		return rd_err_at(r, d, 0, "record has more than %zu values; "
		    "raise the limit with --max-record (it allows one per %d "
		    "bytes)", r->max_values, LDIF_VALUE_COST);
	grow_array(&r->attrs, &r->attrs_cap, r->nattrs + 1, sizeof(*r->attrs));
	/* No more than max_values slots: the check above then runs only
	 * when the array is full. */
	if (r->attrs_cap > r->max_values)
		r->attrs_cap = r->max_values;
	r->ids = xreallocarray(r->ids, r->attrs_cap, sizeof(*r->ids));
	return 0;
}

int
rd_push_attr(struct ldif_reader *r, const struct split *sp, struct slice value,
    struct diag *d)
{
	struct ldif_attr *a;

	if (r->nattrs >= r->attrs_cap && grow_attrs(r, d) < 0)
		return -1;
	a = &r->attrs[r->nattrs++];
	/* Lines of one attribute mostly come together: share its name. */
	if (r->in_place)
		a->name = sp->name;
	else if (r->nattrs > 1 && a[-1].name.n == sp->name.n &&
	    memcmp(a[-1].name.p, sp->name.p, sp->name.n) == 0)
		a->name = a[-1].name;
	else
		a->name = rd_put_bytes(r, sp->name.p, sp->name.n);
	a->value = value;
	a->line = r->ln.line;
	r->ids[r->nattrs - 1] = sp->id;
	if (r->nattrs > r->max_attrs)
		return count_names(r, d);
	return 0;
}
