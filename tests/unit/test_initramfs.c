// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_initramfs.c - naming an initrd's parts: every compression magic the
 * kernel's unpacker knows (with the CONFIG_RD_* it needs), newc cpio
 * archives walked to their trailer (early microcode then a compressed
 * archive, as Debian's initramfs-tools writes them), zero padding, and
 * archives that end early or are not cpio at all.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "initramfs.h"

struct buf {
	unsigned char d[65536];
	size_t n;
};

static void put(struct buf *b, const void *p, size_t n)
{
	ck_assert_uint_le(b->n + n, sizeof(b->d));
	memcpy(b->d + b->n, p, n);
	b->n += n;
}

static void pad(struct buf *b, size_t align)
{
	while (b->n % align)
		b->d[b->n++] = 0;
}

/* One newc entry (magic "070701" or "070702"), name and data padded to 4. */
static void entry(struct buf *b, const char *magic, const char *name,
		  const char *data)
{
	char h[111];
	size_t dn = strlen(data);

	snprintf(h, sizeof(h), "%.6s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 magic, 1, 0100644, 0, 0, 1, 0, (unsigned int)dn, 0, 0, 0, 0,
		 (unsigned int)strlen(name) + 1, 0);
	put(b, h, 110);
	put(b, name, strlen(name) + 1);
	pad(b, 4);
	put(b, data, dn);
	pad(b, 4);
}

static void microcode_cpio(struct buf *b, const char *magic)
{
	entry(b, magic, "kernel", "");
	entry(b, magic, "kernel/x86/microcode/GenuineIntel.bin", "ucode bytes, 23");
	entry(b, magic, "TRAILER!!!", "");
}

static struct initramfs_info describe(const struct buf *b)
{
	struct initramfs_info i;

	initramfs_describe(b->d, b->n, &i);
	return i;
}

/* The magic numbers, as the real tools write them. */
START_TEST(compressions)
{
	static const struct {
		const char *bytes;
		size_t n;
		const char *name, *config;
	} c[] = {
		{ "\x1f\x8b\x08\x00", 4, "gzip", "CONFIG_RD_GZIP" },
		{ "\x1f\x9e\x08\x00", 4, "gzip", "CONFIG_RD_GZIP" },
		{ "BZh91AY&SY", 10, "bzip2", "CONFIG_RD_BZIP2" },
		{ "\x5d\x00\x00\x80\x00", 5, "lzma", "CONFIG_RD_LZMA" },
		{ "\xfd" "7zXZ\x00", 6, "xz", "CONFIG_RD_XZ" },
		{ "\x89LZO\x00\r\n\x1a\n", 9, "lzo", "CONFIG_RD_LZO" },
		{ "\x02\x21\x4c\x18", 4, "lz4", "CONFIG_RD_LZ4" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd", "CONFIG_RD_ZSTD" },
	};
	struct initramfs_info i;
	size_t k;

	for (k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
		initramfs_describe((const unsigned char *)c[k].bytes, c[k].n, &i);
		ck_assert_str_eq(i.first, c[k].name);
		ck_assert_str_eq(initramfs_config(i.first), c[k].config);
		ck_assert_uint_eq(i.first_size, 0);
		ck_assert_ptr_null(i.then);
		ck_assert_ptr_null(i.cpio_problem);
	}
	ck_assert_ptr_null(initramfs_config("cpio"));
	ck_assert_ptr_null(initramfs_config("unknown"));
	ck_assert_ptr_null(initramfs_config(NULL));
}
END_TEST

START_TEST(plain_cpio)
{
	struct buf b = { .n = 0 };
	struct initramfs_info i;
	size_t len;

	microcode_cpio(&b, "070701");
	len = b.n;
	i = describe(&b);
	ck_assert_str_eq(i.first, "cpio");
	ck_assert_uint_eq(i.first_size, len);
	ck_assert_ptr_null(i.then);
	ck_assert_ptr_null(i.cpio_problem);
	/* padded to a block (GNU cpio does): still nothing after it */
	pad(&b, 512);
	i = describe(&b);
	ck_assert_uint_eq(i.first_size, 512);
	ck_assert_ptr_null(i.then);
}
END_TEST

/* initramfs-tools: microcode cpio, then the compressed main archive. */
START_TEST(microcode_then_zstd)
{
	struct buf b = { .n = 0 };
	struct initramfs_info i;
	size_t len;

	microcode_cpio(&b, "070701");
	len = b.n;
	pad(&b, 512);
	put(&b, "\x28\xb5\x2f\xfd\x04\x58", 6);
	i = describe(&b);
	ck_assert_str_eq(i.first, "cpio");
	ck_assert_uint_lt(len, 512);
	ck_assert_uint_eq(i.first_size, 512);	/* where the zstd frame starts */
	ck_assert_str_eq(i.then, "zstd");
	ck_assert_ptr_null(i.cpio_problem);
	/* without padding, and with the checksum variant of newc */
	b.n = 0;
	microcode_cpio(&b, "070702");
	put(&b, "\x1f\x8b\x08\x00", 4);
	i = describe(&b);
	ck_assert_str_eq(i.then, "gzip");
	/* two cpio archives */
	b.n = 0;
	microcode_cpio(&b, "070701");
	microcode_cpio(&b, "070701");
	i = describe(&b);
	ck_assert_uint_eq(i.first_size, b.n / 2);
	ck_assert_str_eq(i.then, "cpio");
}
END_TEST

START_TEST(cpio_ends_early)
{
	struct buf b = { .n = 0 };
	struct initramfs_info i;

	entry(&b, "070701", "kernel", "");
	entry(&b, "070701", "kernel/x86/microcode/AuthenticAMD.bin", "0123456789");
	i = describe(&b);
	ck_assert_str_eq(i.first, "cpio");
	ck_assert_uint_eq(i.first_size, 0);
	ck_assert_ptr_null(i.then);
	ck_assert_str_eq(i.cpio_problem, "ends before its TRAILER!!! entry");
	/* cut inside an entry's data */
	b.n -= 8;
	i = describe(&b);
	ck_assert_str_eq(i.cpio_problem, "ends before its TRAILER!!! entry");
	/* a header that is not a header */
	b.n = 0;
	entry(&b, "070701", "kernel", "");
	put(&b, "garbage garbage garbage", 23);
	memset(b.d + b.n, 'x', 120);
	b.n += 120;
	i = describe(&b);
	ck_assert_str_eq(i.cpio_problem, "an entry header has no newc magic");
	/* hex fields that are not hex */
	b.n = 0;
	entry(&b, "070701", "kernel", "");
	b.d[6 + 8 * 11] = 'z';
	i = describe(&b);
	ck_assert_str_eq(i.cpio_problem, "an entry header is not hexadecimal");
}
END_TEST

START_TEST(not_an_initramfs)
{
	static const unsigned char zeros[4096];
	struct buf b = { .n = 0 };
	struct initramfs_info i;

	put(&b, "root:x:0:0:root:/root:/bin/bash\n", 32);
	i = describe(&b);
	ck_assert_str_eq(i.first, "unknown");
	ck_assert_ptr_null(initramfs_config(i.first));
	/* '0' but no newc magic (an odc "070707" archive): the kernel refuses it */
	b.n = 0;
	put(&b, "070707000000000000", 18);
	ck_assert_str_eq(describe(&b).first, "unknown");
	initramfs_describe(zeros, sizeof(zeros), &i);
	ck_assert_str_eq(i.first, "zeros");
	/* zeros before the first part are skipped, as the kernel does */
	b.n = 0;
	put(&b, zeros, 512);
	put(&b, "\xfd" "7zXZ\x00", 6);
	ck_assert_str_eq(describe(&b).first, "xz");
	/* zero bytes are looked at up to 1 MiB, not through a sparse file */
	{
		size_t n = INITRAMFS_ZEROS_MAX + 4096;
		unsigned char *big = calloc(1, n + 6);

		memcpy(big + n, "\xfd" "7zXZ\x00", 6);
		initramfs_describe(big, n + 6, &i);
		ck_assert_str_eq(i.first, "zeros");
		memmove(big + INITRAMFS_ZEROS_MAX - 6, big + n, 6);
		initramfs_describe(big, n + 6, &i);
		ck_assert_str_eq(i.first, "xz");
		/* after a cpio archive too */
		b.n = 0;
		microcode_cpio(&b, "070701");
		memset(big, 0, n + 6);
		memcpy(big, b.d, b.n);
		memcpy(big + n, "\x28\xb5\x2f\xfd", 4);
		initramfs_describe(big, n + 6, &i);
		ck_assert_str_eq(i.then, "zeros");
		free(big);
	}
	/* one byte: too short for any magic */
	initramfs_describe((const unsigned char *)"\x1f", 1, &i);
	ck_assert_str_eq(i.first, "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("initramfs");
	TCase *tc = tcase_create("initramfs");

	tcase_add_test(tc, compressions);
	tcase_add_test(tc, plain_cpio);
	tcase_add_test(tc, microcode_then_zstd);
	tcase_add_test(tc, cpio_ends_early);
	tcase_add_test(tc, not_an_initramfs);
	suite_add_tcase(s, tc);
	return check_run(s);
}
