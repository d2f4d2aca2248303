/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_fake_bzimage.h - builds synthetic bzImages for the x86_64 tests: a
 * boot sector and setup sectors carrying a protocol 2.15 setup header,
 * then a payload with a recognisable pattern (never ELF magic).
 */
#ifndef TESTS_X86_FAKE_BZIMAGE_H
#define TESTS_X86_FAKE_BZIMAGE_H

#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/bootparams.h"

#define FAKE_SETUP_SECTS	4
#define FAKE_SETUP_SIZE		((FAKE_SETUP_SECTS + 1) * 512)
#define FAKE_PAYLOAD		(64 * 1024)
#define FAKE_INIT_SIZE		0x800000U
#define FAKE_ALIGN		0x200000U
#define FAKE_CMDLINE_SIZE	2047U
#define FAKE_HDR_LEN		0x6a	/* header ends at 0x26c (2.15) */

struct fake_bzimage {
	unsigned char *data;
	size_t size;
};

static inline void fake_bzimage_fields(unsigned char *d)
{
	d[HDR_SETUP_SECTS] = FAKE_SETUP_SECTS;
	put_le16(d + HDR_BOOT_FLAG, BOOT_FLAG_MAGIC);
	d[HDR_JUMP] = 0xeb;
	d[HDR_JUMP_LEN] = FAKE_HDR_LEN;
	memcpy(d + HDR_MAGIC, "HdrS", 4);
	put_le16(d + HDR_VERSION, 0x020f);
	d[HDR_LOADFLAGS] = LOADFLAG_LOADED_HIGH;
	put_le32(d + HDR_INITRD_ADDR_MAX, 0x7fffffff);
	put_le32(d + HDR_KERNEL_ALIGNMENT, FAKE_ALIGN);
	d[HDR_RELOCATABLE] = 1;
	d[HDR_MIN_ALIGNMENT] = 21;
	put_le16(d + HDR_XLOADFLAGS, 0x7f);
	put_le32(d + HDR_CMDLINE_SIZE, FAKE_CMDLINE_SIZE);
	put_le64(d + HDR_PREF_ADDRESS, 0x1000000);
	put_le32(d + HDR_INIT_SIZE, FAKE_INIT_SIZE);
}

/* A valid image of setup + payload bytes; free data with free(). */
static inline struct fake_bzimage fake_bzimage_make(size_t payload)
{
	struct fake_bzimage f;
	size_t i;

	f.size = FAKE_SETUP_SIZE + payload;
	f.data = calloc(1, f.size);
	if (!f.data)
		abort();
	fake_bzimage_fields(f.data);
	put_le32(f.data + HDR_SYSSIZE, (uint32_t)(payload / 16));
	for (i = FAKE_SETUP_SIZE; i < f.size; i++)
		f.data[i] = (unsigned char)(0x5a ^ (i * 7));
	return f;
}

#endif
