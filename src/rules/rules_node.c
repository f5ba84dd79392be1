/*
 * rules_node.c: checks of single YAML nodes for the rule loader (see
 * rules_node.h): error positions, quoting, scalars, attribute names,
 * literals and their integer reading (base/num.h), bit masks.
 */
#include "rules/rules_node.h"

#include <stdarg.h>
#include <string.h>

#include "base/num.h"
#include "ldif/ldif.h"

int
rl_fail(struct rl *L, const struct ynode *y, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(L->d, L->name, y ? y->line : 0, y ? y->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
rl_q(struct rl *L, const void *s, size_t n)
{
	char *q = L->quote[L->nquote++ % 2];

	ytree_quote(s, n, q, sizeof(L->quote[0]));
	return q;
}

const struct ynode *
rl_get(const struct ynode *map, const char *key, const struct ynode **keynode)
{
	size_t i, len = strlen(key);

	for (i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i];

		if (k->n == len && memcmp(k->s, key, len) == 0) {
			if (keynode)
				*keynode = k;
			return map->kids[i + 1];
		}
	}
	return NULL;
}

int
rl_want(struct rl *L, const struct ynode *y, enum ynode_kind kind,
    const char *what)
{
	static const char *const names[] = { "a scalar", "a list", "a mapping" };

	if (y->kind == kind && !(kind == YNODE_SCALAR && ytree_is_null(y)))
		return 0;
	return rl_fail(L, y, "%s must be %s, not %s", what, names[kind],
	    ytree_kind_name(y));
}

struct slice
rl_keep(struct rl *L, const struct ynode *y)
{
	struct slice s;

	s.p = (const unsigned char *)arena_memdup(L->a, y->s, y->n);
	s.n = y->n;
	return s;
}

int
rl_attr(struct rl *L, const struct ynode *y, const char *what,
    struct slice *out)
{
	if (rl_want(L, y, YNODE_SCALAR, what) < 0)
		return -1;
	if (ldif_desc_bad_at(slice_mem(y->s, y->n), LDIF_DESC_RFC) >= 0)
		return rl_fail(L, y, "invalid attribute name '%s'",
		    rl_q(L, y->s, y->n));
	*out = rl_keep(L, y);
	return 0;
}

int
rl_attr_name(struct rl *L, const struct ynode *y, struct slice name,
    bool master, const char *what)
{
	struct slice a;

	if (master && rules_master_attr(name, &a)) {
		if (ldif_desc_bad_at(a, LDIF_DESC_RFC) < 0)
			return 0;
		return rl_fail(L, y, "invalid attribute name '%s' after "
		    "'master.' (master.ATTR reads ATTR of the master account)",
		    rl_q(L, a.p, a.n));
	}
	if (ldif_desc_bad_at(name, LDIF_DESC_RFC) < 0)
		return 0;
	if (what == NULL)
		return rl_fail(L, y, "invalid attribute name '%s' (or an "
		    "unknown condition)", rl_q(L, name.p, name.n));
	return rl_fail(L, y, "invalid attribute name '%s'",
	    rl_q(L, name.p, name.n));
}

int
rl_value(struct rl *L, const struct ynode *y, const char *what, bool need_int,
    struct rule_value *v)
{
	struct num n;
	int rc = NUM_SYNTAX;

	if (y->kind != YNODE_SCALAR || ytree_is_null(y))
		return rl_fail(L, y, "%s must be a value, not %s", what,
		    ytree_kind_name(y));
	memset(v, 0, sizeof(*v));
	v->text = rl_keep(L, y);
	if (y->plain || y->tag == YTAG_INT)
		rc = num_parse(slice_mem(y->s, y->n), NUM_HEX, &n);
	if (rc == NUM_RANGE)
		return rl_fail(L, y, "integer out of range: '%s' (%s)",
		    rl_q(L, y->s, y->n), "from -2^63 to 2^64-1");
	/* 010 is 10 to some readers and octal 8 to YAML 1.1 ones. */
	if (rc == NUM_FORM)
		return rl_fail(L, y, "'%s' is written with '+', a leading "
		    "zero or as -0: write the integer plainly (like 10, -5, "
		    "0x1F), or quote it to compare it as text",
		    rl_q(L, y->s, y->n));
	if (rc == NUM_SYNTAX && y->tag == YTAG_INT)
		return rl_fail(L, y, "'%s' is tagged !!int but is not an "
		    "integer", rl_q(L, y->s, y->n));
	if (rc == NUM_OK) {
		v->is_int = true;
		v->neg = n.neg;
		v->mag = n.mag;
	}
	if (need_int && !v->is_int)
		return rl_fail(L, y, "%s must be an integer%s, not '%s'", what,
		    y->plain ? "" : " (without quotes)", rl_q(L, y->s, y->n));
	return 0;
}

int
rl_bits(struct rl *L, const struct ynode *y, const char *what, uint64_t *bits)
{
	struct rule_value v;

	if (rl_value(L, y, what, true, &v) < 0)
		return -1;
	if (v.neg)
		return rl_fail(L, y, "%s must not be negative (write the bits "
		    "in hex, like 0x80000000)", what);
	if (v.mag == 0)
		return rl_fail(L, y, "%s must not be 0", what);
	*bits = v.mag;
	return 0;
}

static bool
id_at(const void *ctx, size_t idx, const void *key)
{
	const struct rule *rules = ctx;

	return strcmp(rules[idx].id, key) == 0;
}

const struct rule *
rl_rule_by_id(const struct hash *t, const struct rule *rules, const char *id)
{
	size_t i = hash_find(t, hash_bytes(id, strlen(id)), id_at, rules, id);

	return i == HASH_NONE ? NULL : &rules[i];
}
