/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sysroot.h - the only way the loader reads machine state.  Every /proc and
 * /sys file is opened relative to one root directory ("/" normally,
 * --sysroot=DIR for snapshots), so a snapshot of a machine reproduces its
 * plan exactly.  Parsers (iomem.c, kcore.c, ...) take the text or bytes read
 * here, never a path.
 */
#ifndef KEXEC_SYSROOT_H
#define KEXEC_SYSROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sysroot {
	int dirfd;
	char *path;		/* for messages: "/" or the --sysroot value */
};

int sysroot_open(struct sysroot *s, const char *dir);
void sysroot_close(struct sysroot *s);

/*
 * Read a whole file (relative path such as "proc/iomem") into a NUL
 * terminated buffer.  Fails with -EFBIG past max bytes.  -ENOENT is returned
 * without a message so that callers can treat missing nodes as "no feature";
 * every other failure is reported.
 */
int sysroot_read(const struct sysroot *s, const char *rel, char **buf,
		 size_t *len, size_t max);
/* Read at most len bytes from the start of a file (for /proc/kcore). */
int sysroot_read_head(const struct sysroot *s, const char *rel, void *buf,
		      size_t len, size_t *got);
/* The same from byte off on (kcore's program headers, a chunk at a time). */
int sysroot_read_at(const struct sysroot *s, const char *rel, uint64_t off,
		    void *buf, size_t len, size_t *got);
bool sysroot_exists(const struct sysroot *s, const char *rel);
/*
 * The entries of directory rel (without "." and ".."), sorted by name, each
 * marked as a directory or not (symlinks followed).  -ENOENT without a
 * message when rel is missing.  Free with sysroot_dirents_free().
 */
struct sysroot_dirent {
	char *name;
	bool is_dir;
};
int sysroot_list_dir(const struct sysroot *s, const char *rel,
		     struct sysroot_dirent **ents, size_t *n);
void sysroot_dirents_free(struct sysroot_dirent *ents, size_t n);

/*
 * For a caller that cannot do without rel (a missing node is silent above):
 * print "kexec: cannot read <root>/<rel>: <strerror>" and return err (-errno).
 */
int sysroot_error(const struct sysroot *s, const char *rel, int err);

/*
 * The one-read rule, for the small files read below (numbers, CPU lists,
 * vmcoreinfo, crash notes: sysfs text attributes).  A sysfs attribute's
 * show() writes its whole content, at most a page, on the first read at
 * offset 0, and read() hands all of it to a buffer larger than a page; in a
 * snapshot the copy is a regular file, where a short read means end of file
 * too.  So these take one open, one read() of SMALL_FILE_MAX + 1 bytes and
 * one close: no fstat(), no second read() to see 0, no allocation.  A read
 * that fills the buffer is -EFBIG (not a one-page attribute).
 * It does NOT hold for procfs seq_files (/proc/iomem hands out about a
 * page per read(), more follows), sysfs bin_attributes (at most a page per
 * read(): /sys/kernel/boot_params/data, device tree properties) or pipes:
 * sysroot_read() reads those until read() returns 0.
 */
/* One unsigned number, the whole file ("917616\n", "1\n", "0x..").  */
int sysroot_read_u64(const struct sysroot *s, const char *rel, int base,
		     uint64_t *val);

/* A CPU list file such as "0-3,8\n": a bitmap of up to *ncpus entries. */
struct cpu_set {
	unsigned char *bits;
	unsigned int nbits;	/* highest CPU number + 1 */
};
int sysroot_read_cpulist(const struct sysroot *s, const char *rel,
			 struct cpu_set *set);
bool cpu_set_has(const struct cpu_set *set, unsigned int cpu);
unsigned int cpu_set_count(const struct cpu_set *set);
void cpu_set_free(struct cpu_set *set);

/* The kernel's kexec state (sysfs); -ENOENT where the node is missing. */
struct kexec_state {
	int kexec_loaded;	/* -1 = unknown */
	int crash_loaded;
	int cpu_crash_hotplug;	/* /sys/devices/system/cpu/crash_hotplug */
	int mem_crash_hotplug;	/* /sys/devices/system/memory/crash_hotplug */
	uint64_t crash_size;	/* /sys/kernel/kexec_crash_size */
	bool has_crash_size;
};
void sysroot_kexec_state(const struct sysroot *s, struct kexec_state *st);

/* /sys/kernel/crash_elfcorehdr_size: -ENOENT (no message) when missing. */
/* Does the kernel offer crash_elfcorehdr_size (CONFIG_CRASH_HOTPLUG)? */
bool sysroot_has_crash_elfcorehdr_size(const struct sysroot *s);
int sysroot_crash_elfcorehdr_size(const struct sysroot *s, uint64_t *size);

/* /sys/kernel/vmcoreinfo: physical address and size of the note. */
int sysroot_vmcoreinfo(const struct sysroot *s, uint64_t *addr, uint64_t *size);

/*
 * Per-CPU crash note buffers of every possible CPU that has one
 * (cpuN/crash_notes; the size from the first such CPU's crash_notes_size,
 * one kernel constant for all).  *n receives the count.
 */
struct crash_note {
	unsigned int cpu;
	uint64_t addr;
	uint64_t size;
};
int sysroot_crash_notes(const struct sysroot *s, struct crash_note **notes,
			size_t *n);

/*
 * /proc/sys/kernel/random/boot_id without its newline into buf (len bytes
 * with the NUL); -ENOENT without a message when missing.
 */
int sysroot_boot_id(const struct sysroot *s, char *buf, size_t len);

/*
 * /proc/xen/capabilities lists "control_d" in a Xen dom0: 1 there, 0 where
 * it does not (domU, bare metal, no xenfs), -errno after a message when it
 * exists but cannot be read.
 */
int sysroot_xen_dom0(const struct sysroot *s);

#endif
