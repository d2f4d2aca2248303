// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_lock.c - the run directory and the run lock (lock.h): where they
 * live, that dry runs and guarded runs take nothing, that a second run
 * waits for the first, and that a timeout names the holder's PID.  Only
 * flock(2) is exercised: no kexec syscall wrapper is called.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "lock.h"
#include "syscall.h"

static char dir[] = "/tmp/test_lock.XXXXXX";
static char *saved_guard;

static void setup(void)
{
	const char *g = getenv(SYS_NO_SYSCALLS_ENV);

	saved_guard = g ? strdup(g) : NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv(RUNDIR_ENV, dir, 1);
	unsetenv(SYS_NO_SYSCALLS_ENV);	/* only flock is used here */
	unsetenv("KEXEC_HOTPLUG_FAKE_SYSCALLS");
}

static void teardown(void)
{
	char cmd[256];

	if (saved_guard)
		setenv(SYS_NO_SYSCALLS_ENV, saved_guard, 1);
	free(saved_guard);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/test_lock.XXXXXX");
}

static struct options real_load(void)
{
	struct options o = { .action = ACTION_LOAD, .panic = true };

	return o;
}

START_TEST(rundir_from_env_and_default)
{
	char buf[64];

	ck_assert_str_eq(rundir_path(), dir);
	setenv(RUNDIR_ENV, "", 1);
	ck_assert_str_eq(rundir_path(), RUNDIR_DEFAULT);
	unsetenv(RUNDIR_ENV);
	ck_assert_str_eq(rundir_path(), "/run/kexec-hotplug");
	ck_assert_int_eq(rundir_file("lock", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/run/kexec-hotplug/lock");
	capture_begin();
	ck_assert_int_eq(rundir_file("lock", buf, 8), -ENAMETOOLONG);
	assert_has(capture_end(), "path too long");
}
END_TEST

START_TEST(dry_run_and_guard_take_nothing)
{
	struct options o = real_load();
	struct run_lock l;

	o.dry_run = true;
	ck_assert(!run_lock_needed(&o));
	ck_assert_int_eq(run_lock_take(&o, &l), 0);
	ck_assert_int_eq(l.fd, -1);
	o.dry_run = false;
	setenv(SYS_NO_SYSCALLS_ENV, "1", 1);
	ck_assert(!run_lock_needed(&o));
	unsetenv(SYS_NO_SYSCALLS_ENV);
	ck_assert(run_lock_needed(&o));
}
END_TEST

START_TEST(take_creates_dir_and_records_pid)
{
	struct options o = real_load();
	struct run_lock l;
	char path[256], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/sub", dir);
	setenv(RUNDIR_ENV, path, 1);
	ck_assert_int_eq(run_lock_take(&o, &l), 0);
	ck_assert_int_ge(l.fd, 0);
	snprintf(path, sizeof(path), "%s/sub/lock", dir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_int_eq(atol(buf), getpid());
	run_lock_release(&l);
	ck_assert_int_eq(l.fd, -1);
	run_lock_release(&l);	/* twice is harmless */
}
END_TEST

/* A child holds the lock for hold_ms; returns its PID. */
static pid_t child_holding(int hold_ms)
{
	struct options o = real_load();
	int p[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct run_lock l;

		if (run_lock_take(&o, &l))
			_exit(1);
		(void)!write(p[1], "x", 1);
		usleep(hold_ms * 1000);
		_exit(0);
	}
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	close(p[1]);
	return pid;
}

START_TEST(second_run_waits_for_the_first)
{
	struct options o = real_load();
	struct run_lock l;
	pid_t pid = child_holding(300);
	int status;

	setenv(LOCK_TIMEOUT_ENV, "10", 1);
	ck_assert_int_eq(run_lock_take(&o, &l), 0);
	/* we got it, so the child must have let go: it has exited or is exiting */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	run_lock_release(&l);
	unsetenv(LOCK_TIMEOUT_ENV);
}
END_TEST

START_TEST(timeout_names_the_holder)
{
	struct options o = real_load();
	struct run_lock l;
	pid_t pid = child_holding(3000);
	char want[64];
	const char *msg;

	setenv(LOCK_TIMEOUT_ENV, "0", 1);	/* give up at the first refusal */
	capture_begin();
	ck_assert_int_eq(run_lock_take(&o, &l), -ETIMEDOUT);
	msg = capture_end();
	snprintf(want, sizeof(want), "held by another kexec (pid %ld)", (long)pid);
	assert_has(msg, want);
	assert_has(msg, "giving up");
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
	ck_assert_int_eq(l.fd, -1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unsetenv(LOCK_TIMEOUT_ENV);
}
END_TEST

START_TEST(rundir_is_a_file)
{
	struct options o = real_load();
	struct run_lock l;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	setenv(RUNDIR_ENV, path, 1);
	capture_begin();
	ck_assert_int_eq(run_lock_take(&o, &l), -ENOTDIR);
	assert_has(capture_end(), "cannot create the run directory");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rundir_from_env_and_default);
	tcase_add_test(tc, dry_run_and_guard_take_nothing);
	tcase_add_test(tc, take_creates_dir_and_records_pid);
	tcase_add_test(tc, second_run_waits_for_the_first);
	tcase_add_test(tc, timeout_names_the_holder);
	tcase_add_test(tc, rundir_is_a_file);
	suite_add_tcase(s, tc);
	return check_run(s);
}
