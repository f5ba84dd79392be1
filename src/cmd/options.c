/*
 * options.c: option table, option parsing into struct opts, help texts.
 */
#include "cmd/options.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char options_short[] = ":r:o:dqv";

const char usage_text[] =
"usage: ldfix COMMAND [OPTIONS] [INPUT|-]\n"
"\n"
"Find Exchange linked mailboxes (or anything a rule file describes) in an\n"
"LDIF export and write a reviewable change LDIF. Offline: no network, ever.\n"
"\n"
"commands:\n"
"  plan    write the change LDIF (and --undo, --report); summary on stderr\n"
"  find    list what would change and why (table, CSV or JSON)\n"
"  check   exit 0 when nothing would change, 1 when changes are pending\n"
"  apply   apply a change LDIF to an export offline: apply INPUT CHANGES\n"
"  cat     re-emit LDIF in canonical form (--decode shows SIDs and GUIDs)\n"
"  rules   validate or print rule files: rules check|show [-r FILE]...\n"
"\n"
"Without -r, the built-in rules convert linked mailboxes to user mailboxes\n"
"as Set-User -LinkedMasterAccount $null does.\n"
"Run 'ldfix COMMAND --help' for a command's options, 'man ldfix' for all.\n";

const char selection_help[] =
"      --only WHAT       only entries named by DN, sAMAccountName or @FILE\n"
"                        (one per line, or a CSV with a DistinguishedName\n"
"                        column such as find's report); repeatable\n"
"      --exclude WHAT    leave these entries out; repeatable\n"
"      --under BASE      only entries in this subtree; repeatable\n"
"      --not-under BASE  leave this subtree out; repeatable\n";

const char rules_help[] =
"  -r, --rules FILE      rule file instead of the built-in rules; repeatable\n"
"      --var NAME=VALUE  value for {var:NAME} in rule templates\n";

const char input_help[] =
"      --max-value N     largest value accepted (default 16M)\n"
"      --max-record N    largest record accepted (default 256M)\n"
"  -q, --quiet           no summary on stderr\n";

const char plan_help[] =
"usage: ldfix plan [OPTIONS] [INPUT|-]\n"
"\n"
"Write the change LDIF for INPUT: guarded delete/add pairs that fail whole\n"
"on an entry that changed since the export. Summary on stderr.\n"
"\n"
"  -o, --output FILE     change LDIF (default standard output)\n"
"      --undo FILE       also write the reverse change file\n"
"      --report FILE     also write a report: FILE.csv, .json or .html\n"
"      --bom             begin the CSV report with a UTF-8 BOM (Excel)\n"
"      --replace         plain replace: changes (re-appliable, unguarded)\n"
"      --no-comments     no comments in the change files\n"
"      --wrap N          fold lines at N columns (default 76, 0 = never)\n"
"      --crlf            CRLF line ends (ldifde -i on Windows)\n"
"  -v, --verbose         list every matched entry on stderr\n";

const char find_help[] =
"usage: ldfix find [OPTIONS] [INPUT|-]\n"
"\n"
"List what plan would change and why, without writing a change file.\n"
"\n"
"      --format F        table (default), csv, json or html\n"
"  -o, --output FILE     write FILE instead of standard output\n"
"      --bom             begin CSV with a UTF-8 BOM (Excel)\n";

const char check_help[] =
"usage: ldfix check [OPTIONS] [INPUT|-]\n"
"\n"
"Exit 0 when no rule would change anything, 1 when changes are pending\n"
"(listed on stderr), 2 on error. Run it on a fresh export after applying.\n"
"\n";

const char apply_help[] =
"usage: ldfix apply [OPTIONS] INPUT CHANGES\n"
"\n"
"Apply the change LDIF CHANGES to the export INPUT offline, with the\n"
"semantics of an LDAP server: a record applies whole or not at all; a\n"
"guarded delete of a value that is not there fails it (noSuchAttribute).\n"
"Writes the resulting entries. Without --continue, any failed record\n"
"means exit 1 and no output.\n"
"\n"
"  -o, --output FILE     resulting entries (default standard output)\n"
"      --continue        write the result anyway and exit 0\n"
"      --wrap N          fold lines at N columns (default 76, 0 = never)\n"
"      --crlf            CRLF line ends\n";

const char cat_help[] =
"usage: ldfix cat [OPTIONS] [INPUT|-]\n"
"\n"
"Re-emit LDIF as canonical LDIF: entries as content records, change records\n"
"as change records, unsafe values base64, folded at --wrap columns.\n"
"\n"
"  -d, --decode          comment SIDs (S-1-5-...) and GUIDs in readable form\n"
"  -o, --output FILE     write FILE instead of standard output\n"
"      --wrap N          fold lines at N columns (default 76, 0 = never)\n"
"      --crlf            CRLF line ends (for Windows tools)\n";

const char rules_cmd_help[] =
"usage: ldfix rules check|show [-r FILE]... [--var NAME=VALUE]...\n"
"\n"
"check: load and validate the rule files (the built-in rules when no -r).\n"
"show:  print the effective rules as YAML.\n"
"\n";

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

const struct option options_long[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "var", required_argument, NULL, OPT_VAR },
	{ "output", required_argument, NULL, 'o' },
	{ "undo", required_argument, NULL, OPT_UNDO },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "replace", no_argument, NULL, OPT_REPLACE },
	{ "no-comments", no_argument, NULL, OPT_NO_COMMENTS },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "under", required_argument, NULL, OPT_UNDER },
	{ "not-under", required_argument, NULL, OPT_NOT_UNDER },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "continue", no_argument, NULL, OPT_CONTINUE },
	{ "decode", no_argument, NULL, 'd' },
	{ "wrap", required_argument, NULL, OPT_WRAP },
	{ "crlf", no_argument, NULL, OPT_CRLF },
	{ "max-value", required_argument, NULL, OPT_MAX_VALUE },
	{ "max-record", required_argument, NULL, OPT_MAX_RECORD },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* Which commands take which option. */
