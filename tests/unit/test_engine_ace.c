/*
 * test_engine_ace.c: the ace test on security descriptors and a rule's
 * leftover-permissions (src/engine/engine_ace.c). Conditions are built by
 * hand and run with engine_decide (three-valued: an unreadable descriptor
 * is unknown, never "no ACE"); whole rules are loaded from YAML and run
 * with engine_run, for what a hit records and warns. Descriptors are built
 * byte by byte (sd_build.h): the master's ACE, none, several for one SID,
 * object ACEs, and truncated or lying offsets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

#include "ast_build.h"
#include "sd_build.h"

#define MBX "msExchMailboxSecurityDescriptor"
#define NTSD "nTSecurityDescriptor"
#define MASTER_ATTR "msExchMasterAccountSid"

/* ---- conditions built by hand ---- */

/* An ace test on attr for the SID in sid_attr (NULL: sids listed). */
static struct cond *
c_ace(const char *attr, const char *sid_attr, uint32_t any, uint32_t all,
    const char *object)
{
	struct cond *c = ast_cond(COND_ACE, attr);

	c->ace = ast_alloc(sizeof(*c->ace));
	c->ace->mask_any = any;
	c->ace->mask_all = all;
	if (sid_attr != NULL)
		c->other_attr = slice_of(sid_attr);
	if (object != NULL) {
		sdb_guid_bytes(object, c->ace->object_type);
		c->ace->has_object_type = true;
	}
	return c;
}

static struct cond *
c_ace_sid(const char *attr, const char *sid, uint32_t any)
{
	struct cond *c = c_ace(attr, NULL, any, 0, NULL);

	c->sids = ast_alloc(sizeof(*c->sids));
	assert_int_equal(sid_parse(slice_of(sid), c->sids[0].bytes,
	    &c->sids[0].n), 0);
	c->nsids = 1;
	return c;
}

/* A mailbox descriptor: owner SYSTEM, DACL revision 2 of the ACEs. */
static void
mailbox_sd(struct sdb *out, const struct sdb *aces, unsigned count)
{
	sdb_descriptor(out, SD_DACL_PRESENT, SYSTEM, 2, aces, count);
}

/* decide c on an entry whose master is MASTER and whose attr holds the
 * given values (NULL-terminated list of struct sdb *). */
static int
decide(struct cond *c, const char *attr, ...)
{
	const struct sdb *b;
	struct entry e;
	va_list ap;
	int r;

	entry_init(&e);
	e.dn = slice_of("CN=Jane Doe,OU=Linked,DC=res,DC=example");
	ast_put_bin(&e, MASTER_ATTR, ast_sid_bin(MASTER));
	va_start(ap, attr);
	while ((b = va_arg(ap, const struct sdb *)) != NULL)
		ast_put_bin(&e, attr, sdb_slice(b));
	va_end(ap);
	r = engine_decide(c, &e);
	entry_free(&e);
	return r;
}

static void
test_master_ace(void **state)
{
	struct sdb sd;

	(void)state;
	sdb_synthetic(&sd);     /* SELF 0x20001, the master 0x5 */
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    &sd, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x4, 0, NULL), MBX,
	    &sd, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0, 0x5, NULL), MBX,
	    &sd, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0, 0x7, NULL), MBX,
	    &sd, NULL), 0);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x2, 0, NULL), MBX,
	    &sd, NULL), 0);
	/* listed SIDs instead of another attribute */
	assert_int_equal(decide(c_ace_sid(MBX, SELF, 0x20000), MBX, &sd,
	    NULL), 1);
	assert_int_equal(decide(c_ace_sid(MBX, OTHER, 0x5), MBX, &sd, NULL),
	    0);
	/* the ACE's SID is the master's, not the other attribute's */
	assert_int_equal(decide(c_ace(MBX, "objectSid", 0x5, 0, NULL), MBX,
	    &sd, NULL), 0);
}

