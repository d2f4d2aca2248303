// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_efi.c - libFuzzer target for the EFI state reader of the x86_64
 * backend (x86_efi_read, x86_efi_acpi_rsdp in kexec/arch/x86_64/efi.c):
 * the sysfs files of sys/firmware/efi and its runtime-map.  The input is
 * split on NUL bytes; each field becomes one file of a temporary sysroot
 * made once per process (a missing field removes the file):
 *   0 systab   1 fw_vendor   2 runtime   3 config_table
 *   4 + 5 * N + k  runtime-map/N/{type, phys_addr, virt_addr, num_pages,
 *                  attribute}[k] for N = 0 .. 7
 * The running kernel's boot_params carry a valid efi_info (EL64, memory
 * descriptor version 1), so the runtime map is always read.  A map that
 * is passed must hold whole 40-byte descriptors, as many as efi_info says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootparams.h"
#include "efi.h"
#include "fuzz_util.h"
#include "sysroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EFI_DIR		"sys/firmware/efi"
#define MAP_ENTRIES	8
#define NR_TOP		4
#define NR_FILES	(NR_TOP + 5 * MAP_ENTRIES)

static const char *const top[NR_TOP] = {
	"systab", "fw_vendor", "runtime", "config_table",
};
static const char *const desc[5] = {
	"type", "phys_addr", "virt_addr", "num_pages", "attribute",
};

static struct sysroot root = { .dirfd = -1 };
static unsigned char running[BP_SIZE];

static void file_path(char *path, size_t len, size_t i)
{
	if (i < NR_TOP)
		snprintf(path, len, "%s/" EFI_DIR "/%s", root.path, top[i]);
	else
		snprintf(path, len, "%s/" EFI_DIR "/runtime-map/%zu/%s", root.path,
			 (i - NR_TOP) / 5, desc[(i - NR_TOP) % 5]);
}

static void make_tree(void)
{
	const char *dir = fuzz_scratch_dir();
	char path[512];

	snprintf(path, sizeof(path), "%s/sys", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/firmware", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/" EFI_DIR, dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/" EFI_DIR "/runtime-map", dir);
	if (mkdir(path, 0755)) {
		perror(path);
		abort();
	}
	for (int n = 0; n < MAP_ENTRIES; n++) {
		snprintf(path, sizeof(path), "%s/" EFI_DIR "/runtime-map/%d", dir, n);
		if (mkdir(path, 0755)) {
			perror(path);
			abort();
		}
	}
	if (sysroot_open(&root, dir))
		abort();
	memcpy(running + BP_EFI_INFO + EFI_INFO_SIGNATURE, "EL64", 4);
	put_le32(running + BP_EFI_INFO + EFI_INFO_MEMDESC_VER, EFI_MEMDESC_VERSION);
}

static void place(char *const *f, size_t n)
{
	char path[512];

	for (size_t i = 0; i < NR_FILES; i++) {
		file_path(path, sizeof(path), i);
		if (i < n)
			fuzz_write_file(path, f[i], strlen(f[i]));
		else
			unlink(path);
	}
}

static void check(const struct x86_efi *efi)
{
	if (!efi->present)
		return;
	if (!efi->memmap || !efi->memmap_len ||
	    efi->memmap_len % EFI_MEMDESC_SIZE ||
	    efi->memmap_len > MAP_ENTRIES * EFI_MEMDESC_SIZE ||
	    get_le32(efi->info + EFI_INFO_MEMMAP_SIZE) != efi->memmap_len ||
	    get_le32(efi->info + EFI_INFO_MEMDESC_SIZE) != EFI_MEMDESC_SIZE)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[NR_FILES], *storage;
	struct x86_efi efi;
	uint64_t rsdp;
	size_t n;

	if (root.dirfd < 0)
		make_tree();
	n = fuzz_split(data, size, f, NR_FILES, &storage);
	place(f, n);
	if (x86_efi_read(&root, XLF_EFI_KEXEC, running, sizeof(running), &efi) == 0) {
		check(&efi);
		x86_efi_set_memmap_addr(&efi, 0x12345000);
		x86_efi_free(&efi);
	}
	x86_efi_acpi_rsdp(&root, &rsdp);
	free(storage);
	return 0;
}
