/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ranges.h - growable lists of physical address ranges.  Ends are inclusive
 * (as /proc/iomem prints them) so a range can reach 2^64-1 without overflow.
 * There is no fixed limit on the number of ranges.
 */
#ifndef KEXEC_RANGES_H
#define KEXEC_RANGES_H

#include <stddef.h>
#include <stdint.h>

/* Memory types, numbered like the x86 e820 types so they can be copied. */
enum range_type {
	RANGE_RAM = 1,
	RANGE_RESERVED = 2,
	RANGE_ACPI = 3,
	RANGE_NVS = 4,
	RANGE_UNUSABLE = 5,
	RANGE_PMEM = 7,
	RANGE_PRAM = 12,
};

struct range {
	uint64_t start;
	uint64_t end;		/* inclusive */
	unsigned int type;
};

struct range_list {
	struct range *r;
	size_t n;
	size_t cap;
};

#define RANGE_LIST_INIT { NULL, 0, 0 }

static inline uint64_t range_size(const struct range *r)
{
	return r->end - r->start + 1;
}

/* Room for need entries in all: adding up to that copies nothing. */
int ranges_reserve(struct range_list *l, size_t need);
int ranges_add(struct range_list *l, uint64_t start, uint64_t end, unsigned int type);
int ranges_copy(struct range_list *dst, const struct range_list *src);
void ranges_sort(struct range_list *l);
/* Sort, then join ranges of the same type that touch or overlap. */
void ranges_merge(struct range_list *l);
/* Remove [start, end] from every range, splitting where needed. */
int ranges_subtract(struct range_list *l, uint64_t start, uint64_t end);
/* Keep only the parts of every range inside [start, end]. */
void ranges_clip(struct range_list *l, uint64_t start, uint64_t end);
uint64_t ranges_total(const struct range_list *l);
void ranges_free(struct range_list *l);

#endif
