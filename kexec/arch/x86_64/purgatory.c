// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the loader's side of the x86_64 purgatory (purgatory.h):
 * opens the relocatable object build.mk embeds in the binary, lays it out
 * as one segment, relocates it for the address it is placed at and writes
 * its parameter block.
 *
 * Choices:
 * - The blob is a relocatable ELF (ld -r) read with libelf from a private
 *   heap copy (elf_memory may convert in place; the blob is in .rodata).
 * - Layout: every SHF_ALLOC section with contents, in section order, each
 *   at its own alignment, then every SHT_NOBITS one.  bufsz ends at the
 *   last section with contents; memsz adds bss and is page rounded.  align
 *   is the largest section alignment, at least a page (segments are page
 *   granular).
 * - Relocation always starts from a pristine copy of the laid-out image,
 *   so relocating again at another address is exact; parameters written
 *   before are kept and written again.  Values are stored little-endian
 *   byte by byte, so plans for x86_64 can be made on any host.
 * - Only what a -mcmodel=large, -fno-PIC object needs is accepted:
 *   R_X86_64_NONE, 64, 32, 32S, PC32, PLT32 (PLT32 resolved like PC32: no
 *   PLT exists).  Anything else is refused with its number.
 * - Purgatory hashes with SHA-NI when the CPU running the loader has it
 *   (flag in the parameter block; purgatory itself never runs CPUID).
 * - The parameter block (include/purgatory-x86_64.h) is serialised from
 *   struct x86_purgatory_params field by field, so the loader's struct and
 *   the purgatory's layout are free to differ in padding and host order.
 */
#include <errno.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "purgatory.h"
#include "purgatory-internal.h"
#include "purgatory-x86_64.h"
#include "sha256.h"

#ifndef R_X86_64_PLT32
#define R_X86_64_PLT32 4
#endif

#define PG_PAGE_SIZE	4096ULL
/* Far above any purgatory (~16 KiB); keeps the layout arithmetic exact. */
#define PG_MAX_SIZE	(16ULL << 20)
#define PG_NOT_LOADED	UINT64_MAX

#ifdef HAVE_X86_64_PURGATORY_BLOB
extern const unsigned char x86_64_purgatory_start[];
extern const unsigned char x86_64_purgatory_end[];
#endif

struct pg_priv {
	unsigned char *image;		/* heap copy of the ELF object */
	Elf *elf;
	size_t shnum;
	uint64_t *sec_off;		/* per section: offset in buf or PG_NOT_LOADED */
	unsigned char *pristine;	/* laid-out, unrelocated, bufsz bytes */
	Elf_Data *syms;			/* symbol table */
	size_t nsyms;
	size_t symndx;			/* its section index */
	size_t strndx;			/* its string table */
	size_t params_off;
	unsigned char params[PURGATORY_X86_64_PARAMS_SIZE];
	int have_params;
};

typedef int (*pg_site_fn)(struct x86_purgatory *pg, uint64_t off,
			  unsigned int type, uint64_t value, void *arg);

static void put_le(unsigned char *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int pg_elf_err(const char *what)
{
	pr_err("x86_64 purgatory: %s: %s", what, elf_errmsg(-1));
	return -EINVAL;
}

static int pg_shdr(struct pg_priv *pv, size_t i, Elf64_Shdr **shdr)
{
	Elf_Scn *scn = elf_getscn(pv->elf, i);

	*shdr = scn ? elf64_getshdr(scn) : NULL;
	return *shdr ? 0 : pg_elf_err("cannot read a section header");
}

static int pg_check_ehdr(struct pg_priv *pv)
{
	Elf64_Ehdr *eh;

	if (elf_kind(pv->elf) != ELF_K_ELF) {
		pr_err("x86_64 purgatory: blob is not an ELF object");
		return -EINVAL;
	}
	eh = elf64_getehdr(pv->elf);
	if (!eh)
		return pg_elf_err("blob is not a 64-bit ELF object");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_REL ||
	    eh->e_machine != EM_X86_64) {
		pr_err("x86_64 purgatory: blob is not a little-endian x86_64 relocatable object (type %u, machine %u)",
		       eh->e_type, eh->e_machine);
		return -EINVAL;
	}
	/*
	 * elf64_getshdr() points into the image where the CPU allows
	 * unaligned access (x86) instead of copying: the table must be
	 * aligned for Elf64_Shdr.  elf_getdata() copies misaligned data.
	 */
	if (eh->e_shoff % sizeof(uint64_t)) {
		pr_err("x86_64 purgatory: section headers at offset %llu are not 8-byte aligned",
		       (unsigned long long)eh->e_shoff);
		return -EINVAL;
	}
	if (elf_getshdrnum(pv->elf, &pv->shnum) != 0)
		return pg_elf_err("cannot count sections");
	pv->sec_off = malloc(pv->shnum * sizeof(*pv->sec_off));
	if (!pv->sec_off)
		return -ENOMEM;
	return 0;
}

