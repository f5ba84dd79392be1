/*
 * sd_build.c: security descriptors built byte by byte for the unit tests
 * of src/base/sd.c (see sd_build.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "mem_io.h"
#include "sd_build.h"

/*
 * The synthetic linked mailbox's msExchMailboxSecurityDescriptor, as an
 * ldifde export would carry it: owner SYSTEM at 20, the DACL at 32
 * (revision 2, size 64, 2 ACEs): SELF 0x20001 CI at 40 (size 20, SID at
 * 48), the master 0x5 CI at 60 (size 36, SID at 68). 96 bytes.
 */
static const char synthetic_b64[] =
    "AQAEgBQAAAAAAAAAAAAAACAAAAABAQAAAAAABRIAAAACAEAAAgAAAAACFAABAAIA"
    "AQEAAAAAAAUKAAAAAAIkAAUAAAABBQAAAAAABRUAAADH9/7XfHdVyJRazgH1AwAA";

void
sdb_put(struct sdb *b, const void *p, size_t n)
{
	assert_true(b->n + n <= sizeof(b->p));
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void
sdb_put8(struct sdb *b, unsigned v)
{
	unsigned char c = (unsigned char)v;

	sdb_put(b, &c, 1);
}

void
sdb_set16(struct sdb *b, size_t at, unsigned v)
{
	b->p[at] = (unsigned char)(v & 0xff);
	b->p[at + 1] = (unsigned char)(v >> 8 & 0xff);
}

void
sdb_set32(struct sdb *b, size_t at, uint32_t v)
{
	sdb_set16(b, at, v & 0xffff);
	sdb_set16(b, at + 2, v >> 16);
}

void
sdb_put16(struct sdb *b, unsigned v)
{
	b->n += 2;
	assert_true(b->n <= sizeof(b->p));
	sdb_set16(b, b->n - 2, v);
}

void
sdb_put32(struct sdb *b, uint32_t v)
{
	b->n += 4;
	assert_true(b->n <= sizeof(b->p));
	sdb_set32(b, b->n - 4, v);
}

void
sdb_sid(struct sdb *b, const char *text)
{
	unsigned char sid[SID_MAX_BYTES];
	size_t n = 0;

	assert_int_equal(sid_parse(slice_of(text), sid, &n), 0);
	sdb_put(b, sid, n);
}

/* "ab721a54-1e2f-11d0-9819-00aa0040529b" in ACE byte order. */
void
sdb_guid_bytes(const char *text, unsigned char g[16])
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

void
sdb_guid(struct sdb *b, const char *text)
{
	unsigned char g[16];

	sdb_guid_bytes(text, g);
	sdb_put(b, g, 16);
}

/* One ACE; oflags < 0 for the types without the object Flags field. */
void
sdb_ace(struct sdb *b, unsigned type, unsigned flags, uint32_t mask,
    const char *sid, int oflags, const char *ot, const char *it)
{
	size_t start = b->n;

	sdb_put8(b, type);
	sdb_put8(b, flags);
	sdb_put16(b, 0);
	sdb_put32(b, mask);
	if (oflags >= 0) {
		sdb_put32(b, (uint32_t)oflags);
		if (ot != NULL)
			sdb_guid(b, ot);
		if (it != NULL)
			sdb_guid(b, it);
	}
	sdb_sid(b, sid);
	sdb_set16(b, start + 2, (unsigned)(b->n - start));
}

/*
 * A descriptor: header, owner SID (NULL: none), then a DACL of revision
 * rev holding count ACEs (the bytes of aces) when control has
 * SD_DACL_PRESENT.
 */
void
sdb_descriptor(struct sdb *out, unsigned control, const char *owner,
    unsigned rev, const struct sdb *aces, unsigned count)
{
	out->n = 0;
	sdb_put8(out, 1);
	sdb_put8(out, 0);
	sdb_put16(out, control | SD_SELF_RELATIVE);
	sdb_put32(out, 0);
	sdb_put32(out, 0);
	sdb_put32(out, 0);
	sdb_put32(out, 0);
	if (owner != NULL) {
		sdb_set32(out, 4, (uint32_t)out->n);
		sdb_sid(out, owner);
	}
	if (control & SD_DACL_PRESENT) {
		sdb_set32(out, 16, (uint32_t)out->n);
		sdb_put8(out, rev);
		sdb_put8(out, 0);
		sdb_put16(out, (unsigned)(8 + aces->n));
		sdb_put16(out, count);
		sdb_put16(out, 0);
		sdb_put(out, aces->p, aces->n);
	}
}

struct slice
sdb_slice(const struct sdb *b)
{
	return slice_mem(b->p, b->n);
}

struct slice
sdb_sid_of(const char *text, unsigned char buf[SID_MAX_BYTES])
{
	size_t n = 0;

	assert_int_equal(sid_parse(slice_of(text), buf, &n), 0);
	return slice_mem(buf, n);
}

void
sdb_assert_sddl(struct slice bin, const char *want)
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
uint32_t
sdb_granted(struct slice bin, const char *sid_text, unsigned *ad)
{
	unsigned char buf[SID_MAX_BYTES];
	struct slice sid = sdb_sid_of(sid_text, buf);
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

void
sdb_synthetic(struct sdb *b)
{
	b->n = mem_b64dec(synthetic_b64, b->p);
	assert_int_equal(b->n, 96);
}

