/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * initramfs.h - what the new kernel's initramfs unpacker will meet in an
 * initrd file, told by magic numbers only (nothing is decompressed): the
 * first archive's format and, when that is an uncompressed cpio archive
 * (an early-microcode one, as Debian's initramfs-tools writes it), what
 * follows it.  initrds are handed over as they are; this is for --dry-run
 * and --plan-json, so a user sees which CONFIG_RD_* the kernel needs.
 */
#ifndef KEXEC_INITRAMFS_H
#define KEXEC_INITRAMFS_H

#include <stddef.h>
#include <stdint.h>

/* Zero bytes skipped before a part at most (the kernel skips any number). */
#define INITRAMFS_ZEROS_MAX	(1U << 20)

struct initramfs_info {
	/* "cpio", a compression as the kernel names it ("gzip", "bzip2",
	 * "lzma", "xz", "lzo", "lz4", "zstd"), "unknown", or "zeros" (zero
	 * bytes to the end, or more than INITRAMFS_ZEROS_MAX of them) */
	const char *first;
	/* cpio only (else 0): bytes from the archive's start to the next
	 * part's (zero padding included), or to the end of the file */
	uint64_t first_size;
	/* what follows a cpio archive (after zero padding); NULL: nothing */
	const char *then;
	/* the cpio walk stopped early: why (then is NULL), else NULL */
	const char *cpio_problem;
};

void initramfs_describe(const unsigned char *data, size_t size,
			struct initramfs_info *info);
/* "CONFIG_RD_ZSTD" for "zstd"; NULL for cpio and what the kernel cannot unpack. */
const char *initramfs_config(const char *kind);

#endif
