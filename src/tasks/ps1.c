/*
 * ps1.c: the PowerShell plan's text: header, literals, comments, one
 * command per entry (see ps1.h). Which command an entry gets is decided
 * in ps1_map.c; the fixed PowerShell is in ps1_script.c.
 */
#include "tasks/ps1_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ldif/display.h"
#include "tasks/leftover.h"

struct ps1_writer {
	FILE *fp;
	char *name;             /* for messages */
	char *input_name;       /* what refusals name */
	struct buf out;         /* one block, handed to fp whole */
	struct buf text;        /* comment text */
	struct buf lit;         /* literals */
	struct buf why;
	struct ps1_call call;
	int err;                /* sticky write error (errno) */
	bool refused;           /* an entry had no cmdlet equivalent */
	struct diag refusal;
};

/* ---- text ---- */

static void
eol(struct buf *b)
{
	buf_puts(b, "\r\n");
}

/* The character at p is one a literal or comment never holds raw: a C0
 * control, DEL, a C1 control, U+2028/U+2029 or a bidi control. Sets *len
 * to its length (a byte that is not UTF-8: 0). */
static bool
unsafe_char(const unsigned char *p, size_t n, size_t *len, unsigned long *cp)
{
	if (p[0] < 0x80) {
		*len = 1;
		*cp = p[0];
		return p[0] < 0x20 || p[0] == 0x7f;
	}
	*len = utf8_decode(p, n, cp);
	return *len == 0 || utf8_screen_control_len(p, *len) != 0;
}

/* U+0027 and the typographic single quotes PowerShell also reads as
 * quotes: U+2018, U+2019, U+201A, U+201B. */
static bool
single_quote(unsigned long cp)
{
	return cp == 0x27 || (cp >= 0x2018 && cp <= 0x201b);
}

int
ps1_put_literal(struct buf *out, struct slice v)
{
	size_t i, len;
	unsigned long cp;
	bool in_quote = false, any = false, split = false;

	if (!utf8_valid(v))
		return -1;
	for (i = 0; i < v.n; i += len)
		if (unsafe_char(v.p + i, v.n - i, &len, &cp))
			split = true;
	if (split)
		buf_putc(out, '(');
	for (i = 0; i < v.n; i += len) {
		if (unsafe_char(v.p + i, v.n - i, &len, &cp)) {
			if (in_quote)
				buf_putc(out, '\'');
			/* A string first: [char] + [string] is no join. */
			buf_puts(out, any ? " + " : "'' + ");
			buf_printf(out, "[char]0x%04lX", cp);
			in_quote = false;
			any = true;
			continue;
		}
		if (!in_quote) {
			buf_puts(out, any ? " + '" : "'");
			in_quote = true;
			any = true;
		}
		buf_put(out, v.p + i, len);
		if (single_quote(cp))
			buf_put(out, v.p + i, len);
	}
	if (!any)
		buf_puts(out, "''");
	else if (in_quote)
		buf_putc(out, '\'');
	if (split)
		buf_putc(out, ')');
	return 0;
}

/*
 * A comment: each line of text as "# " and the line (lines: when one is
 * false, a line break in text is not one: the comment is one line). Text
 * a comment could not hold (a control character, U+2028, a bidi control,
 * a byte that is not UTF-8) is written \xNN, byte by byte, as the LDIF
 * writer does; a line comment ends only at a line end, so nothing else
 * can end it.
 */
static void
put_comment(struct buf *b, struct slice text, bool lines)
{
	size_t i = 0, len, start;
	unsigned long cp;

	for (;;) {
		start = b->n;
		buf_puts(b, "# ");
		while (i < text.n && !(lines && text.p[i] == '\n')) {
			if (!unsafe_char(text.p + i, text.n - i, &len, &cp)) {
				buf_put(b, text.p + i, len);
				i += len;
				continue;
			}
			for (len = len ? len : 1; len > 0; len--, i++)
				buf_printf(b, "\\x%02x", text.p[i]);
		}
		while (b->n > start + 1 && b->p[b->n - 1] == ' ')
			b->n--;
		eol(b);
		if (i >= text.n)
			return;
		i++;
	}
}

