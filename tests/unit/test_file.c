// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_file.c - reading user files: plain, gzip, xz and zstd (made here
 * with zlib, liblzma and libzstd), corrupt and truncated streams, several
 * zstd frames, the decompression bound,
 * and the one-line errors for missing, unreadable, directory and empty;
 * files that are not files (FIFO, devices) refused without blocking or
 * reading, and the size limit of each kind of file.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#include "helpers/check_run.h"
#include "file.h"
#include "plan.h"
#include "helpers/stderr_capture.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/test_file_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s; rm -rf %s", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *put(const char *name, const void *data, size_t len)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Pseudo-random but compressible test data. */
static unsigned char *pattern(size_t n)
{
	unsigned char *b = malloc(n);
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (i * 7 + (i >> 9)) & 0xff;
	return b;
}

static size_t gzip(const void *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream z = { 0 };

	ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = len;
	z.next_out = out;
	z.avail_out = cap;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static const char *read_err(const char *path, int decompress, size_t max, int *ret)
{
	struct file_buf fb;

	capture_begin();
	*ret = file_read_bounded(path, "kernel", decompress, max, &fb);
	if (!*ret)
		file_buf_free(&fb);
	return capture_end();
}

START_TEST(plain_file)
{
	unsigned char *data = pattern(10000);
	struct file_buf fb;
	const char *p = put("plain", data, 10000);

	ck_assert_int_eq(file_read(p, "kernel", 1, &fb), 0);
	ck_assert_uint_eq(fb.size, 10000);
	ck_assert_mem_eq(fb.data, data, 10000);
	ck_assert_ptr_null(fb.compression);
	ck_assert_str_eq(fb.path, p);
	file_buf_free(&fb);
	free(data);
}
END_TEST

/* Plain files are mapped privately and read-only: a write faults (planning
 * writes into no input), one made writable on purpose (the fault hook does)
 * never reaches the file, and a plan takes the mapping without a copy. */
/* Does writing *p succeed?  Tried in a child, which a fault ends. */
static bool writable(unsigned char *p)
{
	pid_t pid = fork();
	int st;

	ck_assert_int_ge(pid, 0);
	if (!pid) {
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		*(volatile unsigned char *)p ^= 0xff;
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

START_TEST(plain_file_is_a_private_mapping)
{
	unsigned char *data = pattern(10000), back[16];
	const char *p = put("mapped", data, 10000);
	struct file_buf fb;
	struct plan plan;
	int fd;

	ck_assert_int_eq(file_read(p, "initrd", 0, &fb), 0);
	ck_assert_uint_eq(fb.map_len, 10000);
	ck_assert(!writable(fb.data));
	ck_assert_int_eq(mprotect(fb.data, 4096, PROT_READ | PROT_WRITE), 0);
	fb.data[0] ^= 0xff;
	fd = open(p, O_RDONLY);
	ck_assert_int_eq(read(fd, back, sizeof(back)), sizeof(back));
	close(fd);
	ck_assert_uint_eq(back[0], data[0]);

	plan_init(&plan, "test");
	ck_assert_int_eq(plan_add_file_segment(&plan, SEG_INITRD, &fb, 0x100000, 0x3000, true), 0);
	ck_assert_ptr_null(fb.data);
	ck_assert_uint_eq(plan.seg[0].bufsz, 10000);
	ck_assert_uint_eq(plan.seg[0].map_len, 10000);
	ck_assert_mem_eq((unsigned char *)plan.seg[0].buf + 1, data + 1, 9999);
	plan_free(&plan);	/* munmap, not free(): ASan would catch a free() */
	free(data);
}
END_TEST

/* p decompresses to data[0, n) as comp; read as an initrd it stays z bytes. */
static void check_roundtrip(const char *p, const char *comp,
			    const unsigned char *data, size_t n, size_t z)
{
	struct file_buf fb;

	ck_assert_int_eq(file_read(p, "kernel", 1, &fb), 0);
	ck_assert_str_eq(fb.compression, comp);
	ck_assert_uint_eq(fb.size, n);
	ck_assert_mem_eq(fb.data, data, n);
	file_buf_free(&fb);
	/* without decompression (initrds) the bytes stay as they are */
	ck_assert_int_eq(file_read(p, "initrd", 0, &fb), 0);
	ck_assert_uint_eq(fb.size, z);
	ck_assert_ptr_null(fb.compression);
	file_buf_free(&fb);
}

START_TEST(gzip_roundtrip)
{
	size_t n = 3 << 20, cap = n + 4096, z;
	unsigned char *data = pattern(n), *gz = malloc(cap);

	z = gzip(data, n, gz, cap);
	check_roundtrip(put("k.gz", gz, z), "gzip", data, n, z);
	free(data);
	free(gz);
}
END_TEST

START_TEST(gzip_corrupt)
{
	size_t n = 100000, z;
	unsigned char *data = pattern(n), gz[200000];
	const char *p, *msg;
	int ret;

	z = gzip(data, n, gz, sizeof(gz));
	gz[12] ^= 0xff;	/* deflate block header */
	gz[20] ^= 0x55;
	p = put("bad.gz", gz, z);
	msg = read_err(p, 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "kernel "));
	ck_assert_ptr_nonnull(strstr(msg, "bad.gz: "));
	ck_assert_ptr_nonnull(strstr(msg, "gzip"));
	free(data);
}
END_TEST

START_TEST(gzip_bad_crc)
{
	size_t n = 1000, z;
	unsigned char *data = pattern(n), gz[4096];
	const char *msg;
	int ret;

	z = gzip(data, n, gz, sizeof(gz));
	gz[z - 6] ^= 1;	/* CRC32 in the trailer */
	msg = read_err(put("crc.gz", gz, z), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "corrupt gzip data (incorrect data check)"));
	free(data);
}
END_TEST

START_TEST(gzip_truncated)
{
	size_t n = 100000, z;
	unsigned char *data = pattern(n), gz[200000];
	const char *msg;
	int ret;

	z = gzip(data, n, gz, sizeof(gz));
	msg = read_err(put("short.gz", gz, z / 2), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "short.gz: truncated gzip data"));
	free(data);
}
END_TEST

