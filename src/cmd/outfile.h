/*
 * outfile.h: output files that appear whole or not at all.
 *
 * Output goes to a temporary file readable by its owner only (change files
 * hold directory data: see os_temp_create) in the destination's directory;
 * outfile_commit() flushes, syncs and renames it into place, outfile_abort()
 * removes it. "-" (or NULL) means
 * standard output, written directly; so is an existing destination that
 * is not a regular file (/dev/null, a FIFO), which cannot be replaced. A destination that is one of the
 * inputs is refused, so "ldfix plan x.ldf -o x.ldf" cannot destroy the export.
 */
#ifndef LDFIX_OUTFILE_H
#define LDFIX_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

struct outfile {
	FILE *fp;               /* write here */
	char *path;             /* destination, NULL for stdout */
	char *tmp;              /* temporary file until committed */
	bool is_stdout;
	bool in_place;          /* a device or FIFO, written directly */
	FILE *dest;             /* body first: the destination (fp spools) */
};

/*
 * outfile_open: open path for writing. inputs[0..ninputs) are paths that
 * must not be overwritten; "-" among them stands for the file standard
 * input reads, if it is one. 0, or -1 with d set.
 */
int outfile_open(struct outfile *o, const char *path,
    const char *const *inputs, size_t ninputs, struct diag *d);
/* outfile_same: a and b name the same file (existing or not); "-" and
 * NULL name no file. */
bool outfile_same(const char *a, const char *b);
/*
 * outfile_body_first: the output is written body first (its head names
 * the input's digest, known at the end): fp becomes an anonymous spool
 * (os_spool: nothing outlives the run), outfile_head() gives the stream
 * for the head, and outfile_commit() puts the body after it. Costs the
 * output's size once more on disk, for the time of the commit. 0, or -1
 * with d set.
 */
int outfile_body_first(struct outfile *o, struct diag *d);
/* outfile_head: where the head of a body-first output goes. */
FILE *outfile_head(struct outfile *o);
/* outfile_commit: make the output visible; 0, or -1 with d set (the
 * temporary file is removed and the destination left as it was). */
int outfile_commit(struct outfile *o, struct diag *d);
/* outfile_abort: discard the output; safe to call after commit or on a
 * zeroed struct. */
void outfile_abort(struct outfile *o);

#endif
