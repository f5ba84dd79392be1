/*
 * fuzz_names.c: libFuzzer harness for the ways ldfix names entries: DNs,
 * SIDs, CSV and selection files.
 *
 * The first byte picks the target, the rest is its input:
 *   0  a DN: its canonical form is canonical again (idempotent), equals
 *      the DN, and the DN lies under itself; a child of it lies under it
 *      and not the other way round
 *   1  a SID as text: parsed, written and parsed again it is the same
 *      bytes; and the input as bytes: written and parsed back, the same
 *   2  CSV: every row of it, with each separator Excel may use
 *   3  a selection file (--only @FILE): loaded, then asked about a few
 *      entries, its unmatched and ambiguous names listed
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/dn.h"
#include "base/sid.h"
#include "ldif/entry.h"
#include "tasks/csv.h"
#include "tasks/select.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_dn(struct slice dn)
{
	struct buf n1 = BUF_INIT, n2 = BUF_INIT, child = BUF_INIT;

	if (dn_normalize(dn, &n1) < 0) {
		if (dn_valid(dn))
			abort();
		goto out;
	}
	if (dn_normalize(buf_slice(&n1), &n2) < 0 ||
	    n1.n != n2.n || memcmp(n1.p, n2.p, n1.n) != 0) {
		fprintf(stderr, "canonical DN is not canonical again\n");
		abort();
	}
	if (!dn_equal(dn, buf_slice(&n1)) || !dn_is_under(dn, dn)) {
		fprintf(stderr, "a DN is not itself\n");
		abort();
	}
	buf_puts(&child, dn.n ? "CN=child," : "CN=child");
	buf_putslice(&child, dn);
	if (!dn_is_under(buf_slice(&child), dn) ||
	    dn_is_under(dn, buf_slice(&child))) {
		fprintf(stderr, "a child is not under its parent\n");
		abort();
	}
out:
	buf_release(&n1);
	buf_release(&n2);
	buf_release(&child);
}

static void
check_sid(struct slice in)
{
	unsigned char bin[SID_MAX_BYTES], bin2[SID_MAX_BYTES];
	size_t n, n2;
	struct buf t = BUF_INIT;

	if (sid_parse(in, bin, &n) == 0) {
		if (sid_format(slice_mem(bin, n), &t) < 0 ||
		    sid_parse(buf_slice(&t), bin2, &n2) < 0 || n != n2 ||
		    memcmp(bin, bin2, n) != 0) {
			fprintf(stderr, "SID text does not round-trip\n");
			abort();
		}
	}
	buf_reset(&t);
	if (sid_format(in, &t) == 0) {
		if (sid_parse(buf_slice(&t), bin, &n) < 0 || n != in.n ||
		    memcmp(bin, in.p, n) != 0) {
			fprintf(stderr, "SID bytes do not round-trip\n");
			abort();
		}
	}
	buf_release(&t);
}

static void
check_csv(struct slice text)
{
	static const int seps[] = { ',', ';', '\t' };
	struct csv_row row;
	size_t pos, err, i, k;
	volatile size_t sum = 0;

	csv_row_init(&row);
	for (k = 0; k < 3; k++) {
		pos = 0;
		while (csv_next_sep(text, &pos, seps[k], &row, &err) == 1)
			for (i = 0; i < row.nfields; i++)
				sum += row.fields[i].n;
	}
	(void)csv_header_sep(text);
	csv_row_free(&row);
	(void)sum;
}

static void
check_selection(struct slice text)
{
	static const char *const dns[] = {
		"CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com",
		"cn=x", "",
	};
	struct select s;
	struct entry e;
	struct diag d;
	size_t i;

	select_init(&s);
	entry_init(&e);
	if (select_add_text(&s, SELECT_ONLY, "sel", text, &d) == 0) {
		for (i = 0; i < sizeof(dns) / sizeof(dns[0]); i++) {
			entry_reset(&e);
			e.dn = slice_of(dns[i]);
			entry_append(&e, slice_of("sAMAccountName"),
			    slice_of("jdoe"), 2);
			(void)select_entry(&s, &e);
		}
		(void)select_each_unmatched(&s, NULL, NULL);
		(void)select_each_ambiguous(&s, NULL, NULL);
	} else if (d.msg[0] == '\0' || d.file[0] == '\0') {
		abort();        /* every refusal says what and where */
	}
	entry_free(&e);
	select_free(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slice in;

	if (size < 1 || size > 65536)
		return 0;
	in = slice_mem(data + 1, size - 1);
	switch (data[0] & 3) {
	case 0:
		check_dn(in);
		break;
	case 1:
		check_sid(in);
		break;
	case 2:
		check_csv(in);
		break;
	default:
		check_selection(in);
		break;
	}
	return 0;
}
