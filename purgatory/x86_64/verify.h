/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verify.h - the digest check purgatory runs before it enters the new
 * kernel.  verify.c is plain C with no machine dependence beyond the choice
 * of block function, so the same file is built freestanding into purgatory
 * and natively into the unit test.
 */
#ifndef PURGATORY_X86_64_VERIFY_H
#define PURGATORY_X86_64_VERIFY_H

#include <stdint.h>

#include "purgatory-x86_64.h"

/* The flags that select a vector block function. */
#define PURGATORY_X86_64_FLAGS_SIMD \
	(PURGATORY_X86_64_FLAG_SHANI | PURGATORY_X86_64_FLAG_AVX2 | PURGATORY_X86_64_FLAG_SSSE3)

/* XCR0 bits 1 (SSE) and 2 (AVX): ymm state enabled. */
#define PURGATORY_XCR0_SSE_YMM	0x6ULL

/*
 * Of the loader's flags, those purgatory may use once SSE is enabled and,
 * for AVX2, CR4.OSXSAVE is set and XCR0 reads xcr0: AVX2 only when XCR0
 * already allows ymm state (purgatory never writes XCR0).
 */
uint32_t purgatory_simd_flags(uint32_t flags, uint64_t xcr0);

/*
 * Hash regions[0..nr_regions) in order (nr_regions above the table size is
 * clamped; start is an address in the current, identity-mapped, space) and
 * store the result in computed, with the block function flags choose
 * (verify.c: SHA-NI, AVX2, SSSE3, else portable; the caller has made it
 * usable).  Returns 0 when it equals p->digest, 1 when it differs.
 */
int purgatory_verify_with(const struct purgatory_x86_64_params *p, uint32_t flags,
			  uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE]);

/* purgatory_verify_with(p, p->flags, computed): for the tests. */
int purgatory_verify(const struct purgatory_x86_64_params *p,
		     uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE]);

#endif
