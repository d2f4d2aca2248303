// SPDX-License-Identifier: GPL-2.0-only
/*
 * pages.c - malloc's policy and prefaulting (see pages.h).
 */
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pages.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* Linux 5.14 */
#endif

void pages_malloc_policy(void)
{
	/*
	 * A fixed threshold also turns off glibc's sliding one, which would
	 * only rise after the first large free().  The heap top is given back
	 * once twice that much is free at the end of it.
	 */
	mallopt(M_MMAP_THRESHOLD, PAGES_MMAP_THRESHOLD);
	mallopt(M_TRIM_THRESHOLD, 2 * PAGES_MMAP_THRESHOLD);
}

size_t pages_prefault(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(page - 1);

	if (len < PAGES_PREFAULT_MIN || end <= start)
		return 0;
	if (madvise((void *)start, end - start, MADV_POPULATE_WRITE))
		return 0;
	return end - start;
}
