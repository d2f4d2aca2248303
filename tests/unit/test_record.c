// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_record.c - the crash load record of --reload (record.h): the text
 * written, its escapes and stamp (boot id, time, files), a round trip,
 * atomic saving in the run directory, a failed save that removes the
 * previous record and says so, forgetting, one message per malformed
 * record, and reading: nothing there is -ENOENT without a word, while a
 * record that exists but cannot be opened, read or parsed, or that is a
 * symbolic link, not a regular file, or not root's with mode 0600, is
 * reported and fails.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "record.h"

#define BOOT_ID	"0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10"

static const struct record_stamp stamp = {
	.boot_id = BOOT_ID,
	.loaded_at = 1700000000,
	.file = {
		[RECORD_KERNEL] = { true, 2049, 1234, 5678, 1699999999, 123456789 },
		[RECORD_DTB] = { true, 1, 2, 3, 4, 5 },
	},
};

static char *record_text(const char *cwd, int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(record_write(f, cwd, argc, argv, &stamp), 0);
	fclose(f);
	return buf;
}

START_TEST(write_escapes_and_round_trips)
{
	char *argv[] = { "kexec", "-c", "-p", "--hotplug",
			 "--append=a\\b\nc", "vmlinuz", NULL };
	struct crash_record r;
	char *t = record_text("/root", 6, argv);
	int i;

	ck_assert(!strncmp(t, RECORD_MAGIC "\n# written by", strlen(RECORD_MAGIC) + 13));
	assert_has(t, "\ncwd=/root\narg=-c\narg=-p\narg=--hotplug\n");
	assert_has(t, "\narg=--append=a\\\\b\\nc\narg=vmlinuz\n");
	assert_has(t, "\nboot_id=" BOOT_ID "\nloaded_at=1700000000\n"
		      "file=kernel 2049 1234 5678 1699999999.123456789\n"
		      "file=dtb 1 2 3 4.000000005\n");
	ck_assert_int_eq(record_parse(t, strlen(t), "rec", &r), 0);
	ck_assert(!memcmp(&r.stamp, &stamp, sizeof(stamp)));
	ck_assert_str_eq(r.cwd, "/root");
	ck_assert_int_eq(r.argc, 6);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(r.argv[i], argv[i]);
	ck_assert_ptr_null(r.argv[6]);
	record_free(&r);
	free(t);
}
END_TEST

/* Parsing text must fail with one line containing want. */
static void expect_bad(const char *text, const char *want)
{
	struct crash_record r;
	const char *msg;

	capture_begin();
	ck_assert_int_lt(record_parse(text, strlen(text), "REC", &r), 0);
	msg = capture_end();
	record_free(&r);
	assert_has(msg, "kexec: REC");
	assert_has(msg, want);
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
}

START_TEST(malformed_records)
{
	expect_bad("", "incomplete record");
	expect_bad("hello\n", "not a kexec-hotplug crash load record");
	expect_bad(RECORD_MAGIC "\ncwd=/\n", "no arg= lines");
	expect_bad(RECORD_MAGIC "\narg=-p\n", "no cwd= line");
	expect_bad(RECORD_MAGIC "\ncwd=/\narg=-p", "line 3: not terminated");
	expect_bad(RECORD_MAGIC "\ncwd=relative\narg=-p\n", "line 2: expected cwd=/ABSOLUTE");
	expect_bad(RECORD_MAGIC "\ncwd=/\ncwd=/\narg=-p\n", "line 3");
	expect_bad(RECORD_MAGIC "\ncwd=/\nargs=-p\n", "line 3");
	expect_bad(RECORD_MAGIC "\ncwd=/\nnoequals\n", "line 3");
	expect_bad(RECORD_MAGIC "\ncwd=/\narg=bad\\t\n", "line 3");
	expect_bad(RECORD_MAGIC "\ncwd=/\narg=trailing\\\n", "line 3");
	expect_bad(RECORD_MAGIC "\nboot_id=0b0c6a57\n", "line 2: expected");
	expect_bad(RECORD_MAGIC "\nboot_id=" BOOT_ID "\nboot_id=" BOOT_ID "\n", "line 3");
	expect_bad(RECORD_MAGIC "\nboot_id=0B0C6A57-3A9E-4C3B-9D1E-5F2A7C8E9D10\n", "line 2");
	expect_bad(RECORD_MAGIC "\nboot_id=0b0c6a57x3a9e-4c3b-9d1e-5f2a7c8e9d10\n", "line 2");
	expect_bad(RECORD_MAGIC "\nloaded_at=soon\n", "line 2");
	expect_bad(RECORD_MAGIC "\nloaded_at=0\n", "line 2");
	expect_bad(RECORD_MAGIC "\nloaded_at=12x\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=bzimage 1 2 3 4.5\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=kernel 1 2 3 4\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=kernel 1 2 3 4.1000000000\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=kernel 1 2 3 4.5 6\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=kernel -1 2 3 4.5\n", "line 2");
	expect_bad(RECORD_MAGIC "\nfile=kernel 1 2 3 4.5\nfile=kernel 1 2 3 4.5\n", "line 3");
}
END_TEST

