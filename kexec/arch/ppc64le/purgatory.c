// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the loader's side of the ppc64 purgatory (purgatory.h):
 * opens the image purgatory/ppc64le/build.mk links and embeds, lays it out,
 * relocates it, fills its head and its parameter block, and adds it to the
 * plan (ppc64_add_purgatory).
 *
 * Choices:
 * - The image is linked, not relocatable: a PIE at address 0 (one or more
 *   PT_LOADs; purgatory.lds).  Code finds its TOC and stack from its own
 *   address, all data is TOC-relative, so the only relocation that can
 *   remain is R_PPC64_RELATIVE (base + addend), the only one applied here;
 *   R_PPC64_NONE is skipped and anything else refused with its number.
 *   The image built today has none at all.
 * - The layout is the PT_LOADs at their p_vaddr; bufsz ends at the last
 *   file byte, memsz adds bss, rounded to 64 KiB.
 * - Values are written in the image's byte order, field by field, so
 *   plans for ppc64 can be made on any host.
 */
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ppc64_load.h"
#include "purgatory.h"
#include "purgatory-ppc64.h"

#ifndef R_PPC64_RELATIVE
#define R_PPC64_RELATIVE 22
#endif

#ifdef HAVE_PPC64LE_PURGATORY_BLOB
extern const unsigned char ppc64le_purgatory_start[];
extern const unsigned char ppc64le_purgatory_end[];
#endif

static int pg_elf_err(const char *what)
{
	pr_err("ppc64 purgatory: %s: %s", what, elf_errmsg(-1));
	return -EINVAL;
}

static int pg_bad(const char *what)
{
	pr_err("ppc64 purgatory: %s", what);
	return -EINVAL;
}

static void put(unsigned char *p, uint64_t v, unsigned int n, bool be)
{
	for (unsigned int i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

static int pg_check_ehdr(Elf *e, GElf_Ehdr *eh, struct ppc64_purgatory *pg)
{
	if (elf_kind(e) != ELF_K_ELF)
		return pg_bad("not an ELF image");
	if (!gelf_getehdr(e, eh))
		return pg_elf_err("cannot read the ELF header");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_machine != EM_PPC64 ||
	    eh->e_type != ET_DYN)
		return pg_bad("not a 64-bit ppc64 position-independent image");
	pg->big_endian = eh->e_ident[EI_DATA] == ELFDATA2MSB;
	pg->entry_off = eh->e_entry;
	return 0;
}

/* Extent of the PT_LOADs: file bytes end and memory end. */
static int pg_extent(Elf *e, size_t size, uint64_t *fend, uint64_t *mend)
{
	size_t n, i;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n) != 0)
		return pg_elf_err("cannot count program headers");
	*fend = *mend = 0;
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &ph))
			return pg_elf_err("cannot read a program header");
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset ||
		    ph.p_filesz > ph.p_memsz || ph.p_vaddr > (1u << 24) ||
		    ph.p_memsz > (1u << 24))
			return pg_bad("a PT_LOAD lies outside the image or is implausibly large");
		if (ph.p_filesz && ph.p_vaddr + ph.p_filesz > *fend)
			*fend = ph.p_vaddr + ph.p_filesz;
		if (ph.p_vaddr + ph.p_memsz > *mend)
			*mend = ph.p_vaddr + ph.p_memsz;
	}
	return *fend ? 0 : pg_bad("no PT_LOAD with contents");
}

static int pg_copy_loads(Elf *e, const unsigned char *image,
			 struct ppc64_purgatory *pg)
{
	size_t n, i;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n) != 0)
		return pg_elf_err("cannot count program headers");
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &ph))
			return pg_elf_err("cannot read a program header");
		if (ph.p_type == PT_LOAD && ph.p_filesz)
			memcpy(pg->buf + ph.p_vaddr, image + ph.p_offset, ph.p_filesz);
	}
	return 0;
}

static int pg_add_rela(struct ppc64_purgatory *pg, const GElf_Rela *r)
{
	uint64_t *no, *na;

	if (GELF_R_TYPE(r->r_info) == R_PPC64_NONE)
		return 0;
	if (GELF_R_TYPE(r->r_info) != R_PPC64_RELATIVE) {
		pr_err("ppc64 purgatory: relocation type %u is not supported (only R_PPC64_RELATIVE: purgatory is built position-independent)",
		       (unsigned int)GELF_R_TYPE(r->r_info));
		return -ENOTSUP;
	}
	if (r->r_offset > pg->bufsz || pg->bufsz - r->r_offset < 8)
		return pg_bad("a relocation lies outside the image contents");
	no = realloc(pg->relative, (pg->nr_relative + 1) * sizeof(*no));
	if (no)
		pg->relative = no;
	na = no ? realloc(pg->addends, (pg->nr_relative + 1) * sizeof(*na)) : NULL;
	if (!na)
		return -ENOMEM;
	pg->addends = na;
	pg->relative[pg->nr_relative] = r->r_offset;
	pg->addends[pg->nr_relative++] = (uint64_t)r->r_addend;
	return 0;
}

