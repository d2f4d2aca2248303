// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_iomem.c - unit tests of kexec/machine/iomem.c: a QEMU guest's /proc/iomem
 * (embedded, and the captured snapshot when it is present), the name
 * classes, nesting rules, malformed lines, the non-root all-zero file,
 * out-of-order and overlapping top-level ranges, and 8192+ range inputs.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "helpers/tmpsysroot.h"
#include "iomem.h"

#define MiB (1ull << 20)

static void assert_range(const struct range_list *l, size_t i, uint64_t start,
			 uint64_t end, unsigned int type)
{
	ck_assert_msg(i < l->n, "range %zu missing (have %zu)", i, l->n);
	ck_assert_msg(l->r[i].start == start && l->r[i].end == end &&
		      l->r[i].type == type,
		      "range %zu: %llx-%llx type %u, want %llx-%llx type %u", i,
		      (unsigned long long)l->r[i].start,
		      (unsigned long long)l->r[i].end, l->r[i].type,
		      (unsigned long long)start, (unsigned long long)end, type);
}

/* Parse text expecting success and no message. */
static void parse_ok(const char *text, struct iomem *m)
{
	int ret;

	capture_begin();
	ret = iomem_parse(text, m);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_int_eq(ret, 0);
}

/* Parse text expecting ret; returns the one message. */
static const char *parse_fail(const char *text, int want)
{
	struct iomem m;
	const char *msg;
	int ret;

	capture_begin();
	ret = iomem_parse(text, &m);
	msg = capture_end();
	ck_assert_int_eq(ret, want);
	ck_assert_ptr_null(m.ram.r);		/* nothing leaks out */
	ck_assert_uint_eq(m.ram.n + m.typed.n + m.crash.n + m.gart.n, 0);
	ck_assert_ptr_eq(strchr(msg, '\n'), msg + strlen(msg) - 1);
	return msg;
}

/*
 * QEMU 7.2 "-machine pc -m 4G", Debian 6.12 with crashkernel=256M (KASLR
 * moved the kernel; the reservation sits top-down below 4 GiB).
 */
static const char qemu_pc_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c99ff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000cb000-000cb5ff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-bffdffff : System RAM\n"
	"  1b200000-1c401fff : Kernel code\n"
	"  1c600000-1ce7dfff : Kernel rodata\n"
	"  1d000000-1d2bf9ff : Kernel data\n"
	"  1d8a6000-1dbfffff : Kernel bss\n"
	"  af000000-beffffff : Crash kernel\n"
	"bffe0000-bfffffff : Reserved\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:02.0\n"
	"    fd000000-fdffffff : bochs-drm\n"
	"  feb80000-febbffff : 0000:00:03.0\n"
	"  febd0000-febd0fff : 0000:00:02.0\n"
	"    febd0000-febd0fff : bochs-drm\n"
	"  febd1000-febd1fff : 0000:00:03.0\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fee00000-fee00fff : Local APIC\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-13fffffff : System RAM\n"
	"140000000-1bfffffff : PCI Bus 0000:00\n";

START_TEST(qemu_guest)
{
	struct iomem m;

	parse_ok(qemu_pc_iomem, &m);
	ck_assert_uint_eq(m.ram.n, 3);
	assert_range(&m.ram, 0, 0x1000, 0x9fbff, RANGE_RAM);
	assert_range(&m.ram, 1, 0x100000, 0xbffdffff, RANGE_RAM);
	assert_range(&m.ram, 2, 0x100000000ull, 0x13fffffffull, RANGE_RAM);
	ck_assert_uint_eq(m.typed.n, 5);
	assert_range(&m.typed, 0, 0, 0xfff, RANGE_RESERVED);
	assert_range(&m.typed, 1, 0x9fc00, 0x9ffff, RANGE_RESERVED);
	assert_range(&m.typed, 2, 0xf0000, 0xfffff, RANGE_RESERVED);
	assert_range(&m.typed, 3, 0xbffe0000, 0xbfffffff, RANGE_RESERVED);
	assert_range(&m.typed, 4, 0xfffc0000, 0xffffffff, RANGE_RESERVED);
	ck_assert_uint_eq(m.crash.n, 1);
	ck_assert_uint_eq(m.crash.r[0].start, 0xaf000000);
	ck_assert_uint_eq(range_size(&m.crash.r[0]), 256 * MiB);
	ck_assert_uint_eq(m.gart.n, 0);
	ck_assert(m.has_kernel_code);
	ck_assert_uint_eq(m.kernel_code_start, 0x1b200000);
	iomem_free(&m);
	ck_assert_ptr_null(m.ram.r);
	ck_assert_uint_eq(m.ram.n, 0);
	ck_assert(!m.has_kernel_code);
}
END_TEST