START_TEST(nul_byte_refused)
{
	static const char t[] = RECORD_MAGIC "\ncwd=/\narg=-p\0x\n";
	struct crash_record r;

	capture_begin();
	ck_assert_int_eq(record_parse(t, sizeof(t) - 1, "REC", &r), -EINVAL);
	assert_has(capture_end(), "NUL byte");
	record_free(&r);
}
END_TEST

START_TEST(comments_and_blank_lines_ignored)
{
	const char *t = RECORD_MAGIC "\n# x\n\ncwd=/\n#arg=no\narg=-p\n";
	struct crash_record r;

	ck_assert_int_eq(record_parse(t, strlen(t), "REC", &r), 0);
	ck_assert_int_eq(r.argc, 2);
	ck_assert_str_eq(r.argv[1], "-p");
	record_free(&r);
}
END_TEST

START_TEST(too_many_arguments)
{
	char *t = malloc(64 + 8 * (RECORD_MAX_ARGS + 2));
	struct crash_record r;
	int i;

	strcpy(t, RECORD_MAGIC "\ncwd=/\n");
	for (i = 0; i < RECORD_MAX_ARGS + 1; i++)
		strcat(t, "arg=-p\n");
	capture_begin();
	ck_assert_int_eq(record_parse(t, strlen(t), "REC", &r), -E2BIG);
	assert_has(capture_end(), "too many arguments");
	record_free(&r);
	free(t);
}
END_TEST

/* A fresh run directory: its path in d (mkdtemp template), its fd. */
static int new_rundir(char *d)
{
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(d));
	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	return fd;
}

static void remove_rundir(char *d, int fd)
{
	char cmd[160];

	close(fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(save_is_atomic_and_forget_removes)
{
	char dir[] = "/tmp/test_record.XXXXXX", path[128], cmd[160];
	char *argv[] = { "kexec", "-p", "k", NULL };
	int dfd = new_rundir(dir);
	struct stat st;

	ck_assert_int_eq(record_save(dfd, dir, 3, argv, &stamp), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_NAME);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);	/* no temporary file left */
	ck_assert_int_eq(record_forget(dfd, dir), 0);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(record_forget(dfd, dir), 0);	/* nothing to forget is fine */
	remove_rundir(dir, dfd);
}
END_TEST

/* record_save must fail, warn once with want, and leave no record. */
static void expect_save_failure(int dfd, const char *dir,
				const struct record_stamp *st, const char *want)
{
	char *argv[] = { "kexec", "-p", "new-kernel", NULL };
	char path[128];
	const char *msg;

	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_NAME);
	capture_begin();
	ck_assert_int_lt(record_save(dfd, dir, 3, argv, st), 0);
	msg = capture_end();
	assert_has(msg, "kexec: warning: cannot record the crash load in ");
	assert_has(msg, want);
	assert_has(msg, "no crash load is recorded now: kexec -p --reload fails until the next successful kexec -p");
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
	/* the previous record described the crash kernel this load replaced */
	ck_assert_int_eq(access(path, F_OK), -1);
}

START_TEST(failed_save_removes_the_previous_record)
{
	char dir[] = "/tmp/test_record.XXXXXX", path[160];
	char *argv[] = { "kexec", "-p", "old-kernel", NULL };
	int dfd = new_rundir(dir);

	ck_assert_int_eq(record_save(dfd, dir, 3, argv, &stamp), 0);
	/* the temporary file cannot be written: a directory stands there */
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_TMP_NAME);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	expect_save_failure(dfd, dir, &stamp, "Is a directory");
	remove_rundir(dir, dfd);
}
END_TEST

