/*
 * test_plan.c: the plan diff and the change/undo records it writes, for
 * every shape of change, in guarded and replace mode, with and without
 * comments, plus the header and the input hashing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "ldif/entry.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/changefile.h"
#include "base/os.h"
#include "cmd/input.h"
#include "tasks/plan.h"
#include "rules/rules.h"
#include "base/sha256.h"

#include "mem_io.h"

/* S-1-5-21-1-2-3-1104 */
static const unsigned char sid_bytes[] = {
	1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	3, 0, 0, 0, 0x50, 4, 0, 0
};

struct fixture {
	struct rule rules[2];
	char *files[1];
	struct ruleset rs;
	struct entry before, after;
	struct engine_result res;
	struct mem_out out, undo;
	char *out_text, *undo_text;
	struct plan p;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->rules[0].id = (char *)"linked";
	f->rules[1].id = (char *)"report-only";
	f->files[0] = (char *)"rules/linked.yaml";
	memset(&f->rs, 0, sizeof(f->rs));
	buf_init(&f->rs.source);
	f->rs.rules = f->rules;
	f->rs.nrules = 2;
	f->rs.files = f->files;
	f->rs.nfiles = 1;
	entry_init(&f->before);
	entry_init(&f->after);
	engine_result_init(&f->res);
	f->before.dn = slice_of("CN=Jane Doe,OU=Staff,DC=corp,DC=example");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	entry_free(&f->before);
	entry_free(&f->after);
	engine_result_free(&f->res);
	free(f->out_text);
	free(f->undo_text);
	free(f);
	return 0;
}

static void
add(struct entry *e, const char *attr, const char *v)
{
	entry_add_value(e, slice_of(attr), slice_of(v));
}

/* A hit of rule i with an optional label and warning. */
static void
hit(struct fixture *f, size_t i, const char *label, const char *warning)
{
	struct engine_hit *h;

	grow_array(&f->res.hits, &f->res.hits_cap, f->res.nhits + 1,
	    sizeof(*f->res.hits));
	h = &f->res.hits[f->res.nhits++];
	memset(h, 0, sizeof(*h));
	h->rule = &f->rules[i];
	h->label = label;
	h->first_warning = f->res.nwarnings;
	if (warning) {
		struct engine_warning *w;

		grow_array(&f->res.warnings, &f->res.warnings_cap,
		    f->res.nwarnings + 1, sizeof(*f->res.warnings));
		w = &f->res.warnings[f->res.nwarnings++];
		w->rule = &f->rules[i];
		w->off = f->res.text.n;
		w->len = strlen(warning);
		buf_puts(&f->res.text, warning);
		h->nwarnings = 1;
	}
}

/* Run plan_entry on the fixture's entries; the outputs land in out_text
 * and undo_text. */
static size_t
run(struct fixture *f, bool replace, bool comments)
{
	struct plan_opts o = { replace, comments, false };
	size_t n;

	plan_init(&f->p, &f->rs, &o);
	f->p.out = mem_out_writer(&f->out, "out", NULL);
	f->p.undo = mem_out_writer(&f->undo, "undo", NULL);
	n = plan_entry(&f->p, &f->before, &f->after, &f->res);
	f->out_text = mem_out_close(&f->out);
	f->undo_text = mem_out_close(&f->undo);
	return n;
}

static void
start_after(struct fixture *f)
{
	entry_reset(&f->after);
	entry_copy(&f->after, &f->before);
}

static void
test_replace_single_value(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "cn", "Jane Doe");
	add(&f->before, "msExchRecipientTypeDetails", "2");
	add(&f->before, "mail", "jane@example.org");
	start_after(f);
	entry_replace(&f->after, slice_of("msExchRecipientTypeDetails"),
	    &(struct slice){ (const unsigned char *)"1", 1 }, 1);
	assert_int_equal(run(f, false, false), 1);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "\n");
	assert_string_equal(f->undo_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "\n");
	assert_int_equal(f->p.stats.changed, 1);
	assert_int_equal(f->p.stats.mods, 1);
	plan_free(&f->p);
}

/* A deleted binary attribute is deleted by its exported value (base64);
 * the undo adds it back. The full linked -> user record shape. */
