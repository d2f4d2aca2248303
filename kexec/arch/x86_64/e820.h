/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * e820.h - the memory map the new x86 kernel receives in boot_params:
 * for -l the machine's whole map, for -p (capture kernel) only the crash
 * reservation, low memory and the firmware ranges it must respect.
 */
#ifndef KEXEC_X86_64_E820_H
#define KEXEC_X86_64_E820_H

#include <stdint.h>

#include "iomem.h"
#include "ranges.h"

/* Below this the first kernel keeps its own low memory (real-mode area). */
#define E820_LOW_MEM_END	0x100000ULL

/*
 * Capture kernel map, sorted: System RAM below 1 MiB and every "Crash
 * kernel" range as RAM, minus the whole page-rounded elfcorehdr segment
 * [hdr_mem, hdr_mem + hdr_memsz), plus the ACPI, NVS, reserved, PMEM and
 * PRAM ranges.  No other RAM.  RAM pieces smaller than a page are dropped.
 */
int e820_crash_map(const struct iomem *io, uint64_t hdr_mem,
		   uint64_t hdr_memsz, struct range_list *out);

/* Normal (-l) map: all System RAM plus the typed firmware ranges. */
int e820_load_map(const struct iomem *io, struct range_list *out);

#endif
