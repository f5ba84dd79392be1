/*
 * test_accounts.c: the join of linked mailboxes to their owners
 * (tasks/accounts.c) on exports built here, read by the real LDIF reader:
 * statuses, sIDHistory, coverage by the Administrator (RID 500), memory
 * kept only for matching accounts, every refusal with its message; and
 * the rules reading the joined account (owner-status, master.ATTR,
 * {owner:name}, a binary value copied byte for byte).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "tasks/accounts.h"

#include "mem_io.h"

#define ACCT "S-1-5-21-100-200-300"     /* exported: acct.example */
#define OLD "S-1-5-21-400-500-600"      /* migrated from (sIDHistory) */
#define OTHER "S-1-5-21-700-800-900"    /* never exported */
#define RES "S-1-5-21-1-2-3"            /* the mailboxes' own domain */

/* "attr:: base64 of the SID sid\n" */
static void
put_sid(struct buf *b, const char *attr, const char *sid)
{
	unsigned char bin[SID_MAX_BYTES];
	size_t n;

	assert_int_equal(sid_parse(slice_of(sid), bin, &n), 0);
	buf_printf(b, "%s:: ", attr);
	base64_encode(b, slice_mem(bin, n));
	buf_putc(b, '\n');
}

/* A mailbox of the resource domain (rid) linked to master (NULL: none). */
static void
mailbox(struct buf *b, const char *sam, unsigned rid, const char *master)
{
	char own[64];

	buf_printf(b, "dn: CN=%s,OU=Linked,DC=res,DC=example\n", sam);
	buf_printf(b, "sAMAccountName: %s\n", sam);
	snprintf(own, sizeof(own), RES "-%u", rid);
	put_sid(b, "objectSid", own);
	buf_puts(b, "msExchRecipientTypeDetails: 2\n");
	if (master)
		put_sid(b, "msExchMasterAccountSid", master);
	buf_putc(b, '\n');
}

/* An account of ACCT (uac NULL: none), with an optional sIDHistory. */
static void
account(struct buf *b, const char *sam, const char *sid, const char *uac,
    const char *history)
{
	buf_printf(b, "dn: CN=%s,OU=People,DC=acct,DC=example\n", sam);
	put_sid(b, "objectSid", sid);
	if (history)
		put_sid(b, "sIDHistory", history);
	buf_printf(b, "sAMAccountName: %s\n", sam);
	buf_printf(b, "userPrincipalName: %s@example.com\n", sam);
	if (uac)
		buf_printf(b, "userAccountControl: %s\n", uac);
	buf_putc(b, '\n');
}

struct fixture {
	struct ruleset rs;
	struct accounts a;
	struct buf res, acc, acc2;
	struct entry e;
	struct mem_feed m;
	struct ldif_reader *r;
	struct diag d;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rules_init(&f->rs);
	buf_init(&f->res);
	buf_init(&f->acc);
	buf_init(&f->acc2);
	entry_init(&f->e);
	diag_clear(&f->d);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	accounts_free(&f->a);
	rules_free(&f->rs);
	buf_release(&f->res);
	buf_release(&f->acc);
	buf_release(&f->acc2);
	entry_free(&f->e);
	ldif_reader_free(f->r);
	free(f);
	return 0;
}

/* The resource export of most tests. */
static void
resource(struct buf *b)
{
	mailbox(b, "alice", 1201, ACCT "-1101");        /* enabled */
	mailbox(b, "bob", 1202, ACCT "-1102");          /* disabled */
	mailbox(b, "carol", 1203, ACCT "-1103");        /* deleted */
	mailbox(b, "dave", 1204, OLD "-2201");          /* migrated */
	mailbox(b, "erin", 1205, OTHER "-3301");        /* not exported */
	mailbox(b, "frank", 1206, "S-1-5-10");          /* SELF */
	mailbox(b, "grace", 1207, RES "-1500");         /* same domain */
	mailbox(b, "heidi", 1208, NULL);                /* no master */
	mailbox(b, "ivan", 1209, ACCT "-1101");         /* alice's too */
}

/* The account export of most tests: admin first (covers ACCT). */
static void
accounts_export(struct buf *b, bool admin)
{
	if (admin)
		account(b, "Administrator", ACCT "-500", "66048", NULL);
	account(b, "alice", ACCT "-1101", "512", NULL);
	account(b, "bob", ACCT "-1102", "514", NULL);
	account(b, "dave", ACCT "-1104", "66048", OLD "-2201");
	account(b, "zed", ACCT "-1150", NULL, NULL);    /* owns nothing */
}

