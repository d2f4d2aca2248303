/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sha256.h - the one SHA-256 used by the loader (to compute the segment
 * digest) and by purgatory (to check it at crash time), in three parts:
 *   lib/sha256.c        portable core: buffering and padding around a
 *                       block function the caller chooses, and the
 *                       portable block function; freestanding, no libc
 *   lib/sha256-shani.c  the SHA-NI block function and its CPUID check, a
 *                       leaf (x86_64; elsewhere only sha256_have_shani())
 *   lib/sha256-simd.c   the SSSE3 and AVX2 block functions (vector message
 *                       schedule, scalar rounds) for CPUs without SHA-NI,
 *                       and their CPUID checks; a leaf like sha256-shani.c
 *   lib/sha256-pick.c   hosted only: the fastest block function for the
 *                       loader (sha256_init); each purgatory picks its own
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_BLOCK_SIZE	64

/* Compresses nblocks 64-byte blocks of data into state. */
typedef void sha256_blocks_fn(uint32_t state[8], const uint8_t *data, size_t nblocks);

struct sha256_ctx {
	uint32_t state[8];
	uint64_t count;			/* bytes hashed so far */
	uint8_t buf[SHA256_BLOCK_SIZE];
	sha256_blocks_fn *blocks;
};

/* Portable core (lib/sha256.c). */
void sha256_init_with(struct sha256_ctx *ctx, sha256_blocks_fn *blocks);
void sha256_init_generic(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Feed len zero bytes without needing a zero buffer. */
void sha256_update_zeros(struct sha256_ctx *ctx, uint64_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
sha256_blocks_fn sha256_blocks_generic;

/* SHA-NI leaf (lib/sha256-shani.c): nonzero when the CPU has the SHA
 * extensions; always 0 off x86_64, where there is no SHA-NI function. */
int sha256_have_shani(void);
#ifdef __x86_64__
/* Callers must check sha256_have_shani() (and, freestanding, set CR4.OSFXSR). */
sha256_blocks_fn sha256_blocks_shani;
#endif

/* Vector-schedule leaf (lib/sha256-simd.c): nonzero when the CPU has SSSE3,
 * resp. AVX2 + BMI2 with ymm state enabled by the OS; 0 off x86_64. */
int sha256_have_ssse3(void);
int sha256_have_avx2(void);
#ifdef __x86_64__
/* Callers check the matching sha256_have_*() first (freestanding: see
 * purgatory/x86_64/purgatory.c for what makes SSE and AVX usable). */
sha256_blocks_fn sha256_blocks_ssse3;
sha256_blocks_fn sha256_blocks_avx2;
#endif

/* Hosted only (lib/sha256-pick.c): the fastest block function on this CPU,
 * and sha256_init_with() of it.  Not in any purgatory. */
sha256_blocks_fn *sha256_blocks_fastest(void);
void sha256_init(struct sha256_ctx *ctx);

#endif /* SHA256_H */
