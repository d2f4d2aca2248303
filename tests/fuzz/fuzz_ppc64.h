/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz_ppc64.h - the part of the ppc64 device tree targets (fuzz_dtb.c,
 * fuzz_devtree.c) that follows reading a tree: what the machine says
 * about memory, the crash region and firmware (ppc64_machine_parse), and
 * the capture kernel's FDT built from it (ppc64_fdt_build, as a crash
 * load when the tree has a crash region, else as a normal load).  A built
 * FDT must take its own address in the reserve map and read back with
 * the bootargs it was given.  Header-only: build.sh links every fuzz_*.c
 * as a target.
 */
#ifndef FUZZ_PPC64_H
#define FUZZ_PPC64_H

#include <stdlib.h>
#include <string.h>

#include "arch/ppc64le/dt.h"
#include "arch/ppc64le/fdt.h"
#include "arch/ppc64le/machine.h"

#define FUZZ_PPC64_CMDLINE	"console=hvc0 irqpoll"
#define FUZZ_PPC64_THREADS	64	/* possible CPUs for the hot-plug room */

static void fuzz_ppc64_read_back(const void *blob, size_t len)
{
	struct dt_node back;
	const struct dt_prop *args;

	if (dt_read_blob("built fdt", blob, len, &back))
		abort();
	args = dt_prop(dt_child(&back, "chosen"), "bootargs");
	if (!args || !args->len || args->val[args->len - 1] != '\0' ||
	    strncmp((const char *)args->val, FUZZ_PPC64_CMDLINE,
		    strlen(FUZZ_PPC64_CMDLINE)))
		abort();
	dt_free(&back);
}

static void fuzz_ppc64_build(const struct ppc64_machine *m)
{
	struct range_list usable = RANGE_LIST_INIT;
	struct ppc64_fdt_in in = {
		.tree = &m->dt, .m = m, .reserve = &m->reserved,
		.usable = m->has_crash ? &usable : NULL,
		.has_initrd = true,
		.initrd_start = 0x4000000, .initrd_end = 0x4100000,
	};
	char *bootargs = NULL;
	uint64_t room = 0;
	void *blob = NULL;
	size_t len = 0;

	if (m->has_crash && ppc64_usable_ranges(m, &usable))
		goto out;
	if (ppc64_bootargs(&m->dt, FUZZ_PPC64_CMDLINE, false, &bootargs) ||
	    ppc64_cpu_room(&m->dt, FUZZ_PPC64_THREADS, &room))
		goto out;
	in.bootargs = bootargs;
	in.extra = PPC64_FDT_SLACK + room;
	if (ppc64_fdt_build(&in, &blob, &len) == 0) {
		if (ppc64_fdt_reserve_self(blob, 0x10000000, len))
			abort();
		fuzz_ppc64_read_back(blob, len);
		free(blob);
	}
out:
	free(bootargs);
	ranges_free(&usable);
}

/* m parsed (ppc64_machine_read or _parse returned 0): build the FDT. */
static void fuzz_ppc64_machine(const struct ppc64_machine *m)
{
	if (!m->ram.n || (m->lmbs == NULL) != (m->nr_lmbs == 0))
		abort();
	fuzz_ppc64_build(m);
}

#endif
