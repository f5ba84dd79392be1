/*
 * rules.h: the rule language, loaded from YAML (rules_load.c) and evaluated
 * against entries (engine.c). See rules/README.md for the language itself.
 *
 * A struct ruleset owns everything reachable from it: every string, slice,
 * compiled regex and sub-condition. Slices in the AST point into memory the
 * ruleset owns and stay valid until rules_free().
 */
#ifndef LDFIX_RULES_H
#define LDFIX_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/re.h"
#include "base/sid.h"

/* A literal from the rule file, with its integer reading when it has one. */
struct rule_value {
	struct slice text;      /* the scalar's bytes as written */
	bool is_int;            /* text is a decimal or 0x integer in int64/uint64 */
	bool neg;               /* is_int: value is -mag, else +mag */
	uint64_t mag;           /* is_int: magnitude */
};

enum cond_kind {
	COND_ALL,               /* kids[] all true (an empty list is true) */
	COND_ANY,               /* at least one of kids[] true */
	COND_NOT,               /* kids[0] false */
	COND_PRESENT,           /* attr has at least one value */
	COND_ABSENT,            /* attr has no value */
	COND_EQUALS,            /* any value equals vals[0] (int or ASCII-ci text) */
	COND_ONE_OF,            /* any value equals one of vals[] */
	COND_CMP,               /* any integer value <cmp> vals[0] */
	COND_BITS_ALL,          /* any integer value has all of bits set */
	COND_BITS_ANY,          /* ... at least one of bits set */
	COND_BITS_NONE,         /* ... none of bits set */
	COND_REGEX,             /* any value matches re (POSIX ERE) */
	COND_DN_UNDER,          /* the entry DN is under one of vals[] */
	COND_DN_NOT_UNDER,      /* the entry DN is under none of vals[] */
	COND_SID_IS,            /* any value is one of sids[] */
	COND_SID_IS_NOT,        /* attr present and no value is one of sids[] */
	COND_SID_SAME_DOMAIN,   /* a value's domain equals other_attr's domain */
	COND_SID_DOMAIN_DIFFERS,/* both valid SIDs, domains differ */
	COND_SID_EQUALS_ATTR,   /* a value equals a value of other_attr byte for byte */
	COND_SID_DOMAIN_IN,     /* a value's domain is one of sids[] (domain SIDs) */
	COND_SID_VALID,         /* bits 1: a value is a well-formed SID;
				 * bits 0: attr present and no value is */
	COND_HIT,               /* rule hit_rule hit this entry earlier in the run */
	COND_EXPORTED,          /* kids[0] holds on the entry as exported */
	COND_OWNER_STATUS,      /* the owner's status is one of bits (1 << OWNER_*) */
	COND_ACE                /* a value is a security descriptor whose DACL
				 * has an ACE as ace says, for a SID of
				 * other_attr or one of sids[] */
};

/*
 * The owner of a linked mailbox: the account its msExchMasterAccountSid
 * names, as the join with the account forests' exports (--accounts,
 * tasks/accounts.h) found it. "owner-status:" tests it.
 */
enum owner_status {
	OWNER_ENABLED,          /* found, userAccountControl bit 0x2 clear */
	OWNER_DISABLED,         /* found, bit 0x2 set */
	OWNER_NOT_FOUND,        /* its domain was exported, no account holds it */
	OWNER_NO_EXPORT,        /* no accounts export covers its domain */
	OWNER_NOT_APPLICABLE    /* SELF, NULL, not a SID, the entry's own domain */
};
#define OWNER_NSTATUS 5

/* rules_owner_status_name: "enabled", "disabled", "not-found",
 * "no-export", "not-applicable". */
const char *rules_owner_status_name(enum owner_status s);

/*
 * An attribute name in a condition or a template may be "master.ATTR":
 * ATTR of the master account joined to the entry (see enum owner_status),
 * not of the entry. rules_master_attr: name has that form; *attr (may be
 * NULL) is then ATTR.
 */
#define RULES_MASTER_PREFIX "master."
bool rules_master_attr(struct slice name, struct slice *attr);

