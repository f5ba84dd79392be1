/*
 * census.c: what an export showed the rules (see census.h).
 */
#include "tasks/census.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "base/hash.h"

/* The attributes that say who owns a linked mailbox. */
#define MASTER_ATTR "msExchMasterAccountSid"
#define OWN_SID_ATTR "objectSid"

void
census_init(struct census *c, const struct ruleset *rs)
{
	size_t i, j, k, cap = 0;

	memset(c, 0, sizeof(*c));
	c->rs = rs;
	hashset_init(&c->dns);
	buf_init(&c->ndn);
	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nreads; j++) {
			struct slice a = rs->rules[i].reads[j];

			for (k = 0; k < c->nattrs; k++)
				if (slice_eq_ci(c->attrs[k], a))
					break;
			if (k < c->nattrs)
				continue;
			grow_array(&c->attrs, &cap, c->nattrs + 1,
			    sizeof(*c->attrs));
			c->attrs[c->nattrs++] = a;
		}
	c->carried = xcalloc(c->nattrs ? c->nattrs : 1, sizeof(*c->carried));
	c->ids = xcalloc(c->nattrs ? c->nattrs : 1, sizeof(*c->ids));
	for (i = 0; i < c->nattrs; i++)
		c->ids[i] = ldif_name_id(c->attrs[i]);
}

void
census_free(struct census *c)
{
	free(c->attrs);
	free(c->carried);
	free(c->ids);
	free(c->labels);
	free(c->domains);
	hashset_free(&c->dns);
	buf_release(&c->ndn);
	memset(c, 0, sizeof(*c));
}

int
census_export_read(const char *file, unsigned long long entries,
    unsigned long long other, bool apply, struct diag *d)
{
	if (entries == 0 && other > 0)
		return diag_set(d, file, 0, 0, "the input holds only change "
		    "records (%llu), no entry: it is a change file, not an "
		    "export (%s: ldfix apply EXPORT CHANGES)", other, apply ?
		    "the export comes first" : "to try a change file on an "
		    "export");
	if (entries == 0)
		return diag_set(d, file, 0, 0, "the input holds no entry: an "
		    "empty or failed export");
	return 0;
}

unsigned long long
census_carried(const struct census *c, struct slice attr)
{
	size_t i;

	for (i = 0; i < c->nattrs; i++)
		if (slice_eq_ci(c->attrs[i], attr))
			return c->carried[i];
	return 0;
}

static void
count_label(struct census *c, size_t rule, const char *label)
{
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (c->labels[i].rule == rule && (c->labels[i].label == label ||
		    (label && c->labels[i].label &&
		    strcmp(c->labels[i].label, label) == 0))) {
			c->labels[i].hits++;
			return;
		}
	grow_array(&c->labels, &c->labels_cap, c->nlabels + 1,
	    sizeof(*c->labels));
	c->labels[c->nlabels].rule = rule;
	c->labels[c->nlabels].label = label;
	c->labels[c->nlabels].hits = 1;
	c->nlabels++;
}

/* The first value of attr, or an empty slice. */
static struct slice
first(const struct entry *e, const char *attr, _Atomic uint32_t *memo)
{
	const struct entry_attr *a = entry_get_id(e,
	    ldif_name_memo(memo, attr), slice_of(attr));

	return a != NULL && a->nvals > 0 ? a->vals[0] : slice_mem("", 0);
}

static _Atomic uint32_t master_id, sid_id;      /* ldif_name_memo */

/* A master account in another domain than the entry's own: count its
 * domain (the SID without its last sub-authority, the RID). */
