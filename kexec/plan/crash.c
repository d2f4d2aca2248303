// SPDX-License-Identifier: GPL-2.0-only
/*
 * crash.c - the crash (-p) load steps every backend shares (see crash.h):
 * the elfcorehdr segment (built, sized, placed, described in the plan),
 * "elfcorehdr=" on the command line, and the CPU and VMCOREINFO notes.
 *
 * Decisions:
 * - Size with --hotplug: the kernel rebuilds the header in place, so the
 *   segment must hold its largest header.  /sys/kernel/crash_elfcorehdr_size
 *   counts only program headers on x86 (ppc64 includes the Ehdr) and the
 *   kernel page-rounds 64 + n*56 before comparing with memsz, so memsz is
 *   page_round(sysfs size + 64): 917616 -> 0xe1000 as Debian's kernel
 *   expects.  A header we build that is larger than the sysfs size is an
 *   error: the kernel's own rebuild would not fit and it would keep the
 *   stale header for good.
 * - Size without --hotplug: page_round(header).  No 16 KiB minimum; that
 *   was a workaround for an old kexec-tools link problem, and nothing
 *   rewrites the header without the flag.
 * - bufsz is the header length; the kernel zero-fills the rest of memsz.
 * - Placement is top-down in the placer's windows, as kexec-tools does:
 *   the header sits near the top of the crash region and leaves the large
 *   low hole to the kernel and initrd.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crash.h"
#include "log.h"

static uint64_t round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* /sys/kernel/crash_elfcorehdr_size, with the errors a user can act on. */
static int hotplug_size(const struct sysroot *root, uint64_t *size)
{
	int ret = sysroot_crash_elfcorehdr_size(root, size);

	if (ret == -ENOENT) {
		pr_err("--hotplug: /sys/kernel/crash_elfcorehdr_size is missing: the running kernel lacks CONFIG_CRASH_HOTPLUG (Linux 6.6+ on x86_64, 6.10+ on ppc64)");
		return -EOPNOTSUPP;
	}
	if (ret)
		return ret;	/* reported by sysroot */
	if (!*size) {
		pr_err("--hotplug: /sys/kernel/crash_elfcorehdr_size is 0: the kernel leaves no room to update the elfcorehdr");
		return -EINVAL;
	}
	if (*size > UINT32_MAX) {	/* the kernel prints it with %u */
		pr_err("--hotplug: /sys/kernel/crash_elfcorehdr_size reads %llu, more than the kernel can report",
		       (unsigned long long)*size);
		return -ERANGE;
	}
	return 0;
}

/* Segment size: room for the kernel's largest rebuild with --hotplug. */
static int elfcorehdr_memsz(const struct sysroot *root, bool hotplug,
			    size_t len, uint64_t page, uint64_t *memsz)
{
	uint64_t hp;
	int ret;

	if (!hotplug) {
		*memsz = round_up(len, page);
		return 0;
	}
	ret = hotplug_size(root, &hp);
	if (ret)
		return ret;
	if (len > hp) {
		pr_err("--hotplug: the elfcorehdr needs %zu bytes but /sys/kernel/crash_elfcorehdr_size is %llu: the kernel could not update a header this large (more CPUs or memory ranges than it was built for)",
		       len, (unsigned long long)hp);
		return -E2BIG;
	}
	*memsz = round_up(hp + sizeof(Elf64_Ehdr), page);
	return 0;
}

static int place_elfcorehdr(struct placer *pl, uint64_t memsz, uint64_t align,
			    uint64_t *mem)
{
	struct place_req req = {
		.what = "elfcorehdr",
		.size = memsz,
		.align = align > pl->page ? align : pl->page,
		.min = 0,
		.max = UINT64_MAX,
		.top_down = true,
	};

	return placer_take(pl, &req, mem);	/* reports failures */
}

static int add_load(struct range_list *l, uint64_t start, uint64_t size)
{
	if (!size)
		return 0;
	return ranges_add(l, start, start + size - 1, RANGE_RAM);
}

/* plan->elfcorehdr: what the header tells the capture kernel to dump. */
static int fill_info(struct plan *p, const struct elfcore_desc *d,
		     uint64_t mem, uint64_t memsz, size_t len)
{
	struct elfcorehdr_info *e = &p->elfcorehdr;
	int ret = 0;

	e->present = true;
	e->mem = mem;
	e->memsz = memsz;
	e->used = len;
	e->cpu_notes = d->nr_notes;
	/* sized once: text, backup and the RAM ranges */
	ret = ranges_reserve(&e->loads, 2 + (d->ram ? d->ram->n : 0));
	if (!ret && d->has_text)
		ret = add_load(&e->loads, d->text_paddr, d->text_size);
	if (!ret && d->has_backup)
		ret = add_load(&e->loads, d->backup_src, d->backup_size);
	for (size_t i = 0; !ret && d->ram && i < d->ram->n; i++)
		ret = add_load(&e->loads, d->ram->r[i].start,
			       range_size(&d->ram->r[i]));
	if (ret)
		pr_err("elfcorehdr: cannot record the dumped ranges: %s",
		       strerror(-ret));
	return ret;
}

static int check_preconditions(const struct plan *p, const struct placer *pl)
{
	if (p->elfcorehdr.present) {
		pr_err("elfcorehdr: the plan already has one");
		return -EEXIST;
	}
	if (!pl->page || (pl->page & (pl->page - 1))) {
		pr_err("elfcorehdr: placer page size %llu is not a power of two",
		       (unsigned long long)pl->page);
		return -EINVAL;
	}
	return 0;
}

int crash_add_elfcorehdr(const struct sysroot *root, bool hotplug,
			 struct plan *p, struct placer *pl,
			 const struct elfcore_desc *d, uint64_t align)
{
	uint64_t mem, memsz;
	void *buf;
	size_t len;
	int ret;

	ret = check_preconditions(p, pl);
	if (ret)
		return ret;
	ret = elfcore_build(d, &buf, &len);
	if (ret)
		return ret;
	ret = elfcorehdr_memsz(root, hotplug, len, pl->page, &memsz);
	if (!ret)
		ret = place_elfcorehdr(pl, memsz, align, &mem);
	if (ret) {
		free(buf);
		return ret;
	}
	/* the plan owns buf from here, even on failure */
	ret = plan_add_segment(p, SEG_ELFCOREHDR, buf, len, mem, memsz, !hotplug);
	if (ret)
		return ret;
	ret = fill_info(p, d, mem, memsz, len);
	if (ret)
		return ret;
	pr_debug("elfcorehdr: %zu bytes at 0x%llx, memsz 0x%llx%s", len,
		 (unsigned long long)mem, (unsigned long long)memsz,
		 hotplug ? " (hot-plug room, not in the digest)" : "");
	return plan_append_cmdline(p, "elfcorehdr=%lluK",
				   (unsigned long long)(mem / 1024));
}

int crash_read_notes(const struct sysroot *root, struct elfcore_desc *d,
		     struct crash_note **notes)
{
	size_t n = 0;
	int ret;

	*notes = NULL;
	ret = sysroot_crash_notes(root, notes, &n);
	if (ret)
		return ret;
	d->notes = *notes;
	d->nr_notes = n;
	ret = sysroot_vmcoreinfo(root, &d->vmcoreinfo_addr, &d->vmcoreinfo_size);
	if (ret == -ENOENT) {
		pr_warn("no /sys/kernel/vmcoreinfo: the dump will lack VMCOREINFO (makedumpfile needs it)");
		return 0;
	}
	d->has_vmcoreinfo = !ret;
	return ret;
}
