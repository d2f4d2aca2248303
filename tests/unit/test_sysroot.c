// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_sysroot.c - unit tests of kexec/machine/sysroot.c: opening roots, path
 * refusal, whole-file and head reads, strict numbers, CPU lists, the kexec
 * state nodes (old and /sys/kernel/kexec/ names), crash_elfcorehdr_size,
 * vmcoreinfo and per-CPU crash notes, each on temporary sysroot trees;
 * and how many read() calls each kind of file costs (read() is wrapped
 * below to count them).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "helpers/tmpsysroot.h"
#include "sysroot.h"

static char *root;
static struct sysroot sr;

/*
 * read() as sysroot.c sees it in this program (the definition here takes
 * precedence over the C library's): counts the calls and, when grow_path
 * is set, appends grow_text to that file just before the next read, after
 * sysroot_read() has taken its size with fstat() (a file that grows).
 */
static unsigned int reads;
static const char *grow_path, *grow_text;

static void grow_now(void)
{
	int fd = open(grow_path, O_WRONLY | O_APPEND);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, grow_text, strlen(grow_text)),
			 (ssize_t)strlen(grow_text));
	close(fd);
	grow_path = NULL;
}

ssize_t read(int fd, void *buf, size_t n)
{
	reads++;
	if (grow_path)
		grow_now();
	return syscall(SYS_read, fd, buf, n);
}

/* What a _FORTIFY_SOURCE build calls where it knows the buffer size. */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return read(fd, buf, n);
}

/* A fresh tree per test; main() removes every tree at the end. */
static void setup(void)
{
	root = tmpsysroot_new();
	ck_assert_int_eq(sysroot_open(&sr, root), 0);
}

static void teardown(void)
{
	sysroot_close(&sr);
	tmpsysroot_remove(root);
	root = NULL;
}

/* ---- open / close ----------------------------------------------------- */

START_TEST(open_real_root)
{
	struct sysroot s;

	ck_assert_int_eq(sysroot_open(&s, NULL), 0);
	ck_assert_str_eq(s.path, "/");
	ck_assert_int_ge(s.dirfd, 0);
	sysroot_close(&s);
	ck_assert_int_eq(s.dirfd, -1);
	ck_assert_ptr_null(s.path);
	ck_assert_int_eq(sysroot_open(&s, "/"), 0);
	ck_assert_str_eq(s.path, "/");
	sysroot_close(&s);
}
END_TEST

START_TEST(open_strips_trailing_slash)
{
	struct sysroot s;
	char *dir;

	ck_assert_int_ge(asprintf(&dir, "%s//", root), 0);
	ck_assert_int_eq(sysroot_open(&s, dir), 0);
	ck_assert_str_eq(s.path, root);
	sysroot_close(&s);
	free(dir);
}
END_TEST

START_TEST(open_missing_dir)
{
	struct sysroot s;
	const char *msg;
	char *dir;

	ck_assert_int_ge(asprintf(&dir, "%s/nothere", root), 0);
	capture_begin();
	ck_assert_int_eq(sysroot_open(&s, dir), -ENOENT);
	msg = capture_end();
	assert_has(msg, "kexec: cannot open sysroot");
	assert_has(msg, "nothere");
	free(dir);
}
END_TEST

START_TEST(open_file_not_dir)
{
	struct sysroot s;
	char *file;

	tmpsysroot_write(root, "plain", "x");
	ck_assert_int_ge(asprintf(&file, "%s/plain", root), 0);
	capture_begin();
	ck_assert_int_eq(sysroot_open(&s, file), -ENOTDIR);
	assert_has(capture_end(), "Not a directory");
	free(file);
}
END_TEST

/* ---- sysroot_read ----------------------------------------------------- */

START_TEST(read_small_file)
{
	char *buf;
	size_t len;

	tmpsysroot_write(root, "proc/iomem", "00000000-00000fff : Reserved\n");
	ck_assert_int_eq(sysroot_read(&sr, "proc/iomem", &buf, &len, 4096), 0);
	ck_assert_uint_eq(len, 29);
	ck_assert_str_eq(buf, "00000000-00000fff : Reserved\n");
	free(buf);
}
END_TEST

