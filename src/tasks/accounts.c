/*
 * accounts.c: the owners of linked mailboxes, joined from the account
 * forests' exports (see accounts.h).
 */
#include "tasks/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "base/num.h"
#include "ldif/display.h"

#define OBJECT_SID "objectSid"
#define SID_HISTORY "sIDHistory"
#define UAC "userAccountControl"
#define ADMIN_RID 500u

void
accounts_init(struct accounts *a, const struct ruleset *rs)
{
	size_t i, j, k, cap = 0;

	memset(a, 0, sizeof(*a));
	hash_init(&a->sid_index);
	hash_init(&a->domain_index);
	arena_init(&a->store);
	entry_init(&a->tmp);
	buf_init(&a->scratch);
	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nmaster_reads; j++) {
			struct slice n = rs->rules[i].master_reads[j];

			for (k = 0; k < a->nattrs; k++)
				if (slice_eq_ci(a->attrs[k], n))
					break;
			if (k < a->nattrs)
				continue;
			grow_array(&a->attrs, &cap, a->nattrs + 1,
			    sizeof(*a->attrs));
			a->attrs[a->nattrs++] = n;
		}
	a->carried = xcalloc(a->nattrs ? a->nattrs : 1, sizeof(*a->carried));
}

void
accounts_free(struct accounts *a)
{
	size_t i;

	for (i = 0; i < a->naccts; i++)
		entry_free(&a->accts[i].e);
	free(a->accts);
	free(a->sids);
	free(a->domains);
	free(a->files);
	free(a->attrs);
	free(a->carried);
	hash_free(&a->sid_index);
	hash_free(&a->domain_index);
	arena_free(&a->store);
	entry_free(&a->tmp);
	buf_release(&a->scratch);
	memset(a, 0, sizeof(*a));
}

/* The first value of attr, or an empty slice. */
static struct slice
first(const struct entry *e, const char *attr)
{
	const struct entry_attr *at = entry_get(e, slice_of(attr));

	return at != NULL && at->nvals > 0 ? at->vals[0] : slice_mem("", 0);
}

/* The same for the attributes read from every entry: by id. */
static struct slice
first_of(const struct entry *e, const char *attr,
    _Atomic uint32_t *memo)
{
	const struct entry_attr *at = entry_get_id(e,
	    ldif_name_memo(memo, attr), slice_of(attr));

	return at != NULL && at->nvals > 0 ? at->vals[0] : slice_mem("", 0);
}

static _Atomic uint32_t master_id, sid_id, history_id;   /* ldif_name_memo */

/* The objectSid and sIDHistory of an entry, by id. */
static const struct entry_attr *
sids_of(const struct entry *e, bool history)
{
	return history ? entry_get_id(e, ldif_name_memo(&history_id,
	    SID_HISTORY), slice_of(SID_HISTORY)) : entry_get_id(e,
	    ldif_name_memo(&sid_id, OBJECT_SID), slice_of(OBJECT_SID));
}

/* A SID that is a domain's (S-1-5-21-a-b-c-RID): it has a domain part. */
static bool
has_domain(struct slice sid)
{
	return sid_valid(sid) && sid.p[1] >= 2;
}

/* The domain part of a SID with one (has_domain): all but the RID. */
static size_t
domain_of(struct slice sid, unsigned char dom[SID_MAX_BYTES])
{
	memcpy(dom, sid.p, sid.n - 4);
	dom[1] = (unsigned char)(sid.p[1] - 1);
	return sid.n - 4;
}

