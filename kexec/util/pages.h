/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pages.h - how the loader comes by fresh memory pages.  Planning a machine
 * with thousands of memory ranges writes a few hundred fresh pages (range
 * lists, the kcore program headers, /proc/iomem's text, the crash header).
 * The first write to a page costs a page fault: about 1 us on bare metal,
 * 10-20 us in some virtual machines, where at 8192 ranges that was most of
 * the planning cost (doc/performance.md, "Planning at scale").  Three rules:
 *   - freed buffers are reused: malloc keeps blocks up to
 *     PAGES_MMAP_THRESHOLD in its heap instead of giving each one its own
 *     mapping, which comes back as fresh pages every time;
 *   - a buffer about to be written in full is faulted in by one system
 *     call (pages_prefault());
 *   - a machine whose planning will write megabytes gets the heap's next
 *     megabytes from transparent huge pages (pages_huge_heap()): one fault
 *     for 2 MiB instead of 512.
 */
#ifndef KEXEC_PAGES_H
#define KEXEC_PAGES_H

#include <stddef.h>

/*
 * Blocks below this come from malloc's heap and are reused after free();
 * larger ones (decompressed kernels, the read buffers of big files) get
 * their own mapping and go back to the system when freed.
 */
#define PAGES_MMAP_THRESHOLD	(4u << 20)

/* Below this, page faults are cheaper than the system call. */
#define PAGES_PREFAULT_MIN	(64 * 1024)

/* The transparent huge page size of x86_64 (a PMD). */
#define PAGES_HUGE_SIZE		(2u << 20)

/*
 * Below this, huge pages would cost more resident memory than they save;
 * more than the most is advised as the most.
 */
#define PAGES_HUGE_MIN		(1u << 20)
#define PAGES_HUGE_MAX		(64u << 20)

/* Set malloc's policy (above); called once, first thing in main(). */
void pages_malloc_policy(void);

/*
 * Fault in the whole pages inside [p, p + len), keeping their contents.
 * Best effort: nothing happens for short buffers or where the kernel lacks
 * MADV_POPULATE_WRITE (before 5.14); the pages then fault as they are
 * written.  Returns the number of bytes populated (for tests).
 */
size_t pages_prefault(void *p, size_t len);

/*
 * The caller is about to write about `bytes` of fresh heap memory, at
 * least PAGES_HUGE_MIN: malloc hands out the heap from the next
 * PAGES_HUGE_SIZE boundary on (the heap grows if it has less room there),
 * and those bytes, at most PAGES_HUGE_MAX and rounded up to whole huge
 * pages, are advised to be transparent huge pages.  From then on malloc
 * keeps that much free room past its top (M_TOP_PAD).  Returns the block
 * that fills the heap up to the boundary (untouched: address space only),
 * which the caller frees when it is done with its fresh memory; or NULL
 * where nothing was done: fewer bytes, a malloc other than glibc's
 * (sanitizers, valgrind), a free hole that would serve the next blocks, a
 * heap that cannot grow.  Where the kernel gives the program no huge
 * pages (THP "never", other PMD sizes) the advice is harmless.
 */
void *pages_huge_heap(size_t bytes);

#endif
