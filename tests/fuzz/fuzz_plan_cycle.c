/*
 * fuzz_plan_cycle.c: libFuzzer harness for the promise of plan and apply
 * together: plan an export, apply the plan to it, apply the undo file to
 * the result, and the export comes back (as sets: attribute order and
 * repeated values aside, as apply.h says).
 *
 * The first byte picks the rules (the built-in ones, or a set that
 * replaces, adds, deletes, sets bits and fills in on common attributes),
 * guarded or --replace change files, comments, and plan_run on one thread
 * or two; the rest is the export.
 * Cases the promise does not cover are skipped: a plan that fails (limits,
 * a DN apply would refuse), and exports holding one DN twice or change
 * records (apply would apply them too). Otherwise a failed record in
 * either apply, or an entry that does not come back, aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/dn.h"
#include "base/diag.h"
#include "base/hash.h"
#include "ldif/entry.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "rules/rules.h"
#include "tasks/apply.h"
#include "tasks/plan.h"
#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char synthetic[] =
    "version: 1\n"
    "rules:\n"
    "  - id: text\n"
    "    match: { cn: present }\n"
    "    changes:\n"
    "      - replace: description\n"
    "        value: \"d {cn}\"\n"
    "      - add: otherMailbox\n"
    "        values: [x, \"y{{}}\"]\n"
    "      - delete: info\n"
    "      - delete: mail\n"
    "        value: a@b\n"
    "      - set-if-absent: displayName\n"
    "        value: \"{cn}\"\n"
    "  - id: bits\n"
    "    match: { userAccountControl: { bits-none: 0x2 } }\n"
    "    changes:\n"
    "      - set-bits: userAccountControl\n"
    "        bits: 0x2\n"
    "      - clear-bits: msExchRecipientDisplayType\n"
    "        bits: 0x40000000\n";

static struct ldif_reader *
reader_of(struct fuzz_feed *f, const void *p, size_t n)
{
	static const struct ldif_limits lim = { 4096, 65536, false };

	fuzz_feed_init(f, p, n);
	return ldif_reader_new("fuzz", fuzz_feed_read, f, &lim);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the n strings and free them after appending each once (and a
 * separator) to out; the number of repeats. */
static size_t
put_sorted(char **v, size_t n, struct buf *out, int sep)
{
	size_t i, repeats = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i], v[i - 1]) == 0)
			repeats++;
		else {
			buf_puts(out, v[i]);
			buf_putc(out, sep);
		}
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	return repeats;
}

/* "name\tHEX" of one attribute line, the name lower-cased. */
static char *
pair(const struct ldif_attr *a)
{
	static const char hex[] = "0123456789abcdef";
	struct buf b = BUF_INIT;
	size_t k;

	for (k = 0; k < a->name.n; k++)
		buf_putc(&b, ascii_tolower(a->name.p[k]));
	buf_putc(&b, '\t');
	for (k = 0; k < a->value.n; k++) {
		buf_putc(&b, hex[a->value.p[k] >> 4]);
		buf_putc(&b, hex[a->value.p[k] & 15]);
	}
	return (char *)buf_detach(&b, NULL);
}

/*
 * The entries of the n bytes at p as sets: one line per entry (its DN,
 * normalized where it can be, then its "name\tHEX" pairs sorted, each
 * once), the lines sorted, into out. -1 when something is not an entry,
 * a DN comes twice or the reader fails.
 */
static int
canon(const void *p, size_t n, struct buf *out)
{
	struct fuzz_feed f;
	struct ldif_reader *r = reader_of(&f, p, n);
	const struct ldif_record *rec;
	struct buf line = BUF_INIT, dns = BUF_INIT;
	char **lines = NULL, **ndns = NULL, **pairs;
	size_t nlines = 0, cap = 0, ncap = 0, i;
	struct diag d;
	int rc;

	while ((rc = ldif_reader_next(r, &rec, &d)) == 1) {
		if (rec->kind != LDIF_ENTRY) {
			rc = -1;
			break;
		}
		buf_reset(&line);
		if (dn_normalize(rec->dn, &line) < 0) {
			buf_reset(&line);
			buf_putslice(&line, rec->dn);
		}
		grow_array(&ndns, &ncap, nlines + 1, sizeof(*ndns));
		ndns[nlines] = (char *)buf_detach(&line, NULL);
		buf_puts(&line, ndns[nlines]);
		buf_putc(&line, '\n');
		pairs = malloc((rec->nattrs + 1) * sizeof(*pairs));
		for (i = 0; i < rec->nattrs; i++)
			pairs[i] = pair(&rec->attrs[i]);
		put_sorted(pairs, rec->nattrs, &line, '\n');
		free(pairs);
		grow_array(&lines, &cap, nlines + 1, sizeof(*lines));
		lines[nlines++] = (char *)buf_detach(&line, NULL);
	}
	ldif_reader_free(r);
	if (put_sorted(ndns, nlines, &dns, '\n') > 0)
		rc = -1;
	put_sorted(lines, nlines, out, 0);
	free(ndns);
	free(lines);
	buf_release(&line);
	buf_release(&dns);
	return rc;
}

