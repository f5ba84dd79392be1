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
#include "ldif/entry.h"
#include "base/sid.h"


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
	size_t i, j;

	(void)state;
	for (i = 0; i < nconds; i++) {
		struct cond *c = conds[i];

		if (c->kind == COND_REGEX)
			regfree(&c->re);
		if (c->dn_norm != NULL) {
			for (j = 0; j < c->nvals; j++)
				free((void *)c->dn_norm[j].p);
			free(c->dn_norm);
		}
	}
	for (i = 0; i < ntracked; i++)
		free(tracked[i]);
	free(tracked);
	free(conds);
	tracked = NULL;
	conds = NULL;
	ntracked = tracked_cap = nconds = conds_cap = 0;
	return 0;
}

/* A rule literal read the way the rule language reads one: an optional
 * '-', then decimal or 0x hex digits, within int64/uint64; else text. */
struct rule_value
ast_rv(const char *text)
{
	struct rule_value v = { slice_of(text), false, false, 0 };
	const char *p = text;
	int base = 10;

	if (*p == '-') {
		v.neg = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return v;
	for (; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
		    *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : 99;

		if (d >= base || v.mag > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return (struct rule_value){ slice_of(text), false, false, 0 };
		v.mag = v.mag * (uint64_t)base + (uint64_t)d;
	}
	if (v.neg && v.mag > (uint64_t)1 << 63)
		return (struct rule_value){ slice_of(text), false, false, 0 };
	v.is_int = true;
	return v;
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
