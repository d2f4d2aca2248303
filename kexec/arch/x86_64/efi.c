// SPDX-License-Identifier: GPL-2.0-only
/*
 * efi.c - EFI state for a new x86_64 kernel on an EFI machine, so that it
 * keeps EFI runtime services (variables, time, reset) and the EFI memory
 * map after kexec.  A kexec'd kernel cannot call SetVirtualAddressMap a
 * second time; it maps the runtime regions at the virtual addresses the
 * first kernel chose, which it learns from the runtime memory map it is
 * given (sys/firmware/efi/runtime-map, rebuilt here as 40-byte
 * descriptors), and it takes the physical fw_vendor, config table and
 * SMBIOS addresses from a SETUP_EFI setup_data entry because the system
 * table now holds virtual ones.  efi_info is the running kernel's, with
 * the memory map fields pointing at our rebuilt map.
 *
 * Without a runtime-map (CONFIG_EFI_RUNTIME_MAP=n) nothing is passed: a
 * kexec'd kernel given efi_info without a usable map would try the
 * firmware's boot-time map or call SetVirtualAddressMap again, which
 * firmware refuses or crashes on.  The new kernel then runs as with
 * --noefi and finds ACPI through acpi_rsdp_addr and acpi_rsdp=.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "efi.h"
#include "log.h"
#include "sysroot.h"

#define EFI_DIR			"sys/firmware/efi"
#define RUNTIME_MAP		EFI_DIR "/runtime-map"
#define SYSTAB_MAX		4096

static const char *const desc_fields[] = {
	"type", "phys_addr", "virt_addr", "num_pages", "attribute",
};
/* where each field goes inside a descriptor */
static const size_t desc_offsets[] = { 0, 8, 16, 24, 32 };

/* Why the running kernel's efi_info cannot be passed on, or NULL. */
static const char *efi_info_unusable(const unsigned char *running,
				     size_t running_len)
{
	const unsigned char *info;

	if (!running || running_len < BP_EFI_INFO + BP_EFI_INFO_LEN)
		return "the running kernel's boot_params is missing or short";
	info = running + BP_EFI_INFO;
	if (memcmp(info + EFI_INFO_SIGNATURE, "EL64", 4) &&
	    memcmp(info + EFI_INFO_SIGNATURE, "EL32", 4))
		return "boot_params has no efi_info (no EL64/EL32 signature)";
	if (get_le32(info + EFI_INFO_MEMDESC_VER) != EFI_MEMDESC_VERSION)
		return "efi_info has an EFI memory descriptor version other than 1";
	return NULL;
}

/* Descriptor idx into out; 1 when runtime-map/<idx> does not exist. */
static int read_desc(const struct sysroot *root, size_t idx,
		     unsigned char *out)
{
	char rel[128];
	uint64_t v;
	size_t f;
	int ret;

	for (f = 0; f < sizeof(desc_fields) / sizeof(desc_fields[0]); f++) {
		snprintf(rel, sizeof(rel), RUNTIME_MAP "/%zu/%s", idx,
			 desc_fields[f]);
		ret = sysroot_read_u64(root, rel, 16, &v);
		if (ret == -ENOENT && f == 0)
			return 1;
		if (ret == -ENOENT)
			return sysroot_error(root, rel, ret);
		if (ret)
			return ret;
		if (f == 0)
			put_le32(out, (uint32_t)v);	/* pad stays 0 */
		else
			put_le64(out + desc_offsets[f], v);
	}
	return 0;
}

static int grow_memmap(struct x86_efi *efi, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 32;
	unsigned char *n = realloc(efi->memmap, ncap * EFI_MEMDESC_SIZE);

	if (!n) {
		pr_err("EFI runtime map: out of memory");
		return -ENOMEM;
	}
	efi->memmap = n;
	*cap = ncap;
	return 0;
}

/* runtime-map/0, 1, ... (the kernel numbers them without gaps). */
static int read_runtime_map(const struct sysroot *root, struct x86_efi *efi)
{
	size_t n = 0, cap = 0;
	int ret = 0;

	for (n = 0; n < EFI_MEMMAP_MAX; n++) {
		if (n == cap && (ret = grow_memmap(efi, &cap)))
			return ret;
		memset(efi->memmap + n * EFI_MEMDESC_SIZE, 0, EFI_MEMDESC_SIZE);
		ret = read_desc(root, n, efi->memmap + n * EFI_MEMDESC_SIZE);
		if (ret)
			break;
	}
	if (ret < 0)
		return ret;
	if (n == EFI_MEMMAP_MAX) {
		pr_err("%s/" RUNTIME_MAP ": more than %d entries", root->path,
		       EFI_MEMMAP_MAX);
		return -E2BIG;
	}
	efi->memmap_len = n * EFI_MEMDESC_SIZE;
	return 0;
}

