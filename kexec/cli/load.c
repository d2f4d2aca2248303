// SPDX-License-Identifier: GPL-2.0-only
/*
 * load.c - running one parsed load (load.h): gather the inputs (sysroot,
 * command line, files), have the backend build a kexec_load plan and/or
 * describe the kexec_file_load call, validate before any syscall (for the
 * file call: what the kernel's own loader would refuse, since a crash
 * load frees the loaded crash kernel first; doc/design.md), then
 * either show everything (--dry-run, --plan-json, --dump-segments) or hand
 * it to syscall.c, falling back from -a's file syscall as kexec-tools does.
 *
 * Dry-run display: -c prints the kexec_load plan; -s prints the
 * kexec_file_load call; -a prints the kexec_file_load call first and then
 * the kexec_load plan it falls back to.  --plan-json writes the first
 * attempt as the top-level object and, for -a, the fallback plan under
 * "fallback"; when -a will not try the file call (a check refused it),
 * the kexec_load plan alone.  With --plan-json=- the JSON alone goes to stdout.
 *
 * Crash loads: hotplug.c decides the hot-plug flag of the kexec_load plan;
 * when the flag is the default's and kexec_load refuses it (EINVAL), the
 * plan is built again without it and loaded once more, with one warning
 * (the refused call loaded nothing).  The backend's crash_params are added
 * to the command line of both syscalls before any length check.
 *
 * Bundles (a UKI, found by the backend's unbundle hook): the kernel is
 * the bundle's kernel section, its initrd and command line sections are
 * used unless --initrd, or --append/--command-line/--reuse-cmdline, are
 * given (then they replace them, as for kdump-tools' own initrd and
 * command line); kexec_file_load gets the sections it uses as memfds.
 *
 * It knows nothing of the run lock or the --reload record: the actions
 * (actions.c) take the lock around it and record what it loaded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "backends.h"
#include "cmdline.h"
#include "file.h"
#include "hotplug.h"
#include "initramfs.h"
#include "iomem.h"
#include "load.h"
#include "log.h"
#include "memfile.h"
#include "options.h"
#include "plan.h"
#include "syscall.h"
#include "sysroot.h"
#include "testhooks.h"

#define PROC_CMDLINE_MAX	(64 * 1024)
#define FILE_CHECK_PAGE		4096ULL	/* the smallest page: a lower bound */

/* What the checks before kexec_file_load found (file_check_*). */
struct file_checks {
	bool refused;		/* -a: kexec_file_load is not tried */
	char why[320];		/* the refusal: "<subject>: <reason>" */
	struct file_kernel fk;
	size_t cmdline_len;
	unsigned long long initrd_size;
	uint64_t crash_size;	/* -p only */
};

struct load_job {
	const struct options *o;
	const struct arch_ops *arch;
	struct sysroot root;
	bool root_open;
	struct load_ctx ctx;
	char *cmdline;
	char *cmdline_added;	/* crash_params words added to cmdline */
	struct hotplug_decision hp;
	struct plan lp;		/* kexec_load plan (-c, -a) */
	struct plan fp;		/* kexec_file_load call (-s, -a) */
	bool have_lp, have_fp;
	int kernel_fd, initrd_fd;
	struct file_checks fc;
	bool bundled;			/* the kernel file is a bundle (UKI) */
	struct kernel_bundle bundle;	/* its parts, inside bundle_file */
	struct file_buf bundle_file;
	char *kernel_label, *initrd_label;	/* "PATH:.linux" for messages */
	struct plan_bundle pb;		/* what --dry-run shows of it */
	bool have_initrd_info;		/* --dry-run's initrd line */
	struct initramfs_info initrd_info;
};

static bool wants_load_plan(const struct options *o)
{
	return o->syscall != SYSCALL_FILE;
}

static bool wants_file_call(const struct options *o)
{
	return o->syscall != SYSCALL_LOAD;
}

/*
 * A real load must describe this machine: no snapshot, no foreign arch.
 * The fake syscall layer of a test-hooks build loads nothing, so it may.
 */
