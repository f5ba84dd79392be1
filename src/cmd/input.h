/*
 * input.h: the LDIF inputs of a command: a named file or "-" for standard
 * input, read through an LDIF reader; and, while the reader reads it, the
 * SHA-256 of every byte for the headers of plan's outputs.
 *
 * The input is read once, as it comes: a pipe is never copied anywhere
 * first, so memory and disk stay bounded by the largest record, an error
 * on line 1 is reported as soon as line 1 has arrived, and an input that
 * is not LDIF stops within the reader's line limit. The digest is known
 * when the reader has reached the end (input_digest); the outputs that
 * name it are written body first and get their head at commit (see
 * cmd_plan.c). plan hashes aside: the thread that runs the rules hashes
 * what the reading thread reads, between entries, so that it costs the
 * reading no time.
 *
 * One exception: with --accounts, plan reads the export twice (a first
 * pass for the master SIDs, tasks/accounts.h). input_rewindable, before
 * the first read, makes that possible: a regular file is sought back to
 * where it started; anything else is copied, as the first pass reads it,
 * into an unlinked temporary file that the second pass reads.
 */
#ifndef LDFIX_INPUT_H
#define LDFIX_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/sha256.h"
#include "ldif/ldif_reader.h"

struct input_hasher;

struct input {
	const char *path;               /* as given; "-" is standard input */
	FILE *fp;
	struct ldif_reader *reader;     /* NULL until input_read */
	unsigned long long size;        /* regular files: bytes, else 0 */
	struct input_hasher *hasher;    /* NULL unless input_hash_begin */
	FILE *src;                      /* what is read: fp (or NULL), or
					 * the spool */
	FILE *spool;                    /* input_rewindable on a non-file */
	int64_t start;                  /* input_rewindable on a file */
	bool rewindable;
	int spool_err;                  /* errno of a failed spool write */
};

/* input_open: open path ("-": stdin). 0, or -1 with d set. */
int input_open(struct input *in, const char *path, struct diag *d);

/*
 * input_hash_begin: hash every byte the reader will read, as it reads it
 * (call before input_read).
 *
 * input_hash_aside: the same, but the reader only copies what it reads
 * into a ring of blocks, and another thread hashes them, one block per
 * input_hash_step() call (false when none waits); wake(ctx), called on
 * the reader's thread, says that half the ring waits. When the ring is
 * full the reader hashes a block itself: no block waits for a thread
 * that never steps. Without a lock to share, the same as
 * input_hash_begin.
 */
void input_hash_begin(struct input *in);
/* The most one input_hash_step() hashes: small, so that a reader that
 * finds the ring full waits little for the block being hashed. */
#define INPUT_HASH_BLOCK ((size_t)8 << 10)
void input_hash_aside(struct input *in, void (*wake)(void *ctx), void *ctx);
bool input_hash_step(struct input *in);

/*
 * input_digest: once the reader has returned the end of the input, the
 * SHA-256 of everything it read, in hex. 0, or -1 with d set when the
 * reader has not reached the end.
 */
int input_digest(struct input *in, char hex[SHA256_HEX_LEN + 1],
    struct diag *d);

/*
 * input_rewindable: make input_rewind possible (call before input_read).
 * 0, or -1 with d set (no temporary file could be made).
 */
int input_rewindable(struct input *in, struct diag *d);

/*
 * input_rewind: after the reader reached the end, read the input again
 * from its start: a new reader for input_read. 0, or -1 with d set.
 */
int input_rewind(struct input *in, struct diag *d);

/* input_read: an LDIF reader over the input (made on the first call). */
struct ldif_reader *input_read(struct input *in,
    const struct ldif_limits *lim);

/* input_close: free the reader, stop the hash, close what was opened;
 * safe on a zeroed struct. */
void input_close(struct input *in);

#endif
