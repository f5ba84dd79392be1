/*
 * ldif_reader_impl.h: what the two halves of the LDIF reader share;
 * internal to ldif_reader.c (record grammar, API) and ldif_values.c (one
 * "name: value" line: splitting, checking, decoding into the arena).
 * Nothing else should include it.
 */
#ifndef LDFIX_LDIF_READER_IMPL_H
#define LDFIX_LDIF_READER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "ldif/ldif.h"
#include "ldif/ldif_lines.h"
#include "ldif/ldif_reader.h"

#define RD_PRED_LINES 128

struct ldif_reader {
	struct ldif_lines lines;
	struct ldif_limits lim;
	bool failed;
	/* ldapsearch's "search:" record (its result) came after the last
	 * record returned: what an ldapsearch export must end with. */
	bool search_done;

	struct ldif_line ln;    /* the current logical line */
	int ln_state;           /* 1 line, 0 end of input */

	/* Attribute descriptions that passed validation: most lines skip
	 * the character checks. */
	struct name_cache good_desc;
	/* The names of the last record's lines, by their place in it, with
	 * their cache values: exports write record after record with the
	 * same names in the same order, so a line is first tried against
	 * the name the line at its place had (no colon search, no cache
	 * lookup). nsplit counts the current record's split lines. */
	struct {
		unsigned char n;        /* 0: nothing predicted */
		unsigned char name[NAME_CACHE_MAX + 1];
		int value;
	} pred[RD_PRED_LINES];
	size_t nsplit;

	/* Every decoded byte of the record; reset per record. Nothing in
	 * it moves, so names and values are slices from the start. */
	struct arena arena;
	size_t record_bytes;    /* what the record costs, for max_record */
	size_t max_values;      /* value lines of a record (see ldif_limits) */
	size_t max_attrs;       /* distinct descriptions of an entry */
	/* An entry's distinct descriptions, counted only once its lines
	 * outnumber max_attrs (below that they cannot exceed it): indices
	 * into attrs of each description's first line. */
	struct hash distinct;
	size_t ndistinct;

	/* what ldif_reader_next() hands out; the arrays are reused */
	struct ldif_record rec;
	struct ldif_attr *attrs;
	uint32_t *ids;          /* of attrs[i].name; attrs_cap of them */
	size_t nattrs, attrs_cap;
	struct ldif_mod *mods;
	size_t nmods, mods_cap;
	struct ldif_control *ctls;
	size_t nctls, ctls_cap;

	/* The fast path (ldif_skim.c), after ldif_reader_skim(): the types
	 * asked for, what each attribute id is to it (enum skim_want, 0 not
	 * known yet), a folded line it decodes, joined, and the bytes and
	 * lines of the last record it handed out partially, to read it
	 * again. */
	struct slice *skim_types;
	size_t nskim_values, nskim_types;
	bool skim_all;
	/* The record lies whole in the line buffer, which holds still until
	 * the next call: names and plain values are slices of it. */
	bool in_place;
	unsigned char *skim_want;       /* LDIF_NAMES_MAX + 1 of them */
	struct buf skim_line;
	size_t skim_bytes;
	unsigned long skim_lines;
};

enum skim_want { SKIM_UNKNOWN, SKIM_VALUE, SKIM_PRESENT, SKIM_SKIP };

/*
 * rd_skim: the next record by the fast path, when it is an entry the fast
 * path can read exactly as the full one would: 1 with r->rec filled (a
 * partial record), 2 when it read more input and must start again (after
 * reset_record), 0 when the full path must read it (nothing consumed).
 * Never an error: the full path finds and reports it.
 */
int rd_skim(struct ldif_reader *r);

/* A split "name: value" line: where the value starts and how it is coded. */
enum vkind { V_PLAIN, V_BASE64, V_URL };

