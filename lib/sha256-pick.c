// SPDX-License-Identifier: GPL-2.0-only
/*
 * sha256-pick.c - the loader's choice of SHA-256 block function: the
 * fastest this CPU runs (SHA-NI, else the AVX2 then the SSSE3 vector
 * schedule, else the portable one),
 * and sha256_init() with it.  Hosted code only: purgatory cannot run CPUID
 * safely, so each purgatory picks its own in verify.c.
 */
#if !__STDC_HOSTED__
#error "sha256-pick.c is for the hosted loader; purgatory picks its block function in verify.c"
#endif

#include "sha256.h"

sha256_blocks_fn *sha256_blocks_fastest(void)
{
#ifdef __x86_64__
	if (sha256_have_shani())
		return sha256_blocks_shani;
	if (sha256_have_avx2())
		return sha256_blocks_avx2;
	if (sha256_have_ssse3())
		return sha256_blocks_ssse3;
#endif
	return sha256_blocks_generic;
}

void sha256_init(struct sha256_ctx *ctx)
{
	sha256_init_with(ctx, sha256_blocks_fastest());
}
