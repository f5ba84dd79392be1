/*
 * test_outfile.c: outputs that appear whole or not at all (cmd/outfile.h),
 * on real files in a fresh directory. A head written twice: the second
 * goes over the first, the body stays, and what is written after it
 * follows the body; a second head of another length, or none, stops the
 * commit with the exact message and leaves neither the destination nor a
 * temporary file behind; where a file cannot be written twice (a device)
 * the output falls back to body first; a body-first output puts its head
 * before its body. Writing behind changes no byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/outfile.h"

struct dir {
	char path[256];
	char dest[300];
};

static void
dir_make(struct dir *t)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(t->path, sizeof(t->path), "%s/ldfix-outfile-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(t->path));
	snprintf(t->dest, sizeof(t->dest), "%s/out.ldf", t->path);
}

/* How many files the directory holds (temporary ones included). */
static int
dir_count(const struct dir *t)
{
	DIR *dp = opendir(t->path);
	struct dirent *de;
	int n = 0;

	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void
dir_remove(struct dir *t)
{
	unlink(t->dest);
	assert_int_equal(rmdir(t->path), 0);
}

static void
assert_file(const char *path, const char *want)
{
	char got[256];
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	n = fread(got, 1, sizeof(got) - 1, fp);
	fclose(fp);
	got[n] = '\0';
	assert_string_equal(got, want);
}

static void
put_head(struct outfile *o, const char *head, int want_rc, struct diag *d)
{
	FILE *fp = outfile_head_begin(o, d);

	assert_non_null(fp);
	assert_int_equal(fputs(head, fp) >= 0, 1);
	assert_int_equal(outfile_head_end(o, d), want_rc);
}

static void
test_head_twice(void **state)
{
	struct outfile o;
	struct diag d;
	struct dir t;
	FILE *old;

	(void)state;
	dir_make(&t);
	old = fopen(t.dest, "wb");              /* replaced at commit */
	assert_non_null(old);
	fputs("the plan before\n", old);
	fclose(old);
	assert_int_equal(outfile_open(&o, t.dest, NULL, 0, &d), 0);
	assert_int_equal(outfile_head_twice(&o, &d), 0);
	assert_true(o.head_twice);
	assert_null(o.dest);                    /* no spool */
	put_head(&o, "# input sha256: 0000\nversion: 1\n", 0, &d);
	fputs("\ndn: cn=a\ncn: a\n", o.fp);
	fflush(o.fp);
	outfile_write_behind(&o);               /* starts the disk's work only */
	assert_file(t.dest, "the plan before\n");
	put_head(&o, "# input sha256: 3a7f\nversion: 1\n", 0, &d);
	fputs("\ndn: cn=b\n", o.fp);            /* goes on after the body */
	assert_int_equal(outfile_commit(&o, &d), 0);
	assert_file(t.dest, "# input sha256: 3a7f\nversion: 1\n\ndn: cn=a\n"
	    "cn: a\n\ndn: cn=b\n");
	assert_int_equal(dir_count(&t), 1);
	dir_remove(&t);
}

/* A new file in a fresh directory, head twice: its first head and body. */
static void
open_written(struct outfile *o, struct dir *t, struct diag *d)
{
	dir_make(t);
	assert_int_equal(outfile_open(o, t->dest, NULL, 0, d), 0);
	assert_int_equal(outfile_head_twice(o, d), 0);
	put_head(o, "# sha: 0000\n", 0, d);
	fputs("body\n", o->fp);
}

static void
test_head_length_differs(void **state)
{
	struct outfile o;
	struct diag d;
	struct dir t;

	(void)state;
	open_written(&o, &t, &d);
	put_head(&o, "# sha: 00000\n", -1, &d);
	assert_string_equal(d.msg, "internal error: the head written at the "
	    "end is 13 bytes, the one before the body 12: nothing written");
	assert_string_equal(d.file, t.dest);
	outfile_abort(&o);
	assert_int_equal(dir_count(&t), 0);
	dir_remove(&t);
}

static void
test_head_not_again(void **state)
{
	struct outfile o;
	struct diag d;
	struct dir t;

	(void)state;
	open_written(&o, &t, &d);
	assert_int_equal(outfile_commit(&o, &d), -1);
	assert_string_equal(d.msg, "internal error: the head was not written "
	    "again at the end: nothing written");
	outfile_abort(&o);                      /* safe after a failed commit */
	assert_int_equal(dir_count(&t), 0);
	dir_remove(&t);
}

/* A device cannot be written twice: body first, the head at commit. */
static void
test_head_twice_on_device(void **state)
{
	struct outfile o;
	struct diag d;

	(void)state;
	assert_int_equal(outfile_open(&o, "/dev/null", NULL, 0, &d), 0);
	assert_true(o.in_place);
	assert_int_equal(outfile_head_twice(&o, &d), 0);
	assert_false(o.head_twice);
	assert_non_null(o.dest);
	fputs("body\n", o.fp);
	outfile_write_behind(&o);               /* nothing to do for a device */
	put_head(&o, "# head\n", 0, &d);
	assert_int_equal(outfile_commit(&o, &d), 0);
}

static void
test_body_first(void **state)
{
	struct outfile o;
	struct diag d;
	struct dir t;

	(void)state;
	dir_make(&t);
	assert_int_equal(outfile_open(&o, t.dest, NULL, 0, &d), 0);
	assert_int_equal(outfile_body_first(&o, &d), 0);
	fputs("body\n", o.fp);
	outfile_write_behind(&o);               /* nor for a spool */
	put_head(&o, "# head, known at the end\n", 0, &d);
	assert_int_equal(outfile_commit(&o, &d), 0);
	assert_file(t.dest, "# head, known at the end\nbody\n");
	assert_int_equal(dir_count(&t), 1);
	dir_remove(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head_twice),
		cmocka_unit_test(test_head_length_differs),
		cmocka_unit_test(test_head_not_again),
		cmocka_unit_test(test_head_twice_on_device),
		cmocka_unit_test(test_body_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
