/*
 * dn.c: RFC 4514 distinguished names parsed into one canonical text form,
 * so that DNs compare the way AD compares them: ASCII case-insensitively,
 * escapes and hex pairs undone, unescaped spaces around ',' '+' '='
 * ignored. The canonical form is only ever compared, never written out.
 *
 *   distinguishedName = [ relativeDistinguishedName *( COMMA rdn ) ]
 *   rdn               = attributeTypeAndValue *( PLUS attributeTypeAndValue )
 *   attributeType     = descr / numericoid   (descr: ALPHA *(ALPHA/DIGIT/"-"))
 *   attributeValue    = string / hexstring   (hexstring: "#" 1*hexpair)
 *   string: raw bytes except  " + , ; < > \ NUL, and escapes
 *           "\" special  or  "\" hexpair  (specials: , + " \ < > ; = # space)
 *
 * Canonical form: RDNs joined by ',', AVAs by '+', "type=value" with the
 * type lower-cased; value letters lower-cased (ASCII, and beyond: see
 * put_folded_char), then , + " \ < > ; =
 * written as \c, control bytes as \xx, a leading '#' or space and a trailing
 * space as "\#" / "\ "; a hexstring value as '#' and lower-case hex. In that
 * form a ',' is an RDN separator exactly when an even number of backslashes
 * precede it, which is what dn_is_under_norm relies on.
 */
#include "base/dn.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/os.h"

struct dn_parser {
	const unsigned char *p;
	size_t n;
	size_t i;
};

/*
 * Case folding beyond ASCII. AD compares names case-insensitively in all
 * scripts, and so does slapd's caseIgnoreMatch: "OU=B\xc3\x9cCHER" is
 * "OU=B\xc3\xbc" "cher". Letters are mapped by the simple lower-case
 * mapping the system provides (os_char_lower: glibc's Unicode tables of
 * the C.UTF-8 locale whatever locale the user runs in; Windows' invariant
 * locale); a mapping into ASCII (KELVIN SIGN to "k") is not taken, so no
 * non-ASCII name ever equals an ASCII one. Without such tables only ASCII
 * is folded.
 */

/*
 * Append the non-ASCII character at p[0..n) lower-cased to out; returns
 * the bytes consumed (a byte that does not start valid UTF-8: copied).
 */
static size_t
put_folded_char(struct buf *out, const unsigned char *p, size_t n)
{
	unsigned long cp, lc;
	size_t len = utf8_decode(p, n, &cp);

	if (len == 0) {
		buf_putc(out, p[0]);
		return 1;
	}
	lc = os_char_lower(cp);
	if (lc < 0x80 || lc > 0x10ffff || (lc >= 0xd800 && lc <= 0xdfff))
		lc = cp;
	if (lc < 0x800) {
		buf_putc(out, (int)(0xc0 | lc >> 6));
	} else if (lc < 0x10000) {
		buf_putc(out, (int)(0xe0 | lc >> 12));
		buf_putc(out, (int)(0x80 | (lc >> 6 & 0x3f)));
	} else {
		buf_putc(out, (int)(0xf0 | lc >> 18));
		buf_putc(out, (int)(0x80 | (lc >> 12 & 0x3f)));
		buf_putc(out, (int)(0x80 | (lc >> 6 & 0x3f)));
	}
	buf_putc(out, (int)(0x80 | (lc & 0x3f)));
	return len;
}

void
dn_fold_case(struct buf *out, struct slice v)
{
	size_t i = 0;

	while (i < v.n) {
		if (v.p[i] < 0x80) {
			buf_putc(out, ascii_tolower(v.p[i]));
			i++;
		} else {
			i += put_folded_char(out, v.p + i, v.n - i);
		}
	}
}

static void
skip_spaces(struct dn_parser *ps)
{
	while (ps->i < ps->n && ps->p[ps->i] == ' ')
		ps->i++;
}

/* attributeType, lower-cased into out; -1 when it is neither a descr nor
 * a numeric OID (numbers without leading zeros, separated by dots). */
