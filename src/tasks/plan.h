/*
 * plan.h: "ldfix plan", "find" and "check": run the rules over an export,
 * diff each entry before and after, and write the change LDIF, the undo
 * LDIF, the report and the statistics main prints.
 *
 * Change records. Guarded (the default): per changed attribute a
 * "delete:" of the exported values that go away and an "add:" of the
 * values that come in; an attribute that goes away entirely is deleted by
 * its exported values. A directory that drifted since the export makes the
 * record fail whole (LDAP applies a modify atomically), the rest applies.
 * --replace: one "replace:" per changed attribute with all its new values
 * (none: the attribute is deleted, idempotently). Mods come in the order
 * of the attributes in the exported entry, new attributes after, in the
 * order the rules created them. Attribute descriptions are compared ASCII
 * case-insensitively, values byte for byte, as sets.
 *
 * Undo records are the exact mirror: the forward mods in reverse order with
 * add and delete swapped (replace mode: "replace:" with the exported
 * values), so applying the plan and then the undo restores every exported
 * value, and a guarded undo also fails whole if the entry moved on.
 *
 * The header (tool version, input name and SHA-256, rule files and their
 * SHA-256, mode, options) comes first, but the input's digest is only known
 * after reading it all. ldfix hashes the input in a first pass instead of
 * buffering the output: plan_hash_input() reads a regular file once and
 * seeks back; a pipe is spooled to an unlinked temporary file while hashing
 * and the plan then reads the spool. Memory stays flat either way; the
 * output is deterministic byte for byte (no time stamps).
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
#include "tasks/report.h"
#include "rules/rules.h"
#include "tasks/select.h"
#include "base/sha256.h"

struct plan_opts {
	bool replace;           /* replace: instead of guarded delete + add */
	bool comments;          /* header and per-record comments */
};

/* What the header says; NULL fields are left out. */
struct plan_header {
	const char *version;
	const char *input_name;
	const char *input_sha256;
	const char *rules_sha256;
	const char *options;    /* the command line options, as main saw them */
};

/*
 * One changed attribute of an entry. before/after point into the entries
 * the diff was computed from (NULL: absent on that side); the values that
 * go away are diff->vals[first_removed .. +nremoved), the ones that come in
 * diff->vals[first_added .. +nadded). Valid until the next compute or
 * until those entries change.
 */
struct plan_change {
	struct slice attr;      /* the export's spelling, else the new one */
	const struct entry_attr *before;
	const struct entry_attr *after;
	size_t first_removed, nremoved;
	size_t first_added, nadded;
};

struct plan_diff {
	struct plan_change *changes;
	size_t nchanges, changes_cap;
	struct slice *vals;
	size_t nvals, vals_cap;
	/* Private: sorted copies of large value sets, reused. */
	struct slice *sorted_b, *sorted_a;
	size_t sorted_b_cap, sorted_a_cap;
};

void plan_diff_init(struct plan_diff *d);
void plan_diff_free(struct plan_diff *d);
/* plan_diff_compute: fill d with before -> after; returns d->nchanges. */
size_t plan_diff_compute(struct plan_diff *d, const struct entry *before,
    const struct entry *after);

/*
 * plan_write_change: one modify record for diff (the forward change, or
 * with undo the reverse one), without comments. Returns the number of mods
 * written; nothing is written when the diff is empty.
 */
size_t plan_write_change(struct ldif_writer *w, struct slice dn,
    const struct plan_diff *diff, bool replace, bool undo);

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
    const struct plan_diff *diff);

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
	struct ldif_writer *undo;       /* undo LDIF */
	struct report *report;
	struct select *sel;             /* NULL: every entry */
	plan_change_fn on_change;
	void *on_change_ctx;
	plan_hit_fn on_hit;
	void *on_hit_ctx;
	plan_progress_fn on_progress;
	void *on_progress_ctx;

	struct plan_stats stats;

	/* Private. */
	const struct ruleset *rs;
	struct plan_opts opts;
	struct entry before, after;
	struct engine_result res;
	struct plan_diff diff;
	struct report_change *rchanges;
	size_t rchanges_cap;
	struct buf text;
};

void plan_init(struct plan *p, const struct ruleset *rs,
    const struct plan_opts *opts);
void plan_free(struct plan *p);

/* plan_write_headers: header comments (if opts.comments) and "version: 1"
 * on the change and undo writers that are set. */
void plan_write_headers(struct plan *p, const struct plan_header *h);

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
 */
int plan_run(struct plan *p, struct ldif_reader *r, struct diag *d);

/* plan_summary: the one-screen summary for stderr (several lines). */
void plan_summary(const struct plan *p, const char *command, struct buf *out);

/* plan_report_counts: the counts the JSON report ends with. */
void plan_report_counts(const struct plan *p, struct report_counts *c);

/*
 * plan_hash_input: the SHA-256 of everything fp still holds, in hex. A
 * regular file is read once and fp is sought back to where it was:
 * *readfp = fp. Anything else (a pipe, stdin) is copied into an unlinked
 * temporary file while hashing: *readfp is that file, positioned at its
 * start; the caller fcloses it. 0, or -1 with d set (name is for it).
 */
int plan_hash_input(FILE *fp, const char *name,
    char hex[SHA256_HEX_LEN + 1], FILE **readfp, struct diag *d);

/* plan_hash_rules: the SHA-256 of every loaded rule file's bytes. */
void plan_hash_rules(const struct ruleset *rs, char hex[SHA256_HEX_LEN + 1]);

#endif