static int pg_scan_section(Elf_Scn *scn, const GElf_Shdr *sh,
			   struct ppc64_purgatory *pg)
{
	Elf_Data *d;
	GElf_Rela r;
	int ret = 0;

	if (!(sh->sh_flags & SHF_ALLOC) || !sh->sh_size)
		return 0;
	if (sh->sh_type == SHT_REL)
		return pg_bad("REL relocations are not supported");
	if (sh->sh_type != SHT_RELA)
		return 0;
	d = elf_getdata(scn, NULL);
	if (!d)
		return pg_elf_err("cannot read the relocations");
	for (size_t i = 0; !ret && i < sh->sh_size / sh->sh_entsize; i++)
		ret = gelf_getrela(d, (int)i, &r) ? pg_add_rela(pg, &r)
						 : pg_elf_err("bad relocation");
	return ret;
}

static int pg_find_params(Elf *e, struct ppc64_purgatory *pg)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Sym sym;

	while ((scn = elf_nextscn(e, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			const char *name;

			if (!gelf_getsym(d, (int)i, &sym))
				break;
			name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (name && !strcmp(name, PURGATORY_PPC64_PARAMS_SYM)) {
				if (sym.st_value + PURGATORY_PPC64_PARAMS_SIZE > pg->bufsz)
					return pg_bad("purgatory_params lies outside the image contents");
				pg->params_off = sym.st_value;
				return 0;
			}
		}
	}
	return pg_bad("no purgatory_params symbol");
}

static int pg_scan(Elf *e, struct ppc64_purgatory *pg)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int ret = 0;

	while (!ret && (scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return pg_elf_err("cannot read a section header");
		if ((sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) && !sh.sh_entsize)
			return pg_bad("a relocation section has no entry size");
		ret = pg_scan_section(scn, &sh, pg);
	}
	return ret ? ret : pg_find_params(e, pg);
}

static int pg_open_elf(struct ppc64_purgatory *pg, unsigned char *copy,
		       size_t size)
{
	uint64_t fend, mend;
	GElf_Ehdr eh;
	Elf *e = elf_memory((char *)copy, size);
	int ret;

	if (!e)
		return pg_elf_err("cannot parse the image");
	ret = pg_check_ehdr(e, &eh, pg);
	if (!ret)
		ret = pg_extent(e, size, &fend, &mend);
	if (!ret) {
		pg->bufsz = fend;
		pg->memsz = (mend + PPC64_PAGE - 1) & ~(PPC64_PAGE - 1);
		pg->buf = calloc(1, fend);
		ret = pg->buf ? pg_copy_loads(e, copy, pg) : -ENOMEM;
	}
	if (!ret && pg->entry_off + PURGATORY_PPC64_HEAD_SIZE > pg->bufsz)
		ret = pg_bad("the entry point is not followed by its 0x100-byte head");
	if (!ret)
		ret = pg_scan(e, pg);
	elf_end(e);
	return ret;
}

int ppc64_purgatory_open_image(struct ppc64_purgatory *pg, const void *image,
			       size_t size)
{
	unsigned char *copy;
	int ret;

	memset(pg, 0, sizeof(*pg));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return pg_elf_err("libelf is unusable");
	copy = malloc(size ? size : 1);	/* elf_memory may convert in place */
	if (!copy)
		return -ENOMEM;
	memcpy(copy, image, size);
	ret = pg_open_elf(pg, copy, size);
	free(copy);
	if (ret == -ENOMEM)
		pr_err("ppc64 purgatory: out of memory");
	if (ret)
		ppc64_purgatory_close(pg, false);
	return ret;
}

int ppc64_purgatory_open(struct ppc64_purgatory *pg)
{
#ifdef HAVE_PPC64LE_PURGATORY_BLOB
	return ppc64_purgatory_open_image(pg, ppc64le_purgatory_start,
		(size_t)(ppc64le_purgatory_end - ppc64le_purgatory_start));
#else
	memset(pg, 0, sizeof(*pg));
	pr_err("ppc64 purgatory: this build carries none (configure found no ppc64le compiler: install gcc-powerpc64le-linux-gnu or set PPC64LE_PURGATORY_CC, then rebuild)");
	return -ENOTSUP;
#endif
}

int ppc64_purgatory_relocate(struct ppc64_purgatory *pg, uint64_t addr)
{
	for (size_t i = 0; i < pg->nr_relative; i++)
		put(pg->buf + pg->relative[i], addr + pg->addends[i], 8,
		    pg->big_endian);
	return 0;
}

