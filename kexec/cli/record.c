// SPDX-License-Identifier: GPL-2.0-only
/*
 * record.c - the crash load record of --reload (record.h): writing it
 * atomically, reading it back without following links and only from its
 * owner, parsing, removing it.  A leaf: besides log.h it uses nothing, and
 * it works on a run directory fd opened and checked by lock.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "record.h"

static const char *const file_roles[RECORD_NR_FILES] = {
	[RECORD_KERNEL] = "kernel",
	[RECORD_INITRD] = "initrd",
	[RECORD_DTB] = "dtb",
};

const char *record_file_role_name(enum record_file_role role)
{
	return file_roles[role];
}

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

static void put_stamp(FILE *f, const struct record_stamp *st)
{
	const struct record_file *rf;
	int i;

	if (st->boot_id[0])
		fprintf(f, "boot_id=%s\n", st->boot_id);
	if (st->loaded_at)
		fprintf(f, "loaded_at=%lld\n", st->loaded_at);
	for (i = 0; i < RECORD_NR_FILES; i++) {
		rf = &st->file[i];
		if (rf->set)
			fprintf(f, "file=%s %llu %llu %llu %lld.%09ld\n", file_roles[i],
				rf->dev, rf->ino, rf->size, rf->mtime_s, rf->mtime_ns);
	}
}

int record_write(FILE *f, const char *cwd, int argc, char *const argv[],
		 const struct record_stamp *st)
{
	int i;

	fprintf(f, "%s\n# written by kexec-hotplug %s, pid %ld, at %ld (Unix time)\n",
		RECORD_MAGIC, PACKAGE_VERSION, (long)getpid(), (long)time(NULL));
	put_stamp(f, st);
	put_value(f, "cwd", cwd);
	for (i = 1; i < argc; i++)
		put_value(f, "arg", argv[i]);
	return ferror(f) ? -EIO : 0;
}

int record_path(const char *dir, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", dir, RECORD_NAME);

	if (n < 0 || (size_t)n >= len) {
		pr_err("run directory %s: path too long", dir);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* Write the record to RECORD_TMP_NAME in dirfd (created, 0600), fsynced. */
