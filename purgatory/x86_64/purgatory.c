// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the C half of the x86_64 purgatory: owns the parameter
 * block the loader patches (purgatory_params) and the decision taken at
 * crash time: check the digest unless told not to, refuse to boot on a
 * mismatch (one line on COM1, then halt), otherwise return to entry.S,
 * which enters the kernel.
 *
 * The vector SHA-256 paths (flags set by the loader, never by CPUID here)
 * need SSE: CR0.TS/EM are cleared and CR4.OSFXSR set for the hash only.
 * AVX2 also needs CR4.OSXSAVE (set likewise) and XCR0 allowing ymm state:
 * XCR0 is read, never written (XSETBV traps in SEV-ES guests and a value
 * the CPU refuses would #GP), so when the crashed kernel's XCR0 lacks ymm,
 * purgatory hashes with SSSE3 instead.  Both registers are restored, so the
 * kernel is entered with the control registers relocate_kernel left.
 * Setting these bits is safe: relocate_kernel clears them but the CPU
 * has the features (the loader saw them, with OSXSAVE set, on this CPU),
 * they only let our own code execute SSE/AVX, and no exception can be
 * taken meanwhile.
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
#define CR4_OSXSAVE	(1UL << 18)

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

/* XCR0; only with CR4.OSXSAVE set (else #UD).  Never intercepted. */
static inline uint64_t read_xcr0(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

/* The check, with SSE (and AVX) made usable around it when a vector path is asked for. */
static int check_digest(uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE])
{
	uint32_t flags = purgatory_params.flags & PURGATORY_X86_64_FLAGS_SIMD;
	unsigned long cr0, cr4, on = CR4_OSFXSR;
	uint64_t xcr0 = 0;
	int bad;

	if (!flags)
		return purgatory_verify_with(&purgatory_params, 0, computed);
	if (flags & PURGATORY_X86_64_FLAG_AVX2)
		on |= CR4_OSXSAVE;
	cr0 = read_cr0();
	cr4 = read_cr4();
	write_cr0(cr0 & ~(CR0_EM | CR0_TS));
	write_cr4(cr4 | on);
	if (on & CR4_OSXSAVE)
		xcr0 = read_xcr0();
	bad = purgatory_verify_with(&purgatory_params, purgatory_simd_flags(flags, xcr0),
				    computed);
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
