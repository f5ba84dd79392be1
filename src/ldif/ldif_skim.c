/*
 * ldif_skim.c: the reader's fast path, for callers that decide about most
 * entries from a few of their attributes (ldif_reader_skim() in
 * ldif_reader.h). An export's entries are mostly large and mostly of no
 * interest to the rules: this reads such an entry without joining its
 * folded lines, decoding its base64 or copying its values.
 *
 * It works on an entry record that lies whole in the line buffer
 * (ldif_lines.h) and cuts the lines itself: every line is cut and
 * checked for NUL and lone CR bytes, every name split and checked (the
 * reader's name cache and predictions, rd_split), every base64 value
 * checked against the alphabet and its padding; only the lines of the
 * types asked for go into the record, through the same functions as in
 * the full path (rd_put_value, rd_push_attr).
 *
 * It never reports an error and never guesses: whatever it does not read
 * exactly as the full path would (a change record, a control, a name that
 * is a record word, a name or "::" cut by a fold, a value that is not
 * clean base64, a record near a limit or longer than SKIM_MAX, a last
 * line without a line end) makes it give up before it consumes a byte.
 * The full path then reads the record, and says what is wrong with it in
 * the exact words it always has.
 */
#include "ldif/ldif_reader_impl.h"

#include <string.h>

#include "base/base64.h"
#include "ldif/ldif_names.h"

/* Longer records are left to the full path, which streams them. */
#define SKIM_MAX ((size_t)64 << 10)

/* What a logical line is to the fast path. */
enum what {
	L_NONE,         /* no line yet */
	L_COMMENT,      /* "#": skipped with its continuation lines */
	L_DN,           /* the record's "dn:" */
	L_CHANGETYPE,   /* "changetype:", which must say "add" */
	L_VALUE,        /* a line asked for: decoded into the record */
	L_B64,          /* a base64 value only checked */
	L_PLAIN         /* a plain value only passed over */
};

struct logical {
	enum what what;
	struct split sp;
	const unsigned char *p; /* its first physical line */
	size_t n;
	unsigned long line;
	bool folded;            /* continuation lines were joined in skim_line */
	size_t total;           /* L_B64: characters so far */
	bool padded;            /* L_B64: '=' seen */
};

/* What the caller asked of the attribute of sp. */
static enum skim_want
want_of(struct ldif_reader *r, const struct split *sp)
{
	unsigned char *w;
	struct slice type;
	enum skim_want v = SKIM_SKIP;
	size_t i;

	if (sp->id == 0 || r->skim_all)
		return SKIM_VALUE;      /* (a name without an id: keep it) */
	w = &r->skim_want[sp->id];
	if (*w != SKIM_UNKNOWN)
		return (enum skim_want)*w;
	type = ldif_attr_type(sp->name);
	for (i = 0; i < r->nskim_types; i++)
		if (slice_eq_ci(type, r->skim_types[i])) {
			v = i < r->nskim_values ? SKIM_VALUE : SKIM_PRESENT;
			break;
		}
	*w = (unsigned char)v;
	return v;
}

/* A piece of a base64 value (its first line's, or a continuation's):
 * false when the full path must look at it. Padding may only end the
 * value: one or two '=' that close its last group of four. */
static bool
b64_piece(struct logical *lg, const unsigned char *p, size_t n)
{
	const unsigned char *q;

	if (lg->padded)
		return n == 0;
	lg->total += n;
	q = p + base64_alphabet_span(p, n);
	if (q == p + n)
		return true;
	if (p + n - q > 2)
		return false;
	for (; q < p + n; q++)
		if (*q != '=')
			return false;
	lg->padded = true;
	return true;
}

/*
 * The common continuation line of a base64 value that is only checked
 * (a long descriptor is mostly these): " " and alphabet up to LF or
 * CRLF, in one pass. true with *next after it; false to take the line
 * the general way.
 */
static bool
b64_continuation(struct logical *lg, const unsigned char *p,
    const unsigned char *e, const unsigned char **next)
{
	const unsigned char *q;

	if (lg->what != L_B64 || lg->padded || lg->sp.voff >= lg->n ||
	    p == e || *p != ' ')
		return false;
	q = p + 1 + base64_alphabet_span(p + 1, (size_t)(e - p - 1));
	if (e - q >= 1 && *q == '\n')
		*next = q + 1;
	else if (e - q >= 2 && q[0] == '\r' && q[1] == '\n')
		*next = q + 2;
	else
		return false;
	lg->total += (size_t)(q - p - 1);
	return true;
}

/* The physical line [p, p + n), line number line, starts logical line
 * number k of the record (comments not counted): -1 to give up. */
static int
begin(struct ldif_reader *r, struct logical *lg, size_t k,
    const unsigned char *p, size_t n, unsigned long line)
{
	struct diag dg;

	lg->p = p;
	lg->n = n;
	lg->line = line;
	lg->folded = false;
	if (p[0] == '#') {
		lg->what = L_COMMENT;
		ldif_lines_head(&r->lines, p, n, line);
		return 0;
	}
	if (p[0] == '\t')
		return -1;
	r->ln.p = p;
	r->ln.n = n;
	r->ln.line = line;
	if (rd_split(r, &lg->sp, &dg) < 0)
		return -1;
	if (k == 0) {
		lg->what = L_DN;
		return rd_name_is(&lg->sp, "dn") ? 0 : -1;
	}
	if (rd_name_is(&lg->sp, "changetype")) {
		lg->what = L_CHANGETYPE;
		return k == 1 ? 0 : -1;
	}
	if (lg->sp.word != 0)
		return -1;      /* a record word: check_name's business */
	switch (want_of(r, &lg->sp)) {
	case SKIM_VALUE:
		lg->what = L_VALUE;
		return 0;
	case SKIM_PRESENT:
		/* Its value does not matter: an empty one says it is there. */
		if (rd_push_attr(r, &lg->sp, slice_mem(lg->p, 0), &dg) < 0)
			return -1;
		break;
	default:
		break;
	}
	if (lg->sp.kind != V_BASE64) {
		lg->what = L_PLAIN;
		return 0;
	}
	lg->what = L_B64;
	lg->total = 0;
	lg->padded = false;
	return b64_piece(lg, p + lg->sp.voff, n - lg->sp.voff) ? 0 : -1;
}

