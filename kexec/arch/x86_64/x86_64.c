// SPDX-License-Identifier: GPL-2.0-only
/*
 * x86_64.c - the x86_64 backend: turns a kernel (bzImage or ELF vmlinux,
 * formats.h), an initrd and the machine state under the sysroot into a
 * kexec_load plan, for -l and -p.
 *
 * Placement: the kernel goes bottom-up (lowest aligned address, so its
 * init_size scratch space extends upwards inside the window), everything
 * else top-down (elfcorehdr, initrd, boot_params, purgatory).  The free
 * room therefore stays one block in the middle, where the kernel finds its
 * control pages; a crash load insists on X86_CRASH_SLACK of it.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "bzimage.h"
#include "crash.h"
#include "crashdump.h"
#include "digest.h"
#include "e820.h"
#include "formats.h"
#include "log.h"
#include "purgatory.h"
#include "sysroot.h"
#include "x86_64.h"
#include "x86_load.h"

#define X86_4G			0x100000000ULL
#define RUNNING_BP_PATH		"sys/kernel/boot_params/data"
#define RUNNING_BP_MAX		(64 * 1024)

static int read_running_bp(struct x86_load *xl)
{
	int ret = sysroot_read(xl->ctx->root, RUNNING_BP_PATH, &xl->running_bp,
			       &xl->running_len, RUNNING_BP_MAX);

	if (ret == -ENOENT) {
		pr_debug("no %s: acpi_rsdp_addr, screen_info and hardware_subarch stay 0",
			 RUNNING_BP_PATH);
		xl->running_bp = NULL;
		xl->running_len = 0;
		return 0;
	}
	return ret;
}

/* -l: usable RAM above 1 MiB, minus crash reservations. */
static int load_windows(struct x86_load *xl, struct range_list *w)
{
	size_t i;
	int ret;

	ret = ranges_copy(w, &xl->io.ram);
	for (i = 0; !ret && i < w->n; i++)
		w->r[i].type = RANGE_RAM;
	ranges_merge(w);
	for (i = 0; !ret && i < xl->io.crash.n; i++)
		ret = ranges_subtract(w, xl->io.crash.r[i].start,
				      xl->io.crash.r[i].end);
	ranges_clip(w, X86_MIN_LOAD_ADDR, UINT64_MAX);
	if (!ret && !w->n) {
		pr_err("no System RAM above 1 MiB in %s/proc/iomem",
		       xl->ctx->root->path);
		ret = -ENOMEM;
	}
	return ret;
}

static int init_placer(struct x86_load *xl)
{
	struct range_list w = RANGE_LIST_INIT;
	const struct options *o = xl->opt;
	int ret;

	ret = o->panic ? x86_crash_region(xl, &w) : load_windows(xl, &w);
	if (!ret)
		ret = placer_init(&xl->pl, &w, o->mem_min_set ? o->mem_min : 0,
				  o->mem_max_set ? o->mem_max : UINT64_MAX,
				  PAGE_SIZE_4K);
	ranges_free(&w);
	return ret;
}

static int check_cmdline(struct x86_load *xl)
{
	size_t len = strlen(xl->plan->cmdline);

	if (len <= xl->img.cmdline_size && len < KEXEC_COMMAND_LINE_SIZE)
		return 0;
	pr_err("%s: the command line is %zu bytes, the kernel accepts at most %u",
	       xl->img.path, len,
	       xl->img.cmdline_size < KEXEC_COMMAND_LINE_SIZE - 1 ?
	       xl->img.cmdline_size : KEXEC_COMMAND_LINE_SIZE - 1);
	return -E2BIG;
}

/*
 * At or above max(1 MiB, pref_address), aligned to kernel_alignment: a
 * relocatable kernel loaded lower than pref_address (LOAD_PHYSICAL_ADDR)
 * decompresses itself up to that address, i.e. outside its segment.
 */
static int place_kernel(struct x86_load *xl, uint64_t memsz)
{
	uint64_t floor = xl->img.pref_address > X86_MIN_LOAD_ADDR ?
			 xl->img.pref_address : X86_MIN_LOAD_ADDR;
	struct place_req req = {
		.what = "kernel", .size = memsz, .align = kimage_align(&xl->img),
		.min = floor, .max = UINT64_MAX, .top_down = false,
	};

	return placer_take(&xl->pl, &req, &xl->kernel_addr);
}

