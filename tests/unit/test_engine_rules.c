/*
 * test_engine_rules.c: the engine on rules loaded from YAML with
 * rules_load_mem, and on the built-in default rules: the loader and the
 * engine agree on the AST, and linked mailboxes come out the way
 * Set-User -LinkedMasterAccount $null leaves them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "base/sid.h"

struct fixture {
	struct ruleset rs;
	struct entry e;
	struct engine_result res;
	unsigned char sids[4][SID_MAX_BYTES];
	size_t nsids;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	rules_init(&f.rs);
	entry_init(&f.e);
	f.e.dn = slice_of("CN=Jane Doe,OU=Linked,DC=res,DC=example");
	engine_result_init(&f.res);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rules_free(&f->rs);
	entry_free(&f->e);
	engine_result_free(&f->res);
	return 0;
}

static void
load(struct fixture *f, const char *yaml, struct rule_var *vars,
    size_t nvars)
{
	struct diag d;

	diag_clear(&d);
	if (rules_load_mem(&f->rs, "t.yaml", (const unsigned char *)yaml,
	    strlen(yaml), vars, nvars, &d) != 0)
		fail_msg("load: %s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
}

static void
load_default(struct fixture *f)
{
	struct diag d;

	assert_int_equal(rules_load_default(&f->rs, NULL, 0, &d), 0);
}

static void
put(struct fixture *f, const char *attr, const char *v)
{
	entry_add_value(&f->e, slice_of(attr), slice_of(v));
}

static void
put_sid(struct fixture *f, const char *attr, const char *text)
{
	unsigned char *p;
	size_t n;

	assert_true(f->nsids < sizeof(f->sids) / sizeof(f->sids[0]));
	p = f->sids[f->nsids++];

	assert_int_equal(sid_parse(slice_of(text), p, &n), 0);
	entry_add_value(&f->e, slice_of(attr), slice_mem(p, n));
}

/* The attribute's single value, or absent when want is NULL. */
static void
assert_val(struct fixture *f, const char *attr, const char *want)
{
	const struct entry_attr *a = entry_get(&f->e, slice_of(attr));

	if (want == NULL) {
		if (a != NULL)
			fail_msg("%s is still there", attr);
		return;
	}
	if (a == NULL || a->nvals != 1 || !slice_eq(a->vals[0], slice_of(want)))
		fail_msg("%s is not just \"%s\"", attr, want);
}

static bool
warned(struct fixture *f, const char *needle)
{
	size_t i;

	for (i = 0; i < f->res.nwarnings; i++) {
		struct slice w = engine_warning_text(&f->res, i);
		size_t k, n = strlen(needle);

		for (k = 0; k + n <= w.n; k++)
			if (memcmp(w.p + k, needle, n) == 0)
				return true;
	}
	return false;
}

#define ACCOUNT "S-1-5-21-1004336348-1177238915-682003330"

static void
test_default_linked_foreign(void **state)
{
	struct fixture *f = *state;

	load_default(f);
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "-1073741818");
	put(f, "userAccountControl", "514");
	put(f, "userPrincipalName", "jdoe@res.example");
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1104");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].rule->id,
	    "linked-mailbox-to-user-mailbox");
	assert_string_equal(f->res.hits[0].label, "foreign-domain");
	assert_int_equal(f->res.hits[0].changes_applied, 3);
	assert_val(f, "msExchRecipientTypeDetails", "1");
	assert_val(f, "msExchMasterAccountSid", NULL);
	assert_val(f, "msExchRecipientDisplayType", "-2147483642");
	assert_val(f, "userAccountControl", "514");
	assert_int_equal(f->res.nwarnings, 1);
	assert_true(warned(f, "master account S-1-5-21-1-2-3-1104 is in "
	    "another domain"));
}

static void
test_default_linked_enabled_self(void **state)
{
	struct fixture *f = *state;

	load_default(f);
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "1073741824");
	put(f, "userAccountControl", "512");        /* enabled */
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", ACCOUNT "-1163");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].label, "self-linked");
	assert_int_equal(f->res.hits[0].changes_applied, 2);
	/* Only a disabled account loses the ACLable flag. */
	assert_val(f, "msExchRecipientDisplayType", "1073741824");
	assert_true(warned(f, "no userPrincipalName"));
	assert_false(warned(f, "another domain"));

	/* Disabled now: 1073741824 -> 0. */
	entry_reset(&f->e);
	f->e.dn = slice_of("CN=x,DC=res,DC=example");
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "1073741824");
	put(f, "userAccountControl", "66050");
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", ACCOUNT "-1163");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_val(f, "msExchRecipientDisplayType", "0");
}

