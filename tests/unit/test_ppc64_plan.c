// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_ppc64_plan.c - whole ppc64le crash plans on any host: a synthetic
 * pseries machine (ppc64_fake.h), the captured snapshots
 * deb12-ppc64le-{boot,after-hotadd} when present, and a real vmlinux named
 * by KEXEC_TEST_KERNEL_PPC64.  Checks what the kernel and the capture
 * kernel rely on: flags, roles and digest coverage, magic numbers, the
 * usable memory and reserve map in the FDT, hot-plug room, the backup
 * PT_LOAD and the purgatory's head and parameters.
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

#ifdef HAVE_LIBFDT
#include <libfdt.h>
#endif

#include "helpers/check_run.h"
#include "arch.h"
#include "digest.h"
#include "file.h"
#include "plan.h"
#include "ppc64_fake.h"
#include "purgatory-ppc64.h"
#include "sysroot.h"

#ifdef HAVE_PPC64LE_PURGATORY_BLOB
#define HAVE_PG 1
#else
#define HAVE_PG 0
#endif

struct run {
	struct options opt;
	struct sysroot root;
	struct load_ctx ctx;
	struct plan plan;
	unsigned char *kernel;
	size_t kernel_size;
	unsigned char *initrd;
};

static int run_plan(struct run *r, const char *dir, int hotplug,
		    const char *cmdline)
{
	unsigned char *k = r->kernel;
	size_t ks = r->kernel_size;
	struct options opt = r->opt;

	memset(r, 0, sizeof(*r));
	r->opt = opt;
	r->opt.action = ACTION_LOAD;
	r->opt.syscall = SYSCALL_LOAD;
	r->opt.panic = true;
	r->opt.hotplug = hotplug;
	r->kernel = k ? k : fake_vmlinux(&ks);
	r->kernel_size = ks;
	ck_assert_int_eq(sysroot_open(&r->root, dir), 0);
	r->initrd = malloc(300000);
	memset(r->initrd, 0x5a, 300000);
	r->ctx = (struct load_ctx){ .opt = &r->opt, .root = &r->root,
		.kernel = { .path = "vmlinux", .data = r->kernel, .size = ks },
		.initrd = { .path = "initrd", .data = r->initrd, .size = 300000 },
		.cmdline = cmdline };
	plan_init(&r->plan, "ppc64le");
	return arch_ppc64le.plan_load(&r->ctx, &r->plan);
}

static void run_free(struct run *r)
{
	plan_free(&r->plan);
	sysroot_close(&r->root);
	free(r->initrd);
	free(r->kernel);
	r->initrd = NULL;
	r->kernel = NULL;	/* the next run_plan makes a fresh one */
	r->kernel_size = 0;
}

static const struct segment *seg(const struct plan *p, const char *role)
{
	for (unsigned int i = 0; i < p->nr_seg; i++)
		if (!strcmp(p->seg[i].role, role))
			return &p->seg[i];
	ck_abort_msg("no %s segment", role);
	return NULL;
}

static void check_roles(const struct plan *p, int hotplug)
{
	static const char *const want[] = {
		"kernel", "backup", "elfcorehdr", "initrd", "fdt", "purgatory" };

	ck_assert_uint_eq(p->nr_seg, 6);
	for (unsigned int i = 0; i < 6; i++)
		ck_assert_str_eq(p->seg[i].role, want[i]);
	ck_assert(seg(p, "kernel")->in_digest);
	ck_assert(seg(p, "backup")->in_digest);
	ck_assert(seg(p, "initrd")->in_digest);
	ck_assert(!seg(p, "purgatory")->in_digest);
	ck_assert_int_eq(seg(p, "elfcorehdr")->in_digest, !hotplug);
	ck_assert_int_eq(seg(p, "fdt")->in_digest, !hotplug);
}

/* Every segment in the crash region, clear of RTAS, and 64 KiB aligned. */
static void check_inside(const struct plan *p)
{
	for (unsigned int i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		ck_assert_msg(s->mem >= p->crash_region.start &&
			      s->mem + s->memsz - 1 <= p->crash_region.end,
			      "%s outside the crash region", s->role);
		ck_assert_uint_eq(s->mem % 0x10000, 0);
		ck_assert_uint_eq(s->memsz % 0x10000, 0);
	}
}

