/*
 * base64.c: table-driven RFC 4648 base64 encoder and strict decoder.
 *
 * The writer encodes "::" values with base64_encode_to() straight into its
 * line buffer; readers decode with base64_decode_to(), which can work in
 * place. Neither allocates. Strictness is deliberate: a value that does not
 * decode cleanly in an LDIF export means the file is damaged, and guessing
 * would put wrong bytes into a directory.
 */
#include "base/base64.h"

#include <stdint.h>
#include <string.h>

#include "base/base64_simd.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* -1 not decided yet, 0 portable, 1 AVX2 where the text is long. */
static int use_simd = -1;

void
base64_use_simd(bool on)
{
	use_simd = on && b64_avx2_usable();
}

void
base64_ready(void)
{
	if (use_simd < 0)
		base64_use_simd(true);
}

static bool
simd(void)
{
	base64_ready();
	return use_simd > 0;
}

static const char alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#define BAD 0xff        /* not in the alphabet */
#define PAD 0xfe        /* '=' */
#define XX BAD          /* short names keep the table narrow */
#define PD PAD

/* Byte -> 6-bit value, or BAD / PAD. Rows are the high nibble. */
static const unsigned char decode_table[256] = {
	/* 0_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* 1_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* 2_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, 62, XX, XX, XX, 63,
	/* 3_ */ 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, XX, XX, XX, PD, XX, XX,
	/* 4_ */ XX,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
	/* 5_ */ 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, XX, XX, XX, XX, XX,
	/* 6_ */ XX, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	/* 7_ */ 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, XX, XX, XX, XX, XX,
	/* 8_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* 9_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* A_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* B_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* C_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* D_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* E_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
	/* F_ */ XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX, XX,
};

#undef XX
#undef PD

/*
 * The fast paths' tables, made by the preprocessor from the alphabet:
 * dec0..dec3[c] is c's 6 bits at its place in a group of four (bit 24
 * set for a byte that is not in the alphabet, '=' included: such a group
 * takes the careful path), and pairs[v] the two characters of 12 bits.
 */
#define B64_VAL(c) ((c) >= 'A' && (c) <= 'Z' ? (c) - 'A' : \
    (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26 : \
    (c) >= '0' && (c) <= '9' ? (c) - '0' + 52 : \
    (c) == '+' ? 62 : (c) == '/' ? 63 : -1)
#define B64_AT(c, shift) (B64_VAL(c) < 0 ? UINT32_C(1) << 24 : \
    (uint32_t)B64_VAL(c) << (shift))
#define D0(c) B64_AT(c, 18)
#define D1(c) B64_AT(c, 12)
#define D2(c) B64_AT(c, 6)
#define D3(c) B64_AT(c, 0)
#define B64_CHAR(x) ((x) < 26 ? 'A' + (x) : (x) < 52 ? 'a' + (x) - 26 : \
    (x) < 62 ? '0' + (x) - 52 : (x) == 62 ? '+' : '/')
#define PAIR(v) B64_CHAR((v) >> 6), B64_CHAR((v) & 63)
#define R4(f, n) f(n), f((n) + 1), f((n) + 2), f((n) + 3)
#define R16(f, n) R4(f, n), R4(f, (n) + 4), R4(f, (n) + 8), R4(f, (n) + 12)
#define R64(f, n) R16(f, n), R16(f, (n) + 16), R16(f, (n) + 32), \
    R16(f, (n) + 48)
#define R256(f, n) R64(f, n), R64(f, (n) + 64), R64(f, (n) + 128), \
    R64(f, (n) + 192)
#define R1024(f, n) R256(f, n), R256(f, (n) + 256), R256(f, (n) + 512), \
    R256(f, (n) + 768)

static const uint32_t dec0[256] = { R256(D0, 0) };
static const uint32_t dec1[256] = { R256(D1, 0) };
static const uint32_t dec2[256] = { R256(D2, 0) };
static const uint32_t dec3[256] = { R256(D3, 0) };
static const char pairs[8192] = { R1024(PAIR, 0), R1024(PAIR, 1024),
    R1024(PAIR, 2048), R1024(PAIR, 3072) };

size_t
base64_encoded_len(size_t n)
{
	return (n / 3 + (n % 3 != 0)) * 4;
}

size_t
base64_decoded_max(size_t n)
{
	return n / 4 * 3 + 3;
}

size_t
base64_encode_to(unsigned char *dst, const unsigned char *src, size_t n)
{
	unsigned char *d = dst;
	size_t i = 0;
	uint32_t v;

	if (n >= 28 && simd())
		d += b64_avx2_encode(d, src, n, &i);
	for (; i + 3 <= n; i += 3) {
		v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8 |
		    src[i + 2];
		memcpy(d, pairs + 2 * (v >> 12), 2);
		memcpy(d + 2, pairs + 2 * (v & 0xfff), 2);
		d += 4;
	}
	switch (n - i) {
	case 1:
		v = (uint32_t)src[i] << 16;
		d[0] = (unsigned char)alphabet[v >> 18];
		d[1] = (unsigned char)alphabet[v >> 12 & 0x3f];
		d[2] = '=';
		d[3] = '=';
		d += 4;
		break;
	case 2:
		v = (uint32_t)src[i] << 16 | (uint32_t)src[i + 1] << 8;
		d[0] = (unsigned char)alphabet[v >> 18];
		d[1] = (unsigned char)alphabet[v >> 12 & 0x3f];
		d[2] = (unsigned char)alphabet[v >> 6 & 0x3f];
		d[3] = '=';
		d += 4;
		break;
	default:
		break;
	}
	return (size_t)(d - dst);
}

