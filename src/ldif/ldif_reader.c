/*
 * ldif_reader.c: logical LDIF lines -> records (RFC 2849, RFC 4525).
 *
 * ldif_lines.c hands over unfolded lines without comments; this file runs
 * the record grammar; ldif_values.c splits and decodes each line into a
 * per-record arena (base/arena.h) that is reset from record to record (no
 * allocation per value once warm). Arena memory never moves, so the
 * record's slices point into it as they are read. The first error ends
 * the reader.
 *
 * Grammar accepted (condensed from RFC 2849; "FILL" = spaces):
 *   file     = *(blank / version / trailer / record)
 *   version  = "version:" FILL "1"            (where a record may start)
 *   trailer  = "search:" ... "result: 0 ..."  (ldapsearch; skipped)
 *   reference = "ref:" ...                     (ldapsearch; skipped)
 *   record   = dn *control (changetype / attrval+ / nothing)
 *   dn       = "dn:" (FILL text / ":" FILL base64)   UTF-8 only
 *   control  = "control:" FILL oid [1*SP ("true"/"false")] [value-spec]
 *   attrval  = description value-spec
 *   value-spec = ":" FILL text / "::" FILL base64 / ":<" url (refused)
 *   changetype = "changetype:" FILL ("add" attrval+ / "delete" /
 *                "modify" *modspec / ("moddn"/"modrdn") moddn-fields)
 *   modspec  = ("add"/"delete"/"replace"/"increment") ":" FILL
 *              description *attrval ("-" / end of record)
 *
 * Choices: plain values keep trailing spaces and may hold UTF-8 (what
 * "ldifde -u" files become after transcoding); a space-only or empty base64
 * value is the empty value; base64 must use the standard alphabet with
 * correct "=" padding; keyword values (changetype, mod-spec names, "-",
 * deleteoldrdn) must not carry trailing spaces (as OpenLDAP); a content
 * record may have no attributes (ldapsearch with "1.1"), a "changetype:
 * add" record may not; attribute descriptions are checked in
 * LDIF_DESC_EXPORT mode (options may hold '=', '*' and '_', as in
 * ";range=1500-*"). Lines and columns are those of ldif_lines.h.
 */
#include "ldif/ldif_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ldif/ldif_names.h"
#include "ldif/ldif_reader_impl.h"

static long
read_file(void *ctx, unsigned char *buf, size_t cap)
{
	FILE *fp = ctx;
	size_t got = fread(buf, 1, cap, fp);

	if (got == 0 && ferror(fp))
		return -1;
	return (long)got;
}

struct ldif_reader *
ldif_reader_new(const char *name, ldif_read_fn read, void *ctx,
    const struct ldif_limits *limits)
{
	struct ldif_reader *r = xcalloc(1, sizeof(*r));
	const char *option = "--max-value";
	size_t max_line;

	if (limits != NULL) {
		r->lim = *limits;
	} else {
		r->lim.max_value = LDIF_DEFAULT_MAX_VALUE;
		r->lim.max_record = LDIF_DEFAULT_MAX_RECORD;
	}
	/* A base64 value of max_value bytes, plus room for a long name; a
	 * value cannot be larger than the record either, so a line is not
	 * read further than what the record limit allows. */
	max_line = r->lim.max_value;
	if (r->lim.max_record < max_line) {
		max_line = r->lim.max_record;
		option = "--max-record";
	}
	if (max_line < SIZE_MAX / 2)
		max_line = max_line / 3 * 4 + 8 + 4096;
	r->max_values = r->lim.max_record / LDIF_VALUE_COST;
	r->max_attrs = r->lim.max_record / LDIF_ATTR_COST;
	if (r->max_values == 0)
		r->max_values = 1;
	if (r->max_attrs == 0)
		r->max_attrs = 1;
	ldif_lines_init(&r->lines, name, read, ctx, max_line, option);
	r->lines.allow_truncated = r->lim.allow_truncated;
	arena_init(&r->arena);
	hash_init(&r->distinct);
	return r;
}

struct ldif_reader *
ldif_reader_new_file(const char *name, FILE *fp,
    const struct ldif_limits *limits)
{
	return ldif_reader_new(name, read_file, fp, limits);
}

