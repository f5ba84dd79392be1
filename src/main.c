/*
 * main.c: the ldfix command line. Finds the command named by the first
 * argument in the command table (cmd/commands.c), parses its options
 * (cmd/options.c) and runs it; the command returns the exit status:
 * 0 success; 1 "something to report" (check: changes pending; apply:
 * records failed); 2 error (usage, unreadable or invalid input, invalid
 * rules, write failure). src/README.md maps the rest of the tree.
 */
#include <stdio.h>
#include <string.h>

#include "base/os.h"
#include "cmd/cli.h"
#include "cmd/commands.h"

int
main(int argc, char **argv)
{
	const struct command *cmd;
	struct opts o;
	int rc;

	os_init(&argc, &argv);
	if (argc < 2) {
		commands_usage(stderr);
		return EXIT_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		commands_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("ldfix %s\n", LDFIX_VERSION);
		return 0;
	}
	if ((cmd = command_find(argv[1])) == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	opts_init(&o, cmd->name, cmd->bit);
	/* getopt sees the command name as argv[0]. */
	switch (opts_parse(&o, argc - 1, argv + 1, cmd->usage)) {
	case OPTS_RUN:
		rc = cmd->run(&o);
		break;
	case OPTS_HELP:
		rc = 0;
		break;
	default:
		rc = EXIT_ERROR;
		break;
	}
	opts_free(&o);
	return rc;
}