struct split {
	struct slice name;
	size_t voff;            /* value offset in the line, after FILL */
	enum vkind kind;
	unsigned char word;     /* ldif_desc_word(name), kept in the cache */
	uint32_t id;            /* ldif_name_id(name), kept there too */
};

/*
 * Helpers over the current line r->ln. Those returning int give 0 or -1
 * with d filled; byte offsets are into the logical line.
 */
int rd_err_at(struct ldif_reader *r, struct diag *d, size_t off,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* shown: up to 40 bytes of s for a message, '?' for unprintable bytes. */
const char *rd_shown(struct slice s, char *out, size_t outsz);
/* next_line: load the next logical line; returns and sets ln_state. */
int rd_next_line(struct ldif_reader *r, struct diag *d);
/* at_end: the current line ends the record (blank, end, or an error). */
bool rd_at_end(const struct ldif_reader *r);
/*
 * rd_split: split the current line at its colon; the name is checked.
 * Inline for the common line, whose name is the one the record before had
 * in the same place (r->pred); rd_split_new takes any other (line k of the
 * record) and rd_split_rest the part after the name (v: the name's cache
 * value, its word bits and id).
 */
int rd_split_new(struct ldif_reader *r, struct split *sp, size_t k,
    struct diag *d);

static inline int
rd_split_rest(struct ldif_reader *r, struct split *sp, int v, struct diag *d)
{
	const unsigned char *p = r->ln.p;
	size_t n = r->ln.n, i = sp->name.n + 1;

	sp->word = (unsigned char)(v & 0xff);
	sp->id = (uint32_t)v >> 8;
	sp->kind = V_PLAIN;
	if (i < n && p[i] == ':') {
		sp->kind = V_BASE64;
		i++;
	} else if (i < n && p[i] == '<') {
		sp->kind = V_URL;
		return rd_err_at(r, d, i, "URL values are not supported; "
		    "re-export without ldapsearch -t");
	}
	while (i < n && p[i] == ' ')
		i++;
	sp->voff = i;
	return 0;
}

static inline int
rd_split(struct ldif_reader *r, struct split *sp, struct diag *d)
{
	const unsigned char *p = r->ln.p;
	size_t k = r->nsplit++, len;

	len = k < RD_PRED_LINES ? r->pred[k].n : 0;
	if (len == 0 || len >= r->ln.n || p[len] != ':' ||
	    !short_bytes_eq(p, r->pred[k].name, len))
		return rd_split_new(r, sp, k, d);
	sp->name = slice_mem(p, len);
	return rd_split_rest(r, sp, r->pred[k].value, d);
}
/*
 * name_is: the line's attribute name is word (lower-case letters only),
 * ignoring case. Inline: it runs several times per line.
 */
static inline bool
rd_name_is(const struct split *sp, const char *word)
{
	size_t i, n = strlen(word);

	if (sp->name.n != n)
		return false;
	for (i = 0; i < n; i++)
		if ((sp->name.p[i] | 0x20) != word[i])
			return false;
	return true;
}
int rd_keyword_value(struct ldif_reader *r, const struct split *sp,
    struct slice *v, struct diag *d);
/* account: add bytes to the record's size, checking --max-record. */
int rd_account(struct ldif_reader *r, size_t bytes, struct diag *d);
/* put_bytes: a copy of n bytes in the record's arena. Inline: it runs
 * for every name and value. */
static inline struct slice
rd_put_bytes(struct ldif_reader *r, const unsigned char *p, size_t n)
{
	return slice_mem(arena_copy(&r->arena, p, n), n);
}
int rd_put_value(struct ldif_reader *r, const struct split *sp,
    struct slice *out, struct diag *d);
int rd_put_dn(struct ldif_reader *r, const struct split *sp,
    struct slice *out, const char *what, struct diag *d);
/* push_attr: the value line into the record; -1 with d set when the
 * record gets more values (or an entry more attributes) than allowed. */
int rd_push_attr(struct ldif_reader *r, const struct split *sp,
    struct slice value, struct diag *d);

#endif