START_TEST(read_empty_file)
{
	char *buf;
	size_t len = 99;

	tmpsysroot_write(root, "empty", "");
	ck_assert_int_eq(sysroot_read(&sr, "empty", &buf, &len, 16), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(buf, "");
	free(buf);
}
END_TEST

START_TEST(read_len_optional)
{
	char *buf;

	tmpsysroot_write(root, "f", "abc");
	ck_assert_int_eq(sysroot_read(&sr, "f", &buf, NULL, 16), 0);
	ck_assert_str_eq(buf, "abc");
	free(buf);
}
END_TEST

/* Larger than the read chunk, with a byte pattern that shows misplacing. */
START_TEST(read_large_file)
{
	size_t n = 300000, len, i;
	char *data = malloc(n), *buf;

	for (i = 0; i < n; i++)
		data[i] = 'a' + i % 23;
	tmpsysroot_write_bytes(root, "big", data, n);
	ck_assert_int_eq(sysroot_read(&sr, "big", &buf, &len, n), 0);
	ck_assert_uint_eq(len, n);
	ck_assert_int_eq(memcmp(buf, data, n), 0);
	ck_assert_int_eq(buf[n], '\0');
	free(buf);
	free(data);
}
END_TEST

START_TEST(read_limit)
{
	const char *msg;
	char *buf;
	size_t len;

	tmpsysroot_write(root, "f", "0123456789");
	ck_assert_int_eq(sysroot_read(&sr, "f", &buf, &len, 10), 0);
	free(buf);
	capture_begin();
	ck_assert_int_eq(sysroot_read(&sr, "f", &buf, &len, 9), -EFBIG);
	msg = capture_end();
	assert_has(msg, "kexec: cannot read ");
	assert_has(msg, "/f: File too large");
}
END_TEST

/* proc files report st_size 0: the limit must still hold while reading. */
START_TEST(read_proc_size_zero)
{
	struct sysroot s;
	char *buf;
	size_t len;

	ck_assert_int_eq(sysroot_open(&s, "/"), 0);
	ck_assert_int_eq(sysroot_read(&s, "proc/self/status", &buf, &len,
				      1 << 20), 0);
	ck_assert_uint_gt(len, 100);
	ck_assert_uint_eq(strlen(buf), len);
	assert_has(buf, "Name:");
	free(buf);
	capture_begin();
	ck_assert_int_eq(sysroot_read(&s, "proc/self/status", &buf, &len, 8),
			 -EFBIG);
	ck_assert_str_eq(capture_end(),
			 "kexec: cannot read /proc/self/status: File too large\n");
	sysroot_close(&s);
}
END_TEST

START_TEST(read_missing_is_silent)
{
	char *buf;
	size_t len;

	capture_begin();
	ck_assert_int_eq(sysroot_read(&sr, "sys/kernel/nothere", &buf, &len, 8),
			 -ENOENT);
	ck_assert_str_eq(capture_end(), "");
}
END_TEST

START_TEST(read_directory_reports_once)
{
	char expect[600];
	char *buf;
	size_t len;

	tmpsysroot_mkdir(root, "sys/kernel");
	snprintf(expect, sizeof(expect),
		 "kexec: cannot read %s/sys/kernel: Is a directory\n", root);
	capture_begin();
	ck_assert_int_eq(sysroot_read(&sr, "sys/kernel", &buf, &len, 8),
			 -EISDIR);
	ck_assert_str_eq(capture_end(), expect);
}
END_TEST

static const char *const bad_paths[] = {
	"/etc/passwd", "..", "../x", "a/../b", "a/..", "proc/../../etc",
	"", "a//..", "/",
};

START_TEST(read_refuses_escape)
{
	const char *p = bad_paths[_i];
	char *buf;
	size_t len, got;
	char head[4];

	capture_begin();
	ck_assert_int_eq(sysroot_read(&sr, p, &buf, &len, 8), -EINVAL);
	ck_assert_int_eq(sysroot_read_head(&sr, p, head, 4, &got), -EINVAL);
	ck_assert(!sysroot_exists(&sr, p));
	assert_has(capture_end(), "refusing path");
}
END_TEST

/* Names that merely contain dots are fine. */
START_TEST(read_dotted_names)
{
	char *buf;

	tmpsysroot_write(root, "..a/b..", "ok");
	tmpsysroot_write(root, "c/./d", "ok2");
	ck_assert_int_eq(sysroot_read(&sr, "..a/b..", &buf, NULL, 8), 0);
	ck_assert_str_eq(buf, "ok");
	free(buf);
	ck_assert_int_eq(sysroot_read(&sr, "c/./d", &buf, NULL, 8), 0);
	ck_assert_str_eq(buf, "ok2");
	free(buf);
}
END_TEST

/* An absolute symlink in a snapshot points inside the snapshot. */
START_TEST(read_symlink_stays_inside)
{
	char *buf;

	tmpsysroot_write(root, "sys/kernel/kexec/loaded", "1\n");
	tmpsysroot_symlink(root, "sys/kernel/kexec_loaded",
			   "/sys/kernel/kexec/loaded");
	tmpsysroot_symlink(root, "escape", "../../../../../../etc/hostname");
	ck_assert_int_eq(sysroot_read(&sr, "sys/kernel/kexec_loaded", &buf,
				      NULL, 8), 0);
	ck_assert_str_eq(buf, "1\n");
	free(buf);
	capture_begin();
	ck_assert_int_eq(sysroot_read(&sr, "escape", &buf, NULL, 4096),
			 -ENOENT);
	ck_assert_str_eq(capture_end(), "");
}
END_TEST

/* ---- sysroot_read_head / sysroot_exists ------------------------------- */

START_TEST(read_head_variants)
{
	char buf[16];
	size_t got = 99;

	tmpsysroot_write(root, "proc/kcore", "0123456789");
	ck_assert_int_eq(sysroot_read_head(&sr, "proc/kcore", buf, 4, &got), 0);
	ck_assert_uint_eq(got, 4);
	ck_assert_int_eq(memcmp(buf, "0123", 4), 0);
	ck_assert_int_eq(sysroot_read_head(&sr, "proc/kcore", buf, 16, &got), 0);
	ck_assert_uint_eq(got, 10);
	ck_assert_int_eq(memcmp(buf, "0123456789", 10), 0);
	capture_begin();
	ck_assert_int_eq(sysroot_read_head(&sr, "proc/nothere", buf, 4, &got),
			 -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	tmpsysroot_mkdir(root, "dir");
	capture_begin();
	ck_assert_int_eq(sysroot_read_head(&sr, "dir", buf, 4, &got), -EISDIR);
	assert_has(capture_end(), "/dir: Is a directory");
}
END_TEST

START_TEST(exists_variants)
{
	tmpsysroot_write(root, "sys/kernel/kexec_loaded", "0\n");
	ck_assert(sysroot_exists(&sr, "sys/kernel/kexec_loaded"));
	ck_assert(sysroot_exists(&sr, "sys/kernel"));
	ck_assert(!sysroot_exists(&sr, "sys/kernel/kexec_crash_loaded"));
	ck_assert(!sysroot_exists(&sr, "sys/kernel/kexec_loaded/x"));
}
END_TEST

START_TEST(error_format)
{
	struct sysroot s;
	char expect[600];

	snprintf(expect, sizeof(expect),
		 "kexec: cannot read %s/proc/kcore: No such file or directory\n",
		 root);
	capture_begin();
	ck_assert_int_eq(sysroot_error(&sr, "proc/kcore", -ENOENT), -ENOENT);
	ck_assert_str_eq(capture_end(), expect);
	ck_assert_int_eq(sysroot_open(&s, NULL), 0);
	capture_begin();
	ck_assert_int_eq(sysroot_error(&s, "sys/kernel/vmcoreinfo", -EACCES),
			 -EACCES);
	ck_assert_str_eq(capture_end(),
		"kexec: cannot read /sys/kernel/vmcoreinfo: Permission denied\n");
	sysroot_close(&s);
}
END_TEST

/* ---- sysroot_read_u64 ------------------------------------------------- */

struct u64_case {
	const char *text;
	int base;
	int ret;
	uint64_t val;
};

static const struct u64_case u64_cases[] = {
	{ "917616\n", 10, 0, 917616 },
	{ "1019200\n", 10, 0, 1019200 },	/* 7 digits: old loader died */
	{ "12345678\n", 10, 0, 12345678 },
	{ "12345678", 10, 0, 12345678 },
	{ "0\n", 10, 0, 0 },
	{ "1", 10, 0, 1 },
	{ "18446744073709551615\n", 10, 0, UINT64_MAX },
	{ "ff\n", 16, 0, 0xff },
	{ "0x100c62000\n", 16, 0, 0x100c62000ull },
	{ "FFFFFFFFFFFFFFFF", 16, 0, UINT64_MAX },
	{ "0x10", 0, 0, 16 },
	{ "010", 0, 0, 10 },
	{ "abc\n", 10, -EINVAL, 0 },
	{ "", 10, -EINVAL, 0 },
	{ "\n", 10, -EINVAL, 0 },
	{ "12 34\n", 10, -EINVAL, 0 },
	{ "12\n\n", 10, -EINVAL, 0 },
	{ " 12\n", 10, -EINVAL, 0 },
	{ "+12\n", 10, -EINVAL, 0 },
	{ "-1\n", 10, -EINVAL, 0 },
	{ "0x10\n", 10, -EINVAL, 0 },
	{ "0x\n", 16, -EINVAL, 0 },
	{ "1g\n", 16, -EINVAL, 0 },
	{ "18446744073709551616\n", 10, -ERANGE, 0 },
	{ "10000000000000000\n", 16, -ERANGE, 0 },
};

START_TEST(u64_parse)
{
	const struct u64_case *c = &u64_cases[_i];
	uint64_t v = 0xdead;
	const char *msg;
	int ret;

	tmpsysroot_write(root, "sys/kernel/n", c->text);
	capture_begin();
	ret = sysroot_read_u64(&sr, "sys/kernel/n", c->base, &v);
	msg = capture_end();
	ck_assert_msg(ret == c->ret, "\"%s\": got %d, want %d", c->text, ret,
		      c->ret);
	if (c->ret == 0) {
		ck_assert_uint_eq(v, c->val);
		ck_assert_str_eq(msg, "");
		return;
	}
	ck_assert_uint_eq(v, 0xdead);		/* untouched on failure */
	assert_has(msg, "/sys/kernel/n: \"");	/* names file and content */
	ck_assert_ptr_eq(strchr(msg, '\n'), msg + strlen(msg) - 1);
	ck_assert_str_eq(msg + strlen(msg) - 1, "\n");	/* one message */
}
END_TEST

START_TEST(u64_message_shows_content)
{
	char expect[600];
	uint64_t v;

	tmpsysroot_write(root, "sys/kernel/crash_elfcorehdr_size", "12 34\n");
	snprintf(expect, sizeof(expect),
		 "kexec: cannot use %s/sys/kernel/crash_elfcorehdr_size: \"12 34\" is not a number\n",
		 root);
	capture_begin();
	ck_assert_int_eq(sysroot_read_u64(&sr,
		"sys/kernel/crash_elfcorehdr_size", 10, &v), -EINVAL);
	ck_assert_str_eq(capture_end(), expect);
}
END_TEST

START_TEST(u64_missing_silent)
{
	uint64_t v = 7;

	capture_begin();
	ck_assert_int_eq(sysroot_read_u64(&sr, "sys/x", 10, &v), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_uint_eq(v, 7);
}
END_TEST

/* ---- CPU lists -------------------------------------------------------- */

START_TEST(cpulist_ranges)
{
	struct cpu_set set;

	tmpsysroot_write(root, "possible", "0-3,8-9\n");
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "possible", &set), 0);
	ck_assert_uint_eq(set.nbits, 10);
	ck_assert_uint_eq(cpu_set_count(&set), 6);
	ck_assert(cpu_set_has(&set, 0));
	ck_assert(cpu_set_has(&set, 3));
	ck_assert(!cpu_set_has(&set, 4));
	ck_assert(!cpu_set_has(&set, 7));
	ck_assert(cpu_set_has(&set, 8));
	ck_assert(cpu_set_has(&set, 9));
	ck_assert(!cpu_set_has(&set, 10));
	ck_assert(!cpu_set_has(&set, 100000));
	cpu_set_free(&set);
	ck_assert_ptr_null(set.bits);
	ck_assert_uint_eq(set.nbits, 0);
}
END_TEST

START_TEST(cpulist_single_and_empty)
{
	struct cpu_set set;

	tmpsysroot_write(root, "one", "0\n");
	tmpsysroot_write(root, "none", "");
	tmpsysroot_write(root, "nl", "\n");
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "one", &set), 0);
	ck_assert_uint_eq(set.nbits, 1);
	ck_assert_uint_eq(cpu_set_count(&set), 1);
	ck_assert(cpu_set_has(&set, 0));
	cpu_set_free(&set);
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "none", &set), 0);
	ck_assert_uint_eq(set.nbits, 0);
	ck_assert_uint_eq(cpu_set_count(&set), 0);
	ck_assert(!cpu_set_has(&set, 0));
	cpu_set_free(&set);
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "nl", &set), 0);
	ck_assert_uint_eq(cpu_set_count(&set), 0);
	cpu_set_free(&set);
}
END_TEST

