/*
 * rules_load.c: rule files to the AST of rules.h. yaml_tree.c turns the
 * bytes into a checked node tree (kept in a scratch arena freed after each
 * file); this file validates the tree against the rule language and copies
 * what the AST keeps into the ruleset's arena. Conditions are built by
 * rules_cond.c, templates by rules_tmpl.c, both on the node checks of
 * rules_node.c. A file loads whole or not at all: on error nothing of it
 * is added to the ruleset.
 *
 * Owns rules_init, rules_free, rules_load_file, rules_load_mem and
 * rules_load_default; rules_show lives in rules_show.c.
 */
#include "rules/rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hash.h"
#include "base/num.h"
#include "rules/rules_attrs.h"
#include "rules/rules_cond.h"
#include "ldif/ldif.h"
#include "rules/rules_node.h"
#include "rules/rules_tmpl.h"
#include "base/os.h"
#include "rules/yaml_tree.h"

static const char *const top_keys[] = {
	"version", "description", "variables", "rules", NULL
};
static const char *const rule_keys[] = {
	"id", "description", "match", "changes", "classify", "warn",
	"leftover-permissions", NULL
};
static const char *const change_keys[] = {
	"replace", "add", "delete", "set-bits", "clear-bits", "set-if-absent",
	"value", "values", "sid", "bits", "when", NULL
};
static const char *const label_keys[] = { "label", "when", NULL };
static const char *const warn_keys[] = { "message", "when", NULL };

static const struct {
	const char *name;
	enum change_kind kind;
} change_ops[] = {
	{ "replace", CHANGE_REPLACE },
	{ "add", CHANGE_ADD },
	{ "delete", CHANGE_DELETE_ATTR },
	{ "set-bits", CHANGE_SET_BITS },
	{ "clear-bits", CHANGE_CLEAR_BITS },
	{ "set-if-absent", CHANGE_SET_IF_ABSENT },
};

/* Every key of map is one of allowed[]. */
static int
check_keys(struct rl *L, const struct ynode *map, const char *const *allowed,
    const char *where)
{
	size_t i, j;
	struct buf list = BUF_INIT;

	for (i = 0; i + 1 < map->nkids; i += 2) {
		const struct ynode *k = map->kids[i];

		for (j = 0; allowed[j]; j++)
			if (strlen(allowed[j]) == k->n &&
			    memcmp(allowed[j], k->s, k->n) == 0)
				break;
		if (allowed[j] != NULL)
			continue;
		for (j = 0; allowed[j]; j++)
			buf_printf(&list, "%s%s", j ? ", " : "", allowed[j]);
		rl_fail(L, k, "unknown key '%s' in %s (expected %s)",
		    rl_q(L, k->s, k->n), where, (char *)list.p);
		buf_release(&list);
		return -1;
	}
	return 0;
}

static bool
valid_var_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return false;
	return true;
}

/* Text shown to people (descriptions): one line, no control characters. */
static int
plain_text(struct rl *L, const struct ynode *y, const char *what, char **out)
{
	size_t i;

	if (rl_want(L, y, YNODE_SCALAR, what) < 0)
		return -1;
	for (i = 0; i < y->n; i++)
		if ((unsigned char)y->s[i] < 0x20 || y->s[i] == 0x7f)
			return rl_fail(L, y, "%s must be one line of text "
			    "(found byte 0x%02x)", what, (unsigned char)y->s[i]);
	*out = arena_memdup(L->a, y->s, y->n);
	return 0;
}

/* Rule ids: [a-z0-9][a-z0-9-]*; labels also allow upper case. */
static bool
valid_name(const char *s, size_t n, bool upper)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (upper && c >= 'A' && c <= 'Z') || (c == '-' && i > 0))
			continue;
		return false;
	}
	return n > 0;
}

/* The change's operation key (replace, add, ...) and its attribute. */
static int
change_op(struct rl *L, const struct ynode *y, struct change *c,
    const struct ynode **opkey, const char **opname)
{
	const struct ynode *op = NULL, *k, *v;
	size_t i;

	for (i = 0; i < sizeof(change_ops) / sizeof(change_ops[0]); i++) {
		v = rl_get(y, change_ops[i].name, &k);
		if (v == NULL)
			continue;
		if (op != NULL)
			return rl_fail(L, k, "a change has one operation, this "
			    "one has both '%s' and '%s'", *opname,
			    change_ops[i].name);
		op = v;
		*opkey = k;
		*opname = change_ops[i].name;
		c->kind = change_ops[i].kind;
	}
	if (op == NULL)
		return rl_fail(L, y, "a change needs one of replace, add, "
		    "delete, set-bits, clear-bits, set-if-absent");
	if (op->kind == YNODE_SCALAR &&
	    rules_master_attr(slice_mem(op->s, op->n), NULL))
		return rl_fail(L, op, "a change cannot write the master account "
		    "('%s'): ldfix changes only the entries of the export",
		    rl_q(L, op->s, op->n));
	if (rl_attr(L, op, *opname, &c->attr) < 0)
		return -1;
	if (ldif_desc_reserved(c->attr))
		return rl_fail(L, op, "'%s' cannot be changed: no LDIF record "
		    "can hold an attribute of that name", rl_q(L, op->s, op->n));
	return 0;
}

