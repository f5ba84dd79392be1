/*
 * sha256.h: SHA-256 (FIPS 180-4), incremental, for the plan header: the
 * digest of the input export and of the rule files, so a reviewer can tell
 * which export and which rules a change file was made from.
 */
#ifndef LDFIX_SHA256_H
#define LDFIX_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 64       /* without the NUL */

struct sha256 {
	uint32_t h[8];
	uint64_t total;         /* bytes hashed so far */
	unsigned char block[64];
	size_t used;            /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *p, size_t n);
/* sha256_final: write the digest; s must be re-initialised before reuse. */
void sha256_final(struct sha256 *s, unsigned char out[SHA256_DIGEST_LEN]);

/* sha256_hex: lower-case hex of a digest, NUL-terminated. */
void sha256_hex(const unsigned char digest[SHA256_DIGEST_LEN],
    char out[SHA256_HEX_LEN + 1]);
/*
 * sha256_hw: whether the x86 SHA extensions are used (decided on first use
 * from CPUID). sha256_use_hw(false) forces the portable code, for tests;
 * sha256_use_hw(true) uses the extensions when the CPU has them.
 */
bool sha256_hw(void);
void sha256_use_hw(bool on);

/* sha256_mem_hex: the hex digest of n bytes in one call. */
void sha256_mem_hex(const void *p, size_t n, char out[SHA256_HEX_LEN + 1]);

#endif
