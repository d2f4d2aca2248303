// SPDX-License-Identifier: GPL-2.0-only
/*
 * unload.c - running one unload (unload.h): empty the normal or crash
 * slot with the syscall the mode prefers, then with the other one, or say
 * what would be done (--dry-run).  No lock, no record: actions.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "syscall.h"
#include "unload.h"

static bool unload_falls_back(int err)
{
	return err == -ENOSYS || err == -EINVAL || err == -EPERM ||
	       err == -EACCES || err == -EOPNOTSUPP;
}

/*
 * Either syscall unloads whatever image is in the slot, however it was
 * loaded, so try the one the mode prefers and then the other (kexec_load
 * may be locked down, kexec_file_load may be missing).
 */
int unload_run(const struct options *o)
{
	int file_first = o->syscall != SYSCALL_LOAD;
	const char *kind = o->panic ? "crash" : "normal";
	int err;

	if (o->dry_run) {
		printf("dry run: would unload the %s kernel with %s, then %s if that is refused\n",
		       kind, file_first ? "kexec_file_load(KEXEC_FILE_UNLOAD)" : "kexec_load(nr_segments=0)",
		       file_first ? "kexec_load(nr_segments=0)" : "kexec_file_load(KEXEC_FILE_UNLOAD)");
		return 0;
	}
	err = sys_unload(o->panic, file_first);
	if (err && !sys_blocked() && unload_falls_back(err)) {
		pr_debug("unload with %s failed (%s): trying the other syscall",
			 file_first ? "kexec_file_load" : "kexec_load", strerror(-err));
		err = sys_unload(o->panic, !file_first);
	}
	if (err && !sys_blocked())
		pr_err("cannot unload the %s kernel: %s", kind, strerror(-err));
	return err;
}
