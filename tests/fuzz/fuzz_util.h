/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz_util.h - helpers shared by the libFuzzer targets in tests/fuzz/:
 * turning the fuzzer's bytes into a C string or into NUL-separated fields,
 * and a scratch file or directory created once per process.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* The bytes as a malloc'd NUL-terminated string (aborts on ENOMEM). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/*
 * Split a copy of the bytes on NUL into at most max fields.  Returns the
 * number of fields; *fields points into *storage (free *storage only).
 */
size_t fuzz_split(const uint8_t *data, size_t size, char **fields, size_t max,
		  char **storage);

/*
 * A directory under $TMPDIR (default /dev/shm, else /tmp) made on first
 * use and removed at exit.
 */
const char *fuzz_scratch_dir(void);

/* Create or replace the file at path with the bytes (aborts on failure). */
void fuzz_write_file(const char *path, const void *data, size_t size);

#endif
