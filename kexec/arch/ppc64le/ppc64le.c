// SPDX-License-Identifier: GPL-2.0-only
/*
 * ppc64le.c - the ppc64le backend: turns an ELF vmlinux, an initrd and the
 * machine's device tree (through the sysroot) into a kexec_load plan, for
 * a crash kernel (-p) or a normal kexec (-l).  Steps, each in its own
 * file: vmlinux.c, machine.c, crashdump.c, fdt.c, purgatory.c.
 *
 * Crash (-p) placement, in the crash region (64 KiB granule):
 *   kernel      bottom of the region (its PT_LOAD contents, not the file)
 *   backup      64 KiB, bottom-up, below the real-mode limit
 *   elfcorehdr  top-down (crash.c), sysfs-sized with --hotplug
 *   initrd      bottom-up
 *   fdt         top-down, below the real-mode limit
 *   purgatory   bottom-up, below the real-mode limit
 * The real-mode limit is the end of the memory block at address 0 (what
 * purgatory can touch with the MMU off on a hash-MMU LPAR).
 *
 * Capture kernel memory: [0, crash end] plus RTAS and OPAL as usable, with
 * [64 KiB, crash base) reserved: the first memory block must start at 0
 * and reach the crash region (the kernel derives its real-mode area from
 * it), and [0, 64 KiB) is where it puts its exception vectors.
 *
 * Normal (-l) placement, in all memory of the device tree minus the crash
 * region, RTAS/OPAL, /reserved-ranges, the hash and TCE tables:
 *   kernel      bottom-up from the floor, "run0" left as it is
 *   initrd      bottom-up
 *   fdt         top-down, below the -l real-mode limit
 *   purgatory   bottom-up, below the -l real-mode limit
 * No segment may start below the running kernel's end: the kernel refuses
 * such a load with ETXTBSY (machine_kexec_prepare: its fault handlers and
 * page tables are in use until the copy at kexec -e), so the kernel cannot
 * be loaded at its link address 0.  It is loaded above and, without
 * __run_at_load = 1, copies itself down to 0 on entry, as the kernel's own
 * kexec_file loader and kexec-tools arrange it.  The floor is therefore
 * max(linux,kernel-end, the new kernel's memsz): the new kernel's copy at
 * [0, memsz) must not land on the initrd or the FDT.  The -l real-mode
 * limit is min(the block at 0, 1 GiB), the kernel's own ppc64_rma_size on
 * hash LPARs, because the new kernel reads the FDT before its MMU is on.
 * The FDT has no usable-memory properties and no linux,memory-limit (see
 * fdt.c); reserved: /reserved-ranges, RTAS/OPAL, the initrd and itself.
 * No backup, no elfcorehdr, no KEXEC_ON_CRASH; purgatory checks the digest
 * of every other segment and skips the backup copy.
 *
 * --args-linux is accepted and ignored; --dt-no-old-root is honoured;
 * --dtb=FILE replaces the running machine's tree as the one copied (the
 * machine's memory, crash region and firmware still come from the sysroot).
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "crashdump.h"
#include "digest.h"
#include "fdt.h"
#include "log.h"
#include "machine.h"
#include "ppc64_load.h"
#include "ppc64le.h"
#include "purgatory.h"
#include "vmlinux.h"

#define CPU_POSSIBLE_PATH	"sys/devices/system/cpu/possible"
/* -l: highest real-mode address used, as the kernel's own ppc64_rma_size. */
#define PPC64_NORMAL_RM_CAP	0x40000000ULL

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * Where -l segments may start: above the running kernel (ETXTBSY below)
 * and above the new kernel's own copy at [0, memsz).
 */
static uint64_t normal_floor(const struct ppc64_load *pl)
{
	if (!pl->m.kernel_end)
		pr_warn("no /chosen/linux,kernel-end in the device tree: assuming the running kernel is no larger than %s",
			pl->ctx->kernel.path);
	return round_up(max_u64(pl->m.kernel_end, pl->kern.memsz), PPC64_PAGE);
}

