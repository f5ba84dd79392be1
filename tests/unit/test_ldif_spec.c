/*
 * test_ldif_spec.c: runs every example of tests/spec/ldif.txt through the
 * LDIF reader, once with the whole input in one read and once one byte per
 * read, and compares the canonical dump with the expected output. The file
 * format and the dump are described at the top of tests/spec/ldif.txt.
 * Each example is a test of its own, named after its number and its lines
 * in the file ("Example 42 (lines 310-325)"); one more test checks that the
 * file was read whole. Run from the repository root (make check does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/num.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"

#include "mem_io.h"

#define SPEC_PATH "tests/spec/ldif.txt"
#define FENCE "````````````````````````````````"

static void
put_quoted(struct buf *out, struct slice s)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '"' || s.p[i] == '\\')
			buf_printf(out, "\\%c", s.p[i]);
		else if (s.p[i] < 0x20 || s.p[i] >= 0x7f)
			buf_printf(out, "\\x%02x", s.p[i]);
		else
			buf_putc(out, s.p[i]);
	}
	buf_putc(out, '"');
}

static void
dump_record(struct buf *out, const struct ldif_record *rec)
{
	size_t i, k;

	for (i = 0; i < rec->ncontrols; i++) {
		buf_puts(out, "control ");
		buf_putslice(out, rec->controls[i].oid);
		buf_puts(out, rec->controls[i].critical ? " true" : " false");
		if (rec->controls[i].has_value) {
			buf_putc(out, ' ');
			put_quoted(out, rec->controls[i].value);
		}
		buf_putc(out, '\n');
	}
	switch (rec->kind) {
	case LDIF_ENTRY:
		buf_printf(out, "%s %lu ", rec->changetype_add ? "add" :
		    "entry", rec->line);
		put_quoted(out, rec->dn);
		buf_putc(out, '\n');
		for (i = 0; i < rec->nattrs; i++) {
			buf_puts(out, "attr ");
			buf_putslice(out, rec->attrs[i].name);
			buf_putc(out, ' ');
			put_quoted(out, rec->attrs[i].value);
			buf_putc(out, '\n');
		}
		break;
	case LDIF_MODIFY:
		buf_printf(out, "modify %lu ", rec->line);
		put_quoted(out, rec->dn);
		buf_putc(out, '\n');
		for (i = 0; i < rec->nmods; i++) {
			const struct ldif_mod *m = &rec->mods[i];

			buf_printf(out, "mod %s ", ldif_mod_op_name(m->op));
			buf_putslice(out, m->attr);
			buf_putc(out, '\n');
			for (k = m->first; k < m->first + m->count; k++) {
				buf_puts(out, "value ");
				buf_putslice(out, rec->attrs[k].name);
				buf_putc(out, ' ');
				put_quoted(out, rec->attrs[k].value);
				buf_putc(out, '\n');
			}
		}
		break;
	case LDIF_DELETE:
		buf_printf(out, "delete %lu ", rec->line);
		put_quoted(out, rec->dn);
		buf_putc(out, '\n');
		break;
	case LDIF_MODDN:
		buf_printf(out, "%s %lu ", rec->moddn_word ? "moddn" : "modrdn",
		    rec->line);
		put_quoted(out, rec->dn);
		buf_puts(out, "\nnewrdn ");
		put_quoted(out, rec->newrdn);
		buf_printf(out, "\ndeleteoldrdn %d\n", rec->deleteoldrdn);
		if (rec->has_newsuperior) {
			buf_puts(out, "newsuperior ");
			put_quoted(out, rec->newsuperior);
			buf_putc(out, '\n');
		}
		break;
	}
}

/* Read all of in with reads of at most step bytes and dump what comes. */
static void
run_reader(struct buf *out, struct slice in, size_t step)
{
	struct mem_feed f;
	struct ldif_reader *r = mem_reader(&f, "spec", in.p, in.n, step, NULL);
	const struct ldif_record *rec;
	struct diag d;
	int rc;

	diag_clear(&d);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1)
		dump_record(out, rec);
	if (rc == 0)
		buf_puts(out, "end\n");
	else
		buf_printf(out, "error %lu:%lu: %s\n", d.line, d.col, d.msg);
	ldif_reader_free(r);
}

static bool
starts(const unsigned char *p, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && memcmp(p, word, k) == 0;
}

