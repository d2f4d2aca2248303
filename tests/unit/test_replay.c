// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_replay.c - the options a --reload loads with (replay.h): the
 * recorded vector parsed again, relative paths anchored at the recorded
 * cwd, the current inspection options on top, and one line for a record
 * that is not a crash load.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "replay.h"

/* A record of "kexec ARGS..." made in /rec (through the record parser). */
static void make_record(struct crash_record *r, const char *args)
{
	char text[1024];

	snprintf(text, sizeof(text), RECORD_MAGIC "\ncwd=/rec\n%s", args);
	ck_assert_int_eq(record_parse(text, strlen(text), "REC", r), 0);
}

START_TEST(relative_paths_follow_the_recorded_cwd)
{
	struct options now = { .action = ACTION_RELOAD, .panic = true };
	struct crash_record r;
	struct replay rp;

	make_record(&r, "arg=-c\narg=-p\narg=--hotplug\narg=--initrd=i/initrd.img\n"
		       "arg=--sysroot=/abs\narg=vmlinuz\n");
	ck_assert_int_eq(replay_options(&rp, &r, "REC", &now), 0);
	ck_assert_int_eq(rp.o.action, ACTION_LOAD);
	ck_assert(rp.o.panic && rp.o.hotplug && !rp.o.dry_run);
	ck_assert_int_eq(rp.o.syscall, SYSCALL_LOAD);
	ck_assert_str_eq(rp.o.kernel, "/rec/vmlinuz");
	ck_assert_str_eq(rp.o.initrd, "/rec/i/initrd.img");
	ck_assert_str_eq(rp.o.sysroot, "/abs");
	ck_assert_ptr_null(rp.o.argv);	/* a replay is never recorded again */
	replay_free(&rp);
	record_free(&r);
}
END_TEST

START_TEST(inspection_options_of_now_apply)
{
	struct options now = { .action = ACTION_RELOAD, .panic = true, .dry_run = true,
			       .debug = true, .plan_json = "-", .dump_dir = "/d",
			       .sysroot = "/snapshot" };
	struct crash_record r;
	struct replay rp;

	make_record(&r, "arg=-p\narg=--sysroot=old\narg=/boot/vmlinuz\n");
	ck_assert_int_eq(replay_options(&rp, &r, "REC", &now), 0);
	ck_assert(rp.o.dry_run && rp.o.debug);
	ck_assert_str_eq(rp.o.plan_json, "-");
	ck_assert_str_eq(rp.o.dump_dir, "/d");
	ck_assert_str_eq(rp.o.sysroot, "/snapshot");
	ck_assert_str_eq(rp.o.kernel, "/boot/vmlinuz");
	replay_free(&rp);
	record_free(&r);
}
END_TEST

/* Replaying this record must fail with one line naming REC. */
static void expect_refused(const char *args)
{
	struct options now = { .action = ACTION_RELOAD, .panic = true };
	struct crash_record r;
	struct replay rp;
	const char *msg;

	make_record(&r, args);
	capture_begin();
	ck_assert_int_lt(replay_options(&rp, &r, "REC", &now), 0);
	msg = capture_end();
	replay_free(&rp);
	record_free(&r);
	assert_has(msg, "kexec: REC: the recorded arguments are not a crash load");
	ck_assert_msg(strchr(msg, '\n') == msg + strlen(msg) - 1, "not one line: %s", msg);
}

START_TEST(not_a_crash_load_refused)
{
	expect_refused("arg=-l\narg=vmlinuz\n");
	expect_refused("arg=-p\narg=--dry-run\narg=vmlinuz\n");
	expect_refused("arg=-p\narg=-u\n");
}
END_TEST

START_TEST(print_names_record_and_arguments)
{
	struct options now = { .action = ACTION_RELOAD, .panic = true, .dry_run = true };
	struct crash_record r;
	struct replay rp;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len), *saved = stdout;

	ck_assert_ptr_nonnull(f);
	make_record(&r, "arg=-p\narg=--append=a b\narg=vmlinuz\n");
	ck_assert_int_eq(replay_options(&rp, &r, "REC", &now), 0);
	stdout = f;
	replay_print(&rp, &r, "REC");
	stdout = saved;
	fclose(f);
	ck_assert_str_eq(buf, "reload: replaying the crash load recorded in REC (cwd /rec):\n"
			      "  kexec '-p' '--append=a b' 'vmlinuz'\n\n");
	free(buf);
	replay_free(&rp);
	record_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, relative_paths_follow_the_recorded_cwd);
	tcase_add_test(tc, inspection_options_of_now_apply);
	tcase_add_test(tc, not_a_crash_load_refused);
	tcase_add_test(tc, print_names_record_and_arguments);
	suite_add_tcase(s, tc);
	return check_run(s);
}
