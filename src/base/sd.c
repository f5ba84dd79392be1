/*
 * sd.c: the self-relative security descriptor parser, the ACE iterator
 * and the rights helpers (sd.h). The SDDL renderer is sd_sddl.c.
 *
 * Every read is preceded by a check that its bytes lie inside the
 * structure being read, and every structure is checked to lie inside the
 * one that contains it (ACE in ACL, ACL and SIDs in the descriptor), with
 * subtractions ordered so that nothing can wrap. Reasons are static
 * strings; the offset says where in the descriptor the problem is: the
 * header field for an offset that points nowhere, the start of the
 * structure for one that is malformed or truncated.
 */
#include "base/sd.h"

#include <string.h>

#include "base/sid.h"

#define ACL_HEADER 8
#define ACE_HEADER 4
#define ACE_MIN_SIZE 8          /* header and mask */
#define SID_HEADER 8
#define GUID_SIZE 16

/* Header fields. */
#define OFF_CONTROL 2
#define OFF_OWNER 4
#define OFF_GROUP 8
#define OFF_SACL 12
#define OFF_DACL 16

static unsigned
rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static int
fail(struct sd_error *err, const char *reason, size_t offset)
{
	err->reason = reason;
	err->offset = offset;
	return -1;
}

/* An empty slice that still points into the input (never NULL). */
static struct slice
none(struct slice bin)
{
	return slice_mem(bin.p, 0);
}

struct sid_reasons {
	const char *into_header;        /* owner and group only */
	const char *unaligned;
	const char *past_end;
	const char *no_room;            /* fewer than 8 bytes left */
	const char *revision;
	const char *count;
	const char *truncated;          /* the sub-authority count runs past */
};

static const struct sid_reasons owner_reasons = {
	"owner offset points into the header",
	"owner offset is not a multiple of 4",
	"owner offset past the end of the descriptor",
	"owner SID truncated by the end of the descriptor",
	"owner SID revision is not 1",
	"owner SID has more than 15 sub-authorities",
	"owner SID truncated by the end of the descriptor",
};

static const struct sid_reasons group_reasons = {
	"group offset points into the header",
	"group offset is not a multiple of 4",
	"group offset past the end of the descriptor",
	"group SID truncated by the end of the descriptor",
	"group SID revision is not 1",
	"group SID has more than 15 sub-authorities",
	"group SID truncated by the end of the descriptor",
};

static const struct sid_reasons ace_sid_reasons = {
	NULL,
	NULL,
	NULL,
	"ACE too short for its SID",
	"ACE SID revision is not 1",
	"ACE SID has more than 15 sub-authorities",
	"ACE SID sub-authority count runs past the end of the ACE",
};

/*
 * The SID that starts at bin.p[at] and must end by bin.p[end] (at <= end
 * <= bin.n): its length in *len, or the reason it is not valid there.
 */
static const char *
sid_at(struct slice bin, size_t at, size_t end, size_t *len,
    const struct sid_reasons *why)
{
	size_t need;

	if (end - at < SID_HEADER)
		return why->no_room;
	if (bin.p[at] != 1)
		return why->revision;
	if (bin.p[at + 1] > SID_MAX_SUBAUTH)
		return why->count;
	need = SID_HEADER + 4 * (size_t)bin.p[at + 1];
	if (end - at < need)
		return why->truncated;
	*len = need;
	return NULL;
}

/* An offset read from the header at field: past the header, 4-aligned
 * and inside bin, else -1 with err set to the matching reason. */
static int
check_offset(struct slice bin, uint32_t off, size_t field,
    const char *into_header, const char *unaligned, const char *past_end,
    struct sd_error *err)
{
	if (off < SD_HEADER_SIZE)
		return fail(err, into_header, field);
	if (off % 4 != 0)
		return fail(err, unaligned, field);
	if (off >= bin.n)
		return fail(err, past_end, field);
	return 0;
}

