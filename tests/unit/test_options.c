// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_options.c - unit tests for kexec/cli/options.c: every option, the
 * order-independence rules (last of -c/-s/-a wins, -d anywhere), every
 * rejection as exactly one "kexec: " line with -EINVAL, and the caller
 * contract: the argument vectors kdumpctl, kdump-config, openSUSE kdump,
 * systemd and petitboot really pass (see doc/callers.md), replayed as-is.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "options.h"

static struct options o;

#define ARGV(...)	((char *[]){ "kexec", __VA_ARGS__, NULL })
#define PARSE(...)	parse_argv(ARGV(__VA_ARGS__))
#define PARSE_OK(...)	ck_assert_int_eq(PARSE(__VA_ARGS__), 0)

static int argv_len(char **argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

static int parse_argv(char **argv)
{
	return options_parse(argv_len(argv), argv, &o);
}

/* Run the parser with stderr captured into buf. */
static int parse_captured(char **argv, char *buf, size_t len)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	size_t n;
	int ret;

	ck_assert_ptr_nonnull(tmp);
	fflush(stderr);
	dup2(fileno(tmp), STDERR_FILENO);
	ret = parse_argv(argv);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, len - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return ret;
}

/* -EINVAL, and exactly one "kexec: ..." line that contains want. */
static void expect_error(char **argv, const char *want)
{
	char err[1024];
	char *nl;

	ck_assert_int_eq(parse_captured(argv, err, sizeof(err)), -EINVAL);
	ck_assert_msg(!strncmp(err, "kexec: ", 7), "no prefix: '%s'", err);
	nl = strchr(err, '\n');
	ck_assert_msg(nl && nl[1] == '\0', "not one line: '%s'", err);
	ck_assert_msg(strstr(err, want), "'%s' lacks '%s'", err, want);
}

#define EXPECT_ERROR(want, ...)	expect_error(ARGV(__VA_ARGS__), want)

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Field-by-field equality: string fields compare by content. */
static void assert_same(const struct options *a, const struct options *b)
{
	struct options x = *a, y = *b;

	ck_assert(str_eq(x.kernel, y.kernel));
	ck_assert(str_eq(x.initrd, y.initrd));
	ck_assert(str_eq(x.append, y.append));
	ck_assert(str_eq(x.dtb, y.dtb));
	ck_assert(str_eq(x.sysroot, y.sysroot));
	ck_assert(str_eq(x.plan_json, y.plan_json));
	ck_assert(str_eq(x.dump_dir, y.dump_dir));
	ck_assert(str_eq(x.arch, y.arch));
	ck_assert(str_eq(x.type, y.type));
	x.kernel = x.initrd = x.append = x.dtb = x.sysroot = NULL;
	x.plan_json = x.dump_dir = x.arch = x.type = NULL;
	y.kernel = y.initrd = y.append = y.dtb = y.sysroot = NULL;
	y.plan_json = y.dump_dir = y.arch = y.type = NULL;
	x.argv = y.argv = NULL;	/* the vector itself, recorded for --reload */
	x.argc = y.argc = 0;
	ck_assert(!memcmp(&x, &y, sizeof(x)));
}

/* Parse argv forwards and backwards; the results must be the same. */
static void assert_order_free(char **argv)
{
	int n = argv_len(argv), i;
	char *rev[n + 1];
	struct options fwd;

	ck_assert_int_eq(parse_argv(argv), 0);
	fwd = o;
	rev[0] = argv[0];
	for (i = 1; i < n; i++)
		rev[i] = argv[n - i];
	rev[n] = NULL;
	ck_assert_int_eq(parse_argv(rev), 0);
	assert_same(&fwd, &o);
}

/* ---- defaults and actions ------------------------------------------ */

START_TEST(test_defaults)
{
	PARSE_OK("-l", "vmlinuz");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	ck_assert_str_eq(o.kernel, "vmlinuz");
	ck_assert_str_eq(o.sysroot, "/");
	ck_assert(!o.panic && !o.debug && !o.dry_run);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_DEFAULT);
	ck_assert(!o.force && !o.load_then_exec);
	ck_assert_ptr_null(o.append);
	ck_assert_ptr_null(o.initrd);
	ck_assert_ptr_null(o.arch);
	ck_assert(!o.mem_min_set && !o.mem_max_set);
}
END_TEST

START_TEST(test_nothing)
{
	char *argv[] = { "kexec", NULL };

	ck_assert_int_eq(parse_argv(argv), 0);
	ck_assert_int_eq(o.action, ACTION_NONE);
	PARSE_OK("-d");
	ck_assert_int_eq(o.action, ACTION_NONE);
}
END_TEST

