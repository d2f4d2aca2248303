// SPDX-License-Identifier: GPL-2.0-only
/*
 * options.c - the kexec(8) command line: turns argv into a struct options
 * and says what it accepts (options_usage).  Option names and short forms
 * follow kexec-tools so existing callers (kdumpctl, kdump-config, systemd,
 * petitboot) keep working; the result never depends on option order, and
 * every rejection is one "kexec: <what>: <why>" line.  Nothing here reads
 * the machine.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "options.h"

/* Report one parse error and evaluate to -EINVAL. */
#define bad(...)	(pr_err(__VA_ARGS__), -EINVAL)

/* Long-only options; values above any char so they never clash. */
enum {
	OPT_NO_IFDOWN_LONG = 256,
	OPT_HOTPLUG,
	OPT_NO_HOTPLUG,
	OPT_APPEND,
	OPT_REUSE_CMDLINE,
	OPT_INITRD,
	OPT_DTB,
	OPT_MEM_MIN,
	OPT_MEM_MAX,
	OPT_ELF64,
	OPT_ELF32,
	OPT_PRINT_CKR_SIZE,
	OPT_ARGS_LINUX,
	OPT_DT_NO_OLD_ROOT,
	OPT_NO_CMA,
	OPT_RELOAD,
	OPT_DRY_RUN,
	OPT_PLAN_JSON,
	OPT_DUMP_SEGMENTS,
	OPT_SYSROOT,
	OPT_ARCH,
	OPT_RUNDIR,
	OPT_RESET_VGA,
	OPT_SERIAL,
	OPT_SERIAL_BAUD,
	OPT_CONSOLE_VGA,
	OPT_CONSOLE_SERIAL,
	OPT_PASS_MEMMAP,
	OPT_NOEFI,
	OPT_REUSE_VIDEO,
	OPT_REAL_MODE,
	OPT_ENTRY_32BIT,
	OPT_UNSUPPORTED,	/* known kexec-tools option we do not offer */
};

#define SHORT_OPTS	":hvdfixylupecsaSt:"

static const struct option long_opts[] = {
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'v' },
	{ "debug",		no_argument,		NULL, 'd' },
	{ "force",		no_argument,		NULL, 'f' },
	{ "no-checks",		no_argument,		NULL, 'i' },
	{ "no-ifdown",		no_argument,		NULL, 'x' },
	{ "no-sync",		no_argument,		NULL, 'y' },
	{ "load",		no_argument,		NULL, 'l' },
	{ "load-panic",		no_argument,		NULL, 'p' },
	{ "unload",		no_argument,		NULL, 'u' },
	{ "exec",		no_argument,		NULL, 'e' },
	{ "type",		required_argument,	NULL, 't' },
	{ "kexec-file-syscall",	no_argument,		NULL, 's' },
	{ "kexec-syscall",	no_argument,		NULL, 'c' },
	{ "kexec-syscall-auto",	no_argument,		NULL, 'a' },
	{ "status",		no_argument,		NULL, 'S' },
	{ "hotplug",		no_argument,		NULL, OPT_HOTPLUG },
	{ "no-hotplug",		no_argument,		NULL, OPT_NO_HOTPLUG },
	{ "append",		required_argument,	NULL, OPT_APPEND },
	{ "command-line",	required_argument,	NULL, OPT_APPEND },
	{ "reuse-cmdline",	no_argument,		NULL, OPT_REUSE_CMDLINE },
	{ "initrd",		required_argument,	NULL, OPT_INITRD },
	{ "ramdisk",		required_argument,	NULL, OPT_INITRD },
	{ "dtb",		required_argument,	NULL, OPT_DTB },
	{ "devicetreeblob",	required_argument,	NULL, OPT_DTB },
	{ "mem-min",		required_argument,	NULL, OPT_MEM_MIN },
	{ "mem-max",		required_argument,	NULL, OPT_MEM_MAX },
	{ "elf64-core-headers",	no_argument,		NULL, OPT_ELF64 },
	{ "elf32-core-headers",	no_argument,		NULL, OPT_ELF32 },
	{ "print-ckr-size",	no_argument,		NULL, OPT_PRINT_CKR_SIZE },
	{ "args-linux",		no_argument,		NULL, OPT_ARGS_LINUX },
	{ "dt-no-old-root",	no_argument,		NULL, OPT_DT_NO_OLD_ROOT },
	{ "no-cma",		no_argument,		NULL, OPT_NO_CMA },
	{ "reload",		no_argument,		NULL, OPT_RELOAD },
	{ "dry-run",		no_argument,		NULL, OPT_DRY_RUN },
	{ "plan-json",		required_argument,	NULL, OPT_PLAN_JSON },
	{ "dump-segments",	required_argument,	NULL, OPT_DUMP_SEGMENTS },
	{ "sysroot",		required_argument,	NULL, OPT_SYSROOT },
	{ "arch",		required_argument,	NULL, OPT_ARCH },
	{ "rundir",		required_argument,	NULL, OPT_RUNDIR },
	{ "reset-vga",		no_argument,		NULL, OPT_RESET_VGA },
	{ "serial",		required_argument,	NULL, OPT_SERIAL },
	{ "serial-baud",	required_argument,	NULL, OPT_SERIAL_BAUD },
	{ "console-vga",	no_argument,		NULL, OPT_CONSOLE_VGA },
	{ "console-serial",	no_argument,		NULL, OPT_CONSOLE_SERIAL },
	{ "pass-memmap-cmdline", no_argument,		NULL, OPT_PASS_MEMMAP },
	{ "noefi",		no_argument,		NULL, OPT_NOEFI },
	{ "reuse-video-type",	no_argument,		NULL, OPT_REUSE_VIDEO },
	{ "real-mode",		no_argument,		NULL, OPT_REAL_MODE },
	{ "entry-32bit",	no_argument,		NULL, OPT_ENTRY_32BIT },
	/* kexec-tools features outside this loader's scope: refused by name */
	{ "reuseinitrd",	no_argument,		NULL, OPT_UNSUPPORTED },
	{ "load-preserve-context", no_argument,		NULL, OPT_UNSUPPORTED },
	{ "load-jump-back-helper", optional_argument,	NULL, OPT_UNSUPPORTED },
	{ "entry",		required_argument,	NULL, OPT_UNSUPPORTED },
	{ "load-live-update",	no_argument,		NULL, OPT_UNSUPPORTED },
	{ "exec-live-update",	no_argument,		NULL, OPT_UNSUPPORTED },
	{ "force-dtb",		no_argument,		NULL, OPT_UNSUPPORTED },
	{ NULL, 0, NULL, 0 }
};