/* The owner or group SID whose offset is in the header at field. */
static int
parse_sid_field(struct slice bin, size_t field, const struct sid_reasons *why,
    struct slice *out, struct sd_error *err)
{
	uint32_t off = rd32(bin.p + field);
	const char *reason;
	size_t len = 0;

	*out = none(bin);
	if (off == 0)
		return 0;
	if (check_offset(bin, off, field, why->into_header, why->unaligned,
	    why->past_end, err) < 0)
		return -1;
	reason = sid_at(bin, off, bin.n, &len, why);
	if (reason != NULL)
		return fail(err, reason, off);
	*out = slice_mem(bin.p + off, len);
	return 0;
}

static bool
type_known(unsigned type)
{
	return type <= SD_ACE_ALARM_OBJECT && type != 0x04;
}

bool
sd_ace_type_is_object(unsigned type)
{
	return type >= SD_ACE_ALLOWED_OBJECT && type <= SD_ACE_ALARM_OBJECT;
}

/* The GUID at p + *q if it fits before size; advances *q. */
static const char *
take_guid(const unsigned char *p, size_t size, size_t *q, struct slice *out)
{
	if (size - *q < GUID_SIZE)
		return "object ACE too short for its GUIDs";
	*out = slice_mem(p + *q, GUID_SIZE);
	*q += GUID_SIZE;
	return NULL;
}

/*
 * Decode the ACE at bin.p[pos], which must end by bin.p[end] (the end of
 * its ACL; the caller made sure its 4-byte header is there). Returns NULL,
 * or the reason it is malformed with *at set to where.
 */
static const char *
ace_decode(struct slice bin, size_t pos, size_t end, struct sd_ace *ace,
    size_t *at)
{
	const unsigned char *p = bin.p + pos;
	const char *reason;
	size_t size, q, len = 0;

	memset(ace, 0, sizeof(*ace));
	ace->object_type = ace->inherited_object_type = ace->sid = none(bin);
	*at = pos;
	ace->offset = pos;
	ace->type = p[0];
	ace->flags = p[1];
	size = rd16(p + 2);
	if (size < ACE_MIN_SIZE)
		return "ACE size smaller than 8";
	if (size % 4 != 0)
		return "ACE size not a multiple of 4";
	if (size > end - pos)
		return "ACE runs past the end of its ACL";
	ace->raw = slice_mem(p, size);
	if (!type_known(ace->type))
		return NULL;
	ace->mask = rd32(p + 4);
	q = ACE_MIN_SIZE;
	if (sd_ace_type_is_object(ace->type)) {
		if (size - q < 4)
			return "object ACE too short for its Flags field";
		ace->object_flags = rd32(p + q);
		q += 4;
		if ((ace->object_flags & SD_OBJECT_TYPE_PRESENT) &&
		    (reason = take_guid(p, size, &q,
		    &ace->object_type)) != NULL)
			return reason;
		if ((ace->object_flags & SD_INHERITED_OBJECT_TYPE_PRESENT) &&
		    (reason = take_guid(p, size, &q,
		    &ace->inherited_object_type)) != NULL)
			return reason;
	}
	reason = sid_at(bin, pos + q, pos + size, &len, &ace_sid_reasons);
	if (reason != NULL) {
		/* "too short" is about the ACE, the rest about its SID */
		if (reason != ace_sid_reasons.no_room)
			*at = pos + q;
		return reason;
	}
	ace->sid = slice_mem(p + q, len);
	ace->known = true;
	return NULL;
}

struct acl_reasons {
	const char *zero_offset;
	const char *into_header;
	const char *unaligned;
	const char *past_end;
	const char *no_room;
	const char *revision;
	const char *reserved;
	const char *size_small;
	const char *size_past_end;
	const char *count;
};

static const struct acl_reasons dacl_reasons = {
	"DACL present but its offset is 0",
	"DACL offset points into the header",
	"DACL offset is not a multiple of 4",
	"DACL offset past the end of the descriptor",
	"DACL header truncated by the end of the descriptor",
	"DACL revision is not 2 or 4",
	"DACL reserved field is not 0",
	"DACL size smaller than its 8-byte header",
	"DACL size runs past the end of the descriptor",
	"DACL ACE count larger than its ACEs",
};

