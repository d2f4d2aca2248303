// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch.c - the table of backends, the choice between them, and what the
 * core adds to every backend's plan (arch_plan_load: the kexec_load flags).
 * The default is the backend of the build host; --arch picks another one
 * for planning (--dry-run against a snapshot of another machine).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "kexec-abi.h"
#include "log.h"

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

static int check_hotplug(const struct arch_ops *arch, const struct options *o)
{
	if (!o->hotplug || arch->hotplug_flag)
		return 0;
	pr_err("--hotplug: the %s backend has no crash hot-plug flag",
	       arch->name);
	return -EOPNOTSUPP;
}

int arch_plan_load(const struct arch_ops *arch, struct load_ctx *ctx,
		   struct plan *plan)
{
	const struct options *o = ctx->opt;
	int ret;

	ret = check_hotplug(arch, o);
	if (!ret)
		ret = arch->plan_load(ctx, plan);
	if (ret)
		return ret;
	plan->flags |= arch->kexec_arch;
	if (o->panic)
		plan->flags |= KEXEC_ON_CRASH;
	if (o->hotplug && plan->elfcorehdr.present)
		plan->flags |= arch->hotplug_flag;
	return 0;
}