/* No fixed limit: MAXSMP's 8192 CPUs and a sparse high CPU. */
START_TEST(cpulist_large)
{
	struct cpu_set set;

	tmpsysroot_write(root, "possible", "0-8191,70000\n");
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "possible", &set), 0);
	ck_assert_uint_eq(set.nbits, 70001);
	ck_assert_uint_eq(cpu_set_count(&set), 8193);
	ck_assert(cpu_set_has(&set, 8191));
	ck_assert(!cpu_set_has(&set, 8192));
	ck_assert(cpu_set_has(&set, 70000));
	cpu_set_free(&set);
}
END_TEST

static const char *const bad_cpulists[] = {
	"0-\n", "3-1\n", "a\n", "1,,2\n", "1,\n", ",1\n", "0-99999999999\n",
	"1 2\n", "0-3:2/4\n", "-1\n",
	/* found by tests/fuzz/fuzz_sysroot: single CPUs past the limit */
	"16777216\n", "4294967296\n", "0,18446744073709551615\n",
	/* past 16x NR_CPUS: reading that many crash_notes would take minutes */
	"131072\n", "0-131072\n",
};

START_TEST(cpulist_bad)
{
	struct cpu_set set;
	const char *msg;

	tmpsysroot_write(root, "possible", bad_cpulists[_i]);
	capture_begin();
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "possible", &set), -EINVAL);
	msg = capture_end();
	assert_has(msg, "/possible: \"");
	assert_has(msg, "is not a CPU list");
	ck_assert_ptr_null(set.bits);
	ck_assert_uint_eq(set.nbits, 0);
}
END_TEST

