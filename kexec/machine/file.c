// SPDX-License-Identifier: GPL-2.0-only
/*
 * file.c - reading the user's kernel, initrd and DTB files (file.h), and
 * undoing gzip (zlib), xz (liblzma) or zstd (libzstd) compression when the
 * magic says so.
 * Only regular files are read, opened so that the open cannot block, and
 * no read goes past the file's size limit (file.h); decompression is
 * bounded too: a file that expands past the limit is refused.
 * Every failure is one line naming the file and what it is for.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#include <zstd_errors.h>
#endif

#include "file.h"
#include "log.h"

static const unsigned char gzip_magic[] = { 0x1f, 0x8b };
static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
/* RFC 8878: a zstd frame starts 0xFD2FB528, a skippable one 0x184D2A5? (LE) */
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const unsigned char zstd_skippable_magic[] = { 0x2a, 0x4d, 0x18 };

/* Growable output buffer with a hard bound. */
struct outbuf {
	unsigned char *data;
	size_t len, cap, max;
};

static void human_size(size_t n, char *buf, size_t len)
{
	if (n && !(n % (1UL << 30)))
		snprintf(buf, len, "%zu GiB", n >> 30);
	else if (n && !(n % (1UL << 20)))
		snprintf(buf, len, "%zu MiB", n >> 20);
	else if (n && !(n % (1UL << 10)))
		snprintf(buf, len, "%zu KiB", n >> 10);
	else
		snprintf(buf, len, "%zu bytes", n);
}

/* Make room for more output: -EFBIG once the bound is reached. */
static int outbuf_grow(struct outbuf *o)
{
	size_t cap = o->cap ? o->cap * 2 : 1 << 20;
	unsigned char *d;

	if (o->cap > o->max)
		return -EFBIG;
	if (cap > o->max + 1)
		cap = o->max + 1;	/* one byte past the bound detects a bomb */
	d = realloc(o->data, cap);
	if (!d)
		return -ENOMEM;
	o->data = d;
	o->cap = cap;
	return 0;
}

static int report(const char *what, const char *path, int err,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int report(const char *what, const char *path, int err,
		  const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("%s %s: %s", what, path, msg);
	return err;
}

static int report_bomb(const char *what, const char *path, size_t max)
{
	char sz[32];

	human_size(max, sz, sizeof(sz));
	return report(what, path, -EFBIG, "decompresses to more than %s: refusing", sz);
}

/* ---- gzip ------------------------------------------------------------- */

/* One inflate() call over the rest of the input into the free output. */
static int gzip_step(z_stream *z, struct outbuf *o, const unsigned char *in,
		     size_t len, size_t *in_off)
{
	size_t in_chunk = len - *in_off, out_chunk = o->cap - o->len;
	int ret;

	in_chunk = in_chunk > UINT_MAX ? UINT_MAX : in_chunk;
	out_chunk = out_chunk > UINT_MAX ? UINT_MAX : out_chunk;
	z->next_in = (unsigned char *)in + *in_off;
	z->avail_in = in_chunk;
	z->next_out = o->data + o->len;
	z->avail_out = out_chunk;
	ret = inflate(z, Z_NO_FLUSH);
	*in_off += in_chunk - z->avail_in;
	o->len += out_chunk - z->avail_out;
	return ret;
}

static int gunzip(const char *path, const char *what, const unsigned char *in,
		  size_t len, struct outbuf *o)
{
	z_stream z = { 0 };
	const char *msg;
	size_t off = 0;
	int zr = Z_OK, err = 0;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return report(what, path, -ENOMEM, "%s", "cannot set up zlib");
	for (;;) {
		if (o->len == o->cap && (err = outbuf_grow(o)))
			break;
		zr = gzip_step(&z, o, in, len, &off);
		if (zr != Z_OK && !(zr == Z_BUF_ERROR && o->len == o->cap))
			break;
	}
	msg = z.msg;
	inflateEnd(&z);
	if (err == -EFBIG)
		return report_bomb(what, path, o->max);
	if (err)
		return report(what, path, err, "%s", "out of memory");
	if (zr == Z_STREAM_END)
		return 0;
	if (zr == Z_BUF_ERROR)
		return report(what, path, -EINVAL, "%s", "truncated gzip data");
	if (zr == Z_MEM_ERROR)
		return report(what, path, -ENOMEM, "%s", "out of memory in zlib");
	return report(what, path, -EINVAL, "corrupt gzip data (%s)",
		      msg ? msg : "unknown error");
}

/* ---- xz --------------------------------------------------------------- */

#ifdef HAVE_LZMA
static const char *lzma_reason(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:	return "out of memory in liblzma";
	case LZMA_FORMAT_ERROR:	return "not an xz stream";
	case LZMA_OPTIONS_ERROR: return "unsupported xz options";
	case LZMA_DATA_ERROR:	return "corrupt xz data";
	case LZMA_BUF_ERROR:	return "truncated xz data";
	case LZMA_UNSUPPORTED_CHECK: return "unsupported xz integrity check";
	default:		return "xz decoder error";
	}
}

