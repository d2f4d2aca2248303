/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hotplug.h - whether a crash load asks the running kernel to update the
 * crash kernel's elfcorehdr on CPU and memory hot-plug, and why, for each
 * syscall (doc/design.md, "Hot-plug by default").
 *
 *   kexec_load      --hotplug: on (required: a missing sysfs node or a
 *                   refused flag is an error); --no-hotplug: off; neither:
 *                   on when the kernel offers crash_elfcorehdr_size and the
 *                   backend has a flag, else off, and a kernel that refuses
 *                   the flag gets one retry without it (load.c).
 *   kexec_file_load the kernel decides (updated whenever it has
 *                   CONFIG_CRASH_HOTPLUG); nothing to set.
 */
#ifndef KEXEC_HOTPLUG_H
#define KEXEC_HOTPLUG_H

#include <stdbool.h>

#include "arch.h"
#include "options.h"
#include "sysroot.h"

struct hotplug_decision {
	bool flag;		/* kexec_load: set the backend's hot-plug flag */
	bool retry_without;	/* the flag is the default's: retry without it */
	const char *load_state, *load_why;	/* kexec_load, for --dry-run */
	const char *file_state, *file_why;	/* kexec_file_load */
};

/* Fill d for o (not a crash load: all off, states NULL).  Never fails. */
void hotplug_decide(const struct options *o, const struct arch_ops *arch,
		    const struct sysroot *root, struct hotplug_decision *d);

/* After the kernel refused the flag: off, and why. */
void hotplug_refused(struct hotplug_decision *d);

#endif
