// SPDX-License-Identifier: GPL-2.0-only
/*
 * kcore.c - the /proc/kcore head parser (see kcore.h).  It owns reading the
 * ELF header and program headers of kcore through libelf, the PT_LOAD list,
 * the direct-map offset (page_offset) and the lookup of the kernel text
 * mapping by its physical start.  Only the head of the file is ever read:
 * the rest of kcore is live kernel memory.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "kcore.h"
#include "log.h"

/* e_phnum is 16 bits: no kcore head is ever bigger than this. */
#define KCORE_PHDRS_MAX_BYTES	(sizeof(Elf64_Ehdr) + 65535ull * sizeof(Elf64_Phdr))

static int elf_fail(const char *what)
{
	pr_err("cannot parse /proc/kcore: %s: %s", what, elf_errmsg(-1));
	return -EINVAL;
}

/*
 * Open an image with libelf, in place: elf_memory() wants a writable image,
 * so it is one the caller owns (kcore_read()'s buffer, kcore_parse()'s copy).
 */
static int kcore_open(char *img, size_t len, Elf **elf)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return elf_fail("libelf initialisation");
	*elf = elf_memory(img, len);
	if (!*elf)
		return elf_fail("elf_memory");
	return 0;
}

/* Check the header and return where the program header table ends. */
static int kcore_phdr_end(Elf *elf, size_t *phnum, uint64_t *end)
{
	GElf_Ehdr eh;

	if (elf_kind(elf) != ELF_K_ELF) {
		pr_err("cannot parse /proc/kcore: not an ELF file");
		return -EINVAL;
	}
	if (!gelf_getehdr(elf, &eh))
		return elf_fail("ELF header");
	if (eh.e_type != ET_CORE) {
		pr_err("cannot parse /proc/kcore: ELF type %u is not ET_CORE",
		       eh.e_type);
		return -EINVAL;
	}
	/* elf_getphdrnum() clamps to the bytes present: use e_phnum. */
	*phnum = eh.e_phnum;
	if (eh.e_phnum == PN_XNUM && elf_getphdrnum(elf, phnum))
		return elf_fail("program header count");
	if (*phnum && eh.e_phentsize != gelf_fsize(elf, ELF_T_PHDR, 1,
						   EV_CURRENT)) {
		pr_err("cannot parse /proc/kcore: program header size %u is wrong",
		       eh.e_phentsize);
		return -EINVAL;
	}
	*end = eh.e_phoff + (uint64_t)*phnum * eh.e_phentsize;
	return 0;
}

static int collect_loads(Elf *elf, size_t phnum, struct kcore_info *ki)
{
	bool is32 = gelf_getclass(elf) == ELFCLASS32;
	GElf_Phdr ph;
	size_t i;

	/* phnum entries lie inside the bytes read: at most one load each */
	ki->loads = malloc((phnum ? phnum : 1) * sizeof(*ki->loads));
	if (!ki->loads)
		return -ENOMEM;
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph))
			return elf_fail("program header");
		if (ph.p_type != PT_LOAD)
			continue;
		ki->loads[ki->n++] = (struct kcore_load){
			.vaddr = ph.p_vaddr,
			/* a 32-bit kcore's -1 widens to 0xffffffff: normalise it */
			.paddr = is32 && ph.p_paddr == UINT32_MAX ? UINT64_MAX :
				 ph.p_paddr,
			.size = ph.p_memsz,
		};
	}
	return 0;
}

/*
 * The kernel gives p_paddr only to RAM (direct map) and kernel text
 * entries.  With the direct map below the text (x86_64) or containing it
 * (ppc64), the entry with the lowest vaddr is direct-mapped RAM.
 */
static void find_page_offset(struct kcore_info *ki)
{
	const struct kcore_load *best = NULL;
	size_t i;

	for (i = 0; i < ki->n; i++) {
		const struct kcore_load *l = &ki->loads[i];

		if (l->paddr == UINT64_MAX || l->vaddr < l->paddr)
			continue;
		if (!best || l->vaddr < best->vaddr)
			best = l;
	}
	ki->has_page_offset = best != NULL;
	ki->page_offset = best ? best->vaddr - best->paddr : 0;
}