/* The last sub-authority of a SID with a domain part. */
static unsigned long
rid_of(struct slice sid)
{
	const unsigned char *p = sid.p + sid.n - 4;

	return (unsigned long)p[0] | (unsigned long)p[1] << 8 |
	    (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/*
 * Could an account of another domain hold master SID m of an entry whose
 * objectSid is own? Not SELF, NULL or another well-known SID without a
 * domain, nor the entry's own SID or a SID of its domain.
 */
static bool
looked_for(struct slice m, struct slice own)
{
	return has_domain(m) && !(sid_valid(own) && (slice_eq(m, own) ||
	    sid_same_domain(m, own)));
}

static bool
sid_at(const void *ctx, size_t idx, const void *key)
{
	const struct accounts *a = ctx;
	const struct slice *k = key;

	return a->sids[idx].n == k->n &&
	    memcmp(a->sids[idx].sid, k->p, k->n) == 0;
}

static size_t
sid_find(const struct accounts *a, struct slice sid)
{
	return hash_find(&a->sid_index, hash_bytes(sid.p, sid.n), sid_at, a,
	    &sid);
}

/* Remember a master SID to look for (once). */
static void
note_sid(struct accounts *a, struct slice sid)
{
	struct accounts_sid *s;

	if (sid_find(a, sid) != HASH_NONE)
		return;
	grow_array(&a->sids, &a->sids_cap, a->nsids + 1, sizeof(*a->sids));
	s = &a->sids[a->nsids];
	memcpy(s->sid, sid.p, sid.n);
	s->n = sid.n;
	s->account = -1;
	s->via_history = false;
	hash_put(&a->sid_index, hash_bytes(sid.p, sid.n), a->nsids);
	a->nsids++;
}

int
accounts_scan(struct accounts *a, struct ldif_reader *r, struct diag *d)
{
	static const struct slice values[] = {
		{ (const unsigned char *)ACCOUNTS_MASTER_ATTR,
		    sizeof(ACCOUNTS_MASTER_ATTR) - 1 },
		{ (const unsigned char *)OBJECT_SID, sizeof(OBJECT_SID) - 1 },
	};
	const struct ldif_skim skim = { values, 2, NULL, 0, false };
	const struct ldif_record *rec;
	struct slice m;
	int rc;

	/* Only the two SIDs of each entry: partial records do. */
	ldif_reader_skim(r, &skim);
	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		if (rec->kind != LDIF_ENTRY)
			continue;
		entry_load(&a->tmp, rec);
		m = first_of(&a->tmp, ACCOUNTS_MASTER_ATTR, &master_id);
		if (looked_for(m, first_of(&a->tmp, OBJECT_SID, &sid_id)))
			note_sid(a, m);
	}
	entry_reset(&a->tmp);
	return rc < 0 ? -1 : 0;
}

/* ---- domains ---- */

/* The key of a domain record: its SID bytes and its file. */
struct domain_key {
	struct slice sid;
	size_t file;
};

static bool
domain_at(const void *ctx, size_t idx, const void *key)
{
	const struct accounts *a = ctx;
	const struct domain_key *k = key;

	return a->domains[idx].file == k->file &&
	    a->domains[idx].n == k->sid.n &&
	    memcmp(a->domains[idx].sid, k->sid.p, k->sid.n) == 0;
}

static uint64_t
domain_hash(const struct domain_key *k)
{
	return hash_mix(hash_bytes(k->sid.p, k->sid.n), k->file);
}

/* dn_each_ava: the DC= values, joined by dots, into a buf. */
static void
put_dc(void *ctx, size_t rdn, struct slice type, struct slice value)
{
	struct buf *out = ctx;

	(void)rdn;
	if (!slice_eq_cstr_ci(type, "dc"))
		return;
	if (out->n > 0)
		buf_putc(out, '.');
	buf_putslice(out, value);
}

/* The DNS domain a DN spells in its DC= parts, copied into the store
 * (empty when it has none or is not a DN). */
static struct slice
dns_of(struct accounts *a, struct slice dn)
{
	buf_reset(&a->scratch);
	if (dn_each_ava(dn, put_dc, &a->scratch) < 0)
		buf_reset(&a->scratch);
	return slice_mem(arena_copy(&a->store, a->scratch.p, a->scratch.n),
	    a->scratch.n);
}

/* Count an account of file whose objectSid is sid (with a domain). */
static void
note_domain(struct accounts *a, size_t file, struct slice sid,
    struct slice dn)
{
	unsigned char dom[SID_MAX_BYTES];
	struct domain_key k;
	struct accounts_domain *ad;
	size_t i;

	k.sid = slice_mem(dom, domain_of(sid, dom));
	k.file = file;
	i = hash_find(&a->domain_index, domain_hash(&k), domain_at, a, &k);
	if (i == HASH_NONE) {
		grow_array(&a->domains, &a->domains_cap, a->ndomains + 1,
		    sizeof(*a->domains));
		i = a->ndomains++;
		ad = &a->domains[i];
		memset(ad, 0, sizeof(*ad));
		memcpy(ad->sid, dom, k.sid.n);
		ad->n = k.sid.n;
		ad->file = file;
		ad->dns = dns_of(a, dn);
		hash_put(&a->domain_index, domain_hash(&k), i);
	}
	ad = &a->domains[i];
	ad->accounts++;
	if (rid_of(sid) == ADMIN_RID)
		ad->admin = true;
}

const char *
accounts_covering(const struct accounts *a, struct slice domain)
{
	size_t i;

	for (i = 0; i < a->ndomains; i++)
		if (a->domains[i].admin && a->domains[i].n == domain.n &&
		    memcmp(a->domains[i].sid, domain.p, domain.n) == 0)
			return a->files[a->domains[i].file].name;
	return NULL;
}

/* ---- accounts ---- */

/* DOMAIN\sAMAccountName of a kept account (empty without a name). */
static struct slice
owner_name(struct accounts *a, const struct entry *e)
{
	struct slice sam = first(e, "sAMAccountName"), dns, sid;
	struct buf *b = &a->scratch;

	if (sam.n == 0)
		return slice_mem("", 0);
	dns = dns_of(a, e->dn);
	buf_reset(b);
	if (dns.n > 0) {
		buf_putslice(b, dns);
	} else {
		sid = first(e, OBJECT_SID);
		if (has_domain(sid)) {
			unsigned char dom[SID_MAX_BYTES];

			sid_format(slice_mem(dom, domain_of(sid, dom)), b);
		}
	}
	buf_putc(b, '\\');
	buf_putslice(b, sam);
	return slice_mem(arena_copy(&a->store, b->p, b->n), b->n);
}

/* Keep a copy of the account being read (a->tmp, from rec) as account
 * number *kept; -1 with d set when its state cannot be told. */
static int
keep_account(struct accounts *a, size_t file, const struct ldif_record *rec,
    struct slice sid, long *kept, struct diag *d)
{
	struct slice uac = first(&a->tmp, UAC);
	struct accounts_account *acc;
	struct ldif_record copy;
	struct num v;
	size_t i;

	buf_reset(&a->scratch);
	sid_format(sid, &a->scratch);
	if (uac.n == 0 || num_parse(uac, 0, &v) != NUM_OK)
		return diag_set(d, a->files[file].name, rec->line, 1, "this "
		    "account holds master SID %s but %s: ldfix cannot tell "
		    "whether it is enabled; export userAccountControl (the "
		    "README lists the attributes)", (const char *)a->scratch.p,
		    uac.n == 0 ? "has no userAccountControl" :
		    "its userAccountControl is not an integer");
	memset(&copy, 0, sizeof(copy));
	copy.kind = LDIF_ENTRY;
	copy.line = rec->line;
	copy.dn = slice_mem(arena_copy(&a->store, rec->dn.p, rec->dn.n),
	    rec->dn.n);
	copy.nattrs = rec->nattrs;
	copy.attrs = arena_array(&a->store, rec->nattrs ? rec->nattrs : 1,
	    sizeof(*copy.attrs));
	for (i = 0; i < rec->nattrs; i++) {
		const struct ldif_attr *la = &rec->attrs[i];

		copy.attrs[i].line = la->line;
		copy.attrs[i].name = slice_mem(arena_copy(&a->store,
		    la->name.p, la->name.n), la->name.n);
		copy.attrs[i].value = slice_mem(arena_copy(&a->store,
		    la->value.p, la->value.n), la->value.n);
	}
	grow_array(&a->accts, &a->accts_cap, a->naccts + 1, sizeof(*a->accts));
	acc = &a->accts[a->naccts];
	entry_init(&acc->e);
	entry_load(&acc->e, &copy);
	acc->file = file;
	acc->disabled = (num_bits(v) & 0x2) != 0;
	acc->name = owner_name(a, &acc->e);
	*kept = (long)a->naccts++;
	return 0;
}

/* The account being read holds sid (in objectSid, or with history in
 * sIDHistory): join it, keeping the account on its first join. */
static int
join(struct accounts *a, size_t file, const struct ldif_record *rec,
    struct slice sid, bool history, long *kept, struct diag *d)
{
	size_t i = has_domain(sid) ? sid_find(a, sid) : HASH_NONE;
	struct accounts_sid *s;
	const struct accounts_account *other;

	if (i == HASH_NONE)
		return 0;
	if (*kept < 0 && keep_account(a, file, rec, sid, kept, d) < 0)
		return -1;
	s = &a->sids[i];
	if (s->account == *kept)
		return 0;
	if (s->account >= 0) {
		other = &a->accts[s->account];
		buf_reset(&a->scratch);
		sid_format(sid, &a->scratch);
		return diag_set(d, a->files[file].name, rec->line, 1, "master "
		    "SID %s is in this account's %s and in the %s of the "
		    "account at %s:%lu: ldfix cannot tell which one owns the "
		    "mailbox (an ADMT migration whose old account still "
		    "exists, or one account exported twice); remove the SID "
		    "from one of them, or give one export",
		    (const char *)a->scratch.p, history ? SID_HISTORY :
		    OBJECT_SID, s->via_history ? SID_HISTORY : OBJECT_SID,
		    a->files[other->file].name, other->e.line);
	}
	s->account = *kept;
	s->via_history = history;
	a->files[file].found++;
	if (history)
		a->files[file].via_history++;
	return 0;
}

/* One entry of an account export (in a->tmp): its domains, its joins
 * (when joins_any says it has one), the master.ATTR it carries.
 * *with_sid counts entries with a domain objectSid. */
static int
read_account(struct accounts *a, size_t file, const struct ldif_record *rec,
    bool joins, unsigned long long *with_sid, struct diag *d)
{
	const struct entry_attr *os = sids_of(&a->tmp, false);
	const struct entry_attr *hist = joins ? sids_of(&a->tmp, true) : NULL;
	struct slice attr;
	long kept = -1;
	bool counted = false;
	size_t i;

	for (i = 0; i < a->nattrs; i++) {
		const struct entry_attr *at;

		rules_master_attr(a->attrs[i], &attr);
		at = entry_get(&a->tmp, attr);
		if (at != NULL && at->nvals > 0)
			a->carried[i]++;
	}
	for (i = 0; os != NULL && i < os->nvals; i++) {
		if (!has_domain(os->vals[i]))
			continue;
		if (!counted)
			(*with_sid)++;
		counted = true;
		note_domain(a, file, os->vals[i], a->tmp.dn);
		if (joins && join(a, file, rec, os->vals[i], false, &kept,
		    d) < 0)
			return -1;
	}
	for (i = 0; hist != NULL && i < hist->nvals; i++)
		if (join(a, file, rec, hist->vals[i], true, &kept, d) < 0)
			return -1;
	return 0;
}

/* Does the account in a->tmp hold a SID looked for? Then it is kept
 * (join), whole. */
static bool
joins_any(const struct accounts *a)
{
	const struct entry_attr *at;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		at = sids_of(&a->tmp, k == 1);
		for (i = 0; at != NULL && i < at->nvals; i++)
			if (has_domain(at->vals[i]) &&
			    sid_find(a, at->vals[i]) != HASH_NONE)
				return true;
	}
	return false;
}

