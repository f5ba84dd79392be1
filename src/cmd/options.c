/*
 * options.c: the option table, parsing argv into struct opts, and the
 * option part of every --help (see options.h).
 */
#include "cmd/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/os.h"
#include "cmd/cli.h"

#define HELP_COLUMN 24          /* where the help text of an option starts */

/*
 * Rows are in the order --help shows them: what a command writes, then
 * the rules, the selection, the input and the verbosity.
 */
const struct option_def option_table[] = {
	{ OPT_OUTPUT, "output", 'o', "FILE", C_PLAN,
	    "change LDIF (default standard output)" },
	{ OPT_OUTPUT, "output", 'o', "FILE", C_FIND | C_CAT,
	    "write FILE instead of standard output" },
	{ OPT_OUTPUT, "output", 'o', "FILE", C_APPLY,
	    "resulting entries (default standard output)" },
	{ OPT_PLAN_FORMAT, "format", 0, "F", C_PLAN,
	    "ldif (default), or ps1: a PowerShell script of\n"
	    "Exchange cmdlets (Set-User) instead of LDIF" },
	{ OPT_UNDO, "undo", 0, "FILE", C_PLAN,
	    "also write the reverse change file" },
	{ OPT_REPORT, "report", 0, "FILE", C_PLAN,
	    "also write a report: FILE.csv, FILE.json or FILE.html" },
	{ OPT_REPORT_FORMAT, "report-format", 0, "F", C_PLAN,
	    "csv, csv-changes, json or html (default: by extension)" },
	{ OPT_FORMAT, "format", 0, "F", C_FIND,
	    "table (default), csv, csv-changes, json or html" },
	{ OPT_BOM, "bom", 0, NULL, C_PLAN | C_FIND,
	    "begin CSV with a UTF-8 BOM (Excel)" },
	{ OPT_REPLACE, "replace", 0, NULL, C_PLAN,
	    "plain replace: changes (re-appliable, unguarded)" },
	{ OPT_NO_COMMENTS, "no-comments", 0, NULL, C_PLAN,
	    "no comments in the change files" },
	{ OPT_CONTINUE, "continue", 0, NULL, C_APPLY,
	    "write the result anyway and exit 0" },
	{ OPT_DECODE, "decode", 'd', NULL, C_CAT,
	    "comment SIDs (S-1-5-...) and GUIDs in readable form" },
	{ OPT_CONTENT, "content", 0, NULL, C_CAT,
	    "write add records as content records" },
	{ OPT_WRAP, "wrap", 0, "N", C_PLAN | C_APPLY | C_CAT,
	    "fold lines at N columns (default 76, 0 = never)" },
	{ OPT_CRLF, "crlf", 0, NULL, C_PLAN | C_APPLY | C_CAT,
	    "CRLF line ends (ldifde -i on Windows)" },
	{ OPT_RULES, "rules", 'r', "FILE", C_WORK | C_RULES,
	    "rules instead of the built-in ones: a FILE, a shipped\n"
	    "rule file's NAME, or builtin; repeatable, run in order" },
	{ OPT_VAR, "var", 0, "NAME=VALUE", C_WORK | C_RULES,
	    "value for {var:NAME} in rule templates" },
	{ OPT_ACCOUNTS, "accounts", 0, "FILE", C_WORK,
	    "an account forest's export (its users): join each\n"
	    "linked mailbox to its owner; repeatable" },
	{ OPT_ONLY, "only", 0, "WHAT", C_WORK,
	    "only entries named by DN, sAMAccountName or @FILE\n"
	    "(one per line, or a CSV with a DistinguishedName\n"
	    "column such as find's report); repeatable" },
	{ OPT_EXCLUDE, "exclude", 0, "WHAT", C_WORK,
	    "leave these entries out; repeatable" },
	{ OPT_UNDER, "under", 0, "BASE", C_WORK,
	    "only entries in this subtree; repeatable" },
	{ OPT_NOT_UNDER, "not-under", 0, "BASE", C_WORK,
	    "leave this subtree out; repeatable" },
	{ OPT_ALLOW_UNMATCHED, "allow-unmatched", 0, NULL, C_WORK,
	    "a name that matches no entry is a warning, not an error" },
	{ OPT_ALLOW_MISSING, "allow-missing", 0, "ATTR", C_WORK,
	    "go on when no entry of the export has ATTR; repeatable" },
	{ OPT_ALLOW_TRUNCATED, "allow-truncated", 0, NULL, C_READ,
	    "read an input that looks cut short: its last line\n"
	    "has no line end, or an ldapsearch export lacks\n"
	    "its search result at the end" },
	{ OPT_MAX_VALUE, "max-value", 0, "N", C_READ,
	    "largest value accepted (default 16M)" },
	{ OPT_MAX_RECORD, "max-record", 0, "N", C_READ,
	    "largest record accepted (default 256M)" },
	{ OPT_QUIET, "quiet", 'q', NULL, C_READ,
	    "no summary on stderr" },
	{ OPT_VERBOSE, "verbose", 'v', NULL, C_WORK,
	    "list every matched entry and the coverage on stderr" },
	{ OPT_HELP, "help", 0, NULL, C_ALL,
	    "this help" },
	{ 0, NULL, 0, NULL, 0, NULL }
};

