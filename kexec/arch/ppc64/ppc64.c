// SPDX-License-Identifier: GPL-2.0-only
/*
 * ppc64.c - placeholder for the ppc64le backend: registers the name and
 * the kexec_load numbers so that --arch=ppc64le is recognised, and refuses
 * to plan until the backend is written.
 */
#include <elf.h>
#include <errno.h>

#include "arch.h"
#include "log.h"

static int ppc64_plan_load(struct load_ctx *ctx, struct plan *plan)
{
	(void)ctx;
	(void)plan;
	pr_err("the ppc64le backend is not implemented yet");
	return -ENOSYS;
}

const struct arch_ops arch_ppc64le = {
	.name = "ppc64le",
	.e_machine = EM_PPC64,
	.kexec_arch = KEXEC_ARCH_PPC64,
	.hotplug_flag = KEXEC_CRASH_HOTPLUG_SUPPORT,
	.plan_load = ppc64_plan_load,
};