START_TEST(test_bare_kernel_loads)
{
	PARSE_OK("vmlinuz");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(!o.panic && !o.load_then_exec);
	ck_assert_str_eq(o.kernel, "vmlinuz");
}
END_TEST

START_TEST(test_load_panic)
{
	PARSE_OK("-p", "k");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(o.panic);
	PARSE_OK("--load-panic", "k");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(o.panic);
	PARSE_OK("--load", "k");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(!o.panic);
}
END_TEST

START_TEST(test_unload)
{
	PARSE_OK("-u");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(!o.panic);
	PARSE_OK("--unload", "-p");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(o.panic);
	PARSE_OK("-l", "-u");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(!o.panic);
}
END_TEST

START_TEST(test_exec)
{
	PARSE_OK("-e");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(!o.load_then_exec && !o.force);
	ck_assert_ptr_null(o.kernel);
	PARSE_OK("--exec", "--force");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.force && !o.load_then_exec);
	PARSE_OK("-e", "k");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.load_then_exec);
	ck_assert_str_eq(o.kernel, "k");
	PARSE_OK("-l", "-e", "k");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.load_then_exec);
}
END_TEST

START_TEST(test_force_with_kernel)
{
	PARSE_OK("-f", "k", "--append=x");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.force && o.load_then_exec);
	PARSE_OK("-l", "-f", "k");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.load_then_exec);
}
END_TEST

START_TEST(test_status)
{
	PARSE_OK("-S");
	ck_assert_int_eq(o.action, ACTION_STATUS);
	ck_assert(o.panic);	/* the crash image unless -l */
	PARSE_OK("--status", "-l");
	ck_assert_int_eq(o.action, ACTION_STATUS);
	ck_assert(!o.panic);
	PARSE_OK("-S", "-p");
	ck_assert(o.panic);
}
END_TEST

START_TEST(test_help_version)
{
	PARSE_OK("-h");
	ck_assert_int_eq(o.action, ACTION_HELP);
	PARSE_OK("--help");
	ck_assert_int_eq(o.action, ACTION_HELP);
	PARSE_OK("-?");
	ck_assert_int_eq(o.action, ACTION_HELP);
	PARSE_OK("-v");
	ck_assert_int_eq(o.action, ACTION_VERSION);
	PARSE_OK("--version");
	ck_assert_int_eq(o.action, ACTION_VERSION);
	PARSE_OK("-l", "-p", "--help");	/* help wins over a conflict */
	ck_assert_int_eq(o.action, ACTION_HELP);
	PARSE_OK("-v", "k1", "k2");
	ck_assert_int_eq(o.action, ACTION_VERSION);
}
END_TEST

START_TEST(test_print_ckr_size_and_reload)
{
	PARSE_OK("--print-ckr-size");
	ck_assert_int_eq(o.action, ACTION_PRINT_CKR_SIZE);
	PARSE_OK("--reload");
	ck_assert_int_eq(o.action, ACTION_RELOAD);
	ck_assert(o.panic);
	PARSE_OK("-p", "--reload", "--dry-run");
	ck_assert_int_eq(o.action, ACTION_RELOAD);
	ck_assert(o.dry_run);
	PARSE_OK("-p", "--reload", "-d", "--dry-run", "--plan-json=-", "--sysroot=/x");
	ck_assert_int_eq(o.action, ACTION_RELOAD);
	ck_assert_int_eq(o.argc, 7);
	ck_assert_ptr_nonnull(o.argv);
}
END_TEST

/* ---- flags ---------------------------------------------------------- */

START_TEST(test_short_flags)
{
	PARSE_OK("-d", "-f", "-i", "-x", "-y", "-e");
	ck_assert(o.debug && o.force && o.no_checks && o.no_ifdown && o.no_sync);
	PARSE_OK("-dfixye");
	ck_assert(o.debug && o.force && o.no_checks && o.no_ifdown && o.no_sync);
	ck_assert_int_eq(o.action, ACTION_EXEC);
}
END_TEST

START_TEST(test_long_flags)
{
	PARSE_OK("--debug", "--force", "--no-checks", "--no-ifdown",
		 "--no-sync", "--exec");
	ck_assert(o.debug && o.force && o.no_checks && o.no_ifdown && o.no_sync);
	PARSE_OK("-p", "--hotplug", "--reuse-cmdline", "--dt-no-old-root",
		 "--args-linux", "--elf64-core-headers", "--no-cma", "k");
	ck_assert(o.hotplug_mode == HOTPLUG_ON && o.reuse_cmdline && o.dt_no_old_root);
	ck_assert(o.args_linux && o.elf64_core_headers && o.no_cma);
}
END_TEST

