/*
 * skim_same.h: does a reader with ldif_reader_skim() read what the full
 * reader reads? For test_ldif_skim.c and tests/fuzz/fuzz_skim.c.
 *
 * skim_same walks two readers over the same input, full without and skim
 * with ldif_reader_skim(skim, s), record by record: a whole record must be
 * the full reader's record byte for byte (names, values, lines, ids,
 * mod-specs, controls); a partial one its DN, lines and changetype, and of
 * its attribute lines those of s's value types with their values and
 * those of its presence types with empty values, in order (a name without
 * an id counts as a value type; with s->all no record may be partial);
 * the partial records whose number k has
 * bit k % 32 set in complete are completed and must then be the full
 * record. Errors must be the same diagnostic, at the same record. Returns
 * 0 when the readers agree, or -1 with why (a NUL-terminated sentence)
 * filled. st, if not NULL, counts what was seen.
 */
#ifndef LDFIX_TEST_SKIM_SAME_H
#define LDFIX_TEST_SKIM_SAME_H

#include <stddef.h>
#include <stdint.h>

#include "ldif/ldif_reader.h"

struct skim_stats {
	size_t records;         /* read by both */
	size_t partial;         /* of them partial in skim */
	size_t completed;       /* of those completed */
	int end;                /* 0: both ended; -1: both failed alike */
};

int skim_same(struct ldif_reader *full, struct ldif_reader *skim,
    const struct ldif_skim *s, uint32_t complete, struct skim_stats *st,
    char *why, size_t whysz);

#endif
