/*
 * accounts.h: who owns each linked mailbox, joined offline from exports of
 * the account forests (--accounts), as Entra Connect joins
 * msExchMasterAccountSid to objectSid across forests.
 *
 * Memory grows with the linked mailboxes, never with the account exports:
 *
 *   1. accounts_scan reads the export once and keeps the distinct master
 *      SIDs that an account could hold (not SELF, NULL, a well-known SID
 *      without a domain, nor one of the entry's own domain);
 *   2. accounts_read streams one account export: an entry whose objectSid
 *      or any sIDHistory value is one of those SIDs is copied and kept,
 *      every other entry is only counted. From every objectSid it learns
 *      the domains the export holds;
 *   3. accounts_owner gives, during the plan, the owner of an entry
 *      (engine_owner): its status (enum owner_status in rules.h) and, when
 *      found, the account.
 *
 * A domain counts as exported ("covered": an owner missing from it was
 * deleted, status not-found) only when the export holds its built-in
 * Administrator (RID 500), which every domain has and an export of the
 * whole domain's users includes: an export of one OU cannot prove that an
 * account is gone. Without it the domain is reported as partly exported
 * and its owners that are not found stay no-export. sIDHistory values
 * join an owner but never make their old domain covered.
 *
 * Fail closed (accounts_read returns -1 with d naming the file and line):
 * one SID held by two accounts (objectSid in one, sIDHistory in another,
 * or one account exported twice), a joined account without a readable
 * userAccountControl (enabled or disabled cannot be told), an export with
 * no entry or with no valid objectSid on any entry.
 *
 * An owner's name is DOMAIN\sAMAccountName, DOMAIN being the DNS name the
 * account's DN spells in its DC= parts (its NetBIOS name is not in any
 * export), or the domain SID when the DN has no DC= part.
 *
 * struct accounts owns every account copy and string it hands out; they
 * stay valid until accounts_free. Nothing here prints.
 */
#ifndef LDFIX_ACCOUNTS_H
#define LDFIX_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "ldif/ldif_reader.h"
#include "rules/rules.h"

/* The attribute that names the owner, and the two that hold a SID. */
#define ACCOUNTS_MASTER_ATTR "msExchMasterAccountSid"

/* One master SID looked for, and the account holding it (-1: none). */
struct accounts_sid {
	unsigned char sid[SID_MAX_BYTES];
	size_t n;
	long account;
	bool via_history;
};

/* A kept account: a copy of its entry, where it was read. */
struct accounts_account {
	struct entry e;
	size_t file;                    /* index into accounts.files */
	bool disabled;                  /* userAccountControl bit 0x2 */
	struct slice name;              /* DOMAIN\sAMAccountName, or empty */
};

/* A domain an account export holds (one per file and domain). */
struct accounts_domain {
	unsigned char sid[SID_MAX_BYTES];
	size_t n;
	size_t file;
	unsigned long long accounts;    /* entries with an objectSid in it */
	bool admin;                     /* its RID 500 account is among them */
	struct slice dns;               /* DNS name from the first DN, or empty */
};

struct accounts_file {
	const char *name;               /* as given (borrowed) */
	unsigned long long entries;     /* entries read */
	unsigned long long found;       /* master SIDs it holds */
	unsigned long long via_history; /* of which through sIDHistory */
};

struct accounts {
	struct accounts_sid *sids;
	size_t nsids, sids_cap;
	struct hash sid_index;
	struct accounts_account *accts;
	size_t naccts, accts_cap;
	struct accounts_domain *domains;
	size_t ndomains, domains_cap;
	struct hash domain_index;
	struct accounts_file *files;
	size_t nfiles, files_cap;
	/* The master.ATTR names the rules read ("master." included), and
	 * how many account entries carry each. */
	struct slice *attrs;
	unsigned long long *carried;
	size_t nattrs;
	struct arena store;             /* copies of kept accounts, names */
	struct entry tmp;
	struct buf scratch;
};

/* accounts_init: an empty join for the rules rs (their master.ATTR). */
void accounts_init(struct accounts *a, const struct ruleset *rs);
void accounts_free(struct accounts *a);

/*
 * accounts_scan: the first pass over the export r: every entry's master
 * SID that an account could hold. 0, or -1 with d set by the reader.
 */
int accounts_scan(struct accounts *a, struct ldif_reader *r, struct diag *d);

/*
 * accounts_read: stream one account export (name: as given, borrowed
 * until accounts_free). 0, or -1 with d set (see the header comment).
 */
int accounts_read(struct accounts *a, const char *name, struct ldif_reader *r,
    struct diag *d);

/*
 * accounts_owner: the owner of e (an entry of the export) into *out,
 * valid until accounts_free. 1 when e has a master SID, 0 when it has
 * none, -1 with d set (file: the export's name) when the SID was not
 * seen by accounts_scan: the export changed between the two passes.
 * a may be NULL (no --accounts): every owner an account could be is then
 * no-export.
 */
int accounts_owner(const struct accounts *a, const struct entry *e,
    struct engine_owner *out, const char *file, struct diag *d);

/* accounts_covering: the file that exported domain (a domain SID) with
 * its Administrator, or NULL. */
const char *accounts_covering(const struct accounts *a, struct slice domain);

/* accounts_carried: how many account entries carry name ("master.ATTR"). */
unsigned long long accounts_carried(const struct accounts *a,
    struct slice name);

/*
 * accounts_describe: one line of text for people (display.h): "STATUS",
 * when found DOMAIN\sAMAccountName and (UPN), then the master SID and
 * "via sIDHistory" when it joined there:
 *   enabled fabrikam.com\jdoe (jdoe@fabrikam.com), S-1-5-21-...-1013
 */
void accounts_describe(const struct engine_owner *o, struct buf *out);

/* accounts_summary: for each file, what it held; lines for stderr. */
void accounts_summary(const struct accounts *a, struct buf *out);

#endif
