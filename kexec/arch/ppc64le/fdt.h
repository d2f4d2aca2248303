/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fdt.h - the capture or next kernel's flattened device tree (fdt.c):
 * built from the in-memory tree with the kdump changes, its reserve map
 * entry for itself, the hot-plug room and bootargs, and the magic rule.
 */
#ifndef KEXEC_PPC64LE_FDT_H
#define KEXEC_PPC64LE_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dt.h"
#include "machine.h"
#include "plan.h"
#include "ranges.h"

/* Free room in the FDT beyond its contents (kernel fix-ups at boot). */
#define PPC64_FDT_SLACK		4096

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

#endif
