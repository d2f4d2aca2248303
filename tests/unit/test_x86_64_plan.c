// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_x86_64_plan.c - whole x86_64 plans against a synthetic machine (a
 * temporary sysroot with iomem, kcore head, crash notes, vmcoreinfo and
 * boot_params), against the captured snapshot deb12-x86_64-boot when it is
 * present, and against a real kernel named by KEXEC_TEST_KERNEL.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/fake_elf.h"
#include "arch.h"
#include "arch/x86_64/bootparams.h"
#include "arch/x86_64/x86_64.h"
#include "file.h"
#include "plan.h"
#include "sysroot.h"
#include "x86_fake_bzimage.h"

#define CRASH_START	0xa0000000ULL
#define CRASH_END	0xafffffffULL
#define KCODE		0x5a000000ULL
#define PAGE_OFF	0xffff9b4000000000ULL
#define RSDP		0xbffde014ULL
#define HP_SIZE		917616

static const char iomem_text[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000a0000-000bffff : PCI Bus 0000:00\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-bffdffff : System RAM\n"
	"  5a000000-5b000000 : Kernel code\n"
	"  5b000001-5b800000 : Kernel rodata\n"
	"  a0000000-afffffff : Crash kernel\n"
	"bffe0000-bfffffff : Reserved\n"
	"feffc000-feffffff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-23fffffff : System RAM\n";

static char tmpl[] = "/tmp/test_x86_64_plan.XXXXXX";
static char *root_dir;

static void put_file(const char *rel, const void *data, size_t len)
{
	char path[512], *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root_dir, rel);
	for (slash = strchr(path + strlen(root_dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(path, 0755);
		*slash = '/';
	}
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void put_text(const char *rel, const char *text)
{
	put_file(rel, text, strlen(text));
}

/* The head of /proc/kcore: direct map of RAM plus the kernel text. */
static void put_kcore(void)
{
	struct { Elf64_Ehdr eh; Elf64_Phdr ph[5]; } k;
	static const uint64_t ram[][2] = {
		{ 0x1000, 0x9f000 }, { 0x100000, 0xbfee0000 },
		{ 0x100000000ULL, 0x140000000ULL },
	};
	size_t i;

	memset(&k, 0, sizeof(k));
	fake_elf64_ehdr(&k.eh, ET_CORE, EM_X86_64, 5);
	k.ph[0].p_type = PT_NOTE;
	k.ph[0].p_offset = 0x1000;
	k.ph[0].p_filesz = 0x100;
	k.ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
		.p_offset = 0x2000, .p_vaddr = 0xffffffff81000000ULL,
		.p_paddr = KCODE, .p_filesz = 0x2000000, .p_memsz = 0x2000000,
		.p_align = 0x1000 };
	for (i = 0; i < 3; i++)
		k.ph[2 + i] = (Elf64_Phdr){ .p_type = PT_LOAD,
			.p_flags = PF_R | PF_W | PF_X,
			.p_offset = PAGE_OFF + ram[i][0] - 0xffff800000000000ULL,
			.p_vaddr = PAGE_OFF + ram[i][0], .p_paddr = ram[i][0],
			.p_filesz = ram[i][1], .p_memsz = ram[i][1],
			.p_align = 0x1000 };
	put_file("proc/kcore", &k, sizeof(k));
}

static void put_cpu(unsigned int cpu, uint64_t note)
{
	char rel[128], val[32];

	snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes", cpu);
	snprintf(val, sizeof(val), "%llx\n", (unsigned long long)note);
	put_text(rel, val);
	snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes_size", cpu);
	put_text(rel, "368\n");
}

static void make_sysroot(int with_crash)
{
	unsigned char bp[BP_SIZE] = { 0 };
	char *iomem = strdup(iomem_text);

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	root_dir = tmpl;
	if (!with_crash)
		memcpy(strstr(iomem, "Crash kernel"), "Crash_kernel", 12);
	put_text("proc/iomem", iomem);
	free(iomem);
	put_kcore();
	put_text("sys/devices/system/cpu/possible", "0-1\n");
	put_text("sys/devices/system/cpu/present", "0-1\n");
	put_text("sys/devices/system/cpu/online", "0-1\n");
	put_cpu(0, 0x23fa1c000ULL);
	put_cpu(1, 0x23fa3c000ULL);
	put_text("sys/kernel/vmcoreinfo", "0x0000000100c62000 1024\n");
	put_text("sys/kernel/crash_elfcorehdr_size", "917616\n");
	put_le64(bp + BP_ACPI_RSDP_ADDR, RSDP);
	put_file("sys/kernel/boot_params/data", bp, sizeof(bp));
}

static void remove_sysroot(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root_dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(tmpl, "/tmp/test_x86_64_plan.XXXXXX");
}

struct run {
	struct options opt;
	struct sysroot root;
	struct load_ctx ctx;
	struct plan plan;
	struct fake_bzimage f;
	unsigned char *initrd;
};

/* Plan with r->f as the kernel when the caller set it, else a fake one. */
static int run_plan(struct run *r, const char *dir, int panic, int hotplug,
		    const char *cmdline)
{
	struct fake_bzimage f = r->f;

	memset(r, 0, sizeof(*r));
	r->f = f;
	r->opt.action = ACTION_LOAD;
	r->opt.syscall = SYSCALL_LOAD;
	r->opt.panic = panic;
	ck_assert_int_eq(sysroot_open(&r->root, dir), 0);
	if (!r->f.data)
		r->f = fake_bzimage_make(FAKE_PAYLOAD);
	r->initrd = malloc(1 << 20);
	memset(r->initrd, 0x1f, 1 << 20);
	r->ctx = (struct load_ctx){ .opt = &r->opt, .root = &r->root,
		.kernel = { .path = "fake-bzImage", .data = r->f.data, .size = r->f.size },
		.initrd = { .path = "fake-initrd", .data = r->initrd, .size = 1 << 20 },
		.cmdline = cmdline, .hotplug = hotplug };
	plan_init(&r->plan, "x86_64");
	return arch_plan_load(&arch_x86_64, &r->ctx, &r->plan);
}

static void run_free(struct run *r)
{
	plan_free(&r->plan);
	sysroot_close(&r->root);
	file_buf_free(&r->ctx.initrd);	/* still ours unless the plan took it */
	free(r->f.data);
}

static const struct segment *seg(const struct plan *p, enum seg_role role)
{
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	ck_abort_msg("no %s segment", seg_role_name(role));
	return NULL;
}

static void check_inside(const struct plan *p, uint64_t lo, uint64_t hi)
{
	uint64_t used = 0;
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		ck_assert_msg(s->mem >= lo && s->mem + s->memsz - 1 <= hi,
			      "%s at 0x%llx+0x%llx outside 0x%llx-0x%llx",
			      seg_role_name(s->role),
			      (unsigned long long)s->mem, (unsigned long long)s->memsz,
			      (unsigned long long)lo, (unsigned long long)hi);
		used += s->memsz;
	}
	ck_assert_uint_ge(hi - lo + 1 - used, 1 << 20);	/* slack */
}

/* Only the elfcorehdr may start with ELF magic. */
static void check_magic(const struct plan *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];
		int elf = s->bufsz >= 4 && !memcmp(s->buf, ELFMAG, SELFMAG);

		ck_assert_msg(elf == (s->role == SEG_ELFCOREHDR),
			      "%s: ELF magic %d", seg_role_name(s->role), elf);
	}
}

