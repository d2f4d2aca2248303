/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * elfimage.h - the ELF vmlinux image format (elfimage.c): its ops for the
 * probe list (formats.c).
 */
#ifndef KEXEC_X86_64_ELFIMAGE_H
#define KEXEC_X86_64_ELFIMAGE_H

#include "kimage.h"

extern const struct x86_image_ops x86_elf_vmlinux_ops;

#endif
