/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * backends.h - the table of architecture backends (backends.c): finding
 * one by name for --arch and listing them for messages.  Kept apart from
 * the interface the backends implement (arch.h), so that the table sits
 * above the backends and they depend on the interface alone.
 */
#ifndef KEXEC_BACKENDS_H
#define KEXEC_BACKENDS_H

#include "arch.h"

/* NULL name: the backend of the build host; NULL result: none by that name. */
const struct arch_ops *arch_lookup(const char *name);
/* Comma-separated list of backend names for messages. */
const char *arch_names(void);

#endif
