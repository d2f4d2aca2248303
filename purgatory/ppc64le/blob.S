/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blob.S - carries the linked ppc64le purgatory (purgatory/ppc64le/
 * purgatory.ro in the build directory) inside libkexec.a as read-only
 * bytes between ppc64le_purgatory_start and ppc64le_purgatory_end.
 * Assembled by the host compiler (it is only data), with -I of the build
 * directory so .incbin finds the file in out-of-tree builds.
 */
#ifndef PURGATORY_PPC64LE_RO
#define PURGATORY_PPC64LE_RO "purgatory/ppc64le/purgatory.ro"
#endif

	.section .rodata.ppc64le_purgatory, "a"
	.balign	16
	.globl	ppc64le_purgatory_start
	.type	ppc64le_purgatory_start, @object
ppc64le_purgatory_start:
	.incbin	PURGATORY_PPC64LE_RO
	.globl	ppc64le_purgatory_end
ppc64le_purgatory_end:
	.size	ppc64le_purgatory_start, ppc64le_purgatory_end - ppc64le_purgatory_start

	.section .note.GNU-stack, "", @progbits
