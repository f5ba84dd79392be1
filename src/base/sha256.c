/*
 * sha256.c: SHA-256 as specified in FIPS 180-4, sections 4.1.2, 4.2.2,
 * 5.1.1 and 6.2. Written from the standard; no state outside the struct.
 */
#include "base/sha256.h"

#include <stdbool.h>
#include <string.h>

/* First 32 bits of the fractional parts of the cube roots of the first
 * 64 primes (FIPS 180-4 4.2.2). */
static const uint32_t round_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static uint32_t
rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One 64-byte block through the compression function (6.2.2). */
static void
compress_portable(uint32_t h[8], const unsigned char *block)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^
		    (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
		    ((e & f) ^ (~e & g)) + round_k[i] + w[i];
		t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/*
 * The same compression with the x86 SHA extensions (SHA-NI), about five
 * times faster: plan hashes its whole input before it starts. The
 * instructions keep the state as two vectors, ABEF and CDGH; sha256rnds2
 * does two rounds, sha256msg1/msg2 extend the message schedule four words
 * at a time (W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]).
 */
#include <cpuid.h>
#include <immintrin.h>

#define HW_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/*
 * Four rounds: msg holds W[t..t+3] (plus K) for rounds t..t+3; each
 * sha256rnds2 does two of them.
 */
#define HW_ROUNDS4(wv, g) do {                                          \
	msg = _mm_add_epi32((wv),                                       \
	    _mm_loadu_si128((const __m128i *)&round_k[4 * (g)]));       \
	cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);                  \
	abef = _mm_sha256rnds2_epu32(abef, cdgh,                        \
	    _mm_shuffle_epi32(msg, 0x0e));                              \
} while (0)

/* The schedule's next four words into w0, from the sixteen before them
 * in w0..w3 (oldest first). */
#define HW_SCHEDULE(w0, w1, w2, w3) do {                                \
	w0 = _mm_sha256msg1_epu32(w0, w1);                              \
	w0 = _mm_add_epi32(w0, _mm_alignr_epi8(w3, w2, 4));             \
	w0 = _mm_sha256msg2_epu32(w0, w3);                              \
} while (0)

/*
 * nblocks 64-byte blocks through the compression function with SHA-NI.
 * The state stays in two registers from block to block and the message
 * schedule in four: the rounds' latency is all that is left.
 */
HW_TARGET static void
compress_hw(uint32_t h[8], const unsigned char *block, size_t nblocks)
{
	/* Byte order of each 32-bit word reversed: the message is big-endian. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
	    0x0405060700010203LL);
	__m128i abef, cdgh, abef0, cdgh0, tmp, msg, w0, w1, w2, w3;
	int g;

	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xb1);
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1b);
	abef = _mm_alignr_epi8(tmp, cdgh, 8);
	cdgh = _mm_blend_epi16(cdgh, tmp, 0xf0);
	for (; nblocks > 0; nblocks--, block += 64) {
		abef0 = abef;
		cdgh0 = cdgh;
		w0 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)block), bswap);
		w1 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(block + 16)), bswap);
		w2 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(block + 32)), bswap);
		w3 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(block + 48)), bswap);
		HW_ROUNDS4(w0, 0);
		HW_ROUNDS4(w1, 1);
		HW_ROUNDS4(w2, 2);
		HW_ROUNDS4(w3, 3);
		for (g = 4; g < 16; g += 4) {
			HW_SCHEDULE(w0, w1, w2, w3);
			HW_ROUNDS4(w0, g);
			HW_SCHEDULE(w1, w2, w3, w0);
			HW_ROUNDS4(w1, g + 1);
			HW_SCHEDULE(w2, w3, w0, w1);
			HW_ROUNDS4(w2, g + 2);
			HW_SCHEDULE(w3, w0, w1, w2);
			HW_ROUNDS4(w3, g + 3);
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	tmp = _mm_shuffle_epi32(abef, 0x1b);
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(tmp, cdgh, 0xf0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, tmp, 8));
}

static bool
cpu_has_sha(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) ||
	    !(c & bit_SSSE3))
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & (1u << 29)) != 0;   /* CPUID.7.0:EBX.SHA */
}
#endif

/* -1 not decided yet, 0 portable, 1 SHA-NI. */
static int use_hw = -1;

void
sha256_use_hw(bool on)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	use_hw = on && cpu_has_sha();
#else
	(void)on;
	use_hw = 0;
#endif
}

bool
sha256_hw(void)
{
	if (use_hw < 0)
		sha256_use_hw(true);
	return use_hw == 1;
}

/* nblocks 64-byte blocks, with SHA-NI when the CPU has it. */
static void
compress(uint32_t h[8], const unsigned char *block, size_t nblocks)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	if (sha256_hw()) {
		compress_hw(h, block, nblocks);
		return;
	}
#endif
	for (; nblocks > 0; nblocks--, block += 64)
		compress_portable(h, block);
}

void
sha256_init(struct sha256 *s)
{
	/* First 32 bits of the fractional parts of the square roots of the
	 * first 8 primes (5.3.3). */
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(s->h, iv, sizeof(iv));
	s->total = 0;
	s->used = 0;
}

void
sha256_update(struct sha256 *s, const void *p, size_t n)
{
	const unsigned char *in = p;

	s->total += n;
	if (s->used > 0) {
		size_t take = 64 - s->used;

		if (take > n)
			take = n;
		memcpy(s->block + s->used, in, take);
		s->used += take;
		in += take;
		n -= take;
		if (s->used < 64)
			return;
		compress(s->h, s->block, 1);
		s->used = 0;
	}
	if (n >= 64) {
		compress(s->h, in, n / 64);
		in += n / 64 * 64;
		n %= 64;
	}
	if (n > 0) {
		memcpy(s->block, in, n);
		s->used = n;
	}
}

void
sha256_final(struct sha256 *s, unsigned char out[SHA256_DIGEST_LEN])
{
	uint64_t bits = s->total * 8;
	int i;

	/* Padding (5.1.1): 0x80, zeros, then the 64-bit length in bits. */
	s->block[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->block + s->used, 0, 64 - s->used);
		compress(s->h, s->block, 1);
		s->used = 0;
	}
	memset(s->block + s->used, 0, 56 - s->used);
	store_be32(s->block + 56, (uint32_t)(bits >> 32));
	store_be32(s->block + 60, (uint32_t)bits);
	compress(s->h, s->block, 1);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, s->h[i]);
	s->used = 0;
}

void
sha256_hex(const unsigned char digest[SHA256_DIGEST_LEN],
    char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_LEN; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

void
sha256_mem_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1])
{
	struct sha256 s;
	unsigned char d[SHA256_DIGEST_LEN];

	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, d);
	sha256_hex(d, out);
}