START_TEST(test_type_accepted)
{
	PARSE_OK("-t", "bzImage64", "-l", "k");
	ck_assert_str_eq(o.type, "bzImage64");
	PARSE_OK("--type=elf-ppc64", "-l", "k");
	ck_assert_str_eq(o.type, "elf-ppc64");
	ck_assert_int_eq(o.action, ACTION_LOAD);
}
END_TEST

START_TEST(test_files_and_cmdline)
{
	PARSE_OK("-l", "--append=a b", "--initrd=i", "--dtb=d", "k");
	ck_assert_str_eq(o.append, "a b");
	ck_assert_str_eq(o.initrd, "i");
	ck_assert_str_eq(o.dtb, "d");
	PARSE_OK("-l", "--ramdisk=r", "--devicetreeblob=t", "k");
	ck_assert_str_eq(o.initrd, "r");
	ck_assert_str_eq(o.dtb, "t");
	PARSE_OK("-l", "--initrd", "i2", "--append", "sep", "k");
	ck_assert_str_eq(o.initrd, "i2");
	ck_assert_str_eq(o.append, "sep");
	ck_assert_str_eq(o.kernel, "k");
}
END_TEST

START_TEST(test_append_last_wins)
{
	PARSE_OK("-l", "--append=one", "--command-line=two", "k");
	ck_assert_str_eq(o.append, "two");
	PARSE_OK("-l", "--command-line=two", "--append=one", "k");
	ck_assert_str_eq(o.append, "one");
	PARSE_OK("-l", "--append=", "k");
	ck_assert_str_eq(o.append, "");
}
END_TEST

START_TEST(test_mem_limits)
{
	PARSE_OK("-l", "--mem-min=0x1000000", "--mem-max=4294967295", "k");
	ck_assert(o.mem_min_set && o.mem_max_set);
	ck_assert_uint_eq(o.mem_min, 0x1000000);
	ck_assert_uint_eq(o.mem_max, 0xffffffffULL);
	PARSE_OK("-l", "--mem-min=010", "k");	/* base 0: octal */
	ck_assert_uint_eq(o.mem_min, 8);
	ck_assert(!o.mem_max_set);
	PARSE_OK("-l", "--mem-max=0xffffffffffffffff", "k");
	ck_assert_uint_eq(o.mem_max, ~0ULL);
	PARSE_OK("-l", "--mem-min=0x2000", "--mem-max=0x2000", "k");
}
END_TEST

START_TEST(test_inspection)
{
	PARSE_OK("-p", "--dry-run", "--plan-json=-", "--dump-segments=out",
		 "--sysroot=snap", "--arch=ppc64le", "k");
	ck_assert(o.dry_run);
	ck_assert_str_eq(o.plan_json, "-");
	ck_assert_str_eq(o.dump_dir, "out");
	ck_assert_str_eq(o.sysroot, "snap");
	ck_assert_str_eq(o.arch, "ppc64le");
}
END_TEST

/* ---- syscall choice and order independence ------------------------- */

