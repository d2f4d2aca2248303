// SPDX-License-Identifier: GPL-2.0-only
/*
 * plan.c - the load plan itself: building it (segments, command line),
 * owning its buffers, naming its flags, and checking it against the rules
 * the kernel enforces in kexec_load() before anything reaches the kernel.
 * Printing, JSON and segment dumps live in plan_print.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "file.h"
#include "log.h"
#include "plan.h"

#define PLAN_DEFAULT_PAGE	4096ULL
#define KEXEC_DEBUG_FLAG	0x10UL	/* proposed uapi bit, never sent */

static const char *const seg_role_names[NR_SEG_ROLES] = {
	[SEG_KERNEL]		= "kernel",
	[SEG_INITRD]		= "initrd",
	[SEG_BOOT_PARAMS]	= "boot_params",
	[SEG_EFI_MEMMAP]	= "efi_memmap",
	[SEG_BACKUP]		= "backup",
	[SEG_ELFCOREHDR]	= "elfcorehdr",
	[SEG_FDT]		= "fdt",
	[SEG_PURGATORY]		= "purgatory",
};

const char *seg_role_name(enum seg_role role)
{
	if ((unsigned int)role >= NR_SEG_ROLES || !seg_role_names[role])
		return "?";
	return seg_role_names[role];
}

int seg_role_parse(const char *name, enum seg_role *role)
{
	unsigned int r;

	for (r = 0; r < NR_SEG_ROLES; r++) {
		if (seg_role_names[r] && !strcmp(seg_role_names[r], name)) {
			*role = r;
			return 0;
		}
	}
	return -EINVAL;
}

void plan_init(struct plan *p, const char *arch)
{
	memset(p, 0, sizeof(*p));
	p->arch = arch;
	p->page = PLAN_DEFAULT_PAGE;
	p->syscall = PLAN_KEXEC_LOAD;
}

void plan_free(struct plan *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++)
		if (!p->seg[i].borrowed)
			file_data_release(p->seg[i].buf, p->seg[i].map_len);
	free(p->cmdline);
	ranges_free(&p->elfcorehdr.loads);
	p->nr_seg = 0;
	p->cmdline = NULL;
}

static uint64_t plan_page(const struct plan *p)
{
	return p->page ? p->page : PLAN_DEFAULT_PAGE;
}

/* Can one more segment like this be added?  0, or -errno said. */
static int check_segment(const struct plan *p, enum seg_role role,
			 size_t bufsz, uint64_t mem, uint64_t memsz)
{
	uint64_t page = plan_page(p);

	if (p->nr_seg >= KEXEC_SEGMENT_MAX) {
		pr_err("plan: cannot add segment %s: the kernel accepts at most %d segments",
		       seg_role_name(role), KEXEC_SEGMENT_MAX);
		return -E2BIG;
	}
	if (bufsz > memsz || mem % page || memsz % page) {
		pr_err("plan: segment %s at 0x%llx: memsz 0x%llx, bufsz 0x%zx: "
		       "mem and memsz must be multiples of 0x%llx and bufsz <= memsz",
		       seg_role_name(role), (unsigned long long)mem,
		       (unsigned long long)memsz, bufsz, (unsigned long long)page);
		return -EINVAL;
	}
	return 0;
}

/* Append a segment owning buf (malloc'd, or mapped when map_len). */
static int add_owned(struct plan *p, enum seg_role role, void *buf,
		     size_t bufsz, size_t map_len, uint64_t mem, uint64_t memsz,
		     bool in_digest)
{
	int ret = check_segment(p, role, bufsz, mem, memsz);

	if (ret) {
		file_data_release(buf, map_len);
		return ret;
	}
	p->seg[p->nr_seg++] = (struct segment){ .role = role, .buf = buf,
		.bufsz = bufsz, .mem = mem, .memsz = memsz,
		.in_digest = in_digest, .map_len = map_len };
	return 0;
}

int plan_add_segment(struct plan *p, enum seg_role role, void *buf,
		     size_t bufsz, uint64_t mem, uint64_t memsz, bool in_digest)
{
	return add_owned(p, role, buf, bufsz, 0, mem, memsz, in_digest);
}

int plan_add_borrowed_segment(struct plan *p, enum seg_role role,
			      const void *buf, size_t bufsz, uint64_t mem,
			      uint64_t memsz, bool in_digest)
{
	int ret = check_segment(p, role, bufsz, mem, memsz);

	if (ret)
		return ret;
	p->seg[p->nr_seg++] = (struct segment){ .role = role,
		.buf = (void *)buf, .bufsz = bufsz, .mem = mem, .memsz = memsz,
		.in_digest = in_digest, .borrowed = true };
	return 0;
}