/* A "linked" mailbox whose master is SELF, NULL, absent or not a SID is
 * reported, not converted (a shared mailbox with a wrong type, or a
 * damaged export); a malformed master has a warning of its own. */
static void
test_default_linked_without_account_master(void **state)
{
	static const struct {
		const char *sid;        /* NULL: absent; "!" + bytes: raw */
		const char *label;
		const char *warning;
	} cases[] = {
		{ "S-1-5-10", "master-SELF", "probably a shared or room mailbox" },
		{ "S-1-0-0", "master-NULL", "probably a shared or room mailbox" },
		{ NULL, "master-absent", "probably a shared or room mailbox" },
		{ "!\x01\x05\x00\x00\x00", "master-not-a-SID",
		    "is not a valid SID (a truncated or damaged export?)" },
	};
	struct fixture *f = *state;
	size_t i;

	load_default(f);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		entry_reset(&f->e);
		f->e.dn = slice_of("CN=x,DC=res,DC=example");
		put(f, "msExchRecipientTypeDetails", "2");
		put(f, "msExchRecipientDisplayType", "1073741824");
		put(f, "userAccountControl", "514");
		if (cases[i].sid && cases[i].sid[0] == '!')
			entry_add_value(&f->e, slice_of("msExchMasterAccountSid"),
			    slice_mem(cases[i].sid + 1, 5));
		else if (cases[i].sid)
			put_sid(f, "msExchMasterAccountSid", cases[i].sid);
		assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
		assert_string_equal(f->res.hits[0].rule->id,
		    "linked-mailbox-without-account-master");
		assert_string_equal(f->res.hits[0].label, cases[i].label);
		assert_int_equal(f->res.hits[0].changes_applied, 0);
		assert_val(f, "msExchRecipientTypeDetails", "2");
		assert_val(f, "msExchRecipientDisplayType", "1073741824");
		assert_int_equal(f->res.nwarnings, 1);
		assert_true(warned(f, cases[i].warning));
	}
}

/* A disabled linked mailbox without msExchRecipientDisplayType in the
 * export: nothing to change for it, and a warning says why. */
static void
test_default_missing_display_type(void **state)
{
	struct fixture *f = *state;

	load_default(f);
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "userAccountControl", "514");
	put(f, "userPrincipalName", "x@res.example");
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", ACCOUNT "-1150");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_int_equal(f->res.hits[0].changes_applied, 2);
	assert_int_equal(f->res.nwarnings, 1);
	assert_true(warned(f, "no msExchRecipientDisplayType in the export: "
	    "Set-User would clear its ACLable flag"));
}

static void
test_default_look_alikes(void **state)
{
	struct fixture *f = *state;

	load_default(f);
	put(f, "msExchRecipientTypeDetails", "2199023255552");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1104");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].rule->id, "linked-room-mailbox");
	assert_int_equal(f->res.hits[0].changes_applied, 0);
	assert_true(warned(f, "linked room mailbox"));

	entry_reset(&f->e);
	put(f, "msExchRecipientTypeDetails", "2147483648");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1104");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].rule->id,
	    "master-sid-on-unlinked-recipient");
	assert_string_equal(f->res.hits[0].label, "remote-mailbox");
	assert_true(warned(f, "msExchMasterAccountSid S-1-5-21-1-2-3-1104 is set"));

	/* An ordinary user mailbox is nobody's business. */
	entry_reset(&f->e);
	put(f, "msExchRecipientTypeDetails", "1");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 0);
}

static const char custom_rules[] =
    "version: 1\n"
    "variables:\n"
    "  upn_suffix: contoso.com\n"
    "rules:\n"
    "  - id: first\n"
    "    match:\n"
    "      dn: { under: 'OU=Linked, DC=RES,DC=example' }\n"
    "      mail: { regex: '^[a-z]+@old\\.example$' }\n"
    "      msExchRecipientTypeDetails: { ge: 0x2, lt: 3 }\n"
    "    changes:\n"
    "      - set-if-absent: userPrincipalName\n"
    "        value: '{sAMAccountName}@{var:upn_suffix}'\n"
    "      - add: proxyAddresses\n"
    "        values: ['smtp:{sAMAccountName}@new.example', 'x:{{y}}']\n"
    "      - replace: msExchRecipientTypeDetails\n"
    "        value: 1\n"
    "      - set-bits: userAccountControl\n"
    "        bits: 0x2\n"
    "        when: { dn: { not-under: 'dc=other' } }\n"
    "  - id: second\n"
    "    match: { msExchRecipientTypeDetails: 1 }\n"
    "    warn:\n"
    "      - message: 'now {msExchRecipientTypeDetails}, upn {userPrincipalName}'\n";

