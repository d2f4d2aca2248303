// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_ppc64_plan.c - whole ppc64le crash (-p) and normal (-l) plans on
 * any host: a synthetic pseries machine (ppc64_fake.h), the captured
 * snapshots deb12-ppc64le-{boot,after-hotadd} when present, and a real
 * vmlinux named by KEXEC_TEST_KERNEL_PPC64.  Checks what the kernel and
 * the next kernel rely on: flags, roles and digest coverage, magic
 * numbers, the usable memory and reserve map in the FDT, hot-plug room,
 * the backup PT_LOAD and the purgatory's head and parameters; for -l also
 * that every segment lies in RAM above the running kernel, clear of the
 * crash region, RTAS and TCE tables, and that the FDT is a plain one.
 * Also the backend's own magic rule: only the fdt starts with 0xd00dfeed.
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
#include "helpers/stderr_capture.h"
#include "arch.h"
#include "arch/ppc64le/fdt.h"
#include "arch/ppc64le/ppc64le.h"
#include "digest.h"
#include "file.h"
#include "plan.h"
#include "ppc64_fake.h"
#include "arch/ppc64le/purgatory.h"
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

static int run_plan_as(struct run *r, const char *dir, int panic, int hotplug,
		       const char *cmdline)
{
	unsigned char *k = r->kernel;
	size_t ks = r->kernel_size;
	struct options opt = r->opt;

	memset(r, 0, sizeof(*r));
	r->opt = opt;
	r->opt.action = ACTION_LOAD;
	r->opt.syscall = SYSCALL_LOAD;
	r->opt.panic = panic;
	r->kernel = k ? k : fake_vmlinux(&ks);
	r->kernel_size = ks;
	ck_assert_int_eq(sysroot_open(&r->root, dir), 0);
	r->initrd = malloc(300000);
	memset(r->initrd, 0x5a, 300000);
	r->ctx = (struct load_ctx){ .opt = &r->opt, .root = &r->root,
		.kernel = { .path = "vmlinux", .data = r->kernel, .size = ks },
		.initrd = { .path = "initrd", .data = r->initrd, .size = 300000 },
		.cmdline = cmdline, .hotplug = hotplug };
	plan_init(&r->plan, "ppc64le");
	return arch_plan_load(&arch_ppc64le, &r->ctx, &r->plan);
}

static int run_plan(struct run *r, const char *dir, int hotplug,
		    const char *cmdline)
{
	return run_plan_as(r, dir, 1, hotplug, cmdline);
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

static const struct segment *seg(const struct plan *p, enum seg_role role)
{
	for (unsigned int i = 0; i < p->nr_seg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	ck_abort_msg("no %s segment", seg_role_name(role));
	return NULL;
}

static void check_roles(const struct plan *p, int hotplug)
{
	static const enum seg_role want[] = {
		SEG_KERNEL, SEG_BACKUP, SEG_ELFCOREHDR, SEG_INITRD, SEG_FDT,
		SEG_PURGATORY };

	ck_assert_uint_eq(p->nr_seg, 6);
	for (unsigned int i = 0; i < 6; i++)
		ck_assert_int_eq(p->seg[i].role, want[i]);
	ck_assert(seg(p, SEG_KERNEL)->in_digest);
	ck_assert(seg(p, SEG_BACKUP)->in_digest);
	ck_assert(seg(p, SEG_INITRD)->in_digest);
	ck_assert(!seg(p, SEG_PURGATORY)->in_digest);
	ck_assert_int_eq(seg(p, SEG_ELFCOREHDR)->in_digest, !hotplug);
	ck_assert_int_eq(seg(p, SEG_FDT)->in_digest, !hotplug);
}

/* Every segment in the crash region, clear of RTAS, and 64 KiB aligned. */
static void check_inside(const struct plan *p)
{
	for (unsigned int i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		ck_assert_msg(s->mem >= p->crash_region.start &&
			      s->mem + s->memsz - 1 <= p->crash_region.end,
			      "%s outside the crash region", seg_role_name(s->role));
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

		ck_assert_msg(elf == (s->role == SEG_ELFCOREHDR), "%s: ELF magic", seg_role_name(s->role));
		ck_assert_msg(fdt == (s->role == SEG_FDT), "%s: FDT magic", seg_role_name(s->role));
	}
}

/* The backup PT_LOAD (p_paddr 0) points at the backup segment. */
static void check_elfcorehdr(const struct plan *p)
{
	const struct segment *s = seg(p, SEG_ELFCOREHDR);
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
			ck_assert_uint_eq(ph.p_offset, seg(p, SEG_BACKUP)->mem);
			ck_assert_uint_eq(ph.p_memsz, 0x10000);
		}
	}
	ck_assert_uint_eq(found, 1);
	elf_end(e);
}

