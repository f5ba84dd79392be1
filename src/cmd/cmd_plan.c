/*
 * cmd_plan.c: the plan, find and check commands. They share one run: load
 * the rules, read the input (hashing it on the way), run the rules over
 * every selected entry (tasks/plan.c), and write what the command asks
 * for: plan the change LDIF, its undo and a report; find a report; check
 * the list of pending entries. Outputs appear together or not at all.
 *
 * The heads of the outputs name the input's SHA-256, known only once the
 * input has been read, so the input is read once and never spooled: each
 * output gets its head twice (outfile.h), first with a stand-in of the
 * digest's length, then with the digest at commit (a CSV report's head
 * shows no digest: the same bytes twice). An output that cannot be
 * rewritten (standard output) is written body first and gets its head at
 * commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/input.h"
#include "cmd/outfile.h"
#include "cmd/progress.h"
#include "ldif/display.h"
#include "tasks/plan.h"

/* check lists at most this many pending entries. */
#define CHECK_LIST_MAX 20

/* One run of plan, find or check. */
struct work {
	struct opts *o;
	bool is_plan, is_check;
	bool hashed;                    /* the input's digest is computed */
	unsigned long hashed_blocks;    /* by hash_step */
	const char *input;
	struct ruleset rs;
	struct plan p;
	struct input in;
	struct outfile out, undo, rep;
	struct progress pg;
	char in_hex[SHA256_HEX_LEN + 1], rules_hex[SHA256_HEX_LEN + 1];
	struct report_meta meta;        /* the report's head */
	unsigned long pending;
	struct slice *columns;          /* the review CSV's attribute columns */
	const char **inputs;            /* every file read: no output may be one */
	size_t ninputs;
	struct accounts acc;            /* --accounts: the owners */
	bool have_acc;
	char (*acc_hex)[SHA256_HEX_LEN + 1];    /* each account export's SHA-256 */
	const char **acc_hexp;
	struct diag d;
};

/* check: the first entries with pending changes, on stderr. */
static void
print_pending(void *ctx, const struct entry *before, const struct diff *diff)
{
	struct work *k = ctx;
	struct buf b = BUF_INIT;

	if (++k->pending <= CHECK_LIST_MAX && !k->o->quiet)
		fprintf(stderr, "  pending: %s (%zu attribute%s)\n",
		    cli_dn(&b, before->dn), diff->nchanges,
		    diff->nchanges == 1 ? "" : "s");
	buf_release(&b);
}

/* Write behind the outputs once per this many blocks of input hashed
 * (8 MiB). */
#define WRITE_BEHIND_BLOCKS (((size_t)8 << 20) / INPUT_HASH_BLOCK)

/*
 * plan's work aside, on the rules' thread: one block of the input's hash
 * (cmd/input.h), and now and then a push of the outputs towards the disk,
 * so that the sync at commit finds little left to write.
 */
static bool
hash_step(void *ctx)
{
	struct work *k = ctx;

	if (!input_hash_step(&k->in))
		return false;
	if (++k->hashed_blocks % WRITE_BEHIND_BLOCKS == 0) {
		outfile_write_behind(&k->out);
		outfile_write_behind(&k->undo);
	}
	return true;
}

/* plan -v: every matched entry, with its rules and labels. */
static void
print_hit(void *ctx, const struct entry *before,
    const struct engine_result *res, size_t nchanged)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)ctx;
	fprintf(stderr, "  %s %s:", nchanged ? "change" : "report",
	    cli_dn(&b, before->dn));
	buf_release(&b);
	for (i = 0; i < res->nhits; i++)
		fprintf(stderr, " %s%s%s", res->hits[i].rule->id,
		    res->hits[i].label ? "=" : "",
		    res->hits[i].label ? res->hits[i].label : "");
	fputc('\n', stderr);
}

/* "FILE:LINE: --only 'NAME' what" for a selector (ctx: what). */
static const char unmatched_msg[] = "matches no entry in the export";
static const char ambiguous_msg[] =
    "names more than one entry: use its DistinguishedName";

