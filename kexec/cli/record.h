/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * record.h - the record of the last successful crash load, which
 * `kexec -p --reload` replays (actions.c, replay.h).  A leaf: it writes,
 * reads, parses and removes the record file in an open run directory
 * (lock.h) and knows nothing of loading or of the machine.
 *
 * Record file: RUNDIR/crash-load.args (RUNDIR = /run/kexec-hotplug or
 * --rundir), written to a temporary file and renamed, mode 0600; read only
 * when it is a regular file (not a symbolic link) owned by the user
 * running kexec (root) with no group or other permission bits.  UTF-8/bytes
 * text, one item per line:
 *
 *   kexec-hotplug crash-load v1          first line, exactly
 *   # any comment                        ignored (written: pid and time)
 *   boot_id=0b0c...-...                  /proc/sys/kernel/random/boot_id
 *                                        at the load
 *   loaded_at=1700000000                 time of the load (Unix seconds)
 *   file=kernel DEV INO SIZE SEC.NSEC    each input file as it was loaded
 *                                        (kernel, initrd, dtb): st_dev,
 *                                        st_ino, st_size, st_mtim
 *   cwd=/root                            working directory of the load
 *   arg=-c                               argv[1], argv[2], ... in order,
 *   arg=--append=irqpoll nr_cpus=1       one per line
 *
 * In values a backslash is written "\\" and a newline "\n"; no other
 * escape exists.  Relative kernel, initrd, dtb and sysroot paths are taken
 * relative to cwd when replayed.  boot_id, loaded_at and file= lines are
 * optional for the parser; replay.h decides what a record without them is
 * worth (--reload refuses a record without boot_id).
 */
#ifndef KEXEC_RECORD_H
#define KEXEC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define RECORD_NAME		"crash-load.args"
#define RECORD_TMP_NAME		"crash-load.args.tmp"	/* written under the lock */
#define RECORD_MAGIC		"kexec-hotplug crash-load v1"
#define RECORD_MAX_ARGS		256
#define RECORD_MAX_SIZE		(256 * 1024)
#define RECORD_BOOT_ID_LEN	36	/* a UUID: 8-4-4-4-12 hex digits */

enum record_file_role { RECORD_KERNEL, RECORD_INITRD, RECORD_DTB, RECORD_NR_FILES };

/* An input file as stat(2) saw it when it was loaded. */
struct record_file {
	bool set;
	unsigned long long dev, ino, size;
	long long mtime_s;
	long mtime_ns;
};

/* What identifies a load besides its arguments (replay.h fills it). */
struct record_stamp {
	char boot_id[RECORD_BOOT_ID_LEN + 1];	/* "" when not recorded */
	long long loaded_at;			/* 0 when not recorded */
	struct record_file file[RECORD_NR_FILES];
};

struct crash_record {
	char *cwd;
	int argc;		/* argv[0] is "kexec" */
	char **argv;		/* NULL-terminated, each string owned */
	struct record_stamp stamp;
};

/* "kernel", "initrd", "dtb". */
const char *record_file_role_name(enum record_file_role role);

/* DIR/crash-load.args into buf; -ENAMETOOLONG (reported) if too long. */
int record_path(const char *dir, char *buf, size_t len);

/*
 * Record the crash load run with argv[0..argc) from the current working
 * directory (after it succeeded) in the open run directory dirfd (named
 * dir in messages).  A failure is one warning: the load stands; the
 * previous record, which no longer describes what is loaded, is removed
 * and the warning says what kexec -p --reload will do now.
 */
int record_save(int dirfd, const char *dir, int argc, char *const argv[],
		const struct record_stamp *st);
/* Remove the record (after a successful crash unload); absent is fine. */
int record_forget(int dirfd, const char *dir);

/*
 * Read and parse the record in the open run directory dirfd.  -ENOENT,
 * with nothing printed, when there is none; any other failure (a symbolic
 * link, not a regular file, wrong owner or mode, cannot be read,
 * malformed) is reported with one line naming the path.  Free r with
 * record_free (also on error).
 */
int record_read(int dirfd, const char *dir, struct crash_record *r);

/* The record text for cwd and argv[1..argc) (exported for tests). */
int record_write(FILE *f, const char *cwd, int argc, char *const argv[],
		 const struct record_stamp *st);
/*
 * Parse a record; -EINVAL with one line naming `what` (the path) and the
 * line on malformed input.  Free with record_free (also on error).
 */
int record_parse(const char *text, size_t len, const char *what,
		 struct crash_record *r);
void record_free(struct crash_record *r);

#endif
