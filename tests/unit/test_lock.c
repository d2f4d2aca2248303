// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_lock.c - the run directory and the run lock (lock.h): where they
 * live (--rundir; the environment only in test-hooks builds), that dry
 * runs and guarded runs take nothing, that only the owner can lock (0700
 * directory, 0600 file, wider modes repaired, another owner or a symbolic
 * link refused), that a run directory that cannot be had is one warning
 * and no failure except for --reload, that a second run waits for the
 * first, and that a timeout names the live holder from /proc/locks and
 * never a dead one.  Only flock(2) is exercised: no kexec syscall wrapper
 * is called.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "lock.h"
#include "syscall.h"
#include "testhooks.h"

#define OTHER_UID	65534	/* nobody */

static char dir[] = "/tmp/test_lock.XXXXXX";
static char rundir[128];
static char *saved_guard;

static void setup(void)
{
	const char *g = getenv(SYS_NO_SYSCALLS_ENV);

	saved_guard = g ? strdup(g) : NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(rundir, sizeof(rundir), "%s/run", dir);
	unsetenv(SYS_NO_SYSCALLS_ENV);	/* only flock is used here */
	unsetenv("KEXEC_HOTPLUG_FAKE_SYSCALLS");
	unsetenv(TESTHOOK_RUNDIR_ENV);
	unsetenv(TESTHOOK_LOCK_TIMEOUT_ENV);
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
	struct options o = { .action = ACTION_LOAD, .panic = true, .rundir = rundir };

	return o;
}

