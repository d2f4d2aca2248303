// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_cmdline.c - --reuse-cmdline editing: BOOT_IMAGE= always goes,
 * crashkernel= only for crash loads, quotes and blanks handled like the
 * kernel does, and joining with --append.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "cmdline.h"

static void expect_reuse(const char *in, bool crash, const char *want)
{
	char *got = cmdline_reuse(in, crash);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(drops_boot_image)
{
	expect_reuse("BOOT_IMAGE=/vmlinuz-6.12 root=/dev/sda1 ro quiet\n", false,
		     "root=/dev/sda1 ro quiet");
	expect_reuse("BOOT_IMAGE=(hd0,gpt2)/vmlinuz crashkernel=256M ro", false,
		     "crashkernel=256M ro");
}
END_TEST

START_TEST(drops_crashkernel_for_crash)
{
	expect_reuse("BOOT_IMAGE=/v root=UUID=1 crashkernel=1G-4G:192M,4G-:256M ro", true,
		     "root=UUID=1 ro");
	expect_reuse("crashkernel=256M crashkernel=64M,low quiet", true, "quiet");
}
END_TEST

START_TEST(keeps_similar_names)
{
	expect_reuse("crashkernelx=1 mycrashkernel=2 BOOT_IMAGEX=3 crashkernel", true,
		     "crashkernelx=1 mycrashkernel=2 BOOT_IMAGEX=3");
}
END_TEST

START_TEST(quotes_and_blanks)
{
	expect_reuse("  a=\"x y\"\t\"crashkernel=1 2\"  dyndbg=\"file a.c +p\" \n", true,
		     "a=\"x y\" dyndbg=\"file a.c +p\"");
	expect_reuse("", true, "");
	expect_reuse("   \n", false, "");
}
END_TEST

START_TEST(join)
{
	char *s;

	s = cmdline_join("root=/dev/sda", "irqpoll nr_cpus=1");
	ck_assert_str_eq(s, "root=/dev/sda irqpoll nr_cpus=1");
	free(s);
	s = cmdline_join(NULL, "x");
	ck_assert_str_eq(s, "x");
	free(s);
	s = cmdline_join("y", "");
	ck_assert_str_eq(s, "y");
	free(s);
	s = cmdline_join(NULL, NULL);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("cmdline");

	tcase_add_test(tc, drops_boot_image);
	tcase_add_test(tc, drops_crashkernel_for_crash);
	tcase_add_test(tc, keeps_similar_names);
	tcase_add_test(tc, quotes_and_blanks);
	tcase_add_test(tc, join);
	suite_add_tcase(s, tc);
	return check_run(s);
}
