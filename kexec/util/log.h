/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.h - the one message sink.  Every failure is reported once, by the
 * function that knows the context, as "kexec: <what failed>: <why>[ (hint)]"
 * on stderr; callers above it only pass the negative errno up.
 */
#ifndef KEXEC_LOG_H
#define KEXEC_LOG_H

#include <stdarg.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* 0 = errors, warnings and info; 1 = also debug (-d). */
void log_set_debug(int on);
int log_debug_enabled(void);

void log_msg(enum log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	log_msg(LOG_WARN, __VA_ARGS__)
#define pr_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
