// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_arch.c - the core's side of the backend interface (kexec/arch/arch.c):
 * arch_plan_load(), which sets the kexec_load flags every backend shares:
 * the arch field, KEXEC_ON_CRASH with -p, the backend's hot-plug flag with
 * --hotplug when the plan has an elfcorehdr, and refuses --hotplug for a
 * backend without one.  A fake backend records what it was asked.  The
 * table of real backends is test_backends.c.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "helpers/check_run.h"
#include "helpers/stderr_capture.h"
#include "arch.h"
#include "kexec-abi.h"
#include "options.h"
#include "plan.h"

#define FAKE_ARCH	(0x1234UL << 16)
#define FAKE_HOTPLUG	0x4000UL

static int fake_calls;
static int fake_ret;
static bool fake_adds_elfcorehdr;

static int fake_plan_load(struct load_ctx *ctx, struct plan *plan)
{
	(void)ctx;
	fake_calls++;
	if (fake_ret)
		return fake_ret;
	plan->elfcorehdr.present = fake_adds_elfcorehdr;
	return 0;
}

static const struct arch_ops fake = {
	.name = "fake",
	.kexec_arch = FAKE_ARCH,
	.hotplug_flag = FAKE_HOTPLUG,
	.plan_load = fake_plan_load,
};

static const struct arch_ops fake_noflag = {
	.name = "noflag",
	.kexec_arch = FAKE_ARCH,
	.plan_load = fake_plan_load,
};

/* arch_plan_load(arch) for -l, -p or -p --hotplug; the resulting flags. */
static int run(const struct arch_ops *arch, bool panic, bool hotplug,
	       unsigned long *flags)
{
	struct options opt = { .panic = panic };
	struct load_ctx ctx = { .opt = &opt, .hotplug = hotplug };
	struct plan p;
	int ret;

	fake_calls = 0;
	plan_init(&p, arch->name);
	ret = arch_plan_load(arch, &ctx, &p);
	*flags = p.flags;
	plan_free(&p);
	return ret;
}

START_TEST(flags_normal_load)
{
	unsigned long flags;

	fake_ret = 0;
	fake_adds_elfcorehdr = false;
	ck_assert_int_eq(run(&fake, false, false, &flags), 0);
	ck_assert_int_eq(fake_calls, 1);
	ck_assert_uint_eq(flags, FAKE_ARCH);
}
END_TEST

START_TEST(flags_crash_load)
{
	unsigned long flags;

	fake_ret = 0;
	fake_adds_elfcorehdr = true;
	ck_assert_int_eq(run(&fake, true, false, &flags), 0);
	ck_assert_uint_eq(flags, FAKE_ARCH | KEXEC_ON_CRASH);
	ck_assert_int_eq(run(&fake, true, true, &flags), 0);
	ck_assert_uint_eq(flags, FAKE_ARCH | KEXEC_ON_CRASH | FAKE_HOTPLUG);
}
END_TEST

/* No elfcorehdr, nothing for the kernel to update: no hot-plug flag. */
START_TEST(flags_hotplug_needs_elfcorehdr)
{
	unsigned long flags;

	fake_ret = 0;
	fake_adds_elfcorehdr = false;
	ck_assert_int_eq(run(&fake, true, true, &flags), 0);
	ck_assert_uint_eq(flags, FAKE_ARCH | KEXEC_ON_CRASH);
}
END_TEST

START_TEST(backend_failure_keeps_flags_clear)
{
	unsigned long flags;

	fake_ret = -ENOSPC;
	fake_adds_elfcorehdr = true;
	ck_assert_int_eq(run(&fake, true, true, &flags), -ENOSPC);
	ck_assert_uint_eq(flags, 0);
	fake_ret = 0;
}
END_TEST

START_TEST(hotplug_without_backend_flag)
{
	unsigned long flags;
	const char *msg;

	fake_ret = 0;
	fake_adds_elfcorehdr = true;
	capture_begin();
	ck_assert_int_eq(run(&fake_noflag, true, true, &flags), -EOPNOTSUPP);
	msg = capture_end();
	ck_assert_ptr_nonnull(strstr(msg, "--hotplug: the noflag backend has no crash hot-plug flag"));
	ck_assert_int_eq(fake_calls, 0);	/* refused before planning */
	ck_assert_uint_eq(flags, 0);
	/* without --hotplug the same backend plans a crash kernel */
	ck_assert_int_eq(run(&fake_noflag, true, false, &flags), 0);
	ck_assert_uint_eq(flags, FAKE_ARCH | KEXEC_ON_CRASH);
}
END_TEST

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, flags_normal_load);
	tcase_add_test(tc, flags_crash_load);
	tcase_add_test(tc, flags_hotplug_needs_elfcorehdr);
	tcase_add_test(tc, backend_failure_keeps_flags_clear);
	tcase_add_test(tc, hotplug_without_backend_flag);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(arch_suite());
}