static int check_real_load(const struct options *o, const struct arch_ops *arch)
{
	if (o->dry_run || testhook_fake_active())
		return 0;
	if (strcmp(options_sysroot(o), "/")) {
		pr_err("--sysroot=%s describes another machine: use it with --dry-run",
		       o->sysroot);
		return -EINVAL;
	}
	if (strcmp(arch->name, HOST_ARCH_NAME)) {
		pr_err("--arch=%s plans for another architecture than this %s machine: use it with --dry-run",
		       arch->name, HOST_ARCH_NAME);
		return -EINVAL;
	}
	return 0;
}

/*
 * In a Xen dom0 the machine belongs to the hypervisor: a kernel loaded into
 * the dom0 kernel neither dumps nor restarts the machine.  kexec-tools
 * loads through Xen's kexec hypercalls there; this loader does not.
 */
static int check_not_xen_dom0(const struct sysroot *root)
{
	int dom0 = sysroot_xen_dom0(root);

	if (dom0 <= 0)
		return dom0;
	pr_err("%s%sproc/xen/capabilities has control_d: this is a Xen dom0, where a kernel "
	       "loaded into dom0's kernel would not dump or restart the machine; "
	       "kexec-tools loads through the Xen hypervisor there, this loader does not",
	       root->path, strcmp(root->path, "/") ? "/" : "");
	return -EOPNOTSUPP;
}

static int job_lookup_arch(struct load_job *j)
{
	j->arch = arch_lookup(j->o->arch);
	if (!j->arch) {
		pr_err("no backend for architecture \"%s\": known are %s",
		       j->o->arch ? j->o->arch : HOST_ARCH_NAME, arch_names());
		return -EINVAL;
	}
	return check_real_load(j->o, j->arch);
}

/* cmdline (freed) plus the backend's missing crash parameters; NULL on ENOMEM. */
static char *crash_params_add(char *cmdline, const struct arch_ops *arch,
			      char **added)
{
	char *out = cmdline_add_missing(cmdline, arch->crash_params, added);

	free(cmdline);
	if (out && **added)
		pr_debug("crash command line: added \"%s\" (%s)", *added,
			 arch->crash_params_why);
	return out;
}

/* A bundle's command line, unless an option gives one. */
static const char *bundle_cmdline(struct load_job *j)
{
	const struct options *o = j->o;

	if (!j->bundled)
		return NULL;
	if (o->append || o->reuse_cmdline) {
		j->pb.cmdline = o->append ? "--append/--command-line" : "--reuse-cmdline";
		if (o->append && o->reuse_cmdline)
			j->pb.cmdline = "--reuse-cmdline and --append";
		return NULL;
	}
	if (j->bundle.cmdline)
		j->pb.cmdline = j->bundle.cmdline_name;
	return j->bundle.cmdline;
}

/*
 * --reuse-cmdline part, then --append (or neither: a bundle's command
 * line), then (-p) the backend's needs.
 */
static int job_cmdline(struct load_job *j)
{
	const char *from_bundle = bundle_cmdline(j);
	char *running = NULL, *reused = NULL;
	size_t len;
	int err;

	if (j->o->reuse_cmdline) {
		err = sysroot_read(&j->root, "proc/cmdline", &running, &len,
				   PROC_CMDLINE_MAX);
		if (err == -ENOENT)
			pr_err("--reuse-cmdline: %s has no proc/cmdline", j->root.path);
		if (err)
			return err;
		reused = cmdline_reuse(running, j->o->panic);
		free(running);
		if (!reused)
			return -ENOMEM;
	}
	j->cmdline = cmdline_join(reused, from_bundle ? from_bundle : j->o->append);
	free(reused);
	if (j->cmdline && j->o->panic)
		j->cmdline = crash_params_add(j->cmdline, j->arch, &j->cmdline_added);
	if (!j->cmdline)
		return -ENOMEM;
	j->ctx.cmdline = j->cmdline;
	pr_debug("command line for the new kernel: \"%s\"", j->cmdline);
	return 0;
}

/* What the new kernel's unpacker will meet in the initrd, for --dry-run. */
static void job_describe_initrd(struct load_job *j, const struct file_buf *fb)
{
	initramfs_describe(fb->data, fb->size, &j->initrd_info);
	j->have_initrd_info = true;
}