static void check_kernel(const struct plan *p)
{
	const struct segment *k = seg(p, SEG_KERNEL);

	ck_assert_uint_eq(k->mem, p->crash_region.start);
	ck_assert(memcmp(k->buf, ELFMAG, SELFMAG) != 0);
	ck_assert_uint_eq(((unsigned char *)k->buf)[0x5c], 1);	/* run_at_load */
	ck_assert_uint_eq(((unsigned char *)k->buf)[0x5f], 0);
}

static void check_purgatory(const struct plan *p)
{
	const struct segment *pg = seg(p, SEG_PURGATORY), *k = seg(p, SEG_KERNEL);
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
	static const enum seg_role full[] = {
		SEG_BACKUP, SEG_ELFCOREHDR, SEG_INITRD, SEG_FDT };

	for (unsigned int i = 0; i < 4; i++) {
		const struct segment *s = seg(p, full[i]);

		ck_assert_msg(has_rsv(fdt, s->mem, s->memsz),
			      "%s not reserved over its whole memsz", seg_role_name(full[i]));
	}
	ck_assert(has_rsv(fdt, 0x10000, p->crash_region.start - 0x10000));
}

static void check_fdt_chosen(const struct plan *p, const void *fdt, int old_root)
{
	int off = fdt_path_offset(fdt, "/chosen"), len;
	const char *args = fdt_getprop(fdt, off, "bootargs", &len);
	const fdt64_t *is = fdt_getprop(fdt, off, "linux,initrd-start", &len);
	const fdt64_t *ie = fdt_getprop(fdt, off, "linux,initrd-end", NULL);
	const struct segment *rd = seg(p, SEG_INITRD);

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
	const struct segment *s = seg(p, SEG_FDT);
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
		ck_assert_uint_ge(seg(p, SEG_ELFCOREHDR)->memsz, FAKE_HP_SIZE);
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
		/* __run_at_load went into a copy, not into the input file */
		ck_assert(!seg(&r.plan, SEG_KERNEL)->borrowed);
		ck_assert_ptr_nonnull(memmem(r.kernel, r.kernel_size, "0nur", 4));
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
	f = seg(&r.plan, SEG_FDT);
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
		const void *fdt = seg(&r.plan, SEG_FDT)->buf;
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

/* ibm,dynamic-memory-v2 with one set of count LMBs of FAKE_LMB_SIZE at 2 GiB. */
static void fake_drconf_v2(const char *root, uint32_t count, uint32_t flags)
{
	unsigned char buf[4 + 24] = { 0 };

	fake_be32(buf, 1);
	fake_be32(buf + 4, count);
	fake_be64(buf + 8, 0x80000000ULL);
	fake_be32(buf + 16, 0x80000000U);
	fake_be32(buf + 24, flags);
	tmpsysroot_write_bytes(root, FAKE_DT "ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2",
			       buf, sizeof(buf));
}

/* ppc64_machine_read on root: its result, stderr in msg. */
static int machine_msg(const char *root, char *msg, size_t size)
{
	struct ppc64_machine m = { 0 };
	struct sysroot s;
	int ret;

	ck_assert_int_eq(sysroot_open(&s, root), 0);
	capture_begin();
	ret = ppc64_machine_read(&s, &m);
	snprintf(msg, size, "%s", capture_end());
	ppc64_machine_free(&m);
	sysroot_close(&s);
	return ret;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * An LMB count of 2^31 (512 PiB of 256 MiB LMBs) was expanded LMB by LMB:
 * gigabytes and seconds before failing.  The count times ibm,lmb-size is
 * bounded by /rtas/ibm,lrdr-capacity, else by the 51-bit real address
 * space, before anything is allocated.
 */
START_TEST(drconf_count_bounded_by_memory)
{
	char *root = fake_ppc64_sysroot(1), msg[1024], path[512];

	fake_drconf_v2(root, 0x80000000U, PPC64_LMB_ASSIGNED);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(count_lines(msg), 1);
	ck_assert_ptr_nonnull(strstr(msg, "/ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2 describes more than 8388608 LMBs of 256 MiB"));
	ck_assert_ptr_nonnull(strstr(msg, "51-bit real address space"));
	/* 10 GiB of LMBs: within a 12 GiB lrdr-capacity, not within 9 GiB */
	fake_drconf_v2(root, 40, PPC64_LMB_ASSIGNED);
	fake_prop64(root, "rtas/ibm,lrdr-capacity", 12ULL << 30, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "");
	fake_prop64(root, "rtas/ibm,lrdr-capacity", 9ULL << 30, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "more than 36 LMBs of 256 MiB, more memory than the machine can have (9216 MiB, /rtas/ibm,lrdr-capacity)"));
	/* QEMU without hot-pluggable memory publishes 0: not a limit */
	fake_prop64(root, "rtas/ibm,lrdr-capacity", 0, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), 0);
	/* the v1 layout (6 LMBs: 1.5 GiB) is bounded the same way */
	snprintf(path, sizeof(path), "%s/" FAKE_DT "ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2", root);
	ck_assert_int_eq(unlink(path), 0);
	fake_prop64(root, "rtas/ibm,lrdr-capacity", 1ULL << 30, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "/ibm,dynamic-memory describes more than 4 LMBs"));
	fake_prop64(root, "rtas/ibm,lrdr-capacity", 3ULL << 30, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), 0);
	tmpsysroot_remove(root);
}
END_TEST

