/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * actions.h - what main() dispatches to, one function per kexec(8) action.
 * Each returns the process exit status (0 success, 1 failure; do_status
 * keeps kexec-tools' inverted convention, see status.c).
 */
#ifndef KEXEC_ACTIONS_H
#define KEXEC_ACTIONS_H

#include "options.h"

int do_load(const struct options *o);		/* load.c */
int do_unload(const struct options *o);		/* load.c */
int do_exec(const struct options *o);		/* load.c */
int do_status(const struct options *o);		/* status.c */
int do_print_ckr_size(const struct options *o);	/* status.c */
int do_reload(const struct options *o);		/* reload.c */

#endif
