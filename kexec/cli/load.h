/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * load.h - run one parsed load (-l, -p, and the load of -l ... -e): build
 * and check everything, then print it (--dry-run) or load it.  The caller
 * holds the run lock (lock.h) and records the load if it wants to.
 */
#ifndef KEXEC_LOAD_H
#define KEXEC_LOAD_H

#include "options.h"

/* 0, or a negative errno after one line saying what failed. */
int load_run(const struct options *o);

#endif