void
opts_init(struct opts *o, const char *name, unsigned cmdbit)
{
	memset(o, 0, sizeof(*o));
	o->cmd_name = name;
	o->cmdbit = cmdbit;
	select_init(&o->sel);
	o->lim.max_value = LDIF_DEFAULT_MAX_VALUE;
	o->lim.max_record = LDIF_DEFAULT_MAX_RECORD;
	o->wopts.wrap = LDIF_DEFAULT_WRAP;
	o->popts.comments = true;
	o->format = REPORT_TABLE;
	buf_init(&o->argtext);
}

void
opts_free(struct opts *o)
{
	free(o->rule_files);
	free(o->files);
	free(o->allow_missing);
	free(o->accounts);
	free(o->vars);
	select_free(&o->sel);
	buf_release(&o->argtext);
}

void
opts_print_help(FILE *fp, const char *usage, unsigned cmdbit)
{
	const struct option_def *od;

	fputs(usage, fp);
	fputc('\n', fp);
	for (od = option_table; od->name; od++) {
		const char *h;
		int col;

		if (!(od->commands & cmdbit))
			continue;
		col = od->letter ? fprintf(fp, "  -%c, ", od->letter) :
		    fprintf(fp, "      ");
		col += fprintf(fp, "--%s%s%s", od->name, od->arg ? " " : "",
		    od->arg ? od->arg : "");
		if (col >= HELP_COLUMN) {
			fputc('\n', fp);
			col = 0;
		}
		fprintf(fp, "%*s", HELP_COLUMN - col, "");
		for (h = od->help; *h; h++) {
			fputc(*h, fp);
			if (*h == '\n')
				fprintf(fp, "%*s", HELP_COLUMN, "");
		}
		fputc('\n', fp);
	}
}