static int
parse_type(struct dn_parser *ps, struct buf *out)
{
	size_t start = ps->i;

	if (ps->i >= ps->n)
		return -1;
	if (ascii_isalpha(ps->p[ps->i])) {
		while (ps->i < ps->n && (ascii_isalpha(ps->p[ps->i]) ||
		    ascii_isdigit(ps->p[ps->i]) || ps->p[ps->i] == '-'))
			ps->i++;
	} else if (ascii_isdigit(ps->p[ps->i])) {
		for (;;) {
			size_t num = ps->i;

			while (ps->i < ps->n && ascii_isdigit(ps->p[ps->i]))
				ps->i++;
			if (ps->i == num ||
			    (ps->i - num > 1 && ps->p[num] == '0'))
				return -1;
			if (ps->i + 1 < ps->n && ps->p[ps->i] == '.' &&
			    ascii_isdigit(ps->p[ps->i + 1]))
				ps->i++;
			else
				break;
		}
	} else
		return -1;
	for (; start < ps->i; start++)
		buf_putc(out, ascii_tolower(ps->p[start]));
	return 0;
}

/* "#" 1*hexpair, then optional spaces. */
static int
parse_hexstring(struct dn_parser *ps, struct buf *out)
{
	size_t start;

	ps->i++;
	start = ps->i;
	buf_putc(out, '#');
	while (ps->i + 1 < ps->n && num_hex_digit(ps->p[ps->i]) >= 0 &&
	    num_hex_digit(ps->p[ps->i + 1]) >= 0) {
		buf_putc(out, ascii_tolower(ps->p[ps->i]));
		buf_putc(out, ascii_tolower(ps->p[ps->i + 1]));
		ps->i += 2;
	}
	if (ps->i == start)
		return -1;
	skip_spaces(ps);
	return 0;
}

static void
put_value_byte(struct buf *out, unsigned char c, bool first, bool last)
{
	static const char hex[] = "0123456789abcdef";

	c = (unsigned char)ascii_tolower(c);
	if (c < 0x20 || c == 0x7f) {
		buf_putc(out, '\\');
		buf_putc(out, hex[c >> 4]);
		buf_putc(out, hex[c & 0xf]);
		return;
	}
	if (strchr(",+\"\\<>;=", c) != NULL ||
	    (first && c == '#') || (c == ' ' && (first || last)))
		buf_putc(out, '\\');
	buf_putc(out, c);
}

/*
 * A string value, decoded (escapes and hex pairs undone) into scratch;
 * *sig is where the last significant byte ends (trailing spaces that were
 * not escaped are insignificant). A decoded value is never longer than
 * the DN, so scratch holds ps->n bytes.
 */
static int
scan_string(struct dn_parser *ps, unsigned char *scratch, size_t *sig)
{
	size_t len = 0;

	*sig = 0;
	while (ps->i < ps->n) {
		unsigned char c = ps->p[ps->i];

		if (c == ',' || c == '+')
			break;
		if (c == '\\') {
			int hi, lo;

			if (ps->i + 1 >= ps->n)
				return -1;
			c = ps->p[ps->i + 1];
			hi = num_hex_digit(c);
			if (hi >= 0) {
				if (ps->i + 2 >= ps->n ||
				    (lo = num_hex_digit(ps->p[ps->i + 2])) < 0)
					return -1;
				scratch[len++] = (unsigned char)(hi << 4 | lo);
				ps->i += 3;
			} else if (c != 0 && strchr(",+\"\\<>;=# ", c) != NULL) {
				scratch[len++] = c;
				ps->i += 2;
			} else
				return -1;
			*sig = len;
			continue;
		}
		if (c == 0 || strchr("\";<>", c) != NULL)
			return -1;
		scratch[len++] = c;
		if (c != ' ')
			*sig = len;
		ps->i++;
	}
	return 0;
}

/* A string value in canonical form (see the top of the file). */
static int
parse_string(struct dn_parser *ps, struct buf *out, unsigned char *scratch)
{
	size_t sig, k;

	if (scan_string(ps, scratch, &sig) < 0)
		return -1;
	for (k = 0; k < sig; ) {
		if (scratch[k] < 0x80) {
			put_value_byte(out, scratch[k], k == 0, k + 1 == sig);
			k++;
		} else {
			k += put_folded_char(out, scratch + k, sig - k);
		}
	}
	return 0;
}