/* A copy of a bundle's part as a file_buf the plan may own. */
static int bundle_part(const char *label, const unsigned char *data,
		       size_t size, struct file_buf *fb)
{
	fb->data = malloc(size);
	if (!fb->data) {
		pr_err("%s: out of memory for %zu bytes", label, size);
		return -ENOMEM;
	}
	memcpy(fb->data, data, size);
	fb->size = size;
	fb->map_len = 0;
	fb->path = label;
	fb->compression = NULL;
	return 0;
}

/*
 * The kernel (and initrd unless --initrd) from the bundle, afresh.  The
 * kernel is a view into the bundle's read-only mapping: the plan borrows
 * its segment from there and never frees it (job_drop_kernel), so a UKI
 * costs no second copy of its 10+ MiB kernel.  The initrd is a copy,
 * because the plan takes the initrd's buffer over.
 */
static int bundle_copy(struct load_job *j)
{
	const struct kernel_bundle *b = &j->bundle;

	j->ctx.kernel = (struct file_buf){
		.path = j->kernel_label,
		.data = (unsigned char *)b->kernel,
		.size = b->kernel_size,
	};
	if (j->o->initrd || !b->initrd)
		return 0;
	return bundle_part(j->initrd_label, b->initrd, b->initrd_size,
			   &j->ctx.initrd);
}

/* Let go of ctx.kernel: a bundle's is a view into bundle_file. */
static void job_drop_kernel(struct load_job *j)
{
	if (j->bundled)
		memset(&j->ctx.kernel, 0, sizeof(j->ctx.kernel));
	else
		file_buf_free(&j->ctx.kernel);
}

static char *part_label(const char *path, const char *part)
{
	char *s;

	if (asprintf(&s, "%s:%s", path, part) < 0)
		return NULL;
	return s;
}

/* What --dry-run shows: the bundle and where each part came from. */
static void bundle_describe(struct load_job *j)
{
	const struct kernel_bundle *b = &j->bundle;

	j->pb.format = b->format;
	j->pb.path = j->o->kernel;
	j->pb.sections = b->sections;
	j->pb.kernel = b->kernel_name;
	if (j->o->initrd)
		j->pb.initrd = "--initrd";
	else if (b->initrd)
		j->pb.initrd = b->initrd_name;
}

/* -s, -a: kexec_file_load gets the parts it uses as memfds. */
static int bundle_memfds(struct load_job *j)
{
	const struct kernel_bundle *b = &j->bundle;
	int fd;

	fd = memfile_create("kexec-uki-kernel", j->kernel_label, b->kernel,
			    b->kernel_size);
	if (fd < 0)
		return fd;
	close(j->kernel_fd);
	j->kernel_fd = fd;
	if (j->o->initrd || !b->initrd)
		return 0;
	j->initrd_fd = memfile_create("kexec-uki-initrd", j->initrd_label,
				      b->initrd, b->initrd_size);
	j->fc.initrd_size = b->initrd_size;
	return j->initrd_fd < 0 ? j->initrd_fd : 0;
}

/* The file was a bundle: keep it, take its parts. */
static int job_unbundle(struct load_job *j)
{
	int err;

	j->bundled = true;
	j->bundle_file = j->ctx.kernel;
	memset(&j->ctx.kernel, 0, sizeof(j->ctx.kernel));
	j->kernel_label = part_label(j->o->kernel, j->bundle.kernel_name);
	j->initrd_label = part_label(j->o->kernel, j->bundle.initrd_name);
	if (!j->kernel_label || !j->initrd_label) {
		pr_err("%s: out of memory", j->o->kernel);
		return -ENOMEM;
	}
	bundle_describe(j);
	err = bundle_copy(j);
	if (!err && wants_file_call(j->o))
		err = bundle_memfds(j);
	return err;
}

/*
 * The kernel file, first of all: a bundle (UKI) brings the command line.
 * -s and -a read it through the descriptor kexec_file_load will get, so
 * what the checks see is what the kernel reads.
 */
static int job_read_kernel(struct load_job *j)
{
	const char *path = j->o->kernel;
	int err;

	if (wants_file_call(j->o)) {
		j->kernel_fd = file_open(path, "kernel", NULL);
		if (j->kernel_fd < 0)
			return j->kernel_fd;
		err = file_read_fd(j->kernel_fd, path, "kernel", 1, &j->ctx.kernel);
	} else {
		err = file_read(path, "kernel", 1, &j->ctx.kernel);
	}
	if (err || !j->arch->unbundle)
		return err;
	err = j->arch->unbundle(&j->ctx.kernel, &j->bundle);
	return err > 0 ? job_unbundle(j) : err;
}

