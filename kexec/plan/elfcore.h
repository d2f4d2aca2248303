/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * elfcore.h - the ELF64 core header (elfcorehdr) that tells the capture
 * kernel what to expose as /proc/vmcore.  Arch-neutral: the backend says
 * which machine, endianness, notes and ranges.  Layout: one PT_NOTE per CPU
 * note buffer, the vmcoreinfo PT_NOTE, an optional kernel text PT_LOAD, an
 * optional backup PT_LOAD (p_paddr 0, ppc64), then one PT_LOAD per range.
 * More than 65534 program headers are written with PN_XNUM.
 */
#ifndef KEXEC_ELFCORE_H
#define KEXEC_ELFCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ranges.h"
#include "sysroot.h"

struct elfcore_desc {
	uint16_t e_machine;		/* EM_X86_64, EM_PPC64 */
	bool big_endian;
	const struct crash_note *notes;	/* per-CPU note buffers */
	size_t nr_notes;
	bool has_vmcoreinfo;
	uint64_t vmcoreinfo_addr, vmcoreinfo_size;
	bool has_text;			/* kernel text PT_LOAD (x86_64) */
	uint64_t text_vaddr, text_paddr, text_size;
	bool has_backup;		/* ppc64: [backup_src, +size) saved at backup_dst */
	uint64_t backup_src, backup_size, backup_dst;
	const struct range_list *ram;	/* ranges to dump, sorted */
	uint64_t page_offset;		/* PT_LOAD p_vaddr = page_offset + paddr */
};

/* Build the header; *buf is malloc'd and *len is the exact byte count. */
int elfcore_build(const struct elfcore_desc *d, void **buf, size_t *len);
/* Bytes elfcore_build() would produce, without building. */
size_t elfcore_size(const struct elfcore_desc *d);

#endif