/* Parse an image the caller owns (libelf uses it in place). */
static int parse_image(char *img, size_t len, struct kcore_info *ki)
{
	uint64_t end;
	size_t phnum;
	Elf *elf;
	int ret;

	memset(ki, 0, sizeof(*ki));
	ret = kcore_open(img, len, &elf);
	if (ret)
		return ret;
	ret = kcore_phdr_end(elf, &phnum, &end);
	if (!ret && end > len) {
		pr_err("cannot parse /proc/kcore: program headers end at %llu, beyond the %zu bytes read",
		       (unsigned long long)end, len);
		ret = -EINVAL;
	}
	if (!ret)
		ret = collect_loads(elf, phnum, ki);
	elf_end(elf);
	if (ret)
		kcore_free(ki);
	else
		find_page_offset(ki);
	return ret;
}

int kcore_parse(const void *head, size_t len, struct kcore_info *ki)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	memset(ki, 0, sizeof(*ki));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, head, len);
	ret = parse_image(copy, len, ki);
	free(copy);
	return ret;
}

/* Bytes the head must have to hold every program header (0 = unknown). */
static uint64_t kcore_head_need(char *head, size_t len)
{
	uint64_t end = 0;
	size_t phnum;
	Elf *elf;

	if (kcore_open(head, len, &elf))
		return 0;
	if (kcore_phdr_end(elf, &phnum, &end))
		end = 0;
	elf_end(elf);
	return end;
}

static int read_head(const struct sysroot *s, size_t want, char **buf,
		     size_t *got)
{
	int ret;

	*buf = malloc(want);
	if (!*buf)
		return -ENOMEM;
	ret = sysroot_read_head(s, "proc/kcore", *buf, want, got);
	if (ret == -ENOENT)
		sysroot_error(s, "proc/kcore", ret);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

/*
 * Read KCORE_HEAD_MAX bytes; on a machine with so many ranges that the
 * program headers go on beyond that, read again exactly as much as needed.
 */
int kcore_read(const struct sysroot *s, struct kcore_info *ki)
{
	uint64_t need;
	size_t got;
	char *buf;
	int ret;

	memset(ki, 0, sizeof(*ki));
	ret = read_head(s, KCORE_HEAD_MAX, &buf, &got);
	if (ret)
		return ret;
	if (got == KCORE_HEAD_MAX) {
		need = kcore_head_need(buf, got);
		if (need > got && need <= KCORE_PHDRS_MAX_BYTES) {
			free(buf);
			ret = read_head(s, need, &buf, &got);
			if (ret)
				return ret;
		}
	}
	ret = parse_image(buf, got, ki);
	free(buf);
	return ret;
}

static bool is_direct_map(const struct kcore_info *ki,
			  const struct kcore_load *l)
{
	return ki->has_page_offset && l->vaddr - l->paddr == ki->page_offset;
}

/*
 * A RAM entry may start at the same physical address as the kernel text
 * (KASLR can put the kernel at the start of a RAM range): prefer the entry
 * outside the direct map, which is the text mapping.
 */
int kcore_find_paddr(const struct kcore_info *ki, uint64_t paddr,
		     struct kcore_load *out)
{
	const struct kcore_load *found = NULL;
	size_t i;

	for (i = 0; i < ki->n; i++) {
		const struct kcore_load *l = &ki->loads[i];

		if (l->paddr != paddr)
			continue;
		if (!found || (is_direct_map(ki, found) &&
			       !is_direct_map(ki, l)))
			found = l;
	}
	if (!found)
		return -ENOENT;
	if (out)
		*out = *found;
	return 0;
}

void kcore_free(struct kcore_info *ki)
{
	free(ki->loads);
	ki->loads = NULL;
	ki->n = 0;
	ki->has_page_offset = false;
	ki->page_offset = 0;
}