void
ldif_reader_free(struct ldif_reader *r)
{
	if (r == NULL)
		return;
	ldif_lines_release(&r->lines);
	arena_free(&r->arena);
	hash_free(&r->distinct);
	free(r->attrs);
	free(r->ids);
	free(r->mods);
	free(r->ctls);
	free(r->skim_types);
	free(r->skim_want);
	buf_release(&r->skim_line);
	free(r);
}

void
ldif_reader_skim(struct ldif_reader *r, const struct ldif_skim *s)
{
	size_t n = s->nvalues + s->npresent;

	r->skim_types = xreallocarray(r->skim_types, n ? n : 1,
	    sizeof(*r->skim_types));
	if (s->nvalues)
		memcpy(r->skim_types, s->values, s->nvalues *
		    sizeof(*s->values));
	if (s->npresent)
		memcpy(r->skim_types + s->nvalues, s->present, s->npresent *
		    sizeof(*s->present));
	r->nskim_values = s->nvalues;
	r->nskim_types = n;
	r->skim_all = s->all;
	free(r->skim_want);
	r->skim_want = xcalloc(LDIF_NAMES_MAX + 1, 1);
}

const char *
ldif_reader_name(const struct ldif_reader *r)
{
	return r->lines.name;
}

unsigned long long
ldif_reader_offset(const struct ldif_reader *r)
{
	return ldif_lines_offset(&r->lines);
}

const char *
ldif_reader_encoding(const struct ldif_reader *r)
{
	return ldif_lines_encoding(&r->lines);
}

/*
 * A description no writer could put where this one stands: "dn",
 * "changetype" and "control" anywhere (also with options), and any record
 * word as the first line of a content record (ldif.h). Refused here, with
 * its position, so that nothing reads what cannot be written back.
 */
static int
check_name(struct ldif_reader *r, const struct split *sp, bool first,
    struct diag *d)
{
	char q[48];

	if (sp->word == 0)
		return 0;
	if (rd_name_is(sp, "dn"))
		return rd_err_at(r, d, 0, "\"dn:\" inside a record (a blank "
		    "line must separate records)");
	if (rd_name_is(sp, "changetype") || rd_name_is(sp, "control"))
		return rd_err_at(r, d, 0, "\"%s:\" must come right after "
		    "\"dn:\"", rd_shown(sp->name, q, sizeof(q)));
	if (sp->word & LDIF_WORD_RESERVED)
		return rd_err_at(r, d, 0, "no record can hold an attribute "
		    "named \"%s\" (readers take it for a line of the record "
		    "itself)", rd_shown(sp->name, q, sizeof(q)));
	if (first && !r->rec.changetype_add && (sp->word & LDIF_WORD_KEYWORD))
		return rd_err_at(r, d, 0, "\"%s\" cannot be the first "
		    "attribute of a content record: readers would take the "
		    "record for a change record (write it with \"changetype: "
		    "add\", or another attribute first)",
		    rd_shown(sp->name, q, sizeof(q)));
	return 0;
}

/* Lines of an entry (content record or changetype: add) up to its end. */
static int
read_entry_attrs(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct slice v;

	for (; !rd_at_end(r); rd_next_line(r, d)) {
		if (rd_split(r, &sp, d) < 0 ||
		    check_name(r, &sp, r->nattrs == 0, d) < 0)
			return -1;
		if (rd_put_value(r, &sp, &v, d) < 0 ||
		    rd_push_attr(r, &sp, v, d) < 0)
			return -1;
	}
	return r->ln_state < 0 ? -1 : 0;
}

static int
close_mod(struct ldif_reader *r, const struct ldif_mod *m, struct diag *d)
{
	if (m->op == LDIF_MOD_INCREMENT && m->count != 1)
		return diag_set(d, r->lines.name, m->line, 1, "\"increment:\" "
		    "needs exactly one value, not %zu", m->count);
	return 0;
}

/* "add: attr" (or delete, replace, increment) in sp starts a mod-spec:
 * *out is it, or -1 with d set. */
