/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cmdline.h - editing kernel command lines as the kernel splits them
 * (blank-separated words, double quotes group), for --reuse-cmdline and
 * the parameters a backend needs on every crash command line.
 */
#ifndef KEXEC_CMDLINE_H
#define KEXEC_CMDLINE_H

#include <stdbool.h>

/*
 * The running kernel's command line (text of /proc/cmdline) without
 * BOOT_IMAGE= and, for a crash load, without crashkernel=.  Words are kept
 * verbatim and joined by one blank.  Returns a malloc'd string or NULL.
 */
char *cmdline_reuse(const char *running, bool crash);

/*
 * cmdline with words added as kernel parameters: before the bare "--"
 * after which the kernel passes words to init, or at the end when there is
 * none.  Either may be NULL or empty; malloc'd, NULL on ENOMEM.
 */
char *cmdline_insert(const char *cmdline, const char *words);

/*
 * cmdline with each word of params (NULL-terminated) that it lacks as a
 * whole kernel parameter ("p" or "p=...", before any "--") added with
 * cmdline_insert(); the words appended, blank
 * separated, go to *added (malloc'd, "" when none).  Returns a malloc'd
 * string or NULL (and *added NULL) on ENOMEM.
 */
char *cmdline_add_missing(const char *cmdline, const char *const *params,
			  char **added);

/* "a" + " " + "b", either may be NULL or empty; malloc'd, NULL on ENOMEM. */
char *cmdline_join(const char *a, const char *b);

#endif
