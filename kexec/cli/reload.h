/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * reload.h - `kexec -p --reload`: the record of the last successful crash
 * load and its replay.  After every real crash load, load.c saves the
 * argument vector it was given; --reload parses that vector again and
 * loads with fresh machine state (a hot-removed range drops out of the new
 * elfcorehdr), under the run lock (lock.h).  A crash unload forgets it.
 *
 * Record file: RUNDIR/crash-load.args (RUNDIR = /run/kexec-hotplug or
 * $KEXEC_HOTPLUG_RUNDIR), written to a temporary file and renamed, mode
 * 0600.  UTF-8/bytes text, one item per line:
 *
 *   kexec-hotplug crash-load v1          first line, exactly
 *   # any comment                        ignored (written: pid and time)
 *   cwd=/root                            working directory of the load
 *   arg=-c                               argv[1], argv[2], ... in order,
 *   arg=--append=irqpoll nr_cpus=1       one per line
 *
 * In values a backslash is written "\\" and a newline "\n"; no other
 * escape exists.  Relative kernel, initrd, dtb and sysroot paths are taken
 * relative to cwd when replayed.
 */
#ifndef KEXEC_RELOAD_H
#define KEXEC_RELOAD_H

#include <stdio.h>

#include "options.h"

#define RELOAD_RECORD_NAME	"crash-load.args"
#define RELOAD_MAGIC		"kexec-hotplug crash-load v1"
#define RELOAD_MAX_ARGS		256
#define RELOAD_MAX_SIZE		(256 * 1024)

struct reload_record {
	char *cwd;
	int argc;		/* argv[0] is "kexec" */
	char **argv;		/* NULL-terminated, each string owned */
};

/* Save the crash load described by o->argv (after it succeeded). */
int reload_save(const struct options *o);
/* Remove the record (after a successful crash unload); absent is fine. */
int reload_forget(void);

/* The record text for cwd and argv[1..argc) (exported for tests). */
int reload_write(FILE *f, const char *cwd, int argc, char *const argv[]);
/*
 * Parse a record; -EINVAL with one line naming `what` (the path) and the
 * line on malformed input.  Free with reload_record_free (also on error).
 */
int reload_parse(const char *text, size_t len, const char *what,
		 struct reload_record *r);
void reload_record_free(struct reload_record *r);

#endif
