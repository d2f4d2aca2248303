// SPDX-License-Identifier: GPL-2.0-only
/*
 * replay.c - the options of a --reload (replay.h): the recorded argument
 * vector parsed again, checked to be a crash load, its relative paths
 * anchored at the recorded cwd, the current inspection options on top.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "replay.h"

/* Make *p absolute against the recorded working directory. */
static int absolutize(struct replay *rp, const char *cwd, const char **p)
{
	char *s;

	if (!*p || (*p)[0] == '/' || rp->nabs >= REPLAY_MAX_ABS)
		return 0;
	if (asprintf(&s, "%s/%s", cwd, *p) < 0)
		return -ENOMEM;
	rp->abs[rp->nabs++] = s;
	*p = s;
	return 0;
}

int replay_options(struct replay *rp, struct crash_record *r, const char *path,
		   const struct options *now)
{
	struct options *o = &rp->o;

	memset(rp, 0, sizeof(*rp));
	if (options_parse(r->argc, r->argv, o) ||
	    o->action != ACTION_LOAD || !o->panic || o->dry_run) {
		pr_err("%s: the recorded arguments are not a crash load (kexec -p ... KERNEL): load one again with kexec -p",
		       path);
		return -EINVAL;
	}
	if (absolutize(rp, r->cwd, &o->kernel) || absolutize(rp, r->cwd, &o->initrd) ||
	    absolutize(rp, r->cwd, &o->dtb) || absolutize(rp, r->cwd, &o->sysroot))
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

void replay_print(const struct replay *rp, const struct crash_record *r,
		  const char *path)
{
	const struct options *o = &rp->o;
	int i;

	if (o->plan_json && !strcmp(o->plan_json, "-"))
		return;
	printf("reload: replaying the crash load recorded in %s (cwd %s):\n  kexec",
	       path, r->cwd);
	for (i = 1; i < r->argc; i++)
		printf(" '%s'", r->argv[i]);
	printf("\n\n");
}

void replay_free(struct replay *rp)
{
	unsigned int i;

	for (i = 0; i < rp->nabs; i++)
		free(rp->abs[i]);
	memset(rp, 0, sizeof(*rp));
}