static void
test_custom_yaml(void **state)
{
	struct fixture *f = *state;
	struct rule_var var = { "upn_suffix", "fabrikam.com", false };
	const struct entry_attr *a;

	load(f, custom_rules, &var, 1);
	put(f, "mail", "jdoe@old.example");
	put(f, "sAMAccountName", "jdoe");
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "userAccountControl", "512");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 2);
	assert_int_equal(f->res.hits[0].changes_applied, 4);
	assert_val(f, "userPrincipalName", "jdoe@fabrikam.com");   /* --var wins */
	assert_val(f, "userAccountControl", "514");
	a = entry_get(&f->e, slice_of("proxyAddresses"));
	assert_non_null(a);
	assert_int_equal(a->nvals, 2);
	assert_true(slice_eq(a->vals[0], slice_of("smtp:jdoe@new.example")));
	assert_true(slice_eq(a->vals[1], slice_of("x:{y}")));
	assert_int_equal(f->res.hits[1].nwarnings, 1);
	assert_true(warned(f, "now 1, upn jdoe@fabrikam.com"));

	/* Outside the subtree: nothing. */
	entry_reset(&f->e);
	f->e.dn = slice_of("CN=Jane Doe,OU=Users,DC=res,DC=example");
	put(f, "mail", "jdoe@old.example");
	put(f, "msExchRecipientTypeDetails", "2");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 0);
}

/* The opt-in files ship in rules/; the test suite runs from the top of the
 * tree ($TOP when set). */
static void
load_file(struct fixture *f, const char *name, struct rule_var *vars,
    size_t nvars)
{
	const char *top = getenv("TOP");
	char path[4096];
	struct diag d;

	snprintf(path, sizeof(path), "%s/rules/%s", top ? top : ".", name);
	diag_clear(&d);
	if (rules_load_file(&f->rs, path, vars, nvars, &d) != 0)
		fail_msg("%s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
}

/* Rules from several files run in load order: the opt-in files act on the
 * entries the built-in conversion hit (hit:), and see what it did. */
static void
test_opt_in_files_chain(void **state)
{
	struct fixture *f = *state;
	struct rule_var var = { "upn_suffix", "contoso.com", false };
	struct diag d;

	load_file(f, "linked-room-to-room.yaml", NULL, 0);
	assert_int_equal(rules_load_default(&f->rs, &var, 1, &d), 0);
	load_file(f, "enable-account.yaml", &var, 1);
	load_file(f, "fill-upn.yaml", &var, 1);
	load_file(f, "convert-without-master.yaml", &var, 1);
	assert_true(var.used);

	put(f, "sAMAccountName", "jdoe");
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "1073741824");
	put(f, "userAccountControl", "514");
	put(f, "msExchUserAccountControl", "2");
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1104");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 3);
	assert_string_equal(f->res.hits[0].rule->id,
	    "linked-mailbox-to-user-mailbox");
	assert_string_equal(f->res.hits[1].rule->id, "enable-converted-account");
	assert_string_equal(f->res.hits[2].rule->id, "fill-upn");
	assert_val(f, "msExchRecipientTypeDetails", "1");
	assert_val(f, "msExchMasterAccountSid", NULL);
	/* Cleared by the first rule, set again by the second. */
	assert_val(f, "msExchRecipientDisplayType", "1073741824");
	assert_val(f, "userAccountControl", "512");
	assert_val(f, "msExchUserAccountControl", "0");
	assert_val(f, "userPrincipalName", "jdoe@contoso.com");

	/* A disabled ordinary user mailbox without a UPN: not converted, so
	 * enable-account and fill-upn leave it alone. */
	entry_reset(&f->e);
	put(f, "sAMAccountName", "leaver");
	put(f, "msExchRecipientTypeDetails", "1");
	put(f, "msExchRecipientDisplayType", "0");
	put(f, "userAccountControl", "514");
	put(f, "msExchUserAccountControl", "2");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 0);
	assert_val(f, "userAccountControl", "514");
	assert_val(f, "userPrincipalName", NULL);

	/* A linked room becomes a room, with SELF as its master. */
	entry_reset(&f->e);
	put(f, "msExchRecipientTypeDetails", "2199023255552");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1105");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].rule->id, "linked-room-to-room");
	assert_val(f, "msExchRecipientTypeDetails", "16");
	assert_true(slice_eq(entry_get(&f->e,
	    slice_of("msExchMasterAccountSid"))->vals[0],
	    slice_mem("\x01\x01\0\0\0\0\0\x05\x0a\0\0\0", 12)));

	/* SELF as master: reported by the built-in rules, converted by the
	 * opt-in file that acts on what that report hit. */
	entry_reset(&f->e);
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "1073741824");
	put(f, "userAccountControl", "514");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-10");
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 2);
	assert_string_equal(f->res.hits[0].rule->id,
	    "linked-mailbox-without-account-master");
	assert_string_equal(f->res.hits[1].rule->id,
	    "convert-without-account-master");
	assert_val(f, "msExchRecipientTypeDetails", "1");
	assert_val(f, "msExchMasterAccountSid", NULL);
	assert_val(f, "msExchRecipientDisplayType", "0");
}