/* Parse a positive size with an optional k/M/G suffix. */
static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	default: break;
	}
	if (*end || v == 0 || v > ((unsigned long long)SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

static int
parse_wrap(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' ||
	    (v != 0 && (v < 10 || v > 100000)))
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A file the command reads, which no output may replace. */
static void
note_file(struct opts *o, const char *path)
{
	o->files = xreallocarray(o->files, o->nfiles + 1, sizeof(*o->files));
	o->files[o->nfiles++] = path;
}

/* Options that shape what plan writes go into its header. */
static void
note_option(struct opts *o, const char *name, const char *arg)
{
	buf_printf(&o->argtext, "%s%s%s%s", o->argtext.n ? " " : "", name,
	    arg ? " " : "", arg ? arg : "");
}

/* The report formats by name, as --format and --report-format take them
 * (case-insensitively). */
static const struct {
	const char *name;
	enum report_format format;
	unsigned commands;
} formats[] = {
	{ "table", REPORT_TABLE, C_FIND },
	{ "csv", REPORT_CSV, C_FIND | C_PLAN },
	{ "csv-changes", REPORT_CSV_CHANGES, C_FIND | C_PLAN },
	{ "json", REPORT_JSON, C_FIND | C_PLAN },
	{ "html", REPORT_HTML, C_FIND | C_PLAN },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static bool
eq_ci(const char *a, const char *b)
{
	return slice_eq_ci(slice_of(a), slice_of(b));
}

int
opts_report_format(struct opts *o)
{
	size_t n;

	if (o->report == NULL) {
		if (o->format_set && o->cmdbit == C_PLAN)
			return cli_usage_error(o->cmd_name, "--report-format "
			    "needs --report FILE");
		return 0;
	}
	if (o->format_set)
		return 0;
	n = strlen(o->report);
	if (n > 4 && eq_ci(o->report + n - 4, ".csv"))
		o->format = REPORT_CSV;
	else if (n > 5 && eq_ci(o->report + n - 5, ".json"))
		o->format = REPORT_JSON;
	else if ((n > 5 && eq_ci(o->report + n - 5, ".html")) ||
	    (n > 4 && eq_ci(o->report + n - 4, ".htm")))
		o->format = REPORT_HTML;
	else
		return cli_usage_error(o->cmd_name, "--report wants FILE.csv, "
		    "FILE.json or FILE.html, or --report-format, not '%s'",
		    o->report);
	return 0;
}

int
opts_plan_format(struct opts *o)
{
	size_t n = o->output ? strlen(o->output) : 0;

	if (o->cmdbit == C_PLAN && !o->plan_format_set && n > 4 &&
	    eq_ci(o->output + n - 4, ".ps1")) {
		o->plan_ps1 = true;
		note_option(o, "--format", "ps1");
	}
	if (o->plan_ps1 && o->popts.replace)
		return cli_usage_error(o->cmd_name, "--replace shapes LDIF "
		    "change records, and --format ps1 writes none");
	return 0;
}

static int
take_format(struct opts *o, const char *opt, const char *arg, bool *set,
    struct diag *d)
{
	struct buf names = BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < NFORMATS; i++)
		if ((formats[i].commands & o->cmdbit) &&
		    eq_ci(arg, formats[i].name)) {
			o->format = formats[i].format;
			*set = true;
			return 0;
		}
	for (i = 0; i < NFORMATS; i++)
		if (formats[i].commands & o->cmdbit)
			buf_printf(&names, "%s%s", names.n ? ", " : "",
			    formats[i].name);
	rc = diag_set(d, NULL, 0, 0, "%s is %s, not '%s'", opt,
	    (const char *)names.p, arg);
	buf_release(&names);
	return rc;
}

static int
take_var(struct opts *o, char *arg, struct diag *d)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		return diag_set(d, NULL, 0, 0, "--var takes NAME=VALUE, not "
		    "'%s'", arg);
	note_option(o, "--var", arg);
	*eq = '\0';
	o->vars = xreallocarray(o->vars, o->nvars + 1, sizeof(*o->vars));
	o->vars[o->nvars].name = arg;
	o->vars[o->nvars].value = eq + 1;
	o->vars[o->nvars].used = false;
	o->nvars++;
	return 0;
}

/*
 * opts_take: one option with its argument. 0; -1 for a usage error (d->msg
 * says what is wrong); -2 when the option's data is bad (an unreadable or
 * invalid --only @FILE: d names the file and line).
 */
static int
opts_take(struct opts *o, int id, char *arg, struct diag *d)
{
	static const enum select_kind kinds[] = { SELECT_ONLY, SELECT_EXCLUDE,
	    SELECT_UNDER, SELECT_NOT_UNDER };

	switch (id) {
	case OPT_RULES:
		o->rule_files = xreallocarray(o->rule_files, o->nrule_files + 1,
		    sizeof(*o->rule_files));
		o->rule_files[o->nrule_files++] = arg;
		note_file(o, arg);
		return 0;
	case OPT_VAR: return take_var(o, arg, d);
	case OPT_OUTPUT: o->output = arg; return 0;
	case OPT_UNDO: o->undo = arg; return 0;
	case OPT_REPORT: o->report = arg; return 0;
	case OPT_REPORT_FORMAT:
		return take_format(o, "--report-format", arg, &o->format_set, d);
	case OPT_REPLACE:
		o->popts.replace = true;
		note_option(o, "--replace", NULL);
		return 0;
	case OPT_NO_COMMENTS: o->popts.comments = false; return 0;
	case OPT_ONLY: case OPT_EXCLUDE: case OPT_UNDER: case OPT_NOT_UNDER:
		if ((id == OPT_ONLY || id == OPT_EXCLUDE) && arg[0] == '@')
			note_file(o, arg + 1);
		if (select_add(&o->sel, kinds[id - OPT_ONLY], arg, d) < 0)
			return -2;
		note_option(o, select_kind_option(kinds[id - OPT_ONLY]), arg);
		return 0;
	case OPT_FORMAT: return take_format(o, "--format", arg, &o->format_set, d);
	case OPT_PLAN_FORMAT:
		if (!eq_ci(arg, "ldif") && !eq_ci(arg, "ps1"))
			return diag_set(d, NULL, 0, 0, "--format is ldif or ps1, "
			    "not '%s'", arg);
		o->plan_ps1 = eq_ci(arg, "ps1");
		o->plan_format_set = true;
		note_option(o, "--format", arg);
		return 0;
	case OPT_BOM: o->bom = true; return 0;
	case OPT_CONTINUE: o->cont = true; return 0;
	case OPT_ALLOW_UNMATCHED: o->allow_unmatched = true; return 0;
	case OPT_ALLOW_MISSING:
		o->allow_missing = xreallocarray(o->allow_missing,
		    o->nallow_missing + 1, sizeof(*o->allow_missing));
		o->allow_missing[o->nallow_missing++] = arg;
		note_option(o, "--allow-missing", arg);
		return 0;
	case OPT_ACCOUNTS:
		o->accounts = xreallocarray(o->accounts, o->naccounts + 1,
		    sizeof(*o->accounts));
		o->accounts[o->naccounts++] = arg;
		note_file(o, arg);
		note_option(o, "--accounts", arg);
		return 0;
	case OPT_DECODE: o->decode = true; return 0;
	case OPT_CONTENT: o->content = true; return 0;
	case OPT_WRAP:
		if (parse_wrap(arg, &o->wopts.wrap) < 0)
			return diag_set(d, NULL, 0, 0, "--wrap takes 0 (never) or "
			    "a column from 10 up, not '%s'", arg);
		return 0;
	case OPT_CRLF: o->wopts.crlf = true; return 0;
	case OPT_MAX_VALUE:
		if (parse_size(arg, &o->lim.max_value) < 0)
			return diag_set(d, NULL, 0, 0, "--max-value takes a size "
			    "like 64M, not '%s'", arg);
		return 0;
	case OPT_MAX_RECORD:
		if (parse_size(arg, &o->lim.max_record) < 0)
			return diag_set(d, NULL, 0, 0, "--max-record takes a size "
			    "like 512M, not '%s'", arg);
		return 0;
	case OPT_ALLOW_TRUNCATED:
		o->lim.allow_truncated = true;
		note_option(o, "--allow-truncated", NULL);
		return 0;
	case OPT_QUIET: o->quiet = true; return 0;
	case OPT_VERBOSE: o->verbose = true; return 0;
	}
	return diag_set(d, NULL, 0, 0, "invalid option");
}

/* The getopt_long tables of one command, built from option_table. */
struct getopt_tables {
	struct option *longopts;
	char *shortopts;
};

static void
build_tables(struct getopt_tables *t, unsigned cmdbit)
{
	const struct option_def *od;
	size_t n = 0, k = 0, s = 0;

	for (od = option_table; od->name; od++)
		n++;
	t->longopts = xcalloc(n + 1, sizeof(*t->longopts));
	t->shortopts = xcalloc(2 * n + 2, 1);
	t->shortopts[s++] = ':';        /* report a missing argument as ':' */
	for (od = option_table; od->name; od++) {
		if (!(od->commands & cmdbit))
			continue;
		t->longopts[k].name = od->name;
		t->longopts[k].has_arg = od->arg ? required_argument :
		    no_argument;
		t->longopts[k].val = od->id;
		k++;
		if (od->letter) {
			t->shortopts[s++] = od->letter;
			if (od->arg)
				t->shortopts[s++] = ':';
		}
	}
}

/* The row of an option, by long name or letter, among the rows of the
 * commands in cmdbit. */
static const struct option_def *
find_option(const char *name, size_t n, int letter, unsigned cmdbit)
{
	const struct option_def *od;

	for (od = option_table; od->name; od++)
		if ((od->commands & cmdbit) && (letter ? od->letter == letter :
		    strlen(od->name) == n && memcmp(od->name, name, n) == 0))
			return od;
	return NULL;
}

/* A usage error for what getopt refused (c is '?' or ':'); text is the
 * argument it stopped at. */
static void
refused(const struct opts *o, int c, const char *text)
{
	const struct option_def *od;
	size_t n;

	if (c == ':') {
		cli_usage_error(o->cmd_name, "option '%s' needs a value", text);
		return;
	}
	if (strncmp(text, "--", 2) == 0) {
		n = strcspn(text + 2, "=");
		if (text[2 + n] == '=' &&
		    find_option(text + 2, n, 0, o->cmdbit) != NULL)
			cli_usage_error(o->cmd_name, "option '--%.*s' takes no "
			    "value", (int)n, text + 2);
		else if ((od = find_option(text + 2, n, 0, C_ALL)) != NULL)
			cli_usage_error(o->cmd_name, "'%s' does not take --%s",
			    o->cmd_name, od->name);
		else
			cli_usage_error(o->cmd_name, "unknown option '%s'",
			    text);
		return;
	}
	if (find_option(NULL, 0, optopt, C_ALL) != NULL)
		cli_usage_error(o->cmd_name, "'%s' does not take -%c",
		    o->cmd_name, optopt);
	else
		cli_usage_error(o->cmd_name, "unknown option '-%c'", optopt);
}

enum opts_result
opts_parse(struct opts *o, int argc, char **argv, const char *usage)
{
	struct getopt_tables t;
	enum opts_result res = OPTS_RUN;
	struct diag d;
	int c, rc;

	build_tables(&t, o->cmdbit);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, t.shortopts, t.longopts,
	    NULL)) != -1) {
		if (c == '?' || c == ':') {
			refused(o, c, argv[optind - 1]);
			res = OPTS_ERROR;
			break;
		}
		if (c == OPT_HELP) {
			opts_print_help(stdout, usage, o->cmdbit);
			res = OPTS_HELP;
			break;
		}
		diag_clear(&d);
		rc = opts_take(o, c, optarg, &d);
		if (rc == -2)
			cli_diag(&d);
		else if (rc == -1)
			cli_usage_error(o->cmd_name, "%s", d.msg);
		if (rc < 0) {
			res = OPTS_ERROR;
			break;
		}
	}
	free(t.longopts);
	free(t.shortopts);
	o->args = argv + optind;
	o->nargs = argc - optind;
	return res;
}

