// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_plan.c - the load plan: ownership, command line, every validation
 * rule (one message per violation), the --dry-run text, the --plan-json
 * document (exact text, escaping) and --dump-segments files.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "plan.h"
#include "helpers/stderr_capture.h"

#define PG 4096

static void *bytes(const char *s, size_t n)
{
	void *b = malloc(n);

	memset(b, 0, n);
	memcpy(b, s, strlen(s) < n ? strlen(s) : n);
	return b;
}

/* A valid crash plan in [0x10000000, 0x1fffffff] with 3 segments. */
static void crash_plan(struct plan *p)
{
	plan_init(p, "x86_64");
	p->flags = KEXEC_ON_CRASH | KEXEC_UPDATE_ELFCOREHDR | KEXEC_ARCH_X86_64;
	p->has_crash_region = true;
	p->crash_region = (struct range){ 0x10000000, 0x1fffffff, RANGE_RAM };
	p->entry = 0x1f000100;
	ck_assert_int_eq(plan_add_segment(p, SEG_KERNEL, bytes("MZ", 100), 100,
					  0x10000000, 2 * PG, true), 0);
	ck_assert_int_eq(plan_add_segment(p, SEG_PURGATORY, bytes("pg", PG), PG,
					  0x1f000000, PG, false), 0);
	ck_assert_int_eq(plan_add_segment(p, SEG_ELFCOREHDR, bytes("\x7f" "ELF", 64), 64,
					  0x1f100000, 4 * PG, false), 0);
	p->elfcorehdr.present = true;
	p->elfcorehdr.mem = 0x1f100000;
	p->elfcorehdr.memsz = 4 * PG;
	p->elfcorehdr.used = 64 + 3 * 56;
	p->elfcorehdr.cpu_notes = 2;
	ranges_add(&p->elfcorehdr.loads, 0x100000, 0xfffffff, RANGE_RAM);
	ranges_add(&p->elfcorehdr.loads, 0x20000000, 0x7fffffff, RANGE_RAM);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static const char *validate_msgs(struct plan *p, int *ret)
{
	capture_begin();
	*ret = plan_validate(p);
	return capture_end();
}

START_TEST(add_segment_rules)
{
	struct plan p;
	int i;

	plan_init(&p, "x86_64");
	ck_assert_uint_eq(p.page, PG);
	capture_begin();
	ck_assert_int_eq(plan_add_segment(&p, SEG_KERNEL, malloc(10), 10, 0x1001, PG, true), -EINVAL);
	ck_assert_int_eq(plan_add_segment(&p, SEG_INITRD, malloc(10), 10, 0x1000, 0x1800, true), -EINVAL);
	ck_assert_int_eq(plan_add_segment(&p, SEG_PURGATORY, malloc(10), PG + 1, 0x1000, PG, true), -EINVAL);
	capture_end();
	for (i = 0; i < KEXEC_SEGMENT_MAX; i++)
		ck_assert_int_eq(plan_add_segment(&p, SEG_INITRD, malloc(1), 1,
						  (uint64_t)i * PG, PG, true), 0);
	capture_begin();
	ck_assert_int_eq(plan_add_segment(&p, SEG_KERNEL, malloc(1), 1, 0x100000, PG, true), -E2BIG);
	ck_assert_ptr_nonnull(strstr(capture_end(), "at most 16"));
	ck_assert_ptr_eq(plan_find(&p, SEG_INITRD), &p.seg[0]);
	ck_assert_ptr_null(plan_find(&p, SEG_KERNEL));
	plan_free(&p);	/* frees every buf: valgrind/ASan would complain otherwise */
}
END_TEST

START_TEST(cmdline_append)
{
	struct plan p;

	plan_init(&p, "x86_64");
	ck_assert_int_eq(plan_append_cmdline(&p, "elfcorehdr=%uK", 123u), 0);
	ck_assert_str_eq(p.cmdline, "elfcorehdr=123K");
	ck_assert_int_eq(plan_append_cmdline(&p, "acpi_rsdp=0x%x", 0xf00u), 0);
	ck_assert_str_eq(p.cmdline, "elfcorehdr=123K acpi_rsdp=0xf00");
	plan_free(&p);
}
END_TEST

START_TEST(valid_crash_plan)
{
	struct plan p;
	const char *msg;
	int ret;

	crash_plan(&p);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(msg, "");
	plan_free(&p);
}
END_TEST

START_TEST(overlap)
{
	struct plan p;
	const char *msg;
	int ret;

	crash_plan(&p);
	plan_add_segment(&p, SEG_INITRD, malloc(1), 1, 0x10001000, 2 * PG, true);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 3 (initrd) 0x10001000-0x10002fff overlaps segment 0 (kernel) 0x10000000-0x10001fff"));
	ck_assert_int_eq(count_lines(msg), 1);
	plan_free(&p);
}
END_TEST

START_TEST(misaligned_and_bufsz)
{
	struct plan p;
	const char *msg;
	int ret;

	crash_plan(&p);
	p.seg[0].mem = 0x10000800;	/* corrupted after add */
	p.seg[1].bufsz = 2 * PG;
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 0 (kernel) at 0x10000800, memsz 0x2000: not aligned"));
	ck_assert_ptr_nonnull(strstr(msg, "segment 1 (purgatory) at 0x1f000000: bufsz 0x2000 is larger than memsz 0x1000"));
	ck_assert_int_eq(count_lines(msg), 2);
	plan_free(&p);
}
END_TEST

START_TEST(wrap)
{
	struct plan p;
	const char *msg;
	int ret;

	plan_init(&p, "x86_64");
	plan_add_segment(&p, SEG_KERNEL, malloc(1), 1, 0x100000, PG, true);
	p.seg[0].mem = 0xfffffffffffff000ULL;
	p.seg[0].memsz = 2 * PG;
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 0 (kernel) at 0xfffffffffffff000, memsz 0x2000: wraps"));
	plan_free(&p);
}
END_TEST

START_TEST(outside_crash_region)
{
	struct plan p;
	const char *msg;
	int ret;

	crash_plan(&p);
	plan_add_segment(&p, SEG_INITRD, malloc(1), 1, 0x1ffff000, 2 * PG, true);
	p.entry = 0x9000;
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 3 (initrd) 0x1ffff000-0x20000fff is outside the crash region 0x10000000-0x1fffffff"));
	ck_assert_ptr_nonnull(strstr(msg, "entry 0x9000 is outside the crash region"));
	ck_assert_int_eq(count_lines(msg), 2);
	plan_free(&p);
}
END_TEST

START_TEST(crash_without_region)
{
	struct plan p;
	int ret;

	crash_plan(&p);
	p.has_crash_region = false;
	ck_assert_ptr_nonnull(strstr(validate_msgs(&p, &ret), "without a crash region"));
	ck_assert_int_eq(ret, -EINVAL);
	plan_free(&p);
}
END_TEST

START_TEST(elf_magic_rules)
{
	struct plan p;
	const char *msg;
	int ret;

	crash_plan(&p);
	plan_add_segment(&p, SEG_INITRD, bytes("\x7f" "ELF", 8), 8, 0x11000000, PG, true);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 3 (initrd) at 0x11000000 starts with ELF magic"));
	plan_free(&p);

	crash_plan(&p);
	memset(p.seg[2].buf, 0, 4);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "elfcorehdr segment at 0x1f100000 does not start with ELF magic"));
	plan_free(&p);

	crash_plan(&p);
	p.seg[2].role = SEG_BACKUP;
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "hot-plug flag set but the plan has no elfcorehdr"));
	plan_free(&p);
}
END_TEST

