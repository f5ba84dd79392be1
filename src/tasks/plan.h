/*
 * plan.h: the run behind "ldfix plan", "find" and "check": read every
 * record of an export, run the rules over each selected entry, diff it
 * (diff.h), and hand the result to the outputs that are set: the change
 * and undo LDIF (changefile.h), the report (report.h) and the callbacks
 * the command layer uses for its messages. Counts what it saw for the
 * summary and the report.
 *
 * Per entry nothing is allocated once the reused buffers have grown: the
 * two entries, the engine result, the diff and the comment text all live
 * in struct plan and are reset between entries.
 */
#ifndef LDFIX_PLAN_H
#define LDFIX_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "rules/rules.h"
#include "tasks/accounts.h"
#include "tasks/census.h"
#include "tasks/changefile.h"
#include "tasks/diff.h"
#include "tasks/ps1.h"
#include "tasks/report.h"
#include "tasks/select.h"
#include "base/sha256.h"

struct handoff;

struct plan_opts {
	bool replace;           /* replace: instead of guarded delete + add */
	bool comments;          /* header and per-record comments */
	bool one_thread;        /* plan_run on the caller's thread only */
};

/* What the header says; NULL fields are left out. */
struct plan_header {
	const char *version;
	const char *input_name;
	const char *input_sha256;
	const char *rules_sha256;
	const char *options;    /* the command line options, as main saw them */
	const char *const *accounts;    /* --accounts files, their SHA-256 */
	const char *const *accounts_sha256;
	size_t naccounts;
};

struct plan_stats {
	unsigned long long records;     /* records read */
	unsigned long long entries;     /* of which entries */
	unsigned long long other;       /* change records in the export */
	unsigned long long selected;    /* entries the selection kept */
	unsigned long long matched;     /* entries with at least one hit */
	unsigned long long changed;     /* entries changed = records written */
	unsigned long long mods;        /* attributes changed, all entries */
	unsigned long long warnings;
	unsigned long long report_only;/* matched but nothing to change */
	unsigned long long *rule_hits;  /* per rule of the ruleset, by index */
	size_t nrules;
};

/* Called for every entry with changes (check lists them on stderr). */
typedef void (*plan_change_fn)(void *ctx, const struct entry *before,
    const struct diff *diff);

/* Called for every selected entry that a rule matched (-v lists them). */
typedef void (*plan_hit_fn)(void *ctx, const struct entry *before,
    const struct engine_result *res, size_t nchanged);

/* Called every PLAN_PROGRESS_EVERY records with the input bytes read. */
typedef void (*plan_progress_fn)(void *ctx, unsigned long long bytes,
    unsigned long long records);
#define PLAN_PROGRESS_EVERY 4096

struct plan {
	/* Set by the caller after plan_init; every output may be NULL. */
	struct ldif_writer *out;        /* change LDIF */
	struct ps1_writer *ps1;         /* or the PowerShell plan (ps1.h) */
	struct ldif_writer *undo;       /* undo LDIF */
	struct report *report;
	struct select *sel;             /* NULL: every entry */
	const struct accounts *accounts;        /* --accounts: the owners */
	plan_change_fn on_change;
	void *on_change_ctx;
	plan_hit_fn on_hit;
	void *on_hit_ctx;
	plan_progress_fn on_progress;
	void *on_progress_ctx;
	/* Work the rules' thread does before it takes the next entry, one
	 * piece a call (false: none waits), such as the input's hash: the
	 * reading thread's plan_wake() says that some waits. */
	bool (*aside)(void *ctx);
	void *aside_ctx;

	struct plan_stats stats;
	struct census census;           /* what the export showed the rules */
	struct report_domain *rdomains; /* census.domains for the report */
	const char *input_name;         /* for messages; "-" by default */

	/* Private. The reading half of plan_run (on the worker thread when
	 * there is one): the entry as read, its owner, engine_may_hit()'s
	 * scratch. */
	struct entry seen;
	struct engine_owner seen_owner;
	struct engine_result probe;
	/* The rules' half (the caller's thread). */
	const struct ruleset *rs;
	struct plan_opts opts;
	struct entry before, after;
	struct engine_result res;
	struct engine_owner owner_buf;
	const struct engine_owner *owner;       /* the entry's, NULL: none */
	struct diff diff;
	struct report_change *rchanges;
	size_t rchanges_cap;
	struct buf text;
	struct slice *skim;             /* what the reader's fast path keeps */
	struct handoff *queue;          /* reading thread -> rules' thread */
};

void plan_init(struct plan *p, const struct ruleset *rs,
    const struct plan_opts *opts);
void plan_free(struct plan *p);

/* plan_write_headers: header comments (if opts.comments) and "version: 1"
 * onto out and undo, and the PowerShell plan's head onto ps1_head, any of
 * which may be NULL: the heads of the outputs, written apart from (and
 * after) their bodies. 0, or -1 with errno set when ps1_head failed (the
 * LDIF writers keep their errors for ldif_writer_close). */
int plan_write_headers(struct plan *p, const struct plan_header *h,
    struct ldif_writer *out, struct ldif_writer *undo, FILE *ps1_head);

/*
 * plan_entry: account for one selected entry: before as exported, after as
 * the rules left it, res their hits. Writes the change and undo records
 * and the report item. Returns the number of changed attributes.
 */
size_t plan_entry(struct plan *p, const struct entry *before,
    const struct entry *after, const struct engine_result *res);

/*
 * plan_run: read every record of r; entries that the selection keeps go
 * through the rules and plan_entry. Returns 0, or -1 with d set by the
 * reader. Writers and the report are not flushed: the caller closes them.
 *
 * Two threads when one can be made (and not opts.one_thread): a worker
 * reads r and counts, selects and sorts the entries; those a rule may
 * match go, copied, to the caller's thread, which runs the rules, writes
 * the outputs, calls the callbacks (on_progress too) and does the aside
 * work. The outputs are the same, byte for byte, and so is the first
 * error either half meets.
 */
int plan_run(struct plan *p, struct ldif_reader *r, struct diag *d);

/* plan_wake: (the reading thread, p as void *) aside work waits. */
void plan_wake(void *p);

/*
 * plan_verify: after plan_run, can this export prove anything? Refuses
 * (-1 with d set, naming the input) an input with no entries, one with
 * only change records, one where no entry carries any attribute some
 * rule's match reads, and one where a rule hit entries but an attribute
 * its decisions need is on no entry of the export (an "ldifde -n" export
 * without binary values). An attribute in allow[0..nallow) is not asked
 * for (--allow-missing). 0 when the export can show what the rules need.
 */
int plan_verify(const struct plan *p, const char *const *allow, size_t nallow,
    struct diag *d);

/* plan_summary: the summary for stderr (several lines); verbose adds the
 * coverage of every attribute the rules read. */
void plan_summary(const struct plan *p, const char *command, bool verbose,
    struct buf *out);

/* plan_report_counts: the counts the JSON report ends with (c points into
 * p until plan_free). */
void plan_report_counts(struct plan *p, struct report_counts *c);

/* plan_hash_rules: the SHA-256 of every loaded rule file's bytes. */
void plan_hash_rules(const struct ruleset *rs, char hex[SHA256_HEX_LEN + 1]);

#endif
