// SPDX-License-Identifier: GPL-2.0-only
/*
 * syscall.c - the only code that changes what the kernel has loaded
 * (syscall.h): kexec_load, kexec_file_load and reboot(LINUX_REBOOT_CMD_KEXEC),
 * plus the sentence a user needs when a load fails.  The environment
 * variable KEXEC_HOTPLUG_NO_SYSCALLS blocks every call (make check sets it)
 * and wins over everything; after it, a test-hooks build hands the calls to
 * the fake layer (testhooks.h) when KEXEC_HOTPLUG_FAKE_SYSCALLS is set, and
 * a release build asked for the fake refuses rather than call the kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "syscall.h"
#include "testhooks.h"

bool sys_blocked(void)
{
	if (getenv(SYS_NO_SYSCALLS_ENV) != NULL)
		return true;
	return testhook_fake_requested() && !testhooks_built();
}

static bool refuse(const char *call)
{
	if (getenv(SYS_NO_SYSCALLS_ENV)) {
		pr_err("refusing to call %s: %s is set (test guard)", call, SYS_NO_SYSCALLS_ENV);
		return true;
	}
	if (sys_blocked()) {
		pr_err("refusing to call %s: %s is set but this build has no test hooks (configure --enable-test-hooks)",
		       call, TESTHOOK_FAKE_ENV);
		return true;
	}
	return false;
}

int sys_load_plan(const struct plan *p)
{
	struct kexec_segment_abi segs[KEXEC_SEGMENT_MAX];
	unsigned int i;

	if (p->nr_seg > KEXEC_SEGMENT_MAX)
		return -EINVAL;
	for (i = 0; i < p->nr_seg; i++)
		segs[i] = (struct kexec_segment_abi){
			.buf = p->seg[i].buf, .bufsz = p->seg[i].bufsz,
			.mem = p->seg[i].mem, .memsz = p->seg[i].memsz };
	if (refuse("kexec_load"))
		return -EPERM;
	if (testhook_fake_active())
		return testhook_fake_load("load", p->flags, p);
	if (syscall(SYS_kexec_load, (unsigned long)p->entry,
		    (unsigned long)p->nr_seg, segs, p->flags))
		return -errno;
	return 0;
}

static long file_load_call(int kfd, int ifd, unsigned long len,
			   const char *cmdline, unsigned long flags)
{
#ifdef SYS_kexec_file_load
	return syscall(SYS_kexec_file_load, kfd, ifd, len, cmdline, flags);
#else
	(void)kfd; (void)ifd; (void)len; (void)cmdline; (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

static int file_load_once(const struct plan *p, int kernel_fd, int initrd_fd,
			  unsigned long flags)
{
	const char *cmdline = p->cmdline ? p->cmdline : "";

	if (testhook_fake_active())
		return testhook_fake_load("file_load", flags, p);
	if (file_load_call(kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline, flags))
		return -errno;
	return 0;
}

/*
 * Unknown flag bits are EINVAL before the kernel frees anything, so a
 * kernel older than KEXEC_FILE_DEBUG (6.7) gets the call again without it.
 */
int sys_file_load(const struct plan *p, int kernel_fd, int initrd_fd)
{
	unsigned long flags = p->flags;
	int err;

	if (initrd_fd < 0)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	if (refuse("kexec_file_load"))
		return -EPERM;
	err = file_load_once(p, kernel_fd, initrd_fd, flags);
	if (err == -EINVAL && (flags & KEXEC_FILE_DEBUG)) {
		pr_debug("kexec_file_load: EINVAL with KEXEC_FILE_DEBUG (0x%lx): "
			 "retrying without it (kernels before 6.7 do not know it)",
			 KEXEC_FILE_DEBUG);
		err = file_load_once(p, kernel_fd, initrd_fd,
				     flags & ~KEXEC_FILE_DEBUG);
	}
	return err;
}

int sys_unload(int crash, int file_syscall)
{
	long ret;

	if (refuse(file_syscall ? "kexec_file_load (unload)" : "kexec_load (unload)"))
		return -EPERM;
	if (testhook_fake_active())
		return testhook_fake_unload(crash, file_syscall);
	if (file_syscall)
		ret = file_load_call(-1, -1, 0, NULL, KEXEC_FILE_UNLOAD |
				     (crash ? KEXEC_FILE_ON_CRASH : 0));
	else
		ret = syscall(SYS_kexec_load, 0UL, 0UL, NULL,
			      crash ? KEXEC_ON_CRASH : 0UL);
	return ret ? -errno : 0;
}

int sys_reboot_kexec(void)
{
	if (refuse("reboot(LINUX_REBOOT_CMD_KEXEC)"))
		return -EPERM;
	if (testhook_fake_active())
		return testhook_fake_reboot();
	if (syscall(SYS_reboot, KEXEC_REBOOT_MAGIC1, KEXEC_REBOOT_MAGIC2,
		    KEXEC_REBOOT_CMD_KEXEC, NULL))
		return -errno;
	return 0;	/* not reached when it works */
}