/* UTF-8 text -> UTF-16 with a byte order mark (the spec's own input). */
static void
to_utf16(struct buf *out, struct slice in, bool be)
{
	size_t i = 0;
	unsigned long c, units[2];
	int nu, k;

	buf_put(out, be ? "\xfe\xff" : "\xff\xfe", 2);
	while (i < in.n) {
		c = in.p[i];
		if (c < 0x80) {
			i += 1;
		} else if (c < 0xe0) {
			c = (c & 0x1f) << 6 | (in.p[i + 1] & 0x3f);
			i += 2;
		} else if (c < 0xf0) {
			c = (c & 0x0f) << 12 | (in.p[i + 1] & 0x3fUL) << 6 |
			    (in.p[i + 2] & 0x3f);
			i += 3;
		} else {
			c = (c & 0x07) << 18 | (in.p[i + 1] & 0x3fUL) << 12 |
			    (in.p[i + 2] & 0x3fUL) << 6 | (in.p[i + 3] & 0x3f);
			i += 4;
		}
		if (c >= 0x10000) {
			units[0] = 0xd800 + ((c - 0x10000) >> 10);
			units[1] = 0xdc00 + ((c - 0x10000) & 0x3ff);
			nu = 2;
		} else {
			units[0] = c;
			nu = 1;
		}
		for (k = 0; k < nu; k++) {
			int hi = (int)(units[k] >> 8), lo = (int)(units[k] & 0xff);

			buf_putc(out, be ? hi : lo);
			buf_putc(out, be ? lo : hi);
		}
	}
}

/*
 * Input markers: ␍ CR, ␠ space, → TAB, ␀ NUL, ␄ at a line end drops the
 * line end, ⟪hex bytes⟫ raw bytes, a first line ⟪utf16le⟫ / ⟪utf16be⟫
 * encodes the rest as UTF-16 with a byte order mark.
 */
static void
decode_input(struct buf *out, const unsigned char *p, size_t n)
{
	struct buf tmp = BUF_INIT;
	int enc = 0;
	size_t i = 0;
	int hi;

	if (starts(p, n, "\xe2\x9f\xaautf16le\xe2\x9f\xab\n")) {
		enc = 1;
		i = 14;
	} else if (starts(p, n, "\xe2\x9f\xaautf16be\xe2\x9f\xab\n")) {
		enc = 2;
		i = 14;
	}
	while (i < n) {
		const unsigned char *q = p + i;
		size_t k = n - i;

		if (starts(q, k, "\xe2\x90\x8d")) {
			buf_putc(&tmp, '\r');
			i += 3;
		} else if (starts(q, k, "\xe2\x90\xa0")) {
			buf_putc(&tmp, ' ');
			i += 3;
		} else if (starts(q, k, "\xe2\x86\x92")) {
			buf_putc(&tmp, '\t');
			i += 3;
		} else if (starts(q, k, "\xe2\x90\x80")) {
			buf_putc(&tmp, '\0');
			i += 3;
		} else if (starts(q, k, "\xe2\x90\x84\n")) {
			i += 4;
		} else if (starts(q, k, "\xe2\x9f\xaa")) {
			i += 3;
			hi = -1;
			while (i < n && !starts(p + i, n - i, "\xe2\x9f\xab")) {
				int v = num_hex_digit(p[i++]);

				if (v < 0)
					continue;
				if (hi < 0) {
					hi = v;
				} else {
					buf_putc(&tmp, hi << 4 | v);
					hi = -1;
				}
			}
			i += 3;
		} else {
			buf_putc(&tmp, p[i]);
			i++;
		}
	}
	if (enc)
		to_utf16(out, buf_slice(&tmp), enc == 2);
	else
		buf_putslice(out, buf_slice(&tmp));
	buf_release(&tmp);
}

/* One example of the spec file: its number, its lines (fence to fence),
 * its decoded input and its expected dump. */
struct example {
	int number;
	unsigned long first, last;
	char name[64];
	struct buf input, want;
};

/* The spec file, read into examples; open_example: an example was still
 * open at the end of the file. */
struct spec {
	bool read;
	bool open_example;
	struct example *v;
	size_t n;
};

static void
spec_add(struct spec *sp, unsigned long first, unsigned long last,
    const struct buf *input, const struct buf *want)
{
	struct example *ex;

	sp->v = xreallocarray(sp->v, sp->n + 1, sizeof(*sp->v));
	ex = &sp->v[sp->n++];
	ex->number = (int)sp->n;
	ex->first = first;
	ex->last = last;
	snprintf(ex->name, sizeof(ex->name), "Example %d (lines %lu-%lu)",
	    ex->number, first, last);
	ex->input = (struct buf)BUF_INIT;
	ex->want = (struct buf)BUF_INIT;
	decode_input(&ex->input, input->p, input->n);
	buf_putslice(&ex->want, buf_slice(want));
}

/* Split the spec file into examples: prose, a fence line with " example",
 * the input up to a line ".", the expected output up to a fence. */
static void
spec_load(struct spec *sp, const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf file = BUF_INIT, input = BUF_INIT, want = BUF_INIT;
	unsigned char chunk[4096];
	size_t k, i, start = 0;
	unsigned long lineno = 0, ex_line = 0;
	int mode = 0;   /* 0: prose, 1: input, 2: expected output */

	memset(sp, 0, sizeof(*sp));
	if (fp == NULL)
		return;
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&file, chunk, k);
	sp->read = !ferror(fp);
	fclose(fp);
	for (i = 0; i <= file.n; i++) {
		const unsigned char *l;
		size_t n;

		if (i < file.n && file.p[i] != '\n')
			continue;
		l = file.p + start;
		n = i - start;
		start = i + 1;
		lineno++;
		if (mode == 0 && n == 40 && starts(l, n, FENCE " example")) {
			mode = 1;
			ex_line = lineno;
			buf_reset(&input);
			buf_reset(&want);
		} else if (mode == 1) {
			if (n == 1 && l[0] == '.')
				mode = 2;
			else
				buf_put(&input, l, n + (i < file.n));
		} else if (mode == 2 && n == 32 && starts(l, n, FENCE)) {
			mode = 0;
			spec_add(sp, ex_line, lineno, &input, &want);
		} else if (mode == 2) {
			buf_put(&want, l, n);
			buf_putc(&want, '\n');
		}
	}
	sp->open_example = mode != 0;
	buf_release(&file);
	buf_release(&input);
	buf_release(&want);
}