static int
parse_ava(struct dn_parser *ps, struct buf *out, unsigned char *scratch)
{
	skip_spaces(ps);
	if (parse_type(ps, out) < 0)
		return -1;
	skip_spaces(ps);
	if (ps->i >= ps->n || ps->p[ps->i] != '=')
		return -1;
	ps->i++;
	buf_putc(out, '=');
	skip_spaces(ps);
	if (ps->i < ps->n && ps->p[ps->i] == '#')
		return parse_hexstring(ps, out);
	return parse_string(ps, out, scratch);
}

static int
normalize(struct slice dn, struct buf *out, unsigned char *scratch)
{
	struct dn_parser ps = { dn.p, dn.n, 0 };

	if (dn.n == 0)
		return 0;       /* the root DSE */
	for (;;) {
		if (parse_ava(&ps, out, scratch) < 0)
			return -1;
		if (ps.i == ps.n)
			return 0;
		/* parse_ava stops only at the end, ',' or '+'. */
		if (ps.p[ps.i] != ',' && ps.p[ps.i] != '+')
			return -1;
		buf_putc(out, ps.p[ps.i]);
		ps.i++;
	}
}

/*
 * The fast path, for the DNs exports are made of: every type a descr,
 * every value printable ASCII without a byte the canonical form escapes
 * or the grammar refuses (, + " \ < > ; = and a leading '#'). Such a DN's
 * canonical form is its bytes lower-cased, without the spaces around
 * '=', ',' and '+' and at the end of a value: what normalize() writes for
 * it, one pass and no scratch. 0 done, 1 when dn is not of that kind
 * (then out is as it was, for the full parser).
 */
/* What a fast-path value byte becomes (ASCII lower case), or 0 for the
 * bytes it may not hold: controls, DEL, non-ASCII and , + " \ < > ; =. */
static const unsigned char value_map[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x21, 0x00, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x00, 0x00, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x3a, 0x00, 0x00, 0x00, 0x00, 0x3f,
	0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x5b, 0x00, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x00,
	/* 0x80 and up: 0, as the rest of the array. */
};

/* The same for the bytes of a descr: ALPHA, DIGIT and '-'. */
static const unsigned char type_map[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x2d, 0x00, 0x00,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67,
	0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* 0x80 and up: 0, as the rest of the array. */
};

static bool
fast_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26u;
}

static int
fast_normalize(struct slice dn, struct buf *out)
{
	const unsigned char *p = dn.p, *end = dn.p + dn.n;
	unsigned char *o, *o0, c;
	size_t at = out->n;

	buf_grow(out, dn.n);
	o = o0 = out->p + at;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p == end || !fast_alpha(*p))
			goto slow;
		do
			*o++ = type_map[*p++];
		while (p < end && type_map[*p] != 0);
		while (p < end && *p == ' ')
			p++;
		if (p == end || *p != '=')
			goto slow;
		*o++ = *p++;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '#')
			goto slow;
		/* The value up to ',', '+', the end or a byte to refuse;
		 * then without its trailing spaces (the '=' stops that). */
		while (p < end && (c = value_map[*p]) != 0) {
			*o++ = c;
			p++;
		}
		while (o[-1] == ' ')
			o--;
		if (p == end)
			break;
		if (*p != ',' && *p != '+')
			goto slow;
		*o++ = *p++;
	}
	out->n = at + (size_t)(o - o0);
	out->p[out->n] = 0;
	return 0;
slow:
	out->p[at] = 0;
	return 1;
}

/* Most DNs fit the stack buffer, so the engine can normalize one per
 * entry without touching the heap. */
#define DN_STACK_SCRATCH 512

int
dn_normalize(struct slice dn, struct buf *out)
{
	unsigned char small[DN_STACK_SCRATCH], *scratch = small;
	int rc;

	if (dn.n == 0)
		return 0;       /* the root DSE */
	if (fast_normalize(dn, out) == 0)
		return 0;
	if (dn.n > sizeof(small))
		scratch = xmalloc(dn.n);
	rc = normalize(dn, out, scratch);
	if (scratch != small)
		free(scratch);
	return rc;
}

