// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_crash.c - unit tests for kexec/plan/crash.c: the elfcorehdr segment with
 * and without --hotplug against temporary sysroots (Debian 6.12's 917616,
 * 7- and 8-digit sizes, a missing node, zero, a header too large), and the
 * notes read from the sysroot.  The ELF magic rule is test_plan.c's, the
 * FDT magic rule test_ppc64_plan.c's, the hot-plug flag test_arch.c's.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "crash.h"
#include "helpers/stderr_capture.h"
#include "helpers/tmpsysroot.h"
#include "kexec-abi.h"
#include "sysroot.h"

#define REGION_START	0xa0000000ULL
#define REGION_END	0xafffffffULL
#define PAGE_OFFSET	0xffff888000000000ULL

/* ---- a throw-away sysroot with only /sys/kernel/crash_elfcorehdr_size -- */

struct tmp_root {
	char *dir;
	struct sysroot root;
};

static void tmp_root_init(struct tmp_root *t, const char *size_text)
{
	t->dir = tmpsysroot_new();
	tmpsysroot_mkdir(t->dir, "sys/kernel");
	if (size_text)
		tmpsysroot_write(t->dir, "sys/kernel/crash_elfcorehdr_size",
				 size_text);
	ck_assert_int_eq(sysroot_open(&t->root, t->dir), 0);
}

static void tmp_root_free(struct tmp_root *t)
{
	sysroot_close(&t->root);
	tmpsysroot_remove(t->dir);
}

/* ---- one crash load's worth of state --------------------------------- */

/* The machine a header describes. */
struct target {
	const char *name;
	uint16_t e_machine;
};

static const struct target test_x86 = { "x86_64", EM_X86_64 };
static const struct target test_ppc = { "ppc64le", EM_PPC64 };

struct load {
	struct tmp_root tr;
	bool hotplug;
	struct plan plan;
	struct placer pl;
	struct range_list win, ram;
	struct crash_note notes[4];
	struct elfcore_desc d;
};

static void load_init(struct load *l, const char *size_text, bool hotplug,
		      const struct target *arch, uint64_t page, size_t nr_ram)
{
	memset(l, 0, sizeof(*l));
	tmp_root_init(&l->tr, size_text);
	l->hotplug = hotplug;
	plan_init(&l->plan, arch->name);
	ck_assert_int_eq(plan_append_cmdline(&l->plan, "console=ttyS0"), 0);
	ck_assert_int_eq(ranges_add(&l->win, REGION_START, REGION_END, RANGE_RAM), 0);
	ck_assert_int_eq(placer_init(&l->pl, &l->win, 0, UINT64_MAX, page), 0);
	for (unsigned int i = 0; i < 4; i++)
		l->notes[i] = (struct crash_note){
			.cpu = i, .addr = 0x13fc00000ULL + i * 0x400, .size = 368 };
	for (size_t i = 0; i < nr_ram; i++)
		ck_assert_int_eq(ranges_add(&l->ram, 0x100000ULL + i * 0x200000,
					    0x1fffffULL + i * 0x200000,
					    RANGE_RAM), 0);
	l->d = (struct elfcore_desc){
		.e_machine = arch->e_machine,
		.notes = l->notes, .nr_notes = 4,
		.has_vmcoreinfo = true,
		.vmcoreinfo_addr = 0x100c62000ULL, .vmcoreinfo_size = 4132,
		.ram = &l->ram, .page_offset = PAGE_OFFSET,
	};
}

static void load_free(struct load *l)
{
	placer_free(&l->pl);
	plan_free(&l->plan);
	ranges_free(&l->win);
	ranges_free(&l->ram);
	tmp_root_free(&l->tr);
}

static int load_run(struct load *l, uint64_t align)
{
	return crash_add_elfcorehdr(&l->tr.root, l->hotplug, &l->plan, &l->pl,
				    &l->d, align);
}

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* Everything a successful load must satisfy, hotplug or not. */
static const struct segment *check_segment(struct load *l, uint64_t page)
{
	const struct segment *s = plan_find(&l->plan, SEG_ELFCOREHDR);
	const struct elfcorehdr_info *e = &l->plan.elfcorehdr;
	char want[64];

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(l->plan.nr_seg, 1);
	ck_assert_uint_eq(s->bufsz, elfcore_size(&l->d));
	ck_assert_mem_eq(s->buf, ELFMAG, SELFMAG);
	ck_assert_uint_eq(s->mem % page, 0);
	ck_assert_uint_eq(s->memsz % page, 0);
	ck_assert_uint_ge(s->memsz, s->bufsz);
	ck_assert_uint_ge(s->mem, REGION_START);
	ck_assert_uint_le(s->mem + s->memsz - 1, REGION_END);
	ck_assert(e->present);
	ck_assert_uint_eq(e->mem, s->mem);
	ck_assert_uint_eq(e->memsz, s->memsz);
	ck_assert_uint_eq(e->used, s->bufsz);
	ck_assert_uint_eq(e->cpu_notes, 4);
	snprintf(want, sizeof(want), "console=ttyS0 elfcorehdr=%lluK",
		 (unsigned long long)(s->mem / 1024));
	ck_assert_str_eq(l->plan.cmdline, want);
	return s;
}