/* Give every allocated section of the wanted kind an offset; returns the end. */
static int pg_place(struct pg_priv *pv, int nobits, uint64_t *end, uint64_t *maxalign)
{
	Elf64_Shdr *sh;
	uint64_t a;
	size_t i;
	int err;

	for (i = 1; i < pv->shnum; i++) {
		if ((err = pg_shdr(pv, i, &sh)))
			return err;
		if (!(sh->sh_flags & SHF_ALLOC) || (sh->sh_type == SHT_NOBITS) != nobits)
			continue;
		a = sh->sh_addralign ? sh->sh_addralign : 1;
		if (a & (a - 1)) {
			pr_err("x86_64 purgatory: section %zu alignment %llu is not a power of two",
			       i, (unsigned long long)a);
			return -EINVAL;
		}
		if (a > PG_MAX_SIZE || sh->sh_size > PG_MAX_SIZE)
			goto too_big;
		*end = align_up(*end, a);
		pv->sec_off[i] = *end;
		*end += sh->sh_size;
		if (*end > PG_MAX_SIZE)
			goto too_big;
		if (a > *maxalign)
			*maxalign = a;
	}
	return 0;
too_big:
	pr_err("x86_64 purgatory: section %zu (size %llu, alignment %llu) makes the image larger than %llu bytes",
	       i, (unsigned long long)sh->sh_size, (unsigned long long)a,
	       (unsigned long long)PG_MAX_SIZE);
	return -EFBIG;
}

static int pg_copy_sections(struct pg_priv *pv, size_t bufsz)
{
	Elf64_Shdr *sh;
	Elf_Data *d;
	size_t i;
	int err;

	for (i = 1; i < pv->shnum; i++) {
		if (pv->sec_off[i] == PG_NOT_LOADED)
			continue;
		if ((err = pg_shdr(pv, i, &sh)))
			return err;
		if (sh->sh_type == SHT_NOBITS || !sh->sh_size)
			continue;
		d = elf_rawdata(elf_getscn(pv->elf, i), NULL);
		if (!d)
			return pg_elf_err("cannot read section contents");
		if (d->d_size != sh->sh_size || pv->sec_off[i] + d->d_size > bufsz) {
			pr_err("x86_64 purgatory: section %zu contents do not match its size", i);
			return -EINVAL;
		}
		memcpy(pv->pristine + pv->sec_off[i], d->d_buf, d->d_size);
	}
	return 0;
}

static int pg_layout(struct x86_purgatory *pg, struct pg_priv *pv)
{
	uint64_t end = 0, maxalign = 1;
	size_t i;
	int err;

	for (i = 0; i < pv->shnum; i++)
		pv->sec_off[i] = PG_NOT_LOADED;
	if ((err = pg_place(pv, 0, &end, &maxalign)))
		return err;
	pg->bufsz = end;
	if ((err = pg_place(pv, 1, &end, &maxalign)))
		return err;
	pg->memsz = align_up(end, PG_PAGE_SIZE);
	pg->align = maxalign > PG_PAGE_SIZE ? maxalign : PG_PAGE_SIZE;
	pv->pristine = calloc(1, pg->bufsz ? pg->bufsz : 1);
	pg->buf = malloc(pg->bufsz ? pg->bufsz : 1);
	if (!pv->pristine || !pg->buf)
		return -ENOMEM;
	if ((err = pg_copy_sections(pv, pg->bufsz)))
		return err;
	memcpy(pg->buf, pv->pristine, pg->bufsz);
	return 0;
}

