/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machine.h - the running ppc64 machine as its device tree describes it
 * (machine.c): memory and drconf LMBs, the crash region, firmware, what
 * the running kernel keeps busy, and the capture kernel's usable memory.
 */
#ifndef KEXEC_PPC64LE_MACHINE_H
#define KEXEC_PPC64LE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dt.h"
#include "ranges.h"
#include "sysroot.h"

/* The machine's page size, and so the granule of every segment: 64 KiB,
 * valid for 4 KiB and 64 KiB page kernels. */
#define PPC64_PAGE		0x10000ULL

/* Where the machine's device tree is read, below the sysroot. */
#define PPC64_DT_PATH		"proc/device-tree"

/* drconf LMB flags (ibm,dynamic-memory) */
#define PPC64_LMB_ASSIGNED	0x8
#define PPC64_LMB_RESERVED	0x80

struct ppc64_lmb {
	uint64_t base;
	uint32_t flags;
};

struct ppc64_machine {
	struct dt_node dt;		/* /proc/device-tree */
	unsigned int addr_cells, size_cells;
	bool has_crash;
	struct range crash;		/* inclusive; valid if has_crash */
	struct range_list ram;		/* assigned memory, merged, mem= applied */
	struct range_list firmware;	/* RTAS and OPAL */
	struct range_list reserved;	/* /reserved-ranges */
	struct range_list busy;		/* hash table, TCE tables */
	uint64_t kernel_end;		/* running kernel's end (0: unknown) */
	uint64_t memory_limit;		/* 0: none */
	uint64_t rma_top;		/* end of the memory block at 0 (real mode) */
	uint64_t opal_base, opal_entry;
	struct ppc64_lmb *lmbs;		/* drconf LMBs in the kernel's order */
	size_t nr_lmbs;
	uint64_t lmb_size;
};

int ppc64_machine_read(const struct sysroot *s, struct ppc64_machine *m);
int ppc64_machine_parse(const char *where, struct ppc64_machine *m);
void ppc64_machine_free(struct ppc64_machine *m);
/* -EADDRNOTAVAIL with the one message when there is no crash region. */
int ppc64_machine_need_crash(const struct ppc64_machine *m);
/* The capture kernel's memory: [0, crash end] plus RTAS and OPAL. */
int ppc64_usable_ranges(const struct ppc64_machine *m, struct range_list *u);

#endif
