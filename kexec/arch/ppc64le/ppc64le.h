/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ppc64le.h - the ppc64le backend as the rest of the program sees it: its
 * arch_ops (ppc64le.c), listed by backends.c.  The plan steps it composes
 * have their own headers: vmlinux.h, machine.h, crashdump.h, fdt.h,
 * purgatory.h, and ppc64_load.h for the state they share.
 */
#ifndef KEXEC_PPC64LE_PPC64LE_H
#define KEXEC_PPC64LE_PPC64LE_H

#include "arch.h"

extern const struct arch_ops arch_ppc64le;

#endif