static int pg_find_symtab(struct pg_priv *pv)
{
	Elf64_Shdr *sh;
	size_t i;
	int err;

	for (i = 1; i < pv->shnum; i++) {
		if ((err = pg_shdr(pv, i, &sh)))
			return err;
		if (sh->sh_type != SHT_SYMTAB)
			continue;
		pv->syms = elf_getdata(elf_getscn(pv->elf, i), NULL);
		if (!pv->syms)
			return pg_elf_err("cannot read the symbol table");
		pv->nsyms = pv->syms->d_size / sizeof(Elf64_Sym);
		pv->symndx = i;
		pv->strndx = sh->sh_link;
		return 0;
	}
	pr_err("x86_64 purgatory: blob has no symbol table");
	return -EINVAL;
}

static const char *pg_sym_name(struct pg_priv *pv, const Elf64_Sym *sym)
{
	const char *n = elf_strptr(pv->elf, pv->strndx, sym->st_name);

	return n ? n : "?";
}

/* A defined symbol in a loaded section, by name; returns its index or 0. */
static size_t pg_lookup(struct pg_priv *pv, const char *name)
{
	const Elf64_Sym *syms = pv->syms->d_buf;
	size_t i;

	for (i = 1; i < pv->nsyms; i++) {
		if (syms[i].st_shndx == SHN_UNDEF || syms[i].st_shndx >= pv->shnum)
			continue;
		if (strcmp(pg_sym_name(pv, &syms[i]), name) == 0)
			return i;
	}
	return 0;
}

/* Offset in buf of a symbol that must lie in a loaded section. */
static int pg_sym_offset(struct pg_priv *pv, const char *name, uint64_t *off,
			 uint64_t *size)
{
	const Elf64_Sym *sym;
	size_t i = pg_lookup(pv, name);

	if (!i || pv->sec_off[((const Elf64_Sym *)pv->syms->d_buf)[i].st_shndx] == PG_NOT_LOADED) {
		pr_err("x86_64 purgatory: symbol %s is missing", name);
		return -EINVAL;
	}
	sym = (const Elf64_Sym *)pv->syms->d_buf + i;
	*off = pv->sec_off[sym->st_shndx] + sym->st_value;
	*size = sym->st_size;
	return 0;
}

/* The entry and parameter symbols must exist; the block must be in buf. */
static int pg_find_symbols(struct x86_purgatory *pg, struct pg_priv *pv)
{
	uint64_t off, size;
	int err;

	if ((err = pg_sym_offset(pv, PURGATORY_X86_64_ENTRY_SYM, &off, &size)) ||
	    (err = pg_sym_offset(pv, PURGATORY_X86_64_PARAMS_SYM, &off, &size)))
		return err;
	if (size != PURGATORY_X86_64_PARAMS_SIZE || off > pg->bufsz ||
	    pg->bufsz - off < PURGATORY_X86_64_PARAMS_SIZE) {
		pr_err("x86_64 purgatory: %s has size %llu at offset %llu, need %u bytes of section contents",
		       PURGATORY_X86_64_PARAMS_SYM, (unsigned long long)size,
		       (unsigned long long)off, PURGATORY_X86_64_PARAMS_SIZE);
		return -EINVAL;
	}
	pv->params_off = off;
	return 0;
}

int x86_purgatory_open_image(struct x86_purgatory *pg, const void *image,
			     size_t size)
{
	struct pg_priv *pv;
	int err;

	memset(pg, 0, sizeof(*pg));
	pv = calloc(1, sizeof(*pv));
	if (!pv)
		return -ENOMEM;
	pg->priv = pv;
	err = -ENOMEM;
	pv->image = malloc(size ? size : 1);
	if (!pv->image)
		goto fail;
	memcpy(pv->image, image, size);
	err = -EINVAL;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		pg_elf_err("libelf is too old");
		goto fail;
	}
	pv->elf = elf_memory((char *)pv->image, size);
	if (!pv->elf) {
		pg_elf_err("cannot parse the blob");
		goto fail;
	}
	if ((err = pg_check_ehdr(pv)) || (err = pg_layout(pg, pv)) ||
	    (err = pg_find_symtab(pv)) || (err = pg_find_symbols(pg, pv)))
		goto fail;
	return 0;
fail:
	x86_purgatory_close(pg, 0);
	return err;
}