static int
start_mod(struct ldif_reader *r, const struct split *sp, struct ldif_mod **out,
    struct diag *d)
{
	static const struct {
		const char *word;
		enum ldif_mod_op op;
	} ops[] = {
		{ "add", LDIF_MOD_ADD }, { "delete", LDIF_MOD_DELETE },
		{ "replace", LDIF_MOD_REPLACE },
		{ "increment", LDIF_MOD_INCREMENT }
	};
	struct ldif_mod *m;
	struct slice desc;
	char q[48];
	size_t i;
	long bad;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (rd_name_is(sp, ops[i].word))
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return rd_err_at(r, d, 0, "expected \"add:\", \"delete:\", "
		    "\"replace:\" or \"increment:\" to start a mod-spec, "
		    "found \"%s:\"", rd_shown(sp->name, q, sizeof(q)));
	if (rd_keyword_value(r, sp, &desc, d) < 0)
		return -1;
	if (desc.n == 0)
		return rd_err_at(r, d, sp->voff, "\"%s:\" needs an attribute "
		    "description", ops[i].word);
	if ((bad = ldif_desc_bad_at(desc, LDIF_DESC_EXPORT)) >= 0)
		return rd_err_at(r, d, sp->voff + (size_t)bad, "invalid "
		    "attribute description \"%s\"", rd_shown(desc, q, sizeof(q)));
	if (ldif_desc_reserved(desc))
		return rd_err_at(r, d, sp->voff, "no record can hold an "
		    "attribute named \"%s\" (readers take it for a line of the "
		    "record itself)", rd_shown(desc, q, sizeof(q)));
	grow_array(&r->mods, &r->mods_cap, r->nmods + 1, sizeof(*r->mods));
	m = &r->mods[r->nmods++];
	m->op = ops[i].op;
	m->attr = rd_put_bytes(r, desc.p, desc.n);
	m->first = r->nattrs;
	m->count = 0;
	m->line = r->ln.line;
	*out = m;
	return rd_account(r, desc.n + sizeof(*m), d);
}

static int
read_modify(struct ldif_reader *r, struct diag *d)
{
	struct ldif_mod *m = NULL;
	struct split sp;
	struct slice v;
	char q[48], q2[48];

	for (rd_next_line(r, d); !rd_at_end(r); rd_next_line(r, d)) {
		if (r->ln.p[0] == '-') {
			if (r->ln.n != 1)
				return rd_err_at(r, d, 1, "a mod-spec ends "
				    "with a line holding only \"-\"");
			if (m == NULL)
				return rd_err_at(r, d, 0, "\"-\" without a "
				    "mod-spec before it");
			if (close_mod(r, m, d) < 0)
				return -1;
			m = NULL;
			continue;
		}
		if (rd_split(r, &sp, d) < 0)
			return -1;
		if (m == NULL) {
			if (start_mod(r, &sp, &m, d) < 0)
				return -1;
			continue;
		}
		if (!slice_eq_ci(sp.name, m->attr))
			return rd_err_at(r, d, 0, "value line for \"%s\" "
			    "inside the mod-spec for \"%s\" (missing \"-\" "
			    "line?)", rd_shown(sp.name, q, sizeof(q)),
			    rd_shown(m->attr, q2, sizeof(q2)));
		if (rd_put_value(r, &sp, &v, d) < 0 ||
		    rd_push_attr(r, &sp, v, d) < 0)
			return -1;
		m->count++;
	}
	if (r->ln_state < 0)
		return -1;
	/* the final "-" may be left out at the end of the record */
	return m != NULL ? close_mod(r, m, d) : 0;
}

/* The next line of a moddn record must be "word:"; it is split into sp. */
static int
moddn_field(struct ldif_reader *r, const char *word, struct split *sp,
    struct diag *d)
{
	if (rd_next_line(r, d) < 0)
		return -1;
	if (rd_at_end(r))
		return diag_set(d, r->lines.name, r->ln.line,
		    r->ln_state == 0 ? 0 : 1, "moddn record ends before "
		    "its \"%s:\" line", word);
	if (rd_split(r, sp, d) < 0)
		return -1;
	if (!rd_name_is(sp, word))
		return rd_err_at(r, d, 0, "expected \"%s:\" here in a moddn "
		    "record", word);
	return 0;
}

