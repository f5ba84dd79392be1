/*
 * sd.h: Windows self-relative security descriptors (MS-DTYP 2.4.6) as AD
 * stores them in nTSecurityDescriptor and Exchange in
 * msExchMailboxSecurityDescriptor: a strict parser, an ACE iterator, the
 * SDDL string Windows and Samba write for them, and the rights a linked
 * mailbox's master account keeps after the conversion.
 *
 * Layout: a 20-byte header (revision 1, Sbz1, Control, then the offsets of
 * the owner SID, the group SID, the SACL and the DACL, little-endian);
 * each ACL an 8-byte header (revision 2 or 4, Sbz1, AclSize, AceCount,
 * Sbz2) followed by AceCount ACEs; each ACE a 4-byte header (type, flags,
 * AceSize), then for the types this module knows a 32-bit mask, for the
 * object types a 32-bit Flags field and the GUIDs it announces, then a SID.
 *
 * Nothing in the input is trusted: sd_parse checks every offset and size
 * against the buffer and against the structure that contains it, wants
 * the four header offsets 4-byte aligned (as Windows does; Samba would
 * read an unaligned one at the next multiple of 4), and rejects
 * overlapping structures, so that once it succeeds every slice the
 * iterator hands out lies inside the input. Nothing is allocated and
 * nothing is copied: struct sd and struct sd_ace borrow the caller's bytes
 * and are valid as long as those are.
 *
 * Deliberate choices: an ACL whose present flag is clear is ignored
 * whatever its offset says (as Windows does); a present flag with a zero
 * offset (a "NULL DACL" that grants everyone everything) is refused, as
 * AD never stores one and ldfix cannot report on it; the ACLs' reserved
 * Sbz1 and Sbz2 must be 0, the header's Sbz1 (resource manager bits) is
 * not checked. ACE types
 * other than the eight below are kept as unknown ACEs (type, flags, size,
 * raw bytes) when their size is well-formed.
 */
#ifndef LDFIX_SD_H
#define LDFIX_SD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define SD_HEADER_SIZE 20

/* Control bits (MS-DTYP 2.4.6). */
#define SD_DACL_PRESENT          0x0004
#define SD_SACL_PRESENT          0x0010
#define SD_DACL_AUTO_INHERIT_REQ 0x0100
#define SD_SACL_AUTO_INHERIT_REQ 0x0200
#define SD_DACL_AUTO_INHERITED   0x0400
#define SD_SACL_AUTO_INHERITED   0x0800
#define SD_DACL_PROTECTED        0x1000
#define SD_SACL_PROTECTED        0x2000
#define SD_SELF_RELATIVE         0x8000

/* ACE types with a known layout (MS-DTYP 2.4.4.1). */
#define SD_ACE_ALLOWED           0x00
#define SD_ACE_DENIED            0x01
#define SD_ACE_AUDIT             0x02
#define SD_ACE_ALARM             0x03
#define SD_ACE_ALLOWED_OBJECT    0x05
#define SD_ACE_DENIED_OBJECT     0x06
#define SD_ACE_AUDIT_OBJECT      0x07
#define SD_ACE_ALARM_OBJECT      0x08

/* ACE flags. */
#define SD_ACE_OBJECT_INHERIT    0x01
#define SD_ACE_CONTAINER_INHERIT 0x02
#define SD_ACE_NO_PROPAGATE      0x04
#define SD_ACE_INHERIT_ONLY      0x08
#define SD_ACE_INHERITED         0x10
#define SD_ACE_SUCCESSFUL_ACCESS 0x40
#define SD_ACE_FAILED_ACCESS     0x80

/* The Flags field of an object ACE: which GUIDs follow it. */
#define SD_OBJECT_TYPE_PRESENT           0x1
#define SD_INHERITED_OBJECT_TYPE_PRESENT 0x2

/* Directory-service access mask bits (MS-ADTS 5.1.3.2). */
#define SD_RIGHT_DS_CONTROL_ACCESS 0x00000100
#define SD_RIGHT_DS_READ_PROPERTY  0x00000010
#define SD_RIGHT_DS_WRITE_PROPERTY 0x00000020

/* Why a descriptor was refused: a static reason and the byte offset in
 * the descriptor where the problem is. */
struct sd_error {
	const char *reason;
	size_t offset;
};

struct sd_acl {
	bool present;           /* the control flag is set; the rest is valid */
	unsigned revision;
	size_t offset;          /* of the ACL header in the descriptor */
	size_t size;            /* AclSize */
	unsigned count;         /* AceCount, all of them checked */
};

struct sd {
	struct slice bytes;     /* the descriptor as given */
	unsigned control;
	struct slice owner;     /* the SID bytes; n == 0 when there is none */
	struct slice group;
	struct sd_acl sacl;
	struct sd_acl dacl;
};

struct sd_ace {
	size_t offset;          /* of the ACE in the descriptor */
	struct slice raw;       /* all AceSize bytes of it */
	unsigned type;
	unsigned flags;
	bool known;             /* one of the eight types: fields below set */
	uint32_t mask;
	uint32_t object_flags;  /* object types only, else 0 */
	struct slice object_type;           /* 16 bytes, or n == 0 */
	struct slice inherited_object_type; /* 16 bytes, or n == 0 */
	struct slice sid;
};

