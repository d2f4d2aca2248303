// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_backends.c - the table of backends (kexec/arch/backends.c): lookup
 * by --arch name, the host default, the names listed in messages, and the
 * flags each real backend gives the kernel.
 */
#include <check.h>

#include "helpers/check_run.h"
#include "arch/ppc64le/ppc64le.h"
#include "arch/x86_64/x86_64.h"
#include "backends.h"
#include "kexec-abi.h"

/* The flags the kernel receives from each real backend stay these. */
START_TEST(table)
{
	const struct arch_ops *x86 = arch_lookup("x86_64");
	const struct arch_ops *ppc = arch_lookup("ppc64le");

	ck_assert_ptr_eq(x86, &arch_x86_64);
	ck_assert_ptr_eq(ppc, &arch_ppc64le);
	ck_assert_ptr_null(arch_lookup("ppc64"));
	ck_assert_ptr_null(arch_lookup("mips"));
	ck_assert_ptr_nonnull(arch_lookup(NULL));
	ck_assert_uint_eq(x86->kexec_arch, KEXEC_ARCH_X86_64);
	ck_assert_uint_eq(x86->hotplug_flag, KEXEC_UPDATE_ELFCOREHDR);
	ck_assert_uint_eq(ppc->kexec_arch, KEXEC_ARCH_PPC64);
	ck_assert_uint_eq(ppc->hotplug_flag, KEXEC_CRASH_HOTPLUG_SUPPORT);
	ck_assert_str_eq(arch_names(), "x86_64, ppc64le");
	ck_assert_str_eq(arch_names(), "x86_64, ppc64le");	/* built once */
}
END_TEST

static Suite *backends_suite(void)
{
	Suite *s = suite_create("backends");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(backends_suite());
}
