/*
 * re.c: linear-time rule regexes over TRE (see re.h).
 *
 * re_check walks the pattern the way TRE's extended syntax reads it, far
 * enough to find what would leave TRE's parallel matcher: back-references
 * and approximate bounds. On the way it estimates the size TRE gives the
 * pattern once bounds are written out: a literal, "." or bracket
 * expression counts 1, a group the sum of its branches, and a bound
 * multiplies what it follows by its largest count ({m,} by m + 1). It is a
 * check, not a parser: whatever it does not understand is left to TRE's
 * regcomp, which reports syntax errors itself.
 */
#include "base/re.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Nesting deeper than this is refused (TRE's own parser recurses too). */
#define MAX_DEPTH 64

/* One open group: the branches before the current one, the current one,
 * and the size of the last item in it (what a bound multiplies). */
struct frame {
	size_t alts, seq, last;
};

struct scan {
	const char *p;
	size_t n, i;
	struct frame f[MAX_DEPTH + 1];
	size_t depth;
	struct re_refusal *r;
};

static size_t
sat_add(size_t a, size_t b)
{
	return a > RE_MAX_SIZE || b > RE_MAX_SIZE ? RE_MAX_SIZE + 1 : a + b;
}

static size_t
sat_mul(size_t a, size_t b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a > RE_MAX_SIZE || b > RE_MAX_SIZE || a * b > RE_MAX_SIZE)
		return RE_MAX_SIZE + 1;
	return a * b;
}

/* Refuse the len bytes at p[at], named what: the bytes are shown after
 * it, up to 24 of them, anything but printable ASCII as '?' (a pattern
 * must not put a line break or a terminal escape into a message). */
static int
refuse(struct scan *s, size_t at, size_t len, const char *what,
    const char *why)
{
	size_t i, k = strlen(what);

	memcpy(s->r->what, what, k);
	if (len > 24)
		len = 24;
	if (len > 0)
		s->r->what[k++] = ' ';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s->p[at + i];

		s->r->what[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	s->r->what[k] = '\0';
	s->r->at = at;
	s->r->why = why;
	return -1;
}

/* An item of size k ends the current branch. */
static void
item(struct scan *s, size_t k)
{
	struct frame *f = &s->f[s->depth];

	f->seq = sat_add(f->seq, k);
	f->last = k;
}

/* The size of the whole pattern so far. */
static size_t
total(const struct scan *s)
{
	size_t i, t = 0;

	for (i = 0; i <= s->depth; i++)
		t = sat_add(t, sat_add(s->f[i].alts, s->f[i].seq));
	return t;
}

/* A bracket expression from p[i] == '['; returns the index after it, or
 * n when it does not end (TRE will say so). */
static size_t
bracket_end(const char *p, size_t n, size_t i)
{
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n && p[i] != ']') {
		if (p[i] == '[' && i + 1 < n &&
		    (p[i + 1] == ':' || p[i + 1] == '=' || p[i + 1] == '.')) {
			char close = p[i + 1];

			for (i += 2; i + 1 < n; i++)
				if (p[i] == close && p[i + 1] == ']')
					break;
			i += 2;
			continue;
		}
		i++;
	}
	return i < n ? i + 1 : n;
}

/*
 * A bound from p[i] == '{'. Plain bounds ({m}, {m,}, {m,n}, {,n}) set
 * *mult; TRE's approximate-matching bounds are refused; anything else is
 * left to TRE (*mult = 1).
 */
static int
bound(struct scan *s, size_t *mult)
{
	const char *p = s->p;
	size_t i = s->i + 1, m = 0, k = 0, nd = 0;
	bool comma = false, digits2 = false;

	*mult = 1;
	for (; i < s->n && p[i] != '}'; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			size_t *v = comma ? &k : &m;

			*v = *v > RE_MAX_SIZE ? *v : *v * 10 + (size_t)(p[i] - '0');
			nd++;
			digits2 |= comma;
		} else if (p[i] == ',' && !comma) {
			comma = true;
		} else if (strchr("~+-#< ", p[i]) != NULL) {
			while (i < s->n && p[i] != '}')
				i++;
			return refuse(s, s->i, i + 1 - s->i, "approximate bound",
			    "approximate matching is not supported (bounds "
			    "are {m}, {m,} or {m,n})");
		} else {
			return 0;       /* not a bound ldfix understands */
		}
	}
	if (i >= s->n || (nd == 0 && !comma))
		return 0;
	if (!comma)
		*mult = m;
	else if (digits2)
		*mult = k;
	else
		*mult = m + 1;
	if (*mult == 0)
		*mult = 1;
	s->i = i;               /* at the '}' */
	return 0;
}

