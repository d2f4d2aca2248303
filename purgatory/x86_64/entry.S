/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * entry.S - where the kernel's relocate_kernel jumps (purgatory_start) and
 * how purgatory leaves for the new kernel.
 *
 * At entry: 64-bit mode, identity-mapped page tables, interrupts off,
 * segment registers and GDT unknown, the stack is the kernel's.  We load
 * our own GDT (0x10 flat 64-bit code, 0x18 flat data), reload CS with a far
 * return and the data segments with 0x18, switch to the 8 KiB stack in our
 * .bss and call purgatory_main().  When it returns, the new kernel is
 * entered per the 64-bit boot protocol (Documentation/arch/x86/boot.rst):
 * CS=0x10, DS/ES/SS/FS/GS=0x18, RSI = boot_params, every other general
 * register zero except RSP, which stays on purgatory's stack (valid,
 * identity-mapped memory; startup_64 sets up its own).  The jump is a far
 * return so CS is reloaded once more on the way.
 *
 * Every address is either RIP-relative (R_X86_64_PC32) or an absolute
 * quad in .data (R_X86_64_64, the GDT base), so the loader's relocation
 * handles any placement.
 */
#include "purgatory-x86_64.h"

#define STACK_SIZE	8192

	.text
	.code64
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	cli
	cld
	lgdt	gdt_desc(%rip)

	/* Reload CS: far return to the next instruction through 0x10. */
	leaq	1f(%rip), %rax
	pushq	$PURGATORY_X86_64_CS
	pushq	%rax
	lretq
1:
	movl	$PURGATORY_X86_64_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	stack_end(%rip), %rsp

	call	purgatory_main

	/* Enter the kernel: far return to kernel_entry through 0x10. */
	movq	purgatory_params + PURGATORY_X86_64_OFF_KERNEL_ENTRY(%rip), %rax
	movq	purgatory_params + PURGATORY_X86_64_OFF_BOOT_PARAMS(%rip), %rsi
	leaq	stack_end(%rip), %rsp
	pushq	$PURGATORY_X86_64_CS
	pushq	%rax
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	lretq
	.size	purgatory_start, . - purgatory_start

	.globl	purgatory_halt
	.type	purgatory_halt, @function
purgatory_halt:
	cli
2:	hlt
	jmp	2b
	.size	purgatory_halt, . - purgatory_halt

	.data
	.balign	16
gdt:
	.quad	0			/* 0x00 null */
	.quad	0			/* 0x08 unused */
	.quad	0x00af9a000000ffff	/* 0x10 code: P, DPL0, exec/read, L=1, G=1 */
	.quad	0x00cf92000000ffff	/* 0x18 data: P, DPL0, read/write, 4 GiB */
gdt_end:
	.balign	16
gdt_desc:
	.word	gdt_end - gdt - 1
	.quad	gdt			/* absolute: R_X86_64_64, patched at load */

	.bss
	.balign	16
stack:
	.skip	STACK_SIZE
stack_end:

	.section .note.GNU-stack, "", @progbits
