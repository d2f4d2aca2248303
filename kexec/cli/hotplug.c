// SPDX-License-Identifier: GPL-2.0-only
/*
 * hotplug.c - the hot-plug policy of crash loads (hotplug.h): from
 * --hotplug/--no-hotplug, the backend and whether the running kernel
 * offers /sys/kernel/crash_elfcorehdr_size (read through the sysroot, so
 * snapshots decide in tests), what each syscall gets and the words
 * --dry-run shows for it.
 */
#include "hotplug.h"
#include "log.h"

#define NODE		"/sys/kernel/crash_elfcorehdr_size"
#define NO_NODE		"the kernel has no " NODE

static void decide_load(const struct options *o, const struct arch_ops *arch,
			bool offers, struct hotplug_decision *d)
{
	if (o->hotplug_mode == HOTPLUG_ON) {
		d->flag = true;	/* crash.c and arch.c refuse what cannot be */
		d->load_why = "--hotplug";
	} else if (o->hotplug_mode == HOTPLUG_OFF) {
		d->load_why = "--no-hotplug";
	} else if (!arch->hotplug_flag) {
		d->load_why = "the backend has no crash hot-plug flag";
	} else if (!offers) {
		d->load_why = NO_NODE;
	} else {
		d->flag = d->retry_without = true;
		d->load_why = "default: the kernel offers " NODE;
	}
	d->load_state = d->flag ? "on" : "off";
}

void hotplug_decide(const struct options *o, const struct arch_ops *arch,
		    const struct sysroot *root, struct hotplug_decision *d)
{
	bool offers;

	*d = (struct hotplug_decision){ 0 };
	if (!o->panic)
		return;
	offers = sysroot_has_crash_elfcorehdr_size(root);
	decide_load(o, arch, offers, d);
	d->file_state = offers ? "kernel-managed" : "off";
	d->file_why = !offers ? NO_NODE :
		      o->hotplug_mode == HOTPLUG_OFF ?
		      "kexec_file_load: the kernel updates the crash images it loads itself; --no-hotplug cannot change that" :
		      "kexec_file_load: the kernel updates the crash images it loads itself";
	pr_debug("hot-plug: kexec_load %s (%s); kexec_file_load %s (%s)",
		 d->load_state, d->load_why, d->file_state, d->file_why);
}

void hotplug_refused(struct hotplug_decision *d)
{
	d->flag = d->retry_without = false;
	d->load_state = "off";
	d->load_why = "the kernel refused the hot-plug flag (EINVAL)";
}
