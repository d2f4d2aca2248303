/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64.h - the x86_64 backend as the rest of the program sees it: its
 * arch_ops (x86_64.c), listed by backends.c.  The steps it composes have
 * their own headers (formats.h, bootparams.h, e820.h, efi.h, crashdump.h,
 * purgatory.h), and x86_load.h is the state they share.
 */
#ifndef KEXEC_X86_64_X86_64_H
#define KEXEC_X86_64_X86_64_H

#include "arch.h"

extern const struct arch_ops arch_x86_64;

#endif
