/*
 * sid.c: binary SIDs and GUIDs to text and back (MS-DTYP 2.4.2), and the
 * domain comparisons the rule engine needs. Pure functions over slices;
 * nothing here allocates except by appending to a caller's buf.
 * sid_format remembers, per thread, the last SID it wrote and its text:
 * a hit's comments, reports and commands show its master's SID a dozen
 * times.
 */
#include "base/sid.h"

#include <stdint.h>
#include <string.h>

#include "base/num.h"

#define SID_HEADER 8
#define SID_AUTH_MAX ((UINT64_C(1) << 48) - 1)

bool
sid_valid(struct slice bin)
{
	if (bin.n < SID_HEADER || bin.p[0] != 1 || bin.p[1] > SID_MAX_SUBAUTH)
		return false;
	return bin.n == SID_HEADER + 4 * (size_t)bin.p[1];
}

static uint64_t
sid_authority(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 2; i < SID_HEADER; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t
sid_subauth(const unsigned char *p, size_t i)
{
	const unsigned char *q = p + SID_HEADER + 4 * i;

	return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
	    (uint32_t)q[3] << 24;
}

/* The last SID sid_format wrote on this thread, and its text. */
static _Thread_local struct {
	unsigned char bin[SID_MAX_BYTES];
	size_t n;
	char text[4 + 20 + SID_MAX_SUBAUTH * 11];
	size_t len;
} last_sid;

int
sid_format(struct slice bin, struct buf *out)
{
	uint64_t auth;
	size_t i, n, start = out->n;
	unsigned char *o;

	if (!sid_valid(bin))
		return -1;
	if (bin.n == last_sid.n && memcmp(bin.p, last_sid.bin, bin.n) == 0) {
		buf_put(out, last_sid.text, last_sid.len);
		return 0;
	}
	auth = sid_authority(bin.p);
	n = bin.p[1];
	/* A SID in every ACE of every descriptor a comment shows: no printf,
	 * and room for the longest one made once. */
	buf_grow(out, 4 + 20 + n * 11);
	o = out->p + out->n;
	if (auth <= UINT32_MAX) {
		memcpy(o, "S-1-", 4);
		o += 4;
		o += dec_digits(o, auth);
	} else {
		buf_printf(out, "S-1-0x%012llx", (unsigned long long)auth);
		buf_grow(out, n * 11);
		o = out->p + out->n;
	}
	for (i = 0; i < n; i++) {
		*o++ = '-';
		o += dec_digits(o, sid_subauth(bin.p, i));
	}
	out->n = (size_t)(o - out->p);
	out->p[out->n] = 0;
	if (out->n - start <= sizeof(last_sid.text)) {
		memcpy(last_sid.bin, bin.p, bin.n);
		last_sid.n = bin.n;
		last_sid.len = out->n - start;
		memcpy(last_sid.text, out->p + start, last_sid.len);
	}
	return 0;
}

/*
 * Read decimal digits from text at *pos up to the next '-' or the end,
 * rejecting an empty part and anything above max.
 */
static int
parse_dec(struct slice text, size_t *pos, uint64_t max, uint64_t *out)
{
	size_t i = *pos;
	uint64_t v = 0;

	if (i >= text.n || text.p[i] < '0' || text.p[i] > '9')
		return -1;
	for (; i < text.n && text.p[i] != '-'; i++) {
		unsigned d = (unsigned)text.p[i] - '0';

		if (d > 9 || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*pos = i;
	*out = v;
	return 0;
}

/* The authority in hex: "0x" and 1 to 12 hex digits. */
static int
parse_hex_auth(struct slice text, size_t *pos, uint64_t *out)
{
	size_t i = *pos + 2, start = i;
	uint64_t v = 0;

	for (; i < text.n && text.p[i] != '-'; i++) {
		int c = ascii_tolower(text.p[i]);

		if (i - start >= 12)
			return -1;
		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	if (i == start)
		return -1;
	*pos = i;
	*out = v;
	return 0;
}

int
sid_parse(struct slice text, unsigned char out[SID_MAX_BYTES], size_t *outlen)
{
	unsigned char tmp[SID_MAX_BYTES];
	uint64_t auth, v;
	size_t pos, n = 0;
	int i;

	if (text.n < 5 || (text.p[0] != 'S' && text.p[0] != 's') ||
	    text.p[1] != '-' || text.p[2] != '1' || text.p[3] != '-')
		return -1;
	pos = 4;
	if (pos + 1 < text.n && text.p[pos] == '0' &&
	    (text.p[pos + 1] == 'x' || text.p[pos + 1] == 'X')) {
		if (parse_hex_auth(text, &pos, &auth) < 0)
			return -1;
	} else if (parse_dec(text, &pos, SID_AUTH_MAX, &auth) < 0)
		return -1;
	tmp[0] = 1;
	for (i = 7; i >= 2; i--) {
		tmp[i] = (unsigned char)(auth & 0xff);
		auth >>= 8;
	}
	while (pos < text.n) {
		unsigned char *q;

		pos++;          /* the '-' that parse_dec stopped at */
		if (n == SID_MAX_SUBAUTH ||
		    parse_dec(text, &pos, UINT32_MAX, &v) < 0)
			return -1;
		q = tmp + SID_HEADER + 4 * n;
		q[0] = (unsigned char)(v & 0xff);
		q[1] = (unsigned char)(v >> 8 & 0xff);
		q[2] = (unsigned char)(v >> 16 & 0xff);
		q[3] = (unsigned char)(v >> 24 & 0xff);
		n++;
	}
	tmp[1] = (unsigned char)n;
	*outlen = SID_HEADER + 4 * n;
	memcpy(out, tmp, *outlen);
	return 0;
}

bool
sid_same_domain(struct slice a, struct slice b)
{
	if (!sid_valid(a) || !sid_valid(b) || a.p[1] < 2 || a.n != b.n)
		return false;
	/* Header (revision, count, authority) and all but the last
	 * sub-authority: everything except the final four bytes. */
	return memcmp(a.p, b.p, a.n - 4) == 0;
}

bool
sid_in_domain(struct slice sid, struct slice domain)
{
	if (!sid_valid(sid) || !sid_valid(domain) || sid.p[1] < 2 ||
	    domain.p[1] + 1 != sid.p[1])
		return false;
	return memcmp(sid.p + 2, domain.p + 2, domain.n - 2) == 0;
}

/* Where each byte, in the order a GUID's text writes it, is in the Windows
 * layout (the first three fields little-endian). */
static const unsigned char guid_text_order[16] = {
	3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
};

int
guid_format(struct slice bin, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char *o;
	size_t i;

	if (bin.n != 16)
		return -1;
	buf_grow(out, 36);
	o = out->p + out->n;
	for (i = 0; i < 16; i++) {
		unsigned char b = bin.p[guid_text_order[i]];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = (unsigned char)hex[b >> 4];
		*o++ = (unsigned char)hex[b & 15];
	}
	out->n = (size_t)(o - out->p);
	out->p[out->n] = 0;
	return 0;
}

int
guid_parse(struct slice text, unsigned char out[16])
{
	size_t i = 0, k = 0;

	if (text.n != 36)
		return -1;
	while (i < text.n) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (text.p[i++] != '-')
				return -1;
			continue;
		}
		hi = num_hex_digit(text.p[i]);
		lo = num_hex_digit(text.p[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[guid_text_order[k++]] = (unsigned char)(hi << 4 | lo);
		i += 2;
	}
	return 0;
}
