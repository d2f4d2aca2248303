/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bootparams.h - the x86 zero page (struct boot_params, 4096 bytes) as
 * named byte offsets, little-endian accessors, and the builder that fills
 * it for the new kernel.  Offsets follow the boot protocol documentation
 * (Documentation/arch/x86/boot.rst); see doc/kernel-interfaces.md section 6.
 */
#ifndef KEXEC_X86_64_BOOTPARAMS_H
#define KEXEC_X86_64_BOOTPARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "ranges.h"

struct kernel_image;

#define BP_SIZE			0x1000	/* the zero page */

/* boot_params fields outside the setup header */
#define BP_SCREEN_INFO		0x000
#define BP_SCREEN_INFO_LEN	64
#define BP_ACPI_RSDP_ADDR	0x070	/* u64 */
#define BP_EXT_RAMDISK_IMAGE	0x0c0	/* u32, high half */
#define BP_EXT_RAMDISK_SIZE	0x0c4	/* u32, high half */
#define BP_EXT_CMD_LINE_PTR	0x0c8	/* u32, high half */
#define BP_EFI_INFO		0x1c0	/* 32 bytes, see efi.h */
#define BP_EFI_INFO_LEN		32
#define BP_ALT_MEM_K		0x1e0	/* u32 */
#define BP_E820_ENTRIES		0x1e8	/* u8 */
#define BP_SENTINEL		0x1ef	/* must stay 0 */
#define BP_E820_TABLE		0x2d0	/* 128 x 20 bytes */
#define BP_E820_MAX		128
#define BP_E820_ENTRY_SIZE	20

/* setup header, at the same offsets in the image and in boot_params */
#define HDR_START		0x1f1
#define HDR_SETUP_SECTS		0x1f1	/* u8 */
#define HDR_SYSSIZE		0x1f4	/* u32: protected-mode code, 16-byte units */
#define HDR_BOOT_FLAG		0x1fe	/* u16, 0xAA55 */
#define HDR_JUMP		0x200	/* u16; byte 0x201 = header length - 0x202 */
#define HDR_JUMP_LEN		0x201	/* u8 */
#define HDR_MAGIC		0x202	/* "HdrS" */
#define HDR_VERSION		0x206	/* u16 */
#define HDR_TYPE_OF_LOADER	0x210	/* u8 */
#define HDR_LOADFLAGS		0x211	/* u8 */
#define HDR_RAMDISK_IMAGE	0x218	/* u32 */
#define HDR_RAMDISK_SIZE	0x21c	/* u32 */
#define HDR_CMD_LINE_PTR	0x228	/* u32 */
#define HDR_INITRD_ADDR_MAX	0x22c	/* u32 */
#define HDR_KERNEL_ALIGNMENT	0x230	/* u32 */
#define HDR_RELOCATABLE		0x234	/* u8 */
#define HDR_MIN_ALIGNMENT	0x235	/* u8, log2 */
#define HDR_XLOADFLAGS		0x236	/* u16 */
#define HDR_CMDLINE_SIZE	0x238	/* u32 */
#define HDR_HARDWARE_SUBARCH	0x23c	/* u32 */
#define HDR_SETUP_DATA		0x250	/* u64, list head */
#define HDR_PREF_ADDRESS	0x258	/* u64 */
#define HDR_INIT_SIZE		0x260	/* u32 */
#define HDR_MAX_END		(HDR_MAGIC + 0x7f) /* longest header copied */

#define BOOT_FLAG_MAGIC		0xAA55
#define LOADFLAG_LOADED_HIGH	0x01
#define XLF_KERNEL_64		0x01
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02

/* Boot loader id: 0xD is kexec, in the high nibble. */
#define LOADER_TYPE_KEXEC	0xD0

/* setup_data: u64 next, u32 type, u32 len, then len bytes */
#define SETUP_DATA_HDR_SIZE	16
#define SETUP_E820_EXT		1
#define SETUP_EFI		4	/* payload: see efi.h */

static inline uint32_t get_le16(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8;
}

static inline uint32_t get_le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const unsigned char *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le16(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void put_le32(unsigned char *p, uint32_t v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

static inline void put_le64(unsigned char *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* What goes into the zero page besides the image's own setup header. */
struct bp_input {
	const struct kernel_image *img;
	const unsigned char *running;	/* running kernel's boot_params, or NULL */
	size_t running_len;
	const char *cmdline;
	uint64_t initrd_addr, initrd_size; /* size 0: no initrd */
	const struct range_list *e820;	/* sorted memory map for the kernel */
	uint64_t acpi_rsdp;		/* for 0x070 when the running one is 0 */
	const unsigned char *efi_info;	/* 32 bytes for 0x1c0, or NULL */
	const unsigned char *efi_setup;	/* SETUP_EFI payload, or NULL */
	size_t efi_setup_len;
};

/*
 * The boot_params segment: the zero page, then the command line (NUL
 * terminated), then the setup_data list, 8-byte aligned: a SETUP_E820_EXT
 * entry when the map has more than 128 entries, then the SETUP_EFI entry
 * when efi_setup is given.  bootparams_size() tells how much to place; build()
 * then needs the address (for cmd_line_ptr and setup_data links).
 */
size_t bootparams_size(const struct bp_input *in);
int bootparams_build(const struct bp_input *in, uint64_t addr,
		     unsigned char **buf, size_t *len);

#endif
