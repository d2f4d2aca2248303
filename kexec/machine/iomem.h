/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iomem.h - /proc/iomem, parsed into the typed lists the crash and normal
 * loads need.  iomem_parse() takes the text (tests feed it directly);
 * iomem_read() gets the text through the sysroot.
 */
#ifndef KEXEC_IOMEM_H
#define KEXEC_IOMEM_H

#include <stdbool.h>
#include <stdint.h>

#include "ranges.h"
#include "sysroot.h"

struct iomem {
	struct range_list ram;	 /* every "System RAM" line (incl. "(kmem)", ...) */
	struct range_list typed; /* ACPI (RANGE_ACPI), NVS, reserved, PMEM, PRAM */
	struct range_list crash; /* "Crash kernel", sorted */
	struct range_list gart;	 /* "GART" */
	bool has_kernel_code;
	uint64_t kernel_code_start; /* "Kernel code": physical _text */
	void *huge_gap;		 /* pages_huge_heap()'s block, if any */
};

/*
 * Parse the text of /proc/iomem.  Any indentation level counts.  A line
 * that is not "<hex>-<hex> : <name>" or whose end is below its start fails
 * with -EINVAL and a message naming the line number.  A file that shows
 * only zero addresses (read without CAP_SYS_ADMIN) fails with -EPERM.
 */
int iomem_parse(const char *text, struct iomem *m);
/*
 * Read and parse /proc/iomem.  A text large enough that the load will
 * write megabytes (about IOMEM_HEAP_PER_BYTE per byte of it) first gets
 * the heap from huge pages (pages_huge_heap()), until iomem_free().
 */
int iomem_read(const struct sysroot *s, struct iomem *m);
void iomem_free(struct iomem *m);

#endif
