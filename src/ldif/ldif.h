/*
 * ldif.h: the LDIF record model shared by the reader, the writer, the rule
 * engine and the offline applier (RFC 2849).
 *
 * A record is either an entry (a content record, or an ldifde-style
 * "changetype: add" record, which is the same thing with a flag) or a change
 * record (modify, delete, moddn/modrdn). Every slice in a record borrows from
 * the reader that produced it and stays valid until the next call to
 * ldif_reader_next() or ldif_reader_free() on that reader.
 */
#ifndef LDFIX_LDIF_H
#define LDFIX_LDIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum ldif_kind {
	LDIF_ENTRY,     /* content record or "changetype: add" */
	LDIF_MODIFY,    /* "changetype: modify" */
	LDIF_DELETE,    /* "changetype: delete" */
	LDIF_MODDN      /* "changetype: moddn" or "modrdn" */
};

enum ldif_mod_op {
	LDIF_MOD_ADD,
	LDIF_MOD_DELETE,
	LDIF_MOD_REPLACE,
	LDIF_MOD_INCREMENT      /* RFC 4525; read, never written by ldfix */
};

/* One "attr: value" line after decoding (base64 undone, folding undone). */
struct ldif_attr {
	struct slice name;      /* AttributeDescription as written, options kept */
	struct slice value;     /* the value's bytes; may contain NUL */
	unsigned long line;     /* physical line the attr-value line starts on */
};

/*
 * One mod-spec of a modify record: its values are attrs[first] up to
 * attrs[first + count - 1] of the record.
 */
struct ldif_mod {
	enum ldif_mod_op op;
	struct slice attr;      /* AttributeDescription after "add:" etc. */
	size_t first;
	size_t count;
	unsigned long line;
};

struct ldif_control {
	struct slice oid;
	bool critical;
	bool has_value;
	struct slice value;
	unsigned long line;
};

struct ldif_record {
	enum ldif_kind kind;
	bool changetype_add;    /* LDIF_ENTRY that was written "changetype: add" */
	/* LDIF_ENTRY read by the fast path of ldif_reader_skim(): attrs
	 * hold only the lines the caller asked for (ldif_reader.h);
	 * ldif_reader_complete() reads the record whole. */
	bool partial;
	struct slice dn;        /* decoded DN bytes, verbatim from the input */
	unsigned long line;     /* physical line of "dn:" */

	/* LDIF_ENTRY: the attribute lines in input order. LDIF_MODIFY: the
	 * values of all mod-specs, in order, addressed by mods[]. */
	struct ldif_attr *attrs;
	size_t nattrs;
	/* ids[i]: the id of attrs[i].name (ldif_names.h), from the reader;
	 * NULL in a record built otherwise. */
	const uint32_t *ids;

	struct ldif_mod *mods;  /* LDIF_MODIFY only */
	size_t nmods;

	struct ldif_control *controls;
	size_t ncontrols;

	/* LDIF_MODDN only. */
	bool moddn_word;        /* true: written "moddn", false: "modrdn" */
	struct slice newrdn;
	bool deleteoldrdn;
	bool has_newsuperior;
	struct slice newsuperior;
};

const char *ldif_mod_op_name(enum ldif_mod_op op);   /* "add", "delete", ... */
const char *ldif_kind_name(enum ldif_kind kind);     /* "add"(entry), "modify", ... */

/*
 * ldif_attr_type: the attribute type of a description, without options
 * ("member;range=0-1499" -> "member").
 */
struct slice ldif_attr_type(struct slice description);

/*
 * ldif_value_is_safe: true when the value may be written as "attr: value"
 * rather than base64: not empty is not required (an empty value is written
 * "attr:"), every byte printable ASCII 0x20-0x7E, not starting with space,
 * ':' or '<', not ending with a space. This is OpenLDAP's writer rule plus
 * RFC 2849 note 8, and also what the DN must satisfy to be written plain.
 */
bool ldif_value_is_safe(struct slice v);

/*
 * ldif_desc_bad_at: the offset of the first byte of s that keeps it from
 * being an AttributeDescription, or -1 when it is one; an empty s is bad
 * at 0. This is the one check of attribute names in ldfix, in two modes:
 *
 *   LDIF_DESC_RFC     RFC 4512, for names written in rule files: a
 *                     descriptor (ALPHA *(ALPHA / DIGIT / "-")) or a
 *                     numeric OID (numbers without leading zeros, joined
 *                     by "."), then zero or more ";option", each
 *                     1*(ALPHA / DIGIT / "-").
 *   LDIF_DESC_EXPORT  as directory servers export them, for the reader and
 *                     the writer: the same, plus leading zeros in OID
 *                     numbers and '=', '*' and '_' in options (AD's
 *                     "member;range=1500-*", FreeIPA's
 *                     "ipaAllowedToPerform;read_keys").
 *
 * Every RFC name is an export name. No name either mode accepts can break
 * an LDIF line (no space, ':', control or non-ASCII byte); whether it is a
 * record keyword ("changetype", "dn", ...) is the reader's and the
 * writer's business.
 */
enum ldif_desc_mode { LDIF_DESC_RFC, LDIF_DESC_EXPORT };

long ldif_desc_bad_at(struct slice s, enum ldif_desc_mode mode);

/*
 * Attribute descriptions that are also words of RFC 2849's records, by
 * their type (options ignored), ASCII case-insensitively:
 *
 * ldif_desc_reserved: "dn", "changetype" and "control": no record can hold
 * an attribute of these names (readers take "dn:" for a new record and the
 * others for a record's header), so the reader refuses them and rules may
 * not change them.
 * ldif_desc_keyword: those, the mod-spec words (add, delete, replace,
 * increment) and the moddn words (moddn, modrdn, newrdn, deleteoldrdn,
 * newsuperior): not allowed as the first line of a content record, where
 * a reader decides what kind of record it reads. Anywhere else they, and
 * "version", are ordinary attributes.
 */
bool ldif_desc_reserved(struct slice s);
bool ldif_desc_keyword(struct slice s);
/* ldif_desc_word: both at once, as bits (0: an ordinary name). */
#define LDIF_WORD_KEYWORD 1
#define LDIF_WORD_RESERVED 2
unsigned ldif_desc_word(struct slice s);

#endif
