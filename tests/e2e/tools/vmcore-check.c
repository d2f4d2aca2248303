// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmcore-check - the capture kernel's checker of the QEMU end-to-end tests.
 *
 * Usage: vmcore-check [--run RUN] [--bitmap FILE] [VMCORE]   (default /proc/vmcore)
 *
 * Reads the dump's ELF64 header and program headers and prints, one fact a
 * line (the host parses them, tests/e2e/lib/verify.py):
 *   elf machine=62 phnum=N
 *   notes prstatus=N vmcoreinfo=yes|no
 *   load paddr=0x.. size=0x.. read=ok|error:<why> found=N    (one per PT_LOAD)
 *   pattern run=RUN found=N misplaced=N corrupt=N duplicate=N max_index=N
 *   read_errors N
 * /proc/vmcore merges the crashed kernel's PT_NOTEs into one, so NT_PRSTATUS
 * notes (one per CPU) and the VMCOREINFO note are counted inside it.
 *
 * Every PT_LOAD gets its first and last page read with pread() (a failing
 * read is a read error).  With --run, every page of every PT_LOAD is then
 * searched for fillmem's pattern (pattern.h) through an mmap() of the dump:
 * reading a 4 KiB page costs a page-table walk instead of a copy, which keeps
 * a full scan of a 2 GiB guest to seconds under TCG.  A page is "found" when
 * header, trailer and a middle word match and its recorded physical address
 * is where it was read; its index is set in the --bitmap FILE (bit i of byte
 * i/8, LSB first), which the host compares with fillmem's page list.  A
 * SIGBUS while scanning is a read error of that PT_LOAD.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pattern.h"

struct scan {
	uint64_t run;
	uint64_t found, misplaced, corrupt, duplicate, max_index;
	unsigned char *bitmap;
	size_t bitmap_len;
};

static sigjmp_buf bus_jump;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jump, 1);
}

static int read_all(int fd, void *buf, size_t len, off_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, (char *)buf + got, len - got, off + (off_t)got);

		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		got += (size_t)n;
	}
	return 0;
}

static int read_phdrs(int fd, Elf64_Ehdr *eh, Elf64_Phdr **out, size_t *count)
{
	size_t n = eh->e_phnum;
	Elf64_Phdr *ph;
	int err;

	if (n == PN_XNUM) {	/* the real count is in section header 0 */
		Elf64_Shdr sh;

		err = read_all(fd, &sh, sizeof(sh), (off_t)eh->e_shoff);
		if (err)
			return err;
		n = sh.sh_info;
	}
	ph = calloc(n ? n : 1, sizeof(*ph));
	if (!ph)
		return -ENOMEM;
	err = read_all(fd, ph, n * sizeof(*ph), (off_t)eh->e_phoff);
	if (err) {
		free(ph);
		return err;
	}
	*out = ph;
	*count = n;
	return 0;
}

static void count_notes(int fd, const Elf64_Phdr *ph, size_t n)
{
	unsigned prstatus = 0, vmcoreinfo = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char *buf;
		size_t off = 0, len = ph[i].p_filesz;

		if (ph[i].p_type != PT_NOTE || !len)
			continue;
		buf = malloc(len);
		if (!buf || read_all(fd, buf, len, (off_t)ph[i].p_offset)) {
			printf("note_read_error offset=0x%" PRIx64 "\n", ph[i].p_offset);
			free(buf);
			continue;
		}
		while (off + sizeof(Elf64_Nhdr) <= len) {
			Elf64_Nhdr *nh = (Elf64_Nhdr *)(buf + off);
			const char *name = (const char *)(nh + 1);
			size_t step = sizeof(*nh) + ((nh->n_namesz + 3) & ~3u) +
				      ((nh->n_descsz + 3) & ~3u);

			if (nh->n_namesz == 0 && nh->n_descsz == 0 && nh->n_type == 0)
				break;	/* padding at the end of a per-CPU buffer */
			if (off + step > len)
				break;
			if (nh->n_type == NT_PRSTATUS && nh->n_namesz == 5 && !memcmp(name, "CORE", 5))
				prstatus++;
			if (nh->n_namesz == 11 && !memcmp(name, "VMCOREINFO", 11))
				vmcoreinfo++;
			off += step;
		}
		free(buf);
	}
	printf("notes prstatus=%u vmcoreinfo=%s\n", prstatus, vmcoreinfo ? "yes" : "no");
}

/* Read the first and last page of a PT_LOAD; "ok" or the errno text. */
static const char *probe_load(int fd, const Elf64_Phdr *ph)
{
	static char why[64];
	unsigned char page[PATTERN_PAGE];
	uint64_t len = ph->p_filesz < PATTERN_PAGE ? ph->p_filesz : PATTERN_PAGE;
	int err;

	if (!ph->p_filesz)
		return "ok";
	err = read_all(fd, page, len, (off_t)ph->p_offset);
	if (!err)
		err = read_all(fd, page, len, (off_t)(ph->p_offset + ph->p_filesz - len));
	if (!err)
		return "ok";
	snprintf(why, sizeof(why), "error:%s", strerror(-err));
	for (char *p = why; *p; p++)
		if (*p == ' ')
			*p = '_';
	return why;
}

