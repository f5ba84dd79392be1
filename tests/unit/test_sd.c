/*
 * test_sd.c: self-relative security descriptors (src/base/sd.c and
 * sd_sddl.c) that are well-formed: a linked mailbox's descriptors with and
 * without the master's ACEs, object ACEs, SACLs, unknown ACE types, the
 * rights helpers and SDDL spellings. test_sd_bad.c has the malformed ones;
 * tests/t_sd_samba.sh compares the SDDL with samba's on many more.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sd_build.h"

static void
test_synthetic(void **state)
{
	unsigned char buf[SID_MAX_BYTES];
	struct sdb b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf names = BUF_INIT;
	unsigned ad;

	(void)state;
	sdb_synthetic(&b);
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	assert_int_equal(sd.control, SD_SELF_RELATIVE | SD_DACL_PRESENT);
	assert_true(slice_eq(sd.owner, sdb_sid_of(SYSTEM, buf)));
	assert_int_equal(sd.group.n, 0);
	assert_false(sd.sacl.present);
	assert_true(sd.dacl.present);
	assert_int_equal(sd.dacl.revision, 2);
	assert_int_equal(sd.dacl.offset, 32);
	assert_int_equal(sd.dacl.size, 64);
	assert_int_equal(sd.dacl.count, 2);

	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_true(sd_ace_next(&it, &ace));
	assert_true(ace.known);
	assert_int_equal(ace.offset, 40);
	assert_int_equal(ace.raw.n, 20);
	assert_int_equal(ace.type, SD_ACE_ALLOWED);
	assert_int_equal(ace.flags, SD_ACE_CONTAINER_INHERIT);
	assert_int_equal(ace.mask, 0x20001);
	assert_true(slice_eq(ace.sid, sdb_sid_of(SELF, buf)));
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.offset, 60);
	assert_int_equal(ace.mask, 0x5);
	assert_true(slice_eq(ace.sid, sdb_sid_of(MASTER, buf)));
	assert_true(sd_ace_grants(&ace, sdb_sid_of(MASTER, buf),
	    SD_MAILBOX_EXTERNAL_ACCOUNT, slice_mem("", 0)));
	assert_false(sd_ace_grants(&ace, sdb_sid_of(MASTER, buf),
	    SD_MAILBOX_SEND_AS, slice_mem("", 0)));
	assert_false(sd_ace_grants(&ace, sdb_sid_of(OTHER, buf),
	    SD_MAILBOX_FULL_ACCESS, slice_mem("", 0)));
	assert_false(sd_ace_next(&it, &ace));
	assert_false(sd_ace_next(&it, &ace));   /* stays at the end */

	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0x5);
	assert_int_equal(ad, 0);
	assert_int_equal(sd_mailbox_rights(0x5, ",", &names), 0);
	assert_string_equal((const char *)names.p,
	    "FullAccess,ExternalAccount");
	buf_release(&names);
	sdb_assert_sddl(sdb_slice(&b),
	    "O:SYD:(A;CI;CCRC;;;PS)(A;CI;CCLC;;;" MASTER ")");
}

static void
test_master_absent(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x20001, SELF,
	    -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x1, OTHER,
	    -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, SYSTEM, 2, &aces, 2);
	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 0);
	assert_int_equal(sdb_granted(sdb_slice(&b), OTHER, &ad), 0x1);
	sdb_assert_sddl(sdb_slice(&b),
	    "O:SYD:(A;CI;CCRC;;;PS)(A;CI;CC;;;" OTHER ")");
}

/* Several ACEs for the master: the allowed ones add up; inherit-only and
 * denied ones grant nothing. */
static void
test_several_aces_same_sid(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x1, MASTER,
	    -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0x4, MASTER, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED,
	    SD_ACE_CONTAINER_INHERIT | SD_ACE_INHERIT_ONLY, 0x20000, MASTER,
	    -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_DENIED, 0, 0x2, MASTER, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_INHERITED, 0x10000, MASTER,
	    -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 2, &aces, 5);
	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0x10005);
	assert_int_equal(ad, 0);
	sdb_assert_sddl(sdb_slice(&b),
	    "D:(A;CI;CC;;;" MASTER ")(A;;LC;;;" MASTER
	    ")(A;CIIO;RC;;;" MASTER ")(D;;DC;;;" MASTER ")(A;ID;SD;;;" MASTER
	    ")");
}