/* Parse the header back: ET_CORE, notes first, no load in the crash
 * region or below 1 MiB. */
static void check_elfcorehdr(const struct segment *s, unsigned int notes)
{
	Elf *e;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t n, i, loads = 0, nnotes = 0;

	elf_version(EV_CURRENT);
	e = elf_memory(s->buf, s->bufsz);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_uint_eq(eh.e_type, ET_CORE);
	ck_assert_uint_eq(eh.e_machine, EM_X86_64);
	ck_assert_int_eq(elf_getphdrnum(e, &n), 0);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(gelf_getphdr(e, i, &ph));
		if (ph.p_type == PT_NOTE) {
			nnotes++;
			continue;
		}
		ck_assert_uint_eq(ph.p_type, PT_LOAD);
		loads++;
		if (ph.p_vaddr >= 0xffffffff80000000ULL)
			continue;	/* kernel text */
		ck_assert_uint_ge(ph.p_paddr, 0x100000);
		ck_assert_msg(ph.p_paddr + ph.p_memsz - 1 < CRASH_START ||
			      ph.p_paddr > CRASH_END, "PT_LOAD 0x%llx in the crash region",
			      (unsigned long long)ph.p_paddr);
		ck_assert_uint_eq(ph.p_vaddr, PAGE_OFF + ph.p_paddr);
	}
	ck_assert_uint_eq(nnotes, notes + 1);
	ck_assert_uint_ge(loads, 3);
	elf_end(e);
}

