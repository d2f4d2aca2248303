// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_bzimage.c - the x86 bzImage probe: acceptance of a synthetic image,
 * one specific reason per rejected rule, truncation at every length,
 * random bytes and a text file.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "arch/x86_64/bzimage.h"
#include "arch/x86_64/formats.h"
#include "arch/x86_64/kimage.h"
#include "x86_fake_bzimage.h"

static char why[KIMAGE_WHY_MAX];

static int probe(const struct fake_bzimage *f, struct kernel_image *img)
{
	why[0] = 0;
	return x86_bzimage64_ops.probe(f->data, f->size, img, why, sizeof(why));
}

/* Apply one change, expect a rejection whose reason contains text. */
static void expect_reject(void (*change)(unsigned char *), const char *text)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	struct kernel_image img;

	change(f.data);
	ck_assert_int_eq(probe(&f, &img), -ENOEXEC);
	ck_assert_msg(strstr(why, text), "reason \"%s\" lacks \"%s\"", why, text);
	free(f.data);
}

START_TEST(accepts_valid_image)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	struct kernel_image img;

	ck_assert_int_eq(probe(&f, &img), 0);
	ck_assert_uint_eq(img.setup_sects, FAKE_SETUP_SECTS);
	ck_assert_uint_eq(img.setup_size, FAKE_SETUP_SIZE);
	ck_assert_ptr_eq(img.payload, f.data + FAKE_SETUP_SIZE);
	ck_assert_uint_eq(img.payload_size, FAKE_PAYLOAD);
	ck_assert_uint_eq(img.version, 0x020f);
	ck_assert_uint_eq(img.kernel_alignment, FAKE_ALIGN);
	ck_assert_uint_eq(img.cmdline_size, FAKE_CMDLINE_SIZE);
	ck_assert_uint_eq(img.init_size, FAKE_INIT_SIZE);
	ck_assert_uint_eq(img.pref_address, 0x1000000);
	ck_assert_uint_eq(img.hdr_end, 0x26c);
	ck_assert_uint_eq(kimage_memsz(&img), FAKE_INIT_SIZE);
	ck_assert_uint_eq(kimage_align(&img), FAKE_ALIGN);
	free(f.data);
}
END_TEST

START_TEST(memsz_covers_payload_larger_than_init_size)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD + 100);
	struct kernel_image img;

	put_le32(f.data + HDR_INIT_SIZE, 4096);
	ck_assert_int_eq(probe(&f, &img), 0);
	ck_assert_uint_eq(kimage_memsz(&img), 0x11000);
	free(f.data);
}
END_TEST

START_TEST(setup_sects_zero_means_four)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	struct kernel_image img;

	f.data[HDR_SETUP_SECTS] = 0;
	ck_assert_int_eq(probe(&f, &img), 0);
	ck_assert_uint_eq(img.setup_sects, 4);
	ck_assert_uint_eq(img.setup_size, 5 * 512);
	free(f.data);
}
END_TEST

static void no_boot_flag(unsigned char *d) { d[HDR_BOOT_FLAG] = 0; }
static void no_hdrs(unsigned char *d) { d[HDR_MAGIC + 3] = 'Z'; }
static void old_version(unsigned char *d) { put_le16(d + HDR_VERSION, 0x020a); }
static void no_loaded_high(unsigned char *d) { d[HDR_LOADFLAGS] = 0; }
static void no_kernel64(unsigned char *d) { put_le16(d + HDR_XLOADFLAGS, 0x7e); }
static void no_above4g(unsigned char *d) { put_le16(d + HDR_XLOADFLAGS, 0x7d); }
static void not_reloc(unsigned char *d) { d[HDR_RELOCATABLE] = 0; }
static void bad_align(unsigned char *d) { put_le32(d + HDR_KERNEL_ALIGNMENT, 0x300000); }
static void short_header(unsigned char *d) { d[HDR_JUMP_LEN] = 0x40; }
static void huge_setup(unsigned char *d) { d[HDR_SETUP_SECTS] = 255; }
static void big_syssize(unsigned char *d) { put_le32(d + HDR_SYSSIZE, get_le32(d + HDR_SYSSIZE) + 1); }

