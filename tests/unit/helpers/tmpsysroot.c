// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmpsysroot.c - test helper owning temporary sysroot trees (tmpsysroot.h):
 * creating the directory, its files and symlinks, and removing it all.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "tmpsysroot.h"

static void die_path(const char *what, const char *path)
{
	fprintf(stderr, "tmpsysroot: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

static char *join(const char *root, const char *rel)
{
	char *p;

	if (asprintf(&p, "%s/%s", root, rel) < 0)
		abort();
	return p;
}

char *tmpsysroot_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;

	if (asprintf(&dir, "%s/sysroot-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		abort();
	if (!mkdtemp(dir))
		die_path("cannot create", dir);
	return dir;
}

/* mkdir -p of path up to (not including) its last component if !whole. */
static void make_dirs(char *path, int whole)
{
	char *c = path;

	while ((c = strchr(c + 1, '/'))) {
		*c = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			die_path("cannot create", path);
		*c = '/';
	}
	if (whole && mkdir(path, 0755) && errno != EEXIST)
		die_path("cannot create", path);
}

void tmpsysroot_mkdir(const char *root, const char *rel)
{
	char *p = join(root, rel);

	make_dirs(p, 1);
	free(p);
}

void tmpsysroot_write_bytes(const char *root, const char *rel,
			    const void *data, size_t len)
{
	char *p = join(root, rel);
	int fd;

	make_dirs(p, 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die_path("cannot create", p);
	if (len && write(fd, data, len) != (ssize_t)len)
		die_path("cannot write", p);
	close(fd);
	free(p);
}

void tmpsysroot_write(const char *root, const char *rel, const char *text)
{
	tmpsysroot_write_bytes(root, rel, text, strlen(text));
}

void tmpsysroot_symlink(const char *root, const char *rel, const char *target)
{
	char *p = join(root, rel);

	make_dirs(p, 0);
	if (symlink(target, p))
		die_path("cannot create symlink", p);
	free(p);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	if (remove(path))
		fprintf(stderr, "tmpsysroot: cannot remove %s: %s\n", path,
			strerror(errno));
	return 0;
}

void tmpsysroot_remove(char *root)
{
	if (!root)
		return;
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

int tmpsysroot_check_run(Suite *s)
{
	char *base = tmpsysroot_new();
	int ret;

	setenv("TMPDIR", base, 1);
	ret = check_run(s);
	tmpsysroot_remove(base);
	return ret;
}
