// SPDX-License-Identifier: GPL-2.0-only
/*
 * replay.c - what a --reload may replay (replay.h): the stamp a crash
 * load is recorded with and the check of a record against the machine
 * now, and the options: the recorded argument vector parsed again,
 * checked to be a crash load, its relative paths anchored at the recorded
 * cwd, the current inspection options on top.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "log.h"
#include "options.h"
#include "replay.h"
#include "sysroot.h"

/* ---- validity ----------------------------------------------------------- */

static void stamp_file(struct record_file *f, const char *path)
{
	struct stat st;

	if (!path || stat(path, &st))
		return;
	f->set = true;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->size = st.st_size;
	f->mtime_s = st.st_mtim.tv_sec;
	f->mtime_ns = st.st_mtim.tv_nsec;
}

void replay_stamp(const struct options *o, struct record_stamp *st)
{
	struct sysroot root;

	memset(st, 0, sizeof(*st));
	st->loaded_at = time(NULL);
	stamp_file(&st->file[RECORD_KERNEL], o->kernel);
	stamp_file(&st->file[RECORD_INITRD], o->initrd);
	stamp_file(&st->file[RECORD_DTB], o->dtb);
	if (sysroot_open(&root, options_sysroot(o)))
		return;
	if (sysroot_boot_id(&root, st->boot_id, sizeof(st->boot_id)))
		st->boot_id[0] = '\0';
	sysroot_close(&root);
}

static void show_time(long long t, char *buf, size_t len)
{
	time_t tt = t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm) ||
	    !strftime(buf, len, " at %Y-%m-%d %H:%M:%S", &tm))
		buf[0] = '\0';
}

/* The kernel's side: same boot, a crash kernel loaded. */
static int check_machine(const struct sysroot *root, const struct crash_record *r,
			 char *why, size_t len)
{
	char now[RECORD_BOOT_ID_LEN + 1], at[64];
	struct kexec_state ks;

	if (sysroot_boot_id(root, now, sizeof(now))) {
		snprintf(why, len, "cannot read the boot id (proc/sys/kernel/random/boot_id): cannot tell whether the record is from this boot");
		return -ESTALE;
	}
	if (strcmp(now, r->stamp.boot_id)) {
		snprintf(why, len, "recorded in another boot (boot_id %s, now %s): load again with kexec -p",
			 r->stamp.boot_id, now);
		return -ESTALE;
	}
	sysroot_kexec_state(root, &ks);
	show_time(r->stamp.loaded_at, at, sizeof(at));
	if (ks.crash_loaded < 0) {
		snprintf(why, len, "cannot read kexec_crash_loaded: cannot tell whether the crash kernel recorded%s is still loaded",
			 at);
		return -ESTALE;
	}
	if (!ks.crash_loaded) {
		snprintf(why, len, "no crash kernel is loaded: the one recorded%s was unloaded since (or lost in a failed load), and --reload only replaces it: load again with kexec -p",
			 at);
		return -ESTALE;
	}
	return 0;
}

int replay_check(const struct replay *rp, const struct crash_record *r,
		 char *why, size_t len)
{
	struct sysroot root;
	int err;

	if (!r->stamp.boot_id[0]) {
		snprintf(why, len, "the record has no boot_id (written by an older kexec-hotplug?): load again with kexec -p");
		return -ESTALE;
	}
	if (sysroot_open(&root, options_sysroot(&rp->o))) {
		snprintf(why, len, "cannot open %s to check the record", options_sysroot(&rp->o));
		return -ESTALE;
	}
	err = check_machine(&root, r, why, len);
	sysroot_close(&root);
	return err;
}

static void report_change(const char *role, const char *path,
			  const struct record_file *was)
{
	struct stat st;

	if (!was->set || !path)
		return;
	if (stat(path, &st)) {
		pr_debug("recorded %s %s: %s", role, path, strerror(errno));
		return;		/* loading it says why, once */
	}
	if ((unsigned long long)st.st_dev == was->dev &&
	    (unsigned long long)st.st_ino == was->ino &&
	    (unsigned long long)st.st_size == was->size &&
	    st.st_mtim.tv_sec == was->mtime_s && st.st_mtim.tv_nsec == was->mtime_ns)
		return;
	pr_warn("the %s %s changed since the crash load was recorded (%s): reloading the file as it is now",
		role, path,
		(unsigned long long)st.st_ino != was->ino ||
		(unsigned long long)st.st_dev != was->dev ? "another file" :
		(unsigned long long)st.st_size != was->size ? "other size" :
		"modified");
}

void replay_report_changes(const struct replay *rp,
			   const struct crash_record *r)
{
	const struct record_file *f = r->stamp.file;

	report_change("kernel", rp->o.kernel, &f[RECORD_KERNEL]);
	report_change("initrd", rp->o.initrd, &f[RECORD_INITRD]);
	report_change("dtb", rp->o.dtb, &f[RECORD_DTB]);
}

/* ---- options ------------------------------------------------------------ */

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
	o->rundir = now->rundir;
	if (now->sysroot && strcmp(now->sysroot, "/"))
		o->sysroot = now->sysroot;
	o->argc = 0;
	o->argv = NULL;
	log_set_debug(o->debug);
	return 0;
}

void replay_print(const struct replay *rp, const struct crash_record *r,
		  const char *path, const char *refusal)
{
	const struct options *o = &rp->o;
	int i;

	if (o->plan_json && !strcmp(o->plan_json, "-"))
		return;
	printf("reload: replaying the crash load recorded in %s (cwd %s):\n  kexec",
	       path, r->cwd);
	for (i = 1; i < r->argc; i++)
		printf(" '%s'", r->argv[i]);
	printf("\n");
	if (refusal)
		printf("reload: a real --reload would refuse it: %s\n", refusal);
	printf("\n");
}

void replay_free(struct replay *rp)
{
	unsigned int i;

	for (i = 0; i < rp->nabs; i++)
		free(rp->abs[i]);
	memset(rp, 0, sizeof(*rp));
}
