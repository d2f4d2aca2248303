// SPDX-License-Identifier: GPL-2.0-only
/*
 * crashdump.c - what a ppc64 crash (-p) load describes to the capture
 * kernel's /proc/vmcore: the ranges to dump, the 64 KiB backup of low
 * memory, and the elfcorehdr handed to crash.c.
 *
 * Decisions:
 * - Dumped: assigned memory (mem= applied) minus the crash region, with
 *   [0, 64 KiB) described by the backup PT_LOAD (p_paddr 0, p_offset = the
 *   backup segment, the convention kernels read at load time) instead of
 *   its own range, plus the parts of RTAS and OPAL inside the crash region
 *   (the capture kernel keeps them reserved, so their bytes are the first
 *   kernel's).
 * - No kernel-text PT_LOAD: the kernel's own ppc64 rebuild has none.
 * - The backup segment is zeros in the plan; purgatory fills it after the
 *   digest check, so it stays in the digest.  Placed bottom-up next to the
 *   kernel and below the real-mode limit (purgatory writes it with the
 *   MMU off).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "crash.h"
#include "crashdump.h"
#include "elfcore.h"
#include "log.h"

/* p_vaddr = PPC64_PAGE_OFFSET + p_paddr in the elfcorehdr. */
#define PPC64_PAGE_OFFSET	0xc000000000000000ULL

static uint64_t rnd_down(uint64_t v, uint64_t a) { return v / a * a; }

/* RTAS/OPAL inside the crash region, widened to whole 4 KiB pages. */
static int add_firmware_in_crash(const struct ppc64_machine *m,
				 struct range_list *ram)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < m->firmware.n; i++) {
		uint64_t s = rnd_down(m->firmware.r[i].start, 4096);
		uint64_t e = rnd_down(m->firmware.r[i].end, 4096) + 4095;

		if (s < m->crash.start)
			s = m->crash.start;
		if (e > m->crash.end)
			e = m->crash.end;
		if (s <= e)
			ret = ranges_add(ram, s, e, RANGE_RAM);
	}
	return ret;
}

int ppc64_dump_ranges(const struct ppc64_machine *m, struct range_list *ram)
{
	int ret;

	ret = ranges_copy(ram, &m->ram);
	if (!ret)
		ret = ranges_subtract(ram, m->crash.start, m->crash.end);
	if (!ret)
		ret = ranges_subtract(ram, 0, PPC64_BACKUP_SIZE - 1);
	if (!ret)
		ret = add_firmware_in_crash(m, ram);
	if (!ret)
		ranges_merge(ram);
	return ret;
}

int ppc64_add_backup(struct ppc64_load *pl)
{
	struct place_req req = {
		.what = "backup", .size = PPC64_BACKUP_SIZE, .align = PPC64_PAGE,
		.min = 0, .max = pl->rm_max,
		.top_down = false,
	};
	int ret;

	ret = placer_take(&pl->pl, &req, &pl->backup_addr);
	if (ret)
		return ret;
	return plan_add_segment(pl->plan, SEG_BACKUP, NULL, 0, pl->backup_addr,
				PPC64_BACKUP_SIZE, true);
}

int ppc64_add_elfcorehdr(struct ppc64_load *pl)
{
	struct elfcore_desc d = {
		.e_machine = EM_PPC64,
		.big_endian = pl->kern.big_endian,
		.has_backup = true, .backup_src = 0,
		.backup_size = PPC64_BACKUP_SIZE, .backup_dst = pl->backup_addr,
		.page_offset = PPC64_PAGE_OFFSET,
	};
	struct range_list ram = RANGE_LIST_INIT;
	struct crash_note *notes;
	int ret;

	ret = crash_read_notes(pl->ctx->root, &d, &notes);
	if (!ret && (ret = ppc64_dump_ranges(&pl->m, &ram)))
		pr_err("elfcorehdr: cannot collect the ranges to dump: out of memory");
	if (!ret) {
		d.ram = &ram;
		ret = crash_add_elfcorehdr(pl->ctx->root, pl->ctx->hotplug,
					   pl->plan, &pl->pl, &d, PPC64_PAGE);
	}
	ranges_free(&ram);
	free(notes);
	return ret;
}
