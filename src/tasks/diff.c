/*
 * diff.c: the entry diff of diff.h.
 */
#include "tasks/diff.h"

#include <stdlib.h>
#include <string.h>

void
diff_init(struct diff *d)
{
	memset(d, 0, sizeof(*d));
}

void
diff_free(struct diff *d)
{
	free(d->changes);
	free(d->vals);
	free(d->sorted_b);
	free(d->sorted_a);
	diff_init(d);
}

const struct slice *
diff_values(const struct entry_attr *a, size_t *n)
{
	*n = a ? a->nvals : 0;
	return a ? a->vals : NULL;
}

/*
 * Value sets larger than SMALL_SET are searched in a sorted copy: a rule
 * that removes one member of a group of 100,000 must not cost 10^10
 * comparisons. Small sets (nearly every attribute) keep the plain scan.
 */
#define SMALL_SET 16

/* a's values sorted into *buf, or NULL when a is absent or small. */
static const struct slice *
sorted_values(const struct entry_attr *a, struct slice **buf, size_t *cap)
{
	if (a == NULL || a->nvals <= SMALL_SET)
		return NULL;
	grow_array(buf, cap, a->nvals, sizeof(**buf));
	memcpy(*buf, a->vals, a->nvals * sizeof(**buf));
	qsort(*buf, a->nvals, sizeof(**buf), slice_cmp);
	return *buf;
}

static bool
has_value(const struct entry_attr *a, const struct slice *sorted,
    struct slice v)
{
	if (a == NULL)
		return false;
	if (sorted)
		return bsearch(&v, sorted, a->nvals, sizeof(*sorted),
		    slice_cmp) != NULL;
	return entry_has_value(a, v);
}

static void
push_val(struct diff *d, struct slice v)
{
	grow_array(&d->vals, &d->vals_cap, d->nvals + 1, sizeof(*d->vals));
	d->vals[d->nvals++] = v;
}

/* Same values in the same order: the common case of an untouched
 * attribute, checked in linear time before the set comparison. */
static bool
same_in_order(const struct entry_attr *a, const struct entry_attr *b)
{
	size_t i;

	if (a->nvals != b->nvals)
		return false;
	for (i = 0; i < a->nvals; i++)
		if (!slice_eq(a->vals[i], b->vals[i]))
			return false;
	return true;
}

/* Record the difference of one attribute (either side may be NULL). */
static void
diff_attr(struct diff *d, struct slice name,
    const struct entry_attr *b, const struct entry_attr *a)
{
	const struct slice *sb, *sa;
	struct diff_change c;
	size_t i;

	if (b && b->nvals == 0)
		b = NULL;
	if (a && a->nvals == 0)
		a = NULL;
	if (b == NULL && a == NULL)
		return;
	if (b && a && same_in_order(b, a))
		return;
	c.attr = name;
	c.before = b;
	c.after = a;
	sb = sorted_values(b, &d->sorted_b, &d->sorted_b_cap);
	sa = sorted_values(a, &d->sorted_a, &d->sorted_a_cap);
	c.first_removed = d->nvals;
	for (i = 0; b && i < b->nvals; i++)
		if (!has_value(a, sa, b->vals[i]))
			push_val(d, b->vals[i]);
	c.nremoved = d->nvals - c.first_removed;
	c.first_added = d->nvals;
	for (i = 0; a && i < a->nvals; i++)
		if (!has_value(b, sb, a->vals[i]))
			push_val(d, a->vals[i]);
	c.nadded = d->nvals - c.first_added;
	if (c.nremoved == 0 && c.nadded == 0) {
		d->nvals = c.first_removed;     /* same set, other order */
		return;
	}
	grow_array(&d->changes, &d->changes_cap, d->nchanges + 1,
	    sizeof(*d->changes));
	d->changes[d->nchanges++] = c;
}

size_t
diff_compute(struct diff *d, const struct entry *before,
    const struct entry *after)
{
	size_t i;

	d->nchanges = 0;
	d->nvals = 0;
	for (i = 0; i < before->nattrs; i++) {
		const struct entry_attr *b = &before->attrs[i];

		diff_attr(d, b->name, b, entry_get_id(after, b->id, b->name));
	}
	for (i = 0; i < after->nattrs; i++) {
		const struct entry_attr *a = &after->attrs[i];

		if (entry_get_id(before, a->id, a->name) == NULL)
			diff_attr(d, a->name, NULL, a);
	}
	return d->nchanges;
}

