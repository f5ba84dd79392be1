/*
 * fuzz_sd.c: libFuzzer harness for the security descriptor module
 * (src/base/sd.c, sd_sddl.c). The input is one descriptor. Whatever it
 * holds, sd_parse either refuses it with a reason and an offset inside it,
 * or every ACE the iterator hands out lies inside it and is touched byte by
 * byte; sd_to_sddl succeeds only on what sd_parse accepts, fails on it only
 * for the two things SDDL cannot spell, and writes printable ASCII. The
 * iterator is also run over ACL headers read straight from the input
 * without sd_parse, to exercise its own bounds checks. Seeds:
 * tests/fuzz/seeds/fuzz_sd (binary descriptors of a linked mailbox).
 *
 * The same bytes then go, as both msExchMailboxSecurityDescriptor and
 * nTSecurityDescriptor of a linked mailbox, through the built-in rules
 * (their ace tests and leftover-permissions): a descriptor sd_parse
 * refuses must leave every one of them undecided, never "no ACE" (the hit
 * carries the reason, as not checked and as a warning); one it accepts
 * must be checked; what was found is rendered as the plan comment and the
 * CSV cells render it (tasks/leftover.c), and cat --decode's comment
 * (display_sd) is printable ASCII.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/sd.h"
#include "engine/engine.h"
#include "ldif/display.h"
#include "ldif/entry.h"
#include "rules/rules.h"
#include "tasks/leftover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *lo, *hi;

/* Touch every byte of s and check that it lies inside the input. */
static unsigned
touch(struct slice s)
{
	unsigned sum = 0;
	size_t i;

	if (s.n > 0 && (s.p < lo || s.p > hi || (size_t)(hi - s.p) < s.n))
		abort();
	for (i = 0; i < s.n; i++)
		sum += s.p[i];
	return sum;
}

static unsigned
walk(const struct sd *sd, const struct sd_acl *acl)
{
	struct sd_ace_iter it;
	struct sd_ace ace;
	unsigned sum = 0, n = 0;

	sd_ace_iter_init(&it, sd, acl);
	while (sd_ace_next(&it, &ace)) {
		sum += touch(ace.raw) + touch(ace.sid) +
		    touch(ace.object_type) + touch(ace.inherited_object_type);
		if (ace.known && (ace.object_type.n % 16 != 0 ||
		    ace.inherited_object_type.n % 16 != 0 || ace.sid.n < 8))
			abort();
		sum += sd_ad_rights_granted(&ace, ace.sid);
		sum += sd_ace_grants(&ace, sd->owner, ace.mask & 0x5,
		    slice_mem("", 0));
		if (++n > 65535)
			abort();
	}
	return sum;
}

/* ACL headers taken from the input as they are: the iterator alone must
 * stay inside it. */
static unsigned
walk_unchecked(struct slice bin)
{
	struct sd sd;
	unsigned sum = 0;
	int i;

	if (bin.n < SD_HEADER_SIZE)
		return 0;
	memset(&sd, 0, sizeof(sd));
	sd.bytes = bin;
	for (i = 0; i < 2; i++) {
		const uint8_t *f = bin.p + (i ? 16 : 12);
		size_t off = (size_t)f[0] | (size_t)f[1] << 8 |
		    (size_t)f[2] << 16 | (size_t)f[3] << 24;

		sd.dacl.present = true;
		sd.dacl.offset = off;
		sd.dacl.size = off + 8 <= bin.n ?
		    (size_t)bin.p[off + 2] | (size_t)bin.p[off + 3] << 8 : 0;
		sd.dacl.count = off + 8 <= bin.n ?
		    (unsigned)bin.p[off + 4] | (unsigned)bin.p[off + 5] << 8 :
		    0xffff;
		sum += walk(&sd, &sd.dacl);
	}
	return sum;
}

/* The input as both descriptors of a linked mailbox, through the
 * built-in rules; parsed says whether sd_parse accepted it. */
static void
run_rules(struct slice bin, bool parsed)
{
	static const unsigned char master[] = {
		1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xc7, 0xf7, 0xfe, 0xd7,
		0x7c, 0x77, 0x55, 0xc8, 0x94, 0x5a, 0xce, 0x01, 0xf5, 3, 0, 0
	};
	static struct ruleset rs;
	static bool loaded;
	struct engine_result res;
	struct buf a = BUF_INIT, b = BUF_INIT;
	const struct engine_hit *h;
	struct entry e;
	struct diag d;
	size_t i;

	if (!loaded) {
		rules_init(&rs);
		if (rules_load_default(&rs, NULL, 0, &d) < 0)
			abort();
		loaded = true;
	}
	entry_init(&e);
	engine_result_init(&res);
	e.dn = slice_of("CN=O'Neil \xe2\x80\x99,OU=Linked,DC=x");
	entry_add_value(&e, slice_of("msExchRecipientTypeDetails"),
	    slice_of("2"));
	entry_add_value(&e, slice_of("msExchMasterAccountSid"),
	    slice_mem(master, sizeof(master)));
	entry_add_value(&e, slice_of("msExchMailboxSecurityDescriptor"), bin);
	entry_add_value(&e, slice_of("nTSecurityDescriptor"),
	    entry_intern(&e, bin.p, bin.n));
	if (engine_run(&rs, &e, &res) < 1)
		abort();
	h = &res.hits[0];
	/* refused: both not checked, with a reason; accepted: checked */
	if (h->nunchecked != (parsed ? 0u : 2u) || (!parsed && h->naces != 0))
		abort();
	for (i = 0; i < h->nunchecked; i++)
		if (res.unchecked[h->first_unchecked + i].reason == NULL)
			abort();
	if (!parsed && res.nwarnings < 2)
		abort();
	leftover_put_comment(&a, &e, &res);
	leftover_put_cells(&a, &b, &e, &res);
	buf_reset(&a);
	display_sd(&a, bin);
	for (i = 0; i < a.n; i++)
		if (a.p[i] < 0x20 || a.p[i] > 0x7e)
			abort();
	buf_release(&a);
	buf_release(&b);
	engine_result_free(&res);
	entry_free(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slice bin = slice_mem(data, size);
	struct sd sd;
	struct sd_error err = { NULL, 0 };
	struct buf out = BUF_INIT;
	volatile unsigned sum = 0;
	int parsed, rendered;
	size_t i;

	lo = data;
	hi = data + size;
	parsed = sd_parse(bin, &sd, &err);
	if (parsed < 0) {
		if (err.reason == NULL || err.reason[0] == '\0' ||
		    (err.offset >= size && err.offset != 0))
			abort();
	} else {
		sum += touch(sd.owner) + touch(sd.group);
		sum += walk(&sd, &sd.sacl) + walk(&sd, &sd.dacl);
	}
	sum += walk_unchecked(bin);

	err.reason = NULL;
	rendered = sd_to_sddl(bin, &out, &err);
	if (rendered == 0 && parsed < 0)
		abort();
	if (rendered < 0 && parsed == 0 && (err.reason == NULL ||
	    (strcmp(err.reason, "ACE type has no SDDL spelling") != 0 &&
	    strcmp(err.reason, "ACE flag 0x20 has no SDDL spelling") != 0)))
		abort();
	if (rendered == 0)
		for (i = 0; i < out.n; i++)
			if (out.p[i] < 0x21 || out.p[i] > 0x7e)
				abort();
	buf_release(&out);
	run_rules(bin, parsed == 0);
	(void)sum;
	return 0;
}
