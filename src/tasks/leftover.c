/*
 * leftover.c: the ACEs a hit's leftover-permissions found, named and
 * turned into the cmdlet lines that remove them (see leftover.h).
 */
#include "tasks/leftover.h"

#include <string.h>

#include "base/sd.h"
#include "ldif/display.h"
#include "ldif/ldif.h"

#define MAILBOX_SD "msExchMailboxSecurityDescriptor"
#define NT_SD "nTSecurityDescriptor"

static bool
is_type(struct slice attr, const char *type)
{
	return slice_eq_cstr_ci(ldif_attr_type(attr), type);
}

/* The Exchange grant (sd_ad_rights index) whose GUID ace is limited to,
 * or -1. */
static int
object_right(const struct engine_ace *ace)
{
	int i;

	if (ace->object_type.n != 16)
		return -1;
	for (i = 0; i < SD_AD_RIGHTS; i++)
		if (memcmp(ace->object_type.p, sd_ad_rights[i].guid, 16) == 0)
			return i;
	return -1;
}

static void
add_name(struct leftover_rights *r, const char *name)
{
	if (r->n < LEFTOVER_MAX_RIGHTS)
		r->names[r->n++] = name;
}

void
leftover_rights(const struct engine_ace *ace, struct leftover_rights *r)
{
	bool mailbox = is_type(ace->attr, MAILBOX_SD);
	uint32_t mask = ace->mask;
	int i, obj = object_right(ace);
	const char *name;

	memset(r, 0, sizeof(*r));
	for (i = 0; !mailbox && i < SD_AD_RIGHTS; i++) {
		uint32_t bits = sd_ad_rights[i].mask;

		if ((ace->object_type.n == 0 || obj == i) &&
		    (ace->mask & bits) == bits) {
			add_name(r, sd_ad_rights[i].name);
			if (obj == i)   /* limited to it: nothing else */
				mask &= ~bits;
		}
	}
	for (i = 0; i < 32; i++) {
		uint32_t bit = (uint32_t)1 << i;

		if (!(mask & bit))
			continue;
		name = mailbox ? sd_mailbox_right_name(bit) :
		    sd_ds_right_name(bit);
		if (name != NULL)
			add_name(r, name);
		else
			r->unnamed |= bit;
	}
}

void
leftover_put_rights(struct buf *out, const struct engine_ace *ace,
    const char *sep)
{
	struct leftover_rights r;
	size_t i;

	leftover_rights(ace, &r);
	for (i = 0; i < r.n; i++) {
		if (i > 0)
			buf_puts(out, sep);
		buf_puts(out, r.names[i]);
	}
	if (r.unnamed != 0) {
		if (r.n > 0)
			buf_puts(out, sep);
		buf_put_hex(out, r.unnamed);
	}
}

/* " -Name value" when the cmdlet takes the parameter (value not NULL). */
static void
put_parameter(struct buf *out, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_puts(out, name);
	buf_puts(out, value);
}

/* A SID as display.h shows one. */
static void
put_sid(struct buf *out, struct slice sid)
{
	display_value(out, slice_of("objectSid"), sid, DISPLAY_WHOLE);
}

void
leftover_put_line(struct buf *out, const struct engine_ace *ace)
{
	buf_putslice(out, ace->attr);
	buf_puts(out, ": ");
	put_sid(out, ace->sid);
	buf_putc(out, ' ');
	leftover_put_rights(out, ace, ", ");
	buf_puts(out, " (mask ");
	buf_put_hex(out, ace->mask);
	if (ace->object_type.n == 16 && object_right(ace) < 0) {
		buf_puts(out, ", on ");
		display_value(out, slice_of("objectGUID"), ace->object_type,
		    DISPLAY_WHOLE);
	}
	if (ace->flags & SD_ACE_INHERITED)
		buf_puts(out, ", inherited");
	buf_putc(out, ')');
}

void
leftover_put_unchecked(struct buf *out, const struct engine_unchecked *u)
{
	if (u->reason == NULL)
		buf_puts(out, "not in the export");
	else
		buf_printf(out, "not a valid security descriptor (%s, at "
		    "byte %zu)", u->reason, u->offset);
}

void
leftover_user_argument(struct buf *out, const struct entry *e,
    const struct engine_ace *ace)
{
	(void)e;        /* see leftover.h: the SID, always */
	put_sid(out, ace->sid);
}

/*
 * t, display text (UTF-8, no control character), as a PowerShell
 * single-quoted literal: ' and U+2018..U+201B, which PowerShell reads as
 * single quotes too, doubled. (ps1.c's ps1_put_literal also handles
 * controls; this module cannot call it: ps1 includes this one.)
 */