enum cmp_op { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE };

struct rule_sid {
	unsigned char bytes[SID_MAX_BYTES];
	size_t n;
};

/*
 * COND_ACE: what an ACE of the descriptor's DACL must be. It allows (an
 * access-allowed ACE, plain or object, not inherit-only) the SID rights
 * on the object itself: without object_type only an ACE that applies to
 * the whole object counts, with it also one limited to that GUID. Its
 * mask has all of mask_all and some of mask_any (0: no such test; one of
 * them is set).
 */
struct cond_ace {
	uint32_t mask_any;
	uint32_t mask_all;
	bool has_object_type;
	unsigned char object_type[16];  /* in an ACE's byte order */
};

struct cond {
	enum cond_kind kind;
	unsigned long line, col;        /* where it was written */
	struct slice attr;              /* attribute tests; empty for all/any/not/dn */
	struct cond **kids;
	size_t nkids;
	struct rule_value *vals;        /* the operands as written; for regex
					 * and SID tests too (the pattern, the
					 * SID texts), so rules_show can write
					 * them back */
	size_t nvals;
	enum cmp_op cmp;
	uint64_t bits;
	regex_t re;                     /* COND_REGEX: compiled with REG_EXTENDED|REG_NOSUB */
	struct rule_sid *sids;
	size_t nsids;
	struct slice other_attr;        /* the SID-vs-attribute tests; for
					 * COND_ACE the sid-attr (empty when
					 * sids[] are listed) */
	struct cond_ace *ace;           /* COND_ACE only */
	size_t hit_rule;                /* COND_HIT: index into ruleset.rules,
					 * of a rule before this one */
	struct slice *dn_norm;          /* DN tests: vals[] normalized by the
					 * loader, one per vals[i] (empty: the
					 * root); NULL in an AST built by hand,
					 * which the engine then normalizes per
					 * entry */
	/* The ids (ldif/ldif_names.h) of attr and other_attr, given by the
	 * loader; 0 in an AST built by hand, for "master.ATTR" and when the
	 * table of ids is full: the engine then looks the name up. */
	uint32_t attr_id, other_id;
};

/* A template: literal text and "{attr}" references ("{var:x}" is resolved
 * at load time into text). "{attr}" takes the attribute's first value
 * ("{master.attr}" the master account's); "{owner:name}" and
 * "{owner:status}" the owner's name and status (enum owner_status). */
enum tmpl_part_kind { TMPL_TEXT, TMPL_ATTR, TMPL_OWNER };

struct tmpl_part {
	enum tmpl_part_kind kind;
	struct slice text;              /* literal bytes, the attribute name,
					 * or TMPL_OWNER's "name" / "status" */
};

struct tmpl {
	struct tmpl_part *parts;
	size_t nparts;
	struct slice source;            /* the template as written, for messages */
};

enum change_kind {
	CHANGE_REPLACE,         /* attr's values become vals[] */
	CHANGE_ADD,             /* add each of vals[] not already there */
	CHANGE_DELETE_VALUES,   /* delete each of vals[] that is there */
	CHANGE_DELETE_ATTR,     /* delete the attribute, whatever it holds */
	CHANGE_SET_BITS,        /* integer value |= bits */
	CHANGE_CLEAR_BITS,      /* integer value &= ~bits */
	CHANGE_SET_IF_ABSENT    /* attr := vals[] only when attr is absent */
};

struct change {
	enum change_kind kind;
	struct slice attr;
	struct tmpl *vals;
	size_t nvals;
	bool sid_vals;          /* vals are binary SIDs written as "sid:" */
	uint64_t bits;
	struct cond *when;      /* NULL: always */
	unsigned long line, col;
};

/* classify: the first label whose condition holds names the entry's class. */
struct rule_label {
	char *label;
	struct cond *when;      /* NULL: always */
};

struct rule_warning {
	struct tmpl message;
	struct cond *when;      /* NULL: always */
};