/*
 * e2e scenario 13a's guest (QEMU 7.2 "-machine pc -m 1G", a 2 GiB
 * virtio-mem-pci device with 1 GiB plugged, Debian 6.12 with virtio_mem
 * loaded and crashkernel=256M): the driver's memory is System RAM nested
 * under the device's region, which is not RAM itself.
 */
static const char qemu_pc_virtio_mem_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000c0000-000c9bff : Video ROM\n"
	"000ca000-000cadff : Adapter ROM\n"
	"000cb000-000cb5ff : Adapter ROM\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-3ffdffff : System RAM\n"
	"  2a600000-2b5fffff : Kernel code\n"
	"  2b600000-2c16cfff : Kernel rodata\n"
	"  2c200000-2c470d7f : Kernel data\n"
	"  2cd2f000-2d1fffff : Kernel bss\n"
	"  2e000000-3dffffff : Crash kernel\n"
	"3ffe0000-3fffffff : Reserved\n"
	"40000000-febfffff : PCI Bus 0000:00\n"
	"  fd000000-fdffffff : 0000:00:02.0\n"
	"  fe000000-fe003fff : 0000:00:04.0\n"
	"    fe000000-fe003fff : virtio-pci-modern\n"
	"  feb80000-febbffff : 0000:00:03.0\n"
	"  febc0000-febdffff : 0000:00:03.0\n"
	"  febf0000-febf0fff : 0000:00:02.0\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fed00000-fed003ff : HPET 0\n"
	"  fed00000-fed003ff : PNP0103:00\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-17fffffff : virtio0\n"
	"  100000000-13fffffff : System RAM (virtio_mem)\n"
	"6c0000000-73fffffff : PCI Bus 0000:00\n"
	"fd00000000-ffffffffff : Reserved\n";

START_TEST(qemu_guest_virtio_mem)
{
	struct iomem m;

	parse_ok(qemu_pc_virtio_mem_iomem, &m);
	ck_assert_uint_eq(m.ram.n, 3);
	assert_range(&m.ram, 0, 0x1000, 0x9fbff, RANGE_RAM);
	assert_range(&m.ram, 1, 0x100000, 0x3ffdffff, RANGE_RAM);
	assert_range(&m.ram, 2, 0x100000000ull, 0x13fffffffull, RANGE_RAM);
	ck_assert_uint_eq(m.crash.n, 1);
	ck_assert_uint_eq(m.crash.r[0].start, 0x2e000000);
	ck_assert_uint_eq(range_size(&m.crash.r[0]), 256 * MiB);
	ck_assert_uint_eq(m.kernel_code_start, 0x2a600000);
	iomem_free(&m);

	/* 13b: after unplugging down to 512 MiB the range shrinks in place */
	parse_ok("00100000-3ffdffff : System RAM\n"
		 "100000000-17fffffff : virtio0\n"
		 "  100000000-11fffffff : System RAM (virtio_mem)\n"
		 "6c0000000-73fffffff : PCI Bus 0000:00\n", &m);
	ck_assert_uint_eq(m.ram.n, 2);
	assert_range(&m.ram, 1, 0x100000000ull, 0x11fffffffull, RANGE_RAM);
	ck_assert_uint_eq(m.typed.n, 0);
	iomem_free(&m);
}
END_TEST

/* Ranges of a list sorted and disjoint; returns the total size. */
static uint64_t assert_sorted_disjoint(const struct range_list *l)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			ck_assert_uint_gt(l->r[i].start, l->r[i - 1].end);
		total += range_size(&l->r[i]);
	}
	return total;
}