static const struct acl_reasons sacl_reasons = {
	"SACL present but its offset is 0",
	"SACL offset points into the header",
	"SACL offset is not a multiple of 4",
	"SACL offset past the end of the descriptor",
	"SACL header truncated by the end of the descriptor",
	"SACL revision is not 2 or 4",
	"SACL reserved field is not 0",
	"SACL size smaller than its 8-byte header",
	"SACL size runs past the end of the descriptor",
	"SACL ACE count larger than its ACEs",
};

/* Walk and check every ACE of the ACL at off. */
static int
check_aces(struct slice bin, const struct sd_acl *acl,
    const struct acl_reasons *why, struct sd_error *err)
{
	size_t pos = acl->offset + ACL_HEADER, end = acl->offset + acl->size;
	struct sd_ace ace;
	const char *reason;
	unsigned i;
	size_t at;

	for (i = 0; i < acl->count; i++) {
		if (end - pos < ACE_HEADER)
			return fail(err, why->count, acl->offset + 4);
		reason = ace_decode(bin, pos, end, &ace, &at);
		if (reason != NULL)
			return fail(err, reason, at);
		pos += ace.raw.n;
	}
	return 0;
}

/* The SACL or DACL whose offset is in the header at field. */
static int
parse_acl(struct slice bin, unsigned control, unsigned flag, size_t field,
    const struct acl_reasons *why, struct sd_acl *acl, struct sd_error *err)
{
	uint32_t off = rd32(bin.p + field);
	const unsigned char *p;

	memset(acl, 0, sizeof(*acl));
	if (!(control & flag))
		return 0;
	if (off == 0)
		return fail(err, why->zero_offset, field);
	if (check_offset(bin, off, field, why->into_header, why->unaligned,
	    why->past_end, err) < 0)
		return -1;
	if (bin.n - off < ACL_HEADER)
		return fail(err, why->no_room, off);
	p = bin.p + off;
	if (p[0] != 2 && p[0] != 4)
		return fail(err, why->revision, off);
	/* Sbz1 and Sbz2 must be 0 (MS-DTYP 2.4.5); Samba reads Sbz2 as the
	 * high half of a 32-bit AceCount, so a non-zero one would make the
	 * count ambiguous. */
	if (p[1] != 0)
		return fail(err, why->reserved, off + 1);
	if (rd16(p + 6) != 0)
		return fail(err, why->reserved, off + 6);
	acl->revision = p[0];
	acl->offset = off;
	acl->size = rd16(p + 2);
	acl->count = rd16(p + 4);
	if (acl->size < ACL_HEADER)
		return fail(err, why->size_small, off + 2);
	if (acl->size > bin.n - off)
		return fail(err, why->size_past_end, off + 2);
	if (check_aces(bin, acl, why, err) < 0)
		return -1;
	acl->present = true;
	return 0;
}

/* The four structures must not share a byte. */
static int
check_overlap(const struct sd *sd, struct sd_error *err)
{
	static const char *const pair_reason[4][4] = {
		{ NULL, "owner and group SIDs overlap",
		  "owner SID and SACL overlap", "owner SID and DACL overlap" },
		{ NULL, NULL, "group SID and SACL overlap",
		  "group SID and DACL overlap" },
		{ NULL, NULL, NULL, "SACL and DACL overlap" },
		{ NULL, NULL, NULL, NULL },
	};
	size_t start[4], end[4];
	bool have[4];
	int i, j;

	have[0] = sd->owner.n > 0;
	start[0] = (size_t)(sd->owner.p - sd->bytes.p);
	end[0] = start[0] + sd->owner.n;
	have[1] = sd->group.n > 0;
	start[1] = (size_t)(sd->group.p - sd->bytes.p);
	end[1] = start[1] + sd->group.n;
	have[2] = sd->sacl.present;
	start[2] = sd->sacl.offset;
	end[2] = start[2] + sd->sacl.size;
	have[3] = sd->dacl.present;
	start[3] = sd->dacl.offset;
	end[3] = start[3] + sd->dacl.size;
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (have[i] && have[j] && start[i] < end[j] &&
			    start[j] < end[i])
				return fail(err, pair_reason[i][j],
				    start[i] > start[j] ? start[i] : start[j]);
	return 0;
}