/* An LMB smaller than a memory section would make the count bound useless. */
START_TEST(drconf_lmb_size_below_a_section)
{
	char *root = fake_ppc64_sysroot(1), msg[1024];

	fake_prop64(root, "ibm,dynamic-reconfiguration-memory/ibm,lmb-size", 0x10000, 0, 0);
	ck_assert_int_eq(machine_msg(root, msg, sizeof(msg)), -EINVAL);
	ck_assert_int_eq(count_lines(msg), 1);
	ck_assert_ptr_nonnull(strstr(msg, "ibm,lmb-size is below 16 MiB"));
	tmpsysroot_remove(root);
}
END_TEST

/*
 * 16,384 assigned LMBs need a bigger FDT scratch buffer than the first
 * one: the retry printed "FDT_ERR_NOSPACE" although the load succeeded.
 */
START_TEST(fdt_growth_is_silent)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	const char *err;
	int ret;

	fake_drconf_v2(root, 16384, PPC64_LMB_ASSIGNED);
	capture_begin();
	ret = run_plan(&r, root, 1, "");
	err = capture_end();
	ck_assert_ptr_null(strstr(err, "FDT_ERR_NOSPACE"));
	if (HAVE_PG) {
		ck_assert_int_eq(ret, 0);
		ck_assert_str_eq(err, "");
		ck_assert_uint_gt(seg(&r.plan, SEG_FDT)->bufsz, 16384 * 8);
	}
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

static int snapshot_dir(const char *name, char *dir, size_t len);

static void snapshot(const char *name, const struct expect *x)
{
	char dir[512];
	struct run r = { 0 };

	if (!snapshot_dir(name, dir, sizeof(dir)))
		return;
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
	ck_assert_uint_gt(seg(&r.plan, SEG_KERNEL)->memsz, 30u << 20);
	r.kernel = NULL;
	run_free(&r);
	file_buf_free(&fb);
	tmpsysroot_remove(root);
}
END_TEST

/* ---- normal (-l) loads -------------------------------------------------- */

struct normal_expect {
	uint64_t floor;			/* the lowest start: where the kernel goes */
	uint64_t ram_end;		/* RAM is [0, ram_end] */
	uint64_t rtas_base, rtas_size;
	int has_crash;
	uint64_t crash_start, crash_end;
	const char *bootargs;		/* expected /chosen/bootargs */
	uint64_t busy_start, busy_end;	/* a TCE or hash table, or 0, 0 */
};

static int overlaps(const struct segment *s, uint64_t start, uint64_t end)
{
	return s->mem <= end && s->mem + s->memsz - 1 >= start;
}

static void check_normal_roles(const struct plan *p)
{
	static const enum seg_role want[] = {
		SEG_KERNEL, SEG_INITRD, SEG_FDT, SEG_PURGATORY };

	ck_assert_uint_eq(p->flags, 0x150000);	/* ppc64 arch field, no ON_CRASH */
	ck_assert(!p->has_crash_region);
	ck_assert_uint_eq(p->nr_seg, 4);
	for (unsigned int i = 0; i < 4; i++) {
		ck_assert_int_eq(p->seg[i].role, want[i]);
		ck_assert_int_eq(p->seg[i].in_digest, i != 3);
	}
	ck_assert_uint_eq(p->entry, seg(p, SEG_PURGATORY)->mem);
}

