/*
 * base64_simd.h: the AVX2 loops under base64.c (base64_avx2.c). Only
 * base64.c includes it; it decides when they run (base64_use_simd).
 *
 * Both do the easy part of a long text and leave the rest to the portable
 * code, which starts where they stopped: b64_avx2_decode decodes blocks
 * of 32 characters that are all in the alphabet (a block with anything
 * else, '=' included, stops it, so that the portable code finds and
 * reports the byte) while room for its 32-byte stores is left within
 * base64_decoded_max(n); b64_avx2_encode encodes blocks of 24 bytes while
 * 28 can be read. Each returns the bytes it wrote and sets *used to the
 * characters (or bytes) it consumed. Where AVX2 cannot be compiled in,
 * b64_avx2_usable() is false and the loops do nothing.
 */
#ifndef LDFIX_BASE64_SIMD_H
#define LDFIX_BASE64_SIMD_H

#include <stdbool.h>
#include <stddef.h>

bool b64_avx2_usable(void);
size_t b64_avx2_decode(unsigned char *dst, const unsigned char *src,
    size_t n, size_t *used);
size_t b64_avx2_encode(unsigned char *dst, const unsigned char *src,
    size_t n, size_t *used);

#endif
