/*
 * ldif_reader.c: logical LDIF lines -> records (RFC 2849, RFC 4525).
 *
 * ldif_lines.c hands over unfolded lines without comments; this file runs
 * the record grammar and decodes values into a per-record arena that is
 * reused from record to record (no allocation per value once warm). While
 * a record is read the arena may move, so names and values are kept as
 * offsets and turned into slices when the record is complete.
 *
 * Grammar accepted (condensed from RFC 2849; "FILL" = spaces):
 *   file     = *(blank / version / trailer / record)
 *   version  = "version:" FILL "1"            (before any record)
 *   trailer  = "search:" ... "result: 0 ..."  (ldapsearch; skipped)
 *   record   = dn *control (changetype / attrval+ / nothing)
 *   dn       = "dn:" (FILL text / ":" FILL base64)   UTF-8 only
 *   control  = "control:" FILL oid [1*SP ("true"/"false")] [value-spec]
 *   attrval  = description value-spec
 *   value-spec = ":" FILL text / "::" FILL base64 / ":<" url (refused)
 *   changetype = "changetype:" FILL ("add" attrval+ / "delete" /
 *                "modify" *modspec / ("moddn"/"modrdn") moddn-fields)
 *   modspec  = ("add"/"delete"/"replace"/"increment") ":" FILL
 *              description *attrval ("-" / end of record)
 *
 * Choices: plain values keep trailing spaces; a space-only or empty base64
 * value is the empty value; base64 must use the standard alphabet with
 * correct "=" padding; keyword values (changetype, mod-spec names, "-",
 * deleteoldrdn) must not carry trailing spaces (as OpenLDAP); a content
 * record may have no attributes (ldapsearch with "1.1"), a "changetype:
 * add" record may not; option characters may include '=' and '*'
 * (";range=1500-*"). Lines and columns are those of ldif_lines.h.
 */
#include "ldif_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "ldif_lines.h"

/* A slice that is still an offset into the arena. */
struct span {
	size_t off, n;
};

struct pattr {
	struct span name, value;
	unsigned long line;
};

struct pmod {
	enum ldif_mod_op op;
	struct span attr;
	size_t first, count;
	unsigned long line;
};

struct pctl {
	struct span oid, value;
	bool critical, has_value;
	unsigned long line;
};

struct ldif_reader {
	struct ldif_lines lines;
	struct ldif_limits lim;
	bool failed;

	struct ldif_line ln;    /* the current logical line */
	int ln_state;           /* 1 line, 0 end of input */

	struct buf arena;       /* every decoded byte of the record */
	size_t record_bytes;    /* what the record costs, for max_record */
	struct span dn, newrdn, newsuperior;

	struct pattr *pattrs;
	size_t npattrs, pattrs_cap;
	struct pmod *pmods;
	size_t npmods, pmods_cap;
	struct pctl *pctls;
	size_t npctls, pctls_cap;

	/* what ldif_reader_next() hands out */
	struct ldif_record rec;
	struct ldif_attr *attrs;
	size_t attrs_cap;
	struct ldif_mod *mods;
	size_t mods_cap;
	struct ldif_control *ctls;
	size_t ctls_cap;
};

/* A split "name: value" line: where the value starts and how it is coded. */
enum vkind { V_PLAIN, V_BASE64, V_URL };

struct split {
	struct slice name;
	size_t voff;            /* value offset in the line, after FILL */
	enum vkind kind;
};

static long
read_file(void *ctx, unsigned char *buf, size_t cap)
{
	FILE *fp = ctx;
	size_t got = fread(buf, 1, cap, fp);

	if (got == 0 && ferror(fp))
		return -1;
	return (long)got;
}

struct ldif_reader *
ldif_reader_new(const char *name, ldif_read_fn read, void *ctx,
    const struct ldif_limits *limits)
{
	struct ldif_reader *r = xcalloc(1, sizeof(*r));
	size_t max_line;

	if (limits != NULL) {
		r->lim = *limits;
	} else {
		r->lim.max_value = LDIF_DEFAULT_MAX_VALUE;
		r->lim.max_record = LDIF_DEFAULT_MAX_RECORD;
	}
	/* a base64 value of max_value bytes, plus room for a long name */
	max_line = r->lim.max_value;
	if (max_line < SIZE_MAX / 2)
		max_line = max_line / 3 * 4 + 8 + 4096;
	ldif_lines_init(&r->lines, name, read, ctx, max_line);
	buf_init(&r->arena);
	return r;
}

