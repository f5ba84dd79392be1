/*
 * input.c: opening, reading and hashing the inputs of a command (see
 * input.h).
 *
 * The reader pulls bytes through read_input(), one os_read() at a time.
 * With a hash, each chunk is also handed to the hasher: either hashed
 * there and then, or copied into a ring of RING_SLOTS blocks that a
 * second thread hashes. The ring bounds the memory (128 KiB) and, when the
 * hash falls behind, makes the reader wait rather than buffer more.
 *
 * A regular file is read ahead instead: the second thread reads each
 * block into the ring itself, hashes it and hands it over, and
 * read_input() copies it out. The reading costs the parse no time then,
 * and a file that cannot block the thread (as a quiet pipe could) is the
 * only kind it reads.
 */
#include "cmd/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/os.h"

#define RING_BLOCK ((size_t)32 << 10)
#define RING_SLOTS 4

struct input_hasher {
	struct sha256 sha;
	bool eof;                       /* the reader saw the end */
	bool done;                      /* sha is final (digest kept) */
	unsigned char digest[SHA256_DIGEST_LEN];

	/* With a thread: blocks [taken, put) of the ring are full and not
	 * hashed yet; block put % RING_SLOTS is being filled (fill bytes).
	 * put, taken and closing are shared under lock. */
	struct os_thread *thread;
	struct os_lock *lock;
	unsigned char *ring;
	size_t len[RING_SLOTS];
	unsigned long long put, taken;
	bool closing;
	size_t fill;

	/* Read ahead (a regular file): the thread reads src into block put %
	 * RING_SLOTS; a block of length 0 is the end, or with err (an errno)
	 * a read error. The reader has copied off bytes of block taken %
	 * RING_SLOTS. */
	bool ahead;
	FILE *src;
	int err[RING_SLOTS];
	size_t off;
	/* Who sleeps in os_wait (shared, under lock): the other side wakes
	 * it only then, so that a block handed over costs no wake-up call
	 * while both run. */
	bool reader_waits, thread_waits;
};

int
input_open(struct input *in, const char *path, struct diag *d)
{
	uint64_t size;

	memset(in, 0, sizeof(*in));
	in->path = path;
	if (strcmp(path, "-") == 0) {
		in->fp = stdin;
	} else {
		in->fp = os_fopen(path, "rb");
		if (in->fp == NULL)
			return diag_set(d, path, 0, 0, "cannot open: %s",
			    strerror(errno));
	}
	if (os_regular_size(in->fp, &size))
		in->size = size;
	in->src = in->fp;
	return 0;
}

/* ---- the hash thread ---- */

static void
hash_thread(void *arg)
{
	struct input_hasher *h = arg;
	size_t slot;

	os_lock(h->lock);
	for (;;) {
		while (h->taken == h->put && !h->closing)
			os_wait(h->lock);
		if (h->taken == h->put)
			break;
		slot = (size_t)(h->taken % RING_SLOTS);
		os_unlock(h->lock);
		sha256_update(&h->sha, h->ring + slot * RING_BLOCK,
		    h->len[slot]);
		os_lock(h->lock);
		h->taken++;
		os_wake(h->lock);
	}
	os_unlock(h->lock);
}

/* The read-ahead thread: read, hash, hand over, block after block. */
static void
ahead_thread(void *arg)
{
	struct input_hasher *h = arg;
	unsigned long long k;
	size_t slot;
	long got;
	int err;

	for (k = 0;; k++) {
		os_lock(h->lock);
		while (k - h->taken >= RING_SLOTS && !h->closing) {
			h->thread_waits = true;
			os_wait(h->lock);
			h->thread_waits = false;
		}
		if (h->closing) {
			os_unlock(h->lock);
			return;
		}
		os_unlock(h->lock);
		slot = (size_t)(k % RING_SLOTS);
		errno = 0;
		got = os_read(h->src, h->ring + slot * RING_BLOCK, RING_BLOCK);
		err = got < 0 ? (errno ? errno : EIO) : 0;
		if (got > 0)
			sha256_update(&h->sha, h->ring + slot * RING_BLOCK,
			    (size_t)got);
		os_lock(h->lock);
		h->len[slot] = got > 0 ? (size_t)got : 0;
		h->err[slot] = err;
		h->put = k + 1;
		if (h->reader_waits)
			os_wake(h->lock);
		os_unlock(h->lock);
		if (got <= 0)
			return;
	}
}

/* read_input for a file read ahead: what the next block holds. */
static long
read_ahead(struct input_hasher *h, unsigned char *buf, size_t cap)
{
	size_t slot, n;

	os_lock(h->lock);
	while (h->taken == h->put) {
		h->reader_waits = true;
		os_wait(h->lock);
		h->reader_waits = false;
	}
	os_unlock(h->lock);
	slot = (size_t)(h->taken % RING_SLOTS);
	if (h->len[slot] == 0) {        /* the last block: it stays */
		if (h->err[slot] != 0) {
			errno = h->err[slot];
			return -1;
		}
		h->eof = true;
		return 0;
	}
	n = h->len[slot] - h->off;
	if (n > cap)
		n = cap;
	memcpy(buf, h->ring + slot * RING_BLOCK + h->off, n);
	h->off += n;
	if (h->off == h->len[slot]) {
		h->off = 0;
		os_lock(h->lock);
		h->taken++;
		/* A thread that ran ahead and waits for room gets it half a
		 * ring at a time: half the wake-ups, and the parse has the
		 * other half to read meanwhile. */
		if (h->thread_waits && h->put - h->taken <= RING_SLOTS / 2)
			os_wake(h->lock);
		os_unlock(h->lock);
	}
	return (long)n;
}

