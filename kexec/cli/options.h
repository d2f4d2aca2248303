/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * options.h - the parsed command line, the only global-free description of
 * what the user asked for.  Parsing follows kexec-tools' kexec(8) so that
 * kdumpctl, kdump-config, systemd and petitboot keep working unchanged.
 */
#ifndef KEXEC_OPTIONS_H
#define KEXEC_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum kexec_action {
	ACTION_NONE,		/* nothing asked: print usage, exit 1 */
	ACTION_LOAD,		/* -l or -p (or the default with a kernel) */
	ACTION_UNLOAD,		/* -u [-p] */
	ACTION_EXEC,		/* -e, or -f with a kernel (load then exec) */
	ACTION_STATUS,		/* -S */
	ACTION_PRINT_CKR_SIZE,	/* --print-ckr-size */
	ACTION_HELP,
	ACTION_VERSION,
	ACTION_RELOAD,		/* --reload: redo the last recorded crash load */
};

/* --hotplug / --no-hotplug, the last one wins; hotplug.h decides. */
enum hotplug_mode {
	HOTPLUG_DEFAULT,	/* neither: on where the kernel offers it */
	HOTPLUG_ON,		/* --hotplug: required, a refusal is an error */
	HOTPLUG_OFF,		/* --no-hotplug */
};

enum kexec_syscall_mode {
	SYSCALL_AUTO,		/* -a (default): file syscall, fall back */
	SYSCALL_FILE,		/* -s */
	SYSCALL_LOAD,		/* -c */
};

struct options {
	enum kexec_action action;
	enum kexec_syscall_mode syscall;
	bool panic;		/* -p: the crash kernel */
	bool load_then_exec;	/* -f with a kernel, or -e given with a kernel */
	bool force;		/* -f */
	bool no_ifdown;		/* -x */
	bool no_sync;		/* -y */
	bool no_checks;		/* -i: purgatory skips the digest */
	enum hotplug_mode hotplug_mode; /* --hotplug, --no-hotplug */
	bool debug;		/* -d */
	bool dry_run;		/* --dry-run */
	bool reuse_cmdline;	/* --reuse-cmdline */
	bool dt_no_old_root;	/* --dt-no-old-root (ppc64) */
	bool args_linux;	/* --args-linux (accepted, no effect) */
	bool elf64_core_headers; /* --elf64-core-headers (always ELF64) */
	bool mem_min_set, mem_max_set;
	uint64_t mem_min;	/* --mem-min */
	uint64_t mem_max;	/* --mem-max */
	const char *kernel;	/* the one non-option argument */
	const char *initrd;	/* --initrd / --ramdisk */
	const char *append;	/* --append / --command-line, last wins */
	const char *dtb;	/* --dtb */
	const char *sysroot;	/* --sysroot, default "/" */
	const char *plan_json;	/* --plan-json=FILE, "-" = stdout */
	const char *dump_dir;	/* --dump-segments=DIR */
	const char *arch;	/* --arch=NAME (planning for another arch) */
	const char *rundir;	/* --rundir=DIR: run lock and --reload record
				 * (NULL: the default, lock.h) */
	const char *type;	/* -t/--type (accepted, format is probed) */
	bool no_cma;		/* --no-cma (kexec_file_load only) */
	/* x86 compatibility options, kept for the x86_64 backend */
	bool reset_vga;		/* --reset-vga */
	bool console_vga;	/* --console-vga: purgatory prints on VGA */
	bool console_serial;	/* --console-serial: purgatory prints on serial */
	bool pass_memmap_cmdline; /* --pass-memmap-cmdline */
	bool noefi;		/* --noefi: pass no EFI state */
	bool reuse_video_type;	/* --reuse-video-type */
	uint16_t serial_port;	/* --serial= I/O port, 0 = not given */
	uint32_t serial_baud;	/* --serial-baud=, 0 = not given */
	/* argv as given to options_parse (permuted by getopt), for the
	 * crash load record of --reload (record.h) */
	int argc;
	char **argv;
};

/*
 * Parse argv.  Returns 0, or -EINVAL after printing one line that names the
 * offending option and why.  Does not touch the machine.
 */
int options_parse(int argc, char **argv, struct options *o);
void options_usage(FILE *out);
/* The machine the run reads: --sysroot, or "/" without it. */
const char *options_sysroot(const struct options *o);

#endif
