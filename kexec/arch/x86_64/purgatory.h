/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * purgatory.h - the x86_64 purgatory as the loader sees it: the blob built
 * from purgatory/x86_64/ and carried in the binary, relocated for the
 * address it is placed at, with its parameters filled in.
 */
#ifndef KEXEC_X86_64_PURGATORY_H
#define KEXEC_X86_64_PURGATORY_H

#include <stddef.h>
#include <stdint.h>

#include "digest.h"

struct x86_purgatory_params {
	uint64_t kernel_entry;		/* 64-bit entry: load address + 0x200 */
	uint64_t boot_params;		/* physical address, goes into rsi */
	uint32_t skip_checks;		/* -i */
	uint32_t nr_regions;
	struct digest_region regions[16];
	uint8_t digest[32];
};

struct x86_purgatory {
	unsigned char *buf;	/* laid-out image, handed to the plan */
	size_t bufsz;
	size_t memsz;		/* including bss, page rounded */
	uint64_t align;
	uint64_t addr;		/* where it was relocated for */
	uint64_t entry;		/* physical entry after relocation */
	void *priv;		/* libelf state */
};

/* 0 when this build carries an x86_64 purgatory, -ENOTSUP otherwise. */
int x86_purgatory_open(struct x86_purgatory *pg);
int x86_purgatory_relocate(struct x86_purgatory *pg, uint64_t addr);
int x86_purgatory_set_params(struct x86_purgatory *pg,
			     const struct x86_purgatory_params *params);
/* Frees everything except buf when keep_buf (the plan owns it then). */
void x86_purgatory_close(struct x86_purgatory *pg, int keep_buf);

#endif
