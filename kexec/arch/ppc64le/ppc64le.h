/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ppc64le.h - state shared by the ppc64le plan steps: ppc64le.c (the
 * sequence), vmlinux.c (the ELF kernel), machine.c (what the device tree
 * says about memory, the crash region and firmware), crashdump.c
 * (elfcorehdr and backup), fdt.c (the capture kernel's device tree),
 * purgatory.c.
 */
#ifndef KEXEC_PPC64LE_PPC64LE_H
#define KEXEC_PPC64LE_PPC64LE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "dt.h"
#include "placement.h"
#include "plan.h"
#include "ranges.h"

/* Segment granule: 64 KiB, valid for 4 KiB and 64 KiB page kernels. */
#define PPC64_PAGE		0x10000ULL
/* Low memory the capture kernel reuses for its vectors; saved by purgatory. */
#define PPC64_BACKUP_SIZE	0x10000ULL
/* p_vaddr = PPC64_PAGE_OFFSET + p_paddr in the elfcorehdr. */
#define PPC64_PAGE_OFFSET	0xc000000000000000ULL
/* Free room in the FDT beyond its contents (kernel fix-ups at boot). */
#define PPC64_FDT_SLACK		4096
/* The kernel checks __run_at_load (kernel + 0x5c) for this ("run0"). */
#define PPC64_RUN_AT_LOAD_OFF	0x5c
#define PPC64_RUN_AT_LOAD_MAGIC	0x72756e30U

/* -l: highest real-mode address used, as the kernel's own ppc64_rma_size. */
#define PPC64_NORMAL_RM_CAP	0x40000000ULL

#define PPC64_DT_PATH		"proc/device-tree"

/* drconf LMB flags (ibm,dynamic-memory) */
#define PPC64_LMB_ASSIGNED	0x8
#define PPC64_LMB_RESERVED	0x80

struct ppc64_lmb {
	uint64_t base;
	uint32_t flags;
};

/* What the running machine's device tree says (machine.c). */
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

/* The ELF vmlinux (vmlinux.c). */
struct ppc64_kernel {
	const unsigned char *load;	/* PT_LOAD contents in the file */
	size_t filesz;
	uint64_t memsz;
	uint64_t entry_off;		/* e_entry - p_vaddr */
	bool big_endian;
	bool run_at_load;		/* carries the "run0" marker at 0x5c */
};

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

/* vmlinux.c: probe prints "<path>: not a ppc64 vmlinux: <why>"; check only
 * fills why. */
int ppc64_kernel_probe(const char *path, const unsigned char *data,
		       size_t size, struct ppc64_kernel *k);
int ppc64_kernel_check(const unsigned char *data, size_t size,
		       struct ppc64_kernel *k, char *why, size_t whylen);

/* machine.c */
int ppc64_machine_read(const struct sysroot *s, struct ppc64_machine *m);
int ppc64_machine_parse(const char *where, struct ppc64_machine *m);
void ppc64_machine_free(struct ppc64_machine *m);
/* -EADDRNOTAVAIL with the one message when there is no crash region. */
int ppc64_machine_need_crash(const struct ppc64_machine *m);
/* The capture kernel's memory: [0, crash end] plus RTAS and OPAL. */
int ppc64_usable_ranges(const struct ppc64_machine *m, struct range_list *u);

/* crashdump.c */
int ppc64_dump_ranges(const struct ppc64_machine *m, struct range_list *ram);
int ppc64_add_backup(struct ppc64_load *pl);
int ppc64_add_elfcorehdr(struct ppc64_load *pl);

/* fdt.c */
struct ppc64_fdt_in {
	const struct dt_node *tree;	/* copied with the changes (fdt.c) */
	const struct ppc64_machine *m;
	const struct range_list *usable;	/* crash only; NULL for -l */
	const char *bootargs;		/* complete, root= already merged */
	bool has_initrd;
	uint64_t initrd_start, initrd_end;	/* end exclusive */
	const struct range_list *reserve;	/* memreserve entries */
	uint64_t extra;			/* free room beyond the contents */
};
int ppc64_fdt_build(const struct ppc64_fdt_in *in, void **blob, size_t *len);
/*
 * powerpc takes the first segment starting with 0xd00dfeed as the device
 * tree it updates on CPU hot-plug: -EINVAL with one line if that is not the
 * SEG_FDT segment, or if another segment starts with the magic too.
 */
int ppc64_fdt_check_magic(const struct plan *p);
/* Patch the last reserve map entry (the placeholder for the FDT itself). */
int ppc64_fdt_reserve_self(void *blob, uint64_t addr, uint64_t size);
/* Bytes a hot-added core needs in /cpus: missing cores * node size. */
int ppc64_cpu_room(const struct dt_node *tree, unsigned int possible_threads,
		   uint64_t *room);
/* bootargs: cmdline plus root= of the old bootargs unless no_old_root. */
int ppc64_bootargs(const struct dt_node *tree, const char *cmdline,
		   bool no_old_root, char **out);

/* purgatory.c: place, relocate, fill and add the purgatory; sets the entry */
int ppc64_add_purgatory(struct ppc64_load *pl);

#endif
