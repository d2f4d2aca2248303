/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * actions.h - what main() dispatches to, one function per kexec(8) action.
 * Each returns the process exit status (0 success, 1 failure; do_status
 * keeps kexec-tools' inverted convention, see status.c).  The actions that
 * change what is loaded compose the run lock (lock.h), one run (load.h,
 * unload.h, exec.h) and the --reload record (record.h, replay.h) in
 * actions.c; the read-only ones are in status.c.
 */
#ifndef KEXEC_ACTIONS_H
#define KEXEC_ACTIONS_H

#include "options.h"

int do_load(const struct options *o);		/* actions.c */
int do_unload(const struct options *o);		/* actions.c */
int do_exec(const struct options *o);		/* actions.c */
int do_reload(const struct options *o);		/* actions.c */
int do_status(const struct options *o);		/* status.c */
int do_print_ckr_size(const struct options *o);	/* status.c */

#endif
