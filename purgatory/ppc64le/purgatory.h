/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory.h - what the pieces of the ppc64 purgatory (entry.S,
 * purgatory.c, verify.c, and purgatory/common/mem.c) declare to each
 * other.  Purgatory-only: the loader's view is kexec/arch/ppc64le/purgatory.h.
 */
#ifndef PURGATORY_PPC64LE_PURGATORY_H
#define PURGATORY_PPC64LE_PURGATORY_H

#include <stddef.h>
#include <stdint.h>

#include "purgatory-ppc64.h"

extern struct purgatory_ppc64_params purgatory_params;

/* Called by entry.S on purgatory's stack with the boot CPU's id. */
void purgatory_main(uint32_t cpu);
/* entry.S: spin forever. */
void purgatory_halt(void) __attribute__((noreturn));

#include "mem.h"	/* purgatory/common: memcpy, memset, ... */

#endif
