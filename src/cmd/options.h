/*
 * options.h: the command-line options of every ldfix command, parsed into
 * one struct opts, and the help texts. Nothing here prints: main.c runs
 * getopt_long over options_long, hands each option to opts_take and prints
 * whatever it reports.
 */
#ifndef LDFIX_OPTIONS_H
#define LDFIX_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"
#include "tasks/plan.h"
#include "tasks/report.h"
#include "rules/rules.h"
#include "tasks/select.h"

/* The commands, as bits, so each option can say where it belongs. */
enum {
	C_PLAN = 1 << 0, C_FIND = 1 << 1, C_CHECK = 1 << 2, C_APPLY = 1 << 3,
	C_CAT = 1 << 4, C_RULES = 1 << 5
};
#define C_WORK (C_PLAN | C_FIND | C_CHECK)
#define C_READ (C_WORK | C_APPLY | C_CAT)

enum {
	OPT_CRLF = 256, OPT_WRAP, OPT_MAX_VALUE, OPT_MAX_RECORD, OPT_UNDO,
	OPT_REPORT, OPT_REPLACE, OPT_NO_COMMENTS, OPT_ONLY, OPT_EXCLUDE,
	OPT_UNDER, OPT_NOT_UNDER, OPT_FORMAT, OPT_BOM, OPT_CONTINUE, OPT_VAR,
	OPT_HELP
};

struct opts {
	const char *cmd;
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
	bool bom, cont, decode, quiet, verbose;
	struct buf argtext;             /* options that shape a plan, for its header */
	char **args;                    /* operands */
	int nargs;
};

extern const struct option options_long[];
extern const char options_short[];

/* The commands an option belongs to (C_* bits); 0 for an unknown one. */
unsigned options_commands(int c);

void opts_init(struct opts *o, const char *cmd, unsigned cmdbit);
void opts_free(struct opts *o);

/*
 * opts_take: record one option c (a getopt_long result) with its argument.
 * Returns 0; -1 for a usage error (d->msg says what is wrong); -2 when
 * the option's data is bad (an unreadable or invalid --only @FILE: d names
 * the file and line).
 */
int opts_take(struct opts *o, int c, char *arg, struct diag *d);

/* Help texts: the command summary and each command's options. */
extern const char usage_text[], selection_help[], rules_help[], input_help[],
    plan_help[], find_help[], check_help[], apply_help[], cat_help[],
    rules_cmd_help[];

#endif