static void check_magic(const struct plan *p)
{
	for (unsigned int i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];
		int elf = s->bufsz >= 4 && !memcmp(s->buf, ELFMAG, SELFMAG);
		int fdt = s->bufsz >= 4 && !memcmp(s->buf, "\xd0\x0d\xfe\xed", 4);

		ck_assert_msg(elf == !strcmp(s->role, "elfcorehdr"), "%s: ELF magic", s->role);
		ck_assert_msg(fdt == !strcmp(s->role, "fdt"), "%s: FDT magic", s->role);
	}
}

/* The backup PT_LOAD (p_paddr 0) points at the backup segment. */
static void check_elfcorehdr(const struct plan *p)
{
	const struct segment *s = seg(p, "elfcorehdr");
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t n, found = 0;
	Elf *e;

	elf_version(EV_CURRENT);
	e = elf_memory(s->buf, s->bufsz);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_uint_eq(eh.e_machine, EM_PPC64);
	ck_assert_int_eq(elf_getphdrnum(e, &n), 0);
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(gelf_getphdr(e, (int)i, &ph));
		if (ph.p_type != PT_LOAD)
			continue;
		ck_assert_uint_eq(ph.p_vaddr, 0xc000000000000000ULL + ph.p_paddr);
		ck_assert_msg(ph.p_paddr > p->crash_region.end ||
			      ph.p_paddr + ph.p_memsz - 1 < p->crash_region.start ||
			      (ph.p_paddr >= 0x2fff0000 && ph.p_paddr < 0x30000000) ||
			      p->crash_region.start != FAKE_CRASH_BASE,
			      "PT_LOAD 0x%llx in the crash region", (unsigned long long)ph.p_paddr);
		if (ph.p_paddr == 0) {
			found++;
			ck_assert_uint_eq(ph.p_offset, seg(p, "backup")->mem);
			ck_assert_uint_eq(ph.p_memsz, 0x10000);
		}
	}
	ck_assert_uint_eq(found, 1);
	elf_end(e);
}

static void check_kernel(const struct plan *p)
{
	const struct segment *k = seg(p, "kernel");

	ck_assert_uint_eq(k->mem, p->crash_region.start);
	ck_assert(memcmp(k->buf, ELFMAG, SELFMAG) != 0);
	ck_assert_uint_eq(((unsigned char *)k->buf)[0x5c], 1);	/* run_at_load */
	ck_assert_uint_eq(((unsigned char *)k->buf)[0x5f], 0);
}

static void check_purgatory(const struct plan *p)
{
	const struct segment *pg = seg(p, "purgatory"), *k = seg(p, "kernel");
	const unsigned char *b = pg->buf;

	ck_assert_uint_eq(p->entry, pg->mem);
	ck_assert_uint_eq(b[3] & 0xfc, 0x48);	/* word 0: b master_start (LE) */
	ck_assert_mem_eq(b + 4, (unsigned char *)k->buf + 4, 0xfc);
}

#ifdef HAVE_LIBFDT
static uint64_t fdt_cell(const fdt32_t *c, int cells)
{
	return cells == 2 ? (uint64_t)fdt32_to_cpu(c[0]) << 32 | fdt32_to_cpu(c[1])
			  : fdt32_to_cpu(c[0]);
}

/* Does the reserve map hold exactly [start, start+size)? */
static int has_rsv(const void *fdt, uint64_t start, uint64_t size)
{
	uint64_t a, s;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &a, &s) && a == start && s == size)
			return 1;
	return 0;
}

static void check_fdt_rsv(const struct plan *p, const void *fdt)
{
	static const char *const full[] = { "backup", "elfcorehdr", "initrd", "fdt" };

	for (unsigned int i = 0; i < 4; i++) {
		const struct segment *s = seg(p, full[i]);

		ck_assert_msg(has_rsv(fdt, s->mem, s->memsz),
			      "%s not reserved over its whole memsz", full[i]);
	}
	ck_assert(has_rsv(fdt, 0x10000, p->crash_region.start - 0x10000));
}