/* Scan res, read the account exports acc (and acc2 if not empty). */
static int
join(struct fixture *f)
{
	struct mem_feed m;
	struct ldif_reader *r;
	int rc;

	accounts_init(&f->a, &f->rs);
	r = mem_reader(&m, "res.ldf", f->res.p, f->res.n, 7, NULL);
	rc = accounts_scan(&f->a, r, &f->d);
	ldif_reader_free(r);
	assert_int_equal(rc, 0);
	r = mem_reader(&m, "acct.ldf", f->acc.p, f->acc.n, 5, NULL);
	rc = accounts_read(&f->a, "acct.ldf", r, &f->d);
	ldif_reader_free(r);
	if (rc == 0 && f->acc2.n > 0) {
		r = mem_reader(&m, "acct2.ldf", f->acc2.p, f->acc2.n, 0, NULL);
		rc = accounts_read(&f->a, "acct2.ldf", r, &f->d);
		ldif_reader_free(r);
	}
	return rc;
}

/* The owner of the res entry named sam (its sAMAccountName). The entry
 * (f->e) borrows from f->r, kept until the next call. */
static int
owner_of(struct fixture *f, const struct accounts *a, const char *sam,
    struct engine_owner *o)
{
	const struct ldif_record *rec;
	const struct entry_attr *at;

	ldif_reader_free(f->r);
	f->r = mem_reader(&f->m, "res.ldf", f->res.p, f->res.n, 0, NULL);
	while (ldif_reader_next(f->r, &rec, &f->d) == 1) {
		entry_load(&f->e, rec);
		at = entry_get(&f->e, slice_of("sAMAccountName"));
		if (at != NULL && at->vals[0].n == strlen(sam) &&
		    memcmp(at->vals[0].p, sam, at->vals[0].n) == 0)
			return accounts_owner(a, &f->e, o, "res.ldf", &f->d);
	}
	fail_msg("no entry %s", sam);
	return -2;
}

static void
assert_sam(const struct engine_owner *o, const char *sam)
{
	const struct entry_attr *at;

	assert_non_null(o->account);
	at = entry_get(o->account, slice_of("sAMAccountName"));
	assert_non_null(at);
	assert_int_equal(at->vals[0].n, strlen(sam));
	assert_memory_equal(at->vals[0].p, sam, strlen(sam));
}

static void
assert_slice(struct slice s, const char *want)
{
	assert_int_equal(s.n, strlen(want));
	assert_memory_equal(s.p, want, s.n);
}

static void
test_statuses(void **state)
{
	struct fixture *f = *state;
	struct engine_owner o;

	resource(&f->res);
	accounts_export(&f->acc, true);
	assert_int_equal(join(f), 0);

	assert_int_equal(owner_of(f, &f->a, "alice", &o), 1);
	assert_int_equal(o.status, OWNER_ENABLED);
	assert_sam(&o, "alice");
	assert_false(o.via_history);
	assert_slice(o.name, "acct.example\\alice");
	assert_string_equal(o.file, "acct.ldf");
	assert_slice(o.account->dn, "CN=alice,OU=People,DC=acct,DC=example");

	assert_int_equal(owner_of(f, &f->a, "bob", &o), 1);
	assert_int_equal(o.status, OWNER_DISABLED);
	assert_sam(&o, "bob");

	assert_int_equal(owner_of(f, &f->a, "carol", &o), 1);
	assert_int_equal(o.status, OWNER_NOT_FOUND);
	assert_null(o.account);
	assert_int_equal(o.name.n, 0);

	assert_int_equal(owner_of(f, &f->a, "dave", &o), 1);
	assert_int_equal(o.status, OWNER_ENABLED);
	assert_true(o.via_history);
	assert_sam(&o, "dave");

	assert_int_equal(owner_of(f, &f->a, "erin", &o), 1);
	assert_int_equal(o.status, OWNER_NO_EXPORT);
	assert_int_equal(owner_of(f, &f->a, "frank", &o), 1);
	assert_int_equal(o.status, OWNER_NOT_APPLICABLE);
	assert_int_equal(owner_of(f, &f->a, "grace", &o), 1);
	assert_int_equal(o.status, OWNER_NOT_APPLICABLE);
	assert_int_equal(owner_of(f, &f->a, "heidi", &o), 0);
	/* Two mailboxes of one owner share the account. */
	assert_int_equal(owner_of(f, &f->a, "ivan", &o), 1);
	assert_int_equal(o.status, OWNER_ENABLED);
	assert_sam(&o, "alice");

	/* Three distinct SIDs found (one through sIDHistory), three
	 * accounts kept; the domain learned from five objectSids. */
	assert_int_equal(f->a.nfiles, 1);
	assert_int_equal(f->a.files[0].entries, 5);
	assert_int_equal(f->a.files[0].found, 3);
	assert_int_equal(f->a.files[0].via_history, 1);
	assert_int_equal(f->a.naccts, 3);
	assert_int_equal(f->a.ndomains, 1);
	assert_int_equal(f->a.domains[0].accounts, 5);
	assert_true(f->a.domains[0].admin);
	assert_slice(f->a.domains[0].dns, "acct.example");
}

