// SPDX-License-Identifier: GPL-2.0-only
/*
 * reload.c - `kexec -p --reload` (actions.h): read the crash load record
 * (record.h), parse its argument vector again and replay it through
 * load.c with the current command line's inspection options (--dry-run,
 * --plan-json, --dump-segments, --sysroot, -d) on top.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "load.h"
#include "lock.h"
#include "log.h"
#include "record.h"

struct replay {
	struct crash_record rec;
	struct options o;
	char *abs[4];		/* absolute forms of relative paths */
	unsigned int nabs;
};

/* Make *p absolute against the recorded working directory. */
static int absolutize(struct replay *rp, const char **p)
{
	char *s;

	if (!*p || (*p)[0] == '/' || rp->nabs >= 4)
		return 0;
	if (asprintf(&s, "%s/%s", rp->rec.cwd, *p) < 0)
		return -ENOMEM;
	rp->abs[rp->nabs++] = s;
	*p = s;
	return 0;
}

/* The recorded options, with the inspection options of `now` on top. */
static int replay_options(struct replay *rp, const char *path, const struct options *now)
{
	struct options *o = &rp->o;

	if (options_parse(rp->rec.argc, rp->rec.argv, o) ||
	    o->action != ACTION_LOAD || !o->panic || o->dry_run) {
		pr_err("%s: the recorded arguments are not a crash load (kexec -p ... KERNEL): load one again with kexec -p",
		       path);
		return -EINVAL;
	}
	if (absolutize(rp, &o->kernel) || absolutize(rp, &o->initrd) ||
	    absolutize(rp, &o->dtb) || absolutize(rp, &o->sysroot))
		return -ENOMEM;
	o->debug = o->debug || now->debug;
	o->dry_run = now->dry_run;
	o->plan_json = now->plan_json;
	o->dump_dir = now->dump_dir;
	if (now->sysroot && strcmp(now->sysroot, "/"))
		o->sysroot = now->sysroot;
	o->argc = 0;
	o->argv = NULL;
	log_set_debug(o->debug);
	return 0;
}

static void print_replay(const struct replay *rp, const char *path)
{
	const struct options *o = &rp->o;
	int i;

	if (o->plan_json && !strcmp(o->plan_json, "-"))
		return;
	printf("reload: replaying the crash load recorded in %s (cwd %s):\n  kexec",
	       path, rp->rec.cwd);
	for (i = 1; i < rp->rec.argc; i++)
		printf(" '%s'", rp->rec.argv[i]);
	printf("\n\n");
}

static int reload_locked(const struct options *now)
{
	struct replay rp = { 0 };
	char path[4096];
	unsigned int i;
	int err;

	err = record_path(path, sizeof(path));
	if (!err)
		err = record_read(path, &rp.rec);
	if (err == -ENOENT)
		pr_err("no crash load recorded in %s: load one with kexec -p first", path);
	if (!err)
		err = replay_options(&rp, path, now);
	if (!err && rp.o.dry_run)
		print_replay(&rp, path);
	if (!err)
		err = load_replay(&rp.o) ? -EIO : 0;
	for (i = 0; i < rp.nabs; i++)
		free(rp.abs[i]);
	record_free(&rp.rec);
	return err;
}

int do_reload(const struct options *o)
{
	struct run_lock l;
	int err;

	err = run_lock_take(o, &l);
	if (err)
		return 1;
	err = reload_locked(o);
	run_lock_release(&l);
	return err ? 1 : 0;
}
