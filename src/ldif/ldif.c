/*
 * ldif.c: small facts about LDIF shared by the reader and the writer.
 */
#include "ldif/ldif.h"

#include <stdint.h>
#include <string.h>

const char *
ldif_mod_op_name(enum ldif_mod_op op)
{
	switch (op) {
	case LDIF_MOD_ADD:
		return "add";
	case LDIF_MOD_DELETE:
		return "delete";
	case LDIF_MOD_REPLACE:
		return "replace";
	case LDIF_MOD_INCREMENT:
		return "increment";
	}
	return "?";
}

const char *
ldif_kind_name(enum ldif_kind kind)
{
	switch (kind) {
	case LDIF_ENTRY:
		return "add";
	case LDIF_MODIFY:
		return "modify";
	case LDIF_DELETE:
		return "delete";
	case LDIF_MODDN:
		return "moddn";
	}
	return "?";
}

struct slice
ldif_attr_type(struct slice description)
{
	const unsigned char *semi = description.n > 0 ?
	    memchr(description.p, ';', description.n) : NULL;

	if (semi != NULL)
		description.n = (size_t)(semi - description.p);
	return description;
}

bool
ldif_value_is_safe(struct slice v)
{
	if (v.n == 0)
		return true;
	if (v.p[0] == ' ' || v.p[0] == ':' || v.p[0] == '<')
		return false;
	if (v.p[v.n - 1] == ' ')
		return false;
	return printable_span(v.p, v.n) == v.n;
}

/* Character classes of an AttributeDescription, as a table: the reader
 * and the writer check every attribute name they meet (once per name,
 * thanks to their name caches). */
#define KEYCHAR 1       /* RFC 4512 keychar: ALPHA / DIGIT / "-" */
#define EXPORTED 2      /* also in options as servers export them */

static const unsigned char desc_class[256] = {
	['-'] = KEYCHAR,
	['0'] = KEYCHAR, ['1'] = KEYCHAR, ['2'] = KEYCHAR, ['3'] = KEYCHAR,
	['4'] = KEYCHAR, ['5'] = KEYCHAR, ['6'] = KEYCHAR, ['7'] = KEYCHAR,
	['8'] = KEYCHAR, ['9'] = KEYCHAR,
	['A'] = KEYCHAR, ['B'] = KEYCHAR, ['C'] = KEYCHAR, ['D'] = KEYCHAR,
	['E'] = KEYCHAR, ['F'] = KEYCHAR, ['G'] = KEYCHAR, ['H'] = KEYCHAR,
	['I'] = KEYCHAR, ['J'] = KEYCHAR, ['K'] = KEYCHAR, ['L'] = KEYCHAR,
	['M'] = KEYCHAR, ['N'] = KEYCHAR, ['O'] = KEYCHAR, ['P'] = KEYCHAR,
	['Q'] = KEYCHAR, ['R'] = KEYCHAR, ['S'] = KEYCHAR, ['T'] = KEYCHAR,
	['U'] = KEYCHAR, ['V'] = KEYCHAR, ['W'] = KEYCHAR, ['X'] = KEYCHAR,
	['Y'] = KEYCHAR, ['Z'] = KEYCHAR,
	['a'] = KEYCHAR, ['b'] = KEYCHAR, ['c'] = KEYCHAR, ['d'] = KEYCHAR,
	['e'] = KEYCHAR, ['f'] = KEYCHAR, ['g'] = KEYCHAR, ['h'] = KEYCHAR,
	['i'] = KEYCHAR, ['j'] = KEYCHAR, ['k'] = KEYCHAR, ['l'] = KEYCHAR,
	['m'] = KEYCHAR, ['n'] = KEYCHAR, ['o'] = KEYCHAR, ['p'] = KEYCHAR,
	['q'] = KEYCHAR, ['r'] = KEYCHAR, ['s'] = KEYCHAR, ['t'] = KEYCHAR,
	['u'] = KEYCHAR, ['v'] = KEYCHAR, ['w'] = KEYCHAR, ['x'] = KEYCHAR,
	['y'] = KEYCHAR, ['z'] = KEYCHAR,
	['='] = EXPORTED, ['*'] = EXPORTED, ['_'] = EXPORTED,
};

