/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec-abi.h - the kernel's kexec interface as numbers: syscall numbers,
 * kexec_load()/kexec_file_load() flag bits, the per-architecture field and
 * the segment descriptor.  Written from the uapi headers as summarised in
 * doc/kernel-interfaces.md section 1; nothing here depends on the build host.
 */
#ifndef KEXEC_ABI_H
#define KEXEC_ABI_H

#include <stdint.h>

/* kexec_load() flags (low 16 bits) */
#define KEXEC_ON_CRASH			0x00000001UL
#define KEXEC_PRESERVE_CONTEXT		0x00000002UL
#define KEXEC_UPDATE_ELFCOREHDR		0x00000004UL
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008UL
#define KEXEC_ARCH_MASK			0xffff0000UL

/* The architecture field is the ELF e_machine shifted into bits 16..31. */
#define KEXEC_ARCH_DEFAULT		(0UL << 16)
#define KEXEC_ARCH_X86_64		(62UL << 16)
#define KEXEC_ARCH_PPC64		(21UL << 16)

/* kexec_file_load() flags */
#define KEXEC_FILE_UNLOAD		0x00000001UL
#define KEXEC_FILE_ON_CRASH		0x00000002UL
#define KEXEC_FILE_NO_INITRAMFS		0x00000004UL
#define KEXEC_FILE_DEBUG		0x00000008UL	/* Linux 6.7+ */
#define KEXEC_FILE_NO_CMA		0x00000010UL	/* 2025 kernels */

/* At most this many segments per image (include/linux/kexec.h). */
#define KEXEC_SEGMENT_MAX		16

/* Command line limit shared by x86 and powerpc kernels. */
#define KEXEC_COMMAND_LINE_SIZE		2048

/* Syscall numbers per target, so that plans for any arch can be described. */
#define KEXEC_NR_X86_64_LOAD		246
#define KEXEC_NR_X86_64_FILE_LOAD	320
#define KEXEC_NR_X86_64_REBOOT		169
#define KEXEC_NR_PPC64_LOAD		268
#define KEXEC_NR_PPC64_FILE_LOAD	382
#define KEXEC_NR_PPC64_REBOOT		88

/* reboot(2) magic values for LINUX_REBOOT_CMD_KEXEC */
#define KEXEC_REBOOT_MAGIC1		0xfee1deadU
#define KEXEC_REBOOT_MAGIC2		672274793U
#define KEXEC_REBOOT_CMD_KEXEC		0x45584543U

/* struct kexec_segment as the LP64 kernel reads it (32 bytes). */
struct kexec_segment_abi {
	const void *buf;
	uint64_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

#endif /* KEXEC_ABI_H */