void
base64_encode(struct buf *out, struct slice in)
{
	size_t len = base64_encoded_len(in.n);

	if (len == 0)
		return;
	buf_grow(out, len);
	out->n += base64_encode_to(out->p + out->n, in.p, in.n);
	out->p[out->n] = 0;
}

/*
 * A group of four that is not all alphabet: find what is wrong with it.
 * last says whether padding may end it. Returns the number of data bytes
 * it carries (1 or 2) or a negative status with *bad set.
 */
static int
odd_group(const unsigned char *g, size_t at, int last, size_t *bad)
{
	int k;

	for (k = 0; k < 4; k++) {
		if (decode_table[g[k]] == BAD) {
			*bad = at + (size_t)k;
			return BASE64_BAD_CHAR;
		}
	}
	/* Only padding problems left. Valid: "xx==" and "xxx=" at the end. */
	for (k = 0; k < 4 && decode_table[g[k]] != PAD; k++)
		;
	if (!last || k < 2) {
		*bad = at + (size_t)k;
		return BASE64_BAD_PAD;
	}
	if (k == 2 && decode_table[g[3]] != PAD) {
		*bad = at + 3;
		return BASE64_BAD_PAD;
	}
	return k - 1;
}

int
base64_decode_to(unsigned char *dst, const unsigned char *src, size_t n,
    size_t *outlen, size_t *bad)
{
	unsigned char *d = dst;
	size_t i = 0, full = n / 4 * 4;
	unsigned a, b, c;
	int more;

	/* Long runs of the alphabet first; the rest, and whatever is wrong,
	 * the portable way (which then says where). */
	if (n >= 40 && simd())
		d += b64_avx2_decode(d, src, n, &i);
	for (; i < full; i += 4) {
		uint32_t v = dec0[src[i]] | dec1[src[i + 1]] |
		    dec2[src[i + 2]] | dec3[src[i + 3]];

		if (v < UINT32_C(1) << 24) {
			d[0] = (unsigned char)(v >> 16);
			d[1] = (unsigned char)(v >> 8);
			d[2] = (unsigned char)v;
			d += 3;
			continue;
		}
		a = decode_table[src[i]];
		b = decode_table[src[i + 1]];
		c = decode_table[src[i + 2]];
		more = odd_group(src + i, i, i + 4 == n, bad);
		if (more < 0)
			return more;
		d[0] = (unsigned char)(a << 2 | b >> 4);
		if (more == 2)
			d[1] = (unsigned char)(b << 4 | c >> 2);
		d += more;
	}
	/* A short tail: a stray byte, or else the text was cut short. */
	for (; i < n; i++) {
		if (decode_table[src[i]] == BAD) {
			*bad = i;
			return BASE64_BAD_CHAR;
		}
	}
	if (n != full) {
		*bad = n;
		return BASE64_BAD_LENGTH;
	}
	*outlen = (size_t)(d - dst);
	return BASE64_OK;
}

size_t
base64_alphabet_span(const unsigned char *p, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	/* Signed compares: bytes from 0x80 up are negative, outside; the
	 * case bit folds the two letter ranges into one. */
	const __m128i case_bit = _mm_set1_epi8(0x20);
	const __m128i a_1 = _mm_set1_epi8('a' - 1), z_1 = _mm_set1_epi8('z' + 1);
	const __m128i d_1 = _mm_set1_epi8('0' - 1), d9_1 = _mm_set1_epi8('9' + 1);
	const __m128i plus = _mm_set1_epi8('+'), slash = _mm_set1_epi8('/');

	for (; n - i >= 16; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
		    (p + i));
		__m128i l = _mm_or_si128(x, case_bit);
		__m128i in = _mm_or_si128(_mm_or_si128(
		    _mm_and_si128(_mm_cmpgt_epi8(l, a_1), _mm_cmplt_epi8(l, z_1)),
		    _mm_and_si128(_mm_cmpgt_epi8(x, d_1), _mm_cmplt_epi8(x, d9_1))),
		    _mm_or_si128(_mm_cmpeq_epi8(x, plus),
		    _mm_cmpeq_epi8(x, slash)));
		unsigned out = ~(unsigned)_mm_movemask_epi8(in) & 0xffff;

		if (out != 0)
			return i + (size_t)__builtin_ctz(out);
	}
#endif
	while (i < n && decode_table[p[i]] < 64)
		i++;
	return i;
}

int
base64_decode(struct buf *out, struct slice in, size_t *bad)
{
	size_t len;
	int rc;

	if (in.n == 0)
		return BASE64_OK;
	buf_grow(out, base64_decoded_max(in.n));
	rc = base64_decode_to(out->p + out->n, in.p, in.n, &len, bad);
	if (rc != BASE64_OK) {
		out->p[out->n] = 0;
		return rc;
	}
	out->n += len;
	out->p[out->n] = 0;
	return BASE64_OK;
}

const char *
base64_strerror(int status)
{
	switch (status) {
	case BASE64_OK:
		return "valid base64";
	case BASE64_BAD_CHAR:
		return "invalid base64 character";
	case BASE64_BAD_PAD:
		return "misplaced base64 padding '='";
	case BASE64_BAD_LENGTH:
		return "base64 text ends in the middle of a group of four";
	}
	return "invalid base64";
}
