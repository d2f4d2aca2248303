// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_sha256.c - unit tests for lib/sha256.c, lib/sha256-shani.c,
 * lib/sha256-simd.c and lib/sha256-pick.c: FIPS 180-4 vectors, split
 * updates, update_zeros, every length 0..300 from every alignment, and
 * large random inputs checked against each other and against the system
 * sha256sum, on the portable path, (when the CPU has them) the SSSE3, AVX2
 * and SHA-NI paths and the loader's default; and which block function
 * init installs.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "sha256.h"

enum { PATH_GENERIC, PATH_SHANI, PATH_SSSE3, PATH_AVX2, PATH_DEFAULT, NPATHS };

static const char *const path_name[NPATHS] = {
	"generic", "sha-ni", "ssse3", "avx2", "default"
};

/* The block function of an x86_64 path, or NULL when this CPU lacks it. */
static sha256_blocks_fn *path_blocks(int path)
{
#ifdef __x86_64__
	switch (path) {
	case PATH_SHANI:
		return sha256_have_shani() ? sha256_blocks_shani : NULL;
	case PATH_SSSE3:
		return sha256_have_ssse3() ? sha256_blocks_ssse3 : NULL;
	case PATH_AVX2:
		return sha256_have_avx2() ? sha256_blocks_avx2 : NULL;
	}
#else
	(void)path;
#endif
	return NULL;
}

/* Start ctx on one path; returns 0 when that path is unavailable here. */
static int start(struct sha256_ctx *ctx, int path)
{
	switch (path) {
	case PATH_GENERIC:
		sha256_init_generic(ctx);
		return 1;
	case PATH_DEFAULT:
		sha256_init(ctx);
		return 1;
	default:
		if (!path_blocks(path))
			return 0;
		sha256_init_with(ctx, path_blocks(path));
		return 1;
	}
}

static void to_hex(const uint8_t d[SHA256_DIGEST_SIZE], char hex[2 * SHA256_DIGEST_SIZE + 1])
{
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

/* One-shot digest of buf on a path, as hex. */
static void hash_hex(int path, const void *buf, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	start(&ctx, path);
	sha256_update(&ctx, buf, len);
	sha256_final(&ctx, d);
	to_hex(d, hex);
}

/* Deterministic filler: xorshift64*, fixed seed. */
static void fill_random(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t x = seed;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		buf[i] = (uint8_t)((x * 0x2545f4914f6cdd1dULL) >> 56);
	}
}

/* ---- FIPS 180-4 example messages ------------------------------------ */

