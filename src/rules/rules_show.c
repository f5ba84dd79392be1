/*
 * rules_show.c: write a ruleset back as YAML that rules_load reads into the
 * same rules (variables are already resolved, so none are written). Text is
 * always double-quoted with escapes, integers are written as they were
 * written, and conditions take their shortest form: "all" of tests with
 * different keys becomes one mapping, tests of one attribute share one
 * "{ op: arg, ... }". Loading the output and showing it again gives the same
 * text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

static const char *const cmp_names[] = { "lt", "le", "gt", "ge", "eq", "ne" };

static void
indent(FILE *fp, int n)
{
	fprintf(fp, "%*s", n, "");
}

/*
 * Characters written as themselves inside double quotes: YAML's printable
 * set (as libyaml checks it) without the line breaks NEL, LS and PS, which
 * a reader would fold into spaces, and without the BOM.
 */
static bool
printable(unsigned long cp)
{
	return (cp >= 0xa0 && cp <= 0xd7ff && cp != 0x2028 && cp != 0x2029) ||
	    (cp >= 0xe000 && cp <= 0xfffd && cp != 0xfeff) ||
	    (cp >= 0x10000 && cp <= 0x10ffff);
}

static void
put_quoted(FILE *fp, const unsigned char *p, size_t n)
{
	size_t i = 0;

	fputc('"', fp);
	while (i < n) {
		unsigned char c = p[i];
		unsigned long cp;
		size_t len;

		if (c == '"' || c == '\\') {
			fprintf(fp, "\\%c", c);
			i++;
		} else if (c >= 0x20 && c < 0x7f) {
			fputc(c, fp);
			i++;
		} else if (c < 0x80) {
			fprintf(fp, "\\x%02x", c);
			i++;
		} else if ((len = utf8_decode(p + i, n - i, &cp)) == 0) {
			fprintf(fp, "\\x%02x", c);     /* not UTF-8: lossy */
			i++;
		} else {
			if (printable(cp))
				fwrite(p + i, 1, len, fp);
			else if (cp <= 0xff)
				fprintf(fp, "\\x%02lx", cp);
			else if (cp <= 0xffff)
				fprintf(fp, "\\u%04lx", cp);
			else
				fprintf(fp, "\\U%08lx", cp);
			i += len;
		}
	}
	fputc('"', fp);
}

/* A name (id, label, attribute) plain, unless YAML would read it as null. */
static void
put_name(FILE *fp, const void *p, size_t n)
{
	if ((n == 4 && (memcmp(p, "null", 4) == 0 || memcmp(p, "Null", 4) == 0 ||
	    memcmp(p, "NULL", 4) == 0)))
		put_quoted(fp, p, n);
	else
		fwrite(p, 1, n, fp);
}

static void
put_slice(FILE *fp, struct slice s)
{
	put_quoted(fp, s.p, s.n);
}

static void
put_value(FILE *fp, const struct rule_value *v)
{
	if (v->is_int)
		fwrite(v->text.p, 1, v->text.n, fp);
	else
		put_slice(fp, v->text);
}

/* A scalar or, for several, a flow list. */
static void
put_values(FILE *fp, const struct rule_value *v, size_t n, bool force_list)
{
	size_t i;

	if (n == 1 && !force_list) {
		put_value(fp, v);
		return;
	}
	fputc('[', fp);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", fp);
		put_value(fp, &v[i]);
	}
	fputc(']', fp);
}

static void
put_tmpl(FILE *fp, const struct tmpl *t)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < t->nparts; i++) {
		const struct slice *s = &t->parts[i].text;

		if (t->parts[i].kind != TMPL_TEXT) {
			buf_puts(&b, t->parts[i].kind == TMPL_OWNER ?
			    "{owner:" : "{");
			buf_putslice(&b, *s);
			buf_putc(&b, '}');
			continue;
		}
		for (j = 0; j < s->n; j++) {
			if (s->p[j] == '{' || s->p[j] == '}')
				buf_putc(&b, s->p[j]);
			buf_putc(&b, s->p[j]);
		}
	}
	put_quoted(fp, b.p, b.n);
	buf_release(&b);
}

