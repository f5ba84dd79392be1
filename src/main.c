/*
 * main.c: the ldfix command line. Parses options, opens files, runs one
 * command and turns its result into messages on stderr and an exit status.
 * This is the only file that prints diagnostics or exits; the modules do
 * the work and fill a struct diag.
 *
 * Exit status: 0 success; 1 "something to report" (check: changes pending;
 * apply: records failed); 2 error (usage, unreadable or invalid input,
 * invalid rules, write failure).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tasks/apply.h"
#include "base/buf.h"
#include "tasks/cat.h"
#include "base/diag.h"
#include "engine/engine.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "cmd/options.h"
#include "cmd/outfile.h"
#include "tasks/plan.h"
#include "tasks/report.h"
#include "rules/rules.h"
#include "tasks/select.h"
#include "base/sha256.h"

#define EXIT_FOUND 1
#define EXIT_ERROR 2

/* Inputs at least this large get a progress line when stderr is a tty. */
#define PROGRESS_MIN_BYTES (8ULL << 20)

static void warnx_(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warnx_(const char *fmt, ...)
{
	va_list ap;

	fputs("ldfix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
print_diag(const struct diag *d)
{
	char line[1024];

	diag_format(d, line, sizeof(line));
	warnx_("%s", line);
}

static int
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ldfix: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ldfix %s%s--help'.\n", cmd ? cmd : "",
	    cmd ? " " : "");
	return EXIT_ERROR;
}

/*
 * parse_opts: getopt over argv (argv[0] is the command name). Returns 0,
 * 1 when --help was printed, or -1 after a usage error was printed.
 */
static int
parse_opts(struct opts *o, int argc, char **argv, const char *help)
{
	const struct option *lo;
	struct diag d;
	int c, idx, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, options_short, options_long,
	    &idx)) != -1) {
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];

			return usage_error(o->cmd, c == ':' ?
			    "option '%s' needs a value" : "unknown option '%s'",
			    what), -1;
		}
		if (!(options_commands(c) & o->cmdbit)) {
			for (lo = options_long; lo->name; lo++)
				if (lo->val == c)
					break;
			if (lo->name)
				return usage_error(o->cmd, "'%s' does not take --%s",
				    o->cmd, lo->name), -1;
			return usage_error(o->cmd, "'%s' does not take -%c",
			    o->cmd, c), -1;
		}
		if (c == OPT_HELP) {
			fputs(help, stdout);
			if (o->cmdbit & (C_WORK | C_RULES))
				fputs(rules_help, stdout);
			if (o->cmdbit & C_WORK)
				fputs(selection_help, stdout);
			if (o->cmdbit & C_READ)
				fputs(input_help, stdout);
			return 1;
		}
		diag_clear(&d);
		rc = opts_take(o, c, optarg, &d);
		if (rc == -2)
			print_diag(&d);
		if (rc == -1)
			usage_error(o->cmd, "%s", d.msg);
		if (rc < 0)
			return -1;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

static int
load_rules(struct ruleset *rs, const struct opts *o, struct diag *d)
{
	size_t i;

	rules_init(rs);
	if (o->nrule_files == 0) {
		if (rules_load_default(rs, o->vars, o->nvars, d) < 0)
			return -1;
	} else {
		for (i = 0; i < o->nrule_files; i++)
			if (rules_load_file(rs, o->rule_files[i], o->vars,
			    o->nvars, d) < 0)
				return -1;
	}
	return engine_prepare(rs, d);
}

/* An LDIF input: a named file or "-" for standard input. */
struct input {
	const char *path;
	FILE *fp;
	struct ldif_reader *reader;
	unsigned long long size;        /* regular files: bytes, else 0 */
};