/* "sid: S-1-5-10" or a list: values that are binary SIDs, each a template
 * of one literal part (its source the SID as written). */
static int
sid_values(struct rl *L, const struct ynode *y, struct change *c)
{
	const struct ynode *const *items = y->kind == YNODE_SEQ ?
	    (const struct ynode *const *)y->kids : &y;
	size_t i, n = y->kind == YNODE_SEQ ? y->nkids : 1;

	if (y->kind == YNODE_SEQ && n == 0)
		return rl_fail(L, y, "sid must not be an empty list");
	c->nvals = n;
	c->vals = arena_array(L->a, n, sizeof(*c->vals));
	c->sid_vals = true;
	for (i = 0; i < n; i++) {
		unsigned char bytes[SID_MAX_BYTES];
		size_t len;
		struct tmpl *t = &c->vals[i];

		if (rl_want(L, items[i], YNODE_SCALAR, "sid") < 0)
			return -1;
		if (sid_parse(slice_mem(items[i]->s, items[i]->n), bytes,
		    &len) < 0)
			return rl_fail(L, items[i], "invalid SID '%s' (expected "
			    "S-1-5-...)", rl_q(L, items[i]->s, items[i]->n));
		t->nparts = 1;
		t->parts = arena_alloc(L->a, sizeof(*t->parts));
		t->parts[0].kind = TMPL_TEXT;
		t->parts[0].text.p = (const unsigned char *)arena_memdup(L->a,
		    bytes, len);
		t->parts[0].text.n = len;
		t->source = rl_keep(L, items[i]);
	}
	return 0;
}

/* The values of a change that takes values: value, values or sid. */
static int
change_values(struct rl *L, const struct ynode *y, struct change *c,
    const struct ynode *opkey, const char *opname)
{
	const struct ynode *value, *values, *sid, *vk, *vsk, *sk;
	size_t i;

	value = rl_get(y, "value", &vk);
	values = rl_get(y, "values", &vsk);
	sid = rl_get(y, "sid", &sk);
	if ((value != NULL) + (values != NULL) + (sid != NULL) > 1)
		return rl_fail(L, values ? vsk : sk, "give one of 'value', "
		    "'values' and 'sid'");
	if (value == NULL && values == NULL && sid == NULL)
		return c->kind == CHANGE_DELETE_ATTR ? 0 : rl_fail(L, opkey,
		    "'%s' needs 'value', 'values' or 'sid'", opname);
	if (c->kind == CHANGE_DELETE_ATTR)
		c->kind = CHANGE_DELETE_VALUES;
	if (sid != NULL)
		return sid_values(L, sid, c);
	if (value != NULL) {
		c->nvals = 1;
		c->vals = arena_alloc(L->a, sizeof(*c->vals));
		return rl_tmpl(L, value, "value", false, c->vals);
	}
	if (rl_want(L, values, YNODE_SEQ, "values") < 0)
		return -1;
	if (values->nkids == 0)
		return rl_fail(L, values, "values must not be an empty list");
	c->nvals = values->nkids;
	c->vals = arena_array(L->a, c->nvals, sizeof(*c->vals));
	for (i = 0; i < c->nvals; i++)
		if (rl_tmpl(L, values->kids[i], "value", false, &c->vals[i]) < 0)
			return -1;
	return 0;
}

