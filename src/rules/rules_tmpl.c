/*
 * rules_tmpl.c: templates of the rule language (change values and warning
 * messages): literal text, "{attr}" references kept for the engine, and
 * "{var:name}" replaced at load time by the --var value or the file's
 * default. "{{" and "}}" are literal braces.
 */
#include "rules/rules_tmpl.h"

#include <stdlib.h>
#include <string.h>

#include "ldif/ldif.h"

/* Look a variable up: --var values win over the file's defaults. */
static int
var_value(struct rl *L, const struct ynode *at, const char *name, size_t n,
    struct slice *out)
{
	size_t i;

	for (i = L->ncli; i-- > 0;) {
		size_t k;

		if (strlen(L->cli[i].name) != n ||
		    memcmp(L->cli[i].name, name, n) != 0)
			continue;
		for (k = 0; k < L->ncli; k++)   /* a name given twice: both */
			if (strcmp(L->cli[k].name, L->cli[i].name) == 0)
				L->cli[k].used = true;
		*out = slice_of(L->cli[i].value);
		if (!utf8_valid(slice_mem(out->p, out->n)))
			return rl_fail(L, at, "the value of --var %s is not "
			    "valid UTF-8", rl_q(L, name, n));
		return 0;
	}
	if (L->vars != NULL) {
		const struct ynode *k;

		for (i = 0; i + 1 < L->vars->nkids; i += 2) {
			k = L->vars->kids[i];
			if (k->n == n && memcmp(k->s, name, n) == 0) {
				*out = slice_mem(L->vars->kids[i + 1]->s,
				    L->vars->kids[i + 1]->n);
				return 0;
			}
		}
	}
	return rl_fail(L, at, "unknown variable '%s' (set it under "
	    "'variables:' or with --var %s=VALUE)", rl_q(L, name, n),
	    rl_q(L, name, n));
}

/* A template being built: literal text pending, parts so far. */
struct tbuild {
	struct buf text;
	struct tmpl_part *parts;
	size_t nparts, cap;
};

/* End the pending literal text as a part of its own. */
static void
flush_text(struct rl *L, struct tbuild *b)
{
	struct tmpl_part *p;

	if (b->text.n == 0)
		return;
	grow_array(&b->parts, &b->cap, b->nparts + 1, sizeof(*b->parts));
	p = &b->parts[b->nparts++];
	p->kind = TMPL_TEXT;
	p->text.p = (const unsigned char *)arena_memdup(L->a, b->text.p,
	    b->text.n);
	p->text.n = b->text.n;
	buf_reset(&b->text);
}

/* The reference between braces: "var:name" (its value is text now), an
 * attribute name, "master.ATTR" or "owner:name" / "owner:status" (parts
 * the engine fills in). */
static int
reference(struct rl *L, const struct ynode *y, const char *what,
    struct slice ref, struct tbuild *b)
{
	enum tmpl_part_kind kind = TMPL_ATTR;
	struct tmpl_part *p;
	struct slice v, name;

	if (ref.n >= 4 && memcmp(ref.p, "var:", 4) == 0) {
		if (var_value(L, y, (const char *)ref.p + 4, ref.n - 4, &v) < 0)
			return -1;
		buf_putslice(&b->text, v);
		return 0;
	}
	if (ref.n >= 6 && memcmp(ref.p, "owner:", 6) == 0) {
		if (!(ref.n == 10 && memcmp(ref.p + 6, "name", 4) == 0) &&
		    !(ref.n == 12 && memcmp(ref.p + 6, "status", 6) == 0))
			return rl_fail(L, y, "unknown reference '{%s}' in %s "
			    "(expected {owner:name} or {owner:status})",
			    rl_q(L, ref.p, ref.n), what);
		ref = slice_mem(ref.p + 6, ref.n - 6);
		kind = TMPL_OWNER;
	} else if (rules_master_attr(ref, &name) ?
	    ldif_desc_bad_at(name, LDIF_DESC_RFC) >= 0 :
	    ldif_desc_bad_at(ref, LDIF_DESC_RFC) >= 0) {
		return rl_fail(L, y, "invalid attribute name '%s' in %s",
		    rl_q(L, ref.p, ref.n), what);
	}
	flush_text(L, b);
	grow_array(&b->parts, &b->cap, b->nparts + 1, sizeof(*b->parts));
	p = &b->parts[b->nparts++];
	p->kind = kind;
	p->text.p = (const unsigned char *)arena_memdup(L->a, ref.p, ref.n);
	p->text.n = ref.n;
	return 0;
}

/* Parse the template text of y into b. */
static int
parse_parts(struct rl *L, const struct ynode *y, const char *what,
    struct tbuild *b)
{
	const char *s = y->s;
	size_t i = 0, end;

	while (i < y->n) {
		if ((s[i] == '}' || s[i] == '{') && i + 1 < y->n &&
		    s[i + 1] == s[i]) {
			buf_putc(&b->text, s[i]);       /* "{{" or "}}" */
			i += 2;
			continue;
		}
		if (s[i] == '}')
			return rl_fail(L, y, "lone '}' in %s (write '}}' for a "
			    "brace)", what);
		if (s[i] != '{') {
			buf_putc(&b->text, s[i++]);
			continue;
		}
		for (end = i + 1; end < y->n && s[end] != '}' && s[end] != '{';
		    end++)
			;
		if (end >= y->n || s[end] != '}')
			return rl_fail(L, y, "unclosed '{' in %s (write '{{' "
			    "for a brace)", what);
		if (reference(L, y, what, slice_mem(s + i + 1, end - i - 1),
		    b) < 0)
			return -1;
		i = end + 1;
	}
	flush_text(L, b);
	return 0;
}

/* A message's literal text must be one line without control bytes. */
static int
one_line(struct rl *L, const struct ynode *y, const char *what,
    const struct tbuild *b)
{
	size_t k, j;

	for (k = 0; k < b->nparts; k++) {
		const struct slice *p = &b->parts[k].text;

		for (j = 0; b->parts[k].kind == TMPL_TEXT && j < p->n; j++)
			if (p->p[j] < 0x20 || p->p[j] == 0x7f)
				return rl_fail(L, y, "%s must be one line of "
				    "text (found byte 0x%02x)", what, p->p[j]);
	}
	return 0;
}

/*
 * A template: "{attr}" references, "{var:name}" replaced now, "{{" and "}}"
 * for literal braces. Messages must come out as one line of text.
 */
int
rl_tmpl(struct rl *L, const struct ynode *y, const char *what, bool message,
    struct tmpl *t)
{
	struct tbuild b;
	int rc = -1;

	if (y->kind != YNODE_SCALAR || ytree_is_null(y))
		return rl_fail(L, y, "%s must be a text, not %s", what,
		    ytree_kind_name(y));
	if (y->n == 0)
		return rl_fail(L, y, "%s must not be empty", what);
	memset(&b, 0, sizeof(b));
	buf_init(&b.text);
	if (parse_parts(L, y, what, &b) == 0 &&
	    (!message || one_line(L, y, what, &b) == 0)) {
		t->nparts = b.nparts;
		t->parts = arena_array(L->a, b.nparts, sizeof(*t->parts));
		if (b.nparts)
			memcpy(t->parts, b.parts, b.nparts * sizeof(*b.parts));
		t->source = rl_keep(L, y);
		rc = 0;
	}
	free(b.parts);
	buf_release(&b.text);
	return rc;
}