static void
test_coverage(void **state)
{
	struct fixture *f = *state;
	unsigned char dom[SID_MAX_BYTES];
	size_t n;

	resource(&f->res);
	accounts_export(&f->acc, true);
	assert_int_equal(join(f), 0);
	assert_int_equal(sid_parse(slice_of(ACCT), dom, &n), 0);
	assert_string_equal(accounts_covering(&f->a, slice_mem(dom, n)),
	    "acct.ldf");
	assert_int_equal(sid_parse(slice_of(OLD), dom, &n), 0);
	assert_null(accounts_covering(&f->a, slice_mem(dom, n)));
}

/* Without its Administrator the domain is partly exported: an owner
 * that is not found is no-export, never orphaned. */
static void
test_without_admin(void **state)
{
	struct fixture *f = *state;
	struct engine_owner o;

	resource(&f->res);
	accounts_export(&f->acc, false);
	assert_int_equal(join(f), 0);
	assert_false(f->a.domains[0].admin);
	assert_int_equal(owner_of(f, &f->a, "carol", &o), 1);
	assert_int_equal(o.status, OWNER_NO_EXPORT);
	assert_int_equal(owner_of(f, &f->a, "alice", &o), 1);
	assert_int_equal(o.status, OWNER_ENABLED);
}

/* Memory: 2,000 accounts that own nothing are counted, not kept. */
static void
test_keeps_only_owners(void **state)
{
	struct fixture *f = *state;
	char sam[32], sid[64];
	int i;

	resource(&f->res);
	accounts_export(&f->acc, true);
	for (i = 0; i < 2000; i++) {
		snprintf(sam, sizeof(sam), "u%04d", i);
		snprintf(sid, sizeof(sid), ACCT "-%d", 5000 + i);
		account(&f->acc, sam, sid, "512", NULL);
	}
	assert_int_equal(join(f), 0);
	assert_int_equal(f->a.naccts, 3);
	/* Five SIDs an account could hold: alice's (ivan's too) once;
	 * SELF and the own domain's are not looked for. */
	assert_int_equal(f->a.nsids, 5);
	assert_int_equal(f->a.files[0].entries, 2005);
	assert_int_equal(f->a.domains[0].accounts, 2005);
}

/* Without --accounts (a NULL) an owner an account could be is no-export. */
static void
test_no_accounts(void **state)
{
	struct fixture *f = *state;
	struct engine_owner o;

	resource(&f->res);
	assert_int_equal(owner_of(f, NULL, "alice", &o), 1);
	assert_int_equal(o.status, OWNER_NO_EXPORT);
	assert_int_equal(owner_of(f, NULL, "frank", &o), 1);
	assert_int_equal(o.status, OWNER_NOT_APPLICABLE);
	assert_int_equal(owner_of(f, NULL, "heidi", &o), 0);
}

/* One SID in an account's sIDHistory and another's objectSid. */
static void
test_ambiguous_history(void **state)
{
	struct fixture *f = *state;

	resource(&f->res);
	accounts_export(&f->acc, true);
	account(&f->acc2, "dave-old", OLD "-2201", "514", NULL);
	assert_int_equal(join(f), -1);
	assert_string_equal(f->d.file, "acct2.ldf");
	assert_int_equal(f->d.line, 1);
	assert_string_equal(f->d.msg, "master SID " OLD "-2201 is in this "
	    "account's objectSid and in the sIDHistory of the account at "
	    "acct.ldf:19: ldfix cannot tell which one owns the mailbox (an "
	    "ADMT migration whose old account still exists, or one account "
	    "exported twice); remove the SID from one of them, or give one "
	    "export");
}

