// SPDX-License-Identifier: GPL-2.0-only
/*
 * fillmem - guest-side pattern filler of the QEMU end-to-end tests.
 *
 * Usage: fillmem MIB RUN OUTDIR      (as root, in the first kernel)
 *
 * Allocates MIB MiB of anonymous memory, writes the per-page pattern of
 * pattern.h into every page (run id RUN, page index), locks the buffer,
 * looks up each page's physical address in /proc/self/pagemap and stores it
 * in the page header.  Then writes
 *   OUTDIR/pages.txt   "INDEX PFN COUNT" lines (hex PFN): pages INDEX..
 *                      INDEX+COUNT-1 sit at PFN..PFN+COUNT-1
 *   OUTDIR/ready       "RUN PAGES" once everything above is written
 * and sleeps until killed, so the pages stay where they are until the panic.
 * The guest's /init waits for OUTDIR/ready, sends OUTDIR to the host and
 * panics; vmcore-check then looks for the same pages in /proc/vmcore.
 *
 * Pages must not move after their address is recorded: the buffer is
 * mlock()ed and kept out of transparent huge pages, and /init sets
 * vm.compact_unevictable_allowed=0 so compaction leaves it alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pattern.h"

#define PM_PRESENT	(1ull << 63)
#define PM_PFN_MASK	((1ull << 55) - 1)

static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "fillmem: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "",
		strerror(errno));
	return 1;
}

/* pfns[i] = physical frame of page i, from /proc/self/pagemap. */
static int read_pfns(const unsigned char *buf, size_t pages, uint64_t *pfns)
{
	size_t want = pages * sizeof(uint64_t), got = 0;
	off_t off = (off_t)((uintptr_t)buf / PATTERN_PAGE) * 8;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return fail("open", "/proc/self/pagemap");
	while (got < want) {
		ssize_t n = pread(fd, (char *)pfns + got, want - got, off + (off_t)got);

		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			close(fd);
			return fail("read", "/proc/self/pagemap");
		}
		got += (size_t)n;
	}
	close(fd);
	for (size_t i = 0; i < pages; i++) {
		if (!(pfns[i] & PM_PRESENT) || !(pfns[i] & PM_PFN_MASK)) {
			fprintf(stderr, "fillmem: page %zu has no physical frame in pagemap "
				"(not root?)\n", i);
			return 1;
		}
		pfns[i] &= PM_PFN_MASK;
	}
	return 0;
}

/* One "INDEX PFN COUNT" line per run of physically consecutive pages. */
static int write_runs(const char *dir, const uint64_t *pfns, size_t pages)
{
	char path[4096];
	FILE *f;
	size_t i = 0;

	snprintf(path, sizeof(path), "%s/pages.txt", dir);
	f = fopen(path, "w");
	if (!f)
		return fail("create", path);
	while (i < pages) {
		size_t n = 1;

		while (i + n < pages && pfns[i + n] == pfns[i] + n)
			n++;
		fprintf(f, "%zu %" PRIx64 " %zu\n", i, pfns[i], n);
		i += n;
	}
	if (fclose(f) != 0)
		return fail("write", path);
	return 0;
}

static int write_ready(const char *dir, uint64_t run, size_t pages)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/ready", dir);
	f = fopen(path, "w");
	if (!f)
		return fail("create", path);
	fprintf(f, "%" PRIu64 " %zu\n", run, pages);
	return fclose(f) == 0 ? 0 : fail("write", path);
}

int main(int argc, char **argv)
{
	unsigned long mib;
	uint64_t run, *pfns;
	unsigned char *buf;
	size_t pages, i;

	if (argc != 4) {
		fprintf(stderr, "usage: fillmem MIB RUN OUTDIR\n");
		return 2;
	}
	mib = strtoul(argv[1], NULL, 0);
	run = strtoull(argv[2], NULL, 0);
	pages = (size_t)mib * (1024 * 1024 / PATTERN_PAGE);
	if (!pages || !run) {
		fprintf(stderr, "fillmem: MIB and RUN must be positive\n");
		return 2;
	}
	buf = mmap(NULL, pages * PATTERN_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail("mmap", argv[1]);
	madvise(buf, pages * PATTERN_PAGE, MADV_NOHUGEPAGE);
	for (i = 0; i < pages; i++)
		pattern_fill(buf + i * PATTERN_PAGE, run, i);
	if (mlock(buf, pages * PATTERN_PAGE) != 0)
		return fail("mlock", NULL);
	pfns = malloc(pages * sizeof(*pfns));
	if (!pfns)
		return fail("malloc", NULL);
	if (read_pfns(buf, pages, pfns))
		return 1;
	for (i = 0; i < pages; i++)
		((struct pattern_head *)(buf + i * PATTERN_PAGE))->phys = pfns[i] * PATTERN_PAGE;
	if (write_runs(argv[3], pfns, pages) || write_ready(argv[3], run, pages))
		return 1;
	free(pfns);
	for (;;)
		pause();
}
