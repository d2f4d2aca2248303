// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_efi.c - the EFI state handed to a new x86_64 kernel (efi.c and its
 * hooks in bootparams.c / x86_64.c): efi_info fields, the runtime map
 * rebuilt as 40-byte descriptors, the SETUP_EFI entry and its place in the
 * setup_data list, each reason to pass nothing, --noefi; on a temporary
 * sysroot and on the real OVMF snapshot deb12-x86_64-efi.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "arch.h"
#include "crash.h"
#include "arch/x86_64/bootparams.h"
#include "arch/x86_64/kimage.h"
#include "arch/x86_64/efi.h"
#include "arch/x86_64/formats.h"
#include "arch/x86_64/x86_64.h"
#include "file.h"
#include "options.h"
#include "plan.h"
#include "sysroot.h"
#include "helpers/tmpsysroot.h"
#include "x86_fake_bzimage.h"

#define SYSTAB		0x3f5eb018U
#define OLD_MEMMAP	0x3f771040U
#define XLF_ALL		0x7f
#define EFI_SNAP	"deb12-x86_64-efi"

static const uint64_t tmp_map[3][5] = {	/* type phys virt pages attr */
	{ 0xb, 0xffc00000, 0xfffffffeffc00000ULL, 0x400, 0x8000000000000001ULL },
	{ 0x6, 0x3fedc000, 0xfffffffeffadc000ULL, 0x84, 0x800000000000000fULL },
	{ 0x5, 0x13f5ec000ULL, 0xfffffffeff1ec000ULL, 0x100, 0x800000000000000fULL },
};

static void running_bp(unsigned char *bp, uint32_t memdesc_version)
{
	memset(bp, 0, BP_SIZE);
	memcpy(bp + BP_EFI_INFO, "EL64", 4);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_SYSTAB, SYSTAB);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_MEMDESC_SIZE, 48);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_MEMDESC_VER, memdesc_version);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_MEMMAP, OLD_MEMMAP);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_MEMMAP_SIZE, 126 * 48);
	put_le32(bp + BP_EFI_INFO + EFI_INFO_SYSTAB_HI, 1);
	put_le64(bp + BP_ACPI_RSDP_ADDR, 0x3f77d014);
}

static void write_map_entry(const char *root, unsigned int i,
			    const uint64_t *v)
{
	static const char *const f[] = {
		"type", "phys_addr", "virt_addr", "num_pages", "attribute",
	};
	char rel[128], text[32];
	unsigned int k;

	for (k = 0; k < 5; k++) {
		snprintf(rel, sizeof(rel), "sys/firmware/efi/runtime-map/%u/%s",
			 i, f[k]);
		snprintf(text, sizeof(text), "0x%llx\n", (unsigned long long)v[k]);
		tmpsysroot_write(root, rel, text);
	}
}

/* An EFI machine: tables, systab (SMBIOS3 before SMBIOS), runtime map. */
static char *efi_root(int with_map)
{
	char *root = tmpsysroot_new();
	unsigned int i;

	tmpsysroot_write(root, "sys/firmware/efi/fw_vendor", "0x3f52aa18\n");
	tmpsysroot_write(root, "sys/firmware/efi/runtime", "0x3f5ebb98\n");
	tmpsysroot_write(root, "sys/firmware/efi/config_table", "0x3f5ebc98\n");
	tmpsysroot_write(root, "sys/firmware/efi/systab",
			 "ACPI20=0x3f77d014\nACPI=0x3f77d000\nSMBIOS3=0x3f500000\nSMBIOS=0x3f520000\n");
	tmpsysroot_write(root, "sys/firmware/efi/fw_platform_size", "64\n");
	for (i = 0; with_map && i < 3; i++)
		write_map_entry(root, i, tmp_map[i]);
	return root;
}

static int read_efi(const char *root, uint16_t xlf, const unsigned char *bp,
		    size_t bp_len, struct x86_efi *efi)
{
	struct sysroot s;
	int ret;

	ck_assert_int_eq(sysroot_open(&s, root), 0);
	ret = x86_efi_read(&s, xlf, bp, bp_len, efi);
	sysroot_close(&s);
	return ret;
}