static void
test_no_master_ace(void **state)
{
	struct sdb aces = { .n = 0 }, sd;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x20001,
	    SELF, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x5, OTHER,
	    -1, NULL, NULL);
	mailbox_sd(&sd, &aces, 2);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    &sd, NULL), 0);
	/* no descriptor, no master: false, and decided */
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    NULL), 0);
	assert_int_equal(decide(c_ace(MBX, "noSuchAttr", 0x5, 0, NULL), MBX,
	    &sd, NULL), 0);
}

/* Each ACE is tested on its own: two ACEs 0x1 and 0x4 are not one 0x5. */
static void
test_several_aces_one_sid(void **state)
{
	struct sdb aces = { .n = 0 }, sd;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x1, MASTER,
	    -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x4, MASTER,
	    -1, NULL, NULL);
	mailbox_sd(&sd, &aces, 2);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    &sd, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0, 0x4, NULL), MBX,
	    &sd, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0, 0x5, NULL), MBX,
	    &sd, NULL), 0);
}

/* Denied and inherit-only ACEs allow nothing on the object. */
static void
test_denied_and_inherit_only(void **state)
{
	struct sdb aces = { .n = 0 }, sd;

	(void)state;
	sdb_ace(&aces, SD_ACE_DENIED, 0, 0x5, MASTER, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT |
	    SD_ACE_INHERIT_ONLY, 0x5, MASTER, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_DENIED_OBJECT, 0, 0x100, MASTER, 1, SEND_AS,
	    NULL);
	mailbox_sd(&sd, &aces, 3);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    &sd, NULL), 0);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x100, 0, SEND_AS),
	    MBX, &sd, NULL), 0);
}

static void
test_object_aces(void **state)
{
	struct sdb aces = { .n = 0 }, sd, generic = { .n = 0 }, gsd;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0x20094, "S-1-5-11", -1, NULL,
	    NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER, 1, SEND_AS,
	    NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x30, MASTER, 1,
	    PERSONAL_INFO, NULL);
	sdb_descriptor(&sd, SD_DACL_PRESENT, SYSTEM, 4, &aces, 3);
	/* limited to a GUID: only a test that names it sees it */
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0, 0x100, NULL),
	    NTSD, &sd, NULL), 0);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0, 0x100, SEND_AS),
	    NTSD, &sd, NULL), 1);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0, 0x100,
	    PERSONAL_INFO), NTSD, &sd, NULL), 0);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0x30, 0,
	    PERSONAL_INFO), NTSD, &sd, NULL), 1);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0x30, 0, USER_CLASS),
	    NTSD, &sd, NULL), 0);
	/* an object ACE without an ObjectType applies to every GUID */
	sdb_ace(&generic, SD_ACE_ALLOWED_OBJECT, 0, 0x130, MASTER, 0, NULL,
	    NULL);
	sdb_descriptor(&gsd, SD_DACL_PRESENT, NULL, 4, &generic, 1);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0, 0x100, SEND_AS),
	    NTSD, &gsd, NULL), 1);
	assert_int_equal(decide(c_ace(NTSD, MASTER_ATTR, 0, 0x130, NULL),
	    NTSD, &gsd, NULL), 1);
}

/* Malformed descriptors: truncated, and offsets or sizes that lie. */
static void
malformed(struct sdb *out, int how)
{
	sdb_synthetic(out);
	switch (how) {
	case 0: out->n -= 5; break;                     /* truncated ACE */
	case 1: out->n = 12; break;                     /* half a header */
	case 2: sdb_set32(out, 16, 200); break;         /* DACL past the end */
	case 3: sdb_set16(out, 34, 400); break;         /* AclSize too big */
	case 4: sdb_set16(out, 36, 3); break;           /* AceCount lies */
	case 5: sdb_set32(out, 4, 8); break;            /* owner into header */
	default: sdb_set16(out, 62, 200); break;        /* AceSize too big */
	}
}