/* A comment of one line, printf style. */
static void
put_commentf(struct buf *b, struct buf *scratch, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
put_commentf(struct buf *b, struct buf *scratch, const char *fmt, ...)
{
	va_list ap;

	buf_reset(scratch);
	va_start(ap, fmt);
	buf_vprintf(scratch, fmt, ap);
	va_end(ap);
	put_comment(b, buf_slice(scratch), false);
}

static void
put_lines(struct buf *b, const char *const *lines)
{
	for (; *lines; lines++) {
		buf_puts(b, *lines);
		eol(b);
	}
}

/* Hand the block to the stream. */
static void
emit(struct ps1_writer *w)
{
	if (w->out.n > 0 && w->err == 0) {
		errno = 0;
		if (fwrite(w->out.p, 1, w->out.n, w->fp) != w->out.n)
			w->err = errno ? errno : EIO;
	}
	buf_reset(&w->out);
}

/* ---- the writer ---- */

struct ps1_writer *
ps1_new(FILE *fp, const char *name, const char *input_name)
{
	struct ps1_writer *w = xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->name = xstrdup(name && strcmp(name, "-") != 0 ? name :
	    "standard output");
	w->input_name = xstrdup(input_name ? input_name : "-");
	buf_init(&w->out);
	buf_init(&w->text);
	buf_init(&w->lit);
	buf_init(&w->why);
	buf_init(&w->call.master_sid);
	return w;
}

int
ps1_write_head(FILE *head, const struct changefile_header *h, bool comments)
{
	struct buf out = BUF_INIT, text = BUF_INIT, files = BUF_INIT;
	size_t i;
	int rc = 0;

	buf_puts(&out, "\xef\xbb\xbf");        /* UTF-8 BOM */
	if (comments) {
		put_commentf(&out, &text, "ldfix %s PowerShell plan: "
		    "Exchange cmdlets for the changes below",
		    h->version ? h->version : "");
		if (h->input_name)
			put_commentf(&out, &text, "input: %s", h->input_name);
		if (h->input_sha256)
			put_commentf(&out, &text, "input sha256: %s",
			    h->input_sha256);
		for (i = 0; h->rs && i < h->rs->nfiles; i++)
			buf_printf(&files, "%s%s", i ? ", " : "",
			    h->rs->files[i]);
		if (h->rs && h->rs->nfiles)
			put_commentf(&out, &text, "rules: %s",
			    (const char *)files.p);
		if (h->rules_sha256)
			put_commentf(&out, &text, "rules sha256: %s",
			    h->rules_sha256);
		for (i = 0; i < h->naccounts; i++)
			put_commentf(&out, &text, "accounts: %s sha256 %s",
			    h->accounts[i], h->accounts_sha256[i]);
		put_commentf(&out, &text, "mode: one Set-User per entry, "
		    "after a check that the entry still is as exported; a dry "
		    "run (-WhatIf) unless the script runs with -Apply");
		if (h->options && h->options[0])
			put_commentf(&out, &text, "options: %s", h->options);
	}
	put_lines(&out, ps1_preamble);
	errno = 0;
	if (fwrite(out.p, 1, out.n, head) != out.n)
		rc = -1;
	buf_release(&out);
	buf_release(&text);
	buf_release(&files);
	return rc;
}

/* A literal parameter: " -Name <literal>". The value is UTF-8 (checked). */
static void
put_param(struct ps1_writer *w, const char *name, struct slice v)
{
	buf_printf(&w->out, " -%s ", name);
	(void)ps1_put_literal(&w->out, v);
}

/* " -Show <literal>" when the DN as display.h shows it differs from the
 * DN (Write-Host must not print its controls raw). */
static void
put_show(struct ps1_writer *w, struct slice dn)
{
	buf_reset(&w->lit);
	display_text(&w->lit, dn, DISPLAY_WHOLE);
	if (!slice_eq(buf_slice(&w->lit), dn))
		put_param(w, "Show", buf_slice(&w->lit));
}

/*
 * The opt-in cleanup (issue 12): after the entry's line, one
 * Invoke-LdfixCleanup line per ACE the hits' leftover-permissions found
 * that a cmdlet removes exactly (leftover.h), which the script runs only
 * with -RemoveLeftover and only when it converted the entry. An ACE that
 * must be removed by hand is in the entry's comment, with why.
 */
static void
put_extra_steps(struct ps1_writer *w, const struct entry *before,
    const struct engine_result *res)
{
	struct leftover_command c;
	const char *why;
	size_t i, k, j;

	for (i = 0; res && i < res->nhits; i++) {
		const struct engine_hit *h = &res->hits[i];

		for (k = 0; k < h->naces; k++) {
			const struct engine_ace *a = &res->aces[h->first_ace + k];

			if (!leftover_command(a, &c, &why))
				continue;
			buf_puts(&w->out, "Invoke-LdfixCleanup");
			put_param(w, "Dn", before->dn);
			put_show(w, before->dn);
			put_param(w, "Cmdlet", slice_of(c.cmdlet));
			buf_reset(&w->lit);
			leftover_user_argument(&w->lit, before, a);
			put_param(w, "User", buf_slice(&w->lit));
			buf_reset(&w->lit);
			for (j = 0; j < c.naccess; j++)
				buf_printf(&w->lit, "%s%s", j ? "," : "",
				    c.access[j]);
			if (c.naccess > 0)
				put_param(w, "AccessRights", buf_slice(&w->lit));
			if (c.extended_rights != NULL)
				put_param(w, "ExtendedRights",
				    slice_of(c.extended_rights));
			if (c.properties != NULL)
				put_param(w, "Properties", slice_of(c.properties));
			if (c.inheritance != NULL)
				put_param(w, "InheritanceType",
				    slice_of(c.inheritance));
			eol(&w->out);
		}
	}
}

/* Refuse the entry: the writer fails, nothing more is written. */
static int
refuse(struct ps1_writer *w, const struct entry *before,
    const struct engine_result *res, const char *why)
{
	struct buf dn = BUF_INIT, rules = BUF_INIT;
	size_t i;

	display_text(&dn, before->dn, DISPLAY_MESSAGE_MAX);
	for (i = 0; res && i < res->nhits; i++)
		if (res->hits[i].rule && res->hits[i].changes_applied > 0)
			buf_printf(&rules, "%s%s", rules.n ? ", " : "",
			    res->hits[i].rule->id);
	diag_set(&w->refusal, w->input_name, before->line, 0, "entry '%s': "
	    "%s (rules: %s): --format ps1 cannot write this entry (leave it "
	    "out with --exclude, or write an LDIF plan)", (const char *)dn.p,
	    why, rules.n ? (const char *)rules.p : "none");
	w->refused = true;
	buf_release(&dn);
	buf_release(&rules);
	buf_reset(&w->out);
	return -1;
}

int
ps1_write_entry(struct ps1_writer *w, const struct entry *before,
    const struct entry *after, const struct diff *diff,
    const struct engine_result *res, const struct engine_owner *owner,
    bool comments)
{
	struct ps1_call *c = &w->call;

	if (w->refused)
		return -1;
	if (ps1_map_entry(before, after, diff, c, &w->why) < 0)
		return refuse(w, before, res, (const char *)w->why.p);
	if (before->dn.n == 0 || !utf8_valid(before->dn))
		return refuse(w, before, res, "the DN is empty or not UTF-8 "
		    "text, which a PowerShell string cannot hold");
	if (c->set_upn && (!utf8_valid(c->new_upn) || !utf8_valid(c->old_upn)))
		return refuse(w, before, res, "userPrincipalName is not UTF-8 "
		    "text, which a PowerShell string cannot hold");
	eol(&w->out);
	if (comments) {
		changefile_comment_text(&w->text, before, res, owner, diff,
		    false);
		put_comment(&w->out, buf_slice(&w->text), true);
		if (c->display_type_live)
			put_comment(&w->out, slice_of("note: the export has no "
			    "userAccountControl: Set-User clears the ACLable "
			    "bit 0x40000000 of msExchRecipientDisplayType if the "
			    "account is disabled, and only then"), false);
	}
	buf_puts(&w->out, "Invoke-LdfixEntry");
	put_param(w, "Dn", before->dn);
	put_show(w, before->dn);
	if (c->unlink) {
		buf_puts(&w->out, " -Unlink");
		put_param(w, "MasterSid", buf_slice(&c->master_sid));
	}
	if (c->set_upn) {
		put_param(w, "NewUpn", c->new_upn);
		put_param(w, "OldUpn", c->old_upn);
	}
	eol(&w->out);
	put_extra_steps(w, before, res);
	emit(w);
	return 0;
}

int
ps1_status(const struct ps1_writer *w, struct diag *d)
{
	if (!w->refused)
		return 0;
	*d = w->refusal;
	return -1;
}

int
ps1_close(struct ps1_writer *w, struct diag *d)
{
	int rc = 0;

	if (!w->refused) {
		put_lines(&w->out, ps1_trailer);
		emit(w);
	}
	if (w->err == 0 && fflush(w->fp) != 0)
		w->err = errno ? errno : EIO;
	if (w->refused) {
		if (d)
			*d = w->refusal;
		rc = -1;
	} else if (w->err != 0) {
		if (d)
			diag_set(d, w->name, 0, 0, "cannot write the "
			    "PowerShell plan: %s", strerror(w->err));
		rc = -1;
	}
	buf_release(&w->out);
	buf_release(&w->text);
	buf_release(&w->lit);
	buf_release(&w->why);
	buf_release(&w->call.master_sid);
	free(w->name);
	free(w->input_name);
	free(w);
	return rc;
}
