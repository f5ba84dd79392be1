/*
 * cat.c: "ldfix cat", every record of the input in canonical form.
 *
 * The reader does the parsing and the writer does the spelling; this file
 * only walks the records (add records stay add records, or with --content
 * become content records) and, with --decode, puts a comment under each
 * value that is a Windows SID or GUID, shown as display.h shows it
 * everywhere, so that an administrator can read "S-1-5-21-..." instead
 * of base64, and under each security descriptor its SDDL (display_sd). The comments are ignored by every LDIF parser, so
 * "cat --decode" output is still the same data.
 */
#include "tasks/cat.h"

#include <string.h>

#include "base/buf.h"
#include "ldif/display.h"
#include "ldif/ldif_names.h"

struct cat_state {
	struct ldif_writer *w;
	bool decode;
	struct buf text;        /* comment text, reused */
	/* --decode: the display kind of each name id, plus one (0: not
	 * decided yet), so that a name is looked at once, not per line. */
	unsigned char kinds[LDIF_NAMES_MAX + 1];
};

/* What display.h makes of name's values; id is name's, or 0. */
static enum display_attr
kind_of(struct cat_state *st, struct slice name, uint32_t id)
{
	if (id == 0 || id > LDIF_NAMES_MAX)
		return display_attr_kind(name);
	if (st->kinds[id] == 0)
		st->kinds[id] = (unsigned char)(display_attr_kind(name) + 1);
	return (enum display_attr)(st->kinds[id] - 1);
}

/* One attribute line, with its decoded comment when asked for: a SID or
 * GUID value as display.h shows it, a security descriptor as SDDL or what
 * is wrong with it (other values need no comment). */
static void
write_value(struct cat_state *st, struct slice name, uint32_t id,
    struct slice value)
{
	enum display_attr kind = kind_of(st, name, id);
	enum display_form form;

	ldif_write_attr(st->w, name, value);
	if (!st->decode || kind == DISPLAY_ATTR_PLAIN)
		return;
	buf_reset(&st->text);
	buf_putslice(&st->text, name);
	buf_put(&st->text, ": ", 2);
	if (kind == DISPLAY_ATTR_SD) {
		(void)display_sd(&st->text, value);
		ldif_write_comment(st->w, buf_slice(&st->text));
		return;
	}
	form = display_value(&st->text, name, value, DISPLAY_VALUE_MAX);
	if (form == DISPLAY_SID || form == DISPLAY_GUID)
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
		if (rec->changetype_add)
			ldif_write_changetype(st->w, LDIF_ENTRY);
		for (i = 0; i < rec->nattrs; i++)
			write_value(st, rec->attrs[i].name,
			    rec->ids != NULL ? rec->ids[i] : 0,
			    rec->attrs[i].value);
	} else {
		ldif_write_changetype(st->w, LDIF_MODIFY);
		for (i = 0; i < rec->nmods; i++) {
			m = &rec->mods[i];
			ldif_write_modop(st->w, m->op, m->attr);
			for (k = 0; k < m->count; k++)
				write_value(st, m->attr, 0,
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

/* --content: the add record rec as a content record in *out, or -1 with
 * d set for a record that cannot be one. */
static int
as_content(const struct cat_opts *opts, const struct ldif_record *rec,
    struct ldif_record *out, struct diag *d)
{
	const char *name = opts->input_name ? opts->input_name : "-";

	if (rec->kind != LDIF_ENTRY)
		return diag_set(d, name, rec->line, 1, "a %s record: with "
		    "--content the add records become content records, "
		    "which RFC 2849 does not allow beside change records; "
		    "leave out --content", ldif_kind_name(rec->kind));
	if (rec->ncontrols > 0)
		return diag_set(d, name, rec->line, 1, "an add record with "
		    "controls cannot be a content record; leave out --content");
	if (rec->nattrs > 0 && ldif_desc_keyword(rec->attrs[0].name))
		return diag_set(d, name, rec->attrs[0].line, 1, "an add record "
		    "whose first attribute is a record word cannot be a "
		    "content record (readers would take it for a change "
		    "record); leave out --content");
	*out = *rec;
	out->changetype_add = false;
	return 0;
}

int
cat_run(struct ldif_reader *r, struct ldif_writer *w,
    const struct cat_opts *opts, struct cat_stats *stats, struct diag *d)
{
	struct cat_state st;
	const struct ldif_record *rec;
	struct ldif_record content;
	int rc;

	memset(stats, 0, sizeof(*stats));
	st.w = w;
	st.decode = opts != NULL && opts->decode;
	buf_init(&st.text);
	memset(st.kinds, 0, sizeof(st.kinds));
	/* Every line, by the reader's fast path where it can. */
	ldif_reader_skim(r, &(const struct ldif_skim){ .all = true });
	ldif_write_version(w);
	while ((rc = ldif_reader_next(r, &rec, d)) == 1) {
		if (ldif_writer_flush_every(w, stats->records + 1, d) < 0) {
			rc = -1;
			break;
		}
		if (opts != NULL && opts->content) {
			if (as_content(opts, rec, &content, d) < 0) {
				rc = -1;
				break;
			}
			rec = &content;
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
