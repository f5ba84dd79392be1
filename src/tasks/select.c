/*
 * select.c: entry selection by DN, sAMAccountName, userPrincipalName,
 * canonical name, name and subtree (see select.h). Reading @FILE is
 * select_file.c.
 *
 * --only/--exclude selectors can number in the tens of thousands (a CSV of
 * every linked mailbox), so they are sorted once and looked up by binary
 * search; --under/--not-under bases are few and scanned.
 */
#include "tasks/select.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"

struct select_key {
	struct slice key;
	int kind;
	int by;
	size_t index;           /* into items[] */
};

void
select_init(struct select *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->ndn);
	buf_init(&s->lname);
}

void
select_free(struct select *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		buf_release(&s->items[i].text);
		buf_release(&s->items[i].key);
		free(s->items[i].file);
	}
	free(s->items);
	free(s->order);
	buf_release(&s->ndn);
	buf_release(&s->lname);
	select_init(s);
}

const char *
select_kind_option(enum select_kind kind)
{
	switch (kind) {
	case SELECT_ONLY: return "--only";
	case SELECT_EXCLUDE: return "--exclude";
	case SELECT_UNDER: return "--under";
	case SELECT_NOT_UNDER: return "--not-under";
	}
	return "?";
}

bool
select_active(const struct select *s)
{
	return s->nitems > 0;
}

/* v folded as AD compares names (all scripts), into out. */
static void
fold_into(struct buf *out, struct slice v)
{
	buf_reset(out);
	dn_fold_case(out, v);
}

int
select_add_key(struct select *s, enum select_kind kind, enum select_by by,
    struct slice text, const char *file, unsigned long line, struct diag *d)
{
	struct select_item *it;

	if (text.n == 0)
		return diag_set(d, file ? file : "", line, 0,
		    "%s: empty name", select_kind_option(kind));
	if (kind == SELECT_UNDER || kind == SELECT_NOT_UNDER)
		by = SELECT_BY_DN;
	grow_array(&s->items, &s->cap, s->nitems + 1, sizeof(*s->items));
	it = &s->items[s->nitems];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->by = by;
	buf_init(&it->text);
	buf_init(&it->key);
	buf_putslice(&it->text, text);
	if (by == SELECT_BY_DN) {
		if (dn_normalize(text, &it->key) < 0) {
			buf_release(&it->text);
			buf_release(&it->key);
			return diag_set(d, file ? file : "", line, 0,
			    "%s: '%.*s' is not a valid DN",
			    select_kind_option(kind),
			    (int)(text.n > 200 ? 200 : text.n),
			    (const char *)text.p);
		}
	} else {
		dn_fold_case(&it->key, text);
	}
	it->file = file ? xstrdup(file) : NULL;
	it->line = line;
	s->nitems++;
	s->prepared = false;
	s->by_mask |= 1u << by;
	if (kind == SELECT_ONLY)
		s->have_only = true;
	if (kind == SELECT_UNDER)
		s->have_under = true;
	return 0;
}

int
select_add(struct select *s, enum select_kind kind, const char *arg,
    struct diag *d)
{
	size_t before = s->nitems;
	struct slice text = slice_of(arg);
	enum select_by by = SELECT_BY_SAM;

	if ((kind == SELECT_ONLY || kind == SELECT_EXCLUDE) && arg[0] == '@') {
		if (select_add_file(s, kind, arg + 1, d) < 0)
			return -1;
		/* A reviewed list from which every row was deleted means
		 * "none of these": it must not fall back to "everything". */
		if (kind == SELECT_ONLY && s->nitems == before)
			return diag_set(d, arg + 1, 0, 0, "--only %s selects no "
			    "entry: the file names no DN or sAMAccountName",
			    arg);
		return 0;
	}
	if (memchr(text.p, '=', text.n) != NULL)
		by = SELECT_BY_DN;
	else if (memchr(text.p, '@', text.n) != NULL)
		by = SELECT_BY_UPN;
	return select_add_key(s, kind, by, text, NULL, 0, d);
}