/* An accounts export is read for the SIDs of each entry, and for
 * whether it has the master.ATTR the rules read; the accounts that own
 * a mailbox are then read whole. */
static void
skim_accounts(const struct accounts *a, struct ldif_reader *r)
{
	struct slice *types = xreallocarray(NULL, a->nattrs + 2,
	    sizeof(*types));
	struct ldif_skim skim = { NULL, 0, NULL, 0, false };
	size_t i;

	types[0] = slice_of(OBJECT_SID);
	types[1] = slice_of(SID_HISTORY);
	for (i = 0; i < a->nattrs; i++) {
		types[2 + i] = a->attrs[i];     /* "master.ATTR": ATTR */
		(void)rules_master_attr(a->attrs[i], &types[2 + i]);
		types[2 + i] = ldif_attr_type(types[2 + i]);
	}
	skim.values = types;
	skim.nvalues = 2;
	skim.present = types + 2;
	skim.npresent = a->nattrs;
	ldif_reader_skim(r, &skim);     /* keeps a copy of the array */
	free(types);
}

int
accounts_read(struct accounts *a, const char *name, struct ldif_reader *r,
    struct diag *d)
{
	const struct ldif_record *rec;
	unsigned long long with_sid = 0;
	size_t file;
	bool joins;
	int rc;

