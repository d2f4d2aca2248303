/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ppc64_load.h - one ppc64le load in progress: the inputs, the machine,
 * the placer and the addresses chosen so far, which ppc64le.c fills in
 * step by step and the steps of crashdump.c and purgatory.c read and
 * extend.  A type only, below every step and the backend that runs them.
 */
#ifndef KEXEC_PPC64LE_PPC64_LOAD_H
#define KEXEC_PPC64LE_PPC64_LOAD_H

#include <stdint.h>

#include "arch.h"
#include "dt.h"
#include "machine.h"
#include "placement.h"
#include "plan.h"
#include "vmlinux.h"

/* Low memory the capture kernel reuses for its vectors; saved by purgatory. */
#define PPC64_BACKUP_SIZE	0x10000ULL

struct ppc64_load {
	struct load_ctx *ctx;
	const struct options *opt;
	struct plan *plan;
	struct ppc64_kernel kern;
	struct ppc64_machine m;
	struct dt_node dtb;		/* --dtb: the tree to copy instead */
	struct placer pl;
	uint64_t rm_max;		/* highest byte usable with the MMU off */
	uint64_t kernel_addr;
	uint64_t backup_addr;
	uint64_t initrd_addr, initrd_size;
	uint64_t fdt_addr;
};

#endif
