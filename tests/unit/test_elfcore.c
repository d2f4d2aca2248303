// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_elfcore.c - unit tests for kexec/plan/elfcore.c: every header built here
 * is read back with libelf (elf_memory, gelf_getehdr, elf_getphdrnum,
 * gelf_getphdr), in both byte orders, with and without PN_XNUM.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "elfcore.h"

#define PAGE_OFFSET	0xffff888000000000ULL

struct fixture {
	struct crash_note *notes;
	struct range_list ram;
	struct elfcore_desc d;
};

static void fixture_init(struct fixture *f, size_t nr_notes, size_t nr_ram,
			 bool big_endian)
{
	memset(f, 0, sizeof(*f));
	f->notes = calloc(nr_notes ? nr_notes : 1, sizeof(*f->notes));
	ck_assert_ptr_nonnull(f->notes);
	for (size_t i = 0; i < nr_notes; i++)
		f->notes[i] = (struct crash_note){
			.cpu = i, .addr = 0x100c00000ULL + i * 0x1000, .size = 368 };
	for (size_t i = 0; i < nr_ram; i++)
		ck_assert_int_eq(ranges_add(&f->ram, 0x100000ULL + i * 0x200000,
					    0x100000ULL + i * 0x200000 + 0xfffff,
					    RANGE_RAM), 0);
	f->d = (struct elfcore_desc){
		.e_machine = big_endian ? EM_PPC64 : EM_X86_64,
		.big_endian = big_endian,
		.notes = f->notes, .nr_notes = nr_notes,
		.has_vmcoreinfo = true,
		.vmcoreinfo_addr = 0x100c62000ULL, .vmcoreinfo_size = 4132,
		.ram = &f->ram, .page_offset = PAGE_OFFSET,
	};
}

static void fixture_free(struct fixture *f)
{
	free(f->notes);
	ranges_free(&f->ram);
}

struct readback {
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t phnum;
};

static void readback_open(struct readback *rb, void *buf, size_t len)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	rb->elf = elf_memory(buf, len);
	ck_assert_msg(rb->elf, "elf_memory: %s", elf_errmsg(-1));
	ck_assert_int_eq(elf_kind(rb->elf), ELF_K_ELF);
	ck_assert_ptr_nonnull(gelf_getehdr(rb->elf, &rb->ehdr));
	ck_assert_msg(elf_getphdrnum(rb->elf, &rb->phnum) == 0,
		      "elf_getphdrnum: %s", elf_errmsg(-1));
}

static void check_ehdr(const struct readback *rb, const struct elfcore_desc *d)
{
	const GElf_Ehdr *h = &rb->ehdr;

	ck_assert_mem_eq(h->e_ident, ELFMAG, SELFMAG);
	ck_assert_int_eq(h->e_ident[EI_CLASS], ELFCLASS64);
	ck_assert_int_eq(h->e_ident[EI_DATA],
			 d->big_endian ? ELFDATA2MSB : ELFDATA2LSB);
	ck_assert_int_eq(h->e_ident[EI_VERSION], EV_CURRENT);
	ck_assert_int_eq(h->e_ident[EI_OSABI], ELFOSABI_NONE);
	for (int i = EI_ABIVERSION; i < EI_NIDENT; i++)
		ck_assert_int_eq(h->e_ident[i], 0);
	ck_assert_uint_eq(h->e_type, ET_CORE);
	ck_assert_uint_eq(h->e_machine, d->e_machine);
	ck_assert_uint_eq(h->e_version, EV_CURRENT);
	ck_assert_uint_eq(h->e_entry, 0);
	ck_assert_uint_eq(h->e_phoff, 64);
	ck_assert_uint_eq(h->e_flags, 0);
	ck_assert_uint_eq(h->e_ehsize, 64);
	ck_assert_uint_eq(h->e_phentsize, 56);
	ck_assert_uint_eq(h->e_shstrndx, SHN_UNDEF);
}

