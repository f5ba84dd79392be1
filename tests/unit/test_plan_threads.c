/*
 * test_plan_threads.c: plan_run() on two threads (a worker reads and
 * sorts, the caller's thread runs the rules) does what it does on one,
 * byte for byte: the change and undo files, every count, the progress
 * calls, and, when the export is bad, the same first error, whichever
 * half meets it (the reading half: a DN twice, a line without a colon;
 * the rules' half: an entry to change whose DN apply would refuse).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "tasks/plan.h"

#include "mem_io.h"

#define ENTRIES 10000

/* Where an export goes wrong: the index of the entry, or -1. */
struct faults {
	long dup;       /* repeats the first entry's DN */
	long bad_dn;    /* a linked mailbox whose DN is not RFC 4514 */
	long junk;      /* holds a line without a colon */
	long quiet;     /* from this entry on, no linked mailbox */
};

static const struct faults none = { -1, -1, -1, -1 };

/* Entry k is a linked mailbox (one in five, until f->quiet). */
static bool
linked(const struct faults *f, long k)
{
	return k == f->bad_dn || (k % 5 == 0 && (f->quiet < 0 || k < f->quiet));
}

/* ENTRIES users, one in five a linked mailbox of another domain; one in
 * 250 with a 20,000-byte info (a record the queue lends, not copies). */
static char *
make_export(const struct faults *f)
{
	struct buf b = BUF_INIT;
	long k;

	for (k = 0; k < ENTRIES; k++) {
		if (k == f->bad_dn)
			buf_printf(&b, "dn: CN=Bad;%ld,OU=Linked,DC=x\n", k);
		else
			buf_printf(&b, "dn: CN=User%ld,OU=Linked,DC=x\n",
			    k == f->dup ? 0 : k);
		buf_printf(&b, "objectClass: user\nsAMAccountName: u%ld\n", k);
		if (k % 250 == 0) {
			size_t i;

			buf_puts(&b, "info: ");
			for (i = 0; i < 20000; i++)
				buf_putc(&b, 'a' + (int)((i + (size_t)k) % 26));
			buf_putc(&b, '\n');
		}
		if (k == f->junk)
			buf_puts(&b, "this line has no colon\n");
		buf_printf(&b, "msExchRecipientTypeDetails: %d\n",
		    linked(f, k) ? 2 : 1);
		buf_puts(&b, "userAccountControl: 514\n"
		    "msExchRecipientDisplayType: 1073741824\n"
		    "objectSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\n");
		if (linked(f, k))
			buf_puts(&b, "msExchMasterAccountSid:: "
			    "AQUAAAAAAAUVAAAABAAAAAUAAAAGAAAA9QMAAA==\n");
		buf_puts(&b, "\n");
	}
	return (char *)b.p;
}

struct outcome {
	int rc;
	char err[DIAG_MSG_MAX + 300];
	char *change, *undo;
	struct plan_stats stats;
	unsigned long long carried[16];
	struct buf progress;    /* "bytes/records " of every call */
};

static void
on_progress(void *ctx, unsigned long long bytes, unsigned long long records)
{
	buf_printf(ctx, "%llu/%llu ", bytes, records);
}

static void
run(const char *text, bool one_thread, struct outcome *o)
{
	struct ruleset rs;
	struct plan p;
	struct plan_opts opts = { false, true, one_thread };
	struct mem_feed m;
	struct mem_out cm, um;
	struct ldif_reader *rd;
	struct diag d;
	size_t i;

	memset(o, 0, sizeof(*o));
	buf_init(&o->progress);
	rules_init(&rs);
	assert_int_equal(rules_load_default(&rs, NULL, 0, &d), 0);
	plan_init(&p, &rs, &opts);
	p.input_name = "export.ldf";
	p.out = mem_out_writer(&cm, "change", NULL);
	p.undo = mem_out_writer(&um, "undo", NULL);
	p.on_progress = on_progress;
	p.on_progress_ctx = &o->progress;
	/* Reads of 4000 bytes: records cross every read. */
	rd = mem_reader(&m, "export.ldf", text, strlen(text), 4000, NULL);
	diag_clear(&d);
	o->rc = plan_run(&p, rd, &d);
	diag_format(&d, o->err, sizeof(o->err));
	o->stats = p.stats;
	o->stats.rule_hits = NULL;
	assert_true(p.census.nattrs <= 16);
	for (i = 0; i < p.census.nattrs; i++)
		o->carried[i] = p.census.carried[i];
	ldif_reader_free(rd);
	o->change = mem_out_close(&cm);
	o->undo = mem_out_close(&um);
	plan_free(&p);
	rules_free(&rs);
}

