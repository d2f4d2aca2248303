// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pages.c - pages_malloc_policy(): blocks below the threshold come
 * from the heap, larger ones are mapped; pages_prefault(): whole pages inside
 * the buffer become resident (mincore), their contents stay, the partial
 * pages at either end and short buffers are left alone;
 * pages_huge_heap(): the next block starts at a huge page boundary inside
 * a mapping advised MADV_HUGEPAGE, and nothing is claimed when a free hole
 * (not the heap's top) would serve the blocks or the request is small.
 */
#include <check.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "pages.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* Linux 5.14 */
#endif

#define NPAGES	64

/* ASan brings its own malloc: glibc's heap and its policy are not used. */
#ifdef __SANITIZE_ADDRESS__
#define UNDER_ASAN	true
#else
#define UNDER_ASAN	false
#endif

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static char *map_pages(void)
{
	void *p = mmap(NULL, NPAGES * page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

static unsigned int resident(const char *p, size_t first, size_t n)
{
	unsigned char v[NPAGES];
	unsigned int count = 0;

	ck_assert_int_eq(mincore((void *)p, NPAGES * page(), v), 0);
	for (size_t i = first; i < first + n; i++)
		count += v[i] & 1;
	return count;
}

/*
 * Whether this platform populates at all: kernels before 5.14 refuse the
 * advice, and qemu-user (the ppc64le make check) accepts and ignores it.
 */
static bool platform_populates(void)
{
	char *p = map_pages();
	bool yes;

	yes = !madvise(p, NPAGES * page(), MADV_POPULATE_WRITE) &&
	      resident(p, 0, NPAGES) == NPAGES;
	munmap(p, NPAGES * page());
	return yes;
}

/* A buffer from the middle of page 1 to the middle of page 40. */
START_TEST(test_whole_pages_populated)
{
	char *p = map_pages();
	size_t pg = page(), len = 39 * pg;
	char *buf = p + pg + pg / 2;

	if (!platform_populates()) {
		fprintf(stderr, "test_pages: MADV_POPULATE_WRITE has no effect here; residency not checked\n");
		munmap(p, NPAGES * pg);
		return;
	}
	ck_assert_uint_eq(pages_prefault(buf, len), 38 * pg);
	/* pages 2..39 lie wholly inside; 1 and 40 only in part */
	ck_assert_uint_eq(resident(p, 2, 38), 38);
	ck_assert_uint_eq(resident(p, 0, 2), 0);
	ck_assert_uint_eq(resident(p, 40, NPAGES - 40), 0);
	munmap(p, NPAGES * pg);
}
END_TEST

START_TEST(test_contents_kept)
{
	char *p = map_pages();
	size_t pg = page();

	for (size_t i = 0; i < NPAGES; i += 2)
		memset(p + i * pg, (int)(i + 1), pg);
	pages_prefault(p, NPAGES * pg);
	for (size_t i = 0; i < NPAGES; i++)
		ck_assert_int_eq(p[i * pg + pg - 1], i % 2 ? 0 : (char)(i + 1));
	munmap(p, NPAGES * pg);
}
END_TEST

START_TEST(test_short_buffer_left_alone)
{
	char *p = map_pages();

	ck_assert_uint_eq(pages_prefault(p, PAGES_PREFAULT_MIN - 1), 0);
	ck_assert_uint_eq(resident(p, 0, NPAGES), 0);
	munmap(p, NPAGES * page());
}
END_TEST

/* mallinfo2's hblks counts the blocks malloc mapped on their own. */
START_TEST(test_policy_heap_below_threshold)
{
	size_t before;
	char *small, *big;

	if (UNDER_ASAN)
		return;		/* ASan's allocator replaces malloc's policy */
	pages_malloc_policy();
	before = mallinfo2().hblks;
	small = malloc(PAGES_MMAP_THRESHOLD / 4);	/* mapped by default */
	ck_assert_ptr_nonnull(small);
	ck_assert_uint_eq(mallinfo2().hblks, before);
	big = malloc(2 * PAGES_MMAP_THRESHOLD);
	ck_assert_ptr_nonnull(big);
	ck_assert_uint_eq(mallinfo2().hblks, before + 1);
	free(big);
	free(small);
}
END_TEST

/* Whether the mapping holding p has VM_HUGEPAGE ("hg" in VmFlags). */
static bool advised_huge(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	unsigned long start, end;
	bool inside = false, hg = false;
	char line[512];

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		/* only a mapping's first line reads "<hex>-<hex> " */
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			inside = (uintptr_t)p >= start && (uintptr_t)p < end;
		else if (inside && !strncmp(line, "VmFlags:", 8))
			hg = strstr(line, " hg") != NULL;
	}
	fclose(f);
	return hg;
}

static bool emulated(void)
{
	const char *e = getenv("TEST_EMULATOR");

	return e && *e;
}

START_TEST(test_huge_heap_from_boundary)
{
	void *gap, *p;

	pages_malloc_policy();
	gap = pages_huge_heap(4u << 20);
	if (UNDER_ASAN) {
		ck_assert_ptr_null(gap);	/* ASan's allocator: not glibc's heap */
		return;
	}
	ck_assert_ptr_nonnull(gap);
	p = malloc(256 * 1024);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % PAGES_HUGE_SIZE, 0);
	if (emulated())		/* qemu-user shows the host's mappings */
		fprintf(stderr, "test_pages: under an emulator; MADV_HUGEPAGE not checked\n");
	else
		ck_assert(advised_huge(p));
	memset(p, 1, 256 * 1024);
	free(p);
	free(gap);
}
END_TEST

/*
 * Whether pages_huge_heap(bytes) makes its room in a child whose heap top
 * was first moved by `shift` bytes.
 */
static bool room_made(size_t shift, size_t bytes)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		pages_malloc_policy();
		if (!malloc(shift))
			_exit(2);
		_exit(pages_huge_heap(bytes) ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Wherever the heap's top lies within a huge page, the room is made: eight
 * positions 256 KiB apart, for the smallest request and for 6 MiB (about
 * what 32k memory ranges ask for).
 */
START_TEST(test_huge_heap_any_offset)
{
	if (UNDER_ASAN)
		return;		/* pages_huge_heap() does nothing there */
	for (unsigned int i = 0; i < 8; i++) {
		size_t shift = i * 256 * 1024 + 4096;

		ck_assert_msg(room_made(shift, PAGES_HUGE_MIN),
			      "1 MiB after %zu bytes: no room made", shift);
		ck_assert_msg(room_made(shift, 6u << 20),
			      "6 MiB after %zu bytes: no room made", shift);
	}
}
END_TEST

START_TEST(test_huge_heap_small_refused)
{
	pages_malloc_policy();
	ck_assert_ptr_null(pages_huge_heap(PAGES_HUGE_MIN - 1));
}
END_TEST

/*
 * A free hole below the top would serve the next blocks: nothing claimed.
 * A large M_TOP_PAD gives the heap room past the boundary first, so that
 * the gap's own block is what meets the hole.
 */
START_TEST(test_huge_heap_hole_refused)
{
	char *hole, *pin;

	pages_malloc_policy();
	mallopt(M_TOP_PAD, 16 << 20);
	hole = malloc(3u << 20);
	/* keeps the hole from joining the top; too large for any bin */
	pin = malloc(256 * 1024);
	ck_assert_ptr_nonnull(hole);
	ck_assert_ptr_nonnull(pin);
	free(hole);
	ck_assert_ptr_null(pages_huge_heap(PAGES_HUGE_MIN));
	free(pin);
}
END_TEST

static Suite *pages_suite(void)
{
	Suite *s = suite_create("pages");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_policy_heap_below_threshold);
	tcase_add_test(tc, test_whole_pages_populated);
	tcase_add_test(tc, test_contents_kept);
	tcase_add_test(tc, test_short_buffer_left_alone);
	tcase_add_test(tc, test_huge_heap_from_boundary);
	tcase_add_test(tc, test_huge_heap_any_offset);
	tcase_add_test(tc, test_huge_heap_small_refused);
	tcase_add_test(tc, test_huge_heap_hole_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(pages_suite());
}
