// SPDX-License-Identifier: GPL-2.0-only
/*
 * digest.c - the SHA-256 that purgatory re-computes at crash time before it
 * jumps to the capture kernel (digest.h).  Only buf[0..bufsz) of segments
 * marked in_digest is covered, region by region in address order; the
 * kernel's zero fill up to memsz and the segments the kernel or purgatory
 * rewrite (purgatory, elfcorehdr and FDT with --hotplug) are left out.
 */
#include <errno.h>
#include <string.h>

#include "digest.h"
#include "log.h"

/* Indices of the in_digest segments, sorted by address (n <= 16). */
static unsigned int digest_order(const struct plan *p, unsigned int idx[])
{
	unsigned int i, j, n = 0;

	for (i = 0; i < p->nr_seg; i++) {
		if (!p->seg[i].in_digest || !p->seg[i].bufsz)
			continue;
		for (j = n; j > 0 && p->seg[idx[j - 1]].mem > p->seg[i].mem; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
		n++;
	}
	return n;
}

int digest_compute(struct plan *p, struct digest_region *regions,
		   unsigned int *nregions)
{
	unsigned int idx[KEXEC_SEGMENT_MAX], i, n;
	struct sha256_ctx ctx;

	if (p->nr_seg > KEXEC_SEGMENT_MAX) {
		pr_err("digest: %u segments, purgatory has room for %d regions",
		       p->nr_seg, KEXEC_SEGMENT_MAX);
		return -E2BIG;
	}
	n = digest_order(p, idx);
	memset(regions, 0, KEXEC_SEGMENT_MAX * sizeof(*regions));
	sha256_init(&ctx);
	for (i = 0; i < n; i++) {
		const struct segment *s = &p->seg[idx[i]];

		sha256_update(&ctx, s->buf, s->bufsz);
		regions[i].start = s->mem;
		regions[i].len = s->bufsz;
	}
	sha256_final(&ctx, p->digest);
	p->has_digest = true;
	*nregions = n;
	return 0;
}