/* The one ELF magic rule, whatever the backend (crash.c had a second). */
START_TEST(elf_magic_every_backend)
{
	struct plan p;
	const char *msg;
	void *buf;
	int ret;

	/* an ELF kernel ahead of the header (an unstripped vmlinux) */
	crash_plan(&p);
	memcpy(p.seg[0].buf, "\x7f" "ELF", 4);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 0 (kernel) at 0x10000000 starts with ELF magic"));
	ck_assert_int_eq(count_lines(msg), 1);
	plan_free(&p);

	/* two headers: the kernel would take the last, the first is refused */
	crash_plan(&p);
	plan_add_segment(&p, SEG_ELFCOREHDR, bytes("\x7f" "ELF", 64), 64,
			 0x1f200000, PG, false);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 2 (elfcorehdr) at 0x1f100000 starts with ELF magic"));
	plan_free(&p);

	/* a crash plan without a header (no --hotplug): nothing may look like one */
	crash_plan(&p);
	p.flags &= ~KEXEC_UPDATE_ELFCOREHDR;
	p.seg[2].role = SEG_BACKUP;
	memcpy(p.seg[1].buf, "\x7f" "ELF", 4);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "segment 1 (purgatory) at 0x1f000000 starts with ELF magic"));
	plan_free(&p);

	/* a 2-byte "\x7fE" buffer is zero-filled by the kernel: no magic */
	crash_plan(&p);
	buf = bytes("\x7f" "ELF", 2);
	plan_add_segment(&p, SEG_INITRD, buf, 2, 0x11000000, PG, true);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, 0);
	plan_free(&p);

	/* the FDT magic is the ppc64le backend's rule, not the core's */
	crash_plan(&p);
	plan_add_segment(&p, SEG_INITRD, bytes("\xd0\x0d\xfe\xed", 8), 8,
			 0x11000000, PG, true);
	msg = validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, 0);
	plan_free(&p);
}
END_TEST

