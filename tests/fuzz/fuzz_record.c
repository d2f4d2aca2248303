// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_record.c - libFuzzer target for the --reload record parser
 * (record_parse in kexec/cli/record.c): the input is the text of
 * RUNDIR/crash-load.args.  A record that parses must be complete: a cwd,
 * argv[0] "kexec" and at least one argument, argv NULL-terminated, and
 * no string longer than the input.  Only the public parse function is
 * used, so a change of the record's contents needs no change here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct crash_record *r, size_t size)
{
	if (!r->cwd || r->argc < 2 || !r->argv || r->argv[r->argc] ||
	    strcmp(r->argv[0], "kexec") || strlen(r->cwd) > size)
		abort();
	for (int i = 1; i < r->argc; i++)
		if (!r->argv[i] || strlen(r->argv[i]) > size)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crash_record r;
	char *text;

	if (size > RECORD_MAX_SIZE)
		return 0;
	/* an exact-size copy: a read past the end is caught */
	text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	if (record_parse(text, size, "fuzz", &r) == 0)
		check(&r, size);
	record_free(&r);
	free(text);
	return 0;
}