/* The nTSecurityDescriptor ACEs linking grants: Send-As and
 * Personal-Information object ACEs with one GUID, and one with both. */
static void
test_object_aces(void **state)
{
	unsigned char buf[SID_MAX_BYTES], g[16];
	struct sdb aces = { { 0 }, 0 }, b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf text = BUF_INIT;
	unsigned ad;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x30, MASTER,
	    SD_OBJECT_TYPE_PRESENT, PERSONAL_INFO, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, SD_ACE_INHERITED, 0x130, SELF,
	    SD_OBJECT_TYPE_PRESENT | SD_INHERITED_OBJECT_TYPE_PRESENT,
	    SEND_AS, USER_CLASS);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x10, OTHER,
	    SD_INHERITED_OBJECT_TYPE_PRESENT, NULL, USER_CLASS);
	sdb_descriptor(&b, SD_DACL_PRESENT | SD_DACL_AUTO_INHERITED, NULL, 4,
	    &aces, 4);

	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_flags, SD_OBJECT_TYPE_PRESENT);
	sdb_guid_bytes(SEND_AS, g);
	assert_int_equal(ace.object_type.n, 16);
	assert_memory_equal(ace.object_type.p, g, 16);
	assert_int_equal(ace.inherited_object_type.n, 0);
	assert_int_equal(sd_ad_rights_granted(&ace, sdb_sid_of(MASTER, buf)),
	    1u << SD_AD_SEND_AS);
	/* limited to Send-As: grants nothing on the object as a whole */
	assert_false(sd_ace_grants(&ace, sdb_sid_of(MASTER, buf), 0x100,
	    slice_mem("", 0)));
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(sd_ad_rights_granted(&ace, sdb_sid_of(MASTER, buf)),
	    1u << SD_AD_PERSONAL_INFO);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_flags, 3);
	assert_int_equal(guid_format(ace.object_type, &text), 0);
	buf_putc(&text, ' ');
	assert_int_equal(guid_format(ace.inherited_object_type, &text), 0);
	assert_string_equal((const char *)text.p, SEND_AS " " USER_CLASS);
	assert_int_equal(sd_ad_rights_granted(&ace, sdb_sid_of(SELF, buf)),
	    1u << SD_AD_SEND_AS);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_type.n, 0);
	assert_int_equal(ace.inherited_object_type.n, 16);
	assert_false(sd_ace_next(&it, &ace));
	buf_release(&text);

	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 1u << SD_AD_SEND_AS | 1u << SD_AD_PERSONAL_INFO);
	sdb_assert_sddl(sdb_slice(&b),
	    "D:AI(OA;;CR;" SEND_AS ";;" MASTER ")(OA;;RPWP;"
	    PERSONAL_INFO ";;" MASTER ")(OA;ID;RPWPCR;" SEND_AS ";" USER_CLASS
	    ";PS)(OA;;RP;;" USER_CLASS ";" OTHER ")");
}

/* Read access alone is not the Personal-Information grant; a denied
 * object ACE grants nothing; an object ACE without a GUID covers all. */
static void
test_ad_rights_need_all_bits(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x10, MASTER,
	    SD_OBJECT_TYPE_PRESENT, PERSONAL_INFO, NULL);
	sdb_ace(&aces, SD_ACE_DENIED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, USER_CLASS, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 4, &aces, 3);
	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 0);

	aces.n = 0;
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x130, MASTER, 0, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 4, &aces, 1);
	assert_int_equal(sdb_granted(sdb_slice(&b), MASTER, &ad), 0x130);
	assert_int_equal(ad, 1u << SD_AD_SEND_AS | 1u << SD_AD_PERSONAL_INFO);
}