static void
test_malformed_is_unknown(void **state)
{
	struct sdb bad, good;
	int how;

	(void)state;
	sdb_synthetic(&good);
	for (how = 0; how < 7; how++) {
		malformed(&bad, how);
		assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL),
		    MBX, &bad, NULL), -1);
		assert_int_equal(decide(ast_kids(COND_NOT, c_ace(MBX,
		    MASTER_ATTR, 0x5, 0, NULL), (struct cond *)NULL), MBX, &bad,
		    NULL), -1);
	}
	malformed(&bad, 3);
	/* Kleene: a part decided false (all) or true (any) decides */
	assert_int_equal(decide(ast_kids(COND_ALL, c_ace(MBX, MASTER_ATTR,
	    0x5, 0, NULL), PRESENT("mail"), (struct cond *)NULL), MBX, &bad,
	    NULL), 0);
	assert_int_equal(decide(ast_kids(COND_ALL, c_ace(MBX, MASTER_ATTR,
	    0x5, 0, NULL), PRESENT(MASTER_ATTR), (struct cond *)NULL), MBX,
	    &bad, NULL), -1);
	assert_int_equal(decide(ast_kids(COND_ANY, c_ace(MBX, MASTER_ATTR,
	    0x5, 0, NULL), PRESENT(MASTER_ATTR), (struct cond *)NULL), MBX,
	    &bad, NULL), 1);
	assert_int_equal(decide(ast_kids(COND_ANY, c_ace(MBX, MASTER_ATTR,
	    0x5, 0, NULL), PRESENT("mail"), (struct cond *)NULL), MBX, &bad,
	    NULL), -1);
	/* several values: a readable one with the ACE decides */
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x5, 0, NULL), MBX,
	    &bad, &good, NULL), 1);
	assert_int_equal(decide(c_ace(MBX, MASTER_ATTR, 0x2, 0, NULL), MBX,
	    &bad, &good, NULL), -1);
}

/* ---- whole rules ---- */

struct fixture {
	struct ruleset rs;
	struct entry e, exported;
	struct engine_result res;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	rules_init(&f.rs);
	entry_init(&f.e);
	entry_init(&f.exported);
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
	entry_free(&f->exported);
	engine_result_free(&f->res);
	return ast_teardown(state);
}

static void
load(struct fixture *f, const char *yaml)
{
	struct diag d;

	diag_clear(&d);
	if (rules_load_mem(&f->rs, "t.yaml", (const unsigned char *)yaml,
	    strlen(yaml), NULL, 0, &d) != 0)
		fail_msg("load: %s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
}

/* The entry: a linked mailbox of MASTER with the given descriptors (NULL:
 * absent). */
static void
mailbox(struct fixture *f, const struct sdb *mbx, const struct sdb *ntsd)
{
	entry_reset(&f->e);
	f->e.dn = slice_of("CN=Jane Doe,OU=Linked,DC=res,DC=example");
	ast_put(&f->e, "msExchRecipientTypeDetails", "2");
	ast_put_bin(&f->e, MASTER_ATTR, ast_sid_bin(MASTER));
	if (mbx != NULL)
		ast_put_bin(&f->e, MBX, sdb_slice(mbx));
	if (ntsd != NULL)
		ast_put_bin(&f->e, NTSD, sdb_slice(ntsd));
	entry_reset(&f->exported);
	entry_copy(&f->exported, &f->e);
}

static size_t
run(struct fixture *f)
{
	return engine_run_exported(&f->rs, &f->exported, &f->e, &f->res);
}

static const char convert[] =
    "version: 1\n"
    "rules:\n"
    "  - id: convert\n"
    "    match: { msExchRecipientTypeDetails: 2 }\n"
    "    changes:\n"
    "      - replace: msExchRecipientTypeDetails\n"
    "        value: 1\n"
    "      - delete: msExchMasterAccountSid\n"
    "    leftover-permissions:\n"
    "      - msExchMailboxSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
    "      - nTSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-all: 0x100,\n"
    "                 object-type: ab721a54-1e2f-11d0-9819-00aa0040529b }\n"
    "      - nTSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x30,\n"
    "                 object-type: 77b5b886-944a-11d1-aebd-0000f80367c1 }\n";

/* What the master keeps is read before the rule's changes delete it; an
 * ACE two tests find is listed once. */
static void
test_leftover_found(void **state)
{
	struct fixture *f = *state;
	struct sdb mbx, aces = { .n = 0 }, ntsd;
	const struct engine_hit *h;

	load(f, convert);
	sdb_synthetic(&mbx);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER, 1, SEND_AS,
	    NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x130, MASTER, 0, NULL,
	    NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x30, OTHER, 1,
	    PERSONAL_INFO, NULL);
	sdb_descriptor(&ntsd, SD_DACL_PRESENT, SYSTEM, 4, &aces, 3);
	mailbox(f, &mbx, &ntsd);
	assert_int_equal(run(f), 1);
	h = &f->res.hits[0];
	assert_int_equal(h->changes_applied, 2);
	assert_null(entry_get(&f->e, slice_of(MASTER_ATTR)));
	assert_int_equal(h->naces, 3);
	assert_int_equal(h->nunchecked, 0);
	assert_int_equal(h->nwarnings, 0);
	assert_true(slice_eq(f->res.aces[0].attr, slice_of(MBX)));
	assert_int_equal(f->res.aces[0].mask, 0x5);
	assert_int_equal(f->res.aces[0].flags, SD_ACE_CONTAINER_INHERIT);
	assert_true(slice_eq(f->res.aces[0].sid, ast_sid_bin(MASTER)));
	assert_true(slice_eq(f->res.aces[1].attr, slice_of(NTSD)));
	assert_int_equal(f->res.aces[1].mask, 0x100);
	assert_int_equal(f->res.aces[1].object_type.n, 16);
	assert_int_equal(f->res.aces[2].mask, 0x130);   /* once, not twice */
	assert_int_equal(f->res.aces[2].object_type.n, 0);
}