static void
put_literal(struct buf *out, struct slice t)
{
	const unsigned char *quote, *e2;
	size_t i, run = 0;

	buf_putc(out, '\'');
	/* Most values hold neither byte a quote starts with: find the
	 * next of each at once, not byte by byte. */
	quote = t.n > 0 ? memchr(t.p, '\'', t.n) : NULL;
	e2 = t.n > 0 ? memchr(t.p, 0xE2, t.n) : NULL;
	while (quote != NULL || e2 != NULL) {
		if (e2 == NULL || (quote != NULL && quote < e2)) {
			i = (size_t)(quote - t.p);
			buf_put(out, t.p + run, i + 1 - run);
			run = i;        /* the quote again, doubled */
			quote = memchr(quote + 1, '\'', t.n - i - 1);
			continue;
		}
		i = (size_t)(e2 - t.p);
		if (t.n - i >= 3 && t.p[i + 1] == 0x80 && t.p[i + 2] >= 0x98 &&
		    t.p[i + 2] <= 0x9B) {
			buf_put(out, t.p + run, i + 3 - run);
			run = i;
			i += 2;         /* (no quote among its last two bytes) */
		}
		e2 = memchr(t.p + i + 1, 0xE2, t.n - i - 1);
	}
	buf_put(out, t.p + run, t.n - run);
	buf_putc(out, '\'');
}

/* The -AccessRights names of mask into c; false if a bit has none. */
static bool
access_rights(struct leftover_command *c, uint32_t mask, bool mailbox)
{
	int i;

	c->naccess = 0;
	for (i = 0; i < 32; i++) {
		uint32_t bit = (uint32_t)1 << i;

		if (!(mask & bit))
			continue;
		c->access[c->naccess] = mailbox ? sd_mailbox_right_name(bit) :
		    sd_ds_right_name(bit);
		if (c->access[c->naccess++] == NULL)
			return false;
	}
	return c->naccess > 0;
}

/* The Remove-ADPermission parameters of ace; NULL or why there are none. */
static const char *
ad_parameters(struct leftover_command *c, const struct engine_ace *ace)
{
	int obj = object_right(ace);

	if (ace->object_type.n == 16 && obj < 0)
		return "an object ACE limited to a GUID ldfix has no name "
		    "for: remove it by hand (Get-ADPermission shows it)";
	if (obj == SD_AD_SEND_AS) {
		if (ace->mask != sd_ad_rights[obj].mask)
			return "a Send-As ACE with other rights as well: remove "
			    "it by hand (Get-ADPermission shows it)";
		c->extended_rights = "Send-As";
		return NULL;
	}
	if (!access_rights(c, ace->mask, false))
		return "rights -AccessRights has no name for: remove it by "
		    "hand (Get-ADPermission shows it)";
	if (obj == SD_AD_PERSONAL_INFO)
		c->properties = "Personal-Information";
	return NULL;
}

bool
leftover_command(const struct engine_ace *ace, struct leftover_command *c,
    const char **why)
{
	bool mailbox = is_type(ace->attr, MAILBOX_SD);
	const char *inherit = sd_inheritance_name(ace->flags);

	memset(c, 0, sizeof(*c));
	*why = NULL;
	if (!mailbox && !is_type(ace->attr, NT_SD))
		*why = "no cmdlet removes ACEs of this attribute";
	else if (ace->flags & SD_ACE_INHERITED)
		*why = "inherited: remove it where it is set (the parent "
		    "container or the mailbox database)";
	else if (ace->inherited_object_type.n != 0)
		*why = "limited to an inherited object type: remove it by hand";
	else if (mailbox && !access_rights(c, ace->mask, true))
		*why = "rights -AccessRights has no name for: remove it by "
		    "hand (Get-MailboxPermission shows it)";
	else if (!mailbox)
		*why = ad_parameters(c, ace);
	if (*why != NULL)
		return false;
	c->cmdlet = mailbox ? "Remove-MailboxPermission" :
	    "Remove-ADPermission";
	if (mailbox || strcmp(inherit, "None") != 0)
		c->inheritance = inherit;
	return true;
}

/* What the commands for one entry share: its DN as they quote it, shown
 * once for all its ACEs, and room for the -User argument. */
struct commands {
	const struct entry *e;
	struct buf dn, user;
	int dn_text;            /* 0 not shown yet, 1 plain text, -1 not */
};

static void
commands_init(struct commands *cs, const struct entry *e)
{
	cs->e = e;
	buf_init(&cs->dn);
	buf_init(&cs->user);
	cs->dn_text = 0;
}