static int
input_open(struct input *in, const char *path, const struct ldif_limits *lim)
{
	struct stat st;

	memset(in, 0, sizeof(*in));
	in->path = path;
	if (strcmp(path, "-") == 0) {
		in->fp = stdin;
	} else {
		in->fp = fopen(path, "rb");
		if (in->fp == NULL) {
			warnx_("%s: cannot open: %s", path, strerror(errno));
			return -1;
		}
	}
	if (fstat(fileno(in->fp), &st) == 0 && S_ISREG(st.st_mode))
		in->size = (unsigned long long)st.st_size;
	if (lim)
		in->reader = ldif_reader_new_file(path, in->fp, lim);
	return 0;
}

static void
input_close(struct input *in)
{
	ldif_reader_free(in->reader);
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	memset(in, 0, sizeof(*in));
}

/* Progress on a terminal: bytes, entries/s and time left. */
struct progress {
	unsigned long long total;
	struct timespec start;
	double last;            /* seconds since start at the last update */
	bool shown;
};

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
show_progress(void *ctx, unsigned long long bytes, unsigned long long records)
{
	struct progress *pg = ctx;
	double secs = seconds_since(&pg->start);
	double rate = secs > 0 ? (double)records / secs : 0;
	double left = bytes > 0 && pg->total > bytes ?
	    secs * (double)(pg->total - bytes) / (double)bytes : 0;

	if (pg->shown && secs - pg->last < 0.25)     /* 4 updates a second */
		return;
	pg->last = secs;
	fprintf(stderr, "\rldfix: %llu/%llu MB, %llu records, %.0f/s, %.0fs left ",
	    bytes >> 20, pg->total >> 20, records, rate, left);
	pg->shown = true;
}

static void
progress_end(struct progress *pg)
{
	if (pg->shown)
		fputs("\r\033[K", stderr);
}

static void
print_unmatched(void *ctx, const struct select_item *it)
{
	(void)ctx;
	if (it->file)
		warnx_("%s:%lu: %s '%.*s' matches nothing in the export",
		    it->file, it->line, select_kind_option(it->kind),
		    (int)it->text.n, (const char *)it->text.p);
	else
		warnx_("%s '%.*s' matches nothing in the export",
		    select_kind_option(it->kind), (int)it->text.n,
		    (const char *)it->text.p);
}

/* A DN for the terminal: as text when it is safe to show, else base64,
 * so no DN from an export can move the cursor or fake a line. */
static const char *
shown_dn(struct buf *b, struct slice dn)
{
	buf_reset(b);
	report_value_readable(b, slice_of("distinguishedName"), dn);
	return (const char *)b->p;
}

/* check: the first entries with pending changes, on stderr. */
#define CHECK_LIST_MAX 20

static void
print_pending(void *ctx, const struct entry *before,
    const struct plan_diff *diff)
{
	unsigned long *n = ctx;
	struct buf b = BUF_INIT;

	if (++*n <= CHECK_LIST_MAX)
		fprintf(stderr, "  pending: %s (%zu attribute%s)\n",
		    shown_dn(&b, before->dn), diff->nchanges,
		    diff->nchanges == 1 ? "" : "s");
	buf_release(&b);
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
	    shown_dn(&b, before->dn));
	buf_release(&b);
	for (i = 0; i < res->nhits; i++)
		fprintf(stderr, " %s%s%s", res->hits[i].rule->id,
		    res->hits[i].label ? "=" : "",
		    res->hits[i].label ? res->hits[i].label : "");
	fputc('\n', stderr);
}

/* The outputs of plan and find, committed together or not at all. */
struct outputs {
	struct outfile out, undo, rep;
};

static void
outputs_abort(struct outputs *w)
{
	outfile_abort(&w->out);
	outfile_abort(&w->undo);
	outfile_abort(&w->rep);
}

/* The change file goes last: if anything fails before, no change file
 * appears without its undo file and report. */
static int
outputs_commit(struct outputs *w, struct diag *d)
{
	if (outfile_commit(&w->undo, d) < 0 || outfile_commit(&w->rep, d) < 0 ||
	    outfile_commit(&w->out, d) < 0)
		return -1;
	return 0;
}