static int unxz(const char *path, const char *what, const unsigned char *in,
		size_t len, struct outbuf *o)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r;
	int err = 0;

	r = lzma_stream_decoder(&s, UINT64_MAX, 0);
	if (r != LZMA_OK)
		return report(what, path, -ENOMEM, "%s", lzma_reason(r));
	s.next_in = in;
	s.avail_in = len;
	do {
		if (o->len == o->cap && (err = outbuf_grow(o)))
			break;
		s.next_out = o->data + o->len;
		s.avail_out = o->cap - o->len;
		r = lzma_code(&s, LZMA_FINISH);
		o->len = o->cap - s.avail_out;
	} while (r == LZMA_OK);
	lzma_end(&s);
	if (err == -EFBIG)
		return report_bomb(what, path, o->max);
	if (err)
		return report(what, path, err, "%s", "out of memory");
	if (r != LZMA_STREAM_END)
		return report(what, path, r == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL,
			      "%s", lzma_reason(r));
	return 0;
}
#else
static int unxz(const char *path, const char *what, const unsigned char *in,
		size_t len, struct outbuf *o)
{
	(void)in; (void)len; (void)o;
	return report(what, path, -ENOTSUP, "%s",
		      "is xz-compressed, but xz support was not built (configure without --without-lzma)");
}
#endif

/* ---- zstd ------------------------------------------------------------- */

#ifdef HAVE_ZSTD
/*
 * The largest window a frame may ask for: 128 MiB, what `zstd -d` takes
 * without --long=N and what `zstd -22 --ultra` (Kbuild's) writes.  It is
 * memory libzstd allocates before any output, so it is bounded too.
 */
#define ZSTD_WINDOW_LOG_MAX	27

/* The one line for a libzstd error r met at byte off of the input. */
static int zstd_error(const char *path, const char *what, size_t r, size_t off)
{
	switch (ZSTD_getErrorCode(r)) {
	case ZSTD_error_memory_allocation:
		return report(what, path, -ENOMEM, "%s", "out of memory in libzstd");
	case ZSTD_error_frameParameter_windowTooLarge:
		return report(what, path, -EINVAL,
			      "a zstd frame needs a window over %u MiB (made with zstd --long?): refusing",
			      (1U << ZSTD_WINDOW_LOG_MAX) >> 20);
	case ZSTD_error_prefix_unknown:
		return report(what, path, -EINVAL,
			      "corrupt zstd data: byte %zu starts no zstd frame", off);
	default:
		return report(what, path, -EINVAL, "corrupt zstd data (%s)",
			      ZSTD_getErrorName(r));
	}
}

/*
 * Every frame, one after the other, as `zstd -d` does (RFC 8878: a file
 * may hold several; skippable frames are skipped).  Streaming, so the
 * output grows only as far as the bound, whatever the frame header
 * claims about the content size.
 */
static int unzstd(const char *path, const char *what, const unsigned char *in,
		  size_t len, struct outbuf *o)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob;
	size_t r = 0;
	int err = 0;

	if (!dctx || ZSTD_isError(ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax,
							  ZSTD_WINDOW_LOG_MAX))) {
		ZSTD_freeDCtx(dctx);
		return report(what, path, -ENOMEM, "%s", "cannot set up libzstd");
	}
	for (;;) {
		if (o->len == o->cap && (err = outbuf_grow(o)))
			break;
		ob = (ZSTD_outBuffer){ o->data, o->cap, o->len };
		r = ZSTD_decompressStream(dctx, &ob, &ib);
		o->len = ob.pos;
		/* all input taken: the last frame ended (0), or no more
		 * output without more input (room left over) */
		if (ZSTD_isError(r) ||
		    (ib.pos == ib.size && (!r || ob.pos < ob.size)))
			break;
	}
	ZSTD_freeDCtx(dctx);
	if (err == -EFBIG)
		return report_bomb(what, path, o->max);
	if (err)
		return report(what, path, err, "%s", "out of memory");
	if (ZSTD_isError(r))
		return zstd_error(path, what, r, ib.pos);
	if (r)
		return report(what, path, -EINVAL, "%s", "truncated zstd data");
	return 0;
}
#else
static int unzstd(const char *path, const char *what, const unsigned char *in,
		  size_t len, struct outbuf *o)
{
	(void)in; (void)len; (void)o;
	return report(what, path, -ENOTSUP, "%s",
		      "is zstd-compressed, but this kexec was built without zstd support (configure without --without-zstd)");
}
#endif