/*
 * The value of the "KEY=0x..." line of systab (ACPI20, ACPI, SMBIOS; KEY=
 * never matches SMBIOS3=); 0 when the file or the line is missing.
 */
static int systab_value(const struct sysroot *root, const char *key,
			uint64_t *val)
{
	char *buf, *line, *save = NULL;
	size_t len, klen = strlen(key);
	int ret;

	*val = 0;
	ret = sysroot_read(root, EFI_DIR "/systab", &buf, &len, SYSTAB_MAX);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, key, klen) && line[klen] == '=')
			*val = strtoull(line + klen + 1, NULL, 16);
	free(buf);
	return 0;
}

int x86_efi_acpi_rsdp(const struct sysroot *root, uint64_t *rsdp)
{
	int ret = systab_value(root, "ACPI20", rsdp);

	if (!ret && !*rsdp)
		ret = systab_value(root, "ACPI", rsdp);
	return ret;
}

/* SETUP_EFI: physical addresses of the firmware tables. */
static int read_setup(const struct sysroot *root, struct x86_efi *efi)
{
	static const char *const rel[] = {
		EFI_DIR "/fw_vendor", EFI_DIR "/runtime", EFI_DIR "/config_table",
	};
	static const size_t off[] = {
		EFI_SETUP_FW_VENDOR, EFI_SETUP_RUNTIME, EFI_SETUP_TABLES,
	};
	uint64_t v;
	size_t i;
	int ret;

	memset(efi->setup, 0, sizeof(efi->setup));
	for (i = 0; i < 3; i++) {
		ret = sysroot_read_u64(root, rel[i], 16, &v);
		if (ret == -ENOENT)
			return sysroot_error(root, rel[i], ret);
		if (ret)
			return ret;
		put_le64(efi->setup + off[i], v);
	}
	ret = systab_value(root, "SMBIOS", &v);
	if (!ret)
		put_le64(efi->setup + EFI_SETUP_SMBIOS, v);
	return ret;
}

/* Whether to pass EFI at all; logs the reason when not. */
static bool efi_wanted(const struct sysroot *root, uint16_t xloadflags,
		       const unsigned char *running, size_t running_len)
{
	const char *why;

	if (!sysroot_exists(root, EFI_DIR))
		return false;	/* a BIOS machine: nothing to say */
	if (!(xloadflags & XLF_EFI_KEXEC)) {
		pr_info("the new kernel lacks XLF_EFI_KEXEC: it boots without EFI runtime services (ACPI through acpi_rsdp)");
		return false;
	}
	why = efi_info_unusable(running, running_len);
	if (!why && !sysroot_exists(root, RUNTIME_MAP))
		why = "no " RUNTIME_MAP " (kernel built without CONFIG_EFI_RUNTIME_MAP)";
	if (why) {
		pr_warn("EFI state not passed, the new kernel boots as with --noefi: %s",
			why);
		return false;
	}
	return true;
}

int x86_efi_read(const struct sysroot *root, uint16_t xloadflags,
		 const unsigned char *running, size_t running_len,
		 struct x86_efi *efi)
{
	int ret;

	memset(efi, 0, sizeof(*efi));
	if (!efi_wanted(root, xloadflags, running, running_len))
		return 0;
	ret = read_runtime_map(root, efi);
	if (!ret)
		ret = read_setup(root, efi);
	if (ret) {
		x86_efi_free(efi);
		return ret;
	}
	if (!efi->memmap_len) {
		pr_warn("EFI state not passed, the new kernel boots as with --noefi: %s/" RUNTIME_MAP " is empty",
			root->path);
		x86_efi_free(efi);
		return 0;
	}
	memcpy(efi->info, running + BP_EFI_INFO, BP_EFI_INFO_LEN);
	put_le32(efi->info + EFI_INFO_MEMDESC_SIZE, EFI_MEMDESC_SIZE);
	put_le32(efi->info + EFI_INFO_MEMDESC_VER, EFI_MEMDESC_VERSION);
	put_le32(efi->info + EFI_INFO_MEMMAP_SIZE, (uint32_t)efi->memmap_len);
	efi->present = true;
	return 0;
}

void x86_efi_set_memmap_addr(struct x86_efi *efi, uint64_t addr)
{
	put_le32(efi->info + EFI_INFO_MEMMAP, (uint32_t)addr);
	put_le32(efi->info + EFI_INFO_MEMMAP_HI, (uint32_t)(addr >> 32));
}

unsigned char *x86_efi_take_memmap(struct x86_efi *efi)
{
	unsigned char *m = efi->memmap;

	efi->memmap = NULL;
	return m;
}

void x86_efi_free(struct x86_efi *efi)
{
	free(efi->memmap);
	memset(efi, 0, sizeof(*efi));
}
