// SPDX-License-Identifier: GPL-2.0-only
/*
 * bzimage.c - probing and parsing the x86 bzImage setup header for the
 * 64-bit boot protocol (the bzImage format, bzimage.h), with one specific
 * reason per rejected rule.  Every read is bounds checked against the file
 * size, so any file (random bytes, /etc/passwd) is refused cleanly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "bzimage.h"
#include "kimage.h"

#define DEFAULT_SETUP_SECTS	4

/* The fixed signature fields: size, boot flag, "HdrS", version. */
static int check_signature(const unsigned char *d, size_t size, char *why,
			   size_t whylen)
{
	uint16_t version;

	if (size < BZ_MIN_SIZE)
		return x86_image_reject(why, whylen, "file is %zu bytes, shorter than a boot sector and one setup sector (%d)",
			      size, BZ_MIN_SIZE);
	if (get_le16(d + HDR_BOOT_FLAG) != BOOT_FLAG_MAGIC)
		return x86_image_reject(why, whylen, "no 0xAA55 boot flag at 0x%x",
			      HDR_BOOT_FLAG);
	if (memcmp(d + HDR_MAGIC, "HdrS", 4))
		return x86_image_reject(why, whylen, "no HdrS signature");
	version = get_le16(d + HDR_VERSION);
	if (version < BZ_MIN_VERSION)
		return x86_image_reject(why, whylen, "boot protocol %u.%02u is older than 2.12 (64-bit entry point)",
			      version >> 8, version & 0xff);
	return 0;
}

/* The protected-mode code the header announces must all be in the file. */
static int check_syssize(const unsigned char *d, const struct kernel_image *img,
			 char *why, size_t whylen)
{
	uint64_t want = (uint64_t)get_le32(d + HDR_SYSSIZE) * 16;

	if (want > img->payload_size)
		return x86_image_reject(why, whylen, "truncated: the header announces %llu bytes of kernel after the setup code, the file has %zu",
			      (unsigned long long)want, img->payload_size);
	return 0;
}

/* Header length and setup size, both inside the file. */
static int check_layout(const unsigned char *d, size_t size,
			struct kernel_image *img, char *why, size_t whylen)
{
	img->hdr_end = HDR_MAGIC + d[HDR_JUMP_LEN];
	if (img->hdr_end < HDR_INIT_SIZE + 4)
		return x86_image_reject(why, whylen, "setup header ends at 0x%zx, before init_size (0x%x)",
			      img->hdr_end, HDR_INIT_SIZE + 4);
	if (img->hdr_end > size)
		return x86_image_reject(why, whylen, "setup header (to 0x%zx) runs past the end of the file",
			      img->hdr_end);
	img->setup_sects = d[HDR_SETUP_SECTS];
	if (!img->setup_sects)
		img->setup_sects = DEFAULT_SETUP_SECTS;
	img->setup_size = (size_t)(img->setup_sects + 1) * BZ_SECTOR;
	if (img->setup_size >= size)
		return x86_image_reject(why, whylen, "%u setup sectors leave no kernel in a %zu-byte file",
			      img->setup_sects, size);
	img->payload = d + img->setup_size;
	img->payload_size = size - img->setup_size;
	return check_syssize(d, img, why, whylen);
}

static void read_fields(const unsigned char *d, struct kernel_image *img)
{
	img->version = get_le16(d + HDR_VERSION);
	img->loadflags = d[HDR_LOADFLAGS];
	img->xloadflags = get_le16(d + HDR_XLOADFLAGS);
	img->relocatable = d[HDR_RELOCATABLE];
	img->kernel_alignment = get_le32(d + HDR_KERNEL_ALIGNMENT);
	img->min_alignment = d[HDR_MIN_ALIGNMENT];
	img->initrd_addr_max = get_le32(d + HDR_INITRD_ADDR_MAX);
	img->cmdline_size = get_le32(d + HDR_CMDLINE_SIZE);
	img->init_size = get_le32(d + HDR_INIT_SIZE);
	img->pref_address = get_le64(d + HDR_PREF_ADDRESS);
}

/* The capability bits a 64-bit, relocatable load needs. */
static int check_caps(const struct kernel_image *img, char *why, size_t whylen)
{
	if (!(img->loadflags & LOADFLAG_LOADED_HIGH))
		return x86_image_reject(why, whylen, "loadflags 0x%02x lack LOADED_HIGH (a zImage, not a bzImage)",
			      img->loadflags);
	if (!(img->xloadflags & XLF_KERNEL_64))
		return x86_image_reject(why, whylen, "xloadflags 0x%04x lack XLF_KERNEL_64 (no 64-bit entry point)",
			      img->xloadflags);
	if (!(img->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return x86_image_reject(why, whylen, "xloadflags 0x%04x lack XLF_CAN_BE_LOADED_ABOVE_4G",
			      img->xloadflags);
	if (!img->relocatable)
		return x86_image_reject(why, whylen, "kernel is not relocatable (relocatable_kernel is 0)");
	if (img->kernel_alignment & (img->kernel_alignment - 1))
		return x86_image_reject(why, whylen, "kernel_alignment 0x%x is not a power of two",
			      img->kernel_alignment);
	return 0;
}

static int bzimage64_probe(const unsigned char *data, size_t size,
			   struct kernel_image *img, char *why, size_t whylen)
{
	int ret;

	memset(img, 0, sizeof(*img));
	ret = check_signature(data, size, why, whylen);
	if (!ret)
		ret = check_layout(data, size, img, why, whylen);
	if (ret)
		return ret;
	read_fields(data, img);
	ret = check_caps(img, why, whylen);
	if (ret)
		return ret;
	img->data = data;
	img->size = size;
	img->entry_offset = BZ_ENTRY64_OFFSET;
	return 0;
}

/* The protected-mode code as it is in the file. */
static int bzimage64_payload(const struct kernel_image *img,
			     unsigned char **buf)
{
	*buf = malloc(img->payload_size ? img->payload_size : 1);
	if (!*buf)
		return -ENOMEM;
	memcpy(*buf, img->payload, img->payload_size);
	return 0;
}

const struct x86_image_ops x86_bzimage64_ops = {
	.name = "bzImage",
	.probe = bzimage64_probe,
	.payload = bzimage64_payload,
};
