// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_initramfs.c - libFuzzer target for initramfs_describe
 * (kexec/machine/initramfs.c: magic numbers and the newc cpio walk).  The
 * input is an initrd file.  What comes back names something, stays inside
 * the input, and a part that follows the cpio archive starts where the
 * archive's size says.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "initramfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct initramfs_info i;
	size_t lead = 0;

	initramfs_describe(data, size, &i);
	if (!i.first || i.first_size > size)
		abort();
	if (strcmp(i.first, "cpio") && (i.first_size || i.then || i.cpio_problem))
		abort();
	if (i.cpio_problem && (i.then || i.first_size))
		abort();
	while (lead < size && !data[lead])
		lead++;
	if (i.then && (lead + i.first_size >= size || !data[lead + i.first_size]))
		abort();
	return 0;
}
