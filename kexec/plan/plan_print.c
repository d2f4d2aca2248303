// SPDX-License-Identifier: GPL-2.0-only
/*
 * plan_print.c - the three ways a plan leaves the program without being
 * loaded: the human-readable --dry-run text, the --plan-json document
 * (stable keys for scripts and tests) and --dump-segments (raw bytes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "plan.h"

static const char *plan_syscall_name(const struct plan *p)
{
	return p->syscall == PLAN_KEXEC_FILE_LOAD ? "kexec_file_load" : "kexec_load";
}

/* Why the digest leaves a segment out, by the roles backends use. */
static const char *digest_exclusion_reason(const struct segment *s)
{
	switch (s->role) {
	case SEG_PURGATORY:
		return "purgatory checks the others and patches itself";
	case SEG_ELFCOREHDR:
		return "the kernel rewrites it on CPU/memory hot-plug";
	case SEG_FDT:
		return "the kernel rewrites /cpus in it on CPU hot-plug";
	default:
		return "left out by the backend";
	}
}

/* ---- human-readable ---------------------------------------------------- */

static void print_flags(const struct plan *p, FILE *out)
{
	unsigned long bit, rest = p->flags & ~KEXEC_ARCH_MASK;
	const char *sep = "";

	fprintf(out, "  flags:        0x%lx (", p->flags);
	for (bit = 1; bit && bit <= rest; bit <<= 1) {
		const char *name = plan_flag_name_for(p->syscall, bit);

		if (!(rest & bit))
			continue;
		if (name)
			fprintf(out, "%s%s", sep, name);
		else
			fprintf(out, "%sunknown 0x%lx", sep, bit);
		sep = " | ";
	}
	if (!rest)
		fprintf(out, "none");
	if (p->syscall == PLAN_KEXEC_LOAD) {
		const char *an = plan_arch_field_name(p->flags);

		fprintf(out, "; arch field 0x%lx = %s", p->flags & KEXEC_ARCH_MASK,
			an ? an : "unknown");
	}
	fprintf(out, ")\n");
}

static void print_segments(const struct plan *p, FILE *out)
{
	unsigned int i;

	fprintf(out, "  segments:     %u, %llu bytes of memory\n", p->nr_seg,
		(unsigned long long)plan_total_memsz(p));
	fprintf(out, "    %-2s  %-12s  %-18s  %-12s  %-12s  %s\n",
		"#", "role", "mem", "memsz", "bufsz", "digest");
	for (i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		fprintf(out, "    %-2u  %-12s  0x%016llx  0x%-10llx  0x%-10zx  %s\n",
			i, seg_role_name(s->role), (unsigned long long)s->mem,
			(unsigned long long)s->memsz, s->bufsz,
			s->in_digest ? "yes" : "no");
	}
}

static void print_digest(const struct plan *p, FILE *out)
{
	unsigned int i;

	if (!p->has_digest) {
		fprintf(out, "  digest:       none (purgatory will not check the segments)\n");
		return;
	}
	fprintf(out, "  digest:       sha256 ");
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		fprintf(out, "%02x", p->digest[i]);
	fprintf(out, "\n                over buf[0..bufsz) of every segment marked yes, in address order\n");
	for (i = 0; i < p->nr_seg; i++)
		if (!p->seg[i].in_digest)
			fprintf(out, "                excludes %u (%s): %s\n", i,
				seg_role_name(p->seg[i].role),
				digest_exclusion_reason(&p->seg[i]));
}

/*
 * "                load 0x%016llx-0x%016llx\n" by hand: a machine with
 * 8192 memory ranges prints 8192 such lines, which through fprintf() took
 * 0.7 ms of an 11 ms dry run.
 */
static void print_load(const struct range *r, FILE *out)
{
	static const char hex[] = "0123456789abcdef";
	char line[] = "                load 0x0000000000000000-0x0000000000000000\n";
	char *start = line + sizeof("                load 0x") - 1;
	char *end = start + sizeof("0000000000000000-0x") - 1;

	for (int i = 15; i >= 0; i--) {
		start[i] = hex[(r->start >> (4 * (15 - i))) & 0xf];
		end[i] = hex[(r->end >> (4 * (15 - i))) & 0xf];
	}
	fwrite(line, 1, sizeof(line) - 1, out);
}

