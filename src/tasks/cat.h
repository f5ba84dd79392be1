/*
 * cat.h: "ldfix cat", re-emit an LDIF stream in canonical form.
 */
#ifndef LDFIX_CAT_H
#define LDFIX_CAT_H

#include <stdbool.h>

#include "base/diag.h"
#include "ldif/ldif_reader.h"
#include "ldif/ldif_writer.h"

struct cat_opts {
	bool decode;            /* comment SIDs, GUIDs and descriptors readably */
	/* Write add records as content records; any other change record is
	 * then an error (RFC 2849 keeps content and change records apart),
	 * as is an add record with controls (content records have none). */
	bool content;
	const char *input_name; /* for those errors */
};

struct cat_stats {
	unsigned long long records;
	unsigned long long entries;
	unsigned long long changes;
};

/*
 * cat_run: read every record from r and write it to w, preceded by
 * "version: 1", each record of the kind it was (an add record stays one,
 * unless opts->content). Returns 0, or -1 with d set by the reader or
 * writer, or for a record --content cannot write.
 */
int cat_run(struct ldif_reader *r, struct ldif_writer *w,
    const struct cat_opts *opts, struct cat_stats *stats, struct diag *d);

#endif