static void check_fdt_chosen(const struct plan *p, const void *fdt, int old_root)
{
	int off = fdt_path_offset(fdt, "/chosen"), len;
	const char *args = fdt_getprop(fdt, off, "bootargs", &len);
	const fdt64_t *is = fdt_getprop(fdt, off, "linux,initrd-start", &len);
	const fdt64_t *ie = fdt_getprop(fdt, off, "linux,initrd-end", NULL);
	const struct segment *rd = seg(p, "initrd");

	ck_assert_ptr_nonnull(args);
	ck_assert_ptr_nonnull(strstr(args, "elfcorehdr="));
	if (old_root >= 0)
		ck_assert_int_eq(strstr(args, "root=/dev/vda1") != NULL, old_root);
	ck_assert_ptr_nonnull(is);
	ck_assert_uint_eq(fdt64_ld(is), rd->mem);
	ck_assert_uint_eq(fdt64_ld(ie), rd->mem + rd->bufsz);
	ck_assert_ptr_nonnull(fdt_getprop(fdt, off, "linux,booted-from-kexec", NULL));
	ck_assert_ptr_null(fdt_getprop(fdt, off, "linux,crashkernel-base", NULL));
	ck_assert_ptr_null(fdt_getprop(fdt, 0, "name", NULL));
}

/* usable = [0, crash end] (RTAS lies inside), drconf: a count per LMB. */
static void check_fdt_usable(const struct plan *p, const void *fdt,
			     int assigned_lmbs)
{
	int off = fdt_path_offset(fdt, "/memory@0"), len;
	const fdt32_t *u = fdt_getprop(fdt, off, "linux,usable-memory", &len);
	const fdt32_t *d;

	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(len, 16);	/* RTAS lies inside [0, crash end] */
	ck_assert_uint_eq(fdt_cell(u, 2), 0);
	ck_assert_uint_eq(fdt_cell(u + 2, 2), p->crash_region.end + 1);
	off = fdt_path_offset(fdt, "/ibm,dynamic-reconfiguration-memory");
	d = fdt_getprop(fdt, off, "linux,drconf-usable-memory", &len);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(len, 8 * assigned_lmbs);	/* all outside: count 0 */
	for (int i = 0; i < assigned_lmbs; i++)
		ck_assert_uint_eq(fdt_cell(d + 2 * i, 2), 0);
}

/* Free space inside totalsize for the missing cores (2 here). */
static uint64_t fdt_free_space(const void *fdt)
{
	return fdt_totalsize(fdt) - fdt_off_dt_strings(fdt) - fdt_size_dt_strings(fdt);
}

static uint64_t cpu_node_size(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), n = fdt_first_subnode(fdt, cpus);
	int next = fdt_next_subnode(fdt, n), po;
	uint64_t strings = 0;

	ck_assert_int_ge(n, 0);
	fdt_for_each_property_offset(po, fdt, n) {
		const char *name;

		fdt_getprop_by_offset(fdt, po, &name, NULL);
		strings += strlen(name) + 1;
	}
	return (uint64_t)(next - n) + strings;
}

struct expect {
	int old_root;		/* root= copied into bootargs; -1: do not check */
	int assigned_lmbs;	/* drconf LMBs with an entry */
	int missing_cores;	/* possible but not present */
	uint64_t top;		/* highest dumped byte */
};

static void check_fdt(const struct plan *p, int hotplug, const struct expect *x)
{
	const struct segment *s = seg(p, "fdt");
	const void *fdt = s->buf;

	ck_assert_int_eq(fdt_check_header(fdt), 0);
	ck_assert_uint_eq(fdt_totalsize(fdt), s->bufsz);
	ck_assert_uint_eq(fdt_version(fdt), 17);
	check_fdt_rsv(p, fdt);
	check_fdt_chosen(p, fdt, x->old_root);
	check_fdt_usable(p, fdt, x->assigned_lmbs);
	ck_assert_uint_ge(fdt_free_space(fdt),
			  4096 + (hotplug ? x->missing_cores * cpu_node_size(fdt) : 0));
}
#else
struct expect { int old_root, assigned_lmbs, missing_cores; uint64_t top; };
static void check_fdt(const struct plan *p, int hotplug, const struct expect *x)
{
	(void)p; (void)hotplug; (void)x;
}
#endif

static const struct expect synthetic = { 1, 2, 2, 0x9fffffffULL };

