/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unload.h - run one parsed unload (-u, -p -u).  The caller holds the run
 * lock (lock.h) and forgets the --reload record if it wants to.
 */
#ifndef KEXEC_UNLOAD_H
#define KEXEC_UNLOAD_H

#include "options.h"

/* 0, or a negative errno after one line saying what failed. */
int unload_run(const struct options *o);

#endif