/* The snapshot captured from a QEMU guest, once it is in the tree. */
START_TEST(fixture_snapshot)
{
	const char *srcdir = getenv("TEST_SRCDIR");
	struct sysroot s;
	struct iomem m;
	char *dir, *file;
	FILE *f;
	size_t i;
	bool in_ram = false;

	if (!srcdir)
		srcdir = "tests";
	ck_assert_int_ge(asprintf(&dir, "%s/fixtures/sysroot/deb12-x86_64-boot",
				  srcdir), 0);
	ck_assert_int_ge(asprintf(&file, "%s/proc/iomem", dir), 0);
	f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "note: %s not present, snapshot check skipped\n",
			file);
		goto out;
	}
	fclose(f);
	ck_assert_int_eq(sysroot_open(&s, dir), 0);
	ck_assert_int_eq(iomem_read(&s, &m), 0);
	ck_assert_uint_ge(m.ram.n, 2);
	ck_assert_uint_gt(assert_sorted_disjoint(&m.ram), 512 * MiB);
	ck_assert_uint_eq(m.crash.n, 1);
	ck_assert_uint_eq(range_size(&m.crash.r[0]), 256 * MiB);
	ck_assert(m.has_kernel_code);
	for (i = 0; i < m.ram.n; i++)
		in_ram |= m.kernel_code_start >= m.ram.r[i].start &&
			  m.kernel_code_start <= m.ram.r[i].end;
	ck_assert(in_ram);
	iomem_free(&m);
	sysroot_close(&s);
out:
	free(file);
	free(dir);
}
END_TEST

/* ---- classes ---------------------------------------------------------- */

START_TEST(classes)
{
	struct iomem m;

	parse_ok("00000000-00000fff : reserved\n"
		 "00001000-00001fff : ACPI Tables\n"
		 "00002000-00002fff : ACPI Non-volatile Storage\n"
		 "00003000-00003fff : Persistent Memory (legacy)\n"
		 "00004000-00004fff : Persistent Memory\n"
		 "00005000-00005fff : Reserved\n"
		 "00006000-00006fff : GART\n"
		 "00007000-00007fff : System RAM (kmem)\n"
		 "00008000-00008fff : ACPI Tables \n"	/* not exact */
		 "00009000-00009fff : Reserved region\n"
		 "0000a000-0000afff : Soft Reserved\n"
		 "0000b000-0000bfff : RESERVED\n"
		 "0000c000-0000cfff : Crash kernel\n"
		 "0000d000-0000dfff : Kernel code\n", &m);
	ck_assert_uint_eq(m.typed.n, 6);
	assert_range(&m.typed, 0, 0x0000, 0x0fff, RANGE_RESERVED);
	assert_range(&m.typed, 1, 0x1000, 0x1fff, RANGE_ACPI);
	assert_range(&m.typed, 2, 0x2000, 0x2fff, RANGE_NVS);
	assert_range(&m.typed, 3, 0x3000, 0x3fff, RANGE_PRAM);
	assert_range(&m.typed, 4, 0x4000, 0x4fff, RANGE_PMEM);
	assert_range(&m.typed, 5, 0x5000, 0x5fff, RANGE_RESERVED);
	ck_assert_uint_eq(m.gart.n, 1);
	ck_assert_uint_eq(m.gart.r[0].start, 0x6000);
	ck_assert_uint_eq(m.ram.n, 1);
	assert_range(&m.ram, 0, 0x7000, 0x7fff, RANGE_RAM);
	ck_assert_uint_eq(m.crash.n, 1);
	ck_assert_uint_eq(m.crash.r[0].start, 0xc000);
	ck_assert(m.has_kernel_code);
	ck_assert_uint_eq(m.kernel_code_start, 0xd000);
	iomem_free(&m);
}
END_TEST

/* Hot-plugged and driver-managed RAM appears nested under other nodes. */
START_TEST(nested_ram_kinds)
{
	struct iomem m;

	parse_ok("00100000-3fffffff : System RAM\n"
		 "140000000-1bfffffff : Persistent Memory\n"
		 "  140000000-1bfffffff : dax0.0\n"
		 "    140000000-1bfffffff : System RAM (kmem)\n"
		 "200000000-2ffffffff : virtio0\n"
		 "  200000000-207ffffff : System RAM (virtio_mem)\n"
		 "  208000000-20fffffff : System RAM (virtio_mem)\n", &m);
	ck_assert_uint_eq(m.ram.n, 4);
	assert_range(&m.ram, 1, 0x140000000ull, 0x1bfffffffull, RANGE_RAM);
	assert_range(&m.ram, 2, 0x200000000ull, 0x207ffffffull, RANGE_RAM);
	assert_range(&m.ram, 3, 0x208000000ull, 0x20fffffffull, RANGE_RAM);
	ck_assert_uint_eq(m.typed.n, 1);
	assert_range(&m.typed, 0, 0x140000000ull, 0x1bfffffffull, RANGE_PMEM);
	iomem_free(&m);
}
END_TEST