struct ldif_reader *
ldif_reader_new_file(const char *name, FILE *fp,
    const struct ldif_limits *limits)
{
	return ldif_reader_new(name, read_file, fp, limits);
}

void
ldif_reader_free(struct ldif_reader *r)
{
	if (r == NULL)
		return;
	ldif_lines_release(&r->lines);
	buf_release(&r->arena);
	free(r->pattrs);
	free(r->pmods);
	free(r->pctls);
	free(r->attrs);
	free(r->mods);
	free(r->ctls);
	free(r);
}

unsigned long long
ldif_reader_offset(const struct ldif_reader *r)
{
	return ldif_lines_offset(&r->lines);
}

const char *
ldif_reader_encoding(const struct ldif_reader *r)
{
	return ldif_lines_encoding(&r->lines);
}

/* An error at byte off of the current line. */
static int
err_at(struct ldif_reader *r, struct diag *d, size_t off, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static int
err_at(struct ldif_reader *r, struct diag *d, size_t off, const char *fmt,
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
static const char *
shown(struct slice s, char *out, size_t outsz)
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

static int
next_line(struct ldif_reader *r, struct diag *d)
{
	r->ln_state = ldif_lines_next(&r->lines, &r->ln, d);
	if (r->ln_state > 0 && r->ln.n > 0 && r->ln.p[0] == '\t')
		r->ln_state = err_at(r, d, 0, "line starts with a TAB; a "
		    "continuation line must start with one space");
	return r->ln_state;
}

/*
 * The current line ends the record: blank, end of input, or an error (the
 * caller then looks at ln_state).
 */
static bool
at_end(const struct ldif_reader *r)
{
	return r->ln_state <= 0 || r->ln.n == 0;
}

/* Valid option byte: RFC 4512 keychar plus '=' and '*' of AD ranges. */
static bool
is_optchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '=' || c == '*';
}

/* Offset of the first bad byte of an AttributeDescription, or -1. */
static long
bad_description(struct slice s)
{
	size_t i = 0;
	int c = s.p[0];

	if (c >= '0' && c <= '9') {
		/* numeric OID: digits and dots, no empty arcs */
		for (i = 0; i < s.n && s.p[i] != ';'; i++) {
			c = s.p[i];
			if (c == '.' && (i == 0 || s.p[i - 1] == '.'))
				return (long)i;
			if (c != '.' && (c < '0' || c > '9'))
				return (long)i;
		}
		if (s.p[i - 1] == '.')
			return (long)i - 1;
	} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		for (i = 1; i < s.n && s.p[i] != ';'; i++) {
			c = s.p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-'))
				return (long)i;
		}
	} else {
		return 0;
	}
	while (i < s.n) {       /* at a ';' */
		size_t start = ++i;

		while (i < s.n && s.p[i] != ';') {
			if (!is_optchar(s.p[i]))
				return (long)i;
			i++;
		}
		if (i == start)
			return (long)i - 1;
	}
	return -1;
}

/* Split the current line at its colon; validates the name. */
static int
split_line(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	const unsigned char *p = r->ln.p, *colon;
	size_t n = r->ln.n, i;
	long bad;
	char q[48];

	colon = memchr(p, ':', n);
	if (colon == NULL)
		return err_at(r, d, n, "expected \"name: value\" but the line "
		    "has no colon");
	if (colon == p)
		return err_at(r, d, 0, "empty attribute name");
	sp->name = slice_mem(p, (size_t)(colon - p));
	if ((bad = bad_description(sp->name)) >= 0)
		return err_at(r, d, (size_t)bad, "invalid attribute "
		    "description \"%s\"", shown(sp->name, q, sizeof(q)));
	i = (size_t)(colon - p) + 1;
	sp->kind = V_PLAIN;
	if (i < n && p[i] == ':') {
		sp->kind = V_BASE64;
		i++;
	} else if (i < n && p[i] == '<') {
		sp->kind = V_URL;
		return err_at(r, d, i, "URL values are not supported; "
		    "re-export without ldapsearch -t");
	}
	while (i < n && p[i] == ' ')
		i++;
	sp->voff = i;
	return 0;
}