/* One account exported twice in one file. */
static void
test_ambiguous_twice(void **state)
{
	struct fixture *f = *state;

	resource(&f->res);
	accounts_export(&f->acc, true);
	account(&f->acc, "bob", ACCT "-1102", "514", NULL);
	assert_int_equal(join(f), -1);
	assert_string_equal(f->d.file, "acct.ldf");
	assert_int_equal(f->d.line, 31);
	assert_non_null(strstr(f->d.msg, "master SID " ACCT "-1102 is in this "
	    "account's objectSid and in the objectSid of the account at "
	    "acct.ldf:13:"));
}

/* A matched account must say whether it is enabled; others need not. */
static void
test_uac(void **state)
{
	struct fixture *f = *state;

	resource(&f->res);
	account(&f->acc, "Administrator", ACCT "-500", "66048", NULL);
	account(&f->acc, "zed", ACCT "-1150", NULL, NULL);
	account(&f->acc, "alice", ACCT "-1101", NULL, NULL);
	assert_int_equal(join(f), -1);
	assert_string_equal(f->d.file, "acct.ldf");
	assert_int_equal(f->d.line, 12);
	assert_string_equal(f->d.msg, "this account holds master SID " ACCT
	    "-1101 but has no userAccountControl: ldfix cannot tell whether "
	    "it is enabled; export userAccountControl (the README lists the "
	    "attributes)");
}

static void
test_uac_not_integer(void **state)
{
	struct fixture *f = *state;

	resource(&f->res);
	account(&f->acc, "alice", ACCT "-1101", "enabled", NULL);
	assert_int_equal(join(f), -1);
	assert_non_null(strstr(f->d.msg, "but its userAccountControl is not an "
	    "integer:"));
}

static void
test_empty_and_sidless(void **state)
{
	struct fixture *f = *state;

	resource(&f->res);
	buf_puts(&f->acc, "# nothing\n");
	assert_int_equal(join(f), -1);
	assert_string_equal(f->d.file, "acct.ldf");
	assert_string_equal(f->d.msg, "the accounts export holds no entry: an "
	    "empty or failed export");
	accounts_free(&f->a);
	buf_reset(&f->acc);
	buf_puts(&f->acc, "dn: CN=x,DC=acct,DC=example\nsAMAccountName: x\n"
	    "objectSid: S-1-5-21-100-200-300-1101\n\n");
	assert_int_equal(join(f), -1);
	assert_string_equal(f->d.msg, "no entry of the accounts export has a "
	    "valid objectSid: export objectSid and sIDHistory (the README "
	    "lists the attributes; ldifde -n leaves binary values out)");
}

/* An entry whose SID the first pass did not see: the export changed. */
static void
test_changed_between_passes(void **state)
{
	struct fixture *f = *state;
	struct engine_owner o;
	struct buf other = BUF_INIT;

	mailbox(&f->res, "alice", 1201, ACCT "-1101");
	accounts_export(&f->acc, true);
	assert_int_equal(join(f), 0);
	mailbox(&other, "mallory", 1299, ACCT "-1177");
	buf_release(&f->res);
	f->res = other;
	assert_int_equal(owner_of(f, &f->a, "mallory", &o), -1);
	assert_string_equal(f->d.file, "res.ldf");
	assert_string_equal(f->d.msg, "this entry's msExchMasterAccountSid was "
	    "not in the export when ldfix first read it: the export changed "
	    "while ldfix read it; run ldfix on a file nothing writes to");
}

/* Without DC= parts in its DN the owner is named by its domain SID. */
static void
test_name_without_dc(void **state)
{
	struct fixture *f = *state;
	struct engine_owner o;

	mailbox(&f->res, "alice", 1201, ACCT "-1101");
	buf_puts(&f->acc, "dn: CN=alice,O=Acct\nsAMAccountName: alice\n"
	    "userAccountControl: 512\n");
	put_sid(&f->acc, "objectSid", ACCT "-1101");
	assert_int_equal(join(f), 0);
	assert_int_equal(owner_of(f, &f->a, "alice", &o), 1);
	assert_slice(o.name, ACCT "\\alice");
}

