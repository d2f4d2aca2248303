/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64.h - state shared by the x86_64 plan steps (x86_64.c for the
 * common load, crashdump.c for what only a -p load adds).
 */
#ifndef KEXEC_X86_64_X86_64_H
#define KEXEC_X86_64_X86_64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "kimage.h"
#include "efi.h"
#include "iomem.h"
#include "placement.h"
#include "plan.h"

/* Free room left in the crash region for the kernel's control pages and
 * the identity-map page tables it allocates there at load time. */
#define X86_CRASH_SLACK		(1ULL << 20)
/* Nothing is placed below 1 MiB (real-mode area, BIOS data). */
#define X86_MIN_LOAD_ADDR	0x100000ULL
/* Direct-map base when /proc/kcore does not tell (no KASLR). */
#define X86_DEFAULT_PAGE_OFFSET	0xffff888000000000ULL
#define X86_4G			0x100000000ULL

struct x86_load {
	struct load_ctx *ctx;
	const struct options *opt;
	struct plan *plan;
	struct kernel_image img;
	const struct x86_image_ops *img_ops;	/* its format */
	struct iomem io;
	struct placer pl;
	struct range crash;		/* the region used for -p */
	char *running_bp;		/* sys/kernel/boot_params/data */
	size_t running_len;
	struct x86_efi efi;		/* EFI state for the new kernel */
	uint64_t acpi_rsdp;		/* 0 = unknown */
	uint64_t kernel_addr;
	uint64_t initrd_addr, initrd_size;
	uint64_t bp_addr;
};

/* crashdump.c */
int x86_crash_region(struct x86_load *xl, struct range_list *windows);
int x86_crash_prepare(struct x86_load *xl);
int x86_crash_check_slack(struct x86_load *xl);
int x86_crash_ram(const struct iomem *io, struct range_list *ram);

/* x86_64.c: the backend (backends.c lists it) */
extern const struct arch_ops arch_x86_64;

#endif
