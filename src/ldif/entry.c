/*
 * entry.c: the mutable entry model (see entry.h).
 */
#include "ldif/entry.h"

#include <stdlib.h>
#include <string.h>

/*
 * The index: a hash table (base/hash.h) from descriptions, ASCII
 * case-folded, to attrs[] positions. It exists once an entry has INDEX_MIN
 * attributes (exports have tens: a hostile one may have 100,000 names in
 * a record, and a linear entry_get per attribute line would be
 * quadratic). Appends add to it; anything that moves attributes (removal,
 * copy, reset) rebuilds or drops it.
 */
#define INDEX_MIN 128

static bool
name_at(const void *ctx, size_t idx, const void *key)
{
	const struct entry *e = ctx;
	const struct slice *name = key;

	return e->attrs[idx].name.n == name->n &&
	    slice_eq_ci(e->attrs[idx].name, *name);
}

/* Bring the index up to date after attrs[] grew by appends, or rebuild it
 * (e->indexed == 0) after anything else. Small entries have none. */
static void
index_sync(struct entry *e)
{
	size_t i;

	if (e->nattrs < INDEX_MIN) {
		e->indexed = 0;
		return;
	}
	if (e->indexed == 0 || e->indexed > e->nattrs) {
		hash_clear(&e->index);
		e->indexed = 0;
	}
	for (i = e->indexed; i < e->nattrs; i++)
		hash_put(&e->index, hash_bytes_ci(e->attrs[i].name.p,
		    e->attrs[i].name.n), i);
	e->indexed = e->nattrs;
}

void
entry_init(struct entry *e)
{
	memset(e, 0, sizeof(*e));
	arena_init(&e->store);
	hash_init(&e->index);
}

void
entry_free(struct entry *e)
{
	size_t i;

	for (i = 0; i < e->cap; i++)
		free(e->attrs[i].vals);
	free(e->attrs);
	arena_free(&e->store);
	hash_free(&e->index);
	entry_init(e);
}

void
entry_reset(struct entry *e)
{
	size_t i;

	for (i = 0; i < e->nattrs; i++)
		e->attrs[i].nvals = 0;
	e->nattrs = 0;
	e->indexed = 0;
	e->dn.p = NULL;
	e->dn.n = 0;
	e->line = 0;
	arena_reset(&e->store);
}

static struct entry_attr *
new_attr(struct entry *e, struct slice name, unsigned long line)
{
	struct entry_attr *a;
	size_t oldcap = e->cap;

	grow_array(&e->attrs, &e->cap, e->nattrs + 1, sizeof(*e->attrs));
	if (e->cap > oldcap)
		memset(e->attrs + oldcap, 0, (e->cap - oldcap) * sizeof(*e->attrs));
	a = &e->attrs[e->nattrs++];
	a->name = name;
	a->nvals = 0;
	a->line = line;
	index_sync(e);
	return a;
}

static void
push_value(struct entry_attr *a, struct slice v)
{
	grow_array(&a->vals, &a->cap, a->nvals + 1, sizeof(*a->vals));
	a->vals[a->nvals++] = v;
}

void
entry_append(struct entry *e, struct slice name, struct slice v,
    unsigned long line)
{
	struct entry_attr *a = NULL;

	/* The values of one attribute mostly come together. */
	if (e->nattrs > 0 &&
	    slice_eq_ci(e->attrs[e->nattrs - 1].name, name))
		a = &e->attrs[e->nattrs - 1];
	else
		a = entry_get(e, name);
	if (a == NULL)
		a = new_attr(e, name, line);
	push_value(a, v);
}

void
entry_load(struct entry *e, const struct ldif_record *rec)
{
	size_t i;

	entry_reset(e);
	e->dn = rec->dn;
	e->line = rec->line;
	for (i = 0; i < rec->nattrs; i++)
		entry_append(e, rec->attrs[i].name, rec->attrs[i].value,
		    rec->attrs[i].line);
}