static void check_desc(const unsigned char *d, const uint64_t *v)
{
	ck_assert_uint_eq(get_le32(d), v[0]);
	ck_assert_uint_eq(get_le32(d + 4), 0);
	ck_assert_uint_eq(get_le64(d + 8), v[1]);
	ck_assert_uint_eq(get_le64(d + 16), v[2]);
	ck_assert_uint_eq(get_le64(d + 24), v[3]);
	ck_assert_uint_eq(get_le64(d + 32), v[4]);
}

START_TEST(reads_tables_and_map)
{
	unsigned char bp[BP_SIZE];
	struct x86_efi efi;
	char *root = efi_root(1);
	unsigned int i;

	running_bp(bp, 1);
	ck_assert_int_eq(read_efi(root, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(efi.present);
	ck_assert_mem_eq(efi.info, "EL64", 4);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_SYSTAB), SYSTAB);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_SYSTAB_HI), 1);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMDESC_SIZE), 40);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMDESC_VER), 1);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMMAP_SIZE), 3 * 40);
	ck_assert_uint_eq(efi.memmap_len, 3 * 40);
	for (i = 0; i < 3; i++)
		check_desc(efi.memmap + i * 40, tmp_map[i]);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_FW_VENDOR), 0x3f52aa18);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_RUNTIME), 0x3f5ebb98);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_TABLES), 0x3f5ebc98);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_SMBIOS), 0x3f520000);
	for (i = 32; i < EFI_SETUP_LEN; i++)
		ck_assert_uint_eq(efi.setup[i], 0);
	x86_efi_set_memmap_addr(&efi, 0x123456000ULL);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMMAP), 0x23456000);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMMAP_HI), 1);
	x86_efi_free(&efi);
	tmpsysroot_remove(root);
}
END_TEST

START_TEST(acpi_rsdp_from_systab)
{
	char *root = efi_root(0), *bios = tmpsysroot_new();
	struct sysroot s;
	uint64_t rsdp;

	ck_assert_int_eq(sysroot_open(&s, root), 0);
	ck_assert_int_eq(x86_efi_acpi_rsdp(&s, &rsdp), 0);
	ck_assert_uint_eq(rsdp, 0x3f77d014);
	tmpsysroot_write(root, "sys/firmware/efi/systab", "ACPI=0x3f77d000\n");
	ck_assert_int_eq(x86_efi_acpi_rsdp(&s, &rsdp), 0);
	ck_assert_uint_eq(rsdp, 0x3f77d000);
	sysroot_close(&s);
	ck_assert_int_eq(sysroot_open(&s, bios), 0);
	ck_assert_int_eq(x86_efi_acpi_rsdp(&s, &rsdp), 0);
	ck_assert_uint_eq(rsdp, 0);
	sysroot_close(&s);
	tmpsysroot_remove(root);
	tmpsysroot_remove(bios);
}
END_TEST

START_TEST(no_smbios_line)
{
	unsigned char bp[BP_SIZE];
	struct x86_efi efi;
	char *root = efi_root(1);

	tmpsysroot_write(root, "sys/firmware/efi/systab", "ACPI20=0x3f77d014\n");
	running_bp(bp, 1);
	ck_assert_int_eq(read_efi(root, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(efi.present);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_SMBIOS), 0);
	x86_efi_free(&efi);
	tmpsysroot_remove(root);
}
END_TEST

