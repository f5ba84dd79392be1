/*
 * test_sd.c: self-relative security descriptors (src/base/sd.c and
 * sd_sddl.c): a linked mailbox's descriptors with and without the master's
 * ACEs, object ACEs, the rights helpers, and every way a descriptor can
 * lie about its offsets and sizes, each with its exact reason and offset.
 * tests/t_sd_samba.sh compares the SDDL with samba's on many more.
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

#define SELF "S-1-5-10"
#define SYSTEM "S-1-5-18"
#define MASTER "S-1-5-21-3623811015-3361044348-30300820-1013"
#define OTHER "S-1-5-21-1004336348-1177238915-682003330-1163"
#define SEND_AS "ab721a54-1e2f-11d0-9819-00aa0040529b"
#define PERSONAL_INFO "77b5b886-944a-11d1-aebd-0000f80367c1"
#define USER_CLASS "bf967aba-0de6-11d0-a285-00aa003049e2"

/*
 * The synthetic linked mailbox's msExchMailboxSecurityDescriptor, as an
 * ldifde export would carry it: owner SYSTEM at 20, the DACL at 32
 * (revision 2, size 64, 2 ACEs): SELF 0x20001 CI at 40 (size 20, SID at
 * 48), the master 0x5 CI at 60 (size 36, SID at 68). 96 bytes.
 */
static const char synthetic_b64[] =
    "AQAEgBQAAAAAAAAAAAAAACAAAAABAQAAAAAABRIAAAACAEAAAgAAAAACFAABAAIAAQEAAAAAAAUKAA"
    "AAAAIkAAUAAAABBQAAAAAABRUAAADH9/7XfHdVyJRazgH1AwAA";

/* Test input only: padding required, no whitespace. */
static size_t
b64dec(const char *s, unsigned char *out)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0, i;
	unsigned long acc = 0;
	int bits = 0;

	for (i = 0; s[i] != '\0' && s[i] != '='; i++) {
		const char *q = strchr(alpha, s[i]);

		assert_non_null(q);
		acc = (acc << 6 | (unsigned long)(q - alpha)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	return n;
}

/* A descriptor under construction. */
struct bytes {
	unsigned char p[1024];
	size_t n;
};

static void
put(struct bytes *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->p));
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
put8(struct bytes *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	put(b, &c, 1);
}

static void
set16(struct bytes *b, size_t at, unsigned v)
{
	b->p[at] = (unsigned char)(v & 0xff);
	b->p[at + 1] = (unsigned char)(v >> 8 & 0xff);
}

static void
set32(struct bytes *b, size_t at, uint32_t v)
{
	set16(b, at, v & 0xffff);
	set16(b, at + 2, v >> 16);
}

static void
put16(struct bytes *b, unsigned v)
{
	b->n += 2;
	assert_true(b->n <= sizeof(b->p));
	set16(b, b->n - 2, v);
}

static void
put32(struct bytes *b, uint32_t v)
{
	b->n += 4;
	assert_true(b->n <= sizeof(b->p));
	set32(b, b->n - 4, v);
}

static void
put_sid(struct bytes *b, const char *text)
{
	unsigned char sid[SID_MAX_BYTES];
	size_t n = 0;

	assert_int_equal(sid_parse(slice_of(text), sid, &n), 0);
	put(b, sid, n);
}

/* "ab721a54-1e2f-11d0-9819-00aa0040529b" in ACE byte order. */
static void
guid_bytes(const char *text, unsigned char g[16])
{
	static const int order[16] = {
		3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
	};
	unsigned char v[16];
	int i, k = 0;

	for (i = 0; text[i] != '\0'; i++) {
		unsigned hi, lo;

		if (text[i] == '-')
			continue;
		assert_int_equal(sscanf(text + i, "%1x%1x", &hi, &lo), 2);
		v[k++] = (unsigned char)(hi << 4 | lo);
		i++;
	}
	assert_int_equal(k, 16);
	for (i = 0; i < 16; i++)
		g[order[i]] = v[i];
}

static void
put_guid(struct bytes *b, const char *text)
{
	unsigned char g[16];

	guid_bytes(text, g);
	put(b, g, 16);
}

