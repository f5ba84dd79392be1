/*
 * report.c: the report stream of report.h: owns the output and hands each
 * item to the chosen format (report_*.c). Write errors are remembered and
 * reported by report_finish().
 */
#include "tasks/report_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ldif/display.h"

static const struct report_format_ops *const formats[] = {
	[REPORT_TABLE] = &report_table_ops,
	[REPORT_CSV] = &report_csv_ops,
	[REPORT_CSV_CHANGES] = &report_csv_changes_ops,
	[REPORT_JSON] = &report_json_ops,
	[REPORT_HTML] = &report_html_ops,
};

struct slice
report_first_value(const struct entry *e, const char *type)
{
	const struct entry_attr *a = entry_get_type(e, slice_of(type));

	if (a == NULL || a->nvals == 0)
		return slice_mem("", 0);
	return a->vals[0];
}

void
report_put_value(struct buf *out, struct slice attr, struct slice v)
{
	display_value(out, attr, v, DISPLAY_VALUE_MAX);
}

bool
report_put_rules(struct buf *out, const struct engine_result *res,
    const char *sep)
{
	size_t i;

	for (i = 0; res && i < res->nhits; i++) {
		if (i)
			buf_puts(out, sep);
		if (res->hits[i].rule)
			buf_puts(out, res->hits[i].rule->id);
	}
	return res && res->nhits > 0;
}

bool
report_put_labels(struct buf *out, const struct engine_result *res,
    const char *sep)
{
	bool any = false;
	size_t i;

	for (i = 0; res && i < res->nhits; i++) {
		if (res->hits[i].label == NULL)
			continue;
		if (any)
			buf_puts(out, sep);
		buf_puts(out, res->hits[i].label);
		any = true;
	}
	return any;
}

void
report_put_owner_name(struct buf *out, const struct engine_owner *o)
{
	if (o->account != NULL && o->name.n > 0)
		display_text(out, o->name, DISPLAY_WHOLE);
	else if (o->account != NULL)
		display_text(out, o->account->dn, DISPLAY_WHOLE);
	else
		display_value(out, slice_of("msExchMasterAccountSid"), o->sid,
		    DISPLAY_VALUE_MAX);
}

struct slice
report_owner_value(const struct engine_owner *o, const char *attr)
{
	if (o == NULL || o->account == NULL)
		return slice_mem("", 0);
	return report_first_value(o->account, attr);
}

/* Hand what the format rendered to the stream. */
static void
emit(struct report *r)
{
	if (r->out.n > 0 && r->err == 0) {
		errno = 0;
		if (fwrite(r->out.p, 1, r->out.n, r->fp) != r->out.n)
			r->err = errno ? errno : EIO;
	}
	buf_reset(&r->out);
}

struct report *
report_new(FILE *fp, const char *name, const struct report_opts *opts,
    const struct report_meta *meta)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->fp = fp;
	r->name = xstrdup(name && strcmp(name, "-") != 0 ? name :
	    "standard output");
	r->opts = *opts;
	r->ops = formats[opts->format];
	if (meta != NULL && meta->ncolumns > 0) {
		r->columns = xreallocarray(NULL, meta->ncolumns,
		    sizeof(*r->columns));
		memcpy(r->columns, meta->columns,
		    meta->ncolumns * sizeof(*r->columns));
		r->ncolumns = meta->ncolumns;
	}
	r->owners = meta != NULL && meta->naccounts > 0;
	buf_init(&r->out);
	buf_init(&r->cell);
	buf_init(&r->tmp);
	if (r->ops->init != NULL)
		r->ops->init(r);
	if (!opts->head_apart) {
		r->ops->begin(r, meta);
		emit(r);
	}
	return r;
}

bool
report_names_digest(enum report_format format)
{
	return format == REPORT_JSON || format == REPORT_HTML;
}

void
report_head(struct report *r, FILE *fp, const struct report_meta *meta)
{
	FILE *body = r->fp;

	r->fp = fp;
	r->ops->begin(r, meta);
	emit(r);
	r->fp = body;
}

void
report_add(struct report *r, const struct report_item *it)
{
	r->ops->item(r, it);
	r->items++;
	emit(r);
}

int
report_finish(struct report *r, const struct report_counts *c,
    struct diag *d)
{
	int rc = 0;

	r->ops->end(r, c);
	emit(r);
	if (r->err == 0 && fflush(r->fp) != 0)
		r->err = errno ? errno : EIO;
	if (r->err != 0) {
		if (d)
			diag_set(d, r->name, 0, 0, "cannot write report: %s",
			    strerror(r->err));
		rc = -1;
	}
	buf_release(&r->out);
	buf_release(&r->cell);
	buf_release(&r->tmp);
	free(r->columns);
	free(r->name);
	free(r);
	return rc;
}