START_TEST(test_syscall_last_wins)
{
	PARSE_OK("-c", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_LOAD);
	PARSE_OK("-s", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
	PARSE_OK("-c", "-s", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
	PARSE_OK("-s", "-c", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_LOAD);
	PARSE_OK("-s", "-a", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	PARSE_OK("-a", "-c", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_LOAD);
	PARSE_OK("-c", "-a", "-s", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
	PARSE_OK("--kexec-syscall", "--kexec-file-syscall",
		 "--kexec-syscall-auto", "-l", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	PARSE_OK("-sc", "-l", "k");	/* bundled: still the last */
	ck_assert_int_eq(o.syscall, SYSCALL_LOAD);
}
END_TEST

START_TEST(test_debug_position)
{
	struct options before;

	PARSE_OK("-d", "-p", "k");
	before = o;
	PARSE_OK("-p", "-d", "k");
	assert_same(&before, &o);
	ck_assert(o.debug && o.panic);
	ck_assert_int_eq(o.action, ACTION_LOAD);
	PARSE_OK("-dp", "k");
	assert_same(&before, &o);
	PARSE_OK("-pd", "k");
	assert_same(&before, &o);
}
END_TEST

START_TEST(test_order_free)
{
	assert_order_free(ARGV("-d", "-p", "-c", "--hotplug", "-i",
			       "--append=x", "--initrd=i", "k"));
	assert_order_free(ARGV("-l", "--debug", "--dtb=d", "--mem-min=0x10",
			       "--mem-max=0x20", "k"));
	assert_order_free(ARGV("-u", "-p", "-d"));
	assert_order_free(ARGV("-e", "-f", "-x", "-y"));
	assert_order_free(ARGV("-S", "-l"));
	assert_order_free(ARGV("-f", "-d", "k"));
	assert_order_free(ARGV("-p", "--dry-run", "--plan-json=p",
			       "--sysroot=s", "--arch=x86_64", "k"));
}
END_TEST

START_TEST(test_reparse)
{
	char err[256];

	/* a failed parse must not leave state behind for the next one */
	ck_assert_int_eq(parse_captured(ARGV("-x", "--bogus", "-d"), err,
					sizeof(err)), -EINVAL);
	PARSE_OK("-p", "k");
	ck_assert(!o.no_ifdown && !o.debug);
	ck_assert_int_eq(parse_captured(ARGV("-dq", "-p", "k"), err,
					sizeof(err)), -EINVAL);
	PARSE_OK("-l", "k2");
	ck_assert_str_eq(o.kernel, "k2");
	ck_assert(!o.panic);
}
END_TEST

START_TEST(test_quiet_on_success)
{
	char err[256];

	ck_assert_int_eq(parse_captured(ARGV("-p", "-c", "--hotplug", "k"),
					err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
}
END_TEST

/* ---- x86 compatibility options ------------------------------------- */

START_TEST(test_x86_accepted)
{
	PARSE_OK("-l", "--reset-vga", "--console-vga", "--console-serial",
		 "--pass-memmap-cmdline", "--noefi", "--reuse-video-type",
		 "--serial=ttyS1", "--serial-baud=38400", "k");
	ck_assert(o.reset_vga && o.console_vga && o.console_serial);
	ck_assert(o.pass_memmap_cmdline && o.noefi && o.reuse_video_type);
	ck_assert_uint_eq(o.serial_port, 0x2f8);
	ck_assert_uint_eq(o.serial_baud, 38400);
	PARSE_OK("-l", "--serial=ttyS0", "k");
	ck_assert_uint_eq(o.serial_port, 0x3f8);
	ck_assert_uint_eq(o.serial_baud, 0);
	PARSE_OK("-l", "--serial=0x3e8", "--serial-baud=115200", "k");
	ck_assert_uint_eq(o.serial_port, 0x3e8);
	ck_assert_uint_eq(o.serial_baud, 115200);
}
END_TEST

START_TEST(test_x86_refused)
{
	EXPECT_ERROR("--elf32-core-headers: not supported",
		     "-p", "--elf32-core-headers", "k");
	EXPECT_ERROR("--real-mode: not supported", "-l", "--real-mode", "k");
	EXPECT_ERROR("--entry-32bit: not supported", "-l", "--entry-32bit", "k");
	EXPECT_ERROR("--serial=ttyS7", "-l", "--serial=ttyS7", "k");
	EXPECT_ERROR("--serial=0x10000", "-l", "--serial=0x10000", "k");
	EXPECT_ERROR("--serial-baud=9601", "-l", "--serial-baud=9601", "k");
	EXPECT_ERROR("--serial-baud=4800", "-l", "--serial-baud=4800", "k");
	EXPECT_ERROR("--serial-baud=fast", "-l", "--serial-baud=fast", "k");
}
END_TEST

START_TEST(test_unsupported_refused)
{
	EXPECT_ERROR("--load-preserve-context: not supported",
		     "--load-preserve-context", "k");
	EXPECT_ERROR("--reuseinitrd: not supported", "-l", "--reuseinitrd", "k");
	EXPECT_ERROR("--entry: not supported", "-l", "--entry=0x100", "k");
	EXPECT_ERROR("--load-live-update: not supported",
		     "--load-live-update", "k");
	EXPECT_ERROR("--exec-live-update: not supported", "--exec-live-update");
	EXPECT_ERROR("--force-dtb: not supported", "-l", "--force-dtb", "k");
}
END_TEST

/* ---- errors --------------------------------------------------------- */

START_TEST(test_err_unknown)
{
	EXPECT_ERROR("option --bogus: not recognised", "--bogus", "-l", "k");
	EXPECT_ERROR("option --bogus: not recognised", "--bogus=1", "-l", "k");
	EXPECT_ERROR("option -q: not recognised", "-q", "-l", "k");
	EXPECT_ERROR("option -q: not recognised", "-dq", "-l", "k");
	EXPECT_ERROR("option -q: not recognised", "-qd", "-l", "k");
	EXPECT_ERROR("option -q: not recognised", "--append=x", "-qd", "k");
	EXPECT_ERROR("option --debug: takes no argument", "--debug=1", "-e");
	/* --dt is a prefix of two long options */
	EXPECT_ERROR("option --d", "--d", "-l", "k");
}
END_TEST

START_TEST(test_err_missing_argument)
{
	EXPECT_ERROR("option --append: needs an argument", "-l", "k", "--append");
	EXPECT_ERROR("option --initrd: needs an argument", "-l", "k", "--initrd");
	EXPECT_ERROR("option -t: needs an argument", "-l", "k", "-t");
	EXPECT_ERROR("option -t: needs an argument", "-l", "k", "-dt");
	EXPECT_ERROR("option --plan-json: needs", "--dry-run", "--plan-json");
}
END_TEST

START_TEST(test_err_action_conflicts)
{
	EXPECT_ERROR("-l with -p", "-l", "-p", "k");
	EXPECT_ERROR("-l with -p", "-p", "-l", "k");
	EXPECT_ERROR("-u with -e", "-u", "-e");
	EXPECT_ERROR("-u with -S", "-S", "-u");
	EXPECT_ERROR("-e with -S", "-e", "-S");
	EXPECT_ERROR("-S with --print-ckr-size", "-S", "--print-ckr-size");
	EXPECT_ERROR("-u with --reload", "-u", "--reload");
	EXPECT_ERROR("-e with -p", "-e", "-p");
	EXPECT_ERROR("-f with -p", "-f", "-p", "k");
	EXPECT_ERROR("--reload with -l", "-l", "--reload");
	EXPECT_ERROR("--reload with --initrd: the recorded crash load is replayed as it was",
		     "-p", "--reload", "--initrd=i");
	EXPECT_ERROR("--reload with --append/--command-line", "-p", "--reload", "--command-line=x");
	EXPECT_ERROR("--reload with --hotplug", "-p", "--reload", "--hotplug");
	EXPECT_ERROR("--reload with a kernel file", "-p", "--reload", "k");
}
END_TEST

START_TEST(test_err_hotplug)
{
	EXPECT_ERROR("--hotplug only applies to crash kernels (-p)",
		     "--hotplug", "k");
	EXPECT_ERROR("--hotplug only applies to crash kernels (-p)",
		     "-c", "--hotplug", "-e");
	EXPECT_ERROR("--hotplug with -l", "-l", "--hotplug", "k");
	EXPECT_ERROR("--hotplug with -l", "--hotplug", "-l", "k");
	EXPECT_ERROR("--hotplug with -l", "-S", "-l", "--hotplug");
	/* the last of --hotplug/--no-hotplug decides, so this is no error */
	PARSE_OK("-l", "--hotplug", "--no-hotplug", "k");
}
END_TEST

/* --no-hotplug: last of the pair wins; harmless without -p (it asks for
 * nothing); --reload refuses it like --hotplug. */
START_TEST(test_no_hotplug)
{
	PARSE_OK("-p", "--no-hotplug", "k");
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_OFF);
	PARSE_OK("-p", "--no-hotplug", "--hotplug", "k");
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_ON);
	PARSE_OK("-p", "--hotplug", "-c", "--no-hotplug", "k");
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_OFF);
	PARSE_OK("-l", "--no-hotplug", "k");
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_OFF);
	PARSE_OK("--no-hotplug", "-c", "k");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	EXPECT_ERROR("--reload with --no-hotplug", "-p", "--reload", "--no-hotplug");
}
END_TEST

/* kdump-config puts -s before KDUMP_KEXEC_ARGS; kdumpctl -s after: the
 * last of -c, -s, -a wins, and the hot-plug choice is independent of it. */
START_TEST(test_syscall_last_wins_crash)
{
	PARSE_OK("-p", "-s", "-c", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_LOAD);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_DEFAULT);
	PARSE_OK("-p", "-c", "--hotplug", "-s", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_ON);
	PARSE_OK("-p", "-s", "-a", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	PARSE_OK("-p", "-a", "-c", "-s", "k");
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
}
END_TEST

START_TEST(test_err_kernel_files)
{
	EXPECT_ERROR("no kernel file", "-l");
	EXPECT_ERROR("no kernel file", "-p", "--initrd=i", "--append=x");
	EXPECT_ERROR("no kernel file", "-f");
	EXPECT_ERROR("no kernel file", "-l", "-e");
	EXPECT_ERROR("more than one kernel file: 'k1' and 'k2'",
		     "-l", "k1", "k2");
	EXPECT_ERROR("more than one kernel file", "-p", "k", "root=/dev/sda",
		     "--append=quiet");
	EXPECT_ERROR("-u with a kernel file", "-u", "k");
	EXPECT_ERROR("-u with a kernel file", "-p", "-u", "k");
	EXPECT_ERROR("-S with a kernel file", "-S", "k");
	EXPECT_ERROR("--print-ckr-size with a kernel file",
		     "--print-ckr-size", "k");
}
END_TEST

START_TEST(test_err_dry_run_only)
{
	EXPECT_ERROR("--plan-json without --dry-run", "-p", "--plan-json=p", "k");
	EXPECT_ERROR("--dump-segments without --dry-run",
		     "-p", "--dump-segments=d", "k");
}
END_TEST

START_TEST(test_err_mem_numbers)
{
	EXPECT_ERROR("--mem-min=12x: trailing", "-l", "--mem-min=12x", "k");
	EXPECT_ERROR("--mem-max=0x: trailing", "-l", "--mem-max=0x", "k");
	EXPECT_ERROR("--mem-min=: not a number", "-l", "--mem-min=", "k");
	EXPECT_ERROR("--mem-max=-1: not a number", "-l", "--mem-max=-1", "k");
	EXPECT_ERROR("--mem-min= 1: not a number", "-l", "--mem-min= 1", "k");
	EXPECT_ERROR("--mem-min=0x1 : trailing", "-l", "--mem-min=0x1 ", "k");
	EXPECT_ERROR("--mem-max=09: trailing", "-l", "--mem-max=09", "k");
	EXPECT_ERROR("64 bits", "-l", "--mem-max=0x10000000000000000", "k");
	EXPECT_ERROR("--mem-min=0x2000 above --mem-max=0x1000",
		     "-l", "--mem-min=0x2000", "--mem-max=0x1000", "k");
	EXPECT_ERROR("above", "--mem-max=4096", "--mem-min=4097", "-l", "k");
}
END_TEST

/* ---- caller contract (doc/callers.md), argv exactly as sent --------- */

#define KDUMP_CMDLINE "BOOT_IMAGE=(hd0,gpt2)/vmlinuz ro irqpoll nr_cpus=1 " \
	"reset_devices cgroup_disable=memory mce=off numa=off " \
	"udev.children-max=2 panic=10 acpi_no_memhotplug " \
	"transparent_hugepage=never nokaslr hest_disable cma=0 " \
	"pcie_ports=compat novmcoredd hugetlb_cma=0 " \
	"kfence.sample_interval=0 disable_cpu_apicid=0"
#define KDUMP_INITRD "/var/lib/kdump/initramfs-6.12.0-kdump.img"
#define KERNEL "/boot/vmlinuz-6.12.0"

static void assert_kdump_load(enum kexec_syscall_mode sc)
{
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(o.panic);
	ck_assert_int_eq(o.syscall, sc);
	ck_assert_str_eq(o.append, KDUMP_CMDLINE);
	ck_assert_str_eq(o.initrd, KDUMP_INITRD);
	ck_assert_str_eq(o.kernel, KERNEL);
}

START_TEST(test_kdumpctl_default)
{
	/* KEXEC_ARGS="-s" (x86_64, ppc64le, aarch64, s390x default) */
	PARSE_OK("-s", "-p", "--command-line=" KDUMP_CMDLINE,
		 "--initrd=" KDUMP_INITRD, KERNEL);
	assert_kdump_load(SYSCALL_FILE);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_DEFAULT);
	/* ... and under Secure Boot, -s appended once more */
	PARSE_OK("-s", "-s", "-p", "--command-line=" KDUMP_CMDLINE,
		 "--initrd=" KDUMP_INITRD, KERNEL);
	assert_kdump_load(SYSCALL_FILE);
}
END_TEST

START_TEST(test_kdumpctl_hotplug)
{
	/* KEXEC_ARGS="-c --hotplug": our mode */
	PARSE_OK("-c", "--hotplug", "-p", "--command-line=" KDUMP_CMDLINE,
		 "--initrd=" KDUMP_INITRD, KERNEL);
	assert_kdump_load(SYSCALL_LOAD);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_ON);
	/* Secure Boot appends -s after KEXEC_ARGS: it must win */
	PARSE_OK("-c", "--hotplug", "-s", "-p", "--command-line=" KDUMP_CMDLINE,
		 "--initrd=" KDUMP_INITRD, KERNEL);
	assert_kdump_load(SYSCALL_FILE);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_ON);
}
END_TEST