/* One ACE; oflags < 0 for the types without the object Flags field. */
static void
put_ace(struct bytes *b, unsigned type, unsigned flags, uint32_t mask,
    const char *sid, int oflags, const char *ot, const char *it)
{
	size_t start = b->n;

	put8(b, type);
	put8(b, flags);
	put16(b, 0);
	put32(b, mask);
	if (oflags >= 0) {
		put32(b, (uint32_t)oflags);
		if (ot != NULL)
			put_guid(b, ot);
		if (it != NULL)
			put_guid(b, it);
	}
	put_sid(b, sid);
	set16(b, start + 2, (unsigned)(b->n - start));
}

/*
 * A descriptor: header, owner SID (NULL: none), then a DACL of revision
 * rev holding count ACEs (the bytes of aces) when control has
 * SD_DACL_PRESENT.
 */
static void
make_sd(struct bytes *out, unsigned control, const char *owner, unsigned rev,
    const struct bytes *aces, unsigned count)
{
	out->n = 0;
	put8(out, 1);
	put8(out, 0);
	put16(out, control | SD_SELF_RELATIVE);
	put32(out, 0);
	put32(out, 0);
	put32(out, 0);
	put32(out, 0);
	if (owner != NULL) {
		set32(out, 4, (uint32_t)out->n);
		put_sid(out, owner);
	}
	if (control & SD_DACL_PRESENT) {
		set32(out, 16, (uint32_t)out->n);
		put8(out, rev);
		put8(out, 0);
		put16(out, (unsigned)(8 + aces->n));
		put16(out, count);
		put16(out, 0);
		put(out, aces->p, aces->n);
	}
}

static struct slice
bslice(const struct bytes *b)
{
	return slice_mem(b->p, b->n);
}

static struct slice
sid_of(const char *text, unsigned char buf[SID_MAX_BYTES])
{
	size_t n = 0;

	assert_int_equal(sid_parse(slice_of(text), buf, &n), 0);
	return slice_mem(buf, n);
}

static void
assert_sddl(struct slice bin, const char *want)
{
	struct buf out = BUF_INIT;
	struct sd_error err = { NULL, 0 };
	int rc = sd_to_sddl(bin, &out, &err);

	if (rc != 0)
		fail_msg("sd_to_sddl: %s at %zu", err.reason, err.offset);
	assert_string_equal((const char *)out.p, want);
	buf_release(&out);
}

/* The MailboxRights the DACL grants sid on the object, and the AD ones. */
static uint32_t
granted(struct slice bin, const char *sid_text, unsigned *ad)
{
	unsigned char buf[SID_MAX_BYTES];
	struct slice sid = sid_of(sid_text, buf);
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	uint32_t mask = 0;

	assert_int_equal(sd_parse(bin, &sd, &err), 0);
	*ad = 0;
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	while (sd_ace_next(&it, &ace)) {
		if (sd_ace_grants(&ace, sid, 0, slice_mem("", 0)))
			mask |= ace.mask;
		*ad |= sd_ad_rights_granted(&ace, sid);
	}
	return mask;
}

static void
load_synthetic(struct bytes *b)
{
	b->n = b64dec(synthetic_b64, b->p);
	assert_int_equal(b->n, 96);
}

static void
test_synthetic(void **state)
{
	unsigned char buf[SID_MAX_BYTES];
	struct bytes b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf names = BUF_INIT;
	unsigned ad;

	(void)state;
	load_synthetic(&b);
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	assert_int_equal(sd.control, SD_SELF_RELATIVE | SD_DACL_PRESENT);
	assert_true(slice_eq(sd.owner, sid_of(SYSTEM, buf)));
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
	assert_true(slice_eq(ace.sid, sid_of(SELF, buf)));
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.offset, 60);
	assert_int_equal(ace.mask, 0x5);
	assert_true(slice_eq(ace.sid, sid_of(MASTER, buf)));
	assert_true(sd_ace_grants(&ace, sid_of(MASTER, buf),
	    SD_MAILBOX_EXTERNAL_ACCOUNT, slice_mem("", 0)));
	assert_false(sd_ace_grants(&ace, sid_of(MASTER, buf),
	    SD_MAILBOX_SEND_AS, slice_mem("", 0)));
	assert_false(sd_ace_grants(&ace, sid_of(OTHER, buf),
	    SD_MAILBOX_FULL_ACCESS, slice_mem("", 0)));
	assert_false(sd_ace_next(&it, &ace));
	assert_false(sd_ace_next(&it, &ace));   /* stays at the end */

	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0x5);
	assert_int_equal(ad, 0);
	assert_int_equal(sd_mailbox_rights(0x5, ",", &names), 0);
	assert_string_equal((const char *)names.p, "FullAccess,ExternalAccount");
	buf_release(&names);
	assert_sddl(bslice(&b), "O:SYD:(A;CI;CCRC;;;PS)(A;CI;CCLC;;;" MASTER ")");
}

