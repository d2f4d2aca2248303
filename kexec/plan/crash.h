/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crash.h - the arch-neutral steps of a crash (-p) load that every backend
 * shares: building and placing the elfcorehdr segment (sized for in-kernel
 * hot-plug updates with --hotplug, and then left out of the digest),
 * "elfcorehdr=" on the command line, and the notes every header describes.
 * The rule that only the elfcorehdr starts with ELF magic is plan_validate's.
 */
#ifndef KEXEC_CRASH_H
#define KEXEC_CRASH_H

#include <stdbool.h>
#include <stdint.h>

#include "elfcore.h"
#include "placement.h"
#include "plan.h"
#include "sysroot.h"

/*
 * Build the header from d, size the segment (with hotplug at least
 * root's /sys/kernel/crash_elfcorehdr_size, refusing a header bigger than
 * that), place it with pl (align, within the placer's windows), add it to
 * the plan as SEG_ELFCOREHDR (in_digest unless hotplug), fill
 * plan->elfcorehdr and append " elfcorehdr=<KiB>K".  The hot-plug flag is
 * arch_plan_load()'s.
 */
int crash_add_elfcorehdr(const struct sysroot *root, bool hotplug,
			 struct plan *p, struct placer *pl,
			 const struct elfcore_desc *d, uint64_t align);

/*
 * What every crash header takes from the machine: the per-CPU note buffers
 * (d->notes, d->nr_notes) and the VMCOREINFO note.  A missing vmcoreinfo
 * is only a warning.  *notes is the caller's to free, also on failure.
 */
int crash_read_notes(const struct sysroot *root, struct elfcore_desc *d,
		     struct crash_note **notes);

#endif