static void check_phdr(Elf *elf, size_t i, uint32_t type, uint64_t offset,
		       uint64_t vaddr, uint64_t paddr, uint64_t size)
{
	GElf_Phdr ph;

	ck_assert_msg(gelf_getphdr(elf, i, &ph), "phdr %zu: %s", i, elf_errmsg(-1));
	ck_assert_uint_eq(ph.p_type, type);
	ck_assert_uint_eq(ph.p_flags, type == PT_LOAD ? (PF_R | PF_W | PF_X) : 0);
	ck_assert_uint_eq(ph.p_offset, offset);
	ck_assert_uint_eq(ph.p_vaddr, vaddr);
	ck_assert_uint_eq(ph.p_paddr, paddr);
	ck_assert_uint_eq(ph.p_filesz, size);
	ck_assert_uint_eq(ph.p_memsz, size);
	ck_assert_uint_eq(ph.p_align, 0);
}

/* Check notes, vmcoreinfo and RAM loads starting after `extra` loads. */
static void check_all(Elf *elf, const struct elfcore_desc *d, size_t extra)
{
	size_t i = 0;

	for (; i < d->nr_notes; i++)
		check_phdr(elf, i, PT_NOTE, d->notes[i].addr, 0,
			   d->notes[i].addr, d->notes[i].size);
	if (d->has_vmcoreinfo) {
		check_phdr(elf, i, PT_NOTE, d->vmcoreinfo_addr, 0,
			   d->vmcoreinfo_addr, d->vmcoreinfo_size);
		i++;
	}
	i += extra;
	for (size_t r = 0; r < d->ram->n; r++, i++) {
		const struct range *rg = &d->ram->r[r];

		check_phdr(elf, i, PT_LOAD, rg->start, PAGE_OFFSET + rg->start,
			   rg->start, range_size(rg));
	}
}

static void build(const struct elfcore_desc *d, void **buf, size_t *len)
{
	ck_assert_int_eq(elfcore_build(d, buf, len), 0);
	ck_assert_uint_eq(*len, elfcore_size(d));
}

