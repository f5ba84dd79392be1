/*
 * ast_build.c: hand-built rule ASTs and entries for the engine tests
 * (ast_build.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ast_build.h"
#include "base/buf.h"
#include "base/dn.h"
#include "base/num.h"
#include "base/sid.h"
#include "ldif/entry.h"


static void **tracked;
static size_t ntracked, tracked_cap;
static struct cond **conds;
static size_t nconds, conds_cap;

void *
ast_track(void *p)
{
	grow_array(&tracked, &tracked_cap, ntracked + 1, sizeof(*tracked));
	tracked[ntracked++] = p;
	return p;
}

void *
ast_alloc(size_t n)
{
	return ast_track(xcalloc(1, n));
}

int
ast_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nconds; i++)
		if (conds[i]->kind == COND_REGEX)
			regfree(&conds[i]->re);
	for (i = 0; i < ntracked; i++)
		free(tracked[i]);
	free(tracked);
	free(conds);
	tracked = NULL;
	conds = NULL;
	ntracked = tracked_cap = nconds = conds_cap = 0;
	return 0;
}

/* A rule literal read the way the rule language reads one (num.h with
 * NUM_HEX); anything else is text. */
struct rule_value
ast_rv(const char *text)
{
	struct rule_value v = { slice_of(text), false, false, 0 };
	struct num n;

	if (num_parse(v.text, NUM_HEX, &n) == NUM_OK) {
		v.is_int = true;
		v.neg = n.neg;
		v.mag = n.mag;
	}
	return v;
}

void
ast_dn_norm(struct cond *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	c->dn_norm = ast_alloc((c->nvals + 1) * sizeof(*c->dn_norm));
	for (i = 0; i < c->nvals; i++) {
		unsigned char *p;

		buf_reset(&b);
		assert_int_equal(dn_normalize(c->vals[i].text, &b), 0);
		p = ast_alloc(b.n + 1);
		memcpy(p, b.p, b.n);
		c->dn_norm[i] = slice_mem(p, b.n);
	}
	buf_release(&b);
}

struct cond *
ast_cond(enum cond_kind kind, const char *attr)
{
	struct cond *c = ast_alloc(sizeof(*c));

	c->kind = kind;
	c->line = 7;
	c->col = 3;
	c->attr = slice_of(attr ? attr : "");
	grow_array(&conds, &conds_cap, nconds + 1, sizeof(*conds));
	conds[nconds++] = c;
	return c;
}

/* kind over attr with literal values, NULL-terminated. */
struct cond *
ast_vals(enum cond_kind kind, const char *attr, ...)
{
	struct cond *c = ast_cond(kind, attr);
	const char *s;
	va_list ap;

	c->vals = ast_alloc(16 * sizeof(*c->vals));
	va_start(ap, attr);
	while ((s = va_arg(ap, const char *)) != NULL)
		c->vals[c->nvals++] = ast_rv(s);
	va_end(ap);
	return c;
}


struct cond *
ast_kids(enum cond_kind kind, ...)
{
	struct cond *c = ast_cond(kind, NULL), *k;
	va_list ap;

	c->kids = ast_alloc(16 * sizeof(*c->kids));
	va_start(ap, kind);
	while ((k = va_arg(ap, struct cond *)) != NULL)
		c->kids[c->nkids++] = k;
	va_end(ap);
	return c;
}

struct cond *
ast_other(enum cond_kind kind, const char *attr, const char *other)
{
	struct cond *c = ast_cond(kind, attr);

	c->other_attr = slice_of(other);
	return c;
}

struct slice
ast_sid_bin(const char *text)
{
	unsigned char *p = ast_alloc(SID_MAX_BYTES);
	size_t n;

	assert_int_equal(sid_parse(slice_of(text), p, &n), 0);
	return slice_mem(p, n);
}

void
ast_put(struct entry *e, const char *attr, const char *v)
{
	entry_add_value(e, slice_of(attr), slice_of(v));
}

void
ast_put_bin(struct entry *e, const char *attr, struct slice v)
{
	entry_add_value(e, slice_of(attr), v);
}

void
ast_assert_warning(const struct engine_result *res, size_t i,
    const char *want)
{
	struct slice w;

	assert_true(i < res->nwarnings);
	w = engine_warning_text(res, i);
	if (!slice_eq(w, slice_of(want)))
		fail_msg("warning %zu is \"%.*s\", want \"%s\"", i, (int)w.n,
		    (const char *)w.p, want);
}