/* Highest byte purgatory, the kernel entry and the FDT may use. */
static uint64_t real_mode_max(const struct ppc64_machine *m, bool normal)
{
	uint64_t top = m->rma_top ? m->rma_top : UINT64_MAX;

	if (normal && top > PPC64_NORMAL_RM_CAP)
		top = PPC64_NORMAL_RM_CAP;
	return top == UINT64_MAX ? top : top - 1;
}

static int read_dtb(struct ppc64_load *pl)
{
	struct file_buf fb = { 0 };
	int ret;

	if (!pl->opt->dtb)
		return 0;
	ret = file_read(pl->opt->dtb, "dtb", 0, &fb);
	if (!ret)
		ret = dt_read_blob(pl->opt->dtb, fb.data, fb.size, &pl->dtb);
	file_buf_free(&fb);
	return ret;
}

static int read_inputs(struct ppc64_load *pl)
{
	const struct file_buf *k = &pl->ctx->kernel;
	int ret;

	ret = ppc64_kernel_probe(k->path, k->data, k->size, &pl->kern);
	if (!ret)
		ret = ppc64_machine_read(pl->ctx->root, &pl->m);
	if (!ret && pl->opt->panic)
		ret = ppc64_machine_need_crash(&pl->m);
	if (!ret)
		ret = read_dtb(pl);
	if (!ret)
		pl->plan->cmdline = strdup(pl->ctx->cmdline ? pl->ctx->cmdline : "");
	if (!ret && !pl->plan->cmdline) {
		pr_err("command line: out of memory");
		ret = -ENOMEM;
	}
	return ret;
}