int x86_purgatory_open(struct x86_purgatory *pg)
{
#ifdef HAVE_X86_64_PURGATORY_BLOB
	return x86_purgatory_open_image(pg, x86_64_purgatory_start,
					(size_t)(x86_64_purgatory_end - x86_64_purgatory_start));
#else
	memset(pg, 0, sizeof(*pg));
	pr_err("this build carries no x86_64 purgatory");
	return -ENOTSUP;
#endif
}

/* Address a relocation's symbol resolves to when the image sits at addr. */
static int pg_sym_value(struct pg_priv *pv, size_t symi, uint64_t addr,
			uint64_t *val)
{
	const Elf64_Sym *sym;

	if (symi >= pv->nsyms) {
		pr_err("x86_64 purgatory: relocation names symbol %zu of %zu", symi, pv->nsyms);
		return -EINVAL;
	}
	sym = (const Elf64_Sym *)pv->syms->d_buf + symi;
	if (symi == 0 || sym->st_shndx == SHN_ABS) {
		*val = symi ? sym->st_value : 0;
		return 0;
	}
	if (sym->st_shndx == SHN_UNDEF) {
		pr_err("x86_64 purgatory: undefined symbol %s", pg_sym_name(pv, sym));
		return -EINVAL;
	}
	if (sym->st_shndx >= pv->shnum || pv->sec_off[sym->st_shndx] == PG_NOT_LOADED) {
		pr_err("x86_64 purgatory: symbol %s is not in a loaded section (index %u)",
		       pg_sym_name(pv, sym), sym->st_shndx);
		return -EINVAL;
	}
	*val = addr + pv->sec_off[sym->st_shndx] + sym->st_value;
	return 0;
}

static const char *pg_reloc_name(unsigned int type)
{
	switch (type) {
	case R_X86_64_NONE:	return "R_X86_64_NONE";
	case R_X86_64_64:	return "R_X86_64_64";
	case R_X86_64_32:	return "R_X86_64_32";
	case R_X86_64_32S:	return "R_X86_64_32S";
	case R_X86_64_PC32:	return "R_X86_64_PC32";
	case R_X86_64_PLT32:	return "R_X86_64_PLT32";
	default:		return NULL;
	}
}

/* Compute (and check) the value of one relocation; *width 0 = nothing to write. */
static int pg_reloc_value(unsigned int type, uint64_t s, int64_t a, uint64_t p,
			  uint64_t *v, unsigned int *width)
{
	uint64_t x = s + (uint64_t)a;

	*width = 4;
	switch (type) {
	case R_X86_64_NONE:
		*width = 0;
		return 0;
	case R_X86_64_64:
		*width = 8;
		*v = x;
		return 0;
	case R_X86_64_32:
		*v = x;
		return x > UINT32_MAX ? -ERANGE : 0;
	case R_X86_64_32S:
		*v = x;
		return (int64_t)x != (int32_t)x ? -ERANGE : 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		*v = x - p;
		return (int64_t)*v != (int32_t)*v ? -ERANGE : 0;
	default:
		return -ENOTSUP;
	}
}

static int pg_one_rela(struct x86_purgatory *pg, struct pg_priv *pv,
		       const Elf64_Rela *r, size_t tsec, const Elf64_Shdr *tsh,
		       uint64_t addr, pg_site_fn fn, void *arg)
{
	unsigned int type = ELF64_R_TYPE(r->r_info), width;
	uint64_t s, v = 0, off = pv->sec_off[tsec] + r->r_offset;
	int err;

	if (!pg_reloc_name(type)) {
		pr_err("x86_64 purgatory: unsupported relocation type %u at section %zu offset 0x%llx",
		       type, tsec, (unsigned long long)r->r_offset);
		return -ENOTSUP;
	}
	if ((err = pg_sym_value(pv, ELF64_R_SYM(r->r_info), addr, &s)))
		return err;
	err = pg_reloc_value(type, s, r->r_addend, addr + off, &v, &width);
	if (err) {
		pr_err("x86_64 purgatory: %s at section %zu offset 0x%llx does not fit when placed at 0x%llx",
		       pg_reloc_name(type), tsec, (unsigned long long)r->r_offset,
		       (unsigned long long)addr);
		return -ERANGE;
	}
	if (!width)
		return 0;
	if (r->r_offset > tsh->sh_size || tsh->sh_size - r->r_offset < width ||
	    off + width > pg->bufsz) {
		pr_err("x86_64 purgatory: %s at section %zu offset 0x%llx lies outside the section",
		       pg_reloc_name(type), tsec, (unsigned long long)r->r_offset);
		return -EINVAL;
	}
	return fn(pg, off, type, v, arg);
}

