/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * formats.h - choosing the x86_64 kernel image format (formats.c): a file
 * starting with the ELF magic is an ELF vmlinux or nothing; every other
 * file is judged as a bzImage.  Sits above the formats it chooses from
 * (bzimage.c, elfimage.c), which share only kimage.h, and of uki.c,
 * which finds the bzImage inside a UKI.
 */
#ifndef KEXEC_X86_64_FORMATS_H
#define KEXEC_X86_64_FORMATS_H

#include <stddef.h>

#include "arch.h"
#include "kimage.h"

/*
 * The format the file claims (ELF magic: ELF vmlinux; anything else:
 * bzImage) probes it.  On failure prints one line,
 * "<path>: not a <format>: <reason>", and returns -ENOEXEC.
 */
int x86_image_probe(const char *path, const unsigned char *data, size_t size,
		    struct kernel_image *img, const struct x86_image_ops **ops);

/*
 * arch_ops.unbundle for x86_64: 1 and *b filled when file is a UKI (a
 * PE32+ x86_64 file with a .linux section), 0 for anything else that is
 * not a broken PE file (bzImages, signed or not, and ELF files go to
 * x86_image_probe), else one line "<path>: not a UKI: <reason>" and
 * -ENOEXEC.
 */
int x86_unbundle(const struct file_buf *file, struct kernel_bundle *b);

#endif
