/*
 * rules_attrs.c: what attributes a ruleset reads and changes, found by
 * walking its rules (for reports, coverage of an export, and checks).
 */
#include "rules/rules_attrs.h"

#include <stdlib.h>
#include <string.h>

#include "ldif/ldif_names.h"

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

/* ---- what a rule reads ---- */

/* A list of attribute names being collected (malloc'd until copied). */
struct names {
	struct slice *v;
	size_t n, cap;
};

/* What part of a rule reads: of the entry, of the master account
 * ("master.ATTR"), and whether anything needs the accounts join. */
struct reads {
	struct names main, master;
	bool accounts;
};

/* The attribute that names the owner of a linked mailbox. */
static const char master_sid_attr[] = "msExchMasterAccountSid";

static void
add_read(struct reads *l, struct slice name)
{
	if (rules_master_attr(name, NULL)) {
		add_unique(&l->master.v, &l->master.n, &l->master.cap, name);
		l->accounts = true;
	} else {
		add_unique(&l->main.v, &l->main.n, &l->main.cap, name);
	}
}

/* The owner's status or name: the master SID, and the join. */
static void
add_owner(struct reads *l)
{
	add_read(l, slice_of(master_sid_attr));
	l->accounts = true;
}

static void
cond_reads(struct reads *l, const struct cond *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->attr.n > 0)
		add_read(l, c->attr);
	if (c->other_attr.n > 0)
		add_read(l, c->other_attr);
	if (c->kind == COND_OWNER_STATUS)
		add_owner(l);
	for (i = 0; i < c->nkids; i++)
		cond_reads(l, c->kids[i]);
}

/*
 * The attributes of the export of which an entry must carry at least one
 * for c to hold: appended to l; false when c can hold on an entry that
 * carries none (absent, not, dn, hit:, the owner's status or account, or
 * a condition made only of those). "all" and "any" collect the union of
 * their kids' sets: an entry with none of the union fails every kid that
 * needs an attribute. Nothing is appended when the answer is false.
 */
static bool
cond_needs_one_of(struct names *l, const struct cond *c)
{
	bool needs = false;
	size_t i;

	switch (c->kind) {
	case COND_ABSENT:
	case COND_NOT:
	case COND_DN_UNDER:
	case COND_DN_NOT_UNDER:
	case COND_HIT:
	case COND_OWNER_STATUS:
		return false;
	case COND_EXPORTED:
		return cond_needs_one_of(l, c->kids[0]);
	case COND_ALL:
		for (i = 0; i < c->nkids; i++)
			if (cond_needs_one_of(l, c->kids[i]))
				needs = true;
		return needs;
	case COND_ANY: {
		struct names kids;

		memset(&kids, 0, sizeof(kids));
		needs = c->nkids > 0;
		for (i = 0; i < c->nkids && needs; i++)
			needs = cond_needs_one_of(&kids, c->kids[i]);
		for (i = 0; needs && i < kids.n; i++)
			add_unique(&l->v, &l->n, &l->cap, kids.v[i]);
		free(kids.v);
		return needs;
	}
	default:
		if (c->attr.n == 0 || rules_master_attr(c->attr, NULL))
			return false;
		add_unique(&l->v, &l->n, &l->cap, c->attr);
		return true;
	}
}

static void
tmpl_reads(struct reads *l, const struct tmpl *t)
{
	size_t i;

	for (i = 0; i < t->nparts; i++)
		if (t->parts[i].kind == TMPL_ATTR)
			add_read(l, t->parts[i].text);
		else if (t->parts[i].kind == TMPL_OWNER)
			add_owner(l);
}

/* Copy a list into the arena; free the collection. */
static struct slice *
keep_names(struct arena *a, struct names *l, size_t *n)
{
	struct slice *out = arena_array(a, l->n ? l->n : 1, sizeof(*out));

	if (l->n)
		memcpy(out, l->v, l->n * sizeof(*out));
	*n = l->n;
	free(l->v);
	memset(l, 0, sizeof(*l));
	return out;
}

/* Start a list again from what was kept. */
static void
add_all(struct reads *l, const struct slice *main, size_t nmain,
    const struct slice *master, size_t nmaster)
{
	size_t i;

	for (i = 0; i < nmain; i++)
		add_read(l, main[i]);
	for (i = 0; i < nmaster; i++)
		add_read(l, master[i]);
}

/* Give c and its kids the ids of the attributes they name. */
static void
bind_ids(struct cond *c)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->attr.n > 0 && !rules_master_attr(c->attr, NULL))
		c->attr_id = ldif_name_id(c->attr);
	if (c->other_attr.n > 0 && !rules_master_attr(c->other_attr, NULL))
		c->other_id = ldif_name_id(c->other_attr);
	for (i = 0; i < c->nkids; i++)
		bind_ids(c->kids[i]);
}