START_TEST(cpulist_missing)
{
	struct cpu_set set;

	capture_begin();
	ck_assert_int_eq(sysroot_read_cpulist(&sr, "possible", &set), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_ptr_null(set.bits);
}
END_TEST

/* ---- kexec state ------------------------------------------------------ */

START_TEST(state_old_names)
{
	struct kexec_state st;

	tmpsysroot_write(root, "sys/kernel/kexec_loaded", "0\n");
	tmpsysroot_write(root, "sys/kernel/kexec_crash_loaded", "1\n");
	tmpsysroot_write(root, "sys/devices/system/cpu/crash_hotplug", "1\n");
	tmpsysroot_write(root, "sys/devices/system/memory/crash_hotplug", "0\n");
	tmpsysroot_write(root, "sys/kernel/kexec_crash_size", "268435456\n");
	capture_begin();
	sysroot_kexec_state(&sr, &st);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_int_eq(st.kexec_loaded, 0);
	ck_assert_int_eq(st.crash_loaded, 1);
	ck_assert_int_eq(st.cpu_crash_hotplug, 1);
	ck_assert_int_eq(st.mem_crash_hotplug, 0);
	ck_assert(st.has_crash_size);
	ck_assert_uint_eq(st.crash_size, 268435456);
}
END_TEST

START_TEST(state_all_missing)
{
	struct kexec_state st;

	memset(&st, 0x55, sizeof(st));
	capture_begin();
	sysroot_kexec_state(&sr, &st);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_int_eq(st.kexec_loaded, -1);
	ck_assert_int_eq(st.crash_loaded, -1);
	ck_assert_int_eq(st.cpu_crash_hotplug, -1);
	ck_assert_int_eq(st.mem_crash_hotplug, -1);
	ck_assert(!st.has_crash_size);
	ck_assert_uint_eq(st.crash_size, 0);
}
END_TEST

/* Late-2025 kernels: /sys/kernel/kexec/ when the old names are gone. */
START_TEST(state_new_names)
{
	struct kexec_state st;

	tmpsysroot_write(root, "sys/kernel/kexec/loaded", "1\n");
	tmpsysroot_write(root, "sys/kernel/kexec/crash_loaded", "0\n");
	tmpsysroot_write(root, "sys/kernel/kexec/crash_size", "536870912\n");
	sysroot_kexec_state(&sr, &st);
	ck_assert_int_eq(st.kexec_loaded, 1);
	ck_assert_int_eq(st.crash_loaded, 0);
	ck_assert_int_eq(st.cpu_crash_hotplug, -1);
	ck_assert_int_eq(st.mem_crash_hotplug, -1);
	ck_assert(st.has_crash_size);
	ck_assert_uint_eq(st.crash_size, 536870912);
}
END_TEST

/* Both present: the old name wins (they are symlinks to each other). */
START_TEST(state_old_name_first)
{
	struct kexec_state st;

	tmpsysroot_write(root, "sys/kernel/kexec_crash_loaded", "1\n");
	tmpsysroot_write(root, "sys/kernel/kexec/crash_loaded", "0\n");
	sysroot_kexec_state(&sr, &st);
	ck_assert_int_eq(st.crash_loaded, 1);
}
END_TEST

START_TEST(state_garbage)
{
	struct kexec_state st;
	const char *msg;

	tmpsysroot_write(root, "sys/kernel/kexec_crash_loaded", "yes\n");
	tmpsysroot_write(root, "sys/kernel/kexec_crash_size", "big\n");
	capture_begin();
	sysroot_kexec_state(&sr, &st);
	msg = capture_end();
	ck_assert_int_eq(st.crash_loaded, -1);
	ck_assert(!st.has_crash_size);
	assert_has(msg, "kexec_crash_loaded: \"yes\" is not a number");
	assert_has(msg, "kexec_crash_size: \"big\" is not a number");
}
END_TEST

/* ---- crash_elfcorehdr_size -------------------------------------------- */

static const uint64_t hdr_sizes[] = { 917616, 1019200, 12345678, 0, 459096 };

START_TEST(elfcorehdr_size_values)
{
	char text[32];
	uint64_t v;

	snprintf(text, sizeof(text), "%llu\n",
		 (unsigned long long)hdr_sizes[_i]);
	tmpsysroot_write(root, "sys/kernel/crash_elfcorehdr_size", text);
	ck_assert_int_eq(sysroot_crash_elfcorehdr_size(&sr, &v), 0);
	ck_assert_uint_eq(v, hdr_sizes[_i]);
}
END_TEST

START_TEST(elfcorehdr_size_new_location)
{
	uint64_t v;

	tmpsysroot_write(root, "sys/kernel/kexec/crash_elfcorehdr_size",
			 "1019200\n");
	ck_assert_int_eq(sysroot_crash_elfcorehdr_size(&sr, &v), 0);
	ck_assert_uint_eq(v, 1019200);
}
END_TEST

START_TEST(elfcorehdr_size_missing_and_bad)
{
	uint64_t v;

	capture_begin();
	ck_assert_int_eq(sysroot_crash_elfcorehdr_size(&sr, &v), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	tmpsysroot_write(root, "sys/kernel/crash_elfcorehdr_size", "abc\n");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_elfcorehdr_size(&sr, &v), -EINVAL);
	assert_has(capture_end(), "crash_elfcorehdr_size: \"abc\" is not a number");
}
END_TEST

/* ---- vmcoreinfo ------------------------------------------------------- */

START_TEST(vmcoreinfo_formats)
{
	uint64_t addr, size;

	tmpsysroot_write(root, "sys/kernel/vmcoreinfo",
			 "0x0000000100c62000 1024\n");
	ck_assert_int_eq(sysroot_vmcoreinfo(&sr, &addr, &size), 0);
	ck_assert_uint_eq(addr, 0x100c62000ull);
	ck_assert_uint_eq(size, 0x1024);	/* hex: 4132 bytes */
	tmpsysroot_write(root, "sys/kernel/vmcoreinfo", "100c62000 1024\n");
	ck_assert_int_eq(sysroot_vmcoreinfo(&sr, &addr, &size), 0);
	ck_assert_uint_eq(addr, 0x100c62000ull);
	ck_assert_uint_eq(size, 4132);
}
END_TEST

static const char *const bad_vmcoreinfo[] = {
	"100c62000\n", "100c62000 \n", " 1024\n", "xyz 1024\n",
	"100c62000 1024 5\n", "100c62000 0\n", "", "100c62000  1024\n",
};

START_TEST(vmcoreinfo_bad)
{
	uint64_t addr, size;

	tmpsysroot_write(root, "sys/kernel/vmcoreinfo", bad_vmcoreinfo[_i]);
	capture_begin();
	ck_assert_int_eq(sysroot_vmcoreinfo(&sr, &addr, &size), -EINVAL);
	assert_has(capture_end(), "/sys/kernel/vmcoreinfo: \"");
}
END_TEST

START_TEST(vmcoreinfo_missing)
{
	uint64_t addr, size;

	capture_begin();
	ck_assert_int_eq(sysroot_vmcoreinfo(&sr, &addr, &size), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
}
END_TEST

/* ---- crash notes ------------------------------------------------------ */

#define CPU_DIR "sys/devices/system/cpu/"

START_TEST(notes_present_cpus_only)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-3\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "13fc1a3c0\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes_size", "368\n");
	tmpsysroot_mkdir(root, CPU_DIR "cpu1");		/* not present */
	tmpsysroot_write(root, CPU_DIR "cpu2/crash_notes", "13fc5a3c0\n");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(notes[0].cpu, 0);
	ck_assert_uint_eq(notes[0].addr, 0x13fc1a3c0ull);
	ck_assert_uint_eq(notes[0].size, 368);
	ck_assert_uint_eq(notes[1].cpu, 2);
	ck_assert_uint_eq(notes[1].addr, 0x13fc5a3c0ull);
	ck_assert_uint_eq(notes[1].size, 368);	/* one size for all CPUs */
	free(notes);
}
END_TEST

