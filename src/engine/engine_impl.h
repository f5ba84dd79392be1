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
 * engine_result (or from engine_eval's own locals). The entry's normalized
 * DN is computed on the first DN test and kept for the rest of the entry:
 * the engine never changes a DN.
 */
struct eval_ctx {
	const struct entry *e;
	struct buf *scratch;
	struct buf *ndn;
	bool ndn_done;
	bool ndn_ok;
};

/* An integer as (sign, magnitude); zero is never negative. */
struct eint {
	bool neg;
	uint64_t mag;
};

/* int_parse: optional sign and decimal digits, nothing else, within the
 * int64 range when negative and the uint64 range otherwise. */
bool int_parse(struct slice s, struct eint *out);
/* int_cmp: -1, 0 or 1 as a < b, a == b, a > b. */
int int_cmp(struct eint a, struct eint b);
/* int_bits: the 64-bit two's complement pattern of v. */
uint64_t int_bits(struct eint v);

bool eval_cond(struct eval_ctx *cx, const struct cond *c);

/* add_warning: append a formatted warning for rule to res. */
void add_warning(struct engine_result *res, const struct rule *rule,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* render_message: a warning message with {attr} references filled in. */
void render_message(struct buf *out, const struct tmpl *t,
    const struct entry *e);

/* apply_change: apply one change of rule to e; true when e changed. Any
 * automatic warning goes to res. */
bool apply_change(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e);

#endif
