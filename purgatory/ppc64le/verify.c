// SPDX-License-Identifier: GPL-2.0-only
/*
 * verify.c - the ppc64 purgatory's decisions that do not touch the
 * machine (at panic time or at kexec -e): the SHA-256 over the parameter
 * block's regions compared with the loader's digest, and the boot CPU
 * written into the FDT header.  Built freestanding into purgatory
 * (build.mk) and natively into tests/unit/test_purgatory_ppc64.c (which
 * #includes this file).
 */
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "verify.h"

int purgatory_ppc64_verify(const struct purgatory_ppc64_params *p,
			   uint8_t computed[PURGATORY_PPC64_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	uint32_t n = p->nr_regions;
	uint8_t diff = 0;
	uint32_t i;

	if (n > PURGATORY_PPC64_MAX_REGIONS)
		n = PURGATORY_PPC64_MAX_REGIONS;
	sha256_init_with(&ctx, sha256_blocks_generic);	/* the only one for POWER */
	for (i = 0; i < n; i++) {
		const struct purgatory_ppc64_region *r = &p->regions[i];

		if (r->len)
			sha256_update(&ctx, (const void *)(uintptr_t)r->start,
				      (size_t)r->len);
	}
	sha256_final(&ctx, computed);
	for (i = 0; i < PURGATORY_PPC64_DIGEST_SIZE; i++)
		diff |= computed[i] ^ p->digest[i];
	return diff != 0;
}

void purgatory_ppc64_set_boot_cpu(unsigned char *fdt, uint32_t cpu)
{
	unsigned char *p = fdt + PURGATORY_PPC64_FDT_BOOT_CPUID;

	p[0] = (unsigned char)(cpu >> 24);
	p[1] = (unsigned char)(cpu >> 16);
	p[2] = (unsigned char)(cpu >> 8);
	p[3] = (unsigned char)cpu;
}