static bool
name_is(const struct split *sp, const char *word)
{
	return slice_eq_cstr_ci(sp->name, word);
}

/* The plain text of a keyword line's value, checked for trailing space. */
static int
keyword_value(struct ldif_reader *r, const struct split *sp,
    struct slice *v, struct diag *d)
{
	char q[48];

	if (sp->kind != V_PLAIN)
		return err_at(r, d, sp->name.n, "\"%s:\" takes a plain value, "
		    "not base64", shown(sp->name, q, sizeof(q)));
	*v = slice_mem(r->ln.p + sp->voff, r->ln.n - sp->voff);
	if (v->n > 0 && v->p[v->n - 1] == ' ')
		return err_at(r, d, r->ln.n - 1, "trailing space after the "
		    "value of \"%s:\"", shown(sp->name, q, sizeof(q)));
	return 0;
}

static int
account(struct ldif_reader *r, size_t bytes, struct diag *d)
{
	r->record_bytes += bytes;
	if (r->record_bytes > r->lim.max_record)
		return err_at(r, d, 0, "record is larger than %zu bytes; raise "
		    "the limit with --max-record", r->lim.max_record);
	return 0;
}

static struct span
put_bytes(struct ldif_reader *r, const unsigned char *p, size_t n)
{
	struct span s = { r->arena.n, n };

	buf_put(&r->arena, p, n);
	return s;
}

/* Strict base64 of line bytes [from, ln.n) appended to the arena. */
static int
put_base64(struct ldif_reader *r, size_t from, struct span *out,
    struct diag *d)
{
	const unsigned char *p = r->ln.p + from;
	size_t n = r->ln.n - from, len, bad;
	int st;

	out->off = r->arena.n;
	out->n = 0;
	if (n == 0)
		return 0;       /* empty or only spaces: the empty value */
	if (base64_decoded_max(n) - 3 > r->lim.max_value)
		return err_at(r, d, from, "value is longer than %zu bytes; "
		    "raise the limit with --max-value", r->lim.max_value);
	buf_grow(&r->arena, base64_decoded_max(n));
	st = base64_decode_to(r->arena.p + r->arena.n, p, n, &len, &bad);
	switch (st) {
	case BASE64_OK:
		break;
	case BASE64_BAD_CHAR:
		return err_at(r, d, from + bad, "invalid base64 character "
		    "'%c'", p[bad] >= 0x20 && p[bad] < 0x7f ? p[bad] : '?');
	case BASE64_BAD_PAD:
		return err_at(r, d, from + bad, "misplaced base64 padding");
	default:
		return err_at(r, d, from + bad, "base64 value is %zu "
		    "characters, not a multiple of 4 (missing \"=\" "
		    "padding?)", n);
	}
	if (len > r->lim.max_value)
		return err_at(r, d, from, "value is longer than %zu bytes; "
		    "raise the limit with --max-value", r->lim.max_value);
	out->n = len;
	r->arena.n += len;
	r->arena.p[r->arena.n] = '\0';
	return 0;
}

/* Decode the value of a split line into the arena. */
static int
put_value(struct ldif_reader *r, const struct split *sp, struct span *out,
    struct diag *d)
{
	size_t n = r->ln.n - sp->voff;

	if (sp->kind == V_BASE64) {
		if (put_base64(r, sp->voff, out, d) < 0)
			return -1;
	} else {
		if (n > r->lim.max_value)
			return err_at(r, d, sp->voff, "value is longer than "
			    "%zu bytes; raise the limit with --max-value",
			    r->lim.max_value);
		*out = put_bytes(r, r->ln.p + sp->voff, n);
	}
	return account(r, out->n + sp->name.n + sizeof(struct pattr), d);
}

/* Offset of the first byte that is not valid UTF-8, or -1. */
static long
bad_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k, len;
	unsigned long c, min;

	while (i < n) {
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			c &= 0x07;
			min = 0x10000;
		} else {
			return (long)i;
		}
		if (n - i < len)
			return (long)i;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return (long)i;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return (long)i;
		i += len;
	}
	return -1;
}