int plan_add_file_segment(struct plan *p, enum seg_role role,
			  struct file_buf *fb, uint64_t mem, uint64_t memsz,
			  bool in_digest)
{
	int ret = add_owned(p, role, fb->data, fb->size, fb->map_len, mem,
			    memsz, in_digest);

	fb->data = NULL;
	fb->size = 0;
	fb->map_len = 0;
	return ret;
}

struct segment *plan_find(struct plan *p, enum seg_role role)
{
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	return NULL;
}

int plan_append_cmdline(struct plan *p, const char *fmt, ...)
{
	char *text, *n;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -ENOMEM;
	n = cmdline_insert(p->cmdline, text);
	free(text);
	if (!n)
		return -ENOMEM;
	free(p->cmdline);
	p->cmdline = n;
	return 0;
}

uint64_t plan_total_memsz(const struct plan *p)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < p->nr_seg; i++)
		sum += p->seg[i].memsz;
	return sum;
}

/* ---- flag names ------------------------------------------------------ */

const char *plan_flag_name_for(enum plan_syscall sys, unsigned long bit)
{
	if (sys == PLAN_KEXEC_FILE_LOAD) {
		switch (bit) {
		case KEXEC_FILE_UNLOAD:		return "KEXEC_FILE_UNLOAD";
		case KEXEC_FILE_ON_CRASH:	return "KEXEC_FILE_ON_CRASH";
		case KEXEC_FILE_NO_INITRAMFS:	return "KEXEC_FILE_NO_INITRAMFS";
		case KEXEC_FILE_DEBUG:		return "KEXEC_FILE_DEBUG";
		case KEXEC_FILE_NO_CMA:		return "KEXEC_FILE_NO_CMA";
		}
		return NULL;
	}
	switch (bit) {
	case KEXEC_ON_CRASH:		return "KEXEC_ON_CRASH";
	case KEXEC_PRESERVE_CONTEXT:	return "KEXEC_PRESERVE_CONTEXT";
	case KEXEC_UPDATE_ELFCOREHDR:	return "KEXEC_UPDATE_ELFCOREHDR";
	case KEXEC_CRASH_HOTPLUG_SUPPORT: return "KEXEC_CRASH_HOTPLUG_SUPPORT";
	case KEXEC_DEBUG_FLAG:		return "KEXEC_DEBUG";
	}
	return NULL;
}

const char *plan_flag_name(unsigned long bit)
{
	return plan_flag_name_for(PLAN_KEXEC_LOAD, bit);
}

const char *plan_arch_field_name(unsigned long flags)
{
	switch (flags & KEXEC_ARCH_MASK) {
	case KEXEC_ARCH_DEFAULT:	return "default";
	case KEXEC_ARCH_X86_64:		return "x86_64";
	case KEXEC_ARCH_PPC64:		return "ppc64";
	}
	return NULL;
}

/* ---- validation ------------------------------------------------------ */

static bool plan_is_crash(const struct plan *p)
{
	if (p->syscall == PLAN_KEXEC_FILE_LOAD)
		return p->flags & KEXEC_FILE_ON_CRASH;
	return p->flags & KEXEC_ON_CRASH;
}

static bool plan_is_hotplug(const struct plan *p)
{
	return plan_is_crash(p) && p->syscall == PLAN_KEXEC_LOAD &&
	       (p->flags & (KEXEC_UPDATE_ELFCOREHDR | KEXEC_CRASH_HOTPLUG_SUPPORT));
}

/* Last byte of a segment; false when mem + memsz wraps past 2^64. */
static bool seg_last(const struct segment *s, uint64_t *last)
{
	if (!s->memsz) {
		*last = s->mem;
		return true;
	}
	*last = s->mem + s->memsz - 1;
	return *last >= s->mem;
}

static int check_segment_shape(const struct plan *p, unsigned int i)
{
	const struct segment *s = &p->seg[i];
	uint64_t page = plan_page(p), last;
	int bad = 0;

	if (s->mem % page || s->memsz % page) {
		pr_err("plan: segment %u (%s) at 0x%llx, memsz 0x%llx: not aligned to the 0x%llx page",
		       i, seg_role_name(s->role), (unsigned long long)s->mem,
		       (unsigned long long)s->memsz, (unsigned long long)page);
		bad = 1;
	}
	if (!seg_last(s, &last)) {
		pr_err("plan: segment %u (%s) at 0x%llx, memsz 0x%llx: wraps past the end of the address space",
		       i, seg_role_name(s->role), (unsigned long long)s->mem,
		       (unsigned long long)s->memsz);
		bad = 1;
	}
	if (s->bufsz > s->memsz) {
		pr_err("plan: segment %u (%s) at 0x%llx: bufsz 0x%zx is larger than memsz 0x%llx",
		       i, seg_role_name(s->role), (unsigned long long)s->mem, s->bufsz,
		       (unsigned long long)s->memsz);
		bad = 1;
	}
	return bad;
}

