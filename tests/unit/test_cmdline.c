// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_cmdline.c - --reuse-cmdline editing: BOOT_IMAGE= always goes,
 * crashkernel= only for crash loads, quotes and blanks handled like the
 * kernel does, joining with --append, and adding the parameters a
 * backend needs on crash command lines only where they are missing.
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

static void expect_added(const char *in, const char *want, const char *want_added)
{
	static const char *const params[] = { "acpi_no_memhotplug", "nokaslr", NULL };
	char *added, *got = cmdline_add_missing(in, params, &added);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert_str_eq(added, want_added);
	free(got);
	free(added);
}

START_TEST(add_missing)
{
	expect_added("", "acpi_no_memhotplug nokaslr", "acpi_no_memhotplug nokaslr");
	expect_added(NULL, "acpi_no_memhotplug nokaslr", "acpi_no_memhotplug nokaslr");
	expect_added("quiet", "quiet acpi_no_memhotplug nokaslr", "acpi_no_memhotplug nokaslr");
	expect_added("nokaslr acpi_no_memhotplug", "nokaslr acpi_no_memhotplug", "");
	expect_added("acpi_no_memhotplug=1 \"nokaslr\"", "acpi_no_memhotplug=1 \"nokaslr\"", "");
	expect_added("xacpi_no_memhotplug nokaslrx", "xacpi_no_memhotplug nokaslrx acpi_no_memhotplug nokaslr",
		     "acpi_no_memhotplug nokaslr");
	expect_added("a=\"b acpi_no_memhotplug\" nokaslr",
		     "a=\"b acpi_no_memhotplug\" nokaslr acpi_no_memhotplug", "acpi_no_memhotplug");
	/* words after a bare "--" go to init: they neither count nor get company */
	expect_added("quiet -- nokaslr acpi_no_memhotplug",
		     "quiet acpi_no_memhotplug nokaslr -- nokaslr acpi_no_memhotplug",
		     "acpi_no_memhotplug nokaslr");
	expect_added("nokaslr --x -- single", "nokaslr --x acpi_no_memhotplug -- single",
		     "acpi_no_memhotplug");
}
END_TEST

static void expect_insert(const char *in, const char *words, const char *want)
{
	char *got = cmdline_insert(in, words);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(insert_before_init_args)
{
	expect_insert(NULL, "elfcorehdr=4K", "elfcorehdr=4K");
	expect_insert("", "elfcorehdr=4K", "elfcorehdr=4K");
	expect_insert("quiet", "elfcorehdr=4K", "quiet elfcorehdr=4K");
	expect_insert("quiet --", "elfcorehdr=4K", "quiet elfcorehdr=4K --");
	expect_insert("--  single", "elfcorehdr=4K", "elfcorehdr=4K --  single");
	expect_insert("a=\"x -- y\" -- single", "e=1", "a=\"x -- y\" e=1 -- single");
	expect_insert("a --b", "e=1", "a --b e=1");
	expect_insert("quiet", "", "quiet");
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
	tcase_add_test(tc, add_missing);
	tcase_add_test(tc, insert_before_init_args);
	suite_add_tcase(s, tc);
	return check_run(s);
}