static int
parse_change(struct rl *L, const struct ynode *y, struct change *c)
{
	const struct ynode *opkey = NULL, *k, *bits, *v, *when;
	const char *opname = NULL;

	if (rl_want(L, y, YNODE_MAP, "a change") < 0 ||
	    check_keys(L, y, change_keys, "change") < 0)
		return -1;
	memset(c, 0, sizeof(*c));
	c->line = y->line;
	c->col = y->col;
	if (change_op(L, y, c, &opkey, &opname) < 0)
		return -1;
	bits = rl_get(y, "bits", &k);
	if (c->kind == CHANGE_SET_BITS || c->kind == CHANGE_CLEAR_BITS) {
		if ((v = rl_get(y, "value", &k)) != NULL ||
		    (v = rl_get(y, "values", &k)) != NULL ||
		    (v = rl_get(y, "sid", &k)) != NULL)
			return rl_fail(L, k, "'%s' takes 'bits', not values",
			    opname);
		if (bits == NULL)
			return rl_fail(L, opkey, "'%s' needs 'bits'", opname);
		if (rl_bits(L, bits, "bits", &c->bits) < 0)
			return -1;
	} else {
		if (bits != NULL)
			return rl_fail(L, k, "'bits' goes with set-bits and "
			    "clear-bits, not with '%s'", opname);
		if (change_values(L, y, c, opkey, opname) < 0)
			return -1;
	}
	when = rl_get(y, "when", NULL);
	if (when != NULL && rl_cond(L, when, &c->when) < 0)
		return -1;
	return 0;
}

/* The list under key in rule y: NULL when absent or (*err) not a list. */
static const struct ynode *
rule_list(struct rl *L, const struct ynode *y, const char *key, int *err)
{
	const struct ynode *v = rl_get(y, key, NULL);

	*err = 0;
	if (v != NULL && rl_want(L, v, YNODE_SEQ, key) < 0) {
		*err = -1;
		return NULL;
	}
	return v;
}

/* The rule's id: present, well formed, and new in this file and before. */
static int
parse_rule_id(struct rl *L, const struct ynode *y, struct rule *r)
{
	const struct ynode *v, *k;
	const struct rule *o;

	v = rl_get(y, "id", &k);
	if (v == NULL)
		return rl_fail(L, y, "rule has no 'id'");
	if (rl_want(L, v, YNODE_SCALAR, "id") < 0)
		return -1;
	if (v->n == 0)
		return rl_fail(L, v, "empty rule id");
	if (!valid_name(v->s, v->n, false))
		return rl_fail(L, v, "invalid rule id '%s' (use a-z, 0-9 and "
		    "'-', not first)", rl_q(L, v->s, v->n));
	if ((o = rl_rule_by_id(&L->ids, L->rules, v->s)) != NULL)
		return rl_fail(L, v, "duplicate rule id '%s' (first at line %lu)",
		    v->s, o->line);
	if ((o = rl_rule_by_id(&L->st->ids, L->rs->rules, v->s)) != NULL)
		return rl_fail(L, v, "duplicate rule id '%s' (first at %s:%lu)",
		    v->s, rl_q(L, o->file, strlen(o->file)), o->line);
	r->id = arena_memdup(L->a, v->s, v->n);
	/* r is L->rules[L->nrules], counted once it has loaded. */
	hash_put(&L->ids, hash_bytes(r->id, v->n), L->nrules);
	return 0;
}

/* One classify entry: label and optional when. */
static int
parse_label(struct rl *L, const struct ynode *e, struct rule_label *out)
{
	const struct ynode *v;

	if (rl_want(L, e, YNODE_MAP, "a classify entry") < 0 ||
	    check_keys(L, e, label_keys, "classify entry") < 0)
		return -1;
	if ((v = rl_get(e, "label", NULL)) == NULL)
		return rl_fail(L, e, "classify entry has no 'label'");
	if (rl_want(L, v, YNODE_SCALAR, "label") < 0)
		return -1;
	if (!valid_name(v->s, v->n, true))
		return rl_fail(L, v, "invalid label '%s' (use letters, digits "
		    "and '-', not first)", rl_q(L, v->s, v->n));
	out->label = arena_memdup(L->a, v->s, v->n);
	v = rl_get(e, "when", NULL);
	return v != NULL ? rl_cond(L, v, &out->when) : 0;
}

/* One warn entry: message and optional when. */
static int
parse_warning(struct rl *L, const struct ynode *e, struct rule_warning *out)
{
	const struct ynode *v;

	if (rl_want(L, e, YNODE_MAP, "a warn entry") < 0 ||
	    check_keys(L, e, warn_keys, "warn entry") < 0)
		return -1;
	if ((v = rl_get(e, "message", NULL)) == NULL)
		return rl_fail(L, e, "warn entry has no 'message'");
	if (rl_tmpl(L, v, "message", true, &out->message) < 0)
		return -1;
	v = rl_get(e, "when", NULL);
	return v != NULL ? rl_cond(L, v, &out->when) : 0;
}

