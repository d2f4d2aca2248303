// SPDX-License-Identifier: GPL-2.0-only
/*
 * formats.c - the x86_64 kernel image formats and the choice between them
 * by the file's first bytes (formats.h); each format's probe says why a
 * file is not its own, and the one message names that format.  Before
 * that, whether the file is a UKI (uki.c) whose .linux is the kernel.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "bzimage.h"
#include "elfimage.h"
#include "formats.h"
#include "log.h"
#include "uki.h"

#define BZ_HDRS_OFFSET	0x202	/* "HdrS" of a bzImage */

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

/* "MZ" and "HdrS": a bzImage with an EFI stub, signed or not. */
static bool looks_like_bzimage(const unsigned char *data, size_t size)
{
	return size >= BZ_HDRS_OFFSET + 4 &&
	       !memcmp(data + BZ_HDRS_OFFSET, "HdrS", 4);
}

static void bundle_sections(struct kernel_bundle *b)
{
	snprintf(b->sections, sizeof(b->sections), ".linux%s%s",
		 b->initrd ? " .initrd" : "", b->cmdline ? " .cmdline" : "");
}

static int fill_bundle(const struct file_buf *file, const struct uki *u,
		       struct kernel_bundle *b)
{
	*b = (struct kernel_bundle){
		.format = "UKI", .kernel_name = ".linux",
		.initrd_name = ".initrd", .cmdline_name = ".cmdline",
		.kernel = u->kernel.data, .kernel_size = u->kernel.size,
		.initrd = u->initrd.data, .initrd_size = u->initrd.size,
	};
	if (u->cmdline.data) {
		b->cmdline = uki_cmdline(u);
		if (!b->cmdline) {
			pr_err("%s: UKI .cmdline: out of memory", file->path);
			return -ENOMEM;
		}
	}
	bundle_sections(b);
	pr_debug("%s: a UKI with sections %s", file->path, b->sections);
	return 1;
}

/*
 * A UKI is a PE file with a .linux section.  A PE file without one (a
 * signed or EFI-stub bzImage) is not; a broken PE header in a file with
 * a bzImage's "HdrS" is left to the bzImage probe, which reads no PE.
 */
int x86_unbundle(const struct file_buf *file, struct kernel_bundle *b)
{
	char why[KIMAGE_WHY_MAX];
	struct uki u;
	int ret;

	ret = uki_parse(file->data, file->size, &u, why, sizeof(why));
	if (ret > 0)
		return fill_bundle(file, &u, b);
	if (!ret || looks_like_bzimage(file->data, file->size))
		return 0;
	pr_err("%s: not a UKI: %s", file->path, why);
	return ret;
}
