/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crashdump.h - what an x86_64 crash (-p) load adds to a normal one
 * (crashdump.c): the crash region as the placement window, the
 * elfcorehdr and acpi_rsdp=, and the room left for the kernel's pages.
 */
#ifndef KEXEC_X86_64_CRASHDUMP_H
#define KEXEC_X86_64_CRASHDUMP_H

#include "iomem.h"
#include "ranges.h"
#include "x86_load.h"

/* Free room left in the crash region for the kernel's control pages and
 * the identity-map page tables it allocates there at load time. */
#define X86_CRASH_SLACK		(1ULL << 20)

int x86_crash_region(struct x86_load *xl, struct range_list *windows);
int x86_crash_prepare(struct x86_load *xl);
int x86_crash_check_slack(struct x86_load *xl);
int x86_crash_ram(const struct iomem *io, struct range_list *ram);

#endif