/* leftover-permissions: each entry one attribute's ace test. */
static int
parse_leftover(struct rl *L, const struct ynode *list, struct rule *r)
{
	size_t i;

	r->nleftover = list->nkids;
	r->leftover = arena_array(L->a, list->nkids, sizeof(*r->leftover));
	for (i = 0; i < list->nkids; i++) {
		if (rl_cond(L, list->kids[i], &r->leftover[i]) < 0)
			return -1;
		if (r->leftover[i]->kind != COND_ACE)
			return rl_fail(L, list->kids[i], "a leftover-permissions "
			    "entry is one attribute's ace test: ATTR: { ace: "
			    "{ ... } }");
	}
	return 0;
}

static int
parse_rule(struct rl *L, const struct ynode *y, struct rule *r)
{
	const struct ynode *v, *list;
	size_t i;
	int err;

	if (rl_want(L, y, YNODE_MAP, "a rule") < 0 ||
	    check_keys(L, y, rule_keys, "rule") < 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->file = L->name;
	r->line = y->line;
	if (parse_rule_id(L, y, r) < 0)
		return -1;
	v = rl_get(y, "description", NULL);
	if (v != NULL && plain_text(L, v, "description", &r->description) < 0)
		return -1;
	v = rl_get(y, "match", NULL);
	if (v == NULL)
		return rl_fail(L, y, "rule '%s' has no 'match'", r->id);
	if (rl_cond(L, v, &r->match) < 0)
		return -1;
	if ((list = rule_list(L, y, "changes", &err)) != NULL) {
		r->nchanges = list->nkids;
		r->changes = arena_array(L->a, list->nkids, sizeof(*r->changes));
		for (i = 0; i < list->nkids; i++)
			if (parse_change(L, list->kids[i], &r->changes[i]) < 0)
				return -1;
	}
	if (err)
		return -1;
	if ((list = rule_list(L, y, "classify", &err)) != NULL) {
		r->nlabels = list->nkids;
		r->labels = arena_array(L->a, list->nkids, sizeof(*r->labels));
		for (i = 0; i < list->nkids; i++)
			if (parse_label(L, list->kids[i], &r->labels[i]) < 0)
				return -1;
	}
	if (err)
		return -1;
	if ((list = rule_list(L, y, "warn", &err)) != NULL) {
		r->nwarnings = list->nkids;
		r->warnings = arena_array(L->a, list->nkids,
		    sizeof(*r->warnings));
		for (i = 0; i < list->nkids; i++)
			if (parse_warning(L, list->kids[i], &r->warnings[i]) < 0)
				return -1;
	}
	if (err)
		return -1;
	list = rule_list(L, y, "leftover-permissions", &err);
	if (list != NULL && parse_leftover(L, list, r) < 0)
		return -1;
	return err ? -1 : 0;
}

static int
parse_file(struct rl *L, const struct ynode *root)
{
	const struct ynode *v, *rules;
	struct num ver;
	size_t i;

	if (root == NULL)
		return diag_set(L->d, L->name, 1, 1, "empty rules file "
		    "(expected 'version: 1' and 'rules:')");
	if (root->kind != YNODE_MAP)
		return rl_fail(L, root, "a rules file is a mapping with "
		    "'version: 1' and 'rules:', not %s", ytree_kind_name(root));
	v = rl_get(root, "version", NULL);
	if (v == NULL)
		return rl_fail(L, root, "missing 'version: 1'");
	if (v->kind != YNODE_SCALAR || !v->plain ||
	    num_parse(slice_mem(v->s, v->n), NUM_HEX, &ver) != NUM_OK)
		return rl_fail(L, v, "version must be the integer 1");
	if (ver.neg || ver.mag != 1)
		return rl_fail(L, v, "unsupported rules version %s (this ldfix "
		    "reads version 1)", rl_q(L, v->s, v->n));
	if (check_keys(L, root, top_keys, "rules file") < 0)
		return -1;
	v = rl_get(root, "description", NULL);
	if (v != NULL) {
		char *ignored;

		if (plain_text(L, v, "description", &ignored) < 0)
			return -1;
	}
	v = rl_get(root, "variables", NULL);
	if (v != NULL) {
		if (rl_want(L, v, YNODE_MAP, "variables") < 0)
			return -1;
		for (i = 0; i + 1 < v->nkids; i += 2) {
			const struct ynode *k = v->kids[i];

			if (!valid_var_name(k->s, k->n))
				return rl_fail(L, k, "invalid variable name "
				    "'%s'", rl_q(L, k->s, k->n));
			if (rl_want(L, v->kids[i + 1], YNODE_SCALAR,
			    "a variable's value") < 0)
				return -1;
		}
		L->vars = v;
	}
	rules = rl_get(root, "rules", NULL);
	if (rules == NULL)
		return rl_fail(L, root, "missing 'rules:' (a list, which may "
		    "be empty)");
	if (rl_want(L, rules, YNODE_SEQ, "rules") < 0)
		return -1;
	for (i = 0; i < rules->nkids; i++) {
		grow_array(&L->rules, &L->rulecap, L->nrules + 1,
		    sizeof(*L->rules));
		if (parse_rule(L, rules->kids[i], &L->rules[L->nrules]) < 0)
			return -1;
		L->nrules++;
	}
	return 0;
}

void
rules_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	buf_init(&rs->source);
}

