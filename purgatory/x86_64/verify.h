/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verify.h - the digest check purgatory runs before it enters the new
 * kernel.  verify.c is plain C with no machine dependence beyond the SHA-NI
 * choice, so the same file is built freestanding into purgatory and
 * natively into the unit test.
 */
#ifndef PURGATORY_X86_64_VERIFY_H
#define PURGATORY_X86_64_VERIFY_H

#include <stdint.h>

#include "purgatory-x86_64.h"

/*
 * Hash regions[0..nr_regions) in order (nr_regions above the table size is
 * clamped; start is an address in the current, identity-mapped, space) and
 * store the result in computed, with the SHA-NI block function when
 * p->flags has PURGATORY_X86_64_FLAG_SHANI (SSE must be usable then).
 * Returns 0 when it equals p->digest, 1 when it differs.
 */
int purgatory_verify(const struct purgatory_x86_64_params *p,
		     uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE]);

#endif