int ppc64_purgatory_set_head(struct ppc64_purgatory *pg,
			     const unsigned char *kernel, size_t len)
{
	if (len < PURGATORY_PPC64_HEAD_SIZE)
		return pg_bad("the kernel is shorter than the 0x100-byte head");
	memcpy(pg->buf + pg->entry_off + 4, kernel + 4,
	       PURGATORY_PPC64_HEAD_SIZE - 4);
	return 0;
}

int ppc64_purgatory_set_params(struct ppc64_purgatory *pg,
			       const struct ppc64_purgatory_params *p)
{
	unsigned char *b = pg->buf + pg->params_off;
	bool be = pg->big_endian;

	if (p->nr_regions > PURGATORY_PPC64_MAX_REGIONS)
		return pg_bad("more digest regions than the parameter block holds");
	memset(b, 0, PURGATORY_PPC64_PARAMS_SIZE);
	put(b + PURGATORY_PPC64_OFF_KERNEL, p->kernel, 8, be);
	put(b + PURGATORY_PPC64_OFF_FDT, p->fdt, 8, be);
	put(b + PURGATORY_PPC64_OFF_BACKUP_SRC, p->backup_src, 8, be);
	put(b + PURGATORY_PPC64_OFF_BACKUP_DST, p->backup_dst, 8, be);
	put(b + PURGATORY_PPC64_OFF_BACKUP_SIZE, p->backup_size, 8, be);
	put(b + PURGATORY_PPC64_OFF_SKIP_CHECKS, p->skip_checks, 4, be);
	put(b + PURGATORY_PPC64_OFF_NR_REGIONS, p->nr_regions, 4, be);
	for (uint32_t i = 0; i < p->nr_regions; i++) {
		put(b + PURGATORY_PPC64_OFF_REGIONS + 16 * i, p->regions[i].start, 8, be);
		put(b + PURGATORY_PPC64_OFF_REGIONS + 16 * i + 8, p->regions[i].len, 8, be);
	}
	memcpy(b + PURGATORY_PPC64_OFF_DIGEST, p->digest, PURGATORY_PPC64_DIGEST_SIZE);
	put(b + PURGATORY_PPC64_OFF_OPAL_BASE, p->opal_base, 8, be);
	put(b + PURGATORY_PPC64_OFF_OPAL_ENTRY, p->opal_entry, 8, be);
	return 0;
}

void ppc64_purgatory_close(struct ppc64_purgatory *pg, bool keep_buf)
{
	if (!keep_buf)
		free(pg->buf);
	free(pg->relative);
	free(pg->addends);
	memset(pg, 0, sizeof(*pg));
}

/* ---- the plan step ---------------------------------------------------- */

static int pg_fill(struct ppc64_load *pl, struct ppc64_purgatory *pg)
{
	struct ppc64_purgatory_params par = {
		.kernel = pl->kernel_addr, .fdt = pl->fdt_addr,
		.backup_src = 0, .backup_dst = pl->backup_addr,
		.backup_size = pl->backup_addr ? PPC64_BACKUP_SIZE : 0,
		.skip_checks = pl->opt->no_checks,
		.opal_base = pl->m.opal_base, .opal_entry = pl->m.opal_entry,
	};
	unsigned int n = 0;
	int ret;

	ret = digest_compute(pl->plan, par.regions, &n);
	if (ret)
		return ret;
	par.nr_regions = n;
	memcpy(par.digest, pl->plan->digest, sizeof(par.digest));
	return ppc64_purgatory_set_params(pg, &par);
}

/* The kernel segment as planned (run_at_load already set). */
static int set_head_from_plan(struct ppc64_load *pl, struct ppc64_purgatory *pg)
{
	const struct segment *k = plan_find(pl->plan, SEG_KERNEL);

	if (!k)
		return pg_bad("the plan has no kernel segment to copy the head from");
	return ppc64_purgatory_set_head(pg, k->buf, k->bufsz);
}

int ppc64_add_purgatory(struct ppc64_load *pl)
{
	struct ppc64_purgatory pg;
	struct place_req req = {
		.what = "purgatory", .align = PPC64_PAGE, .min = 0,
		.max = pl->rm_max,
		.top_down = false,
	};
	uint64_t addr = 0;
	bool keep = false;
	int ret;

	ret = ppc64_purgatory_open(&pg);
	if (ret)
		return ret;
	req.size = pg.memsz;
	ret = placer_take(&pl->pl, &req, &addr);
	if (!ret)
		ret = ppc64_purgatory_relocate(&pg, addr);
	if (!ret)
		ret = set_head_from_plan(pl, &pg);
	if (!ret)
		ret = pg_fill(pl, &pg);
	if (!ret) {
		keep = true;
		pl->plan->entry = addr + pg.entry_off;
		ret = plan_add_segment(pl->plan, SEG_PURGATORY, pg.buf, pg.bufsz,
				       addr, pg.memsz, false);
	}
	ppc64_purgatory_close(&pg, keep);
	return ret;
}