/* What was asked, before it is folded into one action. */
struct parse_state {
	struct options *o;
	bool load, unload, exec, status, ckr, help, version, reload;
	int nr_files;
	const char *extra_file;
};

/* The option as the user wrote it, without "=value", for messages. */
static const char *opt_name(const char *arg, char *buf, size_t len)
{
	size_t n = strcspn(arg, "=");

	if (n >= len)
		n = len - 1;
	memcpy(buf, arg, n);
	buf[n] = '\0';
	return buf;
}

/*
 * getopt stopped on something it could not parse; c is '?' or ':'.  A long
 * option always moves optind past its word; a short one inside a bundle
 * ("-qd") does not, and then optopt alone names it.
 */
static int getopt_error(int c, char **argv, int prev_optind,
			struct parse_state *st)
{
	const char *word = argv[optind - 1];
	bool is_long = optind != prev_optind && !strncmp(word, "--", 2);
	char name[64];

	if (c == '?' && optopt == '?' && !is_long) {
		st->help = true;	/* kexec-tools takes -? as -h */
		return 0;
	}
	if (is_long)
		opt_name(word, name, sizeof(name));
	else
		snprintf(name, sizeof(name), "-%c", optopt);
	if (c == ':')
		return bad("option %s: needs an argument (%s%s)", name, name,
			   is_long ? "=VALUE" : " VALUE");
	if (is_long && optopt != 0)
		return bad("option %s: takes no argument", name);
	return bad("option %s: not recognised%s (see kexec --help)", name,
		   is_long ? " or ambiguous" : "");
}

/* strtoull base 0, but the whole string must be a number. */
static int parse_u64(const char *opt, const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (*s < '0' || *s > '9')
		return bad("%s=%s: not a number (decimal, 0x hex or 0 octal)",
			   opt, s);
	errno = 0;
	x = strtoull(s, &end, 0);
	if (*end)
		return bad("%s=%s: trailing characters after the number",
			   opt, s);
	if (errno == ERANGE)
		return bad("%s=%s: does not fit in 64 bits", opt, s);
	*v = x;
	return 0;
}

