// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_cmdline.c - libFuzzer target for the command-line builder
 * (kexec/plan/cmdline.c, --reuse-cmdline editing of /proc/cmdline text, and
 * plan_append_cmdline in kexec/plan/plan.c, cmdline_add_missing).  Input: the running command line,
 * then after a NUL the --append text.
 */
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "fuzz_util.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The edited line never grows, never starts with BOOT_IMAGE=, and editing
 * it again changes nothing (the words are split the same way twice).
 */
static void check_reused(const char *running, const char *out, int crash)
{
	char *again;

	if (strlen(out) > strlen(running) || !strncmp(out, "BOOT_IMAGE=", 11))
		abort();
	again = cmdline_reuse(out, crash);
	if (again && strcmp(again, out))
		abort();
	free(again);
}

/*
 * Adding what is missing twice adds nothing the second time (unless an
 * unbalanced quote swallowed the word, as it would in the kernel).
 */
static void check_added(const char *line)
{
	static const char *const params[] = { "acpi_no_memhotplug", NULL };
	char *added, *again_added, *out = cmdline_add_missing(line, params, &added);
	char *again;
	size_t quotes = 0;
	const char *c;

	if (!out)
		return;
	for (c = line; *c; c++)
		quotes += *c == '"';
	again = cmdline_add_missing(out, params, &again_added);
	if (again && !(quotes % 2) && (strcmp(again, out) || *again_added))
		abort();
	free(again);
	free(again_added);
	free(out);
	free(added);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[2] = { "", "" }, *storage, *reused, *joined;
	struct plan p;
	int crash;

	fuzz_split(data, size, f, 2, &storage);
	plan_init(&p, "x86_64");
	for (crash = 0; crash <= 1; crash++) {
		reused = cmdline_reuse(f[0], crash);
		if (!reused)
			continue;
		check_reused(f[0], reused, crash);
		joined = cmdline_join(reused, f[1]);
		if (joined)
			check_added(joined);
		if (joined && plan_append_cmdline(&p, "%s", joined) == 0)
			plan_append_cmdline(&p, "elfcorehdr=%lluK", 917616ULL);
		free(joined);
		free(reused);
	}
	plan_free(&p);
	free(storage);
	return 0;
}
