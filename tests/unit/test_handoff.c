/*
 * test_handoff.c: the queue between plan's reading thread and its rules'
 * thread (tasks/handoff.h), with a real second thread: everything put is
 * taken, in order, byte for byte (values with NUL bytes, empty values,
 * records larger than an item's first store), progress ticks among them;
 * the end says what the producer's close said; a consumer that stops
 * releases a producer that waits for room; a nudge wakes a consumer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/os.h"
#include "tasks/handoff.h"

#define NRECORDS 20000

/* Record k: "CN=k", and k % 7 attributes, the last one k * 50 % 9000
 * bytes long (every ninth record's over 4 KiB), with a NUL in each value;
 * every 100th record's last value 20,000 bytes: lent, not copied. */
struct made {
	struct ldif_record rec;
	struct ldif_attr attrs[7];
	uint32_t ids[7];
	char dn[32];
	char names[7][16];
	unsigned char *values[7];
};

static void
make(struct made *m, size_t k)
{
	size_t i, n = k % 7;

	memset(&m->rec, 0, sizeof(m->rec));
	snprintf(m->dn, sizeof(m->dn), "CN=%zu", k);
	m->rec.kind = LDIF_ENTRY;
	m->rec.dn = slice_of(m->dn);
	m->rec.line = (unsigned long)k * 10 + 1;
	m->rec.changetype_add = k % 2 == 0;
	for (i = 0; i < n; i++) {
		size_t len = i + 1 < n ? i : k % 100 == 1 ? 20000 :
		    k * 50 % 9000;
		size_t j;

		snprintf(m->names[i], sizeof(m->names[i]), "a%zu", i);
		m->values[i] = malloc(len + 1);
		assert_non_null(m->values[i]);
		for (j = 0; j < len; j++)
			m->values[i][j] = (unsigned char)(j == 0 ? 0 : 'a' + (j + k) % 26);
		m->attrs[i].name = slice_of(m->names[i]);
		m->attrs[i].value = slice_mem(m->values[i], len);
		m->attrs[i].line = m->rec.line + i + 1;
		m->ids[i] = (uint32_t)(i + 1);
	}
	m->rec.attrs = m->attrs;
	m->rec.nattrs = n;
	m->rec.ids = k % 3 == 0 ? NULL : m->ids;
}

static void
unmake(struct made *m)
{
	size_t i;

	for (i = 0; i < m->rec.nattrs; i++)
		free(m->values[i]);
}

static void
assert_same_record(const struct ldif_record *got, size_t k)
{
	struct made m;
	size_t i;

	make(&m, k);
	assert_int_equal(got->kind, LDIF_ENTRY);
	assert_false(got->partial);
	assert_true(slice_eq(got->dn, m.rec.dn));
	assert_int_equal(got->line, m.rec.line);
	assert_int_equal(got->changetype_add, m.rec.changetype_add);
	assert_int_equal(got->nattrs, m.rec.nattrs);
	assert_int_equal(got->ids == NULL, m.rec.ids == NULL);
	for (i = 0; i < got->nattrs; i++) {
		assert_true(slice_eq(got->attrs[i].name, m.attrs[i].name));
		assert_true(slice_eq(got->attrs[i].value, m.attrs[i].value));
		assert_int_equal(got->attrs[i].line, m.attrs[i].line);
		if (got->ids != NULL)
			assert_int_equal(got->ids[i], m.ids[i]);
	}
	unmake(&m);
}

struct producer {
	struct handoff *q;
	size_t n;               /* records to put */
	int end_rc;             /* what to close with */
	size_t put;             /* records put before the end */
	bool saw_stop;          /* handoff_slot said the consumer stopped */
};

