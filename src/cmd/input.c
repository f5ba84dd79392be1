/*
 * input.c: opening, reading and hashing the inputs of a command (see
 * input.h).
 *
 * The reader pulls bytes through read_input(), one os_read() at a time.
 * With a hash, each chunk is also hashed: there and then, or, aside
 * (input_hash_aside), copied into a ring of RING_SLOTS blocks that
 * another thread hashes with input_hash_step() between its own tasks.
 * The ring bounds the memory (128 KiB); when it is full the reader hashes
 * the oldest block itself rather than wait, so hashing never needs the
 * other thread to make progress. The reader waits only while the other
 * thread finishes the block it is hashing: blocks are small (8 KiB) to
 * keep that short, and many, so that the ring still holds a while of
 * reading.
 */
#include "cmd/input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/os.h"

#define RING_BLOCK INPUT_HASH_BLOCK
#define RING_SLOTS 16

struct input_hasher {
	struct sha256 sha;
	bool eof;                       /* the reader saw the end */
	bool done;                      /* sha is final (digest kept) */
	unsigned char digest[SHA256_DIGEST_LEN];

	/* Aside (lock not NULL): blocks [taken, put) of the ring are full
	 * and not hashed yet; block put % RING_SLOTS is being filled (fill
	 * bytes). put, taken, hashing and reader_waits are shared under
	 * lock; sha belongs to whoever set hashing. */
	struct os_lock *lock;
	unsigned char *ring;
	size_t len[RING_SLOTS];
	unsigned long long put, taken;
	bool hashing;                   /* a thread hashes block taken */
	bool reader_waits;              /* the reader sleeps in os_wait */
	size_t fill;
	void (*wake)(void *ctx);        /* half the ring waits: tell */
	void *wake_ctx;
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

/* ---- the hash, aside ---- */

/*
 * Hash the oldest block that waits, unless none does or another thread
 * is hashing one: true when it did. Called and returns with the lock
 * held; hashes without it.
 */
static bool
hash_one(struct input_hasher *h)
{
	size_t slot;

	if (h->taken == h->put || h->hashing)
		return false;
	h->hashing = true;
	slot = (size_t)(h->taken % RING_SLOTS);
	os_unlock(h->lock);
	sha256_update(&h->sha, h->ring + slot * RING_BLOCK, h->len[slot]);
	os_lock(h->lock);
	h->taken++;
	h->hashing = false;
	return true;
}

bool
input_hash_step(struct input *in)
{
	struct input_hasher *h = in->hasher;
	bool did;

	if (h == NULL || h->lock == NULL)
		return false;
	os_lock(h->lock);
	did = hash_one(h);
	if (did && h->reader_waits)
		os_wake(h->lock);
	os_unlock(h->lock);
	return did;
}

/* Hand the block being filled over; tell the other thread when half the
 * ring waits for it (tell: false for the last block, at the end). */
static void
publish(struct input_hasher *h, bool tell)
{
	os_lock(h->lock);
	h->len[h->put % RING_SLOTS] = h->fill;
	h->put++;
	tell = tell && h->put - h->taken == RING_SLOTS / 2;
	os_unlock(h->lock);
	h->fill = 0;
	if (tell && h->wake != NULL)
		h->wake(h->wake_ctx);
}

/* Until the block put % RING_SLOTS is free to fill: the reader hashes
 * the oldest block itself, or waits while the other thread does. */
static void
wait_room(struct input_hasher *h)
{
	os_lock(h->lock);
	while (h->put - h->taken >= RING_SLOTS) {
		if (hash_one(h))
			continue;
		h->reader_waits = true;
		os_wait(h->lock);
		h->reader_waits = false;
	}
	os_unlock(h->lock);
}

static void
feed(struct input_hasher *h, const unsigned char *p, size_t n)
{
	size_t k;

	if (h->lock == NULL) {
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
			publish(h, true);
	}
}

/* Hash what is left (the reading is over), keep the digest. */
static void
finish(struct input_hasher *h)
{
	if (h->done)
		return;
	if (h->lock != NULL) {
		if (h->fill > 0)
			publish(h, false);
		os_lock(h->lock);
		while (h->taken < h->put)
			if (!hash_one(h)) {     /* another thread's last one */
				h->reader_waits = true;
				os_wait(h->lock);
				h->reader_waits = false;
			}
		os_unlock(h->lock);
	}
	sha256_final(&h->sha, h->digest);
	h->done = true;
}

void
input_hash_begin(struct input *in)
{
	struct input_hasher *h = xcalloc(1, sizeof(*h));

	sha256_init(&h->sha);
	in->hasher = h;
}

void
input_hash_aside(struct input *in, void (*wake)(void *ctx), void *ctx)
{
	struct input_hasher *h;

	input_hash_begin(in);
	h = in->hasher;
	h->lock = os_lock_new();
	if (h->lock == NULL)
		return;         /* hashed as the bytes come */
	h->ring = xmalloc(RING_SLOTS * RING_BLOCK);
	h->wake = wake;
	h->wake_ctx = ctx;
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
	if (h->lock != NULL)
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
