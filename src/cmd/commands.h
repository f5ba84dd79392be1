/*
 * commands.h: the commands of ldfix, one entry each in command_table
 * (commands.c): name, one-line summary, usage and description for --help,
 * and the function that runs it. The options each command takes are the
 * rows of option_table (options.h) that name it.
 *
 * Adding a command: a C_* bit (options.h), a file cmd_NAME.c with its run
 * function declared here, its line in command_table, its options' command
 * bits, and its section in ldfix.1, ldfix.bash and the README (the test
 * tests/t_options.sh checks the man page and the completion).
 */
#ifndef LDFIX_COMMANDS_H
#define LDFIX_COMMANDS_H

#include <stdio.h>

#include "cmd/options.h"

struct command {
	const char *name;
	unsigned bit;           /* C_* */
	const char *summary;    /* one line for "ldfix --help" */
	const char *usage;      /* "usage: ..." and what it does, for --help */
	int (*run)(struct opts *o);     /* returns the exit status */
};

extern const struct command command_table[];

/* command_find: the command called name, or NULL. */
const struct command *command_find(const char *name);

/* commands_usage: what "ldfix --help" prints. */
void commands_usage(FILE *fp);

/* The run functions, one file each. */
int cmd_plan(struct opts *o);           /* cmd_plan.c */
int cmd_find(struct opts *o);           /* cmd_plan.c */
int cmd_check(struct opts *o);          /* cmd_plan.c */
int cmd_apply(struct opts *o);          /* cmd_apply.c */
int cmd_cat(struct opts *o);            /* cmd_cat.c */
int cmd_rules(struct opts *o);          /* cmd_rules.c */

#endif