static void assert_one_line(const char *msg)
{
	ck_assert_msg(*msg && strchr(msg, '\n') == msg + strlen(msg) - 1,
		      "not one line: %s", msg);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

START_TEST(rundir_from_option_never_from_env_in_release)
{
	struct options o = { .action = ACTION_LOAD };

	ck_assert_str_eq(rundir_path(&o), "/run/kexec-hotplug");
	setenv(TESTHOOK_RUNDIR_ENV, "/tmp/elsewhere", 1);
	/* a release build must not let the environment move lock and record */
	ck_assert_str_eq(rundir_path(&o), testhooks_built() ?
			 "/tmp/elsewhere" : "/run/kexec-hotplug");
	o.rundir = "/opt/run";
	ck_assert_str_eq(rundir_path(&o), "/opt/run");
	unsetenv(TESTHOOK_RUNDIR_ENV);
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
	ck_assert_int_eq(l.dirfd, -1);
	o.dry_run = false;
	setenv(SYS_NO_SYSCALLS_ENV, "1", 1);
	ck_assert(!run_lock_needed(&o));
	unsetenv(SYS_NO_SYSCALLS_ENV);
	ck_assert(run_lock_needed(&o));
	ck_assert_int_eq(access(rundir, F_OK), -1);	/* nothing created */
}
END_TEST

START_TEST(take_creates_0700_dir_and_0600_lock)
{
	struct options o = real_load();
	struct run_lock l;
	char path[256];

	umask(022);
	ck_assert_int_eq(run_lock_take(&o, &l), 0);
	ck_assert_int_ge(l.fd, 0);
	ck_assert_int_ge(l.dirfd, 0);
	snprintf(path, sizeof(path), "%s/lock", rundir);
	ck_assert_uint_eq(mode_of(rundir), 0700);
	ck_assert_uint_eq(mode_of(path), 0600);
	run_lock_release(&l);
	ck_assert_int_eq(l.fd, -1);
	ck_assert_int_eq(l.dirfd, -1);
	run_lock_release(&l);	/* twice is harmless */
}
END_TEST

START_TEST(wide_modes_are_repaired)
{
	struct options o = real_load();
	struct run_lock l;
	char path[256];
	int theirs;

	ck_assert_int_eq(mkdir(rundir, 0700), 0);
	ck_assert_int_eq(chmod(rundir, 0755), 0);	/* as older versions made it */
	snprintf(path, sizeof(path), "%s/lock", rundir);
	fclose(fopen(path, "w"));
	ck_assert_int_eq(chmod(path, 0644), 0);
	/* a local user opened the world-readable lock file and holds it */
	theirs = open(path, O_RDONLY);
	ck_assert_int_ge(theirs, 0);
	ck_assert_int_eq(flock(theirs, LOCK_EX), 0);
	capture_begin();
	ck_assert_int_eq(run_lock_take_within(&o, &l, 200), 0);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_int_ge(l.fd, 0);
	ck_assert_uint_eq(mode_of(rundir), 0700);
	ck_assert_uint_eq(mode_of(path), 0600);
	run_lock_release(&l);
	close(theirs);
}
END_TEST

/* run_lock_take must warn once and go on without bookkeeping. */
static void expect_bookkeeping_warning(const struct options *o, const char *want)
{
	struct run_lock l;
	const char *msg;

	capture_begin();
	ck_assert_int_eq(run_lock_take(o, &l), 0);
	msg = capture_end();
	ck_assert_int_eq(l.fd, -1);
	ck_assert_int_eq(l.dirfd, -1);
	assert_has(msg, "kexec: warning: ");
	assert_has(msg, want);
	assert_has(msg, "going on without the run lock and the --reload record");
	assert_one_line(msg);
}

START_TEST(no_run_dir_is_a_warning_not_a_failure)
{
	struct options o = real_load();
	struct run_lock l;
	char path[256];

	snprintf(path, sizeof(path), "%s/no-run/kexec-hotplug", dir);
	o.rundir = path;	/* an initramfs without /run */
	expect_bookkeeping_warning(&o, "cannot create the run directory");
	/* --reload needs the record: there it is an error */
	o.action = ACTION_RELOAD;
	capture_begin();
	ck_assert_int_eq(run_lock_take(&o, &l), -ENOENT);
	assert_has(capture_end(), "kexec: cannot create the run directory");
}
END_TEST

START_TEST(rundir_is_a_file)
{
	struct options o = real_load();

	fclose(fopen(rundir, "w"));
	expect_bookkeeping_warning(&o, "is not a directory");
}
END_TEST

START_TEST(rundir_symlink_refused)
{
	struct options o = real_load();
	char target[256];

	snprintf(target, sizeof(target), "%s/target", dir);
	ck_assert_int_eq(mkdir(target, 0700), 0);
	ck_assert_int_eq(symlink(target, rundir), 0);
	expect_bookkeeping_warning(&o, "is a symbolic link: refusing to follow it");
	ck_assert_int_eq(access(strcat(target, "/lock"), F_OK), -1);
}
END_TEST

START_TEST(rundir_of_another_user_refused)
{
	struct options o = real_load();
	char want[64];

	if (geteuid() != 0)
		return;		/* cannot chown: nothing to test */
	ck_assert_int_eq(mkdir(rundir, 0700), 0);
	ck_assert_int_eq(chown(rundir, OTHER_UID, OTHER_UID), 0);
	snprintf(want, sizeof(want), "is owned by uid %d, not by root: refusing it", OTHER_UID);
	expect_bookkeeping_warning(&o, want);
	ck_assert_uint_eq(mode_of(rundir), 0700);
}
END_TEST

START_TEST(lock_file_of_another_user_refused)
{
	struct options o = real_load();
	char path[256];

	if (geteuid() != 0)
		return;
	ck_assert_int_eq(mkdir(rundir, 0700), 0);
	snprintf(path, sizeof(path), "%s/lock", rundir);
	fclose(fopen(path, "w"));
	ck_assert_int_eq(chown(path, OTHER_UID, OTHER_UID), 0);
	expect_bookkeeping_warning(&o, "lock is owned by uid 65534");
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

		if (run_lock_take(&o, &l) || l.fd < 0)
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

	ck_assert_int_eq(run_lock_take_within(&o, &l, 10000), 0);
	ck_assert_int_ge(l.fd, 0);
	/* we got it, so the child must have let go: it has exited or is exiting */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	run_lock_release(&l);
}
END_TEST

START_TEST(timeout_names_the_holder)
{
	struct options o = real_load();
	struct run_lock l;
	pid_t pid = child_holding(3000);
	char want[64];
	const char *msg;

	capture_begin();	/* give up at the first refusal */
	ck_assert_int_eq(run_lock_take_within(&o, &l, 0), -ETIMEDOUT);
	msg = capture_end();
	snprintf(want, sizeof(want), "lock is still held by pid %ld (", (long)pid);
	assert_has(msg, want);
	assert_has(msg, "giving up");
	assert_one_line(msg);
	ck_assert_int_eq(l.fd, -1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
END_TEST

/*
 * The process that took the lock exits while a child it forked keeps the
 * locked file open: /proc/locks still lists the dead PID, which must not
 * be named.
 */
START_TEST(timeout_never_names_a_dead_pid)
{
	struct options o = real_load();
	struct run_lock l;
	int p[2], status;
	pid_t pid;
	char c, want[64];
	const char *msg;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (run_lock_take(&o, &l) || l.fd < 0)
			_exit(1);
		if (fork() == 0) {	/* inherits the locked open file */
			(void)!write(p[1], "x", 1);
			sleep(3);
			_exit(0);
		}
		_exit(0);
	}
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);	/* reaped: gone */
	capture_begin();
	ck_assert_int_eq(run_lock_take_within(&o, &l, 0), -ETIMEDOUT);
	msg = capture_end();
	snprintf(want, sizeof(want), "pid %ld", (long)pid);
	ck_assert_msg(!strstr(msg, want), "names the dead holder: %s", msg);
	assert_has(msg, "is still held by another process after 0 s: giving up");
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(proc_locks_parsing)
{
	const char *t =
		"1: POSIX  ADVISORY  WRITE 100 00:1a:42 0 EOF\n"
		"2: FLOCK  ADVISORY  WRITE 200 00:1b:42 0 EOF\n"
		"2: -> FLOCK  ADVISORY  WRITE 300 00:1a:42 0 EOF\n"
		"3: OFDLCK ADVISORY  READ  -1 00:1a:42 0 EOF\n"
		"4: FLOCK  ADVISORY  WRITE 400 00:1a:42 0 EOF\n";

	ck_assert_int_eq(locks_find_holder(t, 0, 0x1a, 42), 400);
	ck_assert_int_eq(locks_find_holder(t, 0, 0x1b, 42), 200);
	ck_assert_int_eq(locks_find_holder(t, 0, 0x1a, 43), 0);
	ck_assert_int_eq(locks_find_holder("", 0, 0x1a, 42), 0);
	ck_assert_int_eq(locks_find_holder("garbage\n\n", 0, 0x1a, 42), 0);
	ck_assert_int_eq(locks_find_holder("5: FLOCK ADVISORY WRITE 0 00:1a:42 0 EOF", 0, 0x1a, 42), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, rundir_from_option_never_from_env_in_release);
	tcase_add_test(tc, dry_run_and_guard_take_nothing);
	tcase_add_test(tc, take_creates_0700_dir_and_0600_lock);
	tcase_add_test(tc, wide_modes_are_repaired);
	tcase_add_test(tc, no_run_dir_is_a_warning_not_a_failure);
	tcase_add_test(tc, rundir_is_a_file);
	tcase_add_test(tc, rundir_symlink_refused);
	tcase_add_test(tc, rundir_of_another_user_refused);
	tcase_add_test(tc, lock_file_of_another_user_refused);
	tcase_add_test(tc, second_run_waits_for_the_first);
	tcase_add_test(tc, timeout_names_the_holder);
	tcase_add_test(tc, timeout_never_names_a_dead_pid);
	tcase_add_test(tc, proc_locks_parsing);
	suite_add_tcase(s, tc);
	return check_run(s);
}