/* Children of RAM never split it; a class inside itself counts once. */
START_TEST(nested_no_split_no_duplicate)
{
	struct iomem m;

	parse_ok("00100000-3fffffff : System RAM\n"
		 "  01000000-01ffffff : Kernel code\n"
		 "  02000000-02ffffff : Kernel data\n"
		 "  03000000-03ffffff : System RAM\n"
		 "    03000000-030fffff : System RAM\n"
		 "  04000000-04ffffff : reserved\n"
		 "    04000000-047fffff : reserved\n"
		 "  20000000-2fffffff : Crash kernel\n"
		 "40000000-4fffffff : Reserved\n"
		 "  40000000-40ffffff : Reserved\n"
		 "  41000000-41ffffff : ACPI Tables\n", &m);
	ck_assert_uint_eq(m.ram.n, 1);
	assert_range(&m.ram, 0, 0x100000, 0x3fffffff, RANGE_RAM);
	ck_assert_uint_eq(m.typed.n, 3);
	assert_range(&m.typed, 0, 0x04000000, 0x04ffffff, RANGE_RESERVED);
	assert_range(&m.typed, 1, 0x40000000, 0x4fffffff, RANGE_RESERVED);
	assert_range(&m.typed, 2, 0x41000000, 0x41ffffff, RANGE_ACPI);
	ck_assert_uint_eq(m.crash.n, 1);
	ck_assert_uint_eq(m.kernel_code_start, 0x01000000);
	iomem_free(&m);
}
END_TEST

/* A ",low" reservation beside the main one: both listed, sorted. */
START_TEST(two_crash_kernels)
{
	struct iomem m;

	parse_ok("00100000-7fffffff : System RAM\n"
		 "  70000000-77ffffff : Crash kernel\n"
		 "100000000-23fffffff : System RAM\n"
		 "  1f0000000-22fffffff : Crash kernel\n"
		 "  200000000-2000fffff : Kernel code\n", &m);
	ck_assert_uint_eq(m.crash.n, 2);
	assert_range(&m.crash, 0, 0x70000000, 0x77ffffff, RANGE_RAM);
	assert_range(&m.crash, 1, 0x1f0000000ull, 0x22fffffffull, RANGE_RAM);
	iomem_free(&m);
}
END_TEST

START_TEST(first_kernel_code_wins)
{
	struct iomem m;

	parse_ok("00100000-7fffffff : System RAM\n"
		 "  01000000-01ffffff : Kernel code\n"
		 "  05000000-05ffffff : Kernel code\n", &m);
	ck_assert_uint_eq(m.kernel_code_start, 0x01000000);
	iomem_free(&m);
	parse_ok("00100000-7fffffff : System RAM\n", &m);
	ck_assert(!m.has_kernel_code);
	iomem_free(&m);
}
END_TEST

START_TEST(lexical_details)
{
	struct iomem m;

	/* blank lines, no final newline, upper-case hex, 2^64-1, odd indent */
	parse_ok("\n00001000-0009FBFF : System RAM\n\n"
		 "ffffffff00000000-ffffffffffffffff : Reserved\n"
		 "   ffffffff00000000-ffffffff00000fff : a : b\n"
		 "00100000-001fffff : System RAM", &m);
	ck_assert_uint_eq(m.ram.n, 2);
	assert_range(&m.ram, 0, 0x1000, 0x9fbff, RANGE_RAM);
	assert_range(&m.ram, 1, 0x100000, 0x1fffff, RANGE_RAM);
	ck_assert_uint_eq(m.typed.n, 1);
	ck_assert_uint_eq(m.typed.r[0].end, UINT64_MAX);
	iomem_free(&m);
}
END_TEST

/* ---- errors ----------------------------------------------------------- */