static void print_elfcorehdr(const struct plan *p, FILE *out)
{
	const struct elfcorehdr_info *e = &p->elfcorehdr;
	size_t i;

	if (!e->present)
		return;
	fprintf(out, "  elfcorehdr:   at 0x%llx, memsz 0x%llx, %llu bytes used (room for %llu more), "
		"%u CPU notes, %zu PT_LOAD ranges (%llu bytes)\n",
		(unsigned long long)e->mem, (unsigned long long)e->memsz,
		(unsigned long long)e->used,
		(unsigned long long)(e->memsz > e->used ? e->memsz - e->used : 0),
		e->cpu_notes, e->loads.n,
		(unsigned long long)ranges_total(&e->loads));
	for (i = 0; i < e->loads.n; i++)
		print_load(&e->loads.r[i], out);
}

/* "zstd-compressed (the kernel needs CONFIG_RD_ZSTD)", or what it is. */
static void print_initrd_kind(const char *kind, FILE *out)
{
	const char *config = initramfs_config(kind);

	if (config)
		fprintf(out, "%s-compressed (the kernel needs %s)", kind, config);
	else if (!strcmp(kind, "cpio"))
		fprintf(out, "uncompressed cpio");
	else if (!strcmp(kind, "zeros"))
		fprintf(out, "only zero bytes (as far as %u KiB in)", INITRAMFS_ZEROS_MAX >> 10);
	else
		fprintf(out, "%s: neither a newc cpio archive nor a compression the kernel knows",
			kind);
}

static void print_initrd(const struct plan *p, FILE *out)
{
	const struct initramfs_info *i = &p->initrd_info;

	if (!p->has_initrd_info)
		return;
	fprintf(out, "  initrd:       ");
	print_initrd_kind(i->first, out);
	if (i->cpio_problem)
		fprintf(out, " that %s", i->cpio_problem);
	if (i->then) {
		fprintf(out, " of %llu bytes, then ", (unsigned long long)i->first_size);
		print_initrd_kind(i->then, out);
	}
	fputc('\n', out);
}

static void print_file_load(const struct plan *p, FILE *out)
{
	fprintf(out, "  kernel file:  %s\n", p->kernel_path ? p->kernel_path : "(none)");
	fprintf(out, "  initrd file:  %s\n", p->initrd_path ? p->initrd_path : "(none)");
	fprintf(out, "  segments:     chosen by the kernel's own image loader\n");
}

/* A UKI: which of its sections the load takes, and what options replaced. */
static void print_bundle(const struct plan_bundle *b, FILE *out)
{
	if (!b->format)
		return;
	fprintf(out, "  kernel from:  %s %s (sections %s): %s\n", b->format,
		b->path, b->sections, b->kernel);
	fprintf(out, "  initrd from:  %s\n", b->initrd ? b->initrd : "(none)");
	fprintf(out, "  cmdline from: %s\n", b->cmdline ? b->cmdline : "(none)");
}

void plan_print(const struct plan *p, FILE *out)
{
	fprintf(out, "kexec plan (dry run: nothing is loaded)\n");
	fprintf(out, "  arch:         %s\n", p->arch ? p->arch : "?");
	fprintf(out, "  syscall:      %s\n", plan_syscall_name(p));
	print_flags(p, out);
	if (p->hotplug_state)
		fprintf(out, "  hot-plug:     %s (%s)\n", p->hotplug_state,
			p->hotplug_why ? p->hotplug_why : "");
	if (p->syscall == PLAN_KEXEC_LOAD)
		fprintf(out, "  entry:        0x%llx\n", (unsigned long long)p->entry);
	print_bundle(&p->bundle, out);
	fprintf(out, "  cmdline:      \"%s\"\n", p->cmdline ? p->cmdline : "");
	if (p->cmdline_added && *p->cmdline_added)
		fprintf(out, "  cmdline adds: %s (%s)\n", p->cmdline_added,
			p->cmdline_added_why ? p->cmdline_added_why : "");
	if (p->has_crash_region)
		fprintf(out, "  crash region: 0x%llx-0x%llx (%llu bytes)\n",
			(unsigned long long)p->crash_region.start,
			(unsigned long long)p->crash_region.end,
			(unsigned long long)range_size(&p->crash_region));
	print_initrd(p, out);
	if (p->syscall == PLAN_KEXEC_FILE_LOAD) {
		print_file_load(p, out);
		return;
	}
	print_segments(p, out);
	print_digest(p, out);
	print_elfcorehdr(p, out);
}

/* ---- JSON ------------------------------------------------------------- */

