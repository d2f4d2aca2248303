// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_kcore.c - libFuzzer target for the /proc/kcore head parser
 * (kcore_parse in kexec/machine/kcore.c): any bytes as the head of kcore, then the
 * kernel-text lookup the crash header does with the result.
 */
#include <stdlib.h>

#include "kcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcore_info ki;
	struct kcore_load l;
	size_t i;

	if (kcore_parse(data, size, &ki))
		return 0;
	for (i = 0; i < ki.n && i < 8; i++)
		if (ki.loads[i].paddr != UINT64_MAX &&
		    kcore_find_paddr(&ki, ki.loads[i].paddr, &l) != 0)
			abort();	/* an entry that exists must be found */
	kcore_find_paddr(&ki, 0x1000000, NULL);
	kcore_free(&ki);
	return 0;
}
