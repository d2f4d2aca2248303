// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_bootparams.c - the x86 zero page byte by byte (setup header copy,
 * loader type, command line and initrd pointers with their high halves,
 * e820 table, SETUP_E820_EXT past 128 entries, values from the running
 * boot_params) and the e820 maps for -l and for the capture kernel.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "arch/x86_64/bootparams.h"
#include "arch/x86_64/formats.h"
#include "arch/x86_64/kimage.h"
#include "arch/x86_64/e820.h"
#include "x86_fake_bzimage.h"

#define BP_ADDR		0x12345000ULL
#define RSDP		0xbffde014ULL

struct fixture {
	struct fake_bzimage f;
	struct kernel_image img;
	struct range_list map;
	unsigned char running[BP_SIZE];
};

static void fixture_init(struct fixture *fx, size_t nmap)
{
	size_t i;

	memset(fx, 0, sizeof(*fx));
	fx->f = fake_bzimage_make(FAKE_PAYLOAD);
	ck_assert_int_eq(x86_image_probe("fake", fx->f.data, fx->f.size,
					 &fx->img, NULL), 0);
	for (i = 0; i < nmap; i++)
		ck_assert_int_eq(ranges_add(&fx->map, 0x100000000ULL * (i + 1),
					    0x100000000ULL * (i + 1) + 0xfffff,
					    i % 2 ? RANGE_ACPI : RANGE_RAM), 0);
	for (i = 0; i < BP_SCREEN_INFO_LEN; i++)
		fx->running[i] = 0xa0 + i;
	put_le64(fx->running + BP_ACPI_RSDP_ADDR, RSDP);
	put_le32(fx->running + HDR_HARDWARE_SUBARCH, 2);
	fx->running[BP_SENTINEL] = 0xff;	/* must not leak through */
	fx->running[0x1e0] = 0x77;		/* nor other fields */
}

static void fixture_free(struct fixture *fx)
{
	ranges_free(&fx->map);
	free(fx->f.data);
}

static unsigned char *build(struct fixture *fx, const char *cmdline,
			    uint64_t initrd, uint64_t initrd_size, size_t *len,
			    int with_running)
{
	struct bp_input in = {
		.img = &fx->img, .cmdline = cmdline,
		.running = with_running ? fx->running : NULL,
		.running_len = with_running ? sizeof(fx->running) : 0,
		.initrd_addr = initrd, .initrd_size = initrd_size,
		.e820 = &fx->map,
	};
	unsigned char *buf = NULL;

	ck_assert_int_eq(bootparams_build(&in, BP_ADDR, &buf, len), 0);
	ck_assert_uint_eq(*len, bootparams_size(&in));
	return buf;
}

START_TEST(header_copy_and_loader)
{
	struct fixture fx;
	unsigned char *bp;
	size_t len, off;

	fixture_init(&fx, 1);
	bp = build(&fx, "console=ttyS0", 0, 0, &len, 1);
	for (off = HDR_START; off < 0x26c; off++) {
		if (off == HDR_TYPE_OF_LOADER || off == HDR_LOADFLAGS ||
		    (off >= HDR_CMD_LINE_PTR && off < HDR_CMD_LINE_PTR + 4) ||
		    (off >= HDR_HARDWARE_SUBARCH && off < HDR_HARDWARE_SUBARCH + 4))
			continue;
		ck_assert_msg(bp[off] == fx.f.data[off], "header byte 0x%zx", off);
	}
	ck_assert_uint_eq(bp[HDR_TYPE_OF_LOADER], 0xd0);
	ck_assert_uint_eq(bp[HDR_LOADFLAGS], 0);
	ck_assert_uint_eq(bp[BP_SENTINEL], 0);
	ck_assert_uint_eq(bp[0x1e0], 0);
	for (off = 0x26c; off < BP_E820_TABLE; off++)
		ck_assert_msg(bp[off] == 0, "byte 0x%zx past the header", off);
	free(bp);
	fixture_free(&fx);
}
END_TEST

START_TEST(cmdline_and_initrd_pointers)
{
	struct fixture fx;
	unsigned char *bp;
	size_t len;

	fixture_init(&fx, 1);
	bp = build(&fx, "root=/dev/sda1 quiet", 0x1234567000ULL, 0x100000123ULL,
		   &len, 0);
	ck_assert_uint_eq(len, BP_SIZE + strlen("root=/dev/sda1 quiet") + 1);
	ck_assert_str_eq((char *)bp + BP_SIZE, "root=/dev/sda1 quiet");
	ck_assert_uint_eq(get_le32(bp + 0x228), (uint32_t)(BP_ADDR + BP_SIZE));
	ck_assert_uint_eq(get_le32(bp + 0x0c8), 0);
	ck_assert_uint_eq(get_le32(bp + 0x218), 0x34567000);
	ck_assert_uint_eq(get_le32(bp + 0x0c0), 0x12);
	ck_assert_uint_eq(get_le32(bp + 0x21c), 0x00000123);
	ck_assert_uint_eq(get_le32(bp + 0x0c4), 0x1);
	free(bp);
	fixture_free(&fx);
}
END_TEST