START_TEST(test_kdumpctl_ppc64_be)
{
	PARSE_OK("--dt-no-old-root", "-p", "--command-line=" KDUMP_CMDLINE,
		 "--initrd=" KDUMP_INITRD, KERNEL);
	assert_kdump_load(SYSCALL_AUTO);
	ck_assert(o.dt_no_old_root);
}
END_TEST

START_TEST(test_kdumpctl_unload)
{
	PARSE_OK("-p", "-u");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(o.panic);
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	PARSE_OK("-s", "-p", "-u");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(o.panic);
	ck_assert_int_eq(o.syscall, SYSCALL_FILE);
	ck_assert_ptr_null(o.kernel);
}
END_TEST

#define DEB_CMDLINE "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 " \
	"root=UUID=0d2e ro quiet reset_devices " \
	"systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb"
#define DEB_INITRD "/var/lib/kdump/initrd.img"
#define DEB_KERNEL "/var/lib/kdump/vmlinuz"

static void assert_debian_load(enum kexec_syscall_mode sc)
{
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(o.panic && o.args_linux);
	ck_assert_int_eq(o.syscall, sc);
	ck_assert_str_eq(o.append, DEB_CMDLINE);
	ck_assert_str_eq(o.initrd, DEB_INITRD);
	ck_assert_str_eq(o.kernel, DEB_KERNEL);
}