/* Plan the export with rs: change and undo files into *change, *undo. */
static int
plan_it(const struct ruleset *rs, const struct plan_opts *po,
    const uint8_t *p, size_t n, char **change, size_t *nc, char **undo,
    size_t *nu)
{
	struct plan_header h = { "fuzz", "export", NULL, NULL, NULL, NULL,
	    NULL, 0 };
	struct plan pl;
	struct fuzz_feed f;
	struct ldif_reader *r;
	FILE *cf = open_memstream(change, nc), *uf = open_memstream(undo, nu);
	struct diag d;
	int rc;

	if (cf == NULL || uf == NULL)
		abort();
	plan_init(&pl, rs, po);
	pl.out = ldif_writer_new(cf, "change", NULL);
	pl.undo = ldif_writer_new(uf, "undo", NULL);
	plan_write_headers(&pl, &h, pl.out, pl.undo, NULL);
	r = reader_of(&f, p, n);
	diag_clear(&d);
	rc = plan_run(&pl, r, &d);
	ldif_reader_free(r);
	if (ldif_writer_close(pl.out, NULL) < 0 ||
	    ldif_writer_close(pl.undo, NULL) < 0) {
		fprintf(stderr, "plan wrote what the writer refuses\n");
		abort();
	}
	plan_free(&pl);
	fclose(cf);
	fclose(uf);
	return rc;
}

/* Apply changes to the export; the result into *out. Aborts on a failed
 * record. */
static void
apply_it(const char *what, const void *exp, size_t en, const char *chg,
    size_t cn, char **out, size_t *on)
{
	struct apply_changes c;
	struct apply_failures fl;
	struct fuzz_feed f1, f2;
	struct ldif_reader *r;
	struct ldif_writer *w;
	FILE *fp = open_memstream(out, on);
	struct diag d;

	if (fp == NULL)
		abort();
	apply_changes_init(&c);
	apply_failures_init(&fl);
	r = reader_of(&f1, chg, cn);
	if (apply_load_changes(r, what, &c, &d) < 0) {
		fprintf(stderr, "%s does not load: %s:%lu:%lu: %s\n", what,
		    d.file, d.line, d.col, d.msg);
		abort();
	}
	ldif_reader_free(r);
	w = ldif_writer_new(fp, "out", NULL);
	r = reader_of(&f2, exp, en);
	if (apply_run(&c, r, w, &fl, &d) < 0 || fl.n > 0) {
		fprintf(stderr, "%s fails to apply: %s\n", what,
		    fl.n ? fl.v[0].diag.msg : d.msg);
		abort();
	}
	ldif_reader_free(r);
	if (ldif_writer_close(w, &d) < 0) {
		fprintf(stderr, "%s: output refused: %s\n", what, d.msg);
		abort();
	}
	fclose(fp);
	apply_failures_free(&fl);
	apply_changes_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset builtin, synth;
	static bool loaded;
	struct plan_opts po;
	struct buf want = BUF_INIT, got = BUF_INIT;
	char *change = NULL, *undo = NULL, *after = NULL, *back = NULL;
	size_t nc = 0, nu = 0, na = 0, nb = 0, en;
	const uint8_t *exp;
	struct diag d;

	if (!loaded) {
		rules_init(&builtin);
		rules_init(&synth);
		if (rules_load_default(&builtin, NULL, 0, &d) < 0 ||
		    rules_load_mem(&synth, "synthetic", (const unsigned char *)
		    synthetic, sizeof(synthetic) - 1, NULL, 0, &d) < 0)
			abort();
		loaded = true;
	}
	if (size < 1 || size > (1 << 18))
		return 0;
	exp = data + 1;
	en = size - 1;
	memset(&po, 0, sizeof(po));
	po.replace = data[0] & 1;
	po.comments = data[0] & 2;
	po.one_thread = data[0] & 8;
	if (canon(exp, en, &want) < 0)
		goto out;       /* not entries alone, a DN twice, or invalid */
	if (plan_it(data[0] & 4 ? &synth : &builtin, &po, exp, en, &change,
	    &nc, &undo, &nu) < 0)
		goto out;
	apply_it("plan", exp, en, change, nc, &after, &na);
	apply_it("undo", after, na, undo, nu, &back, &nb);
	if (canon(back, nb, &got) < 0 || got.n != want.n ||
	    memcmp(got.p, want.p, want.n) != 0) {
		fprintf(stderr, "the undo did not give the export back\n");
		abort();
	}
out:
	free(change);
	free(undo);
	free(after);
	free(back);
	buf_release(&want);
	buf_release(&got);
	return 0;
}