START_TEST(running_boot_params_values)
{
	struct fixture fx;
	unsigned char *bp;
	size_t len, i;

	fixture_init(&fx, 1);
	bp = build(&fx, "", 0, 0, &len, 1);
	for (i = 0; i < BP_SCREEN_INFO_LEN; i++)
		ck_assert_uint_eq(bp[i], 0xa0 + i);
	ck_assert_uint_eq(get_le64(bp + 0x070), RSDP);
	ck_assert_uint_eq(get_le32(bp + 0x23c), 2);
	free(bp);
	bp = build(&fx, "", 0, 0, &len, 0);
	ck_assert_uint_eq(get_le64(bp + 0x070), 0);
	ck_assert_uint_eq(bp[0], 0);
	free(bp);
	fixture_free(&fx);
}
END_TEST

static void check_entry(const unsigned char *p, const struct range *r)
{
	ck_assert_uint_eq(get_le64(p), r->start);
	ck_assert_uint_eq(get_le64(p + 8), range_size(r));
	ck_assert_uint_eq(get_le32(p + 16), r->type);
}

START_TEST(e820_in_zero_page)
{
	struct fixture fx;
	unsigned char *bp;
	size_t len, i;

	fixture_init(&fx, 5);
	bp = build(&fx, "x", 0, 0, &len, 0);
	ck_assert_uint_eq(bp[0x1e8], 5);
	for (i = 0; i < 5; i++)
		check_entry(bp + 0x2d0 + 20 * i, &fx.map.r[i]);
	ck_assert_uint_eq(get_le64(bp + 0x2d0 + 20 * 5), 0);
	ck_assert_uint_eq(get_le64(bp + 0x250), 0);
	free(bp);
	fixture_free(&fx);
}
END_TEST

START_TEST(e820_ext_setup_data)
{
	struct fixture fx;
	unsigned char *bp;
	size_t len, i, sd;

	fixture_init(&fx, 200);
	bp = build(&fx, "abc", 0, 0, &len, 0);
	ck_assert_uint_eq(bp[0x1e8], 128);
	check_entry(bp + 0x2d0 + 20 * 127, &fx.map.r[127]);
	ck_assert_uint_ne(get_le64(bp + 0x250), 0);
	sd = get_le64(bp + 0x250) - BP_ADDR;
	ck_assert_uint_eq(sd % 8, 0);
	ck_assert_uint_ge(sd, BP_SIZE + 4);
	ck_assert_uint_eq(len, sd + 16 + 72 * 20);
	ck_assert_uint_eq(get_le64(bp + sd), 0);		/* next */
	ck_assert_uint_eq(get_le32(bp + sd + 8), 1);		/* SETUP_E820_EXT */
	ck_assert_uint_eq(get_le32(bp + sd + 12), 72 * 20);
	for (i = 0; i < 72; i++)
		check_entry(bp + sd + 16 + 20 * i, &fx.map.r[128 + i]);
	free(bp);
	fixture_free(&fx);
}
END_TEST

/* ---- e820 maps --------------------------------------------------------- */

#define CRASH_START	0xa0000000ULL
#define CRASH_END	0xafffffffULL

static void fake_iomem(struct iomem *io)
{
	memset(io, 0, sizeof(*io));
	ranges_add(&io->ram, 0x1000, 0x9fbff, RANGE_RAM);
	ranges_add(&io->ram, 0x100000, 0xbffdffff, RANGE_RAM);
	ranges_add(&io->ram, 0x100000000ULL, 0x23fffffffULL, RANGE_RAM);
	ranges_add(&io->typed, 0x0, 0xfff, RANGE_RESERVED);
	ranges_add(&io->typed, 0x9fc00, 0xfffff, RANGE_RESERVED);
	ranges_add(&io->typed, 0xbffe0000, 0xbfffffff, RANGE_ACPI);
	ranges_add(&io->typed, 0xfeffc000, 0xfeffffff, RANGE_NVS);
	ranges_add(&io->typed, 0x300000000ULL, 0x33fffffffULL, RANGE_PMEM);
	ranges_add(&io->typed, 0x340000000ULL, 0x34fffffffULL, RANGE_PRAM);
	ranges_add(&io->crash, CRASH_START, CRASH_END, RANGE_RAM);
}

static void io_free(struct iomem *io)
{
	ranges_free(&io->ram);
	ranges_free(&io->typed);
	ranges_free(&io->crash);
	ranges_free(&io->gart);
}

static int is_low(const struct range *r)
{
	return r->end < E820_LOW_MEM_END;
}

