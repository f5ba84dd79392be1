/*
 * handoff.c: the queue of handoff.h.
 *
 * Items [taken, put) are the consumer's (the first of them, while
 * holding, the one it has taken); the producer fills item put %
 * HANDOFF_SLOTS. put, taken, the flags and the end's rc and diag are
 * shared under lock; an item's contents belong to one side at a time,
 * handed over with put and taken.
 */
#include "tasks/handoff.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/os.h"

struct handoff {
	struct os_lock *lock;
	struct handoff_item items[HANDOFF_SLOTS];
	unsigned long long put, taken;
	bool closed;            /* the producer is done: rc, d */
	/* The consumer takes no more: written under lock, read without it
	 * by handoff_stopped() once a record. */
	atomic_bool stopped;
	bool holding;           /* the consumer has item taken % SLOTS */
	bool nudged;            /* handoff_nudge since the last take */
	int rc;
	struct diag d;
	/* Who sleeps in os_wait: the other side wakes it, and only it. */
	bool producer_waits, consumer_waits;
};

struct handoff *
handoff_new(void)
{
	struct handoff *q = xcalloc(1, sizeof(*q));

	q->lock = os_lock_new();
	if (q->lock == NULL) {
		free(q);
		return NULL;
	}
	diag_clear(&q->d);
	return q;
}

void
handoff_free(struct handoff *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < HANDOFF_SLOTS; i++) {
		free(q->items[i].store);
		free(q->items[i].attrs);
		free(q->items[i].ids);
	}
	os_lock_free(q->lock);
	free(q);
}

struct handoff_item *
handoff_slot(struct handoff *q)
{
	struct handoff_item *it = NULL;

	os_lock(q->lock);
	while (!q->stopped && q->put - q->taken == HANDOFF_SLOTS) {
		q->producer_waits = true;
		os_wait(q->lock);
		q->producer_waits = false;
	}
	if (!q->stopped)
		it = &q->items[q->put % HANDOFF_SLOTS];
	os_unlock(q->lock);
	return it;
}

/* Room for n bytes of copies in it. */
static void
store_room(struct handoff_item *it, size_t n)
{
	size_t cap = it->store_cap ? it->store_cap : 4096;

	if (it->store != NULL && n <= it->store_cap)
		return;
	while (n > cap)
		cap *= 2;               /* n <= HANDOFF_COPY_MAX */
	it->store = xrealloc(it->store, cap);
	it->store_cap = cap;
}

void
handoff_copy_entry(struct handoff_item *it, const struct ldif_record *rec)
{
	size_t i, total = rec->dn.n, at;

	for (i = 0; i < rec->nattrs; i++)
		total += rec->attrs[i].name.n + rec->attrs[i].value.n;
	it->kind = HANDOFF_ENTRY;
	it->lent = total > HANDOFF_COPY_MAX;
	if (it->lent) {
		it->rec = *rec;
		return;
	}
	store_room(it, total);
	if (it->attrs == NULL || rec->nattrs > it->attrs_cap) {
		size_t cap = rec->nattrs > 64 ? rec->nattrs : 64;

		it->attrs = xreallocarray(it->attrs, cap, sizeof(*it->attrs));
		it->ids = xreallocarray(it->ids, cap, sizeof(*it->ids));
		it->attrs_cap = cap;
	}
	memset(&it->rec, 0, sizeof(it->rec));
	it->rec.kind = LDIF_ENTRY;
	it->rec.changetype_add = rec->changetype_add;
	it->rec.line = rec->line;
	/* One store: the slices below point into it, which no longer
	 * moves. (Empty slices keep a valid pointer too.) */
	memcpy(it->store, rec->dn.p, rec->dn.n);
	it->rec.dn = slice_mem(it->store, rec->dn.n);
	at = rec->dn.n;
	for (i = 0; i < rec->nattrs; i++) {
		const struct ldif_attr *a = &rec->attrs[i];
		struct ldif_attr *c = &it->attrs[i];

		memcpy(it->store + at, a->name.p, a->name.n);
		c->name = slice_mem(it->store + at, a->name.n);
		at += a->name.n;
		memcpy(it->store + at, a->value.p, a->value.n);
		c->value = slice_mem(it->store + at, a->value.n);
		at += a->value.n;
		c->line = a->line;
		it->ids[i] = rec->ids != NULL ? rec->ids[i] : 0;
	}
	it->rec.attrs = it->attrs;
	it->rec.nattrs = rec->nattrs;
	it->rec.ids = rec->ids != NULL ? it->ids : NULL;
}

void
handoff_put(struct handoff *q)
{
	const struct handoff_item *it;

	os_lock(q->lock);
	it = &q->items[q->put % HANDOFF_SLOTS];
	q->put++;
	/* A sleeping consumer gets half a queue at a time, or a progress
	 * tick or a lent record at once. */
	if (q->consumer_waits && (q->put - q->taken >= HANDOFF_SLOTS / 2 ||
	    it->kind == HANDOFF_PROGRESS || (it->kind == HANDOFF_ENTRY &&
	    it->lent)))
		os_wake(q->lock);
	/* A lent record: until the consumer gives it back. */
	while (it->kind == HANDOFF_ENTRY && it->lent && !q->stopped &&
	    q->taken < q->put) {
		q->producer_waits = true;
		os_wait(q->lock);
		q->producer_waits = false;
	}
	os_unlock(q->lock);
}

bool
handoff_stopped(struct handoff *q)
{
	return atomic_load_explicit(&q->stopped, memory_order_relaxed);
}

void
handoff_close(struct handoff *q, int rc, const struct diag *d)
{
	os_lock(q->lock);
	q->closed = true;
	q->rc = rc;
	if (rc < 0 && d != NULL)
		q->d = *d;
	os_wake(q->lock);
	os_unlock(q->lock);
}

enum handoff_got
handoff_take(struct handoff *q, struct handoff_item **it, int *rc,
    struct diag *d)
{
	enum handoff_got got;

	*it = NULL;
	os_lock(q->lock);
	if (q->holding) {
		/* The item taken last time is given back now; a producer
		 * waiting for room gets it half a queue at a time. */
		q->taken++;
		q->holding = false;
		if (q->producer_waits && q->put - q->taken <= HANDOFF_SLOTS / 2)
			os_wake(q->lock);
	}
	while (q->put == q->taken && !q->closed && !q->nudged) {
		q->consumer_waits = true;
		os_wait(q->lock);
		q->consumer_waits = false;
	}
	if (q->nudged) {
		q->nudged = false;
		got = HANDOFF_NUDGED;
	} else if (q->put > q->taken) {
		*it = &q->items[q->taken % HANDOFF_SLOTS];
		q->holding = true;
		got = HANDOFF_GOT;
	} else {
		*rc = q->rc;
		if (q->rc < 0 && d != NULL)
			*d = q->d;
		got = HANDOFF_END;
	}
	os_unlock(q->lock);
	return got;
}

void
handoff_nudge(struct handoff *q)
{
	os_lock(q->lock);
	q->nudged = true;
	if (q->consumer_waits)
		os_wake(q->lock);
	os_unlock(q->lock);
}

void
handoff_stop(struct handoff *q)
{
	os_lock(q->lock);
	atomic_store(&q->stopped, true);
	os_wake(q->lock);
	os_unlock(q->lock);
}
