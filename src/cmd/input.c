/*
 * input.c: opening and hashing the inputs of a command (see input.h).
 */
#include "cmd/input.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "base/os.h"

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
	return 0;
}

int
input_hash(struct input *in, char hex[SHA256_HEX_LEN + 1], struct diag *d)
{
	unsigned char chunk[65536], digest[SHA256_DIGEST_LEN];
	const char *name = in->path;
	struct sha256 sha;
	FILE *spool = NULL;
	int64_t start = 0;
	uint64_t size;
	size_t n;
	bool seekable;

	seekable = os_regular_size(in->fp, &size) &&
	    (start = os_tell(in->fp)) >= 0;
	if (!seekable) {
		spool = os_spool();
		if (spool == NULL)
			return diag_set(d, name, 0, 0, "cannot create a "
			    "temporary file to spool the input: %s",
			    strerror(errno));
	}
	sha256_init(&sha);
	while ((n = fread(chunk, 1, sizeof(chunk), in->fp)) > 0) {
		sha256_update(&sha, chunk, n);
		if (spool && fwrite(chunk, 1, n, spool) != n) {
			int e = errno;

			fclose(spool);
			return diag_set(d, name, 0, 0,
			    "cannot spool the input to a temporary file: %s",
			    strerror(e));
		}
	}
	if (ferror(in->fp)) {
		int e = errno;

		if (spool)
			fclose(spool);
		return diag_set(d, name, 0, 0, "cannot read: %s", strerror(e));
	}
	sha256_final(&sha, digest);
	sha256_hex(digest, hex);
	if (spool) {
		if (fflush(spool) != 0 || os_seek(spool, 0) != 0) {
			int e = errno;

			fclose(spool);
			return diag_set(d, name, 0, 0,
			    "cannot spool the input to a temporary file: %s",
			    strerror(e));
		}
		in->spool = spool;
		return 0;
	}
	if (os_seek(in->fp, start) != 0)
		return diag_set(d, name, 0, 0, "cannot rewind: %s",
		    strerror(errno));
	clearerr(in->fp);
	in->start = start;
	return 0;
}

int
input_rewind(struct input *in, struct diag *d)
{
	FILE *fp = in->spool ? in->spool : in->fp;

	ldif_reader_free(in->reader);
	in->reader = NULL;
	if (os_seek(fp, in->spool ? 0 : in->start) != 0)
		return diag_set(d, in->path, 0, 0, "cannot rewind: %s",
		    strerror(errno));
	clearerr(fp);
	return 0;
}

/* The read callback of input_read_hashing. */
static long
read_hashing(void *ctx, unsigned char *buf, size_t cap)
{
	struct input *in = ctx;
	size_t n = fread(buf, 1, cap, in->fp);

	if (n == 0 && ferror(in->fp)) {
		in->err = errno ? errno : EIO;
		errno = in->err;
		return -1;
	}
	sha256_update(&in->sha, buf, n);
	return (long)n;
}

struct ldif_reader *
input_read_hashing(struct input *in, const struct ldif_limits *lim)
{
	sha256_init(&in->sha);
	in->err = 0;
	in->reader = ldif_reader_new(in->path, read_hashing, in, lim);
	return in->reader;
}

int
input_hashed(struct input *in, char hex[SHA256_HEX_LEN + 1], struct diag *d)
{
	unsigned char digest[SHA256_DIGEST_LEN];

	if (in->err != 0)
		return diag_set(d, in->path, 0, 0, "cannot read: %s",
		    strerror(in->err));
	sha256_final(&in->sha, digest);
	sha256_hex(digest, hex);
	return 0;
}

struct ldif_reader *
input_read(struct input *in, const struct ldif_limits *lim)
{
	if (in->reader == NULL)
		in->reader = ldif_reader_new_file(in->path,
		    in->spool ? in->spool : in->fp, lim);
	return in->reader;
}

void
input_close(struct input *in)
{
	ldif_reader_free(in->reader);
	if (in->spool)
		fclose(in->spool);
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	memset(in, 0, sizeof(*in));
}