void
rules_free(struct ruleset *rs)
{
	struct rules_store *st = rs->arena;
	size_t i;

	if (st != NULL) {
		for (i = 0; i < st->nconds; i++)
			if (st->conds[i]->kind == COND_REGEX)
				regfree(&st->conds[i]->re);
		free(st->conds);
		hash_free(&st->ids);
		arena_free(&st->arena);
		free(st);
	}
	for (i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	free(rs->rules);
	buf_release(&rs->source);
	rules_init(rs);
}

int
rules_load_mem(struct ruleset *rs, const char *name, const unsigned char *p,
    size_t n, struct rule_var *vars, size_t nvars, struct diag *d)
{
	struct arena tree;
	struct ynode *root;
	struct rl L;
	size_t i;
	int rc;

	if (n > RULES_MAX_FILE_BYTES)
		return diag_set(d, name, 0, 0, "rules file is larger than "
		    "%zu bytes", RULES_MAX_FILE_BYTES);
	if (rs->arena == NULL) {
		struct rules_store *st = xcalloc(1, sizeof(*st));

		arena_init(&st->arena);
		hash_init(&st->ids);
		rs->arena = st;
	}
	memset(&L, 0, sizeof(L));
	L.rs = rs;
	L.st = rs->arena;
	L.a = &L.st->arena;
	L.d = d;
	L.cli = vars;
	L.ncli = nvars;
	hash_init(&L.ids);
	rs->files = xreallocarray(rs->files, rs->nfiles + 1, sizeof(*rs->files));
	rs->files[rs->nfiles] = xstrdup(name);
	L.name = rs->files[rs->nfiles];
	arena_init(&tree);
	rc = ytree_parse(&tree, name, p, n, &root, d);
	if (rc == 0)
		rc = parse_file(&L, root);
	if (rc == 0) {
		for (i = 0; i < L.nrules; i++)
			rules_attrs_compute(&L.rules[i], L.a);
		rs->nfiles++;
		rs->rules = xreallocarray(rs->rules, rs->nrules + L.nrules,
		    sizeof(*rs->rules));
		if (L.nrules)
			memcpy(rs->rules + rs->nrules, L.rules,
			    L.nrules * sizeof(*L.rules));
		rs->nrules += L.nrules;
		buf_put(&rs->source, p, n);
		for (i = rs->nrules - L.nrules; i < rs->nrules; i++)
			hash_put(&L.st->ids, hash_bytes(rs->rules[i].id,
			    strlen(rs->rules[i].id)), i);
	} else {
		free(rs->files[rs->nfiles]);
	}
	free(L.rules);
	hash_free(&L.ids);
	arena_free(&tree);
	return rc;
}

int
rules_load_file(struct ruleset *rs, const char *path,
    struct rule_var *vars, size_t nvars, struct diag *d)
{
	struct buf data = BUF_INIT;
	FILE *fp;
	size_t got;
	int rc;

	fp = strcmp(path, "-") == 0 ? stdin : os_fopen(path, "rb");
	if (fp == NULL)
		return diag_set(d, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	do {
		buf_grow(&data, 65536);
		got = fread(data.p + data.n, 1, 65536, fp);
		data.n += got;
	} while (got > 0 && data.n <= RULES_MAX_FILE_BYTES);
	data.p[data.n] = 0;
	if (ferror(fp))
		rc = diag_set(d, path, 0, 0, "cannot read: %s", strerror(errno));
	else if (data.n > RULES_MAX_FILE_BYTES)
		rc = diag_set(d, path, 0, 0, "rules file is larger than %zu "
		    "bytes", RULES_MAX_FILE_BYTES);
	else
		rc = rules_load_mem(rs, path, data.p, data.n, vars, nvars, d);
	if (fp != stdin)
		fclose(fp);
	buf_release(&data);
	return rc;
}

int
rules_load_default(struct ruleset *rs, struct rule_var *vars,
    size_t nvars, struct diag *d)
{
	return rules_load_mem(rs, ldfix_default_rules_name, ldfix_default_rules,
	    ldfix_default_rules_len, vars, nvars, d);
}