/* A DN-valued line (dn, newrdn, newsuperior): decoded, UTF-8 checked. */
static int
put_dn(struct ldif_reader *r, const struct split *sp, struct span *out,
    const char *what, struct diag *d)
{
	long bad;

	if (put_value(r, sp, out, d) < 0)
		return -1;
	bad = bad_utf8(r->arena.p + out->off, out->n);
	if (bad >= 0)
		return err_at(r, d, sp->kind == V_PLAIN ?
		    sp->voff + (size_t)bad : sp->voff, "%s is not valid UTF-8 "
		    "(byte %ld of the value)", what, bad + 1);
	return 0;
}

static void
push_attr(struct ldif_reader *r, const struct split *sp, struct span value)
{
	struct pattr *a;

	grow_array(&r->pattrs, &r->pattrs_cap, r->npattrs + 1,
	    sizeof(*r->pattrs));
	a = &r->pattrs[r->npattrs++];
	a->name = put_bytes(r, sp->name.p, sp->name.n);
	a->value = value;
	a->line = r->ln.line;
}

/* Lines of an entry (content record or changetype: add) up to its end. */
static int
read_entry_attrs(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct span v;
	char q[48];

	for (; !at_end(r); next_line(r, d)) {
		if (split_line(r, &sp, d) < 0)
			return -1;
		if (name_is(&sp, "dn"))
			return err_at(r, d, 0, "\"dn:\" inside a record (a "
			    "blank line must separate records)");
		if (name_is(&sp, "changetype") || name_is(&sp, "control"))
			return err_at(r, d, 0, "\"%s:\" must come right after "
			    "\"dn:\"", shown(sp.name, q, sizeof(q)));
		if (put_value(r, &sp, &v, d) < 0)
			return -1;
		push_attr(r, &sp, v);
	}
	return r->ln_state < 0 ? -1 : 0;
}

static int
close_mod(struct ldif_reader *r, struct pmod *m, struct diag *d)
{
	if (m->op == LDIF_MOD_INCREMENT && m->count != 1)
		return diag_set(d, r->lines.name, m->line, 1, "\"increment:\" "
		    "needs exactly one value, not %zu", m->count);
	return 0;
}

static int
read_modify(struct ldif_reader *r, struct diag *d)
{
	static const struct {
		const char *word;
		enum ldif_mod_op op;
	} ops[] = {
		{ "add", LDIF_MOD_ADD }, { "delete", LDIF_MOD_DELETE },
		{ "replace", LDIF_MOD_REPLACE },
		{ "increment", LDIF_MOD_INCREMENT }
	};
	struct pmod *m = NULL;
	struct split sp;
	struct slice desc;
	struct span v;
	char q[48], q2[48];
	size_t i;
	long bad;

	for (next_line(r, d); !at_end(r); next_line(r, d)) {
		if (r->ln.p[0] == '-') {
			if (r->ln.n != 1)
				return err_at(r, d, 1, "a mod-spec ends with a "
				    "line holding only \"-\"");
			if (m == NULL)
				return err_at(r, d, 0, "\"-\" without a "
				    "mod-spec before it");
			if (close_mod(r, m, d) < 0)
				return -1;
			m = NULL;
			continue;
		}
		if (split_line(r, &sp, d) < 0)
			return -1;
		if (m != NULL) {
			if (!slice_eq_ci(sp.name, slice_mem(r->arena.p +
			    m->attr.off, m->attr.n)))
				return err_at(r, d, 0, "value line for \"%s\" "
				    "inside the mod-spec for \"%s\" (missing "
				    "\"-\" line?)", shown(sp.name, q, sizeof(q)),
				    shown(slice_mem(r->arena.p + m->attr.off,
				    m->attr.n), q2, sizeof(q2)));
			if (put_value(r, &sp, &v, d) < 0)
				return -1;
			push_attr(r, &sp, v);
			m->count++;
			continue;
		}
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (name_is(&sp, ops[i].word))
				break;
		if (i == sizeof(ops) / sizeof(ops[0]))
			return err_at(r, d, 0, "expected \"add:\", \"delete:\", "
			    "\"replace:\" or \"increment:\" to start a "
			    "mod-spec, found \"%s:\"",
			    shown(sp.name, q, sizeof(q)));
		if (keyword_value(r, &sp, &desc, d) < 0)
			return -1;
		if (desc.n == 0)
			return err_at(r, d, sp.voff, "\"%s:\" needs an "
			    "attribute description", ops[i].word);
		if ((bad = bad_description(desc)) >= 0)
			return err_at(r, d, sp.voff + (size_t)bad, "invalid "
			    "attribute description \"%s\"",
			    shown(desc, q, sizeof(q)));
		grow_array(&r->pmods, &r->pmods_cap, r->npmods + 1,
		    sizeof(*r->pmods));
		m = &r->pmods[r->npmods++];
		m->op = ops[i].op;
		m->attr = put_bytes(r, desc.p, desc.n);
		m->first = r->npattrs;
		m->count = 0;
		m->line = r->ln.line;
		if (account(r, desc.n + sizeof(*m), d) < 0)
			return -1;
	}
	if (r->ln_state < 0)
		return -1;
	/* the final "-" may be left out at the end of the record */
	return m != NULL ? close_mod(r, m, d) : 0;
}