/* -l: no header to find, an ELF kernel segment is harmless. */
START_TEST(elf_magic_normal_load)
{
	struct plan p;
	int ret;

	plan_init(&p, "ppc64le");
	p.page = 0x10000;
	p.flags = KEXEC_ARCH_PPC64;
	plan_add_segment(&p, SEG_KERNEL, bytes("\x7f" "ELF", 8), 8, 0, 0x10000, true);
	validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, 0);
	plan_free(&p);
}
END_TEST

START_TEST(too_many_and_no_segments)
{
	struct plan p;
	int ret;

	plan_init(&p, "x86_64");
	ck_assert_ptr_nonnull(strstr(validate_msgs(&p, &ret), "no segments"));
	ck_assert_int_eq(ret, -EINVAL);
	p.nr_seg = KEXEC_SEGMENT_MAX + 1;
	ck_assert_ptr_nonnull(strstr(validate_msgs(&p, &ret), "17 segments"));
	ck_assert_int_eq(ret, -EINVAL);
	p.nr_seg = 0;
	plan_free(&p);
}
END_TEST

START_TEST(cmdline_too_long)
{
	struct plan p;
	char big[KEXEC_COMMAND_LINE_SIZE + 1];
	int ret;

	crash_plan(&p);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	plan_append_cmdline(&p, "%s", big);
	ck_assert_ptr_nonnull(strstr(validate_msgs(&p, &ret), "command line is 2048 bytes"));
	ck_assert_int_eq(ret, -EINVAL);
	plan_free(&p);
}
END_TEST

START_TEST(page_64k_validation)
{
	struct plan p;
	int ret;

	plan_init(&p, "ppc64le");
	p.page = 0x10000;
	capture_begin();
	ck_assert_int_eq(plan_add_segment(&p, SEG_KERNEL, malloc(1), 1, 0x1000, 0x10000, true), -EINVAL);
	capture_end();
	ck_assert_int_eq(plan_add_segment(&p, SEG_KERNEL, malloc(1), 1, 0x10000, 0x10000, true), 0);
	validate_msgs(&p, &ret);
	ck_assert_int_eq(ret, 0);
	plan_free(&p);
}
END_TEST

