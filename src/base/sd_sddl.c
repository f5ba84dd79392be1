/*
 * sd_sddl.c: a parsed security descriptor as an SDDL string (sd.h,
 * sd_to_sddl), spelled exactly as python3-samba 4.17 spells it, which the
 * differential test tests/t_sd_samba.sh checks byte for byte:
 *
 *   O:owner G:group D:flags(ace)(ace)... S:flags(ace)...
 *   ace = type;flags;rights;object-guid;inherited-object-guid;sid
 *
 * - a part is written when its SID or ACL is there (an ACL when its
 *   present flag is set); the ACL flags are P, AR, AI in that order;
 * - ACE types A D AU AL OA OD OU OL; ACE flags OI CI NP IO ID SA FA;
 * - rights: empty for 0; the two-letter names below, in the order below,
 *   when every set bit has one; else 0x and eight lower-case hex digits
 *   (Samba 4.17 writes no FA/FR/KA-style composite names);
 * - GUIDs lower-case, only those the object ACE's Flags announce;
 * - SIDs: the two-letter alias of a well-known SID that is not
 *   domain-relative (domain-relative ones such as DA need the domain SID,
 *   which an offline export does not give), else S-1-... with, like Samba,
 *   an identifier authority of 2^32 - 1 or more as 0x and as many hex
 *   digits as it needs (sid_format writes MS-DTYP's 12 digits; no AD SID
 *   has such an authority).
 * Unknown ACE types and the unnamed ACE flag 0x20 have no spelling (Samba
 * 4.17 writes garbage or crashes on them): sd_to_sddl refuses them.
 */
#include "base/sd.h"

#include <string.h>

#include "base/sid.h"

static int
fail(struct sd_error *err, const char *reason, size_t offset)
{
	err->reason = reason;
	err->offset = offset;
	return -1;
}

/* Well-known SIDs and their SDDL aliases (MS-DTYP 2.4.2.4 names them). */
static const struct {
	const char *sid;
	unsigned char n;        /* strlen(sid) */
	const char *alias;
} sid_aliases[] = {
#define ALIAS(sid, alias) { sid, sizeof(sid) - 1, alias }
	ALIAS("S-1-1-0", "WD"), ALIAS("S-1-3-0", "CO"), ALIAS("S-1-3-1", "CG"),
	ALIAS("S-1-3-4", "OW"), ALIAS("S-1-5-2", "NU"), ALIAS("S-1-5-4", "IU"),
	ALIAS("S-1-5-6", "SU"), ALIAS("S-1-5-7", "AN"), ALIAS("S-1-5-9", "ED"),
	ALIAS("S-1-5-10", "PS"), ALIAS("S-1-5-11", "AU"),
	ALIAS("S-1-5-12", "RC"), ALIAS("S-1-5-18", "SY"),
	ALIAS("S-1-5-19", "LS"), ALIAS("S-1-5-20", "NS"),
	ALIAS("S-1-5-33", "WR"), ALIAS("S-1-5-32-544", "BA"),
	ALIAS("S-1-5-32-545", "BU"), ALIAS("S-1-5-32-546", "BG"),
	ALIAS("S-1-5-32-547", "PU"), ALIAS("S-1-5-32-548", "AO"),
	ALIAS("S-1-5-32-549", "SO"), ALIAS("S-1-5-32-550", "PO"),
	ALIAS("S-1-5-32-551", "BO"), ALIAS("S-1-5-32-552", "RE"),
	ALIAS("S-1-5-32-554", "RU"), ALIAS("S-1-5-32-555", "RD"),
	ALIAS("S-1-5-32-556", "NO"), ALIAS("S-1-5-32-558", "MU"),
	ALIAS("S-1-5-32-559", "LU"), ALIAS("S-1-5-32-568", "IS"),
	ALIAS("S-1-5-32-569", "CY"), ALIAS("S-1-5-32-573", "ER"),
	ALIAS("S-1-5-32-574", "CD"), ALIAS("S-1-5-32-575", "RA"),
	ALIAS("S-1-5-32-576", "ES"), ALIAS("S-1-5-32-577", "MS"),
	ALIAS("S-1-5-32-578", "HA"), ALIAS("S-1-5-32-579", "AA"),
	ALIAS("S-1-5-32-580", "RM"), ALIAS("S-1-5-84-0-0-0-0-0", "UD"),
	ALIAS("S-1-15-2-1", "AC"), ALIAS("S-1-16-4096", "LW"),
	ALIAS("S-1-16-8192", "ME"), ALIAS("S-1-16-8448", "MP"),
	ALIAS("S-1-16-12288", "HI"), ALIAS("S-1-16-16384", "SI"),
	ALIAS("S-1-18-1", "AS"), ALIAS("S-1-18-2", "SS"),
#undef ALIAS
};

struct flag_name {
	uint32_t bit;
	const char *name;
};

/* Access rights, in the order SDDL writes them. */
static const struct flag_name rights[] = {
	{ 0x00000010, "RP" }, { 0x00000020, "WP" }, { 0x00000100, "CR" },
	{ 0x00000001, "CC" }, { 0x00000002, "DC" }, { 0x00000004, "LC" },
	{ 0x00000080, "LO" }, { 0x00020000, "RC" }, { 0x00080000, "WO" },
	{ 0x00040000, "WD" }, { 0x00010000, "SD" }, { 0x00000040, "DT" },
	{ 0x00000008, "SW" }, { 0x10000000, "GA" }, { 0x80000000, "GR" },
	{ 0x40000000, "GW" }, { 0x20000000, "GX" },
};

