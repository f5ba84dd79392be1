/*
 * ps1_map.c: which changes the PowerShell plan can make with Exchange
 * cmdlets (see ps1.h): the check of a rule set before anything is read,
 * and the mapping of one entry's diff to its Invoke-LdfixEntry line.
 *
 * Set-User -LinkedMasterAccount $null (Exchange SetUser.ResolveUnlinkedUser)
 * sets msExchMasterAccountSid to nothing, turns msExchRecipientTypeDetails
 * 2 into 1, and, when userAccountControl has ACCOUNTDISABLE (0x2), clears
 * 0x40000000 in msExchRecipientDisplayType if the result is a defined
 * display type. The cmdlet does all of that or nothing, so an entry is
 * written only when the rules changed those three attributes exactly so.
 * Set-User -UserPrincipalName writes userPrincipalName. Nothing else has
 * a cmdlet here: userAccountControl (Enable-ADAccount is the AD module,
 * an LDAP write, and leaves the Exchange attributes), other recipient
 * types (no cmdlet turns a LinkedRoomMailbox into a room), setting a
 * master account (needs the account forest) are refused.
 */
#include "tasks/ps1_impl.h"

#include <string.h>

#include "base/num.h"
#include "base/sid.h"
#include "ldif/display.h"
#include "ldif/ldif.h"

#define RTD "msExchRecipientTypeDetails"
#define SID "msExchMasterAccountSid"
#define RDT "msExchRecipientDisplayType"
#define UAC "userAccountControl"
#define UPN "userPrincipalName"

#define ACLABLE 0x40000000
#define UF_ACCOUNTDISABLE 0x2

/* The display types that lose the ACLable bit for a disabled account: the
 * ones whose value without it is also defined (RecipientDisplayType). */
static const int64_t aclable_types[] = {
	1073741824, 1073741830, 1073741840, -1073741818, -1073740282,
	-1073739514, -1073737722
};

static bool
is_attr(struct slice attr, const char *name)
{
	return slice_eq_cstr_ci(attr, name);
}

/* A template that is exactly the literal text. */
static bool
tmpl_is(const struct tmpl *t, const char *text)
{
	return t->nparts == 1 && t->parts[0].kind == TMPL_TEXT &&
	    slice_eq(t->parts[0].text, slice_of(text));
}

/* Why change c has no cmdlet equivalent, or NULL when it has one. */
static const char *
unmapped_change(const struct change *c)
{
	if (is_attr(c->attr, RTD))
		return c->kind == CHANGE_REPLACE && c->nvals == 1 &&
		    tmpl_is(&c->vals[0], "1") ? NULL :
		    "changes " RTD " other than to 1, and Set-User "
		    "-LinkedMasterAccount $null only turns 2 (LinkedMailbox) "
		    "into 1 (UserMailbox)";
	if (is_attr(c->attr, SID))
		return c->kind == CHANGE_DELETE_ATTR ? NULL :
		    "changes " SID " other than by deleting it as Set-User "
		    "-LinkedMasterAccount $null does";
	if (is_attr(c->attr, RDT))
		return c->kind == CHANGE_CLEAR_BITS && c->bits == ACLABLE ?
		    NULL : "changes " RDT " other than by clearing 0x40000000 "
		    "as Set-User -LinkedMasterAccount $null does";
	if (is_attr(c->attr, UPN))
		return (c->kind == CHANGE_REPLACE ||
		    c->kind == CHANGE_SET_IF_ABSENT) && c->nvals == 1 ? NULL :
		    "changes " UPN " other than by setting one value "
		    "(Set-User -UserPrincipalName)";
	return NULL;
}

static bool
known_attr(struct slice attr)
{
	return is_attr(attr, RTD) || is_attr(attr, SID) || is_attr(attr, RDT) ||
	    is_attr(attr, UPN);
}

int
ps1_check_rules(const struct ruleset *rs, struct diag *d)
{
	static const char tail[] = "--format ps1 refuses this rule set (write "
	    "an LDIF plan, or leave the rule out)";
	size_t i, j;

	for (i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];

		for (j = 0; j < r->nchanges; j++) {
			const struct change *c = &r->changes[j];
			const char *why = unmapped_change(c);

			if (!known_attr(c->attr))
				return diag_set(d, r->file, c->line, c->col,
				    "rule '%s' changes %.*s, which no Exchange "
				    "cmdlet of the PowerShell plan writes: %s",
				    r->id, (int)c->attr.n,
				    (const char *)c->attr.p, tail);
			if (why != NULL)
				return diag_set(d, r->file, c->line, c->col,
				    "rule '%s' %s: %s", r->id, why, tail);
		}
	}
	return 0;
}

/* ---- one entry ---- */

/* The only value of attribute type name as an integer. */
static bool
int_value(const struct entry *e, const char *name, int64_t *out)
{
	const struct entry_attr *a = entry_get(e, slice_of(name));
	struct num v;

	return a != NULL && a->nvals == 1 && num_parse(a->vals[0], 0, &v) ==
	    NUM_OK && num_to_int64(v, out);
}

static size_t
nvalues(const struct entry *e, const char *name)
{
	const struct entry_attr *a = entry_get(e, slice_of(name));

	return a ? a->nvals : 0;
}