/*
 * CPU files are opened below the cpu directory; a cpuN that is a symlink
 * (absolute: resolved inside the snapshot; or climbing out of the cpu
 * directory) is still followed as from the root, and a CPU directory
 * without the file is still "not present".
 */
START_TEST(notes_through_symlinked_cpu_dirs)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-3\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, "elsewhere/c1/crash_notes", "2000\n");
	tmpsysroot_write(root, "elsewhere/c2/crash_notes", "3000\n");
	tmpsysroot_symlink(root, CPU_DIR "cpu1", "/elsewhere/c1");
	tmpsysroot_symlink(root, CPU_DIR "cpu2", "../../../../elsewhere/c2");
	tmpsysroot_mkdir(root, CPU_DIR "cpu3");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(notes[1].cpu, 1);
	ck_assert_uint_eq(notes[1].addr, 0x2000);
	ck_assert_uint_eq(notes[2].cpu, 2);
	ck_assert_uint_eq(notes[2].addr, 0x3000);
	free(notes);
}
END_TEST

static int open_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/*
 * The CPU files are closed in batches, by runs of consecutive fds: fds the
 * caller holds in between (a gap, and one just above) stay open, and none
 * of the batch's is left open, across more than one batch.
 */
START_TEST(notes_batch_close_keeps_other_fds)
{
	struct crash_note *notes;
	int keep_low, gap, keep_high, before;
	char rel[64];
	size_t n;
	int cpu;

	tmpsysroot_write(root, CPU_DIR "possible", "0-149\n");
	for (cpu = 0; cpu < 150; cpu++) {
		snprintf(rel, sizeof(rel), CPU_DIR "cpu%d/crash_notes", cpu);
		tmpsysroot_write(root, rel, "1000\n");
	}
	keep_low = open("/dev/null", O_RDONLY);
	gap = open("/dev/null", O_RDONLY);
	keep_high = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(keep_low, 0);
	close(gap);			/* the first CPU file lands here */
	before = open_fds();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_uint_eq(n, 150);
	ck_assert_int_eq(open_fds(), before);
	ck_assert_int_ne(fcntl(keep_low, F_GETFD), -1);
	ck_assert_int_ne(fcntl(keep_high, F_GETFD), -1);
	close(keep_low);
	close(keep_high);
	free(notes);
}
END_TEST

