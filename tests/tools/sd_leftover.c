/*
 * sd_leftover.c: test driver for the engine's ace test and
 * leftover-permissions (src/engine/engine_ace.c), used by
 * tests/t_sd_samba.sh through tests/sd_oracle.py.
 *
 * Reads lines "HEX SID" (a security descriptor in hex, a SID as S-1-...
 * text) from stdin. For each, an entry holds the SID in
 * msExchMasterAccountSid and the descriptor in both
 * msExchMailboxSecurityDescriptor and nTSecurityDescriptor, and the
 * built-in rule's three leftover-permissions tests run on it (FullAccess or
 * ExternalAccount 0x5 on the mailbox; 0x100 on Send-As; 0x30 on
 * Personal-Information). One line out per line in:
 *   unreadable<TAB>REASON        the descriptor is not one (every test and
 *                                ace condition undecided)
 *   found<TAB>ACES               the ACEs found, in order, as
 *                                m|n:MASK:FLAGS:GUID (m the mailbox test,
 *                                n the directory ones, GUID "-" when the
 *                                ACE has none), joined by spaces; "-" none
 * and, after a tab, whether the warning conditions of the built-in rule
 * hold: "yes", "no" (mailbox test, then the directory tests).
 * Exit status 2 on a line it cannot read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

static const char rules_yaml[] =
    "version: 1\n"
    "rules:\n"
    "  - id: leftover\n"
    "    match: { msExchMasterAccountSid: present }\n"
    "    warn:\n"
    "      - message: mailbox\n"
    "        when:\n"
    "          msExchMailboxSecurityDescriptor:\n"
    "            ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
    "      - message: directory\n"
    "        when:\n"
    "          any:\n"
    "            - nTSecurityDescriptor:\n"
    "                ace: { sid-attr: msExchMasterAccountSid, mask-all: 0x100,\n"
    "                       object-type: ab721a54-1e2f-11d0-9819-00aa0040529b }\n"
    "            - nTSecurityDescriptor:\n"
    "                ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x30,\n"
    "                       object-type: 77b5b886-944a-11d1-aebd-0000f80367c1 }\n"
    "    leftover-permissions:\n"
    "      - msExchMailboxSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x5 }\n"
    "      - nTSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-all: 0x100,\n"
    "                 object-type: ab721a54-1e2f-11d0-9819-00aa0040529b }\n"
    "      - nTSecurityDescriptor:\n"
    "          ace: { sid-attr: msExchMasterAccountSid, mask-any: 0x30,\n"
    "                 object-type: 77b5b886-944a-11d1-aebd-0000f80367c1 }\n";

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
unhex(const char *s, size_t n, struct buf *out)
{
	size_t i;

	if (n % 2 != 0)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf_putc(out, hi << 4 | lo);
	}
	return 0;
}

/* Did the hit get the warning whose message is text? */
static const char *
warned(const struct engine_result *res, const char *text)
{
	size_t i;

	for (i = 0; i < res->nwarnings; i++)
		if (slice_eq(engine_warning_text(res, i), slice_of(text)))
			return "yes";
	return "no";
}

static void
report(const struct engine_result *res, struct buf *out)
{
	const struct engine_hit *h = &res->hits[0];
	size_t i;

	if (h->nunchecked > 0) {
		buf_printf(out, "unreadable\t%s",
		    res->unchecked[h->first_unchecked].reason);
		return;
	}
	buf_puts(out, "found\t");
	for (i = 0; i < h->naces; i++) {
		const struct engine_ace *a = &res->aces[h->first_ace + i];

		buf_printf(out, "%s%c:0x%lx:0x%x:", i ? " " : "",
		    a->attr.p[0] == 'm' ? 'm' : 'n', (unsigned long)a->mask,
		    a->flags);
		if (guid_format(a->object_type, out) < 0)
			buf_putc(out, '-');
	}
	if (h->naces == 0)
		buf_putc(out, '-');
	buf_printf(out, "\t%s\t%s", warned(res, "mailbox"),
	    warned(res, "directory"));
}

int
main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct buf bin = BUF_INIT, out = BUF_INIT;
	unsigned char sid[SID_MAX_BYTES];
	size_t sidlen = 0;
	struct engine_result res;
	struct ruleset rs;
	struct entry e;
	struct diag d;
	int rc = 0;

	rules_init(&rs);
	if (rules_load_mem(&rs, "sd_leftover", (const unsigned char *)rules_yaml,
	    strlen(rules_yaml), NULL, 0, &d) < 0) {
		fprintf(stderr, "sd_leftover: %lu:%lu: %s\n", d.line, d.col,
		    d.msg);
		return 2;
	}
	engine_result_init(&res);
	entry_init(&e);
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *sp;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		sp = strchr(line, ' ');
		buf_reset(&bin);
		buf_reset(&out);
		if (sp == NULL || unhex(line, (size_t)(sp - line), &bin) < 0 ||
		    sid_parse(slice_of(sp + 1), sid, &sidlen) < 0) {
			fprintf(stderr, "sd_leftover: cannot read: %s\n", line);
			rc = 2;
			break;
		}
		entry_reset(&e);
		e.dn = slice_of("CN=x");
		entry_add_value(&e, slice_of("msExchMasterAccountSid"),
		    slice_mem(sid, sidlen));
		entry_add_value(&e, slice_of("msExchMailboxSecurityDescriptor"),
		    buf_slice(&bin));
		/* a copy of its own: each attribute has its own ACEs */
		entry_add_value(&e, slice_of("nTSecurityDescriptor"),
		    entry_intern(&e, bin.p, bin.n));
		if (engine_run(&rs, &e, &res) != 1) {
			fprintf(stderr, "sd_leftover: no hit: %s\n", line);
			rc = 2;
			break;
		}
		report(&res, &out);
		printf("%.*s\n", (int)out.n, (const char *)out.p);
	}
	free(line);
	entry_free(&e);
	engine_result_free(&res);
	rules_free(&rs);
	buf_release(&bin);
	buf_release(&out);
	return rc;
}