/*
 * plan, find and check: hash and read the input, run the rules, write the
 * change and undo LDIF, the report or the pending list.
 */
static int
run_work(struct opts *o)
{
	const char *input = o->nargs ? o->args[0] : "-";
	const char *inputs[1] = { input };
	bool is_plan = o->cmdbit == C_PLAN, is_check = o->cmdbit == C_CHECK;
	struct ruleset rs;
	struct plan p;
	struct plan_header h;
	struct report_opts ropts;
	struct report_meta meta;
	struct report_counts counts;
	struct outputs w;
	struct input in;
	struct progress pg;
	struct buf summary = BUF_INIT;
	char in_hex[SHA256_HEX_LEN + 1], rules_hex[SHA256_HEX_LEN + 1];
	FILE *readfp = NULL;
	unsigned long pending = 0;
	struct diag d;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	diag_clear(&d);
	if (outfile_same(o->output, o->undo) || outfile_same(o->output, o->report) ||
	    outfile_same(o->undo, o->report)) {
		warnx_("two outputs name the same file (-o, --undo, --report)");
		return EXIT_ERROR;
	}
	if (load_rules(&rs, o, &d) < 0) {
		print_diag(&d);
		rules_free(&rs);
		return EXIT_ERROR;
	}
	if (input_open(&in, input, NULL) < 0) {
		rules_free(&rs);
		return EXIT_ERROR;
	}
	plan_init(&p, &rs, &o->popts);
	if (plan_hash_input(in.fp, input, in_hex, &readfp, &d) < 0)
		goto done;
	plan_hash_rules(&rs, rules_hex);
	in.reader = ldif_reader_new_file(input, readfp, &o->lim);
	if (is_plan) {
		if (outfile_open(&w.out, o->output, inputs, 1, &d) < 0)
			goto done;
		p.out = ldif_writer_new(w.out.fp, o->output ? o->output : "-",
		    &o->wopts);
		if (o->undo) {
			if (outfile_open(&w.undo, o->undo, inputs, 1, &d) < 0)
				goto done;
			p.undo = ldif_writer_new(w.undo.fp, o->undo, &o->wopts);
		}
	}
	if ((is_plan && o->report) || o->cmdbit == C_FIND) {
		const char *rpath = is_plan ? o->report : o->output;

		if (outfile_open(&w.rep, rpath, inputs, 1, &d) < 0)
			goto done;
		ropts.format = o->format;
		ropts.bom = o->bom;
		meta.version = LDFIX_VERSION;
		meta.command = o->cmd;
		meta.input_name = input;
		meta.input_sha256 = in_hex;
		meta.rules_sha256 = rules_hex;
		meta.options = (const char *)o->argtext.p;
		p.report = report_new(w.rep.fp, rpath ? rpath : "-", &ropts, &meta);
	}
	if (select_active(&o->sel))
		p.sel = &o->sel;
	if (is_check) {
		p.on_change = print_pending;
		p.on_change_ctx = &pending;
	}
	if (o->verbose)
		p.on_hit = print_hit;
	memset(&pg, 0, sizeof(pg));
	if (!o->quiet && in.size >= PROGRESS_MIN_BYTES && isatty(STDERR_FILENO)) {
		pg.total = in.size;
		clock_gettime(CLOCK_MONOTONIC, &pg.start);
		p.on_progress = show_progress;
		p.on_progress_ctx = &pg;
	}
	h.version = LDFIX_VERSION;
	h.input_name = input;
	h.input_sha256 = in_hex;
	h.rules_sha256 = rules_hex;
	h.options = (const char *)o->argtext.p;
	plan_write_headers(&p, &h);
	rc = plan_run(&p, in.reader, &d);
	progress_end(&pg);
done:
	if (p.report) {
		plan_report_counts(&p, &counts);
		if (report_finish(p.report, &counts, rc == 0 ? &d : NULL) < 0)
			rc = -1;
	}
	if (p.out && ldif_writer_close(p.out, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	if (p.undo && ldif_writer_close(p.undo, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	if (rc == 0 && outputs_commit(&w, &d) < 0)
		rc = -1;
	if (rc < 0) {
		outputs_abort(&w);
		print_diag(&d);
	} else {
		if (is_check && pending > CHECK_LIST_MAX)
			fprintf(stderr, "  ... and %lu more\n",
			    pending - CHECK_LIST_MAX);
		if (!o->quiet && (!is_check || pending)) {
			plan_summary(&p, o->cmd, &summary);
			fputs((const char *)summary.p, stderr);
		}
		select_each_unmatched(&o->sel, print_unmatched, NULL);
	}
	if (readfp && readfp != in.fp)
		fclose(readfp);
	input_close(&in);
	buf_release(&summary);
	plan_free(&p);
	rules_free(&rs);
	if (rc < 0)
		return EXIT_ERROR;
	return is_check && pending ? EXIT_FOUND : 0;
}

static int
run_apply(struct opts *o)
{
	struct apply_changes ch;
	struct apply_failures f;
	struct input in, chin;
	struct outfile out;
	struct ldif_writer *w = NULL;
	const char *inputs[2];
	struct diag d;
	size_t i;
	int rc = -1;

	if (o->nargs != 2)
		return usage_error(o->cmd, "apply takes INPUT and CHANGES");
	inputs[0] = o->args[0];
	inputs[1] = o->args[1];
	if (strcmp(inputs[0], "-") == 0 && strcmp(inputs[1], "-") == 0)
		return usage_error(o->cmd, "INPUT and CHANGES cannot both be standard input");
	memset(&out, 0, sizeof(out));
	memset(&in, 0, sizeof(in));
	diag_clear(&d);
	apply_changes_init(&ch);
	apply_failures_init(&f);
	if (input_open(&chin, inputs[1], &o->lim) < 0)
		goto done_quiet;
	if (apply_load_changes(chin.reader, inputs[1], &ch, &d) < 0)
		goto done;
	if (input_open(&in, inputs[0], &o->lim) < 0)
		goto done_quiet;
	if (outfile_open(&out, o->output, inputs, 2, &d) < 0)
		goto done;
	w = ldif_writer_new(out.fp, o->output ? o->output : "-", &o->wopts);
	if (apply_run(&ch, in.reader, w, &f, &d) < 0)
		goto done;
	rc = 0;
done:
	if (w && ldif_writer_close(w, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	for (i = 0; i < f.n; i++)
		print_diag(&f.v[i].diag);
	if (rc == 0 && f.n > 0 && !o->cont)
		rc = EXIT_FOUND;
	if (rc == 0 && outfile_commit(&out, &d) < 0)
		rc = -1;
	if (rc < 0)
		print_diag(&d);
	if (rc != 0)
		outfile_abort(&out);
	if (rc >= 0 && !o->quiet)
		fprintf(stderr, "ldfix apply: %llu change record%s: %llu applied, "
		    "%llu failed; %llu entries read, %llu with change records, "
		    "%llu deleted, %llu added%s\n", ch.stats.records,
		    ch.stats.records == 1 ? "" : "s", ch.stats.applied,
		    ch.stats.failed, ch.stats.entries, ch.stats.changed,
		    ch.stats.deleted, ch.stats.added,
		    rc != EXIT_FOUND ? "" : out.is_stdout ?
		    "; the output leaves the failed records out" :
		    "; no output written (see --continue)");
done_quiet:
	input_close(&in);
	input_close(&chin);
	apply_changes_free(&ch);
	apply_failures_free(&f);
	return rc < 0 ? EXIT_ERROR : rc;
}

static int
run_cat(struct opts *o)
{
	struct cat_opts copts;
	struct cat_stats stats;
	struct input in;
	struct outfile out;
	struct ldif_writer *w;
	const char *inputs[1];
	struct diag d;
	int rc;

	if (o->nargs > 1)
		return usage_error(o->cmd, "cat reads one input, got %d", o->nargs);
	inputs[0] = o->nargs ? o->args[0] : "-";
	copts.decode = o->decode;
	diag_clear(&d);
	if (input_open(&in, inputs[0], &o->lim) < 0)
		return EXIT_ERROR;
	if (outfile_open(&out, o->output, inputs, 1, &d) < 0) {
		input_close(&in);
		print_diag(&d);
		return EXIT_ERROR;
	}
	w = ldif_writer_new(out.fp, o->output ? o->output : "-", &o->wopts);
	rc = cat_run(in.reader, w, &copts, &stats, &d);
	if (ldif_writer_close(w, rc == 0 ? &d : NULL) < 0)
		rc = -1;
	input_close(&in);
	if (rc == 0 && outfile_commit(&out, &d) < 0)
		rc = -1;
	if (rc < 0) {
		outfile_abort(&out);
		print_diag(&d);
		return EXIT_ERROR;
	}
	return 0;
}

static int
run_rules(struct opts *o)
{
	struct ruleset rs;
	struct diag d;
	int rc = 0;

	if (o->nargs != 1 || (strcmp(o->args[0], "check") != 0 &&
	    strcmp(o->args[0], "show") != 0))
		return usage_error(o->cmd, "say 'rules check' or 'rules show'");
	diag_clear(&d);
	if (load_rules(&rs, o, &d) < 0) {
		print_diag(&d);
		rc = EXIT_ERROR;
	} else if (strcmp(o->args[0], "show") == 0) {
		rules_show(stdout, &rs);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			warnx_("cannot write standard output: %s", strerror(errno));
			rc = EXIT_ERROR;
		}
	} else {
		fprintf(stderr, "ldfix: %zu rule%s OK in %zu file%s\n",
		    rs.nrules, rs.nrules == 1 ? "" : "s", rs.nfiles,
		    rs.nfiles == 1 ? "" : "s");
	}
	rules_free(&rs);
	return rc;
}

static const struct command {
	const char *name;
	unsigned bit;
	int (*run)(struct opts *o);
	const char *help;
} commands[] = {
	{ "plan", C_PLAN, run_work, plan_help },
	{ "find", C_FIND, run_work, find_help },
	{ "check", C_CHECK, run_work, check_help },
	{ "apply", C_APPLY, run_apply, apply_help },
	{ "cat", C_CAT, run_cat, cat_help },
	{ "rules", C_RULES, run_rules, rules_cmd_help },
};

int
main(int argc, char **argv)
{
	const struct command *cmd = NULL;
	struct opts o;
	size_t i;
	int rc;

	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("ldfix %s\n", LDFIX_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL)
		return usage_error(NULL, "unknown command '%s'", argv[1]);
	opts_init(&o, cmd->name, cmd->bit);
	/* getopt_long sees the command name as argv[0]. */
	rc = parse_opts(&o, argc - 1, argv + 1, cmd->help);
	if (rc == 0) {
		if ((cmd->bit & (C_WORK | C_CAT)) && o.nargs > 1)
			rc = usage_error(o.cmd, "%s reads one input, got %d",
			    o.cmd, o.nargs);
		else if ((cmd->bit & (C_WORK | C_CAT)) && o.nargs == 0 &&
		    isatty(STDIN_FILENO))
			/* Waiting for an export typed at the terminal helps
			 * nobody: say what is missing. */
			rc = usage_error(o.cmd, "no input: name an export file, "
			    "or - to read standard input");
		else
			rc = cmd->run(&o);
	} else {
		rc = rc > 0 ? 0 : EXIT_ERROR;
	}
	opts_free(&o);
	return rc;
}
