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
#include "pages.h"

/* e_phnum is 16 bits: no kcore head is ever bigger than this. */
#define KCORE_PHDRS_MAX_BYTES	(sizeof(Elf64_Ehdr) + 65535ull * sizeof(Elf64_Phdr))

static int elf_fail_at(enum log_level lvl, const char *what)
{
	log_msg(lvl, "cannot parse /proc/kcore: %s: %s", what, elf_errmsg(-1));
	return -EINVAL;
}

static int elf_fail(const char *what)
{
	return elf_fail_at(LOG_ERR, what);
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

/* Where the program header table is, from the ELF header. */
struct phdr_table {
	size_t phnum;
	uint64_t off;		/* e_phoff */
	uint64_t end;		/* e_phoff + phnum * e_phentsize */
	size_t entsize;
	unsigned char data;	/* EI_DATA, for gelf_xlatetom() */
};

/* Check the header and say where the program header table is. */
static int kcore_phdr_end(Elf *elf, struct phdr_table *t, bool quiet)
{
	enum log_level lvl = quiet ? LOG_DEBUG : LOG_ERR;
	GElf_Ehdr eh;

	if (elf_kind(elf) != ELF_K_ELF) {
		log_msg(lvl, "cannot parse /proc/kcore: not an ELF file");
		return -EINVAL;
	}
	if (!gelf_getehdr(elf, &eh))
		return elf_fail_at(lvl, "ELF header");
	if (eh.e_type != ET_CORE) {
		log_msg(lvl, "cannot parse /proc/kcore: ELF type %u is not ET_CORE",
		       eh.e_type);
		return -EINVAL;
	}
	/* elf_getphdrnum() clamps to the bytes present: use e_phnum. */
	t->phnum = eh.e_phnum;
	if (eh.e_phnum == PN_XNUM && elf_getphdrnum(elf, &t->phnum))
		return elf_fail_at(lvl, "program header count");
	if (t->phnum && eh.e_phentsize != gelf_fsize(elf, ELF_T_PHDR, 1,
						     EV_CURRENT)) {
		log_msg(lvl, "cannot parse /proc/kcore: program header size %u is wrong",
		       eh.e_phentsize);
		return -EINVAL;
	}
	t->off = eh.e_phoff;
	t->entsize = eh.e_phentsize;
	t->end = eh.e_phoff + (uint64_t)t->phnum * eh.e_phentsize;
	t->data = eh.e_ident[EI_DATA];
	return 0;
}

/* vmalloc, modules, vmemmap: nothing a physical lookup can find */
static bool has_paddr(bool is32, const GElf_Phdr *ph)
{
	/* a 32-bit kcore's -1 widens to 0xffffffff */
	return ph->p_type == PT_LOAD &&
	       ph->p_paddr != (is32 ? UINT32_MAX : UINT64_MAX);
}

static void add_load(struct kcore_info *ki, bool is32, const GElf_Phdr *ph)
{
	if (!has_paddr(is32, ph))
		return;
	ki->loads[ki->n++] = (struct kcore_load){
		.vaddr = ph->p_vaddr,
		.paddr = ph->p_paddr,
		.size = ph->p_memsz,
	};
}

static int alloc_loads(size_t phnum, struct kcore_info *ki)
{
	/* at most one load per program header */
	ki->loads = malloc((phnum ? phnum : 1) * sizeof(*ki->loads));
	return ki->loads ? 0 : -ENOMEM;
}

static int collect_loads(Elf *elf, size_t phnum, struct kcore_info *ki)
{
	bool is32 = gelf_getclass(elf) == ELFCLASS32;
	GElf_Phdr ph;
	size_t i;

	if (alloc_loads(phnum, ki))
		return -ENOMEM;
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph))
			return elf_fail("program header");
		add_load(ki, is32, &ph);
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

		if (l->vaddr < l->paddr)
			continue;
		if (!best || l->vaddr < best->vaddr)
			best = l;
	}
	ki->has_page_offset = best != NULL;
	ki->page_offset = best ? best->vaddr - best->paddr : 0;
}

static int short_head(uint64_t end, uint64_t len)
{
	pr_err("cannot parse /proc/kcore: program headers end at %llu, beyond the %llu bytes read",
	       (unsigned long long)end, (unsigned long long)len);
	return -EINVAL;
}