/* Hand the block being filled to the thread. */
static void
publish(struct input_hasher *h)
{
	os_lock(h->lock);
	h->len[h->put % RING_SLOTS] = h->fill;
	h->put++;
	os_wake(h->lock);
	os_unlock(h->lock);
	h->fill = 0;
}

/* Wait until the block put % RING_SLOTS is free to fill. */
static void
wait_room(struct input_hasher *h)
{
	os_lock(h->lock);
	while (h->put - h->taken >= RING_SLOTS)
		os_wait(h->lock);
	os_unlock(h->lock);
}

static void
feed(struct input_hasher *h, const unsigned char *p, size_t n)
{
	size_t k;

	if (h->thread == NULL) {
		sha256_update(&h->sha, p, n);
		return;
	}
	while (n > 0) {
		if (h->fill == 0)
			wait_room(h);
		k = RING_BLOCK - h->fill;
		if (k > n)
			k = n;
		memcpy(h->ring + (h->put % RING_SLOTS) * RING_BLOCK + h->fill,
		    p, k);
		h->fill += k;
		p += k;
		n -= k;
		if (h->fill == RING_BLOCK)
			publish(h);
	}
}

/* Stop the thread (after handing it what is left), keep the digest. */
static void
finish(struct input_hasher *h)
{
	if (h->done)
		return;
	if (h->thread != NULL) {
		if (h->fill > 0 && !h->ahead)
			publish(h);
		os_lock(h->lock);
		h->closing = true;
		os_wake(h->lock);
		os_unlock(h->lock);
		os_thread_join(h->thread);
		h->thread = NULL;
	}
	sha256_final(&h->sha, h->digest);
	h->done = true;
}

void
input_hash_begin(struct input *in, bool threaded)
{
	struct input_hasher *h = xcalloc(1, sizeof(*h));
	FILE *src = in->src ? in->src : in->fp;
	uint64_t size;

	sha256_init(&h->sha);
	if (threaded) {
		h->ring = xmalloc(RING_SLOTS * RING_BLOCK);
		h->lock = os_lock_new();
		/* Not while the first pass copies a pipe into the spool. */
		h->ahead = os_regular_size(src, &size) &&
		    (in->spool == NULL || src == in->spool);
		h->src = src;
		h->thread = os_thread_start(h->ahead ? ahead_thread :
		    hash_thread, h);
		h->ahead = h->ahead && h->thread != NULL;
	}
	in->hasher = h;
}

int
input_digest(struct input *in, char hex[SHA256_HEX_LEN + 1], struct diag *d)
{
	struct input_hasher *h = in->hasher;

	if (h == NULL || !h->eof)
		return diag_set(d, in->path, 0, 0, "the input was not read to "
		    "its end: no digest");
	finish(h);
	sha256_hex(h->digest, hex);
	return 0;
}

static void
hasher_free(struct input_hasher *h)
{
	if (h == NULL)
		return;
	finish(h);
	os_lock_free(h->lock);
	free(h->ring);
	free(h);
}

/* ---- reading ---- */

static long
read_input(void *ctx, unsigned char *buf, size_t cap)
{
	struct input *in = ctx;
	long got;

	if (in->hasher != NULL && in->hasher->ahead)
		return read_ahead(in->hasher, buf, cap);
	got = os_read(in->src ? in->src : in->fp, buf, cap);

	if (got < 0)
		return -1;              /* errno says why (ldif_lines keeps it) */
	if (in->spool != NULL && in->src != in->spool && got > 0 &&
	    in->spool_err == 0 && fwrite(buf, 1, (size_t)got, in->spool) !=
	    (size_t)got)
		in->spool_err = errno ? errno : EIO;
	if (in->hasher != NULL) {
		if (got == 0)
			in->hasher->eof = true;
		else
			feed(in->hasher, buf, (size_t)got);
	}
	return got;
}

int
input_rewindable(struct input *in, struct diag *d)
{
	uint64_t size;

	in->rewindable = true;
	if (os_regular_size(in->fp, &size) && (in->start = os_tell(in->fp)) >= 0)
		return 0;
	in->spool = os_spool();
	if (in->spool == NULL)
		return diag_set(d, in->path, 0, 0, "cannot create a temporary "
		    "file to read the input twice (--accounts): %s",
		    strerror(errno));
	return 0;
}

int
input_rewind(struct input *in, struct diag *d)
{
	ldif_reader_free(in->reader);
	in->reader = NULL;
	if (!in->rewindable)
		return diag_set(d, in->path, 0, 0, "cannot read the input "
		    "twice");
	if (in->spool != NULL) {
		if (in->spool_err != 0 || fflush(in->spool) != 0)
			return diag_set(d, in->path, 0, 0, "cannot spool the "
			    "input to a temporary file: %s",
			    strerror(in->spool_err ? in->spool_err : errno));
		in->src = in->spool;
		if (os_seek(in->spool, 0) != 0)
			return diag_set(d, in->path, 0, 0, "cannot rewind the "
			    "spool: %s", strerror(errno));
		return 0;
	}
	if (os_seek(in->fp, in->start) != 0)
		return diag_set(d, in->path, 0, 0, "cannot rewind: %s",
		    strerror(errno));
	return 0;
}

struct ldif_reader *
input_read(struct input *in, const struct ldif_limits *lim)
{
	if (in->reader == NULL)
		in->reader = ldif_reader_new(in->path, read_input, in, lim);
	return in->reader;
}

void
input_close(struct input *in)
{
	ldif_reader_free(in->reader);
	hasher_free(in->hasher);
	if (in->spool)
		fclose(in->spool);
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	memset(in, 0, sizeof(*in));
}
