/*
 * apply.c: offline application of a change LDIF (see apply.h).
 *
 * Loading copies each record into an arena and chains the records of one
 * DN in file order; the hash table maps a normalized DN to its chain.
 * Applying a record works on a copy of the entry (c->work) and copies it
 * back only if every mod succeeded, which is what makes records atomic.
 */
#include "tasks/apply.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "base/num.h"
#include "ldif/display.h"

#define NO_RECORD HASH_NONE

struct apply_record {
	enum ldif_kind kind;    /* LDIF_MODIFY, LDIF_DELETE, LDIF_ENTRY (add) */
	struct slice dn;
	struct slice ndn;       /* normalized */
	unsigned long line;
	struct ldif_mod *mods;
	size_t nmods;
	struct ldif_attr *attrs;
	size_t nattrs;
	bool critical;          /* carries a critical control */
	size_t next;            /* next record of the same DN, or NO_RECORD */
	size_t last;            /* chain head only: the chain's last record */
	bool done;
};

const char *
apply_code_name(int code)
{
	switch (code) {
	case APPLY_SUCCESS: return "success";
	case APPLY_PROTOCOL_ERROR: return "protocolError";
	case APPLY_UNAVAILABLE_CRITICAL_EXTENSION:
		return "unavailableCriticalExtension";
	case APPLY_NO_SUCH_ATTRIBUTE: return "noSuchAttribute";
	case APPLY_ATTRIBUTE_OR_VALUE_EXISTS: return "attributeOrValueExists";
	case APPLY_INVALID_ATTRIBUTE_SYNTAX: return "invalidAttributeSyntax";
	case APPLY_NO_SUCH_OBJECT: return "noSuchObject";
	case APPLY_ENTRY_ALREADY_EXISTS: return "entryAlreadyExists";
	}
	return "other";
}

void
apply_failures_init(struct apply_failures *f)
{
	memset(f, 0, sizeof(*f));
}

void
apply_failures_free(struct apply_failures *f)
{
	free(f->v);
	apply_failures_init(f);
}

void
apply_changes_init(struct apply_changes *c)
{
	memset(c, 0, sizeof(*c));
	hash_init(&c->table);
	arena_init(&c->arena);
	entry_init(&c->work);
	buf_init(&c->ndn);
	buf_init(&c->msg);
}

void
apply_changes_free(struct apply_changes *c)
{
	arena_free(&c->arena);
	free(c->recs);
	hash_free(&c->table);
	free(c->name);
	entry_free(&c->work);
	buf_release(&c->ndn);
	buf_release(&c->msg);
	apply_changes_init(c);
}

/* Copy n bytes into the arena; the copy lives as long as c. */
static struct slice
keep(struct apply_changes *c, const void *p, size_t n)
{
	return slice_mem(arena_copy(&c->arena, p, n), n);
}

static bool
ndn_at(const void *ctx, size_t idx, const void *key)
{
	const struct apply_changes *c = ctx;

	return slice_eq(c->recs[idx].ndn, *(const struct slice *)key);
}

/* The first record (chain head) of ndn, or NO_RECORD. */
static size_t
lookup(const struct apply_changes *c, struct slice ndn)
{
	return hash_find(&c->table, hash_bytes(ndn.p, ndn.n), ndn_at, c, &ndn);
}

/* Link record i into its DN's chain, or start one. */
static void
index_record(struct apply_changes *c, size_t i)
{
	struct slice ndn = c->recs[i].ndn;
	size_t head = lookup(c, ndn);

	if (head == NO_RECORD) {
		hash_put(&c->table, hash_bytes(ndn.p, ndn.n), i);
		c->recs[i].last = i;
	} else {
		c->recs[c->recs[head].last].next = i;
		c->recs[head].last = i;
	}
}

static int
load_record(struct apply_changes *c, const struct ldif_record *rec,
    struct diag *d)
{
	struct apply_record *ar;
	size_t i;

