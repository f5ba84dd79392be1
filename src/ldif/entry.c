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
#define FAST_FAR 255    /* fast[]: the attribute is past index 253 */
#define BIG_INDEX ((size_t)1 << 16)     /* slots kept by entry_reset */
#define BIG_POOL ((size_t)1 << 16)      /* values kept by entry_reset */

static bool
name_at(const void *ctx, size_t idx, const void *key)
{
	const struct entry *e = ctx;
	const struct slice *name = key;

	return e->attrs[idx].name.n == name->n &&
	    slice_eq_ci(e->attrs[idx].name, *name);
}

/* Whether the index covers every attribute (large entries, in sync). */
static bool
index_current(const struct entry *e)
{
	return e->nattrs >= INDEX_MIN && e->indexed == e->nattrs;
}

/* The attribute of name through the index (index_current(e) holds). */
static struct entry_attr *
index_get(const struct entry *e, struct slice name)
{
	size_t i = hash_find(&e->index, hash_bytes_ci(name.p, name.n),
	    name_at, e, &name);

	return i == HASH_NONE ? NULL : &e->attrs[i];
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

/* Note attrs[idx] in fast[] (when its id is small enough). */
static void
fast_set(struct entry *e, size_t idx)
{
	uint32_t id = e->attrs[idx].id;

	if (id != 0 && id < ENTRY_FAST_IDS)
		e->fast[id] = idx + 1 < FAST_FAR ? (unsigned char)(idx + 1) :
		    FAST_FAR;
}

static void
fast_clear(struct entry *e, uint32_t id)
{
	if (id < ENTRY_FAST_IDS)
		e->fast[id] = 0;
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
		if (e->attrs[i].cap > 0)
			free(e->attrs[i].vals);
	free(e->attrs);
	free(e->pool);
	free(e->which);
	arena_free(&e->store);
	hash_free(&e->index);
	entry_init(e);
}

void
entry_reset(struct entry *e)
{
	size_t i;

	for (i = 0; i < e->nattrs; i++) {
		e->attrs[i].nvals = 0;
		fast_clear(e, e->attrs[i].id);
	}
	e->nattrs = 0;
	e->indexed = 0;
	e->dn.p = NULL;
	e->dn.n = 0;
	e->line = 0;
	arena_reset(&e->store);
	/* What a huge record grew is given back: a big index would also
	 * cost every later wide entry a clear of all its slots. */
	if (e->index.cap > BIG_INDEX)
		hash_free(&e->index);
	if (e->pool_cap > BIG_POOL) {
		free(e->pool);
		free(e->which);
		e->pool = NULL;
		e->which = NULL;
		e->pool_cap = e->which_cap = 0;
	}
}

static struct entry_attr *
new_attr(struct entry *e, struct slice name, uint32_t id, unsigned long line)
{
	struct entry_attr *a;
	size_t oldcap = e->cap;

	if (e->nattrs == e->cap) {
		grow_array(&e->attrs, &e->cap, e->nattrs + 1,
		    sizeof(*e->attrs));
		memset(e->attrs + oldcap, 0,
		    (e->cap - oldcap) * sizeof(*e->attrs));
	}
	a = &e->attrs[e->nattrs++];
	a->name = name;
	a->nvals = 0;
	a->line = line;
	a->id = id;
	fast_set(e, e->nattrs - 1);
	if (e->nattrs >= INDEX_MIN)
		index_sync(e);
	else
		e->indexed = 0;
	return a;
}

/* The values of a become a's own array (from the pool's segment). */
static void
own_values(struct entry_attr *a, size_t need)
{
	size_t cap = need < 8 ? 8 : need;
	struct slice *v = xreallocarray(NULL, cap, sizeof(*v));

	if (a->nvals > 0)
		memcpy(v, a->vals, a->nvals * sizeof(*v));
	a->vals = v;
	a->cap = cap;
}

static void
push_value(struct entry_attr *a, struct slice v)
{
	if (a->cap == 0)
		own_values(a, a->nvals + 1);
	else
		grow_array(&a->vals, &a->cap, a->nvals + 1, sizeof(*a->vals));
	a->vals[a->nvals++] = v;
}

/* Point attribute a at n pool slots from *off on (its own array, kept
 * for reuse until now, goes). */
static void
use_pool(struct entry *e, struct entry_attr *a, size_t *off, size_t n)
{
	if (a->cap > 0)
		free(a->vals);
	a->vals = e->pool + *off;
	a->cap = 0;
	*off += n;
}

/* An attribute of a description without an id (ldif_names.h): only
 * those can have it, and only once the table of ids is full. */
static struct entry_attr *
get_unnamed(const struct entry *e, struct slice name)
{
	size_t i;

	if (!ldif_names_full())
		return NULL;
	if (index_current(e))
		return index_get(e, name);
	/* Lengths first: this runs for every attribute line of an export. */
	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].id == 0 && e->attrs[i].name.n == name.n &&
		    slice_eq_ci(e->attrs[i].name, name))
			return &e->attrs[i];
	return NULL;
}

