// SPDX-License-Identifier: GPL-2.0-only
/*
 * sha256.c - the portable SHA-256 core (FIPS 180-4) for the loader and
 * for purgatory: buffering (update, update_zeros, final) around the block
 * function the caller chose at init, and the portable block function.
 *
 * Freestanding: only <stddef.h>, <stdint.h> and our headers, no libc call,
 * no CPU detection.  Which block function to use is the caller's choice:
 * lib/sha256-pick.c for the loader, verify.c in each purgatory.
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "sha256-internal.h"

/* First 32 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint32_t sha256_h0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* update_zeros feeds whole blocks from here: 8 blocks, not a big buffer. */
#define SHA256_ZERO_BLOCKS 8
static const uint8_t sha256_zero[SHA256_ZERO_BLOCKS * SHA256_BLOCK_SIZE];

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * One round.  Instead of moving eight words, the caller rotates the names.
 * Maj(a,b,c) = b ^ ((a^b) & (b^c)), and this round's a^b is the next
 * round's b^c, so it is carried in bc.  The big sigmas are the nested
 * ones of sha256-internal.h: fewest register copies without BMI2.
 */
#define ROUND(a, b, c, d, e, f, g, h, i, wi) do {			\
	uint32_t t1_ = (h) + SHA256_BSIG1(e) + SHA256_CH(e, f, g) + sha256_k[i] + (wi); \
	uint32_t ab_ = (a) ^ (b);					\
	(d) += t1_;							\
	(h) = t1_ + SHA256_BSIG0(a) + ((b) ^ (ab_ & bc));		\
	bc = ab_;							\
} while (0)

/* Rounds 0..15 read the block; later ones extend the 16-word ring. */
#define WLOAD(i)	(w[i] = load_be32(data + 4 * (i)))
#define WNEXT(i)	(w[(i) & 15] += SHA256_SSIG1(w[((i) - 2) & 15]) +	\
			 w[((i) - 7) & 15] + SHA256_SSIG0(w[((i) - 15) & 15]))

#define ROUNDS8(i, W) do {						\
	ROUND(a, b, c, d, e, f, g, h, (i) + 0, W((i) + 0));		\
	ROUND(h, a, b, c, d, e, f, g, (i) + 1, W((i) + 1));		\
	ROUND(g, h, a, b, c, d, e, f, (i) + 2, W((i) + 2));		\
	ROUND(f, g, h, a, b, c, d, e, (i) + 3, W((i) + 3));		\
	ROUND(e, f, g, h, a, b, c, d, (i) + 4, W((i) + 4));		\
	ROUND(d, e, f, g, h, a, b, c, (i) + 5, W((i) + 5));		\
	ROUND(c, d, e, f, g, h, a, b, (i) + 6, W((i) + 6));		\
	ROUND(b, c, d, e, f, g, h, a, (i) + 7, W((i) + 7));		\
} while (0)

void sha256_blocks_generic(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	uint32_t w[16], bc;

	for (; nblocks; nblocks--, data += SHA256_BLOCK_SIZE) {
		bc = b ^ c;
		ROUNDS8(0, WLOAD);
		ROUNDS8(8, WLOAD);
		ROUNDS8(16, WNEXT);
		ROUNDS8(24, WNEXT);
		ROUNDS8(32, WNEXT);
		ROUNDS8(40, WNEXT);
		ROUNDS8(48, WNEXT);
		ROUNDS8(56, WNEXT);
		a = state[0] += a;
		b = state[1] += b;
		c = state[2] += c;
		d = state[3] += d;
		e = state[4] += e;
		f = state[5] += f;
		g = state[6] += g;
		h = state[7] += h;
	}
}

void sha256_init_with(struct sha256_ctx *ctx, sha256_blocks_fn *blocks)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		ctx->state[i] = sha256_h0[i];
	ctx->count = 0;
	ctx->blocks = blocks;
}

void sha256_init_generic(struct sha256_ctx *ctx)
{
	sha256_init_with(ctx, sha256_blocks_generic);
}

/* Tiny copy/fill loops: no libc here (purgatory has none of its own). */
static void sha256_copy(uint8_t *dst, const uint8_t *src, size_t len)
{
	while (len--)
		*dst++ = *src++;
}

static void sha256_fill0(uint8_t *dst, size_t len)
{
	while (len--)
		*dst++ = 0;
}

/*
 * Top up a partly filled ctx->buf with up to *len bytes (src, or zeros when
 * src is NULL) and compress it once full.  Returns how many bytes it took.
 */
static size_t sha256_top_up(struct sha256_ctx *ctx, const uint8_t *src, uint64_t len)
{
	size_t fill = (size_t)(ctx->count & (SHA256_BLOCK_SIZE - 1));
	size_t n = SHA256_BLOCK_SIZE - fill;

	if (!fill)
		return 0;
	if (n > len)
		n = (size_t)len;
	if (src)
		sha256_copy(ctx->buf + fill, src, n);
	else
		sha256_fill0(ctx->buf + fill, n);
	ctx->count += n;
	if (fill + n == SHA256_BLOCK_SIZE)
		ctx->blocks(ctx->state, ctx->buf, 1);
	return n;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n = sha256_top_up(ctx, p, len);
	size_t nblocks;

	p += n;
	len -= n;
	nblocks = len / SHA256_BLOCK_SIZE;
	if (nblocks) {
		ctx->blocks(ctx->state, p, nblocks);
		n = nblocks * SHA256_BLOCK_SIZE;
		p += n;
		len -= n;
		ctx->count += n;
	}
	sha256_copy(ctx->buf, p, len);
	ctx->count += len;
}

void sha256_update_zeros(struct sha256_ctx *ctx, uint64_t len)
{
	uint64_t nblocks;

	len -= sha256_top_up(ctx, NULL, len);
	nblocks = len / SHA256_BLOCK_SIZE;
	ctx->count += nblocks * SHA256_BLOCK_SIZE;
	while (nblocks) {
		size_t n = nblocks < SHA256_ZERO_BLOCKS ? (size_t)nblocks : SHA256_ZERO_BLOCKS;

		ctx->blocks(ctx->state, sha256_zero, n);
		nblocks -= n;
	}
	len &= SHA256_BLOCK_SIZE - 1;
	sha256_fill0(ctx->buf, (size_t)len);
	ctx->count += len;
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = ctx->count << 3;
	size_t fill = (size_t)(ctx->count & (SHA256_BLOCK_SIZE - 1));
	unsigned int i;

	ctx->buf[fill++] = 0x80;
	if (fill > SHA256_BLOCK_SIZE - 8) {
		sha256_fill0(ctx->buf + fill, SHA256_BLOCK_SIZE - fill);
		ctx->blocks(ctx->state, ctx->buf, 1);
		fill = 0;
	}
	sha256_fill0(ctx->buf + fill, SHA256_BLOCK_SIZE - 8 - fill);
	store_be32(ctx->buf + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->buf + 60, (uint32_t)bits);
	ctx->blocks(ctx->state, ctx->buf, 1);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, ctx->state[i]);
}