/* After job_read_kernel, or again for a second plan (kernel freed). */
static int job_read_files(struct load_job *j)
{
	int err = 0;

	if (!j->ctx.kernel.data)
		err = j->bundled ? bundle_copy(j) :
		      file_read(j->o->kernel, "kernel", 1, &j->ctx.kernel);
	if (!err && j->o->initrd)
		err = file_read(j->o->initrd, "initrd", 0, &j->ctx.initrd);
	if (!err && j->ctx.initrd.data)	/* --initrd's or the bundle's */
		job_describe_initrd(j, &j->ctx.initrd);
	return err;
}

/* -s reads no initrd: a dry run maps the one the kernel would get. */
static int job_describe_file_initrd(struct load_job *j, struct plan *p)
{
	struct file_buf fb;
	int err;

	if (!j->have_initrd_info && j->initrd_fd >= 0 && j->o->dry_run) {
		err = file_read_fd(j->initrd_fd, j->o->initrd ? j->o->initrd :
				   j->initrd_label, "initrd", 0, &fb);
		if (err)
			return err;
		job_describe_initrd(j, &fb);
		file_buf_free(&fb);
	}
	p->has_initrd_info = j->have_initrd_info;
	p->initrd_info = j->initrd_info;
	return 0;
}

/* What --dry-run and --plan-json show of the crash-load policy. */
static void job_annotate(const struct load_job *j, struct plan *p,
			 const char *state, const char *why)
{
	p->has_initrd_info = j->have_initrd_info;
	p->initrd_info = j->initrd_info;
	p->hotplug_state = state;
	p->hotplug_why = why;
	p->cmdline_added = j->cmdline_added;
	p->cmdline_added_why = j->arch->crash_params_why;
	p->bundle = j->pb;
}

static int job_build_load_plan(struct load_job *j)
{
	int err;

	err = job_read_files(j);
	if (err)
		return err;
	j->ctx.opt = j->o;
	j->ctx.root = &j->root;
	j->ctx.hotplug = j->hp.flag;
	plan_init(&j->lp, j->arch->name);
	j->have_lp = true;
	err = arch_plan_load(j->arch, &j->ctx, &j->lp);
	if (err)
		return err;
	j->lp.syscall = PLAN_KEXEC_LOAD;
	job_annotate(j, &j->lp, j->hp.load_state, j->hp.load_why);
	return plan_validate(&j->lp);
}

/* ---- checks before kexec_file_load ----------------------------------- */

/* Record why kexec_file_load would refuse this load; -ENOEXEC. */
static int file_refuse(struct load_job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int file_refuse(struct load_job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->fc.why, sizeof(j->fc.why), fmt, ap);
	va_end(ap);
	j->fc.refused = true;
	return -ENOEXEC;
}

/* -s reads the kernel from the descriptor the kernel will get; -a has it. */
static int file_check_read_kernel(struct load_job *j)
{
	if (j->ctx.kernel.data)
		return 0;
	return file_read_fd(j->kernel_fd, j->o->kernel, "kernel", 1,
			    &j->ctx.kernel);
}

static int file_check_kernel(struct load_job *j)
{
	const struct file_buf *k = &j->ctx.kernel;
	char why[160];

	if (k->compression)
		return file_refuse(j, "kernel %s: %s-compressed: kexec_file_load takes the file as it is, "
				   "and the %s kernel's loader does not decompress (decompress it, or load with -c)",
				   k->path, k->compression, j->arch->name);
	if (j->arch->file_probe(&j->ctx, &j->fc.fk, why, sizeof(why)))
		return file_refuse(j, "kernel %s: not a kernel the %s kexec_file_load loader takes: %s",
				   k->path, j->arch->name, why);
	return 0;
}

static int file_check_cmdline(struct load_job *j)
{
	j->fc.cmdline_len = strlen(j->cmdline);
	if (j->fc.cmdline_len <= j->fc.fk.cmdline_max)
		return 0;
	return file_refuse(j, "command line: %zu bytes, the %s kexec_file_load loader takes at most %zu%s",
			   j->fc.cmdline_len, j->arch->name, j->fc.fk.cmdline_max,
			   j->o->panic ? " (it adds elfcorehdr= for a crash kernel)" : "");
}

