// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec.c - running one -e (exec.h): check that a normal kernel is loaded,
 * sync unless -y, and reboot(LINUX_REBOOT_CMD_KEXEC) through syscall.c, or
 * say what would be done (--dry-run).  No lock, no load: actions.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"
#include "log.h"
#include "options.h"
#include "syscall.h"
#include "sysroot.h"

static int check_loaded(const struct options *o)
{
	struct kexec_state st;
	struct sysroot root;
	int err;

	err = sysroot_open(&root, options_sysroot(o));
	if (err)
		return err;
	sysroot_kexec_state(&root, &st);
	sysroot_close(&root);
	if (st.kexec_loaded == 0) {
		pr_err("no kernel is loaded to execute: load one with -l first");
		return -ENOENT;
	}
	return 0;
}

int exec_run(const struct options *o)
{
	int err;

	if (o->dry_run) {
		printf("dry run: would %sreboot into the loaded kernel with reboot(LINUX_REBOOT_CMD_KEXEC)\n",
		       o->no_sync ? "" : "sync file systems and ");
		return 0;
	}
	if (strcmp(options_sysroot(o), "/")) {
		pr_err("--sysroot=%s describes another machine: use it with --dry-run", o->sysroot);
		return -EINVAL;
	}
	err = check_loaded(o);
	if (err)
		return err;
	if (!o->no_sync)
		sync();
	err = sys_reboot_kexec();
	if (err && !sys_blocked())
		pr_err("reboot(LINUX_REBOOT_CMD_KEXEC) failed: %s", strerror(-err));
	return err;
}
