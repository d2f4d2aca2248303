// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_syscall.c - the sentences users get for failed loads.  Only
 * sys_load_hint() is exercised: no wrapper is ever called from a test.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "syscall.h"

static char buf[512];

static void crash_plan(struct plan *p, unsigned long hotplug)
{
	plan_init(p, "x86_64");
	p->flags = KEXEC_ON_CRASH | hotplug | KEXEC_ARCH_X86_64;
	p->has_crash_region = true;
	p->crash_region = (struct range){ 0xa0000000, 0xafffffff, RANGE_RAM };
	plan_add_segment(p, SEG_KERNEL, NULL, 0, 0xa0000000, 0x3000000, true);
	plan_add_segment(p, SEG_INITRD, NULL, 0, 0xa4000000, 0x1000000, true);
}

static const char *hint(int err, const struct plan *p)
{
	return sys_load_hint(err, p, buf, sizeof(buf));
}

START_TEST(eperm_and_eacces_suggest_s)
{
	struct plan p;

	unsetenv(SYS_NO_SYSCALLS_ENV);
	crash_plan(&p, 0);
	ck_assert_ptr_nonnull(strstr(hint(-EPERM, &p), "not root"));
	ck_assert_ptr_nonnull(strstr(hint(-EPERM, &p), "locked down (Secure Boot): try -s"));
	ck_assert_ptr_nonnull(strstr(hint(EACCES, &p), "IMA/LSM policy forbids kexec_load: try -s"));
	plan_free(&p);
}
END_TEST

START_TEST(einval_names_hotplug_flag_and_kernel)
{
	struct plan p;

	crash_plan(&p, KEXEC_UPDATE_ELFCOREHDR);
	ck_assert_ptr_nonnull(strstr(hint(-EINVAL, &p), "0x4 (KEXEC_UPDATE_ELFCOREHDR needs Linux 6.6): drop --hotplug or use --no-hotplug"));
	plan_free(&p);
	crash_plan(&p, KEXEC_CRASH_HOTPLUG_SUPPORT);
	ck_assert_ptr_nonnull(strstr(hint(-EINVAL, &p), "0x8 (KEXEC_CRASH_HOTPLUG_SUPPORT needs Linux 6.10): drop --hotplug or use --no-hotplug"));
	plan_free(&p);
	crash_plan(&p, 0);
	ck_assert_ptr_null(strstr(hint(-EINVAL, &p), "--hotplug"));
	ck_assert_ptr_nonnull(strstr(hint(-EINVAL, &p), "0x3e0001"));
	plan_free(&p);
}
END_TEST

START_TEST(ebusy_retry)
{
	struct plan p;

	crash_plan(&p, 0);
	ck_assert_ptr_nonnull(strstr(hint(-EBUSY, &p), "hot-plug update, is in progress: retry"));
	plan_free(&p);
}
END_TEST

START_TEST(region_too_small_gives_sizes)
{
	struct plan p;
	const char *h;

	crash_plan(&p, 0);
	h = hint(-ENOMEM, &p);
	ck_assert_ptr_nonnull(strstr(h, "crash region is too small"));
	ck_assert_ptr_nonnull(strstr(h, "needs 67108864 bytes"));
	ck_assert_ptr_nonnull(strstr(h, "has 268435456 bytes"));
	h = hint(-EADDRNOTAVAIL, &p);
	ck_assert_ptr_nonnull(strstr(h, "segment lies outside it"));
	plan_free(&p);
}
END_TEST

START_TEST(enosys)
{
	struct plan p;

	crash_plan(&p, 0);
	ck_assert_ptr_nonnull(strstr(hint(-ENOSYS, &p), "CONFIG_KEXEC"));
	p.syscall = PLAN_KEXEC_FILE_LOAD;
	ck_assert_ptr_nonnull(strstr(hint(-ENOSYS, &p), "CONFIG_KEXEC_FILE): try -c"));
	plan_free(&p);
}
END_TEST

START_TEST(file_load_signature)
{
	struct plan p;

	plan_init(&p, "x86_64");
	p.syscall = PLAN_KEXEC_FILE_LOAD;
	ck_assert_ptr_nonnull(strstr(hint(-EKEYREJECTED, &p), "signature"));
	ck_assert_ptr_nonnull(strstr(hint(-ENOEXEC, &p), "does not recognise"));
	ck_assert_ptr_null(strstr(hint(-EPERM, &p), "try -s"));
	plan_free(&p);
}
END_TEST

/* EINVAL with --no-cma names the flag the kernel may not know. */
START_TEST(file_load_einval_no_cma)
{
	struct plan p;

	plan_init(&p, "x86_64");
	p.syscall = PLAN_KEXEC_FILE_LOAD;
	ck_assert_ptr_null(strstr(hint(-EINVAL, &p), "NO_CMA"));
	p.flags = KEXEC_FILE_NO_CMA;
	ck_assert_ptr_nonnull(strstr(hint(-EINVAL, &p), "KEXEC_FILE_NO_CMA, 0x10"));
	ck_assert_ptr_nonnull(strstr(hint(-EINVAL, &p), "drop --no-cma"));
	plan_free(&p);
}
END_TEST

START_TEST(other_errno_is_strerror)
{
	struct plan p;

	plan_init(&p, "x86_64");
	ck_assert_str_eq(hint(-EFAULT, &p), strerror(EFAULT));
	plan_free(&p);
}
END_TEST

START_TEST(guard_hint)
{
	struct plan p;

	plan_init(&p, "x86_64");
	setenv(SYS_NO_SYSCALLS_ENV, "1", 1);
	ck_assert(sys_blocked());
	ck_assert_ptr_nonnull(strstr(hint(-EPERM, &p), SYS_NO_SYSCALLS_ENV));
	unsetenv(SYS_NO_SYSCALLS_ENV);
	ck_assert(!sys_blocked());
	plan_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("syscall");
	TCase *tc = tcase_create("hints");

	tcase_add_test(tc, eperm_and_eacces_suggest_s);
	tcase_add_test(tc, einval_names_hotplug_flag_and_kernel);
	tcase_add_test(tc, ebusy_retry);
	tcase_add_test(tc, region_too_small_gives_sizes);
	tcase_add_test(tc, enosys);
	tcase_add_test(tc, file_load_signature);
	tcase_add_test(tc, file_load_einval_no_cma);
	tcase_add_test(tc, other_errno_is_strerror);
	tcase_add_test(tc, guard_hint);
	suite_add_tcase(s, tc);
	return check_run(s);
}
