/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_load.h - one x86_64 load in progress: the inputs, the machine
 * state, the placer and the addresses chosen so far, which x86_64.c fills
 * in step by step and the crash steps (crashdump.c) read and extend.  A
 * type only, below the steps and the backend that runs them.
 */
#ifndef KEXEC_X86_64_X86_LOAD_H
#define KEXEC_X86_64_X86_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "efi.h"
#include "iomem.h"
#include "kimage.h"
#include "placement.h"
#include "plan.h"

/* Nothing is placed below 1 MiB (real-mode area, BIOS data). */
#define X86_MIN_LOAD_ADDR	0x100000ULL

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

#endif