static void
outcome_free(struct outcome *o)
{
	free(o->change);
	free(o->undo);
	buf_release(&o->progress);
}

/* Both ways the same; the outcome of the threaded run in *two. */
static void
same_both_ways(const struct faults *f, struct outcome *two)
{
	struct outcome one;
	char *text = make_export(f);

	run(text, true, &one);
	run(text, false, two);
	assert_int_equal(two->rc, one.rc);
	assert_string_equal(two->err, one.err);
	if (one.rc == 0) {
		assert_string_equal(two->change, one.change);
		assert_string_equal(two->undo, one.undo);
	}
	assert_int_equal(two->stats.matched, one.stats.matched);
	assert_int_equal(two->stats.changed, one.stats.changed);
	assert_int_equal(two->stats.mods, one.stats.mods);
	assert_int_equal(two->stats.warnings, one.stats.warnings);
	if (one.rc == 0) {
		assert_int_equal(two->stats.records, one.stats.records);
		assert_int_equal(two->stats.entries, one.stats.entries);
		assert_int_equal(two->stats.selected, one.stats.selected);
		assert_memory_equal(two->carried, one.carried,
		    sizeof(one.carried));
		assert_string_equal((const char *)two->progress.p,
		    (const char *)one.progress.p);
	}
	outcome_free(&one);
	free(text);
}

static void
test_clean_export(void **state)
{
	struct outcome o;

	(void)state;
	same_both_ways(&none, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.stats.entries, ENTRIES);
	assert_int_equal(o.stats.changed, ENTRIES / 5);
	/* Two progress calls: at records 4096 and 8192. */
	assert_non_null(strstr((const char *)o.progress.p, "/4096 "));
	assert_non_null(strstr((const char *)o.progress.p, "/8192 "));
	outcome_free(&o);
}

/* The reading half's errors, early and late. */
static void
test_reading_errors(void **state)
{
	struct faults f = none;
	struct outcome o;

	(void)state;
	f.dup = 7001;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.err, "this entry's DN was already an entry "
	    "at line 1"));
	outcome_free(&o);
	f = none;
	f.junk = 3;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.err, "no colon"));
	outcome_free(&o);
	f = none;
	f.junk = ENTRIES - 1;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.err, "no colon"));
	outcome_free(&o);
}

/* The rules' half's error; and whichever of the two comes first in the
 * export is the run's, as on one thread. */
static void
test_first_error_wins(void **state)
{
	struct faults f = none;
	struct outcome o;

	(void)state;
	f.bad_dn = 5003;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.err, "'CN=Bad;5003,OU=Linked,DC=x' is not a "
	    "valid DN"));
	outcome_free(&o);
	/* The rules' half first, the reading half's error after it. */
	f.dup = 9000;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "CN=Bad;5003"));
	outcome_free(&o);
	/* The reading half's first. */
	f.dup = 1200;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "already an entry at line 1"));
	outcome_free(&o);
	/* The two in the same entry's neighbourhood. */
	f.dup = 5004;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "CN=Bad;5003"));
	outcome_free(&o);
}

/*
 * A duplicate DN just before the rules' error or the reading half's own
 * is still the first error, as on one thread; a record that does not
 * read is not counted at all.
 */
static void
test_duplicate_just_before(void **state)
{
	struct faults f = none;
	struct outcome o;

	(void)state;
	f.bad_dn = 5003;
	f.dup = 5002;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "already an entry at line 1"));
	outcome_free(&o);
	f = none;
	f.junk = 4000;
	f.dup = 3999;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "already an entry at line 1"));
	outcome_free(&o);
	/* A record that does not read is not counted at all. */
	f.dup = 4000;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "no colon"));
	outcome_free(&o);
	f.dup = 4001;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "no colon"));
	outcome_free(&o);
}

/* No linked mailbox after entry 2000: nothing goes to the rules' thread
 * for most of the export, and a duplicate there is found all the same. */
static void
test_dns_without_entries(void **state)
{
	struct faults f = none;
	struct outcome o;

	(void)state;
	f.quiet = 2000;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, 0);
	assert_int_equal(o.stats.entries, ENTRIES);
	assert_int_equal(o.stats.changed, 2000 / 5);
	outcome_free(&o);
	f.dup = ENTRIES - 1;
	same_both_ways(&f, &o);
	assert_int_equal(o.rc, -1);
	assert_non_null(strstr(o.err, "already an entry at line 1"));
	outcome_free(&o);
	f.dup = 5000;
	same_both_ways(&f, &o);
	assert_non_null(strstr(o.err, "already an entry at line 1"));
	outcome_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_export),
		cmocka_unit_test(test_reading_errors),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_duplicate_just_before),
		cmocka_unit_test(test_dns_without_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
