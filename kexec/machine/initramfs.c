// SPDX-License-Identifier: GPL-2.0-only
/*
 * initramfs.c - naming the parts of an initrd (initramfs.h) the way the
 * kernel's unpacker tells them apart: zero bytes between parts are
 * skipped, a part starting with '0' at a 4-byte boundary is a "newc" cpio
 * archive (magic "070701", or "070702" with checksums), anything else is
 * compressed data named by its first two bytes (the kernel's own table:
 * lib/decompress.c), the same seven formats as CONFIG_RD_*.  The end of an
 * uncompressed cpio archive is found by walking its headers to the
 * "TRAILER!!!" entry; a compressed part is not looked into.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "initramfs.h"

#define CPIO_HDR_LEN	110	/* "070701" and 13 fields of 8 hex digits */
#define CPIO_FILESIZE	6	/* field numbers */
#define CPIO_NAMESIZE	11
#define CPIO_TRAILER	"TRAILER!!!"

static const struct {
	unsigned char magic[2];
	const char *name;
	const char *config;
} formats[] = {
	{ { 0x1f, 0x8b }, "gzip", "CONFIG_RD_GZIP" },
	{ { 0x1f, 0x9e }, "gzip", "CONFIG_RD_GZIP" },	/* old gzip */
	{ { 'B', 'Z' }, "bzip2", "CONFIG_RD_BZIP2" },
	{ { 0x5d, 0x00 }, "lzma", "CONFIG_RD_LZMA" },
	{ { 0xfd, '7' }, "xz", "CONFIG_RD_XZ" },
	{ { 0x89, 'L' }, "lzo", "CONFIG_RD_LZO" },	/* lzop */
	{ { 0x02, 0x21 }, "lz4", "CONFIG_RD_LZ4" },	/* lz4 -l, legacy */
	{ { 0x28, 0xb5 }, "zstd", "CONFIG_RD_ZSTD" },
};

const char *initramfs_config(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(kind, formats[i].name))
			return formats[i].config;
	return NULL;
}

static bool is_cpio(const unsigned char *p, size_t n)
{
	return n >= 6 && (!memcmp(p, "070701", 6) || !memcmp(p, "070702", 6));
}

/* The part starting at p (not a zero byte). */
static const char *kind_at(const unsigned char *p, size_t n)
{
	size_t i;

	if (is_cpio(p, n))
		return "cpio";
	for (i = 0; n >= 2 && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!memcmp(p, formats[i].magic, 2))
			return formats[i].name;
	return "unknown";
}

/*
 * Past the zero bytes at off, looking at INITRAMFS_ZEROS_MAX of them at
 * most: a sparse 4 GiB file of zeros is not read through for one line.
 */
static size_t skip_zeros(const unsigned char *data, size_t size, size_t off)
{
	size_t end = size - off > INITRAMFS_ZEROS_MAX ? off + INITRAMFS_ZEROS_MAX : size;

	while (off < end && !data[off])
		off++;
	return off;
}

static const char *kind_after_zeros(const unsigned char *data, size_t size,
				    size_t off)
{
	return data[off] ? kind_at(data + off, size - off) : "zeros";
}

/* Field i of the header at h: 8 hex digits, or -1. */
static long long cpio_field(const unsigned char *h, int i)
{
	long long v = 0;
	int k;

	for (k = 0; k < 8; k++) {
		unsigned char c = h[6 + 8 * i + k];

		if (c >= '0' && c <= '9')
			v = v * 16 + c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

static uint64_t pad4(uint64_t n)
{
	return (n + 3) & ~3ULL;
}

/*
 * One entry at *off (start is where the archive began, for the padding):
 * 1 after the trailer, 0 for another entry, or -1 with *why set.
 */
static int cpio_entry(const unsigned char *data, size_t size, size_t start,
		      uint64_t *off, const char **why)
{
	const unsigned char *h = data + *off;
	long long namesz, filesz;
	uint64_t name_end, next;

	if (size - *off < CPIO_HDR_LEN || !is_cpio(h, size - *off)) {
		*why = size - *off < CPIO_HDR_LEN ? "ends before its TRAILER!!! entry"
						  : "an entry header has no newc magic";
		return -1;
	}
	namesz = cpio_field(h, CPIO_NAMESIZE);
	filesz = cpio_field(h, CPIO_FILESIZE);
	if (namesz < 1 || filesz < 0) {
		*why = "an entry header is not hexadecimal";
		return -1;
	}
	name_end = *off + CPIO_HDR_LEN + namesz;
	next = start + pad4(pad4(name_end - start) + filesz);
	if (name_end > size || next > size) {
		*why = "ends before its TRAILER!!! entry";
		return -1;
	}
	*off = next;
	return namesz == sizeof(CPIO_TRAILER) &&
	       !memcmp(h + CPIO_HDR_LEN, CPIO_TRAILER, sizeof(CPIO_TRAILER));
}

/* The offset just past the cpio archive at start, 0 with *why if none. */
static uint64_t cpio_end(const unsigned char *data, size_t size, size_t start,
			 const char **why)
{
	uint64_t off = start;
	int r;

	while (!(r = cpio_entry(data, size, start, &off, why)))
		;
	return r > 0 ? off : 0;
}

void initramfs_describe(const unsigned char *data, size_t size,
			struct initramfs_info *info)
{
	size_t start = skip_zeros(data, size, 0), next;
	uint64_t end;

	memset(info, 0, sizeof(*info));
	if (start == size) {
		info->first = "zeros";
		return;
	}
	info->first = kind_after_zeros(data, size, start);
	if (strcmp(info->first, "cpio"))
		return;
	end = cpio_end(data, size, start, &info->cpio_problem);
	if (!end)
		return;
	next = skip_zeros(data, size, end);
	info->first_size = next - start;
	if (next < size)
		info->then = kind_after_zeros(data, size, next);
}