static bool
is_dn_test(const struct cond *c)
{
	return c->kind == COND_DN_UNDER || c->kind == COND_DN_NOT_UNDER;
}

/* Tests that can sit in an attribute's "{ op: arg }" mapping. */
static bool
is_attr_op(const struct cond *c)
{
	return c->attr.n > 0 && c->kind != COND_PRESENT &&
	    c->kind != COND_ABSENT && c->kind != COND_ALL;
}

static const char *
op_name(const struct cond *c)
{
	switch (c->kind) {
	case COND_EQUALS: return "equals";
	case COND_ONE_OF: return "one-of";
	case COND_CMP: return cmp_names[c->cmp];
	case COND_BITS_ALL: return "bits-all";
	case COND_BITS_ANY: return "bits-any";
	case COND_BITS_NONE: return "bits-none";
	case COND_REGEX: return "regex";
	case COND_DN_UNDER: return "under";
	case COND_DN_NOT_UNDER: return "not-under";
	case COND_SID_IS: return "sid";
	case COND_SID_IS_NOT: return "not-sid";
	case COND_SID_SAME_DOMAIN: return "sid-same-domain-as";
	case COND_SID_DOMAIN_DIFFERS: return "sid-domain-differs-from";
	case COND_SID_EQUALS_ATTR: return "sid-equals-attr";
	case COND_SID_DOMAIN_IN: return "sid-domain-in";
	case COND_SID_VALID: return "valid-sid";
	case COND_ACE: return "ace";
	default: return "?";
	}
}

/* "{sid-attr: A, mask-any: 0x5, ...}", in the order the keys are listed
 * in rules/README.md. */
static void
put_ace(FILE *fp, const struct cond *c)
{
	struct buf guid = BUF_INIT;

	fputc('{', fp);
	if (c->other_attr.n > 0) {
		fputs("sid-attr: ", fp);
		put_name(fp, c->other_attr.p, c->other_attr.n);
	} else {
		fputs("sid: ", fp);
		put_values(fp, c->vals, c->nvals, true);
	}
	if (c->ace->mask_any != 0)
		fprintf(fp, ", mask-any: 0x%" PRIx32, c->ace->mask_any);
	if (c->ace->mask_all != 0)
		fprintf(fp, ", mask-all: 0x%" PRIx32, c->ace->mask_all);
	if (c->ace->has_object_type) {
		(void)guid_format(slice_mem(c->ace->object_type, 16), &guid);
		fprintf(fp, ", object-type: %s", (const char *)guid.p);
	}
	fputc('}', fp);
	buf_release(&guid);
}

static void
put_op(FILE *fp, const struct cond *c)
{
	fprintf(fp, "%s: ", op_name(c));
	switch (c->kind) {
	case COND_ONE_OF:
		put_values(fp, c->vals, c->nvals, true);
		break;
	case COND_BITS_ALL:
	case COND_BITS_ANY:
	case COND_BITS_NONE:
		fprintf(fp, "0x%" PRIx64, c->bits);
		break;
	case COND_SID_SAME_DOMAIN:
	case COND_SID_DOMAIN_DIFFERS:
	case COND_SID_EQUALS_ATTR:
		put_name(fp, c->other_attr.p, c->other_attr.n);
		break;
	case COND_SID_VALID:
		fputs(c->bits ? "true" : "false", fp);
		break;
	case COND_ACE:
		put_ace(fp, c);
		break;
	default:                /* equals, cmp, regex, sid lists, dn bases */
		put_values(fp, c->vals, c->nvals, false);
		break;
	}
}

/*
 * An "all" whose kids are tests of one attribute (or of the DN) with
 * different ops: written as one "{ op: arg, ... }" mapping.
 */
