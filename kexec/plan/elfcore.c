// SPDX-License-Identifier: GPL-2.0-only
/*
 * elfcore.c - builds the ELF64 core header (elfcorehdr) that the capture
 * kernel turns into /proc/vmcore (see elfcore.h).  Arch-neutral: machine,
 * byte order, notes and ranges all come from struct elfcore_desc.
 *
 * Program header order: one PT_NOTE per CPU note, the vmcoreinfo PT_NOTE,
 * the kernel text PT_LOAD, the backup PT_LOAD, one PT_LOAD per RAM range.
 * For every entry p_offset is the physical address where /proc/vmcore finds
 * the data in the crashed kernel's memory, except the backup PT_LOAD whose
 * p_offset is the copy (backup_dst) of [backup_src, +backup_size).  The
 * caller must leave the backup source out of d->ram; a range that overlaps
 * it is refused, since the dump would show that memory twice.
 *
 * Extended numbering: with PN_XNUM (0xffff) or more program headers,
 * e_phnum is PN_XNUM and the real count goes into sh_info of section
 * header 0, a lone SHT_NULL entry (e_shnum 1, e_shstrndx SHN_UNDEF) placed
 * right AFTER the program headers.  That keeps the program headers at
 * e_phoff 64 and contiguous, so a reader that ignores PN_XNUM still sees
 * the first 65535 real entries rather than section header bytes.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "log.h"
#include "pages.h"

#define EHDR_SIZE	sizeof(Elf64_Ehdr)	/* 64 */
#define PHDR_SIZE	sizeof(Elf64_Phdr)	/* 56 */
#define SHDR_SIZE	sizeof(Elf64_Shdr)	/* 64 */

/* ---- sizes ------------------------------------------------------------- */

static uint64_t elfcore_phnum(const struct elfcore_desc *d)
{
	return (uint64_t)d->nr_notes + d->has_vmcoreinfo + d->has_text +
	       d->has_backup + (d->ram ? d->ram->n : 0);
}

size_t elfcore_size(const struct elfcore_desc *d)
{
	uint64_t phnum = elfcore_phnum(d);

	return EHDR_SIZE + phnum * PHDR_SIZE + (phnum >= PN_XNUM ? SHDR_SIZE : 0);
}

/* ---- writers: host byte order, converted by libelf at the end ---------- */

struct phdr_vals {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, size;
};

static Elf64_Phdr *write_phdr(Elf64_Phdr *ph, const struct phdr_vals *v)
{
	*ph = (Elf64_Phdr){
		.p_type = v->type, .p_flags = v->flags, .p_offset = v->offset,
		.p_vaddr = v->vaddr, .p_paddr = v->paddr, .p_filesz = v->size,
		.p_memsz = v->size,
	};
	return ph + 1;
}

static void write_ehdr(const struct elfcore_desc *d, Elf64_Ehdr *eh,
		       uint64_t phnum)
{
	bool xnum = phnum >= PN_XNUM;

	*eh = (Elf64_Ehdr){
		.e_type = ET_CORE,
		.e_machine = d->e_machine,
		.e_version = EV_CURRENT,
		.e_phoff = EHDR_SIZE,
		.e_shoff = xnum ? EHDR_SIZE + phnum * PHDR_SIZE : 0,
		.e_ehsize = EHDR_SIZE,
		.e_phentsize = PHDR_SIZE,
		.e_phnum = xnum ? PN_XNUM : phnum,
		.e_shentsize = xnum ? SHDR_SIZE : 0,
		.e_shnum = xnum ? 1 : 0,
		.e_shstrndx = SHN_UNDEF,
	};
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = d->big_endian ? ELFDATA2MSB : ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
}

static Elf64_Phdr *write_notes(const struct elfcore_desc *d, Elf64_Phdr *ph)
{
	struct phdr_vals v = { .type = PT_NOTE };

	for (size_t i = 0; i < d->nr_notes; i++) {
		v.offset = v.paddr = d->notes[i].addr;
		v.size = d->notes[i].size;
		ph = write_phdr(ph, &v);
	}
	if (d->has_vmcoreinfo) {
		v.offset = v.paddr = d->vmcoreinfo_addr;
		v.size = d->vmcoreinfo_size;
		ph = write_phdr(ph, &v);
	}
	return ph;
}