START_TEST(flag_names)
{
	ck_assert_str_eq(plan_flag_name(KEXEC_ON_CRASH), "KEXEC_ON_CRASH");
	ck_assert_str_eq(plan_flag_name(KEXEC_CRASH_HOTPLUG_SUPPORT), "KEXEC_CRASH_HOTPLUG_SUPPORT");
	ck_assert_ptr_null(plan_flag_name(0x40));
	ck_assert_str_eq(plan_flag_name_for(PLAN_KEXEC_FILE_LOAD, 0x2), "KEXEC_FILE_ON_CRASH");
	ck_assert_str_eq(plan_arch_field_name(0x3e0005), "x86_64");
	ck_assert_str_eq(plan_arch_field_name(0x150008), "ppc64");
}
END_TEST

static char *read_text(FILE *f)
{
	static char buf[65536];
	size_t n;

	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

START_TEST(print_text)
{
	FILE *f = tmpfile();
	struct plan p;
	const char *t;

	crash_plan(&p);
	p.has_digest = true;
	memset(p.digest, 0xab, sizeof(p.digest));
	plan_append_cmdline(&p, "elfcorehdr=%uK", 0x1f100000u >> 10);
	plan_print(&p, f);
	t = read_text(f);
	ck_assert_ptr_nonnull(strstr(t, "syscall:      kexec_load"));
	ck_assert_ptr_nonnull(strstr(t, "0x3e0005 (KEXEC_ON_CRASH | KEXEC_UPDATE_ELFCOREHDR; arch field 0x3e0000 = x86_64)"));
	ck_assert_ptr_nonnull(strstr(t, "entry:        0x1f000100"));
	ck_assert_ptr_nonnull(strstr(t, "\"elfcorehdr=508928K\""));
	ck_assert_ptr_nonnull(strstr(t, "crash region: 0x10000000-0x1fffffff (268435456 bytes)"));
	ck_assert_ptr_nonnull(strstr(t, "elfcorehdr    0x000000001f100000  0x4000"));
	ck_assert_ptr_nonnull(strstr(t, "sha256 abababab"));
	ck_assert_ptr_nonnull(strstr(t, "excludes 1 (purgatory)"));
	ck_assert_ptr_nonnull(strstr(t, "excludes 2 (elfcorehdr): the kernel rewrites it"));
	ck_assert_ptr_nonnull(strstr(t, "2 CPU notes, 2 PT_LOAD ranges"));
	ck_assert_ptr_null(strstr(t, "initrd:"));	/* none described */
	fclose(f);
	plan_free(&p);
}
END_TEST

/* The initrd line: one per kind of initramfs_describe() result. */
static const char *initrd_line(struct initramfs_info i)
{
	static char line[256];
	FILE *f = tmpfile();
	struct plan p;
	const char *t, *l;

	crash_plan(&p);
	p.has_initrd_info = true;
	p.initrd_info = i;
	plan_print(&p, f);
	t = read_text(f);
	l = strstr(t, "  initrd:       ");
	ck_assert_ptr_nonnull(l);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
	fclose(f);
	plan_free(&p);
	return line;
}

START_TEST(print_initrd)
{
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "zstd", 0, NULL, NULL }),
			 "  initrd:       zstd-compressed (the kernel needs CONFIG_RD_ZSTD)");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "cpio", 4096, NULL, NULL }),
			 "  initrd:       uncompressed cpio");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "cpio", 3584, "zstd", NULL }),
			 "  initrd:       uncompressed cpio of 3584 bytes, then zstd-compressed (the kernel needs CONFIG_RD_ZSTD)");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "cpio", 512, "cpio", NULL }),
			 "  initrd:       uncompressed cpio of 512 bytes, then uncompressed cpio");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "cpio", 0, NULL, "ends before its TRAILER!!! entry" }),
			 "  initrd:       uncompressed cpio that ends before its TRAILER!!! entry");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "unknown", 0, NULL, NULL }),
			 "  initrd:       unknown: neither a newc cpio archive nor a compression the kernel knows");
	ck_assert_str_eq(initrd_line((struct initramfs_info){ "zeros", 0, NULL, NULL }),
			 "  initrd:       only zero bytes (as far as 1024 KiB in)");
}
END_TEST

