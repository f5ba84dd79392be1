/*
 * outfile.c: atomic output files (see outfile.h).
 */
#include "cmd/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/os.h"

bool
outfile_same(const char *a, const char *b)
{
	return os_same_file(a, b);
}

int
outfile_open(struct outfile *o, const char *path,
    const char *const *inputs, size_t ninputs, struct diag *d)
{
	enum os_kind kind;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		o->is_stdout = true;
		return 0;
	}
	for (i = 0; i < ninputs; i++) {
		int same;

		if (inputs[i] == NULL)
			continue;
		if (strcmp(inputs[i], "-") != 0) {
			if (outfile_same(path, inputs[i]))
				return diag_set(d, path, 0, 0, "refusing to "
				    "overwrite the input file %s", inputs[i]);
			continue;
		}
		same = os_same_stream_file(path, stdin);
		if (same > 0)
			return diag_set(d, path, 0, 0, "refusing to overwrite "
			    "the input file (standard input)");
		if (same < 0)
			return diag_set(d, path, 0, 0, "cannot tell whether "
			    "standard input reads this file: name the input "
			    "file instead of '-'");
	}
	/* A device or pipe (/dev/null, a FIFO) is written in place: renaming
	 * a temporary file over it would replace the device node. */
	kind = os_path_kind(path);
	if (kind == OS_DIRECTORY || kind == OS_OTHER) {
		if (kind == OS_DIRECTORY)
			return diag_set(d, path, 0, 0, "is a directory");
		o->fp = os_fopen(path, "wb");
		if (o->fp == NULL)
			return diag_set(d, path, 0, 0, "cannot open output: %s",
			    strerror(errno));
		o->path = xstrdup(path);
		o->in_place = true;
		return 0;
	}
	o->fp = os_temp_create(path, &o->tmp);
	if (o->fp == NULL)
		return diag_set(d, path, 0, 0, "cannot create output: %s",
		    strerror(errno));
	o->path = xstrdup(path);
	return 0;
}

int
outfile_body_first(struct outfile *o, struct diag *d)
{
	FILE *spool = os_spool();

	if (spool == NULL)
		return diag_set(d, o->path ? o->path : "-", 0, 0, "cannot create "
		    "a temporary file for the output: %s", strerror(errno));
	o->dest = o->fp;
	o->fp = spool;
	return 0;
}

int
outfile_head_twice(struct outfile *o, struct diag *d)
{
	if (o->tmp == NULL)
		return outfile_body_first(o, d);
	o->head_twice = true;
	o->head_len = -1;
	return 0;
}

FILE *
outfile_head_begin(struct outfile *o, struct diag *d)
{
	if (!o->head_twice)
		return o->dest ? o->dest : o->fp;
	if (o->head_len < 0)
		return o->fp;           /* the first head: at the start */
	errno = 0;
	if (fflush(o->fp) != 0 || (o->body_end = os_tell(o->fp)) < 0 ||
	    os_seek(o->fp, 0) != 0) {
		diag_set(d, o->path, 0, 0, "cannot write output: %s",
		    strerror(errno ? errno : EIO));
		return NULL;
	}
	return o->fp;
}

int
outfile_head_end(struct outfile *o, struct diag *d)
{
	int64_t end;

	if (!o->head_twice)
		return 0;
	end = os_tell(o->fp);
	if (end < 0)
		return diag_set(d, o->path, 0, 0, "cannot write output: %s",
		    strerror(errno));
	if (o->head_len < 0) {
		o->head_len = end;
		return 0;
	}
	if (end != o->head_len)
		return diag_set(d, o->path, 0, 0, "internal error: the head "
		    "written at the end is %lld bytes, the one before the "
		    "body %lld: nothing written", (long long)end,
		    (long long)o->head_len);
	if (os_seek(o->fp, o->body_end) != 0)  /* more may follow */
		return diag_set(d, o->path, 0, 0, "cannot write output: %s",
		    strerror(errno));
	o->head_again = true;
	return 0;
}

void
outfile_write_behind(struct outfile *o)
{
	if (o->tmp != NULL && o->dest == NULL && o->fp != NULL)
		os_write_behind(o->fp);
}

void
outfile_hand_over(void *ctx)
{
	outfile_write_behind(ctx);
}

/* Copy the spooled body after the head and close the spool; fp becomes
 * the destination again. 0, or an errno. */
static int
put_body(struct outfile *o)
{
	unsigned char chunk[65536];
	FILE *spool = o->fp;
	size_t n;
	int e = 0;

	o->fp = o->dest;
	o->dest = NULL;
	errno = 0;
	if (fflush(spool) != 0 || ferror(spool) || os_seek(spool, 0) != 0)
		e = errno ? errno : EIO;
	while (e == 0 && (n = fread(chunk, 1, sizeof(chunk), spool)) > 0)
		if (fwrite(chunk, 1, n, o->fp) != n)
			e = errno ? errno : EIO;
	if (e == 0 && ferror(spool))
		e = errno ? errno : EIO;
	fclose(spool);
	return e;
}

int
outfile_commit(struct outfile *o, struct diag *d)
{
	int e;

	if (o->head_twice && !o->head_again) {
		diag_set(d, o->path, 0, 0, "internal error: the head was not "
		    "written again at the end: nothing written");
		outfile_abort(o);
		return -1;
	}
	if (o->dest != NULL && (e = put_body(o)) != 0) {
		diag_set(d, o->path ? o->path : "-", 0, 0, "cannot write "
		    "output: %s", strerror(e));
		outfile_abort(o);
		return -1;
	}

	if (o->is_stdout) {
		if (fflush(stdout) != 0 || ferror(stdout))
			return diag_set(d, "-", 0, 0,
			    "cannot write standard output: %s", strerror(errno));
		return 0;
	}
	if (o->fp == NULL)
		return 0;
	if (o->in_place) {
		bool failed = fflush(o->fp) != 0 || ferror(o->fp);

		e = errno;
		if (fclose(o->fp) != 0 && !failed) {
			failed = true;
			e = errno;
		}
		o->fp = NULL;
		if (failed) {
			diag_set(d, o->path, 0, 0, "cannot write output: %s",
			    strerror(e));
			free(o->path);
			o->path = NULL;
			return -1;
		}
		free(o->path);
		o->path = NULL;
		return 0;
	}
	e = os_temp_commit(o->fp, o->tmp, o->path);
	o->fp = NULL;           /* closed, and on failure tmp is removed */
	if (e != 0)
		goto fail;
	free(o->tmp);
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	return 0;
fail:
	e = errno;
	diag_set(d, o->path, 0, 0, "cannot write output: %s", strerror(e));
	outfile_abort(o);
	return -1;
}

void
outfile_abort(struct outfile *o)
{
	if (o->dest != NULL) {          /* body first: drop the spool */
		fclose(o->fp);
		o->fp = o->dest;
		o->dest = NULL;
	}
	if (o->is_stdout) {
		o->fp = NULL;
		return;
	}
	if (o->tmp)
		os_temp_discard(o->fp, o->tmp);
	else if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	free(o->tmp);
	free(o->path);
	o->tmp = NULL;
	o->path = NULL;
}
