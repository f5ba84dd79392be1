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

/* A list of attribute names for "ldifde -l", each once. */
struct attr_list {
	struct buf text;
	struct slice *seen;
	size_t n, cap;
};

static void
list_add(struct attr_list *l, struct slice a)
{
	size_t k;

	for (k = 0; k < l->n && !slice_eq_ci(l->seen[k], a); k++)
		;
	if (k < l->n)
		return;
	grow_array(&l->seen, &l->cap, l->n + 1, sizeof(*l->seen));
	l->seen[l->n++] = a;
	if (l->text.n)
		buf_putc(&l->text, ',');
	buf_putslice(&l->text, a);
}

/* What the account exports must hold, when a rule reads the owner: what
 * the join and the reports read, then every master.ATTR. */
static void
print_account_reads(const struct ruleset *rs)
{
	static const char *const join[] = { "objectSid", "sIDHistory",
	    "userAccountControl", "sAMAccountName", "userPrincipalName" };
	struct attr_list l = { BUF_INIT, NULL, 0, 0 };
	struct slice a;
	size_t i, j;
	bool any = false;

	for (i = 0; i < rs->nrules; i++)
		any = any || rs->rules[i].reads_accounts;
	if (!any)
		return;
	for (i = 0; i < sizeof(join) / sizeof(join[0]); i++)
		list_add(&l, slice_of(join[i]));
	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nmaster_reads; j++)
			if (rules_master_attr(rs->rules[i].master_reads[j], &a))
				list_add(&l, a);
	fprintf(stderr, "ldfix: --accounts exports need these attributes "
	    "(ldifde -l): %s\n", (const char *)l.text.p);
	free(l.seen);
	buf_release(&l.text);
}

/* What the export must hold: every attribute the rules read, as one list
 * for "ldifde -l" (and ldapsearch, space-separated). */
static void
print_reads(const struct ruleset *rs)
{
	struct attr_list l = { BUF_INIT, NULL, 0, 0 };
	size_t i, j;

	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nreads; j++)
			list_add(&l, rs->rules[i].reads[j]);
	fprintf(stderr, "ldfix: the export needs these attributes (ldifde -l): "
	    "%s\n", l.text.n ? (const char *)l.text.p : "(none)");
	free(l.seen);
	buf_release(&l.text);
	print_account_reads(rs);
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
		print_reads(&rs);
	}
	rules_free(&rs);
	return rc;
}
