/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pages.h - how the loader comes by fresh memory pages.  Planning a machine
 * with thousands of memory ranges writes a few hundred fresh pages (range
 * lists, the kcore program headers, /proc/iomem's text, the crash header).
 * The first write to a page costs a page fault: about 1 us on bare metal,
 * 10-20 us in some virtual machines, where at 8192 ranges that was most of
 * the planning cost (doc/performance.md, "Planning at scale").  Two rules:
 *   - freed buffers are reused: malloc keeps blocks up to
 *     PAGES_MMAP_THRESHOLD in its heap instead of giving each one its own
 *     mapping, which comes back as fresh pages every time;
 *   - a buffer about to be written in full is faulted in by one system
 *     call (pages_prefault()).
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

/* Set malloc's policy (above); called once, first thing in main(). */
void pages_malloc_policy(void);

/*
 * Fault in the whole pages inside [p, p + len), keeping their contents.
 * Best effort: nothing happens for short buffers or where the kernel lacks
 * MADV_POPULATE_WRITE (before 5.14); the pages then fault as they are
 * written.  Returns the number of bytes populated (for tests).
 */
size_t pages_prefault(void *p, size_t len);

#endif