/* A continuation line [p, p + n) of the logical line: -1 to give up. */
static int
go_on(struct ldif_reader *r, struct logical *lg, const unsigned char *p,
    size_t n)
{
	switch (lg->what) {
	case L_COMMENT:
		return 0;
	case L_NONE:
	case L_CHANGETYPE:
		return -1;
	default:
		break;
	}
	/* A value that starts on a continuation line: its FILL, or even its
	 * "::", may be cut by the fold. */
	if (lg->sp.voff >= lg->n)
		return -1;
	switch (lg->what) {
	case L_B64:
		return b64_piece(lg, p + 1, n - 1) ? 0 : -1;
	case L_DN:
	case L_VALUE:
		if (!lg->folded) {
			buf_reset(&r->skim_line);
			buf_put(&r->skim_line, lg->p, lg->n);
			lg->folded = true;
		}
		buf_put(&r->skim_line, p + 1, n - 1);
		return 0;
	default:
		return 0;
	}
}

/* The logical line is complete: -1 to give up. */
static int
finish_line(struct ldif_reader *r, struct logical *lg)
{
	struct diag dg;
	struct slice v;

	switch (lg->what) {
	case L_B64:
		return lg->total % 4 == 0 ? 0 : -1;
	case L_DN:
	case L_VALUE:
	case L_CHANGETYPE:
		break;
	default:
		return 0;
	}
	if (lg->folded) {
		r->ln.p = r->skim_line.p;
		r->ln.n = r->skim_line.n;
	} else {
		r->ln.p = lg->p;
		r->ln.n = lg->n;
	}
	r->ln.line = lg->line;
	if (lg->what == L_CHANGETYPE) {
		if (rd_keyword_value(r, &lg->sp, &v, &dg) < 0 ||
		    !slice_eq_cstr_ci(v, "add"))
			return -1;
		r->rec.changetype_add = true;
		return 0;
	}
	if (lg->what == L_DN) {
		r->rec.line = lg->line;
		return rd_put_dn(r, &lg->sp, &r->rec.dn, "DN", &dg);
	}
	/* A plain value on one line stays where it is, as its name does. */
	if (!lg->folded && lg->sp.kind == V_PLAIN)
		v = slice_mem(lg->p + lg->sp.voff, lg->n - lg->sp.voff);
	else if (rd_put_value(r, &lg->sp, &v, &dg) < 0)
		return -1;
	return rd_push_attr(r, &lg->sp, v, &dg);
}

/* The record goes on past the buffer: read more and start again (2), or
 * leave it to the full path (0). */
static int
more_please(struct ldif_reader *r, size_t have)
{
	if (have > SKIM_MAX || have > r->lines.max_line ||
	    ldif_lines_at_eof(&r->lines))
		return 0;
	return ldif_lines_refill(&r->lines) >= 0 ? 2 : 0;
}

/* Would the full path stop at a limit of ldif_limits? Not when the raw
 * record is this small: a value decodes to no more bytes than its line
 * has, and each line costs a struct ldif_attr besides. */
static bool
near_limit(const struct ldif_reader *r, size_t bytes, unsigned long lines)
{
	return bytes > r->lim.max_value || lines > r->max_attrs ||
	    bytes + lines * sizeof(struct ldif_attr) > r->lim.max_record;
}

int
rd_skim(struct ldif_reader *r)
{
	const unsigned char *s, *e, *p, *q, *next;
	unsigned long nl = 0, first = r->lines.line;
	size_t n, k = 0;
	struct logical lg;

	if (!ldif_lines_window(&r->lines, &s, &n))
		return 0;
	e = s + n;
	r->in_place = true;
	lg.what = L_NONE;
	for (p = s;; p = next) {
		if (b64_continuation(&lg, p, e, &next)) {
			nl++;
			continue;
		}
		q = ldif_lines_special(p, e);
		if (q == e || (*q == '\r' && q + 1 == e)) {
			if (!ldif_lines_at_eof(&r->lines))
				return more_please(r, (size_t)(e - s));
			if (p < e || k == 0)
				return 0;
			next = e;       /* the input ends the record */
			break;
		}
		if (*q == '\0' || (*q == '\r' && q[1] != '\n'))
			return 0;
		next = q + 1 + (*q == '\r');
		nl++;
		if (p == q) {
			if (k == 0)
				return 0;
			break;          /* the blank line ends the record */
		}
		if (*p == ' ') {
			if (go_on(r, &lg, p, (size_t)(q - p)) < 0)
				return 0;
			continue;
		}
		if (finish_line(r, &lg) < 0 ||
		    begin(r, &lg, k, p, (size_t)(q - p), first + nl) < 0)
			return 0;
		k += lg.what != L_COMMENT;
	}
	if (finish_line(r, &lg) < 0 || near_limit(r, (size_t)(next - s), nl))
		return 0;
	/* "changetype: add" with no attribute line after it */
	if (r->rec.changetype_add && k < 3)
		return 0;
	ldif_lines_consume(&r->lines, (size_t)(next - s), nl);
	r->skim_bytes = (size_t)(next - s);
	r->skim_lines = nl;
	r->rec.kind = LDIF_ENTRY;
	r->rec.partial = !r->skim_all;
	return 1;
}
