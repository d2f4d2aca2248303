/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tmpsysroot.h - test helper: build a throw-away sysroot tree (a temporary
 * directory holding proc/... and sys/... files) for the readers that take
 * --sysroot.  Every function aborts with a message on failure, so tests
 * need not check them.
 */
#ifndef TEST_TMPSYSROOT_H
#define TEST_TMPSYSROOT_H

#include <check.h>
#include <stddef.h>

/* A new empty directory under $TMPDIR (default /tmp); free with _remove. */
char *tmpsysroot_new(void);
/* root/rel as a directory, parents included ("mkdir -p"). */
void tmpsysroot_mkdir(const char *root, const char *rel);
/* root/rel with the given text (parents created; replaces a file). */
void tmpsysroot_write(const char *root, const char *rel, const char *text);
void tmpsysroot_write_bytes(const char *root, const char *rel,
			    const void *data, size_t len);
/* root/rel as a symlink to target (parents created). */
void tmpsysroot_symlink(const char *root, const char *rel, const char *target);
/* "rm -rf root" and free the string. */
void tmpsysroot_remove(char *root);
/*
 * check_run(s) with TMPDIR pointing at a fresh directory that is removed
 * afterwards: the trees of tests that fail (and so skip their teardown)
 * end up there instead of being left in /tmp.
 */
int tmpsysroot_check_run(Suite *s);

#endif