/* Each reason to pass nothing: present stays false, no error. */
START_TEST(nothing_passed)
{
	unsigned char bp[BP_SIZE];
	struct x86_efi efi;
	char *bios = tmpsysroot_new(), *nomap = efi_root(0), *ok = efi_root(1);

	running_bp(bp, 1);
	ck_assert_int_eq(read_efi(bios, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(!efi.present);
	ck_assert_int_eq(read_efi(nomap, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(!efi.present);
	tmpsysroot_mkdir(nomap, "sys/firmware/efi/runtime-map");
	ck_assert_int_eq(read_efi(nomap, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(!efi.present);	/* empty map */
	ck_assert_int_eq(read_efi(ok, XLF_ALL & ~XLF_EFI_KEXEC, bp, sizeof(bp),
				  &efi), 0);
	ck_assert(!efi.present);
	ck_assert_int_eq(read_efi(ok, XLF_ALL, NULL, 0, &efi), 0);
	ck_assert(!efi.present);
	ck_assert_int_eq(read_efi(ok, XLF_ALL, bp, BP_EFI_INFO + 8, &efi), 0);
	ck_assert(!efi.present);
	running_bp(bp, 2);
	ck_assert_int_eq(read_efi(ok, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(!efi.present);
	running_bp(bp, 1);
	memset(bp + BP_EFI_INFO, 0, 4);		/* booted with noefi / BIOS */
	ck_assert_int_eq(read_efi(ok, XLF_ALL, bp, sizeof(bp), &efi), 0);
	ck_assert(!efi.present);
	tmpsysroot_remove(bios);
	tmpsysroot_remove(nomap);
	tmpsysroot_remove(ok);
}
END_TEST

START_TEST(broken_map_fails)
{
	unsigned char bp[BP_SIZE];
	struct x86_efi efi;
	char *root = efi_root(1), path[512];

	snprintf(path, sizeof(path), "%s/sys/firmware/efi/runtime-map/1/virt_addr",
		 root);
	ck_assert_int_eq(unlink(path), 0);
	running_bp(bp, 1);
	ck_assert_int_eq(read_efi(root, XLF_ALL, bp, sizeof(bp), &efi), -ENOENT);
	ck_assert(!efi.present && !efi.memmap);
	tmpsysroot_write(root, "sys/firmware/efi/runtime-map/1/virt_addr", "junk\n");
	ck_assert_int_eq(read_efi(root, XLF_ALL, bp, sizeof(bp), &efi), -EINVAL);
	tmpsysroot_remove(root);
}
END_TEST

/* ---- the setup_data list in the boot_params segment ------------------- */

struct sd_walk {
	unsigned int n;
	uint32_t type[8];
	size_t off[8], len[8];
};

/* Walk from 0x250; every entry inside buf, 8-byte aligned, no loop. */
static void walk_setup_data(const unsigned char *buf, size_t len,
			    uint64_t addr, struct sd_walk *w)
{
	uint64_t p = get_le64(buf + HDR_SETUP_DATA);

	memset(w, 0, sizeof(*w));
	while (p) {
		size_t off;

		ck_assert_uint_lt(w->n, 8);
		ck_assert_uint_ge(p, addr + BP_SIZE);
		off = p - addr;
		ck_assert_uint_eq(off % 8, 0);
		ck_assert_uint_le(off + SETUP_DATA_HDR_SIZE, len);
		w->type[w->n] = get_le32(buf + off + 8);
		w->len[w->n] = get_le32(buf + off + 12);
		w->off[w->n] = off;
		ck_assert_uint_le(off + SETUP_DATA_HDR_SIZE + w->len[w->n], len);
		w->n++;
		p = get_le64(buf + off);
	}
}

static unsigned char *build_bp(size_t nmap, int with_efi, uint64_t addr,
			       size_t *len)
{
	struct fake_bzimage f = fake_bzimage_make(FAKE_PAYLOAD);
	struct range_list map = RANGE_LIST_INIT;
	unsigned char info[BP_EFI_INFO_LEN], setup[EFI_SETUP_LEN];
	struct kernel_image img;
	struct bp_input in = { .img = &img, .cmdline = "console=ttyS0 x" };
	unsigned char *buf = NULL;
	size_t i;

	memset(info, 0xe1, sizeof(info));
	for (i = 0; i < sizeof(setup); i++)
		setup[i] = (unsigned char)i;
	ck_assert_int_eq(x86_image_probe("fake", f.data, f.size, &img, NULL), 0);
	for (i = 0; i < nmap; i++)
		ck_assert_int_eq(ranges_add(&map, 0x200000ULL * (2 * i + 1),
					    0x200000ULL * (2 * i + 2) - 1,
					    RANGE_RAM), 0);
	in.e820 = &map;
	if (with_efi) {
		in.efi_info = info;
		in.efi_setup = setup;
		in.efi_setup_len = sizeof(setup);
	}
	ck_assert_int_eq(bootparams_build(&in, addr, &buf, len), 0);
	ck_assert_uint_eq(*len, bootparams_size(&in));
	if (with_efi) {
		ck_assert_mem_eq(buf + BP_EFI_INFO, info, sizeof(info));
	}
	ranges_free(&map);
	free(f.data);
	return buf;
}

START_TEST(setup_data_chain)
{
	const uint64_t addr = 0x7ff00000ULL;
	struct sd_walk w;
	unsigned char *buf;
	size_t len, i;

	buf = build_bp(4, 1, addr, &len);	/* EFI only */
	walk_setup_data(buf, len, addr, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.type[0], SETUP_EFI);
	ck_assert_uint_eq(w.len[0], EFI_SETUP_LEN);
	for (i = 0; i < EFI_SETUP_LEN; i++)
		ck_assert_uint_eq(buf[w.off[0] + 16 + i], i);
	free(buf);

	buf = build_bp(200, 1, addr, &len);	/* e820 ext, then EFI */
	walk_setup_data(buf, len, addr, &w);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_uint_eq(w.type[0], SETUP_E820_EXT);
	ck_assert_uint_eq(w.len[0], 72 * BP_E820_ENTRY_SIZE);
	ck_assert_uint_eq(w.type[1], SETUP_EFI);
	ck_assert_uint_eq(w.off[1] + 16 + EFI_SETUP_LEN, len);
	ck_assert_uint_eq(buf[BP_E820_ENTRIES], BP_E820_MAX);
	free(buf);

	buf = build_bp(200, 0, addr, &len);	/* no EFI: e820 ext alone */
	walk_setup_data(buf, len, addr, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.type[0], SETUP_E820_EXT);
	for (i = 0; i < BP_EFI_INFO_LEN; i++)
		ck_assert_uint_eq(buf[BP_EFI_INFO + i], 0);
	free(buf);

	buf = build_bp(4, 0, addr, &len);	/* nothing */
	ck_assert_uint_eq(get_le64(buf + HDR_SETUP_DATA), 0);
	free(buf);
}
END_TEST

/* ---- the real OVMF snapshot ------------------------------------------ */

static int snapshot_dir(char *dir, size_t n)
{
	const char *src = getenv("TEST_SRCDIR");

	snprintf(dir, n, "%s/fixtures/sysroot/" EFI_SNAP, src ? src : "tests");
	if (!access(dir, F_OK))
		return 1;
	printf("note: %s missing: snapshot tests skipped\n", dir);
	return 0;
}

/* One runtime-map value read with stdio (not through sysroot.c). */
static uint64_t snap_value(const char *dir, unsigned int i, const char *f)
{
	char path[600];
	unsigned long long v;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/sys/firmware/efi/runtime-map/%u/%s",
		 dir, i, f);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "%s", path);
	ck_assert_int_eq(fscanf(fp, "%llx", &v), 1);
	fclose(fp);
	return v;
}

static unsigned int snap_map_count(const char *dir)
{
	char path[600];
	unsigned int n = 0;

	for (;; n++) {
		snprintf(path, sizeof(path), "%s/sys/firmware/efi/runtime-map/%u",
			 dir, n);
		if (access(path, F_OK))
			return n;
	}
}

static void check_snapshot_map(const char *dir, const unsigned char *m,
			       size_t len)
{
	unsigned int i, n = snap_map_count(dir);

	ck_assert_uint_eq(n, 8);
	ck_assert_uint_eq(len, n * 40);
	for (i = 0; i < n; i++) {
		uint64_t v[5] = {
			snap_value(dir, i, "type"), snap_value(dir, i, "phys_addr"),
			snap_value(dir, i, "virt_addr"),
			snap_value(dir, i, "num_pages"),
			snap_value(dir, i, "attribute"),
		};

		check_desc(m + i * 40, v);
	}
}

struct run {
	struct options opt;
	struct sysroot root;
	struct load_ctx ctx;
	struct plan plan;
	struct fake_bzimage f;
	unsigned char *initrd;
};

static int run_plan(struct run *r, const char *dir, bool noefi, uint16_t xlf)
{
	memset(r, 0, sizeof(*r));
	r->opt.action = ACTION_LOAD;
	r->opt.syscall = SYSCALL_LOAD;
	r->opt.panic = true;
	r->opt.noefi = noefi;
	ck_assert_int_eq(sysroot_open(&r->root, dir), 0);
	r->f = fake_bzimage_make(FAKE_PAYLOAD);
	put_le16(r->f.data + HDR_XLOADFLAGS, xlf);
	r->initrd = calloc(1, 1 << 20);
	r->ctx = (struct load_ctx){ .opt = &r->opt, .root = &r->root,
		.kernel = { .path = "fake-bzImage", .data = r->f.data, .size = r->f.size },
		.initrd = { .path = "fake-initrd", .data = r->initrd, .size = 1 << 20 },
		.cmdline = "irqpoll nr_cpus=1", .hotplug = true };
	plan_init(&r->plan, "x86_64");
	return arch_plan_load(&arch_x86_64, &r->ctx, &r->plan);
}

static void run_free(struct run *r)
{
	plan_free(&r->plan);
	sysroot_close(&r->root);
	file_buf_free(&r->ctx.initrd);
	free(r->f.data);
}

static const struct segment *find_seg(const struct plan *p, enum seg_role role)
{
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	return NULL;
}

START_TEST(snapshot_reader)
{
	char dir[512];
	unsigned char *bp;
	size_t bp_len;
	struct sysroot s;
	struct x86_efi efi;

	if (!snapshot_dir(dir, sizeof(dir)))
		return;
	ck_assert_int_eq(sysroot_open(&s, dir), 0);
	ck_assert_int_eq(sysroot_read(&s, "sys/kernel/boot_params/data",
				      (char **)&bp, &bp_len, 65536), 0);
	ck_assert_int_eq(x86_efi_read(&s, XLF_ALL, bp, bp_len, &efi), 0);
	ck_assert(efi.present);
	check_snapshot_map(dir, efi.memmap, efi.memmap_len);
	ck_assert_mem_eq(efi.info, bp + BP_EFI_INFO, 8);	/* sig, systab */
	ck_assert_mem_eq(efi.info + EFI_INFO_SYSTAB_HI,
			 bp + BP_EFI_INFO + EFI_INFO_SYSTAB_HI, 4);
	ck_assert_uint_eq(get_le32(bp + BP_EFI_INFO + EFI_INFO_MEMDESC_SIZE), 48);
	ck_assert_uint_eq(get_le32(efi.info + EFI_INFO_MEMDESC_SIZE), 40);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_FW_VENDOR), 0x3f52aa18);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_RUNTIME), 0x3f5ebb98);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_TABLES), 0x3f5ebc98);
	ck_assert_uint_eq(get_le64(efi.setup + EFI_SETUP_SMBIOS), 0x3f520000);
	x86_efi_free(&efi);
	free(bp);
	sysroot_close(&s);
}
END_TEST

