/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * formats.h - choosing the x86_64 kernel image format (formats.c): a file
 * starting with the ELF magic is an ELF vmlinux or nothing; every other
 * file is judged as a bzImage.  Sits above the formats it chooses from
 * (bzimage.c, elfimage.c), which share only kimage.h.
 */
#ifndef KEXEC_X86_64_FORMATS_H
#define KEXEC_X86_64_FORMATS_H

#include <stddef.h>

#include "kimage.h"

/*
 * The format the file claims (ELF magic: ELF vmlinux; anything else:
 * bzImage) probes it.  On failure prints one line,
 * "<path>: not a <format>: <reason>", and returns -ENOEXEC.
 */
int x86_image_probe(const char *path, const unsigned char *data, size_t size,
		    struct kernel_image *img, const struct x86_image_ops **ops);

#endif
