// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory.c - the C half of the x86_64 purgatory: owns the parameter
 * block the loader patches (purgatory_params) and the decision taken at
 * crash time: check the digest unless told not to, refuse to boot on a
 * mismatch (one line on COM1, then halt), otherwise return to entry.S,
 * which enters the kernel.
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

void purgatory_main(void)
{
	uint8_t computed[PURGATORY_X86_64_DIGEST_SIZE];

	if (purgatory_params.skip_checks)
		return;
	if (purgatory_verify(&purgatory_params, computed) == 0)
		return;
	serial_init(PURGATORY_SERIAL_PORT);
	serial_puts(PURGATORY_SERIAL_PORT, mismatch_msg);
	purgatory_halt();
}