/* Zero page: pointers, and the capture map without foreign RAM. */
static void check_boot_params(const struct plan *p)
{
	const struct segment *bp = seg(p, SEG_BOOT_PARAMS);
	const struct segment *hdr = seg(p, SEG_ELFCOREHDR);
	const struct segment *rd = seg(p, SEG_INITRD);
	const unsigned char *b = bp->buf;
	unsigned int i, n = b[BP_E820_ENTRIES];

	ck_assert_uint_eq(get_le32(b + HDR_CMD_LINE_PTR), (uint32_t)(bp->mem + BP_SIZE));
	ck_assert_str_eq((const char *)b + BP_SIZE, p->cmdline);
	ck_assert_uint_eq(get_le32(b + HDR_RAMDISK_IMAGE), (uint32_t)rd->mem);
	ck_assert_uint_eq(get_le32(b + HDR_RAMDISK_SIZE), rd->bufsz);
	ck_assert_uint_eq(get_le64(b + BP_ACPI_RSDP_ADDR), RSDP);
	ck_assert_uint_eq(b[HDR_TYPE_OF_LOADER], 0xd0);
	ck_assert_uint_gt(n, 3);
	for (i = 0; i < n; i++) {
		const unsigned char *e = b + BP_E820_TABLE + i * BP_E820_ENTRY_SIZE;
		uint64_t s = get_le64(e), end = s + get_le64(e + 8) - 1;

		if (get_le32(e + 16) != RANGE_RAM)
			continue;
		ck_assert(end < 0x100000 || (s >= CRASH_START && end <= CRASH_END));
		ck_assert(end < hdr->mem || s >= hdr->mem + hdr->memsz);
	}
}

static void check_crash_plan(struct run *r, int hotplug)
{
	const struct plan *p = &r->plan;
	const struct segment *h = seg(p, SEG_ELFCOREHDR);
	const struct segment *k = seg(p, SEG_KERNEL);
	const struct segment *pg = seg(p, SEG_PURGATORY);
	char want[64];

	ck_assert_uint_eq(p->flags & KEXEC_ARCH_MASK, KEXEC_ARCH_X86_64);
	ck_assert(p->flags & KEXEC_ON_CRASH);
	ck_assert(p->has_crash_region);
	ck_assert_uint_eq(p->crash_region.start, CRASH_START);
	check_inside(p, CRASH_START, CRASH_END);
	check_magic(p);
	check_elfcorehdr(h, 2);
	check_boot_params(p);
	ck_assert_uint_eq(k->mem % FAKE_ALIGN, 0);
	ck_assert_uint_eq(k->bufsz, FAKE_PAYLOAD);
	ck_assert_uint_eq(k->memsz, FAKE_INIT_SIZE);
	ck_assert(!memcmp(k->buf, r->f.data + FAKE_SETUP_SIZE, FAKE_PAYLOAD));
	ck_assert(p->entry >= pg->mem && p->entry < pg->mem + pg->memsz);
	ck_assert(!pg->in_digest && k->in_digest);
	ck_assert(p->has_digest);
	snprintf(want, sizeof(want), "elfcorehdr=%lluK",
		 (unsigned long long)(h->mem / 1024));
	ck_assert_ptr_nonnull(strstr(p->cmdline, want));
	ck_assert_ptr_nonnull(strstr(p->cmdline, "acpi_rsdp=0xbffde014"));
	ck_assert_int_eq(plan_validate(p), 0);
	if (hotplug) {
		ck_assert(p->flags & KEXEC_UPDATE_ELFCOREHDR);
		ck_assert(!h->in_digest);
		ck_assert_uint_ge(h->memsz, HP_SIZE);
	} else {
		ck_assert(!(p->flags & KEXEC_UPDATE_ELFCOREHDR));
		ck_assert(h->in_digest);
		ck_assert_uint_lt(h->memsz, HP_SIZE);
	}
}