/* In RAM, above the floor, clear of crash region, RTAS, busy, each other. */
static void check_normal_segments(const struct plan *p, const struct normal_expect *x)
{
	const struct segment *first_fdt = NULL;

	for (unsigned int i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];
		uint64_t end = s->mem + s->memsz - 1;

		ck_assert_msg(s->mem >= x->floor, "%s at 0x%llx is below the running kernel's end 0x%llx",
			      seg_role_name(s->role), (unsigned long long)s->mem, (unsigned long long)x->floor);
		ck_assert_msg(end <= x->ram_end, "%s ends past RAM", seg_role_name(s->role));
		ck_assert_uint_eq(s->mem % 0x10000, 0);
		ck_assert_uint_eq(s->memsz % 0x10000, 0);
		ck_assert_msg(!x->has_crash || !overlaps(s, x->crash_start, x->crash_end),
			      "%s in the crash region", seg_role_name(s->role));
		ck_assert_msg(!overlaps(s, x->rtas_base, x->rtas_base + x->rtas_size - 1),
			      "%s over RTAS", seg_role_name(s->role));
		ck_assert_msg(x->busy_end == 0 || !overlaps(s, x->busy_start, x->busy_end),
			      "%s over a TCE or hash table", seg_role_name(s->role));
		for (unsigned int j = 0; j < i; j++)
			ck_assert_msg(!overlaps(s, p->seg[j].mem, p->seg[j].mem + p->seg[j].memsz - 1),
				      "%s overlaps %s", seg_role_name(s->role),
				      seg_role_name(p->seg[j].role));
		ck_assert_msg(s->bufsz < 4 || memcmp(s->buf, ELFMAG, SELFMAG),
			      "%s starts with ELF magic", seg_role_name(s->role));
		if (!first_fdt && s->bufsz >= 4 && !memcmp(s->buf, "\xd0\x0d\xfe\xed", 4))
			first_fdt = s;
		else if (s->bufsz >= 4)
			ck_assert_msg(memcmp(s->buf, "\xd0\x0d\xfe\xed", 4), "second FDT magic in %s",
				      seg_role_name(s->role));
	}
	ck_assert_ptr_nonnull(first_fdt);
	ck_assert_int_eq(first_fdt->role, SEG_FDT);
	/* what runs or is read with the MMU off stays below 1 GiB */
	ck_assert_uint_le(seg(p, SEG_FDT)->mem + seg(p, SEG_FDT)->memsz, 0x40000000);
	ck_assert_uint_le(seg(p, SEG_PURGATORY)->mem + seg(p, SEG_PURGATORY)->memsz, 0x40000000);
	ck_assert_uint_le(seg(p, SEG_KERNEL)->mem + seg(p, SEG_KERNEL)->memsz, 0x40000000);
}

/* The kernel sits at the floor with its "run0" word untouched: it copies itself to 0. */
static void check_normal_kernel(const struct plan *p, const struct normal_expect *x)
{
	const struct segment *k = seg(p, SEG_KERNEL);

	ck_assert_uint_eq(k->mem, x->floor);
	ck_assert_mem_eq((const unsigned char *)k->buf + 0x5c, "0nur", 4);
	ck_assert_uint_ge(seg(p, SEG_INITRD)->mem, k->memsz);
	ck_assert_uint_ge(seg(p, SEG_FDT)->mem, k->memsz);
}

static uint64_t le64(const unsigned char *b)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