/* The next line of a moddn record must be "word:"; it is split into sp. */
static int
moddn_field(struct ldif_reader *r, const char *word, struct split *sp,
    struct diag *d)
{
	if (next_line(r, d) < 0)
		return -1;
	if (at_end(r))
		return diag_set(d, r->lines.name, r->ln.line,
		    r->ln_state == 0 ? 0 : 1, "moddn record ends before "
		    "its \"%s:\" line", word);
	if (split_line(r, sp, d) < 0)
		return -1;
	if (!name_is(sp, word))
		return err_at(r, d, 0, "expected \"%s:\" here in a moddn "
		    "record", word);
	return 0;
}

static int
read_moddn(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct slice v;

	if (moddn_field(r, "newrdn", &sp, d) < 0 ||
	    put_dn(r, &sp, &r->newrdn, "newrdn", d) < 0)
		return -1;
	if (r->newrdn.n == 0)
		return err_at(r, d, sp.voff, "newrdn is empty");
	if (moddn_field(r, "deleteoldrdn", &sp, d) < 0 ||
	    keyword_value(r, &sp, &v, d) < 0)
		return -1;
	if (v.n != 1 || (v.p[0] != '0' && v.p[0] != '1'))
		return err_at(r, d, sp.voff, "deleteoldrdn must be 0 or 1");
	r->rec.deleteoldrdn = v.p[0] == '1';
	if (next_line(r, d) < 0)
		return -1;
	if (at_end(r))
		return 0;
	if (split_line(r, &sp, d) < 0)
		return -1;
	if (!name_is(&sp, "newsuperior"))
		return err_at(r, d, 0, "unexpected line in a moddn record "
		    "(only newrdn, deleteoldrdn and newsuperior)");
	if (put_dn(r, &sp, &r->newsuperior, "newsuperior", d) < 0)
		return -1;
	r->rec.has_newsuperior = true;
	if (next_line(r, d) < 0)
		return -1;
	if (!at_end(r))
		return err_at(r, d, 0, "unexpected line after newsuperior "
		    "in a moddn record");
	return 0;
}

