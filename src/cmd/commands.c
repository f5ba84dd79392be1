/*
 * commands.c: the command table (see commands.h).
 */
#include "cmd/commands.h"

#include <string.h>

const struct command command_table[] = {
	{ "plan", C_PLAN,
	    "write the change LDIF (and --undo, --report); summary on stderr",
	    "usage: ldfix plan [OPTIONS] [INPUT|-]\n"
	    "\n"
	    "Write the change LDIF for INPUT: guarded delete/add pairs that fail whole\n"
	    "on an entry that changed since the export. Summary on stderr.\n",
	    cmd_plan },
	{ "find", C_FIND,
	    "list what would change and why (table, CSV or JSON)",
	    "usage: ldfix find [OPTIONS] [INPUT|-]\n"
	    "\n"
	    "List what plan would change and why, without writing a change file.\n",
	    cmd_find },
	{ "check", C_CHECK,
	    "exit 0 when nothing would change, 1 when changes are pending",
	    "usage: ldfix check [OPTIONS] [INPUT|-]\n"
	    "\n"
	    "Exit 0 when no rule would change anything, 1 when changes are pending\n"
	    "(listed on stderr), 2 on error. Run it on a fresh export after applying.\n",
	    cmd_check },
	{ "apply", C_APPLY,
	    "apply a change LDIF to an export offline: apply INPUT CHANGES",
	    "usage: ldfix apply [OPTIONS] INPUT CHANGES\n"
	    "\n"
	    "Apply the change LDIF CHANGES to the export INPUT offline, with the\n"
	    "semantics of an LDAP server: a record applies whole or not at all; a\n"
	    "guarded delete of a value that is not there fails it (noSuchAttribute).\n"
	    "Writes the resulting entries. Without --continue, any failed record\n"
	    "means exit 1 and no output.\n",
	    cmd_apply },
	{ "cat", C_CAT,
	    "re-emit LDIF in canonical form (--decode shows SIDs and GUIDs)",
	    "usage: ldfix cat [OPTIONS] [INPUT|-]\n"
	    "\n"
	    "Re-emit LDIF as canonical LDIF, every record of its kind (add records stay\n"
	    "add records; --content writes them as content records), unsafe values\n"
	    "base64, folded at --wrap columns.\n",
	    cmd_cat },
	{ "rules", C_RULES,
	    "validate or print rule files: rules check|show [-r FILE]...",
	    "usage: ldfix rules check|show [-r FILE]... [--var NAME=VALUE]...\n"
	    "\n"
	    "check: load and validate the rule files (the built-in rules when no -r).\n"
	    "show:  print the effective rules as YAML.\n",
	    cmd_rules },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct command *
command_find(const char *name)
{
	const struct command *c;

	for (c = command_table; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void
commands_usage(FILE *fp)
{
	const struct command *c;

	fputs("usage: ldfix COMMAND [OPTIONS] [INPUT|-]\n"
	    "\n"
	    "Find Exchange linked mailboxes (or anything a rule file describes) in an\n"
	    "LDIF export and write a reviewable change LDIF. Offline: no network, ever.\n"
	    "\n"
	    "commands:\n", fp);
	for (c = command_table; c->name; c++)
		fprintf(fp, "  %-7s %s\n", c->name, c->summary);
	fputs("\n"
	    "Without -r, the built-in rules convert linked mailboxes to user mailboxes\n"
	    "as Set-User -LinkedMasterAccount $null does.\n"
	    "Run 'ldfix COMMAND --help' for a command's options, 'man ldfix' for all.\n",
	    fp);
}