START_TEST(crash_hotplug_plan)
{
	struct run r = { 0 };

	make_sysroot(1);
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, "root=/dev/vda1 irqpoll"), 0);
	if (getenv("TEST_PRINT_PLAN"))	/* for a human reading the layout */
		plan_print(&r.plan, stdout);
	check_crash_plan(&r, 1);
	run_free(&r);
	remove_sysroot();
}
END_TEST

START_TEST(crash_plan_without_hotplug)
{
	struct run r = { 0 };

	make_sysroot(1);
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 0, "root=/dev/vda1"), 0);
	check_crash_plan(&r, 0);
	run_free(&r);
	remove_sysroot();
}
END_TEST

START_TEST(no_crash_region)
{
	struct run r = { 0 };

	make_sysroot(0);
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, ""), -EADDRNOTAVAIL);
	run_free(&r);
	remove_sysroot();
}
END_TEST

START_TEST(cmdline_too_long)
{
	char *cl = malloc(3000);
	struct run r = { 0 };

	memset(cl, 'a', 2999);
	cl[2999] = 0;
	make_sysroot(1);
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, cl), -E2BIG);
	run_free(&r);
	remove_sysroot();
	free(cl);
}
END_TEST

START_TEST(normal_load_plan)
{
	struct run r = { 0 };
	unsigned int i;

	make_sysroot(1);
	ck_assert_int_eq(run_plan(&r, root_dir, 0, 0, "root=/dev/vda1"), 0);
	ck_assert_uint_eq(r.plan.flags, KEXEC_ARCH_X86_64);
	ck_assert(!r.plan.elfcorehdr.present);
	ck_assert_uint_eq(r.plan.nr_seg, 4);
	for (i = 0; i < r.plan.nr_seg; i++) {
		const struct segment *s = &r.plan.seg[i];

		ck_assert_uint_ge(s->mem, 0x100000);
		ck_assert(s->mem + s->memsz - 1 <= 0xbffdffff ||
			  s->mem >= 0x100000000ULL);
		ck_assert(s->mem > CRASH_END || s->mem + s->memsz - 1 < CRASH_START);
	}
	check_magic(&r.plan);
	ck_assert_int_eq(plan_validate(&r.plan), 0);
	run_free(&r);
	remove_sysroot();
}
END_TEST

/* The captured machine, when the snapshot is in the tree. */
START_TEST(snapshot_deb12_boot)
{
	const char *src = getenv("TEST_SRCDIR");
	char dir[512];
	struct run r = { 0 };
	unsigned int i;

	snprintf(dir, sizeof(dir), "%s/fixtures/sysroot/deb12-x86_64-boot",
		 src ? src : "tests");
	if (access(dir, F_OK)) {
		printf("note: %s missing: snapshot plan skipped\n", dir);
		return;
	}
	ck_assert_int_eq(run_plan(&r, dir, 1, 1, "irqpoll nr_cpus=1 reset_devices"), 0);
	ck_assert(r.plan.flags & KEXEC_UPDATE_ELFCOREHDR);
	for (i = 0; i < r.plan.nr_seg; i++) {
		const struct segment *s = &r.plan.seg[i];

		ck_assert(s->mem >= r.plan.crash_region.start &&
			  s->mem + s->memsz - 1 <= r.plan.crash_region.end);
	}
	check_magic(&r.plan);
	ck_assert_int_eq(plan_validate(&r.plan), 0);
	run_free(&r);
}
END_TEST

