/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * testhooks.h - test-only hooks, compiled in only with
 * `configure --enable-test-hooks` (ENABLE_TEST_HOOKS); in a release build
 * every function here is an inert stub and testhooks_built() is false.
 *
 *   KEXEC_HOTPLUG_FAKE_SYSCALLS=DIR   syscall.c hands every kexec_load,
 *       kexec_file_load, unload and reboot to the fake below instead of the
 *       kernel: it appends one line to DIR/log and sleeps.  The fake never
 *       falls through to a real call.  KEXEC_HOTPLUG_NO_SYSCALLS still
 *       wins: with it set nothing runs, fake or real.
 *   KEXEC_HOTPLUG_FAKE_DELAY_MS=N      how long a fake call lasts (200).
 *   KEXEC_HOTPLUG_FAKE_ERRNO=N         the fake load fails with errno N.
 *   KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS=MASK  a fake load whose flags have a
 *       bit of MASK fails with EINVAL, as on a kernel too old to know that
 *       flag (0x8: KEXEC_FILE_DEBUG before Linux 6.7).  The call is logged.
 *   KEXEC_HOTPLUG_CORRUPT_SEGMENT=ROLE[:OFFSET]  flip (XOR 0xff) one byte of
 *       the segment with that role (default: its middle byte) after the
 *       digest was computed, just before kexec_load: purgatory must then
 *       refuse to start the capture kernel (doc/design.md, Testing).
 *   KEXEC_HOTPLUG_RUNDIR=DIR            the run directory when no --rundir
 *       is given (lock.h), so no test run can reach /run/kexec-hotplug.
 *   KEXEC_HOTPLUG_LOCK_TIMEOUT=S       seconds to wait for the run lock.
 *       Both are read through testhook_getenv(): a release build ignores
 *       them, so the environment cannot move the lock and the record.
 *
 * Log line (one write(2) per line, O_APPEND, so concurrent runs never mix):
 *   CALL PID START END flags=0xF nseg=N digest=HEX|- segs=ROLE:SHA256,...
 * CALL is load, file_load, unload or reboot; START and END are
 * CLOCK_MONOTONIC seconds with nanoseconds, comparable between processes.
 */
#ifndef KEXEC_TESTHOOKS_H
#define KEXEC_TESTHOOKS_H

#include <stdbool.h>

#include "plan.h"

#define TESTHOOK_FAKE_ENV	"KEXEC_HOTPLUG_FAKE_SYSCALLS"
#define TESTHOOK_DELAY_ENV	"KEXEC_HOTPLUG_FAKE_DELAY_MS"
#define TESTHOOK_ERRNO_ENV	"KEXEC_HOTPLUG_FAKE_ERRNO"
#define TESTHOOK_UNKNOWN_FLAGS_ENV "KEXEC_HOTPLUG_FAKE_UNKNOWN_FLAGS"
#define TESTHOOK_CORRUPT_ENV	"KEXEC_HOTPLUG_CORRUPT_SEGMENT"

#define TESTHOOK_RUNDIR_ENV	"KEXEC_HOTPLUG_RUNDIR"
#define TESTHOOK_LOCK_TIMEOUT_ENV "KEXEC_HOTPLUG_LOCK_TIMEOUT"

bool testhooks_built(void);
/*
 * getenv(name) for an environment override that exists for tests: NULL in
 * a release build (and for an empty value), whatever the environment says.
 */
const char *testhook_getenv(const char *name);
/* True when KEXEC_HOTPLUG_FAKE_SYSCALLS is set (even in a release build). */
bool testhook_fake_requested(void);
/* True when this build fakes the syscalls (built and requested). */
bool testhook_fake_active(void);

/* The fakes: 0 or -errno, like the syscall wrappers.  flags: as sent. */
int testhook_fake_load(const char *call, unsigned long flags,
		       const struct plan *p);
int testhook_fake_unload(int crash, int file_syscall);
int testhook_fake_reboot(void);

/*
 * Apply KEXEC_HOTPLUG_CORRUPT_SEGMENT to p (a kexec_load plan, or NULL
 * for a kexec_file_load call).  0 when not requested or done; -EINVAL
 * with one line when the role is unknown or there is no plan to corrupt.
 */
int testhook_corrupt(struct plan *p);

#endif
