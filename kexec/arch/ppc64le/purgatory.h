/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory.h - the ppc64 purgatory as the loader sees it (purgatory.c):
 * the image build.mk links and embeds, laid out as one segment, relocated
 * for its address, its head and parameter block filled in, and the plan
 * step that does all of it (ppc64_add_purgatory).  The unit test drives
 * each part.
 */
#ifndef KEXEC_PPC64_PURGATORY_H
#define KEXEC_PPC64_PURGATORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digest.h"

struct ppc64_purgatory_params {
	uint64_t kernel;		/* load address, entered with r4 = it */
	uint64_t fdt;			/* r3 */
	uint64_t backup_src, backup_dst, backup_size;
	uint32_t skip_checks;		/* -i */
	uint32_t nr_regions;
	struct digest_region regions[16];
	uint8_t digest[32];
	uint64_t opal_base, opal_entry;
};

struct ppc64_purgatory {
	unsigned char *buf;	/* laid-out image, handed to the plan */
	size_t bufsz;
	uint64_t memsz;		/* with bss, 64 KiB rounded */
	uint64_t entry_off;	/* purgatory_start inside buf */
	size_t params_off;	/* purgatory_params inside buf */
	bool big_endian;
	uint64_t *relative;	/* offsets of R_PPC64_RELATIVE sites */
	uint64_t *addends;
	size_t nr_relative;
};

/* The embedded image; -ENOTSUP with one message when this build has none. */
int ppc64_purgatory_open(struct ppc64_purgatory *pg);
/* Any linked purgatory image (tests). */
int ppc64_purgatory_open_image(struct ppc64_purgatory *pg, const void *image,
			       size_t size);
int ppc64_purgatory_relocate(struct ppc64_purgatory *pg, uint64_t addr);
/* Bytes [4, 0x100) of the head from the new kernel's first 0x100 bytes. */
int ppc64_purgatory_set_head(struct ppc64_purgatory *pg,
			     const unsigned char *kernel, size_t len);
int ppc64_purgatory_set_params(struct ppc64_purgatory *pg,
			       const struct ppc64_purgatory_params *p);
/* Frees everything except buf when keep_buf (the plan owns it then). */
void ppc64_purgatory_close(struct ppc64_purgatory *pg, bool keep_buf);

struct ppc64_load;
/* Place, relocate, fill and add the purgatory; sets the plan's entry. */
int ppc64_add_purgatory(struct ppc64_load *pl);

#endif
