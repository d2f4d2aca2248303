/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory.h - what the pieces of the x86_64 purgatory (entry.S,
 * purgatory.c, serial.c, and purgatory/common/mem.c) declare to each
 * other.  Purgatory-only: the loader's view is kexec/arch/x86_64/purgatory.h.
 */
#ifndef PURGATORY_X86_64_PURGATORY_H
#define PURGATORY_X86_64_PURGATORY_H

#include <stddef.h>

#include "purgatory-x86_64.h"

/* 16550 UART purgatory reports a refused boot on (COM1). */
#define PURGATORY_SERIAL_PORT	0x3f8

extern struct purgatory_x86_64_params purgatory_params;

/* Called by entry.S on purgatory's own stack; returns to enter the kernel. */
void purgatory_main(void);
/* entry.S: cli; hlt forever. */
void purgatory_halt(void) __attribute__((noreturn));

void serial_init(unsigned int port);
void serial_puts(unsigned int port, const char *s);

#include "mem.h"	/* purgatory/common: memcpy, memset, ... */

#endif