	skim_accounts(a, r);

	grow_array(&a->files, &a->files_cap, a->nfiles + 1, sizeof(*a->files));
	file = a->nfiles++;
	memset(&a->files[file], 0, sizeof(a->files[file]));
	a->files[file].name = name;
	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		if (rec->kind != LDIF_ENTRY)
			continue;
		a->files[file].entries++;
		entry_load(&a->tmp, rec);
		joins = joins_any(a);
		if (joins && rec->partial) {
			if (ldif_reader_complete(r, &rec, d) < 0)
				return -1;
			entry_load(&a->tmp, rec);
		}
		if (read_account(a, file, rec, joins, &with_sid, d) < 0)
			return -1;
	}
	entry_reset(&a->tmp);
	if (rc < 0)
		return -1;
	if (a->files[file].entries == 0)
		return diag_set(d, name, 0, 0, "the accounts export holds no "
		    "entry: an empty or failed export");
	if (with_sid == 0)
		return diag_set(d, name, 0, 0, "no entry of the accounts export "
		    "has a valid objectSid: export objectSid and sIDHistory "
		    "(the README lists the attributes; ldifde -n leaves binary "
		    "values out)");
	return 0;
}

int
accounts_owner(const struct accounts *a, const struct entry *e,
    struct engine_owner *out, const char *file, struct diag *d)
{
	struct slice m = first_of(e, ACCOUNTS_MASTER_ATTR, &master_id);
	unsigned char dom[SID_MAX_BYTES];
	const struct accounts_account *acc;
	const struct accounts_sid *s;
	size_t i;