/* Kernels before 3.x have no crash_notes_size: the default size. */
START_TEST(notes_size_default)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-1\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, CPU_DIR "cpu1/crash_notes", "2000\n");
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(notes[0].size, 1024);
	ck_assert_uint_eq(notes[1].size, 1024);
	free(notes);
}
END_TEST

/* Sparse possible map: only listed CPUs are looked at. */
START_TEST(notes_sparse_possible)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0,8\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, CPU_DIR "cpu3/crash_notes", "2000\n");
	tmpsysroot_write(root, CPU_DIR "cpu8/crash_notes", "3000\n");
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(notes[0].cpu, 0);
	ck_assert_uint_eq(notes[1].cpu, 8);
	ck_assert_uint_eq(notes[1].addr, 0x3000);
	free(notes);
}
END_TEST

START_TEST(notes_none)
{
	struct crash_note *notes = NULL;
	size_t n = 9;

	tmpsysroot_write(root, CPU_DIR "possible", "0-1\n");
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(notes);
}
END_TEST

START_TEST(notes_garbage_names_cpu)
{
	struct crash_note *notes;
	const char *msg;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-3\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, CPU_DIR "cpu2/crash_notes", "zz\n");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), -EINVAL);
	msg = capture_end();
	assert_has(msg, "cpu2/crash_notes: \"zz\" is not a hex number");
}
END_TEST

START_TEST(notes_unreadable_names_cpu)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-1\n");
	tmpsysroot_mkdir(root, CPU_DIR "cpu1/crash_notes");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), -EISDIR);
	assert_has(capture_end(), "cpu1/crash_notes: Is a directory");
}
END_TEST

START_TEST(notes_bad_size)
{
	struct crash_note *notes;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes_size", "0\n");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), -EINVAL);
	assert_has(capture_end(), "cpu0/crash_notes_size");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes_size", "36 8\n");
	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), -EINVAL);
	assert_has(capture_end(), "cpu0/crash_notes_size: \"36 8\"");
}
END_TEST

START_TEST(notes_no_possible)
{
	struct crash_note *notes;
	size_t n;

	capture_begin();
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), -ENOENT);
	assert_has(capture_end(),
		   "sys/devices/system/cpu/possible: No such file or directory");
}
END_TEST

