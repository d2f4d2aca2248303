/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * placement.h - the one allocator of physical addresses for segments.  It
 * starts from the allowed windows (the crash region for -p, usable RAM for
 * -l), clamped by --mem-min/--mem-max, and hands out page-granular holes.
 * Requests are values; a failure names the request and the windows left.
 */
#ifndef KEXEC_PLACEMENT_H
#define KEXEC_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "ranges.h"

#define PAGE_SIZE_4K	4096ULL

struct placer {
	struct range_list free;	/* what is still available, sorted */
	uint64_t page;		/* granularity (4 KiB on x86, 64 KiB ppc64) */
};

struct place_req {
	const char *what;	/* "kernel", "initrd", ... for messages */
	uint64_t size;		/* rounded up to the page */
	uint64_t align;		/* power of two, at least the page */
	uint64_t min;		/* lowest acceptable start */
	uint64_t max;		/* highest acceptable end (inclusive) */
	bool top_down;		/* highest fitting hole first */
};

int placer_init(struct placer *pl, const struct range_list *windows,
		uint64_t mem_min, uint64_t mem_max, uint64_t page);
/* Reserve a specific range (e.g. slack the kernel needs); -EBUSY if taken. */
int placer_reserve(struct placer *pl, uint64_t start, uint64_t end);
int placer_take(struct placer *pl, const struct place_req *req, uint64_t *addr);
uint64_t placer_free_bytes(const struct placer *pl);
void placer_free(struct placer *pl);

#endif