/* "control:" FILL oid [1*SPACE ("true" / "false")] [value-spec] */
static int
read_control(struct ldif_reader *r, const struct split *sp, struct diag *d)
{
	const unsigned char *p = r->ln.p;
	size_t n = r->ln.n, i = sp->voff, start;
	struct split vs;
	struct pctl *c;

	if (sp->kind != V_PLAIN)
		return err_at(r, d, sp->name.n, "\"control:\" takes an OID, "
		    "not base64");
	grow_array(&r->pctls, &r->pctls_cap, r->npctls + 1,
	    sizeof(*r->pctls));
	c = &r->pctls[r->npctls];
	memset(c, 0, sizeof(*c));
	c->line = r->ln.line;
	for (start = i; i < n && ((p[i] >= '0' && p[i] <= '9') ||
	    p[i] == '.'); i++)
		;
	if (i == start || bad_description(slice_mem(p + start,
	    i - start)) >= 0 || p[i - 1] == '.')
		return err_at(r, d, start, "\"control:\" needs a numeric OID");
	c->oid = put_bytes(r, p + start, i - start);
	if (i < n && p[i] == ' ') {
		while (i < n && p[i] == ' ')
			i++;
		if (n - i >= 4 && memcmp(p + i, "true", 4) == 0) {
			c->critical = true;
			i += 4;
		} else if (n - i >= 5 && memcmp(p + i, "false", 5) == 0) {
			i += 5;
		} else {
			return err_at(r, d, i, "expected \"true\", \"false\" "
			    "or \":\" after the control OID");
		}
	}
	if (i < n) {
		if (p[i] != ':')
			return err_at(r, d, i, "unexpected text after the "
			    "control's OID and criticality");
		vs.name = sp->name;
		vs.kind = V_PLAIN;
		i++;
		if (i < n && p[i] == ':') {
			vs.kind = V_BASE64;
			i++;
		} else if (i < n && p[i] == '<') {
			return err_at(r, d, i, "URL values are not supported; "
			    "re-export without ldapsearch -t");
		}
		while (i < n && p[i] == ' ')
			i++;
		vs.voff = i;
		if (put_value(r, &vs, &c->value, d) < 0)
			return -1;
		c->has_value = true;
	}
	r->npctls++;
	return account(r, c->oid.n + sizeof(*c), d);
}

/* ldapsearch's "search: N" / "result: 0 Success" record: skip it. */
static int
skip_trailer(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct slice v;
	char q[48];

	for (next_line(r, d); !at_end(r); next_line(r, d)) {
		if (split_line(r, &sp, d) < 0)
			return -1;
		if (!name_is(&sp, "result") || sp.kind != V_PLAIN)
			continue;
		v = slice_mem(r->ln.p + sp.voff, r->ln.n - sp.voff);
		if (v.n == 0 || v.p[0] != '0' || (v.n > 1 && v.p[1] != ' '))
			return err_at(r, d, sp.voff, "ldapsearch reported "
			    "\"result: %s\": the export is incomplete",
			    shown(v, q, sizeof(q)));
	}
	return r->ln_state < 0 ? -1 : 0;
}

/* Turn the offsets of the finished record into slices. */
static struct slice
fix(const struct ldif_reader *r, struct span s)
{
	return slice_mem(r->arena.p + s.off, s.n);
}

static void
finish(struct ldif_reader *r)
{
	struct ldif_record *rec = &r->rec;
	size_t i;

	grow_array(&r->attrs, &r->attrs_cap, r->npattrs, sizeof(*r->attrs));
	for (i = 0; i < r->npattrs; i++) {
		r->attrs[i].name = fix(r, r->pattrs[i].name);
		r->attrs[i].value = fix(r, r->pattrs[i].value);
		r->attrs[i].line = r->pattrs[i].line;
	}
	grow_array(&r->mods, &r->mods_cap, r->npmods, sizeof(*r->mods));
	for (i = 0; i < r->npmods; i++) {
		r->mods[i].op = r->pmods[i].op;
		r->mods[i].attr = fix(r, r->pmods[i].attr);
		r->mods[i].first = r->pmods[i].first;
		r->mods[i].count = r->pmods[i].count;
		r->mods[i].line = r->pmods[i].line;
	}
	grow_array(&r->ctls, &r->ctls_cap, r->npctls, sizeof(*r->ctls));
	for (i = 0; i < r->npctls; i++) {
		r->ctls[i].oid = fix(r, r->pctls[i].oid);
		r->ctls[i].critical = r->pctls[i].critical;
		r->ctls[i].has_value = r->pctls[i].has_value;
		r->ctls[i].value = fix(r, r->pctls[i].value);
		r->ctls[i].line = r->pctls[i].line;
	}
	rec->dn = fix(r, r->dn);
	rec->newrdn = fix(r, r->newrdn);
	rec->newsuperior = fix(r, r->newsuperior);
	rec->attrs = r->attrs;
	rec->nattrs = r->npattrs;
	rec->mods = r->mods;
	rec->nmods = r->npmods;
	rec->controls = r->ctls;
	rec->ncontrols = r->npctls;
}

