// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_purgatory.c - libFuzzer target for the x86_64 purgatory ELF loader
 * (kexec/arch/x86_64/purgatory.c) through x86_purgatory_open_image(): any
 * bytes as the relocatable object, then layout, relocation at two
 * addresses, the parameter block and the relocation-site walk.
 */
#include <stdlib.h>
#include <string.h>

#include "purgatory-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int site(size_t off, unsigned int type, void *arg)
{
	const struct x86_purgatory *pg = arg;

	(void)type;
	if (off >= pg->bufsz)
		abort();	/* a site outside buf would be a wild write */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_purgatory_params params;
	struct x86_purgatory pg;
	uint64_t off;

	if (x86_purgatory_open_image(&pg, data, size))
		return 0;
	memset(&params, 0x5a, sizeof(params));
	params.nr_regions = 1;
	if (x86_purgatory_relocate(&pg, 0x7f000000ULL & ~(pg.align - 1)) == 0) {
		x86_purgatory_set_params(&pg, &params);
		x86_purgatory_for_each_site(&pg, site, &pg);
		x86_purgatory_relocate(&pg, 0x100000000ULL & ~(pg.align - 1));
	}
	x86_purgatory_symbol_offset(&pg, "purgatory_start", &off);
	if (x86_purgatory_params_offset(&pg) >= pg.bufsz)
		abort();
	x86_purgatory_close(&pg, 0);
	return 0;
}
