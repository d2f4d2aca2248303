// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_hotplug.c - the hot-plug policy of crash loads (hotplug.c): on by
 * default where the kernel offers crash_elfcorehdr_size (either sysfs
 * name), off where it does not or the backend has no flag, --hotplug and
 * --no-hotplug as asked, kexec_file_load kernel-managed, nothing for -l,
 * and off after the kernel refused the flag.
 */
#include <check.h>
#include <string.h>

#include "helpers/check_run.h"
#include "helpers/tmpsysroot.h"
#include "hotplug.h"

static const struct arch_ops with_flag = { .name = "a", .hotplug_flag = 0x4 };
static const struct arch_ops no_flag = { .name = "b" };

/* Decide for a sysroot that has the node at rel (NULL: none). */
static void decide(const char *rel, bool panic, enum hotplug_mode mode,
		   const struct arch_ops *arch, struct hotplug_decision *d)
{
	struct options o = { .panic = panic, .hotplug_mode = mode };
	char *root = tmpsysroot_new();
	struct sysroot s;

	tmpsysroot_mkdir(root, "sys/kernel");
	if (rel)
		tmpsysroot_write(root, rel, "917616\n");
	ck_assert_int_eq(sysroot_open(&s, root), 0);
	hotplug_decide(&o, arch, &s, d);
	sysroot_close(&s);
	tmpsysroot_remove(root);
}

#define NODE "sys/kernel/crash_elfcorehdr_size"

START_TEST(default_on_where_offered)
{
	struct hotplug_decision d;

	decide(NODE, true, HOTPLUG_DEFAULT, &with_flag, &d);
	ck_assert(d.flag && d.retry_without);
	ck_assert_str_eq(d.load_state, "on");
	ck_assert_str_eq(d.load_why, "default: the kernel offers /sys/kernel/crash_elfcorehdr_size");
	ck_assert_str_eq(d.file_state, "kernel-managed");
	/* the newer name under sys/kernel/kexec counts too */
	decide("sys/kernel/kexec/crash_elfcorehdr_size", true, HOTPLUG_DEFAULT,
	       &with_flag, &d);
	ck_assert(d.flag);
}
END_TEST

START_TEST(default_off_without_node_or_flag)
{
	struct hotplug_decision d;

	decide(NULL, true, HOTPLUG_DEFAULT, &with_flag, &d);
	ck_assert(!d.flag && !d.retry_without);
	ck_assert_str_eq(d.load_state, "off");
	ck_assert_str_eq(d.load_why, "the kernel has no /sys/kernel/crash_elfcorehdr_size");
	ck_assert_str_eq(d.file_state, "off");
	decide(NODE, true, HOTPLUG_DEFAULT, &no_flag, &d);
	ck_assert(!d.flag);
	ck_assert_str_eq(d.load_why, "the backend has no crash hot-plug flag");
}
END_TEST

START_TEST(explicit_choices)
{
	struct hotplug_decision d;

	/* --hotplug is required: set even without the node (crash.c refuses) */
	decide(NULL, true, HOTPLUG_ON, &with_flag, &d);
	ck_assert(d.flag && !d.retry_without);
	ck_assert_str_eq(d.load_why, "--hotplug");
	decide(NODE, true, HOTPLUG_OFF, &with_flag, &d);
	ck_assert(!d.flag && !d.retry_without);
	ck_assert_str_eq(d.load_why, "--no-hotplug");
	ck_assert_str_eq(d.file_state, "kernel-managed");
	ck_assert_ptr_nonnull(strstr(d.file_why, "--no-hotplug cannot change that"));
}
END_TEST

START_TEST(not_a_crash_load)
{
	struct hotplug_decision d;

	decide(NODE, false, HOTPLUG_OFF, &with_flag, &d);
	ck_assert(!d.flag);
	ck_assert_ptr_null(d.load_state);
	ck_assert_ptr_null(d.file_state);
}
END_TEST

START_TEST(refused)
{
	struct hotplug_decision d;

	decide(NODE, true, HOTPLUG_DEFAULT, &with_flag, &d);
	hotplug_refused(&d);
	ck_assert(!d.flag && !d.retry_without);
	ck_assert_str_eq(d.load_state, "off");
	ck_assert_str_eq(d.load_why, "the kernel refused the hot-plug flag (EINVAL)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hotplug");
	TCase *tc = tcase_create("decide");

	tcase_add_test(tc, default_on_where_offered);
	tcase_add_test(tc, default_off_without_node_or_flag);
	tcase_add_test(tc, explicit_choices);
	tcase_add_test(tc, not_a_crash_load);
	tcase_add_test(tc, refused);
	suite_add_tcase(s, tc);
	return tmpsysroot_check_run(s);
}
