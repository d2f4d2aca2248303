/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * efi.h - the EFI state handed to a new x86_64 kernel on an EFI machine:
 * boot_params' efi_info, the SETUP_EFI setup_data payload and the EFI
 * runtime memory map rebuilt from sysfs.  Layouts follow
 * arch/x86/include/uapi/asm/bootparam.h (struct efi_info), struct
 * efi_setup_data ("kexec external ABI") and the UEFI memory descriptor.
 */
#ifndef KEXEC_X86_64_EFI_H
#define KEXEC_X86_64_EFI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootparams.h"

struct sysroot;

/* efi_info at boot_params 0x1c0 (BP_EFI_INFO_LEN bytes): eight u32 */
#define EFI_INFO_SIGNATURE	0x00	/* "EL64" or "EL32" */
#define EFI_INFO_SYSTAB		0x04
#define EFI_INFO_MEMDESC_SIZE	0x08
#define EFI_INFO_MEMDESC_VER	0x0c
#define EFI_INFO_MEMMAP		0x10
#define EFI_INFO_MEMMAP_SIZE	0x14
#define EFI_INFO_SYSTAB_HI	0x18
#define EFI_INFO_MEMMAP_HI	0x1c

/* The kernel takes a runtime map and SETUP_EFI over kexec. */
#define XLF_EFI_KEXEC		0x10

/* SETUP_EFI payload: u64 fw_vendor, __unused (runtime), tables, smbios,
 * reserved[8] */
#define EFI_SETUP_LEN		96
#define EFI_SETUP_FW_VENDOR	0
#define EFI_SETUP_RUNTIME	8
#define EFI_SETUP_TABLES	16
#define EFI_SETUP_SMBIOS	24

/* One descriptor: u32 type, u32 pad, u64 phys, u64 virt, u64 pages, u64 attr */
#define EFI_MEMDESC_SIZE	40
#define EFI_MEMDESC_VERSION	1
#define EFI_MEMMAP_MAX		4096	/* sanity bound on runtime-map entries */

struct x86_efi {
	bool present;			/* false: pass no EFI state at all */
	unsigned char info[BP_EFI_INFO_LEN];	/* efi_info for the new kernel */
	unsigned char setup[EFI_SETUP_LEN];	/* SETUP_EFI payload */
	unsigned char *memmap;		/* nr * EFI_MEMDESC_SIZE bytes */
	size_t memmap_len;
};

/*
 * Decide whether the new kernel gets EFI state and read it: needs
 * sys/firmware/efi, XLF_EFI_KEXEC in the image's xloadflags, efi_info in
 * the running boot_params (descriptor version 1) and a non-empty
 * sys/firmware/efi/runtime-map.  Anything missing leaves efi->present
 * false (with one message saying why) and returns 0: the new kernel then
 * boots as with --noefi.  Returns -errno only on read or memory errors.
 */
int x86_efi_read(const struct sysroot *root, uint16_t xloadflags,
		 const unsigned char *running, size_t running_len,
		 struct x86_efi *efi);
/*
 * The ACPI RSDP from sys/firmware/efi/systab (ACPI20=, else ACPI=), for a
 * running kernel whose boot_params has no acpi_rsdp_addr (EFI stub boots
 * leave it 0); *rsdp = 0 when there is none.
 */
int x86_efi_acpi_rsdp(const struct sysroot *root, uint64_t *rsdp);
/* Point efi_info's efi_memmap/_hi at where the map segment was placed. */
void x86_efi_set_memmap_addr(struct x86_efi *efi, uint64_t addr);
/* The map buffer moves to whoever takes it (the plan). */
unsigned char *x86_efi_take_memmap(struct x86_efi *efi);
void x86_efi_free(struct x86_efi *efi);

#endif