static void
test_right_names(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_string_equal(sd_mailbox_right_name(0x1), "FullAccess");
	assert_string_equal(sd_mailbox_right_name(0x2), "SendAs");
	assert_string_equal(sd_mailbox_right_name(0x4), "ExternalAccount");
	assert_string_equal(sd_mailbox_right_name(0x10000), "DeleteItem");
	assert_string_equal(sd_mailbox_right_name(0x20000), "ReadPermission");
	assert_string_equal(sd_mailbox_right_name(0x40000), "ChangePermission");
	assert_string_equal(sd_mailbox_right_name(0x80000), "ChangeOwner");
	assert_null(sd_mailbox_right_name(0x8));
	assert_null(sd_mailbox_right_name(0x5));
	assert_int_equal(sd_mailbox_rights(0xf0007 | 0x100, ", ", &out), 0x100);
	assert_string_equal((const char *)out.p, "FullAccess, SendAs, "
	    "ExternalAccount, DeleteItem, ReadPermission, ChangePermission, "
	    "ChangeOwner");
	buf_reset(&out);
	assert_int_equal(sd_mailbox_rights(0, ",", &out), 0);
	assert_int_equal(out.n, 0);

	assert_string_equal(sd_ad_rights[SD_AD_SEND_AS].name, "Send-As");
	assert_int_equal(sd_ad_rights[SD_AD_SEND_AS].mask, 0x100);
	assert_int_equal(guid_format(slice_mem(sd_ad_rights[SD_AD_SEND_AS].guid,
	    16), &out), 0);
	assert_string_equal((const char *)out.p, SEND_AS);
	buf_reset(&out);
	assert_string_equal(sd_ad_rights[SD_AD_PERSONAL_INFO].name,
	    "Personal-Information");
	assert_int_equal(sd_ad_rights[SD_AD_PERSONAL_INFO].mask, 0x30);
	assert_int_equal(guid_format(slice_mem(
	    sd_ad_rights[SD_AD_PERSONAL_INFO].guid, 16), &out), 0);
	assert_string_equal((const char *)out.p, PERSONAL_INFO);
	buf_release(&out);
}

/* An ACE type without a known layout is kept, not refused; SDDL has no
 * spelling for it, nor for the ACE flag 0x20. */
static void
test_unknown_ace(void **state)
{
	unsigned char buf[SID_MAX_BYTES];
	struct sdb aces = { { 0 }, 0 }, b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf out = BUF_INIT;

	(void)state;
	sdb_ace(&aces, 0x11, 0, 0x1, "S-1-16-4096", -1, NULL, NULL);
	sdb_put32(&aces, 0);    /* and one of header and mask only, padded */
	sdb_set16(&aces, aces.n - 4, 0x13 | 0 << 8);
	sdb_set16(&aces, aces.n - 2, 8);
	sdb_put32(&aces, 0);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0x5, MASTER, -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 2, &aces, 3);
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_true(sd_ace_next(&it, &ace));
	assert_false(ace.known);
	assert_int_equal(ace.type, 0x11);
	assert_int_equal(ace.raw.n, 20);
	assert_false(sd_ace_grants(&ace, sdb_sid_of("S-1-16-4096", buf), 0,
	    slice_mem("", 0)));
	assert_true(sd_ace_next(&it, &ace));
	assert_false(ace.known);
	assert_int_equal(ace.type, 0x13);
	assert_int_equal(ace.raw.n, 8);
	assert_true(sd_ace_next(&it, &ace));
	assert_true(ace.known);
	assert_int_equal(ace.mask, 5);
	assert_false(sd_ace_next(&it, &ace));

	assert_int_equal(sd_to_sddl(sdb_slice(&b), &out, &err), -1);
	assert_string_equal(err.reason, "ACE type has no SDDL spelling");
	assert_int_equal(err.offset, 28);

	aces.n = 0;
	sdb_ace(&aces, SD_ACE_ALLOWED, 0x20, 0x1, MASTER, -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 2, &aces, 1);
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	assert_int_equal(sd_to_sddl(sdb_slice(&b), &out, &err), -1);
	assert_string_equal(err.reason, "ACE flag 0x20 has no SDDL spelling");
	assert_int_equal(err.offset, 29);
	buf_release(&out);
}