/* Purgatory: kernel and FDT addresses, no backup, every other segment hashed. */
static void check_normal_params(const struct plan *p)
{
	struct ppc64_purgatory pg;
	const unsigned char *b;
	uint32_t n;

	ck_assert_int_eq(ppc64_purgatory_open(&pg), 0);
	b = (const unsigned char *)seg(p, SEG_PURGATORY)->buf + pg.params_off;
	ppc64_purgatory_close(&pg, false);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_KERNEL), seg(p, SEG_KERNEL)->mem);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_FDT), seg(p, SEG_FDT)->mem);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_BACKUP_SIZE), 0);
	n = (uint32_t)(le64(b + PURGATORY_PPC64_OFF_NR_REGIONS) & 0xffffffffu);
	ck_assert_uint_eq(n, 3);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t start = le64(b + PURGATORY_PPC64_OFF_REGIONS + 16 * i);
		int hit = 0;

		for (unsigned int j = 0; j < p->nr_seg; j++)
			hit |= p->seg[j].in_digest && p->seg[j].mem == start;
		ck_assert_msg(hit, "digest region %u at 0x%llx is no hashed segment",
			      i, (unsigned long long)start);
	}
	ck_assert_mem_eq(b + PURGATORY_PPC64_OFF_DIGEST, p->digest, 32);
}

#ifdef HAVE_LIBFDT
static void check_normal_fdt(const struct plan *p, const struct normal_expect *x)
{
	const struct segment *s = seg(p, SEG_FDT), *rd = seg(p, SEG_INITRD);
	const void *fdt = s->buf;
	int off, len, chosen;
	const fdt64_t *is, *ie;

	ck_assert_int_eq(fdt_check_header(fdt), 0);
	ck_assert_uint_eq(fdt_totalsize(fdt), s->bufsz);
	for (off = 0; off >= 0; off = fdt_next_node(fdt, off, NULL)) {
		ck_assert_ptr_null(fdt_getprop(fdt, off, "linux,usable-memory", NULL));
		ck_assert_ptr_null(fdt_getprop(fdt, off, "linux,drconf-usable-memory", NULL));
	}
	chosen = fdt_path_offset(fdt, "/chosen");
	ck_assert_str_eq(fdt_getprop(fdt, chosen, "bootargs", &len), x->bootargs);
	/* the plan keeps the given command line; root= is merged in the FDT */
	ck_assert_int_eq(strncmp(x->bootargs, p->cmdline, strlen(p->cmdline)), 0);
	is = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL);
	ie = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL);
	ck_assert_ptr_nonnull(is);
	ck_assert_ptr_nonnull(ie);
	ck_assert_uint_eq(fdt64_ld(is), rd->mem);
	ck_assert_uint_eq(fdt64_ld(ie), rd->mem + rd->bufsz);
	ck_assert_ptr_null(fdt_getprop(fdt, chosen, "linux,memory-limit", NULL));
	ck_assert_ptr_null(fdt_getprop(fdt, chosen, "linux,crashkernel-base", NULL));
	ck_assert_ptr_null(fdt_getprop(fdt, chosen, "linux,kernel-end", NULL));
	ck_assert_ptr_nonnull(fdt_getprop(fdt, chosen, "linux,booted-from-kexec", NULL));
	ck_assert(has_rsv(fdt, s->mem, s->memsz));
	ck_assert(has_rsv(fdt, rd->mem, rd->memsz));
	ck_assert(has_rsv(fdt, x->rtas_base, x->rtas_size));
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, sz;

		ck_assert_int_eq(fdt_get_mem_rsv(fdt, i, &a, &sz), 0);
		ck_assert_msg(a != 0x10000, "the crash-only [64 KiB, crash base) reservation");
	}
}
#else
static void check_normal_fdt(const struct plan *p, const struct normal_expect *x)
{
	(void)p; (void)x;
}
#endif

static void check_normal(struct run *r, const struct normal_expect *x)
{
	struct plan *p = &r->plan;

	check_normal_roles(p);
	check_normal_segments(p, x);
	check_normal_kernel(p, x);
	check_purgatory(p);
	check_normal_params(p);
	check_normal_fdt(p, x);
	ck_assert_ptr_null(strstr(p->cmdline, "elfcorehdr="));
	ck_assert_int_eq(plan_validate(p), 0);
}

#define FAKE_KERNEL_END	0x1800000ULL

static const struct normal_expect fake_normal = {
	.floor = FAKE_KERNEL_END, .ram_end = 0x9fffffffULL,
	.rtas_base = FAKE_RTAS_BASE, .rtas_size = FAKE_RTAS_SIZE,
	.has_crash = 1, .crash_start = FAKE_CRASH_BASE,
	.crash_end = FAKE_CRASH_BASE + FAKE_CRASH_SIZE - 1,
	.bootargs = "console=hvc0 root=/dev/vda1",
};

