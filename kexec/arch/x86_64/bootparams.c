// SPDX-License-Identifier: GPL-2.0-only
/*
 * bootparams.c - the boot_params segment for the 64-bit entry: the zero
 * page filled from the image's setup header, the running kernel's
 * boot_params (screen_info, ACPI RSDP, hardware_subarch), the command line,
 * the initrd, the e820 map (entries past 128 go into a SETUP_E820_EXT
 * setup_data entry right after the command line) and, on EFI machines, the
 * efi_info and SETUP_EFI entry prepared by efi.c (linked after the e820
 * one).  Without them the new kernel boots without EFI runtime services,
 * as with kexec-tools' --noefi, and finds ACPI through acpi_rsdp_addr.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "kimage.h"
#include "log.h"

#define SETUP_DATA_ALIGN	8
#define ONE_MIB			0x100000ULL

static size_t cmdline_bytes(const struct bp_input *in)
{
	return strlen(in->cmdline ? in->cmdline : "") + 1;
}

static size_t align_sd(size_t off)
{
	return (off + SETUP_DATA_ALIGN - 1) & ~(size_t)(SETUP_DATA_ALIGN - 1);
}

static size_t setup_data_offset(const struct bp_input *in)
{
	return align_sd(BP_SIZE + cmdline_bytes(in));
}

static size_t e820_ext_count(const struct bp_input *in)
{
	return in->e820->n > BP_E820_MAX ? in->e820->n - BP_E820_MAX : 0;
}

static size_t e820_ext_bytes(const struct bp_input *in)
{
	size_t ext = e820_ext_count(in);

	return ext ? SETUP_DATA_HDR_SIZE + ext * BP_E820_ENTRY_SIZE : 0;
}

/* The SETUP_EFI entry follows the SETUP_E820_EXT one (if any). */
static size_t efi_setup_offset(const struct bp_input *in)
{
	return align_sd(setup_data_offset(in) + e820_ext_bytes(in));
}

size_t bootparams_size(const struct bp_input *in)
{
	if (in->efi_setup)
		return efi_setup_offset(in) + SETUP_DATA_HDR_SIZE +
		       in->efi_setup_len;
	if (e820_ext_count(in))
		return setup_data_offset(in) + e820_ext_bytes(in);
	return BP_SIZE + cmdline_bytes(in);
}

/* A header for an image that has none (an ELF vmlinux): its parsed fields. */
static void make_setup_header(unsigned char *bp, const struct kernel_image *img)
{
	put_le16(bp + HDR_BOOT_FLAG, BOOT_FLAG_MAGIC);
	memcpy(bp + HDR_MAGIC, "HdrS", 4);
	put_le16(bp + HDR_VERSION, img->version);
	put_le32(bp + HDR_INITRD_ADDR_MAX, img->initrd_addr_max);
	put_le32(bp + HDR_KERNEL_ALIGNMENT, img->kernel_alignment);
	bp[HDR_RELOCATABLE] = img->relocatable;
	put_le16(bp + HDR_XLOADFLAGS, img->xloadflags);
	put_le32(bp + HDR_CMDLINE_SIZE, img->cmdline_size);
	put_le64(bp + HDR_PREF_ADDRESS, img->pref_address);
	put_le32(bp + HDR_INIT_SIZE, img->init_size);
}

/* Setup header bytes from the image; fields we own are set afterwards. */
static void copy_setup_header(unsigned char *bp, const struct kernel_image *img)
{
	size_t end = img->hdr_end < HDR_MAX_END ? img->hdr_end : HDR_MAX_END;

	if (img->hdr_end)
		memcpy(bp + HDR_START, img->data + HDR_START, end - HDR_START);
	else
		make_setup_header(bp, img);
	bp[HDR_TYPE_OF_LOADER] = LOADER_TYPE_KEXEC;
	bp[HDR_LOADFLAGS] = 0;
	put_le64(bp + HDR_SETUP_DATA, 0);
}

/* What the running kernel knows about the machine that we pass on. */
static void copy_running(unsigned char *bp, const struct bp_input *in)
{
	const unsigned char *run = in->running;

	if (!run) {
		pr_debug("no running boot_params: acpi_rsdp_addr and screen_info stay 0");
		return;
	}
	if (in->running_len >= BP_SCREEN_INFO + BP_SCREEN_INFO_LEN)
		memcpy(bp + BP_SCREEN_INFO, run + BP_SCREEN_INFO,
		       BP_SCREEN_INFO_LEN);
	if (in->running_len >= BP_ACPI_RSDP_ADDR + 8)
		memcpy(bp + BP_ACPI_RSDP_ADDR, run + BP_ACPI_RSDP_ADDR, 8);
	if (in->running_len >= HDR_HARDWARE_SUBARCH + 4)
		memcpy(bp + HDR_HARDWARE_SUBARCH, run + HDR_HARDWARE_SUBARCH, 4);
}