static void check_hotplug(struct load *l, uint64_t page, uint64_t sysfs)
{
	const struct segment *s = check_segment(l, page);

	ck_assert_uint_ge(s->memsz, sysfs);
	ck_assert_uint_eq(s->memsz, round_up(sysfs + 64, page));
	ck_assert(!s->in_digest);
	ck_assert_uint_eq(l->plan.flags, 0);	/* arch_plan_load's job */
}

START_TEST(test_hotplug_debian_917616)
{
	struct load l;
	const struct segment *s;

	load_init(&l, "917616\n", true, &test_x86, 4096, 3);
	l.d.has_text = true;
	l.d.text_paddr = 0x1000000;
	l.d.text_vaddr = 0xffffffff81000000ULL;
	l.d.text_size = 0x2000000;
	ck_assert_int_eq(load_run(&l, 1024), 0);
	check_hotplug(&l, 4096, 917616);
	s = plan_find(&l.plan, SEG_ELFCOREHDR);
	ck_assert_uint_eq(s->memsz, 0xe1000);	/* what Debian 6.12 expects */
	/* top-down: the header ends at the top of the crash region */
	ck_assert_uint_eq(s->mem + s->memsz - 1, REGION_END);
	ck_assert_uint_eq(s->mem, 0xaff1f000);
	ck_assert_str_eq(l.plan.cmdline, "console=ttyS0 elfcorehdr=2882684K");
	/* loads: text first, then every RAM range, in header order */
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.n, 4);
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[0].start, 0x1000000);
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[0].end, 0x2ffffff);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[i + 1].start,
				  l.ram.r[i].start);
		ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[i + 1].end,
				  l.ram.r[i].end);
	}
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_seven_digits)
{
	struct load l;

	load_init(&l, "1019200\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	check_hotplug(&l, 4096, 1019200);
	ck_assert_uint_eq(plan_find(&l.plan, SEG_ELFCOREHDR)->memsz, 1019904);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_eight_digits)
{
	struct load l;

	load_init(&l, "12345678\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	check_hotplug(&l, 4096, 12345678);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_ppc64_64k_pages)
{
	struct load l;
	const struct segment *s;

	load_init(&l, "459096\n", true, &test_ppc, 0x10000, 2);
	l.d.has_backup = true;
	l.d.backup_src = 0;
	l.d.backup_size = 0x10000;
	l.d.backup_dst = 0xa0000000;
	ck_assert_int_eq(load_run(&l, 0x10000), 0);
	check_hotplug(&l, 0x10000, 459096);
	s = plan_find(&l.plan, SEG_ELFCOREHDR);
	ck_assert_uint_eq(s->memsz, 0x80000);
	ck_assert_uint_eq(l.plan.flags & KEXEC_UPDATE_ELFCOREHDR, 0);
	/* the backup PT_LOAD's physical range (p_paddr 0) comes first */
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.n, 3);
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[0].start, 0);
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.r[0].end, 0xffff);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_missing_node)
{
	struct load l;

	load_init(&l, NULL, true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), -EOPNOTSUPP);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	ck_assert(!l.plan.elfcorehdr.present);
	ck_assert_uint_eq(l.plan.flags, 0);
	ck_assert_str_eq(l.plan.cmdline, "console=ttyS0");
	/* nothing was taken from the placer */
	ck_assert_uint_eq(placer_free_bytes(&l.pl), REGION_END - REGION_START + 1);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_zero)
{
	struct load l;

	load_init(&l, "0\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), -EINVAL);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	ck_assert_uint_eq(l.plan.flags, 0);
	load_free(&l);
}
END_TEST

/* late-2025 kernels also publish it under /sys/kernel/kexec/ */
START_TEST(test_hotplug_kexec_dir_node)
{
	struct load l;

	load_init(&l, NULL, true, &test_x86, 4096, 2);
	tmpsysroot_write(l.tr.dir, "sys/kernel/kexec/crash_elfcorehdr_size",
			 "917616\n");
	ck_assert_int_eq(load_run(&l, 4096), 0);
	check_hotplug(&l, 4096, 917616);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_garbage)
{
	struct load l;

	load_init(&l, "lots\n", true, &test_x86, 4096, 2);
	ck_assert_int_lt(load_run(&l, 4096), 0);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	ck_assert_uint_eq(l.plan.flags, 0);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_implausible)
{
	struct load l;

	load_init(&l, "18446744073709551615\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), -ERANGE);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_header_too_large)
{
	struct load l;
	size_t len;

	/* 4 notes + vmcoreinfo + 100 ranges = 105 phdrs = 5944 bytes */
	load_init(&l, "5880\n", true, &test_x86, 4096, 100);
	len = elfcore_size(&l.d);
	ck_assert_uint_eq(len, 64 + 105 * 56);
	ck_assert_int_eq(load_run(&l, 4096), -E2BIG);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	ck_assert_uint_eq(l.plan.flags, 0);
	ck_assert_str_eq(l.plan.cmdline, "console=ttyS0");
	load_free(&l);
}
END_TEST

START_TEST(test_hotplug_header_exactly_fits)
{
	struct load l;

	load_init(&l, "5944\n", true, &test_x86, 4096, 100);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	check_hotplug(&l, 4096, 5944);
	load_free(&l);
}
END_TEST

/* x86's sysfs size counts phdrs only: the kernel adds the 64-byte Ehdr */
START_TEST(test_hotplug_sysfs_page_multiple)
{
	struct load l;

	load_init(&l, "8192\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	check_hotplug(&l, 4096, 8192);
	ck_assert_uint_eq(plan_find(&l.plan, SEG_ELFCOREHDR)->memsz, 12288);
	load_free(&l);
}
END_TEST

START_TEST(test_no_hotplug)
{
	struct load l;
	const struct segment *s;

	/* the sysfs node is irrelevant (and absent) without --hotplug */
	load_init(&l, NULL, false, &test_x86, 4096, 3);
	ck_assert_int_eq(load_run(&l, 1024), 0);
	s = check_segment(&l, 4096);
	ck_assert_uint_eq(s->memsz, round_up(s->bufsz, 4096));
	ck_assert_uint_eq(s->memsz, 4096);
	ck_assert(s->in_digest);
	ck_assert_uint_eq(l.plan.flags, 0);
	ck_assert_uint_eq(s->mem + s->memsz - 1, REGION_END);
	ck_assert_uint_eq(l.plan.elfcorehdr.loads.n, 3);
	load_free(&l);
}
END_TEST

START_TEST(test_no_hotplug_ignores_sysfs_size)
{
	struct load l;
	const struct segment *s;

	load_init(&l, "917616\n", false, &test_ppc, 0x10000, 3);
	ck_assert_int_eq(load_run(&l, 0), 0);
	s = check_segment(&l, 0x10000);
	ck_assert_uint_eq(s->memsz, 0x10000);
	ck_assert(s->in_digest);
	ck_assert_uint_eq(l.plan.flags, 0);
	load_free(&l);
}
END_TEST

START_TEST(test_large_alignment)
{
	struct load l;
	const struct segment *s;

	load_init(&l, "917616\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 0x200000), 0);
	s = check_segment(&l, 4096);
	ck_assert_uint_eq(s->mem % 0x200000, 0);
	load_free(&l);
}
END_TEST

START_TEST(test_region_too_small)
{
	struct load l;

	load_init(&l, "917616\n", true, &test_x86, 4096, 2);
	placer_free(&l.pl);
	ranges_free(&l.win);
	ck_assert_int_eq(ranges_add(&l.win, REGION_START, REGION_START + 0x7ffff,
				    RANGE_RAM), 0);
	ck_assert_int_eq(placer_init(&l.pl, &l.win, 0, UINT64_MAX, 4096), 0);
	ck_assert_int_lt(load_run(&l, 4096), 0);
	ck_assert_uint_eq(l.plan.nr_seg, 0);
	ck_assert(!l.plan.elfcorehdr.present);
	ck_assert_uint_eq(l.plan.flags, 0);
	load_free(&l);
}
END_TEST

START_TEST(test_twice_refused)
{
	struct load l;

	load_init(&l, "917616\n", true, &test_x86, 4096, 2);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	ck_assert_int_eq(load_run(&l, 4096), -EEXIST);
	ck_assert_uint_eq(l.plan.nr_seg, 1);
	load_free(&l);
}
END_TEST

/* The segment buffer read back with libelf is the header we described. */
START_TEST(test_segment_reads_back)
{
	struct load l;
	const struct segment *s;
	GElf_Ehdr eh;
	size_t phnum;
	Elf *elf;

	load_init(&l, "917616\n", true, &test_x86, 4096, 5);
	ck_assert_int_eq(load_run(&l, 4096), 0);
	s = plan_find(&l.plan, SEG_ELFCOREHDR);
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	elf = elf_memory(s->buf, s->bufsz);
	ck_assert_ptr_nonnull(elf);
	ck_assert_ptr_nonnull(gelf_getehdr(elf, &eh));
	ck_assert_uint_eq(eh.e_type, ET_CORE);
	ck_assert_uint_eq(eh.e_machine, EM_X86_64);
	ck_assert_int_eq(elf_getphdrnum(elf, &phnum), 0);
	ck_assert_uint_eq(phnum, 4 + 1 + 5);
	elf_end(elf);
	load_free(&l);
}
END_TEST

/* crash_read_notes: notes of the possible CPUs that have one; vmcoreinfo
 * optional with a warning. */
static void read_notes_in(const char *dir, struct elfcore_desc *d,
			  struct crash_note **notes, int *ret)
{
	struct sysroot root;

	ck_assert_int_eq(sysroot_open(&root, dir), 0);
	*ret = crash_read_notes(&root, d, notes);
	sysroot_close(&root);
}

START_TEST(test_read_notes)
{
	char *dir = tmpsysroot_new();
	struct elfcore_desc d = { 0 };
	struct crash_note *notes;
	const char *err;
	char path[4096];
	int ret;

	tmpsysroot_write(dir, "sys/devices/system/cpu/possible", "0-2\n");
	tmpsysroot_write(dir, "sys/devices/system/cpu/cpu0/crash_notes", "3ffd0000\n");
	tmpsysroot_write(dir, "sys/devices/system/cpu/cpu0/crash_notes_size", "368\n");
	tmpsysroot_write(dir, "sys/devices/system/cpu/cpu2/crash_notes", "3ffd1000\n");
	tmpsysroot_write(dir, "sys/devices/system/cpu/cpu2/crash_notes_size", "368\n");
	tmpsysroot_write(dir, "sys/kernel/vmcoreinfo", "0x0000000100c62000 1024\n");
	read_notes_in(dir, &d, &notes, &ret);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(d.nr_notes, 2);
	ck_assert_uint_eq(d.notes[1].cpu, 2);
	ck_assert_uint_eq(d.notes[1].addr, 0x3ffd1000);
	ck_assert(d.has_vmcoreinfo);
	ck_assert_uint_eq(d.vmcoreinfo_addr, 0x100c62000ULL);
	ck_assert_uint_eq(d.vmcoreinfo_size, 0x1024);
	free(notes);

	/* no vmcoreinfo: one warning, the notes still come */
	snprintf(path, sizeof(path), "%s/sys/kernel/vmcoreinfo", dir);
	ck_assert_int_eq(unlink(path), 0);
	memset(&d, 0, sizeof(d));
	capture_begin();
	read_notes_in(dir, &d, &notes, &ret);
	err = capture_end();
	ck_assert_int_eq(ret, 0);
	ck_assert(!d.has_vmcoreinfo);
	ck_assert_uint_eq(d.nr_notes, 2);
	ck_assert_ptr_nonnull(strstr(err, "warning: no /sys/kernel/vmcoreinfo"));
	free(notes);
	tmpsysroot_remove(dir);
}
END_TEST

static Suite *crash_suite(void)
{
	Suite *s = suite_create("crash");
	TCase *hdr = tcase_create("elfcorehdr");

	tcase_add_test(hdr, test_read_notes);
	tcase_add_test(hdr, test_hotplug_debian_917616);
	tcase_add_test(hdr, test_hotplug_seven_digits);
	tcase_add_test(hdr, test_hotplug_eight_digits);
	tcase_add_test(hdr, test_hotplug_ppc64_64k_pages);
	tcase_add_test(hdr, test_hotplug_missing_node);
	tcase_add_test(hdr, test_hotplug_zero);
	tcase_add_test(hdr, test_hotplug_kexec_dir_node);
	tcase_add_test(hdr, test_hotplug_garbage);
	tcase_add_test(hdr, test_hotplug_implausible);
	tcase_add_test(hdr, test_hotplug_header_too_large);
	tcase_add_test(hdr, test_hotplug_header_exactly_fits);
	tcase_add_test(hdr, test_hotplug_sysfs_page_multiple);
	tcase_add_test(hdr, test_no_hotplug);
	tcase_add_test(hdr, test_no_hotplug_ignores_sysfs_size);
	tcase_add_test(hdr, test_large_alignment);
	tcase_add_test(hdr, test_region_too_small);
	tcase_add_test(hdr, test_twice_refused);
	tcase_add_test(hdr, test_segment_reads_back);
	suite_add_tcase(s, hdr);
	return s;
}

int main(void)
{
	return check_run(crash_suite());
}