struct sd_ace_iter {
	struct slice bytes;
	size_t pos, end;
	unsigned left;
};

/*
 * sd_parse: check bin completely and describe it in *sd. Returns 0, or -1
 * with err filled in (reason and offset) and *sd unspecified.
 */
int sd_parse(struct slice bin, struct sd *sd, struct sd_error *err);

/* sd_ace_iter_init / sd_ace_next: the ACEs of acl (sd->dacl or sd->sacl)
 * in order. sd_ace_next returns false after the last one (at once for an
 * ACL that is not present). */
void sd_ace_iter_init(struct sd_ace_iter *it, const struct sd *sd,
    const struct sd_acl *acl);
bool sd_ace_next(struct sd_ace_iter *it, struct sd_ace *ace);

/* sd_ace_type_is_object: one of the four object ACE types. */
bool sd_ace_type_is_object(unsigned type);

/*
 * sd_ace_allows: the ACE allows something on the object that carries the
 * descriptor: it is ACCESS_ALLOWED or ACCESS_ALLOWED_OBJECT, not
 * inherit-only, and has no ObjectType or (object.n == 16) exactly object.
 */
bool sd_ace_allows(const struct sd_ace *ace, struct slice object);

/*
 * sd_ace_grants: the ACE allows sid every bit of bits on the object that
 * carries the descriptor: it is ACCESS_ALLOWED or ACCESS_ALLOWED_OBJECT,
 * not inherit-only, for exactly that SID, with all of bits in its mask.
 * object names what the bits are asked for: n == 0 for the object as a
 * whole (an object ACE limited to one ObjectType then does not count), or
 * the 16 bytes of a property set or extended right GUID (an object ACE
 * counts when it has no ObjectType or exactly that one).
 */
bool sd_ace_grants(const struct sd_ace *ace, struct slice sid, uint32_t bits,
    struct slice object);

/*
 * Exchange MailboxRights, the mask bits of msExchMailboxSecurityDescriptor
 * ACEs, named as Add-/Remove-MailboxPermission -AccessRights names them.
 */
#define SD_MAILBOX_FULL_ACCESS       0x00001
#define SD_MAILBOX_SEND_AS           0x00002
#define SD_MAILBOX_EXTERNAL_ACCOUNT  0x00004
#define SD_MAILBOX_DELETE_ITEM       0x10000
#define SD_MAILBOX_READ_PERMISSION   0x20000
#define SD_MAILBOX_CHANGE_PERMISSION 0x40000
#define SD_MAILBOX_CHANGE_OWNER      0x80000

/* sd_mailbox_right_name: "FullAccess" for 0x1 and so on; NULL for a mask
 * that is not exactly one named bit. */
const char *sd_mailbox_right_name(uint32_t bit);

/* sd_mailbox_rights: append the names of mask's named bits, lowest bit
 * first, separated by sep; returns the bits of mask that have no name. */
uint32_t sd_mailbox_rights(uint32_t mask, const char *sep, struct buf *out);

/* sd_ds_right_name: a directory right (one bit) as the
 * ActiveDirectoryRights enumeration (Add-/Remove-ADPermission
 * -AccessRights) names it: "ReadProperty" for 0x10 and so on; NULL for the
 * generic bits 0x10000000-0x80000000 and the unnamed ones. */
const char *sd_ds_right_name(uint32_t bit);

/*
 * sd_inheritance_name: the -InheritanceType (ActiveDirectorySecurity-
 * Inheritance) that gives an ACE its flags: "None" without container-
 * inherit, else "All", "Descendents" (inherit-only), "SelfAndChildren"
 * (no-propagate), "Children" (both).
 */
const char *sd_inheritance_name(unsigned flags);

/*
 * The nTSecurityDescriptor rights Exchange grants a linked master account:
 * an object ACE with mask bits on a GUID (Windows byte order, as in the
 * ACE). sd_ad_rights[] lists them; sd_ad_rights_granted returns a bit set
 * (1 << index) of those the ACE grants sid.
 */
struct sd_ad_right {
	const char *name;       /* "Send-As", "Personal-Information" */
	uint32_t mask;          /* CR 0x100; RP|WP 0x30 */
	unsigned char guid[16];
};

#define SD_AD_SEND_AS        0
#define SD_AD_PERSONAL_INFO  1
#define SD_AD_RIGHTS         2
extern const struct sd_ad_right sd_ad_rights[SD_AD_RIGHTS];

unsigned sd_ad_rights_granted(const struct sd_ace *ace, struct slice sid);

/*
 * sd_to_sddl: append the SDDL string of the descriptor in bin to out, as
 * python3-samba 4.17 (ndr_unpack(security.descriptor, bin).as_sddl())
 * writes it: O:, G:, D: and S: parts, SID aliases for the well-known
 * SIDs, the access mask as two-letter rights or 0x%08x. Returns 0, or -1
 * with err set (out then unspecified) when bin does not parse or holds
 * something SDDL has no spelling for (an unknown ACE type or ACE flag).
 */
int sd_to_sddl(struct slice bin, struct buf *out, struct sd_error *err);
/* sd_sddl: the same for a descriptor sd_parse has read (-1 with err set
 * only for what SDDL has no spelling for). */
int sd_sddl(const struct sd *sd, struct buf *out, struct sd_error *err);

#endif
