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
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "log.h"

#define EHDR_SIZE	sizeof(Elf64_Ehdr)	/* 64 */
#define PHDR_SIZE	sizeof(Elf64_Phdr)	/* 56 */
#define SHDR_SIZE	sizeof(Elf64_Shdr)	/* 64 */

/* ---- byte order -------------------------------------------------------- */

struct endian_ops {
	void (*put16)(uint8_t *p, uint16_t v);
	void (*put32)(uint8_t *p, uint32_t v);
	void (*put64)(uint8_t *p, uint64_t v);
};

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_be(uint8_t *p, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		p[n - 1 - i] = (uint8_t)(v >> (8 * i));
}

static void put16_le(uint8_t *p, uint16_t v) { put_le(p, v, 2); }
static void put32_le(uint8_t *p, uint32_t v) { put_le(p, v, 4); }
static void put64_le(uint8_t *p, uint64_t v) { put_le(p, v, 8); }
static void put16_be(uint8_t *p, uint16_t v) { put_be(p, v, 2); }
static void put32_be(uint8_t *p, uint32_t v) { put_be(p, v, 4); }
static void put64_be(uint8_t *p, uint64_t v) { put_be(p, v, 8); }

static const struct endian_ops endian_le = { put16_le, put32_le, put64_le };
static const struct endian_ops endian_be = { put16_be, put32_be, put64_be };

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

/* ---- writers ----------------------------------------------------------- */

struct phdr_vals {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, size;
};

static void write_phdr(const struct endian_ops *e, uint8_t *p,
		       const struct phdr_vals *v)
{
	e->put32(p + offsetof(Elf64_Phdr, p_type), v->type);
	e->put32(p + offsetof(Elf64_Phdr, p_flags), v->flags);
	e->put64(p + offsetof(Elf64_Phdr, p_offset), v->offset);
	e->put64(p + offsetof(Elf64_Phdr, p_vaddr), v->vaddr);
	e->put64(p + offsetof(Elf64_Phdr, p_paddr), v->paddr);
	e->put64(p + offsetof(Elf64_Phdr, p_filesz), v->size);
	e->put64(p + offsetof(Elf64_Phdr, p_memsz), v->size);
	e->put64(p + offsetof(Elf64_Phdr, p_align), 0);
}

static void write_ehdr(const struct elfcore_desc *d, const struct endian_ops *e,
		       uint8_t *p, uint64_t phnum)
{
	bool xnum = phnum >= PN_XNUM;

	memcpy(p, ELFMAG, SELFMAG);
	p[EI_CLASS] = ELFCLASS64;
	p[EI_DATA] = d->big_endian ? ELFDATA2MSB : ELFDATA2LSB;
	p[EI_VERSION] = EV_CURRENT;
	p[EI_OSABI] = ELFOSABI_NONE;
	e->put16(p + offsetof(Elf64_Ehdr, e_type), ET_CORE);
	e->put16(p + offsetof(Elf64_Ehdr, e_machine), d->e_machine);
	e->put32(p + offsetof(Elf64_Ehdr, e_version), EV_CURRENT);
	e->put64(p + offsetof(Elf64_Ehdr, e_entry), 0);
	e->put64(p + offsetof(Elf64_Ehdr, e_phoff), EHDR_SIZE);
	e->put64(p + offsetof(Elf64_Ehdr, e_shoff),
		 xnum ? EHDR_SIZE + phnum * PHDR_SIZE : 0);
	e->put32(p + offsetof(Elf64_Ehdr, e_flags), 0);
	e->put16(p + offsetof(Elf64_Ehdr, e_ehsize), EHDR_SIZE);
	e->put16(p + offsetof(Elf64_Ehdr, e_phentsize), PHDR_SIZE);
	e->put16(p + offsetof(Elf64_Ehdr, e_phnum), xnum ? PN_XNUM : phnum);
	e->put16(p + offsetof(Elf64_Ehdr, e_shentsize), xnum ? SHDR_SIZE : 0);
	e->put16(p + offsetof(Elf64_Ehdr, e_shnum), xnum ? 1 : 0);
	e->put16(p + offsetof(Elf64_Ehdr, e_shstrndx), SHN_UNDEF);
}

/* Section header 0 of extended numbering: SHT_NULL, all zero but sh_info. */
static void write_xnum_shdr(const struct endian_ops *e, uint8_t *p,
			    uint64_t phnum)
{
	e->put32(p + offsetof(Elf64_Shdr, sh_info), (uint32_t)phnum);
}

static uint8_t *write_notes(const struct elfcore_desc *d,
			    const struct endian_ops *e, uint8_t *p)
{
	struct phdr_vals v = { .type = PT_NOTE };

	for (size_t i = 0; i < d->nr_notes; i++, p += PHDR_SIZE) {
		v.offset = v.paddr = d->notes[i].addr;
		v.size = d->notes[i].size;
		write_phdr(e, p, &v);
	}
	if (d->has_vmcoreinfo) {
		v.offset = v.paddr = d->vmcoreinfo_addr;
		v.size = d->vmcoreinfo_size;
		write_phdr(e, p, &v);
		p += PHDR_SIZE;
	}
	return p;
}

static uint8_t *write_loads(const struct elfcore_desc *d,
			    const struct endian_ops *e, uint8_t *p)
{
	struct phdr_vals v = { .type = PT_LOAD, .flags = PF_R | PF_W | PF_X };

	if (d->has_text) {
		v.offset = v.paddr = d->text_paddr;
		v.vaddr = d->text_vaddr;
		v.size = d->text_size;
		write_phdr(e, p, &v);
		p += PHDR_SIZE;
	}
	if (d->has_backup) {
		v.paddr = d->backup_src;
		v.offset = d->backup_dst;
		v.vaddr = d->page_offset + d->backup_src;
		v.size = d->backup_size;
		write_phdr(e, p, &v);
		p += PHDR_SIZE;
	}
	for (size_t i = 0; d->ram && i < d->ram->n; i++, p += PHDR_SIZE) {
		const struct range *r = &d->ram->r[i];

		v.offset = v.paddr = r->start;
		v.vaddr = d->page_offset + r->start;
		v.size = range_size(r);
		write_phdr(e, p, &v);
	}
	return p;
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
	const struct endian_ops *e = d->big_endian ? &endian_be : &endian_le;
	uint64_t phnum = elfcore_phnum(d);
	size_t size = elfcore_size(d);
	uint8_t *b, *p;
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
	b = calloc(1, size);
	if (!b) {
		pr_err("elfcorehdr: cannot allocate %zu bytes", size);
		return -ENOMEM;
	}
	write_ehdr(d, e, b, phnum);
	p = write_notes(d, e, b + EHDR_SIZE);
	p = write_loads(d, e, p);
	if (phnum >= PN_XNUM) {
		write_xnum_shdr(e, p, phnum);
		pr_debug("elfcorehdr: %llu program headers, e_phnum = PN_XNUM",
			 (unsigned long long)phnum);
	}
	*buf = b;
	*len = size;
	return 0;
}
