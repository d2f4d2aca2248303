// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_elfimage.c - the x86_64 ELF vmlinux format: a synthetic vmlinux
 * (three PT_LOADs by physical address, one with vaddr 0 like .data..percpu,
 * a gap and a .bss tail) is accepted and flattened byte for byte; each
 * rejected rule gives its reason; every truncation is refused; the image
 * format is chosen by the ELF magic; the zero page gets a synthesized setup
 * header; and a real Debian vmlinux (KEXEC_TEST_VMLINUX, extracted from the
 * test kernel by tests/e2e/lib/extract-vmlinux.sh) is accepted with its
 * entry code where the file has it.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "helpers/fake_elf.h"
#include "helpers/stderr_capture.h"
#include "arch/x86_64/bootparams.h"
#include "arch/x86_64/bzimage.h"
#include "arch/x86_64/elfimage.h"
#include "arch/x86_64/formats.h"
#include "arch/x86_64/kimage.h"
#include "file.h"
#include "x86_fake_bzimage.h"

#define LINK		0x1000000ULL
#define ENTRY_OFF	0x40
#define NPH		3
#define FILE_SIZE	0x5800

/* PT_LOADs: text, percpu (vaddr 0), data (+ .bss); a page gap before data */
static const struct { uint64_t off, paddr, vaddr, filesz, memsz; int fill; } loads[NPH] = {
	{ 0x1000, LINK,          0xffffffff81000000ULL, 0x3000, 0x3000, 0xa1 },
	{ 0x4000, LINK + 0x3000, 0,                     0x1000, 0x1000, 0xb2 },
	{ 0x5000, LINK + 0x5000, 0xffffffff81005000ULL, 0x800,  0x5000, 0xc3 },
};

static char why[KIMAGE_WHY_MAX];

static Elf64_Ehdr *ehdr(unsigned char *d)
{
	return (Elf64_Ehdr *)d;
}

static Elf64_Phdr *phdr(unsigned char *d, int i)
{
	return (Elf64_Phdr *)(d + sizeof(Elf64_Ehdr)) + i;
}

static unsigned char *make_vmlinux(void)
{
	unsigned char *d = calloc(1, FILE_SIZE);
	Elf64_Ehdr *eh = ehdr(d);
	int i;

	ck_assert_ptr_nonnull(d);
	fake_elf64_ehdr(eh, ET_EXEC, EM_X86_64, NPH);
	eh->e_entry = LINK + ENTRY_OFF;
	for (i = 0; i < NPH; i++) {
		Elf64_Phdr *ph = phdr(d, i);

		ph->p_type = PT_LOAD;
		ph->p_offset = loads[i].off;
		ph->p_paddr = loads[i].paddr;
		ph->p_vaddr = loads[i].vaddr;
		ph->p_filesz = loads[i].filesz;
		ph->p_memsz = loads[i].memsz;
		ph->p_align = 0x200000;
		memset(d + loads[i].off, loads[i].fill, loads[i].filesz);
	}
	return d;
}

static int probe(const unsigned char *d, size_t size, struct kernel_image *img)
{
	why[0] = 0;
	return x86_elf_vmlinux_ops.probe(d, size, img, why, sizeof(why));
}

