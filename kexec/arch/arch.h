/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch.h - the small interface every architecture backend implements, and
 * the core's side of it: arch_plan_load(), which runs a backend and applies
 * what is the same for all of them.  The table of backends is backends.h.
 * Backends are pure planning code: they read machine state only through the
 * sysroot in the load context and never make a syscall, so every backend is
 * built on every host and ppc64le plans can be tested on x86_64.
 */
#ifndef KEXEC_ARCH_H
#define KEXEC_ARCH_H

#include "file.h"
#include "options.h"
#include "plan.h"
#include "sysroot.h"

/* Everything a backend may use to build a plan. */
struct load_ctx {
	const struct options *opt;
	const struct sysroot *root;
	struct file_buf kernel;	/* decompressed kernel image */
	struct file_buf initrd;	/* data NULL when no --initrd */
	const char *cmdline;	/* assembled: --reuse-cmdline + --append */
};

struct arch_ops {
	const char *name;		/* --arch and plan->arch: "x86_64" */
	unsigned long kexec_arch;	/* arch field of the kexec_load flags */
	unsigned long hotplug_flag;	/* flag that enables crash hot-plug,
					   0: --hotplug is refused */
	/*
	 * Build a kexec_load plan for ctx: segments, entry, crash region,
	 * command line and digest.  The flags are arch_plan_load()'s.
	 * One error line on failure.
	 */
	int (*plan_load)(struct load_ctx *ctx, struct plan *plan);
};

/*
 * Run arch's plan_load, then set the flags every backend shares: the arch
 * field, KEXEC_ON_CRASH with -p, and the backend's hot-plug flag when
 * --hotplug is in force and the plan has an elfcorehdr.  --hotplug with a
 * backend that has no such flag fails (-EOPNOTSUPP) before planning.
 */
int arch_plan_load(const struct arch_ops *arch, struct load_ctx *ctx,
		   struct plan *plan);

#endif
