/*
 * input.h: the LDIF inputs of a command: a named file or "-" for standard
 * input, opened as a stdio stream and, when asked, wrapped in an LDIF
 * reader; and the SHA-256 of an input for the plan header.
 */
#ifndef LDFIX_INPUT_H
#define LDFIX_INPUT_H

#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/sha256.h"
#include "ldif/ldif_reader.h"

struct input {
	const char *path;               /* as given; "-" is standard input */
	FILE *fp;
	FILE *spool;                    /* see input_hash; closed with the input */
	struct ldif_reader *reader;     /* NULL until input_read */
	unsigned long long size;        /* regular files: bytes, else 0 */
	int64_t start;                  /* where input_hash began reading */
	struct sha256 sha;              /* input_read_hashing */
	int err;                        /* errno of a failed read, for it */
};

/* input_open: open path ("-": stdin). 0, or -1 with d set. */
int input_open(struct input *in, const char *path, struct diag *d);

/*
 * input_hash: the SHA-256 of everything the input holds, in hex. A
 * regular file is read once and sought back. Anything else (a pipe,
 * stdin) is copied into an unlinked temporary file while hashing, which
 * the input then reads from. 0, or -1 with d set.
 */
int input_hash(struct input *in, char hex[SHA256_HEX_LEN + 1],
    struct diag *d);

/* input_read: an LDIF reader over the input (after input_hash, if any). */
struct ldif_reader *input_read(struct input *in,
    const struct ldif_limits *lim);

/*
 * input_rewind: after input_hash, read the input again from its start
 * (the spool for standard input): a new reader for input_read. 0, or -1
 * with d set.
 */
int input_rewind(struct input *in, struct diag *d);

/*
 * input_read_hashing: an LDIF reader over the input (without input_hash)
 * that hashes the bytes as it reads them, in one pass; once it reached the
 * end, input_hashed gives the SHA-256 in hex (0, or -1 with d set when a
 * read failed).
 */
struct ldif_reader *input_read_hashing(struct input *in,
    const struct ldif_limits *lim);
int input_hashed(struct input *in, char hex[SHA256_HEX_LEN + 1],
    struct diag *d);

/* input_close: free the reader, close what was opened; safe on zeroed. */
void input_close(struct input *in);

#endif
