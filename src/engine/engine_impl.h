/*
 * engine_impl.h: what the engine's three files share and nobody else uses.
 * engine.c runs rules and owns results, engine_cond.c evaluates conditions,
 * engine_change.c renders templates and applies changes.
 */
#ifndef LDFIX_ENGINE_IMPL_H
#define LDFIX_ENGINE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

/*
 * One evaluation: the entry, and scratch buffers borrowed from an
 * engine_result (engine_decide has one of its own). The entry's normalized
 * DN is computed on the first DN test and kept for the rest of the entry:
 * the engine never changes a DN.
 *
 * unknown: the condition just evaluated could not be decided, because an
 * ace test met a value that is not a valid security descriptor (its
 * result is then meaningless). all, any and not combine it as Kleene's
 * three-valued logic does (all is false as soon as one part is false for
 * sure); the problem itself goes to res->problems.
 */
struct eval_ctx {
	const struct entry *e;
	const struct entry *exported;   /* for "exported:" (e when unknown) */
	const struct rule *rules;       /* the ruleset's rules, for "hit:" */
	struct engine_result *res;      /* hits so far, problems; NULL: none */
	struct buf *scratch;
	struct buf *ndn;
	bool ndn_done;
	bool ndn_ok;
	const struct engine_owner *owner;       /* NULL: none */
	bool unknown;
};

/* engine_attr: the attribute name reads: of the entry e, or with
 * "master.ATTR" of the owner's account (NULL when there is none). id is
 * name's id when the loader gave it one (never for "master.ATTR"), or 0. */
const struct entry_attr *engine_attr(const struct entry *e,
    const struct engine_owner *owner, struct slice name, uint32_t id);

/* engine_get: e's attribute name, by its id when there is one. */
static inline const struct entry_attr *
engine_get(const struct entry *e, struct slice name, uint32_t id)
{
	return id != 0 ? entry_get_id(e, id, name) : entry_get(e, name);
}

/* engine_cond_eval: evaluate c against cx->e (engine_cond.c). */
bool engine_cond_eval(struct eval_ctx *cx, const struct cond *c);

/* engine_ace_holds: COND_ACE c on the values of a (engine_ace.c); sets
 * cx->unknown and notes the problem when no readable value holds and one
 * cannot be read. */
bool engine_ace_holds(struct eval_ctx *cx, const struct cond *c,
    const struct entry_attr *a);

/* engine_ace_collect: the ACEs r's leftover-permissions find on cx->e,
 * into res->aces and res->unchecked, recorded in hit. */
void engine_ace_collect(struct eval_ctx *cx, const struct rule *r,
    struct engine_hit *hit);

/* engine_ace_warn: one warning for hit per unreadable descriptor noted in
 * res->problems[from..], which it then drops. */
void engine_ace_warn(struct engine_result *res, const struct rule *r,
    size_t from);

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
