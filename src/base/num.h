/*
 * num.h: the one integer reader of ldfix, shared by the rule loader (rule
 * literals), the engine (attribute values compared and changed by rules)
 * and apply (increment). An integer is kept as a sign and a 64-bit
 * magnitude, so that every value from INT64_MIN to UINT64_MAX has one
 * reading: AD stores both signed 32/64-bit integers and 64-bit masks.
 *
 * What is an integer (one behaviour for every caller):
 *   - Values read from exports: RFC 4517 INTEGER, as AD and slapd write
 *     them: an optional '-', then decimal digits without leading zeros.
 *     "0", "7", "-7" are integers; "", "-", "+7", "007", "00", "-0",
 *     " 7", "7 " and "0x1F" are not.
 *   - Rule literals (NUM_HEX) may also be written "0x" or "0X" and one or
 *     more hex digits of either case, leading zeros allowed ("0x00000200"):
 *     masks are written that way. No sign before "0x", and never '+'.
 *   - Range: -2^63 (INT64_MIN) up to 2^64-1 (UINT64_MAX); a negative value
 *     must fit int64, a positive one uint64.
 * num_parse tells apart text that is no integer at all (NUM_SYNTAX), an
 * integer written in a form the canonical syntax does not have ('+', a
 * leading zero, "-0": NUM_FORM), and one outside the range (NUM_RANGE), so
 * that the rule loader can refuse a literal whose meaning is unclear (YAML
 * 1.1 reads 010 as octal 8) instead of silently comparing it as text.
 */
#ifndef LDFIX_NUM_H
#define LDFIX_NUM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* An integer as (sign, magnitude); zero is never negative. */
struct num {
	bool neg;
	uint64_t mag;
};

#define NUM_HEX 1u      /* also accept 0x / 0X and hex digits (rule literals) */

enum num_result {
	NUM_OK = 0,
	NUM_SYNTAX = -1,        /* not written as an integer */
	NUM_FORM = -2,          /* digits, but '+', a leading zero or "-0" */
	NUM_RANGE = -3          /* below INT64_MIN or above UINT64_MAX */
};

/*
 * num_parse: read s as an integer (see above; flags: 0 or NUM_HEX).
 * Returns NUM_OK with *out set, or a negative enum num_result (*out is
 * then untouched). When s has more than one fault, NUM_SYNTAX wins over
 * NUM_FORM, which wins over NUM_RANGE.
 */
int num_parse(struct slice s, unsigned flags, struct num *out);

/* num_cmp: -1, 0 or 1 as a < b, a == b, a > b. */
int num_cmp(struct num a, struct num b);

/* num_bits: the 64-bit two's complement pattern of v (-1 is all ones). */
uint64_t num_bits(struct num v);

/* num_hex_digit: the value of a hex digit of either case, or -1. */
int num_hex_digit(int c);

/* num_to_int64: v as an int64_t; false (and *out untouched) when v is
 * above INT64_MAX. */
bool num_to_int64(struct num v, int64_t *out);

#endif
