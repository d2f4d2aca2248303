// SPDX-License-Identifier: GPL-2.0-only
/*
 * pages.c - malloc's policy, prefaulting and huge pages for the heap (see
 * pages.h).  The only module that knows how glibc's malloc lays out its
 * heap: pages_huge_heap() relies on the main arena being one brk region
 * whose free end (the "top chunk", mallinfo2().keepcost bytes ending at
 * sbrk(0)) is where malloc carves a block no free hole can hold.  It
 * checks that this held and does nothing otherwise.
 */
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pages.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* Linux 5.14 */
#endif

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33) && \
	defined(MADV_HUGEPAGE)
#define HAVE_HUGE_HEAP	1
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

#ifdef HAVE_HUGE_HEAP
/* glibc's chunk header: the previous chunk's size and this one's */
#define CHUNK_HDR	(2 * sizeof(size_t))

/*
 * Have malloc set up or extend its heap for a block of n bytes, and give
 * the block back.  volatile: the compiler may drop a free(malloc(n)).
 */
static void heap_block(size_t n)
{
	void *volatile p = malloc(n);

	free(p);
}

struct heap_top {
	uintptr_t top;		/* the top chunk: malloc carves from here */
	uintptr_t boundary;	/* the first huge page boundary past it */
	uintptr_t end;		/* sbrk(0) */
};

/* Where the top chunk is; false when that is not a plain brk heap. */
static bool find_top(struct heap_top *h)
{
	struct mallinfo2 mi = mallinfo2();
	void *brk_end;
	size_t keep;

	if (!mi.arena) {
		heap_block(1);	/* no heap yet: a first block makes one */
		mi = mallinfo2();
	}
	brk_end = sbrk(0);
	keep = mi.keepcost;
	if (brk_end == (void *)-1 || !keep || keep > (uintptr_t)brk_end)
		return false;
	h->end = (uintptr_t)brk_end;
	h->top = h->end - keep;
	/* room below for the gap's smallest chunk and the next header */
	h->boundary = (h->top + 3 * CHUNK_HDR + PAGES_HUGE_SIZE - 1) &
		      ~(uintptr_t)(PAGES_HUGE_SIZE - 1);
	return true;
}

/* Whole huge pages between the boundary and the end of the heap. */
static size_t huge_room(const struct heap_top *h)
{
	uintptr_t end = h->end & ~(uintptr_t)(PAGES_HUGE_SIZE - 1);

	return end > h->boundary ? end - h->boundary : 0;
}

/*
 * A top chunk with `bytes` of whole huge pages past its boundary.  If it is
 * short, a block just larger than it makes malloc extend the heap by what
 * it lacks plus M_TOP_PAD; freed, the block goes back to the top chunk.  A
 * block that large would be mapped instead (PAGES_MMAP_THRESHOLD): then
 * the heap stays as it is.
 */
static bool find_room(struct heap_top *h, size_t bytes)
{
	size_t grow;

	if (!find_top(h))
		return false;
	if (huge_room(h) >= bytes)
		return true;
	grow = h->end - h->top + CHUNK_HDR;
	if (grow >= PAGES_MMAP_THRESHOLD)
		return false;
	heap_block(grow);
	return find_top(h) && huge_room(h) >= bytes;
}

void *pages_huge_heap(size_t bytes)
{
	struct heap_top h;
	char *gap;

	if (bytes < PAGES_HUGE_MIN)
		return NULL;
	if (bytes > PAGES_HUGE_MAX)
		bytes = PAGES_HUGE_MAX;
	bytes = (bytes + PAGES_HUGE_SIZE - 1) & ~(size_t)(PAGES_HUGE_SIZE - 1);
	/*
	 * The heap keeps this much free past its top when it grows or gives
	 * memory back, so the advised range stays the heap's until used.
	 */
	mallopt(M_TOP_PAD, (int)(bytes + PAGES_HUGE_SIZE));
	if (!find_room(&h, bytes))
		return NULL;
	/*
	 * A block whose chunk spans exactly top..boundary - CHUNK_HDR: the
	 * next block carved from the top has its header just below the
	 * boundary and its memory from the boundary on.
	 */
	gap = malloc(h.boundary - h.top - CHUNK_HDR - sizeof(size_t));
	if (gap != (char *)(h.top + CHUNK_HDR)) {
		free(gap);	/* a free hole took it: the layout is not ours */
		return NULL;
	}
	madvise((void *)h.boundary, bytes, MADV_HUGEPAGE);
	return gap;
}
#else
void *pages_huge_heap(size_t bytes)
{
	(void)bytes;
	return NULL;
}
#endif
