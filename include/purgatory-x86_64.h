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
	uint8_t reserved[24];		/* +312: zero; room without a layout change */
};

_Static_assert(sizeof(struct purgatory_x86_64_params) == PURGATORY_X86_64_PARAMS_SIZE,
	       "purgatory_x86_64_params layout changed");
_Static_assert(__builtin_offsetof(struct purgatory_x86_64_params, digest) ==
	       PURGATORY_X86_64_OFF_DIGEST, "digest offset changed");
#endif /* !__ASSEMBLER__ */

#endif /* PURGATORY_X86_64_H */
