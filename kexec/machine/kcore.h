/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kcore.h - what the crash header needs from /proc/kcore's program headers:
 * the direct-map base (page_offset, KASLR-randomised) and the kernel text
 * mapping.  Only the head is read (the ELF header and program headers);
 * snapshots store just that head.
 */
#ifndef KEXEC_KCORE_H
#define KEXEC_KCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysroot.h"

#define KCORE_HEAD_MAX	(256 * 1024)
/* The first read: a small machine's whole head. */
#define KCORE_HEAD_PROBE	4096

struct kcore_load {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t size;
};

struct kcore_info {
	/* the PT_LOADs with a physical address (kcore's -1: left out) */
	struct kcore_load *loads;
	size_t n;
	bool has_page_offset;
	uint64_t page_offset;	/* vaddr - paddr of the direct-map entries */
};

/* Parse the head of a kcore file with libelf (elf_memory). */
int kcore_parse(const void *head, size_t len, struct kcore_info *ki);
int kcore_read(const struct sysroot *s, struct kcore_info *ki);
/* The PT_LOAD whose physical start is paddr (the kernel text): 0 or -ENOENT. */
int kcore_find_paddr(const struct kcore_info *ki, uint64_t paddr,
		     struct kcore_load *out);
void kcore_free(struct kcore_info *ki);

#endif
