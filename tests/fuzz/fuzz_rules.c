/*
 * fuzz_rules.c: libFuzzer harness for the rule loader. Any input must load
 * or fail with a diagnostic that is one printable line with a position
 * inside the input; never crash, leak or read out of bounds. When it loads,
 * rules_show's output must reload to rules that show as the same text (the
 * fixpoint the loader promises).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *
show(const struct ruleset *rs, size_t *n)
{
	char *s = NULL;
	FILE *fp = open_memstream(&s, n);

	if (fp == NULL)
		abort();
	rules_show(fp, rs);
	if (fclose(fp) != 0)
		abort();
	return s;
}

static void
check_diag(const struct diag *d, const uint8_t *data, size_t size)
{
	size_t i, lines = 1;

	if (d->msg[0] == '\0' || strcmp(d->file, "fuzz.yaml") != 0)
		abort();
	for (i = 0; d->msg[i] != '\0'; i++)
		if ((unsigned char)d->msg[i] < 0x20 || d->msg[i] == 0x7f)
			abort();        /* a rule file injected a control byte */
	for (i = 0; i < size; i++)
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	if (d->line > lines + 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Fresh each run: the loader marks the variables it uses. */
	struct rule_var vars[] = {
		{ "upn_suffix", "contoso.com", false }, { "x", "{y}", false },
	};
	struct ruleset rs, again;
	struct diag d;
	char *s1, *s2;
	size_t n1, n2;

	rules_init(&rs);
	diag_clear(&d);
	if (rules_load_mem(&rs, "fuzz.yaml", data, size, vars, 2, &d) != 0) {
		check_diag(&d, data, size);
		rules_free(&rs);
		return 0;
	}
	s1 = show(&rs, &n1);
	rules_init(&again);
	diag_clear(&d);
	if (rules_load_mem(&again, "shown.yaml", (const unsigned char *)s1, n1,
	    NULL, 0, &d) != 0) {
		fprintf(stderr, "show output does not reload: %lu:%lu: %s\n%s",
		    d.line, d.col, d.msg, s1);
		abort();
	}
	s2 = show(&again, &n2);
	if (n1 != n2 || memcmp(s1, s2, n1) != 0) {
		fprintf(stderr, "show is not a fixpoint:\n%s\n---\n%s", s1, s2);
		abort();
	}
	free(s1);
	free(s2);
	rules_free(&again);
	rules_free(&rs);
	return 0;
}