/* kexec_crash_size, else the highest "Crash kernel" of /proc/iomem. */
static int crash_region_size(const struct sysroot *root, uint64_t *size)
{
	struct kexec_state st;
	struct iomem m = { 0 };
	int err;

	sysroot_kexec_state(root, &st);
	*size = st.crash_size;
	if (st.has_crash_size)
		return 0;
	err = iomem_read(root, &m);
	if (!err && m.crash.n)
		*size = range_size(&m.crash.r[m.crash.n - 1]);
	iomem_free(&m);
	return err;
}

static uint64_t page_up(uint64_t n)
{
	return (n + FILE_CHECK_PAGE - 1) & ~(FILE_CHECK_PAGE - 1);
}

/*
 * A lower bound: the kernel's memory size and the initrd, page rounded,
 * must fit the crash region; purgatory, boot_params or the FDT, the
 * elfcorehdr and the kernel's control pages need more on top.
 */
static int file_check_crash_region(struct load_job *j)
{
	struct file_checks *fc = &j->fc;
	uint64_t need;
	int err;

	if (!j->o->panic)
		return 0;
	err = crash_region_size(&j->root, &fc->crash_size);
	if (err)
		return err;
	if (!fc->crash_size)
		return file_refuse(j, "no crash kernel region: %s reserves none (boot with crashkernel=)",
				   j->root.path);
	need = page_up(fc->fk.memsz) + page_up(fc->initrd_size);
	if (need <= fc->crash_size)
		return 0;
	return file_refuse(j, "kernel (%llu bytes in memory) and initrd (%llu bytes) need at least %llu bytes, "
			   "more than the %llu-byte crash region: reserve more with crashkernel=",
			   (unsigned long long)fc->fk.memsz, fc->initrd_size,
			   (unsigned long long)need, (unsigned long long)fc->crash_size);
}

/*
 * What the kernel's kexec_file_load would refuse, checked before calling
 * it, because for -p it frees the loaded crash kernel before it looks at
 * the new one.  -s: a refusal is the error.  -a: kexec_file_load is not
 * tried and the kexec_load plan (already complete) is loaded instead.
 */
static int job_check_file_call(struct load_job *j)
{
	int err;

	j->ctx.opt = j->o;
	j->ctx.root = &j->root;
	j->ctx.cmdline = j->cmdline;
	err = file_check_read_kernel(j);
	if (err)
		return err;
	err = file_check_kernel(j);
	if (!err)
		err = file_check_cmdline(j);
	if (!err)
		err = file_check_crash_region(j);
	if (err != -ENOEXEC || !j->fc.refused)
		return err;
	if (j->have_lp) {
		pr_debug("kexec_file_load would refuse this load (%s): kexec -a loads with kexec_load",
			 j->fc.why);
		return 0;
	}
	pr_err("%s%s", j->fc.why, j->o->panic ?
	       " (checked before kexec_file_load, which would unload the loaded crash kernel first)" : "");
	return err;
}

/*
 * -d asks the kernel's loader for its debug messages too (KEXEC_FILE_DEBUG,
 * Linux 6.7+; syscall.c retries without it where the kernel does not know
 * it); --no-cma is passed as asked (KEXEC_FILE_NO_CMA).
 */
static unsigned long file_call_flags(const struct options *o, bool initrd)
{
	return (o->panic ? KEXEC_FILE_ON_CRASH : 0) |
	       (initrd ? 0 : KEXEC_FILE_NO_INITRAMFS) |
	       (o->debug ? KEXEC_FILE_DEBUG : 0) |
	       (o->no_cma ? KEXEC_FILE_NO_CMA : 0);
}

