/*
 * diff.h: what changed in an entry: the difference between the entry as
 * exported and the entry as the rules left it, attribute by attribute.
 *
 * Attribute descriptions are compared ASCII case-insensitively, values byte
 * for byte, as sets (an attribute whose values only moved is unchanged).
 * Changes come in the order of the attributes in the exported entry, new
 * attributes after, in the order the rules created them. Pure: no output,
 * no allocation per entry once the diff's arrays have grown.
 */
#ifndef LDFIX_DIFF_H
#define LDFIX_DIFF_H

#include <stddef.h>

#include "base/buf.h"
#include "ldif/entry.h"

/*
 * One changed attribute. before/after point into the entries the diff was
 * computed from (NULL: absent on that side); the values that go away are
 * diff->vals[first_removed .. +nremoved), the ones that come in
 * diff->vals[first_added .. +nadded). Valid until the next compute or
 * until those entries change.
 */
struct diff_change {
	struct slice attr;      /* the export's spelling, else the new one */
	const struct entry_attr *before;
	const struct entry_attr *after;
	size_t first_removed, nremoved;
	size_t first_added, nadded;
};

struct diff {
	struct diff_change *changes;
	size_t nchanges, changes_cap;
	struct slice *vals;
	size_t nvals, vals_cap;
	/* Private: sorted copies of large value sets, reused. */
	struct slice *sorted_b, *sorted_a;
	size_t sorted_b_cap, sorted_a_cap;
};

void diff_init(struct diff *d);
void diff_free(struct diff *d);

/* diff_compute: fill d with before -> after; returns d->nchanges. */
size_t diff_compute(struct diff *d, const struct entry *before,
    const struct entry *after);

/* diff_values: the values of a (NULL: none), as an array and a count. */
const struct slice *diff_values(const struct entry_attr *a, size_t *n);

#endif
