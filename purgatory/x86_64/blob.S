/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * blob.S - carries the linked x86_64 purgatory (purgatory/x86_64/
 * purgatory.ro in the build directory) inside libkexec.a as read-only
 * bytes between x86_64_purgatory_start and x86_64_purgatory_end.
 * build.mk assembles it only when configure found an x86_64 purgatory
 * compiler (X86_64_PURGATORY_CC), with -I of the build directory so
 * .incbin finds the file in out-of-tree builds.
 */
#ifndef PURGATORY_X86_64_RO
#define PURGATORY_X86_64_RO "purgatory/x86_64/purgatory.ro"
#endif

	.section .rodata.x86_64_purgatory, "a"
	.balign	16
	.globl	x86_64_purgatory_start
	.type	x86_64_purgatory_start, @object
x86_64_purgatory_start:
	.incbin	PURGATORY_X86_64_RO
	.globl	x86_64_purgatory_end
x86_64_purgatory_end:
	.size	x86_64_purgatory_start, x86_64_purgatory_end - x86_64_purgatory_start

	.section .note.GNU-stack, "", @progbits