	if (rec->kind == LDIF_MODDN)
		return diag_set(d, c->name, rec->line, 1, "%s records are not "
		    "supported by apply (renames are out of scope)",
		    rec->moddn_word ? "moddn" : "modrdn");
	if (rec->kind == LDIF_ENTRY && !rec->changetype_add)
		return diag_set(d, c->name, rec->line, 1, "a record without "
		    "changetype: this is an export, not a change file");
	buf_reset(&c->ndn);
	if (dn_normalize(rec->dn, &c->ndn) < 0)
		return diag_set(d, c->name, rec->line, 1,
		    "the DN of this record is not a valid DN");
	grow_array(&c->recs, &c->cap, c->nrecs + 1, sizeof(*c->recs));
	ar = &c->recs[c->nrecs];
	memset(ar, 0, sizeof(*ar));
	ar->kind = rec->kind;
	ar->dn = keep(c, rec->dn.p, rec->dn.n);
	ar->ndn = keep(c, c->ndn.p, c->ndn.n);
	ar->line = rec->line;
	ar->next = NO_RECORD;
	for (i = 0; i < rec->ncontrols; i++)
		if (rec->controls[i].critical)
			ar->critical = true;
	if (rec->nattrs) {
		ar->attrs = arena_array(&c->arena, rec->nattrs,
		    sizeof(*ar->attrs));
		for (i = 0; i < rec->nattrs; i++) {
			ar->attrs[i].name = keep(c, rec->attrs[i].name.p,
			    rec->attrs[i].name.n);
			ar->attrs[i].value = keep(c, rec->attrs[i].value.p,
			    rec->attrs[i].value.n);
			ar->attrs[i].line = rec->attrs[i].line;
		}
		ar->nattrs = rec->nattrs;
	}
	if (rec->kind == LDIF_MODIFY && rec->nmods) {
		ar->mods = arena_array(&c->arena, rec->nmods,
		    sizeof(*ar->mods));
		for (i = 0; i < rec->nmods; i++) {
			ar->mods[i] = rec->mods[i];
			ar->mods[i].attr = keep(c, rec->mods[i].attr.p,
			    rec->mods[i].attr.n);
		}
		ar->nmods = rec->nmods;
	}
	index_record(c, c->nrecs);
	c->nrecs++;
	c->stats.records++;
	return 0;
}

int
apply_load_changes(struct ldif_reader *r, const char *name,
    struct apply_changes *c, struct diag *d)
{
	const struct ldif_record *rec;
	int rc;

	free(c->name);
	c->name = xstrdup(name ? name : "-");
	while ((rc = ldif_reader_next(r, &rec, d)) == 1)
		if (load_record(c, rec, d) < 0)
			return -1;
	return rc < 0 ? -1 : 0;
}

/* ---- failures ---- */

/* Append v for a message: as display.h shows it, one line. */
static void
put_short(struct buf *b, struct slice attr, struct slice v)
{
	display_value(b, attr, v, DISPLAY_MESSAGE_MAX);
}

static void
fail(struct apply_changes *c, struct apply_failures *f,
    const struct apply_record *ar, unsigned long line, int code)
{
	struct apply_failure *af;
	struct buf dn = BUF_INIT;

	put_short(&dn, slice_of("dn"), ar->dn);
	grow_array(&f->v, &f->cap, f->n + 1, sizeof(*f->v));
	af = &f->v[f->n++];
	af->code = code;
	af->line = line;
	diag_set(&af->diag, c->name, line, 0, "%s of '%s': %s (%s, %d)",
	    ldif_kind_name(ar->kind), (const char *)dn.p,
	    (const char *)c->msg.p, apply_code_name(code), code);
	buf_release(&dn);
	c->stats.failed++;
}

/* ---- applying ---- */

/* An integer of an increment (RFC 4517 INTEGER, see num.h) in int64. */
static bool
int64_of(struct slice v, int64_t *out)
{
	struct num n;

	return num_parse(v, 0, &n) == NUM_OK && num_to_int64(n, out);
}

/* The mod's values as slices (malloc'd, NULL for none). */
static struct slice *
mod_values(const struct ldif_attr *vals, size_t n)
{
	struct slice *sv = n ? xreallocarray(NULL, n, sizeof(*sv)) : NULL;
	size_t i;

	for (i = 0; i < n; i++)
		sv[i] = vals[i].value;
	return sv;
}

/* A delete of the mod's values; listed twice, a value goes once. */
static int
delete_values(struct apply_changes *c, const struct ldif_mod *m,
    const struct ldif_attr *vals)
{
	unsigned char *twice = NULL;
	struct slice *sv;
	size_t i;
	int rc = APPLY_SUCCESS;

	for (i = 0; i < m->count && rc == APPLY_SUCCESS; i++) {
		if (entry_delete_value(&c->work, m->attr, vals[i].value))
			continue;
		/* Not there: fine only for a repeat, as in slapd. */
		if (twice == NULL) {
			twice = xmalloc(m->count);
			sv = mod_values(vals, m->count);
			slice_repeats(sv, m->count, twice);
			free(sv);
		}
		if (twice[i])
			continue;
		buf_printf(&c->msg, "delete: %.*s value '", (int)m->attr.n,
		    (const char *)m->attr.p);
		put_short(&c->msg, m->attr, vals[i].value);
		buf_puts(&c->msg, "' is not there");
		rc = APPLY_NO_SUCH_ATTRIBUTE;
	}
	free(twice);
	return rc;
}