static void
test_master_absent(void **state)
{
	struct bytes aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x20001, SELF,
	    -1, NULL, NULL);
	put_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x1, OTHER,
	    -1, NULL, NULL);
	make_sd(&b, SD_DACL_PRESENT, SYSTEM, 2, &aces, 2);
	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 0);
	assert_int_equal(granted(bslice(&b), OTHER, &ad), 0x1);
	assert_sddl(bslice(&b),
	    "O:SYD:(A;CI;CCRC;;;PS)(A;CI;CC;;;" OTHER ")");
}

/* Several ACEs for the master: the allowed ones add up; inherit-only and
 * denied ones grant nothing. */
static void
test_several_aces_same_sid(void **state)
{
	struct bytes aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED, SD_ACE_CONTAINER_INHERIT, 0x1, MASTER,
	    -1, NULL, NULL);
	put_ace(&aces, SD_ACE_ALLOWED, 0, 0x4, MASTER, -1, NULL, NULL);
	put_ace(&aces, SD_ACE_ALLOWED,
	    SD_ACE_CONTAINER_INHERIT | SD_ACE_INHERIT_ONLY, 0x20000, MASTER,
	    -1, NULL, NULL);
	put_ace(&aces, SD_ACE_DENIED, 0, 0x2, MASTER, -1, NULL, NULL);
	put_ace(&aces, SD_ACE_ALLOWED, SD_ACE_INHERITED, 0x10000, MASTER,
	    -1, NULL, NULL);
	make_sd(&b, SD_DACL_PRESENT, NULL, 2, &aces, 5);
	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0x10005);
	assert_int_equal(ad, 0);
	assert_sddl(bslice(&b), "D:(A;CI;CC;;;" MASTER ")(A;;LC;;;" MASTER
	    ")(A;CIIO;RC;;;" MASTER ")(D;;DC;;;" MASTER ")(A;ID;SD;;;" MASTER
	    ")");
}

/* The nTSecurityDescriptor ACEs linking grants: Send-As and
 * Personal-Information object ACEs with one GUID, and one with both. */
static void
test_object_aces(void **state)
{
	unsigned char buf[SID_MAX_BYTES], g[16];
	struct bytes aces = { { 0 }, 0 }, b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf text = BUF_INIT;
	unsigned ad;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x30, MASTER,
	    SD_OBJECT_TYPE_PRESENT, PERSONAL_INFO, NULL);
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, SD_ACE_INHERITED, 0x130, SELF,
	    SD_OBJECT_TYPE_PRESENT | SD_INHERITED_OBJECT_TYPE_PRESENT,
	    SEND_AS, USER_CLASS);
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x10, OTHER,
	    SD_INHERITED_OBJECT_TYPE_PRESENT, NULL, USER_CLASS);
	make_sd(&b, SD_DACL_PRESENT | SD_DACL_AUTO_INHERITED, NULL, 4,
	    &aces, 4);

	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_flags, SD_OBJECT_TYPE_PRESENT);
	guid_bytes(SEND_AS, g);
	assert_int_equal(ace.object_type.n, 16);
	assert_memory_equal(ace.object_type.p, g, 16);
	assert_int_equal(ace.inherited_object_type.n, 0);
	assert_int_equal(sd_ad_rights_granted(&ace, sid_of(MASTER, buf)),
	    1u << SD_AD_SEND_AS);
	/* limited to Send-As: grants nothing on the object as a whole */
	assert_false(sd_ace_grants(&ace, sid_of(MASTER, buf), 0x100,
	    slice_mem("", 0)));
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(sd_ad_rights_granted(&ace, sid_of(MASTER, buf)),
	    1u << SD_AD_PERSONAL_INFO);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_flags, 3);
	assert_int_equal(guid_format(ace.object_type, &text), 0);
	buf_putc(&text, ' ');
	assert_int_equal(guid_format(ace.inherited_object_type, &text), 0);
	assert_string_equal((const char *)text.p, SEND_AS " " USER_CLASS);
	assert_int_equal(sd_ad_rights_granted(&ace, sid_of(SELF, buf)),
	    1u << SD_AD_SEND_AS);
	assert_true(sd_ace_next(&it, &ace));
	assert_int_equal(ace.object_type.n, 0);
	assert_int_equal(ace.inherited_object_type.n, 16);
	assert_false(sd_ace_next(&it, &ace));
	buf_release(&text);

	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 1u << SD_AD_SEND_AS | 1u << SD_AD_PERSONAL_INFO);
	assert_sddl(bslice(&b), "D:AI(OA;;CR;" SEND_AS ";;" MASTER ")(OA;;RPWP;"
	    PERSONAL_INFO ";;" MASTER ")(OA;ID;RPWPCR;" SEND_AS ";" USER_CLASS
	    ";PS)(OA;;RP;;" USER_CLASS ";" OTHER ")");
}