static int write_tmp(int dirfd, int argc, char *const argv[],
		     const struct record_stamp *st)
{
	char cwd[4096];
	FILE *f;
	int fd, err;

	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	fd = openat(dirfd, RECORD_TMP_NAME,
		    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	err = record_write(f, cwd, argc, argv, st);
	if (!err && (fflush(f) || fsync(fd)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/*
 * Saving failed with err after a successful load: the old record describes
 * a crash kernel that is no longer loaded, so it goes; say what --reload
 * does now.
 */
static int save_failed(int dirfd, const char *path, const char *why, int err)
{
	unlinkat(dirfd, RECORD_TMP_NAME, 0);
	if (unlinkat(dirfd, RECORD_NAME, 0) == 0 || errno == ENOENT)
		pr_warn("cannot record the crash load in %s: %s (no crash load is recorded now: kexec -p --reload fails until the next successful kexec -p)",
			path, why);
	else
		pr_warn("cannot record the crash load in %s: %s, nor remove the previous record: %s (kexec -p --reload would load the PREVIOUS crash kernel again: remove %s)",
			path, why, strerror(errno), path);
	return err;
}

int record_save(int dirfd, const char *dir, int argc, char *const argv[],
		const struct record_stamp *st)
{
	char path[4200];
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_NAME);
	if (!argv)
		return save_failed(dirfd, path, "no argument vector", -EINVAL);
	if (!st->boot_id[0])
		return save_failed(dirfd, path,
				   "no boot id (proc/sys/kernel/random/boot_id) to tie it to this boot",
				   -ENOENT);
	err = write_tmp(dirfd, argc, argv, st);
	if (!err && renameat(dirfd, RECORD_TMP_NAME, dirfd, RECORD_NAME))
		err = -errno;
	if (!err && fsync(dirfd))
		pr_debug("cannot sync the run directory %s: %s", dir, strerror(errno));
	if (err)
		return save_failed(dirfd, path, strerror(-err), err);
	pr_debug("crash load recorded in %s for kexec -p --reload", path);
	return 0;
}

int record_forget(int dirfd, const char *dir)
{
	int err;

	if (unlinkat(dirfd, RECORD_NAME, 0) && errno != ENOENT) {
		err = -errno;
		pr_warn("cannot remove the crash load record %s/%s: %s (kexec -p --reload would load the unloaded crash kernel again: remove it)",
			dir, RECORD_NAME, strerror(-err));
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

/* A decimal number up to the next space or the end; *p moves past it. */
static int parse_dec(char **p, unsigned long long *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno || (*end && *end != ' ' && *end != '.'))
		return -EINVAL;
	*p = end;
	return 0;
}

/* "36 characters of hex digits and dashes in UUID places". */
static int parse_boot_id(struct record_stamp *st, const char *v)
{
	size_t i;

	if (st->boot_id[0] || strlen(v) != RECORD_BOOT_ID_LEN)
		return -EINVAL;
	for (i = 0; i < RECORD_BOOT_ID_LEN; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? v[i] != '-' : !strchr("0123456789abcdef", v[i]) || !v[i])
			return -EINVAL;
	}
	memcpy(st->boot_id, v, RECORD_BOOT_ID_LEN + 1);
	return 0;
}

static int parse_loaded_at(struct record_stamp *st, char *v)
{
	unsigned long long t;

	if (st->loaded_at || parse_dec(&v, &t) || *v || !t || t > (1ULL << 62))
		return -EINVAL;
	st->loaded_at = t;
	return 0;
}

/* "kernel DEV INO SIZE SEC.NSEC" */
static int parse_file(struct record_stamp *st, char *v)
{
	struct record_file f = { .set = true };
	unsigned long long sec, nsec;
	size_t n = strcspn(v, " ");
	int i;

	for (i = 0; i < RECORD_NR_FILES; i++)
		if (strlen(file_roles[i]) == n && !strncmp(v, file_roles[i], n))
			break;
	if (i == RECORD_NR_FILES || st->file[i].set || v[n] != ' ')
		return -EINVAL;
	v += n + 1;
	if (parse_dec(&v, &f.dev) || *v++ != ' ' || parse_dec(&v, &f.ino) ||
	    *v++ != ' ' || parse_dec(&v, &f.size) || *v++ != ' ' ||
	    parse_dec(&v, &sec) || *v++ != '.' || parse_dec(&v, &nsec) || *v ||
	    sec > (1ULL << 62) || nsec > 999999999)
		return -EINVAL;
	f.mtime_s = sec;
	f.mtime_ns = nsec;
	st->file[i] = f;
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
	if (!strcmp(line, "boot_id"))
		return parse_boot_id(&r->stamp, eq + 1);
	if (!strcmp(line, "loaded_at"))
		return parse_loaded_at(&r->stamp, eq + 1);
	if (!strcmp(line, "file"))
		return parse_file(&r->stamp, eq + 1);
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
			       "expected cwd=/ABSOLUTE, arg=VALUE (escapes: \\\\ and \\n), boot_id=UUID, loaded_at=SECONDS or file=ROLE DEV INO SIZE SEC.NSEC, each once");
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

/* openat(2) failed with err: nothing there (-ENOENT, silent), or say why. */
static int open_failed(const char *path, int err)
{
	if (err == ENOENT)
		return -ENOENT;		/* nothing recorded: the caller says so */
	if (err == ELOOP) {
		pr_err("refusing the crash load record %s: a symbolic link (remove it and load again with kexec -p)",
		       path);
		return -EINVAL;
	}
	pr_err("cannot open the crash load record %s: %s", path, strerror(err));
	return -err;
}

/* Only a regular file of ours that nobody else may write or read. */
static int check_file(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st)) {
		pr_err("cannot read the crash load record %s: %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		pr_err("cannot read the crash load record %s: %s", path,
		       S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		pr_err("refusing the crash load record %s: owned by uid %u with mode %04o, not by uid %u with mode 0600 (remove it and load again with kexec -p)",
		       path, (unsigned int)st.st_uid, (unsigned int)(st.st_mode & 07777),
		       (unsigned int)geteuid());
		return -EPERM;
	}
	return 0;
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

int record_read(int dirfd, const char *dir, struct crash_record *r)
{
	char path[4200], *text = NULL;
	size_t len;
	int fd, err;

	memset(r, 0, sizeof(*r));
	err = record_path(dir, path, sizeof(path));
	if (err)
		return err;
	/* O_NONBLOCK: a FIFO planted there must not hang us before fstat */
	fd = openat(dirfd, RECORD_NAME, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_failed(path, errno);
	err = check_file(fd, path);
	if (!err) {
		err = read_all(fd, &text, &len);
		if (err)
			pr_err("cannot read the crash load record %s: %s", path, strerror(-err));
	}
	close(fd);
	if (!err)
		err = record_parse(text, len, path, r);
	free(text);
	return err;
}
