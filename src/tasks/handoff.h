/*
 * handoff.h: a bounded queue that carries copies of entry records, and
 * progress ticks, from one thread to another, in order. plan_run() reads
 * and sorts the export on a worker thread and hands the entries a rule
 * may match to the thread that runs the rules and writes the outputs.
 *
 * One producer, one consumer. The queue owns its HANDOFF_SLOTS items and
 * their storage, reused from one record to the next: a record copied in
 * is valid until the consumer's next handoff_take(). Each side sleeps
 * only when it must (the queue empty, or full) and wakes the other only
 * when that one sleeps and half the queue is ready for it, so that a
 * record handed over costs no system call while both run.
 *
 * The producer ends the stream with handoff_close(), with an error or
 * without; the consumer can stop early with handoff_stop(), after which
 * handoff_slot() says so to the producer. handoff_free() after both are
 * done.
 *
 * The consumer may have other work that the producer makes (plan's input
 * hash, see cmd/input.h): handoff_nudge() wakes it for that, and its
 * handoff_take() then returns HANDOFF_NUDGED instead of sleeping on.
 */
#ifndef LDFIX_HANDOFF_H
#define LDFIX_HANDOFF_H

#include <stdbool.h>

#include "base/diag.h"
#include "ldif/ldif.h"

#define HANDOFF_SLOTS 8
/* Larger records are lent, not copied (see handoff_copy_entry). */
#define HANDOFF_COPY_MAX ((size_t)16 << 10)

enum handoff_kind {
	HANDOFF_ENTRY,          /* rec: a copy of an entry record */
	HANDOFF_PROGRESS        /* bytes and records read so far */
};

struct handoff_item {
	enum handoff_kind kind;
	struct ldif_record rec;
	unsigned long long bytes, records;

	/* Private: the copy's storage; lent: rec is the producer's. */
	bool lent;
	unsigned char *store;
	size_t store_cap;
	struct ldif_attr *attrs;
	uint32_t *ids;
	size_t attrs_cap;
};

struct handoff;

/* handoff_new: an empty queue, or NULL with errno set when the system
 * has no lock to give (the caller then does the work on one thread). */
struct handoff *handoff_new(void);
void handoff_free(struct handoff *q);

/*
 * Producer. handoff_slot: the next free item, waiting for one; NULL when
 * the consumer has stopped. Fill it (handoff_copy_entry() for an entry),
 * then handoff_put() hands it over. handoff_close: no more items; rc < 0
 * says the stream ended in an error, d (copied) says which.
 *
 * A record of more than HANDOFF_COPY_MAX bytes is lent instead of copied,
 * so that the queue's memory stays small whatever the export holds: then
 * handoff_put() returns only when the consumer is done with it (or has
 * stopped), and the record's bytes stay the producer's until then.
 */
struct handoff_item *handoff_slot(struct handoff *q);
void handoff_copy_entry(struct handoff_item *it, const struct ldif_record *rec);
void handoff_put(struct handoff *q);
void handoff_close(struct handoff *q, int rc, const struct diag *d);
/* handoff_stopped: the consumer has stopped (the producer can stop
 * reading before its next item). */
bool handoff_stopped(struct handoff *q);

/*
 * Consumer. handoff_take: HANDOFF_GOT with *it the next item, waiting for
 * one; HANDOFF_NUDGED when handoff_nudge() was called since the last
 * take (the other work waits); HANDOFF_END at the end of the stream, with
 * *rc and *d what handoff_close() said. An item is the consumer's until
 * its next handoff_take() or handoff_stop(). handoff_stop: take no more;
 * the producer is told at its next slot.
 */
enum handoff_got { HANDOFF_GOT, HANDOFF_NUDGED, HANDOFF_END };

enum handoff_got handoff_take(struct handoff *q, struct handoff_item **it,
    int *rc, struct diag *d);
void handoff_stop(struct handoff *q);

/* handoff_nudge: (any thread) wake the consumer for its other work. */
void handoff_nudge(struct handoff *q);

#endif
