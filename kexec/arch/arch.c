// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch.c - the table of backends and the choice between them.  The default
 * is the backend of the build host; --arch picks another one for planning
 * (--dry-run against a snapshot of another machine).
 */
#include <string.h>

#include "arch.h"

static const struct arch_ops *const backends[] = {
	&arch_x86_64,
	&arch_ppc64le,
};

#define NR_BACKENDS (sizeof(backends) / sizeof(backends[0]))

const struct arch_ops *arch_lookup(const char *name)
{
	size_t i;

	if (!name)
		name = HOST_ARCH_NAME;
	for (i = 0; i < NR_BACKENDS; i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

const char *arch_names(void)
{
	return "x86_64, ppc64le";
}