static int job_build_file_call(struct load_job *j)
{
	struct plan *p = &j->fp;
	int err;

	plan_init(p, j->arch->name);
	j->have_fp = true;
	p->syscall = PLAN_KEXEC_FILE_LOAD;
	p->kernel_path = j->bundled ? j->kernel_label : j->o->kernel;
	p->initrd_path = j->o->initrd;
	if (!p->initrd_path && j->initrd_fd >= 0)
		p->initrd_path = j->initrd_label;
	p->flags = file_call_flags(j->o, p->initrd_path);
	p->cmdline = strdup(j->cmdline);
	if (!p->cmdline)
		return -ENOMEM;
	job_annotate(j, p, j->hp.file_state, j->hp.file_why);
	if (j->o->initrd) {
		j->initrd_fd = file_open(j->o->initrd, "initrd", &j->fc.initrd_size);
		if (j->initrd_fd < 0)
			return j->initrd_fd;
	}
	err = job_describe_file_initrd(j, p);
	if (!err)
		err = plan_validate(p);
	return err ? err : job_check_file_call(j);
}

static void job_free(struct load_job *j)
{
	if (j->kernel_fd >= 0)
		close(j->kernel_fd);
	if (j->initrd_fd >= 0)
		close(j->initrd_fd);
	if (j->have_lp)
		plan_free(&j->lp);
	if (j->have_fp)
		plan_free(&j->fp);
	job_drop_kernel(j);
	file_buf_free(&j->ctx.initrd);
	file_buf_free(&j->bundle_file);
	bundle_free(&j->bundle);
	free(j->kernel_label);
	free(j->initrd_label);
	free(j->cmdline);
	free(j->cmdline_added);
	if (j->root_open)
		sysroot_close(&j->root);
}

static int job_prepare(struct load_job *j)
{
	int err;

	if (!j->o->kernel) {
		pr_err("no kernel image given: kexec -l|-p [options] KERNEL");
		return -EINVAL;
	}
	err = job_lookup_arch(j);
	if (err)
		return err;
	err = sysroot_open(&j->root, options_sysroot(j->o));
	if (err)
		return err;
	j->root_open = true;
	err = check_not_xen_dom0(&j->root);
	if (err)
		return err;
	hotplug_decide(j->o, j->arch, &j->root, &j->hp);
	if (j->o->no_cma && !wants_file_call(j->o))
		pr_debug("--no-cma ignored with -c: it is a kexec_file_load flag");
	err = job_read_kernel(j);
	if (!err)
		err = job_cmdline(j);
	if (!err && wants_load_plan(j->o))
		err = job_build_load_plan(j);
	if (!err && wants_file_call(j->o))
		err = job_build_file_call(j);
	return err;
}

/* ---- showing the plan ------------------------------------------------- */

/* What was checked before kexec_file_load (see job_check_file_call). */
static void print_file_checks(const struct load_job *j)
{
	const struct file_checks *fc = &j->fc;

	if (fc->refused) {
		printf("  refused:      %s\n", fc->why);
		return;
	}
	printf("  checked:      kernel and initrd are regular files within their size limits\n");
	printf("  checked:      kernel: %s, %llu bytes in memory\n", fc->fk.format,
	       (unsigned long long)fc->fk.memsz);
	printf("  checked:      command line: %zu bytes, at most %zu\n",
	       fc->cmdline_len, fc->fk.cmdline_max);
	if (j->o->panic)
		printf("  checked:      crash region: %llu bytes, at least the %llu of kernel and initrd "
		       "(page rounded; purgatory, boot data and the kernel's control pages "
		       "need more)\n", (unsigned long long)fc->crash_size,
		       (unsigned long long)(page_up(fc->fk.memsz) + page_up(fc->initrd_size)));
}

static void print_text(const struct load_job *j)
{
	if (j->have_fp) {
		plan_print(&j->fp, stdout);
		print_file_checks(j);
	}
	if (j->have_fp && j->have_lp && j->fc.refused)
		printf("\nkexec -a does not try kexec_file_load and loads this kexec_load plan:\n");
	else if (j->have_fp && j->have_lp)
		printf("\nIf kexec_file_load fails with ENOSYS, EINVAL, ENOEXEC or EOPNOTSUPP, "
		       "kexec -a falls back to this kexec_load plan:\n");
	if (j->have_lp)
		plan_print(&j->lp, stdout);
	fflush(stdout);
}

