/*
 * engine_change.c: render templates and apply one change to an entry.
 *
 * Change values are built from the raw bytes of the referenced attributes
 * and interned in the entry; warning messages show values as display.h
 * says, like every other output. A
 * change that cannot be built (a referenced attribute is absent, an integer
 * change on something that is not exactly one integer) is skipped with an
 * automatic warning. A change that leaves the entry as it was does not
 * count as applied, and then the entry is not touched at all.
 */
#include "engine/engine_impl.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "ldif/display.h"

/* A "{owner:name}" or "{owner:status}" part: false when there is none
 * (no owner, or no account for its name). */
static bool
owner_part(struct buf *out, struct slice what,
    const struct engine_owner *owner, bool readable)
{
	if (owner == NULL)
		return false;
	if (what.n > 0 && what.p[0] == 's') {
		buf_puts(out, rules_owner_status_name(owner->status));
		return true;
	}
	if (owner->name.n == 0)
		return false;
	if (readable)
		display_text(out, owner->name, DISPLAY_VALUE_MAX);
	else
		buf_putslice(out, owner->name);
	return true;
}

/* One "{attr}" or "{master.attr}" part: false when it is absent. */
static bool
attr_part(struct buf *out, struct slice name, const struct entry *e,
    const struct engine_owner *owner, bool readable)
{
	const struct entry_attr *a = engine_attr(e, owner, name, 0);
	struct slice type = name;

	if (a == NULL || a->nvals == 0)
		return false;
	rules_master_attr(name, &type);
	if (readable)
		display_value(out, type, a->vals[0], DISPLAY_VALUE_MAX);
	else
		buf_putslice(out, a->vals[0]);
	return true;
}

/*
 * Fill in a template's references with first values. For a message
 * (readable): values in readable form, an absent attribute shown as
 * "(no ATTR)" since a warning is still worth reading when part of it is
 * missing; returns 0. For a change value: raw bytes (a binary value is
 * copied byte for byte), and an absent attribute stops it: -1 with
 * *missing naming it.
 */
static int
render(struct buf *out, const struct tmpl *t, const struct entry *e,
    const struct engine_owner *owner, bool readable, struct slice *missing)
{
	size_t i;

	for (i = 0; i < t->nparts; i++) {
		const struct tmpl_part *part = &t->parts[i];
		bool ok;

		if (part->kind == TMPL_TEXT) {
			buf_putslice(out, part->text);
			continue;
		}
		ok = part->kind == TMPL_OWNER ?
		    owner_part(out, part->text, owner, readable) :
		    attr_part(out, part->text, e, owner, readable);
		if (ok)
			continue;
		if (!readable) {
			/* An owner part has no attribute to name. */
			*missing = part->kind == TMPL_OWNER ?
			    slice_mem(NULL, 0) : part->text;
			return -1;
		}
		buf_puts(out, part->kind == TMPL_OWNER ? "(no owner " : "(no ");
		buf_putslice(out, part->text);
		buf_putc(out, ')');
	}
	return 0;
}

void
engine_render_message(struct buf *out, const struct tmpl *t,
    const struct entry *e, const struct engine_owner *owner)
{
	render(out, t, e, owner, true, NULL);
}

void
engine_warn(struct engine_result *res, const struct rule *rule,
    const char *fmt, ...)
{
	struct engine_warning *w;
	va_list ap;

	grow_array(&res->warnings, &res->warnings_cap, res->nwarnings + 1,
	    sizeof(*res->warnings));
	w = &res->warnings[res->nwarnings++];
	w->rule = rule;
	w->off = res->text.n;
	va_start(ap, fmt);
	buf_vprintf(&res->text, fmt, ap);
	va_end(ap);
	w->len = res->text.n - w->off;
}

static void
warn_missing(struct engine_result *res, const struct rule *rule,
    const struct change *ch, const struct tmpl *t, struct slice missing)
{
	if (missing.n == 0)
		engine_warn(res, rule,
		    "cannot build %.*s value \"%.*s\": the entry has no "
		    "owner account", (int)ch->attr.n, (const char *)ch->attr.p,
		    (int)t->source.n, (const char *)t->source.p);
	else
		engine_warn(res, rule,
		    "cannot build %.*s value \"%.*s\": attribute %.*s is "
		    "absent", (int)ch->attr.n, (const char *)ch->attr.p,
		    (int)t->source.n, (const char *)t->source.p,
		    (int)missing.n, (const char *)missing.p);
}

/*
 * Render every value of ch into res->tmpvals, interned in e; a value that
 * comes out equal to an earlier one is left out. Returns the number of
 * distinct values, or -1 after a warning when one is missing.
 */
static long
build_values(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e,
    const struct engine_owner *owner)
{
	size_t i, n;
	unsigned char *twice;
	struct slice missing;

	grow_array(&res->tmpvals, &res->tmpvals_cap, ch->nvals + 1,
	    sizeof(*res->tmpvals));
	for (i = 0; i < ch->nvals; i++) {
		const struct tmpl *t = &ch->vals[i];

		buf_reset(&res->scratch);
		if (render(&res->scratch, t, e, owner, false, &missing) < 0) {
			warn_missing(res, rule, ch, t, missing);
			return -1;
		}
		res->tmpvals[i] = entry_intern(e, res->scratch.p,
		    res->scratch.n);
	}
	if (slice_repeats(res->tmpvals, ch->nvals, NULL) == ch->nvals)
		return (long)ch->nvals;
	twice = xmalloc(ch->nvals);
	slice_repeats(res->tmpvals, ch->nvals, twice);
	for (i = n = 0; i < ch->nvals; i++)
		if (!twice[i])
			res->tmpvals[n++] = res->tmpvals[i];
	free(twice);
	return (long)n;
}

