// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_replay.c - what a --reload may replay (replay.h): the stamp of a
 * load (boot id through the sysroot, time, input files), the check that a
 * record is from this boot and that a crash kernel is still loaded, the
 * report of input files changed since; and the options it loads with: the
 * recorded vector parsed again, relative paths anchored at the recorded
 * cwd, the current inspection options on top, and one line for a record
 * that is not a crash load.
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
#include "helpers/tmpsysroot.h"
#include "replay.h"

#define BOOT_ID		"0b0c6a57-3a9e-4c3b-9d1e-5f2a7c8e9d10"
#define OTHER_BOOT_ID	"11111111-2222-3333-4444-555555555555"

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
	ck_assert(rp.o.panic && rp.o.hotplug_mode == HOTPLUG_ON && !rp.o.dry_run);
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
	replay_print(&rp, &r, "REC", NULL);
	replay_print(&rp, &r, "REC", "no crash kernel is loaded");
	stdout = saved;
	fclose(f);
	ck_assert_str_eq(buf, "reload: replaying the crash load recorded in REC (cwd /rec):\n"
			      "  kexec '-p' '--append=a b' 'vmlinuz'\n\n"
			      "reload: replaying the crash load recorded in REC (cwd /rec):\n"
			      "  kexec '-p' '--append=a b' 'vmlinuz'\n"
			      "reload: a real --reload would refuse it: no crash kernel is loaded\n\n");
	free(buf);
	replay_free(&rp);
	record_free(&r);
}
END_TEST

/* ---- validity ----------------------------------------------------------- */

/* A machine: boot_id (NULL: none) and kexec_crash_loaded (NULL: none). */
static char *machine(const char *boot_id, const char *crash_loaded)
{
	char *root = tmpsysroot_new();

	tmpsysroot_mkdir(root, "proc/sys/kernel/random");
	tmpsysroot_mkdir(root, "sys/kernel");
	if (boot_id)
		tmpsysroot_write(root, "proc/sys/kernel/random/boot_id", boot_id);
	if (crash_loaded)
		tmpsysroot_write(root, "sys/kernel/kexec_crash_loaded", crash_loaded);
	return root;
}

/* replay_check of a record stamped with boot id `was` on that machine. */
static int check_on(const char *was, const char *boot_id, const char *loaded,
		    char *why, size_t len)
{
	struct options now = { .action = ACTION_RELOAD, .panic = true };
	char *root = machine(boot_id, loaded), arg[300];
	struct crash_record r;
	struct replay rp;
	int err;

	snprintf(arg, sizeof(arg), "%s%s%sloaded_at=1700000000\narg=-p\narg=--sysroot=%s\narg=/k\n",
		 was ? "boot_id=" : "", was ? was : "", was ? "\n" : "", root);
	make_record(&r, arg);
	ck_assert_int_eq(replay_options(&rp, &r, "REC", &now), 0);
	why[0] = '\0';
	capture_begin();
	err = replay_check(&rp, &r, why, len);
	ck_assert_str_eq(capture_end(), "");	/* the caller says it, once */
	replay_free(&rp);
	record_free(&r);
	tmpsysroot_remove(root);
	return err;
}

START_TEST(valid_in_the_same_boot_with_a_crash_kernel_loaded)
{
	char why[512];

	ck_assert_int_eq(check_on(BOOT_ID, BOOT_ID "\n", "1\n", why, sizeof(why)), 0);
}
END_TEST

START_TEST(refused_when_nothing_is_loaded)
{
	char why[512];

	/* kexec -p -u, kdumpctl stop, another loader's unload */
	ck_assert_int_eq(check_on(BOOT_ID, BOOT_ID "\n", "0\n", why, sizeof(why)), -ESTALE);
	assert_has(why, "no crash kernel is loaded: the one recorded at ");
	assert_has(why, "was unloaded since");
	ck_assert_int_eq(check_on(BOOT_ID, BOOT_ID "\n", NULL, why, sizeof(why)), -ESTALE);
	assert_has(why, "cannot read kexec_crash_loaded");
}
END_TEST

