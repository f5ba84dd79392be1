/*
 * apply_work.c: apply's working entry (see apply_work.h).
 *
 * Attributes and values live in slots that are never moved while a DN's
 * records apply: deleting marks a slot dead. Two hash tables find slots:
 * the entry's index (name -> attribute slot, built once the entry has
 * INDEX_MIN attributes) and each big attribute's set (value -> value
 * slot, built once it has SET_MIN values). Neither ever removes an entry
 * (base/hash.h): their equality callbacks skip dead and popped slots, so a
 * stale entry is only a wasted probe.
 *
 * The journal records each change with what undoes it. Replacing an
 * attribute's values, or bringing back one deleted in the same record,
 * swaps in fresh value arrays and journals the old ones whole, so both
 * cost O(new values), not O(old ones).
 */
#include "tasks/apply_work.h"

#include <stdlib.h>
#include <string.h>

#include "base/hash.h"

#define INDEX_MIN 16    /* attributes before the name index is used */
#define SET_MIN 16      /* values before an attribute's set is used */

struct wval {
	struct slice v;
	bool dead;
};

/* One attribute's values: slots [0, n), live ones counted in nlive. */
struct wvals {
	struct wval *v;
	size_t n, cap, nlive;
	struct hash set;        /* value -> slot, for slots [0, hashed) */
	size_t hashed;
};

struct wattr {
	struct slice name;
	unsigned long line;
	struct wvals vals;
	bool dead;
	unsigned long killed_in;        /* record that deleted it, if dead */
};

enum jop {
	J_ADD_VAL,      /* a value slot was appended: pop it */
	J_KILL_VAL,     /* a value died: bring it back */
	J_SET_VAL,      /* a value changed: put old back */
	J_NEW_ATTR,     /* an attribute slot was appended: pop it */
	J_KILL_ATTR,    /* an attribute died: bring it back */
	J_SWAP_VALS     /* the values were swapped: put old back */
};

/* A journal entry; what J_SET_VAL and J_SWAP_VALS need to undo is on
 * the stacks olds and saved (undone in reverse, so popped in order). */
struct jentry {
	enum jop op;
	size_t attr, slot;
};

/* The values a J_SWAP_VALS took away, and whether the attribute was dead. */
struct saved_vals {
	struct wvals vals;
	bool dead;
};

struct apply_work {
	struct wattr *a;
	size_t n, cap;                  /* attribute slots, dead included */
	struct hash index;              /* name -> slot, for [0, indexed) */
	size_t indexed;
	struct jentry *j;
	size_t nj, jcap;
	bool journaling;                /* off while an add record loads */
	struct slice *olds;             /* J_SET_VAL stack */
	size_t nolds, olds_cap;
	struct saved_vals *saved;       /* J_SWAP_VALS stack */
	size_t nsaved, saved_cap;
	size_t rec_n;                   /* attribute slots when the record began */
	unsigned long rec;              /* the record being applied, from 1 */
	struct slice dn;
	unsigned long line;
};

struct apply_work *
apply_work_new(void)
{
	struct apply_work *w = xcalloc(1, sizeof(*w));

	hash_init(&w->index);
	return w;
}

static void
vals_free(struct wvals *vs)
{
	free(vs->v);
	hash_free(&vs->set);
	memset(vs, 0, sizeof(*vs));
}

/* Forget every attribute and the journal; keep the arrays' memory. */
static void
clear(struct apply_work *w)
{
	size_t i;

	apply_work_commit(w);
	for (i = 0; i < w->n; i++)
		vals_free(&w->a[i].vals);
	w->n = 0;
	hash_clear(&w->index);
	w->indexed = 0;
	w->rec_n = 0;
}

void
apply_work_free(struct apply_work *w)
{
	if (w == NULL)
		return;
	clear(w);
	free(w->a);
	free(w->j);
	free(w->olds);
	free(w->saved);
	hash_free(&w->index);
	free(w);
}

static void
journal(struct apply_work *w, enum jop op, size_t attr, size_t slot)
{
	struct jentry *je;

	if (!w->journaling)
		return;
	grow_array(&w->j, &w->jcap, w->nj + 1, sizeof(*w->j));
	je = &w->j[w->nj++];
	je->op = op;
	je->attr = attr;
	je->slot = slot;
}

/* ---- finding attributes ---- */

struct name_key {
	struct slice name;
	bool revivable;         /* look for a dead slot this record may revive */
};

static bool
revivable(const struct apply_work *w, size_t i)
{
	return i < w->rec_n && w->a[i].dead && w->a[i].killed_in == w->rec;
}

static bool
name_at(const void *ctx, size_t i, const void *key)
{
	const struct apply_work *w = ctx;
	const struct name_key *k = key;

	if (i >= w->n || (k->revivable ? !revivable(w, i) : w->a[i].dead))
		return false;
	return w->a[i].name.n == k->name.n &&
	    slice_eq_ci(w->a[i].name, k->name);
}