/* The attribute holds exactly the values vals[0..n) (in any order). */
static bool
holds_exactly(const struct entry_attr *a, const struct slice *vals, size_t n)
{
	size_t i;

	if (a == NULL || a->nvals != n)
		return false;
	for (i = 0; i < n; i++)
		if (!entry_has_value(a, vals[i]))
			return false;
	return true;
}

static bool
apply_replace(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e,
    const struct engine_owner *owner)
{
	const struct entry_attr *a = entry_get(e, ch->attr);
	long n;

	if (ch->kind == CHANGE_SET_IF_ABSENT && a != NULL && a->nvals > 0)
		return false;
	if ((n = build_values(res, rule, ch, e, owner)) < 0)
		return false;
	if (n == 0 ? a == NULL || a->nvals == 0 :
	    holds_exactly(a, res->tmpvals, (size_t)n))
		return false;
	entry_replace(e, ch->attr, res->tmpvals, (size_t)n);
	return true;
}

/* add / delete with values: each value added (or deleted) that is not
 * (or is) there. All values are built first: a change applies whole or not. */
static bool
apply_each_value(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e,
    const struct engine_owner *owner,
    bool (*op)(struct entry *, struct slice, struct slice))
{
	long i, n;
	bool changed = false;

	if ((n = build_values(res, rule, ch, e, owner)) < 0)
		return false;
	for (i = 0; i < n; i++)
		if (op(e, ch->attr, res->tmpvals[i]))
			changed = true;
	return changed;
}

/*
 * set-bits / clear-bits. A negative value is worked on as the signed
 * integer it is: a 32-bit one (AD's Integer syntax, e.g.
 * msExchRecipientDisplayType) when it and the bits fit in 32 bits, else
 * 64-bit; the result is written back signed. Non-negative values are
 * unsigned 64-bit.
 */
static bool
apply_bits(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e)
{
	const char *verb = ch->kind == CHANGE_SET_BITS ? "set" : "clear";
	const struct entry_attr *a = entry_get(e, ch->attr);
	struct num v;
	uint64_t before, after;
	struct slice out;

	if (a == NULL || a->nvals == 0) {
		engine_warn(res, rule, "cannot %s bits 0x%" PRIx64
		    " in %.*s: attribute is absent", verb, ch->bits,
		    (int)ch->attr.n, (const char *)ch->attr.p);
		return false;
	}
	if (a->nvals > 1) {
		engine_warn(res, rule, "cannot %s bits 0x%" PRIx64
		    " in %.*s: it has %zu values, one integer is needed", verb,
		    ch->bits, (int)ch->attr.n, (const char *)ch->attr.p,
		    a->nvals);
		return false;
	}
	if (num_parse(a->vals[0], 0, &v) != NUM_OK) {
		buf_reset(&res->scratch);
		display_value(&res->scratch, ch->attr, a->vals[0],
		    DISPLAY_MESSAGE_MAX);
		engine_warn(res, rule, "cannot %s bits 0x%" PRIx64
		    " in %.*s: value \"%.*s\" is not an integer", verb,
		    ch->bits, (int)ch->attr.n, (const char *)ch->attr.p,
		    (int)res->scratch.n, (const char *)res->scratch.p);
		return false;
	}
	buf_reset(&res->scratch);
	if (v.neg && v.mag <= (uint64_t)1 << 31 && ch->bits <= UINT32_MAX) {
		uint32_t b32 = (uint32_t)ch->bits;

		before = (uint32_t)num_bits(v);
		after = ch->kind == CHANGE_SET_BITS ?
		    (before | b32) : (before & ~(uint64_t)b32);
		after &= UINT32_MAX;
		if (after & ((uint64_t)1 << 31)) {
			buf_putc(&res->scratch, '-');
			buf_put_dec(&res->scratch, ((uint64_t)1 << 32) - after);
		} else {
			buf_put_dec(&res->scratch, after);
		}
	} else {
		before = num_bits(v);
		after = ch->kind == CHANGE_SET_BITS ?
		    (before | ch->bits) : (before & ~ch->bits);
		if (v.neg && (after >> 63) != 0) {
			buf_putc(&res->scratch, '-');
			buf_put_dec(&res->scratch, (uint64_t)0 - after);
		} else {
			buf_put_dec(&res->scratch, after);
		}
	}
	if (after == before)
		return false;
	out = entry_intern(e, res->scratch.p, res->scratch.n);
	entry_replace(e, ch->attr, &out, 1);
	return true;
}

bool
engine_change_apply(struct engine_result *res, const struct rule *rule,
    const struct change *ch, struct entry *e,
    const struct engine_owner *owner)
{
	switch (ch->kind) {
	case CHANGE_REPLACE:
	case CHANGE_SET_IF_ABSENT:
		return apply_replace(res, rule, ch, e, owner);
	case CHANGE_ADD:
		return apply_each_value(res, rule, ch, e, owner,
		    entry_add_value);
	case CHANGE_DELETE_VALUES:
		return apply_each_value(res, rule, ch, e, owner,
		    entry_delete_value);
	case CHANGE_DELETE_ATTR:
		return entry_delete_attr(e, ch->attr);
	case CHANGE_SET_BITS:
	case CHANGE_CLEAR_BITS:
		return apply_bits(res, rule, ch, e);
	}
	return false;
}