static void
print_selector(void *ctx, const struct select_item *it)
{
	struct buf b = BUF_INIT;

	display_text(&b, buf_slice(&it->text), DISPLAY_MESSAGE_MAX);
	if (it->file)
		cli_warn("%s:%lu: %s '%s' %s", it->file, it->line,
		    select_kind_option(it->kind), (const char *)b.p,
		    (const char *)ctx);
	else
		cli_warn("%s '%s' %s", select_kind_option(it->kind),
		    (const char *)b.p, (const char *)ctx);
	buf_release(&b);
}

/*
 * After the run, before anything is committed: a name that named several
 * entries, or (without --allow-unmatched) one that named none, means the
 * selection is not what the reviewer meant. Each is listed; -1 with d set.
 */
static int
check_selection(struct work *k)
{
	const struct select *sel = &k->o->sel;
	size_t n;

	n = select_each_ambiguous(sel, print_selector, (void *)ambiguous_msg);
	if (n > 0)
		return diag_set(&k->d, NULL, 0, 0, "%zu ambiguous name%s: "
		    "nothing written", n, n == 1 ? "" : "s");
	if (k->o->allow_unmatched)
		return 0;
	n = select_each_unmatched(sel, print_selector, (void *)unmatched_msg);
	if (n > 0)
		return diag_set(&k->d, NULL, 0, 0, "%zu name%s match%s no "
		    "entry: nothing written (check the names and the export, "
		    "or pass --allow-unmatched)", n, n == 1 ? "" : "s",
		    n == 1 ? "es" : "");
	return 0;
}

/*
 * The heads of the change file and its undo (or the PowerShell plan's),
 * naming the input's digest in_hex. first: before the body, on the
 * outputs written head twice (outfile.h), with a stand-in of the digest's
 * length; then at the end, with the digest, on every output.
 */
static int
write_plan_heads(struct work *k, const char *in_hex, bool first)
{
	struct outfile *of[2] = { &k->out, &k->undo };
	const char *name[2] = { k->o->output, k->o->undo };
	struct ldif_writer *w[2] = { NULL, NULL };
	bool written[2] = { false, false };
	FILE *ps1_head = NULL;
	struct plan_header h;
	size_t i;
	int rc = 0;

	for (i = 0; i < 2 && rc == 0; i++) {
		FILE *fp;

		if (of[i]->fp == NULL || (first && !of[i]->head_twice))
			continue;
		fp = outfile_head_begin(of[i], &k->d);
		if (fp == NULL)
			rc = -1;
		else if (i == 0 && k->p.ps1)
			ps1_head = fp;
		else
			w[i] = ldif_writer_new(fp, name[i] ? name[i] : "-",
			    &k->o->wopts);
		written[i] = fp != NULL;
	}
	h.version = LDFIX_VERSION;
	h.input_name = k->input;
	h.input_sha256 = in_hex;
	h.rules_sha256 = k->rules_hex;
	h.options = (const char *)k->o->argtext.p;
	h.accounts = k->o->accounts;
	h.accounts_sha256 = k->acc_hexp;
	h.naccounts = k->o->naccounts;
	if (rc == 0 && plan_write_headers(&k->p, &h, w[0], w[1], ps1_head) < 0)
		rc = diag_set(&k->d, k->o->output, 0, 0, "cannot write: %s",
		    strerror(errno ? errno : EIO));
	for (i = 0; i < 2; i++) {
		if (ldif_writer_close(w[i], rc == 0 ? &k->d : NULL) < 0)
			rc = -1;
		if (rc == 0 && written[i] && outfile_head_end(of[i], &k->d) < 0)
			rc = -1;
	}
	return rc;
}

/*
 * outfile_open, with the head written twice (outfile_head_twice): a
 * stand-in of the digest first, the digest at commit. An output that
 * cannot be rewritten (standard output, a device) is written body first:
 * a run that fails writes nothing there.
 */
static int
open_output(struct work *k, struct outfile *of, const char *path)
{
	if (outfile_open(of, path, k->inputs, k->ninputs, &k->d) < 0)
		return -1;
	return outfile_head_twice(of, &k->d);
}

