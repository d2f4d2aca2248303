// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_sysroot.c - libFuzzer target for the small sysfs formats parsed by
 * kexec/machine/sysroot.c: single numbers (sysroot_read_u64 in bases 0, 10, 16),
 * CPU lists (sysroot_read_cpulist), /sys/kernel/vmcoreinfo and the per-CPU
 * crash notes.  The input is split on NUL bytes; each field becomes one
 * file of a temporary sysroot made once per process (a missing field
 * removes the file):
 *   0 sys/kernel/kexec_crash_size      4 cpu0/crash_notes_size
 *   1 sys/kernel/vmcoreinfo            5 cpu1/crash_notes
 *   2 .../cpu/possible                 6 cpu1/crash_notes_size
 *   3 .../cpu/cpu0/crash_notes         7 cpu2/crash_notes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "sysroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CPU_DIR		"sys/devices/system/cpu"

static const char *const files[] = {
	"sys/kernel/kexec_crash_size",
	"sys/kernel/vmcoreinfo",
	CPU_DIR "/possible",
	CPU_DIR "/cpu0/crash_notes",
	CPU_DIR "/cpu0/crash_notes_size",
	CPU_DIR "/cpu1/crash_notes",
	CPU_DIR "/cpu1/crash_notes_size",
	CPU_DIR "/cpu2/crash_notes",
};
#define NR_FILES	(sizeof(files) / sizeof(files[0]))

static struct sysroot root = { .dirfd = -1 };

static void make_tree(void)
{
	const char *dir = fuzz_scratch_dir();
	static const char *const dirs[] = {
		"sys", "sys/kernel", "sys/devices", "sys/devices/system",
		CPU_DIR, CPU_DIR "/cpu0", CPU_DIR "/cpu1", CPU_DIR "/cpu2",
	};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		if (mkdir(path, 0755)) {
			perror(path);
			abort();
		}
	}
	if (sysroot_open(&root, dir))
		abort();
}

static void place(const char *const *f, size_t n)
{
	char path[512];
	size_t i;

	for (i = 0; i < NR_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", root.path, files[i]);
		if (i < n)
			fuzz_write_file(path, f[i], strlen(f[i]));
		else
			unlink(path);
	}
}

/*
 * Lists of up to 2^24 CPUs are valid by design, and crash_notes then looks
 * for a node per CPU: seconds to minutes of failed opens, not a bug.  The
 * scan is fuzzed with lists whose highest CPU is below SCAN_MAX.
 */
#define SCAN_MAX	4096

static void read_all(void)
{
	struct crash_note *notes;
	struct cpu_set set;
	unsigned int nbits = 0;
	uint64_t a, b;
	size_t n, i;
	int base;

	for (base = 0; base <= 16; base += base ? 6 : 10)
		sysroot_read_u64(&root, files[0], base, &a);
	sysroot_vmcoreinfo(&root, &a, &b);
	if (sysroot_read_cpulist(&root, files[2], &set) == 0) {
		nbits = set.nbits;
		if (cpu_set_count(&set) > nbits ||
		    (nbits && !cpu_set_has(&set, nbits - 1)))
			abort();
		cpu_set_free(&set);
	}
	if (nbits <= SCAN_MAX && sysroot_crash_notes(&root, &notes, &n) == 0) {
		for (i = 0; i < n; i++)
			if (notes[i].size == 0)
				abort();
		free(notes);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[NR_FILES], *storage;
	size_t n;

	if (root.dirfd < 0)
		make_tree();
	n = fuzz_split(data, size, f, NR_FILES, &storage);
	place((const char *const *)f, n);
	read_all();
	free(storage);
	return 0;
}
