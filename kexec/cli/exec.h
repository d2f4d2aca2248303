/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * exec.h - run one parsed -e: reboot into the loaded normal kernel.  The
 * caller holds the run lock (lock.h) and, for -l ... -e, has loaded the
 * kernel first (load.h).
 */
#ifndef KEXEC_EXEC_H
#define KEXEC_EXEC_H

#include "options.h"

/*
 * 0 only from the fake syscall layer or a dry run (a real reboot does not
 * return), else a negative errno after one line saying what failed.
 */
int exec_run(const struct options *o);

#endif
