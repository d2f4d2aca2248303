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

int sys_load_plan(const struct plan *p);
/* -1 fd means "no initrd" (KEXEC_FILE_NO_INITRAMFS is added). */
int sys_file_load(const struct plan *p, int kernel_fd, int initrd_fd);
int sys_unload(int crash, int file_syscall);
int sys_reboot_kexec(void);

/* The message for a failed load; exported for tests. */
const char *sys_load_hint(int err, const struct plan *p, char *buf, size_t len);

#endif
