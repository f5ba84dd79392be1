/*
 * cmd_rules.c: "ldfix rules check|show": load the rule files (or the
 * built-in rules) and say they are fine, or print them as YAML.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/commands.h"

/* What the export must hold: every attribute the rules read, as one list
 * for "ldifde -l" (and ldapsearch, space-separated). */
static void
print_reads(const struct ruleset *rs)
{
	struct buf list = BUF_INIT;
	size_t i, j, k, n = 0;
	struct slice *seen = NULL;
	size_t cap = 0;

	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nreads; j++) {
			struct slice a = rs->rules[i].reads[j];

			for (k = 0; k < n && !slice_eq_ci(seen[k], a); k++)
				;
			if (k < n)
				continue;
			grow_array(&seen, &cap, n + 1, sizeof(*seen));
			seen[n++] = a;
			if (list.n)
				buf_putc(&list, ',');
			buf_putslice(&list, a);
		}
	fprintf(stderr, "ldfix: the export needs these attributes (ldifde -l): "
	    "%s\n", list.n ? (const char *)list.p : "(none)");
	free(seen);
	buf_release(&list);
}

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
		print_reads(&rs);
	}
	rules_free(&rs);
	return rc;
}