static void
test_delete_attribute_one_value(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "msExchRecipientTypeDetails", "2");
	entry_add_value(&f->before, slice_of("msExchMasterAccountSid"),
	    slice_mem(sid_bytes, sizeof(sid_bytes)));
	start_after(f);
	entry_replace(&f->after, slice_of("msExchRecipientTypeDetails"),
	    &(struct slice){ (const unsigned char *)"1", 1 }, 1);
	entry_delete_attr(&f->after, slice_of("msExchMasterAccountSid"));
	assert_int_equal(run(f, false, false), 2);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "delete: msExchMasterAccountSid\n"
	    "msExchMasterAccountSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\n"
	    "-\n"
	    "\n");
	/* Mirror: changes reversed, add and delete swapped. */
	assert_string_equal(f->undo_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: msExchMasterAccountSid\n"
	    "msExchMasterAccountSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\n"
	    "-\n"
	    "delete: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "add: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

static void
test_delete_attribute_several_values(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "proxyAddresses", "SMTP:jane@example.org");
	add(&f->before, "proxyAddresses", "smtp:jd@example.org");
	start_after(f);
	entry_delete_attr(&f->after, slice_of("proxyaddresses"));
	assert_int_equal(run(f, false, false), 1);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: proxyAddresses\n"
	    "proxyAddresses: SMTP:jane@example.org\n"
	    "proxyAddresses: smtp:jd@example.org\n"
	    "-\n"
	    "\n");
	assert_string_equal(f->undo_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "add: proxyAddresses\n"
	    "proxyAddresses: SMTP:jane@example.org\n"
	    "proxyAddresses: smtp:jd@example.org\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

/* New attributes come after the exported ones, in the order the rules
 * made them; the exported spelling of a description is kept. */
static void
test_add_new_attribute_and_order(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "cn", "Jane Doe");
	add(&f->before, "Description", "old");
	start_after(f);
	add(&f->after, "extensionAttribute1", "converted");
	entry_replace(&f->after, slice_of("description"),
	    &(struct slice){ (const unsigned char *)"new", 3 }, 1);
	add(&f->after, "info", "x");
	assert_int_equal(run(f, false, false), 3);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: Description\n"
	    "Description: old\n"
	    "-\n"
	    "add: Description\n"
	    "Description: new\n"
	    "-\n"
	    "add: extensionAttribute1\n"
	    "extensionAttribute1: converted\n"
	    "-\n"
	    "add: info\n"
	    "info: x\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

/* Only the values that differ are deleted and added. */
static void
test_multi_valued_partial(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "otherMailbox", "a");
	add(&f->before, "otherMailbox", "b");
	add(&f->before, "otherMailbox", "c");
	start_after(f);
	entry_delete_value(&f->after, slice_of("otherMailbox"), slice_of("b"));
	add(&f->after, "otherMailbox", "d");
	assert_int_equal(run(f, false, false), 1);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: otherMailbox\n"
	    "otherMailbox: b\n"
	    "-\n"
	    "add: otherMailbox\n"
	    "otherMailbox: d\n"
	    "-\n"
	    "\n");
	assert_string_equal(f->undo_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: otherMailbox\n"
	    "otherMailbox: d\n"
	    "-\n"
	    "add: otherMailbox\n"
	    "otherMailbox: b\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

/* The same values in another order are no change at all. */
static void
test_reordered_values_no_change(void **state)
{
	struct fixture *f = *state;
	struct slice vals[2] = { { (const unsigned char *)"y", 1 },
	    { (const unsigned char *)"x", 1 } };

	add(&f->before, "otherMailbox", "x");
	add(&f->before, "otherMailbox", "y");
	start_after(f);
	entry_replace(&f->after, slice_of("otherMailbox"), vals, 2);
	hit(f, 1, NULL, "only a warning");
	assert_int_equal(run(f, false, true), 0);
	assert_string_equal(f->out_text, "");
	assert_string_equal(f->undo_text, "");
	assert_int_equal(f->p.stats.matched, 1);
	assert_int_equal(f->p.stats.report_only, 1);
	assert_int_equal(f->p.stats.warnings, 1);
	assert_int_equal(f->p.stats.rule_hits[1], 1);
	plan_free(&f->p);
}

static void
test_dn_needs_base64(void **state)
{
	struct fixture *f = *state;

	f->before.dn = slice_of("CN=J\xc3\xbcrgen M\xc3\xbcller,DC=corp");
	add(&f->before, "info", "a");
	start_after(f);
	entry_delete_attr(&f->after, slice_of("info"));
	run(f, false, false);
	assert_string_equal(f->out_text,
	    "dn:: Q049SsO8cmdlbiBNw7xsbGVyLERDPWNvcnA=\n"
	    "changetype: modify\n"
	    "delete: info\n"
	    "info: a\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

/* Leading space, trailing space, a line break: base64 in both files. */
static void
test_values_need_base64(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "description", " leading");
	start_after(f);
	entry_replace(&f->after, slice_of("description"),
	    &(struct slice){ (const unsigned char *)"a\nb", 3 }, 1);
	run(f, false, false);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "delete: description\n"
	    "description:: IGxlYWRpbmc=\n"
	    "-\n"
	    "add: description\n"
	    "description:: YQpi\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

static void
test_replace_mode(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "msExchRecipientTypeDetails", "2");
	entry_add_value(&f->before, slice_of("msExchMasterAccountSid"),
	    slice_mem(sid_bytes, sizeof(sid_bytes)));
	start_after(f);
	entry_replace(&f->after, slice_of("msExchRecipientTypeDetails"),
	    &(struct slice){ (const unsigned char *)"1", 1 }, 1);
	entry_delete_attr(&f->after, slice_of("msExchMasterAccountSid"));
	add(&f->after, "info", "new");
	assert_int_equal(run(f, true, false), 3);
	assert_string_equal(f->out_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "replace: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 1\n"
	    "-\n"
	    "replace: msExchMasterAccountSid\n"
	    "-\n"
	    "replace: info\n"
	    "info: new\n"
	    "-\n"
	    "\n");
	assert_string_equal(f->undo_text,
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
	    "changetype: modify\n"
	    "replace: info\n"
	    "-\n"
	    "replace: msExchMasterAccountSid\n"
	    "msExchMasterAccountSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\n"
	    "-\n"
	    "replace: msExchRecipientTypeDetails\n"
	    "msExchRecipientTypeDetails: 2\n"
	    "-\n"
	    "\n");
	plan_free(&f->p);
}

/* Comments name the rule and label, show old -> new readably (the SID as
 * S-1-...) and carry the warning; --no-comments drops them all. */
static void
test_comments(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "msExchRecipientTypeDetails", "2");
	entry_add_value(&f->before, slice_of("msExchMasterAccountSid"),
	    slice_mem(sid_bytes, sizeof(sid_bytes)));
	add(&f->before, "otherMailbox", "a");
	add(&f->before, "otherMailbox", "b");
	start_after(f);
	entry_replace(&f->after, slice_of("msExchRecipientTypeDetails"),
	    &(struct slice){ (const unsigned char *)"1", 1 }, 1);
	entry_delete_attr(&f->after, slice_of("msExchMasterAccountSid"));
	entry_delete_value(&f->after, slice_of("otherMailbox"), slice_of("a"));
	hit(f, 0, "linked-disabled", "ExternalAccount ACE left\nin place");
	run(f, false, true);
	assert_non_null(strstr(f->out_text,
	    "# rule linked (linked-disabled)\n"
	    "# msExchRecipientTypeDetails: 2 -> 1\n"
	    "# msExchMasterAccountSid: S-1-5-21-1-2-3-1104 -> (absent)\n"
	    "# otherMailbox: remove a\n"
	    "# warning: ExternalAccount ACE left\n"
	    "# in place\n"
	    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"));
	assert_non_null(strstr(f->undo_text,
	    "# undo of rule linked (linked-disabled)\n"
	    "# msExchRecipientTypeDetails: 1 -> 2\n"
	    "# msExchMasterAccountSid: (absent) -> S-1-5-21-1-2-3-1104\n"
	    "# otherMailbox: add a\n"
	    "dn: "));
	assert_null(strstr(f->undo_text, "warning"));
	assert_null(strstr(f->out_text, "caution"));
	free(f->out_text);
	free(f->undo_text);
	f->out_text = f->undo_text = NULL;
	plan_free(&f->p);
	run(f, false, false);
	assert_null(strchr(f->out_text, '#'));
	assert_null(strchr(f->undo_text, '#'));
	plan_free(&f->p);
}

/* A change to a ";range=" description is flagged for review. */
static void
test_ranged_caution(void **state)
{
	struct fixture *f = *state;

	add(&f->before, "member;Range=0-1499", "CN=a");
	start_after(f);
	entry_delete_attr(&f->after, slice_of("member;range=0-1499"));
	run(f, false, true);
	assert_non_null(strstr(f->out_text,
	    "# caution: member;Range=0-1499 is a partial value set (;range=): review by hand\n"
	    "# member;Range=0-1499: CN=a -> (absent)\n"));
	plan_free(&f->p);
}

static void
test_header(void **state)
{
	struct fixture *f = *state;
	struct plan_opts o = { false, true, false };
	struct plan_header h = { "9.9", "export.ldf",
	    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
	    "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
	    "--under OU=Staff", NULL, NULL, 0 };

	plan_init(&f->p, &f->rs, &o);
	f->p.out = mem_out_writer(&f->out, "out",
	    &(struct ldif_write_opts){ 0, false });
	plan_write_headers(&f->p, &h, f->p.out, f->p.undo, NULL);
	f->out_text = mem_out_close(&f->out);
	assert_string_equal(f->out_text,
	    "# ldfix 9.9 change file\n"
	    "# input: export.ldf\n"
	    "# input sha256: 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
	    "# rules: rules/linked.yaml\n"
	    "# rules sha256: ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n"
	    "# mode: guarded (a record fails whole if the entry changed since the export)\n"
	    "# options: --under OU=Staff\n"
	    "version: 1\n"
	    "\n");
	plan_free(&f->p);
}

/* No output without changes; the summary counts what happened. */
static void
test_summary(void **state)
{
	struct fixture *f = *state;
	struct buf s = BUF_INIT;

	add(&f->before, "info", "a");
	start_after(f);
	add(&f->after, "info", "b");
	hit(f, 0, NULL, NULL);
	run(f, false, false);
	f->p.stats.entries = 3;
	f->p.stats.selected = 3;
	plan_summary(&f->p, "plan", false, &s);
	assert_string_equal((const char *)s.p,
	    "ldfix plan: 3 entries read, 1 matched, 1 to change (1 attribute), 0 warnings\n"
	    "  rule linked: 1 hit\n"
	    "  rule report-only: 0 hits (it matched no entry)\n"
	    "  attributes the rules read: 0, on no entry: 0\n");
	buf_release(&s);
	plan_free(&f->p);
}

/* How read_all_hashed hashes: as the bytes come; aside, with no other
 * thread (the reader hashes when the ring is full); aside, with a thread
 * that steps all the while. */
enum hash_mode { HASH_INLINE, HASH_ASIDE_ALONE, HASH_ASIDE_STEPPED };

struct stepper {
	struct input *in;
	atomic_bool stop;
	unsigned long steps, wakes;
};

static void
step_thread(void *arg)
{
	struct stepper *st = arg;

	while (!atomic_load(&st->stop))
		if (input_hash_step(st->in))
			st->steps++;
}

static void
count_wake(void *arg)
{
	((struct stepper *)arg)->wakes++;
}

/* Read every record of in, hashing on the way; the digest in hex. */
static void
read_all_hashed(struct input *in, enum hash_mode mode,
    char hex[SHA256_HEX_LEN + 1], struct stepper *st)
{
	const struct ldif_record *rec;
	struct ldif_reader *r;
	struct os_thread *t = NULL;
	struct diag d;
	unsigned long n = 0;
	int rc;

	st->in = in;
	atomic_store(&st->stop, false);
	st->steps = st->wakes = 0;
	if (mode == HASH_INLINE)
		input_hash_begin(in);
	else
		input_hash_aside(in, count_wake, st);
	if (mode == HASH_ASIDE_STEPPED) {
		t = os_thread_start(step_thread, st);
		assert_non_null(t);
	}
	r = input_read(in, NULL);
	/* No digest before the end. */
	assert_int_equal(input_digest(in, hex, &d), -1);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1)
		n++;
	assert_int_equal(rc, 0);
	assert_true(n > 0);
	if (t != NULL) {
		atomic_store(&st->stop, true);
		os_thread_join(t);
	} else if (mode == HASH_ASIDE_ALONE) {
		/* The reader hashed only what the ring could not hold:
		 * the rest waits for a step (or input_digest). */
		while (input_hash_step(in))
			st->steps++;
	}
	assert_int_equal(input_digest(in, hex, &d), 0);
}

/*
 * The digest is of the bytes the reader read, computed while it reads
 * them, inline or aside: from a pipe (which is never copied anywhere
 * first) and from a file much larger than the ring.
 */
static void
test_hash_input(void **state)
{
	static const char text[] = "dn: CN=x\ncn: x\n\n";
	char hex[SHA256_HEX_LEN + 1], want[SHA256_HEX_LEN + 1];
	struct sha256 sha;
	unsigned char digest[SHA256_DIGEST_LEN];
	struct stepper st;
	struct input in;
	int fds[2], mode;
	FILE *wp, *reg;
	size_t i;

	(void)state;
	sha256_mem_hex(text, strlen(text), want);
	for (mode = HASH_INLINE; mode <= HASH_ASIDE_STEPPED; mode++) {
		assert_int_equal(pipe(fds), 0);
		wp = fdopen(fds[1], "w");
		memset(&in, 0, sizeof(in));
		in.path = "-";
		in.fp = fdopen(fds[0], "r");
		fputs(text, wp);
		fclose(wp);
		read_all_hashed(&in, (enum hash_mode)mode, hex, &st);
		assert_string_equal(hex, want);
		fclose(in.fp);
		in.fp = stdin;  /* input_close must not close it again */
		input_close(&in);
	}
/* 6 MB: more than the ring of 2 MiB, in several reads. */
	reg = tmpfile();
	sha256_init(&sha);
	for (i = 0; i < 200000; i++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "dn: CN=u%zu\ncn: u\n\n", i);

		fwrite(line, 1, (size_t)n, reg);
		sha256_update(&sha, line, (size_t)n);
	}
	sha256_final(&sha, digest);
	sha256_hex(digest, want);
	for (mode = HASH_INLINE; mode <= HASH_ASIDE_STEPPED; mode++) {
		rewind(reg);
		memset(&in, 0, sizeof(in));
		in.path = "x.ldf";
		in.fp = reg;
		read_all_hashed(&in, (enum hash_mode)mode, hex, &st);
		assert_string_equal(hex, want);
		/* Alone, the other thread was told that blocks wait, and
		 * some were left for its steps. (With a thread stepping all
		 * the while, how much each side hashed is up to the
		 * scheduler: only the digest is sure.) */
		if (mode == HASH_ASIDE_ALONE)
			assert_true(st.wakes > 0 && st.steps > 0);
		in.fp = stdin;
		input_close(&in);
	}
	fclose(reg);
}

/* Large value sets take the sorted path (more than 16 values): the diff
 * must be the same as the plain scan gives, values in entry order, and a
 * reordered set must still be no change. */
static void
test_large_value_set(void **state)
{
	static char names[2000][48];
	struct fixture *f = *state;
	struct diff d;
	struct slice *rev;
	const struct entry_attr *a;
	size_t i, n;

	for (i = 0; i < 2000; i++) {
		snprintf(names[i], sizeof(names[i]),
		    "CN=User%04zu,OU=Bulk,DC=corp,DC=example", (i * 7919) % 2000);
		add(&f->before, "member", names[i]);
	}
	start_after(f);
	entry_delete_value(&f->after, slice_of("member"), slice_of(names[1999]));
	entry_delete_value(&f->after, slice_of("member"), slice_of(names[7]));
	entry_delete_value(&f->after, slice_of("member"), slice_of(names[500]));
	add(&f->after, "member", "CN=New B,OU=Bulk,DC=corp,DC=example");
	add(&f->after, "member", "CN=New A,OU=Bulk,DC=corp,DC=example");
	diff_init(&d);
	n = diff_compute(&d, &f->before, &f->after);
	assert_int_equal(n, 1);
	assert_int_equal(d.changes[0].nremoved, 3);
	assert_int_equal(d.changes[0].nadded, 2);
	/* Removed in the exported order, added in the order they came. */
	assert_true(slice_eq(d.vals[d.changes[0].first_removed], slice_of(names[7])));
	assert_true(slice_eq(d.vals[d.changes[0].first_removed + 1], slice_of(names[500])));
	assert_true(slice_eq(d.vals[d.changes[0].first_removed + 2], slice_of(names[1999])));
	assert_true(slice_eq(d.vals[d.changes[0].first_added],
	    slice_of("CN=New B,OU=Bulk,DC=corp,DC=example")));
	assert_true(slice_eq(d.vals[d.changes[0].first_added + 1],
	    slice_of("CN=New A,OU=Bulk,DC=corp,DC=example")));

	/* The same 2000 values in reverse order: no change. */
	a = entry_get(&f->before, slice_of("member"));
	rev = calloc(a->nvals, sizeof(*rev));
	assert_non_null(rev);
	for (i = 0; i < a->nvals; i++)
		rev[i] = a->vals[a->nvals - 1 - i];
	entry_reset(&f->after);
	entry_copy(&f->after, &f->before);
	entry_replace(&f->after, slice_of("member"), rev, a->nvals);
	assert_int_equal(diff_compute(&d, &f->before, &f->after), 0);
	free(rev);
	diff_free(&d);
}

/* An export that lists a value twice in a large set: each mod-spec names
 * it once (a server refuses a repeated value), on the sorted path. */
static void
test_large_set_repeats(void **state)
{
	static char names[40][32];
	struct fixture *f = *state;
	struct ldif_attr la[41];
	struct ldif_record rec;
	const char *p;
	size_t i, count = 0;

	memset(&rec, 0, sizeof(rec));
	for (i = 0; i < 40; i++) {
		snprintf(names[i], sizeof(names[i]), "CN=M%02zu,DC=x", i);
		la[i].name = slice_of("member");
		la[i].value = slice_of(names[i]);
		la[i].line = i + 2;
	}
	la[40] = la[5];                 /* names[5] listed twice */
	rec.kind = LDIF_ENTRY;
	rec.dn = slice_of("CN=Big,DC=x");
	rec.attrs = la;
	rec.nattrs = 41;
	entry_load(&f->before, &rec);
	assert_int_equal(entry_get(&f->before, slice_of("member"))->nvals, 41);
	start_after(f);
	entry_delete_value(&f->after, slice_of("member"), slice_of(names[9]));
	assert_int_equal(run(f, true, false), 1);
	for (p = f->out_text; (p = strstr(p, "member: CN=M05,")) != NULL; p++)
		count++;
	assert_int_equal(count, 1);
	assert_null(strstr(f->out_text, "member: CN=M09,"));
	assert_non_null(strstr(f->out_text, "member: CN=M39,"));
	plan_free(&f->p);
}

/* A record whose description holds "a" twice, as a careless export may. */
static const char repeated_export[] =
    "dn: CN=Jane Doe,OU=Staff,DC=corp,DC=example\n"
    "description: a\n"
    "description: a\n"
    "cn: Jane Doe\n"
    "\n";

/* changefile_write_record for before -> after, into a string. */
static char *
change_text(const struct entry *before, const struct entry *after,
    bool replace, bool undo, size_t *len)
{
	struct diff diff;
	struct ldif_writer *w;
	struct diag d;
	char *text = NULL;
	FILE *fp = open_memstream(&text, len);

	assert_non_null(fp);
	w = ldif_writer_new(fp, "out", NULL);
	diff_init(&diff);
	assert_int_equal(diff_compute(&diff, before, after), 1);
	changefile_write_record(w, before->dn, &diff, replace, undo);
	assert_int_equal(ldif_writer_close(w, &d), 0);
	diff_free(&diff);
	fclose(fp);
	return text;
}

/*
 * A rule that deletes "a" must produce a record that deletes it once (a
 * server refuses a mod-spec that names one value twice), and the undo must
 * add it back once; the same in replace mode.
 */
static void
test_change_never_repeats_a_value(void **state)
{
	struct entry before, after;
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct mem_feed f;
	struct diag d;
	char *t;
	size_t n;

	(void)state;
	r = mem_reader_text(&f, "export.ldf", repeated_export);
	assert_int_equal(ldif_reader_next(r, &rec, &d), 1);
	entry_init(&before);
	entry_load(&before, rec);
	assert_int_equal(entry_get(&before, slice_of("description"))->nvals, 2);
	entry_init(&after);
	entry_copy(&after, &before);
	entry_delete_value(&after, slice_of("description"), slice_of("a"));
	entry_add_value(&after, slice_of("description"), slice_of("b"));

	t = change_text(&before, &after, false, false, &n);
	assert_int_equal(mem_count(t, n, "delete: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(mem_count(t, n, "description: a\n"), 1);
	assert_int_equal(mem_count(t, n, "add: description\n"
	    "description: b\n-\n"), 1);
	free(t);

	t = change_text(&before, &after, false, true, &n);
	assert_int_equal(mem_count(t, n, "add: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(mem_count(t, n, "description: a\n"), 1);
	free(t);

	t = change_text(&before, &after, true, true, &n);
	assert_int_equal(mem_count(t, n, "replace: description\n"
	    "description: a\n-\n"), 1);
	assert_int_equal(mem_count(t, n, "description: a\n"), 1);
	free(t);

	entry_free(&before);
	entry_free(&after);
	ldif_reader_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_large_set_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_value_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_single_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_attribute_one_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_attribute_several_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_new_attribute_and_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multi_valued_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reordered_values_no_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dn_needs_base64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_need_base64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranged_caution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test(test_hash_input),
		cmocka_unit_test(test_change_never_repeats_a_value),
	};

	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