/* Length of a valid UTF-8 sequence at s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string; bytes that are not UTF-8 become \u00XX (one per byte). */
static void json_str(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n;

	fputc('"', out);
	while (*s) {
		switch (*s) {
		case '"':  fputs("\\\"", out); s++; continue;
		case '\\': fputs("\\\\", out); s++; continue;
		case '\n': fputs("\\n", out); s++; continue;
		case '\r': fputs("\\r", out); s++; continue;
		case '\t': fputs("\\t", out); s++; continue;
		case '\b': fputs("\\b", out); s++; continue;
		case '\f': fputs("\\f", out); s++; continue;
		}
		n = utf8_len(s);
		if (*s < 0x20 || *s == 0x7f || !n) {
			fprintf(out, "\\u%04x", *s);
			s++;
			continue;
		}
		fwrite(s, 1, n, out);
		s += n;
	}
	fputc('"', out);
}

static void json_flag_names(const struct plan *p, FILE *out)
{
	unsigned long bit, rest = p->flags & ~KEXEC_ARCH_MASK;
	const char *sep = "";

	fputc('[', out);
	for (bit = 1; bit && bit <= rest; bit <<= 1) {
		const char *name = plan_flag_name_for(p->syscall, bit);
		char unk[32];

		if (!(rest & bit))
			continue;
		if (!name) {
			snprintf(unk, sizeof(unk), "0x%lx", bit);
			name = unk;
		}
		fputs(sep, out);
		json_str(out, name);
		sep = ", ";
	}
	fputc(']', out);
}

static void json_segments(const struct plan *p, FILE *out, const char *ind)
{
	unsigned int i;

	fprintf(out, "[");
	for (i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		fprintf(out, "%s\n%s    {\"role\": ", i ? "," : "", ind);
		json_str(out, seg_role_name(s->role));
		fprintf(out, ", \"mem\": %llu, \"memsz\": %llu, \"bufsz\": %zu, \"in_digest\": %s}",
			(unsigned long long)s->mem, (unsigned long long)s->memsz,
			s->bufsz, s->in_digest ? "true" : "false");
	}
	if (p->nr_seg)
		fprintf(out, "\n%s  ]", ind);
	else
		fputc(']', out);
}

static void json_elfcorehdr(const struct plan *p, FILE *out)
{
	const struct elfcorehdr_info *e = &p->elfcorehdr;
	size_t i;

	if (!e->present) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"mem\": %llu, \"memsz\": %llu, \"used\": %llu, \"cpu_notes\": %u, \"loads\": [",
		(unsigned long long)e->mem, (unsigned long long)e->memsz,
		(unsigned long long)e->used, e->cpu_notes);
	for (i = 0; i < e->loads.n; i++)
		fprintf(out, "%s[%llu, %llu]", i ? ", " : "",
			(unsigned long long)e->loads.r[i].start,
			(unsigned long long)e->loads.r[i].end);
	fputs("]}", out);
}

static void json_digest(const struct plan *p, FILE *out)
{
	unsigned int i;

	if (!p->has_digest) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		fprintf(out, "%02x", p->digest[i]);
	fputc('"', out);
}

/* {"state": "on", "why": "--hotplug"}, or null for a load without one. */
static void json_hotplug(const struct plan *p, FILE *out)
{
	if (!p->hotplug_state) {
		fputs("null", out);
		return;
	}
	fputs("{\"state\": ", out);
	json_str(out, p->hotplug_state);
	fputs(", \"why\": ", out);
	json_str(out, p->hotplug_why);
	fputc('}', out);
}

static void json_str_or_null(FILE *out, const char *s)
{
	if (s)
		json_str(out, s);
	else
		fputs("null", out);
}

/* {"format": "UKI", "path", "sections", "kernel", "initrd", "cmdline"} or null. */
static void json_bundle(const struct plan_bundle *b, FILE *out)
{
	if (!b->format) {
		fputs("null", out);
		return;
	}
	fputs("{\"format\": ", out);
	json_str(out, b->format);
	fputs(", \"path\": ", out);
	json_str(out, b->path);
	fputs(", \"sections\": ", out);
	json_str(out, b->sections);
	fputs(", \"kernel\": ", out);
	json_str(out, b->kernel);
	fputs(", \"initrd\": ", out);
	json_str_or_null(out, b->initrd);
	fputs(", \"cmdline\": ", out);
	json_str_or_null(out, b->cmdline);
	fputc('}', out);
}

/* {"first": "cpio", "first_size": 51712, "then": "zstd", "cpio_problem": null} */
static void json_initrd(const struct plan *p, FILE *out)
{
	const struct initramfs_info *i = &p->initrd_info;

	if (!p->has_initrd_info) {
		fputs("null", out);
		return;
	}
	fputs("{\"first\": ", out);
	json_str(out, i->first);
	fprintf(out, ", \"first_size\": %llu, \"then\": ", (unsigned long long)i->first_size);
	json_str_or_null(out, i->then);
	fputs(", \"cpio_problem\": ", out);
	json_str_or_null(out, i->cpio_problem);
	fputc('}', out);
}

