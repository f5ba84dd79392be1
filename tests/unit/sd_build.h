/*
 * sd_build.h: security descriptors built byte by byte for the unit tests of
 * src/base/sd.c (test_sd.c, test_sd_bad.c), and checks on them. A struct
 * sdb is a fixed buffer on the caller's stack; nothing is allocated. The
 * helpers fail the running cmocka test on bad input.
 */
#ifndef LDFIX_TEST_SD_BUILD_H
#define LDFIX_TEST_SD_BUILD_H

#include <stddef.h>
#include <stdint.h>

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

/* A descriptor under construction. */
struct sdb {
	unsigned char p[1024];
	size_t n;
};

void sdb_put(struct sdb *b, const void *p, size_t n);
void sdb_put8(struct sdb *b, unsigned v);
void sdb_put16(struct sdb *b, unsigned v);
void sdb_put32(struct sdb *b, uint32_t v);
/* Overwrite little-endian fields at a byte offset. */
void sdb_set16(struct sdb *b, size_t at, unsigned v);
void sdb_set32(struct sdb *b, size_t at, uint32_t v);
/* Append a SID given as S-1-... text. */
void sdb_sid(struct sdb *b, const char *text);
/* "ab721a54-1e2f-11d0-9819-00aa0040529b" in ACE byte order. */
void sdb_guid_bytes(const char *text, unsigned char g[16]);
void sdb_guid(struct sdb *b, const char *text);
/* One ACE; oflags < 0 for the types without the object Flags field,
 * ot and it the GUIDs to write (NULL: none). */
void sdb_ace(struct sdb *b, unsigned type, unsigned flags, uint32_t mask,
    const char *sid, int oflags, const char *ot, const char *it);
/* A descriptor: header, owner SID (NULL: none), then, when control has
 * SD_DACL_PRESENT, a DACL of revision rev holding count ACEs (aces). */
void sdb_descriptor(struct sdb *out, unsigned control, const char *owner,
    unsigned rev, const struct sdb *aces, unsigned count);
/* The synthetic linked mailbox descriptor described in sd_build.c. */
void sdb_synthetic(struct sdb *b);
struct slice sdb_slice(const struct sdb *b);
struct slice sdb_sid_of(const char *text, unsigned char buf[SID_MAX_BYTES]);

/* sd_to_sddl succeeds and writes exactly want. */
void sdb_assert_sddl(struct slice bin, const char *want);
/* The mask bits the DACL grants sid on the object as a whole (the allowed
 * ACEs' masks); *ad gets the sd_ad_rights it grants. */
uint32_t sdb_granted(struct slice bin, const char *sid_text, unsigned *ad);

#endif
