/*
 * test_cat.c: cat_run's hand-overs (tasks/cat.h). Every 4,096 records the
 * output goes to its stream, and the writer's flush hook is called then,
 * with every record before it whole in the stream (cmd_cat starts the
 * disk's work there); the output is the same with a hook and without.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "tasks/cat.h"

#include "mem_io.h"

#define NRECORDS 10000

struct seen {
	struct mem_out *out;
	size_t calls;
	size_t in_run;          /* of them, before the writer was closed */
	size_t size[4];         /* what the stream held at each call */
};

static void
handed_over(void *ctx)
{
	struct seen *s = ctx;

	assert_int_equal(fflush(s->out->fp), 0);
	if (s->calls < 4)
		s->size[s->calls] = s->out->size;
	s->calls++;
}

/* NRECORDS entries "dn: cn=K\ncn: K\n", K from 0. */
static void
make_input(struct buf *in)
{
	size_t k;

	for (k = 0; k < NRECORDS; k++)
		buf_printf(in, "dn: cn=%zu\ncn: %zu\n\n", k, k);
}

/* cat the input, with the writer's flush hook when s is not NULL; the
 * output. */
static char *
run(const struct buf *in, struct seen *s, struct mem_out *out)
{
	struct cat_opts co;
	struct cat_stats st;
	struct mem_feed f;
	struct ldif_reader *r;
	struct ldif_writer *w;
	struct diag d;

	memset(&co, 0, sizeof(co));
	co.input_name = "in";
	w = mem_out_writer(out, "out", NULL);
	if (s != NULL) {
		s->out = out;
		ldif_writer_on_flush(w, handed_over, s);
	}
	r = mem_reader(&f, "in", in->p, in->n, 0, NULL);
	assert_int_equal(cat_run(r, w, &co, &st, &d), 0);
	assert_int_equal(st.records, NRECORDS);
	if (s != NULL)
		s->in_run = s->calls;
	ldif_reader_free(r);
	return mem_out_close(out);
}

static void
test_hook_after_each_flush(void **state)
{
	struct buf in = BUF_INIT;
	struct mem_out a, b;
	struct seen s;
	char *with, *without;
	const char *at;

	(void)state;
	memset(&s, 0, sizeof(s));
	make_input(&in);
	with = run(&in, &s, &a);
	without = run(&in, NULL, &b);
	assert_string_equal(with, without);
	/* Before records 4,095 and 8,191 (0-based): two flushes, each with
	 * every record before it whole in the stream, and nothing more;
	 * then the close's, with everything. */
	assert_int_equal(s.in_run, 2);
	assert_int_equal(s.calls, 3);
	assert_int_equal(s.size[2], strlen(with));
	at = strstr(with, "dn: cn=4095\n");
	assert_non_null(at);
	assert_int_equal(s.size[0], (size_t)(at - with));
	at = strstr(with, "dn: cn=8191\n");
	assert_non_null(at);
	assert_int_equal(s.size[1], (size_t)(at - with));
	free(with);
	free(without);
	buf_release(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hook_after_each_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