static void put_split(unsigned char *bp, size_t lo, size_t hi, uint64_t v)
{
	put_le32(bp + lo, (uint32_t)v);
	put_le32(bp + hi, (uint32_t)(v >> 32));
}

static void put_e820_entry(unsigned char *p, const struct range *r)
{
	put_le64(p, r->start);
	put_le64(p + 8, range_size(r));
	put_le32(p + 16, r->type);
}

/* alt_mem_k: KiB of RAM above 1 MiB in the range that starts there. */
static void set_alt_mem_k(unsigned char *bp, const struct range_list *map)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct range *r = &map->r[i];
		uint64_t kib;

		if (r->type != RANGE_RAM || r->start > ONE_MIB || r->end < ONE_MIB)
			continue;
		kib = (r->end + 1 - ONE_MIB) >> 10;
		put_le32(bp + BP_ALT_MEM_K, kib > UINT32_MAX ? UINT32_MAX : kib);
	}
}

/*
 * Write a setup_data header at off and append it to the list: *link is the
 * offset of the u64 that must point at it (the list head, then the
 * previous entry's next field).
 */
static void add_setup_data(unsigned char *buf, uint64_t addr, size_t *link,
			   size_t off, uint32_t type, size_t len)
{
	put_le64(buf + off, 0);
	put_le32(buf + off + 8, type);
	put_le32(buf + off + 12, (uint32_t)len);
	put_le64(buf + *link, addr + off);
	*link = off;
}

static void set_e820(unsigned char *buf, const struct bp_input *in,
		     uint64_t addr, size_t *link)
{
	const struct range_list *map = in->e820;
	size_t i, n = map->n < BP_E820_MAX ? map->n : BP_E820_MAX;
	size_t ext = e820_ext_count(in), sd = setup_data_offset(in);

	buf[BP_E820_ENTRIES] = n;
	for (i = 0; i < n; i++)
		put_e820_entry(buf + BP_E820_TABLE + i * BP_E820_ENTRY_SIZE,
			       &map->r[i]);
	set_alt_mem_k(buf, map);
	if (!ext)
		return;
	add_setup_data(buf, addr, link, sd, SETUP_E820_EXT,
		       ext * BP_E820_ENTRY_SIZE);
	for (i = 0; i < ext; i++)
		put_e820_entry(buf + sd + SETUP_DATA_HDR_SIZE +
			       i * BP_E820_ENTRY_SIZE, &map->r[BP_E820_MAX + i]);
}

static void set_efi(unsigned char *buf, const struct bp_input *in,
		    uint64_t addr, size_t *link)
{
	size_t off = efi_setup_offset(in);

	if (in->efi_info)
		memcpy(buf + BP_EFI_INFO, in->efi_info, BP_EFI_INFO_LEN);
	if (!in->efi_setup)
		return;
	add_setup_data(buf, addr, link, off, SETUP_EFI, in->efi_setup_len);
	memcpy(buf + off + SETUP_DATA_HDR_SIZE, in->efi_setup,
	       in->efi_setup_len);
}

int bootparams_build(const struct bp_input *in, uint64_t addr,
		     unsigned char **bufp, size_t *len)
{
	size_t size = bootparams_size(in), link = HDR_SETUP_DATA;
	unsigned char *buf = calloc(1, size);

	if (!buf) {
		pr_err("boot_params: out of memory (%zu bytes)", size);
		return -ENOMEM;
	}
	copy_setup_header(buf, in->img);
	copy_running(buf, in);
	if (in->acpi_rsdp && !get_le64(buf + BP_ACPI_RSDP_ADDR))
		put_le64(buf + BP_ACPI_RSDP_ADDR, in->acpi_rsdp);
	memcpy(buf + BP_SIZE, in->cmdline ? in->cmdline : "", cmdline_bytes(in));
	put_split(buf, HDR_CMD_LINE_PTR, BP_EXT_CMD_LINE_PTR, addr + BP_SIZE);
	put_split(buf, HDR_RAMDISK_IMAGE, BP_EXT_RAMDISK_IMAGE,
		  in->initrd_size ? in->initrd_addr : 0);
	put_split(buf, HDR_RAMDISK_SIZE, BP_EXT_RAMDISK_SIZE, in->initrd_size);
	set_e820(buf, in, addr, &link);
	set_efi(buf, in, addr, &link);
	buf[BP_SENTINEL] = 0;
	*bufp = buf;
	*len = size;
	return 0;
}