static int
read_moddn(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct slice v;

	if (moddn_field(r, "newrdn", &sp, d) < 0 ||
	    rd_put_dn(r, &sp, &r->rec.newrdn, "newrdn", d) < 0)
		return -1;
	if (r->rec.newrdn.n == 0)
		return rd_err_at(r, d, sp.voff, "newrdn is empty");
	if (moddn_field(r, "deleteoldrdn", &sp, d) < 0 ||
	    rd_keyword_value(r, &sp, &v, d) < 0)
		return -1;
	if (v.n != 1 || (v.p[0] != '0' && v.p[0] != '1'))
		return rd_err_at(r, d, sp.voff, "deleteoldrdn must be 0 or 1");
	r->rec.deleteoldrdn = v.p[0] == '1';
	if (rd_next_line(r, d) < 0)
		return -1;
	if (rd_at_end(r))
		return 0;
	if (rd_split(r, &sp, d) < 0)
		return -1;
	if (!rd_name_is(&sp, "newsuperior"))
		return rd_err_at(r, d, 0, "unexpected line in a moddn record "
		    "(only newrdn, deleteoldrdn and newsuperior)");
	if (rd_put_dn(r, &sp, &r->rec.newsuperior, "newsuperior", d) < 0)
		return -1;
	r->rec.has_newsuperior = true;
	if (rd_next_line(r, d) < 0)
		return -1;
	if (!rd_at_end(r))
		return rd_err_at(r, d, 0, "unexpected line after newsuperior "
		    "in a moddn record");
	return 0;
}

/* "control:" FILL oid [1*SPACE ("true" / "false")] [value-spec] */
static int
read_control(struct ldif_reader *r, const struct split *sp, struct diag *d)
{
	const unsigned char *p = r->ln.p;
	size_t n = r->ln.n, i = sp->voff, start;
	struct split vs;
	struct ldif_control *c;
	long bad;

	if (sp->kind != V_PLAIN)
		return rd_err_at(r, d, sp->name.n, "\"control:\" takes an OID, "
		    "not base64");
	grow_array(&r->ctls, &r->ctls_cap, r->nctls + 1, sizeof(*r->ctls));
	c = &r->ctls[r->nctls];
	memset(c, 0, sizeof(*c));
	c->line = r->ln.line;
	for (start = i; i < n && ((p[i] >= '0' && p[i] <= '9') ||
	    p[i] == '.'); i++)
		;
	/* RFC 4512 numericoid: no leading zeros, as in DN attribute types
	 * (dn.c); "01.2" and "1.02" name no control. */
	bad = i == start ? 0 : ldif_desc_bad_at(slice_mem(p + start,
	    i - start), LDIF_DESC_RFC);
	if (bad >= 0)
		return rd_err_at(r, d, start + (size_t)bad, "\"control:\" "
		    "needs a numeric OID (numbers without leading zeros, "
		    "joined by dots)");
	c->oid = rd_put_bytes(r, p + start, i - start);
	if (i < n && p[i] == ' ') {
		while (i < n && p[i] == ' ')
			i++;
		if (n - i >= 4 && memcmp(p + i, "true", 4) == 0) {
			c->critical = true;
			i += 4;
		} else if (n - i >= 5 && memcmp(p + i, "false", 5) == 0) {
			i += 5;
		} else {
			return rd_err_at(r, d, i, "expected \"true\", "
			    "\"false\" or \":\" after the control OID");
		}
	}
	if (i < n) {
		if (p[i] != ':')
			return rd_err_at(r, d, i, "unexpected text after the "
			    "control's OID and criticality");
		vs.name = sp->name;
		vs.kind = V_PLAIN;
		i++;
		if (i < n && p[i] == ':') {
			vs.kind = V_BASE64;
			i++;
		} else if (i < n && p[i] == '<') {
			return rd_err_at(r, d, i, "URL values are not "
			    "supported; re-export without ldapsearch -t");
		}
		while (i < n && p[i] == ' ')
			i++;
		vs.voff = i;
		if (rd_put_value(r, &vs, &c->value, d) < 0)
			return -1;
		c->has_value = true;
	}
	r->nctls++;
	return rd_account(r, c->oid.n + sizeof(*c), d);
}

/*
 * ldapsearch's records without a dn: the "search: N" / "result: 0 Success"
 * trailer, and "ref:" search references (entries held elsewhere, such as
 * AD's DomainDnsZones). Skipped; a result other than 0 is an error.
 */
