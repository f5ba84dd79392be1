/*
 * cat.c: "ldfix cat", every record of the input in canonical form.
 *
 * The reader does the parsing and the writer does the spelling; this file
 * only walks the records and, with --decode, puts a comment under each
 * value that is a Windows SID or GUID so that an administrator can read
 * "S-1-5-21-..." instead of base64. The comments are ignored by every LDIF
 * parser, so "cat --decode" output is still the same data.
 */
#include "tasks/cat.h"

#include <string.h>

#include "base/buf.h"
#include "base/sid.h"

enum binary_kind { NOT_BINARY, SID_VALUE, GUID_VALUE };

struct known_type {
	const char *name;
	size_t len;
	enum binary_kind kind;
};

#define KNOWN(name, kind) { name, sizeof(name) - 1, kind }

/*
 * Attribute types known to hold SIDs or GUIDs, compared case-insensitively;
 * besides these, any type ending in "Sid" or "Guid" counts.
 */
static const struct known_type known_types[] = {
	KNOWN("objectSid", SID_VALUE),
	KNOWN("sIDHistory", SID_VALUE),
	KNOWN("securityIdentifier", SID_VALUE),
	KNOWN("tokenGroups", SID_VALUE),
	KNOWN("tokenGroupsGlobalAndUniversal", SID_VALUE),
	KNOWN("tokenGroupsNoGCAcceptable", SID_VALUE),
	KNOWN("objectGUID", GUID_VALUE),
	KNOWN("schemaIDGUID", GUID_VALUE),
	KNOWN("attributeSecurityGUID", GUID_VALUE),
	KNOWN("invocationId", GUID_VALUE),
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define FLUSH_EVERY 4096        /* records between checks for write errors */

static bool
ends_with_ci(struct slice s, const char *suffix, size_t k)
{
	return s.n >= k &&
	    slice_eq_cstr_ci(slice_mem(s.p + s.n - k, k), suffix);
}

/* What an attribute description's values are, by its type. Cheap: it runs
 * for every value of the input. */
static enum binary_kind
binary_kind(struct slice name)
{
	struct slice type = ldif_attr_type(name);
	size_t i;

	if (ends_with_ci(type, "Sid", 3))
		return SID_VALUE;
	if (ends_with_ci(type, "Guid", 4))
		return GUID_VALUE;
	for (i = 0; i < NELEM(known_types); i++)
		if (type.n == known_types[i].len &&
		    slice_eq_cstr_ci(type, known_types[i].name))
			return known_types[i].kind;
	return NOT_BINARY;
}

/*
 * Append the readable form of a well-known binary value to out: a SID for
 * SID attributes holding a valid SID, a GUID for GUID attributes holding 16
 * bytes. Returns false (out unchanged) when the value is neither.
 */
static bool
readable_form(enum binary_kind kind, struct slice value, struct buf *out)
{
	if (kind == SID_VALUE)
		return sid_valid(value) && sid_format(value, out) == 0;
	if (kind == GUID_VALUE)
		return value.n == 16 && guid_format(value, out) == 0;
	return false;
}

struct cat_state {
	struct ldif_writer *w;
	bool decode;
	struct buf text;        /* comment text, reused */
};

/* One attribute line, with its decoded comment when asked for. */
static void
write_value(struct cat_state *st, struct slice name, struct slice value)
{
	enum binary_kind kind;

	ldif_write_attr(st->w, name, value);
	if (!st->decode || (kind = binary_kind(name)) == NOT_BINARY)
		return;
	buf_reset(&st->text);
	buf_putslice(&st->text, name);
	buf_put(&st->text, ": ", 2);
	if (readable_form(kind, value, &st->text))
		ldif_write_comment(st->w, buf_slice(&st->text));
}

/*
 * Entries and modify records are written line by line so that comments
 * can follow values; the layout is the one ldif_write_record() uses.
 * decodable() says which records this is done for.
 */
static void
write_decoded(struct cat_state *st, const struct ldif_record *rec)
{
	const struct ldif_mod *m;
	size_t i, k;

	ldif_write_dn(st->w, rec->dn);
	if (rec->kind == LDIF_ENTRY) {
		for (i = 0; i < rec->nattrs; i++)
			write_value(st, rec->attrs[i].name,
			    rec->attrs[i].value);
	} else {
		ldif_write_changetype(st->w, LDIF_MODIFY);
		for (i = 0; i < rec->nmods; i++) {
			m = &rec->mods[i];
			ldif_write_modop(st->w, m->op, m->attr);
			for (k = 0; k < m->count; k++)
				write_value(st, m->attr,
				    rec->attrs[m->first + k].value);
			ldif_write_modend(st->w);
		}
	}
	ldif_write_end_record(st->w);
}

/*
 * Entries and modify records get comments. Deletes and renames carry no
 * values. Records with controls (the writer has no call for a lone control
 * line) and malformed mod-specs, which ldif_write_record() refuses, are
 * left to ldif_write_record().
 */
static bool
decodable(const struct ldif_record *rec)
{
	size_t i;

	if (rec->ncontrols != 0)
		return false;
	if (rec->kind == LDIF_ENTRY)
		return true;
	if (rec->kind != LDIF_MODIFY)
		return false;
	for (i = 0; i < rec->nmods; i++)
		if (rec->mods[i].first > rec->nattrs ||
		    rec->mods[i].count > rec->nattrs - rec->mods[i].first)
			return false;
	return true;
}

int
cat_run(struct ldif_reader *r, struct ldif_writer *w,
    const struct cat_opts *opts, struct cat_stats *stats, struct diag *d)
{
	struct cat_state st;
	const struct ldif_record *rec;
	int rc;

	memset(stats, 0, sizeof(*stats));
	st.w = w;
	st.decode = opts != NULL && opts->decode;
	buf_init(&st.text);
	ldif_write_version(w);
	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		/* Now and then hand the output over, so that a full disk or a
		 * closed pipe stops us before the whole input has been read. */
		if (stats->records % FLUSH_EVERY == FLUSH_EVERY - 1 &&
		    ldif_writer_flush(w, d) < 0) {
			rc = -1;
			break;
		}
		stats->records++;
		if (rec->kind == LDIF_ENTRY)
			stats->entries++;
		else
			stats->changes++;
		if (st.decode && decodable(rec))
			write_decoded(&st, rec);
		else
			ldif_write_record(w, rec);
	}
	buf_release(&st.text);
	return rc < 0 ? -1 : 0;
}
