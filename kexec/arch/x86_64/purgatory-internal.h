/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory-internal.h - hooks of kexec/arch/x86_64/purgatory.c that only
 * the unit test uses: open any relocatable object as if it were the
 * embedded purgatory, and list where relocation writes.
 */
#ifndef KEXEC_X86_64_PURGATORY_INTERNAL_H
#define KEXEC_X86_64_PURGATORY_INTERNAL_H

#include <stddef.h>

#include "purgatory.h"

/* x86_purgatory_open() on a caller-supplied ELF image (copied). */
int x86_purgatory_open_image(struct x86_purgatory *pg, const void *image,
			     size_t size);

/* Called for every relocation applied by the last relocate: buf offset, type. */
typedef int (*x86_purgatory_site_fn)(size_t off, unsigned int type, void *arg);
int x86_purgatory_for_each_site(struct x86_purgatory *pg,
				x86_purgatory_site_fn fn, void *arg);

/* Offset of the parameter block inside pg->buf. */
size_t x86_purgatory_params_offset(const struct x86_purgatory *pg);

#endif