static void
bind_rule_ids(struct rule *r)
{
	size_t i;

	bind_ids(r->match);
	for (i = 0; i < r->nchanges; i++)
		bind_ids(r->changes[i].when);
	for (i = 0; i < r->nlabels; i++)
		bind_ids(r->labels[i].when);
	for (i = 0; i < r->nwarnings; i++)
		bind_ids(r->warnings[i].when);
	for (i = 0; i < r->nleftover; i++)
		bind_ids(r->leftover[i]);
}

void
rules_attrs_compute(struct rule *r, struct arena *a)
{
	struct names m;
	struct reads l;
	size_t i, j;

	bind_rule_ids(r);
	memset(&m, 0, sizeof(m));
	if (r->match != NULL)
		(void)cond_needs_one_of(&m, r->match);
	r->match_reads = keep_names(a, &m, &r->nmatch_reads);
	/* needs: what the rule's decisions read, the match included: an
	 * attribute it tests for absence proves nothing when the export
	 * left it out of every entry. */
	memset(&l, 0, sizeof(l));
	cond_reads(&l, r->match);
	for (i = 0; i < r->nchanges; i++) {
		const struct change *ch = &r->changes[i];

		cond_reads(&l, ch->when);
		for (j = 0; j < ch->nvals; j++)
			tmpl_reads(&l, &ch->vals[j]);
		/* What a change removes or works on must be in the export;
		 * what it adds or fills in need not. */
		if (ch->kind == CHANGE_DELETE_ATTR ||
		    ch->kind == CHANGE_DELETE_VALUES ||
		    ch->kind == CHANGE_SET_BITS ||
		    ch->kind == CHANGE_CLEAR_BITS)
			add_read(&l, ch->attr);
	}
	r->needs_accounts = l.accounts;
	for (i = 0; i < r->nlabels; i++)
		cond_reads(&l, r->labels[i].when);
	r->needs = keep_names(a, &l.main, &r->nneeds);
	r->master_needs = keep_names(a, &l.master, &r->nmaster_needs);
	/* reads: everything, for coverage and the export's attribute list */
	add_all(&l, r->needs, r->nneeds, r->master_needs, r->nmaster_needs);
	for (i = 0; i < r->nchanges; i++)
		add_read(&l, r->changes[i].attr);
	for (i = 0; i < r->nwarnings; i++) {
		cond_reads(&l, r->warnings[i].when);
		tmpl_reads(&l, &r->warnings[i].message);
	}
	/* Report only: listed when the export has them, never needed. */
	for (i = 0; i < r->nleftover; i++)
		cond_reads(&l, r->leftover[i]);
	r->reads = keep_names(a, &l.main, &r->nreads);
	r->master_reads = keep_names(a, &l.master, &r->nmaster_reads);
	r->reads_accounts = l.accounts;
}

/* ---- checks once every file is loaded ---- */

static bool cond_equal(const struct cond *a, const struct cond *b);

static bool
values_equal(const struct rule_value *a, const struct rule_value *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!slice_eq(a[i].text, b[i].text))
			return false;
	return true;
}

static bool
ace_equal(const struct cond_ace *a, const struct cond_ace *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return a->mask_any == b->mask_any && a->mask_all == b->mask_all &&
	    a->has_object_type == b->has_object_type &&
	    memcmp(a->object_type, b->object_type, 16) == 0;
}

/* Two conditions test the same thing (as written, structurally). */
static bool
cond_equal(const struct cond *a, const struct cond *b)
{
	size_t i;

	if (a->kind != b->kind || !ace_equal(a->ace, b->ace) || a->nkids != b->nkids ||
	    a->nvals != b->nvals || a->bits != b->bits || a->cmp != b->cmp ||
	    a->hit_rule != b->hit_rule || !slice_eq_ci(a->attr, b->attr) ||
	    !slice_eq_ci(a->other_attr, b->other_attr) ||
	    !values_equal(a->vals, b->vals, a->nvals))
		return false;
	for (i = 0; i < a->nkids; i++)
		if (!cond_equal(a->kids[i], b->kids[i]))
			return false;
	return true;
}

/* The tests that must all hold: the kids of an "all", else c itself. */
static const struct cond *const *
conjuncts(const struct cond *const *c, size_t *n)
{
	if ((*c)->kind == COND_ALL) {
		*n = (*c)->nkids;
		return (const struct cond *const *)(*c)->kids;
	}
	*n = 1;
	return c;
}

