/*
 * ast_build.h: build rule ASTs (struct cond) and the entries they run on by
 * hand in unit tests, so the engine is tested independently of the YAML
 * loader. Everything allocated here is freed by ast_teardown (usable as a
 * cmocka teardown); entries belong to their caller.
 */
#ifndef LDFIX_TEST_AST_BUILD_H
#define LDFIX_TEST_AST_BUILD_H

#include <stddef.h>

#include "base/buf.h"
#include "engine/engine.h"
#include "ldif/entry.h"
#include "rules/rules.h"

void *ast_track(void *p);
void *ast_alloc(size_t n);
int ast_teardown(void **state);
/* A literal read as the rule language reads one. */
struct rule_value ast_rv(const char *text);
/* Normalize a DN test's bases into c->dn_norm, as the loader does. */
void ast_dn_norm(struct cond *c);
struct cond *ast_cond(enum cond_kind kind, const char *attr);
/* kind over attr with literal values, NULL-terminated. */
struct cond *ast_vals(enum cond_kind kind, const char *attr, ...);
/* all/any/not over conditions, NULL-terminated. */
struct cond *ast_kids(enum cond_kind kind, ...);

/* kind comparing attr with the attribute other (COND_*_ATTR kinds). */
struct cond *ast_other(enum cond_kind kind, const char *attr,
    const char *other);

/* Entries: the binary form of a SID string (freed by ast_teardown), and
 * one more value of an attribute. */
struct slice ast_sid_bin(const char *text);
void ast_put(struct entry *e, const char *attr, const char *v);
void ast_put_bin(struct entry *e, const char *attr, struct slice v);

#define EQ(attr, v) ast_vals(COND_EQUALS, attr, v, (const char *)NULL)
#define PRESENT(attr) ast_cond(COND_PRESENT, attr)
#define ABSENT(attr) ast_cond(COND_ABSENT, attr)

/* Fails the test unless warning i of res reads want. */
void ast_assert_warning(const struct engine_result *res, size_t i,
    const char *want);

#endif
