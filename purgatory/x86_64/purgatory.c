// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the C half of the x86_64 purgatory: owns the parameter
 * block the loader patches (purgatory_params) and the decision taken at
 * crash time: check the digest unless told not to, refuse to boot on a
 * mismatch (one line on COM1, then halt), otherwise return to entry.S,
 * which enters the kernel.
 *
 * The SHA-NI path (flag set by the loader, never by CPUID here) needs SSE:
 * CR0.TS/EM are cleared and CR4.OSFXSR set for the hash only, then both
 * registers are restored, so the kernel is entered with the control
 * registers relocate_kernel left.
 *
 * Design: nothing else happens here.  No backup-region copy (modern kernels
 * reserve low memory themselves and the kernel's hotplug-rebuilt elfcorehdr
 * omits [0,1MiB)), no VGA or PIC reset, no jump-back support, no
 * success chatter on the console.
 */
#include <stdint.h>

#include "purgatory.h"
#include "verify.h"

/*
 * In .data, never .bss: the loader writes it into the segment image, and
 * bss is not part of the image (the kernel zero-fills it).  The explicit
 * section keeps that true even without -fno-zero-initialized-in-bss.
 */
struct purgatory_x86_64_params purgatory_params
	__attribute__((section(".data"), used, aligned(16))) = {
	.skip_checks = 0,
};

static const char mismatch_msg[] =
	"\r\npurgatory: sha256 digest mismatch, refusing to boot\r\n";

#define CR0_EM		(1UL << 2)
#define CR0_TS		(1UL << 3)
#define CR4_OSFXSR	(1UL << 9)

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* The check, with SSE made usable around it when SHA-NI is asked for. */
static int check_digest(uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE])
{
	unsigned long cr0, cr4;
	int bad;

	if (!(purgatory_params.flags & PURGATORY_X86_64_FLAG_SHANI))
		return purgatory_verify(&purgatory_params, computed);
	cr0 = read_cr0();
	cr4 = read_cr4();
	write_cr0(cr0 & ~(CR0_EM | CR0_TS));
	write_cr4(cr4 | CR4_OSFXSR);
	bad = purgatory_verify(&purgatory_params, computed);
	write_cr4(cr4);
	write_cr0(cr0);
	return bad;
}

void purgatory_main(void)
{
	uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE];

	if (purgatory_params.skip_checks)
		return;
	if (check_digest(computed) == 0)
		return;
	serial_init(PURGATORY_SERIAL_PORT);
	serial_puts(PURGATORY_SERIAL_PORT, mismatch_msg);
	purgatory_halt();
}