START_TEST(snapshot_plan)
{
	const struct segment *bps, *mm;
	struct sd_walk w;
	struct run r;
	char dir[512];
	uint64_t mm_addr;

	if (!snapshot_dir(dir, sizeof(dir)))
		return;
	ck_assert_int_eq(run_plan(&r, dir, false, XLF_ALL), 0);
	bps = find_seg(&r.plan, SEG_BOOT_PARAMS);
	mm = find_seg(&r.plan, SEG_EFI_MEMMAP);
	ck_assert(bps && mm && mm->in_digest);
	check_snapshot_map(dir, mm->buf, mm->bufsz);
	mm_addr = get_le32((unsigned char *)bps->buf + BP_EFI_INFO + EFI_INFO_MEMMAP) |
		  (uint64_t)get_le32((unsigned char *)bps->buf + BP_EFI_INFO +
				     EFI_INFO_MEMMAP_HI) << 32;
	ck_assert_uint_eq(mm_addr, mm->mem);
	ck_assert(mm->mem >= r.plan.crash_region.start &&
		  mm->mem + mm->memsz - 1 <= r.plan.crash_region.end);
	ck_assert_uint_eq(get_le32((unsigned char *)bps->buf + BP_EFI_INFO +
				   EFI_INFO_MEMMAP_SIZE), mm->bufsz);
	walk_setup_data(bps->buf, bps->bufsz, bps->mem, &w);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.type[0], SETUP_EFI);
	ck_assert_uint_eq(get_le64((unsigned char *)bps->buf + w.off[0] + 16 +
				   EFI_SETUP_TABLES), 0x3f5ebc98);
	ck_assert_ptr_null(strstr(r.plan.cmdline, "acpi_rsdp="));
	ck_assert_uint_eq(get_le64((unsigned char *)bps->buf + BP_ACPI_RSDP_ADDR),
			  0x3f77d014);
	ck_assert_int_eq(plan_validate(&r.plan), 0);
	run_free(&r);
}
END_TEST

