// SPDX-License-Identifier: GPL-2.0-only
/*
 * e820.c - building the e820 memory map handed to the new kernel.
 *
 * For the capture kernel we follow the kernel's own kexec_file_load crash
 * path (arch/x86/kernel/crash.c, crash_setup_memmap_entries): it lists the
 * System RAM found below 1 MiB as usable RAM (since Linux 5.8 the first
 * kernel no longer hands that area out once crashkernel= is set, so the
 * capture kernel may reuse it - it needs it for the real-mode trampoline
 * that starts CPUs - and no 640 KiB backup copy is made), then ACPI tables,
 * ACPI NVS and reserved ranges with their types, then every crash
 * reservation as RAM except the elfcorehdr, dropping RAM pieces smaller
 * than a page.  Unlike kexec-tools we cut the elfcorehdr out with its full
 * page rounding, so no tail of it is ever handed out as usable RAM, and we
 * add persistent memory (types 7 and 12) so it is not mistaken for a hole.
 */
#include <errno.h>

#include "e820.h"
#include "log.h"
#include "placement.h"

static int is_firmware_type(unsigned int type)
{
	switch (type) {
	case RANGE_RESERVED:
	case RANGE_ACPI:
	case RANGE_NVS:
	case RANGE_PMEM:
	case RANGE_PRAM:
		return 1;
	}
	return 0;
}

/* Append the firmware ranges and cut them out of the RAM already in out. */
static int add_firmware(const struct iomem *io, struct range_list *out)
{
	size_t i;
	int ret;

	for (i = 0; i < io->typed.n; i++) {
		const struct range *r = &io->typed.r[i];

		if (!is_firmware_type(r->type))
			continue;
		ret = ranges_subtract(out, r->start, r->end);
		if (ret)
			return ret;
	}
	for (i = 0; i < io->typed.n; i++) {
		const struct range *r = &io->typed.r[i];

		if (!is_firmware_type(r->type))
			continue;
		ret = ranges_add(out, r->start, r->end, r->type);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_low_ram(const struct iomem *io, struct range_list *out)
{
	size_t i;
	int ret;

	for (i = 0; i < io->ram.n; i++) {
		const struct range *r = &io->ram.r[i];

		if (r->start >= E820_LOW_MEM_END)
			continue;
		ret = ranges_add(out, r->start,
				 r->end < E820_LOW_MEM_END ? r->end : E820_LOW_MEM_END - 1,
				 RANGE_RAM);
		if (ret)
			return ret;
	}
	return 0;
}

static void drop_small_ram(struct range_list *l)
{
	size_t i, out = 0;

	for (i = 0; i < l->n; i++)
		if (l->r[i].type != RANGE_RAM || range_size(&l->r[i]) >= PAGE_SIZE_4K)
			l->r[out++] = l->r[i];
	l->n = out;
}

static int crash_ram(const struct iomem *io, uint64_t hdr_mem,
		     uint64_t hdr_memsz, struct range_list *out)
{
	uint64_t first = hdr_mem & ~(PAGE_SIZE_4K - 1);
	uint64_t last = ((hdr_mem + hdr_memsz + PAGE_SIZE_4K - 1) &
			 ~(PAGE_SIZE_4K - 1)) - 1;
	size_t i;
	int ret;

	for (i = 0; i < io->crash.n; i++) {
		ret = ranges_add(out, io->crash.r[i].start, io->crash.r[i].end,
				 RANGE_RAM);
		if (ret)
			return ret;
	}
	ret = add_low_ram(io, out);
	if (!ret && hdr_memsz)
		ret = ranges_subtract(out, first, last);
	return ret;
}

int e820_crash_map(const struct iomem *io, uint64_t hdr_mem,
		   uint64_t hdr_memsz, struct range_list *out)
{
	int ret;

	out->n = 0;
	ret = crash_ram(io, hdr_mem, hdr_memsz, out);
	if (!ret)
		ret = add_firmware(io, out);
	if (ret) {
		pr_err("capture kernel memory map: %s", "out of memory");
		return ret;
	}
	ranges_merge(out);
	drop_small_ram(out);
	return 0;
}

int e820_load_map(const struct iomem *io, struct range_list *out)
{
	int ret;

	out->n = 0;
	ret = ranges_copy(out, &io->ram);
	if (!ret) {
		size_t i;

		for (i = 0; i < out->n; i++)
			out->r[i].type = RANGE_RAM;
		ret = add_firmware(io, out);
	}
	if (ret) {
		pr_err("memory map for the new kernel: %s", "out of memory");
		return ret;
	}
	ranges_merge(out);
	return 0;
}
