// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_options.c - libFuzzer target for the option parser (options_parse
 * in kexec/cli/options.c): the input split on NUL bytes is argv[1..].
 */
#include <stdlib.h>

#include "fuzz_util.h"
#include "options.h"

#define MAX_ARGS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2], *storage, prog[] = "kexec";
	struct options o;
	size_t n;

	argv[0] = prog;
	n = fuzz_split(data, size, argv + 1, MAX_ARGS, &storage);
	argv[n + 1] = NULL;
	options_parse((int)n + 1, argv, &o);
	free(storage);
	return 0;
}
