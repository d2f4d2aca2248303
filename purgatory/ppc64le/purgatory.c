// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the C half of the ppc64 purgatory: owns the parameter
 * block the loader fills (purgatory_params) and the sequence run at panic
 * time (-p) or at kexec -e (-l): check the digest unless told not to (a
 * mismatch spins forever: booting a corrupted kernel is worse than no
 * dump or no kexec), save [0, 64 KiB) into the backup segment when there
 * is one (crash loads only: the capture kernel reuses low memory for its
 * exception vectors; the elfcorehdr's PT_LOAD with p_paddr 0 points at the
 * copy; a normal load has backup_size 0 and nothing is copied), write the
 * boot CPU into the FDT header, and return to entry.S, which enters the
 * kernel.
 *
 * Order matters: the digest is checked before the backup copy, so the
 * backup segment can be hashed (as zeros) like every other segment.
 * The FDT is written after the check, so it may be in the digest too
 * (it is, unless --hotplug lets the kernel rewrite it).
 */
#include <stdint.h>

#include "purgatory.h"
#include "verify.h"

struct purgatory_ppc64_params purgatory_params
	__attribute__((section(".data"), used, aligned(16))) = {
	.skip_checks = 0,
};

void purgatory_main(uint32_t cpu)
{
	uint8_t computed[PURGATORY_PPC64_DIGEST_SIZE];
	struct purgatory_ppc64_params *p = &purgatory_params;

	if (!p->skip_checks && purgatory_ppc64_verify(p, computed) != 0)
		purgatory_halt();
	if (p->backup_size)
		memcpy((void *)(uintptr_t)p->backup_dst,
		       (const void *)(uintptr_t)p->backup_src,
		       (size_t)p->backup_size);
	if (p->fdt)
		purgatory_ppc64_set_boot_cpu((unsigned char *)(uintptr_t)p->fdt,
					     cpu);
}