START_TEST(test_debian_kdump_config)
{
	PARSE_OK("-p", "--args-linux", "--command-line=" DEB_CMDLINE,
		 "--initrd=" DEB_INITRD, DEB_KERNEL);
	assert_debian_load(SYSCALL_AUTO);
	PARSE_OK("-p", "-s", "--args-linux", "--command-line=" DEB_CMDLINE,
		 "--initrd=" DEB_INITRD, DEB_KERNEL);
	assert_debian_load(SYSCALL_FILE);
	/* KDUMP_KEXEC_ARGS="-c --hotplug" */
	PARSE_OK("-p", "--args-linux", "-c", "--hotplug",
		 "--command-line=" DEB_CMDLINE, "--initrd=" DEB_INITRD,
		 DEB_KERNEL);
	assert_debian_load(SYSCALL_LOAD);
	ck_assert_int_eq(o.hotplug_mode, HOTPLUG_ON);
	PARSE_OK("-p", "-u");
	ck_assert_int_eq(o.action, ACTION_UNLOAD);
	ck_assert(o.panic);
}
END_TEST

START_TEST(test_debian_print_ckr_size)
{
	PARSE_OK("--print-ckr-size");
	ck_assert_int_eq(o.action, ACTION_PRINT_CKR_SIZE);
	ck_assert_ptr_null(o.kernel);
	ck_assert(!o.panic);
}
END_TEST