START_TEST(accepts_and_flattens)
{
	unsigned char *d = make_vmlinux(), *buf = NULL;
	struct kernel_image img;
	size_t i;

	ck_assert_int_eq(probe(d, FILE_SIZE, &img), 0);
	ck_assert_uint_eq(img.entry_offset, ENTRY_OFF);
	ck_assert_uint_eq(img.payload_size, 0x5800);
	ck_assert_uint_eq(img.init_size, 0xa000);
	ck_assert_uint_eq(kimage_memsz(&img), 0xa000);
	ck_assert_uint_eq(kimage_align(&img), 0x200000);
	ck_assert_uint_eq(img.pref_address, LINK);
	ck_assert_uint_eq(img.hdr_end, 0);
	ck_assert_uint_eq(img.xloadflags, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	ck_assert_uint_eq(img.cmdline_size, 2047);
	ck_assert_int_eq(x86_elf_vmlinux_ops.payload(&img, &buf), 0);
	for (i = 0; i < img.payload_size; i++) {
		int want = i < 0x3000 ? 0xa1 : i < 0x4000 ? 0xb2 :
			   i < 0x5000 ? 0 : 0xc3;

		ck_assert_msg(buf[i] == want, "byte 0x%zx is 0x%02x, want 0x%02x",
			      i, buf[i], want);
	}
	free(buf);
	free(d);
}
END_TEST

static void to_class32(unsigned char *d) { d[EI_CLASS] = ELFCLASS32; }
static void to_big_endian(unsigned char *d) { d[EI_DATA] = ELFDATA2MSB; }
static void to_ppc64(unsigned char *d) { ehdr(d)->e_machine = EM_PPC64; }
static void to_dyn(unsigned char *d) { ehdr(d)->e_type = ET_DYN; }
static void no_loads(unsigned char *d)
{
	for (int i = 0; i < NPH; i++)
		phdr(d, i)->p_type = PT_NOTE;
}
static void past_eof(unsigned char *d) { phdr(d, 2)->p_filesz = 0x900; phdr(d, 2)->p_memsz = 0x900; }
static void huge_offset(unsigned char *d) { phdr(d, 1)->p_offset = ~0ULL - 8; }
static void filesz_over_memsz(unsigned char *d) { phdr(d, 2)->p_memsz = 0x400; }
static void overlapping(unsigned char *d) { phdr(d, 1)->p_paddr = LINK + 0x2000; }
static void misaligned(unsigned char *d)
{
	for (int i = 0; i < NPH; i++)
		phdr(d, i)->p_paddr += 0x1000;
	ehdr(d)->e_entry += 0x1000;
}
static void virtual_entry(unsigned char *d) { ehdr(d)->e_entry = 0xffffffff81000040ULL; }
static void entry_in_bss(unsigned char *d) { ehdr(d)->e_entry = LINK + 0x6000; }
static void huge_span(unsigned char *d) { phdr(d, 2)->p_memsz = 0x50000000; }
static void wrapping(unsigned char *d) { phdr(d, 2)->p_memsz = ~0ULL - 0x100; }

static const struct {
	void (*change)(unsigned char *);
	const char *reason;
} rules[] = {
	{ to_class32, "32-bit" },
	{ to_big_endian, "big-endian" },
	{ to_ppc64, "machine 21, not x86_64" },
	{ to_dyn, "not an executable" },
	{ no_loads, "no PT_LOAD" },
	{ past_eof, "truncated" },
	{ huge_offset, "truncated" },
	{ filesz_over_memsz, "p_filesz larger than p_memsz" },
	{ overlapping, "overlaps" },
	{ misaligned, "not 2 MiB aligned" },
	{ virtual_entry, "outside the loaded code" },
	{ entry_in_bss, "outside the loaded code" },
	{ huge_span, "more than a kernel image can" },
	{ wrapping, "overlaps" },
};

START_TEST(rejects_each_rule)
{
	unsigned char *d = make_vmlinux();
	struct kernel_image img;

	rules[_i].change(d);
	ck_assert_int_eq(probe(d, FILE_SIZE, &img), -ENOEXEC);
	ck_assert_msg(strstr(why, rules[_i].reason), "rule %d: reason \"%s\" lacks \"%s\"",
		      _i, why, rules[_i].reason);
	free(d);
}
END_TEST

/* Through the dispatcher, so short files with the magic are refused too. */
START_TEST(truncated_at_every_length)
{
	unsigned char *d = make_vmlinux();
	const struct x86_image_ops *ops = NULL;
	struct kernel_image img;
	size_t n;

	for (n = 0; n < FILE_SIZE; n++) {
		int ret;

		capture_begin();
		ret = x86_image_probe("cut", d, n, &img, &ops);
		ck_assert_msg(ret == -ENOEXEC, "a vmlinux cut to %zu bytes was accepted", n);
		ck_assert_msg(strstr(capture_end(), "kexec: cut: not a "),
			      "no one-line reason for a cut to %zu bytes", n);
	}
	ck_assert_int_eq(x86_image_probe("whole", d, FILE_SIZE, &img, &ops), 0);
	ck_assert_ptr_eq(ops, &x86_elf_vmlinux_ops);
	free(d);
}
END_TEST

START_TEST(format_chosen_by_magic)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	const struct x86_image_ops *ops = NULL;
	struct kernel_image img;

	ck_assert_int_eq(x86_image_probe("bz", f.data, f.size, &img, &ops), 0);
	ck_assert_ptr_eq(ops, &x86_bzimage64_ops);
	ck_assert_uint_eq(img.entry_offset, BZ_ENTRY64_OFFSET);
	/* an ELF magic in front of a bzImage makes it an ELF, and a bad one */
	memcpy(f.data, ELFMAG, SELFMAG);
	capture_begin();
	ck_assert_int_eq(x86_image_probe("elf-magic", f.data, f.size, &img, &ops),
			 -ENOEXEC);
	ck_assert_str_eq(capture_end(), "kexec: elf-magic: not a vmlinux for x86_64: invalid ELF identification (class 0, data 0, version 0)\n");
	free(f.data);
}
END_TEST

