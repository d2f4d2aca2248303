/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lock.h - the run directory (/run/kexec-hotplug, or --rundir=DIR) and the
 * exclusive lock every action that changes what is loaded (load, unload,
 * reload, exec) holds, so that concurrent kexec runs (udev bursts, a kdump
 * service restart) never interleave their syscalls or read machine state
 * that another run is about to change.
 *
 * Both are bookkeeping: only root may hold the lock (directory 0700, lock
 * file 0600, both owned by root), and when the directory or the lock file
 * cannot be had (no /run in an initramfs, a read-only or full /run, a
 * directory owned by someone else) a load, unload or exec goes on without
 * them after one warning.  Only --reload, which needs the record, fails.
 */
#ifndef KEXEC_LOCK_H
#define KEXEC_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

#define RUNDIR_DEFAULT		"/run/kexec-hotplug"
#define LOCK_NAME		"lock"
#define LOCK_TIMEOUT_DEFAULT	30	/* seconds */

/*
 * --rundir=DIR, else (test-hooks builds only) $KEXEC_HOTPLUG_RUNDIR, else
 * RUNDIR_DEFAULT.  A release build never lets the environment move it.
 */
const char *rundir_path(const struct options *o);

/*
 * The run directory as an O_DIRECTORY fd, checked: not a symbolic link, a
 * directory owned by the user running kexec (root), mode 0700.  With
 * create it is made (0700) when missing and a wider mode is repaired;
 * without, a missing directory is -ENOENT with nothing printed (nothing
 * recorded) and the mode is left alone.  Any other failure prints one
 * line: an error for --reload, which cannot work without it, else a
 * warning that the run goes on without the lock and the --reload record.
 */
int rundir_open(const struct options *o, bool create);

struct run_lock {
	int fd;		/* the locked file; -1 when not held */
	int dirfd;	/* the checked run directory; -1 when unavailable */
};

/*
 * Take the lock for an action described by o, waiting at most 30 s (test
 * hooks builds: $KEXEC_HOTPLUG_LOCK_TIMEOUT).  A dry run, or a run whose
 * syscalls are blocked by the test guard, changes nothing and takes
 * nothing.  Returns 0 with the lock held, or 0 with fd and dirfd -1 after
 * the bookkeeping warning (see above); -ETIMEDOUT when another run holds
 * it, after one line naming the holder found in /proc/locks (never a PID
 * from a file, which may be stale); for --reload, -errno after one line
 * when the run directory cannot be had.
 */
int run_lock_take(const struct options *o, struct run_lock *l);
/* The same with the wait given in milliseconds (for tests). */
int run_lock_take_within(const struct options *o, struct run_lock *l,
			 unsigned int timeout_ms);
void run_lock_release(struct run_lock *l);
/* Would run_lock_take() lock for o? */
bool run_lock_needed(const struct options *o);

/*
 * The PID holding a flock(2) on the file (major:minor:inode) in the text of
 * /proc/locks, or 0 when none is listed (exported for tests).
 */
long locks_find_holder(const char *text, unsigned int major,
		       unsigned int minor, unsigned long ino);

#endif