/* Absent descriptors: not checked, each attribute once, no warning. */
static void
test_leftover_absent(void **state)
{
	struct fixture *f = *state;
	const struct engine_hit *h;
	struct sdb mbx;

	load(f, convert);
	sdb_synthetic(&mbx);
	mailbox(f, &mbx, NULL);
	assert_int_equal(run(f), 1);
	h = &f->res.hits[0];
	assert_int_equal(h->naces, 1);
	assert_int_equal(h->nunchecked, 1);
	assert_true(slice_eq(f->res.unchecked[h->first_unchecked].attr,
	    slice_of(NTSD)));
	assert_null(f->res.unchecked[h->first_unchecked].reason);
	assert_int_equal(h->nwarnings, 0);
}

/* An unreadable descriptor: not checked, with its reason, and one warning
 * on the hit, however many tests met it; the conversion still happens. */
static void
test_leftover_malformed(void **state)
{
	struct fixture *f = *state;
	const struct engine_hit *h;
	struct sdb bad;
	char yaml[2048];

	snprintf(yaml, sizeof(yaml), "%s    warn:\n      - message: keeps\n"
	    "        when: { msExchMailboxSecurityDescriptor: { ace: {"
	    " sid-attr: msExchMasterAccountSid, mask-any: 0x4 } } }\n",
	    convert);
	load(f, yaml);
	malformed(&bad, 3);
	mailbox(f, &bad, NULL);
	assert_int_equal(run(f), 1);
	h = &f->res.hits[0];
	assert_false(h->undecided);
	assert_int_equal(h->changes_applied, 2);
	assert_int_equal(h->naces, 0);
	assert_int_equal(h->nunchecked, 2);
	assert_string_equal(f->res.unchecked[0].reason,
	    "DACL size runs past the end of the descriptor");
	assert_int_equal(f->res.unchecked[0].offset, 34);
	assert_int_equal(h->nwarnings, 1);
	ast_assert_warning(&f->res, 0,
	    "msExchMailboxSecurityDescriptor is not a "
	    "valid security descriptor (DACL size runs past the end of the "
	    "descriptor, at byte 34): ldfix cannot tell which permissions it "
	    "grants, so nothing that depends on them is decided or listed; "
	    "check them by hand");
}

/* A match that cannot be decided: reported, never applied; a later rule
 * that tests its hit is undecided too. */