static void check_plan(struct run *r, int hotplug, const struct expect *x)
{
	struct plan *p = &r->plan;
	const struct range_list *l = &p->elfcorehdr.loads;

	ck_assert_uint_eq(p->flags, hotplug ? 0x150009 : 0x150001);
	check_roles(p, hotplug);
	check_inside(p);
	check_magic(p);
	check_kernel(p);
	check_elfcorehdr(p);
	check_purgatory(p);
	check_fdt(p, hotplug, x);
	ck_assert_uint_eq(l->r[l->n - 1].end, x->top);
	if (hotplug)
		ck_assert_uint_ge(seg(p, "elfcorehdr")->memsz, FAKE_HP_SIZE);
	ck_assert_int_eq(plan_validate(p), 0);
}

START_TEST(crash_hotplug_plan)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	int ret = run_plan(&r, root, 1, "irqpoll nr_cpus=1");

	if (!HAVE_PG) {
		ck_assert_int_eq(ret, -ENOTSUP);
	} else {
		ck_assert_int_eq(ret, 0);
		check_plan(&r, 1, &synthetic);
		ck_assert_ptr_null(strstr(r.plan.cmdline, "root="));
		if (getenv("TEST_PRINT_PLAN"))
			plan_print(&r.plan, stdout);
	}
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(crash_plan_without_hotplug)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };

	struct expect x = synthetic;

	r.opt.dt_no_old_root = true;
	x.old_root = 0;
	if (run_plan(&r, root, 0, "irqpoll") == 0)
		check_plan(&r, 0, &x);
	else
		ck_assert(!HAVE_PG);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(no_crash_region)
{
	char *root = fake_ppc64_sysroot(0);
	struct run r = { 0 };

	ck_assert_int_eq(run_plan(&r, root, 1, ""), -EADDRNOTAVAIL);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(normal_load_refused)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };

	ck_assert_int_eq(run_plan(&r, root, 0, ""), HAVE_PG ? 0 : -ENOTSUP);
	run_free(&r);
	memset(&r, 0, sizeof(r));
	plan_init(&r.plan, "ppc64le");
	r.opt.panic = false;
	r.ctx.opt = &r.opt;
	ck_assert_int_eq(arch_ppc64le.plan_load(&r.ctx, &r.plan), -EOPNOTSUPP);
	plan_free(&r.plan);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(not_a_vmlinux)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	size_t size;

	r.kernel = fake_vmlinux(&size);
	r.kernel_size = size;
	((Elf64_Ehdr *)r.kernel)->e_machine = EM_X86_64;
	ck_assert_int_eq(run_plan(&r, root, 1, ""), -ENOEXEC);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* Without crash_elfcorehdr_size (< 6.10) --hotplug is refused. */