START_TEST(gzip_bomb)
{
	size_t n = 4 << 20, cap = n, z;
	unsigned char *zeros = calloc(1, n), *gz = malloc(cap);
	const char *msg;
	int ret;

	z = gzip(zeros, n, gz, cap);
	msg = read_err(put("bomb.gz", gz, z), 1, 1 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "bomb.gz: decompresses to more than 1 MiB: refusing"));
	/* exactly at the bound is fine */
	msg = read_err(put("bomb.gz", gz, z), 1, 4 << 20, &ret);
	ck_assert_int_eq(ret, 0);
	free(zeros);
	free(gz);
}
END_TEST

#ifdef HAVE_LZMA
static size_t xz(const void *in, size_t len, unsigned char *out, size_t cap);
#endif

/* Found with tests/fuzz/fuzz_decompress: one byte past the bound. */
START_TEST(bound_plus_one)
{
	size_t n = (1 << 20) + 1, z;
	unsigned char *zeros = calloc(1, n), *c = malloc(n);
	const char *msg;
	int ret;

	z = gzip(zeros, n, c, n);
	msg = read_err(put("one.gz", c, z), 1, 1 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "one.gz: decompresses to more than 1 MiB: refusing"));
#ifdef HAVE_LZMA
	z = xz(zeros, n, c, n);
	msg = read_err(put("one.xz", c, z), 1, 1 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "one.xz: decompresses to more than 1 MiB: refusing"));
#endif
	free(zeros);
	free(c);
}
END_TEST

#ifdef HAVE_LZMA
static size_t xz(const void *in, size_t len, unsigned char *out, size_t cap)
{
	size_t pos = 0;

	ck_assert_int_eq(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, NULL, in, len,
						 out, &pos, cap), LZMA_OK);
	return pos;
}

START_TEST(xz_roundtrip)
{
	size_t n = 2 << 20, cap = n + 4096, z;
	unsigned char *data = pattern(n), *x = malloc(cap);

	z = xz(data, n, x, cap);
	check_roundtrip(put("k.xz", x, z), "xz", data, n, z);
	free(data);
	free(x);
}
END_TEST

START_TEST(xz_truncated_and_corrupt)
{
	size_t n = 100000, z;
	unsigned char *data = pattern(n), x[200000];
	const char *msg;
	int ret;

	z = xz(data, n, x, sizeof(x));
	msg = read_err(put("short.xz", x, z - 40), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "short.xz: truncated xz data"));
	x[z / 2] ^= 0xff;
	msg = read_err(put("bad.xz", x, z), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "bad.xz: corrupt xz data"));
	free(data);
}
END_TEST

START_TEST(xz_bomb)
{
	size_t n = 8 << 20, z;
	unsigned char *zeros = calloc(1, n), x[65536];
	const char *msg;
	int ret;

	z = xz(zeros, n, x, sizeof(x));
	msg = read_err(put("bomb.xz", x, z), 1, 3 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "bomb.xz: decompresses to more than 3 MiB: refusing"));
	free(zeros);
}
END_TEST
#endif

