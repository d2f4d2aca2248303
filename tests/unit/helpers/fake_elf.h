/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake_elf.h - test helper: the ELF header of a synthetic 64-bit
 * little-endian file (a vmlinux, a kcore, a relocatable object), with its
 * program headers, if any, right after it.
 */
#ifndef TEST_FAKE_ELF_H
#define TEST_FAKE_ELF_H

#include <elf.h>
#include <string.h>

/* Everything but e_entry, e_flags and the section header fields. */
static inline void fake_elf64_ehdr(Elf64_Ehdr *eh, uint16_t type,
				   uint16_t machine, uint16_t phnum)
{
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = type;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	if (phnum) {
		eh->e_phoff = sizeof(*eh);
		eh->e_phentsize = sizeof(Elf64_Phdr);
		eh->e_phnum = phnum;
	}
}

#endif