START_TEST(print_file_load)
{
	FILE *f = tmpfile();
	struct plan p;
	const char *t;

	plan_init(&p, "x86_64");
	p.syscall = PLAN_KEXEC_FILE_LOAD;
	p.flags = KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS;
	p.kernel_path = "/boot/vmlinuz";
	plan_print(&p, f);
	t = read_text(f);
	ck_assert_ptr_nonnull(strstr(t, "syscall:      kexec_file_load"));
	ck_assert_ptr_nonnull(strstr(t, "0x6 (KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS)"));
	ck_assert_ptr_nonnull(strstr(t, "kernel file:  /boot/vmlinuz"));
	ck_assert_ptr_null(strstr(t, "entry:"));
	fclose(f);
	plan_free(&p);
}
END_TEST

static const char expected_json[] =
	"{\n"
	"  \"arch\": \"x86_64\",\n"
	"  \"syscall\": \"kexec_load\",\n"
	"  \"flags\": 4063237,\n"
	"  \"flag_names\": [\"KEXEC_ON_CRASH\", \"KEXEC_UPDATE_ELFCOREHDR\"],\n"
	"  \"arch_field\": 4063232,\n"
	"  \"entry\": 520093952,\n"
	"  \"cmdline\": \"a\\\"b\\\\c\\n\\t\\u0001 \xc3\xa9 \\u00ff\",\n"
	"  \"hotplug\": {\"state\": \"on\", \"why\": \"--hotplug\"},\n"
	"  \"bundle\": null,\n"
	"  \"cmdline_added\": \"acpi_no_memhotplug\",\n"
	"  \"crash_region\": [268435456, 536870911],\n"
	"  \"initrd_format\": {\"first\": \"cpio\", \"first_size\": 4096, \"then\": \"zstd\", \"cpio_problem\": null},\n"
	"  \"segments\": [\n"
	"    {\"role\": \"kernel\", \"mem\": 268435456, \"memsz\": 8192, \"bufsz\": 100, \"in_digest\": true},\n"
	"    {\"role\": \"purgatory\", \"mem\": 520093696, \"memsz\": 4096, \"bufsz\": 4096, \"in_digest\": false},\n"
	"    {\"role\": \"elfcorehdr\", \"mem\": 521142272, \"memsz\": 16384, \"bufsz\": 64, \"in_digest\": false}\n"
	"  ],\n"
	"  \"digest\": \"0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20\",\n"
	"  \"elfcorehdr\": {\"mem\": 521142272, \"memsz\": 16384, \"used\": 232, \"cpu_notes\": 2, "
	"\"loads\": [[1048576, 268435455], [536870912, 2147483647]]}\n"
	"}\n";

static char *json_of(const struct plan *p, const struct plan *fb)
{
	char path[] = "/tmp/test_plan_json_XXXXXX";
	FILE *f;
	char *t;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(plan_write_json_fallback(p, fb, path), 0);
	f = fopen(path, "r");
	t = strdup(read_text(f));
	fclose(f);
	unlink(path);
	return t;
}

START_TEST(json_exact)
{
	struct plan p;
	char *t;
	int i;

	crash_plan(&p);
	p.has_digest = true;
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		p.digest[i] = i + 1;
	plan_append_cmdline(&p, "a\"b\\c\n\t\x01 \xc3\xa9 \xff");
	p.hotplug_state = "on";
	p.hotplug_why = "--hotplug";
	p.cmdline_added = "acpi_no_memhotplug";
	p.has_initrd_info = true;
	p.initrd_info = (struct initramfs_info){ "cpio", 4096, "zstd", NULL };
	t = json_of(&p, NULL);
	ck_assert_str_eq(t, expected_json);
	free(t);
	plan_free(&p);
}
END_TEST

