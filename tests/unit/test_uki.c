// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_uki.c - the UKI reader (kexec/arch/x86_64/uki.c) and the x86_64
 * choice around it (x86_unbundle, formats.c), on real UKIs built by
 * tests/tools/mkuki.sh from systemd-boot-efi's stub and the first 8 KiB
 * of Debian's 6.12 bzImage (the fuzz seeds, tests/fuzz/corpus/uki/):
 * the sections found, every truncation, changed headers (other machine,
 * PE32, no .linux, zero and too many sections, sections outside the file
 * or overlapping), and bzImages, plain and signed, that are no UKI.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "helpers/stderr_capture.h"
#include "arch/x86_64/formats.h"
#include "arch/x86_64/uki.h"

#define SEED_FULL	"fuzz/corpus/uki/debian-6.12-head8k-full.efi"
#define SEED_BARE	"fuzz/corpus/uki/debian-6.12-head8k-linux-only.efi"
#define SEED_BZIMAGE	"fuzz/corpus/bzimage/debian-6.12-head8k"

struct blob {
	unsigned char *d;
	size_t size;
};

static char why[160];

static struct blob load(const char *rel)
{
	const char *src = getenv("TEST_SRCDIR");
	char path[4096];
	struct blob b = { 0 };
	FILE *f;
	long n;

