/*
 * test_sd_bad.c: every way a security descriptor can lie about its offsets
 * and sizes (src/base/sd.c), each refused with its exact reason and byte
 * offset, by sd_parse and by sd_to_sddl alike. Most cases are the
 * synthetic linked mailbox descriptor (sd_build.c) with one field changed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sd_build.h"

/* Parse b and expect exactly reason at offset. */
static void
assert_refused(const struct sdb *b, const char *reason, size_t offset)
{
	struct sd sd;
	struct sd_error err = { NULL, 0 };
	struct buf out = BUF_INIT;

	if (sd_parse(sdb_slice(b), &sd, &err) == 0)
		fail_msg("accepted; wanted \"%s\" at %zu", reason, offset);
	assert_string_equal(err.reason, reason);
	assert_int_equal(err.offset, offset);
	err.reason = NULL;
	assert_int_equal(sd_to_sddl(sdb_slice(b), &out, &err), -1);
	assert_string_equal(err.reason, reason);
	buf_release(&out);
}

/* The synthetic descriptor with byte at set to v. */
static void
refuse_byte(size_t at, unsigned v, const char *reason, size_t offset)
{
	struct sdb b;

	sdb_synthetic(&b);
	b.p[at] = (unsigned char)v;
	assert_refused(&b, reason, offset);
}

static void
refuse_16(size_t at, unsigned v, const char *reason, size_t offset)
{
	struct sdb b;

	sdb_synthetic(&b);
	sdb_set16(&b, at, v);
	assert_refused(&b, reason, offset);
}

static void
refuse_32(size_t at, uint32_t v, const char *reason, size_t offset)
{
	struct sdb b;

	sdb_synthetic(&b);
	sdb_set32(&b, at, v);
	assert_refused(&b, reason, offset);
}

static void
test_bad_header(void **state)
{
	struct sdb b;

	(void)state;
	sdb_synthetic(&b);
	b.n = 19;
	assert_refused(&b, "descriptor shorter than its 20-byte header", 0);
	b.n = 0;
	assert_refused(&b, "descriptor shorter than its 20-byte header", 0);
	refuse_byte(0, 2, "descriptor revision is not 1", 0);
	refuse_16(2, SD_DACL_PRESENT, "descriptor is not self-relative", 2);
}

static void
test_bad_offsets(void **state)
{
	(void)state;
	refuse_32(4, 8, "owner offset points into the header", 4);
	refuse_32(4, 19, "owner offset points into the header", 4);
	refuse_32(4, 22, "owner offset is not a multiple of 4", 4);
	refuse_32(4, 96, "owner offset past the end of the descriptor", 4);
	refuse_32(4, 0xfffffffc, "owner offset past the end of the descriptor",
	    4);
	refuse_32(8, 4, "group offset points into the header", 8);
	refuse_32(8, 200, "group offset past the end of the descriptor", 8);
	refuse_32(16, 16, "DACL offset points into the header", 16);
	refuse_32(16, 34, "DACL offset is not a multiple of 4", 16);
	refuse_32(16, 96, "DACL offset past the end of the descriptor", 16);
	refuse_32(16, 0xffffffff, "DACL offset is not a multiple of 4", 16);
	refuse_32(16, 92, "DACL header truncated by the end of the descriptor",
	    92);
}

static void
test_present_flag_zero_offset(void **state)
{
	(void)state;
	refuse_32(16, 0, "DACL present but its offset is 0", 16);
	refuse_16(2, SD_SELF_RELATIVE | SD_DACL_PRESENT | SD_SACL_PRESENT,
	    "SACL present but its offset is 0", 12);
}

static void
test_overlaps(void **state)
{
	(void)state;
	refuse_32(8, 20, "owner and group SIDs overlap", 20);
	refuse_32(8, 48, "group SID and DACL overlap", 48);    /* SELF's SID */
	/* the owner's sub-authority count lies: 5 reach into the DACL */
	refuse_byte(21, 5, "owner SID and DACL overlap", 32);
	refuse_32(4, 68, "owner SID and DACL overlap", 68);    /* master's */
}

static void
test_bad_owner_sid(void **state)
{
	struct sdb b, none = { { 0 }, 0 };

	(void)state;
	refuse_byte(20, 2, "owner SID revision is not 1", 20);
	refuse_byte(21, 16, "owner SID has more than 15 sub-authorities", 20);
	sdb_descriptor(&b, 0, SYSTEM, 2, &none, 0);
	b.p[21] = 2;                            /* 16 bytes in 12 */
	assert_refused(&b, "owner SID truncated by the end of the descriptor",
	    20);
	b.n = 27;
	b.p[21] = 1;
	assert_refused(&b, "owner SID truncated by the end of the descriptor",
	    20);
}

