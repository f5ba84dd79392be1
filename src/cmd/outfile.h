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
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"

struct outfile {
	FILE *fp;               /* write here */
	char *path;             /* destination, NULL for stdout */
	char *tmp;              /* temporary file until committed */
	bool is_stdout;
	bool in_place;          /* a device or FIFO, written directly */
	FILE *dest;             /* body first: the destination (fp spools) */
	bool head_twice;        /* head before the body, and again at commit */
	int64_t head_len;       /* its length the first time; -1 before */
	bool head_again;        /* ... and it has been written over */
	int64_t body_end;       /* where writing goes on after that */
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
 * (os_spool: nothing outlives the run), and outfile_commit() puts the body
 * after the head. Costs the output's size once more on disk, and a copy,
 * at commit. 0, or -1 with d set.
 */
int outfile_body_first(struct outfile *o, struct diag *d);
/*
 * outfile_head_twice: for an output whose head has one length however it
 * is filled in (a change file's: only the input's digest, of fixed length,
 * is unknown until the end). A new regular file gets its head twice: with
 * a stand-in before the body, and over it, the same length, at commit; no
 * spool, no copy. Standard output and devices cannot be written twice:
 * they are written body first. 0, or -1 with d set.
 */
int outfile_head_twice(struct outfile *o, struct diag *d);
/*
 * outfile_head_begin: the stream for the head, at the head's place (the
 * start of the output: for a head-twice file's second head, it seeks
 * there). NULL with d set when it cannot seek. outfile_head_end: the head
 * is written; a second head must end where the first did (else -1 with d
 * set: the commit must not go on, the file would lose or repeat bytes),
 * and writing goes on where it was before outfile_head_begin.
 */
FILE *outfile_head_begin(struct outfile *o, struct diag *d);
int outfile_head_end(struct outfile *o, struct diag *d);
/*
 * outfile_write_behind: have what is written so far of a new regular file
 * go to the disk now (os_write_behind), so that the commit's sync waits
 * for less. Nothing for standard output, devices and spools.
 */
void outfile_write_behind(struct outfile *o);
/* outfile_hand_over: outfile_write_behind as a callback (ctx: the struct
 * outfile), for ldif_writer_on_flush. */
void outfile_hand_over(void *ctx);
/* outfile_commit: make the output visible; 0, or -1 with d set (the
 * temporary file is removed and the destination left as it was). */
int outfile_commit(struct outfile *o, struct diag *d);
/* outfile_abort: discard the output; safe to call after commit or on a
 * zeroed struct. */
void outfile_abort(struct outfile *o);

#endif