/* "\" at p[i]: a back-reference is refused; other escapes are one item
 * (\Q...\E one per quoted byte). */
static int
escape(struct scan *s)
{
	const char *p = s->p;
	size_t i = s->i, j;

	if (i + 1 >= s->n)
		return 0;       /* a trailing backslash: TRE's error */
	if (p[i + 1] >= '0' && p[i + 1] <= '9')
		return refuse(s, i, 2, "back-reference", "back-references "
		    "are not supported (they need a backtracking matcher, "
		    "whose time can grow exponentially with the value)");
	if (p[i + 1] == 'Q') {
		for (j = i + 2; j + 1 < s->n; j++)
			if (p[j] == '\\' && p[j + 1] == 'E')
				break;
		if (j + 1 >= s->n)
			j = s->n;
		item(s, j - (i + 2));
		s->i = j + 1;
		return 0;
	}
	if (p[i + 1] == 'x' && i + 2 < s->n && p[i + 2] == '{') {
		for (j = i + 3; j < s->n && p[j] != '}'; j++)
			;
		s->i = j;
		item(s, 1);
		return 0;
	}
	s->i = i + 1;
	item(s, 1);
	return 0;
}

int
re_check(const char *pattern, size_t n, struct re_refusal *r)
{
	struct scan s;
	size_t mult, at, g;

	memset(&s, 0, sizeof(s));
	s.p = pattern;
	s.n = n;
	s.r = r;
	for (s.i = 0; s.i < n; s.i++) {
		struct frame *f = &s.f[s.depth];

		switch (pattern[s.i]) {
		case '\\':
			if (escape(&s) < 0)
				return -1;
			break;
		case '[':
			at = bracket_end(pattern, n, s.i);
			item(&s, 1);
			s.i = at - 1;
			break;
		case '(':
			if (s.depth == MAX_DEPTH)
				return refuse(&s, s.i, 0, "group", "groups "
				    "nest more than 64 deep");
			s.depth++;
			memset(&s.f[s.depth], 0, sizeof(s.f[s.depth]));
			break;
		case ')':
			if (s.depth == 0) {
				item(&s, 1);
				break;
			}
			g = sat_add(f->alts, f->seq);
			s.depth--;
			item(&s, g);
			break;
		case '|':
			f->alts = sat_add(f->alts, f->seq);
			f->seq = 0;
			f->last = 0;
			break;
		case '{':
			at = s.i;
			if (bound(&s, &mult) < 0)
				return -1;
			if (s.i == at) {
				item(&s, 1);
				break;
			}
			f->seq = sat_add(f->seq - f->last,
			    sat_mul(f->last, mult));
			f->last = sat_mul(f->last, mult);
			if (total(&s) > RE_MAX_SIZE)
				return refuse(&s, at, s.i + 1 - at, "bound",
				    "written out, the bounds would make the "
				    "pattern more than 1000 items long (a{3} "
				    "is aaa): simplify it");
			break;
		case '*': case '+': case '?': case '^': case '$':
			break;
		default:
			item(&s, 1);
			break;
		}
	}
	if (total(&s) > RE_MAX_SIZE)
		return refuse(&s, 0, 0, "the pattern", "it is more than "
		    "1000 items long once its bounds are written out");
	return 0;
}

int
re_compile(regex_t *re, const char *pattern, size_t n, struct re_refusal *r)
{
	int rc;

	if (re_check(pattern, n, r) < 0)
		return -1;
	rc = tre_regncomp(re, pattern, n, REG_EXTENDED | REG_NOSUB);
	if (rc != REG_OK)
		return rc;
	/* What TRE itself decided: the check above must have caught it. */
	if (tre_have_backrefs(re) || tre_have_approx(re)) {
		tre_regfree(re);
		r->at = 0;
		snprintf(r->what, sizeof(r->what), "the pattern");
		r->why = "TRE would match it with a backtracking or "
		    "approximate matcher, whose time is not linear";
		return -1;
	}
	return 0;
}

void
re_error(int code, const regex_t *re, char *out, size_t outsz)
{
	tre_regerror(code, re, out, outsz);
}

bool
re_match(const regex_t *re, const void *p, size_t n)
{
	return tre_regnexec(re, (const char *)p, n, 0, NULL, 0) == REG_OK;
}