/* --noefi, or an image without XLF_EFI_KEXEC: the BIOS-like plan. */
START_TEST(snapshot_noefi)
{
	const struct segment *bps;
	struct run r;
	char dir[512];
	int pass;
	size_t i;

	if (!snapshot_dir(dir, sizeof(dir)))
		return;
	for (pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(run_plan(&r, dir, pass == 0,
					  pass == 0 ? XLF_ALL : XLF_ALL & ~XLF_EFI_KEXEC), 0);
		ck_assert_ptr_null(find_seg(&r.plan, SEG_EFI_MEMMAP));
		bps = find_seg(&r.plan, SEG_BOOT_PARAMS);
		ck_assert_ptr_nonnull(bps);
		for (i = 0; i < BP_EFI_INFO_LEN; i++)
			ck_assert_uint_eq(((unsigned char *)bps->buf)[BP_EFI_INFO + i], 0);
		ck_assert_uint_eq(get_le64((unsigned char *)bps->buf + HDR_SETUP_DATA), 0);
		/* EFI stub boots leave acpi_rsdp_addr 0: systab's ACPI20= */
		ck_assert_ptr_nonnull(strstr(r.plan.cmdline, "acpi_rsdp=0x3f77d014"));
		ck_assert_uint_eq(get_le64((unsigned char *)bps->buf +
					   BP_ACPI_RSDP_ADDR), 0x3f77d014);
		run_free(&r);
	}
}
END_TEST

static Suite *efi_suite(void)
{
	Suite *s = suite_create("x86_64 EFI");
	TCase *tc = tcase_create("tmp sysroot");
	TCase *snap = tcase_create(EFI_SNAP);

	tcase_add_test(tc, reads_tables_and_map);
	tcase_add_test(tc, no_smbios_line);
	tcase_add_test(tc, acpi_rsdp_from_systab);
	tcase_add_test(tc, nothing_passed);
	tcase_add_test(tc, broken_map_fails);
	tcase_add_test(tc, setup_data_chain);
	suite_add_tcase(s, tc);
	tcase_set_timeout(snap, 30);
	tcase_add_test(snap, snapshot_reader);
	tcase_add_test(snap, snapshot_plan);
	tcase_add_test(snap, snapshot_noefi);
	suite_add_tcase(s, snap);
	return s;
}

int main(void)
{
	return check_run(efi_suite());
}
