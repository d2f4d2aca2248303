// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_uki.c - libFuzzer target for the UKI reader (kexec/arch/x86_64/
 * uki.c) and the x86_64 choice around it (x86_unbundle, formats.c): any
 * bytes as a kernel file.  A UKI's sections must lie inside the input and
 * not overlap; its .cmdline is read as text and its .linux goes through
 * the image probe, as a load would take it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "formats.h"
#include "kimage.h"
#include "uki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int inside(const struct uki_section *s, const uint8_t *d, size_t size)
{
	return !s->data || (s->data >= d && s->size <= size &&
			    s->data + s->size <= d + size);
}

static void use_uki(const struct uki *u, const uint8_t *d, size_t size)
{
	struct kernel_image img;
	char *cl;

	if (!inside(&u->kernel, d, size) || !inside(&u->initrd, d, size) ||
	    !inside(&u->cmdline, d, size) || !u->kernel.data || !u->kernel.size)
		abort();
	cl = uki_cmdline(u);
	if (cl && strlen(cl) > u->cmdline.size)
		abort();
	free(cl);
	x86_image_probe("fuzz.efi:.linux", u->kernel.data, u->kernel.size,
			&img, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_buf fb = { .path = "fuzz.efi", .data = (unsigned char *)data,
			       .size = size };
	struct kernel_bundle kb;
	char why[160];
	struct uki u;
	int ret;

	ret = uki_parse(data, size, &u, why, sizeof(why));
	if (ret == 1)
		use_uki(&u, data, size);
	else if (ret != 0 && ret != -ENOEXEC)
		abort();
	if (x86_unbundle(&fb, &kb) == 1)
		bundle_free(&kb);
	return 0;
}