static int pg_rela_section(struct x86_purgatory *pg, struct pg_priv *pv,
			   size_t i, const Elf64_Shdr *sh, uint64_t addr,
			   pg_site_fn fn, void *arg)
{
	Elf64_Shdr *tsh;
	const Elf64_Rela *rela;
	Elf_Data *d;
	size_t tsec = sh->sh_info, n, k;
	int err;

	if (tsec == 0 || tsec >= pv->shnum || pv->sec_off[tsec] == PG_NOT_LOADED)
		return 0;	/* relocates something not loaded (debug info) */
	if ((err = pg_shdr(pv, tsec, &tsh)))
		return err;
	if (tsh->sh_type == SHT_NOBITS) {
		pr_err("x86_64 purgatory: relocations against bss section %zu", tsec);
		return -EINVAL;
	}
	d = elf_getdata(elf_getscn(pv->elf, i), NULL);
	if (!d)
		return pg_elf_err("cannot read relocations");
	rela = d->d_buf;
	n = d->d_size / sizeof(*rela);
	for (k = 0; k < n; k++)
		if ((err = pg_one_rela(pg, pv, &rela[k], tsec, tsh, addr, fn, arg)))
			return err;
	return 0;
}

static int pg_walk_relocs(struct x86_purgatory *pg, uint64_t addr,
			  pg_site_fn fn, void *arg)
{
	struct pg_priv *pv = pg->priv;
	Elf64_Shdr *sh;
	size_t i;
	int err;

	for (i = 1; i < pv->shnum; i++) {
		if ((err = pg_shdr(pv, i, &sh)))
			return err;
		if (sh->sh_type == SHT_REL && sh->sh_info < pv->shnum &&
		    pv->sec_off[sh->sh_info] != PG_NOT_LOADED) {
			pr_err("x86_64 purgatory: SHT_REL section %zu: only RELA is used on x86_64", i);
			return -ENOTSUP;
		}
		if (sh->sh_type != SHT_RELA)
			continue;
		if (sh->sh_link != pv->symndx) {
			pr_err("x86_64 purgatory: relocation section %zu has no symbol table", i);
			return -EINVAL;
		}
		if ((err = pg_rela_section(pg, pv, i, sh, addr, fn, arg)))
			return err;
	}
	return 0;
}

static int pg_write_site(struct x86_purgatory *pg, uint64_t off,
			 unsigned int type, uint64_t value, void *arg)
{
	(void)arg;
	put_le(pg->buf + off, value, type == R_X86_64_64 ? 8 : 4);
	return 0;
}

int x86_purgatory_relocate(struct x86_purgatory *pg, uint64_t addr)
{
	struct pg_priv *pv = pg->priv;
	uint64_t off, size;
	int err;

	if (addr & (pg->align - 1)) {
		pr_err("x86_64 purgatory: address 0x%llx is not aligned to 0x%llx",
		       (unsigned long long)addr, (unsigned long long)pg->align);
		return -EINVAL;
	}
	memcpy(pg->buf, pv->pristine, pg->bufsz);
	if ((err = pg_walk_relocs(pg, addr, pg_write_site, NULL)))
		return err;
	if ((err = pg_sym_offset(pv, PURGATORY_X86_64_ENTRY_SYM, &off, &size)))
		return err;
	if (pv->have_params)
		memcpy(pg->buf + pv->params_off, pv->params, sizeof(pv->params));
	pg->addr = addr;
	pg->entry = addr + off;
	return 0;
}

/*
 * Every SHA-256 path this CPU has, for purgatory to choose from: the
 * loader runs on the machine whose crash kernel it loads.  Planning on
 * another architecture: none.
 */
static uint32_t pg_flags(void)
{
	uint32_t flags = 0;

#ifdef __x86_64__
	if (sha256_have_shani())
		flags |= PURGATORY_X86_64_FLAG_SHANI;
	if (sha256_have_avx2())
		flags |= PURGATORY_X86_64_FLAG_AVX2;
	if (sha256_have_ssse3())
		flags |= PURGATORY_X86_64_FLAG_SSSE3;
#endif
	return flags;
}

