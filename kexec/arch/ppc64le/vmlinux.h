/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmlinux.h - the ppc64 kernel image, an ELF vmlinux (vmlinux.c): its one
 * PT_LOAD, load size, entry and the "run0" marker.
 */
#ifndef KEXEC_PPC64LE_VMLINUX_H
#define KEXEC_PPC64LE_VMLINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel checks __run_at_load (kernel + 0x5c) for this ("run0"). */
#define PPC64_RUN_AT_LOAD_OFF	0x5c
#define PPC64_RUN_AT_LOAD_MAGIC	0x72756e30U

struct ppc64_kernel {
	const unsigned char *load;	/* PT_LOAD contents in the file */
	size_t filesz;
	uint64_t memsz;
	uint64_t entry_off;		/* e_entry - p_vaddr */
	bool big_endian;
	bool run_at_load;		/* carries the "run0" marker at 0x5c */
};

/* probe prints "<path>: not a ppc64 vmlinux: <why>"; check only fills why. */
int ppc64_kernel_probe(const char *path, const unsigned char *data,
		       size_t size, struct ppc64_kernel *k);
int ppc64_kernel_check(const unsigned char *data, size_t size,
		       struct ppc64_kernel *k, char *why, size_t whylen);

#endif
