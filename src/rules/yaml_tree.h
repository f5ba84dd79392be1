/*
 * yaml_tree.h: a strict YAML reader for rule files. It drives libyaml's
 * event API and builds a small tree of scalars, sequences and mappings,
 * each node with its 1-based line and column. It rejects what rule files
 * never need and what makes YAML dangerous: anchors and aliases, tags other
 * than the core ones, more than one document, nesting deeper than
 * YTREE_MAX_DEPTH, non-scalar and duplicate mapping keys.
 *
 * Every node and scalar lives in the arena given to ytree_parse; scalars are
 * copied out of libyaml's events and are NUL-terminated for convenience
 * (they may also contain NUL: use n).
 */
#ifndef LDFIX_YAML_TREE_H
#define LDFIX_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"

#define YTREE_MAX_DEPTH 32      /* collections open at once */

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

/* The core tag written on a node, if any. */
enum ytag { YTAG_NONE, YTAG_STR, YTAG_INT, YTAG_BOOL, YTAG_NULL, YTAG_MAP,
	YTAG_SEQ };

struct ynode {
	enum ynode_kind kind;
	enum ytag tag;
	unsigned long line, col;        /* 1-based */
	/* YNODE_SCALAR */
	const char *s;
	size_t n;
	bool plain;                     /* plain style: 12 rather than "12" */
	/* YNODE_SEQ: kids[i] are the items. YNODE_MAP: kids[2i] is a key
	 * (always a scalar), kids[2i + 1] its value. */
	struct ynode **kids;
	size_t nkids;
};

/*
 * ytree_parse: parse the n bytes at p (named name in messages) into *root.
 * An empty stream (nothing but comments) gives *root == NULL. Returns 0, or
 * -1 with d set. The arena owns the tree.
 */
int ytree_parse(struct arena *a, const char *name, const unsigned char *p,
    size_t n, struct ynode **root, struct diag *d);

/* ytree_is_null: a plain empty, "~" or "null" scalar, or one tagged !!null. */
bool ytree_is_null(const struct ynode *y);

/* ytree_kind_name: "a scalar", "a list", "a mapping", for messages. */
const char *ytree_kind_name(const struct ynode *y);

/*
 * ytree_quote: write s for an error message into out (always terminated):
 * printable ASCII as is, anything else as \xNN, cut to about 48 bytes
 * with "..." so that no rule file can inject lines into diagnostics.
 */
void ytree_quote(const void *s, size_t n, char *out, size_t outsz);

#endif
