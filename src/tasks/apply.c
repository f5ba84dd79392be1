/*
 * apply.c: offline application of a change LDIF (see apply.h).
 *
 * Loading copies each record into an arena and chains the records of one
 * DN in file order; the hash table maps a normalized DN to its chain.
 * The records of a DN apply to one working entry (apply_work.h): loaded
 * once, each mod O(1) per value, each record journaled so that a failed
 * one is undone whole, and written back once.
 */
#include "tasks/apply.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/dn.h"
#include "base/num.h"
#include "ldif/display.h"
#include "tasks/apply_work.h"

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
	c->work = NULL;                 /* made for the first DN with records */
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
	apply_work_free(c->work);
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

/* "OP: ATTR" to start a failure message in c->msg. */
static void
msg_mod(struct apply_changes *c, const struct ldif_mod *m)
{
	buf_printf(&c->msg, "%s: %.*s", ldif_mod_op_name(m->op),
	    (int)m->attr.n, (const char *)m->attr.p);
}

/* "OP: ATTR value 'V' " then what. */
static void
msg_value(struct apply_changes *c, const struct ldif_mod *m, struct slice v,
    const char *what)
{
	msg_mod(c, m);
	buf_puts(&c->msg, " value '");
	put_short(&c->msg, m->attr, v);
	buf_printf(&c->msg, "' %s", what);
}

static int
mod_add(struct apply_changes *c, const struct ldif_mod *m,
    const struct ldif_attr *vals)
{
	size_t i;

	if (m->count == 0) {
		msg_mod(c, m);
		buf_puts(&c->msg, " without values");
		return APPLY_PROTOCOL_ERROR;
	}
	for (i = 0; i < m->count; i++)
		if (!apply_work_add_value(c->work, m->attr, vals[i].value)) {
			msg_value(c, m, vals[i].value, "is already there");
			return APPLY_ATTRIBUTE_OR_VALUE_EXISTS;
		}
	return APPLY_SUCCESS;
}

/* A delete of the whole attribute, or of the mod's values; listed twice,
 * a value goes once. */
static int
mod_delete(struct apply_changes *c, const struct ldif_mod *m,
    const struct ldif_attr *vals)
{
	unsigned char *twice = NULL;
	struct slice *sv;
	size_t i;
	int rc = APPLY_SUCCESS;

	if (m->count == 0) {
		if (apply_work_delete_attr(c->work, m->attr))
			return APPLY_SUCCESS;
		msg_mod(c, m);
		buf_puts(&c->msg, ", which is absent");
		return APPLY_NO_SUCH_ATTRIBUTE;
	}
	for (i = 0; i < m->count && rc == APPLY_SUCCESS; i++) {
		if (apply_work_delete_value(c->work, m->attr, vals[i].value))
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
		msg_value(c, m, vals[i].value, "is not there");
		rc = APPLY_NO_SUCH_ATTRIBUTE;
	}
	free(twice);
	return rc;
}

static int
mod_replace(struct apply_changes *c, const struct ldif_mod *m,
    const struct ldif_attr *vals)
{
	struct slice *sv = mod_values(vals, m->count);
	size_t twice = slice_repeats(sv, m->count, NULL);
	int rc = APPLY_SUCCESS;

	/* slapd refuses a value listed twice (as for add). */
	if (twice < m->count) {
		msg_value(c, m, sv[twice], "is listed twice");
		rc = APPLY_ATTRIBUTE_OR_VALUE_EXISTS;
	} else {
		apply_work_replace(c->work, m->attr, sv, m->count);
	}
	free(sv);
	return rc;
}

/* One value of an increment: the sum, kept in c's arena. */
struct incr {
	struct apply_changes *c;
	int64_t by;
};

static bool
incr_value(void *ctx, struct slice v, struct slice *out)
{
	struct incr *in = ctx;
	char num[32];
	int64_t x;
	int len;

	if (!int64_of(v, &x) || (in->by > 0 && x > INT64_MAX - in->by) ||
	    (in->by < 0 && x < INT64_MIN - in->by))
		return false;
	len = snprintf(num, sizeof(num), "%" PRId64, x + in->by);
	*out = keep(in->c, num, (size_t)len);
	return true;
}

static int
mod_increment(struct apply_changes *c, const struct ldif_mod *m,
    const struct ldif_attr *vals)
{
	struct incr in;

	in.c = c;
	if (m->count != 1 || !int64_of(vals[0].value, &in.by)) {
		msg_mod(c, m);
		buf_puts(&c->msg, " needs one integer value");
		return APPLY_PROTOCOL_ERROR;
	}
	if (!apply_work_has_attr(c->work, m->attr)) {
		msg_mod(c, m);
		buf_puts(&c->msg, ", which is absent");
		return APPLY_NO_SUCH_ATTRIBUTE;
	}
	if (!apply_work_each_value(c->work, m->attr, incr_value, &in)) {
		msg_mod(c, m);
		buf_puts(&c->msg, " holds a value that is not a 64-bit integer");
		return APPLY_INVALID_ATTRIBUTE_SYNTAX;
	}
	return APPLY_SUCCESS;
}