static void pg_serialise(unsigned char *b, const struct x86_purgatory_params *p)
{
	unsigned int i;

	memset(b, 0, PURGATORY_X86_64_PARAMS_SIZE);
	put_le(b + PURGATORY_X86_64_OFF_KERNEL_ENTRY, p->kernel_entry, 8);
	put_le(b + PURGATORY_X86_64_OFF_BOOT_PARAMS, p->boot_params, 8);
	put_le(b + PURGATORY_X86_64_OFF_SKIP_CHECKS, p->skip_checks, 4);
	put_le(b + PURGATORY_X86_64_OFF_NR_REGIONS, p->nr_regions, 4);
	for (i = 0; i < p->nr_regions; i++) {
		put_le(b + PURGATORY_X86_64_OFF_REGIONS + 16 * i, p->regions[i].start, 8);
		put_le(b + PURGATORY_X86_64_OFF_REGIONS + 16 * i + 8, p->regions[i].len, 8);
	}
	memcpy(b + PURGATORY_X86_64_OFF_DIGEST, p->digest, PURGATORY_X86_64_DIGEST_SIZE);
	put_le(b + PURGATORY_X86_64_OFF_FLAGS, pg_flags(), 4);
}

int x86_purgatory_set_params(struct x86_purgatory *pg,
			     const struct x86_purgatory_params *params)
{
	struct pg_priv *pv = pg->priv;

	_Static_assert(sizeof(params->regions) / sizeof(params->regions[0]) ==
		       PURGATORY_X86_64_MAX_REGIONS, "region table sizes differ");
	_Static_assert(sizeof(params->digest) == PURGATORY_X86_64_DIGEST_SIZE,
		       "digest sizes differ");
	if (params->nr_regions > PURGATORY_X86_64_MAX_REGIONS) {
		pr_err("x86_64 purgatory: %u digest regions, at most %u fit",
		       params->nr_regions, PURGATORY_X86_64_MAX_REGIONS);
		return -EINVAL;
	}
	if (pv->params_off > pg->bufsz ||
	    pg->bufsz - pv->params_off < sizeof(pv->params))
		return -EINVAL;	/* checked at open; kept next to the write */
	pg_serialise(pv->params, params);
	pv->have_params = 1;
	memcpy(pg->buf + pv->params_off, pv->params, sizeof(pv->params));
	return 0;
}

void x86_purgatory_close(struct x86_purgatory *pg, int keep_buf)
{
	struct pg_priv *pv = pg->priv;

	if (pv) {
		if (pv->elf)
			elf_end(pv->elf);
		free(pv->image);
		free(pv->sec_off);
		free(pv->pristine);
		free(pv);
	}
	pg->priv = NULL;
	if (!keep_buf) {
		free(pg->buf);
		pg->buf = NULL;
	}
}

struct pg_site_ctx {
	x86_purgatory_site_fn fn;
	void *arg;
};

static int pg_report_site(struct x86_purgatory *pg, uint64_t off,
			  unsigned int type, uint64_t value, void *arg)
{
	struct pg_site_ctx *c = arg;

	(void)pg;
	(void)value;
	return c->fn((size_t)off, type, c->arg);
}

int x86_purgatory_for_each_site(struct x86_purgatory *pg,
				x86_purgatory_site_fn fn, void *arg)
{
	struct pg_site_ctx c = { fn, arg };

	return pg_walk_relocs(pg, pg->addr, pg_report_site, &c);
}

size_t x86_purgatory_params_offset(const struct x86_purgatory *pg)
{
	return ((const struct pg_priv *)pg->priv)->params_off;
}

int x86_purgatory_symbol_offset(const struct x86_purgatory *pg,
				const char *name, uint64_t *off)
{
	struct pg_priv *pv = pg->priv;
	const Elf64_Sym *sym;
	size_t i = pg_lookup(pv, name);

	if (!i)
		return -ENOENT;
	sym = (const Elf64_Sym *)pv->syms->d_buf + i;
	if (pv->sec_off[sym->st_shndx] == PG_NOT_LOADED)
		return -ENOENT;
	*off = pv->sec_off[sym->st_shndx] + sym->st_value;
	return 0;
}
