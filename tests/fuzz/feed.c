/*
 * feed.c: the fuzz harnesses' read callback (see feed.h).
 */
#include "feed.h"

#include <string.h>

void
fuzz_feed_init(struct fuzz_feed *f, const void *p, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->n = n;
}

long
fuzz_feed_read(void *ctx, unsigned char *buf, size_t cap)
{
	struct fuzz_feed *f = ctx;
	size_t k = f->n - f->pos;

	if (f->step > 0) {
		f->seed = f->seed * 1103515245u + 12345u;
		if (k > 1 + (f->seed >> 16) % f->step)
			k = 1 + (f->seed >> 16) % f->step;
	}
	if (k > cap)
		k = cap;
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	return (long)k;
}