void
entry_copy(struct entry *dst, const struct entry *src)
{
	size_t i, j;

	for (i = 0; i < dst->nattrs; i++)
		dst->attrs[i].nvals = 0;
	dst->nattrs = 0;
	dst->indexed = 0;
	dst->dn = src->dn;
	dst->line = src->line;
	for (i = 0; i < src->nattrs; i++) {
		const struct entry_attr *sa = &src->attrs[i];
		struct entry_attr *da = new_attr(dst, sa->name, sa->line);

		for (j = 0; j < sa->nvals; j++)
			push_value(da, sa->vals[j]);
	}
}

struct entry_attr *
entry_get(const struct entry *e, struct slice name)
{
	size_t i;

	if (e->nattrs >= INDEX_MIN && e->indexed == e->nattrs) {
		i = hash_find(&e->index, hash_bytes_ci(name.p, name.n),
		    name_at, e, &name);
		return i == HASH_NONE ? NULL : &e->attrs[i];
	}
	/* Lengths first: this runs for every attribute line of an export. */
	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].name.n == name.n &&
		    slice_eq_ci(e->attrs[i].name, name))
			return &e->attrs[i];
	return NULL;
}

struct entry_attr *
entry_get_type(const struct entry *e, struct slice type)
{
	size_t i;

	for (i = 0; i < e->nattrs; i++)
		if (slice_eq_ci(ldif_attr_type(e->attrs[i].name), type))
			return &e->attrs[i];
	return NULL;
}

struct slice
entry_intern(struct entry *e, const void *p, size_t n)
{
	return slice_mem(arena_copy(&e->store, p, n), n);
}

bool
entry_has_value(const struct entry_attr *a, struct slice v)
{
	size_t i;

	if (a == NULL)
		return false;
	for (i = 0; i < a->nvals; i++)
		if (slice_eq(a->vals[i], v))
			return true;
	return false;
}

bool
entry_add_value(struct entry *e, struct slice name, struct slice v)
{
	struct entry_attr *a = entry_get(e, name);

	if (a == NULL)
		a = new_attr(e, name, 0);
	else if (entry_has_value(a, v))
		return false;
	push_value(a, v);
	return true;
}

static void
remove_attr(struct entry *e, struct entry_attr *a)
{
	size_t i = (size_t)(a - e->attrs);
	struct entry_attr gone = *a;

	/* Keep the removed slot's value array for reuse at the end. */
	memmove(&e->attrs[i], &e->attrs[i + 1],
	    (e->nattrs - i - 1) * sizeof(*e->attrs));
	e->nattrs--;
	gone.nvals = 0;
	e->attrs[e->nattrs] = gone;
	e->indexed = 0;
	index_sync(e);
}

bool
entry_delete_value(struct entry *e, struct slice name, struct slice v)
{
	struct entry_attr *a = entry_get(e, name);
	size_t i, k;

	if (a == NULL)
		return false;
	/* Values are a set: an export that lists one twice still holds it
	 * once, so every copy goes. */
	for (i = k = 0; i < a->nvals; i++)
		if (!slice_eq(a->vals[i], v))
			a->vals[k++] = a->vals[i];
	if (k == a->nvals)
		return false;
	a->nvals = k;
	if (a->nvals == 0)
		remove_attr(e, a);
	return true;
}

bool
entry_delete_attr(struct entry *e, struct slice name)
{
	struct entry_attr *a = entry_get(e, name);

	if (a == NULL)
		return false;
	remove_attr(e, a);
	return true;
}

void
entry_replace(struct entry *e, struct slice name, const struct slice *vals,
    size_t n)
{
	struct entry_attr *a = entry_get(e, name);
	size_t i;

	if (n == 0) {
		if (a)
			remove_attr(e, a);
		return;
	}
	if (a == NULL)
		a = new_attr(e, name, 0);
	a->nvals = 0;
	for (i = 0; i < n; i++)
		if (!entry_has_value(a, vals[i]))
			push_value(a, vals[i]);
}