/* The numeric OID that starts s, up to the first ';' or the end: the
 * offset of its first bad byte or -1, with *end where it stops. */
static long
oid_bad_at(struct slice s, enum ldif_desc_mode mode, size_t *end)
{
	size_t i;

	for (i = 0; i < s.n && s.p[i] != ';'; i++) {
		int c = s.p[i];

		if (c == '.') {
			if (i == 0 || s.p[i - 1] == '.')
				return (long)i;
			continue;
		}
		if (c < '0' || c > '9')
			return (long)i;
		/* RFC 4512 numbers have no leading zero; exports may. */
		if (mode == LDIF_DESC_RFC && i > 0 && s.p[i - 1] == '0' &&
		    (i == 1 || s.p[i - 2] == '.'))
			return (long)i;
	}
	if (s.p[i - 1] == '.')
		return (long)i - 1;
	*end = i;
	return -1;
}

long
ldif_desc_bad_at(struct slice s, enum ldif_desc_mode mode)
{
	unsigned optchars = mode == LDIF_DESC_EXPORT ? KEYCHAR | EXPORTED :
	    KEYCHAR;
	size_t i = 0;
	long bad;

	if (s.n == 0)
		return 0;
	if (s.p[0] >= '0' && s.p[0] <= '9') {
		if ((bad = oid_bad_at(s, mode, &i)) >= 0)
			return bad;
	} else if (ascii_isalpha(s.p[0])) {
		for (i = 1; i < s.n && s.p[i] != ';'; i++)
			if (!(desc_class[s.p[i]] & KEYCHAR))
				return (long)i;
	} else {
		return 0;
	}
	while (i < s.n) {       /* at a ';': an option follows */
		size_t start = ++i;

		for (; i < s.n && s.p[i] != ';'; i++)
			if (!(desc_class[s.p[i]] & optchars))
				return (long)i;
		if (i == start)
			return (long)i - 1;
	}
	return -1;
}

/* The record words, longest 12 bytes, each starting with one of
 * d c a r i m n: most names are rejected on their first byte. */
#define WORD(s, r) { s, sizeof(s) - 1, r }

static const struct {
	const char *word;
	size_t len;
	bool reserved;
} record_words[] = {
	WORD("dn", true), WORD("changetype", true), WORD("control", true),
	WORD("add", false), WORD("delete", false), WORD("replace", false),
	WORD("increment", false), WORD("moddn", false), WORD("modrdn", false),
	WORD("newrdn", false), WORD("deleteoldrdn", false),
	WORD("newsuperior", false),
};

/* The entry of record_words for s's type, or -1. Most names are told
 * apart by their first byte. */
static int
record_word(struct slice s)
{
	struct slice type;
	size_t i;
	int c0;

	if (s.n == 0)
		return -1;
	c0 = s.p[0] | 0x20;
	if (c0 != 'd' && c0 != 'c' && c0 != 'a' && c0 != 'r' && c0 != 'i' &&
	    c0 != 'm' && c0 != 'n')
		return -1;
	type = ldif_attr_type(s);
	if (type.n < 2 || type.n > 12)
		return -1;
	for (i = 0; i < sizeof(record_words) / sizeof(record_words[0]); i++)
		if (type.n == record_words[i].len &&
		    c0 == record_words[i].word[0] &&
		    slice_eq_ci(type, slice_mem(record_words[i].word,
		    record_words[i].len)))
			return (int)i;
	return -1;
}

unsigned
ldif_desc_word(struct slice s)
{
	int i = record_word(s);

	if (i < 0)
		return 0;
	return record_words[i].reserved ?
	    LDIF_WORD_KEYWORD | LDIF_WORD_RESERVED : LDIF_WORD_KEYWORD;
}

bool
ldif_desc_reserved(struct slice s)
{
	return (ldif_desc_word(s) & LDIF_WORD_RESERVED) != 0;
}

bool
ldif_desc_keyword(struct slice s)
{
	return ldif_desc_word(s) != 0;
}
