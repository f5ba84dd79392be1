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
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_lines.h"
#include "ldif/ldif_reader.h"

/* A slice that is still an offset into the arena. */
struct span {
	size_t off, n;
};

struct pattr {
	struct span name, value;
	unsigned long line;
};

struct pmod {
	enum ldif_mod_op op;
	struct span attr;
	size_t first, count;
	unsigned long line;
};

struct pctl {
	struct span oid, value;
	bool critical, has_value;
	unsigned long line;
};

struct ldif_reader {
	struct ldif_lines lines;
	struct ldif_limits lim;
	bool failed;

	struct ldif_line ln;    /* the current logical line */
	int ln_state;           /* 1 line, 0 end of input */

	/* Attribute descriptions that passed validation: most lines skip
	 * the character checks. */
	struct name_cache good_desc;

	struct buf arena;       /* every decoded byte of the record */
	size_t record_bytes;    /* what the record costs, for max_record */
	struct span dn, newrdn, newsuperior;

	struct pattr *pattrs;
	size_t npattrs, pattrs_cap;
	struct pmod *pmods;
	size_t npmods, pmods_cap;
	struct pctl *pctls;
	size_t npctls, pctls_cap;

	/* what ldif_reader_next() hands out */
	struct ldif_record rec;
	struct ldif_attr *attrs;
	size_t attrs_cap;
	struct ldif_mod *mods;
	size_t mods_cap;
	struct ldif_control *ctls;
	size_t ctls_cap;
};

/* A split "name: value" line: where the value starts and how it is coded. */
enum vkind { V_PLAIN, V_BASE64, V_URL };

struct split {
	struct slice name;
	size_t voff;            /* value offset in the line, after FILL */
	enum vkind kind;
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
int rd_split(struct ldif_reader *r, struct split *sp, struct diag *d);
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
struct span rd_put_bytes(struct ldif_reader *r, const unsigned char *p,
    size_t n);
int rd_put_value(struct ldif_reader *r, const struct split *sp,
    struct span *out, struct diag *d);
int rd_put_dn(struct ldif_reader *r, const struct split *sp,
    struct span *out, const char *what, struct diag *d);
void rd_push_attr(struct ldif_reader *r, const struct split *sp,
    struct span value);

#endif
