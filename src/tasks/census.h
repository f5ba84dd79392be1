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
 *   duplicates two entries under one DN (concatenated exports)
 *   owners     with --accounts, hit mailboxes per owner status
 *   leftover   what the hits' leftover-permissions found, counted
 *
 * Memory is bounded by the rules (attributes, labels) and the distinct
 * foreign domains, plus about 10 bytes per entry (base/hashset.h): the
 * 64-bit hash of each normalized DN and its line. Two different DNs with
 * the same hash (about 1 in 10^7 for a million entries) would be refused
 * as duplicates: a false alarm, never a missed duplicate.
 */
#ifndef LDFIX_CENSUS_H
#define LDFIX_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hashset.h"
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
	uint32_t *ids;                  /* of attrs[i] (ldif_names.h) */
	size_t nattrs;
	struct census_label *labels;
	size_t nlabels, labels_cap;
	struct census_domain *domains;
	size_t ndomains, domains_cap;
	unsigned long long owners[OWNER_NSTATUS];       /* by owner status */
	/* Hits of rules with leftover-permissions; of them, those with ACEs
	 * found; the ACEs; the descriptors that could not be read. */
	unsigned long long leftover_hits, leftover_found, leftover_aces,
	    leftover_unreadable;
	/* Every entry so far: the hash of its normalized DN, its line. */
	struct hashset dns;
	struct buf ndn;
	/* census_ahead's DN and its hash, for census_entry. */
	struct slice ahead_dn;
	uint64_t ahead_hash;
};

void census_init(struct census *c, const struct ruleset *rs);
void census_free(struct census *c);

/*
 * census_ahead: the DN of the entry census_entry will count next, as soon
 * as it is read: its hash is made now and what the duplicate check reads
 * starts coming into the cache while the entry is loaded. Optional.
 */
void census_ahead(struct census *c, struct slice dn);

/*
 * census_entry: count what attributes e (an entry of the export) carries.
 * Returns 0, or -1 with d set (file names the input) when an earlier
 * entry had the same DN.
 */
int census_entry(struct census *c, const struct entry *e, const char *file,
    struct diag *d);

/*
 * census_entries_done: no more census_entry calls: the DNs' hashes (the
 * census's only memory that grows with the export) are given back now,
 * before the outputs are committed.
 */
void census_entries_done(struct census *c);

/*
 * census_hit: account for an entry the rules hit (exported: as read).
 */
void census_hit(struct census *c, const struct entry *exported,
    const struct engine_result *res);

/* census_owner: count the owner of an entry the rules hit. */
void census_owner(struct census *c, const struct engine_owner *owner);

/*
 * census_export_read: whether a stream of entries entries and other change
 * records was an export at all. Returns 0, or -1 with d set (file is the
 * input's name) when it held no entry: empty, or a change file. apply is
 * true for apply's export argument (then the hint is the argument order).
 */
int census_export_read(const char *file, unsigned long long entries,
    unsigned long long other, bool apply, struct diag *d);

/* census_carried: how many entries carry attr (a rule reads it). */
unsigned long long census_carried(const struct census *c, struct slice attr);

#endif
