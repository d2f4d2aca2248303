// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_placement.c - the allocator of physical addresses: exact fits,
 * alignment, direction, min/max clamps, reservations, the failure message
 * and behaviour with thousands of windows.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "placement.h"
#include "helpers/stderr_capture.h"

#define MiB (1ULL << 20)

static struct range_list windows;

static void set_windows(int n, ...)
{
	va_list ap;
	int i;

	ranges_free(&windows);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		uint64_t s = va_arg(ap, uint64_t), e = va_arg(ap, uint64_t);

		ck_assert_int_eq(ranges_add(&windows, s, e, RANGE_RAM), 0);
	}
	va_end(ap);
}

static struct placer init_one(uint64_t s, uint64_t e)
{
	struct placer pl;

	set_windows(1, s, e);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	return pl;
}

static int take(struct placer *pl, uint64_t size, uint64_t align, uint64_t min,
		uint64_t max, bool top, uint64_t *addr)
{
	struct place_req r = { .what = "thing", .size = size, .align = align,
			       .min = min, .max = max, .top_down = top };

	return placer_take(pl, &r, addr);
}

START_TEST(exact_fit)
{
	struct placer pl = init_one(0x100000, 0x1fffff);
	uint64_t a;

	ck_assert_int_eq(take(&pl, MiB, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x100000);
	ck_assert_uint_eq(placer_free_bytes(&pl), 0);
	ck_assert_uint_eq(pl.free.n, 0);
	capture_begin();
	ck_assert_int_eq(take(&pl, 4096, 0, 0, 0, false, &a), -ENOSPC);
	capture_end();
	placer_free(&pl);
}
END_TEST

START_TEST(size_rounds_to_page)
{
	struct placer pl = init_one(0x100000, 0x1fffff);
	uint64_t a, b;

	ck_assert_int_eq(take(&pl, 1, 0, 0, 0, false, &a), 0);
	ck_assert_int_eq(take(&pl, 4097, 0, 0, 0, false, &b), 0);
	ck_assert_uint_eq(a, 0x100000);
	ck_assert_uint_eq(b, 0x101000);
	ck_assert_uint_eq(placer_free_bytes(&pl), MiB - 3 * 4096);
	placer_free(&pl);
}
END_TEST

START_TEST(windows_trimmed_to_pages)
{
	struct placer pl;

	set_windows(2, 0x1234ULL, 0x5fffULL, 0x9000ULL, 0x9ffeULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	ck_assert_uint_eq(pl.free.n, 1);
	ck_assert_uint_eq(pl.free.r[0].start, 0x2000);
	ck_assert_uint_eq(pl.free.r[0].end, 0x5fff);
	placer_free(&pl);
}
END_TEST

START_TEST(alignment_bottom_up_and_top_down)
{
	struct placer pl = init_one(0x101000, 0x7fffff);
	uint64_t a;

	ck_assert_int_eq(take(&pl, 0x1000, 0x200000, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x200000);
	ck_assert_int_eq(take(&pl, 0x1000, 0x200000, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0x600000);
	/* align below the page counts as the page */
	ck_assert_int_eq(take(&pl, 0x1000, 16, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0x7ff000);
	placer_free(&pl);
}
END_TEST

START_TEST(top_down_vs_bottom_up_many_windows)
{
	struct placer pl;
	uint64_t a;

	set_windows(3, 0x10000ULL, 0x1ffffULL, 0x100000ULL, 0x1fffffULL,
		    0x400000ULL, 0x40ffffULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	ck_assert_int_eq(take(&pl, 0x20000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x100000);	/* first window too small */
	ck_assert_int_eq(take(&pl, 0x10000, 0, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0x400000);
	ck_assert_int_eq(take(&pl, 0x10000, 0, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0x1f0000);
	ck_assert_int_eq(take(&pl, 0x10000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x10000);
	placer_free(&pl);
}
END_TEST

START_TEST(min_max_request)
{
	struct placer pl = init_one(0, 0xffffff);
	uint64_t a;

	ck_assert_int_eq(take(&pl, 0x1000, 0, 0x300000, 0x3fffff, false, &a), 0);
	ck_assert_uint_eq(a, 0x300000);
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0x300000, 0x3fffff, true, &a), 0);
	ck_assert_uint_eq(a, 0x3ff000);
	/* max that cuts a page in half: the page must end at or below max */
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0x500000, 0x501ffe, true, &a), 0);
	ck_assert_uint_eq(a, 0x500000);
	/* nothing fits between min and max */
	capture_begin();
	ck_assert_int_eq(take(&pl, 0x3000, 0, 0x500000, 0x502fff, false, &a), -ENOSPC);
	capture_end();
	placer_free(&pl);
}
END_TEST

START_TEST(mem_min_max_clamp_windows)
{
	struct placer pl;
	uint64_t a;

	set_windows(2, 0x0ULL, 0xfffffULL, 0x200000ULL, 0x2fffffULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0x80000, 0x27ffff, PAGE_SIZE_4K), 0);
	ck_assert_uint_eq(placer_free_bytes(&pl), 0x80000 + 0x80000);
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x80000);
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0x27f000);
	placer_free(&pl);
}
END_TEST

START_TEST(overlapping_windows_merge)
{
	struct placer pl;
	uint64_t a;

	set_windows(3, 0x300000ULL, 0x3fffffULL, 0x100000ULL, 0x2fffffULL,
		    0x180000ULL, 0x1fffffULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	ck_assert_uint_eq(pl.free.n, 1);
	ck_assert_int_eq(take(&pl, 0x300000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x100000);
	placer_free(&pl);
}
END_TEST

START_TEST(take_splits_hole)
{
	struct placer pl = init_one(0x100000, 0x1fffff);
	uint64_t a;

	ck_assert_int_eq(take(&pl, 0x1000, 0, 0x180000, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x180000);
	ck_assert_uint_eq(pl.free.n, 2);
	ck_assert_uint_eq(pl.free.r[0].end, 0x17ffff);
	ck_assert_uint_eq(pl.free.r[1].start, 0x181000);
	placer_free(&pl);
}
END_TEST

START_TEST(reserve)
{
	struct placer pl = init_one(0x100000, 0x1fffff);
	uint64_t a;

	ck_assert_int_eq(placer_reserve(&pl, 0x100800, 0x1017ff), 0);	/* rounds out */
	ck_assert_uint_eq(placer_free_bytes(&pl), MiB - 0x2000);
	ck_assert_int_eq(placer_reserve(&pl, 0x101000, 0x101fff), -EBUSY);
	ck_assert_int_eq(placer_reserve(&pl, 0x1ff000, 0x200fff), -EBUSY);
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x102000);
	placer_free(&pl);
}
END_TEST

START_TEST(failure_message)
{
	struct placer pl;
	const char *msg;
	uint64_t a;

	set_windows(2, 0xa0000000ULL, 0xa00fffffULL, 0xa0200000ULL, 0xa02fffffULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	capture_begin();
	ck_assert_int_eq(take(&pl, 0x180000, 0x200000, 0, 0, true, &a), -ENOSPC);
	msg = capture_end();
	ck_assert_ptr_nonnull(strstr(msg, "cannot place thing (1572864 bytes, align 0x200000"));
	ck_assert_ptr_nonnull(strstr(msg, "0xa0000000-0xa00fffff, 0xa0200000-0xa02fffff"));
	ck_assert_ptr_nonnull(strstr(msg, "largest free hole there is 1048576 bytes"));
	ck_assert_ptr_null(strchr(strchr(msg, '\n') + 1, '\n'));	/* one line */
	placer_free(&pl);
}
END_TEST

START_TEST(bad_requests)
{
	struct placer pl = init_one(0x100000, 0x1fffff);
	uint64_t a;

	capture_begin();
	ck_assert_int_eq(take(&pl, 0x1000, 0x3000, 0, 0, false, &a), -EINVAL);
	ck_assert_int_eq(take(&pl, 0, 0, 0, 0, false, &a), -EINVAL);
	ck_assert_int_eq(take(&pl, UINT64_MAX, 0, 0, 0, false, &a), -EINVAL);
	capture_end();
	placer_free(&pl);
}
END_TEST

START_TEST(top_of_address_space)
{
	struct placer pl = init_one(0xfffffffffff00000ULL, UINT64_MAX);
	uint64_t a;

	ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, true, &a), 0);
	ck_assert_uint_eq(a, 0xfffffffffffff000ULL);
	ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0xfffffffffff00000ULL);
	placer_free(&pl);
}
END_TEST

/* Correctness with 8192 windows; the speed is for tests/bench to print. */
START_TEST(many_windows)
{
	struct placer pl;
	uint64_t a;
	int i;

	ranges_free(&windows);
	/* 8192 windows of 8 KiB, 64 KiB apart, listed in reverse order */
	for (i = 8191; i >= 0; i--)
		ck_assert_int_eq(ranges_add(&windows, (uint64_t)i << 16,
					    ((uint64_t)i << 16) + 0x1fff, RANGE_RAM), 0);
	ranges_add(&windows, 0x100000000ULL, 0x100ffffffULL, RANGE_RAM);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, PAGE_SIZE_4K), 0);
	ck_assert_uint_eq(pl.free.n, 8193);
	for (i = 0; i < 4096; i++) {
		ck_assert_int_eq(take(&pl, 0x1000, 0, 0, 0, i & 1, &a), 0);
	}
	/* only the big window fits 16 KiB: found past 8192 small holes */
	ck_assert_int_eq(take(&pl, 0x4000, 0, 0, 0, false, &a), 0);
	ck_assert_uint_ge(a, 0x100000000ULL);
	placer_free(&pl);
}
END_TEST

START_TEST(page_64k)
{
	struct placer pl;
	uint64_t a;

	set_windows(1, 0x20000000ULL, 0x3fffffffULL);
	ck_assert_int_eq(placer_init(&pl, &windows, 0, 0, 0x10000), 0);
	ck_assert_int_eq(take(&pl, 0x1000, 0x1000, 0, 0, false, &a), 0);
	ck_assert_int_eq(take(&pl, 0x1000, 0x1000, 0, 0, false, &a), 0);
	ck_assert_uint_eq(a, 0x20010000);
	placer_free(&pl);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("placement");
	TCase *tc = tcase_create("placer");

	tcase_add_test(tc, exact_fit);
	tcase_add_test(tc, size_rounds_to_page);
	tcase_add_test(tc, windows_trimmed_to_pages);
	tcase_add_test(tc, alignment_bottom_up_and_top_down);
	tcase_add_test(tc, top_down_vs_bottom_up_many_windows);
	tcase_add_test(tc, min_max_request);
	tcase_add_test(tc, mem_min_max_clamp_windows);
	tcase_add_test(tc, overlapping_windows_merge);
	tcase_add_test(tc, take_splits_hole);
	tcase_add_test(tc, reserve);
	tcase_add_test(tc, failure_message);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, top_of_address_space);
	tcase_add_test(tc, many_windows);
	tcase_add_test(tc, page_64k);
	suite_add_tcase(s, tc);
	return check_run(s);
}