/* ---- read() calls per file -------------------------------------------- */

/*
 * A regular file: fstat() gives the size, so one read() takes the content
 * and one sees the end, however large (it took 8 for 300000 bytes when the
 * buffer grew from 8 KiB).
 */
START_TEST(read_regular_file_two_reads)
{
	size_t n = 300000, len;
	char *data = malloc(n), *buf;

	memset(data, 'x', n);
	tmpsysroot_write_bytes(root, "big", data, n);
	reads = 0;
	ck_assert_int_eq(sysroot_read(&sr, "big", &buf, &len, n), 0);
	ck_assert_uint_eq(reads, 2);
	ck_assert_uint_eq(len, n);
	free(buf);
	free(data);
}
END_TEST

/* Content larger than fstat() said when it was taken: all of it is read. */
START_TEST(read_file_that_grows)
{
	char path[600], *buf;
	size_t len;

	tmpsysroot_write(root, "grows", "0123456789");
	snprintf(path, sizeof(path), "%s/grows", root);
	grow_path = path;
	grow_text = "abcdefghijklmnopqrstuvwxyz";
	ck_assert_int_eq(sysroot_read(&sr, "grows", &buf, &len, 4096), 0);
	ck_assert_ptr_null(grow_path);		/* it did grow */
	ck_assert_str_eq(buf, "0123456789abcdefghijklmnopqrstuvwxyz");
	ck_assert_uint_eq(len, 36);
	free(buf);
}
END_TEST

/*
 * No size to go by and short reads that are not the end (a pipe here,
 * procfs seq_files such as /proc/iomem on a machine): sysroot_read()
 * reads until read() returns 0.
 */
START_TEST(read_short_reads_not_eof)
{
	char path[600], *buf;
	size_t len;
	pid_t pid;
	int fd;

	snprintf(path, sizeof(path), "%s/fifo", root);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(path, O_WRONLY);
		if (write(fd, "first ", 6) != 6)
			_exit(1);
		usleep(100 * 1000);
		_exit(write(fd, "second\n", 7) != 7);
	}
	ck_assert_int_eq(sysroot_read(&sr, "fifo", &buf, &len, 4096), 0);
	ck_assert_str_eq(buf, "first second\n");
	ck_assert_uint_eq(len, 13);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	free(buf);
}
END_TEST

/*
 * Small attribute files take one read() each: the CPU list, one
 * crash_notes per CPU and one crash_notes_size (the same kernel constant
 * for every CPU): 5 here.  It took 14 when every file was read until 0
 * and every CPU's crash_notes_size was read.
 */
START_TEST(attributes_one_read_each)
{
	struct crash_note *notes;
	uint64_t v;
	size_t n;

	tmpsysroot_write(root, CPU_DIR "possible", "0-2\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes", "1000\n");
	tmpsysroot_write(root, CPU_DIR "cpu0/crash_notes_size", "368\n");
	tmpsysroot_write(root, CPU_DIR "cpu1/crash_notes", "2000\n");
	tmpsysroot_write(root, CPU_DIR "cpu1/crash_notes_size", "368\n");
	tmpsysroot_write(root, CPU_DIR "cpu2/crash_notes", "3000\n");
	tmpsysroot_write(root, CPU_DIR "cpu2/crash_notes_size", "368\n");
	tmpsysroot_write(root, "sys/kernel/vmcoreinfo", "1c0 b18\n");
	reads = 0;
	ck_assert_int_eq(sysroot_crash_notes(&sr, &notes, &n), 0);
	ck_assert_uint_eq(reads, 5);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(notes[2].addr, 0x3000);
	ck_assert_uint_eq(notes[2].size, 368);
	free(notes);
	reads = 0;
	ck_assert_int_eq(sysroot_vmcoreinfo(&sr, &v, &v), 0);
	ck_assert_int_eq(sysroot_read_u64(&sr, CPU_DIR "cpu0/crash_notes_size",
					  10, &v), 0);
	ck_assert_uint_eq(reads, 2);
	ck_assert_uint_eq(v, 368);
}
END_TEST

