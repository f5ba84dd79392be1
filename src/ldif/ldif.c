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
	size_t i;

	for (i = 0; i < description.n; i++)
		if (description.p[i] == ';')
			break;
	description.n = i;
	return description;
}

bool
ldif_value_is_safe(struct slice v)
{
	size_t i;

	if (v.n == 0)
		return true;
	if (v.p[0] == ' ' || v.p[0] == ':' || v.p[0] == '<')
		return false;
	if (v.p[v.n - 1] == ' ')
		return false;
	/* Eight bytes at a time: a byte below 0x20 makes (w - 0x20..) borrow
	 * into its top bit while ~w has it set; a byte of 0x7f or more has
	 * the top bit set in w or in w + 0x01.. . Exact for "is there any". */
	for (i = 0; i + 8 <= v.n; i += 8) {
		uint64_t w;

		memcpy(&w, v.p + i, 8);
		if ((((w - 0x2020202020202020ULL) & ~w) |
		    (w | (w + 0x0101010101010101ULL))) & 0x8080808080808080ULL)
			return false;
	}
	for (; i < v.n; i++)
		if (v.p[i] < 0x20 || v.p[i] > 0x7e)
			return false;
	return true;
}

/* A numeric OID: number *( "." number ), numbers without leading zeros. */
static bool
is_numeric_oid(struct slice s)
{
	size_t i = 0;

	for (;;) {
		size_t start = i;

		while (i < s.n && ascii_isdigit(s.p[i]))
			i++;
		if (i == start)
			return false;
		if (i - start > 1 && s.p[start] == '0')
			return false;
		if (i == s.n)
			return true;
		if (s.p[i] != '.')
			return false;
		i++;
	}
}

bool
ldif_is_attr_description(struct slice s)
{
	struct slice type = ldif_attr_type(s);
	size_t i;

	if (type.n == 0)
		return false;
	if (ascii_isdigit(type.p[0])) {
		if (!is_numeric_oid(type))
			return false;
	} else {
		if (!ascii_isalpha(type.p[0]))
			return false;
		for (i = 1; i < type.n; i++)
			if (!ascii_isalpha(type.p[i]) && !ascii_isdigit(type.p[i]) &&
			    type.p[i] != '-')
				return false;
	}
	/* Options: ";" 1*(ALPHA / DIGIT / "-"), each non-empty. */
	i = type.n;
	while (i < s.n) {
		size_t start = ++i;

		while (i < s.n && s.p[i] != ';') {
			if (!ascii_isalpha(s.p[i]) && !ascii_isdigit(s.p[i]) &&
			    s.p[i] != '-')
				return false;
			i++;
		}
		if (i == start)
			return false;
	}
	return true;
}