/*
 * Planning reads its inputs and writes none of them: the kernel segment is
 * the bzImage's own bytes in its read-only file mapping (no copy), the
 * file's bytes are the same after two plans, and the second plan from the
 * same kernel buffer is the first one (same digest).  The initrd moves into
 * the plan (plan_add_file_segment), so each plan gets its own.
 */
START_TEST(planning_leaves_the_kernel_file_alone)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	unsigned char *before = malloc(f.size), d1[SHA256_DIGEST_SIZE];
	char path[600];
	struct file_buf fb;
	const struct segment *k;
	struct run r = { 0 };
	int fd;

	make_sysroot(1);
	snprintf(path, sizeof(path), "%s/bzImage", root_dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_eq(write(fd, f.data, f.size), (ssize_t)f.size);
	close(fd);
	ck_assert_int_eq(file_read(path, "kernel", 1, &fb), 0);
	ck_assert_uint_ne(fb.map_len, 0);
	memcpy(before, fb.data, fb.size);
	r.f.data = fb.data;
	r.f.size = fb.size;
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, "root=/dev/vda1"), 0);
	k = seg(&r.plan, SEG_KERNEL);
	ck_assert_ptr_eq(k->buf, fb.data + FAKE_SETUP_SIZE);
	ck_assert(k->borrowed);
	memcpy(d1, r.plan.digest, sizeof(d1));
	r.f.data = NULL;
	run_free(&r);
	r.f.data = fb.data;
	r.f.size = fb.size;
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, "root=/dev/vda1"), 0);
	ck_assert(!memcmp(d1, r.plan.digest, sizeof(d1)));
	r.f.data = NULL;
	run_free(&r);
	ck_assert(!memcmp(before, fb.data, fb.size));
	file_buf_free(&fb);
	free(before);
	free(f.data);
	remove_sysroot();
}
END_TEST

/* A real Debian vmlinuz when KEXEC_TEST_KERNEL names one. */
START_TEST(real_kernel)
{
	const char *path = getenv("KEXEC_TEST_KERNEL");
	struct file_buf fb = { 0 };
	struct run r = { 0 };

	if (!path || !*path) {
		printf("note: KEXEC_TEST_KERNEL unset: real kernel plan skipped\n");
		return;
	}
	ck_assert_int_eq(file_read(path, "kernel", 1, &fb), 0);
	make_sysroot(1);
	r.f.data = fb.data;	/* a file mapping: fb keeps it, not run_free */
	r.f.size = fb.size;
	ck_assert_int_eq(run_plan(&r, root_dir, 1, 1, "root=/dev/vda1"), 0);
	check_inside(&r.plan, CRASH_START, CRASH_END);
	check_magic(&r.plan);
	ck_assert_uint_eq(seg(&r.plan, SEG_KERNEL)->mem % 0x200000, 0);
	ck_assert_int_eq(plan_validate(&r.plan), 0);
	r.f.data = NULL;
	run_free(&r);
	file_buf_free(&fb);
	remove_sysroot();
}
END_TEST

static Suite *x86_plan_suite(void)
{
	Suite *s = suite_create("x86_64 plan");
	TCase *tc = tcase_create("plan");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, crash_hotplug_plan);
	tcase_add_test(tc, crash_plan_without_hotplug);
	tcase_add_test(tc, no_crash_region);
	tcase_add_test(tc, cmdline_too_long);
	tcase_add_test(tc, normal_load_plan);
	tcase_add_test(tc, snapshot_deb12_boot);
	tcase_add_test(tc, planning_leaves_the_kernel_file_alone);
	tcase_add_test(tc, real_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(x86_plan_suite());
}
