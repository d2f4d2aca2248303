// SPDX-License-Identifier: GPL-2.0-only
/*
 * record.c - the crash load record of --reload (record.h): writing it
 * atomically, reading and parsing it back, removing it.  A leaf: besides
 * log.h it uses only lock.h's run directory, and never calls into loading.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "log.h"
#include "record.h"

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

int record_write(FILE *f, const char *cwd, int argc, char *const argv[])
{
	int i;

	fprintf(f, "%s\n# written by kexec-hotplug %s, pid %ld, at %ld (Unix time)\n",
		RECORD_MAGIC, PACKAGE_VERSION, (long)getpid(), (long)time(NULL));
	put_value(f, "cwd", cwd);
	for (i = 1; i < argc; i++)
		put_value(f, "arg", argv[i]);
	return ferror(f) ? -EIO : 0;
}

int record_path(char *buf, size_t len)
{
	return rundir_file(RECORD_NAME, buf, len);
}

/* Write the record to tmp (created, 0600) and fsync it. */
static int write_tmp(const char *tmp, int argc, char *const argv[])
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
	err = record_write(f, cwd, argc, argv);
	if (!err && (fflush(f) || fsync(fd)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int record_save(int argc, char *const argv[])
{
	char path[4096], tmp[4200];
	int err;

	if (!argv) {
		pr_warn("the crash load has no argument vector to record: kexec -p --reload will not work");
		return -EINVAL;
	}
	err = record_path(path, sizeof(path));
	if (!err)
		err = rundir_make();
	if (err)
		return err;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	err = write_tmp(tmp, argc, argv);
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

int record_forget(void)
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

void record_free(struct crash_record *r)
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

static int add_arg(struct crash_record *r, const char *v)
{
	char **a;

	if (r->argc >= RECORD_MAX_ARGS)
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
static int parse_line(struct crash_record *r, char *line)
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

static int parse_lines(char *text, const char *what, struct crash_record *r)
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
		if (n == 1 && strcmp(line, RECORD_MAGIC)) {
			pr_err("%s: not a kexec-hotplug crash load record (first line is not \"%s\")",
			       what, RECORD_MAGIC);
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

int record_parse(const char *text, size_t len, const char *what,
		 struct crash_record *r)
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

/* ---- reading ------------------------------------------------------------ */

/* open(2) failed with err: nothing there (-ENOENT, silent), or say why. */
static int open_failed(const char *path, int err)
{
	struct stat st;

	if (err == ENOENT && lstat(path, &st))
		return -ENOENT;		/* nothing recorded: the caller says so */
	if (err == ENOENT) {
		pr_err("cannot open the crash load record %s: a symbolic link to nothing", path);
		return -EINVAL;
	}
	pr_err("cannot open the crash load record %s: %s", path, strerror(err));
	return -err;
}

/* Up to RECORD_MAX_SIZE bytes of fd into a new buffer. */
static int read_all(int fd, char **text, size_t *len)
{
	ssize_t n;

	*len = 0;
	*text = malloc(RECORD_MAX_SIZE + 1);
	if (!*text)
		return -ENOMEM;
	do {
		n = read(fd, *text + *len, RECORD_MAX_SIZE + 1 - *len);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			*len += n;
	} while (n != 0 && *len <= RECORD_MAX_SIZE);
	return *len > RECORD_MAX_SIZE ? -EFBIG : 0;
}

int record_read(const char *path, struct crash_record *r)
{
	char *text = NULL;
	size_t len;
	int fd, err;

	memset(r, 0, sizeof(*r));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_failed(path, errno);
	err = read_all(fd, &text, &len);
	close(fd);
	if (err)
		pr_err("cannot read the crash load record %s: %s", path, strerror(-err));
	else
		err = record_parse(text, len, path, r);
	free(text);
	return err;
}
