/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * assert_text.h - test helper: a Check assertion that a string contains
 * another, printing both when it does not.  text is evaluated once, so it
 * may be capture_end().
 */
#ifndef TEST_ASSERT_TEXT_H
#define TEST_ASSERT_TEXT_H

#include <check.h>
#include <string.h>

#define assert_has(text, needle) do { \
	const char *t_ = (text); \
	ck_assert_msg(strstr(t_, (needle)) != NULL, \
		      "expected \"%s\" in \"%s\"", (needle), t_); \
} while (0)

#endif