static const char *const bad_lines[] = {
	"garbage",
	"00000000-00000fff System RAM",
	"00000000-00000fff: System RAM",
	"00000000 - 00000fff : System RAM",
	"00000000-00000fff :System RAM",
	"00000000-00000fff :",
	"-00000fff : System RAM",
	"00000000- : System RAM",
	"0x1000-0x2000 : System RAM",
	"00000000-10000000000000000 : System RAM",	/* 17 digits */
	"\t00000000-00000fff : System RAM",
	"   ",
	"00000000_00000fff : System RAM",
};

START_TEST(malformed_line)
{
	char text[256];
	const char *msg;

	snprintf(text, sizeof(text), "00000000-00000fff : Reserved\n"
		 "00001000-0009fbff : System RAM\n%s\n"
		 "00100000-001fffff : System RAM\n", bad_lines[_i]);
	msg = parse_fail(text, -EINVAL);
	assert_has(msg, "kexec: cannot parse /proc/iomem line 3 ");
	assert_has(msg, "expected \"<hex start>-<hex end> : <name>\"");
}
END_TEST

START_TEST(end_below_start)
{
	const char *msg;

	msg = parse_fail("00001000-0009fbff : System RAM\n"
			 "00200000-001fffff : System RAM\n", -EINVAL);
	assert_has(msg, "line 2 \"00200000-001fffff : System RAM\"");
	assert_has(msg, "end address below start address");
}
END_TEST

START_TEST(child_outside_parent)
{
	const char *msg;

	msg = parse_fail("00100000-3fffffff : System RAM\n"
			 "  01000000-01ffffff : Kernel code\n"
			 "  3ff00000-40ffffff : Crash kernel\n", -EINVAL);
	assert_has(msg, "line 3: 3ff00000-40ffffff is not inside its parent 100000-3fffffff on line 1");
}
END_TEST

/* Read without CAP_SYS_ADMIN, the kernel prints every address as 0. */
START_TEST(all_zero_needs_root)
{
	const char *msg;

	msg = parse_fail("00000000-00000000 : Reserved\n"
			 "00000000-00000000 : System RAM\n"
			 "  00000000-00000000 : Kernel code\n"
			 "00000000-00000000 : System RAM\n", -EPERM);
	assert_has(msg, "every address reads as zero");
	assert_has(msg, "run as root");
}
END_TEST

START_TEST(empty_text)
{
	assert_has(parse_fail("", -EINVAL), "lists no ranges");
	assert_has(parse_fail("\n\n", -EINVAL), "lists no ranges");
}
END_TEST

/* Decision: top-level lines out of order are accepted; lists come sorted. */
START_TEST(unsorted_top_level_sorted)
{
	struct iomem m;

	parse_ok("100000000-13fffffff : System RAM\n"
		 "fffc0000-ffffffff : Reserved\n"
		 "00100000-bffdffff : System RAM\n"
		 "  af000000-beffffff : Crash kernel\n"
		 "00001000-0009fbff : System RAM\n"
		 "00000000-00000fff : Reserved\n", &m);
	ck_assert_uint_eq(m.ram.n, 3);
	assert_range(&m.ram, 0, 0x1000, 0x9fbff, RANGE_RAM);
	assert_range(&m.ram, 1, 0x100000, 0xbffdffff, RANGE_RAM);
	assert_range(&m.ram, 2, 0x100000000ull, 0x13fffffffull, RANGE_RAM);
	assert_range(&m.typed, 0, 0, 0xfff, RANGE_RESERVED);
	assert_range(&m.typed, 1, 0xfffc0000, 0xffffffff, RANGE_RESERVED);
	iomem_free(&m);
}
END_TEST

/* Decision: overlapping top-level ranges cannot come from the kernel. */
START_TEST(overlapping_top_level_rejected)
{
	const char *msg;

	msg = parse_fail("00001000-0009fbff : System RAM\n"
			 "00100000-bffdffff : System RAM\n"
			 "00000000-00000fff : Reserved\n"
			 "bff00000-bfffffff : Reserved\n", -EINVAL);
	assert_has(msg, "top-level ranges on lines 2 and 4 overlap (100000-bffdffff, bff00000-bfffffff)");
	msg = parse_fail("00100000-bffdffff : System RAM\n"
			 "00100000-bffdffff : System RAM\n", -EINVAL);
	assert_has(msg, "lines 1 and 2 overlap");
}
END_TEST

