/*
 * base64.h: RFC 4648 base64 (standard alphabet, '=' padding, no line
 * breaks), as LDIF uses it for "::" values.
 *
 * Encoding appends to a struct buf. Decoding is strict: only the alphabet,
 * padding only at the very end ("x=" or "xx=" completing a group of four),
 * and a length that is a multiple of four. On failure it says where: the
 * 0-based offset of the first byte that is wrong, so a caller that knows
 * where the text started can report a column.
 */
#ifndef LDFIX_BASE64_H
#define LDFIX_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

enum base64_status {
	BASE64_OK = 0,
	BASE64_BAD_CHAR = -1,   /* a byte outside the alphabet */
	BASE64_BAD_PAD = -2,    /* '=' where it cannot be, or data after it */
	BASE64_BAD_LENGTH = -3  /* text ends inside a group of four */
};

/* base64_encoded_len: the length of the encoding of n bytes. */
size_t base64_encoded_len(size_t n);

/* base64_decoded_max: an upper bound on the bytes n characters decode to. */
size_t base64_decoded_max(size_t n);

/*
 * base64_encode_to: write the encoding of src[0..n) to dst, which must have
 * room for base64_encoded_len(n) bytes (no NUL is written). Returns the
 * number of bytes written.
 */
size_t base64_encode_to(unsigned char *dst, const unsigned char *src, size_t n);

/* base64_encode: append the encoding of in to out. */
void base64_encode(struct buf *out, struct slice in);

/*
 * base64_decode_to: decode src[0..n) into dst (room for
 * base64_decoded_max(n) bytes; dst may equal src to decode in place).
 * Returns BASE64_OK with *outlen set, or a negative enum base64_status with
 * *bad set to the 0-based offset of the offending byte (n when the text
 * ends too early). The content of dst is unspecified after a failure.
 */
int base64_decode_to(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *outlen, size_t *bad);

/* base64_decode: the same, appending to out (out unchanged on failure). */
int base64_decode(struct buf *out, struct slice in, size_t *bad);

/* base64_alphabet_span: how many of the first bytes of p[0..n) are in
 * the alphabet ('=' is not): what a text can be checked by without
 * decoding it (the reader's fast path). */
size_t base64_alphabet_span(const unsigned char *p, size_t n);

/* base64_use_simd(false) forces the portable code, for tests;
 * base64_use_simd(true) uses AVX2 for long texts when the CPU has it (the
 * default). The results are the same. */
void base64_use_simd(bool on);
/* base64_ready: decide now what the first call would (the CPU question),
 * before a second thread encodes or decodes: a choice made once, by one
 * thread, that later calls only read. */
void base64_ready(void);

/* base64_strerror: "invalid base64 character" etc. for a status. */
const char *base64_strerror(int status);

#endif