static void
reset_record(struct ldif_reader *r)
{
	buf_reset(&r->arena);
	r->record_bytes = 0;
	r->npattrs = r->npmods = r->npctls = 0;
	r->dn.off = r->dn.n = 0;
	r->newrdn = r->newsuperior = r->dn;
	memset(&r->rec, 0, sizeof(r->rec));
}

/* Find the "dn:" line that starts the next record: 1, 0 at the end. */
static int
find_record(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	struct slice v;
	char q[48];

	for (;;) {
		if (next_line(r, d) <= 0)
			return r->ln_state;
		if (r->ln.n == 0)
			continue;
		if (split_line(r, sp, d) < 0)
			return -1;
		if (name_is(sp, "dn"))
			return 1;
		if (name_is(sp, "version")) {
			if (keyword_value(r, sp, &v, d) < 0)
				return -1;
			if (v.n != 1 || v.p[0] != '1')
				return err_at(r, d, sp->voff, "unsupported "
				    "LDIF version \"%s\" (only 1 is known)",
				    shown(v, q, sizeof(q)));
			continue;
		}
		if (name_is(sp, "search")) {
			if (skip_trailer(r, d) < 0)
				return -1;
			continue;
		}
		return err_at(r, d, 0, "a record must start with \"dn:\", "
		    "not \"%s:\"", shown(sp->name, q, sizeof(q)));
	}
}

static int
read_record(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	struct slice v;
	char q[48];

	r->rec.line = r->ln.line;
	if (put_dn(r, sp, &r->dn, "DN", d) < 0)
		return -1;
	for (;;) {
		if (next_line(r, d) < 0)
			return -1;
		if (at_end(r))
			break;
		if (split_line(r, sp, d) < 0)
			return -1;
		if (!name_is(sp, "control"))
			break;
		if (read_control(r, sp, d) < 0)
			return -1;
	}
	if (at_end(r) || !name_is(sp, "changetype")) {
		if (r->npctls > 0)
			return diag_set(d, r->lines.name, r->pctls[0].line, 1,
			    "\"control:\" lines are only allowed in change "
			    "records");
		r->rec.kind = LDIF_ENTRY;
		return read_entry_attrs(r, d);
	}
	if (keyword_value(r, sp, &v, d) < 0)
		return -1;
	if (slice_eq_cstr_ci(v, "add")) {
		r->rec.kind = LDIF_ENTRY;
		r->rec.changetype_add = true;
		if (next_line(r, d) < 0)
			return -1;
		if (at_end(r))
			return diag_set(d, r->lines.name, r->rec.line, 1,
			    "\"changetype: add\" record without attributes");
		return read_entry_attrs(r, d);
	}
	if (slice_eq_cstr_ci(v, "modify")) {
		r->rec.kind = LDIF_MODIFY;
		return read_modify(r, d);
	}
	if (slice_eq_cstr_ci(v, "delete")) {
		r->rec.kind = LDIF_DELETE;
		if (next_line(r, d) < 0)
			return -1;
		if (!at_end(r))
			return err_at(r, d, 0, "unexpected line after "
			    "\"changetype: delete\" (a blank line must end "
			    "the record)");
		return 0;
	}
	if (slice_eq_cstr_ci(v, "moddn") || slice_eq_cstr_ci(v, "modrdn")) {
		r->rec.kind = LDIF_MODDN;
		r->rec.moddn_word = slice_eq_cstr_ci(v, "moddn");
		return read_moddn(r, d);
	}
	return err_at(r, d, sp->voff, "unknown changetype \"%s\" (add, "
	    "delete, modify, moddn or modrdn)", shown(v, q, sizeof(q)));
}

int
ldif_reader_next(struct ldif_reader *r, const struct ldif_record **rec,
    struct diag *d)
{
	struct split sp;
	int found;

	if (r->failed)
		return diag_set(d, r->lines.name, 0, 0, "reader used after "
		    "an error");
	reset_record(r);
	found = find_record(r, &sp, d);
	if (found > 0 && read_record(r, &sp, d) == 0) {
		finish(r);
		*rec = &r->rec;
		return 1;
	}
	if (found == 0)
		return 0;
	r->failed = true;
	return -1;
}
