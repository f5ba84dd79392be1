/*
 * fuzz_apply.c: libFuzzer harness for "ldfix apply": a random change file
 * against a random export, for crashes, undefined behaviour and leaks.
 *
 * Input: the first two bytes say how many of the rest are the change file
 * (modulo its size); the rest is the export. Limits are small, so the
 * limit errors come up too. Every failure must name the change file and a
 * line; apply_run's output must read back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/apply.h"
#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldif_limits lim = { 4096, 65536, false };
	struct apply_changes c;
	struct apply_failures fl;
	struct ldif_reader *cr, *er;
	struct ldif_writer *w;
	struct fuzz_feed cf, ef, of;
	struct diag d;
	char *out = NULL;
	size_t outn = 0, split, i;
	FILE *fp;
	int rc;

	if (size < 2 || size > (1 << 20))
		return 0;
	split = ((size_t)data[0] << 8 | data[1]) % (size - 1);
	fuzz_feed_init(&cf, data + 2, split);
	fuzz_feed_init(&ef, data + 2 + split, size - 2 - split);
	apply_changes_init(&c);
	apply_failures_init(&fl);
	diag_clear(&d);
	cr = ldif_reader_new("changes", fuzz_feed_read, &cf, &lim);
	rc = apply_load_changes(cr, "changes", &c, &d);
	ldif_reader_free(cr);
	if (rc == 0) {
		fp = open_memstream(&out, &outn);
		if (fp == NULL)
			abort();
		w = ldif_writer_new(fp, "out", NULL);
		er = ldif_reader_new("export", fuzz_feed_read, &ef, &lim);
		rc = apply_run(&c, er, w, &fl, &d);
		ldif_reader_free(er);
		diag_clear(&d);
		/* The one refusal apply may meet: an entry of record words
		 * alone, which no content record can hold (ldif.h). */
		if (ldif_writer_close(w, &d) < 0 && strstr(d.msg, "first line "
		    "of a content record") == NULL) {
			fprintf(stderr, "apply's output refused: %s\n", d.msg);
			abort();
		}
		fclose(fp);
		for (i = 0; i < fl.n; i++)
			if (strcmp(fl.v[i].diag.file, "changes") != 0 ||
			    fl.v[i].diag.line == 0)
				abort();
		/* What apply wrote reads back (the limits of the export
		 * bound every record it wrote, by more than an add's). */
		if (rc == 0) {
			const struct ldif_record *rec;

			fuzz_feed_init(&of, out, outn);
			er = ldif_reader_new("out", fuzz_feed_read, &of, NULL);
			while ((rc = ldif_reader_next(er, &rec, &d)) == 1)
				;
			ldif_reader_free(er);
			if (rc != 0) {
				fprintf(stderr, "apply wrote what the reader "
				    "refuses: %s:%lu:%lu: %s\n", d.file, d.line,
				    d.col, d.msg);
				abort();
			}
		}
		free(out);
	}
	apply_failures_free(&fl);
	apply_changes_free(&c);
	return 0;
}
