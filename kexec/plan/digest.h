/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * digest.h - the SHA-256 purgatory checks at crash time, over the segments
 * whose in_digest is true, and the region table purgatory walks to do it.
 */
#ifndef KEXEC_DIGEST_H
#define KEXEC_DIGEST_H

#include <stdint.h>

#include "plan.h"

/* One region as purgatory sees it: start and length, both u64. */
struct digest_region {
	uint64_t start;
	uint64_t len;
};

/*
 * Hash buf[0..bufsz) of every in_digest segment, in address order.  The
 * zero fill the kernel adds from bufsz up to memsz is not covered: it is
 * scratch (bss, decompression space, page rounding) that the new kernel
 * clears or overwrites before use, and hashing it would make purgatory hash
 * ~47 MB of zeros for a Debian bzImage at every panic (doc/design.md).
 * Fills regions (up to KEXEC_SEGMENT_MAX, unused entries zero) and
 * p->digest; sets p->has_digest.
 */
int digest_compute(struct plan *p, struct digest_region *regions,
		   unsigned int *nregions);

#endif
