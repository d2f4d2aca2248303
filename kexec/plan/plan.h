/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * plan.h - the arch-neutral load plan: what would be handed to the kernel
 * (segments, entry, flags, command line) plus what a reader of --dry-run
 * needs to check it (roles, digest coverage, the elfcorehdr contents).
 * Backends fill a plan; load.c either prints it or hands it to syscall.c.
 */
#ifndef KEXEC_PLAN_H
#define KEXEC_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "initramfs.h"
#include "kexec-abi.h"
#include "ranges.h"
#include "sha256.h"

enum plan_syscall {
	PLAN_KEXEC_LOAD,
	PLAN_KEXEC_FILE_LOAD,
};

/*
 * What a segment is for.  Backends name every segment they add with one of
 * these; seg_role_name() is the name in --dry-run, --plan-json, segment
 * dumps and messages.
 */
enum seg_role {
	SEG_KERNEL,
	SEG_INITRD,
	SEG_BOOT_PARAMS,
	SEG_EFI_MEMMAP,
	SEG_BACKUP,
	SEG_ELFCOREHDR,
	SEG_FDT,
	SEG_PURGATORY,
	NR_SEG_ROLES
};

struct segment {
	enum seg_role role;
	void *buf;		/* owned by the plan (freed by plan_free),
				 * unless borrowed */
	size_t bufsz;
	uint64_t mem;		/* physical destination, page aligned */
	uint64_t memsz;		/* page multiple, >= bufsz */
	bool in_digest;		/* covered by the purgatory SHA-256 */
	size_t map_len;		/* buf is a file mapping of this length */
	bool borrowed;		/* buf is the caller's (the kernel file's
				 * bytes): never freed, never written */
};

/* What the crash (-p) plan tells the capture kernel to dump. */
struct elfcorehdr_info {
	bool present;
	uint64_t mem;		/* segment address */
	uint64_t memsz;		/* segment size (room to grow with --hotplug) */
	uint64_t used;		/* bytes of header actually written */
	unsigned int cpu_notes;	/* PT_NOTE entries for CPUs */
	struct range_list loads; /* PT_LOAD physical ranges, in order */
};

/*
 * The kernel came out of a bundle file (a UKI): the file, its sections,
 * and where the kernel, initrd and command line came from (a section
 * name, an option, or NULL for none).  format NULL: a plain kernel file.
 * Not owned.
 */
struct plan_bundle {
	const char *format;	/* "UKI" */
	const char *path;
	const char *sections;	/* present: ".linux .initrd .cmdline" */
	const char *kernel;	/* ".linux" */
	const char *initrd;	/* ".initrd", "--initrd" or NULL */
	const char *cmdline;	/* ".cmdline", an option, or NULL */
};

struct plan {
	const char *arch;	/* backend name, "x86_64" */
	uint64_t page;		/* target page size the kernel checks (4096) */
	enum plan_syscall syscall;
	unsigned long flags;	/* exactly what the syscall receives */
	uint64_t entry;
	char *cmdline;		/* what the new kernel sees (owned) */
	bool has_crash_region;
	struct range crash_region;	/* inclusive */
	struct segment seg[KEXEC_SEGMENT_MAX];
	unsigned int nr_seg;
	struct elfcorehdr_info elfcorehdr;
	bool has_digest;
	uint8_t digest[SHA256_DIGEST_SIZE];
	/* kexec_file_load: the files and flags instead of segments */
	const char *kernel_path;
	const char *initrd_path;
	/* crash loads, shown by --dry-run and --plan-json (NULL: not shown;
	 * not owned) */
	const char *hotplug_state;	/* "on", "off", "kernel-managed" */
	const char *hotplug_why;	/* "--hotplug", "default: ..." */
	const char *cmdline_added;	/* words the backend added, or "" */
	const char *cmdline_added_why;
	struct plan_bundle bundle;
	/* the initrd's archive and compression (--dry-run, --plan-json) */
	bool has_initrd_info;
	struct initramfs_info initrd_info;
};

void plan_init(struct plan *p, const char *arch);
void plan_free(struct plan *p);

/*
 * Append a segment.  The plan takes ownership of buf (even on failure).
 * Fails with -E2BIG past KEXEC_SEGMENT_MAX and -EINVAL when bufsz > memsz
 * or mem/memsz are not page aligned.
 */
int plan_add_segment(struct plan *p, enum seg_role role, void *buf,
		     size_t bufsz, uint64_t mem, uint64_t memsz, bool in_digest);
/* Append a segment whose bytes are a file read by file_read(), moving the
 * buffer (malloc'd or mapped) into the plan without a copy. */
struct file_buf;
int plan_add_file_segment(struct plan *p, enum seg_role role,
			  struct file_buf *fb, uint64_t mem, uint64_t memsz,
			  bool in_digest);
/*
 * Append a segment whose bytes stay where they are: a part of the kernel
 * file the load_ctx holds (read-only, file.c), which must outlive the plan.
 * No copy; plan_free leaves it alone.
 */
int plan_add_borrowed_segment(struct plan *p, enum seg_role role,
			      const void *buf, size_t bufsz, uint64_t mem,
			      uint64_t memsz, bool in_digest);
/* The first segment with that role, NULL if none. */
struct segment *plan_find(struct plan *p, enum seg_role role);

/* "kernel", "elfcorehdr", ...; "?" for a value outside the enum. */
const char *seg_role_name(enum seg_role role);
/* The role called name (as seg_role_name() spells it): 0 or -EINVAL. */
int seg_role_parse(const char *name, enum seg_role *role);

/*
 * Add text as a kernel parameter to the command line the new kernel sees:
 * at the end, or before a bare "--" (words after it go to init).
 */
int plan_append_cmdline(struct plan *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Check the rules the kernel enforces (alignment, overlap, crash region). */
int plan_validate(const struct plan *p);

/* Human-readable plan (--dry-run), JSON (--plan-json), raw bytes. */
void plan_print(const struct plan *p, FILE *out);
int plan_write_json(const struct plan *p, const char *path);
/*
 * As plan_write_json, plus a "fallback" object holding the kexec_load plan
 * that -a loads when kexec_file_load is refused (fallback may be NULL).
 */
int plan_write_json_fallback(const struct plan *p, const struct plan *fallback,
			     const char *path);
int plan_dump_segments(const struct plan *p, const char *dir);

/* Names of the bits in p->flags, for messages and JSON (kexec_load bits). */
const char *plan_flag_name(unsigned long bit);
/* The same for either syscall: kexec_file_load bits mean other things. */
const char *plan_flag_name_for(enum plan_syscall sys, unsigned long bit);
/* Name of the architecture field (flags & KEXEC_ARCH_MASK), NULL if unknown. */
const char *plan_arch_field_name(unsigned long flags);
/* Sum of every segment's memsz. */
uint64_t plan_total_memsz(const struct plan *p);

#endif
