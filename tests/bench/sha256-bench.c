// SPDX-License-Identifier: GPL-2.0-only
/*
 * sha256-bench.c - SHA-256 throughput of the loader's build of lib/:
 * hashes 64 MiB (best of 5) with the portable block function and each of
 * the SSSE3, AVX2 and SHA-NI ones the CPU has, one line each.  Also times
 * sha256_update_zeros (zero runs, as in padded segments).  Process CPU
 * time, not wall time: the figures then compare with `openssl speed`'s
 * (sha256-openssl.sh) and suffer less from a busy machine.  Prints figures
 * only; never fails on speed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sha256.h"

#define BENCH_LEN	(64u << 20)
#define BENCH_RUNS	5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Best-of-N seconds to hash BENCH_LEN bytes (buf, or zeros when buf is NULL). */
static double best_time(sha256_blocks_fn *blocks, const uint8_t *buf)
{
	double best = 1e9;
	int run;

	for (run = 0; run < BENCH_RUNS; run++) {
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];
		double t0 = now(), t;

		sha256_init_with(&ctx, blocks);
		if (buf)
			sha256_update(&ctx, buf, BENCH_LEN);
		else
			sha256_update_zeros(&ctx, BENCH_LEN);
		sha256_final(&ctx, d);
		t = now() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

static void report(const char *name, sha256_blocks_fn *blocks, const uint8_t *buf)
{
	double t = best_time(blocks, buf);

	printf("sha256 %s: %.1f MB/s (%u MiB, best of %d)\n", name,
	       BENCH_LEN / t / 1e6, BENCH_LEN >> 20, BENCH_RUNS);
}

int main(void)
{
	uint8_t *buf = malloc(BENCH_LEN);
	size_t i;

	if (!buf) {
		fprintf(stderr, "sha256-bench: cannot allocate %u MiB\n", BENCH_LEN >> 20);
		return 1;
	}
	for (i = 0; i < BENCH_LEN; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);

	report("generic", sha256_blocks_generic, buf);
#ifdef __x86_64__
	if (sha256_have_ssse3())
		report("ssse3", sha256_blocks_ssse3, buf);
	else
		printf("sha256 ssse3: unavailable on this CPU\n");
	if (sha256_have_avx2())
		report("avx2", sha256_blocks_avx2, buf);
	else
		printf("sha256 avx2: unavailable on this CPU\n");
	if (sha256_have_shani()) {
		report("sha-ni", sha256_blocks_shani, buf);
		report("sha-ni update_zeros", sha256_blocks_shani, NULL);
	} else
#endif
		printf("sha256 sha-ni: unavailable on this CPU\n");
	report("generic update_zeros", sha256_blocks_generic, NULL);
	free(buf);
	return 0;
}