/* Read access alone is not the Personal-Information grant; a denied
 * object ACE grants nothing; an object ACE without a GUID covers all. */
static void
test_ad_rights_need_all_bits(void **state)
{
	struct bytes aces = { { 0 }, 0 }, b;
	unsigned ad;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x10, MASTER,
	    SD_OBJECT_TYPE_PRESENT, PERSONAL_INFO, NULL);
	put_ace(&aces, SD_ACE_DENIED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT, USER_CLASS, NULL);
	make_sd(&b, SD_DACL_PRESENT, NULL, 4, &aces, 3);
	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0);
	assert_int_equal(ad, 0);

	aces.n = 0;
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x130, MASTER, 0, NULL, NULL);
	make_sd(&b, SD_DACL_PRESENT, NULL, 4, &aces, 1);
	assert_int_equal(granted(bslice(&b), MASTER, &ad), 0x130);
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
	struct bytes aces = { { 0 }, 0 }, b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	struct buf out = BUF_INIT;

	(void)state;
	put_ace(&aces, 0x11, 0, 0x1, "S-1-16-4096", -1, NULL, NULL);
	put32(&aces, 0);        /* and one of header and mask only, padded */
	set16(&aces, aces.n - 4, 0x13 | 0 << 8);
	set16(&aces, aces.n - 2, 8);
	put32(&aces, 0);
	put_ace(&aces, SD_ACE_ALLOWED, 0, 0x5, MASTER, -1, NULL, NULL);
	make_sd(&b, SD_DACL_PRESENT, NULL, 2, &aces, 3);
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_true(sd_ace_next(&it, &ace));
	assert_false(ace.known);
	assert_int_equal(ace.type, 0x11);
	assert_int_equal(ace.raw.n, 20);
	assert_false(sd_ace_grants(&ace, sid_of("S-1-16-4096", buf), 0,
	    slice_mem("", 0)));
	assert_true(sd_ace_next(&it, &ace));
	assert_false(ace.known);
	assert_int_equal(ace.type, 0x13);
	assert_int_equal(ace.raw.n, 8);
	assert_true(sd_ace_next(&it, &ace));
	assert_true(ace.known);
	assert_int_equal(ace.mask, 5);
	assert_false(sd_ace_next(&it, &ace));

	assert_int_equal(sd_to_sddl(bslice(&b), &out, &err), -1);
	assert_string_equal(err.reason, "ACE type has no SDDL spelling");
	assert_int_equal(err.offset, 28);

	aces.n = 0;
	put_ace(&aces, SD_ACE_ALLOWED, 0x20, 0x1, MASTER, -1, NULL, NULL);
	make_sd(&b, SD_DACL_PRESENT, NULL, 2, &aces, 1);
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	assert_int_equal(sd_to_sddl(bslice(&b), &out, &err), -1);
	assert_string_equal(err.reason, "ACE flag 0x20 has no SDDL spelling");
	assert_int_equal(err.offset, 29);
	buf_release(&out);
}

