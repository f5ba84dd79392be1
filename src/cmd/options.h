/*
 * options.h: every option of every command, in one table, parsed into one
 * struct opts.
 *
 * The table (option_table in options.c) is the single source of the long
 * and short names, of which commands take which option, and of the --help
 * text. A test (tests/t_options.sh) checks that the man page ldfix.1 and
 * the bash completion ldfix.bash list exactly the options of the table, so
 * adding an option means: a row here, a field in struct opts, its case in
 * opts_take(), and the same option in ldfix.1 and ldfix.bash.
 */
#ifndef LDFIX_OPTIONS_H
#define LDFIX_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "rules/rules.h"
#include "tasks/plan.h"
#include "tasks/report.h"
#include "tasks/select.h"

/* The commands, one bit each, so an option can say which take it. */
enum {
	C_PLAN = 1 << 0,
	C_FIND = 1 << 1,
	C_CHECK = 1 << 2,
	C_APPLY = 1 << 3,
	C_CAT = 1 << 4,
	C_RULES = 1 << 5
};
#define C_WORK (C_PLAN | C_FIND | C_CHECK)      /* run rules over an export */
#define C_READ (C_WORK | C_APPLY | C_CAT)       /* read an LDIF export */
#define C_ALL (C_READ | C_RULES)

/* Option identities: a short option is its letter, the others from 256. */
enum {
	OPT_RULES = 'r', OPT_OUTPUT = 'o', OPT_DECODE = 'd', OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_VAR = 256, OPT_UNDO, OPT_REPORT, OPT_REPORT_FORMAT, OPT_REPLACE, OPT_NO_COMMENTS,
	OPT_ONLY, OPT_EXCLUDE, OPT_UNDER, OPT_NOT_UNDER, OPT_FORMAT, OPT_BOM,
	OPT_CONTINUE, OPT_WRAP, OPT_ALLOW_UNMATCHED, OPT_ALLOW_MISSING, OPT_CRLF, OPT_MAX_VALUE, OPT_MAX_RECORD,
	OPT_PLAN_FORMAT, OPT_ACCOUNTS, OPT_HELP, OPT_CONTENT, OPT_ALLOW_TRUNCATED
};

/*
 * One row of the option table. An option that means something slightly
 * different to different commands (-o) has one row per meaning, with
 * disjoint command sets.
 */
struct option_def {
	int id;                 /* OPT_* */
	const char *name;       /* long name, without "--" */
	char letter;            /* short form, 0 when none */
	const char *arg;        /* placeholder of its argument, NULL: none */
	unsigned commands;      /* C_* bits */
	const char *help;       /* --help text; '\n' starts a new line */
};

extern const struct option_def option_table[];

struct command;

/* What the command line said. Strings point into argv. */
struct opts {
	const struct command *cmd;
	const char *cmd_name;
	unsigned cmdbit;
	const char **rule_files;
	size_t nrule_files;
	struct rule_var *vars;
	size_t nvars;
	struct select sel;
	struct ldif_limits lim;
	struct ldif_write_opts wopts;
	struct plan_opts popts;
	const char *output, *undo, *report;
	enum report_format format;
	bool format_set;                /* --format / --report-format given */
	bool bom, cont, decode, quiet, verbose;
	bool content;                   /* cat: add records as content records */
	bool allow_unmatched;           /* unmatched selectors only warn */
	bool plan_ps1;                  /* plan --format ps1 (tasks/ps1.h) */
	bool plan_format_set;           /* plan --format given */
	struct buf argtext;             /* options that shape a plan, for its header */
	const char **files;             /* files read besides the input: -r, @FILE */
	size_t nfiles;
	const char **allow_missing;     /* --allow-missing ATTR */
	size_t nallow_missing;
	const char **accounts;          /* --accounts FILE: account exports */
	size_t naccounts;
	char **args;                    /* operands */
	int nargs;
};

void opts_init(struct opts *o, const char *name, unsigned cmdbit);
void opts_free(struct opts *o);

/* What opts_parse found. */
enum opts_result {
	OPTS_RUN,               /* run the command */
	OPTS_HELP,              /* --help was printed: exit 0 */
	OPTS_ERROR              /* a message was printed: exit 2 */
};

/*
 * opts_parse: the options of argv (argv[0] is the command name) into o.
 * help is printed for --help: the usage and description given, then the
 * command's options from the table. Prints usage errors and bad selection
 * files itself (the command layer prints; see src/README.md).
 */
enum opts_result opts_parse(struct opts *o, int argc, char **argv,
    const char *usage);

/*
 * opts_one_input: the single input operand of plan, find, check and cat
 * ("-" when none is given). Prints a usage error and returns EXIT_ERROR
 * when there are several, or none while standard input is a terminal
 * (waiting for an export typed by hand helps nobody); else 0.
 */
int opts_one_input(const struct opts *o, const char **path);

/*
 * opts_stdin_once: standard input ("-") named at most once among input
 * (NULL: none) and the -r files: it can be read only once ("plan -r - -"
 * read the rules and then planned an empty input). Prints a usage error
 * and returns EXIT_ERROR when named twice, else 0.
 */
int opts_stdin_once(const struct opts *o, const char *input);

/* opts_report_format: plan's report format from --report-format or the
 * --report file's extension; prints a usage error and returns EXIT_ERROR
 * when neither says, else 0. */
int opts_report_format(struct opts *o);

/* opts_plan_format: plan -o NAME.ps1 without --format means --format
 * ps1. --format ps1 with an option that shapes only LDIF records
 * (--replace) is a usage error: prints it and returns EXIT_ERROR, else 0. */
int opts_plan_format(struct opts *o);

/*
 * opts_load_rules: the -r files in order ("builtin" is the built-in rules,
 * a bare NAME the shipped rules/NAME.yaml, see os_rules_dir), or the
 * built-in rules without -r, with the --var values; then the checks of
 * rules_check_loaded. 0, or -1 with d set (rs must then still be freed).
 */
int opts_load_rules(struct opts *o, struct ruleset *rs, struct diag *d);

/* opts_print_help: usage, then the options of the commands in cmdbit. */
void opts_print_help(FILE *fp, const char *usage, unsigned cmdbit);

#endif
