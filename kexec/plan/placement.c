// SPDX-License-Identifier: GPL-2.0-only
/*
 * placement.c - the one allocator of physical addresses (placement.h).
 * The free list is kept sorted, merged and page granular; a request finds
 * its first (or, top-down, last) candidate hole by binary search and the
 * taken range is carved out in place, so thousands of windows stay cheap.
 * A failure is reported once, here, with the request and what is left.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "placement.h"

#define LIST_IN_MESSAGE	6	/* windows named in a failure message */

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

/* Round up to a power-of-two multiple; false on overflow. */
static bool round_up(uint64_t x, uint64_t a, uint64_t *out)
{
	uint64_t r = (x + a - 1) & ~(a - 1);

	if (r < x)
		return false;
	*out = r;
	return true;
}

static uint64_t round_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

/* Shrink every window to whole pages and drop what is left empty. */
static void trim_to_pages(struct range_list *l, uint64_t page)
{
	size_t i, out = 0;

	for (i = 0; i < l->n; i++) {
		struct range r = l->r[i];
		uint64_t start, end = UINT64_MAX;

		if (!round_up(r.start, page, &start))
			continue;
		if (r.end != UINT64_MAX) {
			if (r.end + 1 < page)
				continue;
			end = round_down(r.end + 1, page) - 1;
		}
		if (start > end)
			continue;
		r.start = start;
		r.end = end;
		l->r[out++] = r;
	}
	l->n = out;
}

int placer_init(struct placer *pl, const struct range_list *windows,
		uint64_t mem_min, uint64_t mem_max, uint64_t page)
{
	size_t i;
	int err;

	memset(pl, 0, sizeof(*pl));
	pl->page = page ? page : PAGE_SIZE_4K;
	if (!is_pow2(pl->page)) {
		pr_err("placement: page size 0x%llx is not a power of two",
		       (unsigned long long)pl->page);
		return -EINVAL;
	}
	if (!mem_max)
		mem_max = UINT64_MAX;
	err = ranges_copy(&pl->free, windows);
	if (err)
		return err;
	for (i = 0; i < pl->free.n; i++)
		pl->free.r[i].type = RANGE_RAM;	/* one kind: free */
	ranges_merge(&pl->free);
	ranges_clip(&pl->free, mem_min, mem_max);
	trim_to_pages(&pl->free, pl->page);
	return 0;
}

void placer_free(struct placer *pl)
{
	ranges_free(&pl->free);
}

uint64_t placer_free_bytes(const struct placer *pl)
{
	return ranges_total(&pl->free);
}

/* Index of the first hole whose end is >= addr (n if none). */
static size_t first_ending_at_or_after(const struct range_list *l, uint64_t addr)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->r[mid].end < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Remove [start, end] from hole i, which contains it. */
static int carve(struct placer *pl, size_t i, uint64_t start, uint64_t end)
{
	struct range_list *l = &pl->free;
	struct range *r = &l->r[i];
	struct range tail;
	int err;

	if (start == r->start && end == r->end) {
		memmove(r, r + 1, (l->n - i - 1) * sizeof(*r));
		l->n--;
		return 0;
	}
	if (start == r->start) {
		r->start = end + 1;
		return 0;
	}
	if (end == r->end) {
		r->end = start - 1;
		return 0;
	}
	tail = (struct range){ .start = end + 1, .end = r->end, .type = r->type };
	err = ranges_add(l, 0, 0, 0);	/* grow by one, may move l->r */
	if (err)
		return err;
	r = &l->r[i];
	memmove(r + 2, r + 1, (l->n - i - 2) * sizeof(*r));
	r->end = start - 1;
	r[1] = tail;
	return 0;
}

int placer_reserve(struct placer *pl, uint64_t start, uint64_t end)
{
	size_t i;

	if (end < start)
		return -EINVAL;
	start = round_down(start, pl->page);
	end = round_down(end, pl->page) + pl->page - 1;
	i = first_ending_at_or_after(&pl->free, start);
	if (i == pl->free.n || pl->free.r[i].start > start || pl->free.r[i].end < end)
		return -EBUSY;
	return carve(pl, i, start, end);
}

/* Lowest aligned start in hole h for size bytes within [min, max]. */
static bool fit_low(const struct range *h, uint64_t size, uint64_t align,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t s = h->start > min ? h->start : min, top = h->end < max ? h->end : max;

	if (!round_up(s, align, &s) || s > top || top - s < size - 1)
		return false;
	*out = s;
	return true;
}

