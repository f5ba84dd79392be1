/*
 * cat.c: "ldfix cat", every record of the input in canonical form.
 *
 * The reader does the parsing and the writer does the spelling; this file
 * only walks the records and, with --decode, puts a comment under each
 * value that is a Windows SID or GUID so that an administrator can read
 * "S-1-5-21-..." instead of base64. The comments are ignored by every LDIF
 * parser, so "cat --decode" output is still the same data.
 */
#include "cat.h"

#include <string.h>

#include "buf.h"
#include "sid.h"

/* Attribute types that hold binary SIDs (compared case-insensitively). */
static const char *const sid_types[] = {
	"objectSid",
	"msExchMasterAccountSid",
	"sIDHistory",
	"securityIdentifier",
	"tokenGroups",
	"tokenGroupsGlobalAndUniversal",
	"tokenGroupsNoGCAcceptable",
	"mS-DS-CreatorSID",
};

/* Attribute types that hold 16-byte GUIDs. */
static const char *const guid_types[] = {
	"objectGUID",
	"msExchMailboxGuid",
	"schemaIDGUID",
	"attributeSecurityGUID",
	"invocationId",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define FLUSH_EVERY 4096        /* records between checks for write errors */

static bool
in_list(struct slice type, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (slice_eq_cstr_ci(type, list[i]))
			return true;
	return false;
}

static bool
ends_with_ci(struct slice s, const char *suffix)
{
	size_t k = strlen(suffix);

	return s.n >= k &&
	    slice_eq_cstr_ci(slice_mem(s.p + s.n - k, k), suffix);
}

/*
 * Append the readable form of a well-known binary value to out: a SID for
 * the SID attributes and any "...Sid" attribute holding a valid SID, a GUID
 * for the GUID attributes and any "...Guid" attribute of 16 bytes. Returns
 * false (out unchanged) when the value is neither.
 */
static bool
readable_form(struct slice name, struct slice value, struct buf *out)
{
	struct slice type = ldif_attr_type(name);

	if ((in_list(type, sid_types, NELEM(sid_types)) ||
	    ends_with_ci(type, "Sid")) && sid_valid(value))
		return sid_format(value, out) == 0;
	if ((in_list(type, guid_types, NELEM(guid_types)) ||
	    ends_with_ci(type, "Guid")) && value.n == 16)
		return guid_format(value, out) == 0;
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
	ldif_write_attr(st->w, name, value);
	if (!st->decode)
		return;
	buf_reset(&st->text);
	buf_putslice(&st->text, name);
	buf_put(&st->text, ": ", 2);
	if (readable_form(name, value, &st->text))
		ldif_write_comment(st->w, buf_slice(&st->text));
}

/*
 * Entries and modify records are written line by line so that comments
 * can follow values; the layout is the one ldif_write_record() uses.
 * Records with controls, deletes and renames carry no binary values worth
 * decoding and go to ldif_write_record() whole.
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
			for (k = 0; k < m->count &&
			    m->first + k < rec->nattrs; k++)
				write_value(st, m->attr,
				    rec->attrs[m->first + k].value);
			ldif_write_modend(st->w);
		}
	}
	ldif_write_end_record(st->w);
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
		if (st.decode && rec->ncontrols == 0 &&
		    (rec->kind == LDIF_ENTRY || rec->kind == LDIF_MODIFY))
			write_decoded(&st, rec);
		else
			ldif_write_record(w, rec);
	}
	buf_release(&st.text);
	return rc < 0 ? -1 : 0;
}