static int
cmp_key(const void *pa, const void *pb)
{
	const struct select_key *a = pa, *b = pb;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->by != b->by)
		return a->by < b->by ? -1 : 1;
	c = slice_cmp(&a->key, &b->key);
	if (c != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sort the ONLY/EXCLUDE keys and flag repeated selectors. */
static void
prepare(struct select *s)
{
	size_t i, n = 0;

	free(s->order);
	s->order = xreallocarray(NULL, s->nitems ? s->nitems : 1,
	    sizeof(*s->order));
	for (i = 0; i < s->nitems; i++) {
		struct select_item *it = &s->items[i];

		it->duplicate = false;
		if (it->kind != SELECT_ONLY && it->kind != SELECT_EXCLUDE)
			continue;
		s->order[n].key = buf_slice(&it->key);
		s->order[n].kind = (int)it->kind;
		s->order[n].by = (int)it->by;
		s->order[n].index = i;
		n++;
	}
	s->norder = n;
	if (n > 1)
		qsort(s->order, n, sizeof(*s->order), cmp_key);
	for (i = 1; i < n; i++) {
		const struct select_key *a = &s->order[i - 1];
		const struct select_key *b = &s->order[i];

		if (a->kind == b->kind && a->by == b->by &&
		    slice_eq(a->key, b->key))
			s->items[b->index].duplicate = true;
	}
	s->prepared = true;
}

/* Count every selector of kind and by with this key; true if any. */
static bool
lookup_mark(struct select *s, enum select_kind kind, enum select_by by,
    struct slice key)
{
	size_t lo = 0, hi = s->norder, i;
	bool found = false;

	while (lo < hi) {       /* lower bound of (kind, by, key) */
		size_t mid = lo + (hi - lo) / 2;
		const struct select_key *m = &s->order[mid];
		int c;

		if (m->kind != (int)kind)
			c = m->kind < (int)kind ? -1 : 1;
		else if (m->by != (int)by)
			c = m->by < (int)by ? -1 : 1;
		else
			c = slice_cmp(&m->key, &key);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < s->norder; i++) {
		const struct select_key *m = &s->order[i];

		if (m->kind != (int)kind || m->by != (int)by ||
		    !slice_eq(m->key, key))
			break;
		s->items[m->index].matches++;
		found = true;
	}
	return found;
}

/* Each value of the attribute type, folded, looked up as by. */
static bool
names_by_attr(struct select *s, enum select_kind kind, enum select_by by,
    const struct entry *e, const char *type)
{
	const struct entry_attr *a = entry_get_type(e, slice_of(type));
	bool hit = false;
	size_t i;

	for (i = 0; a && i < a->nvals; i++) {
		fold_into(&s->lname, a->vals[i]);
		if (lookup_mark(s, kind, by, buf_slice(&s->lname)))
			hit = true;
	}
	return hit;
}

/* The AVAs of a DN, kept for the canonical name and the RDN value. */
struct avas {
	struct buf store;       /* decoded values, '\0'-separated */
	size_t off[64], len[64], rdn[64];
	bool dc[64];
	size_t n;
	bool overflow;
};

static void
keep_ava(void *ctx, size_t rdn, struct slice type, struct slice value)
{
	struct avas *v = ctx;

	if (v->n == sizeof(v->off) / sizeof(v->off[0])) {
		v->overflow = true;
		return;
	}
	v->off[v->n] = v->store.n;
	v->len[v->n] = value.n;
	v->rdn[v->n] = rdn;
	v->dc[v->n] = slice_eq_cstr_ci(type, "dc");
	buf_putslice(&v->store, value);
	v->n++;
}

/* Append value with '/' escaped as canonical names write it. */
static void
put_canonical_part(struct buf *out, const struct avas *v, size_t i)
{
	size_t k;

	for (k = 0; k < v->len[i]; k++) {
		if (v->store.p[v->off[i] + k] == '/')
			buf_putc(out, '\\');
		buf_putc(out, v->store.p[v->off[i] + k]);
	}
}

/*
 * The canonical name of a DN ("CN=Jane,OU=Linked,DC=corp,DC=example" is
 * "corp.example/Linked/Jane"), or, with rdn_only, the value of its first
 * RDN ("Jane"); folded into s->lname. False when the DN does not parse.
 */
static bool
dn_names(struct select *s, struct slice dn, bool rdn_only)
{
	struct avas v;
	struct buf raw = BUF_INIT;
	size_t i, first_dc;
	bool ok;

	memset(&v, 0, sizeof(v));
	buf_init(&v.store);
	ok = dn_each_ava(dn, keep_ava, &v) == 0 && !v.overflow && v.n > 0;
	if (ok && rdn_only) {
		buf_put(&raw, v.store.p + v.off[0], v.len[0]);
	} else if (ok) {
		for (first_dc = v.n; first_dc > 0 && v.dc[first_dc - 1];)
			first_dc--;
		for (i = first_dc; i < v.n; i++) {
			if (i > first_dc)
				buf_putc(&raw, '.');
			buf_put(&raw, v.store.p + v.off[i], v.len[i]);
		}
		for (i = first_dc; i-- > 0;) {
			buf_putc(&raw, i + 1 < first_dc && v.rdn[i] == v.rdn[i + 1] ?
			    '+' : '/');
			put_canonical_part(&raw, &v, i);
		}
	}
	if (ok)
		fold_into(&s->lname, buf_slice(&raw));
	buf_release(&raw);
	buf_release(&v.store);
	return ok;
}

/* Does a --only/--exclude selector of kind name e? */
static bool
names_entry(struct select *s, enum select_kind kind, bool dn_ok,
    const struct entry *e)
{
	bool hit = false;

	if (dn_ok && (s->by_mask & 1u << SELECT_BY_DN) &&
	    lookup_mark(s, kind, SELECT_BY_DN, buf_slice(&s->ndn)))
		hit = true;
	if ((s->by_mask & 1u << SELECT_BY_SAM) &&
	    names_by_attr(s, kind, SELECT_BY_SAM, e, "sAMAccountName"))
		hit = true;
	if ((s->by_mask & 1u << SELECT_BY_UPN) &&
	    names_by_attr(s, kind, SELECT_BY_UPN, e, "userPrincipalName"))
		hit = true;
	if ((s->by_mask & 1u << SELECT_BY_CANONICAL) &&
	    dn_names(s, e->dn, false) &&
	    lookup_mark(s, kind, SELECT_BY_CANONICAL, buf_slice(&s->lname)))
		hit = true;
	if ((s->by_mask & 1u << SELECT_BY_NAME) && dn_names(s, e->dn, true) &&
	    lookup_mark(s, kind, SELECT_BY_NAME, buf_slice(&s->lname)))
		hit = true;
	return hit;
}

/* Is there a --not-under, or an --exclude naming a DN (or a path)? */
static bool
excludes_by_dn(const struct select *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (s->items[i].kind == SELECT_NOT_UNDER ||
		    (s->items[i].kind == SELECT_EXCLUDE &&
		    s->items[i].by != SELECT_BY_SAM &&
		    s->items[i].by != SELECT_BY_UPN))
			return true;
	return false;
}

bool
select_entry(struct select *s, const struct entry *e)
{
	bool dn_ok, selected = true, in_under = false;
	size_t i;

	if (s->nitems == 0)
		return true;
	if (!s->prepared)
		prepare(s);
	buf_reset(&s->ndn);
	dn_ok = dn_normalize(e->dn, &s->ndn) == 0;
	if (s->have_only && !names_entry(s, SELECT_ONLY, dn_ok, e))
		selected = false;
	if (names_entry(s, SELECT_EXCLUDE, dn_ok, e))
		selected = false;
	for (i = 0; i < s->nitems; i++) {
		struct select_item *it = &s->items[i];

		if (it->kind != SELECT_UNDER && it->kind != SELECT_NOT_UNDER)
			continue;
		if (!dn_ok || !dn_is_under_norm(buf_slice(&s->ndn),
		    buf_slice(&it->key)))
			continue;
		it->matches++;
		if (it->kind == SELECT_UNDER)
			in_under = true;
		else
			selected = false;
	}
	if (s->have_under && !in_under)
		selected = false;
	/* A DN that does not parse cannot be shown to lie outside a
	 * --not-under base or to differ from an --exclude DN (AD and OpenLDAP
	 * still read "CN=a;OU=b,..." as RDNs): fail closed. */
	if (!dn_ok && selected && excludes_by_dn(s))
		selected = false;
	return selected;
}

size_t
select_each_unmatched(const struct select *s, select_item_fn fn, void *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < s->nitems; i++) {
		const struct select_item *it = &s->items[i];

		if (it->matches > 0 || it->duplicate)
			continue;
		n++;
		if (fn)
			fn(ctx, it);
	}
	return n;
}

size_t
select_each_ambiguous(const struct select *s, select_item_fn fn, void *ctx)
{
	size_t i, n = 0;

	for (i = 0; i < s->nitems; i++) {
		const struct select_item *it = &s->items[i];

		if (it->matches <= 1 || it->duplicate ||
		    (it->by != SELECT_BY_NAME && it->by != SELECT_BY_CANONICAL))
			continue;
		n++;
		if (fn)
			fn(ctx, it);
	}
	return n;
}