/* Every conjunct of a's match is one of b's: b matches only what a does. */
static bool
match_implies(const struct rule *b, const struct rule *a)
{
	size_t na, nb, i, j;
	const struct cond *const *ca = conjuncts(
	    (const struct cond *const *)&a->match, &na);
	const struct cond *const *cb = conjuncts(
	    (const struct cond *const *)&b->match, &nb);

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && !cond_equal(ca[i], cb[j]); j++)
			;
		if (j == nb)
			return false;
	}
	return true;
}

/* The literal value of a one-value change without "{attr}", or NULL. */
static const struct slice *
literal_value(const struct change *ch)
{
	if (ch->nvals != 1 || ch->vals[0].nparts != 1 ||
	    ch->vals[0].parts[0].kind != TMPL_TEXT)
		return NULL;
	return &ch->vals[0].parts[0].text;
}

/* Does test t fail on every entry after the unconditional change ch? */
static bool
change_defeats(const struct change *ch, const struct cond *t)
{
	const struct slice *w = literal_value(ch);
	size_t i;

	if (ch->when != NULL || t->attr.n == 0 || !slice_eq_ci(t->attr, ch->attr))
		return false;
	if (ch->kind == CHANGE_DELETE_ATTR)
		return t->kind != COND_ABSENT && t->kind != COND_ALL &&
		    t->kind != COND_ANY && t->kind != COND_NOT;
	if (ch->kind != CHANGE_REPLACE || w == NULL ||
	    (t->kind != COND_EQUALS && t->kind != COND_ONE_OF))
		return false;
	for (i = 0; i < t->nvals; i++)
		if (slice_eq_ci(*w, t->vals[i].text))
			return false;
	return true;
}

/* Does any rule strictly between rules[from] and rules[to] change attr? */
static bool
changed_between(const struct ruleset *rs, size_t from, size_t to,
    struct slice attr)
{
	size_t i, j;

	for (i = from + 1; i < to; i++)
		for (j = 0; j < rs->rules[i].nchanges; j++)
			if (slice_eq_ci(rs->rules[i].changes[j].attr, attr))
				return true;
	return false;
}

/* The test of b's match that a's unconditional changes defeat, or NULL. */
static const struct cond *
never_hits(const struct ruleset *rs, size_t ai, size_t bi,
    const struct change **by)
{
	const struct rule *a = &rs->rules[ai], *b = &rs->rules[bi];
	const struct cond *const *cb;
	size_t nb, i, j;

	if (a->match == NULL || b->match == NULL || !match_implies(b, a))
		return NULL;
	cb = conjuncts((const struct cond *const *)&b->match, &nb);
	for (i = 0; i < nb; i++)
		for (j = 0; j < a->nchanges; j++)
			if (change_defeats(&a->changes[j], cb[i]) &&
			    !changed_between(rs, ai, bi, cb[i]->attr)) {
				*by = &a->changes[j];
				return cb[i];
			}
	return NULL;
}

int
rules_check_loaded(const struct ruleset *rs, const struct rule_var *vars,
    size_t nvars, struct diag *d)
{
	const struct change *ch;
	const struct cond *t;
	size_t i, j;

	for (i = 0; i < nvars; i++)
		if (!vars[i].used)
			return diag_set(d, NULL, 0, 0, "--var %s: no rule uses "
			    "{var:%s} (a typo? the rules loaded are %zu in %zu "
			    "file%s)", vars[i].name, vars[i].name, rs->nrules,
			    rs->nfiles, rs->nfiles == 1 ? "" : "s");
	for (j = 1; j < rs->nrules; j++)
		for (i = 0; i < j; i++) {
			if ((t = never_hits(rs, i, j, &ch)) == NULL)
				continue;
			return diag_set(d, rs->rules[j].file, t->line, t->col,
			    "rule %s can never hit: rule %s before it matches "
			    "every entry it matches and always %s %.*s (test "
			    "the entry as exported with 'exported:', or rule "
			    "%s's hit with 'hit:')", rs->rules[j].id,
			    rs->rules[i].id, ch->kind == CHANGE_DELETE_ATTR ?
			    "deletes" : "changes", (int)ch->attr.n,
			    (const char *)ch->attr.p, rs->rules[i].id);
		}
	return 0;
}

int
rules_check_accounts(const struct ruleset *rs, bool accounts, struct diag *d)
{
	size_t i;

	for (i = 0; !accounts && i < rs->nrules; i++)
		if (rs->rules[i].needs_accounts)
			return diag_set(d, rs->rules[i].file, rs->rules[i].line,
			    0, "rule %s reads the owner's account (owner-status, "
			    "master.ATTR or {owner:...}) in its match or changes: "
			    "give the account forest's export with --accounts "
			    "FILE (the README says how to export it)",
			    rs->rules[i].id);
	return 0;
}
