/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch.h - the small interface every architecture backend implements.
 * Backends are pure planning code: they read machine state only through the
 * sysroot in the load context and never make a syscall, so every backend is
 * built on every host and ppc64 plans can be tested on x86_64.
 */
#ifndef KEXEC_ARCH_H
#define KEXEC_ARCH_H

#include <stdint.h>

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
	const char *name;		/* "x86_64", "ppc64le" */
	uint16_t e_machine;		/* EM_X86_64, EM_PPC64 */
	unsigned long kexec_arch;	/* arch field of kexec_load flags */
	unsigned long hotplug_flag;	/* flag that enables crash hot-plug */
	/*
	 * Build a kexec_load plan for ctx: segments, entry, flags (including
	 * KEXEC_ON_CRASH and the hotplug flag), command line and digest.
	 * One error line on failure.
	 */
	int (*plan_load)(struct load_ctx *ctx, struct plan *plan);
};

/* NULL name: the backend of the build host; NULL result: none by that name. */
const struct arch_ops *arch_lookup(const char *name);
/* Comma-separated list of backend names for messages. */
const char *arch_names(void);

extern const struct arch_ops arch_x86_64;
extern const struct arch_ops arch_ppc64le;

#endif