/* Parse an image the caller owns (libelf uses it in place). */
static int parse_image(char *img, size_t len, struct kcore_info *ki)
{
	struct phdr_table t;
	Elf *elf;
	int ret;

	memset(ki, 0, sizeof(*ki));
	ret = kcore_open(img, len, &elf);
	if (ret)
		return ret;
	ret = kcore_phdr_end(elf, &t, false);
	if (!ret && t.end > len)
		ret = short_head(t.end, len);
	if (!ret)
		ret = collect_loads(elf, t.phnum, ki);
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

/* Where the head's program headers are; end 0 = cannot tell (quietly). */
static void kcore_head_table(char *head, size_t len, struct phdr_table *t)
{
	Elf *elf;

	t->end = 0;
	if (kcore_open(head, len, &elf))
		return;
	if (kcore_phdr_end(elf, t, true))
		t->end = 0;
	elf_end(elf);
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

/* Entry i of a chunk in host byte order, as a GElf_Phdr. */
static void chunk_phdr(const char *raw, size_t i, size_t entsize, bool is32,
		       GElf_Phdr *ph)
{
	Elf32_Phdr p32;

	if (is32) {
		memcpy(&p32, raw + i * entsize, sizeof(p32));
		*ph = (GElf_Phdr){ .p_type = p32.p_type,
				   .p_vaddr = p32.p_vaddr,
				   .p_paddr = p32.p_paddr,
				   .p_memsz = p32.p_memsz };
	} else {
		memcpy(ph, raw + i * entsize, sizeof(*ph));
	}
}

/* Room for n more loads, faulted in at once: they are written next. */
static int grow_loads(struct kcore_info *ki, size_t n)
{
	struct kcore_load *l = realloc(ki->loads,
				       (ki->n + n ? ki->n + n : 1) * sizeof(*l));

	if (!l)
		return -ENOMEM;
	ki->loads = l;
	pages_prefault(l + ki->n, n * sizeof(*l));
	return 0;
}

/*
 * Collect the PT_LOADs of one chunk of raw program headers: counted first,
 * so the list grows by exactly what is kept (half the entries on x86_64).
 */
static int chunk_loads(Elf *elf, const struct phdr_table *t, char *raw,
		       size_t len, struct kcore_info *ki)
{
	bool is32 = gelf_getclass(elf) == ELFCLASS32;
	Elf_Data d = {
		.d_buf = raw, .d_type = ELF_T_PHDR, .d_size = len,
		.d_version = EV_CURRENT,
	};
	size_t i, n = len / t->entsize, keep = 0;
	GElf_Phdr ph;

	/* to host byte order, in place */
	if (!gelf_xlatetom(elf, &d, &d, t->data))
		return elf_fail("program header");
	for (i = 0; i < n; i++) {
		chunk_phdr(raw, i, t->entsize, is32, &ph);
		keep += has_paddr(is32, &ph);
	}
	if (grow_loads(ki, keep))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		chunk_phdr(raw, i, t->entsize, is32, &ph);
		add_load(ki, is32, &ph);
	}
	return 0;
}

/*
 * A head larger than the first read: its program headers a chunk at a time
 * through one buffer, so 16k entries (8k memory ranges) cost 256 KiB of
 * fresh memory instead of 900 KiB.  probe (the first read) has the ELF
 * header libelf converts with.
 */
static int stream_loads(const struct sysroot *s, char *probe, size_t plen,
			const struct phdr_table *t, struct kcore_info *ki)
{
	size_t chunk = KCORE_HEAD_MAX / t->entsize * t->entsize, want, got;
	uint64_t off;
	char *raw = malloc(chunk);
	Elf *elf = NULL;
	int ret = raw ? kcore_open(probe, plen, &elf) : -ENOMEM;

	if (!ret)
		pages_prefault(raw, t->end - t->off < chunk ? t->end - t->off : chunk);
	for (off = t->off; !ret && t->phnum && off < t->end; off += got) {
		want = t->end - off < chunk ? t->end - off : chunk;
		ret = sysroot_read_at(s, "proc/kcore", off, raw, want, &got);
		if (!ret && got < want)
			ret = short_head(t->end, off + got);
		if (!ret)
			ret = chunk_loads(elf, t, raw, got, ki);
	}
	if (elf)
		elf_end(elf);
	free(raw);
	return ret;
}

/*
 * A real kcore is huge, so a read always fills the buffer.  The first read
 * is one page, which holds a small machine's program headers; a larger
 * table is streamed (stream_loads()).  When the first page does not say
 * where the table is (not ELF, PN_XNUM), KCORE_HEAD_MAX is read and
 * parsed, which says why.
 */
int kcore_read(const struct sysroot *s, struct kcore_info *ki)
{
	size_t got, asked = KCORE_HEAD_PROBE;
	struct phdr_table t;
	char *buf;
	int ret;

	memset(ki, 0, sizeof(*ki));
	for (;;) {
		ret = read_head(s, asked, &buf, &got);
		if (ret)
			return ret;
		if (got < asked)
			break;		/* the whole file is in */
		kcore_head_table(buf, got, &t);
		if (t.end > got && t.end <= KCORE_PHDRS_MAX_BYTES) {
			ret = stream_loads(s, buf, got, &t, ki);
			free(buf);
			if (ret)
				kcore_free(ki);
			else
				find_page_offset(ki);
			return ret;
		}
		if ((t.end && t.end <= got) || asked == KCORE_HEAD_MAX)
			break;
		free(buf);
		asked = KCORE_HEAD_MAX;
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