static void
test_bad_acl(void **state)
{
	(void)state;
	refuse_byte(32, 3, "DACL revision is not 2 or 4", 32);
	refuse_byte(33, 1, "DACL reserved field is not 0", 33);
	refuse_16(38, 1, "DACL reserved field is not 0", 38);
	refuse_16(34, 4, "DACL size smaller than its 8-byte header", 34);
	refuse_16(34, 68, "DACL size runs past the end of the descriptor", 34);
	refuse_16(34, 0xffff, "DACL size runs past the end of the descriptor",
	    34);
	refuse_16(36, 3, "DACL ACE count larger than its ACEs", 36);
	refuse_16(36, 0xffff, "DACL ACE count larger than its ACEs", 36);
	/* a smaller AclSize leaves the second ACE outside the ACL */
	refuse_16(34, 60, "ACE runs past the end of its ACL", 60);
	refuse_16(34, 30, "DACL ACE count larger than its ACEs", 36);
}

static void
test_bad_ace(void **state)
{
	(void)state;
	refuse_16(42, 4, "ACE size smaller than 8", 40);
	refuse_16(42, 0, "ACE size smaller than 8", 40);
	refuse_16(42, 21, "ACE size not a multiple of 4", 40);
	refuse_16(62, 40, "ACE runs past the end of its ACL", 60);
	refuse_16(62, 0xfffc, "ACE runs past the end of its ACL", 60);
	refuse_16(42, 8, "ACE too short for its SID", 40);
	refuse_16(42, 16, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 48);
	refuse_byte(69, 6, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 68);
	refuse_byte(69, 255, "ACE SID has more than 15 sub-authorities", 68);
	refuse_byte(68, 0, "ACE SID revision is not 1", 68);
	/* read as an object ACE, SELF's SID bytes 01 01 00 00 are its Flags:
	 * an ObjectType that does not fit */
	refuse_byte(40, SD_ACE_ALLOWED_OBJECT,
	    "object ACE too short for its GUIDs", 40);
	refuse_byte(40, SD_ACE_AUDIT_OBJECT,
	    "object ACE too short for its GUIDs", 40);
}

static void
test_bad_object_ace(void **state)
{
	struct sdb aces = { { 0 }, 0 }, b;

	(void)state;
	sdb_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT | SD_INHERITED_OBJECT_TYPE_PRESENT, SEND_AS,
	    USER_CLASS);
	sdb_descriptor(&b, SD_DACL_PRESENT, NULL, 4, &aces, 1);
	assert_int_equal(b.n, 20 + 8 + 72);
	sdb_set16(&b, 30, 8);
	assert_refused(&b, "object ACE too short for its Flags field", 28);
	sdb_set16(&b, 30, 20);
	assert_refused(&b, "object ACE too short for its GUIDs", 28);
	sdb_set16(&b, 30, 36);
	assert_refused(&b, "object ACE too short for its GUIDs", 28);
	sdb_set16(&b, 30, 44);
	assert_refused(&b, "ACE too short for its SID", 28);
	sdb_set16(&b, 30, 52);
	assert_refused(&b, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 72);
	sdb_set16(&b, 30, 68);
	assert_refused(&b, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 72);
	sdb_set16(&b, 30, 72);
	b.p[36] = SD_OBJECT_TYPE_PRESENT;       /* the SID then starts at the
						 * InheritedObjectType */
	assert_refused(&b, "ACE SID revision is not 1", 56);
}

/* Every proper prefix of a descriptor is refused (its DACL reaches the
 * end), and the descriptor itself is not. */
static void
test_truncated_everywhere(void **state)
{
	struct sdb b;
	struct sd sd;
	struct sd_error err;
	size_t full, n;

	(void)state;
	sdb_synthetic(&b);
	full = b.n;
	for (n = 0; n < full; n++) {
		b.n = n;
		assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), -1);
		assert_non_null(err.reason);
		assert_true(err.offset <= full);
	}
	b.n = full;
	assert_int_equal(sd_parse(sdb_slice(&b), &sd, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_present_flag_zero_offset),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_bad_owner_sid),
		cmocka_unit_test(test_bad_acl),
		cmocka_unit_test(test_bad_ace),
		cmocka_unit_test(test_bad_object_ace),
		cmocka_unit_test(test_truncated_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
