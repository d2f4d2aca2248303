/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ppc64_fake.h - test fixtures for the ppc64 backend: a small pseries-like
 * machine as a temporary sysroot (device tree with memory@0, drconf LMBs,
 * RTAS, two of four possible cores; sysfs crash notes, vmcoreinfo and
 * crash_elfcorehdr_size) and a minimal ELF64 LE vmlinux with one PT_LOAD
 * carrying the "run0" marker at 0x5c.  Header-only, included by the
 * test_ppc64_*.c programs.
 */
#ifndef TEST_PPC64_FAKE_H
#define TEST_PPC64_FAKE_H

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/fake_elf.h"
#include "helpers/tmpsysroot.h"

#define FAKE_CRASH_BASE		0x20000000ULL
#define FAKE_CRASH_SIZE		0x20000000ULL
#define FAKE_RTAS_BASE		0x2fff0000ULL
#define FAKE_RTAS_SIZE		0x2000ULL
#define FAKE_LMB_SIZE		0x10000000ULL
#define FAKE_HP_SIZE		459096
#define FAKE_KERNEL_FILESZ	0x30000
#define FAKE_KERNEL_MEMSZ	0x58000
#define FAKE_DT			"proc/device-tree/"

static inline void fake_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static inline void fake_be64(unsigned char *p, uint64_t v)
{
	fake_be32(p, v >> 32);
	fake_be32(p + 4, (uint32_t)v);
}

static inline void fake_prop32(const char *root, const char *rel, uint32_t v)
{
	unsigned char b[4];
	char path[256];

	fake_be32(b, v);
	snprintf(path, sizeof(path), FAKE_DT "%s", rel);
	tmpsysroot_write_bytes(root, path, b, sizeof(b));
}

static inline void fake_prop64(const char *root, const char *rel, uint64_t a,
			       int pair, uint64_t b)
{
	unsigned char buf[16];
	char path[256];

	fake_be64(buf, a);
	fake_be64(buf + 8, b);
	snprintf(path, sizeof(path), FAKE_DT "%s", rel);
	tmpsysroot_write_bytes(root, path, buf, pair ? 16 : 8);
}

static inline void fake_prop_str(const char *root, const char *rel, const char *s)
{
	char path[256];

	snprintf(path, sizeof(path), FAKE_DT "%s", rel);
	tmpsysroot_write_bytes(root, path, s, strlen(s) + 1);
}

/* LMBs 0x80000000 + i * 256 MiB: 0,1 assigned, 2 reserved, 3..5 free. */
static inline void fake_drconf(const char *root)
{
	static const uint32_t flags[6] = { 0x8, 0x8, 0x88, 0, 0, 0 };
	unsigned char buf[4 + 6 * 24] = { 0 };

	fake_be32(buf, 6);
	for (int i = 0; i < 6; i++) {
		unsigned char *e = buf + 4 + 24 * i;

		fake_be64(e, 0x80000000ULL + i * FAKE_LMB_SIZE);
		fake_be32(e + 8, 0x80000000U + i);
		fake_be32(e + 20, flags[i]);
	}
	fake_prop64(root, "ibm,dynamic-reconfiguration-memory/ibm,lmb-size",
		    FAKE_LMB_SIZE, 0, 0);
	tmpsysroot_write_bytes(root, FAKE_DT "ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory",
			       buf, sizeof(buf));
}

static inline void fake_cpu(const char *root, unsigned int reg)
{
	char rel[128];
	unsigned char srv[8];

	snprintf(rel, sizeof(rel), "cpus/PowerPC,POWER9@%x/device_type", reg);
	fake_prop_str(root, rel, "cpu");
	snprintf(rel, sizeof(rel), "cpus/PowerPC,POWER9@%x/reg", reg);
	fake_prop32(root, rel, reg);
	snprintf(rel, sizeof(rel), "cpus/PowerPC,POWER9@%x/name", reg);
	fake_prop_str(root, rel, "PowerPC,POWER9");
	fake_be32(srv, reg);
	fake_be32(srv + 4, reg + 1);	/* two threads per core */
	snprintf(rel, sizeof(rel), FAKE_DT "cpus/PowerPC,POWER9@%x/ibm,ppc-interrupt-server#s", reg);
	tmpsysroot_write_bytes(root, rel, srv, sizeof(srv));
}