static const struct {
	const char *msg;
	const char *digest;
} fips[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

START_TEST(test_fips_vectors)
{
	int path = _i;
	struct sha256_ctx ctx;
	char hex[65];
	size_t k;

	if (!start(&ctx, path))
		return;
	for (k = 0; k < sizeof(fips) / sizeof(fips[0]); k++) {
		hash_hex(path, fips[k].msg, strlen(fips[k].msg), hex);
		ck_assert_msg(!strcmp(hex, fips[k].digest), "%s: \"%s\" gave %s",
			      path_name[path], fips[k].msg, hex);
	}
}
END_TEST

START_TEST(test_million_a)
{
	int path = _i;
	struct sha256_ctx ctx;
	uint8_t chunk[1000], d[SHA256_DIGEST_SIZE];
	char hex[65];
	int k;

	if (!start(&ctx, path))
		return;
	memset(chunk, 'a', sizeof(chunk));
	for (k = 0; k < 1000; k++)
		sha256_update(&ctx, chunk, sizeof(chunk));
	sha256_final(&ctx, d);
	to_hex(d, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* ---- buffering ------------------------------------------------------- */

START_TEST(test_split_updates)
{
	int path = _i;
	struct sha256_ctx ctx;
	uint8_t msg[200], d[SHA256_DIGEST_SIZE];
	char whole[65], hex[65];
	size_t len, k, j;

	if (!start(&ctx, path))
		return;
	fill_random(msg, sizeof(msg), 1);
	for (len = 0; len <= sizeof(msg); len += 67) {
		hash_hex(path, msg, len, whole);
		for (k = 0; k <= 130 && k <= len; k++) {
			start(&ctx, path);
			sha256_update(&ctx, msg, k);
			sha256_update(&ctx, msg + k, len - k);
			sha256_final(&ctx, d);
			to_hex(d, hex);
			ck_assert_msg(!strcmp(hex, whole), "%s: len %zu split at %zu",
				      path_name[path], len, k);
		}
	}
	/* byte at a time */
	start(&ctx, path);
	for (j = 0; j < sizeof(msg); j++)
		sha256_update(&ctx, msg + j, 1);
	sha256_final(&ctx, d);
	to_hex(d, hex);
	hash_hex(path, msg, sizeof(msg), whole);
	ck_assert_str_eq(hex, whole);
}
END_TEST

START_TEST(test_update_zeros)
{
	static const size_t prefixes[] = { 0, 1, 55, 63, 64, 65, 127 };
	/* a trailing byte after the zeros checks that count and buffer agree */
	static const size_t zeros[] = { 0, 1, 8, 55, 56, 63, 64, 65, 511, 512, 513,
					4096 + 17, (1 << 20) + 3 };
	int path = _i;
	struct sha256_ctx ctx;
	uint8_t *buf, d[SHA256_DIGEST_SIZE];
	char hex[65], want[65];
	size_t p, z;

	if (!start(&ctx, path))
		return;
	buf = malloc(127 + (1 << 20) + 3 + 1);
	ck_assert_ptr_nonnull(buf);
	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		for (z = 0; z < sizeof(zeros) / sizeof(zeros[0]); z++) {
			size_t np = prefixes[p], nz = zeros[z];

			fill_random(buf, np, 7);
			memset(buf + np, 0, nz);
			buf[np + nz] = 'x';
			hash_hex(path, buf, np + nz + 1, want);
			start(&ctx, path);
			sha256_update(&ctx, buf, np);
			sha256_update_zeros(&ctx, nz);
			sha256_update(&ctx, "x", 1);
			sha256_final(&ctx, d);
			to_hex(d, hex);
			ck_assert_msg(!strcmp(hex, want), "%s: %zu bytes then %zu zeros",
				      path_name[path], np, nz);
		}
	}
	free(buf);
}
END_TEST

/*
 * Every length 0..300 (every padding case, up to four blocks and a tail)
 * from every offset 0..31 of a buffer, against the portable path: the
 * vector loads are unaligned and the AVX2 path pairs blocks (odd and even
 * block counts both occur).
 */
START_TEST(test_lengths_and_alignments)
{
	int path = _i;
	uint8_t buf[300 + 32];
	char hex[65], want[65];
	size_t len, off;
	struct sha256_ctx ctx;

	if (!start(&ctx, path))
		return;
	fill_random(buf, sizeof(buf), 3);
	for (off = 0; off < 32; off++) {
		for (len = 0; len <= 300; len++) {
			hash_hex(PATH_GENERIC, buf + off, len, want);
			hash_hex(path, buf + off, len, hex);
			ck_assert_msg(!strcmp(hex, want), "%s: %zu bytes at offset %zu",
				      path_name[path], len, off);
		}
	}
}
END_TEST

/* Multi-block calls: 1 MiB + 3 random bytes, fed in odd-sized pieces. */
START_TEST(test_big_pieces_vs_generic)
{
	static const size_t pieces[] = { 1, 64, 127, 128, 192, 4095, 65536 + 64 * 7 };
	const size_t len = (1u << 20) + 3;
	int path = _i;
	uint8_t *buf = malloc(len + 1), d[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	char hex[65], want[65];
	size_t at, k = 0;

	ck_assert_ptr_nonnull(buf);
	if (!start(&ctx, path))
		goto out;
	fill_random(buf, len + 1, 0xb16b00b5ULL);
	hash_hex(PATH_GENERIC, buf + 1, len, want);
	for (at = 0; at < len; k++) {
		size_t n = pieces[k % (sizeof(pieces) / sizeof(pieces[0]))];

		if (n > len - at)
			n = len - at;
		sha256_update(&ctx, buf + 1 + at, n);
		at += n;
	}
	sha256_final(&ctx, d);
	to_hex(d, hex);
	ck_assert_msg(!strcmp(hex, want), "%s: %s, generic %s", path_name[path], hex, want);
out:
	free(buf);
}
END_TEST

START_TEST(test_init_picks_fastest)
{
	struct sha256_ctx ctx;
	sha256_blocks_fn *want = sha256_blocks_generic;

#ifdef __x86_64__
	if (sha256_have_shani())
		want = sha256_blocks_shani;
	else if (sha256_have_avx2())
		want = sha256_blocks_avx2;
	else if (sha256_have_ssse3())
		want = sha256_blocks_ssse3;
#else
	ck_assert_int_eq(sha256_have_shani(), 0);
	ck_assert_int_eq(sha256_have_ssse3(), 0);
	ck_assert_int_eq(sha256_have_avx2(), 0);
#endif
	ck_assert(sha256_blocks_fastest() == want);
	sha256_init(&ctx);
	ck_assert(ctx.blocks == want);
	sha256_init_generic(&ctx);
	ck_assert(ctx.blocks == sha256_blocks_generic);
}
END_TEST

/* init_with installs exactly the block function it is given. */
static unsigned int counted_blocks;

static void counting_blocks(uint32_t state[8], const uint8_t *data, size_t nblocks)
{
	counted_blocks += nblocks;
	sha256_blocks_generic(state, data, nblocks);
}

START_TEST(test_init_with_uses_given_blocks)
{
	static const uint8_t data[3 * SHA256_BLOCK_SIZE + 5];
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE], ref[SHA256_DIGEST_SIZE];

	counted_blocks = 0;
	sha256_init_with(&ctx, counting_blocks);
	ck_assert(ctx.blocks == counting_blocks);
	sha256_update(&ctx, data, sizeof(data));
	sha256_final(&ctx, d);
	ck_assert_uint_eq(counted_blocks, 4);	/* 3 full, 1 with the padding */
	sha256_init_generic(&ctx);
	sha256_update(&ctx, data, sizeof(data));
	sha256_final(&ctx, ref);
	ck_assert(!memcmp(d, ref, sizeof(d)));
}
END_TEST

/* ---- large random input, against the system sha256sum --------------- */

#define BIG_LEN ((8u << 20) + 13)

/* Digest of buf by the sha256sum command; 0 on success. */
static int system_sha256(const uint8_t *buf, size_t len, char hex[65])
{
	char tmpl[] = "/tmp/test_sha256.XXXXXX", cmd[64];
	FILE *f = NULL, *p;
	int fd, ok = 0;

	fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (f && fwrite(buf, 1, len, f) == len && fclose(f) == 0) {
		snprintf(cmd, sizeof(cmd), "sha256sum %s", tmpl);
		p = popen(cmd, "r");
		if (p) {
			ok = fscanf(p, "%64s", hex) == 1 && strlen(hex) == 64;
			ok = (pclose(p) == 0) && ok;
		}
	} else if (f) {
		fclose(f);
	} else {
		close(fd);
	}
	unlink(tmpl);
	return ok ? 0 : -1;
}

START_TEST(test_big_random_vs_sha256sum)
{
	uint8_t *buf = malloc(BIG_LEN);
	char sys[65], gen[65], hex[65], dflt[65];
	int path;

	ck_assert_ptr_nonnull(buf);
	fill_random(buf, BIG_LEN, 0x5eed5eedULL);
	ck_assert_msg(system_sha256(buf, BIG_LEN, sys) == 0,
		      "could not run sha256sum (coreutils) on a temporary file");
	hash_hex(PATH_GENERIC, buf, BIG_LEN, gen);
	ck_assert_msg(!strcmp(gen, sys), "generic %s, sha256sum %s", gen, sys);
	hash_hex(PATH_DEFAULT, buf, BIG_LEN, dflt);
	ck_assert_msg(!strcmp(dflt, sys), "default %s, sha256sum %s", dflt, sys);
	for (path = PATH_SHANI; path <= PATH_AVX2; path++) {
		if (!path_blocks(path))
			continue;
		hash_hex(path, buf, BIG_LEN, hex);
		ck_assert_msg(!strcmp(hex, sys), "%s %s, sha256sum %s", path_name[path], hex, sys);
	}
	free(buf);
}
END_TEST

static Suite *sha256_suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("vectors");
	TCase *big = tcase_create("big");

	tcase_add_loop_test(tc, test_fips_vectors, 0, NPATHS);
	tcase_add_loop_test(tc, test_million_a, 0, NPATHS);
	tcase_add_loop_test(tc, test_split_updates, 0, NPATHS);
	tcase_add_loop_test(tc, test_update_zeros, 0, NPATHS);
	tcase_add_loop_test(tc, test_lengths_and_alignments, 0, NPATHS);
	tcase_add_loop_test(tc, test_big_pieces_vs_generic, 0, NPATHS);
	tcase_add_test(tc, test_init_picks_fastest);
	tcase_add_test(tc, test_init_with_uses_given_blocks);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tcase_add_test(big, test_big_random_vs_sha256sum);
	tcase_set_timeout(big, 120);
	suite_add_tcase(s, big);
	return s;
}

int main(void)
{
	int path;

	for (path = PATH_SHANI; path <= PATH_AVX2; path++)
		if (!path_blocks(path))
			printf("test_sha256: no %s on this CPU, that path is not tested\n",
			       path_name[path]);
	return check_run(sha256_suite());
}