static void
spec_free(struct spec *sp)
{
	size_t i;

	for (i = 0; i < sp->n; i++) {
		buf_release(&sp->v[i].input);
		buf_release(&sp->v[i].want);
	}
	free(sp->v);
}

/* The file was read, every example is closed, and there are enough of them
 * that a broken fence cannot have hidden most. */
static void
test_spec_file(void **state)
{
	const struct spec *sp = *state;

	assert_true(sp->read);
	assert_false(sp->open_example);
	assert_true(sp->n >= 100);
}

/* The 1-based line of the dump where got and want first differ. */
static unsigned long
first_difference(struct slice got, struct slice want)
{
	unsigned long line = 1;
	size_t i;

	for (i = 0; i < got.n && i < want.n && got.p[i] == want.p[i]; i++)
		if (got.p[i] == '\n')
			line++;
	return line;
}

/* One example: the whole input in one read, then one byte per read. On a
 * difference, both dumps (printf: cmocka's own printer cuts at 1 KiB). */
static void
test_example(void **state)
{
	const struct example *ex = *state;
	struct buf got = BUF_INIT, got1 = BUF_INIT;
	struct slice want = buf_slice(&ex->want);
	bool ok, ok1;
	unsigned long line;

	run_reader(&got, buf_slice(&ex->input), (size_t)-1 / 2);
	run_reader(&got1, buf_slice(&ex->input), 1);
	ok = slice_eq(buf_slice(&got), want);
	ok1 = slice_eq(buf_slice(&got1), want);
	line = first_difference(buf_slice(ok ? &got1 : &got), want);
	if (!ok || !ok1) {
		printf("%s of %s\nexpected:\n%.*s", ex->name, SPEC_PATH,
		    (int)want.n, (const char *)want.p);
		printf("got%s:\n%.*s", ok ? " with 1-byte reads" : "",
		    (int)(ok ? got1.n : got.n),
		    (const char *)(ok ? got1.p : got.p));
		if (!ok && !ok1 && !slice_eq(buf_slice(&got), buf_slice(&got1)))
			printf("got with 1-byte reads:\n%.*s", (int)got1.n,
			    (const char *)got1.p);
		fflush(stdout);
	}
	buf_release(&got);
	buf_release(&got1);
	if (!ok || !ok1)
		fail_msg("%s: the dump differs from line %lu of the expected "
		    "output (%s)", ex->name, line,
		    ok ? "1-byte reads" : ok1 ? "whole input" : "both runs");
}

/* LDFIX_SPEC_INPUTS=DIR: also write each example's input, decoded, to
 * DIR/exNNN.ldif, so that another build (ldfix.exe under Wine) can be run
 * over the same inputs (tests/win/t_wine.sh). */
static void
save_inputs(const struct spec *sp, const char *dir)
{
	char path[1024];
	size_t i;
	FILE *fp;

	for (i = 0; i < sp->n; i++) {
		snprintf(path, sizeof(path), "%s/ex%03d.ldif", dir,
		    sp->v[i].number);
		fp = fopen(path, "wb");
		if (fp == NULL || fwrite(sp->v[i].input.p, 1, sp->v[i].input.n,
		    fp) != sp->v[i].input.n || fclose(fp) != 0) {
			fprintf(stderr, "cannot write %s\n", path);
			exit(1);
		}
	}
}

/* The tests are built at run time: the spec file test, then one test per
 * example, its struct example as the test's state. cmocka's
 * cmocka_run_group_tests macro needs an array of fixed size; the function
 * it expands to takes the count. */
int
main(void)
{
	struct spec sp;
	struct CMUnitTest *tests;
	size_t i;
	int rc;

	spec_load(&sp, SPEC_PATH);
	if (getenv("LDFIX_SPEC_INPUTS") != NULL)
		save_inputs(&sp, getenv("LDFIX_SPEC_INPUTS"));
	tests = xcalloc(sp.n + 1, sizeof(*tests));
	tests[0].name = "tests/spec/ldif.txt is read whole, 100 examples or more";
	tests[0].test_func = test_spec_file;
	tests[0].initial_state = &sp;
	for (i = 0; i < sp.n; i++) {
		tests[i + 1].name = sp.v[i].name;
		tests[i + 1].test_func = test_example;
		tests[i + 1].initial_state = &sp.v[i];
	}
	rc = _cmocka_run_group_tests("ldif_spec", tests, sp.n + 1, NULL, NULL);
	free(tests);
	spec_free(&sp);
	return rc;
}