static Elf64_Phdr *write_loads(const struct elfcore_desc *d, Elf64_Phdr *ph)
{
	struct phdr_vals v = { .type = PT_LOAD, .flags = PF_R | PF_W | PF_X };

	if (d->has_text) {
		v.offset = v.paddr = d->text_paddr;
		v.vaddr = d->text_vaddr;
		v.size = d->text_size;
		ph = write_phdr(ph, &v);
	}
	if (d->has_backup) {
		v.paddr = d->backup_src;
		v.offset = d->backup_dst;
		v.vaddr = d->page_offset + d->backup_src;
		v.size = d->backup_size;
		ph = write_phdr(ph, &v);
	}
	for (size_t i = 0; d->ram && i < d->ram->n; i++) {
		const struct range *r = &d->ram->r[i];

		v.offset = v.paddr = r->start;
		v.vaddr = d->page_offset + r->start;
		v.size = range_size(r);
		ph = write_phdr(ph, &v);
	}
	return ph;
}

/* One table from host to file byte order, in place. */
static int to_file_order(void *p, Elf_Type type, size_t size,
			 unsigned int encode)
{
	Elf_Data data = { .d_buf = p, .d_type = type, .d_size = size,
			  .d_version = EV_CURRENT };

	if (elf64_xlatetof(&data, &data, encode))
		return 0;
	pr_err("elfcorehdr: byte order conversion: %s", elf_errmsg(-1));
	return -EINVAL;
}

/* The whole header to the target's byte order (a copy on the same order). */
static int convert(const struct elfcore_desc *d, uint8_t *b, uint64_t phnum)
{
	unsigned int encode = d->big_endian ? ELFDATA2MSB : ELFDATA2LSB;
	size_t phsize = phnum * PHDR_SIZE;
	int ret;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		pr_err("elfcorehdr: libelf initialisation: %s", elf_errmsg(-1));
		return -EINVAL;
	}
	ret = to_file_order(b, ELF_T_EHDR, EHDR_SIZE, encode);
	if (!ret)
		ret = to_file_order(b + EHDR_SIZE, ELF_T_PHDR, phsize, encode);
	if (!ret && phnum >= PN_XNUM)
		ret = to_file_order(b + EHDR_SIZE + phsize, ELF_T_SHDR,
				    SHDR_SIZE, encode);
	return ret;
}

/* ---- checks and entry point ---------------------------------------------- */

static int check_backup_not_in_ram(const struct elfcore_desc *d)
{
	uint64_t end;

	if (!d->has_backup || !d->ram || !d->backup_size)
		return 0;
	end = d->backup_src + d->backup_size - 1;
	for (size_t i = 0; i < d->ram->n; i++) {
		const struct range *r = &d->ram->r[i];

		if (r->start <= end && r->end >= d->backup_src) {
			pr_err("elfcorehdr: RAM range 0x%llx-0x%llx overlaps the backup source 0x%llx-0x%llx (the caller must exclude it)",
			       (unsigned long long)r->start,
			       (unsigned long long)r->end,
			       (unsigned long long)d->backup_src,
			       (unsigned long long)end);
			return -EINVAL;
		}
	}
	return 0;
}

int elfcore_build(const struct elfcore_desc *d, void **buf, size_t *len)
{
	uint64_t phnum = elfcore_phnum(d);
	size_t size = elfcore_size(d);
	Elf64_Phdr *ph;
	uint8_t *b;
	int ret;

	if (!phnum) {
		pr_err("elfcorehdr: nothing to describe (no CPU notes, vmcoreinfo or ranges); the capture kernel rejects e_phnum 0");
		return -EINVAL;
	}
	if (phnum > UINT32_MAX) {
		pr_err("elfcorehdr: %llu program headers do not fit in ELF64 extended numbering",
		       (unsigned long long)phnum);
		return -E2BIG;
	}
	ret = check_backup_not_in_ram(d);
	if (ret)
		return ret;
	/* not calloc: every byte is written below, in one pass */
	b = malloc(size);
	if (!b) {
		pr_err("elfcorehdr: cannot allocate %zu bytes", size);
		return -ENOMEM;
	}
	pages_prefault(b, size);
	/* malloc's alignment suits the tables: offsets 64 + 56 * i */
	write_ehdr(d, (Elf64_Ehdr *)b, phnum);
	ph = write_notes(d, (Elf64_Phdr *)(b + EHDR_SIZE));
	ph = write_loads(d, ph);
	if (phnum >= PN_XNUM) {
		/* section header 0 of extended numbering: all zero but sh_info */
		*(Elf64_Shdr *)ph = (Elf64_Shdr){ .sh_info = (uint32_t)phnum };
		pr_debug("elfcorehdr: %llu program headers, e_phnum = PN_XNUM",
			 (unsigned long long)phnum);
	}
	ret = convert(d, b, phnum);
	if (ret) {
		free(b);
		return ret;
	}
	*buf = b;
	*len = size;
	return 0;
}
