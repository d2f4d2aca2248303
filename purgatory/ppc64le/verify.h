/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * verify.h - the ppc64 purgatory's digest check and its write of the boot
 * CPU into the FDT header (the backup copy is in purgatory.c), kept free
 * of anything machine-specific so that the unit test compiles verify.c
 * natively and runs it on the host.
 */
#ifndef PURGATORY_PPC64LE_VERIFY_H
#define PURGATORY_PPC64LE_VERIFY_H

#include <stdint.h>

#include "purgatory-ppc64.h"

/* 0 when the regions hash to p->digest; computed receives the hash. */
int purgatory_ppc64_verify(const struct purgatory_ppc64_params *p,
			   uint8_t computed[PURGATORY_PPC64_DIGEST_SIZE]);
/* Store cpu big-endian at fdt + 28 (boot_cpuid_phys). */
void purgatory_ppc64_set_boot_cpu(unsigned char *fdt, uint32_t cpu);

#endif