int
opts_one_input(const struct opts *o, const char **path)
{
	if (o->nargs > 1)
		return cli_usage_error(o->cmd_name, "%s reads one input, got %d",
		    o->cmd_name, o->nargs);
	if (o->nargs == 0 && os_is_terminal(stdin))
		return cli_usage_error(o->cmd_name, "no input: name an export "
		    "file, or - to read standard input");
	*path = o->nargs ? o->args[0] : "-";
	return 0;
}

/* A -r argument that names a shipped rule file rather than a path: no
 * folder separator, no .yaml/.yml ending, and no such file here. */
static bool
is_rule_name(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') == NULL && strchr(arg, '\\') == NULL &&
	    !(n > 5 && eq_ci(arg + n - 5, ".yaml")) &&
	    !(n > 4 && eq_ci(arg + n - 4, ".yml")) &&
	    os_path_kind(arg) == OS_MISSING;
}

/* One -r argument: "builtin", a shipped rule file's name, or a path. */
static int
load_one(struct opts *o, struct ruleset *rs, const char *arg, struct diag *d)
{
	struct buf path = BUF_INIT;
	char *dir;
	int rc;

	if (strcmp(arg, "builtin") == 0)
		return rules_load_default(rs, o->vars, o->nvars, d);
	if (!is_rule_name(arg))
		return rules_load_file(rs, arg, o->vars, o->nvars, d);
	dir = os_rules_dir(LDFIX_RULES_DIR);
	buf_printf(&path, "%s/%s.yaml", dir, arg);
	if (os_path_kind((const char *)path.p) != OS_REGULAR)
		rc = diag_set(d, NULL, 0, 0, "-r %s: no shipped rule file of that "
		    "name in %s (name a rule file by its path, or use "
		    "builtin)", arg, dir);
	else
		rc = rules_load_file(rs, (const char *)path.p, o->vars,
		    o->nvars, d);
	free(dir);
	buf_release(&path);
	return rc;
}