/* One plan object; ind is the indentation of its closing brace. */
static void json_plan(const struct plan *p, const struct plan *fallback,
		      FILE *out, const char *ind)
{
	fprintf(out, "{\n%s  \"arch\": ", ind);
	json_str(out, p->arch);
	fprintf(out, ",\n%s  \"syscall\": ", ind);
	json_str(out, plan_syscall_name(p));
	fprintf(out, ",\n%s  \"flags\": %lu,\n%s  \"flag_names\": ", ind, p->flags, ind);
	json_flag_names(p, out);
	fprintf(out, ",\n%s  \"arch_field\": %lu", ind,
		p->syscall == PLAN_KEXEC_LOAD ? p->flags & KEXEC_ARCH_MASK : 0);
	fprintf(out, ",\n%s  \"entry\": %llu,\n%s  \"cmdline\": ", ind,
		(unsigned long long)p->entry, ind);
	json_str(out, p->cmdline);
	fprintf(out, ",\n%s  \"hotplug\": ", ind);
	json_hotplug(p, out);
	fprintf(out, ",\n%s  \"bundle\": ", ind);
	json_bundle(&p->bundle, out);
	fprintf(out, ",\n%s  \"cmdline_added\": ", ind);
	if (p->cmdline_added)
		json_str(out, p->cmdline_added);
	else
		fputs("null", out);
	fprintf(out, ",\n%s  \"crash_region\": ", ind);
	if (p->has_crash_region)
		fprintf(out, "[%llu, %llu]", (unsigned long long)p->crash_region.start,
			(unsigned long long)p->crash_region.end);
	else
		fputs("null", out);
	fprintf(out, ",\n%s  \"initrd_format\": ", ind);
	json_initrd(p, out);
	fprintf(out, ",\n%s  \"segments\": ", ind);
	json_segments(p, out, ind);
	fprintf(out, ",\n%s  \"digest\": ", ind);
	json_digest(p, out);
	fprintf(out, ",\n%s  \"elfcorehdr\": ", ind);
	json_elfcorehdr(p, out);
	if (fallback) {
		fprintf(out, ",\n%s  \"fallback\": ", ind);
		json_plan(fallback, NULL, out, "  ");
	}
	fprintf(out, "\n%s}", ind);
}

int plan_write_json_fallback(const struct plan *p, const struct plan *fallback,
			     const char *path)
{
	bool to_stdout = !strcmp(path, "-");
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	int err = 0;

	if (!out) {
		err = -errno;
		pr_err("cannot write the plan to %s: %s", path, strerror(errno));
		return err;
	}
	json_plan(p, fallback, out, "");
	fputc('\n', out);
	if (fflush(out) || ferror(out))
		err = errno ? -errno : -EIO;
	if (!to_stdout && fclose(out) && !err)
		err = -errno;
	if (err)
		pr_err("cannot write the plan to %s: %s", path, strerror(-err));
	return err;
}

int plan_write_json(const struct plan *p, const char *path)
{
	return plan_write_json_fallback(p, NULL, path);
}

/* ---- raw segments ----------------------------------------------------- */

static int write_all(int fd, const void *buf, size_t len)
{
	const char *b = buf;

	while (len) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		b += n;
		len -= n;
	}
	return 0;
}

static int dump_one(const struct segment *s, unsigned int i, const char *dir)
{
	char name[256], *path, *c;
	int fd, err;

	snprintf(name, sizeof(name), "%02u-%s.bin", i, seg_role_name(s->role));
	for (c = name; *c; c++)
		if (*c == '/')
			*c = '_';
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	err = fd < 0 ? -errno : write_all(fd, s->buf, s->bufsz);
	if (fd >= 0 && close(fd) && !err)
		err = -errno;
	if (err)
		pr_err("cannot write segment %u (%s) to %s: %s", i,
		       seg_role_name(s->role), path, strerror(-err));
	free(path);
	return err;
}

int plan_dump_segments(const struct plan *p, const char *dir)
{
	unsigned int i;
	int err;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		err = -errno;
		pr_err("cannot create %s for the segment dump: %s", dir, strerror(errno));
		return err;
	}
	for (i = 0; i < p->nr_seg; i++) {
		err = dump_one(&p->seg[i], i, dir);
		if (err)
			return err;
	}
	return 0;
}