/* --serial=ttyS0|ttyS1|PORT: the 8250 I/O port purgatory writes to. */
static int parse_serial(struct options *o, const char *s)
{
	uint64_t port;

	if (!strcmp(s, "ttyS0")) {
		o->serial_port = 0x3f8;
		return 0;
	}
	if (!strcmp(s, "ttyS1")) {
		o->serial_port = 0x2f8;
		return 0;
	}
	if (parse_u64("--serial", s, &port))
		return -EINVAL;
	if (port == 0 || port > 0xffff)
		return bad("--serial=%s: not an I/O port (ttyS0, ttyS1 or 0x1..0xffff)",
			   s);
	o->serial_port = port;
	return 0;
}

/* --serial-baud=N: the 8250 divisor is 115200 / N, so N must divide it. */
static int parse_baud(struct options *o, const char *s)
{
	uint64_t baud;

	if (parse_u64("--serial-baud", s, &baud))
		return -EINVAL;
	if (baud < 9600 || baud > 115200 || 115200 % baud)
		return bad("--serial-baud=%s: unsupported rate (9600, 19200, 38400, 57600 or 115200)",
			   s);
	o->serial_baud = baud;
	return 0;
}

/* Options we refuse by name rather than silently doing the wrong thing. */
static int refuse(int c, char **argv)
{
	char name[64];

	opt_name(argv[optind - 1], name, sizeof(name));
	switch (c) {
	case OPT_ELF32:
		return bad("%s: not supported: x86_64 and ppc64 dumps always use ELF64 headers (drop the option)",
			   name);
	case OPT_REAL_MODE:
	case OPT_ENTRY_32BIT:
		return bad("%s: not supported: the kernel is always entered at its 64-bit entry point",
			   name);
	default:
		return bad("%s: not supported by kexec-hotplug (use kexec-tools for this feature)",
			   name);
	}
}

/* -h -v -d -f -i -x -y -l -p -u -e -S -t -s -c -a and --print-ckr-size */
static int opt_generic(struct parse_state *st, int c, const char *arg)
{
	struct options *o = st->o;

	switch (c) {
	case 'h': st->help = true; break;
	case 'v': st->version = true; break;
	case 'd': o->debug = true; break;
	case 'f': o->force = true; break;
	case 'i': o->no_checks = true; break;
	case 'x': o->no_ifdown = true; break;
	case 'y': o->no_sync = true; break;
	case 'l': st->load = true; break;
	case 'p': o->panic = true; break;
	case 'u': st->unload = true; break;
	case 'e': st->exec = true; break;
	case 'S': st->status = true; break;
	case 't': o->type = arg; break;
	case 's': o->syscall = SYSCALL_FILE; break;
	case 'c': o->syscall = SYSCALL_LOAD; break;
	case 'a': o->syscall = SYSCALL_AUTO; break;
	case OPT_PRINT_CKR_SIZE: st->ckr = true; break;
	case OPT_RELOAD: st->reload = true; break;
	default: return 1;
	}
	return 0;
}

/* What to load and how: files, command line, placement limits. */
static int opt_loader(struct parse_state *st, int c, const char *arg)
{
	struct options *o = st->o;

	switch (c) {
	case OPT_HOTPLUG: o->hotplug_mode = HOTPLUG_ON; break;
	case OPT_NO_HOTPLUG: o->hotplug_mode = HOTPLUG_OFF; break;
	case OPT_APPEND: o->append = arg; break;
	case OPT_REUSE_CMDLINE: o->reuse_cmdline = true; break;
	case OPT_INITRD: o->initrd = arg; break;
	case OPT_DTB: o->dtb = arg; break;
	case OPT_ELF64: o->elf64_core_headers = true; break;
	case OPT_ARGS_LINUX: o->args_linux = true; break;
	case OPT_DT_NO_OLD_ROOT: o->dt_no_old_root = true; break;
	case OPT_NO_CMA: o->no_cma = true; break;
	case OPT_MEM_MIN:
		o->mem_min_set = true;
		return parse_u64("--mem-min", arg, &o->mem_min);
	case OPT_MEM_MAX:
		o->mem_max_set = true;
		return parse_u64("--mem-max", arg, &o->mem_max);
	default: return 1;
	}
	return 0;
}

/* Ours: planning without loading, where machine state and the run
 * directory are. */