/* ---- reading ---------------------------------------------------------- */

unsigned long long file_max_size(const char *what)
{
	if (!strcmp(what, "kernel"))
		return FILE_MAX_KERNEL;
	if (!strcmp(what, "initrd"))
		return FILE_MAX_INITRD;
	return FILE_MAX_OTHER;
}

/*
 * Read from offset 0 to the end, at most max bytes (-EFBIG past them): for
 * regular files that cannot be mapped or report size 0 (procfs).
 */
static int read_fd(int fd, size_t hint, size_t max, unsigned char **data,
		   size_t *size)
{
	size_t cap = hint ? hint + 1 : 1 << 16, len = 0;
	unsigned char *buf = malloc(cap), *n;
	ssize_t got;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len > max) {
			free(buf);
			return -EFBIG;
		}
		if (len == cap) {
			n = realloc(buf, cap * 2);
			if (!n)
				goto fail_errno;
			buf = n;
			cap *= 2;
		}
		got = pread(fd, buf + len, cap - len, len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail_errno;
		if (!got)
			break;
		len += got;
	}
	*data = buf;
	*size = len;
	return 0;
fail_errno:
	free(buf);
	return errno ? -errno : -ENOMEM;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO (named pipe)";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Regular, not empty, not above the limit for what. */
static int check_stat(const char *path, const char *what, const struct stat *st)
{
	unsigned long long max = file_max_size(what);
	char sz[32];

	if (S_ISDIR(st->st_mode))
		return report(what, path, -EISDIR, "%s", "is a directory, not a file");
	if (!S_ISREG(st->st_mode))
		return report(what, path, -EINVAL, "is %s, not a regular file: copy it to a file first",
			      file_kind(st->st_mode));
	if ((unsigned long long)st->st_size > max) {
		human_size(max, sz, sizeof(sz));
		return report(what, path, -EFBIG, "is %llu bytes, more than the %s a %s may have",
			      (unsigned long long)st->st_size, sz, what);
	}
	return 0;
}

/*
 * Open for reading without blocking (a FIFO would block in open) and
 * without becoming our controlling terminal; refuse anything but a regular
 * file within the size limit.  Fills st.
 */
static int open_checked(const char *path, const char *what, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY), err;

	if (fd < 0)
		return report(what, path, -errno, "%s", strerror(errno));
	if (fstat(fd, st))
		err = report(what, path, -errno, "%s", strerror(errno));
	else if (!(err = check_stat(path, what, st)))
		return fd;
	close(fd);
	return err;
}

int file_open(const char *path, const char *what, unsigned long long *size)
{
	struct stat st;
	int fd = open_checked(path, what, &st);

	if (fd >= 0 && !st.st_size) {
		close(fd);
		return report(what, path, -EINVAL, "%s", "is empty");
	}
	if (fd >= 0 && size)
		*size = st.st_size;
	return fd;
}

/*
 * A file that shrinks while mapped raises SIGBUS on the next access.  That
 * can only happen before the syscall (the kernel copies with
 * copy_from_user and reports EFAULT instead), so nothing is loaded yet.
 */
