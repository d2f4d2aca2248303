/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * replay.h - the options `kexec -p --reload` loads with: the recorded
 * crash load (record.h) parsed again as a command line, relative paths
 * made absolute against the recorded working directory, and the current
 * command line's inspection options (--dry-run, --plan-json,
 * --dump-segments, --sysroot, -d) on top.  Loading them is the caller's
 * business (actions.c).
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
/* Say what is replayed (dry runs; nothing with --plan-json=-). */
void replay_print(const struct replay *rp, const struct crash_record *r,
		  const char *path);
void replay_free(struct replay *rp);

#endif
