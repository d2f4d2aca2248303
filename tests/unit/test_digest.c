// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_digest.c - the purgatory digest: value checked against sha256sum(1)
 * over the concatenation of the covered buffers in address order, region
 * table contents, and what changes (or does not) when segment bytes change.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "digest.h"

#define PG 4096

static void *filled(int c, size_t n)
{
	void *b = malloc(n);

	memset(b, c, n);
	return b;
}

/* Segments deliberately added out of address order. */
static void tiny_plan(struct plan *p)
{
	plan_init(p, "x86_64");
	ck_assert_int_eq(plan_add_segment(p, SEG_INITRD, filled('b', 3000), 3000,
					  0x300000, PG, true), 0);
	ck_assert_int_eq(plan_add_segment(p, SEG_PURGATORY, filled('p', 100), 100,
					  0x200000, PG, false), 0);
	ck_assert_int_eq(plan_add_segment(p, SEG_KERNEL, filled('a', 5000), 5000,
					  0x100000, 2 * PG, true), 0);
	ck_assert_int_eq(plan_add_segment(p, SEG_ELFCOREHDR, filled('e', 64), 64,
					  0x400000, PG, false), 0);
}

/* sha256sum of 5000 'a' followed by 3000 'b', as hex. */
static void reference_hex(char hex[65])
{
	char path[] = "/tmp/test_digest_XXXXXX", cmd[128];
	int fd = mkstemp(path);
	void *a = filled('a', 5000), *b = filled('b', 3000);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, a, 5000), 5000);
	ck_assert_int_eq(write(fd, b, 3000), 3000);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%64s", hex), 1);
	pclose(f);
	unlink(path);
	free(a);
	free(b);
}

static void to_hex(const uint8_t *d, char hex[65])
{
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

START_TEST(known_digest_and_regions)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	char want[65], got[65];
	unsigned int n = 99;
	struct plan p;

	tiny_plan(&p);
	memset(reg, 0xff, sizeof(reg));
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert(p.has_digest);
	reference_hex(want);
	to_hex(p.digest, got);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(reg[0].start, 0x100000);
	ck_assert_uint_eq(reg[0].len, 5000);
	ck_assert_uint_eq(reg[1].start, 0x300000);
	ck_assert_uint_eq(reg[1].len, 3000);
	ck_assert_uint_eq(reg[2].start, 0);
	ck_assert_uint_eq(reg[15].len, 0);
	plan_free(&p);
}
END_TEST

START_TEST(excluded_segments_do_not_matter)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	uint8_t before[SHA256_DIGEST_SIZE];
	unsigned int n;
	struct plan p;

	tiny_plan(&p);
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	memcpy(before, p.digest, sizeof(before));
	memset(plan_find(&p, SEG_PURGATORY)->buf, 'X', 100);
	memset(plan_find(&p, SEG_ELFCOREHDR)->buf, 'Y', 64);
	plan_find(&p, SEG_ELFCOREHDR)->bufsz = 10;
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert_mem_eq(before, p.digest, sizeof(before));
	plan_free(&p);
}
END_TEST

START_TEST(included_segment_changes_digest)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	uint8_t before[SHA256_DIGEST_SIZE];
	unsigned int n;
	struct plan p;

	tiny_plan(&p);
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	memcpy(before, p.digest, sizeof(before));
	((char *)plan_find(&p, SEG_INITRD)->buf)[2999] ^= 1;
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert_mem_ne(before, p.digest, sizeof(before));
	plan_free(&p);
}
END_TEST

START_TEST(zero_fill_not_hashed)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	uint8_t before[SHA256_DIGEST_SIZE];
	unsigned int n;
	struct plan p;

	tiny_plan(&p);
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	memcpy(before, p.digest, sizeof(before));
	plan_find(&p, SEG_KERNEL)->memsz = 64 * PG;	/* more zero fill only */
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert_mem_eq(before, p.digest, sizeof(before));
	plan_free(&p);
}
END_TEST

START_TEST(inclusion_flag_changes_digest)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	uint8_t before[SHA256_DIGEST_SIZE];
	unsigned int n;
	struct plan p;

	tiny_plan(&p);
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	memcpy(before, p.digest, sizeof(before));
	plan_find(&p, SEG_ELFCOREHDR)->in_digest = true;
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(reg[2].start, 0x400000);
	ck_assert_mem_ne(before, p.digest, sizeof(before));
	plan_free(&p);
}
END_TEST

START_TEST(empty_plan)
{
	struct digest_region reg[KEXEC_SEGMENT_MAX];
	static const char empty[] =
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char got[65];
	unsigned int n;
	struct plan p;

	plan_init(&p, "x86_64");
	ck_assert_int_eq(digest_compute(&p, reg, &n), 0);
	ck_assert_uint_eq(n, 0);
	to_hex(p.digest, got);
	ck_assert_str_eq(got, empty);
	plan_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tcase_create("digest");

	tcase_add_test(tc, known_digest_and_regions);
	tcase_add_test(tc, excluded_segments_do_not_matter);
	tcase_add_test(tc, included_segment_changes_digest);
	tcase_add_test(tc, zero_fill_not_hashed);
	tcase_add_test(tc, inclusion_flag_changes_digest);
	tcase_add_test(tc, empty_plan);
	suite_add_tcase(s, tc);
	return check_run(s);
}
