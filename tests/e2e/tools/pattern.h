/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pattern.h - the per-page pattern shared by fillmem (writes it in the first
 * kernel) and vmcore-check (finds it in /proc/vmcore in the capture kernel).
 *
 * Every 4 KiB page of fillmem's buffer starts with a header and ends with a
 * trailer; the bytes between are a word pattern derived from run and index:
 *
 *   +0    magic  "KXHPPAG1"
 *   +8    run    the run id (random per test run, passed on both command lines)
 *   +16   index  the page's index in fillmem's buffer
 *   +24   phys   the page's physical address as /proc/self/pagemap reported it
 *   ...   word k = pattern_word(run, index, k)
 *   +4088 check  pattern_check(run, index)
 *
 * A page counts as found when header and trailer match and phys equals the
 * physical address the page was read from in the dump.
 */
#ifndef E2E_PATTERN_H
#define E2E_PATTERN_H

#include <stdint.h>
#include <string.h>

#define PATTERN_PAGE	4096u
#define PATTERN_MAGIC	"KXHPPAG1"

struct pattern_head {
	char magic[8];
	uint64_t run;
	uint64_t index;
	uint64_t phys;
};

static inline uint64_t pattern_word(uint64_t run, uint64_t index, unsigned k)
{
	return (run * 0x9e3779b97f4a7c15ull) ^ (index << 20) ^ k;
}

static inline uint64_t pattern_check(uint64_t run, uint64_t index)
{
	return ~(run ^ (index * 0xff51afd7ed558ccdull));
}

/* Words 4..510 (between header and trailer). */
#define PATTERN_FIRST_WORD	(sizeof(struct pattern_head) / 8)
#define PATTERN_LAST_WORD	(PATTERN_PAGE / 8 - 2)

static inline void pattern_fill(void *page, uint64_t run, uint64_t index)
{
	struct pattern_head *h = page;
	uint64_t *w = page;
	unsigned k;

	memcpy(h->magic, PATTERN_MAGIC, 8);
	h->run = run;
	h->index = index;
	h->phys = 0;
	for (k = PATTERN_FIRST_WORD; k <= PATTERN_LAST_WORD; k++)
		w[k] = pattern_word(run, index, k);
	w[PATTERN_PAGE / 8 - 1] = pattern_check(run, index);
}

#endif
