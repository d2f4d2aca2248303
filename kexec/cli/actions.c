// SPDX-License-Identifier: GPL-2.0-only
/*
 * actions.c - the actions that change what is loaded (actions.h), each
 * composed as lock -> run -> record:
 *
 *   load      lock, load_run, record a real crash load for --reload
 *   reload    lock, record_read, replay_options, load_run (not recorded
 *             again: the record already says this)
 *   unload    lock, unload_run, forget the record after a crash unload
 *   exec      lock, load_run first for -l ... -e, exec_run
 *
 * The runs return 0 or -errno and have reported their failure; here the
 * result becomes the exit status, once.  The lock is held from before the
 * first read of machine state to after the last syscall (lock.h).  The
 * lock and the record are bookkeeping: when the run directory cannot be
 * had, run_lock_take has warned once and a load, unload or exec goes on
 * without either (l.dirfd < 0); only --reload needs them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "exec.h"
#include "load.h"
#include "lock.h"
#include "log.h"
#include "record.h"
#include "replay.h"
#include "unload.h"

typedef int (*run_fn)(const struct options *o, const struct run_lock *l);

/* Run fn(o, lock) under the run lock; the exit status of the action. */
static int locked(const struct options *o, run_fn fn)
{
	struct run_lock l;
	int err;

	err = run_lock_take(o, &l);
	if (err)
		return 1;
	err = fn(o, &l);
	run_lock_release(&l);	/* for exec: only reached when the reboot failed */
	return err ? 1 : 0;
}

static int load_and_record(const struct options *o, const struct run_lock *l)
{
	struct record_stamp st;
	int err = load_run(o);

	if (err || !o->panic || o->dry_run || l->dirfd < 0)
		return err;
	replay_stamp(o, &st);
	/* a failure only warns: the load stands */
	record_save(l->dirfd, rundir_path(o), o->argc, o->argv, &st);
	return 0;
}

static int unload_and_forget(const struct options *o, const struct run_lock *l)
{
	int err = unload_run(o);

	if (!err && o->panic && !o->dry_run && l->dirfd >= 0)
		record_forget(l->dirfd, rundir_path(o));	/* udev must not bring back what was unloaded */
	return err;
}

static int load_and_exec(const struct options *o, const struct run_lock *l)
{
	int err = 0;

	if (o->load_then_exec)
		err = load_and_record(o, l);
	return err ? err : exec_run(o);
}

/* The record PATH in the run directory (locked, or opened for a dry run). */
static int reload_read(const struct options *o, const struct run_lock *l,
		       const char *path, struct crash_record *rec)
{
	int dirfd = l->dirfd, err;

	if (dirfd < 0)
		dirfd = rundir_open(o, false);
	err = dirfd < 0 ? dirfd : record_read(dirfd, rundir_path(o), rec);
	if (err == -ENOENT)
		pr_err("no crash load recorded in %s: load one with kexec -p first", path);
	if (dirfd >= 0 && dirfd != l->dirfd)
		close(dirfd);
	return err;
}

static int reload(const struct options *now, const struct run_lock *l)
{
	struct crash_record rec;
	struct replay rp = { 0 };
	char path[4200], why[512];
	int err, valid;

	memset(&rec, 0, sizeof(rec));
	err = record_path(rundir_path(now), path, sizeof(path));
	if (!err)
		err = reload_read(now, l, path, &rec);
	if (!err)
		err = replay_options(&rp, &rec, path, now);
	if (err)
		goto out;
	valid = replay_check(&rp, &rec, why, sizeof(why));
	if (rp.o.dry_run)
		replay_print(&rp, &rec, path, valid ? why : NULL);
	else if (valid)
		pr_err("%s: not replayed: %s", path, why);
	err = rp.o.dry_run ? 0 : valid;
	if (!err) {
		replay_report_changes(&rp, &rec);
		err = load_run(&rp.o);
	}
out:
	replay_free(&rp);
	record_free(&rec);
	return err;
}
int do_load(const struct options *o)
{
	return locked(o, load_and_record);
}

int do_reload(const struct options *o)
{
	return locked(o, reload);
}

int do_unload(const struct options *o)
{
	return locked(o, unload_and_forget);
}

int do_exec(const struct options *o)
{
	return locked(o, load_and_exec);
}
