// SPDX-License-Identifier: GPL-2.0-only
/*
 * status.c - the read-only actions: -S/--status and --print-ckr-size
 * (actions.h).  Both read sysfs (and /proc/iomem) through the sysroot only.
 *
 * -S keeps kexec-tools' inverted exit status: 1 when the image asked about
 * IS loaded, 0 when it is not, 255 when the kernel does not say.  The image
 * asked about is the crash image: kexec-tools checks the crash image for
 * -S and for -p -S, and the normal image only with -l -S, which this parser
 * does not distinguish from a plain -S; scripts (kdumpctl) read sysfs.
 */
#include <errno.h>
#include <stdio.h>

#include "actions.h"
#include "iomem.h"
#include "log.h"
#include "options.h"
#include "sysroot.h"

#define STATUS_UNKNOWN	255

static const char *loaded_word(int v)
{
	return v == 1 ? "loaded" : v == 0 ? "not loaded" : "unknown (no sysfs node)";
}

static void print_hotplug(const char *what, int v)
{
	if (v < 0)
		return;		/* node absent: kernel without CONFIG_CRASH_HOTPLUG */
	printf("crash hot-plug (%s): %d (%s)\n", what, v,
	       v == 1 ? "the kernel updates the loaded crash kernel itself, no reload needed"
		      : "no loaded crash kernel is updated by the kernel: reload after hot-plug");
}

int do_status(const struct options *o)
{
	struct kexec_state st;
	struct sysroot root;

	if (sysroot_open(&root, options_sysroot(o)))
		return STATUS_UNKNOWN;
	sysroot_kexec_state(&root, &st);
	printf("normal kernel: %s\n", loaded_word(st.kexec_loaded));
	printf("crash kernel: %s\n", loaded_word(st.crash_loaded));
	print_hotplug("cpu", st.cpu_crash_hotplug);
	print_hotplug("memory", st.mem_crash_hotplug);
	fflush(stdout);
	if (st.crash_loaded < 0)
		pr_err("cannot tell whether a crash kernel is loaded: %s has no sys/kernel/kexec_crash_loaded",
		       root.path);
	sysroot_close(&root);
	if (st.crash_loaded < 0)
		return STATUS_UNKNOWN;
	return st.crash_loaded ? 1 : 0;
}

static int crash_size_from_iomem(const struct sysroot *root, uint64_t *size)
{
	struct iomem m = { 0 };
	int err;

	err = iomem_read(root, &m);
	if (!err)
		*size = ranges_total(&m.crash);
	iomem_free(&m);
	return err;
}

int do_print_ckr_size(const struct options *o)
{
	struct kexec_state st;
	struct sysroot root;
	uint64_t size;
	int err = 0;

	if (sysroot_open(&root, options_sysroot(o)))
		return 1;
	sysroot_kexec_state(&root, &st);
	if (st.has_crash_size)
		size = st.crash_size;
	else
		err = crash_size_from_iomem(&root, &size);
	sysroot_close(&root);
	if (err)
		return 1;
	printf("%llu\n", (unsigned long long)size);
	return 0;
}
