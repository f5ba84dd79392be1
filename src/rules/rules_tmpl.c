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
		if (strlen(L->cli[i].name) != n ||
		    memcmp(L->cli[i].name, name, n) != 0)
			continue;
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

static void
tmpl_flush(struct rl *L, struct buf *text, struct tmpl_part **parts,
    size_t *nparts, size_t *cap)
{
	if (text->n == 0)
		return;
	grow_array(parts, cap, *nparts + 1, sizeof(**parts));
	(*parts)[*nparts].kind = TMPL_TEXT;
	(*parts)[*nparts].text.p = (const unsigned char *)arena_memdup(L->a,
	    text->p, text->n);
	(*parts)[*nparts].text.n = text->n;
	(*nparts)++;
	buf_reset(text);
}

/*
 * A template: "{attr}" references, "{var:name}" replaced now, "{{" and "}}"
 * for literal braces. Messages must come out as one line of text.
 */
int
rl_tmpl(struct rl *L, const struct ynode *y, const char *what, bool message,
    struct tmpl *t)
{
	struct buf text = BUF_INIT;
	struct tmpl_part *parts = NULL;
	size_t nparts = 0, cap = 0, i = 0, k;
	int rc = -1;

	if (y->kind != YNODE_SCALAR || ytree_is_null(y))
		return rl_fail(L, y, "%s must be a text, not %s", what,
		    ytree_kind_name(y));
	if (y->n == 0)
		return rl_fail(L, y, "%s must not be empty", what);
	while (i < y->n) {
		const char *s = y->s;
		size_t end;

		if (s[i] == '}' && i + 1 < y->n && s[i + 1] == '}') {
			buf_putc(&text, '}');
			i += 2;
			continue;
		}
		if (s[i] == '}') {
			rl_fail(L, y, "lone '}' in %s (write '}}' for a brace)",
			    what);
			goto done;
		}
		if (s[i] != '{') {
			buf_putc(&text, s[i++]);
			continue;
		}
		if (i + 1 < y->n && s[i + 1] == '{') {
			buf_putc(&text, '{');
			i += 2;
			continue;
		}
		for (end = i + 1; end < y->n && s[end] != '}' && s[end] != '{';
		    end++)
			;
		if (end >= y->n || s[end] != '}') {
			rl_fail(L, y, "unclosed '{' in %s (write '{{' for a "
			    "brace)", what);
			goto done;
		}
		if (end - i - 1 >= 4 && memcmp(s + i + 1, "var:", 4) == 0) {
			struct slice v;

			if (var_value(L, y, s + i + 5, end - i - 5, &v) < 0)
				goto done;
			buf_putslice(&text, v);
		} else {
			struct slice a = slice_mem(s + i + 1, end - i - 1);

			if (ldif_desc_bad_at(a, LDIF_DESC_RFC) >= 0) {
				rl_fail(L, y, "invalid attribute name '%s' in %s",
				    rl_q(L, a.p, a.n), what);
				goto done;
			}
			tmpl_flush(L, &text, &parts, &nparts, &cap);
			grow_array(&parts, &cap, nparts + 1, sizeof(*parts));
			parts[nparts].kind = TMPL_ATTR;
			parts[nparts].text.p = (const unsigned char *)
			    arena_memdup(L->a, a.p, a.n);
			parts[nparts].text.n = a.n;
			nparts++;
		}
		i = end + 1;
	}
	tmpl_flush(L, &text, &parts, &nparts, &cap);
	for (k = 0; message && k < nparts; k++) {
		const struct slice *p = &parts[k].text;
		size_t j;

		for (j = 0; parts[k].kind == TMPL_TEXT && j < p->n; j++) {
			if (p->p[j] < 0x20 || p->p[j] == 0x7f) {
				rl_fail(L, y, "%s must be one line of text "
				    "(found byte 0x%02x)", what, p->p[j]);
				goto done;
			}
		}
	}
	t->nparts = nparts;
	t->parts = arena_array(L->a, nparts, sizeof(*t->parts));
	if (nparts)
		memcpy(t->parts, parts, nparts * sizeof(*parts));
	t->source = rl_keep(L, y);
	rc = 0;
done:
	free(parts);
	buf_release(&text);
	return rc;
}