static int job_outputs(const struct load_job *j)
{
	const struct options *o = j->o;
	bool file_call = j->have_fp && !j->fc.refused;
	const struct plan *first = file_call ? &j->fp : &j->lp;
	int err = 0;

	if (o->dry_run && !(o->plan_json && !strcmp(o->plan_json, "-")))
		print_text(j);
	if (!o->dry_run && log_debug_enabled() && j->have_lp)
		plan_print(&j->lp, stderr);
	if (o->plan_json)
		err = plan_write_json_fallback(first, file_call && j->have_lp ?
					       &j->lp : NULL, o->plan_json);
	if (!err && o->dump_dir && j->have_lp)
		err = plan_dump_segments(&j->lp, o->dump_dir);
	return err;
}

/* ---- loading ---------------------------------------------------------- */

static void report_failure(const char *call, int err, const struct plan *p)
{
	char buf[512];

	if (sys_blocked())
		return;		/* the wrapper said why */
	pr_err("%s failed: %s", call, sys_load_hint(err, p, buf, sizeof(buf)));
}

/* After a failed -p load: is the old crash kernel still there? */
static void report_crash_state(const struct load_job *j)
{
	struct kexec_state st;

	sysroot_kexec_state(&j->root, &st);
	if (st.crash_loaded == 1)
		pr_info("the previously loaded crash kernel is still loaded");
	else if (st.crash_loaded == 0)
		pr_warn("no crash kernel is loaded now: a panic will not produce a dump");
	else
		pr_warn("cannot tell whether a crash kernel is still loaded (%s has no kexec_crash_loaded)",
			j->root.path);
}

static bool file_load_falls_back(int err)
{
	return err == -ENOSYS || err == -EINVAL || err == -ENOEXEC ||
	       err == -EOPNOTSUPP || err == -ENOTSUP;
}

/*
 * The kernel refused the default's hot-plug flag: plan again without it
 * (the elfcorehdr back in the digest, sized to fit), as --no-hotplug would.
 * The kernel and initrd are read again on purpose: the first plan took the
 * initrd's buffer (plan_add_file_segment moves it; plan_free unmapped it),
 * so a second plan from what is left in ctx has no initrd and another
 * digest (hotplug-retry.sh compares the two).  Planning writes into
 * neither file: both are mapped read-only (file.c; test_x86_64_plan.c).
 */
static int job_replan_without_hotplug(struct load_job *j)
{
	unsigned long flag = j->arch->hotplug_flag;

	hotplug_refused(&j->hp);
	pr_warn("kexec_load refused the crash hot-plug flag 0x%lx (EINVAL: the kernel or its %s support lacks it): "
		"loading the crash kernel without hot-plug updates; reload it after CPU or memory hot-plug "
		"(kexec -p --reload)", flag, j->arch->name);
	plan_free(&j->lp);
	j->have_lp = false;
	job_drop_kernel(j);
	file_buf_free(&j->ctx.initrd);
	return job_build_load_plan(j);
}

static int job_load_plan(struct load_job *j)
{
	int err = sys_load_plan(&j->lp);

	if (err == -EINVAL && j->hp.retry_without &&
	    (j->lp.flags & j->arch->hotplug_flag)) {
		err = job_replan_without_hotplug(j);
		if (err)
			return err;	/* reported by the planner */
		err = sys_load_plan(&j->lp);
	}
	if (err)
		report_failure("kexec_load", err, &j->lp);
	return err;
}

static int job_load(struct load_job *j)
{
	int err;

	if (!j->have_fp || j->fc.refused)
		return job_load_plan(j);
	err = sys_file_load(&j->fp, j->kernel_fd, j->initrd_fd);
	if (err && j->have_lp && file_load_falls_back(err)) {
		pr_debug("kexec_file_load failed (%s): falling back to kexec_load",
			 strerror(-err));
		return job_load_plan(j);
	}
	if (err)
		report_failure("kexec_file_load", err, &j->fp);
	return err;
}

/*
 * Everything (files, machine state, plan, digest, outputs) is built and
 * checked by job_prepare and job_outputs; job_load is the first syscall.
 */
int load_run(const struct options *o)
{
	struct load_job j = { .o = o, .kernel_fd = -1, .initrd_fd = -1 };
	int err;

	err = job_prepare(&j);
	if (!err)
		err = job_outputs(&j);
	if (!err && !o->dry_run)
		err = testhook_corrupt(j.have_fp ? NULL : &j.lp);
	if (!err && !o->dry_run) {
		err = job_load(&j);
		if (err && o->panic)
			report_crash_state(&j);
	}
	job_free(&j);
	return err;
}