/* -l writes nothing into the kernel: its segment is the file's own bytes. */
static void check_kernel_is_the_file(const struct run *r)
{
	const struct segment *k = seg(&r->plan, SEG_KERNEL);
	const unsigned char *b = k->buf;

	ck_assert(k->borrowed);
	ck_assert(b > r->kernel && b + k->bufsz <= r->kernel + r->kernel_size);
}

/* petitboot's kexec -l on the synthetic machine (crash region present). */
START_TEST(normal_load_plan)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	int ret;

	fake_prop64(root, "chosen/linux,kernel-end", FAKE_KERNEL_END, 0, 0);
	fake_prop64(root, "chosen/linux,memory-limit", 0x80000000ULL, 0, 0);
	ret = run_plan_as(&r, root, 0, 0, "console=hvc0");
	if (!HAVE_PG) {
		ck_assert_int_eq(ret, -ENOTSUP);
	} else {
		ck_assert_int_eq(ret, 0);
		check_normal(&r, &fake_normal);
		check_kernel_is_the_file(&r);
		if (getenv("TEST_PRINT_PLAN"))
			plan_print(&r.plan, stdout);
	}
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* A machine booted without crashkernel= can kexec; it cannot load -p. */
START_TEST(normal_load_without_crash_region)
{
	char *root = fake_ppc64_sysroot(0);
	struct run r = { 0 };
	struct normal_expect x = fake_normal;

	x.has_crash = 0;
	fake_prop64(root, "chosen/linux,kernel-end", FAKE_KERNEL_END, 0, 0);
	if (run_plan_as(&r, root, 0, 0, "console=hvc0") == 0)
		check_normal(&r, &x);
	else
		ck_assert(!HAVE_PG);
	run_free(&r);
	ck_assert_int_eq(run_plan(&r, root, 0, "console=hvc0"), -EADDRNOTAVAIL);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* Without linux,kernel-end the floor is the new kernel's own size. */
START_TEST(normal_floor_without_kernel_end)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	struct normal_expect x = fake_normal;

	x.floor = (FAKE_KERNEL_MEMSZ + 0xffff) & ~0xffffULL;
	if (run_plan_as(&r, root, 0, 0, "console=hvc0") == 0)
		check_normal(&r, &x);
	else
		ck_assert(!HAVE_PG);
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

/* TCE and hash tables the running kernel uses are never destinations. */
START_TEST(normal_avoids_tce_and_htab)
{
	char *root = fake_ppc64_sysroot(1);
	struct run r = { 0 };
	struct normal_expect x = fake_normal;

	fake_prop64(root, "chosen/linux,kernel-end", FAKE_KERNEL_END, 0, 0);
	fake_prop_str(root, "pci@800000020000000/device_type", "pci");
	fake_prop64(root, "pci@800000020000000/linux,tce-base", FAKE_KERNEL_END, 0, 0);
	fake_prop32(root, "pci@800000020000000/linux,tce-size", 0x800000);
	fake_prop64(root, "chosen/linux,htab-base", FAKE_KERNEL_END + 0x800000, 0, 0);
	fake_prop64(root, "chosen/linux,htab-size", 0x1000000, 0, 0);
	if (run_plan_as(&r, root, 0, 0, "console=hvc0") == 0) {
		x.busy_start = FAKE_KERNEL_END;
		x.busy_end = FAKE_KERNEL_END + 0x1800000 - 1;
		x.floor = FAKE_KERNEL_END + 0x1800000;	/* the kernel goes right above */
		check_normal(&r, &x);
	} else {
		ck_assert(!HAVE_PG);
	}
	run_free(&r);
	tmpsysroot_remove(root);
}
END_TEST

static int snapshot_dir(const char *name, char *dir, size_t len)
{
	const char *src = getenv("TEST_SRCDIR");

	snprintf(dir, len, "%s/fixtures/sysroot/%s", src ? src : "tests", name);
	if (access(dir, F_OK)) {
		printf("note: %s missing: snapshot plan skipped\n", dir);
		return 0;
	}
	if (!HAVE_PG) {
		printf("note: no ppc64le purgatory in this build: snapshot plan skipped\n");
		return 0;
	}
	return 1;
}

#ifdef HAVE_LIBFDT
/* The drconf LMB list goes to the new kernel unchanged (hot-added DIMMs). */
static void check_drconf_copied(const struct plan *p, const char *dir)
{
	const void *fdt = seg(p, SEG_FDT)->buf;
	int off = fdt_path_offset(fdt, "/ibm,dynamic-reconfiguration-memory"), len;
	const void *v = fdt_getprop(fdt, off, "ibm,dynamic-memory-v2", &len);
	char path[600];
	unsigned char want[65536];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/device-tree/ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2", dir);
	f = fopen(path, "rb");
	if (!f)
		return;
	n = fread(want, 1, sizeof(want), f);
	fclose(f);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(len, (int)n);
	ck_assert_mem_eq(v, want, n);
}
#else
static void check_drconf_copied(const struct plan *p, const char *dir)
{
	(void)p; (void)dir;
}
#endif

static void snapshot_normal(const char *name, uint64_t ram_end)
{
	struct normal_expect x = {
		.floor = 0x28a0000, .ram_end = ram_end,
		.rtas_base = 0x2ffff000, .rtas_size = 0x85c,
		.has_crash = 1, .crash_start = 0x20000000, .crash_end = 0x3fffffff,
		.bootargs = "console=hvc0",
	};
	struct run r = { 0 };
	char dir[512];

	if (!snapshot_dir(name, dir, sizeof(dir)))
		return;
	ck_assert_int_eq(run_plan_as(&r, dir, 0, 0, "console=hvc0"), 0);
	check_normal(&r, &x);
	check_drconf_copied(&r.plan, dir);
	run_free(&r);
}

START_TEST(snapshot_deb12_ppc64le_boot_normal)
{
	snapshot_normal("deb12-ppc64le-boot", 0x7fffffffULL);
}
END_TEST

START_TEST(snapshot_deb12_ppc64le_after_hotadd_normal)
{
	snapshot_normal("deb12-ppc64le-after-hotadd", 0xbfffffffULL);
}
END_TEST

/* Debian's vmlinux with -l on the pseries snapshot taken after a hot-add. */
START_TEST(real_kernel_normal)
{
	const char *path = getenv("KEXEC_TEST_KERNEL_PPC64");
	struct normal_expect x = {
		.ram_end = 0xbfffffffULL,
		.rtas_base = 0x2ffff000, .rtas_size = 0x85c,
		.has_crash = 1, .crash_start = 0x20000000, .crash_end = 0x3fffffff,
		.bootargs = "console=hvc0 root=/dev/vda1",
	};
	struct file_buf fb = { 0 };
	struct run r = { 0 };
	char dir[512];
	uint64_t memsz;

	if (!path || !*path) {
		printf("note: KEXEC_TEST_KERNEL_PPC64 unset: real ppc64 kernel -l plan skipped\n");
		return;
	}
	if (!snapshot_dir("deb12-ppc64le-after-hotadd", dir, sizeof(dir)))
		return;
	ck_assert_int_eq(file_read(path, "kernel", 1, &fb), 0);
	r.kernel = fb.data;	/* a file mapping: fb keeps it, not run_free */
	r.kernel_size = fb.size;
	ck_assert_int_eq(run_plan_as(&r, dir, 0, 0, "console=hvc0 root=/dev/vda1"), 0);
	memsz = seg(&r.plan, SEG_KERNEL)->memsz;
	ck_assert_uint_gt(memsz, 30u << 20);
	x.floor = memsz > 0x28a0000 ? memsz : 0x28a0000;
	check_normal(&r, &x);
	r.kernel = NULL;
	run_free(&r);
	file_buf_free(&fb);
}
END_TEST

/* ---- ppc64_fdt_check_magic ------------------------------------------- */

static const uint8_t elf_bytes[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
static const uint8_t fdt_bytes[] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0x10, 0 };
static const uint8_t plain_bytes[] = { 0x4d, 0x5a, 0, 0, 0, 0, 0, 0 };

static void add_seg(struct plan *p, enum seg_role role, const uint8_t *bytes,
		    uint64_t mem)
{
	void *buf = calloc(1, 0x10000);

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, bytes, 8);
	ck_assert_int_eq(plan_add_segment(p, role, buf, 0x10000, mem, 0x10000,
					  true), 0);
}

