/*
 * dn.h: distinguished names compared the way AD compares them (RFC 4514
 * syntax, case-insensitive in every script, escapes and hex pairs undone,
 * insignificant spaces around separators ignored). DNs are never rebuilt
 * for output: the input bytes are written as they came; this module only
 * compares.
 */
#ifndef LDFIX_DN_H
#define LDFIX_DN_H

#include <stdbool.h>

#include "base/buf.h"

/*
 * dn_normalize: append a canonical form of dn to out (RDNs joined by ',',
 * attribute types and values lower-cased, escapes resolved and special
 * characters re-escaped uniformly, multi-valued RDN parts kept in order).
 * Returns -1 if dn is not a valid RFC 4514 DN; out is then unspecified.
 */
int dn_normalize(struct slice dn, struct buf *out);

/* dn_valid: dn_normalize would succeed. */
bool dn_valid(struct slice dn);

/* dn_equal: both valid and equal after normalization. */
bool dn_equal(struct slice a, struct slice b);

/* dn_is_under: dn equals base or lies in its subtree. The empty base is
 * the root: every valid DN is under it. False if either is invalid. */
bool dn_is_under(struct slice dn, struct slice base);

/* dn_is_under_norm: the same with both sides already normalized. */
bool dn_is_under_norm(struct slice ndn, struct slice nbase);

/* dn_fold_case: append v lower-cased as DN values are compared (ASCII and
 * other Unicode letters; bytes that are not UTF-8 unchanged), for names
 * such as sAMAccountName that AD compares the same way. */
void dn_fold_case(struct buf *out, struct slice v);

/*
 * dn_each_ava: call fn for every attribute type and value of dn, from the
 * first RDN (the entry's own) to the last; rdn counts the RDNs from 0.
 * value is decoded (escapes and hex pairs undone, insignificant spaces
 * dropped; a "#hex" value as its bytes) and valid only during the call.
 * Returns 0, or -1 when dn is not a valid DN (fn may have been called for
 * the AVAs before the error).
 */
typedef void (*dn_ava_fn)(void *ctx, size_t rdn, struct slice type,
    struct slice value);
int dn_each_ava(struct slice dn, dn_ava_fn fn, void *ctx);

#endif
