/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * record.h - the record of the last successful crash load, which
 * `kexec -p --reload` replays (actions.c, replay.h).  A leaf: it writes,
 * reads, parses and removes the record file and knows nothing of loading.
 *
 * Record file: RUNDIR/crash-load.args (RUNDIR = /run/kexec-hotplug or
 * $KEXEC_HOTPLUG_RUNDIR, lock.h), written to a temporary file and renamed,
 * mode 0600.  UTF-8/bytes text, one item per line:
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
#ifndef KEXEC_RECORD_H
#define KEXEC_RECORD_H

#include <stddef.h>
#include <stdio.h>

#define RECORD_NAME		"crash-load.args"
#define RECORD_MAGIC		"kexec-hotplug crash-load v1"
#define RECORD_MAX_ARGS		256
#define RECORD_MAX_SIZE		(256 * 1024)

struct crash_record {
	char *cwd;
	int argc;		/* argv[0] is "kexec" */
	char **argv;		/* NULL-terminated, each string owned */
};

/* RUNDIR/crash-load.args into buf; -ENAMETOOLONG (reported) if too long. */
int record_path(char *buf, size_t len);

/*
 * Record the crash load run with argv[0..argc) from the current working
 * directory (after it succeeded).  A failure is reported as a warning: the
 * load stands, only --reload will not work.
 */
int record_save(int argc, char *const argv[]);
/* Remove the record (after a successful crash unload); absent is fine. */
int record_forget(void);

/*
 * Read and parse the record at path.  -ENOENT, with nothing printed, when
 * there is none; any other failure (cannot open or read it, malformed) is
 * reported with one line naming path.  Free r with record_free (also on
 * error).
 */
int record_read(const char *path, struct crash_record *r);

/* The record text for cwd and argv[1..argc) (exported for tests). */
int record_write(FILE *f, const char *cwd, int argc, char *const argv[]);
/*
 * Parse a record; -EINVAL with one line naming `what` (the path) and the
 * line on malformed input.  Free with record_free (also on error).
 */
int record_parse(const char *text, size_t len, const char *what,
		 struct crash_record *r);
void record_free(struct crash_record *r);

#endif
