// SPDX-License-Identifier: GPL-2.0-only
/*
 * reload.c - the crash load record and `kexec -p --reload` (reload.h):
 * writing the record atomically, parsing it back, and replaying it
 * through load.c with the current command line's inspection options
 * (--dry-run, --plan-json, --dump-segments, --sysroot, -d) on top.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actions.h"
#include "load.h"
#include "lock.h"
#include "log.h"
#include "reload.h"

/* ---- writing ------------------------------------------------------------ */

static void put_value(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s=", key);
	for (; *v; v++) {
		if (*v == '\\')
			fputs("\\\\", f);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('\n', f);
}

int reload_write(FILE *f, const char *cwd, int argc, char *const argv[])
{
	int i;

	fprintf(f, "%s\n# written by kexec-hotplug %s, pid %ld, at %ld (Unix time)\n",
		RELOAD_MAGIC, PACKAGE_VERSION, (long)getpid(), (long)time(NULL));
	put_value(f, "cwd", cwd);
	for (i = 1; i < argc; i++)
		put_value(f, "arg", argv[i]);
	return ferror(f) ? -EIO : 0;
}

static int record_path(char *buf, size_t len)
{
	return rundir_file(RELOAD_RECORD_NAME, buf, len);
}

/* Write the record to tmp (created, 0600) and fsync it. */
static int write_tmp(const char *tmp, const struct options *o)
{
	char cwd[4096];
	FILE *f;
	int fd, err;

	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	err = reload_write(f, cwd, o->argc, o->argv);
	if (!err && (fflush(f) || fsync(fd)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int reload_save(const struct options *o)
{
	char path[4096], tmp[4200];
	int err;

	if (!o->argv) {
		pr_warn("the crash load has no argument vector to record: kexec -p --reload will not work");
		return -EINVAL;
	}
	err = record_path(path, sizeof(path));
	if (!err)
		err = rundir_make();
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	err = write_tmp(tmp, o);
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		pr_warn("cannot record the crash load in %s: %s (kexec -p --reload will not work)",
			path, strerror(-err));
		return err;
	}
	pr_debug("crash load recorded in %s for kexec -p --reload", path);
	return 0;
}

int reload_forget(void)
{
	char path[4096];
	int err = record_path(path, sizeof(path));

	if (err)
		return err;
	if (unlink(path) && errno != ENOENT) {
		err = -errno;
		pr_warn("cannot remove the crash load record %s: %s", path, strerror(-err));
		return err;
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------------ */

void reload_record_free(struct reload_record *r)
{
	int i;

	for (i = 0; r->argv && i < r->argc; i++)
		free(r->argv[i]);
	free(r->argv);
	free(r->cwd);
	memset(r, 0, sizeof(*r));
}

/* Undo put_value's escapes in place; -EINVAL on an unknown escape. */
static int unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		s++;
		if (*s == '\\')
			*out++ = '\\';
		else if (*s == 'n')
			*out++ = '\n';
		else
			return -EINVAL;
	}
	*out = '\0';
	return 0;
}

static int add_arg(struct reload_record *r, const char *v)
{
	char **a;

	if (r->argc >= RELOAD_MAX_ARGS)
		return -E2BIG;
	a = realloc(r->argv, (r->argc + 2) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	r->argv = a;
	a[r->argc] = strdup(v);
	if (!a[r->argc])
		return -ENOMEM;
	a[++r->argc] = NULL;
	return 0;
}

/* One "key=value" line (already NUL-terminated). */
static int parse_line(struct reload_record *r, char *line)
{
	char *eq = strchr(line, '=');

	if (!eq || unescape(eq + 1))
		return -EINVAL;
	*eq = '\0';
	if (!strcmp(line, "arg"))
		return add_arg(r, eq + 1);
	if (strcmp(line, "cwd") || r->cwd || eq[1] != '/')
		return -EINVAL;
	r->cwd = strdup(eq + 1);
	return r->cwd ? 0 : -ENOMEM;
}

static int parse_lines(char *text, const char *what, struct reload_record *r)
{
	char *line = text, *nl;
	int n = 1, err;

	for (; *line; line = nl + 1, n++) {
		nl = strchr(line, '\n');
		if (!nl) {
			pr_err("%s: line %d: not terminated by a newline (truncated record)", what, n);
			return -EINVAL;
		}
		*nl = '\0';
		if (n == 1 && strcmp(line, RELOAD_MAGIC)) {
			pr_err("%s: not a kexec-hotplug crash load record (first line is not \"%s\")",
			       what, RELOAD_MAGIC);
			return -EINVAL;
		}
		if (n == 1 || line[0] == '#' || !line[0])
			continue;
		err = parse_line(r, line);
		if (err) {
			pr_err("%s: line %d: %s", what, n, err == -E2BIG ?
			       "too many arguments" : err == -ENOMEM ? strerror(ENOMEM) :
			       "expected cwd=/ABSOLUTE or arg=VALUE (escapes: \\\\ and \\n)");
			return err;
		}
	}
	return 0;
}

int reload_parse(const char *text, size_t len, const char *what,
		 struct reload_record *r)
{
	char *copy;
	int err;

	memset(r, 0, sizeof(*r));
	if (memchr(text, '\0', len)) {
		pr_err("%s: contains a NUL byte: not a crash load record", what);
		return -EINVAL;
	}
	copy = strndup(text, len);
	if (!copy || add_arg(r, "kexec")) {
		free(copy);
		return -ENOMEM;
	}
	err = parse_lines(copy, what, r);
	free(copy);
	if (!err && (!r->cwd || r->argc < 2)) {
		pr_err("%s: incomplete record: %s", what, r->cwd ? "no arg= lines" : "no cwd= line");
		err = -EINVAL;
	}
	return err;
}

/* ---- replay ------------------------------------------------------------- */

struct replay {
	struct reload_record rec;
	struct options o;
	char *abs[4];		/* absolute forms of relative paths */
	unsigned int nabs;
};

static int read_record(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "re");
	int err = 0;

	if (!f)
		return -errno;
	*text = malloc(RELOAD_MAX_SIZE + 1);
	if (!*text) {
		fclose(f);
		return -ENOMEM;
	}
	*len = fread(*text, 1, RELOAD_MAX_SIZE + 1, f);
	if (ferror(f))
		err = -EIO;
	else if (*len > RELOAD_MAX_SIZE)
		err = -EFBIG;
	fclose(f);
	if (err)
		pr_err("cannot read the crash load record %s: %s", path, strerror(-err));
	return err;
}

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
	char path[4096], *text = NULL;
	size_t len = 0;
	unsigned int i;
	int err;

	err = record_path(path, sizeof(path));
	if (!err)
		err = read_record(path, &text, &len);
	if (err == -ENOENT)
		pr_err("no crash load recorded in %s: load one with kexec -p first", path);
	if (!err)
		err = reload_parse(text, len, path, &rp.rec);
	if (!err)
		err = replay_options(&rp, path, now);
	if (!err && rp.o.dry_run)
		print_replay(&rp, path);
	if (!err)
		err = load_replay(&rp.o) ? -EIO : 0;
	for (i = 0; i < rp.nabs; i++)
		free(rp.abs[i]);
	reload_record_free(&rp.rec);
	free(text);
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
