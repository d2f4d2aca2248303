// SPDX-License-Identifier: GPL-2.0-only
/*
 * lock.c - the run directory and the exclusive flock(2) that serialises
 * kexec runs which change what is loaded (lock.h).  The directory is
 * opened once, without following a symbolic link, and checked (owner,
 * mode) on the open fd; the lock file is opened relative to it.  The lock
 * dies with its holder (flock is released when the process exits); a run
 * that times out names the holder the kernel lists in /proc/locks.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "log.h"
#include "syscall.h"
#include "sysroot.h"
#include "testhooks.h"

#define LOCK_POLL_MS	50
#define PROC_LOCKS_MAX	(4 * 1024 * 1024)

const char *rundir_path(const struct options *o)
{
	const char *d = testhook_getenv(TESTHOOK_RUNDIR_ENV);

	if (o->rundir)
		return o->rundir;
	return d ? d : RUNDIR_DEFAULT;
}

bool run_lock_needed(const struct options *o)
{
	return !o->dry_run && !sys_blocked();
}

/*
 * One line about bookkeeping that cannot be had: fatal for --reload (it
 * needs the record), else a warning saying what the run goes without.
 * Evaluates to -err.
 */
__attribute__((format(printf, 3, 4)))
static int unavailable(const struct options *o, int err, const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (o->action == ACTION_RELOAD)
		pr_err("%s", what);
	else
		pr_warn("%s: going on without the run lock and the --reload record (no serialisation with other kexec runs, and kexec -p --reload will not work)",
			what);
	return -err;
}

static const char *uid_name(uid_t uid, char *buf, size_t len)
{
	if (uid == 0)
		return "root";
	snprintf(buf, len, "uid %u", (unsigned int)uid);
	return buf;
}

/* Owner and mode of an open run directory or lock file (mode: 0700/0600). */
static int check_owner_mode(const struct options *o, int fd, const char *path,
			    mode_t mode, bool repair)
{
	char a[32], b[32];
	struct stat st;

	if (fstat(fd, &st))
		return unavailable(o, errno, "cannot check %s: %s", path, strerror(errno));
	if (st.st_uid != geteuid())
		return unavailable(o, EPERM, "%s is owned by %s, not by %s: refusing it (remove it; kexec creates it again, mode %04o)",
				   path, uid_name(st.st_uid, a, sizeof(a)),
				   uid_name(geteuid(), b, sizeof(b)), (unsigned int)mode);
	if (!repair || (st.st_mode & 07777) == mode)
		return 0;
	if (fchmod(fd, mode))
		return unavailable(o, errno, "%s has mode %04o and cannot be made %04o: %s",
				   path, (unsigned int)(st.st_mode & 07777),
				   (unsigned int)mode, strerror(errno));
	pr_debug("%s had mode %04o: now %04o", path,
		 (unsigned int)(st.st_mode & 07777), (unsigned int)mode);
	return 0;
}

/* open(2) of the directory itself failed with err. */
static int open_dir_failed(const struct options *o, const char *d, int err,
			   bool create)
{
	struct stat st;

	if (err == ENOENT && !create)
		return -ENOENT;
	/* O_DIRECTORY | O_NOFOLLOW on a link to a directory: ENOTDIR */
	if (err == ENOTDIR && !lstat(d, &st) && S_ISLNK(st.st_mode))
		err = ELOOP;
	if (err == ELOOP)
		return unavailable(o, err, "the run directory %s is a symbolic link: refusing to follow it", d);
	if (err == ENOTDIR)
		return unavailable(o, err, "the run directory %s is not a directory", d);
	return unavailable(o, err, "cannot open the run directory %s: %s", d, strerror(err));
}