/* sd_ace_allows: what an allowed ACE gives on the object, by GUID. */
static void
test_ace_allows(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;
	unsigned char send_as[16], pi[16];
	struct sd_ace_iter it;
	struct sd_ace ace[5];
	struct sd_error err;
	struct sd sd;
	int n = 0;

	(void)state;
	sdb_guid_bytes(SEND_AS, send_as);
	sdb_guid_bytes(PERSONAL_INFO, pi);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0x1, MASTER, -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER, 1, SEND_AS,
	    NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x30, MASTER, 0, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_INHERIT_ONLY, 0x1, MASTER, -1,
	    NULL, NULL);
	sdb_ace(&aces, SD_ACE_DENIED, 0, 0x1, MASTER, -1, NULL, NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 4, &aces, 5);
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	while (n < 5 && sd_ace_next(&it, &ace[n]))
		n++;
	assert_int_equal(n, 5);
	assert_true(sd_ace_allows(&ace[0], slice_mem("", 0)));
	assert_true(sd_ace_allows(&ace[0], slice_mem(send_as, 16)));
	assert_false(sd_ace_allows(&ace[1], slice_mem("", 0)));
	assert_true(sd_ace_allows(&ace[1], slice_mem(send_as, 16)));
	assert_false(sd_ace_allows(&ace[1], slice_mem(pi, 16)));
	assert_true(sd_ace_allows(&ace[2], slice_mem(pi, 16)));
	assert_false(sd_ace_allows(&ace[3], slice_mem("", 0)));
	assert_false(sd_ace_allows(&ace[4], slice_mem("", 0)));
}

/* The names Add-/Remove-ADPermission and -InheritanceType take. */
static void
test_ds_names(void **state)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ 0x1, "CreateChild" }, { 0x10, "ReadProperty" },
		{ 0x20, "WriteProperty" }, { 0x100, "ExtendedRight" },
		{ 0x10000, "Delete" }, { 0x20000, "ReadControl" },
		{ 0x40000, "WriteDacl" }, { 0x80000, "WriteOwner" },
		{ 0x1000000, "AccessSystemSecurity" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_string_equal(sd_ds_right_name(names[i].bit),
		    names[i].name);
	assert_null(sd_ds_right_name(0x200));
	assert_null(sd_ds_right_name(0x80000000));      /* GENERIC_READ */
	assert_null(sd_ds_right_name(0x30));            /* two bits */
	assert_string_equal(sd_inheritance_name(0), "None");
	assert_string_equal(sd_inheritance_name(SD_ACE_OBJECT_INHERIT |
	    SD_ACE_INHERITED), "None");
	assert_string_equal(sd_inheritance_name(SD_ACE_CONTAINER_INHERIT),
	    "All");
	assert_string_equal(sd_inheritance_name(SD_ACE_CONTAINER_INHERIT |
	    SD_ACE_INHERIT_ONLY), "Descendents");
	assert_string_equal(sd_inheritance_name(SD_ACE_CONTAINER_INHERIT |
	    SD_ACE_NO_PROPAGATE), "SelfAndChildren");
	assert_string_equal(sd_inheritance_name(SD_ACE_CONTAINER_INHERIT |
	    SD_ACE_NO_PROPAGATE | SD_ACE_INHERIT_ONLY), "Children");
}

/* An ACL whose present flag is clear is ignored, wherever its offset
 * points; an iterator over it ends at once. */
static void
test_absent_acl_ignored(void **state)
{
	struct sdb b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;

	(void)state;
	sdb_synthetic(&b);
	sdb_set16(&b, 2, SD_SELF_RELATIVE);     /* DACL present flag clear */
	sdb_set32(&b, 12, 4000);                    /* a SACL offset nowhere */
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	assert_false(sd.dacl.present);
	assert_false(sd.sacl.present);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_false(sd_ace_next(&it, &ace));
	sdb_assert_sddl(sdb_slice(&b), "O:SY");
}