	if (m.n == 0)
		return 0;
	memset(out, 0, sizeof(*out));
	out->sid = m;
	if (!looked_for(m, first_of(e, OBJECT_SID, &sid_id))) {
		out->status = OWNER_NOT_APPLICABLE;
		return 1;
	}
	if (a == NULL) {
		out->status = OWNER_NO_EXPORT;
		return 1;
	}
	if ((i = sid_find(a, m)) == HASH_NONE)
		return diag_set(d, file, e->line, 1, "this entry's "
		    "msExchMasterAccountSid was not in the export when ldfix "
		    "first read it: the export changed while ldfix read it; "
		    "run ldfix on a file nothing writes to");
	s = &a->sids[i];
	if (s->account < 0) {
		out->status = accounts_covering(a, slice_mem(dom,
		    domain_of(m, dom))) ? OWNER_NOT_FOUND : OWNER_NO_EXPORT;
		return 1;
	}
	acc = &a->accts[s->account];
	out->status = acc->disabled ? OWNER_DISABLED : OWNER_ENABLED;
	out->account = &acc->e;
	out->via_history = s->via_history;
	out->name = acc->name;
	out->file = a->files[acc->file].name;
	return 1;
}

unsigned long long
accounts_carried(const struct accounts *a, struct slice name)
{
	size_t i;

	for (i = 0; i < a->nattrs; i++)
		if (slice_eq_ci(a->attrs[i], name))
			return a->carried[i];
	return 0;
}

/* " last logon 2024-01-19T03:58:20Z," when the account export has it:
 * whether the owner still signs in. (Replicated lazily: up to 14 days
 * behind.) */
static void
put_last_logon(const struct engine_owner *o, struct buf *out)
{
	struct slice t = first(o->account, "lastLogonTimestamp");
	size_t at = out->n;

	if (t.n == 0)
		return;
	buf_puts(out, " last logon ");
	if (!display_filetime(out, t))
		out->n = at;
	else
		buf_putc(out, ',');
}

void
accounts_describe(const struct engine_owner *o, struct buf *out)
{
	struct slice upn;

	buf_puts(out, rules_owner_status_name(o->status));
	if (o->account != NULL) {
		buf_putc(out, ' ');
		display_text(out, o->name.n ? o->name : o->account->dn,
		    DISPLAY_WHOLE);
		upn = first(o->account, "userPrincipalName");
		if (upn.n > 0) {
			buf_puts(out, " (");
			display_text(out, upn, DISPLAY_WHOLE);
			buf_putc(out, ')');
		}
		buf_putc(out, ',');
		put_last_logon(o, out);
	}
	buf_putc(out, ' ');
	display_value(out, slice_of(ACCOUNTS_MASTER_ATTR), o->sid,
	    DISPLAY_MESSAGE_MAX);
	if (o->account != NULL && o->via_history)
		buf_puts(out, ", via sIDHistory");
}

void
accounts_summary(const struct accounts *a, struct buf *out)
{
	size_t i, j;

	for (i = 0; i < a->nfiles; i++) {
		const struct accounts_file *f = &a->files[i];

		buf_puts(out, "  accounts ");
		display_text(out, slice_of(f->name), DISPLAY_WHOLE);
		buf_printf(out, ": %llu entr%s, %llu master account%s found",
		    f->entries, f->entries == 1 ? "y" : "ies", f->found,
		    f->found == 1 ? "" : "s");
		if (f->via_history)
			buf_printf(out, " (%llu through sIDHistory)",
			    f->via_history);
		buf_putc(out, '\n');
		for (j = 0; j < a->ndomains; j++) {
			const struct accounts_domain *ad = &a->domains[j];

			if (ad->file != i)
				continue;
			buf_puts(out, "    domain ");
			sid_format(slice_mem(ad->sid, ad->n), out);
			if (ad->dns.n > 0) {
				buf_puts(out, " (");
				display_text(out, ad->dns, DISPLAY_MESSAGE_MAX);
				buf_putc(out, ')');
			}
			buf_printf(out, ": %llu account%s%s\n", ad->accounts,
			    ad->accounts == 1 ? "" : "s", ad->admin ? "" :
			    ", without its Administrator (RID 500): partly "
			    "exported, owners not found there count as "
			    "no-export");
		}
	}
}