/* ---- sizes and the sysroot reader ------------------------------------- */

#define MANY 20000

/* MANY RAM ranges, each with a reserved hole and a nested child. */
static char *many_ranges(int reverse)
{
	size_t cap = (size_t)MANY * 120, off = 0;
	char *t = malloc(cap);
	int i;

	for (i = 0; i < MANY; i++) {
		uint64_t base = (uint64_t)(reverse ? MANY - 1 - i : i) << 28;

		off += snprintf(t + off, cap - off,
				"%llx-%llx : System RAM\n"
				"  %llx-%llx : Kernel data\n"
				"%llx-%llx : reserved\n",
				(unsigned long long)base,
				(unsigned long long)base + 0x7ffffff,
				(unsigned long long)base + 0x1000,
				(unsigned long long)base + 0x1fff,
				(unsigned long long)base + 0x8000000,
				(unsigned long long)base + 0x8000fff);
	}
	return t;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(many_ranges_fast)
{
	char *text = many_ranges(_i);
	struct iomem m;
	double t0;
	size_t i;

	t0 = now();
	parse_ok(text, &m);
	ck_assert_msg(now() - t0 < 1.0, "parse of %d ranges took %.3f s",
		      3 * MANY, now() - t0);
	ck_assert_uint_eq(m.ram.n, MANY);
	ck_assert_uint_eq(m.typed.n, MANY);
	for (i = 0; i < m.ram.n; i++)
		ck_assert_uint_eq(m.ram.r[i].start, (uint64_t)i << 28);
	ck_assert_uint_eq(assert_sorted_disjoint(&m.ram),
			  (uint64_t)MANY * 0x8000000);
	iomem_free(&m);
	free(text);
}
END_TEST

START_TEST(read_through_sysroot)
{
	char *root = tmpsysroot_new();
	struct sysroot s;
	struct iomem m;

	tmpsysroot_write(root, "proc/iomem", qemu_pc_iomem);
	ck_assert_int_eq(sysroot_open(&s, root), 0);
	ck_assert_int_eq(iomem_read(&s, &m), 0);
	ck_assert_uint_eq(m.ram.n, 3);
	ck_assert_uint_eq(m.crash.n, 1);
	iomem_free(&m);
	sysroot_close(&s);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(read_missing_reports)
{
	char *root = tmpsysroot_new();
	struct sysroot s;
	struct iomem m;
	char expect[600];

	snprintf(expect, sizeof(expect),
		 "kexec: cannot read %s/proc/iomem: No such file or directory\n",
		 root);
	ck_assert_int_eq(sysroot_open(&s, root), 0);
	capture_begin();
	ck_assert_int_eq(iomem_read(&s, &m), -ENOENT);
	ck_assert_str_eq(capture_end(), expect);
	sysroot_close(&s);
	tmpsysroot_remove(root);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *iomem_suite(void)
{
	Suite *s = suite_create("iomem");
	TCase *tc = tcase_create("iomem");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, qemu_guest);
	tcase_add_test(tc, qemu_guest_virtio_mem);
	tcase_add_test(tc, fixture_snapshot);
	tcase_add_test(tc, classes);
	tcase_add_test(tc, nested_ram_kinds);
	tcase_add_test(tc, nested_no_split_no_duplicate);
	tcase_add_test(tc, two_crash_kernels);
	tcase_add_test(tc, first_kernel_code_wins);
	tcase_add_test(tc, lexical_details);
	tcase_add_loop_test(tc, malformed_line, 0, N(bad_lines));
	tcase_add_test(tc, end_below_start);
	tcase_add_test(tc, child_outside_parent);
	tcase_add_test(tc, all_zero_needs_root);
	tcase_add_test(tc, empty_text);
	tcase_add_test(tc, unsorted_top_level_sorted);
	tcase_add_test(tc, overlapping_top_level_rejected);
	tcase_add_loop_test(tc, many_ranges_fast, 0, 2);
	tcase_add_test(tc, read_through_sysroot);
	tcase_add_test(tc, read_missing_reports);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tmpsysroot_check_run(iomem_suite());
}
