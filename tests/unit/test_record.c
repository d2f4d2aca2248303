// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_record.c - the crash load record of --reload (record.h): the text
 * written, its escapes, a round trip, atomic saving under the run
 * directory, forgetting, one message per malformed record, and reading:
 * nothing there is -ENOENT without a word, while a record that exists but
 * cannot be opened, read or parsed is reported and fails.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "lock.h"
#include "record.h"

static char *record_text(const char *cwd, int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(record_write(f, cwd, argc, argv), 0);
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
	ck_assert_int_eq(record_parse(t, strlen(t), "rec", &r), 0);
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

START_TEST(save_is_atomic_and_forget_removes)
{
	char dir[] = "/tmp/test_record.XXXXXX", path[128], cmd[160];
	char *argv[] = { "kexec", "-p", "k", NULL };
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run", dir);
	setenv(RUNDIR_ENV, path, 1);
	ck_assert_int_eq(record_save(3, argv), 0);
	snprintf(path, sizeof(path), "%s/run/%s", dir, RECORD_NAME);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s/run' | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);	/* no temporary file left */
	ck_assert_int_eq(record_forget(), 0);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(record_forget(), 0);	/* nothing to forget is fine */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(save_failure_warns)
{
	char *argv[] = { "kexec", "-p", "k", NULL };

	setenv(RUNDIR_ENV, "/proc/no-such-dir/run", 1);
	capture_begin();
	ck_assert_int_lt(record_save(3, argv), 0);
	assert_has(capture_end(), "cannot create the run directory");
}
END_TEST

/* ---- record_read -------------------------------------------------------- */

static char rdir[] = "/tmp/test_record.XXXXXX";
static char rpath[256];

static void read_setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(rdir));
	snprintf(rpath, sizeof(rpath), "%s/%s", rdir, RECORD_NAME);
	setenv(RUNDIR_ENV, rdir, 1);
}

static void read_teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *text, size_t len)
{
	FILE *f = fopen(rpath, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* record_read must fail, not with -ENOENT, with one line naming the path. */
static void expect_reported(const char *want)
{
	struct crash_record r;
	const char *msg;
	int err;

	capture_begin();
	err = record_read(rpath, &r);
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
	ck_assert_int_eq(record_read(rpath, &r), -ENOENT);
	ck_assert_str_eq(capture_end(), "");
	record_free(&r);
}
END_TEST

START_TEST(read_saved_record)
{
	char *argv[] = { "kexec", "-p", "--append=x y", "k", NULL };
	char path[256];
	struct crash_record r;

	ck_assert_int_eq(record_save(4, argv), 0);
	ck_assert_int_eq(record_path(path, sizeof(path)), 0);
	ck_assert_str_eq(path, rpath);
	ck_assert_int_eq(record_read(rpath, &r), 0);
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
	expect_reported("a symbolic link to nothing");
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
	tcase_add_test(tc, save_failure_warns);
	suite_add_tcase(s, tc);
	tc = tcase_create("read");
	tcase_add_checked_fixture(tc, read_setup, read_teardown);
	tcase_add_test(tc, read_absent_is_enoent_and_silent);
	tcase_add_test(tc, read_saved_record);
	tcase_add_test(tc, read_directory_reported);
	tcase_add_test(tc, read_dangling_symlink_reported);
	tcase_add_test(tc, read_unopenable_reported);
	tcase_add_test(tc, read_garbage_reported);
	tcase_add_test(tc, read_oversized_reported);
	suite_add_tcase(s, tc);
	return check_run(s);
}