/* The machine: 2 GiB at 0, crash region 512 MiB at 512 MiB, 4 possible cores. */
static inline char *fake_ppc64_sysroot(int with_crash)
{
	char *root = tmpsysroot_new();
	const char *cpu = "sys/devices/system/cpu/";
	char rel[128], text[64];

	fake_prop32(root, "#address-cells", 2);
	fake_prop32(root, "#size-cells", 2);
	fake_prop_str(root, "name", "");
	fake_prop_str(root, "compatible", "qemu,pseries");
	fake_prop_str(root, "chosen/bootargs", "console=hvc0 root=/dev/vda1 crashkernel=512M");
	fake_prop_str(root, "chosen/name", "chosen");
	fake_prop64(root, "chosen/linux,initrd-start", 0x4000000, 0, 0);
	if (with_crash) {
		fake_prop64(root, "chosen/linux,crashkernel-base", FAKE_CRASH_BASE, 0, 0);
		fake_prop64(root, "chosen/linux,crashkernel-size", FAKE_CRASH_SIZE, 0, 0);
	}
	fake_prop64(root, "memory@0/reg", 0, 1, 0x80000000ULL);
	fake_prop_str(root, "memory@0/device_type", "memory");
	fake_prop32(root, "rtas/linux,rtas-base", (uint32_t)FAKE_RTAS_BASE);
	fake_prop32(root, "rtas/rtas-size", (uint32_t)FAKE_RTAS_SIZE);
	fake_prop32(root, "cpus/#address-cells", 1);
	fake_prop32(root, "cpus/#size-cells", 0);
	fake_cpu(root, 0);
	fake_cpu(root, 8);
	fake_drconf(root);
	snprintf(rel, sizeof(rel), "%spossible", cpu);
	tmpsysroot_write(root, rel, "0-7\n");	/* 4 cores of 2 threads */
	snprintf(rel, sizeof(rel), "%spresent", cpu);
	tmpsysroot_write(root, rel, "0-3\n");
	for (int c = 0; c < 4; c++) {
		snprintf(rel, sizeof(rel), "%scpu%d/crash_notes", cpu, c);
		snprintf(text, sizeof(text), "%x\n", 0x1000000 + c * 0x1000);
		tmpsysroot_write(root, rel, text);
		snprintf(rel, sizeof(rel), "%scpu%d/crash_notes_size", cpu, c);
		tmpsysroot_write(root, rel, "368\n");
	}
	tmpsysroot_write(root, "sys/kernel/vmcoreinfo", "0x0000000001c62000 1024\n");
	snprintf(text, sizeof(text), "%d\n", FAKE_HP_SIZE);
	tmpsysroot_write(root, "sys/kernel/crash_elfcorehdr_size", text);
	return root;
}

/* A vmlinux: ELF header, one PT_LOAD at file offset 0x10000. */
static inline unsigned char *fake_vmlinux(size_t *size)
{
	size_t len = 0x10000 + FAKE_KERNEL_FILESZ;
	unsigned char *f = calloc(1, len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
	Elf64_Phdr *ph = (Elf64_Phdr *)(f + sizeof(*eh));

	fake_elf64_ehdr(eh, ET_DYN, EM_PPC64, 1);
	eh->e_entry = 0xc000000000000000ULL;
	ph->p_type = PT_LOAD;
	ph->p_offset = 0x10000;
	ph->p_vaddr = 0xc000000000000000ULL;
	ph->p_filesz = FAKE_KERNEL_FILESZ;
	ph->p_memsz = FAKE_KERNEL_MEMSZ;
	ph->p_align = 0x10000;
	for (size_t i = 0; i < FAKE_KERNEL_FILESZ; i++)
		f[0x10000 + i] = (unsigned char)(i * 7 + 1);
	memcpy(f + 0x10000 + 0x5c, "0nur", 4);	/* 0x72756e30 little-endian */
	*size = len;
	return f;
}

#endif