START_TEST(boot_params_header_synthesized)
{
	unsigned char *d = make_vmlinux(), *bp = NULL;
	struct range_list map = RANGE_LIST_INIT;
	struct kernel_image img;
	struct bp_input in = { .img = &img, .cmdline = "console=ttyS0", .e820 = &map };
	size_t len;

	ck_assert_int_eq(probe(d, FILE_SIZE, &img), 0);
	ck_assert_int_eq(ranges_add(&map, 0x100000, 0x7fffffff, RANGE_RAM), 0);
	ck_assert_int_eq(bootparams_build(&in, 0x10000000, &bp, &len), 0);
	ck_assert_uint_eq(get_le16(bp + HDR_BOOT_FLAG), BOOT_FLAG_MAGIC);
	ck_assert_int_eq(memcmp(bp + HDR_MAGIC, "HdrS", 4), 0);
	ck_assert_uint_eq(get_le16(bp + HDR_VERSION), 0x020f);
	ck_assert_uint_eq(get_le32(bp + HDR_CMDLINE_SIZE), 2047);
	ck_assert_uint_eq(get_le32(bp + HDR_KERNEL_ALIGNMENT), 0x200000);
	ck_assert_uint_eq(get_le16(bp + HDR_XLOADFLAGS),
			  XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	ck_assert_uint_eq(get_le32(bp + HDR_INIT_SIZE), 0xa000);
	ck_assert_uint_eq(bp[HDR_TYPE_OF_LOADER], LOADER_TYPE_KEXEC);
	ck_assert_uint_eq(get_le32(bp + HDR_CMD_LINE_PTR), 0x10000000 + BP_SIZE);
	ck_assert_str_eq((char *)bp + BP_SIZE, "console=ttyS0");
	ck_assert_uint_eq(bp[BP_E820_ENTRIES], 1);
	free(bp);
	ranges_free(&map);
	free(d);
}
END_TEST

/* The file bytes at e_entry, found through the PT_LOAD that holds it. */
static const unsigned char *entry_in_file(const struct file_buf *fb)
{
	Elf *e = elf_memory((char *)fb->data, fb->size);
	const unsigned char *p = NULL;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t n, i;

	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_int_eq(elf_getphdrnum(e, &n), 0);
	for (i = 0; i < n && !p; i++) {
		ck_assert_ptr_nonnull(gelf_getphdr(e, (int)i, &ph));
		if (ph.p_type == PT_LOAD && eh.e_entry >= ph.p_paddr &&
		    eh.e_entry < ph.p_paddr + ph.p_filesz)
			p = fb->data + ph.p_offset + (eh.e_entry - ph.p_paddr);
	}
	elf_end(e);
	return p;
}

START_TEST(real_vmlinux)
{
	const char *path = getenv("KEXEC_TEST_VMLINUX");
	struct file_buf fb = { 0 };
	const struct x86_image_ops *ops = NULL;
	const unsigned char *want;
	unsigned char *buf = NULL;
	struct kernel_image img;

	if (!path || !*path) {
		printf("note: KEXEC_TEST_VMLINUX unset: real vmlinux skipped\n");
		return;
	}
	ck_assert_int_eq(file_read(path, "kernel", 1, &fb), 0);
	ck_assert_int_eq(x86_image_probe(path, fb.data, fb.size, &img, &ops), 0);
	ck_assert_ptr_eq(ops, &x86_elf_vmlinux_ops);
	ck_assert_uint_eq(img.pref_address % 0x200000, 0);
	ck_assert_uint_le(img.payload_size, img.init_size);
	ck_assert_uint_lt(img.entry_offset, img.payload_size);
	want = entry_in_file(&fb);
	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(ops->payload(&img, &buf), 0);
	ck_assert_int_eq(memcmp(buf + img.entry_offset, want, 64), 0);
	printf("real vmlinux: %zu bytes, segment %zu bytes, memsz %u, entry +0x%llx\n",
	       fb.size, img.payload_size, img.init_size,
	       (unsigned long long)img.entry_offset);
	free(buf);
	file_buf_free(&fb);
}
END_TEST

static Suite *elfimage_suite(void)
{
	Suite *s = suite_create("elfimage");
	TCase *tc = tcase_create("vmlinux");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, accepts_and_flattens);
	tcase_add_loop_test(tc, rejects_each_rule, 0, sizeof(rules) / sizeof(rules[0]));
	tcase_add_test(tc, truncated_at_every_length);
	tcase_add_test(tc, format_chosen_by_magic);
	tcase_add_test(tc, boot_params_header_synthesized);
	tcase_add_test(tc, real_vmlinux);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	elf_version(EV_CURRENT);
	return check_run(elfimage_suite());
}