START_TEST(save_without_boot_id_removes_the_previous_record)
{
	char dir[] = "/tmp/test_record.XXXXXX";
	char *argv[] = { "kexec", "-p", "old-kernel", NULL };
	struct record_stamp none = stamp;
	int dfd = new_rundir(dir);

	ck_assert_int_eq(record_save(dfd, dir, 3, argv, &stamp), 0);
	none.boot_id[0] = '\0';
	expect_save_failure(dfd, dir, &none, "no boot id");
	remove_rundir(dir, dfd);
}
END_TEST

START_TEST(failed_removal_says_reload_would_replay_the_old_load)
{
	char dir[] = "/tmp/test_record.XXXXXX", path[160];
	char *argv[] = { "kexec", "-p", "k", NULL };
	int dfd = new_rundir(dir);
	const char *msg;

	/* neither writable nor removable: a non-empty directory in its place */
	snprintf(path, sizeof(path), "%s/%s", dir, RECORD_NAME);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	strcat(path, "/x");
	ck_assert_int_eq(mkdir(path, 0700), 0);
	capture_begin();
	ck_assert_int_lt(record_save(dfd, dir, 3, argv, &stamp), 0);
	msg = capture_end();
	assert_has(msg, "nor remove the previous record");
	assert_has(msg, "kexec -p --reload would load the PREVIOUS crash kernel again");
	remove_rundir(dir, dfd);
}
END_TEST

/* ---- record_read -------------------------------------------------------- */

static char rdir[] = "/tmp/test_record.XXXXXX";
static char rpath[256];
static int rfd;

static void read_setup(void)
{
	rfd = new_rundir(rdir);
	snprintf(rpath, sizeof(rpath), "%s/%s", rdir, RECORD_NAME);
}

static void read_teardown(void)
{
	remove_rundir(rdir, rfd);
	strcpy(rdir, "/tmp/test_record.XXXXXX");
}

/* The record as root writes it: mode 0600. */
static void write_file(const char *text, size_t len)
{
	FILE *f = fopen(rpath, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(rpath, 0600), 0);
}

/* record_read must fail, not with -ENOENT, with one line naming the path. */
static void expect_reported(const char *want)
{
	struct crash_record r;
	const char *msg;
	int err;

	capture_begin();
	err = record_read(rfd, rdir, &r);
	msg = capture_end();
	record_free(&r);
	ck_assert_int_lt(err, 0);
	ck_assert_int_ne(err, -ENOENT);
	assert_has(msg, rpath);
	assert_has(msg, want);
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
}

