/*
 * apply_work.h: the entry "ldfix apply" works on while it applies the change
 * records of one DN, private to apply.c.
 *
 * struct entry (ldif/entry.h) is built for reading and for the few changes
 * a rule makes; apply needs every operation of a modify record to cost
 * O(1) however many values the attribute holds or attributes the entry
 * has, and each record to apply whole or not at all. So here:
 *   - an attribute with many values keeps a hash set of them (is v there:
 *     O(1));
 *   - deleting a value or an attribute only marks it dead, so nothing
 *     shifts and the order of what is left stays as it was;
 *   - every change is journaled; apply_work_rollback() undoes the record's
 *     changes in reverse, apply_work_commit() keeps them.
 * The entry is loaded once per DN (apply_work_load) and written back once
 * (apply_work_store), never copied per record.
 *
 * Attribute order follows apply.h: an attribute the entry held when the
 * record began, deleted and added again by it, keeps its place; any other
 * new attribute goes to the end.
 *
 * Names compare ASCII case-insensitively, values byte for byte. Values are
 * borrowed as given (pass bytes that outlive the work: the record's, or
 * apply's arena). An export may list a value twice: it is held once, so
 * a delete takes every copy and an add of it fails.
 */
#ifndef LDFIX_APPLY_WORK_H
#define LDFIX_APPLY_WORK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "ldif/entry.h"

struct apply_work;

struct apply_work *apply_work_new(void);
void apply_work_free(struct apply_work *w);

/* apply_work_load: w becomes a copy of e (values borrowed). An empty e
 * (the target of an add record) gives an empty work. */
void apply_work_load(struct apply_work *w, const struct entry *e);
/* apply_work_reset: w becomes an empty entry named dn (an add's start).
 * Until apply_work_begin, changes are not journaled (an add record that
 * fails leaves no entry, so there is nothing to undo). */
void apply_work_reset(struct apply_work *w, struct slice dn,
    unsigned long line);
/* apply_work_store: e becomes what w holds (e's store is reset). */
void apply_work_store(struct apply_work *w, struct entry *e);

/* Records: begin, then changes, then commit (keep) or rollback (undo). */
void apply_work_begin(struct apply_work *w);
void apply_work_commit(struct apply_work *w);
void apply_work_rollback(struct apply_work *w);

/* apply_work_has_attr: the attribute is there (with values). */
bool apply_work_has_attr(const struct apply_work *w, struct slice name);

/* apply_work_add_value: false when v is already there. */
bool apply_work_add_value(struct apply_work *w, struct slice name,
    struct slice v);
/* apply_work_delete_value: false when v is not there; the attribute goes
 * with its last value. */
bool apply_work_delete_value(struct apply_work *w, struct slice name,
    struct slice v);
/* apply_work_delete_attr: false when the attribute is absent. */
bool apply_work_delete_attr(struct apply_work *w, struct slice name);
/* apply_work_replace: the values become vals[0..n) (a repeat is kept
 * once); n == 0 deletes the attribute. */
void apply_work_replace(struct apply_work *w, struct slice name,
    const struct slice *vals, size_t n);

/*
 * apply_work_each_value: call fn for every value of the attribute in
 * order; fn may return a replacement in *out (and true), or false to stop
 * with that value left as it was. Returns false when fn stopped (the
 * caller rolls the record back), true otherwise, also when the attribute
 * is absent (check apply_work_has_attr first).
 */
typedef bool (*apply_work_value_fn)(void *ctx, struct slice v,
    struct slice *out);
bool apply_work_each_value(struct apply_work *w, struct slice name,
    apply_work_value_fn fn, void *ctx);

#endif