/* ---- hints ------------------------------------------------------------- */

static bool is_crash(const struct plan *p)
{
	if (p->syscall == PLAN_KEXEC_FILE_LOAD)
		return p->flags & KEXEC_FILE_ON_CRASH;
	return p->flags & KEXEC_ON_CRASH;
}

static const char *hint_einval(const struct plan *p, char *buf, size_t len)
{
	if (p->syscall == PLAN_KEXEC_FILE_LOAD && (p->flags & KEXEC_FILE_NO_CMA)) {
		snprintf(buf, len, "the kernel rejected the flags 0x%lx or the command line "
			 "(KEXEC_FILE_NO_CMA, 0x%lx, is only known to kernels from 2025 on: "
			 "drop --no-cma)", p->flags, KEXEC_FILE_NO_CMA);
		return buf;
	}
	if (p->syscall == PLAN_KEXEC_FILE_LOAD)
		return "the kernel rejected the flags or the command line";
	if (is_crash(p) && (p->flags & KEXEC_CRASH_HOTPLUG_SUPPORT))
		snprintf(buf, len, "the kernel does not know the crash hot-plug flag "
			 "0x%lx (KEXEC_CRASH_HOTPLUG_SUPPORT needs Linux 6.10): drop --hotplug or use --no-hotplug",
			 KEXEC_CRASH_HOTPLUG_SUPPORT);
	else if (is_crash(p) && (p->flags & KEXEC_UPDATE_ELFCOREHDR))
		snprintf(buf, len, "the kernel does not know the crash hot-plug flag "
			 "0x%lx (KEXEC_UPDATE_ELFCOREHDR needs Linux 6.6): drop --hotplug or use --no-hotplug",
			 KEXEC_UPDATE_ELFCOREHDR);
	else
		snprintf(buf, len, "the kernel rejected the flags 0x%lx or the segment list "
			 "(wrong architecture, overlapping segments, or a segment larger "
			 "than half of RAM)", p->flags);
	return buf;
}

static const char *hint_nomem(int err, const struct plan *p, char *buf, size_t len)
{
	if (!is_crash(p) || !p->has_crash_region) {
		snprintf(buf, len, "%s: the kernel could not find room for the %llu bytes of segments "
			 "or its control pages", strerror(err),
			 (unsigned long long)plan_total_memsz(p));
		return buf;
	}
	snprintf(buf, len, "%s: the crash region is too small or a segment lies outside it: "
		 "the plan needs %llu bytes (plus the kernel's control pages) "
		 "and the crash region 0x%llx-0x%llx has %llu bytes; reserve more with crashkernel=",
		 strerror(err), (unsigned long long)plan_total_memsz(p),
		 (unsigned long long)p->crash_region.start,
		 (unsigned long long)p->crash_region.end,
		 (unsigned long long)range_size(&p->crash_region));
	return buf;
}

static const char *hint_file(int err)
{
	switch (err) {
	case EPERM:
		return "not permitted: not root, or kexec is disabled (kernel.kexec_load_disabled)";
	case EACCES:
	case EKEYREJECTED:
	case ENOKEY:
	case EBADMSG:
	case ENOPKG:
	case ELIBBAD:
		return "the kernel refused the image's signature (lockdown, IMA or "
		       "module signing policy): use a signed kernel";
	case ENOEXEC:
		return "the kernel's own loader does not recognise this image format";
	case ENOSYS:
		return "kexec_file_load is not available (kernel built without CONFIG_KEXEC_FILE): try -c";
	case EBUSY:
		return "another kexec load or unload, or a crash hot-plug update, is in progress: retry";
	}
	return NULL;
}

const char *sys_load_hint(int err, const struct plan *p, char *buf, size_t len)
{
	const char *h;

	err = err < 0 ? -err : err;
	if (err == EPERM && sys_blocked())
		return "system calls are blocked by " SYS_NO_SYSCALLS_ENV " or " TESTHOOK_FAKE_ENV;
	if (p->syscall == PLAN_KEXEC_FILE_LOAD && (h = hint_file(err)))
		return h;
	switch (err) {
	case EPERM:
		return "not permitted: not root, or kexec_load is disabled "
		       "(kernel.kexec_load_disabled, kexec_load_limit_*) or locked down "
		       "(Secure Boot): try -s (kexec_file_load)";
	case EACCES:
		return "an IMA/LSM policy forbids kexec_load: try -s (kexec_file_load)";
	case EINVAL:
		return hint_einval(p, buf, len);
	case EBUSY:
		return "another kexec load or unload, or a crash hot-plug update, is in progress: retry";
	case ENOMEM:
	case EADDRNOTAVAIL:
		return hint_nomem(err, p, buf, len);
	case ENOSYS:
		return "the kernel was built without CONFIG_KEXEC (no kexec_load)";
	}
	snprintf(buf, len, "%s", strerror(err));
	return buf;
}
