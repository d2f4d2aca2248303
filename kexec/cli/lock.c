// SPDX-License-Identifier: GPL-2.0-only
/*
 * lock.c - the run directory and the exclusive flock(2) that serialises
 * kexec runs which change what is loaded (lock.h).  The holder writes its
 * PID into the lock file so that a run that times out can name it.  The
 * lock dies with its holder: flock is released when the process exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "log.h"
#include "syscall.h"

#define LOCK_POLL_MS	50

const char *rundir_path(void)
{
	const char *d = getenv(RUNDIR_ENV);

	return d && *d ? d : RUNDIR_DEFAULT;
}

int rundir_file(const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", rundir_path(), name);

	if (n < 0 || (size_t)n >= len) {
		pr_err("run directory %s: path too long", rundir_path());
		return -ENAMETOOLONG;
	}
	return 0;
}

int rundir_make(void)
{
	const char *d = rundir_path();
	struct stat st;
	int err;

	if (mkdir(d, 0755) == 0)
		return 0;
	err = errno;
	if (err == EEXIST && stat(d, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (err == EEXIST)
		err = ENOTDIR;
	pr_err("cannot create the run directory %s: %s", d, strerror(err));
	return -err;
}

bool run_lock_needed(const struct options *o)
{
	return !o->dry_run && !sys_blocked();
}

static unsigned int lock_timeout_s(void)
{
	const char *s = getenv(LOCK_TIMEOUT_ENV);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return LOCK_TIMEOUT_DEFAULT;
	v = strtoul(s, &end, 10);
	if (*end || v > 3600) {
		pr_warn("%s=%s: not a number of seconds up to 3600, using %d",
			LOCK_TIMEOUT_ENV, s, LOCK_TIMEOUT_DEFAULT);
		return LOCK_TIMEOUT_DEFAULT;
	}
	return v;
}

/* The PID the holder wrote, or 0 if there is none to read. */
static long lock_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

static void lock_write_pid(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != n)
		pr_debug("cannot record our PID in the lock file: %s", strerror(errno));
}

static int lock_wait(int fd, const char *path)
{
	unsigned int waited_ms = 0, limit_ms = lock_timeout_s() * 1000;
	const struct timespec poll = { 0, LOCK_POLL_MS * 1000000L };
	long pid;

	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int err = errno;

			pr_err("cannot lock %s: %s", path, strerror(err));
			return -err;
		}
		if (waited_ms >= limit_ms) {
			pid = lock_holder(fd);
			if (pid > 0)
				pr_err("%s is still held by another kexec (pid %ld) after %u s: giving up",
				       path, pid, limit_ms / 1000);
			else
				pr_err("%s is still held by another kexec after %u s: giving up",
				       path, limit_ms / 1000);
			return -ETIMEDOUT;
		}
		if (waited_ms == 0)
			pr_debug("waiting for %s (held by pid %ld)", path, lock_holder(fd));
		nanosleep(&poll, NULL);
		waited_ms += LOCK_POLL_MS;
	}
	return 0;
}

int run_lock_take(const struct options *o, struct run_lock *l)
{
	char path[4096];
	int err;

	l->fd = -1;
	if (!run_lock_needed(o))
		return 0;
	err = rundir_file(LOCK_NAME, path, sizeof(path));
	if (!err)
		err = rundir_make();
	if (err)
		return err;
	l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (l->fd < 0) {
		err = errno;
		pr_err("cannot open the lock file %s: %s", path, strerror(err));
		return -err;
	}
	err = lock_wait(l->fd, path);
	if (err) {
		run_lock_release(l);
		return err;
	}
	lock_write_pid(l->fd);
	return 0;
}

void run_lock_release(struct run_lock *l)
{
	if (l->fd < 0)
		return;
	close(l->fd);	/* drops the flock; the stale PID is harmless */
	l->fd = -1;
}
