/*
 * entry.h: a mutable directory entry, what rules read and change and what
 * the offline applier modifies.
 *
 * An entry groups an LDIF record's attribute lines by attribute description
 * (compared ASCII case-insensitively, options included), keeping the order in
 * which each description first appeared and the spelling of that first
 * occurrence. Value bytes are borrowed: from the ldif_record the entry was
 * loaded from (valid until the next read) or from the entry's own store
 * (entry_intern), which lives until entry_reset() or entry_free(). A copy
 * made by entry_copy() borrows the same bytes as its source.
 *
 * Callers may read attrs[] and edit an attribute's values in place, but
 * add, remove and reorder attributes only through these functions: the
 * indexes that keep entry_get fast would go stale.
 *
 * Each attribute carries the id of its description (ldif_names.h): looking
 * one up compares ids, and the attributes whose ids are below
 * ENTRY_FAST_IDS (the names rules read are interned first) are found
 * through a table in the entry, without a scan.
 */
#ifndef LDFIX_ENTRY_H
#define LDFIX_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/hash.h"
#include "ldif/ldif.h"
#include "ldif/ldif_names.h"

struct entry_attr {
	struct slice name;      /* spelling of the first occurrence */
	struct slice *vals;
	size_t nvals;
	size_t cap;             /* 0: vals is a segment of the entry's pool */
	unsigned long line;     /* input line of the first value, 0 if new */
	uint32_t id;            /* of name (ldif_names.h); 0: none */
};

#define ENTRY_FAST_IDS 256

struct entry {
	struct slice dn;
	unsigned long line;
	struct entry_attr *attrs;
	size_t nattrs;
	size_t cap;
	struct arena store;             /* bytes made by entry_intern() */
	/* Private to entry.c: a hash index of attrs by description, kept
	 * for entries with many attributes so that lookups stay O(1). */
	struct hash index;
	size_t indexed;                 /* attrs[0..indexed) are in index */
	/* The values of a loaded or copied entry, one array for all
	 * attributes (16 bytes a value, no allocation per attribute); an
	 * attribute that grows past its segment gets its own array. */
	struct slice *pool;
	size_t pool_cap;
	size_t *which;                  /* entry_load: each line's attribute */
	size_t which_cap;
	/* fast[id], for ids below ENTRY_FAST_IDS: 0 when no attribute has
	 * that id, else its index in attrs[] + 1, or FAST_FAR (255) when
	 * that index is too large for a byte (then attrs[] is scanned). */
	unsigned char fast[ENTRY_FAST_IDS];
};

void entry_init(struct entry *e);
void entry_free(struct entry *e);
/* entry_reset: empty the entry and its store, keeping memory for reuse. */
void entry_reset(struct entry *e);

/* entry_load: reset e, then fill it from an LDIF_ENTRY record. */
void entry_load(struct entry *e, const struct ldif_record *rec);

/* entry_append: add v as the last value of the attribute name (created at
 * the end, from this line, when e has none), without looking for an equal
 * value: for building an entry from values the caller has. */
void entry_append(struct entry *e, struct slice name, struct slice v,
    unsigned long line);

/* entry_copy: make dst an independent copy of src's arrays; the value bytes
 * are shared (they are never modified in place). dst's store is kept. */
void entry_copy(struct entry *dst, const struct entry *src);

/* entry_get: the attribute with this description, or NULL. */
struct entry_attr *entry_get(const struct entry *e, struct slice name);
/* entry_get_id: the same for a name whose id the caller knows
 * (ldif_name_id(name), not 0: then name is not read). */
struct entry_attr *entry_get_id(const struct entry *e, uint32_t id,
    struct slice name);
/* entry_get_type: the first attribute whose type (options ignored) is type. */
struct entry_attr *entry_get_type(const struct entry *e, struct slice type);

/* entry_intern: copy n bytes into the entry's store; stable until reset. */
struct slice entry_intern(struct entry *e, const void *p, size_t n);

/* entry_has_value: the attribute holds a value equal byte for byte. */
bool entry_has_value(const struct entry_attr *a, struct slice v);

/*
 * Changes. Names are used as given for a new attribute. Values are borrowed
 * as given: pass interned or record-owned bytes.
 * entry_add_value returns false when the value was already there.
 * entry_delete_value returns false when it was not.
 * entry_delete_attr returns false when the attribute was absent.
 */
bool entry_add_value(struct entry *e, struct slice name, struct slice v);
bool entry_delete_value(struct entry *e, struct slice name, struct slice v);
bool entry_delete_attr(struct entry *e, struct slice name);
/* entry_replace: the attribute's values become vals[0..n); n == 0 deletes. */
void entry_replace(struct entry *e, struct slice name, const struct slice *vals,
    size_t n);

#endif
