/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * check_run.h - the one runner every unit test program ends with: run a
 * Check suite with normal output and turn its failures into the exit
 * status make check reads.
 */
#ifndef TESTS_CHECK_RUN_H
#define TESTS_CHECK_RUN_H

#include <check.h>

/* Runs s (and frees it); EXIT_SUCCESS when every test passed. */
int check_run(Suite *s);

#endif
