/*
 * engine.h: evaluate a ruleset against one entry and apply its changes.
 *
 * Rules run in order; each sees the entry as the earlier rules left it. A
 * rule whose match holds is a "hit": its changes are applied (each guarded by
 * its own "when"), its classification chosen and its warnings rendered.
 * The engine knows nothing of YAML or files.
 */
#ifndef LDFIX_ENGINE_H
#define LDFIX_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/entry.h"
#include "rules/rules.h"

struct engine_hit {
	const struct rule *rule;
	const char *label;      /* classification, NULL when none applies */
	size_t changes_applied; /* changes whose when held and that changed something */
	size_t first_warning;   /* this hit's warnings: result.warnings[first..first+n) */
	size_t nwarnings;
	/* The match could not be decided (it tests a security descriptor
	 * that cannot be read): reported, its changes not applied. */
	bool undecided;
	/* What the rule's leftover-permissions found: result.aces[first..
	 * first+n) and result.unchecked[first..first+n). */
	size_t first_ace, naces;
	size_t first_unchecked, nunchecked;
};

/*
 * An ACE a leftover-permissions test found, on the entry as the rule
 * matched it (before its changes). Slices borrow the entry's value bytes:
 * valid as long as the entry's.
 */
struct engine_ace {
	struct slice attr;      /* the attribute, spelled as the rule does */
	struct slice raw;       /* the whole ACE */
	struct slice sid;       /* its binary SID */
	uint32_t mask;
	unsigned type, flags;   /* ACE type and flags (sd.h) */
	struct slice object_type;       /* 16 bytes, or empty */
	struct slice inherited_object_type;     /* 16 bytes, or empty */
};

/*
 * A security descriptor the engine could not read, or (reason NULL) a
 * leftover-permissions attribute the entry does not have.
 */
struct engine_unchecked {
	struct slice attr;
	const char *reason;     /* static; NULL: absent */
	size_t offset;          /* where in the descriptor */
};

struct engine_warning {
	const struct rule *rule;
	size_t off, len;        /* message bytes in result.text */
};

/* Per-entry result; reset between entries, reused to avoid allocation. */
struct engine_result {
	struct engine_hit *hits;
	size_t nhits, hits_cap;
	struct engine_warning *warnings;
	size_t nwarnings, warnings_cap;
	struct buf text;
	struct engine_ace *aces;
	size_t naces, aces_cap;
	struct engine_unchecked *unchecked;
	size_t nunchecked, unchecked_cap;

	/* Engine-private scratch, kept here so that a warmed-up result makes
	 * engine_run allocation-free: rendered values, regex subjects, the
	 * entry's normalized DN and value lists being built. */
	struct buf scratch;
	struct buf ndn;
	struct slice *tmpvals;
	size_t tmpvals_cap;
	struct engine_unchecked *problems;      /* met while evaluating */
	size_t nproblems, problems_cap;
	/* The security descriptors read for this entry, each read once
	 * (engine_ace.c): what sd_parse said and its DACL's ACEs. */
	struct engine_sd *sds;
	size_t nsds, sds_cap;
	struct sd_ace *sd_aces;
	size_t nsd_aces, sd_aces_cap;
};

void engine_result_init(struct engine_result *res);
void engine_result_reset(struct engine_result *res);
void engine_result_free(struct engine_result *res);
/* The message of warning i as a slice into res->text. */
struct slice engine_warning_text(const struct engine_result *res, size_t i);

/*
 * The owner of the entry being run, as the accounts join found it
 * (tasks/accounts.h): what "owner-status:", "master.ATTR" and
 * "{owner:...}" read. Everything is borrowed from the join.
 */
struct engine_owner {
	enum owner_status status;
	struct slice sid;               /* msExchMasterAccountSid as exported */
	const struct entry *account;    /* enabled, disabled: the account */
	bool via_history;               /* found in its sIDHistory */
	struct slice name;              /* found: DOMAIN\sAMAccountName */
	const char *file;               /* found: the export it is in */
};

/*
 * engine_run: reset res, then apply rs to e in place. Values the engine
 * makes are interned in e. Returns the number of hits (0 = no rule matched).
 */
size_t engine_run(const struct ruleset *rs, struct entry *e,
    struct engine_result *res);

/*
 * engine_run_exported: the same, where "exported:" conditions see exported
 * (the entry as it was read, before any rule changed e; NULL: e itself).
 */
size_t engine_run_exported(const struct ruleset *rs,
    const struct entry *exported, struct entry *e, struct engine_result *res);

/*
 * engine_run_owner: the same, where the owner tests and references read
 * owner (NULL: the entry has no owner; "owner-status:" is then false and
 * every "master.ATTR" absent).
 */
size_t engine_run_owner(const struct ruleset *rs,
    const struct entry *exported, const struct engine_owner *owner,
    struct entry *e, struct engine_result *res);

/*
 * engine_may_hit: whether engine_run_owner(rs, e, owner, ...) would hit e
 * at all: some rule's match holds on e as it is (or cannot be decided).
 * When it is false, a run would change nothing and report nothing (each
 * rule would see e unchanged and no hit before it), so the caller can
 * leave e as it is. Uses res as scratch (reset).
 */
bool engine_may_hit(const struct ruleset *rs, const struct entry *e,
    const struct engine_owner *owner, struct engine_result *res);

/* engine_eval: evaluate one condition against e (exposed for tests). */
bool engine_eval(const struct cond *c, const struct entry *e);
/* engine_decide: the same in three values: 1 holds, 0 does not, -1 cannot
 * be told (an ace test met a value that is not a security descriptor). */
int engine_decide(const struct cond *c, const struct entry *e);

#endif
