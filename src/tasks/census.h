/*
 * census.h: what an export showed the rules, counted during a plan run so
 * that plan, find and check can refuse an export that cannot prove
 * anything, and say in their summary what they saw.
 *
 *   coverage   for every attribute some rule reads (rules_attrs.c), how
 *              many entries of the export carry it
 *   labels     per rule, how many hits got each classification
 *   domains    the distinct domains of master accounts in another domain
 *              (msExchMasterAccountSid against objectSid), with how many
 *              hit mailboxes each owns
 *   duplicates two entries a rule hit under one DN (concatenated exports)
 *
 * Memory is bounded by the rules (attributes, labels), the distinct
 * foreign domains and the entries the rules hit, not by the export.
 */
#ifndef LDFIX_CENSUS_H
#define LDFIX_CENSUS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

struct census_label {
	size_t rule;                    /* index into the ruleset */
	const char *label;              /* NULL: hits without a label */
	unsigned long long hits;
};

struct census_domain {
	unsigned char sid[SID_MAX_BYTES];       /* the domain SID */
	size_t n;
	unsigned long long mailboxes;
};

struct census {
	const struct ruleset *rs;
	struct slice *attrs;            /* every attribute a rule reads */
	unsigned long long *carried;    /* entries carrying attrs[i] */
	size_t nattrs;
	struct census_label *labels;
	size_t nlabels, labels_cap;
	struct census_domain *domains;
	size_t ndomains, domains_cap;
	/* The normalized DNs of the entries hit so far, and their lines. */
	struct hash seen;
	struct arena store;
	struct slice *dns;
	unsigned long *lines;
	size_t ndns, dns_cap;
	struct buf ndn;
};

void census_init(struct census *c, const struct ruleset *rs);
void census_free(struct census *c);

/* census_entry: count what attributes e (an entry of the export) carries. */
void census_entry(struct census *c, const struct entry *e);

/*
 * census_hit: account for an entry the rules hit (exported: as read).
 * Returns 0, or -1 with d set (file names the input) when an entry the
 * rules hit before has the same DN.
 */
int census_hit(struct census *c, const struct entry *exported,
    const struct engine_result *res, const char *file, struct diag *d);

/* census_carried: how many entries carry attr (a rule reads it). */
unsigned long long census_carried(const struct census *c, struct slice attr);

#endif