static void
index_sync(struct apply_work *w)
{
	if (w->n < INDEX_MIN)
		return;
	for (; w->indexed < w->n; w->indexed++)
		hash_put(&w->index, hash_bytes_ci(w->a[w->indexed].name.p,
		    w->a[w->indexed].name.n), w->indexed);
}

/* The live (or, with revive, the revivable) slot of name, or HASH_NONE. */
static size_t
find_attr(const struct apply_work *w, struct slice name, bool revive)
{
	struct name_key k = { name, revive };
	size_t i;

	/* After a rollback popped slots, indexed may exceed n: name_at
	 * skips what the index holds beyond n. */
	if (w->n >= INDEX_MIN && w->indexed >= w->n)
		return hash_find(&w->index, hash_bytes_ci(name.p, name.n),
		    name_at, w, &k);
	for (i = 0; i < w->n; i++)
		if (name_at(w, i, &k))
			return i;
	return HASH_NONE;
}

static size_t
push_attr(struct apply_work *w, struct slice name, unsigned long line)
{
	struct wattr *a;

	grow_array(&w->a, &w->cap, w->n + 1, sizeof(*w->a));
	a = &w->a[w->n];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->line = line;
	hash_init(&a->vals.set);
	/* A slot popped by a rollback may have left index entries: they
	 * name this slot again, which name_at checks by name. */
	if (w->indexed > w->n)
		w->indexed = w->n;
	w->n++;
	index_sync(w);
	return w->n - 1;
}

/* ---- values ---- */

struct val_key {
	const struct wvals *vs;
	struct slice v;
};

static bool
val_at(const void *ctx, size_t i, const void *key)
{
	const struct wvals *vs = ctx;
	const struct slice *v = key;

	return i < vs->n && !vs->v[i].dead && slice_eq(vs->v[i].v, *v);
}

/* A live slot holding v, or HASH_NONE. */
static size_t
find_val(struct wvals *vs, struct slice v)
{
	size_t i;

	if (vs->n < SET_MIN) {
		for (i = 0; i < vs->n; i++)
			if (val_at(vs, i, &v))
				return i;
		return HASH_NONE;
	}
	if (vs->hashed > vs->n)         /* slots were popped */
		vs->hashed = vs->n;
	for (; vs->hashed < vs->n; vs->hashed++)
		hash_put(&vs->set, hash_bytes(vs->v[vs->hashed].v.p,
		    vs->v[vs->hashed].v.n), vs->hashed);
	return hash_find(&vs->set, hash_bytes(v.p, v.n), val_at, vs, &v);
}

static void
push_val(struct wvals *vs, struct slice v)
{
	grow_array(&vs->v, &vs->cap, vs->n + 1, sizeof(*vs->v));
	vs->v[vs->n].v = v;
	vs->v[vs->n].dead = false;
	vs->n++;
	vs->nlive++;
}

/* ---- loading and storing ---- */

void
apply_work_load(struct apply_work *w, const struct entry *e)
{
	size_t i, j;

	clear(w);
	w->journaling = false;
	w->rec = 0;
	w->dn = e->dn;
	w->line = e->line;
	for (i = 0; i < e->nattrs; i++) {
		const struct entry_attr *ea = &e->attrs[i];
		size_t k;

		if (ea->nvals == 0)
			continue;
		k = push_attr(w, ea->name, ea->line);   /* moves w->a */
		for (j = 0; j < ea->nvals; j++)
			push_val(&w->a[k].vals, ea->vals[j]);
	}
}

void
apply_work_reset(struct apply_work *w, struct slice dn, unsigned long line)
{
	clear(w);
	w->journaling = false;
	w->rec = 0;
	w->dn = dn;
	w->line = line;
}

void
apply_work_store(struct apply_work *w, struct entry *e)
{
	size_t i, j;

	entry_reset(e);
	e->dn = w->dn;
	e->line = w->line;
	for (i = 0; i < w->n; i++) {
		const struct wattr *a = &w->a[i];

		if (a->dead || a->vals.nlive == 0)
			continue;
		for (j = 0; j < a->vals.n; j++)
			if (!a->vals.v[j].dead)
				entry_append(e, a->name, a->vals.v[j].v,
				    a->line);
	}
}

/* ---- records ---- */

void
apply_work_begin(struct apply_work *w)
{
	apply_work_commit(w);
	w->journaling = true;
	w->rec++;
	w->rec_n = w->n;
}

void
apply_work_commit(struct apply_work *w)
{
	size_t i;

	for (i = 0; i < w->nsaved; i++)
		vals_free(&w->saved[i].vals);
	w->nsaved = 0;
	w->nolds = 0;
	w->nj = 0;
}

