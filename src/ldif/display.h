/*
 * display.h: how ldfix shows a value to a person. One rule set, used by
 * every output: the comments of plan and cat --decode, the CSV, JSON and
 * terminal reports, the rules' warnings, and the messages of check, apply
 * and the selection. A value is shown as:
 *
 *   - S-1-5-21-...   a valid SID in a SID attribute (display_attr_kind)
 *   - 3f2504e0-...   16 bytes in a GUID attribute (Windows GUID layout)
 *   - the text       valid UTF-8 with no control character (C0, DEL, C1),
 *                    no line or paragraph separator, no bidi control, and
 *                    not starting with "base64:" (see display_is_text)
 *   - base64:...     anything else: every byte, base64-encoded; a reviewer
 *                    can decode it and "--only @FILE" reads it back
 *
 * So the display of any value is valid UTF-8 without anything that could
 * break a line, drive a terminal or reorder text, in every output alike;
 * each output then only quotes it for its own syntax (CSV, JSON, HTML).
 *
 * Long values: when max > 0 and the display is longer than max bytes, it
 * is cut at a character boundary and " ... (N bytes)" is appended, N being
 * the length of the value itself. DNs and names that identify an entry
 * are shown whole (DISPLAY_WHOLE); values in reports and comments up to
 * DISPLAY_VALUE_MAX; values inside one-line messages up to
 * DISPLAY_MESSAGE_MAX.
 */
#ifndef LDFIX_DISPLAY_H
#define LDFIX_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define DISPLAY_WHOLE 0
#define DISPLAY_VALUE_MAX 1024
#define DISPLAY_MESSAGE_MAX 80

/* What an attribute holds, by its type (options and case ignored). */
enum display_attr {
	DISPLAY_ATTR_PLAIN,     /* text, integers, anything else */
	DISPLAY_ATTR_SID,       /* objectSid, sIDHistory, ...Sid */
	DISPLAY_ATTR_GUID,      /* objectGUID, invocationId, ...Guid */
	DISPLAY_ATTR_SD         /* nTSecurityDescriptor,
				 * msExchMailboxSecurityDescriptor */
};

/* How a value came out. */
enum display_form {
	DISPLAY_TEXT,
	DISPLAY_SID,
	DISPLAY_GUID,
	DISPLAY_BASE64
};

/*
 * display_attr_kind: SID for a type ending in "sid" and for sIDHistory,
 * securityIdentifier and the tokenGroups attributes; GUID for a type
 * ending in "guid" and for invocationId; SD for the two security
 * descriptors above; else PLAIN. (display_value shows an SD value as any
 * other binary value; display_sd spells it out.)
 */
enum display_attr display_attr_kind(struct slice attr);

/* display_is_text: v may be shown as it is (see above). */
bool display_is_text(struct slice v);

/*
 * display_value: append the display of v, a value of attr (an empty attr
 * for a DN or a name), cut to max bytes (0: whole). Returns how it was
 * shown.
 */
enum display_form display_value(struct buf *out, struct slice attr,
    struct slice v, size_t max);

/* display_text: the same for a value with no attribute (a DN, a name). */
enum display_form display_text(struct buf *out, struct slice v, size_t max);

/*
 * display_filetime: append an AD time stamp (lastLogonTimestamp,
 * pwdLastSet, accountExpires: a decimal count of 100 ns since 1601-01-01
 * UTC) as "2026-12-01T21:53:00Z", or "never" for 0 and 2^63-1. Returns
 * false, appending nothing, when v is no such number.
 */
bool display_filetime(struct buf *out, struct slice v);

/*
 * display_sd: a security descriptor as SDDL (base/sd.h: as Windows and
 * Samba write it), or, when it is not one, "not a valid security
 * descriptor: REASON (at byte N)" or "no SDDL for it: REASON (at byte N)"
 * (an ACE type or flag SDDL cannot spell). Returns 0 for SDDL, else -1.
 * Whole: printable ASCII, however long.
 */
int display_sd(struct buf *out, struct slice v);

#endif
