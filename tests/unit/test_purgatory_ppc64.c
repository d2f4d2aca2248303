// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_purgatory_ppc64.c - the ppc64 purgatory on the host: its crash-time
 * decisions (purgatory/ppc64le/verify.c, compiled natively here: digest
 * match and mismatch, boot CPU into the FDT header) and, when this build
 * embeds the blob, the loader's view of it (one PIE image with its head at
 * the entry, no relocation to apply, the parameter block serialised at
 * the documented offsets) and the refusal of images that are not one.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "arch/ppc64le/purgatory.h"
#include "ppc64_fake.h"
#include "purgatory-ppc64.h"
#include "sha256.h"

#include "../../purgatory/ppc64le/verify.c"

static unsigned char data_a[5000], data_b[300];

static void fill_params(struct purgatory_ppc64_params *p)
{
	struct sha256_ctx c;

	for (size_t i = 0; i < sizeof(data_a); i++)
		data_a[i] = (unsigned char)(i * 13);
	memset(data_b, 0xab, sizeof(data_b));
	memset(p, 0, sizeof(*p));
	p->nr_regions = 2;
	p->regions[0] = (struct purgatory_ppc64_region){ (uintptr_t)data_a, sizeof(data_a) };
	p->regions[1] = (struct purgatory_ppc64_region){ (uintptr_t)data_b, sizeof(data_b) };
	sha256_init(&c);
	sha256_update(&c, data_a, sizeof(data_a));
	sha256_update(&c, data_b, sizeof(data_b));
	sha256_final(&c, p->digest);
}

START_TEST(verify_match_and_mismatch)
{
	struct purgatory_ppc64_params p;
	uint8_t out[32];

	fill_params(&p);
	ck_assert_int_eq(purgatory_ppc64_verify(&p, out), 0);
	ck_assert_mem_eq(out, p.digest, 32);
	data_b[299] ^= 1;
	ck_assert_int_eq(purgatory_ppc64_verify(&p, out), 1);
	data_b[299] ^= 1;
	p.nr_regions = 1000;	/* clamped to 16; zero entries hash nothing */
	ck_assert_int_eq(purgatory_ppc64_verify(&p, out), 0);
}
END_TEST

START_TEST(boot_cpu_into_fdt_header)
{
	unsigned char fdt[40] = { 0 };

	purgatory_ppc64_set_boot_cpu(fdt, 0x01020304);
	ck_assert_mem_eq(fdt + 28, "\x01\x02\x03\x04", 4);
	ck_assert_uint_eq(fdt[27], 0);
	ck_assert_uint_eq(fdt[32], 0);
}
END_TEST

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

START_TEST(embedded_blob)
{
	struct ppc64_purgatory pg;
	struct ppc64_purgatory_params par = {
		.kernel = 0x20000000, .fdt = 0x3ff70000, .backup_dst = 0x228a0000,
		.backup_size = 0x10000, .skip_checks = 1, .nr_regions = 1,
		.regions = { { 0x20000000, 0x1234 } }, .opal_entry = 0x77,
	};
	unsigned char kernel[0x100];
	const unsigned char *b;
	int ret = ppc64_purgatory_open(&pg);

#ifndef HAVE_PPC64LE_PURGATORY_BLOB
	ck_assert_int_eq(ret, -ENOTSUP);
	printf("note: no ppc64le purgatory in this build: blob checks skipped\n");
	return;
#endif
	ck_assert_int_eq(ret, 0);
	ck_assert(!pg.big_endian);
	ck_assert_uint_eq(pg.entry_off, 0);
	ck_assert_uint_eq(pg.nr_relative, 0);	/* position-independent */
	ck_assert_uint_ge(pg.memsz, pg.bufsz + 16384);	/* bss stack */
	ck_assert_uint_eq(pg.memsz % 0x10000, 0);
	ck_assert_uint_ge(pg.params_off, PURGATORY_PPC64_HEAD_SIZE);
	b = pg.buf;
	ck_assert_uint_eq(b[3] & 0xfc, 0x48);	/* b master_start */
	memset(kernel, 0xee, sizeof(kernel));
	ck_assert_int_eq(ppc64_purgatory_set_head(&pg, kernel, sizeof(kernel)), 0);
	ck_assert_uint_eq(b[3] & 0xfc, 0x48);
	ck_assert_uint_eq(b[4], 0xee);
	ck_assert_uint_eq(b[0xff], 0xee);
	ck_assert_int_ne(ppc64_purgatory_set_head(&pg, kernel, 0x80), 0);
	memcpy(par.digest, "0123456789abcdef0123456789abcdef", 32);
	ck_assert_int_eq(ppc64_purgatory_set_params(&pg, &par), 0);
	b = pg.buf + pg.params_off;
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_KERNEL), 0x20000000);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_FDT), 0x3ff70000);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_BACKUP_DST), 0x228a0000);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_BACKUP_SIZE), 0x10000);
	ck_assert_uint_eq(b[PURGATORY_PPC64_OFF_SKIP_CHECKS], 1);
	ck_assert_uint_eq(b[PURGATORY_PPC64_OFF_NR_REGIONS], 1);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_REGIONS + 8), 0x1234);
	ck_assert_mem_eq(b + PURGATORY_PPC64_OFF_DIGEST, "0123456789abcdef", 16);
	ck_assert_uint_eq(le64(b + PURGATORY_PPC64_OFF_OPAL_ENTRY), 0x77);
	par.nr_regions = 17;
	ck_assert_int_ne(ppc64_purgatory_set_params(&pg, &par), 0);
	ppc64_purgatory_close(&pg, false);
}
END_TEST

/* A vmlinux is a ppc64 ELF, but no purgatory: no purgatory_params. */
START_TEST(foreign_images_refused)
{
	struct ppc64_purgatory pg;
	size_t size;
	unsigned char *k = fake_vmlinux(&size);

	ck_assert_int_eq(ppc64_purgatory_open_image(&pg, k, size), -EINVAL);
	((Elf64_Ehdr *)k)->e_machine = EM_X86_64;
	ck_assert_int_eq(ppc64_purgatory_open_image(&pg, k, size), -EINVAL);
	ck_assert_int_eq(ppc64_purgatory_open_image(&pg, "junk", 4), -EINVAL);
	free(k);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ppc64 purgatory");
	TCase *tc = tcase_create("purgatory");

	tcase_add_test(tc, verify_match_and_mismatch);
	tcase_add_test(tc, boot_cpu_into_fdt_header);
	tcase_add_test(tc, embedded_blob);
	tcase_add_test(tc, foreign_images_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(suite());
}
