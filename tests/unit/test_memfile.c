// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_memfile.c - the in-memory files kexec_file_load gets for a UKI's
 * sections (kexec/syscalls/memfile.c): the bytes read back, a read-only
 * close-on-exec descriptor (kernel_read_file refuses files open for
 * writing), every seal set, no writable descriptor left behind, and an
 * empty file.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "memfile.h"

/* Descriptors of this process whose link names the memfd. */
static int open_memfds(const char *name)
{
	char path[64], link[128];
	int fd, count = 0;
	ssize_t n;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = 0;
		count += strstr(link, name) != NULL;
	}
	return count;
}

START_TEST(bytes_read_back_read_only_sealed)
{
	static const char data[] = "bzImage bytes\0with a NUL";
	char buf[64], link[64], path[64];
	int fd = memfile_create("kexec-test", "test", data, sizeof(data));
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = pread(fd, buf, sizeof(buf), 0);
	ck_assert_int_eq(n, sizeof(data));
	ck_assert_mem_eq(buf, data, sizeof(data));
	ck_assert_int_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	ck_assert_int_ne(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_eq(fcntl(fd, F_GET_SEALS),
			 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	ck_assert_int_lt(write(fd, "x", 1), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	ck_assert_int_gt(n, 0);
	link[n] = 0;
	ck_assert_msg(strstr(link, "memfd:kexec-test"), "link %s", link);
	ck_assert_int_eq(open_memfds("memfd:kexec-test"), 1);
	close(fd);
	ck_assert_int_eq(open_memfds("memfd:kexec-test"), 0);
}
END_TEST

START_TEST(empty_file)
{
	struct stat st;
	int fd = memfile_create("kexec-empty", "test", "", 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert(S_ISREG(st.st_mode));
	close(fd);
}
END_TEST

static Suite *memfile_suite(void)
{
	Suite *s = suite_create("memfile");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, bytes_read_back_read_only_sealed);
	tcase_add_test(tc, empty_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(memfile_suite());
}
