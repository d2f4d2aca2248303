/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sha256.h - the one SHA-256 used by the loader (to compute the segment
 * digest) and by purgatory (to check it at crash time).  lib/sha256.c is
 * freestanding: no libc beyond what purgatory provides itself.
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA256_BLOCK_SIZE	64

struct sha256_ctx {
	uint32_t state[8];
	uint64_t count;			/* bytes hashed so far */
	uint8_t buf[SHA256_BLOCK_SIZE];
	/* compresses nblocks 64-byte blocks into state */
	void (*blocks)(uint32_t state[8], const uint8_t *data, size_t nblocks);
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Feed len zero bytes without needing a zero buffer. */
void sha256_update_zeros(struct sha256_ctx *ctx, uint64_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* Portable block function, always available. */
void sha256_blocks_generic(uint32_t state[8], const uint8_t *data, size_t nblocks);
/* SHA-NI block function (x86_64 only); callers must check sha256_have_shani(). */
void sha256_blocks_shani(uint32_t state[8], const uint8_t *data, size_t nblocks);
int sha256_have_shani(void);
/* Force the portable path (benchmarks and tests); default picks the fastest. */
void sha256_init_generic(struct sha256_ctx *ctx);

#endif /* SHA256_H */
