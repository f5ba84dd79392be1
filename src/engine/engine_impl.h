/*
 * engine_impl.h: what the engine's three files share and nobody else uses.
 * engine.c runs rules and owns results, engine_cond.c evaluates conditions,
 * engine_change.c renders templates and applies changes.
 */
#ifndef LDFIX_ENGINE_IMPL_H
#define LDFIX_ENGINE_IMPL_H

#include <stdbool.h>

#include "base/buf.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

/*
 * One evaluation: the entry, and scratch buffers borrowed from an
 * engine_result (or from engine_eval's own locals). The entry's normalized
 * DN is computed on the first DN test and kept for the rest of the entry:
 * the engine never changes a DN.
 */
struct eval_ctx {
	const struct entry *e;
	const struct entry *exported;   /* for "exported:" (e when unknown) */
	const struct rule *rules;       /* the ruleset's rules, for "hit:" */
	const struct engine_result *res;        /* hits so far; NULL: none */
	struct buf *scratch;
	struct buf *ndn;
	bool ndn_done;
	bool ndn_ok;
	const struct engine_owner *owner;       /* NULL: none */
};

/* engine_attr: the attribute name reads: of the entry e, or with
 * "master.ATTR" of the owner's account (NULL when there is none). */
const struct entry_attr *engine_attr(const struct entry *e,
    const struct engine_owner *owner, struct slice name);

/* engine_cond_eval: evaluate c against cx->e (engine_cond.c). */
bool engine_cond_eval(struct eval_ctx *cx, const struct cond *c);

/* engine_warn: append a formatted warning for rule to res. */
void engine_warn(struct engine_result *res, const struct rule *rule,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* engine_render_message: a warning message with {attr} references filled
 * in. */
void engine_render_message(struct buf *out, const struct tmpl *t,
    const struct entry *e, const struct engine_owner *owner);

/* engine_change_apply: apply one change of rule to e; true when e changed.
 * Any automatic warning goes to res. */
bool engine_change_apply(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e,
    const struct engine_owner *owner);

#endif
