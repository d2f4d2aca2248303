// SPDX-License-Identifier: GPL-2.0-only
/*
 * purgatory-sha256-bench.c - how fast the x86_64 purgatory hashes at crash
 * time: relocates the blob embedded in libkexec.a for a fixed address,
 * maps it there and times the purgatory's own purgatory_verify (the
 * freestanding builds of lib/sha256.c, lib/sha256-simd.c and
 * lib/sha256-shani.c, block function chosen by the parameter block's
 * flags) over 64 MiB in 4 regions, best of 5, on the portable path and
 * each of SSSE3, AVX2 and SHA-NI the CPU has.  CPU time, as in
 * sha256-bench.c.  One line each; never fails on speed.  On builds
 * without an x86_64 purgatory, or on other hosts, it says so and exits 0.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "arch/x86_64/purgatory.h"
#include "arch/x86_64/purgatory-internal.h"
#include "purgatory-x86_64.h"
#include "sha256.h"

#define BENCH_LEN	(64u << 20)
#define BENCH_REGIONS	4
#define BENCH_RUNS	5
#define BENCH_ADDR	0x5b5b000000ULL

#if defined(HAVE_X86_64_PURGATORY_BLOB) && defined(__x86_64__) && defined(MAP_FIXED_NOREPLACE)

typedef int (*pg_verify_fn)(const struct purgatory_x86_64_params *, uint8_t *);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fill_params(struct x86_purgatory_params *p, const uint8_t *data)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->nr_regions = BENCH_REGIONS;
	for (i = 0; i < BENCH_REGIONS; i++) {
		p->regions[i].start = (uintptr_t)data + (uint64_t)i * (BENCH_LEN / BENCH_REGIONS);
		p->regions[i].len = BENCH_LEN / BENCH_REGIONS;
	}
}

static const struct {
	const char *name;
	uint32_t flag;
	int (*have)(void);
} paths[] = {
	{ "portable, no SSE", 0, NULL },
	{ "SSSE3", PURGATORY_X86_64_FLAG_SSSE3, sha256_have_ssse3 },
	{ "AVX2", PURGATORY_X86_64_FLAG_AVX2, sha256_have_avx2 },
	{ "SHA-NI", PURGATORY_X86_64_FLAG_SHANI, sha256_have_shani },
};

static int bench(struct x86_purgatory *pg, uint8_t *data)
{
	struct x86_purgatory_params p;
	uint64_t voff, poff;
	struct purgatory_x86_64_params *params;
	pg_verify_fn verify;
	double best;
	unsigned int path;
	uint8_t got[32];
	void *m;
	int run;

	fill_params(&p, data);
	if (x86_purgatory_relocate(pg, BENCH_ADDR) || x86_purgatory_set_params(pg, &p) ||
	    x86_purgatory_symbol_offset(pg, "purgatory_verify", &voff) ||
	    x86_purgatory_symbol_offset(pg, PURGATORY_X86_64_PARAMS_SYM, &poff))
		return 1;
	m = mmap((void *)(uintptr_t)BENCH_ADDR, pg->memsz, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (m == MAP_FAILED) {
		printf("purgatory sha256: cannot map 0x%llx, skipped\n",
		       (unsigned long long)BENCH_ADDR);
		return 0;
	}
	memcpy(m, pg->buf, pg->bufsz);
	verify = (pg_verify_fn)(uintptr_t)(BENCH_ADDR + voff);
	params = (struct purgatory_x86_64_params *)(uintptr_t)(BENCH_ADDR + poff);
	for (path = 0; path < sizeof(paths) / sizeof(paths[0]); path++) {
		if (paths[path].have && !paths[path].have()) {
			printf("purgatory sha256 (%s): unavailable on this CPU\n", paths[path].name);
			continue;
		}
		params->flags = paths[path].flag;
		best = 1e9;
		for (run = 0; run < BENCH_RUNS; run++) {
			double t0 = now(), t;

			verify(params, got);
			t = now() - t0;
			if (t < best)
				best = t;
		}
		printf("purgatory sha256 (%s): %.1f MB/s (%u MiB, best of %d)\n",
		       paths[path].name,
		       BENCH_LEN / best / 1e6, BENCH_LEN >> 20, BENCH_RUNS);
	}
	munmap(m, pg->memsz);
	return 0;
}

int main(void)
{
	struct x86_purgatory pg;
	uint8_t *data = malloc(BENCH_LEN);
	size_t i;
	int rc;

	if (!data)
		return 1;
	for (i = 0; i < BENCH_LEN; i++)
		data[i] = (uint8_t)(i * 2654435761u >> 24);
	if (x86_purgatory_open(&pg))
		return 1;
	rc = bench(&pg, data);
	x86_purgatory_close(&pg, 0);
	free(data);
	return rc;
}

#else

int main(void)
{
	puts("purgatory sha256: no x86_64 purgatory runs in this build, skipped");
	return 0;
}

#endif
