/*
 * sd_sddl.c: test driver for src/base/sd.c and the engine's ace tests,
 * used by tests/t_sd_samba.sh.
 *
 * Reads lines "HEX" or "HEX SID" (a security descriptor in hex, and a SID
 * as S-1-... text) from stdin and writes one line for each:
 *   error<TAB>OFFSET<TAB>REASON            the descriptor is refused
 *   sddl<TAB>SDDL                          without a SID
 *   sddl<TAB>SDDL<TAB>MAILBOX<TAB>AD       with one: the MailboxRights the
 *       DACL grants the SID on the object as a whole (names joined by ',',
 *       unnamed bits as +0x...), and the nTSecurityDescriptor rights of
 *       sd_ad_rights[] it grants ("-" for none).
 *
 * With the argument --leftover, the lines are "HEX SID" and the answer is
 * the engine's (src/engine/engine_ace.c): an entry holds the SID in
 * msExchMasterAccountSid and the descriptor in both
 * msExchMailboxSecurityDescriptor and nTSecurityDescriptor, and the
 * built-in rule's three leftover-permissions tests run on it (FullAccess
 * or ExternalAccount 0x5 on the mailbox; 0x100 on Send-As; 0x30 on
 * Personal-Information). One line each:
 *   unreadable<TAB>REASON        the descriptor is not one (every test and
 *                                ace condition undecided)
 *   found<TAB>ACES<TAB>M<TAB>D   the ACEs found, in order, as
 *                                m|n:MASK:FLAGS:GUID (m the mailbox test,
 *                                n the directory ones, GUID "-" when the
 *                                ACE has none), joined by spaces ("-":
 *                                none); then whether the built-in rule's
 *                                warning conditions hold, yes or no
 *                                (mailbox, then directory)
 * Exit status 2 on a line it cannot read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/num.h"
#include "base/sd.h"
#include "base/sid.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

static int
unhex(const char *s, size_t n, struct buf *out)
{
	size_t i;

	if (n % 2 != 0)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = num_hex_digit(s[i]), lo = num_hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf_putc(out, hi << 4 | lo);
	}
	return 0;
}

/* The rights columns for sid. */
static void
put_rights(struct buf *out, struct slice bin, struct slice sid)
{
	struct sd sd;
	struct sd_error err;
	struct sd_ace_iter it;
	struct sd_ace ace;
	uint32_t mask = 0, rest;
	unsigned ad = 0;
	size_t i, before;

	if (sd_parse(bin, &sd, &err) < 0)
		return;
	sd_ace_iter_init(&it, &sd, &sd.dacl);
	while (sd_ace_next(&it, &ace)) {
		if (sd_ace_grants(&ace, sid, 0, slice_mem("", 0)))
			mask |= ace.mask;
		ad |= sd_ad_rights_granted(&ace, sid);
	}
	buf_putc(out, '\t');
	before = out->n;
	rest = sd_mailbox_rights(mask, ",", out);
	if (rest != 0)
		buf_printf(out, "+0x%lx", (unsigned long)rest);
	if (out->n == before)
		buf_putc(out, '-');
	buf_putc(out, '\t');
	before = out->n;
	for (i = 0; i < SD_AD_RIGHTS; i++)
		if (ad & 1u << i) {
			if (out->n > before)
				buf_putc(out, ',');
			buf_puts(out, sd_ad_rights[i].name);
		}
	if (out->n == before)
		buf_putc(out, '-');
}

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

/* --leftover: each "HEX SID" line through the rules. */
static int
run_leftover(void)
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
	if (rules_load_mem(&rs, "sd_sddl", (const unsigned char *)rules_yaml,
	    strlen(rules_yaml), NULL, 0, &d) < 0) {
		fprintf(stderr, "sd_sddl: %lu:%lu: %s\n", d.line, d.col, d.msg);
		return 2;
	}
	engine_result_init(&res);
	entry_init(&e);
	while (rc == 0 && (len = getline(&line, &cap, stdin)) > 0) {
		char *sp;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		sp = strchr(line, ' ');
		buf_reset(&bin);
		buf_reset(&out);
		if (sp == NULL || unhex(line, (size_t)(sp - line), &bin) < 0 ||
		    sid_parse(slice_of(sp + 1), sid, &sidlen) < 0) {
			fprintf(stderr, "sd_sddl: cannot read: %s\n", line);
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
			fprintf(stderr, "sd_sddl: no hit: %s\n", line);
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

int
main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct buf bin = BUF_INIT, out = BUF_INIT;
	unsigned char sid[SID_MAX_BYTES];
	size_t sidlen = 0;

	if (argc == 2 && strcmp(argv[1], "--leftover") == 0)
		return run_leftover();
	while ((len = getline(&line, &cap, stdin)) > 0) {
		char *sp;
		struct sd_error err;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		sp = strchr(line, ' ');
		buf_reset(&bin);
		buf_reset(&out);
		if (unhex(line, sp ? (size_t)(sp - line) : (size_t)len,
		    &bin) < 0 || (sp != NULL &&
		    sid_parse(slice_of(sp + 1), sid, &sidlen) < 0)) {
			fprintf(stderr, "sd_sddl: cannot read: %s\n", line);
			return 2;
		}
		if (sd_to_sddl(buf_slice(&bin), &out, &err) < 0) {
			printf("error\t%zu\t%s\n", err.offset, err.reason);
			continue;
		}
		if (sp != NULL)
			put_rights(&out, buf_slice(&bin),
			    slice_mem(sid, sidlen));
		printf("sddl\t%.*s\n", (int)out.n, (const char *)out.p);
	}
	free(line);
	buf_release(&bin);
	buf_release(&out);
	return 0;
}