static int check_overlap(const struct plan *p, unsigned int i, unsigned int j)
{
	const struct segment *a = &p->seg[i], *b = &p->seg[j];
	uint64_t alast, blast;

	if (!a->memsz || !b->memsz || !seg_last(a, &alast) || !seg_last(b, &blast))
		return 0;
	if (alast < b->mem || blast < a->mem)
		return 0;
	pr_err("plan: segment %u (%s) 0x%llx-0x%llx overlaps segment %u (%s) 0x%llx-0x%llx",
	       j, seg_role_name(b->role), (unsigned long long)b->mem, (unsigned long long)blast,
	       i, seg_role_name(a->role), (unsigned long long)a->mem, (unsigned long long)alast);
	return 1;
}

static int check_in_crash_region(const struct plan *p, unsigned int i)
{
	const struct segment *s = &p->seg[i];
	const struct range *cr = &p->crash_region;
	uint64_t last;

	if (!seg_last(s, &last))
		return 0;	/* already reported */
	if (s->mem >= cr->start && last <= cr->end)
		return 0;
	pr_err("plan: segment %u (%s) 0x%llx-0x%llx is outside the crash region 0x%llx-0x%llx",
	       i, seg_role_name(s->role), (unsigned long long)s->mem, (unsigned long long)last,
	       (unsigned long long)cr->start, (unsigned long long)cr->end);
	return 1;
}

static int check_crash_rules(const struct plan *p)
{
	unsigned int i;
	int bad = 0;

	if (!p->has_crash_region) {
		pr_err("plan: crash (-p) plan without a crash region: is crashkernel= reserved?");
		return 1;
	}
	for (i = 0; i < p->nr_seg; i++)
		bad |= check_in_crash_region(p, i);
	if (p->entry < p->crash_region.start || p->entry > p->crash_region.end) {
		pr_err("plan: entry 0x%llx is outside the crash region 0x%llx-0x%llx",
		       (unsigned long long)p->entry,
		       (unsigned long long)p->crash_region.start,
		       (unsigned long long)p->crash_region.end);
		bad = 1;
	}
	return bad;
}

static bool seg_has_elf_magic(const struct segment *s)
{
	return s->bufsz >= 4 && s->buf && !memcmp(s->buf, "\x7f" "ELF", 4);
}

/*
 * On a hot-plug event the kernel takes the last segment that starts with
 * "\x7fELF" as the elfcorehdr: it must be ours and the only one.  The one
 * check of this rule for every backend (powerpc's FDT magic rule is the
 * ppc64le backend's).
 */
static int check_elf_magic(const struct plan *p)
{
	const struct segment *hdr = NULL;
	unsigned int i;
	int bad = 0;

	for (i = 0; i < p->nr_seg; i++)
		if (p->seg[i].role == SEG_ELFCOREHDR)
			hdr = &p->seg[i];
	if (!hdr && plan_is_hotplug(p)) {
		pr_err("plan: crash hot-plug flag set but the plan has no elfcorehdr segment");
		return 1;
	}
	if (hdr && !seg_has_elf_magic(hdr)) {
		pr_err("plan: the elfcorehdr segment at 0x%llx does not start with ELF magic",
		       (unsigned long long)hdr->mem);
		bad = 1;
	}
	for (i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		if (s == hdr || !seg_has_elf_magic(s))
			continue;
		pr_err("plan: segment %u (%s) at 0x%llx starts with ELF magic: the kernel would take it for the elfcorehdr",
		       i, seg_role_name(s->role), (unsigned long long)s->mem);
		bad = 1;
	}
	return bad;
}

static int check_cmdline(const struct plan *p)
{
	size_t len = p->cmdline ? strlen(p->cmdline) : 0;

	if (len < KEXEC_COMMAND_LINE_SIZE)
		return 0;
	pr_err("plan: command line is %zu bytes, the kernel takes at most %d",
	       len, KEXEC_COMMAND_LINE_SIZE - 1);
	return 1;
}

int plan_validate(const struct plan *p)
{
	unsigned int i, j;
	int bad = 0;

	if (p->nr_seg > KEXEC_SEGMENT_MAX) {
		pr_err("plan: %u segments, the kernel accepts at most %d",
		       p->nr_seg, KEXEC_SEGMENT_MAX);
		return -EINVAL;
	}
	bad |= check_cmdline(p);
	if (p->syscall == PLAN_KEXEC_FILE_LOAD)
		return bad ? -EINVAL : 0;
	if (!p->nr_seg) {
		pr_err("plan: no segments to load");
		return -EINVAL;
	}
	for (i = 0; i < p->nr_seg; i++)
		bad |= check_segment_shape(p, i);
	for (i = 0; i < p->nr_seg; i++)
		for (j = i + 1; j < p->nr_seg; j++)
			bad |= check_overlap(p, i, j);
	if (plan_is_crash(p)) {
		bad |= check_crash_rules(p);
		bad |= check_elf_magic(p);
	}
	return bad ? -EINVAL : 0;
}
