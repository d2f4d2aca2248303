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
	const char *cmdline;	/* assembled: --reuse-cmdline + --append
				 * (+ crash_params for -p) */
	bool hotplug;		/* -p: ask for crash hot-plug updates
				 * (hotplug.h decided) */
};

/*
 * What a backend's file_probe found: the kernel as the running kernel's
 * own kexec_file_load loader for this architecture would see it.
 */
struct file_kernel {
	char format[96];	/* for --dry-run: "bzImage, boot protocol 2.15" */
	uint64_t memsz;		/* memory that loader reserves for the kernel */
	size_t cmdline_max;	/* longest command line it takes, without NUL */
};

/*
 * A kernel file that carries more than the kernel (a UKI): the parts an
 * arch's unbundle hook found.  The pointers point into the file's buffer;
 * cmdline is malloc'd (bundle_free).
 */
struct kernel_bundle {
	const char *format;		/* "UKI" */
	const char *kernel_name;	/* ".linux" */
	const char *initrd_name;	/* ".initrd" */
	const char *cmdline_name;	/* ".cmdline" */
	char sections[48];		/* those present, for --dry-run */
	const unsigned char *kernel;
	size_t kernel_size;
	const unsigned char *initrd;	/* NULL: none */
	size_t initrd_size;
	char *cmdline;			/* NULL: none */
};

void bundle_free(struct kernel_bundle *b);

struct arch_ops {
	const char *name;		/* --arch and plan->arch: "x86_64" */
	unsigned long kexec_arch;	/* arch field of the kexec_load flags */
	unsigned long hotplug_flag;	/* flag that enables crash hot-plug,
					   0: --hotplug is refused */
	/*
	 * Parameters every crash (-p) command line of this arch needs, for
	 * both syscalls; load.c adds those missing (cmdline_add_missing).
	 * NULL-terminated, or NULL; crash_params_why says why, for --dry-run.
	 */
	const char *const *crash_params;
	const char *crash_params_why;
	/*
	 * Build a kexec_load plan for ctx: segments, entry, crash region,
	 * command line and digest.  The flags are arch_plan_load()'s.
	 * One error line on failure.
	 */
	int (*plan_load)(struct load_ctx *ctx, struct plan *plan);
	/*
	 * kexec_file_load (-s, -a): would the kernel's own image loader take
	 * ctx->kernel (the file as it is: the kernel does not decompress) for
	 * this load (ctx->opt->panic)?  Fills fk; or -ENOEXEC with the reason
	 * in why.  Prints nothing: load.c decides whether that is an error.
	 */
	int (*file_probe)(const struct load_ctx *ctx, struct file_kernel *fk,
			  char *why, size_t whylen);
	/*
	 * Optional, run on the kernel file before anything else: 1 and *b
	 * filled when it is a bundle (x86_64: a UKI), 0 when it is to be
	 * taken as the kernel itself, or -errno after one error line (a
	 * broken bundle, or one this arch cannot load).
	 */
	int (*unbundle)(const struct file_buf *file, struct kernel_bundle *b);
};

/*
 * Run arch's plan_load, then set the flags every backend shares: the arch
 * field, KEXEC_ON_CRASH with -p, and the backend's hot-plug flag when
 * ctx->hotplug is set and the plan has an elfcorehdr.  ctx->hotplug with a
 * backend that has no such flag fails (-EOPNOTSUPP) before planning.
 */
int arch_plan_load(const struct arch_ops *arch, struct load_ctx *ctx,
		   struct plan *plan);

#endif
