// SPDX-License-Identifier: GPL-2.0-only
/*
 * backends.c - the table of backends and the choice between them
 * (backends.h).  The default is the backend of the build host; --arch
 * picks another one for planning (--dry-run against a snapshot of another
 * machine).  Adding a backend means one line here.
 */
#include <stdio.h>
#include <string.h>

#include "backends.h"
#include "ppc64le/ppc64le.h"
#include "x86_64/x86_64.h"

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
	static char names[128];
	size_t i, n = 0;

	if (names[0])
		return names;
	for (i = 0; i < NR_BACKENDS && n < sizeof(names); i++)
		n += snprintf(names + n, sizeof(names) - n, "%s%s",
			      i ? ", " : "", backends[i]->name);
	return names;
}
