/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * file.h - reading kernel, initrd and DTB files given on the command line,
 * decompressing gzip, xz and zstd (zlib, liblzma, libzstd) when the magic
 * says so.  These
 * are user files, not machine state, so they do not go through sysroot.
 *
 * Input files must be regular files (a memfd is one; a FIFO, pipe, socket
 * or device is refused: opening a FIFO would block and reading /dev/zero
 * would never end).  They are opened with O_NONBLOCK and O_NOCTTY, so the
 * open itself never blocks, and no file is read past its size limit.
 */
#ifndef KEXEC_FILE_H
#define KEXEC_FILE_H

#include <stddef.h>

struct file_buf {
	const char *path;
	unsigned char *data;	/* malloc'd, or a private read-only mapping
				 * of the file: never written */
	size_t size;
	size_t map_len;		/* data is an mmap of this length (0: malloc'd) */
	const char *compression; /* NULL, "gzip", "xz" or "zstd" */
};

/* Upper bound for a decompressed image: a bomb is refused, not followed. */
#define FILE_MAX_DECOMPRESSED	(1ULL << 30)

/*
 * Size limits of the files themselves, chosen by the what argument below
 * (doc/kexec.8, FILES): the kernel 1 GiB (as decompressed; an ELF vmlinux
 * with debug information stays below it), the initrd 4 GiB (the most
 * kexec_file_load reads, KEXEC_FILE_SIZE_MAX), anything else (the --dtb)
 * 64 MiB.
 */
#define FILE_MAX_KERNEL		(1ULL << 30)
#define FILE_MAX_INITRD		(4ULL << 30)
#define FILE_MAX_OTHER		(64ULL << 20)
/* The limit for what ("kernel", "initrd", anything else). */
unsigned long long file_max_size(const char *what);

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
 * the same rules and one-line errors as file_read.  Returns the fd or
 * -errno; *size (may be NULL) receives the file's size.
 */
int file_open(const char *path, const char *what, unsigned long long *size);
/*
 * Read the file open on fd (from file_open) whole, as file_read does with a
 * path: what the checks before kexec_file_load see is the file the kernel
 * will read.  fd stays open.
 */
int file_read_fd(int fd, const char *path, const char *what, int decompress,
		 struct file_buf *fb);

#endif
