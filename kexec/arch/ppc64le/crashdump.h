/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crashdump.h - the steps only a ppc64 crash (-p) load takes
 * (crashdump.c): the ranges to dump, the backup of low memory and the
 * elfcorehdr.
 */
#ifndef KEXEC_PPC64LE_CRASHDUMP_H
#define KEXEC_PPC64LE_CRASHDUMP_H

#include "machine.h"
#include "ppc64_load.h"
#include "ranges.h"

int ppc64_dump_ranges(const struct ppc64_machine *m, struct range_list *ram);
int ppc64_add_backup(struct ppc64_load *pl);
int ppc64_add_elfcorehdr(struct ppc64_load *pl);

#endif
