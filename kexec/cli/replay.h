/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * replay.h - what `kexec -p --reload` may replay and with which options.
 *
 * Validity: a load is stamped when recorded (replay_stamp: the boot id,
 * the time, each input file's stat); a record is replayed only when it was
 * written in this boot and a crash kernel is loaded now (replay_check).
 * Our own crash unload removes the record (actions.c), so what is loaded
 * is the recorded load unless another loader replaced it, which the
 * kernel gives no way to see (doc/design.md, "Failure atomicity").
 *
 * Options: the recorded crash load (record.h) parsed again as a command
 * line, relative paths made absolute against the recorded working
 * directory, and the current command line's inspection options
 * (--dry-run, --plan-json, --dump-segments, --sysroot, --rundir, -d) on
 * top.  Loading them is the caller's business (actions.c).
 */
#ifndef KEXEC_REPLAY_H
#define KEXEC_REPLAY_H

#include "options.h"
#include "record.h"

#define REPLAY_MAX_ABS	4	/* kernel, initrd, dtb, sysroot */

struct replay {
	struct options o;		/* points into the record's argv */
	char *abs[REPLAY_MAX_ABS];	/* absolute forms of relative paths */
	unsigned int nabs;
};

/*
 * Build rp->o from r (read from path; getopt permutes r->argv, and rp->o
 * points into it, so r must outlive rp) and the current options `now`.
 * -EINVAL with one line naming path when r is not a crash load.  Free rp
 * with replay_free (also on error).
 */
int replay_options(struct replay *rp, struct crash_record *r, const char *path,
		   const struct options *now);
/*
 * The stamp of the crash load o just made: boot id (read through o's
 * sysroot), time, stat of its kernel, initrd and dtb.  Nothing printed: a
 * boot id that cannot be read stays "" and record_save() says so.
 */
void replay_stamp(const struct options *o, struct record_stamp *st);
/*
 * May the record r (rp built from it) be replayed now?  0, or -ESTALE with
 * the reason in why: no boot id recorded, another boot, or no crash kernel
 * loaded (kexec_crash_loaded, read through rp's sysroot).
 */
int replay_check(const struct replay *rp, const struct crash_record *r,
		 char *why, size_t len);
/* One warning per recorded input file that changed since the load. */
void replay_report_changes(const struct replay *rp,
			   const struct crash_record *r);
/*
 * Say what is replayed (dry runs; nothing with --plan-json=-), and why a
 * real run would refuse it when refusal is not NULL.
 */
void replay_print(const struct replay *rp, const struct crash_record *r,
		  const char *path, const char *refusal);
void replay_free(struct replay *rp);

#endif
