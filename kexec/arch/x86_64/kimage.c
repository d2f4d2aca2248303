// SPDX-License-Identifier: GPL-2.0-only
/*
 * kimage.c - what every x86_64 kernel image format shares (kimage.h): the
 * choice of format by the file's first bytes, the probes' rejection
 * reasons, and the size and alignment of the kernel segment.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kimage.h"
#include "log.h"
#include "placement.h"

int x86_image_reject(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

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

uint64_t kimage_memsz(const struct kernel_image *img)
{
	uint64_t need = img->init_size;

	if (img->payload_size > need)
		need = img->payload_size;
	return (need + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1);
}

uint64_t kimage_align(const struct kernel_image *img)
{
	return img->kernel_alignment > PAGE_SIZE_4K ? img->kernel_alignment
						    : PAGE_SIZE_4K;
}
