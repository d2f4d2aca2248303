// SPDX-License-Identifier: GPL-2.0-only
/*
 * verify.c - purgatory's digest check: SHA-256 over the parameter block's
 * regions, compared with the digest the loader computed at load time.
 *
 * Built twice: freestanding into purgatory (build.mk, purgatory flags) and
 * natively into tests/unit/test_purgatory_x86_64 (which #includes this
 * file), so the logic that decides whether a crash kernel boots is tested
 * on the host.  No libc, no globals.  With any of the SHANI, AVX2, SSSE3
 * flags the caller must have made what they need usable (purgatory.c
 * does, and drops AVX2 through purgatory_simd_flags() when it cannot).
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "verify.h"

/*
 * The block function is the loader's choice (the flags), never CPUID's:
 * CPUID traps in SEV-ES/SNP guests and purgatory has no handler.  The
 * fastest the flags allow: SHA-NI, AVX2, SSSE3, portable.  The vector
 * ones exist on x86_64 only; the unit test builds this file on every host.
 */
static sha256_blocks_fn *verify_blocks(uint32_t flags)
{
#ifdef __x86_64__
	if (flags & PURGATORY_X86_64_FLAG_SHANI)
		return sha256_blocks_shani;
	if (flags & PURGATORY_X86_64_FLAG_AVX2)
		return sha256_blocks_avx2;
	if (flags & PURGATORY_X86_64_FLAG_SSSE3)
		return sha256_blocks_ssse3;
#else
	(void)flags;
#endif
	return sha256_blocks_generic;
}

uint32_t purgatory_simd_flags(uint32_t flags, uint64_t xcr0)
{
	flags &= PURGATORY_X86_64_FLAGS_SIMD;
	if ((xcr0 & PURGATORY_XCR0_SSE_YMM) != PURGATORY_XCR0_SSE_YMM)
		flags &= ~(uint32_t)PURGATORY_X86_64_FLAG_AVX2;
	return flags;
}

int purgatory_verify(const struct purgatory_x86_64_params *p,
		     uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE])
{
	return purgatory_verify_with(p, p->flags, computed);
}

int purgatory_verify_with(const struct purgatory_x86_64_params *p, uint32_t flags,
			  uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	uint32_t n = p->nr_regions;
	uint8_t diff = 0;
	uint32_t i;

	if (n > PURGATORY_X86_64_MAX_REGIONS)
		n = PURGATORY_X86_64_MAX_REGIONS;
	sha256_init_with(&ctx, verify_blocks(flags));
	for (i = 0; i < n; i++) {
		const struct purgatory_x86_64_region *r = &p->regions[i];

		if (r->len)
			sha256_update(&ctx, (const void *)(uintptr_t)r->start,
				      (size_t)r->len);
	}
	sha256_final(&ctx, computed);
	for (i = 0; i < PURGATORY_X86_64_DIGEST_SIZE; i++)
		diff |= computed[i] ^ p->digest[i];
	return diff != 0;
}