/* The attribute of name (whose id is id), found or made (the values of
 * one attribute mostly come together: the last one is tried first). */
static struct entry_attr *
attr_of(struct entry *e, struct slice name, uint32_t id, unsigned long line)
{
	struct entry_attr *a = NULL;

	if (e->nattrs > 0 && e->attrs[e->nattrs - 1].id == id &&
	    (id != 0 || slice_eq_ci(e->attrs[e->nattrs - 1].name, name)))
		a = &e->attrs[e->nattrs - 1];
	else if (id != 0)
		a = entry_get_id(e, id, name);
	else
		a = get_unnamed(e, name);
	if (a == NULL)
		a = new_attr(e, name, id, line);
	return a;
}

void
entry_append(struct entry *e, struct slice name, struct slice v,
    unsigned long line)
{
	push_value(attr_of(e, name, ldif_name_id(name), line), v);
}

/* Lines [0, upto) came grouped (each attribute's lines together, the
 * attributes in order): which[] of them, from the counts so far. */
static void
ungroup(struct entry *e, size_t upto)
{
	size_t i, k, j = 0;

	grow_array(&e->which, &e->which_cap, upto, sizeof(*e->which));
	for (k = 0; k < e->nattrs && j < upto; k++)
		for (i = 0; i < e->attrs[k].nvals && j < upto; i++)
			e->which[j++] = k;
}

void
entry_load(struct entry *e, const struct ldif_record *rec)
{
	size_t i, off = 0, n = rec->nattrs, last = (size_t)-1, k;
	bool grouped = true;
	struct entry_attr *a;
	uint32_t id = 0;

	entry_reset(e);
	e->dn = rec->dn;
	e->line = rec->line;
	/*
	 * First the attribute of every line, counting values; then one pool
	 * slot per line, a segment per attribute. Exports write the lines
	 * of an attribute together: then the pool is the lines in order, and
	 * only a record that interleaves its attributes needs which[].
	 */
	grow_array(&e->pool, &e->pool_cap, n, sizeof(*e->pool));
	for (i = 0; i < n; i++) {
		const struct ldif_attr *la = &rec->attrs[i];

		/* The reader's ids, or the table's (a line that spells its
		 * name as the one before it has its id). */
		if (rec->ids != NULL)
			id = rec->ids[i];
		else if (i == 0 || la->name.n != la[-1].name.n ||
		    memcmp(la->name.p, la[-1].name.p, la->name.n) != 0)
			id = ldif_name_id(la->name);
		a = attr_of(e, la->name, id, la->line);
		k = (size_t)(a - e->attrs);
		if (grouped && k != last && k != e->nattrs - 1) {
			ungroup(e, i);
			grouped = false;
		}
		if (!grouped) {
			grow_array(&e->which, &e->which_cap, i + 1,
			    sizeof(*e->which));
			e->which[i] = k;
		}
		/* a is new (the last one) or the one before: both fit */
		last = k;
		a->nvals++;
	}
	for (i = 0; i < e->nattrs; i++) {
		a = &e->attrs[i];
		use_pool(e, a, &off, a->nvals);
		if (!grouped)
			a->nvals = 0;
	}
	if (grouped) {
		for (i = 0; i < n; i++)
			e->pool[i] = rec->attrs[i].value;
		return;
	}
	for (i = 0; i < n; i++) {
		a = &e->attrs[e->which[i]];
		a->vals[a->nvals++] = rec->attrs[i].value;
	}
}