int rundir_open(const struct options *o, bool create)
{
	const char *d = rundir_path(o);
	int fd, err;

	if (create && mkdir(d, 0700) && errno != EEXIST)
		return unavailable(o, errno, "cannot create the run directory %s: %s",
				   d, strerror(errno));
	fd = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return open_dir_failed(o, d, errno, create);
	err = check_owner_mode(o, fd, d, 0700, create);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static unsigned int lock_timeout_ms(void)
{
	const char *s = testhook_getenv(TESTHOOK_LOCK_TIMEOUT_ENV);
	char *end;
	unsigned long v;

	if (!s)
		return LOCK_TIMEOUT_DEFAULT * 1000;
	v = strtoul(s, &end, 10);
	if (*end || v > 3600) {
		pr_warn("%s=%s: not a number of seconds up to 3600, using %d",
			TESTHOOK_LOCK_TIMEOUT_ENV, s, LOCK_TIMEOUT_DEFAULT);
		return LOCK_TIMEOUT_DEFAULT * 1000;
	}
	return v * 1000;
}

/* "12: FLOCK  ADVISORY  WRITE 345 00:1a:678 0 EOF"; waiters have "->". */
static long locks_line_holder(const char *line, unsigned int major,
			      unsigned int minor, unsigned long ino)
{
	char type[16], arrow[4];
	unsigned int ma, mi;
	unsigned long in;
	long pid;

	if (sscanf(line, "%*d: %3s", arrow) == 1 && !strcmp(arrow, "->"))
		return 0;
	if (sscanf(line, "%*d: %15s %*s %*s %ld %x:%x:%lu",
		   type, &pid, &ma, &mi, &in) != 5)
		return 0;
	if (strcmp(type, "FLOCK") || ma != major || mi != minor || in != ino)
		return 0;
	return pid > 0 ? pid : 0;
}

long locks_find_holder(const char *text, unsigned int major,
		       unsigned int minor, unsigned long ino)
{
	const char *line = text, *nl;
	long pid;

	while (*line) {
		pid = locks_line_holder(line, major, minor, ino);
		if (pid)
			return pid;
		nl = strchr(line, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	return 0;
}

/* "pid 123 (kdumpctl)" for a live holder of fd's lock, else "". */
static void describe_holder(int fd, char *buf, size_t len)
{
	struct sysroot root;
	struct stat st;
	char *text = NULL, *comm = NULL, rel[64];
	size_t n;
	long pid = 0;

	buf[0] = '\0';
	if (fstat(fd, &st) || sysroot_open(&root, "/"))
		return;
	if (!sysroot_read(&root, "proc/locks", &text, &n, PROC_LOCKS_MAX))
		pid = locks_find_holder(text, major(st.st_dev), minor(st.st_dev),
					st.st_ino);
	/* a holder that is gone, or listed by nobody, is not named */
	if (pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)) {
		snprintf(rel, sizeof(rel), "proc/%ld/comm", pid);
		if (sysroot_read(&root, rel, &comm, &n, 256) == 0 && n)
			comm[strcspn(comm, "\n")] = '\0';
		snprintf(buf, len, "pid %ld (%s)", pid, comm && *comm ? comm : "?");
	}
	free(comm);
	free(text);
	sysroot_close(&root);
}

static int lock_timed_out(int fd, const char *path, unsigned int limit_ms)
{
	char who[128];

	describe_holder(fd, who, sizeof(who));
	if (who[0])
		pr_err("%s is still held by %s after %u s: giving up", path, who,
		       limit_ms / 1000);
	else
		pr_err("%s is still held by another process after %u s: giving up",
		       path, limit_ms / 1000);
	return -ETIMEDOUT;
}

/* 0 when locked, -ETIMEDOUT (reported), or another -errno (not reported). */
static int lock_wait(int fd, const char *path, unsigned int limit_ms)
{
	const struct timespec poll = { 0, LOCK_POLL_MS * 1000000L };
	unsigned int waited_ms = 0;

	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (waited_ms >= limit_ms)
			return lock_timed_out(fd, path, limit_ms);
		if (waited_ms == 0)
			pr_debug("waiting for %s", path);
		nanosleep(&poll, NULL);
		waited_ms += LOCK_POLL_MS;
	}
	return 0;
}

static int lock_file_openat(int dirfd)
{
	int fd = openat(dirfd, LOCK_NAME, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EROFS)	/* read-only /run: flock works on it */
		fd = openat(dirfd, LOCK_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	return fd;
}

/*
 * A lock file others could open (older versions made it 0644) is replaced,
 * not chmod'ed: whoever opened it before still holds that open file, and
 * could hold its flock forever.  fd is closed.
 */
static int replace_lock_file(int dirfd, int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) || !(st.st_mode & 077) || st.st_uid != geteuid())
		return fd;
	close(fd);
	pr_debug("%s had mode %04o: replaced by a new 0600 file", path,
		 (unsigned int)(st.st_mode & 07777));
	if (unlinkat(dirfd, LOCK_NAME, 0) && errno != ENOENT)
		return -1;
	return lock_file_openat(dirfd);
}

/* The lock file in the run directory: root's, 0600. */
static int open_lock_file(const struct options *o, int dirfd, const char *path)
{
	int fd, err;

	fd = lock_file_openat(dirfd);
	if (fd >= 0)
		fd = replace_lock_file(dirfd, fd, path);
	if (fd < 0)
		return unavailable(o, errno, "cannot open the lock file %s: %s",
				   path, errno == ELOOP ? "a symbolic link" : strerror(errno));
	err = check_owner_mode(o, fd, path, 0600, true);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int run_lock_take_within(const struct options *o, struct run_lock *l,
			 unsigned int timeout_ms)
{
	char path[4200];
	int err;

	l->fd = l->dirfd = -1;
	if (!run_lock_needed(o))
		return 0;
	err = rundir_open(o, true);
	if (err < 0)
		return o->action == ACTION_RELOAD ? err : 0;
	l->dirfd = err;
	snprintf(path, sizeof(path), "%s/%s", rundir_path(o), LOCK_NAME);
	err = open_lock_file(o, l->dirfd, path);
	if (err >= 0) {
		l->fd = err;
		err = lock_wait(l->fd, path, timeout_ms);
		if (err && err != -ETIMEDOUT)
			err = unavailable(o, -err, "cannot lock %s: %s", path, strerror(-err));
	}
	if (err < 0) {
		run_lock_release(l);
		return err == -ETIMEDOUT || o->action == ACTION_RELOAD ? err : 0;
	}
	return 0;
}

int run_lock_take(const struct options *o, struct run_lock *l)
{
	return run_lock_take_within(o, l, lock_timeout_ms());
}

void run_lock_release(struct run_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);	/* drops the flock */
	if (l->dirfd >= 0)
		close(l->dirfd);
	l->fd = l->dirfd = -1;
}