int
opts_load_rules(struct opts *o, struct ruleset *rs, struct diag *d)
{
	size_t i;

	rules_init(rs);
	if (o->nrule_files == 0 &&
	    rules_load_default(rs, o->vars, o->nvars, d) < 0)
		return -1;
	for (i = 0; i < o->nrule_files; i++)
		if (load_one(o, rs, o->rule_files[i], d) < 0)
			return -1;
	return rules_check_loaded(rs, o->vars, o->nvars, d);
}

int
opts_stdin_once(const struct opts *o, const char *input)
{
	size_t i, n = input != NULL && strcmp(input, "-") == 0;

	for (i = 0; i < o->nrule_files; i++)
		n += strcmp(o->rule_files[i], "-") == 0;
	for (i = 0; i < o->naccounts; i++)     /* the input: cmd_plan.c */
		if (strcmp(o->accounts[i], "-") == 0 &&
		    n > (input != NULL && strcmp(input, "-") == 0))
			return cli_usage_error(o->cmd_name, "--accounts - and "
			    "-r - cannot both be standard input: name one of "
			    "them as a file");
	if (n > 1 && input != NULL && strcmp(input, "-") == 0)
		return cli_usage_error(o->cmd_name, "the input and the rules "
		    "(-r -) cannot both be standard input: name one of them "
		    "as a file");
	if (n > 1)
		return cli_usage_error(o->cmd_name, "-r - is given twice: "
		    "standard input can be read only once");
	return 0;
}