#ifdef HAVE_ZSTD
/* One frame with the content size and a checksum in its header. */
static size_t zstd(const void *in, size_t len, unsigned char *out, size_t cap)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t z;

	ck_assert_ptr_nonnull(c);
	ck_assert(!ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
	z = ZSTD_compress2(c, out, cap, in, len);
	ck_assert_msg(!ZSTD_isError(z), "%s", ZSTD_getErrorName(z));
	ZSTD_freeCCtx(c);
	return z;
}

/* One frame as a stream writes it: no content size in the header. */
static size_t zstd_stream(const void *in, size_t len, unsigned char *out, size_t cap)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { out, cap, 0 };

	ck_assert_ptr_nonnull(c);
	/* input before the end: the size is not known when the header is written */
	ck_assert(!ZSTD_isError(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_continue)));
	ck_assert_uint_eq(ib.pos, len);
	ck_assert_uint_eq(ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end), 0);
	ZSTD_freeCCtx(c);
	ck_assert_uint_eq(ZSTD_getFrameContentSize(out, ob.pos), ZSTD_CONTENTSIZE_UNKNOWN);
	return ob.pos;
}

static const char *zstd_read_err(const void *buf, size_t len, size_t max, int *ret)
{
	return read_err(put("k.zst", buf, len), 1, max, ret);
}

START_TEST(zstd_roundtrip)
{
	size_t n = 3 << 20, cap = ZSTD_compressBound(n), z;
	unsigned char *data = pattern(n), *c = malloc(cap);

	z = zstd(data, n, c, cap);
	check_roundtrip(put("k.zst", c, z), "zstd", data, n, z);
	/* a frame without its content size decodes the same */
	z = zstd_stream(data, n, c, cap);
	check_roundtrip(put("s.zst", c, z), "zstd", data, n, z);
	free(data);
	free(c);
}
END_TEST

/* Several frames are one file (zstd -d, RFC 8878); skippable ones hold nothing. */
START_TEST(zstd_several_frames)
{
	static const unsigned char skip[] = { 0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 'a', 'b', 'c' };
	size_t n = 300000, cap = 2 * ZSTD_compressBound(n) + 2 * sizeof(skip), z = 0;
	unsigned char *data = pattern(n), *c = malloc(cap);
	struct file_buf fb;

	memcpy(c, skip, sizeof(skip));
	z = sizeof(skip);
	z += zstd(data, 100000, c + z, cap - z);
	memcpy(c + z, skip, sizeof(skip));
	z += sizeof(skip);
	z += zstd_stream(data + 100000, n - 100000, c + z, cap - z);
	ck_assert_int_eq(file_read(put("multi.zst", c, z), "kernel", 1, &fb), 0);
	ck_assert_str_eq(fb.compression, "zstd");
	ck_assert_uint_eq(fb.size, n);
	ck_assert_mem_eq(fb.data, data, n);
	file_buf_free(&fb);
	free(data);
	free(c);
}
END_TEST

