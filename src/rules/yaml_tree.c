/*
 * yaml_tree.c: libyaml events to a small node tree, strictly (yaml_tree.h).
 *
 * The loop keeps a stack of open collections, at most YTREE_MAX_DEPTH deep,
 * whose children gather in malloc'd arrays and move into the arena when the
 * collection ends. Duplicate keys are found with one hash table
 * (base/hash.h) over all mappings of the document, keyed by (mapping, key
 * bytes), so a large flat mapping costs linear time. libyaml's marks are 0-based; nodes store them
 * 1-based. Reader errors (bad UTF-8, control characters) carry a byte offset
 * instead of a mark, so the line and column are computed from the input.
 */
#include "rules/yaml_tree.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/buf.h"
#include "base/hash.h"

struct frame {
	struct ynode *node;
	struct ynode **kids;            /* malloc'd while the node is open */
	size_t nkids, cap;
};

/* A mapping key seen: the table indexes these. */
struct seen_key {
	const struct ynode *map;
	const struct ynode *key;
};

struct builder {
	struct arena *a;
	const char *name;
	const unsigned char *in;
	size_t n;
	struct diag *d;
	struct frame stack[YTREE_MAX_DEPTH];
	size_t depth;
	struct ynode *root;
	int ndocs;
	struct seen_key *keys;          /* every mapping key so far */
	size_t nkeys, keycap;
	struct hash key_index;          /* (map, key bytes) -> keys[] */
};

void
ytree_quote(const void *s, size_t n, char *out, size_t outsz)
{
	const unsigned char *p = s;
	size_t i, o = 0;

	if (outsz == 0)
		return;
	for (i = 0; i < n; i++) {
		if (o + 8 >= outsz || o >= 48) {
			if (o + 4 <= outsz) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			out[o++] = (char)p[i];
		} else {
			snprintf(out + o, outsz - o, "\\x%02x", p[i]);
			o += 4;
		}
	}
	out[o] = '\0';
}

const char *
ytree_kind_name(const struct ynode *y)
{
	if (y == NULL)
		return "nothing";
	switch (y->kind) {
	case YNODE_SCALAR:
		return ytree_is_null(y) ? "nothing (null)" : "a scalar";
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	}
	return "?";
}

bool
ytree_is_null(const struct ynode *y)
{
	if (y == NULL || y->kind != YNODE_SCALAR)
		return false;
	if (y->tag == YTAG_NULL)
		return true;
	if (!y->plain)
		return false;
	return y->n == 0 || strcmp(y->s, "~") == 0 ||
	    strcmp(y->s, "null") == 0 || strcmp(y->s, "Null") == 0 ||
	    strcmp(y->s, "NULL") == 0;
}

