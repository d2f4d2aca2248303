// SPDX-License-Identifier: GPL-2.0-only
/*
 * ranges.c - growable physical range lists (see ranges.h).  Used for RAM to
 * dump, the crash region, placement windows and the capture kernel's map.
 * Ends are inclusive throughout.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "ranges.h"

/* At most this many out of place at the end: insert them, no qsort(). */
#define RANGES_SORT_STRAYS	8

int ranges_reserve(struct range_list *l, size_t need)
{
	bool at_once = need > l->n + 1;
	struct range *r;
	size_t cap;

	if (need <= l->cap)
		return 0;
	/*
	 * One entry more: double, for the entries to come.  Room asked for
	 * at once: just that, so that the list leaves a hole of its size
	 * when freed, and faulted in, for it is filled next (iomem sizes its
	 * lists by its line count, an upper bound that is close on the
	 * machines where the list is long enough to be prefaulted).
	 */
	cap = l->cap ? l->cap * 2 : 16;
	while (cap < need)
		cap *= 2;
	if (at_once)
		cap = need;
	r = realloc(l->r, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	l->r = r;
	l->cap = cap;
	if (at_once)
		pages_prefault(r + l->n, (need - l->n) * sizeof(*r));
	return 0;
}

int ranges_add(struct range_list *l, uint64_t start, uint64_t end,
	       unsigned int type)
{
	int ret;

	if (end < start)
		return -EINVAL;
	ret = ranges_reserve(l, l->n + 1);
	if (ret)
		return ret;
	l->r[l->n++] = (struct range){ .start = start, .end = end, .type = type };
	return 0;
}

int ranges_copy(struct range_list *dst, const struct range_list *src)
{
	int ret;

	dst->n = 0;
	ret = ranges_reserve(dst, src->n);
	if (ret)
		return ret;
	if (src->n)
		memcpy(dst->r, src->r, src->n * sizeof(*src->r));
	dst->n = src->n;
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* Put r[i] in its place among the sorted r[0..i-1], after equal ones. */
static void insert_sorted(struct range_list *l, size_t i)
{
	struct range x = l->r[i];
	size_t lo = 0, hi = i, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (range_cmp(&l->r[mid], &x) > 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	memmove(&l->r[lo + 1], &l->r[lo], (i - lo) * sizeof(x));
	l->r[lo] = x;
}

/*
 * Lists are nearly always in order already (/proc/iomem is, and a
 * subtraction appends at most a tail or two to a sorted list): one pass to
 * check, and a few strays are inserted in place.  qsort() would copy the
 * whole list into a temporary buffer (fresh pages) even then.  The order
 * is the same as qsort()'s merge sort: stable.
 */
void ranges_sort(struct range_list *l)
{
	size_t i;

	for (i = 1; i < l->n; i++)
		if (range_cmp(&l->r[i - 1], &l->r[i]) > 0)
			break;
	if (i >= l->n)
		return;
	if (l->n - i > RANGES_SORT_STRAYS) {
		qsort(l->r, l->n, sizeof(*l->r), range_cmp);
		return;
	}
	for (; i < l->n; i++)
		insert_sorted(l, i);
}

void ranges_merge(struct range_list *l)
{
	size_t i, out = 0;

	ranges_sort(l);
	for (i = 0; i < l->n; i++) {
		struct range *last = out ? &l->r[out - 1] : NULL;
		const struct range *cur = &l->r[i];

		if (last && last->type == cur->type &&
		    (last->end == UINT64_MAX || cur->start <= last->end + 1)) {
			if (cur->end > last->end)
				last->end = cur->end;
			continue;
		}
		l->r[out++] = *cur;
	}
	l->n = out;
}

/* Cut [start, end] out of range i; may append a tail. Returns -ENOMEM. */
static int range_cut(struct range_list *l, size_t i, uint64_t start,
		     uint64_t end, int *removed)
{
	struct range *r = &l->r[i];
	struct range tail = *r;
	int ret;

	*removed = 0;
	if (end < r->start || start > r->end)
		return 0;
	if (start <= r->start && end >= r->end) {
		*removed = 1;
		return 0;
	}
	if (start > r->start && end < r->end) {
		tail.start = end + 1;
		r->end = start - 1;
		ret = ranges_add(l, tail.start, tail.end, tail.type);
		return ret;
	}
	if (start <= r->start)
		r->start = end + 1;
	else
		r->end = start - 1;
	return 0;
}

int ranges_subtract(struct range_list *l, uint64_t start, uint64_t end)
{
	size_t i, n = l->n, out = 0;
	int ret, removed;

	if (end < start)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		ret = range_cut(l, i, start, end, &removed);
		if (ret)
			return ret;
		if (!removed)
			continue;
		l->r[i].end = 0;	/* mark: start > end after the loop */
		l->r[i].start = 1;
	}
	/* Drop marked entries, keep appended tails, restore order. */
	for (i = 0; i < l->n; i++)
		if (l->r[i].start <= l->r[i].end)
			l->r[out++] = l->r[i];
	l->n = out;
	ranges_sort(l);
	return 0;
}

void ranges_clip(struct range_list *l, uint64_t start, uint64_t end)
{
	size_t i, out = 0;

	for (i = 0; i < l->n; i++) {
		struct range r = l->r[i];

		if (r.end < start || r.start > end)
			continue;
		if (r.start < start)
			r.start = start;
		if (r.end > end)
			r.end = end;
		l->r[out++] = r;
	}
	l->n = out;
}

uint64_t ranges_total(const struct range_list *l)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		sum += range_size(&l->r[i]);
	return sum;
}

void ranges_free(struct range_list *l)
{
	free(l->r);
	l->r = NULL;
	l->n = l->cap = 0;
}