static void
count_domain(struct census *c, const struct entry *e)
{
	struct slice m = first(e, MASTER_ATTR, &master_id);
	struct slice own = first(e, OWN_SID_ATTR, &sid_id);
	unsigned char dom[SID_MAX_BYTES];
	size_t i;

	if (!sid_valid(m) || m.p[1] < 2 || !sid_valid(own) ||
	    sid_same_domain(m, own))
		return;
	memcpy(dom, m.p, m.n - 4);
	dom[1] = (unsigned char)(m.p[1] - 1);
	for (i = 0; i < c->ndomains; i++)
		if (c->domains[i].n == m.n - 4 &&
		    memcmp(c->domains[i].sid, dom, m.n - 4) == 0) {
			c->domains[i].mailboxes++;
			return;
		}
	grow_array(&c->domains, &c->domains_cap, c->ndomains + 1,
	    sizeof(*c->domains));
	memcpy(c->domains[c->ndomains].sid, dom, m.n - 4);
	c->domains[c->ndomains].n = m.n - 4;
	c->domains[c->ndomains].mailboxes = 1;
	c->ndomains++;
}

/* The hash the duplicate check keeps of a DN: of its normalized form,
 * or of its bytes when it does not parse. */
static uint64_t
dn_hash(struct census *c, struct slice dn)
{
	buf_reset(&c->ndn);
	if (dn_normalize(dn, &c->ndn) < 0) {
		buf_reset(&c->ndn);
		buf_putslice(&c->ndn, dn);
	}
	return hash_bytes(c->ndn.p, c->ndn.n);
}

void
census_ahead(struct census *c, struct slice dn)
{
	c->ahead_dn = dn;
	c->ahead_hash = dn_hash(c, dn);
	hashset_prefetch(&c->dns, c->ahead_hash, 0);
}

/* The hash of e's DN: census_ahead's when it was for this DN. */
static uint64_t
entry_dn_hash(struct census *c, const struct entry *e)
{
	if (c->ahead_dn.p == e->dn.p && c->ahead_dn.n == e->dn.n &&
	    c->ahead_dn.p != NULL)
		return c->ahead_hash;
	return dn_hash(c, e->dn);
}

/* The DN of e was the DN of an earlier entry: -1 with d naming both
 * lines. Only the 64-bit hash of each normalized DN is kept. */
static int
check_duplicate(struct census *c, const struct entry *e, uint64_t h,
    const char *file, struct diag *d)
{
	uint64_t line;

	if (!hashset_add(&c->dns, h, e->line, &line))
		return diag_set(d, file, e->line, 1, "this entry's DN was "
		    "already an entry at line %lu: two exports in one file? "
		    "Export once (ldifde's changetype: modify records for "
		    "large groups are fine)", (unsigned long)line);
	return 0;
}

int
census_entry(struct census *c, const struct entry *e, const char *file,
    struct diag *d)
{
	uint64_t h = entry_dn_hash(c, e);
	size_t i;

	c->ahead_dn = slice_mem(NULL, 0);
	hashset_prefetch(&c->dns, h, 1);
	for (i = 0; i < c->nattrs; i++) {
		const struct entry_attr *a = entry_get_id(e, c->ids[i],
		    c->attrs[i]);

		if (a != NULL && a->nvals > 0)
			c->carried[i]++;
	}
	return check_duplicate(c, e, h, file, d);
}

void
census_entries_done(struct census *c)
{
	hashset_free(&c->dns);
	buf_release(&c->ndn);
}

void
census_hit(struct census *c, const struct entry *exported,
    const struct engine_result *res)
{
	size_t i;

	for (i = 0; i < res->nhits; i++) {
		const struct engine_hit *h = &res->hits[i];
		const struct rule *r = h->rule;
		size_t k;

		if (r >= c->rs->rules && r < c->rs->rules + c->rs->nrules)
			count_label(c, (size_t)(r - c->rs->rules), h->label);
		if (r == NULL || r->nleftover == 0)
			continue;
		c->leftover_hits++;
		c->leftover_found += h->naces > 0;
		c->leftover_aces += h->naces;
		for (k = 0; k < h->nunchecked; k++)
			if (res->unchecked[h->first_unchecked + k].reason)
				c->leftover_unreadable++;
	}
	count_domain(c, exported);
}

void
census_owner(struct census *c, const struct engine_owner *owner)
{
	if ((unsigned)owner->status < OWNER_NSTATUS)
		c->owners[owner->status]++;
}