/* A foreign-domain linked mailbox, disabled, as the default rules see it. */
static void
foreign_mailbox(struct fixture *f)
{
	entry_reset(&f->e);
	f->nsids = 0;
	put(f, "msExchRecipientTypeDetails", "2");
	put(f, "msExchRecipientDisplayType", "1073741824");
	put(f, "userAccountControl", "514");
	put(f, "userPrincipalName", "jdoe@res.example");
	put_sid(f, "objectSid", ACCOUNT "-1163");
	put_sid(f, "msExchMasterAccountSid", "S-1-5-21-1-2-3-1104");
}

/* The default rules with the owner the accounts join found: the same
 * changes whatever it is; the label and the warning say who it is. */
static void
test_default_owner(void **state)
{
	static const struct {
		enum owner_status status;
		const char *label, *warning;
	} cases[] = {
		{ OWNER_NO_EXPORT, "foreign-domain", "master account "
		    "S-1-5-21-1-2-3-1104 is in another domain" },
		{ OWNER_ENABLED, "owner-enabled", "the owner fab.example\\jdoe "
		    "(jdoe@fab.example) is an ENABLED account: the account "
		    "forest is live" },
		{ OWNER_DISABLED, "owner-disabled", "the owner "
		    "fab.example\\jdoe (jdoe@fab.example) is a disabled "
		    "account in the account forest" },
		{ OWNER_NOT_FOUND, "orphaned", "the owner was deleted and the "
		    "mailbox is orphaned; converting it is the fix" },
	};
	struct fixture *f = *state;
	struct engine_owner o;
	struct entry acct;
	size_t i;

	load_default(f);
	entry_init(&acct);
	acct.dn = slice_of("CN=jdoe,OU=People,DC=fab,DC=example");
	entry_add_value(&acct, slice_of("sAMAccountName"), slice_of("jdoe"));
	entry_add_value(&acct, slice_of("userPrincipalName"),
	    slice_of("jdoe@fab.example"));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		foreign_mailbox(f);
		memset(&o, 0, sizeof(o));
		o.status = cases[i].status;
		o.sid = entry_get(&f->e,
		    slice_of("msExchMasterAccountSid"))->vals[0];
		if (o.status == OWNER_ENABLED || o.status == OWNER_DISABLED) {
			o.account = &acct;
			o.name = slice_of("fab.example\\jdoe");
		}
		assert_int_equal(engine_run_owner(&f->rs, NULL, &o, &f->e,
		    &f->res), 1);
		assert_string_equal(f->res.hits[0].label, cases[i].label);
		assert_int_equal(f->res.hits[0].changes_applied, 3);
		assert_val(f, "msExchRecipientTypeDetails", "1");
		assert_int_equal(f->res.nwarnings, 1);
		assert_true(warned(f, cases[i].warning));
	}
	/* No owner at all (no --accounts in engine_run): as before. */
	foreign_mailbox(f);
	assert_int_equal(engine_run(&f->rs, &f->e, &f->res), 1);
	assert_string_equal(f->res.hits[0].label, "foreign-domain");
	assert_true(warned(f, "is in another domain"));
	entry_free(&acct);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_default_linked_foreign),
		T(test_default_linked_enabled_self),
		T(test_default_linked_without_account_master),
		T(test_default_missing_display_type),
		T(test_default_look_alikes),
		T(test_custom_yaml),
		T(test_opt_in_files_chain),
		T(test_default_owner),
	};
#undef T

	return cmocka_run_group_tests_name("engine_rules", tests, NULL, NULL);
}
