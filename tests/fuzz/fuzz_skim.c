/*
 * fuzz_skim.c: libFuzzer harness for the reader's fast path: any input,
 * read by the full reader and by one with ldif_reader_skim(), must give
 * the same records (the partial ones: what was asked of the full ones)
 * and the same error at the same place (tests/unit/skim_same.c decides).
 *
 * The first byte picks the read size (1 to 63 bytes, or everything at
 * once), the limits (small ones, to reach the limit errors, which also
 * read a last line without a line end) and whether every line is asked
 * for (no record partial, as cat reads); the second which types are asked
 * for (values or presence) and which partial records are completed; the
 * rest is the input. Seeds: samples/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>

#include "base/buf.h"
#include "ldif/ldif_reader.h"
#include "feed.h"
#include "../unit/skim_same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define T(s) { (const unsigned char *)(s), sizeof(s) - 1 }
static const struct slice types[] = {
	T("msExchRecipientTypeDetails"), T("msExchMasterAccountSid"),
	T("objectSid"), T("sAMAccountName"), T("nTSecurityDescriptor"),
	T("mail"), T("cn"), T("sn"),
};
#undef T
#define NTYPES (sizeof(types) / sizeof(types[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t completes[] = { 0, 0xffffffffu, 0x55555555u,
	    0x92492492u };
	struct ldif_limits small = { 64, 512, true };
	struct slice values[NTYPES], present[NTYPES];
	struct ldif_skim s = { values, 0, present, 0, false };
	struct fuzz_feed fa, fb;
	struct ldif_reader *a, *b;
	char why[512];
	size_t i;

	if (size < 2)
		return 0;
	/* Bits 0-5 of the second byte: which types, as values or not; bit
	 * 7 of the first: every line (cat's way). */
	s.all = (data[0] & 0x80) != 0;
	for (i = 0; i < NTYPES; i++) {
		if (!((data[1] >> (i % 6)) & 1))
			continue;
		if (i & 1)
			values[s.nvalues++] = types[i];
		else
			present[s.npresent++] = types[i];
	}
	fuzz_feed_init(&fa, data + 2, size - 2);
	fuzz_feed_init(&fb, data + 2, size - 2);
	fa.step = fb.step = data[0] & 0x3f;
	fa.seed = fb.seed = data[0];
	a = ldif_reader_new("fuzz", fuzz_feed_read, &fa,
	    (data[0] & 0x40) ? &small : NULL);
	b = ldif_reader_new("fuzz", fuzz_feed_read, &fb,
	    (data[0] & 0x40) ? &small : NULL);
	if (skim_same(a, b, &s, completes[data[1] >> 6], NULL, why,
	    sizeof(why)) != 0) {
		fprintf(stderr, "fuzz_skim: %s\n", why);
		abort();
	}
	ldif_reader_free(a);
	ldif_reader_free(b);
	return 0;
}