/* ppc64_fdt_check_magic with stderr captured into msg. */
static int fdt_magic_msg(const struct plan *p, char *msg, size_t size)
{
	int ret;

	capture_begin();
	ret = ppc64_fdt_check_magic(p);
	snprintf(msg, size, "%s", capture_end());
	return ret;
}

static void magic_plan(struct plan *p)
{
	plan_init(p, "ppc64le");
	p->page = 0x10000;
}

START_TEST(fdt_magic_ok)
{
	struct plan p;
	char msg[512];

	magic_plan(&p);
	add_seg(&p, SEG_KERNEL, elf_bytes, 0x20000000);	/* not the FDT's business */
	add_seg(&p, SEG_INITRD, plain_bytes, 0x24000000);
	add_seg(&p, SEG_FDT, fdt_bytes, 0x2f000000);
	add_seg(&p, SEG_ELFCOREHDR, elf_bytes, 0x2fe00000);
	ck_assert_int_eq(fdt_magic_msg(&p, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "");
	plan_free(&p);
}
END_TEST

START_TEST(fdt_magic_before_fdt)
{
	struct plan p;
	char msg[512];

	magic_plan(&p);
	add_seg(&p, SEG_INITRD, fdt_bytes, 0x24000000);
	add_seg(&p, SEG_FDT, fdt_bytes, 0x2f000000);
	add_seg(&p, SEG_ELFCOREHDR, elf_bytes, 0x2fe00000);
	ck_assert_int_eq(fdt_magic_msg(&p, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 0 (initrd at 0x24000000)"));
	ck_assert_ptr_nonnull(strstr(msg, "0xd00dfeed"));
	ck_assert_ptr_null(strchr(strchr(msg, '\n') + 1, '\n'));	/* one line */
	plan_free(&p);
}
END_TEST

START_TEST(fdt_magic_after_fdt)
{
	struct plan p;
	char msg[512];

	magic_plan(&p);
	add_seg(&p, SEG_FDT, fdt_bytes, 0x2f000000);
	add_seg(&p, SEG_ELFCOREHDR, elf_bytes, 0x2fe00000);
	add_seg(&p, SEG_INITRD, fdt_bytes, 0x30000000);
	ck_assert_int_eq(fdt_magic_msg(&p, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 2 (initrd"));
	plan_free(&p);
}
END_TEST

START_TEST(fdt_magic_missing)
{
	struct plan p;
	char msg[512];

	magic_plan(&p);
	add_seg(&p, SEG_FDT, plain_bytes, 0x2f000000);
	add_seg(&p, SEG_ELFCOREHDR, elf_bytes, 0x2fe00000);
	ck_assert_int_eq(fdt_magic_msg(&p, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 0 (fdt"));
	ck_assert_ptr_nonnull(strstr(msg, "lacks the device tree magic"));
	plan_free(&p);
}
END_TEST

START_TEST(fdt_magic_without_fdt_segment)
{
	struct plan p;
	char msg[512];

	/* the rule holds with no fdt segment at all: nothing may look like one */
	magic_plan(&p);
	add_seg(&p, SEG_KERNEL, plain_bytes, 0x20000000);
	add_seg(&p, SEG_INITRD, fdt_bytes, 0x24000000);
	ck_assert_int_eq(fdt_magic_msg(&p, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 1 (initrd"));
	plan_free(&p);
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
	tcase_add_test(tc, not_a_vmlinux);
	tcase_add_test(tc, hotplug_needs_sysfs_size);
	tcase_add_test(tc, memory_limit_needs_mem);
	tcase_add_test(tc, dtb_replaces_the_tree);
	tcase_add_test(tc, drconf_count_bounded_by_memory);
	tcase_add_test(tc, drconf_lmb_size_below_a_section);
	tcase_add_test(tc, fdt_growth_is_silent);
	tcase_add_test(tc, snapshot_deb12_ppc64le_boot);
	tcase_add_test(tc, snapshot_deb12_ppc64le_after_hotadd);
	tcase_add_test(tc, real_kernel);
	tcase_add_test(tc, normal_load_plan);
	tcase_add_test(tc, normal_load_without_crash_region);
	tcase_add_test(tc, normal_floor_without_kernel_end);
	tcase_add_test(tc, normal_avoids_tce_and_htab);
	tcase_add_test(tc, snapshot_deb12_ppc64le_boot_normal);
	tcase_add_test(tc, snapshot_deb12_ppc64le_after_hotadd_normal);
	tcase_add_test(tc, real_kernel_normal);
	tcase_add_test(tc, fdt_magic_ok);
	tcase_add_test(tc, fdt_magic_before_fdt);
	tcase_add_test(tc, fdt_magic_after_fdt);
	tcase_add_test(tc, fdt_magic_missing);
	tcase_add_test(tc, fdt_magic_without_fdt_segment);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ppc64_plan_suite());
}