static void
undo(struct apply_work *w, struct jentry *je)
{
	struct wattr *a = &w->a[je->attr];

	switch (je->op) {
	case J_ADD_VAL:
		a->vals.n--;
		a->vals.nlive--;
		break;
	case J_KILL_VAL:
		a->vals.v[je->slot].dead = false;
		a->vals.nlive++;
		break;
	case J_SET_VAL:
		a->vals.v[je->slot].v = w->olds[--w->nolds];
		/* The set may hold the new value's hash: rebuild it. */
		hash_clear(&a->vals.set);
		a->vals.hashed = 0;
		break;
	case J_NEW_ATTR:
		vals_free(&a->vals);
		w->n--;
		break;
	case J_KILL_ATTR:
		a->dead = false;
		break;
	case J_SWAP_VALS:
		vals_free(&a->vals);
		w->nsaved--;
		a->vals = w->saved[w->nsaved].vals;
		a->dead = w->saved[w->nsaved].dead;
		break;
	}
}

void
apply_work_rollback(struct apply_work *w)
{
	while (w->nj > 0) {
		w->nj--;
		undo(w, &w->j[w->nj]);
	}
}

/* ---- changes ---- */

bool
apply_work_has_attr(const struct apply_work *w, struct slice name)
{
	return find_attr(w, name, false) != HASH_NONE;
}

/* Give attribute i fresh, empty values (the old ones journaled whole). */
static void
swap_vals(struct apply_work *w, size_t i)
{
	struct wattr *a = &w->a[i];

	if (w->journaling) {
		journal(w, J_SWAP_VALS, i, 0);
		grow_array(&w->saved, &w->saved_cap, w->nsaved + 1,
		    sizeof(*w->saved));
		w->saved[w->nsaved].vals = a->vals;
		w->saved[w->nsaved].dead = a->dead;
		w->nsaved++;
	} else {
		vals_free(&a->vals);
	}
	memset(&a->vals, 0, sizeof(a->vals));
	hash_init(&a->vals.set);
	a->dead = false;
}

/* The slot of name to add values to: the live one, one this record
 * deleted (back in its place, without its old values), or a new one. */
static size_t
attr_for_add(struct apply_work *w, struct slice name)
{
	size_t i = find_attr(w, name, false);

	if (i != HASH_NONE)
		return i;
	i = find_attr(w, name, true);
	if (i != HASH_NONE) {
		swap_vals(w, i);
		return i;
	}
	i = push_attr(w, name, 0);
	journal(w, J_NEW_ATTR, i, 0);
	return i;
}

bool
apply_work_add_value(struct apply_work *w, struct slice name, struct slice v)
{
	size_t i = attr_for_add(w, name);
	struct wvals *vs = &w->a[i].vals;

	if (find_val(vs, v) != HASH_NONE)
		return false;
	push_val(vs, v);
	journal(w, J_ADD_VAL, i, vs->n - 1);
	return true;
}

static void
kill_attr(struct apply_work *w, size_t i)
{
	w->a[i].dead = true;
	w->a[i].killed_in = w->rec;
	journal(w, J_KILL_ATTR, i, 0);
}

bool
apply_work_delete_value(struct apply_work *w, struct slice name,
    struct slice v)
{
	size_t i = find_attr(w, name, false), k;
	struct wvals *vs;
	bool found = false;

	if (i == HASH_NONE)
		return false;
	vs = &w->a[i].vals;
	while ((k = find_val(vs, v)) != HASH_NONE) {
		vs->v[k].dead = true;
		vs->nlive--;
		journal(w, J_KILL_VAL, i, k);
		found = true;
	}
	if (found && vs->nlive == 0)
		kill_attr(w, i);
	return found;
}

bool
apply_work_delete_attr(struct apply_work *w, struct slice name)
{
	size_t i = find_attr(w, name, false);

	if (i == HASH_NONE)
		return false;
	kill_attr(w, i);
	return true;
}

void
apply_work_replace(struct apply_work *w, struct slice name,
    const struct slice *vals, size_t n)
{
	size_t i, k;
	struct wvals *vs;

	if (n == 0) {
		apply_work_delete_attr(w, name);
		return;
	}
	i = find_attr(w, name, false);
	if (i != HASH_NONE)
		swap_vals(w, i);
	else
		i = attr_for_add(w, name);
	vs = &w->a[i].vals;
	for (k = 0; k < n; k++) {
		if (find_val(vs, vals[k]) != HASH_NONE)
			continue;
		push_val(vs, vals[k]);
		journal(w, J_ADD_VAL, i, vs->n - 1);
	}
}

bool
apply_work_each_value(struct apply_work *w, struct slice name,
    apply_work_value_fn fn, void *ctx)
{
	size_t i = find_attr(w, name, false), k;
	struct wvals *vs;
	struct slice nv;

	if (i == HASH_NONE)
		return true;
	vs = &w->a[i].vals;
	for (k = 0; k < vs->n; k++) {
		if (vs->v[k].dead)
			continue;
		if (!fn(ctx, vs->v[k].v, &nv)) {
			hash_clear(&vs->set);
			vs->hashed = 0;
			return false;
		}
		if (w->journaling) {
			journal(w, J_SET_VAL, i, k);
			grow_array(&w->olds, &w->olds_cap, w->nolds + 1,
			    sizeof(*w->olds));
			w->olds[w->nolds++] = vs->v[k].v;
		}
		vs->v[k].v = nv;
	}
	hash_clear(&vs->set);
	vs->hashed = 0;
	return true;
}