static void
test_undecided_match(void **state)
{
	struct fixture *f = *state;
	struct sdb bad;

	load(f, "version: 1\nrules:\n"
	    "  - id: strip\n"
	    "    match:\n"
	    "      msExchMailboxSecurityDescriptor:\n"
	    "        ace: { sid: [S-1-5-10], mask-any: 0x1 }\n"
	    "    changes:\n"
	    "      - delete: msExchMasterAccountSid\n"
	    "  - id: after\n"
	    "    match: { hit: strip }\n"
	    "    changes:\n"
	    "      - replace: msExchRecipientTypeDetails\n"
	    "        value: 1\n");
	malformed(&bad, 6);
	mailbox(f, &bad, NULL);
	assert_int_equal(run(f), 2);
	assert_true(f->res.hits[0].undecided);
	assert_true(f->res.hits[1].undecided);
	assert_int_equal(f->res.hits[0].changes_applied, 0);
	assert_int_equal(f->res.hits[1].changes_applied, 0);
	assert_non_null(entry_get(&f->e, slice_of(MASTER_ATTR)));
	assert_int_equal(f->res.hits[0].nwarnings, 2);
	ast_assert_warning(&f->res, 0, "cannot tell whether rule strip applies: "
	    "its match tests a security descriptor that cannot be read; it "
	    "changes nothing here");
	ast_assert_warning(&f->res, 1,
	    "msExchMailboxSecurityDescriptor is not a "
	    "valid security descriptor (ACE runs past the end of its ACL, at "
	    "byte 60): ldfix cannot tell which permissions it grants, so "
	    "nothing that depends on them is decided or listed; check them by "
	    "hand");
	ast_assert_warning(&f->res, 2, "cannot tell whether rule after applies: "
	    "its match tests a security descriptor that cannot be read; it "
	    "changes nothing here");
	assert_int_equal(f->res.hits[1].nwarnings, 1);
}

/* Labels, warnings and changes whose when cannot be decided do not
 * happen; a decided false part of an all still decides. */
static void
test_undecided_when(void **state)
{
	struct fixture *f = *state;
	struct sdb bad;

	load(f, "version: 1\nrules:\n"
	    "  - id: r\n"
	    "    match: { msExchRecipientTypeDetails: 2 }\n"
	    "    changes:\n"
	    "      - replace: info\n"
	    "        value: kept\n"
	    "        when:\n"
	    "          msExchMailboxSecurityDescriptor:\n"
	    "            ace: { sid-attr: msExchMasterAccountSid, mask-any: 1 }\n"
	    "      - replace: mail\n"
	    "        value: x@example.com\n"
	    "        when:\n"
	    "          mail: absent\n"
	    "          not: { msExchMailboxSecurityDescriptor:\n"
	    "            { ace: { sid-attr: msExchMasterAccountSid,"
	    " mask-any: 1 } } }\n"
	    "    classify:\n"
	    "      - label: keeps\n"
	    "        when: { msExchMailboxSecurityDescriptor: { ace: {"
	    " sid-attr: msExchMasterAccountSid, mask-any: 1 } } }\n"
	    "      - label: other\n"
	    "    warn:\n"
	    "      - message: never\n"
	    "        when: { msExchMailboxSecurityDescriptor: { ace: {"
	    " sid-attr: msExchMasterAccountSid, mask-any: 1 } } }\n"
	    "      - message: decided\n"
	    "        when:\n"
	    "          all:\n"
	    "            - msExchMailboxSecurityDescriptor: { ace: {"
	    " sid-attr: msExchMasterAccountSid, mask-any: 1 } }\n"
	    "            - mail: present\n"
	    "            - msExchRecipientTypeDetails: 3\n");
	malformed(&bad, 4);
	mailbox(f, &bad, NULL);
	assert_int_equal(run(f), 1);
	assert_string_equal(f->res.hits[0].label, "other");
	assert_int_equal(f->res.hits[0].changes_applied, 0);
	assert_null(entry_get(&f->e, slice_of("info")));
	assert_null(entry_get(&f->e, slice_of("mail")));
	assert_int_equal(f->res.nwarnings, 1);
	ast_assert_warning(&f->res, 0,
	    "msExchMailboxSecurityDescriptor is not a "
	    "valid security descriptor (DACL ACE count larger than its ACEs, "
	    "at byte 36): ldfix cannot tell which permissions it grants, so "
	    "nothing that depends on them is decided or listed; check them by "
	    "hand");
}

