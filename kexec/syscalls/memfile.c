// SPDX-License-Identifier: GPL-2.0-only
/*
 * memfile.c - in-memory files for kexec_file_load (memfile.h): memfd_create,
 * the bytes written, the file sealed, and the descriptor swapped for a
 * read-only one.  The kernel reads kexec_file_load's files with
 * kernel_read_file(), which refuses (ETXTBSY) a file that is open for
 * writing anywhere, so the writable descriptor must be gone before the
 * call: a memfd lives on while any descriptor refers to it, and
 * /proc/self/fd/N opens it again read-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "memfile.h"

#define MEMFILE_SEALS	(F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)

static int write_all(int fd, const unsigned char *p, size_t size)
{
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

/* fd again, read-only; the writable fd is closed.  fd itself without /proc. */
static int reopen_read_only(int fd, const char *what)
{
	char path[32];
	int ro;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0) {
		pr_debug("%s: cannot reopen the memfd read-only (%s): kexec_file_load may fail with ETXTBSY",
			 what, strerror(errno));
		return fd;
	}
	close(fd);
	return ro;
}

int memfile_create(const char *name, const char *what,
		   const void *data, size_t size)
{
	int fd, err;

	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		err = -errno;
		pr_err("%s: memfd_create: %s", what, strerror(-err));
		return err;
	}
	err = write_all(fd, data, size);
	if (!err && fcntl(fd, F_ADD_SEALS, MEMFILE_SEALS) < 0)
		err = -errno;
	if (err) {
		pr_err("%s: writing its in-memory copy: %s", what, strerror(-err));
		close(fd);
		return err;
	}
	return reopen_read_only(fd, what);
}
