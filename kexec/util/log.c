// SPDX-License-Identifier: GPL-2.0-only
/*
 * log.c - the message sink declared in log.h.  The debug switch is the only
 * mutable state: it mirrors the parsed -d option so that deep code need not
 * carry the options around just to decide whether to print.
 */
#include <errno.h>
#include <stdio.h>

#include "log.h"

static int debug_on;

void log_set_debug(int on)
{
	debug_on = on;
}

int log_debug_enabled(void)
{
	return debug_on;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (lvl == LOG_DEBUG && !debug_on)
		return;
	switch (lvl) {
	case LOG_ERR:
		fputs("kexec: ", stderr);
		break;
	case LOG_WARN:
		fputs("kexec: warning: ", stderr);
		break;
	case LOG_INFO:
		fputs("kexec: ", stderr);
		break;
	case LOG_DEBUG:
		fputs("kexec: debug: ", stderr);
		break;
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	errno = saved;
}
