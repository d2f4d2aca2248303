// SPDX-License-Identifier: GPL-2.0-only
/*
 * kimage.c - what every x86_64 kernel image format shares (kimage.h): the
 * probes' rejection reasons, and the size and alignment of the kernel
 * segment.  The choice between formats is formats.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "kimage.h"
#include "placement.h"

int x86_image_reject(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
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
