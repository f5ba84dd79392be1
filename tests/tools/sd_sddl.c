/*
 * sd_sddl.c: test driver for src/base/sd.c, used by tests/t_sd_samba.sh.
 *
 * Reads lines "HEX" or "HEX SID" (a security descriptor in hex, and a SID
 * as S-1-... text) from stdin and writes one line for each:
 *   error<TAB>OFFSET<TAB>REASON            the descriptor is refused
 *   sddl<TAB>SDDL                          without a SID
 *   sddl<TAB>SDDL<TAB>MAILBOX<TAB>AD       with one: the MailboxRights the
 *       DACL grants the SID on the object as a whole (names joined by ',',
 *       unnamed bits as +0x...), and the nTSecurityDescriptor rights of
 *       sd_ad_rights[] it grants ("-" for none).
 * Exit status 2 on a line it cannot read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "base/sid.h"

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

int
main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct buf bin = BUF_INIT, out = BUF_INIT;
	unsigned char sid[SID_MAX_BYTES];
	size_t sidlen = 0;

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