/* An ACL whose present flag is clear is ignored, wherever its offset
 * points; an iterator over it ends at once. */
static void
test_absent_acl_ignored(void **state)
{
	struct bytes b;
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;

	(void)state;
	load_synthetic(&b);
	set16(&b, 2, SD_SELF_RELATIVE);         /* DACL present flag clear */
	set32(&b, 12, 4000);                    /* a SACL offset nowhere */
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	assert_false(sd.dacl.present);
	assert_false(sd.sacl.present);
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	assert_false(sd_ace_next(&it, &ace));
	assert_sddl(bslice(&b), "O:SY");
}

static void
test_sddl_spellings(void **state)
{
	struct bytes aces = { { 0 }, 0 }, b;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED, SD_ACE_OBJECT_INHERIT |
	    SD_ACE_CONTAINER_INHERIT, 0x1f01ff, "S-1-0x100000000-7", -1, NULL,
	    NULL);
	put_ace(&aces, SD_ACE_DENIED, SD_ACE_NO_PROPAGATE, 0x10000000,
	    "S-1-5-32-544", -1, NULL, NULL);
	put_ace(&aces, SD_ACE_ALLOWED, 0, 0, "S-1-5-21-1-2-3-512", -1, NULL,
	    NULL);
	make_sd(&b, SD_DACL_PRESENT | SD_DACL_PROTECTED |
	    SD_DACL_AUTO_INHERIT_REQ | SD_DACL_AUTO_INHERITED, "S-1-5-32-545", 4,
	    &aces, 3);
	assert_sddl(bslice(&b), "O:BUD:PARAI(A;OICI;0x001f01ff;;;"
	    "S-1-0x100000000-7)(D;NP;GA;;;BA)(A;;;;;S-1-5-21-1-2-3-512)");
	make_sd(&b, 0, NULL, 2, &aces, 0);
	assert_sddl(bslice(&b), "");
	aces.n = 0;
	make_sd(&b, SD_DACL_PRESENT, NULL, 2, &aces, 0);
	assert_sddl(bslice(&b), "D:");
}

/* A SACL with audit ACEs, laid out by hand before the owner and DACL. */
static void
test_sacl(void **state)
{
	struct bytes b = { { 0 }, 0 }, aces = { { 0 }, 0 };
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	size_t n;

	(void)state;
	put_ace(&aces, SD_ACE_AUDIT, SD_ACE_SUCCESSFUL_ACCESS |
	    SD_ACE_FAILED_ACCESS, 0x130, "S-1-1-0", -1, NULL, NULL);
	put_ace(&aces, SD_ACE_AUDIT_OBJECT, SD_ACE_SUCCESSFUL_ACCESS, 0x100,
	    "S-1-5-11", SD_OBJECT_TYPE_PRESENT, SEND_AS, NULL);
	put8(&b, 1);
	put8(&b, 0);
	put16(&b, SD_SELF_RELATIVE | SD_SACL_PRESENT | SD_SACL_AUTO_INHERITED |
	    SD_DACL_PRESENT);
	put32(&b, 0);
	put32(&b, 0);
	put32(&b, 20);                          /* SACL first */
	put32(&b, 0);
	put8(&b, 4);
	put8(&b, 0);
	put16(&b, (unsigned)(8 + aces.n));
	put16(&b, 2);
	put16(&b, 0);
	put(&b, aces.p, aces.n);
	set32(&b, 4, (uint32_t)b.n);            /* owner */
	put_sid(&b, SYSTEM);
	set32(&b, 16, (uint32_t)b.n);           /* empty DACL */
	put8(&b, 2);
	put8(&b, 0);
	put16(&b, 8);
	put16(&b, 0);
	put16(&b, 0);
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
	assert_true(sd.sacl.present);
	assert_int_equal(sd.sacl.offset, 20);
	sd_ace_iter_init(&it, &sd, &sd.sacl);
	for (n = 0; sd_ace_next(&it, &ace); n++)
		assert_true(ace.known);
	assert_int_equal(n, 2);
	assert_sddl(bslice(&b), "O:SYD:S:AI(AU;SAFA;RPWPCR;;;WD)(OU;SA;CR;"
	    SEND_AS ";;AU)");
}

