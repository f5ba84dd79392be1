/*
 * report_html.h: the HTML review report, one self-contained page for the
 * directory owners and security teams who approve a change file.
 *
 * The page loads nothing: inline CSS, inline SVG charts drawn here, and
 * one small inline script (text filter, classification filter, column
 * sorting, the #filter= fragment). A Content-Security-Policy meta tag
 * forbids every load and allows only that script and that style sheet, by
 * their SHA-256. Without JavaScript the page is complete; the filter form
 * stays hidden.
 *
 * Order on the page: header (ldfix version, command, input, SHA-256 of
 * input and rules, options), summary tiles and charts, then one table row
 * per item. Tiles and charts need counts known only at the end, so rows go
 * to an unlinked temporary file as items arrive and are copied into the
 * page by report_html_finish(): memory stays flat, the document order is
 * the reading order (screen readers, printing, text browsers), and the
 * output is deterministic byte for byte.
 *
 * Machine hooks (tests and tools rely on them):
 *   <div class="tile" data-count="NAME">  entries, selected, matched,
 *       changed, warnings (the JSON report's counts), report_only and
 *       attributes (changed attributes, all entries)
 *   <tr id="e-HEX16" data-dn=".." data-classification="..">  one per item;
 *       the id is the first 16 hex digits of the SHA-256 of the normalized
 *       DN (the raw DN when it is not valid), so the same object gets the
 *       same anchor in every export; data-classification holds the labels
 *       separated by spaces (empty: none); data-warnings="N" when it has
 *       warnings, which follow in <tr class="w"> right under it
 *   a row hidden by the filter carries the hidden attribute (so does its
 *       warning row)
 *   <html data-js="ready"> once the script ran
 *   #filter=TEXT&class=LABEL&sort=COLUMN (URL query syntax; "-" before
 *       COLUMN sorts descending; class "-" means no classification)
 *
 * Text: every value is escaped for its context. Characters that could
 * hide or reorder text (C0 and C1 controls, DEL, bidi embeddings,
 * overrides, isolates and marks, U+2028/U+2029, U+FEFF) are written as
 * \uXXXX and bytes that are not UTF-8 as \xHH, in a marked span in text
 * and plain in attributes; no such character reaches the page raw.
 */
#ifndef LDFIX_REPORT_HTML_H
#define LDFIX_REPORT_HTML_H

#include <stdio.h>

#include "tasks/report.h"

struct report_html;

/* report_html_new: a page onto fp (not closed); writes the head now. */
struct report_html *report_html_new(FILE *fp, const struct report_meta *meta);
/* report_html_open: a page onto fp whose head is written apart:
 * report_html_head writes it onto fp (the file before fp's bytes). */
struct report_html *report_html_open(FILE *fp);
void report_html_head(struct report_html *h, FILE *fp,
    const struct report_meta *meta);
/* report_html_add: one row (written to the spool; nothing kept). */
void report_html_add(struct report_html *h, const struct report_item *it);
/*
 * report_html_finish: write summary, rows and script, free h. Returns 0,
 * or the errno of the first failed write (the page is then incomplete).
 */
int report_html_finish(struct report_html *h, const struct report_counts *c);

/* The page's style sheet and script: chunks, NULL-terminated
 * (report_html_page.c). */
extern const char *const report_html_css[];
extern const char *const report_html_js[];

#endif