/* Apply one mod to c->work; on failure set c->msg and return the code. */
static int
apply_mod(struct apply_changes *c, const struct apply_record *ar,
    const struct ldif_mod *m)
{
	struct entry *w = &c->work;
	const struct ldif_attr *vals = ar->attrs + m->first;
	struct entry_attr *a;
	size_t i, j;

	buf_reset(&c->msg);
	switch (m->op) {
	case LDIF_MOD_ADD:
		if (m->count == 0) {
			buf_printf(&c->msg, "add: %.*s without values",
			    (int)m->attr.n, (const char *)m->attr.p);
			return APPLY_PROTOCOL_ERROR;
		}
		for (i = 0; i < m->count; i++) {
			if (!entry_add_value(w, m->attr, vals[i].value)) {
				buf_printf(&c->msg, "add: %.*s value '",
				    (int)m->attr.n, (const char *)m->attr.p);
				put_short(&c->msg, m->attr, vals[i].value);
				buf_puts(&c->msg, "' is already there");
				return APPLY_ATTRIBUTE_OR_VALUE_EXISTS;
			}
		}
		return APPLY_SUCCESS;
	case LDIF_MOD_DELETE:
		if (m->count == 0) {
			if (!entry_delete_attr(w, m->attr)) {
				buf_printf(&c->msg,
				    "delete: %.*s, which is absent",
				    (int)m->attr.n, (const char *)m->attr.p);
				return APPLY_NO_SUCH_ATTRIBUTE;
			}
			return APPLY_SUCCESS;
		}
		return delete_values(c, m, vals);
	case LDIF_MOD_REPLACE:
		/* The values are ldif_attrs; entry_replace wants slices. */
		{
			struct slice *sv = mod_values(vals, m->count);
			size_t twice = slice_repeats(sv, m->count, NULL);

			entry_replace(w, m->attr, sv, m->count);
			/* slapd refuses a value listed twice (as for add). */
			if (twice < m->count) {
				buf_printf(&c->msg, "replace: %.*s value '",
				    (int)m->attr.n, (const char *)m->attr.p);
				put_short(&c->msg, m->attr, sv[twice]);
				buf_puts(&c->msg, "' is listed twice");
				free(sv);
				return APPLY_ATTRIBUTE_OR_VALUE_EXISTS;
			}
			free(sv);
		}
		return APPLY_SUCCESS;
	case LDIF_MOD_INCREMENT: {
		int64_t by, v;
		char num[32];

		a = entry_get(w, m->attr);
		if (m->count != 1 || !int64_of(vals[0].value, &by)) {
			buf_printf(&c->msg,
			    "increment: %.*s needs one integer value",
			    (int)m->attr.n, (const char *)m->attr.p);
			return APPLY_PROTOCOL_ERROR;
		}
		if (a == NULL) {
			buf_printf(&c->msg, "increment: %.*s, which is absent",
			    (int)m->attr.n, (const char *)m->attr.p);
			return APPLY_NO_SUCH_ATTRIBUTE;
		}
		for (j = 0; j < a->nvals; j++) {
			struct slice nv;
			int len;

			if (!int64_of(a->vals[j], &v) ||
			    (by > 0 && v > INT64_MAX - by) ||
			    (by < 0 && v < INT64_MIN - by)) {
				buf_printf(&c->msg, "increment: %.*s holds "
				    "a value that is not a 64-bit integer",
				    (int)m->attr.n, (const char *)m->attr.p);
				return APPLY_INVALID_ATTRIBUTE_SYNTAX;
			}
			len = snprintf(num, sizeof(num), "%" PRId64, v + by);
			nv = keep(c, num, (size_t)len);
			a->vals[j] = nv;
		}
		return APPLY_SUCCESS;
	}
	}
	buf_puts(&c->msg, "unknown modification");
	return APPLY_PROTOCOL_ERROR;
}

/* The entry of an add record; the attribute line that repeats a value of
 * its attribute (which slapd refuses), or NULL. */
static const struct ldif_attr *
load_add(struct entry *e, const struct apply_record *ar)
{
	size_t i;

	entry_reset(e);
	e->dn = ar->dn;
	e->line = ar->line;
	for (i = 0; i < ar->nattrs; i++)
		if (!entry_add_value(e, ar->attrs[i].name, ar->attrs[i].value))
			return &ar->attrs[i];
	return NULL;
}

/* Apply one record to e (present says whether e exists). Returns whether
 * e exists afterwards. */
static bool
apply_record(struct apply_changes *c, struct apply_record *ar,
    struct entry *e, bool present, struct apply_failures *f)
{
	const struct ldif_attr *twice;
	size_t i;
	int code;