START_TEST(rejects_each_rule)
{
	expect_reject(no_boot_flag, "no 0xAA55 boot flag");
	expect_reject(no_hdrs, "no HdrS signature");
	expect_reject(old_version, "boot protocol 2.10 is older than 2.12 (64-bit entry point)");
	expect_reject(no_loaded_high, "LOADED_HIGH");
	expect_reject(no_kernel64, "XLF_KERNEL_64");
	expect_reject(no_above4g, "XLF_CAN_BE_LOADED_ABOVE_4G");
	expect_reject(not_reloc, "not relocatable");
	expect_reject(bad_align, "not a power of two");
	expect_reject(short_header, "before init_size");
	expect_reject(huge_setup, "leave no kernel");
	expect_reject(big_syssize, "truncated: the header announces");
}
END_TEST

/* Every length: an exact-size copy, refused until the whole payload is in. */
START_TEST(truncated_at_every_offset)
{
	struct fake_bzimage f = fake_bzimage_make(512);
	struct kernel_image img;
	size_t len;

	for (len = 0; len <= f.size; len++) {
		struct fake_bzimage t = { malloc(len ? len : 1), len };
		int ret;

		memcpy(t.data, f.data, len);
		ret = probe(&t, &img);
		if (len < f.size) {
			ck_assert_msg(ret == -ENOEXEC, "length %zu accepted", len);
			ck_assert_msg(why[0], "length %zu: no reason", len);
		} else {
			ck_assert_msg(ret == 0, "length %zu refused: %s", len, why);
			ck_assert_uint_eq(img.payload_size, len - FAKE_SETUP_SIZE);
		}
		free(t.data);
	}
	free(f.data);
}
END_TEST

/* Random bytes, with and without the signatures planted: never a crash,
 * and anything accepted stays inside the buffer. */
START_TEST(random_bytes)
{
	unsigned int seed = 12345, round;

	for (round = 0; round < 4000; round++) {
		size_t len = rand_r(&seed) % 4096, i;
		struct fake_bzimage t = { malloc(len ? len : 1), len };
		struct kernel_image img;

		for (i = 0; i < len; i++)
			t.data[i] = rand_r(&seed);
		if ((round & 1) && len > HDR_MAGIC + 4) {
			put_le16(t.data + HDR_BOOT_FLAG, BOOT_FLAG_MAGIC);
			memcpy(t.data + HDR_MAGIC, "HdrS", 4);
		}
		if (!probe(&t, &img))
			ck_assert(img.payload + img.payload_size == t.data + len);
		else
			ck_assert(why[0]);
		free(t.data);
	}
}
END_TEST

START_TEST(text_file_refused_with_path)
{
	static const char text[] = "root:x:0:0:root:/root:/bin/bash\n"
		"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
	unsigned char buf[2048];
	struct kernel_image img;
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = text[i % (sizeof(text) - 1)];
	ck_assert_int_eq(x86_image_probe("/etc/passwd", buf, sizeof(buf), &img,
					 NULL), -ENOEXEC);
	ck_assert_int_eq(x86_image_probe("short", buf, 10, &img, NULL), -ENOEXEC);
}
END_TEST

START_TEST(real_etc_passwd)
{
	FILE *fp = fopen("/etc/passwd", "rb");
	unsigned char buf[65536];
	struct kernel_image img;
	size_t n;

	if (!fp) {
		printf("no /etc/passwd: skipped\n");
		return;
	}
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ck_assert_int_eq(x86_image_probe("/etc/passwd", buf, n, &img, NULL),
			 -ENOEXEC);
}
END_TEST

static Suite *bzimage_suite(void)
{
	Suite *s = suite_create("bzimage");
	TCase *tc = tcase_create("probe");

	tcase_add_test(tc, accepts_valid_image);
	tcase_add_test(tc, memsz_covers_payload_larger_than_init_size);
	tcase_add_test(tc, setup_sects_zero_means_four);
	tcase_add_test(tc, rejects_each_rule);
	tcase_add_test(tc, truncated_at_every_offset);
	tcase_add_test(tc, random_bytes);
	tcase_add_test(tc, text_file_refused_with_path);
	tcase_add_test(tc, real_etc_passwd);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(bzimage_suite());
}
