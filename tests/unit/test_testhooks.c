// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_testhooks.c - the test hooks (testhooks.h).  In every build: a
 * release build asked for the fake layer refuses (sys_blocked), its
 * corruption hook does nothing and the environment overrides read as
 * unset.  In a --enable-test-hooks build: the byte flip happens after the
 * digest (the plan keeps the digest of the original bytes, which no
 * longer matches) and the fake load logs without reaching the kernel.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "digest.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "syscall.h"
#include "testhooks.h"

/* A crash-like plan with three data segments and its digest. */
static void digested_plan(struct plan *p, struct digest_region *r)
{
	unsigned int n, i;
	const enum seg_role roles[] = { SEG_KERNEL, SEG_INITRD, SEG_BOOT_PARAMS };

	plan_init(p, "x86_64");
	p->flags = KEXEC_ON_CRASH | KEXEC_ARCH_X86_64;
	for (i = 0; i < 3; i++) {
		unsigned char *b = malloc(8192);

		memset(b, 0x11 * (i + 1), 8192);
		ck_assert_int_eq(plan_add_segment(p, roles[i], b, 8192,
						  0x1000000 + i * 0x100000, 8192, true), 0);
	}
	ck_assert_int_eq(digest_compute(p, r, &n), 0);
	ck_assert_uint_eq(n, 3);
}

START_TEST(release_build_refuses_fake)
{
	unsetenv(SYS_NO_SYSCALLS_ENV);
	setenv(TESTHOOK_FAKE_ENV, "/nonexistent", 1);
	ck_assert(testhook_fake_requested());
	ck_assert(testhooks_built() ? !sys_blocked() : sys_blocked());
	ck_assert(testhooks_built() == testhook_fake_active());
	setenv(SYS_NO_SYSCALLS_ENV, "1", 1);	/* the guard wins in any build */
	ck_assert(sys_blocked());
	unsetenv(TESTHOOK_FAKE_ENV);
	setenv(TESTHOOK_FAKE_ENV, "", 1);
	ck_assert(!testhook_fake_requested());
}
END_TEST

START_TEST(env_overrides_only_in_test_hooks_builds)
{
	setenv(TESTHOOK_RUNDIR_ENV, "/tmp/x", 1);
	if (testhooks_built())
		ck_assert_str_eq(testhook_getenv(TESTHOOK_RUNDIR_ENV), "/tmp/x");
	else	/* the environment must not move the lock and the record */
		ck_assert_ptr_null(testhook_getenv(TESTHOOK_RUNDIR_ENV));
	setenv(TESTHOOK_RUNDIR_ENV, "", 1);
	ck_assert_ptr_null(testhook_getenv(TESTHOOK_RUNDIR_ENV));
	unsetenv(TESTHOOK_RUNDIR_ENV);
	ck_assert_ptr_null(testhook_getenv(TESTHOOK_RUNDIR_ENV));
}
END_TEST

START_TEST(guard_wins_over_fake)
{
	struct plan p;

	plan_init(&p, "x86_64");
	setenv(SYS_NO_SYSCALLS_ENV, "1", 1);
	setenv(TESTHOOK_FAKE_ENV, "/nonexistent", 1);
	capture_begin();
	ck_assert_int_eq(sys_load_plan(&p), -EPERM);
	ck_assert_int_eq(sys_unload(1, 0), -EPERM);
	ck_assert_int_eq(sys_reboot_kexec(), -EPERM);
	assert_has(capture_end(), "is set (test guard)");
	plan_free(&p);
}
END_TEST

