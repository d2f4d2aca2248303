// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_bzimage.c - libFuzzer target for the x86 image probe
 * (kexec/arch/x86_64/formats.c choosing bzimage.c, or elfimage.c for input
 * with the ELF magic): any bytes as a kernel file.  An accepted image also
 * goes through the size helpers, the kernel segment builder and the
 * boot_params builder, which copies (or, for an ELF vmlinux, writes) the
 * setup header.
 */
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "formats.h"
#include "kimage.h"
#include "ranges.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_image(const struct kernel_image *img,
		      const struct x86_image_ops *ops)
{
	struct range_list e820 = RANGE_LIST_INIT;
	struct bp_input in = {
		.img = img, .cmdline = "console=ttyS0", .e820 = &e820,
	};
	unsigned char *bp = NULL, *seg = NULL;
	size_t len;

	if (kimage_memsz(img) < img->payload_size ||
	    (kimage_align(img) & (kimage_align(img) - 1)) ||
	    img->entry_offset >= kimage_memsz(img))
		abort();
	/* sparse PT_LOADs can ask for up to 1 GiB: keep the runs fast */
	if (img->payload_size <= (64u << 20) && ops->payload(img, &seg) == 0)
		free(seg);
	ranges_add(&e820, 0x100000, 0x7fffffff, RANGE_RAM);
	if (bootparams_build(&in, 0x10000, &bp, &len) == 0 &&
	    len != bootparams_size(&in))
		abort();
	free(bp);
	ranges_free(&e820);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of the exact size, so ASan sees every overread. */
	unsigned char *copy = malloc(size ? size : 1);
	const struct x86_image_ops *ops;
	struct kernel_image img;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (x86_image_probe("fuzz", copy, size, &img, &ops) == 0)
		use_image(&img, ops);
	free(copy);
	return 0;
}