int
sd_parse(struct slice bin, struct sd *sd, struct sd_error *err)
{
	memset(sd, 0, sizeof(*sd));
	sd->bytes = bin;
	sd->owner = sd->group = none(bin);
	if (bin.n < SD_HEADER_SIZE)
		return fail(err, "descriptor shorter than its 20-byte header",
		    0);
	if (bin.p[0] != 1)
		return fail(err, "descriptor revision is not 1", 0);
	sd->control = rd16(bin.p + OFF_CONTROL);
	if (!(sd->control & SD_SELF_RELATIVE))
		return fail(err, "descriptor is not self-relative",
		    OFF_CONTROL);
	if (parse_sid_field(bin, OFF_OWNER, &owner_reasons, &sd->owner,
	    err) < 0 ||
	    parse_sid_field(bin, OFF_GROUP, &group_reasons, &sd->group,
	    err) < 0 ||
	    parse_acl(bin, sd->control, SD_SACL_PRESENT, OFF_SACL,
	    &sacl_reasons, &sd->sacl, err) < 0 ||
	    parse_acl(bin, sd->control, SD_DACL_PRESENT, OFF_DACL,
	    &dacl_reasons, &sd->dacl, err) < 0)
		return -1;
	return check_overlap(sd, err);
}

void
sd_ace_iter_init(struct sd_ace_iter *it, const struct sd *sd,
    const struct sd_acl *acl)
{
	it->bytes = sd->bytes;
	it->pos = it->end = 0;
	it->left = 0;
	if (!acl->present)
		return;
	it->pos = acl->offset + ACL_HEADER;
	it->end = acl->offset + acl->size;
	it->left = acl->count;
}

bool
sd_ace_next(struct sd_ace_iter *it, struct sd_ace *ace)
{
	size_t at;

	/* sd_parse checked all of this; checking again keeps an iterator
	 * over a descriptor that was never parsed inside its bytes. */
	if (it->left == 0 || it->end > it->bytes.n || it->pos > it->end ||
	    it->end - it->pos < ACE_HEADER ||
	    ace_decode(it->bytes, it->pos, it->end, ace, &at) != NULL) {
		it->left = 0;
		return false;
	}
	it->pos += ace->raw.n;
	it->left--;
	return true;
}

bool
sd_ace_allows(const struct sd_ace *ace, struct slice object)
{
	if (!ace->known || (ace->type != SD_ACE_ALLOWED &&
	    ace->type != SD_ACE_ALLOWED_OBJECT) ||
	    (ace->flags & SD_ACE_INHERIT_ONLY))
		return false;
	return ace->object_type.n == 0 || slice_eq(ace->object_type, object);
}

bool
sd_ace_grants(const struct sd_ace *ace, struct slice sid, uint32_t bits,
    struct slice object)
{
	return sd_ace_allows(ace, object) && (ace->mask & bits) == bits &&
	    slice_eq(ace->sid, sid);
}

static const struct {
	uint32_t bit;
	const char *name;
} mailbox_rights[] = {
	{ SD_MAILBOX_FULL_ACCESS, "FullAccess" },
	{ SD_MAILBOX_SEND_AS, "SendAs" },
	{ SD_MAILBOX_EXTERNAL_ACCOUNT, "ExternalAccount" },
	{ SD_MAILBOX_DELETE_ITEM, "DeleteItem" },
	{ SD_MAILBOX_READ_PERMISSION, "ReadPermission" },
	{ SD_MAILBOX_CHANGE_PERMISSION, "ChangePermission" },
	{ SD_MAILBOX_CHANGE_OWNER, "ChangeOwner" },
};

#define N_MAILBOX_RIGHTS (sizeof(mailbox_rights) / sizeof(mailbox_rights[0]))

