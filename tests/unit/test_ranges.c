// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_ranges.c - range lists: add, sort, merge, subtract (splits at either
 * end, in the middle, across several ranges), clip, totals, and a large list.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "helpers/check_run.h"
#include "ranges.h"

static void expect(const struct range_list *l, size_t i, uint64_t s, uint64_t e)
{
	ck_assert_uint_lt(i, l->n);
	ck_assert_uint_eq(l->r[i].start, s);
	ck_assert_uint_eq(l->r[i].end, e);
}

START_TEST(test_add_rejects_inverted)
{
	struct range_list l = RANGE_LIST_INIT;

	ck_assert_int_eq(ranges_add(&l, 10, 9, RANGE_RAM), -22);
	ck_assert_int_eq(ranges_add(&l, 10, 10, RANGE_RAM), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(range_size(&l.r[0]), 1);
	ranges_free(&l);
}
END_TEST

/* In order: left alone; one pair out of order at the end: sorted. */
START_TEST(test_sort_sorted_and_last_pair)
{
	struct range_list l = RANGE_LIST_INIT;

	ck_assert_int_eq(ranges_add(&l, 0, 9, RANGE_RAM), 0);
	ck_assert_int_eq(ranges_add(&l, 10, 19, RANGE_RAM), 0);
	ck_assert_int_eq(ranges_add(&l, 10, 29, RANGE_RAM), 0);
	ranges_sort(&l);
	expect(&l, 0, 0, 9);
	expect(&l, 1, 10, 19);
	expect(&l, 2, 10, 29);
	ck_assert_int_eq(ranges_add(&l, 5, 6, RANGE_RAM), 0);
	ck_assert_int_eq(ranges_add(&l, 10, 11, RANGE_RAM), 0);
	ranges_sort(&l);
	ck_assert_uint_eq(l.n, 5);
	expect(&l, 0, 0, 9);
	expect(&l, 1, 5, 6);
	expect(&l, 2, 10, 11);
	expect(&l, 3, 10, 19);
	expect(&l, 4, 10, 29);
	ranges_free(&l);
}
END_TEST

static int cmp_ranges(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/*
 * A few strays after a sorted list (up to 8: inserted in place) or many
 * (qsort): either way the order of a stable sort, equal ranges of other
 * types keeping their order.  _i strays, 0..12, at either end of the list.
 */
START_TEST(test_sort_strays_stable)
{
	struct range_list l = RANGE_LIST_INIT, want = RANGE_LIST_INIT;
	size_t i, j;

	for (i = 0; i < 64; i++)
		ck_assert_int_eq(ranges_add(&l, i * 100, i * 100 + 9, 1 + (i & 1)), 0);
	for (i = 0; i < (size_t)_i; i++) {
		uint64_t s = ((i * 37) % 70) * 100;	/* some equal to a listed one */

		ck_assert_int_eq(ranges_add(&l, s, s + 9, 10 + i), 0);
	}
	ck_assert_int_eq(ranges_copy(&want, &l), 0);
	/* the reference: insertion sort, stable by construction */
	for (i = 1; i < want.n; i++)
		for (j = i; j && cmp_ranges(&want.r[j - 1], &want.r[j]) > 0; j--) {
			struct range t = want.r[j];

			want.r[j] = want.r[j - 1];
			want.r[j - 1] = t;
		}
	ranges_sort(&l);
	ck_assert_uint_eq(l.n, want.n);
	for (i = 0; i < l.n; i++) {
		expect(&l, i, want.r[i].start, want.r[i].end);
		ck_assert_uint_eq(l.r[i].type, want.r[i].type);
	}
	ranges_free(&l);
	ranges_free(&want);
}
END_TEST

/* Room reserved once: adding up to it moves nothing. */
START_TEST(test_reserve_no_realloc)
{
	struct range_list l = RANGE_LIST_INIT;
	const struct range *r;
	size_t i;

	ck_assert_int_eq(ranges_reserve(&l, 1000), 0);
	ck_assert_uint_eq(l.cap, 1000);	/* exactly: its hole fits the same later */
	ck_assert_uint_eq(l.n, 0);
	r = l.r;
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(ranges_add(&l, i * 2, i * 2, RANGE_RAM), 0);
	ck_assert_ptr_eq(l.r, r);
	ck_assert_int_eq(ranges_reserve(&l, 10), 0);	/* never shrinks */
	ck_assert_ptr_eq(l.r, r);
	ck_assert_uint_eq(l.n, 1000);
	ck_assert_int_eq(ranges_add(&l, 5000, 5000, RANGE_RAM), 0);
	ck_assert_uint_eq(l.cap, 2000);	/* one at a time: doubles */
	ranges_free(&l);
}
END_TEST

START_TEST(test_merge_touching_and_types)
{
	struct range_list l = RANGE_LIST_INIT;

	ranges_add(&l, 0x2000, 0x2fff, RANGE_RAM);
	ranges_add(&l, 0x1000, 0x1fff, RANGE_RAM);
	ranges_add(&l, 0x3000, 0x3fff, RANGE_ACPI);
	ranges_add(&l, 0x1800, 0x27ff, RANGE_RAM);
	ranges_merge(&l);
	ck_assert_uint_eq(l.n, 2);
	expect(&l, 0, 0x1000, 0x2fff);
	expect(&l, 1, 0x3000, 0x3fff);
	ck_assert_uint_eq(l.r[1].type, RANGE_ACPI);
	ranges_free(&l);
}
END_TEST

START_TEST(test_merge_at_top_of_address_space)
{
	struct range_list l = RANGE_LIST_INIT;

	ranges_add(&l, UINT64_MAX - 0xfff, UINT64_MAX, RANGE_RAM);
	ranges_add(&l, UINT64_MAX - 0x1fff, UINT64_MAX - 0x1000, RANGE_RAM);
	ranges_merge(&l);
	ck_assert_uint_eq(l.n, 1);
	expect(&l, 0, UINT64_MAX - 0x1fff, UINT64_MAX);
	ranges_free(&l);
}
END_TEST

START_TEST(test_subtract_cases)
{
	struct range_list l = RANGE_LIST_INIT;

	ranges_add(&l, 0x0000, 0x0fff, RANGE_RAM);
	ranges_add(&l, 0x1000, 0x8fff, RANGE_RAM);
	ranges_add(&l, 0x10000, 0x1ffff, RANGE_RAM);
	/* middle split of the second range */
	ck_assert_int_eq(ranges_subtract(&l, 0x3000, 0x3fff), 0);
	ck_assert_uint_eq(l.n, 4);
	expect(&l, 1, 0x1000, 0x2fff);
	expect(&l, 2, 0x4000, 0x8fff);
	/* across two ranges: tail of one, head of the next */
	ck_assert_int_eq(ranges_subtract(&l, 0x8000, 0x10fff), 0);
	expect(&l, 2, 0x4000, 0x7fff);
	expect(&l, 3, 0x11000, 0x1ffff);
	/* whole range removed */
	ck_assert_int_eq(ranges_subtract(&l, 0, 0xfff), 0);
	ck_assert_uint_eq(l.n, 3);
	expect(&l, 0, 0x1000, 0x2fff);
	/* nothing to remove */
	ck_assert_int_eq(ranges_subtract(&l, 0x30000, 0x3ffff), 0);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_uint_eq(ranges_total(&l), 0x2000 + 0x4000 + 0xf000);
	ranges_free(&l);
}
END_TEST

START_TEST(test_clip)
{
	struct range_list l = RANGE_LIST_INIT;

	ranges_add(&l, 0x1000, 0x4fff, RANGE_RAM);
	ranges_add(&l, 0x8000, 0x9fff, RANGE_RAM);
	ranges_add(&l, 0xa000, 0xbfff, RANGE_RAM);
	ranges_clip(&l, 0x2000, 0x8fff);
	ck_assert_uint_eq(l.n, 2);
	expect(&l, 0, 0x2000, 0x4fff);
	expect(&l, 1, 0x8000, 0x8fff);
	ranges_free(&l);
}
END_TEST

START_TEST(test_copy_is_independent)
{
	struct range_list a = RANGE_LIST_INIT, b = RANGE_LIST_INIT;

	ranges_add(&a, 1, 2, RANGE_RAM);
	ck_assert_int_eq(ranges_copy(&b, &a), 0);
	b.r[0].end = 5;
	ck_assert_uint_eq(a.r[0].end, 2);
	ranges_free(&a);
	ranges_free(&b);
}
END_TEST

START_TEST(test_many_ranges_subtract_every_other)
{
	struct range_list l = RANGE_LIST_INIT;
	const uint64_t blk = 128ULL << 20;
	size_t i;

	for (i = 0; i < 8192; i++)
		ck_assert_int_eq(ranges_add(&l, (i + 1) * blk * 2,
					    (i + 1) * blk * 2 + blk - 1, RANGE_RAM), 0);
	/* carve a 1 MiB hole out of the middle of range 4000 */
	ck_assert_int_eq(ranges_subtract(&l, 4001 * blk * 2 + (1 << 20),
					 4001 * blk * 2 + (2 << 20) - 1), 0);
	ck_assert_uint_eq(l.n, 8193);
	ck_assert_uint_eq(ranges_total(&l), 8192 * blk - (1 << 20));
	for (i = 1; i < l.n; i++)
		ck_assert_uint_gt(l.r[i].start, l.r[i - 1].end);
	ranges_free(&l);
}
END_TEST

static Suite *ranges_suite(void)
{
	Suite *s = suite_create("ranges");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_add_rejects_inverted);
	tcase_add_test(tc, test_sort_sorted_and_last_pair);
	tcase_add_loop_test(tc, test_sort_strays_stable, 0, 13);
	tcase_add_test(tc, test_reserve_no_realloc);
	tcase_add_test(tc, test_merge_touching_and_types);
	tcase_add_test(tc, test_merge_at_top_of_address_space);
	tcase_add_test(tc, test_subtract_cases);
	tcase_add_test(tc, test_clip);
	tcase_add_test(tc, test_copy_is_independent);
	tcase_add_test(tc, test_many_ranges_subtract_every_other);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(ranges_suite());
}