	ck_assert_msg(src, "TEST_SRCDIR unset (run through make check)");
	snprintf(path, sizeof(path), "%s/%s", src, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f, "%s: cannot open", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b.d = malloc((size_t)n + 1);
	ck_assert(b.d);
	ck_assert_uint_eq(fread(b.d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	b.size = (size_t)n;
	return b;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void wr16(unsigned char *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void wr32(unsigned char *p, uint32_t v)
{
	wr16(p, v & 0xffff);
	wr16(p + 2, v >> 16);
}

/* Offsets in the file: the COFF header, optional header, section table. */
static size_t coff(const struct blob *b)
{
	return rd32(b->d + 0x3c) + 4;
}

static size_t opt(const struct blob *b)
{
	return coff(b) + 20;
}

static size_t nsect(const struct blob *b)
{
	return b->d[coff(b) + 2] | b->d[coff(b) + 3] << 8;
}

static unsigned char *section(const struct blob *b, const char *name)
{
	size_t sect = opt(b) + (b->d[coff(b) + 16] | b->d[coff(b) + 17] << 8);
	size_t i;

	for (i = 0; i < nsect(b); i++) {
		unsigned char *s = b->d + sect + i * 40;

		if (!strncmp((const char *)s, name, 8))
			return s;
	}
	ck_abort_msg("no section %s", name);
	return NULL;
}

static int parse(const struct blob *b, struct uki *u)
{
	why[0] = 0;
	return uki_parse(b->d, b->size, u, why, sizeof(why));
}

static void expect_broken(const struct blob *b, const char *text)
{
	struct uki u;

	ck_assert_int_eq(parse(b, &u), -ENOEXEC);
	ck_assert_msg(strstr(why, text), "reason \"%s\" lacks \"%s\"", why, text);
	ck_assert_ptr_null(u.kernel.data);
}

START_TEST(finds_the_sections)
{
	struct blob b = load(SEED_FULL), k = load(SEED_BZIMAGE);
	struct uki u;
	char *cl;

	ck_assert_int_eq(parse(&b, &u), 1);
	ck_assert_uint_eq(u.kernel.size, k.size);
	ck_assert_mem_eq(u.kernel.data, k.d, k.size);
	/* .initrd: VirtualSize 3 within a 512-byte raw size */
	ck_assert_uint_eq(u.initrd.size, 3);
	ck_assert_uint_eq(rd32(section(&b, ".initrd") + 16), 0x200);
	ck_assert_mem_eq(u.initrd.data, "abc", 3);
	cl = uki_cmdline(&u);
	ck_assert_str_eq(cl, "console=ttyS0 root=/dev/vda ro");
	free(cl);
	free(b.d);
	free(k.d);
}
END_TEST

START_TEST(linux_only)
{
	struct blob b = load(SEED_BARE);
	struct uki u;
	char *cl;

	ck_assert_int_eq(parse(&b, &u), 1);
	ck_assert_ptr_nonnull(u.kernel.data);
	ck_assert_ptr_null(u.initrd.data);
	ck_assert_ptr_null(u.cmdline.data);
	cl = uki_cmdline(&u);
	ck_assert_str_eq(cl, "");
	free(cl);
	free(b.d);
}
END_TEST

/* Cut anywhere before the end of the last section used: refused. */
START_TEST(every_truncation)
{
	struct blob b = load(SEED_FULL);
	unsigned char *ini = section(&b, ".initrd");
	size_t end = rd32(ini + 20) + rd32(ini + 16), n;
	struct uki u;

	ck_assert_uint_le(end, b.size);
	for (n = 0; n < end; n++) {
		int ret = uki_parse(b.d, n, &u, why, sizeof(why));

		ck_assert_msg(ret == (n < 2 ? 0 : -ENOEXEC),
			      "length %zu: %d (%s)", n, ret, why);
	}
	ck_assert_int_eq(uki_parse(b.d, end, &u, why, sizeof(why)), 1);
	free(b.d);
}
END_TEST

START_TEST(other_machine)
{
	struct blob b = load(SEED_FULL);

	wr16(b.d + coff(&b), 0xaa64);
	expect_broken(&b, "machine 0xaa64");
	free(b.d);
}
END_TEST

START_TEST(pe32_not_pe32plus)
{
	struct blob b = load(SEED_FULL);

	wr16(b.d + opt(&b), 0x10b);
	expect_broken(&b, "PE32 file");
	wr16(b.d + opt(&b), 0x107);
	expect_broken(&b, "not PE32+");
	free(b.d);
}
END_TEST

START_TEST(no_pe_signature)
{
	struct blob b = load(SEED_FULL);

	b.d[rd32(b.d + 0x3c)] = 'X';
	expect_broken(&b, "no PE signature");
	wr32(b.d + 0x3c, 0xfffffff0);
	expect_broken(&b, "truncated");
	free(b.d);
}
END_TEST

START_TEST(no_linux_section_is_no_uki)
{
	struct blob b = load(SEED_FULL);
	struct uki u;

	memcpy(section(&b, ".linux"), ".linuy", 6);
	ck_assert_int_eq(parse(&b, &u), 0);
	ck_assert_ptr_null(u.initrd.data);
	free(b.d);
}
END_TEST

START_TEST(section_counts)
{
	struct blob b = load(SEED_FULL);
	struct uki u;

	wr16(b.d + coff(&b) + 2, 0);
	ck_assert_int_eq(parse(&b, &u), 0);	/* a PE without .linux */
	wr16(b.d + coff(&b) + 2, 0xffff);
	expect_broken(&b, "65535 sections");
	wr16(b.d + coff(&b) + 2, UKI_MAX_SECTIONS + 1);
	expect_broken(&b, "97 sections, more than the 96");
	free(b.d);
}
END_TEST

START_TEST(optional_header_too_big)
{
	struct blob b = load(SEED_FULL);

	wr16(b.d + coff(&b) + 16, 0xffff);
	b.size = 0x1000;	/* a 64 KiB optional header cannot fit */
	expect_broken(&b, "optional header");
	wr16(b.d + coff(&b) + 16, 1);
	expect_broken(&b, "optional header");
	free(b.d);
}
END_TEST

START_TEST(sections_outside_the_file)
{
	struct blob b = load(SEED_FULL);
	unsigned char *lx = section(&b, ".linux");
	uint32_t ptr = rd32(lx + 20), raw = rd32(lx + 16);

	wr32(lx + 20, 0xfffffe00);
	expect_broken(&b, ".linux");
	wr32(lx + 20, ptr);
	wr32(lx + 16, 0xffffffff);
	expect_broken(&b, "runs past the end");
	wr32(lx + 16, raw);
	wr32(lx + 20, 0x10);
	expect_broken(&b, "overlaps the PE headers");
	wr32(lx + 20, ptr);
	wr32(lx + 8, 0);
	expect_broken(&b, ".linux is empty");
	free(b.d);
}
END_TEST

START_TEST(overlapping_sections)
{
	struct blob b = load(SEED_FULL);
	unsigned char *lx = section(&b, ".linux"), *ini = section(&b, ".initrd");

	memcpy(ini + 20, lx + 20, 4);	/* .initrd at .linux's bytes */
	expect_broken(&b, ".linux and .initrd overlap");
	free(b.d);
}
END_TEST

START_TEST(duplicate_linux)
{
	struct blob b = load(SEED_FULL);

	memcpy(section(&b, ".initrd"), ".linux\0", 8);
	expect_broken(&b, "two .linux sections");
	free(b.d);
}
END_TEST

/* VirtualSize beyond the raw data: only the raw data is in the file. */
START_TEST(virtual_size_bounded_by_raw)
{
	struct blob b = load(SEED_FULL);
	struct uki u;

	wr32(section(&b, ".initrd") + 8, 0x100000);
	ck_assert_int_eq(parse(&b, &u), 1);
	ck_assert_uint_eq(u.initrd.size, 0x200);
	free(b.d);
}
END_TEST

START_TEST(cmdline_trimmed)
{
	struct uki u = { .cmdline = { (const unsigned char *)"a b \n\0junk", 10 } };
	char *s = uki_cmdline(&u);

	ck_assert_str_eq(s, "a b");
	free(s);
}
END_TEST

/* A bzImage is a PE file too (.setup, .text): not a UKI. */
START_TEST(bzimage_is_no_uki)
{
	struct blob k = load(SEED_BZIMAGE);
	struct file_buf fb = { .path = "vmlinuz", .data = k.d, .size = k.size };
	struct kernel_bundle kb;
	struct uki u;

	ck_assert_int_eq(parse(&k, &u), 0);
	ck_assert_int_eq(x86_unbundle(&fb, &kb), 0);
	free(k.d);
}
END_TEST

/*
 * Signed: a certificate table (data directory 4) pointing at an
 * Authenticode blob appended to the file.  Still no UKI.
 */
START_TEST(signed_bzimage_is_no_uki)
{
	struct blob k = load(SEED_BZIMAGE);
	struct file_buf fb = { .path = "vmlinuz.signed" };
	struct kernel_bundle kb;
	size_t n = k.size + 0x800;

	k.d = realloc(k.d, n);
	ck_assert(k.d);
	memset(k.d + k.size, 0x30, n - k.size);
	wr32(k.d + opt(&k) + 112 + 32, (uint32_t)k.size);
	wr32(k.d + opt(&k) + 112 + 36, 0x800);
	fb.data = k.d;
	fb.size = n;
	ck_assert_int_eq(x86_unbundle(&fb, &kb), 0);
	free(k.d);
}
END_TEST

/* A bzImage with a broken PE header is left to the bzImage probe. */
START_TEST(bzimage_broken_pe_left_to_bzimage)
{
	struct blob k = load(SEED_BZIMAGE);
	struct file_buf fb = { .path = "vmlinuz", .data = k.d, .size = k.size };
	struct kernel_bundle kb;

	wr32(k.d + 0x3c, 0x7fffffff);
	ck_assert_int_eq(x86_unbundle(&fb, &kb), 0);
	free(k.d);
}
END_TEST

START_TEST(unbundle_reports_once)
{
	struct blob b = load(SEED_FULL);
	struct file_buf fb = { .path = "x.efi", .data = b.d, .size = b.size };
	struct kernel_bundle kb;
	const char *err;

	ck_assert_int_eq(x86_unbundle(&fb, &kb), 1);
	ck_assert_str_eq(kb.sections, ".linux .initrd .cmdline");
	ck_assert_str_eq(kb.cmdline, "console=ttyS0 root=/dev/vda ro");
	bundle_free(&kb);
	wr16(b.d + coff(&b), 0x14c);
	capture_begin();
	ck_assert_int_eq(x86_unbundle(&fb, &kb), -ENOEXEC);
	err = capture_end();
	ck_assert_str_eq(err, "kexec: x.efi: not a UKI: a PE file for machine 0x14c, not x86_64 (0x8664)\n");
	free(b.d);
}
END_TEST

static Suite *uki_suite(void)
{
	Suite *s = suite_create("uki");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, finds_the_sections);
	tcase_add_test(tc, linux_only);
	tcase_add_test(tc, every_truncation);
	tcase_add_test(tc, other_machine);
	tcase_add_test(tc, pe32_not_pe32plus);
	tcase_add_test(tc, no_pe_signature);
	tcase_add_test(tc, no_linux_section_is_no_uki);
	tcase_add_test(tc, section_counts);
	tcase_add_test(tc, optional_header_too_big);
	tcase_add_test(tc, sections_outside_the_file);
	tcase_add_test(tc, overlapping_sections);
	tcase_add_test(tc, duplicate_linux);
	tcase_add_test(tc, virtual_size_bounded_by_raw);
	tcase_add_test(tc, cmdline_trimmed);
	tcase_add_test(tc, bzimage_is_no_uki);
	tcase_add_test(tc, signed_bzimage_is_no_uki);
	tcase_add_test(tc, bzimage_broken_pe_left_to_bzimage);
	tcase_add_test(tc, unbundle_reports_once);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(uki_suite());
}