void
entry_copy(struct entry *dst, const struct entry *src)
{
	size_t i, off = 0, total = 0, oldcap;

	for (i = 0; i < dst->nattrs; i++)
		dst->attrs[i].nvals = 0;
	dst->nattrs = 0;
	dst->indexed = 0;
	dst->dn = src->dn;
	dst->line = src->line;
	for (i = 0; i < src->nattrs; i++)
		total += src->attrs[i].nvals;
	grow_array(&dst->pool, &dst->pool_cap, total, sizeof(*dst->pool));
	oldcap = dst->cap;
	grow_array(&dst->attrs, &dst->cap, src->nattrs, sizeof(*dst->attrs));
	if (dst->cap > oldcap)
		memset(dst->attrs + oldcap, 0,
		    (dst->cap - oldcap) * sizeof(*dst->attrs));
	for (i = 0; i < src->nattrs; i++) {
		const struct entry_attr *sa = &src->attrs[i];
		struct entry_attr *da = &dst->attrs[i];

		da->name = sa->name;
		da->line = sa->line;
		da->id = sa->id;
		use_pool(dst, da, &off, sa->nvals);
		if (sa->nvals > 0)
			memcpy(da->vals, sa->vals, sa->nvals * sizeof(*da->vals));
		da->nvals = sa->nvals;
	}
	dst->nattrs = src->nattrs;
	memcpy(dst->fast, src->fast, sizeof(dst->fast));
	/* The same names at the same places: the same index. */
	if (index_current(src)) {
		hash_copy(&dst->index, &src->index);
		dst->indexed = dst->nattrs;
	} else {
		index_sync(dst);
	}
}

struct entry_attr *
entry_get_id(const struct entry *e, uint32_t id, struct slice name)
{
	size_t i;
	unsigned v;

	if (id == 0)
		return get_unnamed(e, name);
	if (id < ENTRY_FAST_IDS) {
		v = e->fast[id];
		if (v == 0)
			return NULL;
		if (v != FAST_FAR)
			return &e->attrs[v - 1];
	}
	if (index_current(e))
		return index_get(e, name);
	for (i = 0; i < e->nattrs; i++)
		if (e->attrs[i].id == id)
			return &e->attrs[i];
	return NULL;
}

struct entry_attr *
entry_get(const struct entry *e, struct slice name)
{
	uint32_t id = ldif_name_find(name);

	return id != 0 ? entry_get_id(e, id, name) : get_unnamed(e, name);
}

struct entry_attr *
entry_get_type(const struct entry *e, struct slice type)
{
	size_t i;

	/* The type of a description is what comes before its first ';':
	 * a type with a ';' in it is no attribute's. */
	if (memchr(type.p, ';', type.n) != NULL)
		return NULL;
	for (i = 0; i < e->nattrs; i++) {
		struct slice d = e->attrs[i].name;

		if (d.n < type.n || (d.n > type.n && d.p[type.n] != ';'))
			continue;
		if (slice_eq_ci(slice_mem(d.p, type.n), type))
			return &e->attrs[i];
	}
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
		a = new_attr(e, name, ldif_name_id(name), 0);
	else if (entry_has_value(a, v))
		return false;
	push_value(a, v);
	return true;
}

static void
remove_attr(struct entry *e, struct entry_attr *a)
{
	size_t i = (size_t)(a - e->attrs), k;
	struct entry_attr gone = *a;

	/* Keep the removed slot's value array for reuse at the end. */
	memmove(&e->attrs[i], &e->attrs[i + 1],
	    (e->nattrs - i - 1) * sizeof(*e->attrs));
	e->nattrs--;
	gone.nvals = 0;
	e->attrs[e->nattrs] = gone;
	fast_clear(e, gone.id);
	for (k = i; k < e->nattrs; k++)
		fast_set(e, k);
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
		a = new_attr(e, name, ldif_name_id(name), 0);
	a->nvals = 0;
	for (i = 0; i < n; i++)
		if (!entry_has_value(a, vals[i]))
			push_value(a, vals[i]);
}
