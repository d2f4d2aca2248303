// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_devtree.c - libFuzzer target for the ppc64 machine's device tree
 * read from a sysroot: ppc64_machine_read (kexec/arch/ppc64le/machine.c)
 * walks proc/device-tree with dt_read_sysroot (dt.c: directories are
 * nodes, files properties) and parses it; then fuzz_ppc64.h builds the
 * capture kernel's FDT from it and reads that back.
 *
 * The input is a list of records, each becoming one file of a
 * proc/device-tree made afresh for every input under a scratch sysroot:
 *   u8 path length, path ("memory@0/reg"; a trailing '/' makes only the
 *   directory), u16 big-endian value length, value bytes.
 * Path components use [A-Za-z0-9,.@#+_-] and are neither "." nor "..",
 * at most MAX_DEPTH of them; a record that does not fit (bad path, a
 * file where a directory is needed, truncated) ends the list.
 * Seeds are made from the snapshots' proc/device-tree (README.md).
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_ppc64.h"
#include "fuzz_util.h"
#include "sysroot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DEPTH	6
#define MAX_FILES	1024

static struct sysroot root = { .dirfd = -1 };
static char dt_dir[512];

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void fresh_tree(void)
{
	char path[512];

	if (root.dirfd < 0) {
		const char *dir = fuzz_scratch_dir();

		snprintf(path, sizeof(path), "%s/proc", dir);
		if (mkdir(path, 0755) || sysroot_open(&root, dir))
			abort();
		snprintf(dt_dir, sizeof(dt_dir), "%s/" PPC64_DT_PATH, dir);
	}
	nftw(dt_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (mkdir(dt_dir, 0755)) {
		perror(dt_dir);
		abort();
	}
}

static bool name_ok(const char *c, size_t len)
{
	if (!len || (len == 1 && c[0] == '.') ||
	    (len == 2 && c[0] == '.' && c[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789,.@#+_-", c[i]) || !c[i])
			return false;
	return true;
}

/* path is a directory (mkdir's EEXIST also means a file of that name). */
static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/*
 * Make the directories of rel (plen bytes) and, unless it ends in '/', the
 * file.  false: the input cannot be laid out (a name used for a file and
 * then as a directory, the same file twice, a bad name): stop there.
 */
static bool place(const char *rel, size_t plen, const uint8_t *val, size_t vlen)
{
	char path[1024];
	size_t at = strlen(dt_dir), start = 0, depth = 0;

	memcpy(path, dt_dir, at);
	for (size_t i = 0; i <= plen; i++) {
		if (i < plen && rel[i] != '/')
			continue;
		if (i == plen && start == plen)
			return true;	/* "dir/": the directory only */
		if (!name_ok(rel + start, i - start) || ++depth > MAX_DEPTH)
			return false;
		path[at++] = '/';
		memcpy(path + at, rel + start, i - start);
		at += i - start;
		path[at] = '\0';
		if (i < plen && mkdir(path, 0755) &&
		    (errno != EEXIST || !is_dir(path)))
			return false;
		start = i + 1;
	}
	if (access(path, F_OK) == 0)
		return false;	/* a directory, or the same file twice */
	fuzz_write_file(path, val, vlen);
	return true;
}

static void make_files(const uint8_t *data, size_t size)
{
	size_t off = 0, plen, vlen, n = 0;

	while (n++ < MAX_FILES && off < size) {
		plen = data[off++];
		if (off + plen + 2 > size)
			break;
		vlen = (size_t)data[off + plen] << 8 | data[off + plen + 1];
		if (off + plen + 2 + vlen > size ||
		    !place((const char *)data + off, plen, data + off + plen + 2, vlen))
			break;
		off += plen + 2 + vlen;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppc64_machine m = { 0 };

	fresh_tree();
	make_files(data, size);
	if (ppc64_machine_read(&root, &m) == 0)
		fuzz_ppc64_machine(&m);
	ppc64_machine_free(&m);
	return 0;
}
