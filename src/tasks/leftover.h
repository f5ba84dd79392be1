/*
 * leftover.h: what a hit's leftover-permissions found (engine.h: struct
 * engine_ace, struct engine_unchecked), said for people and scripts: the
 * rights by name, one line per ACE, and the Exchange Management Shell line
 * that removes the ACE after the conversion. The plan comments
 * (changefile.c) and the reports (report_json.c, report_csv.c) all say it
 * through here, so they say the same.
 *
 * Rights are named by the attribute that holds the ACE: in
 * msExchMailboxSecurityDescriptor the MailboxRights of
 * Add-/Remove-MailboxPermission (FullAccess, ExternalAccount, ...); in any
 * other descriptor (nTSecurityDescriptor) the Exchange grants Send-As and
 * Personal-Information when the ACE gives them, then the
 * ActiveDirectoryRights names of the other bits (sd.h). A bit without a
 * name is shown as 0x%x.
 *
 * Commands quote the DN (as display.h shows it: a DN that is not plain
 * text gets no line) and the -User value as PowerShell single-quoted
 * literals: every single quote, U+2018..U+201B too, doubled. The
 * PowerShell plan takes the command's parts from leftover_command and
 * writes its own literals (ps1.h).
 */
#ifndef LDFIX_LEFTOVER_H
#define LDFIX_LEFTOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "engine/engine.h"
#include "ldif/entry.h"

#define LEFTOVER_MAX_RIGHTS 32

/* The names of the rights an ACE grants, and the bits without one. */
struct leftover_rights {
	const char *names[LEFTOVER_MAX_RIGHTS];
	size_t n;
	uint32_t unnamed;
};

/* leftover_rights: the rights of ace, named as above. */
void leftover_rights(const struct engine_ace *ace, struct leftover_rights *r);

/* leftover_put_rights: the same, joined by sep ("0x..." for the unnamed
 * bits, last). */
void leftover_put_rights(struct buf *out, const struct engine_ace *ace,
    const char *sep);

/* leftover_put_line: "ATTR: S-1-... FullAccess, ExternalAccount (mask
 * 0x5)", with ", on OBJECT-GUID" for an object ACE limited to one and
 * ", inherited" for an inherited one. */
void leftover_put_line(struct buf *out, const struct engine_ace *ace);

/* leftover_put_unchecked: why u was not checked: "not in the export" or
 * "not a valid security descriptor (REASON, at byte N)". */
void leftover_put_unchecked(struct buf *out, const struct engine_unchecked *u);

/*
 * leftover_user_argument: the -User value for ace's SID: the SID as
 * S-1-... , also when --accounts named the owner: the name ldfix knows is
 * DNS-domain\sAMAccountName, which the cmdlets do not resolve (they want
 * the NetBIOS domain), and the SID is what Get-MailboxPermission shows for
 * an account it cannot resolve. The one place that decides it.
 */
void leftover_user_argument(struct buf *out, const struct entry *e,
    const struct engine_ace *ace);

/*
 * The cmdlet that removes one ACE, but for its target (-Identity the
 * entry's DN, -User leftover_user_argument): the cmdlet name, and the
 * parameters it takes (NULL, or no access rights, for those it does not).
 */
struct leftover_command {
	const char *cmdlet;             /* Remove-MailboxPermission or
					 * Remove-ADPermission */
	const char *access[LEFTOVER_MAX_RIGHTS];        /* -AccessRights */
	size_t naccess;
	const char *extended_rights;    /* -ExtendedRights */
	const char *properties;         /* -Properties */
	const char *inheritance;        /* -InheritanceType */
};

/*
 * leftover_command: the cmdlet that removes ace, exactly:
 * Remove-MailboxPermission for msExchMailboxSecurityDescriptor,
 * Remove-ADPermission for nTSecurityDescriptor. Returns true, or false
 * with *why set (a static sentence) when no cmdlet can: inherited, rights
 * or an object type the cmdlets have no name for, another attribute.
 */
bool leftover_command(const struct engine_ace *ace,
    struct leftover_command *c, const char **why);

/*
 * leftover_put_command: that command as one line for the object of entry
 * e, DN and -User as literals. Returns true, or false with nothing
 * appended and *why set, also when the DN is not plain text.
 */
bool leftover_put_command(struct buf *out, const struct entry *e,
    const struct engine_ace *ace, const char **why);

/*
 * leftover_put_comment: for every hit of res with leftover-permissions,
 * the plan comment lines (each ending in a line feed): "leftover
 * permission: LINE" and "after the conversion run: COMMAND" (or "remove
 * by hand: WHY") per ACE, "leftover permissions not checked: ATTR: WHY"
 * per attribute not checked. e is the entry as exported.
 */
void leftover_put_comment(struct buf *out, const struct entry *e,
    const struct engine_result *res);

/* leftover_put_cells: the same for the two CSV cells: one line per ACE
 * and per attribute not checked in list, one command per line in
 * commands; lines joined by a line feed. */
void leftover_put_cells(struct buf *list, struct buf *commands,
    const struct entry *e, const struct engine_result *res);

#endif
