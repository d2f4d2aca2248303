// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_decompress.c - libFuzzer target for the gzip, xz and zstd readers of
 * kexec/machine/file.c: the input is written to a scratch file (made once per
 * process) and read back with file_read_bounded() and a 256 KiB output
 * bound, so bombs are refused quickly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "fuzz_util.h"

#define FUZZ_MAX_OUT	(256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_buf fb;

	if (!path && asprintf(&path, "%s/kernel", fuzz_scratch_dir()) < 0)
		abort();
	fuzz_write_file(path, data, size);
	if (file_read_bounded(path, "kernel", 1, FUZZ_MAX_OUT, &fb) == 0) {
		if (fb.size > FUZZ_MAX_OUT || (!fb.compression && fb.size != size))
			abort();
		file_buf_free(&fb);
	}
	return 0;
}