static int mark_found(struct scan *s, uint64_t index)
{
	size_t byte = index / 8;

	if (byte >= s->bitmap_len) {
		size_t len = s->bitmap_len ? s->bitmap_len : 4096;
		unsigned char *b;

		while (len <= byte)
			len *= 2;
		b = realloc(s->bitmap, len);
		if (!b)
			return -ENOMEM;
		memset(b + s->bitmap_len, 0, len - s->bitmap_len);
		s->bitmap = b;
		s->bitmap_len = len;
	}
	if (s->bitmap[byte] & (1u << (index % 8))) {
		s->duplicate++;
		return 0;
	}
	s->bitmap[byte] |= (unsigned char)(1u << (index % 8));
	s->found++;
	if (index > s->max_index)
		s->max_index = index;
	return 0;
}

/* One page read from physical address phys; returns 1 when it is ours. */
static int check_page(struct scan *s, const unsigned char *page, uint64_t phys)
{
	const struct pattern_head *h = (const void *)page;
	const uint64_t *w = (const void *)page;
	unsigned mid = (PATTERN_FIRST_WORD + PATTERN_LAST_WORD) / 2;

	if (memcmp(h->magic, PATTERN_MAGIC, 8) || h->run != s->run)
		return 0;
	if (w[PATTERN_PAGE / 8 - 1] != pattern_check(s->run, h->index) ||
	    w[mid] != pattern_word(s->run, h->index, mid) ||
	    h->index > (1ull << 40)) {
		s->corrupt++;
		return 0;
	}
	if (h->phys != phys) {
		s->misplaced++;
		return 0;
	}
	return mark_found(s, h->index) == 0;
}

/* Pages of one PT_LOAD that lie wholly inside it: returns pages found or -1. */
static long scan_load(int fd, const Elf64_Phdr *ph, struct scan *s)
{
	uint64_t first = (ph->p_paddr + PATTERN_PAGE - 1) & ~(uint64_t)(PATTERN_PAGE - 1);
	uint64_t end = (ph->p_paddr + ph->p_filesz) & ~(uint64_t)(PATTERN_PAGE - 1);
	uint64_t off, len, before = s->found;
	volatile uint64_t p;
	unsigned char *map;

	if (end <= first)
		return 0;
	off = ph->p_offset + (first - ph->p_paddr);
	len = end - first;
	if (off % PATTERN_PAGE) {	/* unaligned dump layout: page by page */
		unsigned char page[PATTERN_PAGE];

		for (p = first; p < end; p += PATTERN_PAGE) {
			if (read_all(fd, page, PATTERN_PAGE, (off_t)(off + (p - first))))
				return -1;
			check_page(s, page, p);
		}
		return (long)(s->found - before);
	}
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, (off_t)off);
	if (map == MAP_FAILED)
		return -1;
	if (sigsetjmp(bus_jump, 1)) {
		munmap(map, len);
		return -1;
	}
	for (p = first; p < end; p += PATTERN_PAGE)
		check_page(s, map + (p - first), p);
	munmap(map, len);
	return (long)(s->found - before);
}

static int write_bitmap(const char *path, const struct scan *s)
{
	FILE *f = fopen(path, "w");
	size_t len = s->found ? s->max_index / 8 + 1 : 0;

	if (!f || fwrite(s->bitmap, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "vmcore-check: write %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = "/proc/vmcore", *bitmap = NULL;
	struct scan s = { 0 };
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	size_t n;
	unsigned read_errors = 0;
	int fd, err, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--run") && i + 1 < argc)
			s.run = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--bitmap") && i + 1 < argc)
			bitmap = argv[++i];
		else if (argv[i][0] != '-')
			path = argv[i];
		else {
			fprintf(stderr, "usage: vmcore-check [--run RUN] [--bitmap FILE] [VMCORE]\n");
			return 2;
		}
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "vmcore-check: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	err = read_all(fd, &eh, sizeof(eh), 0);
	if (err || memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_type != ET_CORE || eh.e_phentsize != sizeof(Elf64_Phdr)) {
		fprintf(stderr, "vmcore-check: %s: not an ELF64 core file\n", path);
		return 1;
	}
	err = read_phdrs(fd, &eh, &ph, &n);
	if (err) {
		fprintf(stderr, "vmcore-check: program headers: %s\n", strerror(-err));
		return 1;
	}
	printf("elf machine=%u phnum=%zu\n", eh.e_machine, n);
	count_notes(fd, ph, n);
	signal(SIGBUS, on_sigbus);
	for (size_t k = 0; k < n; k++) {
		const char *st;
		long found = 0;

		if (ph[k].p_type != PT_LOAD)
			continue;
		st = probe_load(fd, &ph[k]);
		if (strcmp(st, "ok"))
			read_errors++;
		else if (s.run && (found = scan_load(fd, &ph[k], &s)) < 0) {
			st = "error:scan";
			read_errors++;
		}
		printf("load paddr=0x%" PRIx64 " size=0x%" PRIx64 " read=%s found=%ld\n",
		       ph[k].p_paddr, ph[k].p_filesz, st, found < 0 ? 0 : found);
	}
	if (s.run)
		printf("pattern run=%" PRIu64 " found=%" PRIu64 " misplaced=%" PRIu64
		       " corrupt=%" PRIu64 " duplicate=%" PRIu64 " max_index=%" PRIu64 "\n",
		       s.run, s.found, s.misplaced, s.corrupt, s.duplicate, s.max_index);
	printf("read_errors %u\n", read_errors);
	if (bitmap && write_bitmap(bitmap, &s))
		return 1;
	return 0;
}
