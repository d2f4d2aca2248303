// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_util.c - the helpers of fuzz_util.h: input shaping and the
 * per-process scratch directory the file-reading targets write into.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_util.h"

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

size_t fuzz_split(const uint8_t *data, size_t size, char **fields, size_t max,
		  char **storage)
{
	char *s = fuzz_strndup(data, size), *p = s, *end = s + size;
	size_t n = 0;

	while (n < max) {
		fields[n++] = p;
		p += strlen(p);
		if (p >= end)
			break;
		p++;
	}
	*storage = s;
	return n;
}

static char *scratch;

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void scratch_remove(void)
{
	if (scratch)
		nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (scratch)
		return scratch;
	/* tmpfs keeps the file-writing targets fast */
	if ((!tmp || !*tmp) && !stat("/dev/shm", &st) && S_ISDIR(st.st_mode) &&
	    !access("/dev/shm", W_OK))
		tmp = "/dev/shm";
	if (asprintf(&scratch, "%s/kexec-fuzz-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp") < 0 || !mkdtemp(scratch)) {
		perror("fuzz: cannot create a scratch directory");
		abort();
	}
	atexit(scratch_remove);
	return scratch;
}

void fuzz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = data;
	ssize_t w;

	if (fd < 0) {
		perror(path);
		abort();
	}
	while (size) {
		w = write(fd, p, size);
		if (w <= 0) {
			perror(path);
			abort();
		}
		p += w;
		size -= w;
	}
	close(fd);
}
