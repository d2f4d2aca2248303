// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_reload.c - the crash load record of --reload (reload.h): the text
 * written, its escapes, a round trip, atomic saving under the run
 * directory, forgetting, and one message per malformed record.
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
#include "reload.h"

static char *record_text(const char *cwd, int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(reload_write(f, cwd, argc, argv), 0);
	fclose(f);
	return buf;
}

START_TEST(write_escapes_and_round_trips)
{
	char *argv[] = { "kexec", "-c", "-p", "--hotplug",
			 "--append=a\\b\nc", "vmlinuz", NULL };
	struct reload_record r;
	char *t = record_text("/root", 6, argv);
	int i;

	ck_assert(!strncmp(t, RELOAD_MAGIC "\n# written by", strlen(RELOAD_MAGIC) + 13));
	assert_has(t, "\ncwd=/root\narg=-c\narg=-p\narg=--hotplug\n");
	assert_has(t, "\narg=--append=a\\\\b\\nc\narg=vmlinuz\n");
	ck_assert_int_eq(reload_parse(t, strlen(t), "rec", &r), 0);
	ck_assert_str_eq(r.cwd, "/root");
	ck_assert_int_eq(r.argc, 6);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(r.argv[i], argv[i]);
	ck_assert_ptr_null(r.argv[6]);
	reload_record_free(&r);
	free(t);
}
END_TEST

/* Parsing text must fail with one line containing want. */
static void expect_bad(const char *text, const char *want)
{
	struct reload_record r;
	const char *msg;

	capture_begin();
	ck_assert_int_lt(reload_parse(text, strlen(text), "REC", &r), 0);
	msg = capture_end();
	reload_record_free(&r);
	assert_has(msg, "kexec: REC");
	assert_has(msg, want);
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
}

START_TEST(malformed_records)
{
	expect_bad("", "incomplete record");
	expect_bad("hello\n", "not a kexec-hotplug crash load record");
	expect_bad(RELOAD_MAGIC "\ncwd=/\n", "no arg= lines");
	expect_bad(RELOAD_MAGIC "\narg=-p\n", "no cwd= line");
	expect_bad(RELOAD_MAGIC "\ncwd=/\narg=-p", "line 3: not terminated");
	expect_bad(RELOAD_MAGIC "\ncwd=relative\narg=-p\n", "line 2: expected cwd=/ABSOLUTE");
	expect_bad(RELOAD_MAGIC "\ncwd=/\ncwd=/\narg=-p\n", "line 3");
	expect_bad(RELOAD_MAGIC "\ncwd=/\nargs=-p\n", "line 3");
	expect_bad(RELOAD_MAGIC "\ncwd=/\nnoequals\n", "line 3");
	expect_bad(RELOAD_MAGIC "\ncwd=/\narg=bad\\t\n", "line 3");
	expect_bad(RELOAD_MAGIC "\ncwd=/\narg=trailing\\\n", "line 3");
}
END_TEST

START_TEST(nul_byte_refused)
{
	static const char t[] = RELOAD_MAGIC "\ncwd=/\narg=-p\0x\n";
	struct reload_record r;

	capture_begin();
	ck_assert_int_eq(reload_parse(t, sizeof(t) - 1, "REC", &r), -EINVAL);
	assert_has(capture_end(), "NUL byte");
	reload_record_free(&r);
}
END_TEST

START_TEST(comments_and_blank_lines_ignored)
{
	const char *t = RELOAD_MAGIC "\n# x\n\ncwd=/\n#arg=no\narg=-p\n";
	struct reload_record r;

	ck_assert_int_eq(reload_parse(t, strlen(t), "REC", &r), 0);
	ck_assert_int_eq(r.argc, 2);
	ck_assert_str_eq(r.argv[1], "-p");
	reload_record_free(&r);
}
END_TEST

START_TEST(too_many_arguments)
{
	char *t = malloc(64 + 8 * (RELOAD_MAX_ARGS + 2));
	struct reload_record r;
	int i;

	strcpy(t, RELOAD_MAGIC "\ncwd=/\n");
	for (i = 0; i < RELOAD_MAX_ARGS + 1; i++)
		strcat(t, "arg=-p\n");
	capture_begin();
	ck_assert_int_eq(reload_parse(t, strlen(t), "REC", &r), -E2BIG);
	assert_has(capture_end(), "too many arguments");
	reload_record_free(&r);
	free(t);
}
END_TEST

START_TEST(save_is_atomic_and_forget_removes)
{
	char dir[] = "/tmp/test_reload.XXXXXX", path[128], cmd[160];
	char *argv[] = { "kexec", "-p", "k", NULL };
	struct options o = { .argc = 3, .argv = argv };
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run", dir);
	setenv(RUNDIR_ENV, path, 1);
	ck_assert_int_eq(reload_save(&o), 0);
	snprintf(path, sizeof(path), "%s/run/%s", dir, RELOAD_RECORD_NAME);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s/run' | wc -l) -eq 1", dir);
	ck_assert_int_eq(system(cmd), 0);	/* no temporary file left */
	ck_assert_int_eq(reload_forget(), 0);
	ck_assert_int_eq(stat(path, &st), -1);
	ck_assert_int_eq(reload_forget(), 0);	/* nothing to forget is fine */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(save_failure_warns)
{
	char *argv[] = { "kexec", "-p", "k", NULL };
	struct options o = { .argc = 3, .argv = argv };

	setenv(RUNDIR_ENV, "/proc/no-such-dir/run", 1);
	capture_begin();
	ck_assert_int_lt(reload_save(&o), 0);
	assert_has(capture_end(), "cannot create the run directory");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reload");
	TCase *tc = tcase_create("record");

	tcase_add_test(tc, write_escapes_and_round_trips);
	tcase_add_test(tc, malformed_records);
	tcase_add_test(tc, nul_byte_refused);
	tcase_add_test(tc, comments_and_blank_lines_ignored);
	tcase_add_test(tc, too_many_arguments);
	tcase_add_test(tc, save_is_atomic_and_forget_removes);
	tcase_add_test(tc, save_failure_warns);
	suite_add_tcase(s, tc);
	return check_run(s);
}
