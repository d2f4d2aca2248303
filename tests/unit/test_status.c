// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_status.c - -S and --print-ckr-size against temporary sysroots:
 * the inverted exit status, the crash_hotplug report, old and new sysfs
 * names, and the crash size from sysfs or from /proc/iomem.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "actions.h"
#include "helpers/stderr_capture.h"

static char root[64];

static void setup(void)
{
	strcpy(root, "/tmp/test_status_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	ck_assert_int_eq(system(cmd), 0);
}

/* Write text at rel inside the sysroot, creating directories. */
static void put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char out[8192];

/* Run an action with stdout (and stderr) captured into out. */
static int run(int (*action)(const struct options *), bool panic)
{
	struct options o;
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO), ret;
	size_t n;

	memset(&o, 0, sizeof(o));
	o.sysroot = root;
	o.panic = panic;
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	capture_begin();
	ret = action(&o);
	capture_end();
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return ret;
}

START_TEST(crash_loaded_with_hotplug)
{
	put("sys/kernel/kexec_loaded", "0\n");
	put("sys/kernel/kexec_crash_loaded", "1\n");
	put("sys/devices/system/cpu/crash_hotplug", "1\n");
	put("sys/devices/system/memory/crash_hotplug", "1\n");
	ck_assert_int_eq(run(do_status, false), 1);
	ck_assert_ptr_nonnull(strstr(out, "normal kernel: not loaded\n"));
	ck_assert_ptr_nonnull(strstr(out, "crash kernel: loaded\n"));
	ck_assert_ptr_nonnull(strstr(out, "crash hot-plug (cpu): 1 (the kernel updates"));
	ck_assert_ptr_nonnull(strstr(out, "crash hot-plug (memory): 1 ("));
	ck_assert_int_eq(run(do_status, true), 1);
}
END_TEST

START_TEST(crash_loaded_without_hotplug)
{
	put("sys/kernel/kexec_loaded", "1\n");
	put("sys/kernel/kexec_crash_loaded", "1\n");
	put("sys/devices/system/cpu/crash_hotplug", "0\n");
	put("sys/devices/system/memory/crash_hotplug", "0\n");
	ck_assert_int_eq(run(do_status, false), 1);
	ck_assert_ptr_nonnull(strstr(out, "normal kernel: loaded\n"));
	ck_assert_ptr_nonnull(strstr(out, "crash hot-plug (memory): 0 (no loaded crash kernel is updated"));
}
END_TEST

START_TEST(not_loaded_old_kernel)
{
	/* a kernel before 6.6: no crash_hotplug nodes */
	put("sys/kernel/kexec_loaded", "1\n");
	put("sys/kernel/kexec_crash_loaded", "0\n");
	ck_assert_int_eq(run(do_status, false), 0);
	ck_assert_ptr_nonnull(strstr(out, "crash kernel: not loaded\n"));
	ck_assert_ptr_null(strstr(out, "hot-plug"));
}
END_TEST

START_TEST(new_sysfs_names)
{
	put("sys/kernel/kexec/loaded", "0\n");
	put("sys/kernel/kexec/crash_loaded", "1\n");
	ck_assert_int_eq(run(do_status, false), 1);
}
END_TEST

START_TEST(missing_node_is_unknown)
{
	put("sys/kernel/kexec_loaded", "0\n");
	ck_assert_int_eq(run(do_status, false), 255);
	ck_assert_ptr_nonnull(strstr(out, "crash kernel: unknown"));
}
END_TEST

START_TEST(ckr_size_from_sysfs)
{
	put("sys/kernel/kexec_crash_size", "268435456\n");
	put("proc/iomem", "00001000-0009fbff : System RAM\n");
	ck_assert_int_eq(run(do_print_ckr_size, false), 0);
	ck_assert_str_eq(out, "268435456\n");
}
END_TEST

START_TEST(ckr_size_from_iomem)
{
	put("proc/iomem",
	    "00001000-0009fbff : System RAM\n"
	    "00100000-bfffffff : System RAM\n"
	    "  9f000000-9fffffff : Crash kernel\n"
	    "  a0000000-afffffff : Crash kernel\n");
	ck_assert_int_eq(run(do_print_ckr_size, false), 0);
	ck_assert_str_eq(out, "285212672\n");
}
END_TEST

START_TEST(ckr_size_none_reserved)
{
	put("sys/kernel/kexec_crash_size", "0\n");
	ck_assert_int_eq(run(do_print_ckr_size, false), 0);
	ck_assert_str_eq(out, "0\n");
}
END_TEST

START_TEST(ckr_size_no_source)
{
	ck_assert_int_eq(run(do_print_ckr_size, false), 1);
	ck_assert_str_eq(out, "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("status");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, crash_loaded_with_hotplug);
	tcase_add_test(tc, crash_loaded_without_hotplug);
	tcase_add_test(tc, not_loaded_old_kernel);
	tcase_add_test(tc, new_sysfs_names);
	tcase_add_test(tc, missing_node_is_unknown);
	tcase_add_test(tc, ckr_size_from_sysfs);
	tcase_add_test(tc, ckr_size_from_iomem);
	tcase_add_test(tc, ckr_size_none_reserved);
	tcase_add_test(tc, ckr_size_no_source);
	suite_add_tcase(s, tc);
	return check_run(s);
}