/* "(absent)", the integer, or the values as display.h shows them. */
static void
put_attr(struct buf *why, const struct entry *e, const char *name)
{
	const struct entry_attr *a = entry_get(e, slice_of(name));
	size_t i;

	if (a == NULL || a->nvals == 0)
		buf_puts(why, "(absent)");
	for (i = 0; a && i < a->nvals; i++) {
		if (i)
			buf_puts(why, ", ");
		display_value(why, a->name, a->vals[i], DISPLAY_MESSAGE_MAX);
	}
}

/*
 * What Set-User leaves in msExchRecipientDisplayType, one integer before
 * and after: 1 with *value set; 0 when it leaves the attribute as it is
 * (absent, not one integer, or a type it keeps); -1 when that depends on
 * the live account (the export has no userAccountControl).
 */
static int
cmdlet_display_type(const struct entry *before, int64_t *value)
{
	int64_t uac;
	size_t i, n = sizeof(aclable_types) / sizeof(aclable_types[0]);

	if (!int_value(before, RDT, value))
		return 0;
	for (i = 0; i < n && *value != aclable_types[i]; i++)
		continue;
	if (i == n)
		return 0;
	if (!int_value(before, UAC, &uac))
		return -1;
	if (!(uac & UF_ACCOUNTDISABLE))
		return 0;
	*value -= ACLABLE;      /* the bit is set in every listed type */
	return 1;
}

/* The display type the rules left is the cmdlet's (where the cmdlet
 * decides live, what the rules did is shown with a note). changed: the
 * diff changes it. */
static int
check_display_type(const struct entry *before, const struct entry *after,
    bool changed, struct ps1_call *call, struct buf *why)
{
	int64_t want = 0, got;
	int how = cmdlet_display_type(before, &want);

	if (how < 0) {
		call->display_type_live = true;
		return 0;
	}
	if (how == 0 && !changed)
		return 0;
	if (how > 0 && int_value(after, RDT, &got) && got == want)
		return 0;
	buf_puts(why, "the rules make " RDT " ");
	put_attr(why, after, RDT);
	buf_puts(why, ", Set-User -LinkedMasterAccount $null makes it ");
	if (how > 0)
		buf_printf(why, "%lld", (long long)want);
	else
		put_attr(why, before, RDT);
	return -1;
}

/* The three attributes Set-User -LinkedMasterAccount $null changes. */
static int
map_unlink(const struct entry *before, const struct entry *after,
    bool rdt_changed, struct ps1_call *call, struct buf *why)
{
	const struct entry_attr *sid = entry_get(before, slice_of(SID));
	int64_t v;

	if (!int_value(before, RTD, &v) || v != 2) {
		buf_puts(why, RTD " is ");
		put_attr(why, before, RTD);
		buf_puts(why, ", not 2 (LinkedMailbox): the PowerShell plan "
		    "converts linked mailboxes only");
		return -1;
	}
	if (sid != NULL && sid->nvals > 0 && (sid->nvals != 1 ||
	    sid_format(sid->vals[0], &call->master_sid) < 0)) {
		buf_puts(why, SID " is not one valid SID, so the script could "
		    "not check the master account before converting");
		return -1;
	}
	if (!int_value(after, RTD, &v) || v != 1) {
		buf_puts(why, "the rules make " RTD " ");
		put_attr(why, after, RTD);
		buf_puts(why, ", Set-User -LinkedMasterAccount $null makes it 1");
		return -1;
	}
	if (nvalues(after, SID) > 0) {
		buf_puts(why, "the rules keep " SID ", which Set-User "
		    "-LinkedMasterAccount $null deletes");
		return -1;
	}
	call->unlink = true;
	return check_display_type(before, after, rdt_changed, call, why);
}

/* userPrincipalName: from none or one value to one value. */
static int
map_upn(const struct entry *before, const struct entry *after,
    struct ps1_call *call, struct buf *why)
{
	const struct entry_attr *a = entry_get(before, slice_of(UPN));
	const struct entry_attr *b = entry_get(after, slice_of(UPN));

	if ((a && a->nvals > 1) || b == NULL || b->nvals != 1 ||
	    b->vals[0].n == 0) {
		buf_puts(why, "the rules make " UPN " ");
		put_attr(why, after, UPN);
		buf_puts(why, ", but Set-User -UserPrincipalName sets exactly "
		    "one value");
		return -1;
	}
	call->set_upn = true;
	call->old_upn = a && a->nvals ? a->vals[0] : slice_mem("", 0);
	call->new_upn = b->vals[0];
	return 0;
}

int
ps1_map_entry(const struct entry *before, const struct entry *after,
    const struct diff *diff, struct ps1_call *call, struct buf *why)
{
	bool unlink = false, upn = false, rdt = false;
	size_t i;

	buf_reset(why);
	buf_reset(&call->master_sid);
	call->unlink = call->set_upn = call->display_type_live = false;
	call->old_upn = call->new_upn = slice_mem("", 0);
	for (i = 0; i < diff->nchanges; i++) {
		struct slice a = diff->changes[i].attr;

		if (is_attr(a, RTD) || is_attr(a, SID) || is_attr(a, RDT)) {
			unlink = true;
			rdt = rdt || is_attr(a, RDT);
		} else if (is_attr(a, UPN)) {
			upn = true;
		} else {
			buf_puts(why, "the rules change ");
			display_text(why, a, DISPLAY_MESSAGE_MAX);
			buf_puts(why, ", which no Exchange cmdlet of the "
			    "PowerShell plan writes");
			return -1;
		}
	}
	if (unlink && map_unlink(before, after, rdt, call, why) < 0)
		return -1;
	if (upn && map_upn(before, after, call, why) < 0)
		return -1;
	return 0;
}
