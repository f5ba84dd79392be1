/*
 * cmd_rules.c: "ldfix rules check|show": load the rule files (or the
 * built-in rules) and say they are fine, or print them as YAML.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"

int
cmd_rules(struct opts *o)
{
	struct ruleset rs;
	struct diag d;
	int rc = 0;

	if (o->nargs != 1 || (strcmp(o->args[0], "check") != 0 &&
	    strcmp(o->args[0], "show") != 0))
		return cli_usage_error(o->cmd_name, "say 'rules check' or "
		    "'rules show'");
	if (opts_stdin_once(o, NULL) != 0)
		return EXIT_ERROR;
	diag_clear(&d);
	if (opts_load_rules(o, &rs, &d) < 0) {
		cli_diag(&d);
		rc = EXIT_ERROR;
	} else if (strcmp(o->args[0], "show") == 0) {
		rules_show(stdout, &rs);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_warn("cannot write standard output: %s",
			    strerror(errno));
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