static bool
is_op_group(const struct cond *c)
{
	size_t i, j;

	if (c->kind != COND_ALL || c->nkids < 2)
		return false;
	for (i = 0; i < c->nkids; i++) {
		const struct cond *k = c->kids[i];

		if (is_dn_test(c->kids[0]) ? !is_dn_test(k) :
		    !is_attr_op(k) || !slice_eq(k->attr, c->kids[0]->attr))
			return false;
		for (j = 0; j < i; j++)
			if (strcmp(op_name(c->kids[j]), op_name(k)) == 0)
				return false;
	}
	return true;
}

/* The key a condition is written under as one mapping entry. */
static struct slice
cond_key(const struct cond *c)
{
	switch (c->kind) {
	case COND_ALL:
		if (!is_op_group(c))
			return slice_of("all");
		return is_dn_test(c->kids[0]) ? slice_of("dn") : c->kids[0]->attr;
	case COND_ANY:
		return slice_of("any");
	case COND_NOT:
		return slice_of("not");
	case COND_HIT:
		return slice_of("hit");
	case COND_EXPORTED:
		return slice_of("exported");
	case COND_OWNER_STATUS:
		return slice_of("owner-status");
	case COND_DN_UNDER:
	case COND_DN_NOT_UNDER:
		return slice_of("dn");
	default:
		return c->attr;
	}
}

static void put_body(FILE *fp, const struct cond *c, int ind);

/* One "KEY: VALUE" entry; the cursor is already indented. */
static void
put_entry(FILE *fp, const struct cond *c, int ind)
{
	struct slice key = cond_key(c);
	size_t i;

	fwrite(key.p, 1, key.n, fp);
	fputs(":", fp);
	switch (c->kind) {
	case COND_PRESENT:
		fputs(" present\n", fp);
		return;
	case COND_ABSENT:
		fputs(" absent\n", fp);
		return;
	case COND_EQUALS:
		fputc(' ', fp);
		put_value(fp, c->vals);
		fputc('\n', fp);
		return;
	case COND_NOT:
	case COND_EXPORTED:
		fputc('\n', fp);
		indent(fp, ind + 2);
		put_body(fp, c->kids[0], ind + 2);
		return;
	case COND_HIT:
		fputc(' ', fp);
		put_name(fp, c->vals[0].text.p, c->vals[0].text.n);
		fputc('\n', fp);
		return;
	case COND_OWNER_STATUS:
		fputs(c->nvals > 1 ? " [" : " ", fp);
		for (i = 0; i < c->nvals; i++) {
			fputs(i ? ", " : "", fp);
			put_name(fp, c->vals[i].text.p, c->vals[i].text.n);
		}
		fputs(c->nvals > 1 ? "]\n" : "\n", fp);
		return;
	case COND_ALL:
		if (is_op_group(c)) {
			fputs(" {", fp);
			for (i = 0; i < c->nkids; i++) {
				fputs(i ? ", " : "", fp);
				put_op(fp, c->kids[i]);
			}
			fputs("}\n", fp);
			return;
		}
		/* FALLTHROUGH */
	case COND_ANY:
		fputc('\n', fp);
		for (i = 0; i < c->nkids; i++) {
			indent(fp, ind + 2);
			fputs("- ", fp);
			put_body(fp, c->kids[i], ind + 4);
		}
		return;
	default:
		fputs(" {", fp);
		put_op(fp, c);
		fputs("}\n", fp);
		return;
	}
}

/* A condition as a block mapping at column ind; the cursor is there. */
static void
put_body(FILE *fp, const struct cond *c, int ind)
{
	size_t i, j;

	if (c->kind == COND_ALL && c->nkids >= 1 && !is_op_group(c)) {
		bool distinct = true;

		for (i = 0; i < c->nkids && distinct; i++)
			for (j = 0; j < i; j++)
				if (slice_eq(cond_key(c->kids[i]),
				    cond_key(c->kids[j])))
					distinct = false;
		if (distinct) {
			for (i = 0; i < c->nkids; i++) {
				if (i)
					indent(fp, ind);
				put_entry(fp, c->kids[i], ind);
			}
			return;
		}
	}
	put_entry(fp, c, ind);
}

