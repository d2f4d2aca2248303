/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stderr_capture.h - test helper: collect what the code under test prints
 * on stderr (the log sink) so tests can assert on the one message.
 */
#ifndef TEST_STDERR_CAPTURE_H
#define TEST_STDERR_CAPTURE_H

/* Redirect stderr to a temporary file until capture_end(). */
void capture_begin(void);
/* Restore stderr; returns the captured text (static buffer, NUL ended). */
const char *capture_end(void);

#endif