/* Highest aligned start in hole h for size bytes within [min, max]. */
static bool fit_high(const struct range *h, uint64_t size, uint64_t align,
		     uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t low = h->start > min ? h->start : min, top = h->end < max ? h->end : max;
	uint64_t s;

	if (low > top || top - low < size - 1)
		return false;
	s = round_down(top - (size - 1), align);
	if (s < low)
		return false;
	*out = s;
	return true;
}

static bool find_bottom_up(const struct placer *pl, uint64_t size, uint64_t align,
			   uint64_t min, uint64_t max, size_t *idx, uint64_t *addr)
{
	size_t i;

	for (i = first_ending_at_or_after(&pl->free, min); i < pl->free.n; i++) {
		if (pl->free.r[i].start > max)
			break;
		if (fit_low(&pl->free.r[i], size, align, min, max, addr)) {
			*idx = i;
			return true;
		}
	}
	return false;
}

static bool find_top_down(const struct placer *pl, uint64_t size, uint64_t align,
			  uint64_t min, uint64_t max, size_t *idx, uint64_t *addr)
{
	size_t i = first_ending_at_or_after(&pl->free, max);

	/* Holes before i end below max; hole i counts if it starts <= max. */
	if (i < pl->free.n && pl->free.r[i].start <= max)
		i++;
	while (i-- > 0) {
		if (pl->free.r[i].end < min)
			break;
		if (fit_high(&pl->free.r[i], size, align, min, max, addr)) {
			*idx = i;
			return true;
		}
	}
	return false;
}

/* Largest free hole inside [min, max], for the failure message. */
static uint64_t largest_hole(const struct placer *pl, uint64_t min, uint64_t max)
{
	uint64_t best = 0;
	size_t i;

	for (i = 0; i < pl->free.n; i++) {
		const struct range *r = &pl->free.r[i];
		uint64_t s = r->start > min ? r->start : min;
		uint64_t e = r->end < max ? r->end : max;

		if (s <= e && e - s + 1 > best)
			best = e - s + 1;
	}
	return best;
}

static void report_failure(const struct placer *pl, const struct place_req *req,
			   uint64_t size, uint64_t align, uint64_t min, uint64_t max)
{
	char list[LIST_IN_MESSAGE * 40 + 64];
	size_t i, used = 0;

	list[0] = '\0';
	for (i = 0; i < pl->free.n && i < LIST_IN_MESSAGE; i++)
		used += snprintf(list + used, sizeof(list) - used, "%s0x%llx-0x%llx",
				 i ? ", " : "",
				 (unsigned long long)pl->free.r[i].start,
				 (unsigned long long)pl->free.r[i].end);
	if (pl->free.n > LIST_IN_MESSAGE)
		snprintf(list + used, sizeof(list) - used, " and %zu more",
			 pl->free.n - LIST_IN_MESSAGE);
	pr_err("cannot place %s (%llu bytes, align 0x%llx, %s) between 0x%llx and 0x%llx "
	       "in free memory [%s]: largest free hole there is %llu bytes",
	       req->what ? req->what : "segment", (unsigned long long)size,
	       (unsigned long long)align, req->top_down ? "top-down" : "bottom-up",
	       (unsigned long long)min, (unsigned long long)max,
	       pl->free.n ? list : "none left",
	       (unsigned long long)largest_hole(pl, min, max));
}

int placer_take(struct placer *pl, const struct place_req *req, uint64_t *addr)
{
	uint64_t size, align = req->align > pl->page ? req->align : pl->page;
	uint64_t max = req->max ? req->max : UINT64_MAX, min = req->min;
	size_t idx = 0;
	bool found;

	if (!is_pow2(align)) {
		pr_err("cannot place %s: alignment 0x%llx is not a power of two",
		       req->what ? req->what : "segment", (unsigned long long)req->align);
		return -EINVAL;
	}
	if (!req->size || !round_up(req->size, pl->page, &size)) {
		pr_err("cannot place %s: invalid size %llu bytes",
		       req->what ? req->what : "segment", (unsigned long long)req->size);
		return -EINVAL;
	}
	if (req->top_down)
		found = find_top_down(pl, size, align, min, max, &idx, addr);
	else
		found = find_bottom_up(pl, size, align, min, max, &idx, addr);
	if (!found) {
		report_failure(pl, req, size, align, min, max);
		return -ENOSPC;
	}
	return carve(pl, idx, *addr, *addr + size - 1);
}
