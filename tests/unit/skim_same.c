/*
 * skim_same.c: the full reader against the fast path (see skim_same.h).
 */
#include "skim_same.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_names.h"

static int say(char *why, size_t whysz, size_t k, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
say(char *why, size_t whysz, size_t k, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, whysz, "record %zu: ", k + 1);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < whysz)
		vsnprintf(why + n, whysz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* What s asks of an attribute line named name: 'v' its value, 'p' that
 * it is there, 0 nothing. */
static int
asked(const struct ldif_skim *s, struct slice name)
{
	struct slice t = ldif_attr_type(name);
	size_t i;

	if (s->all || ldif_name_find(name) == 0)
		return 'v';
	for (i = 0; i < s->nvalues; i++)
		if (slice_eq_ci(t, s->values[i]))
			return 'v';
	for (i = 0; i < s->npresent; i++)
		if (slice_eq_ci(t, s->present[i]))
			return 'p';
	return 0;
}

static bool
same_attr(const struct ldif_record *a, size_t i, const struct ldif_record *b,
    size_t j, bool empty)
{
	const struct ldif_attr *x = &a->attrs[i], *y = &b->attrs[j];

	if (!slice_eq(x->name, y->name) || x->line != y->line)
		return false;
	if (a->ids != NULL && b->ids != NULL && a->ids[i] != b->ids[j])
		return false;
	return empty ? y->value.n == 0 : slice_eq(x->value, y->value);
}

static bool
same_head(const struct ldif_record *a, const struct ldif_record *b)
{
	return a->kind == b->kind && a->changetype_add == b->changetype_add &&
	    slice_eq(a->dn, b->dn) && a->line == b->line;
}

/* b is a, whole. */
static int
whole(const struct ldif_record *a, const struct ldif_record *b, size_t k,
    char *why, size_t whysz)
{
	size_t i;

	if (b->partial)
		return say(why, whysz, k, "completed record is still partial");
	if (!same_head(a, b) || a->nattrs != b->nattrs ||
	    a->nmods != b->nmods || a->ncontrols != b->ncontrols)
		return say(why, whysz, k, "head or counts differ");
	for (i = 0; i < a->nattrs; i++)
		if (!same_attr(a, i, b, i, false))
			return say(why, whysz, k, "attribute line %zu differs",
			    i + 1);
	for (i = 0; i < a->nmods; i++)
		if (a->mods[i].op != b->mods[i].op ||
		    !slice_eq(a->mods[i].attr, b->mods[i].attr) ||
		    a->mods[i].first != b->mods[i].first ||
		    a->mods[i].count != b->mods[i].count ||
		    a->mods[i].line != b->mods[i].line)
			return say(why, whysz, k, "mod-spec %zu differs", i + 1);
	for (i = 0; i < a->ncontrols; i++)
		if (!slice_eq(a->controls[i].oid, b->controls[i].oid) ||
		    a->controls[i].critical != b->controls[i].critical ||
		    a->controls[i].has_value != b->controls[i].has_value ||
		    !slice_eq(a->controls[i].value, b->controls[i].value))
			return say(why, whysz, k, "control %zu differs", i + 1);
	if (a->moddn_word != b->moddn_word || !slice_eq(a->newrdn, b->newrdn) ||
	    a->deleteoldrdn != b->deleteoldrdn ||
	    a->has_newsuperior != b->has_newsuperior ||
	    !slice_eq(a->newsuperior, b->newsuperior))
		return say(why, whysz, k, "moddn fields differ");
	return 0;
}

/* b is what the fast path may hand out of a. */
static int
partial(const struct ldif_record *a, const struct ldif_record *b,
    const struct ldif_skim *s, size_t k, char *why, size_t whysz)
{
	size_t i, j = 0;
	int w;

	if (a->kind != LDIF_ENTRY || !same_head(a, b) || b->nmods != 0 ||
	    b->ncontrols != 0)
		return say(why, whysz, k, "partial record's head differs");
	for (i = 0; i < a->nattrs; i++) {
		if ((w = asked(s, a->attrs[i].name)) == 0)
			continue;
		if (j == b->nattrs || !same_attr(a, i, b, j, w == 'p'))
			return say(why, whysz, k, "partial record lacks or "
			    "changes attribute line %zu", i + 1);
		j++;
	}
	if (j != b->nattrs)
		return say(why, whysz, k, "partial record has lines the full "
		    "one has not");
	return 0;
}

int
skim_same(struct ldif_reader *full, struct ldif_reader *skim,
    const struct ldif_skim *s, uint32_t complete, struct skim_stats *st,
    char *why, size_t whysz)
{
	struct skim_stats dummy;
	const struct ldif_record *a, *b;
	struct diag da, db;
	int ra, rb;
	size_t k;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	ldif_reader_skim(skim, s);
	diag_clear(&da);
	diag_clear(&db);
	for (k = 0;; k++) {
		ra = ldif_reader_next(full, &a, &da);
		rb = ldif_reader_next(skim, &b, &db);
		if (rb == 1 && b->partial && ra == 1) {
			if (partial(a, b, s, k, why, whysz) < 0)
				return -1;
			if (complete >> (st->partial % 32) & 1) {
				st->completed++;
				rb = ldif_reader_complete(skim, &b, &db);
			}
			st->partial++;
			if (rb == 1 && b->partial) {
				st->records++;
				continue;
			}
		}
		if (ra != rb)
			return say(why, whysz, k, "full reader says %d, skim "
			    "%d (%s:%lu:%lu: %s)", ra, rb, ra < 0 ? da.file :
			    db.file, ra < 0 ? da.line : db.line, ra < 0 ?
			    da.col : db.col, ra < 0 ? da.msg : db.msg);
		if (ra == 0)
			break;
		if (ra < 0) {
			if (strcmp(da.msg, db.msg) != 0 || da.line != db.line ||
			    da.col != db.col || strcmp(da.file, db.file) != 0)
				return say(why, whysz, k, "errors differ: "
				    "%lu:%lu: %s / %lu:%lu: %s", da.line,
				    da.col, da.msg, db.line, db.col, db.msg);
			st->end = -1;
			break;
		}
		if (whole(a, b, k, why, whysz) < 0)
			return -1;
		st->records++;
	}
	if (ldif_reader_offset(full) != ldif_reader_offset(skim) && ra == 0)
		return say(why, whysz, k, "offsets differ at the end");
	return 0;
}