/* The report's head, naming the digest in_hex (when its format shows it). */
static int
write_report_head(struct work *k, const char *in_hex)
{
	FILE *fp = outfile_head_begin(&k->rep, &k->d);

	if (fp == NULL)
		return -1;
	k->meta.input_sha256 = in_hex;
	report_head(k->p.report, fp, &k->meta);
	return outfile_head_end(&k->rep, &k->d);
}

/* The change file, its undo and the report, as the command asks. */
static int
open_outputs(struct work *k)
{
	struct opts *o = k->o;
	struct report_meta *meta = &k->meta;
	struct report_opts ropts;
	const char *rpath;
	char stand_in[SHA256_HEX_LEN + 1];

	memset(stand_in, '0', SHA256_HEX_LEN);
	stand_in[SHA256_HEX_LEN] = '\0';
	if (k->is_plan) {
		if (open_output(k, &k->out, o->output) < 0)
			return -1;
		if (o->plan_ps1)
			k->p.ps1 = ps1_new(k->out.fp, o->output, k->input);
		else
			k->p.out = ldif_writer_new(k->out.fp, o->output ?
			    o->output : "-", &o->wopts);
		if (o->undo) {
			if (open_output(k, &k->undo, o->undo) < 0)
				return -1;
			k->p.undo = ldif_writer_new(k->undo.fp, o->undo,
			    &o->wopts);
		}
		if (write_plan_heads(k, stand_in, true) < 0)
			return -1;
	}
	if (!(k->is_plan && o->report) && o->cmdbit != C_FIND)
		return 0;
	rpath = k->is_plan ? o->report : o->output;
	if (open_output(k, &k->rep, rpath) < 0)
		return -1;
	memset(&ropts, 0, sizeof(ropts));
	ropts.format = o->format;
	ropts.bom = o->bom;
	ropts.head_apart = true;
	meta->version = LDFIX_VERSION;
	meta->command = o->cmd_name;
	meta->input_name = k->input;
	meta->rules_sha256 = k->rules_hex;
	meta->options = (const char *)o->argtext.p;
	meta->ncolumns = rules_changed_attrs(&k->rs, &k->columns);
	meta->columns = k->columns;
	meta->accounts = o->accounts;
	meta->accounts_sha256 = k->acc_hexp;
	meta->naccounts = o->naccounts;
	k->p.report = report_new(k->rep.fp, rpath ? rpath : "-", &ropts, meta);
	if (k->rep.head_twice)
		return write_report_head(k, stand_in);
	return 0;
}