START_TEST(read_absent_is_enoent_and_silent)
{
	struct crash_record r;

	capture_begin();
	ck_assert_int_eq(record_read(rfd, rdir, &r), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	record_free(&r);
}
END_TEST

START_TEST(read_saved_record)
{
	char *argv[] = { "kexec", "-p", "--append=x y", "k", NULL };
	char path[256];
	struct crash_record r;

	ck_assert_int_eq(record_save(rfd, rdir, 4, argv, &stamp), 0);
	ck_assert_int_eq(record_path(rdir, path, sizeof(path)), 0);
	ck_assert_str_eq(path, rpath);
	ck_assert_int_eq(record_read(rfd, rdir, &r), 0);
	ck_assert_str_eq(r.stamp.boot_id, BOOT_ID);
	ck_assert_int_eq(r.argc, 4);
	ck_assert_str_eq(r.argv[2], "--append=x y");
	ck_assert_str_eq(r.argv[3], "k");
	ck_assert_ptr_nonnull(r.cwd);
	record_free(&r);
}
END_TEST

START_TEST(read_directory_reported)
{
	ck_assert_int_eq(mkdir(rpath, 0700), 0);
	expect_reported("cannot read the crash load record");
}
END_TEST

START_TEST(read_dangling_symlink_reported)
{
	ck_assert_int_eq(symlink("/nonexistent/crash-load.args", rpath), 0);
	expect_reported("a symbolic link");
}
END_TEST

START_TEST(read_symlink_to_a_valid_record_refused)
{
	char *argv[] = { "kexec", "-p", "k", NULL };
	char other[] = "/tmp/test_record.XXXXXX", target[160];
	int ofd = new_rundir(other);

	ck_assert_int_eq(record_save(ofd, other, 3, argv, &stamp), 0);
	snprintf(target, sizeof(target), "%s/%s", other, RECORD_NAME);
	ck_assert_int_eq(symlink(target, rpath), 0);
	expect_reported("refusing the crash load record");
	expect_reported("a symbolic link");
	remove_rundir(other, ofd);
}
END_TEST

START_TEST(read_wide_mode_refused)
{
	const char *t = RECORD_MAGIC "\ncwd=/\narg=-p\narg=k\n";

	write_file(t, strlen(t));
	ck_assert_int_eq(chmod(rpath, 0644), 0);
	expect_reported("mode 0644, not by uid");
	ck_assert_int_eq(chmod(rpath, 0620), 0);
	expect_reported("mode 0620");
}
END_TEST

START_TEST(read_other_owner_refused)
{
	const char *t = RECORD_MAGIC "\ncwd=/\narg=-p\narg=k\n";

	if (geteuid() != 0)
		return;		/* cannot chown */
	write_file(t, strlen(t));
	ck_assert_int_eq(chown(rpath, 65534, 65534), 0);
	expect_reported("owned by uid 65534 with mode 0600, not by uid 0 with mode 0600");
}
END_TEST

START_TEST(read_fifo_refused)
{
	ck_assert_int_eq(mkfifo(rpath, 0600), 0);
	expect_reported("not a regular file");	/* and does not hang */
}
END_TEST

START_TEST(read_unopenable_reported)
{
	if (geteuid() == 0)
		return;	/* root opens a mode 000 file: the directory case covers it */
	write_file("x\n", 2);
	ck_assert_int_eq(chmod(rpath, 0), 0);
	expect_reported("cannot open the crash load record");
}
END_TEST

START_TEST(read_garbage_reported)
{
	static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\xff\xfe binary junk\n";

	write_file(junk, sizeof(junk) - 1);
	expect_reported("NUL byte");
	write_file("kexec -c -p vmlinuz\n", 20);
	expect_reported("not a kexec-hotplug crash load record");
	write_file(RECORD_MAGIC "\ncwd=/\narg=-p", strlen(RECORD_MAGIC) + 13);
	expect_reported("not terminated by a newline");
	write_file("", 0);
	expect_reported("incomplete record");
}
END_TEST

START_TEST(read_oversized_reported)
{
	char *big = malloc(RECORD_MAX_SIZE + 2);

	ck_assert_ptr_nonnull(big);
	memset(big, '#', RECORD_MAX_SIZE + 1);
	memcpy(big, RECORD_MAGIC "\n", strlen(RECORD_MAGIC) + 1);
	big[RECORD_MAX_SIZE] = '\n';
	write_file(big, RECORD_MAX_SIZE + 1);
	free(big);
	expect_reported("File too large");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");

	tcase_add_test(tc, write_escapes_and_round_trips);
	tcase_add_test(tc, malformed_records);
	tcase_add_test(tc, nul_byte_refused);
	tcase_add_test(tc, comments_and_blank_lines_ignored);
	tcase_add_test(tc, too_many_arguments);
	tcase_add_test(tc, save_is_atomic_and_forget_removes);
	tcase_add_test(tc, failed_save_removes_the_previous_record);
	tcase_add_test(tc, save_without_boot_id_removes_the_previous_record);
	tcase_add_test(tc, failed_removal_says_reload_would_replay_the_old_load);
	suite_add_tcase(s, tc);
	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, read_setup, read_teardown);
	tcase_add_test(tc, read_absent_is_enoent_and_silent);
	tcase_add_test(tc, read_saved_record);
	tcase_add_test(tc, read_directory_reported);
	tcase_add_test(tc, read_dangling_symlink_reported);
	tcase_add_test(tc, read_symlink_to_a_valid_record_refused);
	tcase_add_test(tc, read_wide_mode_refused);
	tcase_add_test(tc, read_other_owner_refused);
	tcase_add_test(tc, read_fifo_refused);
	tcase_add_test(tc, read_unopenable_reported);
	tcase_add_test(tc, read_garbage_reported);
	tcase_add_test(tc, read_oversized_reported);
	suite_add_tcase(s, tc);
	return check_run(s);
}