/* Parse b and expect exactly reason at offset. */
static void
assert_refused(const struct bytes *b, const char *reason, size_t offset)
{
	struct sd sd;
	struct sd_error err = { NULL, 0 };
	struct buf out = BUF_INIT;

	if (sd_parse(bslice(b), &sd, &err) == 0)
		fail_msg("accepted; wanted \"%s\" at %zu", reason, offset);
	assert_string_equal(err.reason, reason);
	assert_int_equal(err.offset, offset);
	err.reason = NULL;
	assert_int_equal(sd_to_sddl(bslice(b), &out, &err), -1);
	assert_string_equal(err.reason, reason);
	buf_release(&out);
}

/* The synthetic descriptor with byte at set to v. */
static void
refuse_byte(size_t at, unsigned v, const char *reason, size_t offset)
{
	struct bytes b;

	load_synthetic(&b);
	b.p[at] = (unsigned char)v;
	assert_refused(&b, reason, offset);
}

static void
refuse_16(size_t at, unsigned v, const char *reason, size_t offset)
{
	struct bytes b;

	load_synthetic(&b);
	set16(&b, at, v);
	assert_refused(&b, reason, offset);
}

static void
refuse_32(size_t at, uint32_t v, const char *reason, size_t offset)
{
	struct bytes b;

	load_synthetic(&b);
	set32(&b, at, v);
	assert_refused(&b, reason, offset);
}

static void
test_bad_header(void **state)
{
	struct bytes b;

	(void)state;
	load_synthetic(&b);
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
	struct bytes b, none = { { 0 }, 0 };

	(void)state;
	refuse_byte(20, 2, "owner SID revision is not 1", 20);
	refuse_byte(21, 16, "owner SID has more than 15 sub-authorities", 20);
	make_sd(&b, 0, SYSTEM, 2, &none, 0);
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
	struct bytes aces = { { 0 }, 0 }, b;

	(void)state;
	put_ace(&aces, SD_ACE_ALLOWED_OBJECT, 0, 0x100, MASTER,
	    SD_OBJECT_TYPE_PRESENT | SD_INHERITED_OBJECT_TYPE_PRESENT, SEND_AS,
	    USER_CLASS);
	make_sd(&b, SD_DACL_PRESENT, NULL, 4, &aces, 1);
	assert_int_equal(b.n, 20 + 8 + 72);
	set16(&b, 30, 8);
	assert_refused(&b, "object ACE too short for its Flags field", 28);
	set16(&b, 30, 20);
	assert_refused(&b, "object ACE too short for its GUIDs", 28);
	set16(&b, 30, 36);
	assert_refused(&b, "object ACE too short for its GUIDs", 28);
	set16(&b, 30, 44);
	assert_refused(&b, "ACE too short for its SID", 28);
	set16(&b, 30, 52);
	assert_refused(&b, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 72);
	set16(&b, 30, 68);
	assert_refused(&b, "ACE SID sub-authority count runs past the end of "
	    "the ACE", 72);
	set16(&b, 30, 72);
	b.p[36] = SD_OBJECT_TYPE_PRESENT;       /* the SID then starts at the
						 * InheritedObjectType */
	assert_refused(&b, "ACE SID revision is not 1", 56);
}

/* Every proper prefix of a descriptor is refused (its DACL reaches the
 * end), and the descriptor itself is not. */
static void
test_truncated_everywhere(void **state)
{
	struct bytes b;
	struct sd sd;
	struct sd_error err;
	size_t full, n;

	(void)state;
	load_synthetic(&b);
	full = b.n;
	for (n = 0; n < full; n++) {
		b.n = n;
		assert_int_equal(sd_parse(bslice(&b), &sd, &err), -1);
		assert_non_null(err.reason);
		assert_true(err.offset <= full);
	}
	b.n = full;
	assert_int_equal(sd_parse(bslice(&b), &sd, &err), 0);
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
		cmocka_unit_test(test_absent_acl_ignored),
		cmocka_unit_test(test_sddl_spellings),
		cmocka_unit_test(test_sacl),
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
