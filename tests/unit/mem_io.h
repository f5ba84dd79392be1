/*
 * mem_io.h: LDIF in and out of memory for the unit tests. A mem_feed is a
 * read callback for ldif_reader_new over a byte range, in reads of at most
 * a chosen size (so records cross chunk boundaries); a mem_out is an
 * open_memstream FILE, optionally with an ldif_writer on it. The caller
 * owns both structs; the text mem_out_close returns is the caller's to
 * free. mem_count and mem_screen_tricks check what was written.
 */
#ifndef LDFIX_TEST_MEM_IO_H
#define LDFIX_TEST_MEM_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"

struct mem_feed {
	const unsigned char *p;
	size_t n, pos;
	size_t step;            /* the most one read returns; 0: no limit */
	bool fail;              /* return -1 (EIO) once the data is used up */
};

/* The read callback: ctx is a struct mem_feed. */
long mem_feed_read(void *ctx, unsigned char *buf, size_t cap);
/* A reader named name over the n bytes at p, step bytes a read at most,
 * with limits lim (NULL: the defaults). */
struct ldif_reader *mem_reader(struct mem_feed *f, const char *name,
    const void *p, size_t n, size_t step, const struct ldif_limits *lim);
/* A reader over the NUL-terminated text, read as it comes. */
struct ldif_reader *mem_reader_text(struct mem_feed *f, const char *name,
    const char *text);

struct mem_out {
	FILE *fp;
	char *data;
	size_t size;
	struct ldif_writer *w;  /* NULL unless mem_out_writer made one */
};

/* Opens m->fp (asserting it opened) and returns it. */
FILE *mem_out_open(struct mem_out *m);
/* Opens m->fp with an LDIF writer named name on it (opts as for
 * ldif_writer_new; NULL for the defaults) and returns the writer. */
struct ldif_writer *mem_out_writer(struct mem_out *m, const char *name,
    const struct ldif_write_opts *opts);
/* Closes the writer (if any) and the FILE, asserting both succeed, and
 * returns what was written (m->size bytes, NUL-terminated). */
char *mem_out_close(struct mem_out *m);

/* Occurrences of needle in the n bytes at hay. */
size_t mem_count(const char *hay, size_t n, const char *needle);

/* Characters that hide, move or break text on a screen although they are
 * neither ASCII controls nor line ends to an LDIF parser: a C1 CSI (which
 * xterm obeys in UTF-8), NEL, LINE SEPARATOR and a bidi override. */
extern const char mem_screen_tricks[];
/* Asserts that none of them is in the n bytes at text. */
void mem_assert_no_screen_tricks(const char *text, size_t n);

/* A base64 decoder of its own, so that vectors can be written as they
 * appear in LDIF exports and checked against something other than
 * src/base/base64.c. Test input only: padding required, no whitespace;
 * a byte outside the alphabet fails the test. Returns the bytes written
 * to out. */
size_t mem_b64dec(const char *s, unsigned char *out);

#endif