static int
skip_trailer(struct ldif_reader *r, struct diag *d)
{
	struct split sp;
	struct slice v;
	char q[48];

	for (rd_next_line(r, d); !rd_at_end(r); rd_next_line(r, d)) {
		if (rd_split(r, &sp, d) < 0)
			return -1;
		/* Skipping it would lose the entry silently. */
		if (rd_name_is(&sp, "dn"))
			return rd_err_at(r, d, 0, "\"dn:\" inside an "
			    "ldapsearch search/ref record (a blank line must "
			    "separate records)");
		if (!rd_name_is(&sp, "result") || sp.kind != V_PLAIN)
			continue;
		v = slice_mem(r->ln.p + sp.voff, r->ln.n - sp.voff);
		if (v.n == 0 || v.p[0] != '0' || (v.n > 1 && v.p[1] != ' '))
			return rd_err_at(r, d, sp.voff, "ldapsearch reported "
			    "\"result: %s\": the export is incomplete",
			    rd_shown(v, q, sizeof(q)));
	}
	return r->ln_state < 0 ? -1 : 0;
}

/* Hand out the arrays of the finished record. */
static void
finish(struct ldif_reader *r)
{
	struct ldif_record *rec = &r->rec;

	rec->attrs = r->attrs;
	rec->nattrs = r->nattrs;
	rec->ids = r->ids;
	rec->mods = r->mods;
	rec->nmods = r->nmods;
	rec->controls = r->ctls;
	rec->ncontrols = r->nctls;
}

/* Arrays a huge record grew are given back after it. */
#define KEEP_LINES 65536

static void
reset_record(struct ldif_reader *r)
{
	arena_reset(&r->arena);
	r->record_bytes = 0;
	if (r->attrs_cap > KEEP_LINES) {
		free(r->attrs);
		free(r->ids);
		r->attrs = NULL;
		r->ids = NULL;
		r->attrs_cap = 0;
	}
	if (r->ndistinct > 0 || r->distinct.cap > 0)
		hash_free(&r->distinct);
	r->ndistinct = 0;
	r->nattrs = r->nmods = r->nctls = 0;
	r->nsplit = 0;
	r->in_place = false;
	memset(&r->rec, 0, sizeof(r->rec));
}

/* Find the "dn:" line that starts the next record: 1, 0 at the end. */
static int
find_record(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	struct slice v;
	char q[48];

	for (;;) {
		if (rd_next_line(r, d) <= 0)
			return r->ln_state;
		if (r->ln.n == 0)
			continue;
		if (rd_split(r, sp, d) < 0)
			return -1;
		if (rd_name_is(sp, "dn"))
			return 1;
		if (rd_name_is(sp, "version")) {
			if (rd_keyword_value(r, sp, &v, d) < 0)
				return -1;
			if (v.n != 1 || v.p[0] != '1')
				return rd_err_at(r, d, sp->voff, "unsupported "
				    "LDIF version \"%s\" (only 1 is known)",
				    rd_shown(v, q, sizeof(q)));
			continue;
		}
		if (rd_name_is(sp, "search") || rd_name_is(sp, "ref")) {
			/* A reference comes between entries; a search
			 * record ends the search (or one page of it). */
			r->search_done = rd_name_is(sp, "search");
			if (skip_trailer(r, d) < 0)
				return -1;
			continue;
		}
		return rd_err_at(r, d, 0, "a record must start with \"dn:\", "
		    "not \"%s:\"", rd_shown(sp->name, q, sizeof(q)));
	}
}