static void mapped_file_shrank(int sig)
{
	static const char msg[] =
		"kexec: a kernel or initrd file shrank while it was being read: nothing was loaded\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/*
 * Regular files are mapped privately instead of read: hashing a 64 MiB
 * initrd from the page cache is then about half as expensive as copying it
 * first (tests/bench/load.sh), and the kernel segment can point into the
 * file instead of being a copy (doc/performance.md).  Read-only: planning
 * never writes into its inputs (a re-plan from the same buffers gives the
 * same plan), and a write by mistake faults at once.  The fault-injection
 * hook (testhooks.c) makes its one page writable: it stays private.
 */
static int map_fd(int fd, size_t size, struct file_buf *fb)
{
	struct sigaction sa = { .sa_handler = mapped_file_shrank };
	void *m;

	m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return -errno;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	fb->data = m;
	fb->size = size;
	fb->map_len = size;
	return 0;
}

static int read_raw(int fd, const char *path, const char *what,
		    struct file_buf *fb)
{
	size_t max = file_max_size(what);
	struct stat st;
	char sz[32];
	int err = -1;

	if (fstat(fd, &st))
		return report(what, path, -errno, "%s", strerror(errno));
	err = check_stat(path, what, &st);
	if (err)
		return err;
	if (st.st_size > 0)
		err = map_fd(fd, st.st_size, fb);
	if (err)
		err = read_fd(fd, st.st_size, max, &fb->data, &fb->size);
	if (err == -EFBIG) {
		human_size(max, sz, sizeof(sz));
		err = report(what, path, err, "holds more than the %s a %s may have",
			     sz, what);
	} else if (err)
		err = report(what, path, err, "cannot read: %s", strerror(-err));
	else if (!fb->size)
		err = report(what, path, -EINVAL, "%s", "is empty");
	return err;
}

static bool has_magic(const struct file_buf *fb, const unsigned char *m, size_t n)
{
	return fb->size >= n && !memcmp(fb->data, m, n);
}

/* A zstd frame, or a skippable frame (which zstd files may start with). */
static bool is_zstd(const struct file_buf *fb)
{
	return has_magic(fb, zstd_magic, sizeof(zstd_magic)) ||
	       (fb->size >= 4 && (fb->data[0] & 0xf0) == 0x50 &&
		!memcmp(fb->data + 1, zstd_skippable_magic, 3));
}

static int decompress_buf(const char *what, struct file_buf *fb, size_t max_out)
{
	struct outbuf o = { .max = max_out };
	const char *kind;
	int err;

	if (has_magic(fb, gzip_magic, sizeof(gzip_magic))) {
		kind = "gzip";
		err = gunzip(fb->path, what, fb->data, fb->size, &o);
	} else if (has_magic(fb, xz_magic, sizeof(xz_magic))) {
		kind = "xz";
		err = unxz(fb->path, what, fb->data, fb->size, &o);
	} else if (is_zstd(fb)) {
		kind = "zstd";
		err = unzstd(fb->path, what, fb->data, fb->size, &o);
	} else {
		return 0;
	}
	/* the buffer holds one byte past the bound: a stream may end there */
	if (!err && o.len > max_out)
		err = report_bomb(what, fb->path, max_out);
	if (!err && !o.len)
		err = report(what, fb->path, -EINVAL, "%s", "decompresses to nothing");
	if (err) {
		free(o.data);
		return err;
	}
	pr_debug("%s %s: %s, %zu bytes -> %zu bytes", what, fb->path, kind,
		 fb->size, o.len);
	file_data_release(fb->data, fb->map_len);
	fb->data = o.data;
	fb->size = o.len;
	fb->map_len = 0;
	fb->compression = kind;
	return 0;
}

static int read_fd_bounded(int fd, const char *path, const char *what,
			   int decompress, size_t max_out, struct file_buf *fb)
{
	int err;

	memset(fb, 0, sizeof(*fb));
	fb->path = path;
	err = read_raw(fd, path, what, fb);
	if (!err && decompress)
		err = decompress_buf(what, fb, max_out);
	if (err)
		file_buf_free(fb);
	return err;
}

int file_read_bounded(const char *path, const char *what, int decompress,
		      size_t max_out, struct file_buf *fb)
{
	struct stat st;
	int fd, err;

	memset(fb, 0, sizeof(*fb));
	fd = open_checked(path, what, &st);
	if (fd < 0)
		return fd;
	err = read_fd_bounded(fd, path, what, decompress, max_out, fb);
	close(fd);
	return err;
}

int file_read_fd(int fd, const char *path, const char *what, int decompress,
		 struct file_buf *fb)
{
	return read_fd_bounded(fd, path, what, decompress, FILE_MAX_DECOMPRESSED, fb);
}

int file_read(const char *path, const char *what, int decompress,
	      struct file_buf *fb)
{
	return file_read_bounded(path, what, decompress, FILE_MAX_DECOMPRESSED, fb);
}

void file_data_release(void *data, size_t map_len)
{
	if (map_len)
		munmap(data, map_len);
	else
		free(data);
}

void file_buf_free(struct file_buf *fb)
{
	file_data_release(fb->data, fb->map_len);
	fb->data = NULL;
	fb->size = 0;
	fb->map_len = 0;
	fb->compression = NULL;
}
