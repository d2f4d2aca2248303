// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch.c - what the core adds to every backend's plan (arch_plan_load: the
 * kexec_load flags).  The table of backends is backends.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "arch.h"
#include "kexec-abi.h"
#include "log.h"

static int check_hotplug(const struct arch_ops *arch, const struct load_ctx *ctx)
{
	if (!ctx->hotplug || arch->hotplug_flag)
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

	ret = check_hotplug(arch, ctx);
	if (!ret)
		ret = arch->plan_load(ctx, plan);
	if (ret)
		return ret;
	plan->flags |= arch->kexec_arch;
	if (o->panic)
		plan->flags |= KEXEC_ON_CRASH;
	if (ctx->hotplug && plan->elfcorehdr.present)
		plan->flags |= arch->hotplug_flag;
	return 0;
}

void bundle_free(struct kernel_bundle *b)
{
	free(b->cmdline);
	b->cmdline = NULL;
}