const char *
sd_mailbox_right_name(uint32_t bit)
{
	size_t i;

	for (i = 0; i < N_MAILBOX_RIGHTS; i++)
		if (mailbox_rights[i].bit == bit)
			return mailbox_rights[i].name;
	return NULL;
}

uint32_t
sd_mailbox_rights(uint32_t mask, const char *sep, struct buf *out)
{
	bool first = true;
	size_t i;

	for (i = 0; i < N_MAILBOX_RIGHTS; i++) {
		if (!(mask & mailbox_rights[i].bit))
			continue;
		if (!first)
			buf_puts(out, sep);
		buf_puts(out, mailbox_rights[i].name);
		first = false;
		mask &= ~mailbox_rights[i].bit;
	}
	return mask;
}

/* ActiveDirectoryRights, the single-bit ones (the Generic* names of that
 * enumeration are combinations, not the generic bits of MS-ADTS). */
static const struct {
	uint32_t bit;
	const char *name;
} ds_rights[] = {
	{ 0x00000001, "CreateChild" }, { 0x00000002, "DeleteChild" },
	{ 0x00000004, "ListChildren" }, { 0x00000008, "Self" },
	{ 0x00000010, "ReadProperty" }, { 0x00000020, "WriteProperty" },
	{ 0x00000040, "DeleteTree" }, { 0x00000080, "ListObject" },
	{ 0x00000100, "ExtendedRight" }, { 0x00010000, "Delete" },
	{ 0x00020000, "ReadControl" }, { 0x00040000, "WriteDacl" },
	{ 0x00080000, "WriteOwner" }, { 0x00100000, "Synchronize" },
	{ 0x01000000, "AccessSystemSecurity" },
};

const char *
sd_ds_right_name(uint32_t bit)
{
	size_t i;

	for (i = 0; i < sizeof(ds_rights) / sizeof(ds_rights[0]); i++)
		if (ds_rights[i].bit == bit)
			return ds_rights[i].name;
	return NULL;
}

const char *
sd_inheritance_name(unsigned flags)
{
	static const char *const names[4] = {
		"All", "Descendents", "SelfAndChildren", "Children"
	};

	if (!(flags & SD_ACE_CONTAINER_INHERIT))
		return "None";
	return names[((flags & SD_ACE_NO_PROPAGATE) ? 2 : 0) +
	    ((flags & SD_ACE_INHERIT_ONLY) ? 1 : 0)];
}

/*
 * GUIDs in the byte order of an ACE (Data1-3 little-endian). Send-As is
 * the extended right ab721a54-1e2f-11d0-9819-00aa0040529b, Personal-
 * Information the property set 77b5b886-944a-11d1-aebd-0000f80367c1
 * (MS-ADTS 3.1.1.2.3.3 and 5.1.3.2.1).
 */
const struct sd_ad_right sd_ad_rights[SD_AD_RIGHTS] = {
	{ "Send-As", SD_RIGHT_DS_CONTROL_ACCESS,
	  { 0x54, 0x1a, 0x72, 0xab, 0x2f, 0x1e, 0xd0, 0x11,
	    0x98, 0x19, 0x00, 0xaa, 0x00, 0x40, 0x52, 0x9b } },
	{ "Personal-Information",
	  SD_RIGHT_DS_READ_PROPERTY | SD_RIGHT_DS_WRITE_PROPERTY,
	  { 0x86, 0xb8, 0xb5, 0x77, 0x4a, 0x94, 0xd1, 0x11,
	    0xae, 0xbd, 0x00, 0x00, 0xf8, 0x03, 0x67, 0xc1 } },
};

unsigned
sd_ad_rights_granted(const struct sd_ace *ace, struct slice sid)
{
	unsigned set = 0;
	size_t i;

	for (i = 0; i < SD_AD_RIGHTS; i++)
		if (sd_ace_grants(ace, sid, sd_ad_rights[i].mask,
		    slice_mem(sd_ad_rights[i].guid, GUID_SIZE)))
			set |= 1u << i;
	return set;
}