static const struct flag_name ace_flags[] = {
	{ SD_ACE_OBJECT_INHERIT, "OI" }, { SD_ACE_CONTAINER_INHERIT, "CI" },
	{ SD_ACE_NO_PROPAGATE, "NP" }, { SD_ACE_INHERIT_ONLY, "IO" },
	{ SD_ACE_INHERITED, "ID" }, { SD_ACE_SUCCESSFUL_ACCESS, "SA" },
	{ SD_ACE_FAILED_ACCESS, "FA" },
};

static const char *const ace_types[] = {
	"A", "D", "AU", "AL", NULL, "OA", "OD", "OU", "OL",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Append the names of the bits of v; returns the bits without a name. */
static uint32_t
put_flags(struct buf *out, const struct flag_name *names, size_t n,
    uint32_t v)
{
	uint32_t named = 0;
	size_t i;

	for (i = 0; i < n; i++)
		named |= names[i].bit;
	if ((v & ~named) != 0)
		return v & ~named;
	for (i = 0; i < n; i++)
		if (v & names[i].bit)
			buf_put(out, names[i].name, 2);   /* two letters each */
	return 0;
}

/* S-1-AUTH-SUB-...; sd_parse checked the SID (revision 1, at most 15
 * sub-authorities, its exact length), so sid_format writes it, except
 * for an authority that Samba writes in hex from 2^32 - 1 on, without
 * sid_format's padding to 12 digits. */
static void
format_sid(struct buf *out, struct slice sid)
{
	unsigned long long auth = 0;
	size_t i;

	for (i = 2; i < 8; i++)
		auth = auth << 8 | sid.p[i];
	if (auth < 0xffffffffULL) {
		(void)sid_format(sid, out);
		return;
	}
	buf_printf(out, "S-1-0x%llx", auth);
	for (i = 8; i + 4 <= sid.n; i += 4)
		buf_printf(out, "-%lu", (unsigned long)sid.p[i] |
		    (unsigned long)sid.p[i + 1] << 8 |
		    (unsigned long)sid.p[i + 2] << 16 |
		    (unsigned long)sid.p[i + 3] << 24);
}

static void
put_sid(struct buf *out, struct slice sid, struct buf *scratch)
{
	size_t i;

	buf_reset(scratch);
	format_sid(scratch, sid);
	for (i = 0; i < COUNT(sid_aliases); i++) {
		if (scratch->n == sid_aliases[i].n &&
		    memcmp(scratch->p, sid_aliases[i].sid, scratch->n) == 0) {
			buf_puts(out, sid_aliases[i].alias);
			return;
		}
	}
	buf_putslice(out, buf_slice(scratch));
}

static int
put_ace(struct buf *out, const struct sd_ace *ace, struct buf *scratch,
    struct sd_error *err)
{
	if (!ace->known || ace_types[ace->type] == NULL)
		return fail(err, "ACE type has no SDDL spelling", ace->offset);
	buf_putc(out, '(');
	buf_puts(out, ace_types[ace->type]);
	buf_putc(out, ';');
	if (put_flags(out, ace_flags, COUNT(ace_flags), ace->flags) != 0)
		return fail(err, "ACE flag 0x20 has no SDDL spelling",
		    ace->offset + 1);
	buf_putc(out, ';');
	if (put_flags(out, rights, COUNT(rights), ace->mask) != 0)
		buf_printf(out, "0x%08lx", (unsigned long)ace->mask);
	buf_putc(out, ';');
	(void)guid_format(ace->object_type, out);       /* nothing if absent */
	buf_putc(out, ';');
	(void)guid_format(ace->inherited_object_type, out);
	buf_putc(out, ';');
	put_sid(out, ace->sid, scratch);
	buf_putc(out, ')');
	return 0;
}

/* "D:" or "S:", the ACL flags (protected, auto-inherit-req, auto-inherited
 * are the bits given), then every ACE. */
static int
put_acl(struct buf *out, const struct sd *sd, const struct sd_acl *acl,
    const char *tag, const unsigned bits[3], struct buf *scratch,
    struct sd_error *err)
{
	static const char *const names[3] = { "P", "AR", "AI" };
	struct sd_ace_iter it;
	struct sd_ace ace;
	int i;

	buf_puts(out, tag);
	for (i = 0; i < 3; i++)
		if (sd->control & bits[i])
			buf_puts(out, names[i]);
	sd_ace_iter_init(&it, sd, acl);
	while (sd_ace_next(&it, &ace))
		if (put_ace(out, &ace, scratch, err) < 0)
			return -1;
	return 0;
}

int
sd_to_sddl(struct slice bin, struct buf *out, struct sd_error *err)
{
	struct sd sd;

	if (sd_parse(bin, &sd, err) < 0)
		return -1;
	return sd_sddl(&sd, out, err);
}

int
sd_sddl(const struct sd *sd, struct buf *out, struct sd_error *err)
{
	static const unsigned dacl_bits[3] = {
		SD_DACL_PROTECTED, SD_DACL_AUTO_INHERIT_REQ,
		SD_DACL_AUTO_INHERITED,
	};
	static const unsigned sacl_bits[3] = {
		SD_SACL_PROTECTED, SD_SACL_AUTO_INHERIT_REQ,
		SD_SACL_AUTO_INHERITED,
	};
	struct buf scratch = BUF_INIT;
	int rc = 0;

	if (sd->owner.n > 0) {
		buf_puts(out, "O:");
		put_sid(out, sd->owner, &scratch);
	}
	if (sd->group.n > 0) {
		buf_puts(out, "G:");
		put_sid(out, sd->group, &scratch);
	}
	if (sd->dacl.present)
		rc = put_acl(out, sd, &sd->dacl, "D:", dacl_bits, &scratch,
		    err);
	if (rc == 0 && sd->sacl.present)
		rc = put_acl(out, sd, &sd->sacl, "S:", sacl_bits, &scratch,
		    err);
	buf_release(&scratch);
	return rc;
}
