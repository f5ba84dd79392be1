/*
 * cmd_cat.c: "ldfix cat [--decode] [--content] INPUT": every record in
 * canonical form (tasks/cat.c), to standard output or -o FILE.
 */
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/input.h"
#include "cmd/outfile.h"
#include "tasks/cat.h"

int
cmd_cat(struct opts *o)
{
	struct cat_opts copts;
	struct cat_stats stats;
	struct input in;
	struct outfile out;
	struct ldif_writer *w;
	const char *inputs[1];
	struct diag d;
	int rc;

	if (opts_one_input(o, &inputs[0]) != 0)
		return EXIT_ERROR;
	copts.decode = o->decode;
	copts.content = o->content;
	copts.input_name = inputs[0];
	diag_clear(&d);
	memset(&out, 0, sizeof(out));
	if (input_open(&in, inputs[0], &d) < 0 ||
	    outfile_open(&out, o->output, inputs, 1, &d) < 0) {
		input_close(&in);
		cli_diag(&d);
		return EXIT_ERROR;
	}
	w = ldif_writer_new(out.fp, o->output ? o->output : "-", &o->wopts);
	ldif_writer_on_flush(w, outfile_hand_over, &out);
	rc = cat_run(input_read(&in, &o->lim), w, &copts, &stats, &d);
	if (ldif_writer_close(w, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	input_close(&in);
	if (rc == 0 && outfile_commit(&out, &d) < 0)
		rc = -1;
	if (rc < 0) {
		outfile_abort(&out);
		cli_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}