bool
dn_valid(struct slice dn)
{
	struct buf out = BUF_INIT;
	int rc;

	rc = dn_normalize(dn, &out);
	buf_release(&out);
	return rc == 0;
}

bool
dn_equal(struct slice a, struct slice b)
{
	struct buf na = BUF_INIT, nb = BUF_INIT;
	bool eq;

	eq = dn_normalize(a, &na) == 0 && dn_normalize(b, &nb) == 0 &&
	    slice_eq(buf_slice(&na), buf_slice(&nb));
	buf_release(&na);
	buf_release(&nb);
	return eq;
}

bool
dn_is_under(struct slice dn, struct slice base)
{
	struct buf nd = BUF_INIT, nbase = BUF_INIT;
	bool under;

	under = dn_normalize(dn, &nd) == 0 && dn_normalize(base, &nbase) == 0 &&
	    dn_is_under_norm(buf_slice(&nd), buf_slice(&nbase));
	buf_release(&nd);
	buf_release(&nbase);
	return under;
}

bool
dn_is_under_norm(struct slice ndn, struct slice nbase)
{
	size_t cut, bs;

	if (nbase.n == 0)
		return true;
	if (ndn.n < nbase.n)
		return false;
	if (ndn.n == nbase.n)
		return memcmp(ndn.p, nbase.p, ndn.n) == 0;
	cut = ndn.n - nbase.n - 1;
	if (ndn.p[cut] != ',' ||
	    memcmp(ndn.p + cut + 1, nbase.p, nbase.n) != 0)
		return false;
	/* The ',' separates RDNs unless it is itself escaped. */
	for (bs = 0; bs < cut && ndn.p[cut - 1 - bs] == '\\'; bs++)
		;
	return bs % 2 == 0;
}

/* One AVA for dn_each_ava: the type as written and the decoded value. */
static int
next_ava(struct dn_parser *ps, unsigned char *scratch, struct slice *type,
    struct slice *value)
{
	struct buf ignored = BUF_INIT;
	size_t start, len = 0;
	int rc;

	skip_spaces(ps);
	start = ps->i;
	rc = parse_type(ps, &ignored);
	buf_release(&ignored);
	if (rc < 0)
		return -1;
	*type = slice_mem(ps->p + start, ps->i - start);
	skip_spaces(ps);
	if (ps->i >= ps->n || ps->p[ps->i] != '=')
		return -1;
	ps->i++;
	skip_spaces(ps);
	if (ps->i < ps->n && ps->p[ps->i] == '#') {
		ps->i++;
		while (ps->i + 1 < ps->n && num_hex_digit(ps->p[ps->i]) >= 0 &&
		    num_hex_digit(ps->p[ps->i + 1]) >= 0) {
			scratch[len++] = (unsigned char)(num_hex_digit(ps->p[ps->i]) <<
			    4 | num_hex_digit(ps->p[ps->i + 1]));
			ps->i += 2;
		}
		if (len == 0)
			return -1;
		skip_spaces(ps);
	} else if (scan_string(ps, scratch, &len) < 0) {
		return -1;
	}
	*value = slice_mem(scratch, len);
	return 0;
}

int
dn_each_ava(struct slice dn, dn_ava_fn fn, void *ctx)
{
	struct dn_parser ps = { dn.p, dn.n, 0 };
	unsigned char *scratch;
	struct slice type, value;
	size_t rdn = 0;
	int rc = 0;

	if (dn.n == 0)
		return 0;
	scratch = xmalloc(dn.n);
	for (;;) {
		if (next_ava(&ps, scratch, &type, &value) < 0) {
			rc = -1;
			break;
		}
		fn(ctx, rdn, type, value);
		if (ps.i == ps.n)
			break;
		if (ps.p[ps.i] != ',' && ps.p[ps.i] != '+') {
			rc = -1;
			break;
		}
		if (ps.p[ps.i] == ',')
			rdn++;
		ps.i++;
	}
	free(scratch);
	return rc;
}