START_TEST(zstd_nothing_inside)
{
	static const unsigned char skip[] = { 0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 'h', 'i' };
	unsigned char c[64];
	const char *msg;
	int ret;

	msg = zstd_read_err(skip, sizeof(skip), FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: decompresses to nothing"));
	msg = zstd_read_err(c, zstd("", 0, c, sizeof(c)), FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: decompresses to nothing"));
}
END_TEST

START_TEST(zstd_truncated)
{
	size_t n = 100000, z;
	unsigned char *data = pattern(n), c[200000];
	const char *msg;
	int ret;

	z = zstd(data, n, c, sizeof(c));
	msg = zstd_read_err(c, z / 2, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "kernel "));
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: truncated zstd data"));
	/* the last byte of the checksum missing */
	msg = zstd_read_err(c, z - 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: truncated zstd data"));
	msg = zstd_read_err(c, 4, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: truncated zstd data"));
	free(data);
}
END_TEST

START_TEST(zstd_corrupt)
{
	size_t n = 100000, z;
	unsigned char *data = pattern(n), c[200000];
	const char *msg;
	int ret;

	z = zstd(data, n, c, sizeof(c));
	c[z - 2] ^= 1;	/* the checksum */
	msg = zstd_read_err(c, z, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: corrupt zstd data ("));
	c[z - 2] ^= 1;
	memset(c + z / 2, 0xa5, 64);
	msg = zstd_read_err(c, z, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: corrupt zstd data"));
	/* a good frame followed by bytes that are no frame */
	z = zstd(data, n, c, sizeof(c));
	memcpy(c + z, "garbage!", 8);
	msg = zstd_read_err(c, z + 8, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "corrupt zstd data: byte "));
	ck_assert_ptr_nonnull(strstr(msg, " starts no zstd frame"));
	free(data);
}
END_TEST

/* A frame header asking for a 2 GiB window is refused before any output. */
START_TEST(zstd_window_too_large)
{
	static const unsigned char f[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x01, 0x00, 0x00 };
	const char *msg;
	int ret;

	msg = zstd_read_err(f, sizeof(f), FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: a zstd frame needs a window over 128 MiB"));
}
END_TEST

START_TEST(zstd_bomb)
{
	size_t n = 8 << 20, z;
	unsigned char *zeros = calloc(1, n), c[65536];
	const char *msg;
	int ret;

	/* the header says 8 MiB; the bound, not the header, decides */
	z = zstd(zeros, n, c, sizeof(c));
	msg = zstd_read_err(c, z, 3 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: decompresses to more than 3 MiB: refusing"));
	z = zstd_stream(zeros, n, c, sizeof(c));
	msg = zstd_read_err(c, z, 3 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	/* one byte past the bound, and exactly at it */
	z = zstd(zeros, (1 << 20) + 1, c, sizeof(c));
	msg = zstd_read_err(c, z, 1 << 20, &ret);
	ck_assert_int_eq(ret, -EFBIG);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: decompresses to more than 1 MiB: refusing"));
	z = zstd(zeros, 1 << 20, c, sizeof(c));
	msg = zstd_read_err(c, z, 1 << 20, &ret);
	ck_assert_msg(ret == 0, "%s", msg);
	free(zeros);
}
END_TEST
#else
START_TEST(zstd_without_support)
{
	static const unsigned char f[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00 };
	const char *msg;
	int ret;

	msg = read_err(put("k.zst", f, sizeof(f)), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(msg, "k.zst: is zstd-compressed, but this kexec was built without zstd support"));
}
END_TEST
#endif

START_TEST(missing)
{
	char path[128];
	const char *msg;
	int ret;

	snprintf(path, sizeof(path), "%s/nope", dir);
	msg = read_err(path, 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -ENOENT);
	ck_assert_ptr_nonnull(strstr(msg, "kexec: kernel "));
	ck_assert_ptr_nonnull(strstr(msg, "/nope: No such file or directory\n"));
}
END_TEST

START_TEST(directory)
{
	const char *msg;
	int ret;

	msg = read_err(dir, 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EISDIR);
	ck_assert_ptr_nonnull(strstr(msg, ": is a directory, not a file"));
}
END_TEST

START_TEST(empty)
{
	const char *msg;
	int ret;

	msg = read_err(put("empty", "", 0), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "/empty: is empty"));
}
END_TEST

static int check_unreadable(const char *p)
{
	const char *msg;
	int ret;

	msg = read_err(p, 1, FILE_MAX_DECOMPRESSED, &ret);
	return ret == -EACCES && strstr(msg, "/secret: Permission denied\n") ? 0 : 1;
}

START_TEST(unreadable)
{
	const char *p = put("secret", "x", 1);
	int status;
	pid_t pid;

	ck_assert_int_eq(chmod(p, 0), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(check_unreadable(p), 0);
		return;
	}
	/* root reads anything: drop to nobody in a child for this check */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(check_unreadable(p));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

START_TEST(gzip_magic_only)
{
	const char *msg;
	int ret;

	msg = read_err(put("magic.gz", "\x1f\x8b", 2), 1, FILE_MAX_DECOMPRESSED, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "magic.gz: truncated gzip data"));
}
END_TEST

START_TEST(open_for_file_syscall)
{
	char path[128];
	int fd;

	fd = file_open(put("ok", "abc", 3), "kernel", NULL);
	ck_assert_int_ge(fd, 0);
	close(fd);
	capture_begin();
	ck_assert_int_eq(file_open(dir, "kernel", NULL), -EISDIR);
	ck_assert_int_eq(file_open(put("empty", "", 0), "initrd", NULL), -EINVAL);
	snprintf(path, sizeof(path), "%s/missing", dir);
	ck_assert_int_eq(file_open(path, "initrd", NULL), -ENOENT);
	ck_assert_ptr_nonnull(strstr(capture_end(), "kexec: initrd "));
}
END_TEST

/* A FIFO without a writer: the old open() blocked here forever. */
START_TEST(fifo_refused_without_blocking)
{
	static const char *const whats[] = { "kernel", "initrd", "dtb" };
	struct file_buf fb;
	char path[128];
	const char *msg;
	unsigned int i;

	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	for (i = 0; i < 3; i++) {
		capture_begin();
		ck_assert_int_eq(file_read(path, whats[i], i == 0, &fb), -EINVAL);
		ck_assert_int_eq(file_open(path, whats[i], NULL), -EINVAL);
		msg = capture_end();
		ck_assert_ptr_nonnull(strstr(msg, "is a FIFO (named pipe), not a regular file"));
		ck_assert_ptr_nonnull(strstr(msg, whats[i]));
	}
}
END_TEST

/* Devices are refused before anything is read (/dev/zero never ends). */
START_TEST(devices_refused)
{
	static const char *const devs[] = { "/dev/null", "/dev/zero" };
	struct file_buf fb;
	const char *msg;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		capture_begin();
		ck_assert_int_eq(file_read(devs[i], "initrd", 0, &fb), -EINVAL);
		ck_assert_int_eq(file_open(devs[i], "kernel", NULL), -EINVAL);
		msg = capture_end();
		ck_assert_ptr_nonnull(strstr(msg, "is a character device, not a regular file"));
	}
}
END_TEST

/* A sparse file one byte over the limit: refused from its size. */
static void expect_too_big(const char *what, unsigned long long max)
{
	struct file_buf fb;
	char path[128];
	const char *msg;
	int fd;

	snprintf(path, sizeof(path), "%s/big-%s", dir, what);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)max + 1), 0);
	close(fd);
	capture_begin();
	ck_assert_int_eq(file_read(path, what, 0, &fb), -EFBIG);
	ck_assert_int_eq(file_open(path, what, NULL), -EFBIG);
	msg = capture_end();
	ck_assert_ptr_nonnull(strstr(msg, "more than the"));
	unlink(path);
}

START_TEST(size_limits)
{
	ck_assert_uint_eq(file_max_size("kernel"), FILE_MAX_KERNEL);
	ck_assert_uint_eq(file_max_size("initrd"), FILE_MAX_INITRD);
	ck_assert_uint_eq(file_max_size("dtb"), FILE_MAX_OTHER);
	expect_too_big("kernel", FILE_MAX_KERNEL);
	expect_too_big("initrd", FILE_MAX_INITRD);
	expect_too_big("dtb", FILE_MAX_OTHER);
}
END_TEST

/* file_read_fd reads the descriptor file_open returned, from its start. */
START_TEST(read_the_opened_file)
{
	unsigned long long size = 0;
	struct file_buf fb;
	char buf[2];
	int fd;

	fd = file_open(put("k", "abcdef", 6), "kernel", &size);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(size, 6);
	ck_assert_int_eq(read(fd, buf, 2), 2);	/* the offset does not matter */
	ck_assert_int_eq(file_read_fd(fd, "k", "kernel", 1, &fb), 0);
	ck_assert_uint_eq(fb.size, 6);
	ck_assert_int_eq(memcmp(fb.data, "abcdef", 6), 0);
	file_buf_free(&fb);
	close(fd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("file");
	TCase *tc = tcase_create("file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, plain_file);
	tcase_add_test(tc, plain_file_is_a_private_mapping);
	tcase_add_test(tc, gzip_roundtrip);
	tcase_add_test(tc, gzip_corrupt);
	tcase_add_test(tc, gzip_bad_crc);
	tcase_add_test(tc, gzip_truncated);
	tcase_add_test(tc, gzip_bomb);
	tcase_add_test(tc, bound_plus_one);
	tcase_add_test(tc, gzip_magic_only);
#ifdef HAVE_LZMA
	tcase_add_test(tc, xz_roundtrip);
	tcase_add_test(tc, xz_truncated_and_corrupt);
	tcase_add_test(tc, xz_bomb);
#endif
#ifdef HAVE_ZSTD
	tcase_add_test(tc, zstd_roundtrip);
	tcase_add_test(tc, zstd_several_frames);
	tcase_add_test(tc, zstd_nothing_inside);
	tcase_add_test(tc, zstd_truncated);
	tcase_add_test(tc, zstd_corrupt);
	tcase_add_test(tc, zstd_window_too_large);
	tcase_add_test(tc, zstd_bomb);
#else
	tcase_add_test(tc, zstd_without_support);
#endif
	tcase_add_test(tc, missing);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, empty);
	tcase_add_test(tc, unreadable);
	tcase_add_test(tc, open_for_file_syscall);
	tcase_add_test(tc, fifo_refused_without_blocking);
	tcase_add_test(tc, devices_refused);
	tcase_add_test(tc, size_limits);
	tcase_add_test(tc, read_the_opened_file);
	suite_add_tcase(s, tc);
	return check_run(s);
}