START_TEST(refused_from_another_boot)
{
	char why[512];

	ck_assert_int_eq(check_on(OTHER_BOOT_ID, BOOT_ID "\n", "1\n", why, sizeof(why)), -ESTALE);
	assert_has(why, "recorded in another boot (boot_id " OTHER_BOOT_ID ", now " BOOT_ID ")");
	ck_assert_int_eq(check_on(NULL, BOOT_ID "\n", "1\n", why, sizeof(why)), -ESTALE);
	assert_has(why, "the record has no boot_id");
	ck_assert_int_eq(check_on(BOOT_ID, NULL, "1\n", why, sizeof(why)), -ESTALE);
	assert_has(why, "cannot read the boot id");
}
END_TEST

START_TEST(stamp_reads_boot_id_and_files)
{
	char *root = machine(BOOT_ID "\n", "1\n"), kernel[300];
	struct options o = { .action = ACTION_LOAD, .panic = true };
	struct record_stamp st;
	struct stat sb;

	snprintf(kernel, sizeof(kernel), "%s/vmlinuz", root);
	tmpsysroot_write(root, "vmlinuz", "kernel bytes");
	o.sysroot = root;
	o.kernel = kernel;
	o.initrd = "/nonexistent/initrd";
	replay_stamp(&o, &st);
	ck_assert_str_eq(st.boot_id, BOOT_ID);
	ck_assert_int_gt(st.loaded_at, 0);
	ck_assert_int_eq(stat(kernel, &sb), 0);
	ck_assert(st.file[RECORD_KERNEL].set);
	ck_assert_uint_eq(st.file[RECORD_KERNEL].ino, sb.st_ino);
	ck_assert_uint_eq(st.file[RECORD_KERNEL].size, 12);
	ck_assert(!st.file[RECORD_INITRD].set && !st.file[RECORD_DTB].set);
	tmpsysroot_remove(root);
	root = machine(NULL, "1\n");
	o.sysroot = root;
	replay_stamp(&o, &st);
	ck_assert_str_eq(st.boot_id, "");	/* record_save says why */
	tmpsysroot_remove(root);
}
END_TEST

/* Stamp dir/vmlinuz, let change() alter it, return the warnings. */
static const char *changes_after(const char *root, void (*change)(const char *))
{
	struct options o = { .action = ACTION_LOAD, .panic = true, .sysroot = root };
	struct crash_record r = { 0 };
	struct replay rp = { 0 };
	char kernel[300];

	snprintf(kernel, sizeof(kernel), "%s/vmlinuz", root);
	tmpsysroot_write(root, "vmlinuz", "kernel bytes");
	o.kernel = kernel;
	replay_stamp(&o, &r.stamp);
	change(kernel);
	rp.o.kernel = kernel;
	capture_begin();
	replay_report_changes(&rp, &r);
	return capture_end();
}

static void unchanged(const char *p) { (void)p; }
static void grown(const char *p)
{
	FILE *f = fopen(p, "a");

	fputs("more", f);
	fclose(f);
}
static void replaced(const char *p)
{
	char tmp[320];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.new", p);
	f = fopen(tmp, "w");
	fputs("kernel bytes", f);
	fclose(f);
	ck_assert_int_eq(rename(tmp, p), 0);
}

START_TEST(changed_files_reported)
{
	char *root = machine(BOOT_ID "\n", "1\n");
	const char *msg;

	ck_assert_str_eq(changes_after(root, unchanged), "");
	msg = changes_after(root, grown);
	assert_has(msg, "kexec: warning: the kernel ");
	assert_has(msg, "/vmlinuz changed since the crash load was recorded (other size): reloading the file as it is now");
	msg = changes_after(root, replaced);
	assert_has(msg, "changed since the crash load was recorded (another file)");
	tmpsysroot_remove(root);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("validity");

	tcase_add_test(tc, valid_in_the_same_boot_with_a_crash_kernel_loaded);
	tcase_add_test(tc, refused_when_nothing_is_loaded);
	tcase_add_test(tc, refused_from_another_boot);
	tcase_add_test(tc, stamp_reads_boot_id_and_files);
	tcase_add_test(tc, changed_files_reported);
	suite_add_tcase(s, tc);
	tc = tcase_create("options");

	tcase_add_test(tc, relative_paths_follow_the_recorded_cwd);
	tcase_add_test(tc, inspection_options_of_now_apply);
	tcase_add_test(tc, not_a_crash_load_refused);
	tcase_add_test(tc, print_names_record_and_arguments);
	suite_add_tcase(s, tc);
	return check_run(s);
}
