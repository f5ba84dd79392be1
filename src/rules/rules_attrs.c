/*
 * rules_attrs.c: what attributes a ruleset reads and changes, found by
 * walking its rules (for reports, coverage of an export, and checks).
 */
#include "rules/rules.h"

#include <stdlib.h>

/* Append name to list unless it is there (ASCII case-insensitively). */
static void
add_unique(struct slice **list, size_t *n, size_t *cap, struct slice name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (slice_eq_ci((*list)[i], name))
			return;
	grow_array(list, cap, *n + 1, sizeof(**list));
	(*list)[(*n)++] = name;
}

size_t
rules_changed_attrs(const struct ruleset *rs, struct slice **out)
{
	struct slice *list = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nchanges; j++)
			add_unique(&list, &n, &cap, rs->rules[i].changes[j].attr);
	*out = list;
	return n;
}
