// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_dtb.c - libFuzzer target for a flattened device tree given with
 * --dtb on ppc64le: dt_read_blob (kexec/arch/ppc64le/dt.c) reads the
 * input (an exact-size copy, so reads past it are caught); a tree it
 * accepts then goes through fuzz_ppc64.h: ppc64_machine_parse
 * (machine.c) and ppc64_fdt_build (fdt.c), whose output must read back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppc64_machine m = { 0 };
	void *blob;

	/* libfdt wants 8-byte alignment: malloc gives it, as mmap does */
	blob = malloc(size ? size : 1);
	if (!blob)
		abort();
	memcpy(blob, data, size);
	if (dt_read_blob("fuzz.dtb", blob, size, &m.dt) == 0 &&
	    ppc64_machine_parse("fuzz.dtb", &m) == 0)
		fuzz_ppc64_machine(&m);
	ppc64_machine_free(&m);
	free(blob);
	return 0;
}
