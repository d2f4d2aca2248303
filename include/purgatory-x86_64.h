/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory-x86_64.h - the byte layout of the one parameter block the
 * x86_64 purgatory reads at crash time (symbol purgatory_params, in its
 * .data), shared by purgatory/x86_64/ and the loader that patches it.
 *
 * Freestanding on purpose: purgatory cannot include kexec/ headers, so the
 * loader keeps its own struct x86_purgatory_params (kexec/arch/x86_64/
 * purgatory.h) and serialises it into this layout, little-endian, field by
 * field.  Every field is naturally aligned; the size is fixed (336 bytes)
 * and checked on both sides.
 */
#ifndef PURGATORY_X86_64_H
#define PURGATORY_X86_64_H

#define PURGATORY_X86_64_MAX_REGIONS	16
#define PURGATORY_X86_64_DIGEST_SIZE	32

/* Symbols the loader looks up in the relocatable purgatory object. */
#define PURGATORY_X86_64_ENTRY_SYM	"purgatory_start"
#define PURGATORY_X86_64_PARAMS_SYM	"purgatory_params"

/* Boot protocol selectors of purgatory's own GDT. */
#define PURGATORY_X86_64_CS		0x10
#define PURGATORY_X86_64_DS		0x18

#define PURGATORY_X86_64_PARAMS_SIZE	336
#define PURGATORY_X86_64_OFF_KERNEL_ENTRY	0
#define PURGATORY_X86_64_OFF_BOOT_PARAMS	8
#define PURGATORY_X86_64_OFF_SKIP_CHECKS	16
#define PURGATORY_X86_64_OFF_NR_REGIONS		20
#define PURGATORY_X86_64_OFF_REGIONS		24
#define PURGATORY_X86_64_OFF_DIGEST		280
#define PURGATORY_X86_64_OFF_FLAGS		312

/*
 * flags: which SHA-256 block functions this CPU runs.  SHANI = the SHA
 * extensions; AVX2 = AVX2 and BMI2, with XSAVE and ymm state enabled in
 * XCR0 by the loader's kernel; SSSE3 = SSSE3.  Set by the loader, every
 * one the CPU it runs on has (the same CPU purgatory runs on), so
 * purgatory never executes CPUID (which traps in SEV-ES/SNP guests, and
 * purgatory has no exception handlers).  Purgatory uses the first of
 * SHANI, AVX2, SSSE3 that it can make usable (purgatory.c: CR0.TS/EM,
 * CR4.OSFXSR, and for AVX2 CR4.OSXSAVE with XCR0 already allowing ymm),
 * restores the control registers afterwards, and otherwise hashes with
 * the portable code.
 */
#define PURGATORY_X86_64_FLAG_SHANI		0x1
#define PURGATORY_X86_64_FLAG_SSSE3		0x2
#define PURGATORY_X86_64_FLAG_AVX2		0x4

#ifndef __ASSEMBLER__
#include <stdint.h>

struct purgatory_x86_64_region {
	uint64_t start;			/* physical = virtual (identity map) */
	uint64_t len;			/* bytes hashed from start */
};

struct purgatory_x86_64_params {
	uint64_t kernel_entry;		/* +0: 64-bit entry, load address + 0x200 */
	uint64_t boot_params;		/* +8: zero page, handed over in RSI */
	uint32_t skip_checks;		/* +16: nonzero: no digest check (-i) */
	uint32_t nr_regions;		/* +20: used entries of regions[] */
	struct purgatory_x86_64_region regions[PURGATORY_X86_64_MAX_REGIONS];	/* +24 */
	uint8_t digest[PURGATORY_X86_64_DIGEST_SIZE];	/* +280: expected SHA-256 */
	uint32_t flags;			/* +312: PURGATORY_X86_64_FLAG_* */
	uint8_t reserved[20];		/* +316: zero; room without a layout change */
};

_Static_assert(sizeof(struct purgatory_x86_64_params) == PURGATORY_X86_64_PARAMS_SIZE,
	       "purgatory_x86_64_params layout changed");
_Static_assert(__builtin_offsetof(struct purgatory_x86_64_params, digest) ==
	       PURGATORY_X86_64_OFF_DIGEST, "digest offset changed");
_Static_assert(__builtin_offsetof(struct purgatory_x86_64_params, flags) ==
	       PURGATORY_X86_64_OFF_FLAGS, "flags offset changed");
#endif /* !__ASSEMBLER__ */

#endif /* PURGATORY_X86_64_H */
