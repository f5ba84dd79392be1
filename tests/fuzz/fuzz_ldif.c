/*
 * fuzz_ldif.c: libFuzzer harness for the streaming LDIF reader.
 *
 * The first byte picks the read size (1 to 64 bytes, or everything at
 * once) and the limits (small ones, to reach the limit errors, which also
 * read a last line without a line end); the rest is the input. Every
 * record is walked completely, so that a slice pointing
 * outside its arena shows up under AddressSanitizer, and the reader is
 * checked to stay failed after an error. Build (clang only):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_ldif.c src/ldif_reader.c src/ldif_lines.c \
 *       src/ldif.c src/buf.c src/diag.c src/base64.c
 * Seeds: the inputs of tests/spec/ldif.txt.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "ldif/ldif.h"
#include "ldif/ldif_reader.h"
#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every byte of a slice; the sum keeps the loads alive. */
static unsigned
touch(struct slice s)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < s.n; i++)
		sum += s.p[i];
	return sum;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldif_limits small = { 64, 512, true };
	struct fuzz_feed f;
	struct ldif_reader *r;
	const struct ldif_record *rec;
	struct diag d;
	volatile unsigned sum = 0;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	fuzz_feed_init(&f, data + 1, size - 1);
	f.step = data[0] & 0x3f;        /* 0: whole input per read */
	f.seed = data[0];
	r = ldif_reader_new("fuzz", fuzz_feed_read, &f,
	    (data[0] & 0x40) ? &small : NULL);
	diag_clear(&d);
	while ((rc = ldif_reader_next(r, &rec, &d)) == 1) {
		sum += touch(rec->dn) + touch(rec->newrdn) +
		    touch(rec->newsuperior);
		for (i = 0; i < rec->nattrs; i++)
			sum += touch(rec->attrs[i].name) +
			    touch(rec->attrs[i].value);
		for (i = 0; i < rec->nmods; i++) {
			if (rec->mods[i].first + rec->mods[i].count >
			    rec->nattrs)
				abort();
			sum += touch(rec->mods[i].attr);
		}
		for (i = 0; i < rec->ncontrols; i++)
			sum += touch(rec->controls[i].oid) +
			    touch(rec->controls[i].value);
	}
	if (rc < 0) {
		if (d.msg[0] == '\0' || d.file[0] == '\0')
			abort();        /* every error says what and where */
		if (ldif_reader_next(r, &rec, &d) != -1)
			abort();
	}
	(void)sum;
	(void)ldif_reader_offset(r);
	(void)ldif_reader_encoding(r);
	ldif_reader_free(r);
	return 0;
}