static void
commands_release(struct commands *cs)
{
	buf_release(&cs->dn);
	buf_release(&cs->user);
}

static bool
put_command(struct buf *out, struct commands *cs,
    const struct engine_ace *ace, const char **why)
{
	struct leftover_command c;
	size_t i;

	if (!leftover_command(ace, &c, why))
		return false;
	if (cs->dn_text == 0)
		cs->dn_text = display_text(&cs->dn, cs->e->dn, DISPLAY_WHOLE) ==
		    DISPLAY_TEXT ? 1 : -1;
	if (cs->dn_text < 0) {
		*why = "the DN is not plain text: remove it by hand";
		return false;
	}
	buf_reset(&cs->user);
	leftover_user_argument(&cs->user, cs->e, ace);
	buf_puts(out, c.cmdlet);
	buf_puts(out, " -Identity ");
	put_literal(out, buf_slice(&cs->dn));
	buf_puts(out, " -User ");
	put_literal(out, buf_slice(&cs->user));
	for (i = 0; i < c.naccess; i++) {
		buf_puts(out, i ? "," : " -AccessRights ");
		buf_puts(out, c.access[i]);
	}
	put_parameter(out, " -ExtendedRights ", c.extended_rights);
	put_parameter(out, " -Properties ", c.properties);
	put_parameter(out, " -InheritanceType ", c.inheritance);
	return true;
}

bool
leftover_put_command(struct buf *out, const struct entry *e,
    const struct engine_ace *ace, const char **why)
{
	struct commands cs;
	bool done;

	commands_init(&cs, e);
	done = put_command(out, &cs, ace, why);
	commands_release(&cs);
	return done;
}

/* Each hit of res that has leftover-permissions, in order. */
static const struct engine_hit *
next_hit(const struct engine_result *res, size_t *i)
{
	while (res != NULL && *i < res->nhits) {
		const struct engine_hit *h = &res->hits[(*i)++];

		if (h->rule != NULL && h->rule->nleftover > 0)
			return h;
	}
	return NULL;
}

void
leftover_put_comment(struct buf *out, const struct entry *e,
    const struct engine_result *res)
{
	const struct engine_hit *h;
	struct buf cmd = BUF_INIT;
	struct commands cs;
	const char *why;
	size_t i = 0, k;

	commands_init(&cs, e);
	while ((h = next_hit(res, &i)) != NULL) {
		for (k = 0; k < h->naces; k++) {
			const struct engine_ace *a = &res->aces[h->first_ace + k];

			buf_puts(out, "leftover permission: ");
			leftover_put_line(out, a);
			buf_reset(&cmd);
			if (put_command(&cmd, &cs, a, &why)) {
				buf_puts(out, "\nafter the conversion run: ");
				buf_putslice(out, buf_slice(&cmd));
			} else {
				buf_puts(out, "\nremove by hand: ");
				buf_puts(out, why);
			}
			buf_putc(out, '\n');
		}
		for (k = 0; k < h->nunchecked; k++) {
			const struct engine_unchecked *u =
			    &res->unchecked[h->first_unchecked + k];

			buf_puts(out, "leftover permissions not checked: ");
			buf_putslice(out, u->attr);
			buf_puts(out, ": ");
			leftover_put_unchecked(out, u);
			buf_putc(out, '\n');
		}
	}
	buf_release(&cmd);
	commands_release(&cs);
}

void
leftover_put_cells(struct buf *list, struct buf *commands,
    const struct entry *e, const struct engine_result *res)
{
	const struct engine_hit *h;
	struct commands cs;
	const char *why;
	size_t i = 0, k;

	commands_init(&cs, e);
	while ((h = next_hit(res, &i)) != NULL) {
		for (k = 0; k < h->naces; k++) {
			const struct engine_ace *a = &res->aces[h->first_ace + k];

			if (list->n > 0)
				buf_putc(list, '\n');
			leftover_put_line(list, a);
			if (commands->n > 0)
				buf_putc(commands, '\n');
			if (!put_command(commands, &cs, a, &why))
				buf_printf(commands, "(remove by hand: %s)", why);
		}
		for (k = 0; k < h->nunchecked; k++) {
			const struct engine_unchecked *u =
			    &res->unchecked[h->first_unchecked + k];

			if (list->n > 0)
				buf_putc(list, '\n');
			buf_putslice(list, u->attr);
			buf_puts(list, ": not checked: ");
			leftover_put_unchecked(list, u);
		}
	}
	commands_release(&cs);
}