START_TEST(json_file_load_with_fallback)
{
	struct plan f, p;
	char *t;

	crash_plan(&p);
	plan_init(&f, "x86_64");
	f.syscall = PLAN_KEXEC_FILE_LOAD;
	f.flags = KEXEC_FILE_ON_CRASH;
	t = json_of(&f, &p);
	ck_assert_ptr_nonnull(strstr(t, "\"syscall\": \"kexec_file_load\""));
	ck_assert_ptr_nonnull(strstr(t, "\"flags\": 2,\n  \"flag_names\": [\"KEXEC_FILE_ON_CRASH\"],\n  \"arch_field\": 0"));
	ck_assert_ptr_nonnull(strstr(t, "\"segments\": [],\n  \"digest\": null,\n  \"elfcorehdr\": null,\n  \"fallback\": {\n    \"arch\": \"x86_64\",\n    \"syscall\": \"kexec_load\""));
	ck_assert_ptr_nonnull(strstr(t, "\"crash_region\": null"));
	ck_assert_ptr_nonnull(strstr(t, "      {\"role\": \"kernel\""));
	ck_assert_int_eq(t[strlen(t) - 2], '}');
	free(t);
	plan_free(&p);
	plan_free(&f);
}
END_TEST

START_TEST(json_unwritable)
{
	struct plan p;

	plan_init(&p, "x86_64");
	capture_begin();
	ck_assert_int_eq(plan_write_json(&p, "/nonexistent-dir/plan.json"), -ENOENT);
	ck_assert_ptr_nonnull(strstr(capture_end(), "cannot write the plan to /nonexistent-dir/plan.json"));
	plan_free(&p);
}
END_TEST

START_TEST(dump_segments)
{
	char dir[] = "/tmp/test_plan_dump_XXXXXX";
	char path[512], buf[200];
	struct plan p;
	struct stat st;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	crash_plan(&p);
	snprintf(path, sizeof(path), "%s/sub", dir);
	ck_assert_int_eq(plan_dump_segments(&p, path), 0);
	snprintf(path, sizeof(path), "%s/sub/00-kernel.bin", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 100);
	f = fopen(path, "r");
	ck_assert_int_eq(fread(buf, 1, sizeof(buf), f), 100);
	ck_assert_int_eq(memcmp(buf, "MZ\0\0", 4), 0);
	fclose(f);
	snprintf(path, sizeof(path), "%s/sub/02-elfcorehdr.bin", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 64);
	snprintf(path, sizeof(path), "%s/sub/01-purgatory.bin", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, PG);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	ck_assert_int_eq(system(path), 0);
	plan_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");

	tcase_add_test(tc, add_segment_rules);
	tcase_add_test(tc, cmdline_append);
	tcase_add_test(tc, valid_crash_plan);
	tcase_add_test(tc, overlap);
	tcase_add_test(tc, misaligned_and_bufsz);
	tcase_add_test(tc, wrap);
	tcase_add_test(tc, outside_crash_region);
	tcase_add_test(tc, crash_without_region);
	tcase_add_test(tc, elf_magic_rules);
	tcase_add_test(tc, elf_magic_every_backend);
	tcase_add_test(tc, elf_magic_normal_load);
	tcase_add_test(tc, too_many_and_no_segments);
	tcase_add_test(tc, cmdline_too_long);
	tcase_add_test(tc, page_64k_validation);
	tcase_add_test(tc, flag_names);
	tcase_add_test(tc, print_text);
	tcase_add_test(tc, print_initrd);
	tcase_add_test(tc, print_file_load);
	tcase_add_test(tc, json_exact);
	tcase_add_test(tc, json_file_load_with_fallback);
	tcase_add_test(tc, json_unwritable);
	tcase_add_test(tc, dump_segments);
	suite_add_tcase(s, tc);
	return check_run(s);
}
