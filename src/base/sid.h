/*
 * sid.h: Windows security identifiers and GUIDs as AD stores them
 * (MS-DTYP 2.4.2.2): revision 1, sub-authority count 0..15, a 48-bit
 * big-endian identifier authority, then little-endian 32-bit
 * sub-authorities. GUIDs are 16 bytes with the first three fields
 * little-endian.
 */
#ifndef LDFIX_SID_H
#define LDFIX_SID_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define SID_MAX_SUBAUTH 15
#define SID_MAX_BYTES (8 + 4 * SID_MAX_SUBAUTH)

/* sid_valid: revision 1, count <= 15 and length exactly 8 + 4 * count. */
bool sid_valid(struct slice bin);

/* sid_format: append "S-1-5-21-..." to out; -1 (nothing appended) if bin
 * is not a valid SID. Authorities >= 2^32 are written 0x + 12 hex digits. */
int sid_format(struct slice bin, struct buf *out);

/* sid_parse: text "S-1-..." to binary; -1 when it is not a SID string. */
int sid_parse(struct slice text, unsigned char out[SID_MAX_BYTES], size_t *outlen);

/*
 * sid_same_domain: both are valid SIDs with at least two sub-authorities,
 * the same authority and count, and all sub-authorities but the last (the
 * RID) equal: S-1-5-21-a-b-c-1104 and S-1-5-21-a-b-c-1105 are one domain.
 */
bool sid_same_domain(struct slice a, struct slice b);

/* sid_in_domain: sid's domain part (all but the RID) equals domain. */
bool sid_in_domain(struct slice sid, struct slice domain);

/* guid_format: append "3f2504e0-4f89-11d3-9a0c-0305e82c3301"; -1 unless 16 bytes. */
int guid_format(struct slice bin, struct buf *out);

/* guid_parse: the 16 bytes of text written as guid_format writes it (hex
 * digits of either case, 8-4-4-4-12, no braces); -1 when it is not. */
int guid_parse(struct slice text, unsigned char out[16]);

#endif
