/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * file.h - reading kernel, initrd and DTB files given on the command line,
 * decompressing gzip and xz (zlib, liblzma) when the magic says so.  These
 * are user files, not machine state, so they do not go through sysroot.
 */
#ifndef KEXEC_FILE_H
#define KEXEC_FILE_H

#include <stddef.h>

struct file_buf {
	const char *path;
	unsigned char *data;	/* malloc'd, or a private mapping of the file */
	size_t size;
	size_t map_len;		/* data is an mmap of this length (0: malloc'd) */
	const char *compression; /* NULL, "gzip" or "xz" */
};

/* Upper bound for a decompressed image: a bomb is refused, not followed. */
#define FILE_MAX_DECOMPRESSED	(1ULL << 30)

/*
 * Read path whole.  what ("kernel", "initrd") prefixes the one error line.
 * Decompress when decompress is non-zero and the magic matches.
 */
int file_read(const char *path, const char *what, int decompress,
	      struct file_buf *fb);
/* The same with another bound than FILE_MAX_DECOMPRESSED (tests). */
int file_read_bounded(const char *path, const char *what, int decompress,
		      size_t max_out, struct file_buf *fb);
void file_buf_free(struct file_buf *fb);
/* Free data read by file_read: munmap when map_len, else free(). */
void file_data_release(void *data, size_t map_len);

/*
 * Open path for kexec_file_load (which takes descriptors, not bytes), with
 * the same one-line errors as file_read.  Returns the fd or -errno.
 */
int file_open(const char *path, const char *what);

#endif
