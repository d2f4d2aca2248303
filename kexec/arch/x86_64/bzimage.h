/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bzimage.h - the 64-bit bzImage image format (bzimage.c): its ops for
 * the probe list (formats.c) and the boot protocol numbers it checks.
 */
#ifndef KEXEC_X86_64_BZIMAGE_H
#define KEXEC_X86_64_BZIMAGE_H

#include "kimage.h"

/* Offset of the 64-bit entry point from the protected-mode load address. */
#define BZ_ENTRY64_OFFSET	0x200
#define BZ_SECTOR		512
#define BZ_MIN_VERSION		0x020c	/* 2.12: xloadflags, 64-bit entry */
#define BZ_MIN_SIZE		1024	/* boot sector + one setup sector */

extern const struct x86_image_ops x86_bzimage64_ops;

#endif
