/*
 * base64_avx2.c: base64 32 characters at a time with AVX2 (see
 * base64_simd.h). Compiled for any x86-64 with GCC or clang; the
 * functions carry their own target, and base64.c calls them only when
 * b64_avx2_usable() says the CPU (and the OS) have AVX2.
 *
 * Decoding a block: each character's high and low nibble index two
 * 16-entry tables (vpshufb) whose AND is non-zero exactly for a byte
 * outside the alphabet; a third table, by high nibble ('/' moved down
 * one), gives what to add to the character to get its 6 bits. Then
 * multiply-adds put four 6-bit values into 24 bits, and shuffles gather
 * the 3 bytes of every 4. Encoding runs the other way: shuffles place
 * each 3 bytes twice in a 32-bit word, multiplies move the four 6-bit
 * fields into bytes, and a table by range gives what to add to each to
 * get its character.
 */
#include "base/base64_simd.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
/* A 16-byte table in both 128-bit lanes (vpshufb looks up per lane). */
#define LANES(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
	_mm256_setr_epi8(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, \
	    a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)

/* CPUID says AVX2, and the OS saves the YMM registers (XCR0 bits 1-2). */
bool
b64_avx2_usable(void)
{
	unsigned a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) ||
	    !(c & bit_AVX))
		return false;
	__asm__ volatile ("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	if ((lo & 6) != 6)
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & bit_AVX2) != 0;
}

AVX2 size_t
b64_avx2_decode(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *used)
{
	/*
	 * Classes by high nibble: 2 ('+' '/'), 3 (digits), 4 and 6 (A-O,
	 * a-o), 5 and 7 (P-Z, p-z), anything else. lut_hi has a bit per
	 * class; lut_lo[low nibble] the classes in which that nibble is not
	 * a character of the alphabet.
	 */
	const __m256i lut_hi = LANES(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04,
	    0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
	const __m256i lut_lo = LANES(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
	    0x11, 0x11, 0x11, 0x13, 0x1a, 0x1b, 0x1b, 0x1b, 0x1a);
	/* What to add, by high nibble; '/' (0x2f) looks at entry 1. */
	const __m256i lut_add = LANES(0, 16, 19, 4, -65, -65, -71, -71, 0, 0,
	    0, 0, 0, 0, 0, 0);
	/* The 3 bytes of each 32-bit word, high first; then the 12 of each
	 * lane together. */
	const __m256i gather = LANES(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12,
	    -1, -1, -1, -1);
	const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
	const __m256i low4 = _mm256_set1_epi8(0x0f);
	const __m256i slash = _mm256_set1_epi8('/');
	const __m256i join6 = _mm256_set1_epi32(0x01400140);
	const __m256i join12 = _mm256_set1_epi32(0x00011000);
	unsigned char *d = dst;
	size_t i = 0;

	/* 32 characters in, 32 bytes stored (24 of them data): the store
	 * stays within base64_decoded_max(n) while 40 characters are left. */
	for (; n - i >= 40; i += 32, d += 24) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(const void *)
		    (src + i));
		__m256i hi = _mm256_and_si256(_mm256_srli_epi32(x, 4), low4);
		__m256i lo = _mm256_and_si256(x, low4);
		__m256i bad = _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo),
		    _mm256_shuffle_epi8(lut_hi, hi));
		__m256i v;

		if (!_mm256_testz_si256(bad, bad))
			break;
		v = _mm256_add_epi8(x, _mm256_shuffle_epi8(lut_add,
		    _mm256_add_epi8(hi, _mm256_cmpeq_epi8(x, slash))));
		v = _mm256_madd_epi16(_mm256_maddubs_epi16(v, join6), join12);
		v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, gather),
		    lanes);
		_mm256_storeu_si256((__m256i *)(void *)d, v);
	}
	*used = i;
	return (size_t)(d - dst);
}

AVX2 size_t
b64_avx2_encode(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *used)
{
	/* Each 3 bytes b0 b1 b2 as the word b1 b0 b2 b1: its low half holds
	 * the first two 6-bit fields, its high half the last two. */
	const __m256i spread = LANES(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10,
	    9, 11, 10);
	const __m256i mask_ac = _mm256_set1_epi32(0x0fc0fc00);
	const __m256i shift_ac = _mm256_set1_epi32(0x04000040);
	const __m256i mask_bd = _mm256_set1_epi32(0x003f03f0);
	const __m256i shift_bd = _mm256_set1_epi32(0x01000010);
	/* What to add to a 6-bit value, by range: 0 for 26-51, 1-10 for
	 * 52-61, 11 for 62, 12 for 63, 13 for 0-25. */
	const __m256i lut_add = LANES(71, -4, -4, -4, -4, -4, -4, -4, -4, -4,
	    -4, -19, -16, 65, 0, 0);
	const __m256i v51 = _mm256_set1_epi8(51), v26 = _mm256_set1_epi8(26);
	const __m256i v13 = _mm256_set1_epi8(13);
	unsigned char *d = dst;
	size_t i = 0;

	/* 24 bytes in (28 read), 32 characters out. */
	for (; n - i >= 28; i += 24, d += 32) {
		__m256i x = _mm256_inserti128_si256(_mm256_castsi128_si256(
		    _mm_loadu_si128((const __m128i *)(const void *)(src + i))),
		    _mm_loadu_si128((const __m128i *)(const void *)
		    (src + i + 12)), 1);
		__m256i f, r;

		x = _mm256_shuffle_epi8(x, spread);
		f = _mm256_or_si256(
		    _mm256_mulhi_epu16(_mm256_and_si256(x, mask_ac), shift_ac),
		    _mm256_mullo_epi16(_mm256_and_si256(x, mask_bd), shift_bd));
		r = _mm256_or_si256(_mm256_subs_epu8(f, v51),
		    _mm256_and_si256(_mm256_cmpgt_epi8(v26, f), v13));
		f = _mm256_add_epi8(f, _mm256_shuffle_epi8(lut_add, r));
		_mm256_storeu_si256((__m256i *)(void *)d, f);
	}
	*used = i;
	return (size_t)(d - dst);
}

#else

bool
b64_avx2_usable(void)
{
	return false;
}

size_t
b64_avx2_decode(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *used)
{
	(void)dst;
	(void)src;
	(void)n;
	*used = 0;
	return 0;
}

size_t
b64_avx2_encode(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *used)
{
	(void)dst;
	(void)src;
	(void)n;
	*used = 0;
	return 0;
}

#endif