#define SUSE_CMDLINE "root=/dev/vda2 sysrq=yes reset_devices " \
	"acpi_no_memhotplug cgroup_disable=memory nokaslr numa=off irqpoll " \
	"nr_cpus=1 root=kdump rootflags=bind rd.udev.children-max=8 " \
	"disable_cpu_apicid=0"

START_TEST(test_opensuse_kdump)
{
	/* kernel before the options, then $KEXEC_OPTIONS (empty), then -a */
	PARSE_OK("-p", "/boot/vmlinuz-6.4.0", "--append=" SUSE_CMDLINE,
		 "--initrd=/boot/initrd-6.4.0-kdump", "-a");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(o.panic);
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	ck_assert_str_eq(o.kernel, "/boot/vmlinuz-6.4.0");
	ck_assert_str_eq(o.append, SUSE_CMDLINE);
	ck_assert_str_eq(o.initrd, "/boot/initrd-6.4.0-kdump");
	/* KEXEC_OPTIONS="-c --hotplug": the trailing -a wins the syscall */
	PARSE_OK("-p", "/boot/vmlinuz-6.4.0", "--append=" SUSE_CMDLINE,
		 "--initrd=/boot/initrd-6.4.0-kdump", "-c", "--hotplug", "-a");
	ck_assert_int_eq(o.syscall, SYSCALL_AUTO);
	ck_assert(o.hotplug_mode == HOTPLUG_ON && o.panic);
}
END_TEST

START_TEST(test_systemd_kexec)
{
	PARSE_OK("--load", "/boot/vmlinuz-6.8.0",
		 "--append=root=/dev/sda1 ro quiet",
		 "--initrd=/boot/initrd.img-6.8.0");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(!o.panic && !o.load_then_exec);
	ck_assert_str_eq(o.kernel, "/boot/vmlinuz-6.8.0");
	ck_assert_str_eq(o.append, "root=/dev/sda1 ro quiet");
	ck_assert_str_eq(o.initrd, "/boot/initrd.img-6.8.0");
	/* without an initrd */
	PARSE_OK("--load", "/boot/vmlinuz-6.8.0", "--append=quiet");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert_ptr_null(o.initrd);
	/* at shutdown */
	PARSE_OK("-e");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(!o.load_then_exec && !o.force);
}
END_TEST

