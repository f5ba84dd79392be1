/*
 * cmd_apply.c: "ldfix apply INPUT CHANGES": load the change file, stream
 * the export through it (tasks/apply.c) and write the resulting entries;
 * report each failed record with its line and LDAP result code.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/input.h"
#include "cmd/outfile.h"
#include "tasks/apply.h"
#include "tasks/census.h"

static void
summarize(const struct apply_changes *ch, int rc, const struct outfile *out)
{
	const struct apply_stats *s = &ch->stats;

	fprintf(stderr, "ldfix apply: %llu change record%s: %llu applied, "
	    "%llu failed; %llu entries read, %llu with change records, "
	    "%llu deleted, %llu added%s\n", s->records,
	    s->records == 1 ? "" : "s", s->applied, s->failed, s->entries,
	    s->changed, s->deleted, s->added,
	    rc != EXIT_FOUND ? "" : out->is_stdout ?
	    "; the output leaves the failed records out" :
	    "; no output written (see --continue)");
}

int
cmd_apply(struct opts *o)
{
	struct apply_changes ch;
	struct apply_failures f;
	struct input in, chin;
	struct outfile out;
	struct ldif_writer *w = NULL;
	const char *inputs[2];
	struct diag d;
	size_t i;
	int rc = -1;

	if (o->nargs != 2)
		return cli_usage_error(o->cmd_name, "apply takes INPUT and CHANGES");
	inputs[0] = o->args[0];
	inputs[1] = o->args[1];
	if (strcmp(inputs[0], "-") == 0 && strcmp(inputs[1], "-") == 0)
		return cli_usage_error(o->cmd_name, "INPUT and CHANGES cannot "
		    "both be standard input");
	memset(&out, 0, sizeof(out));
	memset(&in, 0, sizeof(in));
	memset(&chin, 0, sizeof(chin));
	diag_clear(&d);
	apply_changes_init(&ch);
	apply_failures_init(&f);
	if (input_open(&chin, inputs[1], &d) < 0 ||
	    apply_load_changes(input_read(&chin, &o->lim), inputs[1], &ch,
	    &d) < 0 || input_open(&in, inputs[0], &d) < 0 ||
	    outfile_open(&out, o->output, inputs, 2, &d) < 0)
		goto done;
	w = ldif_writer_new(out.fp, o->output ? o->output : "-", &o->wopts);
	ldif_writer_on_flush(w, outfile_hand_over, &out);
	if (apply_run(&ch, input_read(&in, &o->lim), w, &f, &d) < 0)
		goto done;
	/* Not an export (e.g. the arguments swapped): every record "failed"
	 * for want of entries, which says nothing; only say why. */
	if (census_export_read(inputs[0], ch.stats.entries, ch.stats.other,
	    true, &d) < 0) {
		apply_failures_free(&f);
		apply_failures_init(&f);
		goto done;
	}
	rc = 0;
done:
	if (w && ldif_writer_close(w, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	for (i = 0; i < f.n; i++)
		cli_diag(&f.v[i].diag);
	if (rc == 0 && f.n > 0 && !o->cont)
		rc = EXIT_FOUND;
	if (rc == 0 && outfile_commit(&out, &d) < 0)
		rc = -1;
	if (rc < 0)
		cli_diag(&d);
	if (rc != 0)
		outfile_abort(&out);
	if (rc >= 0 && !o->quiet)
		summarize(&ch, rc, &out);
	input_close(&in);
	input_close(&chin);
	apply_changes_free(&ch);
	apply_failures_free(&f);
	return rc < 0 ? EXIT_ERROR : rc;
}