	ar->done = true;
	buf_reset(&c->msg);
	if (ar->critical) {
		buf_puts(&c->msg,
		    "a critical control cannot be honoured offline");
		fail(c, f, ar, ar->line, APPLY_UNAVAILABLE_CRITICAL_EXTENSION);
		return present;
	}
	switch (ar->kind) {
	case LDIF_ENTRY:
		if (present) {
			buf_puts(&c->msg, "the entry exists");
			fail(c, f, ar, ar->line, APPLY_ENTRY_ALREADY_EXISTS);
			return true;
		}
		if ((twice = load_add(e, ar)) != NULL) {
			buf_printf(&c->msg, "%.*s value '",
			    (int)twice->name.n, (const char *)twice->name.p);
			put_short(&c->msg, twice->name, twice->value);
			buf_puts(&c->msg, "' is listed twice");
			fail(c, f, ar, twice->line, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
			entry_reset(e);
			return false;
		}
		c->stats.applied++;
		return true;
	case LDIF_DELETE:
		if (!present) {
			buf_puts(&c->msg, "no such entry");
			fail(c, f, ar, ar->line, APPLY_NO_SUCH_OBJECT);
			return false;
		}
		c->stats.applied++;
		return false;
	case LDIF_MODIFY:
		if (!present) {
			buf_puts(&c->msg, "no such entry");
			fail(c, f, ar, ar->line, APPLY_NO_SUCH_OBJECT);
			return false;
		}
		entry_copy(&c->work, e);
		for (i = 0; i < ar->nmods; i++) {
			code = apply_mod(c, ar, &ar->mods[i]);
			if (code != APPLY_SUCCESS) {
				fail(c, f, ar, ar->mods[i].line ?
				    ar->mods[i].line : ar->line, code);
				return true;
			}
		}
		/* A delete-then-add inside one record keeps the
		 * attribute's place. */
		entry_order_like(&c->work, e);
		entry_copy(e, &c->work);
		c->stats.applied++;
		return true;
	case LDIF_MODDN:
		break;
	}
	return present;
}

/* Apply the chain starting at head, skipping records already done. */
static bool
apply_chain(struct apply_changes *c, size_t head, struct entry *e,
    bool present, struct apply_failures *f)
{
	size_t i;

	for (i = head; i != NO_RECORD; i = c->recs[i].next)
		if (!c->recs[i].done)
			present = apply_record(c, &c->recs[i], e, present, f);
	return present;
}

bool
apply_entry(struct apply_changes *c, struct entry *e,
    struct apply_failures *f)
{
	size_t head;
	bool present;

	c->stats.entries++;
	buf_reset(&c->ndn);
	if (dn_normalize(e->dn, &c->ndn) < 0)
		return true;
	head = lookup(c, buf_slice(&c->ndn));
	if (head == NO_RECORD || c->recs[c->recs[head].last].done)
		return true;
	c->stats.changed++;
	present = apply_chain(c, head, e, true, f);
	if (!present)
		c->stats.deleted++;
	return present;
}

void
apply_write_entry(struct ldif_writer *w, const struct entry *e)
{
	size_t i, j;

	ldif_write_dn(w, e->dn);
	for (i = 0; i < e->nattrs; i++) {
		const struct entry_attr *a = &e->attrs[i];

		for (j = 0; j < a->nvals; j++)
			ldif_write_attr(w, a->name, a->vals[j]);
	}
	ldif_write_end_record(w);
}

void
apply_unmatched(struct apply_changes *c, struct ldif_writer *w,
    struct apply_failures *f)
{
	struct entry e;
	size_t i;

	entry_init(&e);
	for (i = 0; i < c->nrecs; i++) {
		size_t head;

		if (c->recs[i].done)
			continue;
		head = lookup(c, c->recs[i].ndn);
		entry_reset(&e);
		if (apply_chain(c, head, &e, false, f)) {
			c->stats.added++;
			if (w)
				apply_write_entry(w, &e);
		}
	}
	entry_free(&e);
}

int
apply_run(struct apply_changes *c, struct ldif_reader *export,
    struct ldif_writer *w, struct apply_failures *f, struct diag *d)
{
	const struct ldif_record *rec;
	struct entry e;
	int rc;

	entry_init(&e);
	if (w)
		ldif_write_version(w);
	while ((rc = ldif_reader_next(export, &rec, d)) == 1) {
		if (rec->kind != LDIF_ENTRY) {
			c->stats.other++;
			if (w)
				ldif_write_record(w, rec);
			continue;
		}
		entry_load(&e, rec);
		if (apply_entry(c, &e, f) && w)
			apply_write_entry(w, &e);
	}
	entry_free(&e);
	if (rc < 0)
		return -1;
	apply_unmatched(c, w, f);
	return 0;
}
