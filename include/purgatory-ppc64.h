/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory-ppc64.h - the byte layout of the ppc64 purgatory: its head
 * (the 0x100 bytes the kernel copies to physical 0 for the secondary CPUs)
 * and the one parameter block it reads at panic or kexec -e (symbol
 * purgatory_params, in .data), shared by purgatory/ppc64le/ and the loader
 * that fills it (kexec/arch/ppc64le/purgatory.c).
 *
 * Freestanding: the loader serialises its own struct into this layout in
 * the purgatory's byte order, field by field.  Size fixed (384 bytes).
 */
#ifndef PURGATORY_PPC64_H
#define PURGATORY_PPC64_H

#define PURGATORY_PPC64_MAX_REGIONS	16
#define PURGATORY_PPC64_DIGEST_SIZE	32

#define PURGATORY_PPC64_ENTRY_SYM	"purgatory_start"
#define PURGATORY_PPC64_PARAMS_SYM	"purgatory_params"

/*
 * The kernel copies the first HEAD_SIZE bytes at the entry point to
 * physical 0 and releases the secondary CPUs to 0x60 there.  Purgatory's
 * word 0 branches to its own code; the loader fills [4, HEAD_SIZE) with the
 * new kernel's own first bytes, so the secondaries run the new kernel's
 * __secondary_hold spin loop and the next kernel releases them itself
 * (a -l kernel copies itself to 0 from offset 0x100 on, keeping the head).
 */
#define PURGATORY_PPC64_HEAD_SIZE	0x100

#define PURGATORY_PPC64_PARAMS_SIZE	384
#define PURGATORY_PPC64_OFF_KERNEL	0
#define PURGATORY_PPC64_OFF_FDT		8
#define PURGATORY_PPC64_OFF_BACKUP_SRC	16
#define PURGATORY_PPC64_OFF_BACKUP_DST	24
#define PURGATORY_PPC64_OFF_BACKUP_SIZE	32
#define PURGATORY_PPC64_OFF_SKIP_CHECKS	40
#define PURGATORY_PPC64_OFF_NR_REGIONS	44
#define PURGATORY_PPC64_OFF_REGIONS	48
#define PURGATORY_PPC64_OFF_DIGEST	304
#define PURGATORY_PPC64_OFF_OPAL_BASE	336
#define PURGATORY_PPC64_OFF_OPAL_ENTRY	344

/* Offset of boot_cpuid_phys in the FDT header (big-endian u32). */
#define PURGATORY_PPC64_FDT_BOOT_CPUID	28

#ifndef __ASSEMBLER__
#include <stdint.h>

struct purgatory_ppc64_region {
	uint64_t start;			/* physical (real mode) */
	uint64_t len;
};

struct purgatory_ppc64_params {
	uint64_t kernel;		/* +0: load address, entered with r4 = it */
	uint64_t fdt;			/* +8: device tree, r3 */
	uint64_t backup_src;		/* +16: 0 */
	uint64_t backup_dst;		/* +24: backup segment */
	uint64_t backup_size;		/* +32: 64 KiB, 0 = no backup */
	uint32_t skip_checks;		/* +40: nonzero: no digest check (-i) */
	uint32_t nr_regions;		/* +44 */
	struct purgatory_ppc64_region regions[PURGATORY_PPC64_MAX_REGIONS]; /* +48 */
	uint8_t digest[PURGATORY_PPC64_DIGEST_SIZE];	/* +304 */
	uint64_t opal_base;		/* +336: r8 for the kernel (powernv) */
	uint64_t opal_entry;		/* +344: r9 */
	uint8_t reserved[32];		/* +352 */
};

_Static_assert(sizeof(struct purgatory_ppc64_params) == PURGATORY_PPC64_PARAMS_SIZE,
	       "purgatory_ppc64_params layout changed");
_Static_assert(__builtin_offsetof(struct purgatory_ppc64_params, digest) ==
	       PURGATORY_PPC64_OFF_DIGEST, "digest offset changed");
_Static_assert(__builtin_offsetof(struct purgatory_ppc64_params, opal_entry) ==
	       PURGATORY_PPC64_OFF_OPAL_ENTRY, "opal_entry offset changed");
#endif /* !__ASSEMBLER__ */

#endif /* PURGATORY_PPC64_H */
