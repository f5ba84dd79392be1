/*
 * num.c: integers as exports and rule files write them (see num.h).
 */
#include "base/num.h"

#define INT64_MIN_MAG ((uint64_t)1 << 63)

int
num_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 0x followed by hex digits; only with NUM_HEX. */
static int
parse_hex(struct slice s, struct num *out)
{
	uint64_t v = 0;
	bool over = false;
	size_t i;

	if (s.n == 2)
		return NUM_SYNTAX;
	for (i = 2; i < s.n; i++) {
		int d = num_hex_digit(s.p[i]);

		if (d < 0)
			return NUM_SYNTAX;
		if (v >> 60)
			over = true;
		v = v << 4 | (uint64_t)d;
	}
	if (over)
		return NUM_RANGE;
	out->neg = false;
	out->mag = v;
	return NUM_OK;
}

int
num_parse(struct slice s, unsigned flags, struct num *out)
{
	size_t i = 0, start;
	bool neg = false, plus = false, over = false;
	uint64_t v = 0;

	if ((flags & NUM_HEX) && s.n >= 2 && s.p[0] == '0' &&
	    (s.p[1] == 'x' || s.p[1] == 'X'))
		return parse_hex(s, out);
	if (s.n > 0 && (s.p[0] == '-' || s.p[0] == '+')) {
		neg = s.p[0] == '-';
		plus = !neg;
		i = 1;
	}
	start = i;
	if (i == s.n)
		return NUM_SYNTAX;
	for (; i < s.n; i++) {
		unsigned d = (unsigned)s.p[i] - '0';

		if (d > 9)
			return NUM_SYNTAX;
		if (v > (UINT64_MAX - d) / 10)
			over = true;
		v = v * 10 + d;
	}
	/* Canonical: no '+', no leading zero, no "-0". */
	if (plus || (s.p[start] == '0' && (s.n - start > 1 || neg)))
		return NUM_FORM;
	if (over || (neg && v > INT64_MIN_MAG))
		return NUM_RANGE;
	out->neg = neg;
	out->mag = v;
	return NUM_OK;
}

int
num_cmp(struct num a, struct num b)
{
	if (a.neg != b.neg)
		return a.neg ? -1 : 1;
	if (a.mag == b.mag)
		return 0;
	if (a.neg)
		return a.mag > b.mag ? -1 : 1;
	return a.mag < b.mag ? -1 : 1;
}

uint64_t
num_bits(struct num v)
{
	return v.neg ? (uint64_t)0 - v.mag : v.mag;
}

bool
num_to_int64(struct num v, int64_t *out)
{
	if (v.neg) {
		/* -2^63 has no positive int64 counterpart. */
		*out = v.mag == INT64_MIN_MAG ? INT64_MIN : -(int64_t)v.mag;
		return true;
	}
	if (v.mag > (uint64_t)INT64_MAX)
		return false;
	*out = (int64_t)v.mag;
	return true;
}
