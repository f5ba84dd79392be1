/*
 * fuzz_roundtrip.c: libFuzzer harness for the reader and writer together:
 * what ldfix reads, "ldfix cat" writes back so that reading it again gives
 * the same records (issue 10).
 *
 * The first byte picks the output form: the wrap column (0, never, or 2
 * to 80), CRLF line ends, --decode comments, --content; the rest is the
 * input. The input is read and described record by record; cat_run
 * writes it (at most 4 MB of output) into memory; the output is read and
 * described the same way. Aborts when cat fails on an input the reader
 * accepted (the writer refusing what the reader read), or when the two
 * descriptions differ. Value lines of a mod-spec are compared by the
 * mod-spec's attribute: the writer spells them as the mod-spec does.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/cat.h"
#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put(struct buf *b, const char *tag, struct slice s)
{
	buf_printf(b, "%s %zu:", tag, s.n);
	buf_putslice(b, s);
	buf_putc(b, '\n');
}

/* One record, in a form that compares what it means. */
static void
describe(struct buf *b, const struct ldif_record *rec, bool content)
{
	size_t i, k;

	buf_printf(b, "kind %d add %d\n", (int)rec->kind,
	    rec->changetype_add && !content);
	put(b, "dn", rec->dn);
	for (i = 0; i < rec->ncontrols; i++) {
		put(b, "control", rec->controls[i].oid);
		buf_printf(b, "critical %d value %d\n",
		    rec->controls[i].critical, rec->controls[i].has_value);
		if (rec->controls[i].has_value)
			put(b, "cvalue", rec->controls[i].value);
	}
	switch (rec->kind) {
	case LDIF_ENTRY:
		for (i = 0; i < rec->nattrs; i++) {
			put(b, "name", rec->attrs[i].name);
			put(b, "value", rec->attrs[i].value);
		}
		break;
	case LDIF_MODIFY:
		for (i = 0; i < rec->nmods; i++) {
			buf_printf(b, "mod %d\n", (int)rec->mods[i].op);
			put(b, "attr", rec->mods[i].attr);
			for (k = 0; k < rec->mods[i].count; k++)
				put(b, "value",
				    rec->attrs[rec->mods[i].first + k].value);
		}
		break;
	case LDIF_DELETE:
		break;
	case LDIF_MODDN:
		put(b, "newrdn", rec->newrdn);
		buf_printf(b, "deleteoldrdn %d moddn %d\n", rec->deleteoldrdn,
		    rec->moddn_word);
		if (rec->has_newsuperior)
			put(b, "newsuperior", rec->newsuperior);
		break;
	}
}

/* Read everything of n bytes at p: 1 with *b describing it, 0 when the
 * reader refused it. */
static int
read_all(const void *p, size_t n, struct buf *b, bool content)
{
	struct fuzz_feed f;
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct diag d;
	int rc;

	fuzz_feed_init(&f, p, n);
	r = ldif_reader_new("fuzz", fuzz_feed_read, &f, NULL);
	diag_clear(&d);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1)
		describe(b, rec, content);
	ldif_reader_free(r);
	return rc == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	struct ldif_write_opts wo;
	struct cat_opts co;
	struct cat_stats st;
	struct ldif_writer *w;
	struct ldif_reader *r;
	struct fuzz_feed f;
	struct diag d;
	char *out = NULL;
	size_t outn = 0;
	FILE *fp;
	int rc, wrc;

	if (size < 1 || size > (1 << 20))
		return 0;
	memset(&co, 0, sizeof(co));     /* options this harness leaves off */
	wo.wrap = data[0] & 0x3f ? 2 + (data[0] & 0x3f) % 79 : 0;
	wo.crlf = data[0] & 0x40;
	co.decode = data[0] & 0x80;
	co.content = (data[0] & 0x41) == 0x41;
	co.input_name = "fuzz";
	if (!read_all(data + 1, size - 1, &before, co.content)) {
		buf_release(&before);
		return 0;
	}
	fp = open_memstream(&out, &outn);
	if (fp == NULL)
		abort();
	w = ldif_writer_new(fp, "out", &wo);
	fuzz_feed_init(&f, data + 1, size - 1);
	r = ldif_reader_new("fuzz", fuzz_feed_read, &f, NULL);
	diag_clear(&d);
	rc = cat_run(r, w, &co, &st, &d);
	wrc = ldif_writer_close(w, rc == 0 ? &d : NULL);
	ldif_reader_free(r);
	fclose(fp);
	/* --content refuses change records with its own message; anything
	 * else the reader took, the writer must write. */
	if (rc == 0 && wrc != 0) {
		fprintf(stderr, "writer refused what the reader read: %s\n",
		    d.msg);
		abort();
	}
	if (rc == 0) {
		if (!read_all(out, outn, &after, false)) {
			fprintf(stderr, "cat wrote what the reader refuses\n");
			abort();
		}
		if (before.n != after.n ||
		    memcmp(before.p, after.p, before.n) != 0) {
			fprintf(stderr, "records differ after the round trip\n");
			abort();
		}
	} else if (!co.content) {
		fprintf(stderr, "cat failed on what the reader read: %s\n",
		    d.msg);
		abort();
	}
	free(out);
	buf_release(&before);
	buf_release(&after);
	return 0;
}
