// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmlinux.c - the ppc64 kernel image: an ELF64 vmlinux (EM_PPC64), already
 * decompressed by file.c when it was gzip or xz.  Read with libelf from a
 * private copy; what the plan needs is the contents of its one PT_LOAD
 * (not the file: a segment starting with the ELF header would be taken
 * for the elfcorehdr by the kernel), the load size and the entry offset.
 *
 * Rules, each with its own message: ELF, 64-bit, EM_PPC64, an executable
 * or relocatable-executable type, exactly one PT_LOAD with contents inside
 * the file, entry inside it, at least 0x100 bytes (purgatory copies the
 * kernel's first 0x100 bytes for the secondary CPUs).
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vmlinux.h"

#define MIN_LOAD_SIZE	0x100

/* Reasons go into a buffer, so that the caller decides what to print. */
struct why {
	char *buf;
	size_t len;
};

static int reject(struct why *w, const char *why)
{
	snprintf(w->buf, w->len, "%s", why);
	return -ENOEXEC;
}

static int elf_fail(struct why *w, const char *what)
{
	snprintf(w->buf, w->len, "%s: %s", what, elf_errmsg(-1));
	return -ENOEXEC;
}

static int check_ehdr(struct why *w, Elf *e, GElf_Ehdr *eh)
{
	if (elf_kind(e) != ELF_K_ELF)
		return reject(w, "no ELF header (ppc64 loads an ELF vmlinux, not a zImage or bzImage)");
	if (!gelf_getehdr(e, eh))
		return elf_fail(w, "cannot read the ELF header");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return reject(w, "a 32-bit ELF file");
	if (eh->e_machine != EM_PPC64)
		return reject(w, "e_machine is not EM_PPC64 (21)");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return reject(w, "neither an executable nor a relocatable executable");
	return 0;
}

/* The one PT_LOAD. */
static int find_load(struct why *w, Elf *e, size_t size, GElf_Phdr *ph)
{
	size_t n, i, found = 0;
	GElf_Phdr cur;

	if (elf_getphdrnum(e, &n) != 0)
		return elf_fail(w, "cannot count the program headers");
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &cur))
			return elf_fail(w, "cannot read a program header");
		if (cur.p_type != PT_LOAD)
			continue;
		if (found++)
			return reject(w, "more than one PT_LOAD (this loader takes Linux's single-segment vmlinux)");
		*ph = cur;
	}
	if (!found)
		return reject(w, "no PT_LOAD program header");
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset ||
	    ph->p_filesz > ph->p_memsz)
		return reject(w, "the PT_LOAD contents run past the end of the file");
	if (ph->p_filesz < MIN_LOAD_SIZE)
		return reject(w, "the PT_LOAD is shorter than 0x100 bytes");
	return 0;
}

static uint32_t get32(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

static int fill_kernel(struct why *w, const unsigned char *data,
		       const GElf_Ehdr *eh, const GElf_Phdr *ph,
		       struct ppc64_kernel *k)
{
	if (eh->e_entry < ph->p_vaddr || eh->e_entry - ph->p_vaddr >= ph->p_filesz)
		return reject(w, "the entry point lies outside the PT_LOAD contents");
	k->load = data + ph->p_offset;
	k->filesz = ph->p_filesz;
	k->memsz = ph->p_memsz;
	k->entry_off = eh->e_entry - ph->p_vaddr;
	k->big_endian = eh->e_ident[EI_DATA] == ELFDATA2MSB;
	k->run_at_load = k->filesz >= PPC64_RUN_AT_LOAD_OFF + 4 &&
		get32(k->load + PPC64_RUN_AT_LOAD_OFF, k->big_endian) ==
		PPC64_RUN_AT_LOAD_MAGIC;
	return 0;
}

int ppc64_kernel_check(const unsigned char *data, size_t size,
		       struct ppc64_kernel *k, char *whybuf, size_t whylen)
{
	struct why w = { whybuf, whylen };
	unsigned char *copy;
	GElf_Ehdr eh;
	GElf_Phdr ph = { 0 };
	Elf *e;
	int ret;

	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG))
		return reject(&w, "no ELF header (ppc64 loads an ELF vmlinux, not a zImage or bzImage)");
	if (elf_version(EV_CURRENT) == EV_NONE)
		return elf_fail(&w, "libelf is unusable");
	copy = malloc(size);	/* elf_memory may convert in place */
	if (!copy) {
		snprintf(whybuf, whylen, "out of memory (%zu bytes)", size);
		return -ENOMEM;
	}
	memcpy(copy, data, size);
	e = elf_memory((char *)copy, size);
	if (!e) {
		free(copy);
		return elf_fail(&w, "cannot parse the ELF file");
	}
	ret = check_ehdr(&w, e, &eh);
	if (!ret)
		ret = find_load(&w, e, size, &ph);
	if (!ret)
		ret = fill_kernel(&w, data, &eh, &ph, k);
	elf_end(e);
	free(copy);
	return ret;
}

int ppc64_kernel_probe(const char *path, const unsigned char *data,
		       size_t size, struct ppc64_kernel *k)
{
	char why[160];
	int ret = ppc64_kernel_check(data, size, k, why, sizeof(why));

	if (ret)
		pr_err("%s: not a ppc64 vmlinux: %s", path, why);
	return ret;
}
