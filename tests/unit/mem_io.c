/*
 * mem_io.c: LDIF in and out of memory for the unit tests (mem_io.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "base/diag.h"
#include "mem_io.h"

long
mem_feed_read(void *ctx, unsigned char *buf, size_t cap)
{
	struct mem_feed *f = ctx;
	size_t k = f->n - f->pos;

	if (k == 0 && f->fail) {
		errno = EIO;
		return -1;
	}
	if (f->step > 0 && k > f->step)
		k = f->step;
	if (k > cap)
		k = cap;
	memcpy(buf, f->p + f->pos, k);
	f->pos += k;
	return (long)k;
}

struct ldif_reader *
mem_reader(struct mem_feed *f, const char *name, const void *p, size_t n,
    size_t step, const struct ldif_limits *lim)
{
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->n = n;
	f->step = step;
	return ldif_reader_new(name, mem_feed_read, f, lim);
}

struct ldif_reader *
mem_reader_text(struct mem_feed *f, const char *name, const char *text)
{
	return mem_reader(f, name, text, strlen(text), 0, NULL);
}

FILE *
mem_out_open(struct mem_out *m)
{
	memset(m, 0, sizeof(*m));
	m->fp = open_memstream(&m->data, &m->size);
	assert_non_null(m->fp);
	return m->fp;
}

struct ldif_writer *
mem_out_writer(struct mem_out *m, const char *name,
    const struct ldif_write_opts *opts)
{
	m->w = ldif_writer_new(mem_out_open(m), name, opts);
	return m->w;
}

char *
mem_out_close(struct mem_out *m)
{
	struct diag d;

	if (m->w != NULL) {
		diag_clear(&d);
		assert_int_equal(ldif_writer_close(m->w, &d), 0);
		m->w = NULL;
	}
	assert_int_equal(fclose(m->fp), 0);
	m->fp = NULL;
	return m->data;
}

size_t
mem_count(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i, c = 0;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			c++;
	return c;
}

const char mem_screen_tricks[] =
    "a\xc2\x9b" "31mb\xc2\x85" "c\xe2\x80\xa8" "d\xe2\x80\xae" "e\xe2\x81\xa6";

void
mem_assert_no_screen_tricks(const char *text, size_t n)
{
	assert_int_equal(mem_count(text, n, "\xc2\x9b"), 0);
	assert_int_equal(mem_count(text, n, "\xc2\x85"), 0);
	assert_int_equal(mem_count(text, n, "\xe2\x80\xa8"), 0);
	assert_int_equal(mem_count(text, n, "\xe2\x80\xae"), 0);
	assert_int_equal(mem_count(text, n, "\xe2\x81\xa6"), 0);
}

size_t
mem_b64dec(const char *s, unsigned char *out)
{
	static const char alpha[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0, i;
	unsigned long acc = 0;
	int bits = 0;

	for (i = 0; s[i] != '\0' && s[i] != '='; i++) {
		const char *q = strchr(alpha, s[i]);

		assert_non_null(q);
		acc = (acc << 6 | (unsigned long)(q - alpha)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	return n;
}
