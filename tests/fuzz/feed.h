/*
 * feed.h: the fuzz harnesses' input as an LDIF read callback. A fuzz_feed
 * hands out the n bytes at p; with step > 0 each read returns 1 to step
 * bytes, varied from call to call by seed (deterministically), so records
 * cross chunk boundaries. The caller owns the struct; fuzz_feed_init
 * zeroes it first.
 */
#ifndef LDFIX_FUZZ_FEED_H
#define LDFIX_FUZZ_FEED_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_feed {
	const uint8_t *p;
	size_t n, pos;
	size_t step;            /* the most one read returns; 0: no limit */
	unsigned seed;
};

/* f over the n bytes at p, whole reads (set step and seed after). */
void fuzz_feed_init(struct fuzz_feed *f, const void *p, size_t n);
/* The read callback for ldif_reader_new: ctx is a struct fuzz_feed. */
long fuzz_feed_read(void *ctx, unsigned char *buf, size_t cap);

#endif