START_TEST(test_small_x86_64)
{
	struct fixture f;
	struct readback rb;
	void *buf;
	size_t len;

	fixture_init(&f, 4, 3, false);
	f.d.has_text = true;
	f.d.text_paddr = 0x1000000;
	f.d.text_vaddr = 0xffffffff81000000ULL;
	f.d.text_size = 0x2000000;
	build(&f.d, &buf, &len);
	ck_assert_uint_eq(len, 64 + 9 * 56);
	readback_open(&rb, buf, len);
	check_ehdr(&rb, &f.d);
	ck_assert_uint_eq(rb.ehdr.e_phnum, 9);
	ck_assert_uint_eq(rb.phnum, 9);
	ck_assert_uint_eq(rb.ehdr.e_shoff, 0);
	ck_assert_uint_eq(rb.ehdr.e_shnum, 0);
	check_all(rb.elf, &f.d, 1);
	check_phdr(rb.elf, 5, PT_LOAD, 0x1000000, 0xffffffff81000000ULL,
		   0x1000000, 0x2000000);
	/* raw little-endian bytes: e_machine 62, first p_type PT_NOTE */
	ck_assert_uint_eq(((uint8_t *)buf)[18], 62);
	ck_assert_uint_eq(((uint8_t *)buf)[19], 0);
	ck_assert_uint_eq(((uint8_t *)buf)[64], PT_NOTE);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_big_endian_ppc64)
{
	struct fixture f;
	struct readback rb;
	uint8_t *b;
	void *buf;
	size_t len;

	fixture_init(&f, 2, 4, true);
	f.d.page_offset = PAGE_OFFSET;
	f.d.has_backup = true;
	f.d.backup_src = 0;
	f.d.backup_size = 0x10000;
	f.d.backup_dst = 0x2fff0000;
	/* RAM fixture starts at 1 MiB: no overlap with [0, 64 KiB) */
	build(&f.d, &buf, &len);
	b = buf;
	readback_open(&rb, buf, len);
	check_ehdr(&rb, &f.d);
	ck_assert_uint_eq(rb.phnum, 2 + 1 + 1 + 4);
	check_all(rb.elf, &f.d, 1);
	check_phdr(rb.elf, 3, PT_LOAD, 0x2fff0000, PAGE_OFFSET, 0, 0x10000);
	/* raw big-endian bytes */
	ck_assert_uint_eq(b[EI_DATA], ELFDATA2MSB);
	ck_assert_uint_eq(b[18], 0);
	ck_assert_uint_eq(b[19], EM_PPC64);
	ck_assert_uint_eq(b[16], 0);
	ck_assert_uint_eq(b[17], ET_CORE);
	ck_assert_uint_eq(b[64 + 3], PT_NOTE);
	ck_assert_uint_eq(b[64], 0);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_no_notes_no_vmcoreinfo)
{
	struct fixture f;
	struct readback rb;
	void *buf;
	size_t len;

	fixture_init(&f, 0, 2, false);
	f.d.has_vmcoreinfo = false;
	build(&f.d, &buf, &len);
	ck_assert_uint_eq(len, 64 + 2 * 56);
	readback_open(&rb, buf, len);
	check_ehdr(&rb, &f.d);
	ck_assert_uint_eq(rb.phnum, 2);
	check_all(rb.elf, &f.d, 0);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_empty_refused_null_ram_ok)
{
	struct elfcore_desc d = { .e_machine = EM_X86_64 };
	struct crash_note note = { .cpu = 0, .addr = 0x5000, .size = 368 };
	struct readback rb;
	void *buf = NULL;
	size_t len = 0;

	/* /proc/vmcore refuses e_phnum 0: so do we */
	ck_assert_uint_eq(elfcore_size(&d), 64);
	ck_assert_int_eq(elfcore_build(&d, &buf, &len), -EINVAL);
	ck_assert_ptr_null(buf);
	/* ram may be NULL: one note only */
	d.notes = &note;
	d.nr_notes = 1;
	build(&d, &buf, &len);
	ck_assert_uint_eq(len, 64 + 56);
	readback_open(&rb, buf, len);
	check_ehdr(&rb, &d);
	ck_assert_uint_eq(rb.phnum, 1);
	check_phdr(rb.elf, 0, PT_NOTE, 0x5000, 0, 0x5000, 368);
	elf_end(rb.elf);
	free(buf);
}
END_TEST

/* Extended numbering: e_phnum PN_XNUM, real count in shdr 0's sh_info. */
static void check_xnum(size_t nr_ram, bool big_endian)
{
	struct fixture f;
	struct readback rb;
	GElf_Shdr sh;
	Elf_Scn *scn;
	size_t phnum, shnum;
	void *buf;
	size_t len;

	fixture_init(&f, 3, nr_ram, big_endian);
	phnum = 3 + 1 + nr_ram;
	build(&f.d, &buf, &len);
	ck_assert_uint_eq(len, 64 + phnum * 56 + 64);
	readback_open(&rb, buf, len);
	check_ehdr(&rb, &f.d);
	ck_assert_uint_eq(rb.ehdr.e_phnum, PN_XNUM);
	ck_assert_uint_eq(rb.phnum, phnum);
	ck_assert_uint_eq(rb.ehdr.e_shoff, 64 + phnum * 56);
	ck_assert_uint_eq(rb.ehdr.e_shentsize, 64);
	ck_assert_uint_eq(rb.ehdr.e_shnum, 1);
	ck_assert_int_eq(elf_getshdrnum(rb.elf, &shnum), 0);
	ck_assert_uint_eq(shnum, 1);
	scn = elf_getscn(rb.elf, 0);
	ck_assert_ptr_nonnull(scn);
	ck_assert_ptr_nonnull(gelf_getshdr(scn, &sh));
	ck_assert_uint_eq(sh.sh_type, SHT_NULL);
	ck_assert_uint_eq(sh.sh_info, phnum);
	ck_assert_uint_eq(sh.sh_size, 0);
	ck_assert_uint_eq(sh.sh_link, 0);
	ck_assert_uint_eq(sh.sh_offset, 0);
	check_all(rb.elf, &f.d, 0);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
}