static int
read_record(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	struct slice v;
	char q[48];

	r->rec.line = r->ln.line;
	if (rd_put_dn(r, sp, &r->rec.dn, "DN", d) < 0)
		return -1;
	for (;;) {
		if (rd_next_line(r, d) < 0)
			return -1;
		if (rd_at_end(r))
			break;
		if (rd_split(r, sp, d) < 0)
			return -1;
		if (!rd_name_is(sp, "control"))
			break;
		if (read_control(r, sp, d) < 0)
			return -1;
	}
	if (rd_at_end(r) || !rd_name_is(sp, "changetype")) {
		if (r->nctls > 0)
			return diag_set(d, r->lines.name, r->ctls[0].line, 1,
			    "\"control:\" lines are only allowed in change "
			    "records");
		r->rec.kind = LDIF_ENTRY;
		return read_entry_attrs(r, d);
	}
	if (rd_keyword_value(r, sp, &v, d) < 0)
		return -1;
	if (slice_eq_cstr_ci(v, "add")) {
		r->rec.kind = LDIF_ENTRY;
		r->rec.changetype_add = true;
		if (rd_next_line(r, d) < 0)
			return -1;
		if (rd_at_end(r))
			return diag_set(d, r->lines.name, r->rec.line, 1,
			    "\"changetype: add\" record without attributes");
		return read_entry_attrs(r, d);
	}
	if (slice_eq_cstr_ci(v, "modify")) {
		r->rec.kind = LDIF_MODIFY;
		return read_modify(r, d);
	}
	if (slice_eq_cstr_ci(v, "delete")) {
		r->rec.kind = LDIF_DELETE;
		if (rd_next_line(r, d) < 0)
			return -1;
		if (!rd_at_end(r))
			return rd_err_at(r, d, 0, "unexpected line after "
			    "\"changetype: delete\" (a blank line must end "
			    "the record)");
		return 0;
	}
	if (slice_eq_cstr_ci(v, "moddn") || slice_eq_cstr_ci(v, "modrdn")) {
		r->rec.kind = LDIF_MODDN;
		r->rec.moddn_word = slice_eq_cstr_ci(v, "moddn");
		return read_moddn(r, d);
	}
	return rd_err_at(r, d, sp->voff, "unknown changetype \"%s\" (add, "
	    "delete, modify, moddn or modrdn)", rd_shown(v, q, sizeof(q)));
}

/* The next record by the full path: 1, 0 at the end, -1 with d set. */
static int
read_whole(struct ldif_reader *r, const struct ldif_record **rec,
    struct diag *d)
{
	struct split sp;
	int found;

	found = find_record(r, &sp, d);
	if (found > 0 && read_record(r, &sp, d) == 0) {
		finish(r);
		*rec = &r->rec;
		return 1;
	}
	if (found != 0)
		return -1;
	/* ldapsearch writes its result after the last entry, whatever the
	 * result: without it the search stopped on the way (a connection
	 * lost), and the export ends at a line end all the same. */
	if (r->lines.ldapsearch_head && !r->search_done &&
	    !r->lim.allow_truncated)
		return diag_set(d, r->lines.name, 1, 1, "this ldapsearch "
		    "export (\"# extended LDIF\") ends without the search "
		    "result ldapsearch writes last (\"search:\" and "
		    "\"result:\"): the search stopped before its end, as "
		    "when the connection is lost, and entries are missing; "
		    "export again, or pass --allow-truncated if it is whole");
	return 0;
}

int
ldif_reader_next(struct ldif_reader *r, const struct ldif_record **rec,
    struct diag *d)
{
	int rc;

	if (r->failed)
		return diag_set(d, r->lines.name, 0, 0, "reader used after "
		    "an error");
	reset_record(r);
	r->search_done = false;
	if (r->skim_want != NULL) {
		while ((rc = rd_skim(r)) == 2)
			reset_record(r);
		if (rc == 1) {
			finish(r);
			*rec = &r->rec;
			return 1;
		}
		reset_record(r);
	}
	rc = read_whole(r, rec, d);
	if (rc < 0)
		r->failed = true;
	return rc;
}

int
ldif_reader_complete(struct ldif_reader *r, const struct ldif_record **rec,
    struct diag *d)
{
	bool all;
	int rc;

	if (r->failed || !r->rec.partial)
		return diag_set(d, r->lines.name, 0, 0, "no partial record to "
		    "complete");
	ldif_lines_unconsume(&r->lines, r->skim_bytes, r->skim_lines);
	r->skim_bytes = 0;
	r->skim_lines = 0;
	reset_record(r);
	/* The fast path again, every line asked for this time (it read
	 * these bytes a moment ago, so it rarely gives up); the full path
	 * when it does. */
	all = r->skim_all;
	r->skim_all = true;
	rc = rd_skim(r);
	r->skim_all = all;
	if (rc == 1) {
		finish(r);
		*rec = &r->rec;
		return 1;
	}
	reset_record(r);
	rc = read_whole(r, rec, d);
	if (rc == 1)
		return 1;
	r->failed = true;
	if (rc == 0)    /* the bytes were there a moment ago */
		diag_set(d, r->lines.name, 0, 0, "record lost while it was "
		    "read again");
	return -1;
}
