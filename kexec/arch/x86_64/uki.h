/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uki.h - reading a Unified Kernel Image (uki.c): a PE/COFF file for
 * x86_64 (PE32+, machine 0x8664) whose section table has a .linux section
 * (the bzImage), and maybe .initrd and .cmdline.  Only the headers and the
 * section table are read; every offset and size is checked against the
 * file, because a UKI is whatever the caller passes.  Knows nothing of
 * the other formats: formats.c decides what a file is.
 */
#ifndef KEXEC_X86_64_UKI_H
#define KEXEC_X86_64_UKI_H

#include <stddef.h>

/* PE loaders take at most 96 sections; more is not a real image. */
#define UKI_MAX_SECTIONS	96

/* A section's bytes in the file; data NULL when the UKI has none. */
struct uki_section {
	const unsigned char *data;
	size_t size;
};

struct uki {
	struct uki_section kernel;	/* .linux: a bzImage */
	struct uki_section initrd;	/* .initrd */
	struct uki_section cmdline;	/* .cmdline: text, maybe NUL padded */
};

/*
 * 1: a UKI, *u filled (its sections point into d).
 * 0: not a UKI: no "MZ" at 0, or a sound PE file without .linux (a
 *    signed bzImage is a PE file too, with .setup/.text sections).
 * -ENOEXEC: "MZ" but the PE headers or a section UKIs use are broken;
 *    why says what, in one line.
 * A section's size is its VirtualSize bounded by its SizeOfRawData: the
 * file holds no more than the raw data, and objcopy pads that to the file
 * alignment (a 3-byte .initrd has 512 raw bytes).
 */
int uki_parse(const unsigned char *d, size_t size, struct uki *u,
	      char *why, size_t whylen);

/*
 * The .cmdline as the kernel command line: up to the first NUL, trailing
 * white space (a newline from `echo >`) dropped.  A new string or NULL
 * (ENOMEM).
 */
char *uki_cmdline(const struct uki *u);

#endif
