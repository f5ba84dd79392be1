/*
 * report_html_impl.h: what the two halves of the HTML report share:
 * report_html.c (escaping, head, summary, the page around the rows) and
 * report_html_row.c (one table row per item). Private to them.
 */
#ifndef LDFIX_REPORT_HTML_IMPL_H
#define LDFIX_REPORT_HTML_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "base/buf.h"
#include "tasks/report_html.h"

/* Colour classes k0..k7 of the style sheet, handed out to classification
 * labels in the order they first appear (stable for the same input). */
#define HTML_COLOURS 8
/* Columns of the entry table (see put_table_head). */
#define HTML_COLUMNS 8

/* Entries per classification label, split by whether they change. */
struct html_label {
	char *name;
	unsigned long long changed, report_only;
};

/* Hits per rule. */
struct html_rule {
	char *id;
	unsigned long long hits;
};

struct report_html {
	FILE *fp;               /* the page (borrowed) */
	FILE *spool;            /* the rows, until finish */
	int err;                /* errno of the first failed write */
	char *version;
	unsigned long long items, report_only, attributes;
	struct html_label *labels;
	size_t nlabels, labels_cap;
	unsigned long long none_changed, none_report_only;
	struct html_rule *rules;
	size_t nrules, rules_cap;
	struct buf out;         /* what is being rendered */
	struct buf tmp;
};

/* report_html_flush: write h->out to fp (the page or the spool), empty
 * it; a failed write is remembered in h->err. */
void report_html_flush(struct report_html *h, FILE *fp);
/*
 * report_html_esc: append v escaped for HTML text (attr false) or a
 * double-quoted attribute value (attr true): markup characters as
 * references, screen controls as \uXXXX, bytes that are not UTF-8 as \xHH.
 */
void report_html_esc(struct buf *out, struct slice v, bool attr);
/* report_html_esc_cstr: the same for a C string (NULL: nothing). */
void report_html_esc_cstr(struct buf *out, const char *s, bool attr);

#endif
