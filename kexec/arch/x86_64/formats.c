// SPDX-License-Identifier: GPL-2.0-only
/*
 * formats.c - the x86_64 kernel image formats and the choice between them
 * by the file's first bytes (formats.h); each format's probe says why a
 * file is not its own, and the one message names that format.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "bzimage.h"
#include "elfimage.h"
#include "formats.h"
#include "log.h"

int x86_image_probe(const char *path, const unsigned char *data, size_t size,
		    struct kernel_image *img, const struct x86_image_ops **ops)
{
	const struct x86_image_ops *fmt = &x86_bzimage64_ops;
	char why[KIMAGE_WHY_MAX];

	if (size >= SELFMAG && !memcmp(data, ELFMAG, SELFMAG))
		fmt = &x86_elf_vmlinux_ops;
	if (fmt->probe(data, size, img, why, sizeof(why))) {
		pr_err("%s: not a %s: %s", path, fmt->name, why);
		return -ENOEXEC;
	}
	img->path = path;
	if (ops)
		*ops = fmt;
	return 0;
}