static void check_crash_map(uint64_t hdr, uint64_t hdrsz)
{
	uint64_t first = hdr & ~0xfffULL;
	uint64_t last = ((hdr + hdrsz + 0xfff) & ~0xfffULL) - 1;
	struct range_list map = RANGE_LIST_INIT;
	uint64_t ram = 0;
	struct iomem io;
	size_t i;

	fake_iomem(&io);
	ck_assert_int_eq(e820_crash_map(&io, hdr, hdrsz, &map), 0);
	for (i = 0; i < map.n; i++) {
		const struct range *r = &map.r[i];

		if (i)
			ck_assert_uint_gt(r->start, map.r[i - 1].end);
		if (r->type != RANGE_RAM)
			continue;
		ck_assert_msg(is_low(r) || (r->start >= CRASH_START && r->end <= CRASH_END),
			      "RAM 0x%llx-0x%llx outside the crash region",
			      (unsigned long long)r->start, (unsigned long long)r->end);
		ck_assert_msg(r->end < first || r->start > last,
			      "RAM 0x%llx-0x%llx overlaps the elfcorehdr pages",
			      (unsigned long long)r->start, (unsigned long long)r->end);
		ram += range_size(r);
	}
	ck_assert_uint_eq(ram, (0x9fc00 - 0x1000) +
			  (CRASH_END - CRASH_START + 1) - (last - first + 1));
	ranges_free(&map);
	io_free(&io);
}

START_TEST(crash_map_excludes_rounded_elfcorehdr)
{
	/* kexec-tools' leak: 1 KiB rounding left 0xaff60400-0xaff60fff as RAM */
	check_crash_map(0xafe80000ULL, 0xe0400);
	check_crash_map(0xafe80400ULL, 0xe0400);
	check_crash_map(0xaffff000ULL, 0x1000);	/* at the very end */
	check_crash_map(CRASH_START, 0xe1000);	/* at the very start */
}
END_TEST

static int has_range(const struct range_list *m, uint64_t s, uint64_t e,
		     unsigned int type)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].start == s && m->r[i].end == e && m->r[i].type == type)
			return 1;
	return 0;
}

START_TEST(crash_map_types)
{
	struct range_list map = RANGE_LIST_INIT;
	struct iomem io;

	fake_iomem(&io);
	ck_assert_int_eq(e820_crash_map(&io, 0xafe80000ULL, 0xe1000, &map), 0);
	ck_assert(has_range(&map, 0, 0xfff, RANGE_RESERVED));
	ck_assert(has_range(&map, 0x1000, 0x9fbff, RANGE_RAM));
	ck_assert(has_range(&map, 0x9fc00, 0xfffff, RANGE_RESERVED));
	ck_assert(has_range(&map, CRASH_START, 0xafe7ffff, RANGE_RAM));
	ck_assert(has_range(&map, 0xaff61000, CRASH_END, RANGE_RAM));
	ck_assert(has_range(&map, 0xbffe0000, 0xbfffffff, RANGE_ACPI));
	ck_assert(has_range(&map, 0xfeffc000, 0xfeffffff, RANGE_NVS));
	ck_assert(has_range(&map, 0x300000000ULL, 0x33fffffffULL, RANGE_PMEM));
	ck_assert(has_range(&map, 0x340000000ULL, 0x34fffffffULL, RANGE_PRAM));
	ck_assert_uint_eq(map.n, 9);
	ranges_free(&map);
	io_free(&io);
}
END_TEST

START_TEST(load_map_is_whole_machine)
{
	struct range_list map = RANGE_LIST_INIT;
	struct iomem io;

	fake_iomem(&io);
	/* a reserved range nested inside System RAM wins over it */
	ranges_add(&io.typed, 0x2000000, 0x2ffffff, RANGE_RESERVED);
	ck_assert_int_eq(e820_load_map(&io, &map), 0);
	ck_assert(has_range(&map, 0x1000, 0x9fbff, RANGE_RAM));
	ck_assert(has_range(&map, 0x100000, 0x1ffffff, RANGE_RAM));
	ck_assert(has_range(&map, 0x2000000, 0x2ffffff, RANGE_RESERVED));
	ck_assert(has_range(&map, 0x3000000, 0xbffdffff, RANGE_RAM));
	ck_assert(has_range(&map, 0x100000000ULL, 0x23fffffffULL, RANGE_RAM));
	ck_assert(has_range(&map, 0xbffe0000, 0xbfffffff, RANGE_ACPI));
	ranges_free(&map);
	io_free(&io);
}
END_TEST

static Suite *bootparams_suite(void)
{
	Suite *s = suite_create("bootparams");
	TCase *zp = tcase_create("zero page");
	TCase *e8 = tcase_create("e820");

	tcase_add_test(zp, header_copy_and_loader);
	tcase_add_test(zp, cmdline_and_initrd_pointers);
	tcase_add_test(zp, running_boot_params_values);
	tcase_add_test(zp, e820_in_zero_page);
	tcase_add_test(zp, e820_ext_setup_data);
	tcase_add_test(e8, crash_map_excludes_rounded_elfcorehdr);
	tcase_add_test(e8, crash_map_types);
	tcase_add_test(e8, load_map_is_whole_machine);
	suite_add_tcase(s, zp);
	suite_add_tcase(s, e8);
	return s;
}

int main(void)
{
	return check_run(bootparams_suite());
}
