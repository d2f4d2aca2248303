/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sha256-internal.h - what the block functions of lib/sha256.c,
 * lib/sha256-shani.c and lib/sha256-simd.c share: the FIPS 180-4 round
 * constants (a static table in each user, 256 bytes, so no leaf needs
 * anything from the portable core) and the FIPS 180-4 functions of the
 * scalar rounds.  Not for callers outside lib/.
 */
#ifndef SHA256_INTERNAL_H
#define SHA256_INTERNAL_H

#include <stdint.h>

/* K[0..63], FIPS 180-4 section 4.2.2: the first 32 bits of the fractional
 * parts of the cube roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t sha256_ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/*
 * FIPS 180-4 4.1.2 functions.  The big sigmas are nested so that each
 * needs one copy of its input and three in-place rotates:
 * ror(ror(ror(e,14)^e,5)^e,6) = ror(e,6)^ror(e,11)^ror(e,25).
 */
#define SHA256_BSIG0(x)	sha256_ror32(sha256_ror32(sha256_ror32(x, 9) ^ (x), 11) ^ (x), 2)
#define SHA256_BSIG1(x)	sha256_ror32(sha256_ror32(sha256_ror32(x, 14) ^ (x), 5) ^ (x), 6)
#define SHA256_SSIG0(x)	(sha256_ror32(x, 7) ^ sha256_ror32(x, 18) ^ ((x) >> 3))
#define SHA256_SSIG1(x)	(sha256_ror32(x, 17) ^ sha256_ror32(x, 19) ^ ((x) >> 10))
#define SHA256_CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))

#endif /* SHA256_INTERNAL_H */