static int opt_inspect(struct parse_state *st, int c, const char *arg)
{
	struct options *o = st->o;

	switch (c) {
	case OPT_DRY_RUN: o->dry_run = true; break;
	case OPT_PLAN_JSON: o->plan_json = arg; break;
	case OPT_DUMP_SEGMENTS: o->dump_dir = arg; break;
	case OPT_SYSROOT: o->sysroot = arg; break;
	case OPT_ARCH: o->arch = arg; break;
	case OPT_RUNDIR: o->rundir = arg; break;
	default: return 1;
	}
	return 0;
}

/* x86 boot options of kexec-tools, stored for the x86_64 backend. */
static int opt_x86(struct parse_state *st, int c, const char *arg)
{
	struct options *o = st->o;

	switch (c) {
	case OPT_RESET_VGA: o->reset_vga = true; break;
	case OPT_CONSOLE_VGA: o->console_vga = true; break;
	case OPT_CONSOLE_SERIAL: o->console_serial = true; break;
	case OPT_PASS_MEMMAP: o->pass_memmap_cmdline = true; break;
	case OPT_NOEFI: o->noefi = true; break;
	case OPT_REUSE_VIDEO: o->reuse_video_type = true; break;
	case OPT_SERIAL: return parse_serial(o, arg);
	case OPT_SERIAL_BAUD: return parse_baud(o, arg);
	default: return 1;
	}
	return 0;
}

static int parse_one(struct parse_state *st, int c, char **argv,
		     int prev_optind)
{
	int ret;

	if (c == '?' || c == ':')
		return getopt_error(c, argv, prev_optind, st);
	if (c == OPT_ELF32 || c == OPT_REAL_MODE || c == OPT_ENTRY_32BIT ||
	    c == OPT_UNSUPPORTED)
		return refuse(c, argv);
	ret = opt_generic(st, c, optarg);
	if (ret > 0)
		ret = opt_loader(st, c, optarg);
	if (ret > 0)
		ret = opt_inspect(st, c, optarg);
	if (ret > 0)
		ret = opt_x86(st, c, optarg);
	return ret > 0 ? bad("option %s: not handled (internal error)",
			     argv[optind - 1]) : ret;
}

/* -u, -e, -S, --print-ckr-size and --reload exclude each other. */
static int check_one_action(const struct parse_state *st)
{
	static const char *const names[] = {
		"-u", "-e", "-S", "--print-ckr-size", "--reload",
	};
	bool set[] = { st->unload, st->exec, st->status, st->ckr, st->reload };
	const char *first = NULL;
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		if (!set[i])
			continue;
		if (first)
			return bad("%s with %s: only one action at a time",
				   first, names[i]);
		first = names[i];
	}
	return 0;
}

/* Actions that never take a kernel file. */
static int check_no_file(const struct parse_state *st, const char *action)
{
	if (st->o->kernel)
		return bad("%s with a kernel file (%s): %s takes no kernel file",
			   action, st->o->kernel, action);
	return 0;
}

/* No -u/-e/-S/...: load if there is anything to load. */
static int fold_load(struct parse_state *st)
{
	struct options *o = st->o;

	if (!o->kernel) {
		if (st->load || o->panic || o->force)
			return bad("nothing to load: no kernel file given (kexec %s KERNEL)",
				   o->panic ? "-p" : "-l");
		o->action = ACTION_NONE;
		return 0;
	}
	if (o->force) {
		if (o->panic)
			return bad("-f with -p: a crash kernel is not executed, it waits for a panic (drop -f)");
		o->action = ACTION_EXEC;
		o->load_then_exec = true;
		return 0;
	}
	/* kexec-tools loads a bare kernel file (and shuts down); we only load */
	o->action = ACTION_LOAD;
	return 0;
}

static int fold_exec(struct parse_state *st)
{
	struct options *o = st->o;

	if (o->panic)
		return bad("-e with -p: -e starts the loaded normal kernel; a crash kernel starts only on a panic");
	if (st->load && !o->kernel)
		return bad("nothing to load: no kernel file given (kexec -l KERNEL -e, or -e alone to start the loaded one)");
	o->action = ACTION_EXEC;
	o->load_then_exec = o->kernel != NULL;
	return 0;
}

/* What --reload cannot change: the recorded load is replayed as it was. */
static const char *reload_conflict(const struct options *o)
{
	if (o->initrd)
		return "--initrd";
	if (o->append)
		return "--append/--command-line";
	if (o->reuse_cmdline)
		return "--reuse-cmdline";
	if (o->hotplug_mode == HOTPLUG_ON)
		return "--hotplug";
	if (o->hotplug_mode == HOTPLUG_OFF)
		return "--no-hotplug";
	if (o->dtb)
		return "--dtb";
	if (o->mem_min_set || o->mem_max_set)
		return "--mem-min/--mem-max";
	return NULL;
}