/* An output path that means standard output (NULL: the default). */
static int
on_stdout(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

/*
 * --accounts files are inputs like the export: standard input can be one
 * of them, never two; none may be the export itself or given twice.
 */
static int
check_accounts_args(struct work *k)
{
	const char *const *acc = k->o->accounts;
	bool in_stdin = strcmp(k->input, "-") == 0;
	size_t i, j;

	for (i = 0; i < k->o->naccounts; i++) {
		bool is_stdin = strcmp(acc[i], "-") == 0;

		if (is_stdin && in_stdin)
			return diag_set(&k->d, NULL, 0, 0, "standard input "
			    "cannot be both the export and an --accounts "
			    "export: name the files");
		if (!is_stdin && !in_stdin && outfile_same(acc[i], k->input))
			return diag_set(&k->d, NULL, 0, 0, "--accounts %s is the "
			    "export itself: give the account forest's export",
			    acc[i]);
		for (j = 0; j < i; j++)
			if ((is_stdin && strcmp(acc[j], "-") == 0) ||
			    outfile_same(acc[i], acc[j]))
				return diag_set(&k->d, NULL, 0, 0, "--accounts "
				    "%s is given twice", acc[i]);
	}
	return 0;
}

/*
 * The join (tasks/accounts.h): a first pass over the export for the
 * master SIDs, then each account export streamed and hashed.
 */
static int
join_accounts(struct work *k)
{
	struct opts *o = k->o;
	struct input ai;
	size_t i;
	int rc = 0;

	accounts_init(&k->acc, &k->rs);
	k->have_acc = true;
	if (input_rewindable(&k->in, &k->d) < 0 ||
	    accounts_scan(&k->acc, input_read(&k->in, &o->lim), &k->d) < 0 ||
	    input_rewind(&k->in, &k->d) < 0)
		return -1;
	k->acc_hex = xcalloc(o->naccounts, sizeof(*k->acc_hex));
	k->acc_hexp = xcalloc(o->naccounts, sizeof(*k->acc_hexp));
	for (i = 0; i < o->naccounts && rc == 0; i++) {
		k->acc_hexp[i] = k->acc_hex[i];
		if (input_open(&ai, o->accounts[i], &k->d) < 0)
			return -1;
		input_hash_begin(&ai);
		rc = accounts_read(&k->acc, o->accounts[i],
		    input_read(&ai, &o->lim), &k->d);
		if (rc == 0)
			rc = input_digest(&ai, k->acc_hex[i], &k->d);
		input_close(&ai);
	}
	k->p.accounts = &k->acc;
	return rc;
}

/* Everything before the run: rules, input, outputs, callbacks. */
static int
prepare(struct work *k)
{
	struct opts *o = k->o;

	if (outfile_same(o->output, o->undo) ||
	    outfile_same(o->output, o->report) ||
	    outfile_same(o->undo, o->report))
		return diag_set(&k->d, NULL, 0, 0, "two outputs name the same "
		    "file (-o, --undo, --report)");
	if (on_stdout(k->is_plan ? o->output : NULL) +
	    on_stdout(o->undo ? o->undo : "") +
	    on_stdout(o->report ? o->report : "") > 1)
		return diag_set(&k->d, NULL, 0, 0, "two outputs on standard "
		    "output (-o, --undo, --report): give each its own file");
	k->inputs = xreallocarray(NULL, o->nfiles + 1, sizeof(*k->inputs));
	k->inputs[0] = k->input;
	if (o->nfiles > 0)	/* o->files is NULL when there are none */
		memcpy(k->inputs + 1, o->files, o->nfiles * sizeof(*o->files));
	k->ninputs = o->nfiles + 1;
	if (check_accounts_args(k) < 0)
		return -1;
	if (opts_load_rules(o, &k->rs, &k->d) < 0 ||
	    rules_check_accounts(&k->rs, o->naccounts > 0, &k->d) < 0)
		return -1;
	if (k->is_plan && o->plan_ps1 && ps1_check_rules(&k->rs, &k->d) < 0)
		return -1;
	if (input_open(&k->in, k->input, &k->d) < 0)
		return -1;
	plan_init(&k->p, &k->rs, &o->popts);
	k->p.input_name = k->input;
	plan_hash_rules(&k->rs, k->rules_hex);
	if (o->naccounts > 0 && join_accounts(k) < 0)
		return -1;
	/* The digest goes into plan's outputs and into find's JSON and
	 * HTML; check and find's table and CSV show none. */
	k->hashed = k->is_plan || (!k->is_check &&
	    report_names_digest(o->format));
	if (k->hashed) {
		/* The rules' thread hashes what the reading thread reads. */
		input_hash_aside(&k->in, plan_wake, &k->p);
		k->p.aside = hash_step;
		k->p.aside_ctx = k;
	}
	input_read(&k->in, &o->lim);
	if (open_outputs(k) < 0)
		return -1;
	if (select_active(&o->sel))
		k->p.sel = &o->sel;
	if (k->is_check) {
		k->p.on_change = print_pending;
		k->p.on_change_ctx = k;
	}
	if (o->verbose)
		k->p.on_hit = print_hit;
	progress_start(&k->pg, k->in.size, o->quiet);
	if (k->pg.on) {
		k->p.on_progress = progress_show;
		k->p.on_progress_ctx = &k->pg;
	}
	return 0;
}

/*
 * Finish the outputs and commit them (the change file last: no change
 * file appears without its undo file and report). The heads come last:
 * a head written twice goes over the first once the body is out.
 */
static int
commit(struct work *k, int rc)
{
	struct report_counts counts;
	struct diag *d;

	if (rc == 0 && k->hashed && input_digest(&k->in, k->in_hex, &k->d) < 0)
		rc = -1;
	if (rc == 0 && k->p.report && write_report_head(k, k->in_hex) < 0)
		rc = -1;
	d = rc == 0 ? &k->d : NULL;
	if (k->p.report) {
		plan_report_counts(&k->p, &counts);
		if (report_finish(k->p.report, &counts, d) < 0)
			rc = -1;
	}
	if (k->p.out && ldif_writer_close(k->p.out, rc == 0 ? d : NULL) < 0)
		rc = -1;
	if (k->p.ps1 && ps1_close(k->p.ps1, rc == 0 ? d : NULL) < 0)
		rc = -1;
	if (k->p.undo && ldif_writer_close(k->p.undo, rc == 0 ? d : NULL) < 0)
		rc = -1;
	if (rc == 0 && k->is_plan && write_plan_heads(k, k->in_hex, false) < 0)
		rc = -1;
	if (rc == 0 && (outfile_commit(&k->undo, &k->d) < 0 ||
	    outfile_commit(&k->rep, &k->d) < 0 ||
	    outfile_commit(&k->out, &k->d) < 0))
		rc = -1;
	if (rc < 0) {
		outfile_abort(&k->out);
		outfile_abort(&k->undo);
		outfile_abort(&k->rep);
	}
	return rc;
}

static void
summarize(struct work *k)
{
	const struct plan_stats *st = &k->p.stats;
	struct buf summary = BUF_INIT;

	if (k->is_check && k->pending > CHECK_LIST_MAX && !k->o->quiet)
		fprintf(stderr, "  ... and %lu more\n",
		    k->pending - CHECK_LIST_MAX);
	if (k->o->quiet) {
		/* nothing */
	} else if (k->is_check && !k->o->verbose) {
		fprintf(stderr, "ldfix check: %llu entr%s read", st->entries,
		    st->entries == 1 ? "y" : "ies");
		if (st->selected != st->entries)
			fprintf(stderr, ", %llu selected", st->selected);
		fprintf(stderr, ", %llu matched, %lu pending\n", st->matched,
		    k->pending);
	} else {
		plan_summary(&k->p, k->o->cmd_name, k->o->verbose, &summary);
		fputs((const char *)summary.p, stderr);
	}
	if (k->o->allow_unmatched)
		select_each_unmatched(&k->o->sel, print_selector,
		    (void *)unmatched_msg);
	buf_release(&summary);
}

static int
run_work(struct opts *o)
{
	struct work k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.o = o;
	k.is_plan = o->cmdbit == C_PLAN;
	k.is_check = o->cmdbit == C_CHECK;
	rules_init(&k.rs);
	if (opts_one_input(o, &k.input) != 0 ||
	    opts_stdin_once(o, k.input) != 0 || opts_report_format(o) != 0 ||
	    opts_plan_format(o) != 0)
		return EXIT_ERROR;
	diag_clear(&k.d);
	rc = prepare(&k);
	if (rc == 0) {
		rc = plan_run(&k.p, k.in.reader, &k.d);
		progress_end(&k.pg);
		if (rc == 0)
			rc = plan_verify(&k.p, o->allow_missing,
			    o->nallow_missing, &k.d);
		if (rc == 0)
			rc = check_selection(&k);
	}
	rc = commit(&k, rc);
	if (rc < 0)
		cli_diag(&k.d);
	else
		summarize(&k);
	input_close(&k.in);
	free(k.columns);
	free(k.inputs);
	if (k.have_acc)
		accounts_free(&k.acc);
	free(k.acc_hex);
	free(k.acc_hexp);
	plan_free(&k.p);
	rules_free(&k.rs);
	if (rc < 0)
		return EXIT_ERROR;
	return k.is_check && k.pending ? EXIT_FOUND : 0;
}

int
cmd_plan(struct opts *o)
{
	return run_work(o);
}

int
cmd_find(struct opts *o)
{
	return run_work(o);
}

int
cmd_check(struct opts *o)
{
	return run_work(o);
}