static void
test_sddl_spellings(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED, SD_ACE_OBJECT_INHERIT |
	    SD_ACE_CONTAINER_INHERIT, 0x1f01ff, "S-1-0x100000000-7", -1, NULL,
	    NULL);
	sdb_ace(&aces, SD_ACE_DENIED, SD_ACE_NO_PROPAGATE, 0x10000000,
	    "S-1-5-32-544", -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_ALLOWED, 0, 0, "S-1-5-21-1-2-3-512", -1, NULL,
	    NULL);
	sdb_descriptor(&b, SD_DACL_PRESENT | SD_DACL_PROTECTED |
	    SD_DACL_AUTO_INHERIT_REQ | SD_DACL_AUTO_INHERITED, "S-1-5-32-545",
	    4, &aces, 3);
	sdb_assert_sddl(sdb_slice(&b), "O:BUD:PARAI(A;OICI;0x001f01ff;;;"
	    "S-1-0x100000000-7)(D;NP;GA;;;BA)(A;;;;;S-1-5-21-1-2-3-512)");
	sdb_descriptor(&b, 0, NULL, 2, &aces, 0);
	sdb_assert_sddl(sdb_slice(&b), "");
	aces.n = 0;
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 2, &aces, 0);
	sdb_assert_sddl(sdb_slice(&b), "D:");
}

/* A SACL with audit ACEs, laid out by hand before the owner and DACL. */
static void
test_sacl(void **state)
{
	struct sdb b = { { 0 }, 0 }, aces = { { 0 }, 0 };
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	size_t n;

	(void)state;
	sdb_ace(&aces, SD_ACE_AUDIT, SD_ACE_SUCCESSFUL_ACCESS |
	    SD_ACE_FAILED_ACCESS, 0x130, "S-1-1-0", -1, NULL, NULL);
	sdb_ace(&aces, SD_ACE_AUDIT_OBJECT, SD_ACE_SUCCESSFUL_ACCESS, 0x100,
	    "S-1-5-11", SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	sdb_put8(&b, 1);
	sdb_put8(&b, 0);
	sdb_put16(&b, SD_SELF_RELATIVE | SD_SACL_PRESENT |
	    SD_SACL_AUTO_INHERITED | SD_DACL_PRESENT);
	sdb_put32(&b, 0);
	sdb_put32(&b, 0);
	sdb_put32(&b, 20);                          /* SACL first */
	sdb_put32(&b, 0);
	sdb_put8(&b, 4);
	sdb_put8(&b, 0);
	sdb_put16(&b, (unsigned)(8 + aces.n));
	sdb_put16(&b, 2);
	sdb_put16(&b, 0);
	sdb_put(&b, aces.p, aces.n);
	sdb_set32(&b, 4, (uint32_t)b.n);            /* owner */
	sdb_sid(&b, SYSTEM);
	sdb_set32(&b, 16, (uint32_t)b.n);           /* empty DACL */
	sdb_put8(&b, 2);
	sdb_put8(&b, 0);
	sdb_put16(&b, 8);
	sdb_put16(&b, 0);
	sdb_put16(&b, 0);
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
	assert_true(sd.sacl.present);
	assert_int_equal(sd.sacl.offset, 20);
	sd_ace_iter_init(&it, &sd, &sd.sacl);
	for (n = 0; sd_ace_next(&it, &ace); n++)
		assert_true(ace.known);
	assert_int_equal(n, 2);
	sdb_assert_sddl(sdb_slice(&b),
	    "O:SYD:S:AI(AU;SAFA;RPWPCR;;;WD)(OU;SA;CR;"
	    SEND_AS ";;AU)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_master_absent),
		cmocka_unit_test(test_several_aces_same_sid),
		cmocka_unit_test(test_object_aces),
		cmocka_unit_test(test_ad_rights_need_all_bits),
		cmocka_unit_test(test_right_names),
		cmocka_unit_test(test_unknown_ace),
		cmocka_unit_test(test_ace_allows),
		cmocka_unit_test(test_ds_names),
		cmocka_unit_test(test_absent_acl_ignored),
		cmocka_unit_test(test_sddl_spellings),
		cmocka_unit_test(test_sacl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