static int fold_reload(struct parse_state *st)
{
	struct options *o = st->o;
	const char *what = reload_conflict(o);

	if (st->load)
		return bad("--reload with -l: only the crash kernel load is recorded (use -p)");
	if (what)
		return bad("--reload with %s: the recorded crash load is replayed as it was (load anew with kexec -p ... to change it)",
			   what);
	o->action = ACTION_RELOAD;
	o->panic = true;
	return check_no_file(st, "--reload");
}

/* Turn the requests into one action; order on the command line is moot. */
static int fold_action(struct parse_state *st)
{
	struct options *o = st->o;

	if (st->load && o->panic)
		return bad("-l with -p: load either a normal kernel (-l) or a crash kernel (-p), not both");
	if (check_one_action(st))
		return -EINVAL;
	if (st->unload) {
		o->action = ACTION_UNLOAD;
		return check_no_file(st, "-u");
	}
	if (st->status) {
		o->action = ACTION_STATUS;
		o->panic = !st->load;	/* kexec-tools: crash image unless -l */
		return check_no_file(st, "-S");
	}
	if (st->ckr) {
		o->action = ACTION_PRINT_CKR_SIZE;
		return check_no_file(st, "--print-ckr-size");
	}
	if (st->reload)
		return fold_reload(st);
	if (st->exec)
		return fold_exec(st);
	return fold_load(st);
}

/* Checks between options, once every option has been seen. */
static int check_combinations(const struct parse_state *st)
{
	const struct options *o = st->o;

	/* --no-hotplug asks for nothing, so it is harmless anywhere */
	if (o->hotplug_mode == HOTPLUG_ON && st->load)
		return bad("--hotplug with -l: --hotplug only applies to crash kernels (-p)");
	if (o->hotplug_mode == HOTPLUG_ON && !o->panic)
		return bad("--hotplug without -p: --hotplug only applies to crash kernels (-p)");
	if (o->plan_json && !o->dry_run)
		return bad("--plan-json without --dry-run: the plan is only written by a dry run (add --dry-run)");
	if (o->dump_dir && !o->dry_run)
		return bad("--dump-segments without --dry-run: segments are only dumped by a dry run (add --dry-run)");
	if (o->rundir && o->rundir[0] != '/')
		return bad("--rundir=%s: not an absolute path", o->rundir);
	if (o->mem_min_set && o->mem_max_set && o->mem_min > o->mem_max)
		return bad("--mem-min=%#llx above --mem-max=%#llx: empty placement window",
			   (unsigned long long)o->mem_min,
			   (unsigned long long)o->mem_max);
	return 0;
}

/* The non-option words: at most one, the kernel. */
static int take_files(struct parse_state *st, int argc, char **argv)
{
	int i;

	for (i = optind; i < argc; i++) {
		if (!st->o->kernel) {
			st->o->kernel = argv[i];
			continue;
		}
		return bad("more than one kernel file: '%s' and '%s' (quote a command line with spaces: --append=\"...\")",
			   st->o->kernel, argv[i]);
	}
	return 0;
}

/* Debug notes on accepted-but-unused options, now that -d is known. */
static void note_ignored(const struct options *o)
{
	log_set_debug(o->debug);
	if (o->type)
		pr_debug("--type=%s ignored: the image format is probed from the file",
			 o->type);
	if (o->args_linux)
		pr_debug("--args-linux ignored: ELF kernels always get Linux arguments");
	if (o->elf64_core_headers)
		pr_debug("--elf64-core-headers: the dump header is always ELF64");
}

int options_parse(int argc, char **argv, struct options *o)
{
	struct parse_state st = { .o = o };
	int c, prev = 0;

	memset(o, 0, sizeof(*o));
	o->argc = argc;
	o->argv = argv;
	o->syscall = SYSCALL_AUTO;
	o->sysroot = "/";
	opterr = 0;
	optind = 0;		/* glibc: full re-initialisation */
	while ((c = getopt_long(argc, argv, SHORT_OPTS, long_opts, NULL)) != -1) {
		if (parse_one(&st, c, argv, prev))
			return -EINVAL;
		prev = optind;
	}
	if (st.help || st.version) {	/* like kexec-tools: nothing else counts */
		o->action = st.help ? ACTION_HELP : ACTION_VERSION;
		return 0;
	}
	if (take_files(&st, argc, argv))
		return -EINVAL;
	if (fold_action(&st) || check_combinations(&st))
		return -EINVAL;
	note_ignored(o);
	return 0;
}