START_TEST(test_petitboot)
{
	PARSE_OK("-l", "--debug", "--initrd=/tmp/initrd", "--dtb=/tmp/dtb",
		 "--append=root=/dev/sda2 console=hvc0", "/tmp/image");
	ck_assert_int_eq(o.action, ACTION_LOAD);
	ck_assert(!o.panic && o.debug);
	ck_assert_str_eq(o.initrd, "/tmp/initrd");
	ck_assert_str_eq(o.dtb, "/tmp/dtb");
	ck_assert_str_eq(o.append, "root=/dev/sda2 console=hvc0");
	ck_assert_str_eq(o.kernel, "/tmp/image");
	PARSE_OK("-l", "--initrd=/tmp/initrd", "--dtb=/tmp/dtb",
		 "--append=quiet", "/tmp/image");
	ck_assert(!o.debug);
	PARSE_OK("-e");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(!o.force && !o.load_then_exec);
	PARSE_OK("-e", "-f");
	ck_assert_int_eq(o.action, ACTION_EXEC);
	ck_assert(o.force && !o.load_then_exec);
	ck_assert_ptr_null(o.kernel);
}
END_TEST

/* ---- usage ---------------------------------------------------------- */

START_TEST(test_usage_lists_every_option)
{
	static const char *const names[] = {
		"--load", "--load-panic", "--unload", "--exec", "--force",
		"--status", "--reload", "--print-ckr-size", "--help",
		"--version", "--kexec-syscall", "--kexec-file-syscall",
		"--kexec-syscall-auto", "--append=", "--command-line=",
		"--reuse-cmdline", "--initrd=", "--ramdisk=", "--dtb=",
		"--devicetreeblob=", "--mem-min=", "--mem-max=", "--no-checks",
		"--no-ifdown", "--no-sync", "--debug", "--hotplug",
		"--elf64-core-headers", "--dt-no-old-root", "--no-cma",
		"--dry-run", "--plan-json=", "--dump-segments=", "--sysroot=",
		"--arch=", "--type=", "--args-linux", "--reset-vga",
		"--console-vga", "--console-serial", "--serial=",
		"--serial-baud=", "--pass-memmap-cmdline", "--noefi",
		"--reuse-video-type", "--elf32-core-headers", "--real-mode",
		"--entry-32bit", "-l,", "-p,", "-u,", "-e,", "-f,", "-S,",
		"-c,", "-s,", "-a,", "-i,", "-x,", "-y,", "-d,", "-h,", "-v,",
	};
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	options_usage(f);
	fclose(f);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(strstr(text, names[i]), "usage lacks %s",
			      names[i]);
	free(text);
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *t;

	t = tcase_create("actions");
	tcase_add_test(t, test_defaults);
	tcase_add_test(t, test_nothing);
	tcase_add_test(t, test_bare_kernel_loads);
	tcase_add_test(t, test_load_panic);
	tcase_add_test(t, test_unload);
	tcase_add_test(t, test_exec);
	tcase_add_test(t, test_force_with_kernel);
	tcase_add_test(t, test_status);
	tcase_add_test(t, test_help_version);
	tcase_add_test(t, test_print_ckr_size_and_reload);
	suite_add_tcase(s, t);

	t = tcase_create("flags");
	tcase_add_test(t, test_short_flags);
	tcase_add_test(t, test_long_flags);
	tcase_add_test(t, test_type_accepted);
	tcase_add_test(t, test_files_and_cmdline);
	tcase_add_test(t, test_append_last_wins);
	tcase_add_test(t, test_mem_limits);
	tcase_add_test(t, test_inspection);
	tcase_add_test(t, test_syscall_last_wins);
	tcase_add_test(t, test_debug_position);
	tcase_add_test(t, test_order_free);
	tcase_add_test(t, test_reparse);
	tcase_add_test(t, test_quiet_on_success);
	tcase_add_test(t, test_x86_accepted);
	tcase_add_test(t, test_usage_lists_every_option);
	suite_add_tcase(s, t);

	t = tcase_create("errors");
	tcase_add_test(t, test_x86_refused);
	tcase_add_test(t, test_unsupported_refused);
	tcase_add_test(t, test_err_unknown);
	tcase_add_test(t, test_err_missing_argument);
	tcase_add_test(t, test_err_action_conflicts);
	tcase_add_test(t, test_err_hotplug);
	tcase_add_test(t, test_err_kernel_files);
	tcase_add_test(t, test_err_dry_run_only);
	tcase_add_test(t, test_err_mem_numbers);
	suite_add_tcase(s, t);

	t = tcase_create("callers");
	tcase_add_test(t, test_no_hotplug);
	tcase_add_test(t, test_syscall_last_wins_crash);
	tcase_add_test(t, test_kdumpctl_default);
	tcase_add_test(t, test_kdumpctl_hotplug);
	tcase_add_test(t, test_kdumpctl_ppc64_be);
	tcase_add_test(t, test_kdumpctl_unload);
	tcase_add_test(t, test_debian_kdump_config);
	tcase_add_test(t, test_debian_print_ckr_size);
	tcase_add_test(t, test_opensuse_kdump);
	tcase_add_test(t, test_systemd_kexec);
	tcase_add_test(t, test_petitboot);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(options_suite());
}
