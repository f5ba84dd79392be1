/*
 * outfile.c: atomic output files (see outfile.h).
 */
#include "cmd/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"

/* The directory part resolved, then the last component: two spellings of
 * one path that need not exist yet ("out.ldf", "./out.ldf") come out equal. */
static char *
resolved(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *out;
	size_t n;

	dir = slash ? xmemdup(path, slash == path ? 1 : (size_t)(slash - path))
	    : xstrdup(".");
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return xstrdup(path);
	n = strlen(real);
	out = xmalloc(n + strlen(path) + 2);
	memcpy(out, real, n);
	out[n] = '/';
	strcpy(out + n + 1, slash ? slash + 1 : path);
	free(real);
	return out;
}

/* path names the file standard input reads (an existing one). */
static bool
is_stdin(const char *path)
{
	struct stat sp, si;

	return stat(path, &sp) == 0 && fstat(STDIN_FILENO, &si) == 0 &&
	    sp.st_dev == si.st_dev && sp.st_ino == si.st_ino;
}

bool
outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ra, *rb;
	bool same;

	if (a == NULL || b == NULL || strcmp(a, "-") == 0 ||
	    strcmp(b, "-") == 0)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	ra = resolved(a);
	rb = resolved(b);
	same = strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}

int
outfile_open(struct outfile *o, const char *path,
    const char *const *inputs, size_t ninputs, struct diag *d)
{
	const char *slash;
	struct stat st;
	size_t dirlen, i;
	int fd;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		o->is_stdout = true;
		return 0;
	}
	for (i = 0; i < ninputs; i++) {
		if (inputs[i] == NULL)
			continue;
		if (strcmp(inputs[i], "-") == 0 ? is_stdin(path) :
		    outfile_same(path, inputs[i]))
			return diag_set(d, path, 0, 0,
			    "refusing to overwrite the input file %s",
			    strcmp(inputs[i], "-") == 0 ? "(standard input)" :
			    inputs[i]);
	}
	/* A device or pipe (/dev/null, a FIFO) is written in place: renaming
	 * a temporary file over it would replace the device node. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return diag_set(d, path, 0, 0, "is a directory");
		o->fp = fopen(path, "w");
		if (o->fp == NULL)
			return diag_set(d, path, 0, 0, "cannot open output: %s",
			    strerror(errno));
		o->path = xstrdup(path);
		o->in_place = true;
		return 0;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	o->tmp = xmalloc(dirlen + sizeof(".ldfix-XXXXXX"));
	memcpy(o->tmp, path, dirlen);
	memcpy(o->tmp + dirlen, ".ldfix-XXXXXX", sizeof(".ldfix-XXXXXX"));
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		return diag_set(d, path, 0, 0, "cannot create output: %s",
		    strerror(e));
	}
	o->fp = fdopen(fd, "w");
	if (o->fp == NULL) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return diag_set(d, path, 0, 0, "cannot open output: %s",
		    strerror(e));
	}
	o->path = xstrdup(path);
	return 0;
}

int
outfile_commit(struct outfile *o, struct diag *d)
{
	int e;

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
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
		goto fail;
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		goto fail;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) != 0)
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
	if (o->is_stdout) {
		o->fp = NULL;
		return;
	}
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = NULL;
	o->path = NULL;
}
