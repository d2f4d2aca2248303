// SPDX-License-Identifier: GPL-2.0-only
/*
 * crashdump.c - what an x86_64 crash (-p) load adds to a normal one: the
 * crash region as the only placement window, the description of the dump
 * (CPU notes, vmcoreinfo, kernel text, RAM ranges) handed to crash.c for
 * the elfcorehdr, acpi_rsdp= for the capture kernel, and the check that
 * room is left for the kernel's own pages.
 *
 * The dump omits [0, 1 MiB): the kernel's in-kernel header (the one the
 * hot-plug handler writes over ours) does the same, the first kernel has
 * not used low memory since Linux 5.8 when crashkernel= is set, and the
 * capture kernel gets that memory as RAM (e820.c), so its content at dump
 * time would belong to the capture kernel anyway.  No backup segment.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "crash.h"
#include "crashdump.h"
#include "elfcore.h"
#include "kcore.h"
#include "log.h"
#include "sysroot.h"
#include "x86_load.h"

/* Direct-map base when /proc/kcore does not tell (no KASLR). */
#define X86_DEFAULT_PAGE_OFFSET	0xffff888000000000ULL

int x86_crash_region(struct x86_load *xl, struct range_list *windows)
{
	const struct range_list *crash = &xl->io.crash;
	size_t i, best = 0;

	if (!crash->n) {
		pr_err("no crashkernel= region: boot with crashkernel=... (no \"Crash kernel\" in %s/proc/iomem)",
		       xl->ctx->root->path);
		return -EADDRNOTAVAIL;
	}
	for (i = 1; i < crash->n; i++)
		if (crash->r[i].start > crash->r[best].start)
			best = i;
	xl->crash = crash->r[best];
	xl->crash.type = RANGE_RAM;
	return ranges_add(windows, xl->crash.start, xl->crash.end, RANGE_RAM);
}

/*
 * RAM to dump: System RAM minus crash reservations, GART and low 1 MiB.
 * Adjacent resources stay separate PT_LOADs (two hot-added DIMMs are two
 * ranges), as in the header the kernel itself writes on hot-plug.
 */
int x86_crash_ram(const struct iomem *io, struct range_list *ram)
{
	size_t i;
	int ret;

	/* each subtraction splits at most one range in two: no realloc */
	ret = ranges_reserve(ram, io->ram.n + io->crash.n + io->gart.n + 1);
	if (!ret)
		ret = ranges_copy(ram, &io->ram);
	for (i = 0; !ret && i < ram->n; i++)
		ram->r[i].type = RANGE_RAM;
	ranges_sort(ram);
	for (i = 0; !ret && i < io->crash.n; i++)
		ret = ranges_subtract(ram, io->crash.r[i].start, io->crash.r[i].end);
	for (i = 0; !ret && i < io->gart.n; i++)
		ret = ranges_subtract(ram, io->gart.r[i].start, io->gart.r[i].end);
	if (!ret)
		ret = ranges_subtract(ram, 0, X86_MIN_LOAD_ADDR - 1);
	return ret;
}

/* Kernel text mapping and direct-map base from /proc/kcore. */
static int fill_kcore(struct x86_load *xl, struct elfcore_desc *d)
{
	struct kcore_info ki = { 0 };
	struct kcore_load text;
	int ret;

	ret = kcore_read(xl->ctx->root, &ki);
	if (ret)
		return ret;
	d->page_offset = ki.has_page_offset ? ki.page_offset
					    : X86_DEFAULT_PAGE_OFFSET;
	if (!ki.has_page_offset)
		pr_warn("/proc/kcore shows no direct map: assuming page_offset 0x%llx",
			(unsigned long long)X86_DEFAULT_PAGE_OFFSET);
	if (xl->io.has_kernel_code &&
	    !kcore_find_paddr(&ki, xl->io.kernel_code_start, &text)) {
		d->has_text = true;
		d->text_vaddr = text.vaddr;
		d->text_paddr = xl->io.kernel_code_start;
		d->text_size = text.size;
	} else {
		pr_warn("kernel text not found in /proc/kcore: the dump has no kernel text PT_LOAD (the kernel adds it on the first hot-plug update)");
	}
	kcore_free(&ki);
	return 0;
}

static void warn_dm_crypt(const struct x86_load *xl)
{
	const char *cl = xl->plan->cmdline;

	if (cl && (strstr(cl, "rd.luks") || strstr(cl, "dmcryptkeys")))
		pr_warn("the command line mentions LUKS, but kexec_load (-c) cannot hand dm-crypt keys to the capture kernel; only kexec_file_load (-s) does");
}

/*
 * acpi_rsdp= for capture kernels that ignore boot_params' acpi_rsdp_addr;
 * not when EFI is passed (the kernel finds ACPI in the EFI config table),
 * as kexec-tools does.
 */
static int add_acpi_rsdp(struct x86_load *xl)
{
	if (xl->efi.present || !xl->acpi_rsdp ||
	    strstr(xl->plan->cmdline, "acpi_rsdp="))
		return 0;
	return plan_append_cmdline(xl->plan, "acpi_rsdp=0x%llx",
				   (unsigned long long)xl->acpi_rsdp);
}

static int build_elfcorehdr(struct x86_load *xl, struct elfcore_desc *d)
{
	struct crash_note *notes;
	struct range_list ram = RANGE_LIST_INIT;
	int ret;

	ret = crash_read_notes(xl->ctx->root, d, &notes);
	if (!ret)
		ret = fill_kcore(xl, d);
	if (!ret)
		ret = x86_crash_ram(&xl->io, &ram);
	if (!ret) {
		d->ram = &ram;
		ret = crash_add_elfcorehdr(xl->ctx->root, xl->ctx->hotplug,
					   xl->plan, &xl->pl, d, PAGE_SIZE_4K);
	}
	ranges_free(&ram);
	free(notes);
	return ret;
}

int x86_crash_prepare(struct x86_load *xl)
{
	struct elfcore_desc d = {
		.e_machine = EM_X86_64,
		.big_endian = false,
	};
	int ret;

	warn_dm_crypt(xl);
	ret = add_acpi_rsdp(xl);
	if (ret)
		return ret;
	return build_elfcorehdr(xl, &d);
}

int x86_crash_check_slack(struct x86_load *xl)
{
	uint64_t left = placer_free_bytes(&xl->pl);

	if (left >= X86_CRASH_SLACK)
		return 0;
	pr_err("crash region 0x%llx-0x%llx is too small: %llu KiB left after placing the segments, the kernel needs at least %llu KiB for its control pages (use a larger crashkernel= or a smaller initrd)",
	       (unsigned long long)xl->crash.start,
	       (unsigned long long)xl->crash.end,
	       (unsigned long long)(left >> 10),
	       (unsigned long long)(X86_CRASH_SLACK >> 10));
	return -ENOSPC;
}