unsigned
options_commands(int c)
{
	switch (c) {
	case 'r': case OPT_VAR: return C_WORK | C_RULES;
	case 'o': return C_PLAN | C_FIND | C_APPLY | C_CAT;
	case OPT_UNDO: case OPT_REPORT: case OPT_REPLACE:
	case OPT_NO_COMMENTS: case 'v':
		return C_PLAN;
	case OPT_ONLY: case OPT_EXCLUDE: case OPT_UNDER: case OPT_NOT_UNDER:
		return C_WORK;
	case OPT_FORMAT: return C_FIND;
	case OPT_BOM: return C_PLAN | C_FIND;
	case OPT_CONTINUE: return C_APPLY;
	case 'd': return C_CAT;
	case OPT_WRAP: case OPT_CRLF: return C_PLAN | C_APPLY | C_CAT;
	case OPT_MAX_VALUE: case OPT_MAX_RECORD: case 'q': return C_READ;
	case OPT_HELP: return ~0u;
	default: return 0;
	}
}


void
opts_init(struct opts *o, const char *cmd, unsigned cmdbit)
{
	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
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
	free(o->vars);
	select_free(&o->sel);
	buf_release(&o->argtext);
}

static void
note_option(struct opts *o, const char *name, const char *arg)
{
	buf_printf(&o->argtext, "%s%s%s%s", o->argtext.n ? " " : "", name,
	    arg ? " " : "", arg ? arg : "");
}

static int
report_format_of_path(const char *path, enum report_format *f)
{
	size_t n = strlen(path);

	if (n > 4 && strcmp(path + n - 4, ".csv") == 0)
		*f = REPORT_CSV;
	else if (n > 5 && strcmp(path + n - 5, ".json") == 0)
		*f = REPORT_JSON;
	else if (n > 5 && strcmp(path + n - 5, ".html") == 0)
		*f = REPORT_HTML;
	else
		return -1;
	return 0;
}

int
opts_take(struct opts *o, int c, char *arg, struct diag *d)
{
	static const enum select_kind kinds[] = { SELECT_ONLY, SELECT_EXCLUDE,
	    SELECT_UNDER, SELECT_NOT_UNDER };
	char *eq;

	switch (c) {
	case 'r':
		o->rule_files = xreallocarray(o->rule_files, o->nrule_files + 1,
		    sizeof(*o->rule_files));
		o->rule_files[o->nrule_files++] = arg;
		return 0;
	case OPT_VAR:
		eq = strchr(arg, '=');
		if (eq == NULL || eq == arg)
			return diag_set(d, NULL, 0, 0, "--var takes NAME=VALUE, not '%s'", arg);
		note_option(o, "--var", arg);
		*eq = '\0';
		o->vars = xreallocarray(o->vars, o->nvars + 1, sizeof(*o->vars));
		o->vars[o->nvars].name = arg;
		o->vars[o->nvars].value = eq + 1;
		o->nvars++;
		return 0;
	case 'o': o->output = arg; return 0;
	case OPT_UNDO: o->undo = arg; return 0;
	case OPT_REPORT:
		if (report_format_of_path(arg, &o->format) < 0)
			return diag_set(d, NULL, 0, 0, "--report wants FILE.csv, FILE.json or FILE.html, not '%s'", arg);
		o->report = arg;
		return 0;
	case OPT_REPLACE:
		o->popts.replace = true;
		note_option(o, "--replace", NULL);
		return 0;
	case OPT_NO_COMMENTS: o->popts.comments = false; return 0;
	case OPT_ONLY: case OPT_EXCLUDE: case OPT_UNDER: case OPT_NOT_UNDER:
		if (select_add(&o->sel, kinds[c - OPT_ONLY], arg, d) < 0)
			return -2;
		note_option(o, select_kind_option(kinds[c - OPT_ONLY]), arg);
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "table") == 0)
			o->format = REPORT_TABLE;
		else if (strcmp(arg, "csv") == 0)
			o->format = REPORT_CSV;
		else if (strcmp(arg, "json") == 0)
			o->format = REPORT_JSON;
		else if (strcmp(arg, "html") == 0)
			o->format = REPORT_HTML;
		else
			return diag_set(d, NULL, 0, 0, "--format is table, csv, json or html, not '%s'", arg);
		return 0;
	case OPT_BOM: o->bom = true; return 0;
	case OPT_CONTINUE: o->cont = true; return 0;
	case 'd': o->decode = true; return 0;
	case OPT_WRAP:
		if (parse_wrap(arg, &o->wopts.wrap) < 0)
			return diag_set(d, NULL, 0, 0, "--wrap takes 0 (never) or a column from 10 up, not '%s'", arg);
		return 0;
	case OPT_CRLF: o->wopts.crlf = true; return 0;
	case OPT_MAX_VALUE:
		if (parse_size(arg, &o->lim.max_value) < 0)
			return diag_set(d, NULL, 0, 0, "--max-value takes a size like 64M, not '%s'", arg);
		return 0;
	case OPT_MAX_RECORD:
		if (parse_size(arg, &o->lim.max_record) < 0)
			return diag_set(d, NULL, 0, 0, "--max-record takes a size like 512M, not '%s'", arg);
		return 0;
	case 'q': o->quiet = true; return 0;
	case 'v': o->verbose = true; return 0;
	}
	return diag_set(d, NULL, 0, 0, "invalid option");
}

