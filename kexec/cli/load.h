/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * load.h - the load action without its run lock and record, for
 * reload.c, which holds the lock itself and must not re-record.
 */
#ifndef KEXEC_LOAD_H
#define KEXEC_LOAD_H

#include "options.h"

/* As do_load, but the caller holds the run lock; nothing is recorded. */
int load_replay(const struct options *o);

#endif