START_TEST(corruption_after_digest)
{
	struct digest_region r[KEXEC_SEGMENT_MAX];
	uint8_t before[SHA256_DIGEST_SIZE];
	struct plan p;
	unsigned int n;
	const char *msg;

	digested_plan(&p, r);
	memcpy(before, p.digest, sizeof(before));
	setenv(TESTHOOK_CORRUPT_ENV, "initrd", 1);
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(&p), 0);
	msg = capture_end();
	if (!testhooks_built()) {
		ck_assert_str_eq(msg, "");
		ck_assert_uint_eq(((unsigned char *)p.seg[1].buf)[4096], 0x22);
		plan_free(&p);
		return;
	}
	assert_has(msg, "flipped byte 4096 of segment initrd after the digest");
	ck_assert_uint_eq(((unsigned char *)p.seg[1].buf)[4096], 0x22 ^ 0xff);
	ck_assert_uint_eq(((unsigned char *)p.seg[1].buf)[4095], 0x22);
	/* the plan still carries the digest of the original bytes ... */
	ck_assert(!memcmp(p.digest, before, sizeof(before)));
	/* ... which purgatory's recomputation will no longer match */
	ck_assert_int_eq(digest_compute(&p, r, &n), 0);
	ck_assert(memcmp(p.digest, before, sizeof(before)));
	plan_free(&p);
}
END_TEST

START_TEST(corruption_offset_and_errors)
{
	struct digest_region r[KEXEC_SEGMENT_MAX];
	struct plan p;

	if (!testhooks_built())
		return;
	digested_plan(&p, r);
	setenv(TESTHOOK_CORRUPT_ENV, "kernel:0x10", 1);
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(&p), 0);
	capture_end();
	ck_assert_uint_eq(((unsigned char *)p.seg[0].buf)[16], 0x11 ^ 0xff);
	setenv(TESTHOOK_CORRUPT_ENV, "kernel:8192", 1);
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(&p), -EINVAL);
	assert_has(capture_end(), "no segment \"kernel\" with a byte at that offset");
	setenv(TESTHOOK_CORRUPT_ENV, "elfcorehdr", 1);
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(&p), -EINVAL);
	capture_end();
	setenv(TESTHOOK_CORRUPT_ENV, "kernel:x", 1);
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(&p), -EINVAL);
	assert_has(capture_end(), "expected ROLE or ROLE:OFFSET");
	capture_begin();
	ck_assert_int_eq(testhook_corrupt(NULL), -EINVAL);
	assert_has(capture_end(), "only a kexec_load plan (-c)");
	unsetenv(TESTHOOK_CORRUPT_ENV);
	ck_assert_int_eq(testhook_corrupt(NULL), 0);
	plan_free(&p);
}
END_TEST

START_TEST(fake_load_logs_and_fails_on_request)
{
	struct digest_region r[KEXEC_SEGMENT_MAX];
	char dir[] = "/tmp/test_testhooks.XXXXXX", path[128], line[4096];
	struct plan p;
	FILE *f;

	if (!testhooks_built())
		return;
	digested_plan(&p, r);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	unsetenv(SYS_NO_SYSCALLS_ENV);
	setenv(TESTHOOK_FAKE_ENV, dir, 1);
	setenv(TESTHOOK_DELAY_ENV, "1", 1);
	ck_assert(testhook_fake_active());
	ck_assert_int_eq(sys_load_plan(&p), 0);
	setenv(TESTHOOK_ERRNO_ENV, "16", 1);
	ck_assert_int_eq(sys_load_plan(&p), -EBUSY);
	ck_assert_int_eq(sys_unload(1, 0), -EBUSY);
	snprintf(path, sizeof(path), "%s/log", dir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert(!strncmp(line, "load ", 5));
	assert_has(line, " flags=0x3e0001 nseg=3 digest=");
	assert_has(line, " segs=kernel:");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert(!strncmp(line, "unload ", 7));
	fclose(f);
	unlink(path);
	rmdir(dir);
	plan_free(&p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("testhooks");
	TCase *tc = tcase_create("hooks");

	tcase_add_test(tc, release_build_refuses_fake);
	tcase_add_test(tc, env_overrides_only_in_test_hooks_builds);
	tcase_add_test(tc, guard_wins_over_fake);
	tcase_add_test(tc, corruption_after_digest);
	tcase_add_test(tc, corruption_offset_and_errors);
	tcase_add_test(tc, fake_load_logs_and_fails_on_request);
	suite_add_tcase(s, tc);
	return check_run(s);
}
