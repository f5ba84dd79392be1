/*
 * ldif_names.h: attribute descriptions as small numbers.
 *
 * Every attribute description ldfix meets gets a number, its id, the first
 * time it is met, ASCII case-insensitively ("mail" and "Mail" share one),
 * and keeps it for the rest of the process: the reader gives each
 * attribute line the id of its name, an entry keeps it with each
 * attribute, and the rule loader gives one to every name a rule reads. So
 * finding an attribute of an entry compares numbers, not bytes, and the
 * names a rule set reads (interned first) have the smallest ids.
 *
 * The table is bounded: LDIF_NAMES_MAX ids and LDIF_NAMES_BYTES bytes of
 * names (an export uses a few hundred names; a hostile one may use a new
 * name on every line). Once it is full, a description met for the first
 * time gets id 0, "none", for good, and the callers compare its bytes as
 * they would without ids; ldif_names_full() says whether that has
 * happened. An id, once given, never changes, and a description that got
 * 0 gets 0 every time: so two descriptions with the same non-zero id are
 * the same description, and an attribute with id 0 can only be named by
 * a description without one.
 *
 * One table for the process, safe to use from several threads (plan_run
 * reads on one and runs the rules on another). Memory: at most
 * LDIF_NAMES_BYTES of names and a slot per id.
 */
#ifndef LDFIX_LDIF_NAMES_H
#define LDFIX_LDIF_NAMES_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

#define LDIF_NAMES_MAX 4095                     /* ids 1..LDIF_NAMES_MAX */
#define LDIF_NAMES_BYTES ((size_t)128 << 10)    /* of names, in all */

/* ldif_name_id: the id of desc, given now if it has none yet; 0 when the
 * table is full (or desc is empty). */
uint32_t ldif_name_id(struct slice desc);

/* ldif_name_find: the id desc has, or 0 when it has none (never met, or
 * met once the table was full). Gives no id. */
uint32_t ldif_name_find(struct slice desc);

/* ldif_name_memo: ldif_name_id(name), given once and kept in *memo (a
 * static of the caller's, 0 at first): for names the code spells. Atomic:
 * two threads may ask at once, and after the first time no lock is
 * taken. */
uint32_t ldif_name_memo(_Atomic uint32_t *memo, const char *name);

/* ldif_names_full: some description met has no id (then id 0 is a name
 * to compare as bytes, not an absent one). */
bool ldif_names_full(void);

#endif
