/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kimage.h - the x86_64 kernel image, whatever its format: struct
 * kernel_image describes the kernel segment it needs and the boot protocol
 * fields bootparams.c copies.  Formats are an ops table: each probes the
 * file (saying why it is not its format) and builds the segment's bytes.
 * Formats: the 64-bit bzImage entry (protocol 2.12+, bzimage.h) and the ELF
 * vmlinux (elfimage.h); formats.h chooses between them.  This header is
 * what they all share, and knows none of them.
 */
#ifndef KEXEC_X86_64_KIMAGE_H
#define KEXEC_X86_64_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * An accepted kernel image: for a bzImage its parsed setup header.  An ELF
 * vmlinux has none: its probe fills the same fields with the values its
 * layout implies and leaves hdr_end 0, and bootparams.c writes those
 * fields into a header of its own.
 */
struct kernel_image {
	const char *path;
	const unsigned char *data;	/* the whole file, not owned */
	size_t size;
	uint64_t entry_offset;		/* 64-bit entry, from the load address */
	unsigned int setup_sects;	/* 0 in the header means 4 */
	size_t setup_size;		/* (setup_sects + 1) * 512 */
	size_t hdr_end;			/* 0x202 + byte 0x201: header bytes to copy */
	const unsigned char *payload;	/* the segment's bytes where the file
					 * holds them as they are (bzImage:
					 * after the setup code), else NULL */
	size_t payload_size;		/* bytes of the kernel segment's buffer */
	uint16_t version;
	uint8_t loadflags;
	uint16_t xloadflags;
	uint8_t relocatable;
	uint32_t kernel_alignment;
	uint8_t min_alignment;		/* log2 */
	uint32_t initrd_addr_max;
	uint32_t cmdline_size;		/* longest command line, without NUL */
	uint32_t init_size;
	uint64_t pref_address;
};

/* Reason buffer size for a probe rejection. */
#define KIMAGE_WHY_MAX	160

struct x86_image_ops {
	const char *name;
	/* 0 and *img filled, or -ENOEXEC with a one-line reason in why. */
	int (*probe)(const unsigned char *data, size_t size,
		     struct kernel_image *img, char *why, size_t whylen);
	/* A new buffer of img->payload_size bytes: the kernel segment (the
	 * backend uses img->payload instead where it is set). */
	int (*payload)(const struct kernel_image *img, unsigned char **buf);
};

/* For probes: fill why and return -ENOEXEC. */
int x86_image_reject(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Bytes the kernel needs at its load address: max(init_size, payload). */
uint64_t kimage_memsz(const struct kernel_image *img);
/* Load address alignment: kernel_alignment, at least a page. */
uint64_t kimage_align(const struct kernel_image *img);

#endif