const char *options_sysroot(const struct options *o)
{
	return o->sysroot ? o->sysroot : "/";
}

void options_usage(FILE *out)
{
	fputs(
"Usage: kexec [OPTION]... [-l|-p] KERNEL    load a kernel (-p: for a crash)\n"
"       kexec -e | -u [-p] | -S [-l|-p] | -p --reload | --print-ckr-size\n"
"\n"
"Actions (a KERNEL with no action is loaded as with -l):\n"
"  -l, --load               load KERNEL to be started later by -e\n"
"  -p, --load-panic         load KERNEL as the crash (kdump) kernel\n"
"  -u, --unload             unload the loaded kernel (with -p: the crash one)\n"
"  -e, --exec               start the loaded kernel now (with KERNEL: load first)\n"
"  -f, --force              with KERNEL: load and start at once; with -e: do\n"
"                           not wait for a clean shutdown\n"
"  -S, --status             exit 1 if the crash (-l: normal) kernel is loaded,\n"
"                           0 if not\n"
"      --reload             with -p: load the crash kernel again as last\n"
"                           recorded, with fresh machine state\n"
"      --print-ckr-size     print the crashkernel= reservation in bytes\n"
"  -h, --help               this text;  -v, --version  print the version\n"
"\n"
"System call (the last of -c, -s, -a wins):\n"
"  -c, --kexec-syscall      kexec_load(2)\n"
"  -s, --kexec-file-syscall kexec_file_load(2) (Secure Boot, signed kernels)\n"
"  -a, --kexec-syscall-auto kexec_file_load, falling back to kexec_load\n"
"                           (the default)\n"
"\n"
"What to load:\n"
"      --append=STRING      kernel command line (same as --command-line=)\n"
"      --reuse-cmdline      start from the running kernel's command line\n"
"      --initrd=FILE        initial ramdisk (same as --ramdisk=)\n"
"      --dtb=FILE           device tree blob (same as --devicetreeblob=)\n"
"      --mem-min=ADDR       place segments at or above ADDR\n"
"      --mem-max=ADDR       place segments at or below ADDR\n"
"  -i, --no-checks          purgatory skips the SHA-256 check of the segments\n"
"  -x, --no-ifdown          with -e: do not take network interfaces down\n"
"  -y, --no-sync            with -e: do not sync file systems first\n"
"  -d, --debug              print what is being done\n"
"\n"
"Crash kernel and hot-plug:\n"
"      --hotplug            with -p: the running kernel must rewrite the\n"
"                           crash kernel's memory/CPU list on hot-plug (the\n"
"                           default where it offers that; a refusal is an error)\n"
"      --no-hotplug         with -p: do not ask the kernel for those updates\n"
"                           (kexec_file_load images get them anyway)\n"
"      --elf64-core-headers accepted (dump headers are always ELF64)\n"
"      --dt-no-old-root     ppc64: do not keep the old root= in the device tree\n"
"      --no-cma             kexec_file_load: do not use CMA for the crash kernel\n"
"      --rundir=DIR         keep the run lock and the --reload record in DIR\n"
"                           instead of /run/kexec-hotplug\n"
"\n"
"Inspection (never touches the loaded kernel):\n"
"      --dry-run            build and check the load, print it, do not load\n"
"      --plan-json=FILE     with --dry-run: write the plan as JSON (- = stdout)\n"
"      --dump-segments=DIR  with --dry-run: write each segment to DIR\n"
"      --sysroot=DIR        read /proc and /sys under DIR (a machine snapshot)\n"
"      --arch=NAME          plan for NAME (x86_64, ppc64le) instead of the host\n"
"\n"
"Accepted for kexec-tools compatibility: -t/--type=TYPE, --args-linux;\n"
"x86: --reset-vga, --console-vga, --console-serial, --serial=ttyS0|ttyS1|PORT,\n"
"--serial-baud=N, --pass-memmap-cmdline, --noefi, --reuse-video-type.\n"
"Refused: --elf32-core-headers, --real-mode, --entry-32bit. See kexec(8).\n",
	      out);
}