static void
put_when(FILE *fp, const struct cond *c, int ind)
{
	if (c == NULL)
		return;
	indent(fp, ind);
	fputs("when:\n", fp);
	indent(fp, ind + 2);
	put_body(fp, c, ind + 2);
}

static const char *
change_name(enum change_kind k)
{
	switch (k) {
	case CHANGE_REPLACE: return "replace";
	case CHANGE_ADD: return "add";
	case CHANGE_DELETE_VALUES:
	case CHANGE_DELETE_ATTR: return "delete";
	case CHANGE_SET_BITS: return "set-bits";
	case CHANGE_CLEAR_BITS: return "clear-bits";
	case CHANGE_SET_IF_ABSENT: return "set-if-absent";
	}
	return "?";
}

static void
put_change(FILE *fp, const struct change *c)
{
	size_t i;

	fprintf(fp, "      - %s: ", change_name(c->kind));
	put_name(fp, c->attr.p, c->attr.n);
	fputc('\n', fp);
	if (c->kind == CHANGE_SET_BITS || c->kind == CHANGE_CLEAR_BITS) {
		fprintf(fp, "        bits: 0x%" PRIx64 "\n", c->bits);
	} else if (c->sid_vals) {
		fputs("        sid:", fp);
		for (i = 0; i < c->nvals; i++) {
			fputs(c->nvals > 1 ? "\n          - " : " ", fp);
			put_slice(fp, c->vals[i].source);
		}
		fputc('\n', fp);
	} else if (c->nvals == 1) {
		fputs("        value: ", fp);
		put_tmpl(fp, &c->vals[0]);
		fputc('\n', fp);
	} else if (c->nvals > 1) {
		fputs("        values:\n", fp);
		for (i = 0; i < c->nvals; i++) {
			fputs("          - ", fp);
			put_tmpl(fp, &c->vals[i]);
			fputc('\n', fp);
		}
	}
	put_when(fp, c->when, 8);
}

static void
put_rule(FILE *fp, const struct rule *r)
{
	size_t i;

	fputs("  - id: ", fp);
	put_name(fp, r->id, strlen(r->id));
	fputc('\n', fp);
	if (r->description != NULL) {
		fputs("    description: ", fp);
		put_quoted(fp, (const unsigned char *)r->description,
		    strlen(r->description));
		fputc('\n', fp);
	}
	fputs("    match:\n      ", fp);
	put_body(fp, r->match, 6);
	if (r->nchanges > 0)
		fputs("    changes:\n", fp);
	for (i = 0; i < r->nchanges; i++)
		put_change(fp, &r->changes[i]);
	if (r->nlabels > 0)
		fputs("    classify:\n", fp);
	for (i = 0; i < r->nlabels; i++) {
		fputs("      - label: ", fp);
		put_name(fp, r->labels[i].label, strlen(r->labels[i].label));
		fputc('\n', fp);
		put_when(fp, r->labels[i].when, 8);
	}
	if (r->nwarnings > 0)
		fputs("    warn:\n", fp);
	for (i = 0; i < r->nwarnings; i++) {
		fputs("      - message: ", fp);
		put_tmpl(fp, &r->warnings[i].message);
		fputc('\n', fp);
		put_when(fp, r->warnings[i].when, 8);
	}
	if (r->nleftover > 0)
		fputs("    leftover-permissions:\n", fp);
	for (i = 0; i < r->nleftover; i++) {
		fputs("      - ", fp);
		put_entry(fp, r->leftover[i], 8);
	}
}

void
rules_show(FILE *fp, const struct ruleset *rs)
{
	size_t i;

	fputs("# ldfix rules show: the effective rules, variables resolved\n"
	    "version: 1\n", fp);
	if (rs->nrules == 0) {
		fputs("rules: []\n", fp);
		return;
	}
	fputs("rules:\n", fp);
	for (i = 0; i < rs->nrules; i++)
		put_rule(fp, &rs->rules[i]);
}