/* Apply one mod to c->work; on failure set c->msg and return the code. */
static int
apply_mod(struct apply_changes *c, const struct apply_record *ar,
    const struct ldif_mod *m)
{
	/* A mod-spec without values has no place in attrs (which is NULL
	 * when no mod-spec of the record has values). */
	const struct ldif_attr *vals = m->count ? ar->attrs + m->first : NULL;

	buf_reset(&c->msg);
	switch (m->op) {
	case LDIF_MOD_ADD:
		return mod_add(c, m, vals);
	case LDIF_MOD_DELETE:
		return mod_delete(c, m, vals);
	case LDIF_MOD_REPLACE:
		return mod_replace(c, m, vals);
	case LDIF_MOD_INCREMENT:
		return mod_increment(c, m, vals);
	}
	buf_puts(&c->msg, "unknown modification");
	return APPLY_PROTOCOL_ERROR;
}

/* The entry of an add record into c->work; the attribute line that
 * repeats a value of its attribute (which slapd refuses), or NULL. */
static const struct ldif_attr *
load_add(struct apply_changes *c, const struct apply_record *ar)
{
	size_t i;

	apply_work_reset(c->work, ar->dn, ar->line);
	for (i = 0; i < ar->nattrs; i++)
		if (!apply_work_add_value(c->work, ar->attrs[i].name,
		    ar->attrs[i].value))
			return &ar->attrs[i];
	return NULL;
}

/* An add record: the entry must not exist. Returns whether it does. */
static bool
apply_add(struct apply_changes *c, struct apply_record *ar, bool present,
    struct apply_failures *f)
{
	const struct ldif_attr *twice;

	if (present) {
		buf_puts(&c->msg, "the entry exists");
		fail(c, f, ar, ar->line, APPLY_ENTRY_ALREADY_EXISTS);
		return true;
	}
	if ((twice = load_add(c, ar)) != NULL) {
		buf_printf(&c->msg, "%.*s value '", (int)twice->name.n,
		    (const char *)twice->name.p);
		put_short(&c->msg, twice->name, twice->value);
		buf_puts(&c->msg, "' is listed twice");
		fail(c, f, ar, twice->line, APPLY_ATTRIBUTE_OR_VALUE_EXISTS);
		return false;
	}
	c->stats.applied++;
	return true;
}

/* A modify record: all its mods or none. */
static void
apply_modify(struct apply_changes *c, struct apply_record *ar,
    struct apply_failures *f)
{
	size_t i;
	int code;

	apply_work_begin(c->work);
	for (i = 0; i < ar->nmods; i++) {
		code = apply_mod(c, ar, &ar->mods[i]);
		if (code != APPLY_SUCCESS) {
			apply_work_rollback(c->work);
			fail(c, f, ar, ar->mods[i].line ? ar->mods[i].line :
			    ar->line, code);
			return;
		}
	}
	apply_work_commit(c->work);
	c->stats.applied++;
}

/* Apply one record to c->work (present says whether the entry exists).
 * Returns whether it exists afterwards. */
static bool
apply_record(struct apply_changes *c, struct apply_record *ar, bool present,
    struct apply_failures *f)
{
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
		return apply_add(c, ar, present, f);
	case LDIF_DELETE:
	case LDIF_MODIFY:
		if (!present) {
			buf_puts(&c->msg, "no such entry");
			fail(c, f, ar, ar->line, APPLY_NO_SUCH_OBJECT);
			return false;
		}
		if (ar->kind == LDIF_DELETE) {
			c->stats.applied++;
			return false;
		}
		apply_modify(c, ar, f);
		return true;
	case LDIF_MODDN:
		break;
	}
	return present;
}

/* Apply the chain starting at head, skipping records already done, to
 * e (present: e exists; else it is empty). Returns whether e exists
 * afterwards, and then e holds the result. */
static bool
apply_chain(struct apply_changes *c, size_t head, struct entry *e,
    bool present, struct apply_failures *f)
{
	size_t i;

	if (c->work == NULL)
		c->work = apply_work_new();
	if (present)
		apply_work_load(c->work, e);
	for (i = head; i != NO_RECORD; i = c->recs[i].next)
		if (!c->recs[i].done)
			present = apply_record(c, &c->recs[i], present, f);
	if (present)
		apply_work_store(c->work, e);
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

static void
write_values(struct ldif_writer *w, const struct entry_attr *a)
{
	size_t j;

	for (j = 0; j < a->nvals; j++)
		ldif_write_attr(w, a->name, a->vals[j]);
}

void
apply_write_entry(struct ldif_writer *w, const struct entry *e)
{
	size_t i, first = 0;

	/* A record word ("add", "replace", ...) may not open a content
	 * record (ldif.h): an attribute that is none goes first. An entry
	 * made of record words alone is left to the writer to refuse. */
	while (first < e->nattrs && (e->attrs[first].nvals == 0 ||
	    ldif_desc_keyword(e->attrs[first].name)))
		first++;
	if (first == e->nattrs)
		first = 0;
	ldif_write_dn(w, e->dn);
	if (e->nattrs > 0)
		write_values(w, &e->attrs[first]);
	for (i = 0; i < e->nattrs; i++)
		if (i != first)
			write_values(w, &e->attrs[i]);
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
	unsigned long long records = 0;
	struct entry e;
	int rc;

	entry_init(&e);
	if (w)
		ldif_write_version(w);
	while ((rc = ldif_reader_next(export, &rec, d)) == 1) {
		if (w && ldif_writer_flush_every(w, ++records, d) < 0) {
			rc = -1;
			break;
		}
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
