/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * entry.S - where the kernel's kexec_sequence enters the ppc64 purgatory
 * (purgatory_start, the segment's first byte) and how purgatory leaves for
 * the next kernel (a capture kernel for -p, a new kernel for -l).
 *
 * At entry (real mode, interrupts off, the running kernel's endianness):
 * r3 = this CPU's physical id, r4 = our own address.  The kernel has just
 * copied our first 0x100 bytes to physical 0 and sent the secondary CPUs
 * to 0x60 there (big-endian): that head is the new kernel's own first 0x100
 * bytes (filled in by the loader, see include/purgatory-ppc64.h) except
 * word 0, our branch to master_start.
 *
 * Position independence: the TOC pointer and the stack are computed from
 * our own address (bcl/mflr), every data access is TOC-relative and the
 * image is linked as a PIE at 0, so the loader only applies
 * R_PPC64_RELATIVE entries (there are none today).
 *
 * Leaving: r3 = FDT, r4 = kernel address, r5 = 0 (no Open Firmware),
 * r8/r9 = OPAL base/entry (0 on pseries), branch in the current mode: the
 * kernel's first instructions (FIXUP_ENDIAN) accept either endianness.
 */
#include "purgatory-ppc64.h"

#define STACK_SIZE	16384

	.section .text.head, "ax"
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	b	master_start
	.org	purgatory_start + PURGATORY_PPC64_HEAD_SIZE
	.size	purgatory_start, . - purgatory_start

	.text
	.type	master_start, @function
master_start:
	mr	31, 3			/* boot CPU id */
	bcl	20, 31, 1f
1:	mflr	12
	addis	2, 12, (.TOC. - 1b)@ha
	addi	2, 2, (.TOC. - 1b)@l
	addis	1, 12, (stack_end - 1b)@ha
	addi	1, 1, (stack_end - 1b)@l
	li	0, 0
	stdu	0, -64(1)		/* ELFv2 minimum frame, back chain 0 */
	mr	3, 31
	bl	purgatory_main
	nop

	addis	9, 2, purgatory_params@toc@ha
	addi	9, 9, purgatory_params@toc@l
	ld	3, PURGATORY_PPC64_OFF_FDT(9)
	ld	4, PURGATORY_PPC64_OFF_KERNEL(9)
	ld	8, PURGATORY_PPC64_OFF_OPAL_BASE(9)
	ld	12, PURGATORY_PPC64_OFF_OPAL_ENTRY(9)
	mtctr	4
	mr	9, 12
	li	5, 0
	li	6, 0
	li	7, 0
	bctr
	.size	master_start, . - master_start

	.globl	purgatory_halt
	.type	purgatory_halt, @function
purgatory_halt:
2:	or	31, 31, 31		/* low thread priority */
	b	2b
	.size	purgatory_halt, . - purgatory_halt

	.bss
	.balign	16
stack:
	.skip	STACK_SIZE
stack_end:

	.section .note.GNU-stack, "", @progbits
