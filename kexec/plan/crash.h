/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crash.h - the arch-neutral steps of a crash (-p) load that every backend
 * shares: building and placing the elfcorehdr segment (sized for in-kernel
 * hot-plug updates with --hotplug, and then left out of the digest), the
 * hot-plug flag, "elfcorehdr=" on the command line, and the magic rule the
 * kernel relies on to find the header.
 */
#ifndef KEXEC_CRASH_H
#define KEXEC_CRASH_H

#include "arch.h"
#include "elfcore.h"
#include "placement.h"
#include "plan.h"

/*
 * Build the header from d, size the segment (with --hotplug at least
 * /sys/kernel/crash_elfcorehdr_size, refusing a header bigger than that),
 * place it with pl (align, within the placer's windows), add it to the plan
 * as role "elfcorehdr" (in_digest unless --hotplug), fill plan->elfcorehdr,
 * set arch->hotplug_flag with --hotplug, and append " elfcorehdr=<KiB>K".
 */
int crash_add_elfcorehdr(struct load_ctx *ctx, const struct arch_ops *arch,
			 struct plan *p, struct placer *pl,
			 const struct elfcore_desc *d, uint64_t align);

/*
 * What every crash header takes from the machine: the per-CPU note buffers
 * (d->notes, d->nr_notes) and the VMCOREINFO note.  A missing vmcoreinfo
 * is only a warning.  *notes is the caller's to free, also on failure.
 */
int crash_read_notes(const struct sysroot *root, struct elfcore_desc *d,
		     struct crash_note **notes);

/*
 * The kernel finds the elfcorehdr as the last segment starting with
 * "\x7fELF" (and powerpc the FDT as the first starting with 0xd00dfeed):
 * fail with -EINVAL if any other segment starts with either magic.
 */
int crash_check_magic(const struct plan *p);

#endif
