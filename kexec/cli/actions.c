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
 * first read of machine state to after the last syscall (lock.h).
 */
#include <errno.h>

#include "actions.h"
#include "exec.h"
#include "load.h"
#include "lock.h"
#include "log.h"
#include "record.h"
#include "replay.h"
#include "unload.h"

/* Run fn(o) under the run lock; the exit status of the action. */
static int locked(const struct options *o, int (*fn)(const struct options *))
{
	struct run_lock l;
	int err;

	err = run_lock_take(o, &l);
	if (err)
		return 1;
	err = fn(o);
	run_lock_release(&l);	/* for exec: only reached when the reboot failed */
	return err ? 1 : 0;
}

static int load_and_record(const struct options *o)
{
	int err = load_run(o);

	if (!err && o->panic && !o->dry_run)
		record_save(o->argc, o->argv);	/* a failure only warns: the load stands */
	return err;
}

static int unload_and_forget(const struct options *o)
{
	int err = unload_run(o);

	if (!err && o->panic && !o->dry_run)
		record_forget();	/* udev must not bring back what was unloaded */
	return err;
}

static int load_and_exec(const struct options *o)
{
	int err = 0;

	if (o->load_then_exec)
		err = load_and_record(o);
	return err ? err : exec_run(o);
}

static int reload(const struct options *now)
{
	struct crash_record rec;
	struct replay rp = { 0 };
	char path[4096];
	int err;

	err = record_path(path, sizeof(path));
	if (err)
		return err;
	err = record_read(path, &rec);
	if (err == -ENOENT)
		pr_err("no crash load recorded in %s: load one with kexec -p first", path);
	if (!err)
		err = replay_options(&rp, &rec, path, now);
	if (!err && rp.o.dry_run)
		replay_print(&rp, &rec, path);
	if (!err)
		err = load_run(&rp.o);
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