/*
 * Where the file holds the segment's bytes as they are (a bzImage after its
 * setup code), the segment points into the file's read-only mapping: no
 * copy, so no second 10+ MiB of memory (doc/performance.md).
 */
static int add_kernel(struct x86_load *xl)
{
	uint64_t memsz = kimage_memsz(&xl->img);
	unsigned char *buf;
	int ret;

	ret = place_kernel(xl, memsz);
	if (ret)
		return ret;
	if (xl->img.payload)
		return plan_add_borrowed_segment(xl->plan, SEG_KERNEL,
						 xl->img.payload,
						 xl->img.payload_size,
						 xl->kernel_addr, memsz, true);
	if (xl->img_ops->payload(&xl->img, &buf)) {
		pr_err("kernel: out of memory");
		return -ENOMEM;
	}
	return plan_add_segment(xl->plan, SEG_KERNEL, buf, xl->img.payload_size,
				xl->kernel_addr, memsz, true);
}

/* The initrd buffer (a file mapping) moves into the plan without a copy. */
static int add_initrd(struct x86_load *xl)
{
	struct file_buf *fb = &xl->ctx->initrd;
	struct place_req req = {
		.what = "initrd", .size = fb->size, .align = PAGE_SIZE_4K,
		.min = X86_MIN_LOAD_ADDR, .max = UINT64_MAX, .top_down = true,
	};
	uint64_t memsz = (fb->size + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1);
	int ret;

	if (!fb->data || !fb->size)
		return 0;
	if (!(xl->img.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		req.max = xl->img.initrd_addr_max;
	ret = placer_take(&xl->pl, &req, &xl->initrd_addr);
	if (ret)
		return ret;
	xl->initrd_size = fb->size;
	return plan_add_file_segment(xl->plan, SEG_INITRD, fb, xl->initrd_addr,
				     memsz, true);
}

static int build_e820(struct x86_load *xl, struct range_list *map)
{
	const struct elfcorehdr_info *h = &xl->plan->elfcorehdr;

	if (xl->opt->panic)
		return e820_crash_map(&xl->io, h->present ? h->mem : 0,
				      h->present ? h->memsz : 0, map);
	return e820_load_map(&xl->io, map);
}

/* The rebuilt EFI runtime map, in its own segment (efi.c). */
static int add_efi_memmap(struct x86_load *xl)
{
	struct x86_efi *efi = &xl->efi;
	struct place_req req = {
		.what = "efi_memmap", .size = efi->memmap_len,
		.align = PAGE_SIZE_4K, .min = X86_MIN_LOAD_ADDR,
		.max = UINT64_MAX, .top_down = true,
	};
	uint64_t addr;
	int ret;

	if (!efi->present)
		return 0;
	ret = placer_take(&xl->pl, &req, &addr);
	if (ret)
		return ret;
	x86_efi_set_memmap_addr(efi, addr);
	return plan_add_segment(xl->plan, SEG_EFI_MEMMAP, x86_efi_take_memmap(efi),
				efi->memmap_len, addr,
				(efi->memmap_len + PAGE_SIZE_4K - 1) &
				~(PAGE_SIZE_4K - 1), true);
}

static int add_boot_params(struct x86_load *xl)
{
	struct range_list map = RANGE_LIST_INIT;
	struct bp_input in = {
		.img = &xl->img, .running = (unsigned char *)xl->running_bp,
		.running_len = xl->running_len, .cmdline = xl->plan->cmdline,
		.initrd_addr = xl->initrd_addr, .initrd_size = xl->initrd_size,
		.e820 = &map,
		.acpi_rsdp = xl->acpi_rsdp,
		.efi_info = xl->efi.present ? xl->efi.info : NULL,
		.efi_setup = xl->efi.present ? xl->efi.setup : NULL,
		.efi_setup_len = EFI_SETUP_LEN,
	};
	struct place_req req = {
		.what = "boot_params", .align = PAGE_SIZE_4K,
		.min = X86_MIN_LOAD_ADDR, .max = UINT64_MAX, .top_down = true,
	};
	unsigned char *buf = NULL;
	size_t len;
	int ret;

	ret = build_e820(xl, &map);
	if (!ret) {
		req.size = bootparams_size(&in);
		ret = placer_take(&xl->pl, &req, &xl->bp_addr);
	}
	if (!ret)
		ret = bootparams_build(&in, xl->bp_addr, &buf, &len);
	if (!ret)
		ret = plan_add_segment(xl->plan, SEG_BOOT_PARAMS, buf, len,
				       xl->bp_addr,
				       (len + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1),
				       true);
	ranges_free(&map);
	return ret;
}

/*
 * Below 4 GiB (its 32-bit relocations) unless the crash region lies wholly
 * above 4 GiB; the purgatory loader refuses relocations that overflow.
 */
static int place_purgatory(struct x86_load *xl, struct x86_purgatory *pg,
			   uint64_t *addr)
{
	struct place_req req = {
		.what = "purgatory", .size = pg->memsz,
		.align = pg->align > PAGE_SIZE_4K ? pg->align : PAGE_SIZE_4K,
		.min = X86_MIN_LOAD_ADDR, .max = X86_4G - 1, .top_down = true,
	};

	if (xl->opt->panic && xl->crash.start >= X86_4G)
		req.max = UINT64_MAX;
	return placer_take(&xl->pl, &req, addr);
}

static int fill_purgatory(struct x86_load *xl, struct x86_purgatory *pg)
{
	struct x86_purgatory_params par = {
		.kernel_entry = xl->kernel_addr + xl->img.entry_offset,
		.boot_params = xl->bp_addr,
		.skip_checks = xl->opt->no_checks,
	};
	unsigned int n = 0;
	int ret;

	/* -i: purgatory will not check, so there is nothing to hash for it. */
	if (!xl->opt->no_checks) {
		ret = digest_compute(xl->plan, par.regions, &n);
		if (ret)
			return ret;
	}
	par.nr_regions = n;
	memcpy(par.digest, xl->plan->digest, sizeof(par.digest));
	return x86_purgatory_set_params(pg, &par);
}

static int add_purgatory(struct x86_load *xl)
{
	struct x86_purgatory pg = { 0 };
	uint64_t addr = 0;
	int ret, keep = 0;

	ret = x86_purgatory_open(&pg);
	if (ret)
		return ret;
	ret = place_purgatory(xl, &pg, &addr);
	if (!ret)
		ret = x86_purgatory_relocate(&pg, addr);
	if (!ret && xl->opt->panic)
		ret = x86_crash_check_slack(xl);
	if (!ret)
		ret = fill_purgatory(xl, &pg);
	if (!ret) {
		keep = 1;
		xl->plan->entry = pg.entry;
		ret = plan_add_segment(xl->plan, SEG_PURGATORY, pg.buf, pg.bufsz,
				       addr, pg.memsz, false);
	}
	x86_purgatory_close(&pg, keep);
	return ret;
}

static int start_cmdline(struct x86_load *xl)
{
	if (xl->plan->cmdline)
		return 0;
	xl->plan->cmdline = strdup(xl->ctx->cmdline ? xl->ctx->cmdline : "");
	if (!xl->plan->cmdline) {
		pr_err("command line: out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* boot_params' acpi_rsdp_addr, else (EFI stub boots) EFI's systab. */
static int find_acpi_rsdp(struct x86_load *xl)
{
	const unsigned char *run = (const unsigned char *)xl->running_bp;

	if (run && xl->running_len >= BP_ACPI_RSDP_ADDR + 8)
		xl->acpi_rsdp = get_le64(run + BP_ACPI_RSDP_ADDR);
	if (xl->acpi_rsdp)
		return 0;
	return x86_efi_acpi_rsdp(xl->ctx->root, &xl->acpi_rsdp);
}

static int read_efi(struct x86_load *xl)
{
	if (xl->opt->noefi) {
		pr_debug("--noefi: the new kernel gets no EFI state");
		return 0;
	}
	return x86_efi_read(xl->ctx->root, xl->img.xloadflags,
			    (const unsigned char *)xl->running_bp,
			    xl->running_len, &xl->efi);
}

static int read_machine(struct x86_load *xl)
{
	int ret;

	ret = x86_image_probe(xl->ctx->kernel.path, xl->ctx->kernel.data,
			      xl->ctx->kernel.size, &xl->img, &xl->img_ops);
	if (!ret)
		ret = iomem_read(xl->ctx->root, &xl->io);
	if (!ret)
		ret = read_running_bp(xl);
	if (!ret)
		ret = find_acpi_rsdp(xl);
	if (!ret)
		ret = read_efi(xl);
	return ret;
}

static int plan_segments(struct x86_load *xl)
{
	int ret = 0;

	if (xl->opt->panic)
		ret = x86_crash_prepare(xl);
	if (!ret)
		ret = check_cmdline(xl);
	if (!ret)
		ret = add_kernel(xl);
	if (!ret)
		ret = add_initrd(xl);
	if (!ret)
		ret = add_efi_memmap(xl);
	if (!ret)
		ret = add_boot_params(xl);
	if (!ret)
		ret = add_purgatory(xl);
	return ret;
}

static void finish_plan(struct x86_load *xl)
{
	if (!xl->opt->panic)
		return;
	xl->plan->has_crash_region = true;
	xl->plan->crash_region = xl->crash;
}

/* Options that mean nothing for a 64-bit x86 kernel. */
static int check_options(const struct options *opt)
{
	if (opt->dtb) {
		pr_err("--dtb=%s: x86_64 kernels take no device tree (the firmware's ACPI tables describe the machine)",
		       opt->dtb);
		return -EINVAL;
	}
	return 0;
}

static int x86_64_plan_load(struct load_ctx *ctx, struct plan *plan)
{
	struct x86_load xl = { .ctx = ctx, .opt = ctx->opt, .plan = plan };
	int ret, placer_ready = 0;

	ret = check_options(ctx->opt);
	if (!ret)
		ret = start_cmdline(&xl);
	if (!ret)
		ret = read_machine(&xl);
	if (!ret) {
		ret = init_placer(&xl);
		placer_ready = !ret;
	}
	if (!ret)
		ret = plan_segments(&xl);
	if (!ret)
		finish_plan(&xl);
	if (placer_ready)
		placer_free(&xl.pl);
	free(xl.running_bp);
	x86_efi_free(&xl.efi);
	iomem_free(&xl.io);
	return ret;
}

/*
 * kexec_file_load's bzImage64 loader keeps room for "elfcorehdr=0x<16 hex
 * digits>" after every command line it takes (crash or not): the line
 * plus its NUL plus this must fit the image's cmdline_size.
 */
#define X86_FILE_CMDLINE_RESERVE	30

/*
 * The kernel's kexec_file_load takes a bzImage with the 64-bit entry only
 * (no ELF vmlinux); our bzImage probe checks what its probe checks (HdrS,
 * boot flag, protocol 2.12+, LOADED_HIGH, XLF_KERNEL_64, loadable above
 * 4 GiB) and a little more (relocatable, a complete payload).
 */
static int x86_64_file_probe(const struct load_ctx *ctx, struct file_kernel *fk,
			     char *why, size_t whylen)
{
	const struct file_buf *k = &ctx->kernel;
	struct kernel_image img;
	int ret;

	if (k->size >= SELFMAG && !memcmp(k->data, ELFMAG, SELFMAG))
		return x86_image_reject(why, whylen, "an ELF vmlinux: x86_64's kexec_file_load loader takes only a bzImage (load it with -c)");
	ret = x86_bzimage64_ops.probe(k->data, k->size, &img, why, whylen);
	if (ret)
		return ret;
	snprintf(fk->format, sizeof(fk->format), "bzImage, boot protocol %u.%02u",
		 img.version >> 8, img.version & 0xff);
	fk->memsz = kimage_memsz(&img);
	fk->cmdline_max = img.cmdline_size > X86_FILE_CMDLINE_RESERVE ?
			  img.cmdline_size - X86_FILE_CMDLINE_RESERVE - 1 : 0;
	if (fk->cmdline_max >= KEXEC_COMMAND_LINE_SIZE)
		fk->cmdline_max = KEXEC_COMMAND_LINE_SIZE - 1;
	return 0;
}

/*
 * A capture kernel that finds memory hot-added to the crashed kernel in
 * the ACPI tables onlines it as its own: reads of that range from
 * /proc/vmcore then fail (EFAULT), even with a correct elfcorehdr.
 */
static const char *const x86_64_crash_params[] = { "acpi_no_memhotplug", NULL };

const struct arch_ops arch_x86_64 = {
	.name = "x86_64",
	.kexec_arch = KEXEC_ARCH_X86_64,
	.hotplug_flag = KEXEC_UPDATE_ELFCOREHDR,
	.crash_params = x86_64_crash_params,
	.crash_params_why = "so the capture kernel does not take hot-added memory "
			    "(ACPI) as its own and can dump it",
	.plan_load = x86_64_plan_load,
	.file_probe = x86_64_file_probe,
	.unbundle = x86_unbundle,
};