static void
produce(void *arg)
{
	struct producer *pr = arg;
	struct handoff_item *it;
	struct diag d;
	size_t k;

	for (k = 0; k < pr->n; k++) {
		struct made m;

		if ((it = handoff_slot(pr->q)) == NULL) {
			pr->saw_stop = true;
			break;
		}
		if (k % 1000 == 999) {
			it->kind = HANDOFF_PROGRESS;
			it->bytes = k;
			it->records = k + 1;
			handoff_put(pr->q);
			if ((it = handoff_slot(pr->q)) == NULL) {
				pr->saw_stop = true;
				break;
			}
		}
		make(&m, k);
		handoff_copy_entry(it, &m.rec);
		handoff_put(pr->q);
		/* Only now: a lent record is the consumer's until then. */
		unmake(&m);
		pr->put++;
	}
	diag_set(&d, "export.ldf", 7, 3, "the producer's error");
	handoff_close(pr->q, pr->end_rc, &d);
}

/* Everything put is taken in order; the end is the close's. */
static void
run_all(int end_rc)
{
	struct producer pr = { NULL, NRECORDS, end_rc, 0, false };
	struct handoff_item *it;
	struct os_thread *t;
	struct diag d;
	size_t k = 0, ticks = 0;
	int rc = 99;

	pr.q = handoff_new();
	assert_non_null(pr.q);
	diag_clear(&d);
	t = os_thread_start(produce, &pr);
	assert_non_null(t);
	for (;;) {
		enum handoff_got got = handoff_take(pr.q, &it, &rc, &d);

		if (got == HANDOFF_END)
			break;
		assert_int_equal(got, HANDOFF_GOT);
		if (it->kind == HANDOFF_PROGRESS) {
			assert_int_equal(it->records, k + 1);
			ticks++;
			continue;
		}
		assert_same_record(&it->rec, k);
		assert_int_equal(it->lent, k % 100 == 1 && k % 7 != 0);
		k++;
	}
	os_thread_join(t);
	assert_int_equal(k, NRECORDS);
	assert_int_equal(ticks, NRECORDS / 1000);
	assert_int_equal(rc, end_rc);
	if (end_rc < 0) {
		assert_string_equal(d.msg, "the producer's error");
		assert_int_equal(d.line, 7);
	} else {
		assert_string_equal(d.msg, "");
	}
	assert_false(handoff_stopped(pr.q));
	handoff_free(pr.q);
}

static void
test_in_order(void **state)
{
	(void)state;
	run_all(0);
}

static void
test_end_with_error(void **state)
{
	(void)state;
	run_all(-1);
}

/* A consumer that stops after a few items releases the producer, which
 * may be waiting for room. */
static void
test_stop(void **state)
{
	struct producer pr = { NULL, NRECORDS, 0, 0, false };
	struct handoff_item *it;
	struct os_thread *t;
	struct diag d;
	int rc, i;

	(void)state;
	pr.q = handoff_new();
	assert_non_null(pr.q);
	t = os_thread_start(produce, &pr);
	assert_non_null(t);
	for (i = 0; i < 5; i++)
		assert_int_equal(handoff_take(pr.q, &it, &rc, &d), HANDOFF_GOT);
	handoff_stop(pr.q);
	os_thread_join(t);
	assert_true(handoff_stopped(pr.q));
	assert_true(pr.saw_stop);
	assert_true(pr.put < NRECORDS);
	handoff_free(pr.q);
}

struct nudger {
	struct handoff *q;
};

static void
nudge_then_close(void *arg)
{
	struct nudger *n = arg;

	handoff_nudge(n->q);
	handoff_close(n->q, 0, NULL);
}

/* A nudge wakes the consumer (or is waiting for it) before the end. */
static void
test_nudge(void **state)
{
	struct nudger n;
	struct handoff_item *it;
	struct os_thread *t;
	struct diag d;
	int rc = 99;

	(void)state;
	n.q = handoff_new();
	assert_non_null(n.q);
	handoff_nudge(n.q);
	assert_int_equal(handoff_take(n.q, &it, &rc, &d), HANDOFF_NUDGED);
	assert_null(it);
	t = os_thread_start(nudge_then_close, &n);
	assert_non_null(t);
	os_thread_join(t);
	assert_int_equal(handoff_take(n.q, &it, &rc, &d), HANDOFF_NUDGED);
	assert_int_equal(handoff_take(n.q, &it, &rc, &d), HANDOFF_END);
	assert_int_equal(rc, 0);
	handoff_free(n.q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_end_with_error),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_nudge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