/* Line and column (1-based, in characters) of a byte offset. */
static void
locate(const unsigned char *in, size_t n, size_t off, unsigned long *line,
    unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	if (off > n)
		off = n;
	for (i = 0; i < off; i++) {
		if (in[i] == '\n' || (in[i] == '\r' &&
		    (i + 1 >= n || in[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if (in[i] != '\r' && (in[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* The byte at a 0-based (line, column) mark, or -1. */
static int
byte_at(const unsigned char *in, size_t n, size_t line, size_t col)
{
	size_t i = 0;

	if (n >= 3 && memcmp(in, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (line > 0 && i < n) {
		if (in[i] == '\n' || (in[i] == '\r' &&
		    (i + 1 >= n || in[i + 1] != '\n')))
			line--;
		i++;
	}
	while (col > 0 && i < n) {
		i++;
		while (i < n && (in[i] & 0xc0) == 0x80)
			i++;
		col--;
	}
	return i < n ? in[i] : -1;
}

static int
fail(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(b->d, b->name, m->line + 1, m->column + 1, fmt, ap);
	va_end(ap);
	return -1;
}

static int
parser_error(struct builder *b, const yaml_parser_t *p)
{
	unsigned long line, col;
	const yaml_mark_t *m = &p->problem_mark;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return diag_set(b->d, b->name, 0, 0, "out of memory reading YAML");
	case YAML_READER_ERROR:
		locate(b->in, b->n, p->problem_offset, &line, &col);
		if (p->problem_value != -1 && strstr(problem, "UTF-8") == NULL)
			return diag_set(b->d, b->name, line, col,
			    "%s (byte 0x%02x)", problem, p->problem_value & 0xff);
		return diag_set(b->d, b->name, line, col, "%s", problem);
	case YAML_SCANNER_ERROR:
		if (byte_at(b->in, b->n, m->line, m->column) == '\t')
			return fail(b, m, "tab character where YAML wants "
			    "spaces: indent with spaces only");
		break;
	default:
		break;
	}
	if (p->context != NULL)
		return fail(b, m, "%s (%s at %lu:%lu)", problem, p->context,
		    (unsigned long)p->context_mark.line + 1,
		    (unsigned long)p->context_mark.column + 1);
	return fail(b, m, "%s", problem);
}

static int
check_tag(struct builder *b, const yaml_mark_t *m, const yaml_char_t *tag,
    enum ynode_kind kind, enum ytag *out)
{
	static const struct {
		const char *name;
		enum ytag tag;
		enum ynode_kind kind;
	} core[] = {
		{ "tag:yaml.org,2002:str", YTAG_STR, YNODE_SCALAR },
		{ "tag:yaml.org,2002:int", YTAG_INT, YNODE_SCALAR },
		{ "tag:yaml.org,2002:bool", YTAG_BOOL, YNODE_SCALAR },
		{ "tag:yaml.org,2002:null", YTAG_NULL, YNODE_SCALAR },
		{ "tag:yaml.org,2002:map", YTAG_MAP, YNODE_MAP },
		{ "tag:yaml.org,2002:seq", YTAG_SEQ, YNODE_SEQ },
	};
	char q[64];
	size_t i;

	*out = YTAG_NONE;
	if (tag == NULL)
		return 0;
	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
		if (strcmp((const char *)tag, core[i].name) != 0)
			continue;
		if (core[i].kind != kind)
			return fail(b, m, "tag '%s' does not fit %s", core[i].name,
			    kind == YNODE_SCALAR ? "a scalar" :
			    kind == YNODE_SEQ ? "a list" : "a mapping");
		*out = core[i].tag;
		return 0;
	}
	ytree_quote(tag, strlen((const char *)tag), q, sizeof(q));
	return fail(b, m, "tag '%s' is not allowed (only the core tags "
	    "!!str, !!int, !!bool, !!null, !!map and !!seq)", q);
}

static uint64_t
key_hash(const struct ynode *map, const struct ynode *key)
{
	return hash_mix(hash_bytes(key->s, key->n), (uint64_t)(uintptr_t)map);
}

static bool
key_at(const void *ctx, size_t idx, const void *want)
{
	const struct seen_key *k = &((const struct builder *)ctx)->keys[idx];
	const struct seen_key *w = want;

	return k->map == w->map && k->key->n == w->key->n &&
	    memcmp(k->key->s, w->key->s, w->key->n) == 0;
}

/* Remember key in map; on a duplicate return the first occurrence. */
static const struct ynode *
key_insert(struct builder *b, const struct ynode *map, const struct ynode *key)
{
	struct seen_key k = { map, key };
	uint64_t h = key_hash(map, key);
	size_t i = hash_find(&b->key_index, h, key_at, b, &k);

	if (i != HASH_NONE)
		return b->keys[i].key;
	grow_array(&b->keys, &b->keycap, b->nkeys + 1, sizeof(*b->keys));
	b->keys[b->nkeys] = k;
	hash_put(&b->key_index, h, b->nkeys++);
	return NULL;
}

/* Hang a finished node under the innermost open collection. */
static int
attach(struct builder *b, struct ynode *y, const yaml_mark_t *m)
{
	struct frame *f;

	if (b->depth == 0) {
		b->root = y;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->kind == YNODE_MAP && f->nkids % 2 == 0) {
		const struct ynode *first;
		char q[64];

		if (y->kind != YNODE_SCALAR)
			return fail(b, m, "mapping keys must be plain "
			    "scalars, not %s", ytree_kind_name(y));
		first = key_insert(b, f->node, y);
		if (first != NULL) {
			ytree_quote(y->s, y->n, q, sizeof(q));
			return fail(b, m, "duplicate key '%s' (first at %lu:%lu)",
			    q, first->line, first->col);
		}
	}
	grow_array(&f->kids, &f->cap, f->nkids + 1, sizeof(*f->kids));
	f->kids[f->nkids++] = y;
	return 0;
}

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *y = arena_alloc(b->a, sizeof(*y));

	y->kind = kind;
	y->line = m->line + 1;
	y->col = m->column + 1;
	y->s = "";
	return y;
}

/* A collection may not be a mapping key: say so where it starts. */
static int
check_not_key(struct builder *b, const yaml_mark_t *m)
{
	const struct frame *f;

	if (b->depth == 0)
		return 0;
	f = &b->stack[b->depth - 1];
	if (f->node->kind == YNODE_MAP && f->nkids % 2 == 0)
		return fail(b, m, "mapping keys must be plain scalars, not "
		    "a collection");
	return 0;
}

static int
open_collection(struct builder *b, const yaml_event_t *ev, enum ynode_kind kind)
{
	const yaml_char_t *tag;
	struct ynode *y;
	enum ytag t;

	if (check_not_key(b, &ev->start_mark) < 0)
		return -1;
	tag = kind == YNODE_MAP ? ev->data.mapping_start.tag :
	    ev->data.sequence_start.tag;
	if (check_tag(b, &ev->start_mark, tag, kind, &t) < 0)
		return -1;
	if (b->depth >= YTREE_MAX_DEPTH)
		return fail(b, &ev->start_mark, "nesting deeper than %d levels",
		    YTREE_MAX_DEPTH);
	y = node_new(b, kind, &ev->start_mark);
	y->tag = t;
	b->stack[b->depth].node = y;
	b->stack[b->depth].kids = NULL;
	b->stack[b->depth].nkids = 0;
	b->stack[b->depth].cap = 0;
	b->depth++;
	return 0;
}

static int
close_collection(struct builder *b)
{
	struct frame *f = &b->stack[b->depth - 1];
	struct ynode *y = f->node;
	yaml_mark_t m;

	y->nkids = f->nkids;
	y->kids = arena_array(b->a, f->nkids, sizeof(*y->kids));
	if (f->nkids)
		memcpy(y->kids, f->kids, f->nkids * sizeof(*y->kids));
	free(f->kids);
	f->kids = NULL;
	b->depth--;
	m.line = y->line - 1;
	m.column = y->col - 1;
	m.index = 0;
	return attach(b, y, &m);
}

static int
scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *y;
	enum ytag t;

	if (check_tag(b, &ev->start_mark, ev->data.scalar.tag, YNODE_SCALAR,
	    &t) < 0)
		return -1;
	y = node_new(b, YNODE_SCALAR, &ev->start_mark);
	y->tag = t;
	y->s = arena_memdup(b->a, ev->data.scalar.value, ev->data.scalar.length);
	y->n = ev->data.scalar.length;
	y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    t != YTAG_STR;
	return attach(b, y, &ev->start_mark);
}

static const yaml_char_t *
event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

static int
handle(struct builder *b, const yaml_event_t *ev)
{
	if (event_anchor(ev) != NULL)
		return fail(b, &ev->start_mark, "anchors (&name) are not allowed "
		    "in rule files");
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return fail(b, &ev->start_mark, "aliases (*name) are not allowed "
		    "in rule files");
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			return fail(b, &ev->start_mark, "more than one YAML "
			    "document: a rule file holds exactly one");
		return 0;
	case YAML_SCALAR_EVENT:
		return scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, ev, YNODE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, ev, YNODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(b);
	default:
		return 0;
	}
}

int
ytree_parse(struct arena *a, const char *name, const unsigned char *p,
    size_t n, struct ynode **root, struct diag *d)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.a = a;
	b.name = name;
	b.in = p;
	b.n = n;
	b.d = d;
	*root = NULL;
	if (!yaml_parser_initialize(&parser))
		return diag_set(d, name, 0, 0, "out of memory reading YAML");
	yaml_parser_set_input_string(&parser, p, n);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_error(&b, &parser);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = handle(&b, &ev);
		yaml_event_delete(&ev);
		if (rc < 0)
			break;
	}
	yaml_parser_delete(&parser);
	while (b.depth > 0)
		free(b.stack[--b.depth].kids);
	free(b.keys);
	hash_free(&b.key_index);
	if (rc == 0)
		*root = b.root;
	return rc;
}
