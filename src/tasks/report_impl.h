/*
 * report_impl.h: what report.c shares with the format files
 * (report_table.c, report_csv.c, report_json.c); not for other modules.
 *
 * A format renders into r->out; report.c writes r->out to the stream after
 * every call, so memory stays flat however many items there are. Adding a
 * format: a file with a struct report_format_ops, an enum report_format
 * value, and its line in report.c's table.
 */
#ifndef LDFIX_REPORT_IMPL_H
#define LDFIX_REPORT_IMPL_H

#include "tasks/report.h"

struct report {
	FILE *fp;
	char *name;
	struct report_opts opts;
	const struct report_format_ops *ops;
	unsigned long long items;
	int err;                /* errno of the first failed write */
	struct buf out;         /* what the current call renders */
	struct buf cell;        /* one cell or field being built */
	struct buf tmp;
	struct slice *columns;  /* report_meta.columns (borrowed slices) */
	void *impl;             /* a format's own state (html) */
	size_t ncolumns;
	bool owners;            /* --accounts: items carry their owner */
};

/* begin writes the head onto r->fp (with head_apart, report_head points
 * r->fp at the head's file for the call); init, when a format has one, is
 * called once by report_new, before anything else. */
struct report_format_ops {
	void (*begin)(struct report *r, const struct report_meta *meta);
	void (*item)(struct report *r, const struct report_item *it);
	void (*end)(struct report *r, const struct report_counts *c);
	void (*init)(struct report *r);
};

extern const struct report_format_ops report_table_ops, report_csv_ops,
    report_csv_changes_ops, report_json_ops, report_html_ops;

/* The first value of the attribute type (options ignored), or empty. */
struct slice report_first_value(const struct entry *e, const char *type);

/* Append v as display.h shows a value (up to DISPLAY_VALUE_MAX). */
void report_put_value(struct buf *out, struct slice attr, struct slice v);

/* Append the hits' rule ids (or labels), joined by sep; false if none. */
bool report_put_rules(struct buf *out, const struct engine_result *res,
    const char *sep);
/* Append the owner's name as every format shows it: DOMAIN\sAMAccountName
 * when found, else its SID (display.h). */
void report_put_owner_name(struct buf *out, const struct engine_owner *o);
/* The first value of attr ("userPrincipalName") of the owner's account,
 * or empty. */
struct slice report_owner_value(const struct engine_owner *o,
    const char *attr);

bool report_put_labels(struct buf *out, const struct engine_result *res,
    const char *sep);

#endif
