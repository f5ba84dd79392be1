/*
 * main.c: the ldfix command line. Parses options, opens files, runs one
 * command and turns its result into messages on stderr and an exit status.
 * This is the only file that prints diagnostics or exits.
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

#include "buf.h"
#include "cat.h"
#include "diag.h"
#include "ldif_reader.h"
#include "ldif_writer.h"
#include "outfile.h"
#include "rules.h"

#define EXIT_FOUND 1
#define EXIT_ERROR 2

static const char usage_text[] =
"usage: ldfix COMMAND [OPTIONS] [INPUT|-]\n"
"\n"
"Find Exchange linked mailboxes (or anything a rule file describes) in an\n"
"LDIF export and write a reviewable change LDIF. Offline: no network, ever.\n"
"\n"
"commands:\n"
"  cat     re-emit LDIF in canonical form (--decode comments SIDs and GUIDs)\n"
"  rules   check or show rule files: ldfix rules check|show [-r FILE]...\n"
"\n"
"Run 'ldfix COMMAND --help' for a command's options, 'man ldfix' for all.\n";

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
	fprintf(stderr, "\nTry 'ldfix %s--help'.\n", cmd ? cmd : "");
	return EXIT_ERROR;
}

/* Parse a non-negative size with an optional k/M/G suffix. */
static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || s[0] == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end || v == 0 || v > (unsigned long long)SIZE_MAX)
		return -1;
	*out = (size_t)v;
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

/* The input side shared by every command that reads LDIF. */
struct input {
	const char *path;
	FILE *fp;
	struct ldif_reader *reader;
};

static int
input_open(struct input *in, const char *path, const struct ldif_limits *lim)
{
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
	in->reader = ldif_reader_new_file(path, in->fp, lim);
	return 0;
}

static void
input_close(struct input *in)
{
	ldif_reader_free(in->reader);
	if (in->fp && in->fp != stdin)
		fclose(in->fp);
	in->fp = NULL;
	in->reader = NULL;
}

enum {
	OPT_CRLF = 256, OPT_WRAP, OPT_MAX_VALUE, OPT_MAX_RECORD, OPT_DECODE,
	OPT_HELP
};

static const char cat_usage[] =
"usage: ldfix cat [--decode] [-o FILE] [--wrap N] [--crlf] [INPUT|-]\n"
"\n"
"Re-emit LDIF as canonical LDIF: entries as content records, change records\n"
"as change records, unsafe values base64, folded at --wrap columns.\n"
"\n"
"  -d, --decode        comment SIDs (S-1-5-...) and GUIDs in readable form\n"
"  -o, --output FILE   write FILE atomically instead of standard output\n"
"      --wrap N        fold lines at N columns (default 76, 0 = never)\n"
"      --crlf          CRLF line ends (for Windows tools)\n"
"      --max-value N   largest value accepted (default 16M)\n"
"      --max-record N  largest record accepted (default 256M)\n";