START_TEST(hotplug_needs_sysfs_size)
{
	char *root = fake_ppc64_sysroot(1);
	char path[512];
	struct run r = { 0 };

	snprintf(path, sizeof(path), "%s/sys/kernel/crash_elfcorehdr_size", root);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(run_plan(&r, root, 1, ""), -EOPNOTSUPP);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* linux,memory-limit clips the dump only when the kernel had mem=. */
START_TEST(memory_limit_needs_mem)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	const struct range_list *l;

	fake_prop64(root, "chosen/linux,memory-limit", 0x40000000ULL, 0, 0);
	if (run_plan(&r, root, 1, "") == 0) {
		l = &r.plan.elfcorehdr.loads;
		ck_assert_uint_eq(l->r[l->n - 1].end, 0x9fffffffULL);
	}
	run_free(&r);
	fake_prop_str(root, "chosen/bootargs", "root=/dev/vda1 mem=1G");
	if (run_plan(&r, root, 1, "") == 0) {
		l = &r.plan.elfcorehdr.loads;
		/* RTAS inside the crash region is the highest dumped range */
		ck_assert_uint_eq(l->r[l->n - 1].end, FAKE_RTAS_BASE + FAKE_RTAS_SIZE - 1);
	}
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* --dtb: a blob replaces the running tree; the kdump changes still apply. */
START_TEST(dtb_replaces_the_tree)
{
	char *root = fake_ppc64_sysroot(1), path[512];
	struct run r = { 0 };
	const struct segment *f;
	FILE *fp;

	if (run_plan(&r, root, 1, "first") != 0) {
		ck_assert(!HAVE_PG);
		run_free(&r);
		tmpsysroot_remove(root);
		return;
	}
	f = seg(&r.plan, "fdt");
	snprintf(path, sizeof(path), "%s/given.dtb", root);
	fp = fopen(path, "wb");
	ck_assert_uint_eq(fwrite(f->buf, 1, f->bufsz, fp), f->bufsz);
	fclose(fp);
	run_free(&r);
	r.opt.dtb = path;
	ck_assert_int_eq(run_plan(&r, root, 1, "second"), 0);
	check_plan(&r, 1, &synthetic);
#ifdef HAVE_LIBFDT
	{
		const void *fdt = seg(&r.plan, "fdt")->buf;
		const char *args = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
					       "bootargs", NULL);

		ck_assert_ptr_nonnull(strstr(args, "second"));
		ck_assert_ptr_null(strstr(args, "first"));
	}
#endif
	run_free(&r);
	r.opt.dtb = "/dev/null";
	ck_assert_int_ne(run_plan(&r, root, 1, ""), 0);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

static void snapshot(const char *name, const struct expect *x)
{
	const char *src = getenv("TEST_SRCDIR");
	char dir[512];
	struct run r = { 0 };

	snprintf(dir, sizeof(dir), "%s/fixtures/sysroot/%s", src ? src : "tests", name);
	if (access(dir, F_OK)) {
		printf("note: %s missing: snapshot plan skipped\n", dir);
		return;
	}
	if (!HAVE_PG) {
		printf("note: no ppc64le purgatory in this build: snapshot plan skipped\n");
		return;
	}
	ck_assert_int_eq(run_plan(&r, dir, 1, "irqpoll nr_cpus=1"), 0);
	check_plan(&r, 1, x);
	run_free(&r);
}

START_TEST(snapshot_deb12_ppc64le_boot)
{
	static const struct expect x = { -1, 0, 2, 0x7fffffffULL };

	snapshot("deb12-ppc64le-boot", &x);
}
END_TEST

START_TEST(snapshot_deb12_ppc64le_after_hotadd)
{
	/* the hot-added DIMM is dumped; one core of four still missing */
	static const struct expect x = { -1, 4, 1, 0xbfffffffULL };

	snapshot("deb12-ppc64le-after-hotadd", &x);
}
END_TEST

START_TEST(real_kernel)
{
	const char *path = getenv("KEXEC_TEST_KERNEL_PPC64");
	struct file_buf fb = { 0 };
	struct run r = { 0 };
	char *root;

	if (!path || !*path) {
		printf("note: KEXEC_TEST_KERNEL_PPC64 unset: real ppc64 kernel plan skipped\n");
		return;
	}
	if (!HAVE_PG) {
		printf("note: no ppc64le purgatory in this build: real kernel plan skipped\n");
		return;
	}
	ck_assert_int_eq(file_read(path, "kernel", 1, &fb), 0);
	root = fake_ppc64_sysroot(1);
	r.kernel = fb.data;	/* a file mapping: fb keeps it, not run_free */
	r.kernel_size = fb.size;
	ck_assert_int_eq(run_plan(&r, root, 1, "irqpoll"), 0);
	check_plan(&r, 1, &synthetic);
	ck_assert_uint_gt(seg(&r.plan, "kernel")->memsz, 30u << 20);
	r.kernel = NULL;
	run_free(&r);
	file_buf_free(&fb);
	tmpsysroot_remove(root);
}
END_TEST

static Suite *ppc64_plan_suite(void)
{
	Suite *s = suite_create("ppc64 plan");
	TCase *tc = tcase_create("plan");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, crash_hotplug_plan);
	tcase_add_test(tc, crash_plan_without_hotplug);
	tcase_add_test(tc, no_crash_region);
	tcase_add_test(tc, normal_load_refused);
	tcase_add_test(tc, not_a_vmlinux);
	tcase_add_test(tc, hotplug_needs_sysfs_size);
	tcase_add_test(tc, memory_limit_needs_mem);
	tcase_add_test(tc, dtb_replaces_the_tree);
	tcase_add_test(tc, snapshot_deb12_ppc64le_boot);
	tcase_add_test(tc, snapshot_deb12_ppc64le_after_hotadd);
	tcase_add_test(tc, real_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ppc64_plan_suite());
}
