// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_iomem.c - libFuzzer target for the /proc/iomem parser (iomem_parse
 * in kexec/machine/iomem.c): any text as iomem, then the range arithmetic the
 * crash load does with the lists (ranges.c: merge, subtract, clip).
 */
#include <stdlib.h>

#include "fuzz_util.h"
#include "iomem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_lists(struct iomem *m)
{
	struct range_list ram = RANGE_LIST_INIT;
	size_t i;

	if (ranges_copy(&ram, &m->ram))
		return;
	ranges_merge(&ram);
	for (i = 1; i < ram.n; i++)
		if (ram.r[i].start <= ram.r[i - 1].end)
			abort();	/* merged lists are sorted and disjoint */
	for (i = 0; i < m->crash.n; i++)
		if (ranges_subtract(&ram, m->crash.r[i].start, m->crash.r[i].end))
			break;
	ranges_clip(&ram, 0x100000, UINT64_MAX);
	ranges_total(&ram);
	ranges_free(&ram);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	struct iomem m;

	if (iomem_parse(text, &m) == 0) {
		use_lists(&m);
		iomem_free(&m);
	}
	free(text);
	return 0;
}