/* -l: all memory minus what the running system keeps (see the top). */
static int normal_windows(struct ppc64_load *pl, struct range_list *w)
{
	const struct ppc64_machine *m = &pl->m;
	const struct range_list *keep[] = { &m->reserved, &m->busy };
	int ret;

	ret = ranges_copy(w, &m->ram);
	if (!ret && m->has_crash)
		ret = ranges_subtract(w, m->crash.start, m->crash.end);
	for (size_t k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
		for (size_t i = 0; !ret && i < keep[k]->n; i++)
			ret = ranges_subtract(w, keep[k]->r[i].start,
					      keep[k]->r[i].end);
	if (!ret)
		ret = ranges_subtract(w, 0, normal_floor(pl) - 1);
	return ret;
}

static int init_placer(struct ppc64_load *pl)
{
	struct range_list w = RANGE_LIST_INIT;
	const struct options *o = pl->opt;
	int ret;

	if (o->panic)
		ret = ranges_add(&w, pl->m.crash.start, pl->m.crash.end, RANGE_RAM);
	else
		ret = normal_windows(pl, &w);
	/* RTAS or OPAL stay untouched (64 KiB granules) */
	for (size_t i = 0; !ret && i < pl->m.firmware.n; i++)
		ret = ranges_subtract(&w, pl->m.firmware.r[i].start / PPC64_PAGE * PPC64_PAGE,
				      round_up(pl->m.firmware.r[i].end + 1, PPC64_PAGE) - 1);
	if (!ret)
		ret = placer_init(&pl->pl, &w, o->mem_min_set ? o->mem_min : 0,
				  o->mem_max_set ? o->mem_max : UINT64_MAX,
				  PPC64_PAGE);
	ranges_free(&w);
	return ret;
}

static void put32(unsigned char *p, uint32_t v, bool be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* __run_at_load (-p only) = 1: the capture kernel runs where it is loaded. */
static void set_run_at_load(struct ppc64_load *pl, unsigned char *buf)
{
	if (!pl->opt->panic)
		return;		/* -l: the new kernel copies itself to 0 */
	if (pl->kern.run_at_load)
		put32(buf + PPC64_RUN_AT_LOAD_OFF, 1, pl->kern.big_endian);
	else
		pr_warn("%s: no \"run0\" marker at 0x5c: the capture kernel may copy itself to 0",
			pl->ctx->kernel.path);
}

/*
 * The PT_LOAD contents: for -l the file's own bytes (its read-only
 * mapping, no copy); -p writes __run_at_load, so a copy.
 */
static int add_kernel(struct ppc64_load *pl)
{
	struct ppc64_kernel *k = &pl->kern;
	uint64_t memsz = round_up(k->memsz, PPC64_PAGE);
	struct place_req req = {
		.what = "kernel", .size = memsz, .align = PPC64_PAGE,
		.min = pl->opt->panic ? pl->m.crash.start : 0,
		.max = pl->opt->panic ? UINT64_MAX : pl->rm_max,
		.top_down = false,
	};
	unsigned char *buf;
	int ret;

	ret = placer_take(&pl->pl, &req, &pl->kernel_addr);
	if (ret)
		return ret;
	if (!pl->opt->panic)
		return plan_add_borrowed_segment(pl->plan, SEG_KERNEL, k->load,
						 k->filesz, pl->kernel_addr,
						 memsz, true);
	buf = malloc(k->filesz);
	if (!buf) {
		pr_err("kernel: out of memory (%zu bytes)", k->filesz);
		return -ENOMEM;
	}
	memcpy(buf, k->load, k->filesz);
	set_run_at_load(pl, buf);
	return plan_add_segment(pl->plan, SEG_KERNEL, buf, k->filesz,
				pl->kernel_addr, memsz, true);
}

static int add_initrd(struct ppc64_load *pl)
{
	const struct file_buf *fb = &pl->ctx->initrd;
	uint64_t memsz = round_up(fb->size, PPC64_PAGE);
	struct place_req req = {
		.what = "initrd", .size = memsz, .align = PPC64_PAGE,
		.min = 0, .max = UINT64_MAX, .top_down = false,
	};
	void *buf;
	int ret;

	if (!fb->data || !fb->size)
		return 0;
	ret = placer_take(&pl->pl, &req, &pl->initrd_addr);
	if (ret)
		return ret;
	buf = malloc(fb->size);
	if (!buf) {
		pr_err("initrd: out of memory (%zu bytes)", fb->size);
		return -ENOMEM;
	}
	memcpy(buf, fb->data, fb->size);
	pl->initrd_size = fb->size;
	return plan_add_segment(pl->plan, SEG_INITRD, buf, fb->size,
				pl->initrd_addr, memsz, true);
}

static int add_reserve(struct range_list *r, uint64_t start, uint64_t size)
{
	return size ? ranges_add(r, start, start + size - 1, RANGE_RESERVED) : 0;
}

/*
 * The reserve map: /reserved-ranges, RTAS, OPAL, with -p [64 KiB, crash
 * base), and the full memsz of the initrd, backup and elfcorehdr segments
 * that exist (the FDT itself is appended by fdt.c and patched after
 * placement).
 */
static int build_reserve(struct ppc64_load *pl, struct range_list *r)
{
	static const enum seg_role roles[] = { SEG_INITRD, SEG_BACKUP, SEG_ELFCOREHDR };
	int ret;

	ret = ranges_copy(r, &pl->m.reserved);
	for (size_t i = 0; !ret && i < pl->m.firmware.n; i++)
		ret = add_reserve(r, pl->m.firmware.r[i].start,
				  range_size(&pl->m.firmware.r[i]));
	if (!ret && pl->opt->panic && pl->m.crash.start > PPC64_BACKUP_SIZE)
		ret = add_reserve(r, PPC64_BACKUP_SIZE,
				  pl->m.crash.start - PPC64_BACKUP_SIZE);
	for (size_t i = 0; !ret && i < sizeof(roles) / sizeof(roles[0]); i++) {
		const struct segment *s = plan_find(pl->plan, roles[i]);

		if (s)
			ret = add_reserve(r, s->mem, s->memsz);
	}
	return ret;
}

/* Room for the possible-but-absent cores the kernel may write into /cpus. */
static int hotplug_room(struct ppc64_load *pl, const struct dt_node *tree,
			uint64_t *room)
{
	struct cpu_set possible = { 0 };
	int ret;

	*room = 0;
	if (!pl->ctx->hotplug)
		return 0;
	ret = sysroot_read_cpulist(pl->ctx->root, CPU_POSSIBLE_PATH, &possible);
	if (ret == -ENOENT) {
		pr_err("--hotplug: no /%s: cannot size the device tree for hot-added CPUs",
		       CPU_POSSIBLE_PATH);
		return -ENOENT;
	}
	if (!ret)
		ret = ppc64_cpu_room(tree, cpu_set_count(&possible), room);
	cpu_set_free(&possible);
	return ret;
}

static int place_fdt(struct ppc64_load *pl, void *blob, size_t len)
{
	uint64_t memsz = round_up(len, PPC64_PAGE);
	struct place_req req = {
		.what = "fdt", .size = memsz, .align = PPC64_PAGE, .min = 0,
		.max = pl->rm_max, .top_down = true,
	};
	int ret;

	ret = placer_take(&pl->pl, &req, &pl->fdt_addr);
	if (!ret)
		ret = ppc64_fdt_reserve_self(blob, pl->fdt_addr, memsz);
	if (ret) {
		free(blob);
		return ret;
	}
	/* with --hotplug the kernel writes hot-added CPUs into it */
	return plan_add_segment(pl->plan, SEG_FDT, blob, len, pl->fdt_addr, memsz,
				!pl->ctx->hotplug);
}

static int add_fdt(struct ppc64_load *pl)
{
	const struct dt_node *tree = pl->opt->dtb ? &pl->dtb : &pl->m.dt;
	struct range_list usable = RANGE_LIST_INIT, rsv = RANGE_LIST_INIT;
	struct ppc64_fdt_in in = {
		.tree = tree, .m = &pl->m, .reserve = &rsv,
		.usable = pl->opt->panic ? &usable : NULL,
		.has_initrd = pl->initrd_size != 0,
		.initrd_start = pl->initrd_addr,
		.initrd_end = pl->initrd_addr + pl->initrd_size,
	};
	char *bootargs = NULL;
	uint64_t room = 0;
	void *blob = NULL;
	size_t len = 0;
	int ret;

	ret = pl->opt->panic ? ppc64_usable_ranges(&pl->m, &usable) : 0;
	if (!ret)
		ret = build_reserve(pl, &rsv);
	if (ret)
		pr_err("fdt: out of memory collecting ranges");
	if (!ret && (ret = ppc64_bootargs(tree, pl->plan->cmdline,
					  pl->opt->dt_no_old_root, &bootargs)))
		pr_err("fdt: out of memory building bootargs");
	if (!ret)
		ret = hotplug_room(pl, tree, &room);
	if (!ret) {
		in.bootargs = bootargs;
		in.extra = PPC64_FDT_SLACK + room;
		ret = ppc64_fdt_build(&in, &blob, &len);
	}
	if (!ret)
		ret = place_fdt(pl, blob, len);
	free(bootargs);
	ranges_free(&usable);
	ranges_free(&rsv);
	return ret;
}

static int check_cmdline(const struct plan *p)
{
	size_t len = strlen(p->cmdline);

	if (len < KEXEC_COMMAND_LINE_SIZE)
		return 0;
	pr_err("the command line is %zu bytes, powerpc kernels accept at most %d",
	       len, KEXEC_COMMAND_LINE_SIZE - 1);
	return -E2BIG;
}

static int plan_segments(struct ppc64_load *pl)
{
	int ret;

	ret = add_kernel(pl);
	if (!ret && pl->opt->panic)
		ret = ppc64_add_backup(pl);
	if (!ret && pl->opt->panic)
		ret = ppc64_add_elfcorehdr(pl);
	if (!ret)
		ret = check_cmdline(pl->plan);
	if (!ret)
		ret = add_initrd(pl);
	if (!ret)
		ret = add_fdt(pl);
	if (!ret)
		ret = ppc64_add_purgatory(pl);
	return ret;
}

static int finish_plan(struct ppc64_load *pl)
{
	struct plan *p = pl->plan;

	if (pl->opt->panic) {
		p->has_crash_region = true;
		p->crash_region = pl->m.crash;
	}
	return ppc64_fdt_check_magic(p);
}

static int ppc64_plan_load(struct load_ctx *ctx, struct plan *plan)
{
	struct ppc64_load pl = { .ctx = ctx, .opt = ctx->opt, .plan = plan };
	bool placer_ready = false;
	int ret;

	plan->page = PPC64_PAGE;
	ret = read_inputs(&pl);
	if (!ret) {
		pl.rm_max = real_mode_max(&pl.m, !ctx->opt->panic);
		ret = init_placer(&pl);
		placer_ready = !ret;
	}
	if (!ret)
		ret = plan_segments(&pl);
	if (!ret)
		ret = finish_plan(&pl);
	if (placer_ready)
		placer_free(&pl.pl);
	ppc64_machine_free(&pl.m);
	dt_free(&pl.dtb);
	return ret;
}

/*
 * The ppc64 kexec_file_load loader (kexec_elf64_ops) takes an ELF64
 * vmlinux for EM_PPC64, executable or relocatable; vmlinux.c checks that
 * and more (one PT_LOAD).  A crash load puts "elfcorehdr=0x<16 hex
 * digits> " before the command line, inside COMMAND_LINE_SIZE.
 */
#define PPC64_FILE_CMDLINE_RESERVE	30

static int ppc64_file_probe(const struct load_ctx *ctx, struct file_kernel *fk,
			    char *why, size_t whylen)
{
	struct ppc64_kernel k;
	int ret;

	ret = ppc64_kernel_check(ctx->kernel.data, ctx->kernel.size, &k, why,
				 whylen);
	if (ret)
		return ret;
	snprintf(fk->format, sizeof(fk->format), "ELF64 vmlinux for ppc64 (%s endian)",
		 k.big_endian ? "big" : "little");
	fk->memsz = k.memsz;
	fk->cmdline_max = KEXEC_COMMAND_LINE_SIZE - 1 -
			  (ctx->opt->panic ? PPC64_FILE_CMDLINE_RESERVE : 0);
	return 0;
}

/*
 * A PE/COFF file ("MZ": a UKI, an EFI application) is refused by name:
 * UKIs are read for x86_64 only, and ppc64le kernels are ELF files.  An
 * x86 bzImage (its boot header "HdrS" at 0x202; with an EFI stub it is a
 * PE file too) is named as what it is.
 */
static int ppc64_unbundle(const struct file_buf *file, struct kernel_bundle *b)
{
	(void)b;
	if (file->size >= 0x206 && !memcmp(file->data + 0x202, "HdrS", 4)) {
		pr_err("%s: an x86 bzImage (boot header \"HdrS\" at 0x202): ppc64le loads an ELF vmlinux",
		       file->path);
		return -ENOEXEC;
	}
	if (file->size < 2 || memcmp(file->data, "MZ", 2))
		return 0;
	pr_err("%s: a PE/COFF file (a UKI or an EFI application): UKIs are read for x86_64 only, "
	       "ppc64le loads an ELF vmlinux", file->path);
	return -ENOEXEC;
}

const struct arch_ops arch_ppc64le = {
	.name = "ppc64le",
	.kexec_arch = KEXEC_ARCH_PPC64,
	.hotplug_flag = KEXEC_CRASH_HOTPLUG_SUPPORT,
	.plan_load = ppc64_plan_load,
	.file_probe = ppc64_file_probe,
	.unbundle = ppc64_unbundle,
};
