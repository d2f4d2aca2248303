/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * syscall.h - the thin layer over kexec_load, kexec_file_load and
 * reboot(LINUX_REBOOT_CMD_KEXEC).  It is the only code that changes what the
 * kernel has loaded.  Each failure is turned into the sentence a user needs
 * (not root, locked down, kernel too old for the flag, region too small).
 */
#ifndef KEXEC_SYSCALL_H
#define KEXEC_SYSCALL_H

#include "plan.h"

/*
 * Every wrapper returns 0 or -errno and prints nothing on a kernel failure:
 * the caller knows whether to fall back or report (with sys_load_hint).
 * With KEXEC_HOTPLUG_NO_SYSCALLS set in the environment nothing reaches the
 * kernel: each wrapper prints one line and returns -EPERM (test guard).
 * The same holds for KEXEC_HOTPLUG_FAKE_SYSCALLS in a build without test
 * hooks; in a test-hooks build that variable selects the fake layer
 * (testhooks.h), which never reaches the kernel either.
 * sys_blocked() is true when the wrappers would refuse.
 */
#define SYS_NO_SYSCALLS_ENV	"KEXEC_HOTPLUG_NO_SYSCALLS"
bool sys_blocked(void);

int sys_load_plan(const struct plan *p);
/* -1 fd means "no initrd" (KEXEC_FILE_NO_INITRAMFS is added). */
int sys_file_load(const struct plan *p, int kernel_fd, int initrd_fd);
int sys_unload(int crash, int file_syscall);
int sys_reboot_kexec(void);

/* The message for a failed load; exported for tests. */
const char *sys_load_hint(int err, const struct plan *p, char *buf, size_t len);

#endif