struct rule {
	char *id;
	char *description;
	const char *file;       /* owned by the ruleset's file list */
	unsigned long line;
	struct cond *match;
	struct change *changes;
	size_t nchanges;
	struct rule_label *labels;
	size_t nlabels;
	struct rule_warning *warnings;
	size_t nwarnings;
	/* leftover-permissions: COND_ACE tests whose ACEs are listed with
	 * every hit (what the rule's changes leave behind); report only. */
	struct cond **leftover;
	size_t nleftover;
	/* Found by the loader (rules_attrs.c), each attribute once: what the
	 * match reads; what the rule's decisions need (match, changes and
	 * their conditions, classification: everything but the warnings
	 * and leftover-permissions); everything it reads, those included. */
	struct slice *match_reads;
	size_t nmatch_reads;
	struct slice *needs;
	size_t nneeds;
	struct slice *reads;
	size_t nreads;
	/* The same for the master account ("master.ATTR" names, as written):
	 * read from the --accounts exports, never from the export itself.
	 * needs_accounts: the match or a change reads the master account or
	 * its status, so the rule means nothing without --accounts. */
	struct slice *master_needs;
	size_t nmaster_needs;
	struct slice *master_reads;
	size_t nmaster_reads;
	bool needs_accounts;
	bool reads_accounts;    /* any part reads the master account or status */
};

struct rule_var {
	const char *name;
	const char *value;
	bool used;              /* set by the loader when a template reads it */
};

struct ruleset {
	struct rule *rules;
	size_t nrules;
	char **files;           /* names of the loaded files, in load order */
	size_t nfiles;
	struct buf source;      /* every loaded file's bytes, concatenated, for hashing */
	void *arena;            /* loader-private storage for strings and nodes */
};

#define RULES_MAX_FILE_BYTES ((size_t)1 << 20)

void rules_init(struct ruleset *rs);
void rules_free(struct ruleset *rs);

/*
 * rules_load_file / rules_load_mem: parse one rule file and append its rules
 * to rs (rule ids must be unique across all files). vars are the --var
 * values; they override the file's "variables:" defaults. Returns 0, or -1
 * with d set to the file, line and column (1-based) of the problem.
 */
int rules_load_file(struct ruleset *rs, const char *path,
    struct rule_var *vars, size_t nvars, struct diag *d);
int rules_load_mem(struct ruleset *rs, const char *name,
    const unsigned char *p, size_t n,
    struct rule_var *vars, size_t nvars, struct diag *d);
/* rules_load_default: the built-in linked-mailbox rules. */
int rules_load_default(struct ruleset *rs, struct rule_var *vars,
    size_t nvars, struct diag *d);

/*
 * rules_check_loaded: what can only be judged once every file is loaded.
 * A --var that no rule reads is an error (a typo would otherwise leave the
 * file's default in place); so is a rule that can never hit because an
 * earlier rule always changes what it matches on (seen statically: its
 * match includes all of the earlier rule's tests and one that the earlier
 * rule's unconditional change makes false). 0, or -1 with d set.
 */
int rules_check_loaded(const struct ruleset *rs, const struct rule_var *vars,
    size_t nvars, struct diag *d);

/*
 * rules_check_accounts: a rule whose match or changes read the owner
 * (owner-status, master.ATTR, {owner:...}: rule.needs_accounts) means
 * nothing without the account exports. With accounts false, the first
 * such rule is an error: -1 with d set at the rule. Else 0.
 */
int rules_check_accounts(const struct ruleset *rs, bool accounts,
    struct diag *d);

/*
 * rules_changed_attrs: the attributes the rules' changes name, each once
 * (ASCII case-insensitively), in rule order; *out is malloc'd (free it),
 * its slices borrow from rs. Returns how many.
 */
size_t rules_changed_attrs(const struct ruleset *rs, struct slice **out);

/* rules_show: write the effective rules as YAML that rules_load reads back. */
void rules_show(FILE *fp, const struct ruleset *rs);

/* Built into the binary from rules/linked-to-user.yaml by the Makefile. */
extern const char ldfix_default_rules_name[];
extern const unsigned char ldfix_default_rules[];
extern const size_t ldfix_default_rules_len;

#endif