/* The rules read the joined account; a binary value is copied raw. */
static void
test_rules_read_the_owner(void **state)
{
	static const char yaml[] =
	    "version: 1\n"
	    "rules:\n"
	    "  - id: r\n"
	    "    match:\n"
	    "      owner-status: [enabled, disabled]\n"
	    "      master.userAccountControl: { bits-none: 0x2 }\n"
	    "    changes:\n"
	    "      - replace: mS-DS-ConsistencyGuid\n"
	    "        value: \"{master.objectGUID}\"\n"
	    "      - replace: info\n"
	    "        value: \"{owner:name} {owner:status}\"\n"
	    "    warn:\n"
	    "      - message: \"owner {owner:name} {master.objectGUID}\"\n";
	static const unsigned char guid[16] = { 0x2d, 0xfa, 0x43, 0xea, 0xa9,
	    0xe0, 0x52, 0x4b, 0xa9, 0x13, 0x2f, 0x5b, 0x15, 0x70, 0x00, 0x8c };
	struct fixture *f = *state;
	struct engine_result res;
	struct engine_owner o;
	struct entry after;
	const struct entry_attr *at;
	struct slice w;

	assert_int_equal(rules_load_mem(&f->rs, "t.yaml",
	    (const unsigned char *)yaml, strlen(yaml), NULL, 0, &f->d), 0);
	assert_true(f->rs.rules[0].needs_accounts);
	mailbox(&f->res, "alice", 1201, ACCT "-1101");
	mailbox(&f->res, "bob", 1202, ACCT "-1102");
	account(&f->acc, "Administrator", ACCT "-500", "66048", NULL);
	buf_puts(&f->acc, "dn: CN=alice,OU=People,DC=acct,DC=example\n"
	    "sAMAccountName: alice\nuserAccountControl: 512\nobjectGUID:: ");
	base64_encode(&f->acc, slice_mem(guid, sizeof(guid)));
	buf_putc(&f->acc, '\n');
	put_sid(&f->acc, "objectSid", ACCT "-1101");
	buf_putc(&f->acc, '\n');
	account(&f->acc, "bob", ACCT "-1102", "514", NULL);
	assert_int_equal(join(f), 0);
	/* master.objectGUID is read by the rules: counted on one account. */
	assert_int_equal(accounts_carried(&f->a,
	    slice_of("master.objectGUID")), 1);

	engine_result_init(&res);
	entry_init(&after);
	assert_int_equal(owner_of(f, &f->a, "alice", &o), 1);
	entry_copy(&after, &f->e);
	assert_int_equal(engine_run_owner(&f->rs, &f->e, &o, &after, &res), 1);
	at = entry_get(&after, slice_of("mS-DS-ConsistencyGuid"));
	assert_non_null(at);
	assert_int_equal(at->vals[0].n, 16);
	assert_memory_equal(at->vals[0].p, guid, 16);
	at = entry_get(&after, slice_of("info"));
	assert_slice(at->vals[0], "acct.example\\alice enabled");
	w = engine_warning_text(&res, 0);
	assert_slice(w, "owner acct.example\\alice "
	    "ea43fa2d-e0a9-4b52-a913-2f5b1570008c");

	/* bob is disabled: master.userAccountControl has 0x2. */
	assert_int_equal(owner_of(f, &f->a, "bob", &o), 1);
	entry_reset(&after);
	entry_copy(&after, &f->e);
	assert_int_equal(engine_run_owner(&f->rs, &f->e, &o, &after, &res), 0);
	/* No owner: owner-status is false, master.ATTR absent. */
	assert_int_equal(engine_run_owner(&f->rs, &f->e, NULL, &after, &res), 0);
	entry_free(&after);
	engine_result_free(&res);
}

/* A rule reading the owner in its match needs --accounts; one reading
 * it only in warnings and labels does not (the built-in rules). */
static void
test_needs_accounts(void **state)
{
	static const char yaml[] = "version: 1\nrules:\n  - id: r\n"
	    "    match: {mail: present}\n    changes:\n      - replace: info\n"
	    "        value: \"{master.mail}\"\n";
	struct fixture *f = *state;

	assert_int_equal(rules_load_default(&f->rs, NULL, 0, &f->d), 0);
	assert_int_equal(rules_check_accounts(&f->rs, false, &f->d), 0);
	assert_int_equal(rules_load_mem(&f->rs, "t.yaml",
	    (const unsigned char *)yaml, strlen(yaml), NULL, 0, &f->d), 0);
	assert_int_equal(rules_check_accounts(&f->rs, true, &f->d), 0);
	assert_int_equal(rules_check_accounts(&f->rs, false, &f->d), -1);
	assert_string_equal(f->d.file, "t.yaml");
	assert_int_equal(f->d.line, 3);
	assert_string_equal(f->d.msg, "rule r reads the owner's account "
	    "(owner-status, master.ATTR or {owner:...}) in its match or "
	    "changes: give the account forest's export with --accounts FILE "
	    "(the README says how to export it)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coverage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_admin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_keeps_only_owners, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_accounts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous_history, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_uac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uac_not_integer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_sidless, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_changed_between_passes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_without_dc, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rules_read_the_owner, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_needs_accounts, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