/* A page of content is an attribute; a byte more is not. */
START_TEST(attribute_page_limit)
{
	char text[4098];
	uint64_t v = 1;

	memset(text, '0', 4095);
	strcpy(text + 4095, "\n");			/* 4096 bytes */
	tmpsysroot_write(root, "sys/page", text);
	ck_assert_int_eq(sysroot_read_u64(&sr, "sys/page", 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	strcpy(text + 4095, "0\n");			/* 4097 bytes */
	tmpsysroot_write(root, "sys/page", text);
	capture_begin();
	ck_assert_int_eq(sysroot_read_u64(&sr, "sys/page", 10, &v), -EFBIG);
	assert_has(capture_end(), "/sys/page: File too large");
	tmpsysroot_write(root, "sys/empty", "");
	capture_begin();
	ck_assert_int_eq(sysroot_read_u64(&sr, "sys/empty", 10, &v), -EINVAL);
	assert_has(capture_end(), "sys/empty: \"\" is not a number");
}
END_TEST

/*
 * The rule on the running kernel: sysfs reports st_size 4096 for an
 * attribute and show() hands the whole content to the first read().
 */
START_TEST(attribute_real_sysfs)
{
	const char *rel = "sys/devices/system/cpu/possible";
	struct cpu_set set;
	struct sysroot s;
	char text[256], *last = text;
	FILE *f;

	f = fopen("/sys/devices/system/cpu/possible", "r");
	if (!f)
		return;		/* no sysfs where the tests run */
	ck_assert_ptr_nonnull(fgets(text, sizeof(text), f));
	fclose(f);
	ck_assert_int_eq(sysroot_open(&s, "/"), 0);
	reads = 0;
	ck_assert_int_eq(sysroot_read_cpulist(&s, rel, &set), 0);
	ck_assert_uint_eq(reads, 1);
	/* "0", "0-N" or "0-N,...,M": the last number is the highest CPU */
	for (char *p = text; *p; p++)
		if (*p == '-' || *p == ',')
			last = p + 1;
	ck_assert(cpu_set_has(&set, strtoul(last, NULL, 10)));
	cpu_set_free(&set);
	sysroot_close(&s);
}
END_TEST

/* ---- suite ------------------------------------------------------------ */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Xen ---------------------------------------------------------------- */

START_TEST(xen_dom0)
{
	ck_assert_int_eq(sysroot_xen_dom0(&sr), 0);		/* no xenfs */
	tmpsysroot_write(root, "proc/xen/capabilities", "");	/* domU */
	ck_assert_int_eq(sysroot_xen_dom0(&sr), 0);
	tmpsysroot_write(root, "proc/xen/capabilities", "control_d\n");
	ck_assert_int_eq(sysroot_xen_dom0(&sr), 1);
	tmpsysroot_write(root, "proc/xen/capabilities", "foo, control_d");
	ck_assert_int_eq(sysroot_xen_dom0(&sr), 1);
	tmpsysroot_write(root, "proc/xen/capabilities", "not_control_dx\n");
	ck_assert_int_eq(sysroot_xen_dom0(&sr), 0);
}
END_TEST

static Suite *sysroot_suite(void)
{
	Suite *s = suite_create("sysroot");
	TCase *tc = tcase_create("sysroot");

	tcase_add_checked_fixture(tc, setup, teardown);

	tcase_add_test(tc, open_real_root);
	tcase_add_test(tc, open_strips_trailing_slash);
	tcase_add_test(tc, open_missing_dir);
	tcase_add_test(tc, open_file_not_dir);
	tcase_add_test(tc, read_small_file);
	tcase_add_test(tc, read_empty_file);
	tcase_add_test(tc, read_len_optional);
	tcase_add_test(tc, read_large_file);
	tcase_add_test(tc, read_limit);
	tcase_add_test(tc, read_proc_size_zero);
	tcase_add_test(tc, read_missing_is_silent);
	tcase_add_test(tc, read_directory_reports_once);
	tcase_add_loop_test(tc, read_refuses_escape, 0, N(bad_paths));
	tcase_add_test(tc, read_dotted_names);
	tcase_add_test(tc, read_symlink_stays_inside);
	tcase_add_test(tc, read_head_variants);
	tcase_add_test(tc, exists_variants);
	tcase_add_test(tc, error_format);
	tcase_add_loop_test(tc, u64_parse, 0, N(u64_cases));
	tcase_add_test(tc, u64_message_shows_content);
	tcase_add_test(tc, u64_missing_silent);
	tcase_add_test(tc, cpulist_ranges);
	tcase_add_test(tc, cpulist_single_and_empty);
	tcase_add_test(tc, cpulist_large);
	tcase_add_loop_test(tc, cpulist_bad, 0, N(bad_cpulists));
	tcase_add_test(tc, cpulist_missing);
	tcase_add_test(tc, state_old_names);
	tcase_add_test(tc, state_all_missing);
	tcase_add_test(tc, state_new_names);
	tcase_add_test(tc, state_old_name_first);
	tcase_add_test(tc, state_garbage);
	tcase_add_loop_test(tc, elfcorehdr_size_values, 0, N(hdr_sizes));
	tcase_add_test(tc, elfcorehdr_size_new_location);
	tcase_add_test(tc, elfcorehdr_size_missing_and_bad);
	tcase_add_test(tc, vmcoreinfo_formats);
	tcase_add_loop_test(tc, vmcoreinfo_bad, 0, N(bad_vmcoreinfo));
	tcase_add_test(tc, vmcoreinfo_missing);
	tcase_add_test(tc, notes_present_cpus_only);
	tcase_add_test(tc, notes_sparse_possible);
	tcase_add_test(tc, notes_size_default);
	tcase_add_test(tc, notes_through_symlinked_cpu_dirs);
	tcase_add_test(tc, notes_batch_close_keeps_other_fds);
	tcase_add_test(tc, notes_none);
	tcase_add_test(tc, notes_garbage_names_cpu);
	tcase_add_test(tc, notes_unreadable_names_cpu);
	tcase_add_test(tc, notes_bad_size);
	tcase_add_test(tc, notes_no_possible);
	tcase_add_test(tc, xen_dom0);
	tcase_add_test(tc, read_regular_file_two_reads);
	tcase_add_test(tc, read_file_that_grows);
	tcase_add_test(tc, read_short_reads_not_eof);
	tcase_add_test(tc, attributes_one_read_each);
	tcase_add_test(tc, attribute_page_limit);
	tcase_add_test(tc, attribute_real_sysfs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tmpsysroot_check_run(sysroot_suite());
}