START_TEST(test_xnum_70000)
{
	check_xnum(70000, false);
}
END_TEST

START_TEST(test_xnum_70000_big_endian)
{
	check_xnum(70000, true);
}
END_TEST

START_TEST(test_xnum_boundary)
{
	struct fixture f;
	struct readback rb;
	void *buf;
	size_t len;

	/* 65534 headers: the largest plain count */
	fixture_init(&f, 3, 65534 - 4, false);
	build(&f.d, &buf, &len);
	ck_assert_uint_eq(len, 64 + 65534 * 56);
	readback_open(&rb, buf, len);
	ck_assert_uint_eq(rb.ehdr.e_phnum, 65534);
	ck_assert_uint_eq(rb.ehdr.e_shnum, 0);
	ck_assert_uint_eq(rb.phnum, 65534);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
	/* 65535 headers: needs extended numbering */
	check_xnum(65535 - 4, false);
}
END_TEST

/* Size and content at scale; its speed is measured by tests/bench, not here. */
START_TEST(test_large)
{
	struct fixture f;
	struct readback rb;
	void *buf;
	size_t len;

	fixture_init(&f, 1024, 8192, false);
	build(&f.d, &buf, &len);
	ck_assert_uint_eq(len, 64 + (1024 + 1 + 8192) * 56);
	readback_open(&rb, buf, len);
	ck_assert_uint_eq(rb.phnum, 1024 + 1 + 8192);
	check_all(rb.elf, &f.d, 0);
	elf_end(rb.elf);
	free(buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_backup_overlapping_ram_refused)
{
	struct fixture f;
	void *buf = NULL;
	size_t len = 0;

	fixture_init(&f, 1, 2, false);
	f.d.has_backup = true;
	f.d.backup_src = 0x1ff000;	/* last page of the first RAM range */
	f.d.backup_size = 0x2000;
	f.d.backup_dst = 0x30000000;
	ck_assert_int_eq(elfcore_build(&f.d, &buf, &len), -EINVAL);
	ck_assert_ptr_null(buf);
	fixture_free(&f);
}
END_TEST

START_TEST(test_size_matches_build)
{
	static const size_t notes[] = { 1, 2, 7, 300 };
	static const size_t ram[] = { 0, 1, 100, 65530 };

	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 4; j++) {
			struct fixture f;
			void *buf;
			size_t len;

			fixture_init(&f, notes[i], ram[j], j & 1);
			f.d.has_text = i & 1;
			f.d.has_backup = false;
			ck_assert_int_eq(elfcore_build(&f.d, &buf, &len), 0);
			ck_assert_uint_eq(len, elfcore_size(&f.d));
			free(buf);
			fixture_free(&f);
		}
}
END_TEST

static Suite *elfcore_suite(void)
{
	Suite *s = suite_create("elfcore");
	TCase *tc = tcase_create("build");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_small_x86_64);
	tcase_add_test(tc, test_big_endian_ppc64);
	tcase_add_test(tc, test_no_notes_no_vmcoreinfo);
	tcase_add_test(tc, test_empty_refused_null_ram_ok);
	tcase_add_test(tc, test_xnum_70000);
	tcase_add_test(tc, test_xnum_70000_big_endian);
	tcase_add_test(tc, test_xnum_boundary);
	tcase_add_test(tc, test_large);
	tcase_add_test(tc, test_backup_overlapping_ram_refused);
	tcase_add_test(tc, test_size_matches_build);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(elfcore_suite());
}
