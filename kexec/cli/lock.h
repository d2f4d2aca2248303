/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lock.h - the run directory (/run/kexec-hotplug, or $KEXEC_HOTPLUG_RUNDIR)
 * and the exclusive lock every action that changes what is loaded (load,
 * unload, reload, exec) holds, so that concurrent kexec runs (udev bursts,
 * a kdump service restart) never interleave their syscalls or read machine
 * state that another run is about to change.
 */
#ifndef KEXEC_LOCK_H
#define KEXEC_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

#define RUNDIR_ENV		"KEXEC_HOTPLUG_RUNDIR"
#define RUNDIR_DEFAULT		"/run/kexec-hotplug"
#define LOCK_NAME		"lock"
#define LOCK_TIMEOUT_ENV	"KEXEC_HOTPLUG_LOCK_TIMEOUT"	/* seconds */
#define LOCK_TIMEOUT_DEFAULT	30

/* $KEXEC_HOTPLUG_RUNDIR if set and not empty, else RUNDIR_DEFAULT. */
const char *rundir_path(void);
/* DIR/name into buf; -ENAMETOOLONG if it does not fit. */
int rundir_file(const char *name, char *buf, size_t len);
/* Create the run directory (mode 0755) unless it exists. */
int rundir_make(void);

struct run_lock {
	int fd;			/* -1 when not held */
};

/*
 * Take the lock for an action described by o, waiting at most
 * $KEXEC_HOTPLUG_LOCK_TIMEOUT seconds (default 30).  A dry run, or a run
 * whose syscalls are blocked by the test guard, changes nothing and takes
 * nothing (l->fd stays -1).  On failure one line names the lock file and,
 * on timeout, the PID recorded by the holder.
 */
int run_lock_take(const struct options *o, struct run_lock *l);
void run_lock_release(struct run_lock *l);
/* Would run_lock_take() lock for o? */
bool run_lock_needed(const struct options *o);

#endif