/* A later rule sees the master deleted; exported: sees it as exported. */
static void
test_later_rule_and_exported(void **state)
{
	struct fixture *f = *state;
	struct sdb mbx;
	char yaml[2048];

	snprintf(yaml, sizeof(yaml), "%s"
	    "  - id: later\n"
	    "    match:\n"
	    "      hit: convert\n"
	    "      msExchMailboxSecurityDescriptor:\n"
	    "        ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
	    "  - id: exported\n"
	    "    match:\n"
	    "      exported:\n"
	    "        msExchMailboxSecurityDescriptor:\n"
	    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
	    "    leftover-permissions:\n"
	    "      - msExchMailboxSecurityDescriptor:\n"
	    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n",
	    convert);
	load(f, yaml);
	sdb_synthetic(&mbx);
	mailbox(f, &mbx, NULL);
	assert_int_equal(run(f), 2);
	assert_string_equal(f->res.hits[1].rule->id, "exported");
	/* its leftover test reads the entry as changed: no master left */
	assert_int_equal(f->res.hits[1].naces, 0);
	assert_int_equal(f->res.hits[1].nunchecked, 0);
}

/* A descriptor is read once per entry, and again when a rule replaced
 * it: later rules see the new bytes. */
static void
test_descriptor_replaced(void **state)
{
	struct fixture *f = *state;
	struct sdb mbx, aces = { .n = 0 }, none;

	load(f, "version: 1\n"
	    "rules:\n"
	    "  - id: before\n"
	    "    match:\n"
	    "      msExchMailboxSecurityDescriptor:\n"
	    "        ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
	    "    changes:\n"
	    "      - replace: msExchMailboxSecurityDescriptor\n"
	    "        value: \"{x-other}\"\n"
	    "  - id: after\n"
	    "    match:\n"
	    "      msExchMailboxSecurityDescriptor:\n"
	    "        ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n");
	sdb_synthetic(&mbx);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0x20000, MASTER, -1, NULL, NULL);
	mailbox_sd(&none, &aces, 1);
	mailbox(f, &mbx, NULL);
	ast_put_bin(&f->e, "x-other", sdb_slice(&none));
	assert_int_equal(run(f), 1);
	assert_string_equal(f->res.hits[0].rule->id, "before");
	assert_int_equal(f->res.hits[0].changes_applied, 1);
}

/* The next entry's descriptor at the same address, of the same length,
 * with other bytes (the master's ACE lost its rights) is read anew. */
static void
test_descriptor_same_address(void **state)
{
	struct fixture *f = *state;
	const struct entry_attr *a;
	const unsigned char *at;
	struct sdb mbx;

	load(f, convert);
	sdb_synthetic(&mbx);
	mailbox(f, &mbx, NULL);
	assert_int_equal(run(f), 1);
	assert_int_equal(f->res.hits[0].naces, 1);
	a = entry_get(&f->e, slice_of(MBX));
	assert_non_null(a);
	at = a->vals[0].p;
	/* the master's ACE is at 60: its mask at 64 */
	assert_int_equal(mbx.p[64], 0x5);
	mbx.p[64] = 0x2;
	mailbox(f, &mbx, NULL);
	a = entry_get(&f->e, slice_of(MBX));
	assert_non_null(a);
	assert_ptr_equal(a->vals[0].p, at);
	assert_int_equal(run(f), 1);
	assert_int_equal(f->res.hits[0].naces, 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_master_ace, ast_teardown),
		cmocka_unit_test_teardown(test_no_master_ace, ast_teardown),
		cmocka_unit_test_teardown(test_several_aces_one_sid,
		    ast_teardown),
		cmocka_unit_test_teardown(test_denied_and_inherit_only,
		    ast_teardown),
		cmocka_unit_test_teardown(test_object_aces, ast_teardown),
		cmocka_unit_test_teardown(test_malformed_is_unknown,
		    ast_teardown),
		T(test_leftover_found),
		T(test_leftover_absent),
		T(test_leftover_malformed),
		T(test_undecided_match),
		T(test_undecided_when),
		T(test_later_rule_and_exported),
		T(test_descriptor_replaced),
		T(test_descriptor_same_address),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