static int
cmd_cat(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "decode", no_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "wrap", required_argument, NULL, OPT_WRAP },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "max-value", required_argument, NULL, OPT_MAX_VALUE },
		{ "max-record", required_argument, NULL, OPT_MAX_RECORD },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	struct cat_opts copts = { false };
	struct ldif_write_opts wopts = { LDIF_DEFAULT_WRAP, false };
	struct ldif_limits lim = { LDIF_DEFAULT_MAX_VALUE, LDIF_DEFAULT_MAX_RECORD };
	struct cat_stats stats;
	struct input in = { 0 };
	struct outfile out;
	struct ldif_writer *w;
	struct diag d;
	const char *output = NULL, *inputs[1];
	int c, rc;

	while ((c = getopt_long(argc, argv, "do:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			copts.decode = true;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_WRAP:
			if (parse_wrap(optarg, &wopts.wrap) < 0)
				return usage_error("cat ", "--wrap takes 0 (never) or a column from 10 up, not '%s'", optarg);
			break;
		case OPT_CRLF:
			wopts.crlf = true;
			break;
		case OPT_MAX_VALUE:
			if (parse_size(optarg, &lim.max_value) < 0)
				return usage_error("cat ", "--max-value takes a size like 64M, not '%s'", optarg);
			break;
		case OPT_MAX_RECORD:
			if (parse_size(optarg, &lim.max_record) < 0)
				return usage_error("cat ", "--max-record takes a size like 512M, not '%s'", optarg);
			break;
		case OPT_HELP:
			fputs(cat_usage, stdout);
			return 0;
		default:
			return usage_error("cat ", "invalid option");
		}
	}
	if (argc - optind > 1)
		return usage_error("cat ", "cat reads one input, got %d", argc - optind);
	inputs[0] = optind < argc ? argv[optind] : "-";
	diag_clear(&d);
	if (input_open(&in, inputs[0], &lim) < 0)
		return EXIT_ERROR;
	if (outfile_open(&out, output, inputs, 1, &d) < 0) {
		input_close(&in);
		print_diag(&d);
		return EXIT_ERROR;
	}
	w = ldif_writer_new(out.fp, output ? output : "-", &wopts);
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

static const char rules_usage[] =
"usage: ldfix rules check [-r FILE]... [--var K=V]...\n"
"       ldfix rules show  [-r FILE]... [--var K=V]...\n"
"\n"
"check: load and validate the rule files (the built-in rules when no -r).\n"
"show:  print the effective rules as YAML.\n";

/* Options every rule-using command shares: -r FILE and --var K=V. */
struct rule_opts {
	const char **files;
	size_t nfiles;
	struct rule_var *vars;
	size_t nvars;
};

static int
rule_opts_add_var(struct rule_opts *ro, char *kv)
{
	char *eq = strchr(kv, '=');

	if (eq == NULL || eq == kv)
		return -1;
	*eq = '\0';
	ro->vars = xreallocarray(ro->vars, ro->nvars + 1, sizeof(*ro->vars));
	ro->vars[ro->nvars].name = kv;
	ro->vars[ro->nvars].value = eq + 1;
	ro->nvars++;
	return 0;
}

static void
rule_opts_add_file(struct rule_opts *ro, const char *path)
{
	ro->files = xreallocarray(ro->files, ro->nfiles + 1, sizeof(*ro->files));
	ro->files[ro->nfiles++] = path;
}

static void
rule_opts_free(struct rule_opts *ro)
{
	free(ro->files);
	free(ro->vars);
}

static int
load_rules(struct ruleset *rs, const struct rule_opts *ro, struct diag *d)
{
	size_t i;

	rules_init(rs);
	if (ro->nfiles == 0)
		return rules_load_default(rs, ro->vars, ro->nvars, d);
	for (i = 0; i < ro->nfiles; i++)
		if (rules_load_file(rs, ro->files[i], ro->vars, ro->nvars, d) < 0)
			return -1;
	return 0;
}

static int
cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "var", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	struct rule_opts ro = { 0 };
	struct ruleset rs;
	struct diag d;
	const char *action;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "r:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			rule_opts_add_file(&ro, optarg);
			break;
		case 'V':
			if (rule_opts_add_var(&ro, optarg) < 0) {
				rule_opts_free(&ro);
				return usage_error("rules ", "--var takes NAME=VALUE, not '%s'", optarg);
			}
			break;
		case OPT_HELP:
			fputs(rules_usage, stdout);
			rule_opts_free(&ro);
			return 0;
		default:
			rule_opts_free(&ro);
			return usage_error("rules ", "invalid option");
		}
	}
	if (optind >= argc || argc - optind > 1 ||
	    (strcmp(argv[optind], "check") != 0 &&
	    strcmp(argv[optind], "show") != 0)) {
		rule_opts_free(&ro);
		return usage_error("rules ", "say 'rules check' or 'rules show'");
	}
	action = argv[optind];
	diag_clear(&d);
	if (load_rules(&rs, &ro, &d) < 0) {
		print_diag(&d);
		rc = EXIT_ERROR;
	} else if (strcmp(action, "show") == 0) {
		rules_show(stdout, &rs);
		if (fflush(stdout) != 0) {
			warnx_("cannot write standard output: %s", strerror(errno));
			rc = EXIT_ERROR;
		}
	} else {
		fprintf(stderr, "ldfix: %zu rule%s OK in %zu file%s\n", rs.nrules,
		    rs.nrules == 1 ? "" : "s", rs.nfiles, rs.nfiles == 1 ? "" : "s");
	}
	rules_free(&rs);
	rule_opts_free(&ro);
	return rc;
}

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "cat", cmd_cat },
	{ "rules", cmd_rules },
};

int
main(int argc, char **argv)
{
	size_t i;

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
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			/* getopt_long sees the command as argv[0]. */
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	return usage_error(NULL, "unknown command '%s'", argv[1]);
}
