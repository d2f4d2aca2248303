// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysroot.c - every read of machine state (see sysroot.h).  This is the only
 * code that opens anything under /proc or /sys: all opens go through one
 * directory fd with a relative path, so a snapshot directory stands in for
 * the running machine.  It owns the small sysfs formats too: single numbers,
 * CPU lists, the kexec state nodes, vmcoreinfo and the per-CPU crash notes.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2 1
#endif

#include "log.h"
#include "pages.h"
#include "sysroot.h"

#define READ_CHUNK	4096
#define SMALL_FILE_MAX	4096		/* sysfs attributes are one page */
#define ATTR_BUF	(SMALL_FILE_MAX + 2)	/* one byte to see more, one NUL */
#define CPU_LIST_LIMIT	(1u << 17)	/* 16x the largest NR_CPUS (8192): a file past it is garbage */
#define CRASH_NOTES_DEFAULT_SIZE 1024

/* "<root>/<rel>" for messages, without doubling the slash of "/". */
static void show_path(const struct sysroot *s, const char *rel, char *out,
		      size_t n)
{
	size_t len = strlen(s->path);

	if (len && s->path[len - 1] == '/')
		snprintf(out, n, "%s%s", s->path, rel);
	else
		snprintf(out, n, "%s/%s", s->path, rel);
}

int sysroot_error(const struct sysroot *s, const char *rel, int err)
{
	char p[512];

	show_path(s, rel, p, sizeof(p));
	pr_err("cannot read %s: %s", p, strerror(-err));
	return err;
}

static int report(const struct sysroot *s, const char *rel, int err)
{
	return sysroot_error(s, rel, -err);
}

/* Relative, non-empty, and no ".." component: nothing escapes the root. */
static int check_rel(const char *rel)
{
	const char *c = rel;

	if (!rel || !*rel || *rel == '/')
		goto bad;
	while (*c) {
		size_t len = strcspn(c, "/");

		if (len == 2 && c[0] == '.' && c[1] == '.')
			goto bad;
		c += len;
		c += strspn(c, "/");
	}
	return 0;
bad:
	pr_err("refusing path \"%s\": not a relative path inside the sysroot",
	       rel ? rel : "(null)");
	return -EINVAL;
}

int sysroot_open(struct sysroot *s, const char *dir)
{
	size_t len;

	if (!dir || !*dir)
		dir = "/";
	s->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		int err = errno;

		pr_err("cannot open sysroot %s: %s", dir, strerror(err));
		return -err;
	}
	s->path = strdup(dir);
	if (!s->path) {
		close(s->dirfd);
		s->dirfd = -1;
		return -ENOMEM;
	}
	/* Keep one "/" for the real root, drop trailing ones elsewhere. */
	len = strlen(s->path);
	while (len > 1 && s->path[len - 1] == '/')
		s->path[--len] = '\0';
	return 0;
}

void sysroot_close(struct sysroot *s)
{
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = -1;
	free(s->path);
	s->path = NULL;
}

/* The real root: the host resolves everything, symlinks included. */
static int open_rel_host(const struct sysroot *s, const char *rel, int flags)
{
	int fd = openat(s->dirfd, rel, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/*
 * Resolve "dir/target" (target from a symlink at dir/name) into a path
 * relative to the root: an absolute target starts again at the root, "."
 * and ".." are folded, and ".." never climbs above the root.  -ENOENT when
 * it would.
 */
static int fold_link(const char *rel, const char *target, char *out, size_t len)
{
	char tmp[PATH_MAX], *save = NULL, *c;
	const char *slash = strrchr(rel, '/');
	size_t n = 0;

	int w;

	if (target[0] == '/')
		w = snprintf(tmp, sizeof(tmp), "%s", target);
	else
		w = snprintf(tmp, sizeof(tmp), "%.*s/%s",
			     slash ? (int)(slash - rel) : 0, rel, target);
	if (w < 0 || (size_t)w >= sizeof(tmp))
		return -ENAMETOOLONG;
	out[0] = '\0';
	for (c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (!n)
				return -ENOENT;
			while (n && out[n - 1] != '/')
				n--;
			n = n ? n - 1 : 0;
			out[n] = '\0';
			continue;
		}
		n += snprintf(out + n, len - n, "%s%s", n ? "/" : "", c);
		if (n >= len)
			return -ENAMETOOLONG;
	}
	return n ? 0 : -ENOENT;
}

/*
 * Without openat2 (Linux before 5.6, qemu-user): resolve every symlink of
 * rel inside the root by hand, a component at a time, into a path without
 * symlinks.  Snapshots hold absolute links such as kexec_loaded ->
 * /sys/kernel/kexec/loaded, and may hold symlinked directories in the
 * middle of a path (cpuN -> /elsewhere), which the host would resolve
 * against its own root.
 */
static int resolve_in_root(const struct sysroot *s, const char *rel,
			   char *path, size_t len)
{
	char prefix[PATH_MAX], target[PATH_MAX], next[PATH_MAX];
	size_t end = 0;
	int links = 0, ret;
	ssize_t n;

	if (snprintf(path, len, "%s", rel) >= (int)len)
		return -ENAMETOOLONG;
	while (path[end]) {
		end += strcspn(path + end, "/");
		snprintf(prefix, sizeof(prefix), "%.*s", (int)end, path);
		n = readlinkat(s->dirfd, prefix, target, sizeof(target) - 1);
		if (n < 0 && errno != EINVAL)
			return -errno;	/* EINVAL: not a symlink */
		if (n >= 0) {
			if (++links > 40)
				return -ELOOP;
			target[n] = '\0';
			ret = fold_link(prefix, target, next, sizeof(next));
			if (ret)
				return ret;
			/* prefix is free again: the new path, then back */
			if (snprintf(prefix, sizeof(prefix), "%s%s", next,
				     path + end) >= (int)sizeof(prefix) ||
			    strlen(prefix) >= len)
				return -ENAMETOOLONG;
			strcpy(path, prefix);
			end = 0;	/* the target may hold links itself */
			continue;
		}
		end += path[end] == '/';
	}
	return 0;
}

static int open_rel_fallback(const struct sysroot *s, const char *rel,
			     int flags)
{
	char path[PATH_MAX];
	int fd, ret;

	if (!strcmp(s->path, "/"))
		return open_rel_host(s, rel, flags);
	ret = resolve_in_root(s, rel, path, sizeof(path));
	if (ret)
		return ret;
	fd = openat(s->dirfd, path, flags | O_CLOEXEC | O_NOFOLLOW);
	return fd < 0 ? -errno : fd;
}

/*
 * Open rel below the root.  In a snapshot, absolute symlinks (copied from
 * the machine) must resolve inside the snapshot: openat2 RESOLVE_IN_ROOT
 * does that where the kernel has it, open_rel_fallback() elsewhere.
 * Returns an fd or -errno.
 */
static int open_rel(const struct sysroot *s, const char *rel, int flags)
{
#ifdef HAVE_OPENAT2
	if (strcmp(s->path, "/") != 0) {
		struct open_how how = {
			.flags = flags | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT,
		};
		int fd = syscall(SYS_openat2, s->dirfd, rel, &how, sizeof(how));

		if (fd >= 0)
			return fd;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
	}
#endif
	return open_rel_fallback(s, rel, flags);
}

/*
 * Read until read() returns 0.  hint is the size fstat() reported (0 for
 * procfs, a page for sysfs attributes, the real size for regular files):
 * the first read asks for one byte more than that, so a regular file takes
 * one read for its content and one to see the end.
 */
static int read_all(int fd, size_t hint, size_t max, char **buf, size_t *len)
{
	size_t cap = hint + 2 > READ_CHUNK ? hint + 2 : READ_CHUNK, got = 0;
	char *b = malloc(cap), *nb;
	ssize_t r;

	if (!b)
		return -ENOMEM;
	pages_prefault(b, hint);	/* a regular file's size: filled by the first read */
	for (;;) {
		if (got + 1 == cap) {
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb)
				goto fail_errno;
			b = nb;
		}
		r = read(fd, b + got, cap - got - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail_errno;
		if (r == 0)
			break;
		got += r;
		if (got > max) {
			errno = EFBIG;
			goto fail_errno;
		}
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
fail_errno:
	free(b);
	return -errno;
}

int sysroot_read(const struct sysroot *s, const char *rel, char **buf,
		 size_t *len, size_t max)
{
	struct stat st;
	size_t dummy, hint = 0;
	int fd, ret = 0;

	ret = check_rel(rel);
	if (ret)
		return ret;
	fd = open_rel(s, rel, O_RDONLY);
	if (fd == -ENOENT)
		return fd;
	if (fd < 0)
		return report(s, rel, -fd);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size > max)
			ret = -EFBIG;
		else
			hint = st.st_size;
	}
	if (!ret)
		ret = read_all(fd, hint, max, buf, len ? len : &dummy);
	close(fd);
	return ret ? report(s, rel, -ret) : 0;
}

/*
 * Read an open sysfs text attribute in one read() (the rule, see
 * sysroot.h) into buf of SMALL_FILE_MAX + 2 bytes, NUL terminated.
 * Content past SMALL_FILE_MAX is -EFBIG: that is not a one-page attribute.
 */
static int read_attr_fd(const struct sysroot *s, const char *rel, int fd,
			char *buf, size_t *len)
{
	ssize_t r;
	int err;

	do
		r = read(fd, buf, SMALL_FILE_MAX + 1);
	while (r < 0 && errno == EINTR);
	err = r < 0 ? errno : r > SMALL_FILE_MAX ? EFBIG : 0;
	if (err)
		return report(s, rel, err);
	buf[r] = '\0';
	*len = r;
	return 0;
}

static int read_attr(const struct sysroot *s, const char *rel, char *buf,
		     size_t *len)
{
	int fd, err;

	err = check_rel(rel);
	if (err)
		return err;
	fd = open_rel(s, rel, O_RDONLY);
	if (fd == -ENOENT)
		return fd;
	if (fd < 0)
		return report(s, rel, -fd);
	err = read_attr_fd(s, rel, fd, buf, len);
	close(fd);
	return err;
}

int sysroot_read_at(const struct sysroot *s, const char *rel, uint64_t off,
		    void *buf, size_t len, size_t *got)
{
	size_t done = 0;
	ssize_t r;
	int fd, err = 0;

	if (check_rel(rel))
		return -EINVAL;
	fd = open_rel(s, rel, O_RDONLY);
	if (fd == -ENOENT)
		return fd;
	if (fd < 0)
		return report(s, rel, -fd);
	while (done < len) {
		r = pread(fd, (char *)buf + done, len - done, off + done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? errno : 0;
			break;
		}
		done += r;
	}
	close(fd);
	if (err)
		return report(s, rel, err);
	*got = done;
	return 0;
}

int sysroot_read_head(const struct sysroot *s, const char *rel, void *buf,
		      size_t len, size_t *got)
{
	return sysroot_read_at(s, rel, 0, buf, len, got);
}

bool sysroot_exists(const struct sysroot *s, const char *rel)
{
	int fd;

	if (check_rel(rel))
		return false;
	fd = open_rel(s, rel, O_PATH);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* ---- directories (the device tree) ------------------------------------ */

void sysroot_dirents_free(struct sysroot_dirent *ents, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

static int dirent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sysroot_dirent *)a)->name,
		      ((const struct sysroot_dirent *)b)->name);
}

static int add_dirent(DIR *d, const char *name, struct sysroot_dirent **ents,
		      size_t *n, size_t *cap)
{
	struct sysroot_dirent *ne;
	struct stat st;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		ne = realloc(*ents, *cap * sizeof(**ents));
		if (!ne)
			return -ENOMEM;
		*ents = ne;
	}
	if (fstatat(dirfd(d), name, &st, 0) != 0)
		return -errno;
	(*ents)[*n].name = strdup(name);
	if (!(*ents)[*n].name)
		return -ENOMEM;
	(*ents)[(*n)++].is_dir = S_ISDIR(st.st_mode);
	return 0;
}

int sysroot_list_dir(const struct sysroot *s, const char *rel,
		     struct sysroot_dirent **ents, size_t *n)
{
	size_t cap = 0;
	struct dirent *de;
	DIR *d;
	int fd, ret = 0;

	*ents = NULL;
	*n = 0;
	if ((ret = check_rel(rel)))
		return ret;
	fd = open_rel(s, rel, O_RDONLY | O_DIRECTORY);
	if (fd == -ENOENT)
		return fd;
	if (fd < 0)
		return report(s, rel, -fd);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return report(s, rel, errno);
	}
	while (!ret && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			ret = add_dirent(d, de->d_name, ents, n, &cap);
	closedir(d);
	if (ret) {
		sysroot_dirents_free(*ents, *n);
		*ents = NULL;
		*n = 0;
		return report(s, rel, -ret);
	}
	if (*n)
		qsort(*ents, *n, sizeof(**ents), dirent_cmp);
	return 0;
}

/* ---- numbers ---------------------------------------------------------- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/*
 * Parse exactly the digits in [p, p+n) in base 10 or 16 (an "0x" prefix is
 * allowed in base 16, and selects 16 in base 0).  -EINVAL on junk or an
 * empty string, -ERANGE on overflow.
 */
static int parse_u64(const char *p, size_t n, int base, uint64_t *val)
{
	uint64_t v = 0;
	size_t i = 0;
	int d;

	if ((base == 0 || base == 16) && n > 2 && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (base == 0) {
		base = 10;
	}
	if (i == n)
		return -EINVAL;
	for (; i < n; i++) {
		d = digit_value(p[i]);
		if (d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*val = v;
	return 0;
}

/* Printable copy of len bytes of a file's content for a message. */
static void show_content(const char *c, size_t len, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < len && i + 1 < n; i++)
		out[i] = (c[i] >= 0x20 && c[i] < 0x7f) ? c[i] : '?';
	out[i] = '\0';
}

static int bad_content(const struct sysroot *s, const char *rel,
		       const char *content, size_t len, const char *what,
		       int err)
{
	char p[512], c[64];

	show_path(s, rel, p, sizeof(p));
	show_content(content, len, c, sizeof(c));
	pr_err("cannot use %s: \"%s\" is %s", p, c,
	       err == -ERANGE ? "out of range" : what);
	return err;
}

/* Length of the content without one trailing newline. */
static size_t strip_nl(const char *buf, size_t len)
{
	return (len && buf[len - 1] == '\n') ? len - 1 : len;
}

static int parse_attr_u64(const struct sysroot *s, const char *rel,
			  const char *buf, size_t len, int base, uint64_t *val)
{
	int ret;

	len = strip_nl(buf, len);
	ret = parse_u64(buf, len, base, val);
	if (ret)
		bad_content(s, rel, buf, len, base == 16 ? "not a hex number" :
			    "not a number", ret);
	return ret;
}

int sysroot_read_u64(const struct sysroot *s, const char *rel, int base,
		     uint64_t *val)
{
	char buf[ATTR_BUF];
	size_t len;
	int ret;

	ret = read_attr(s, rel, buf, &len);
	return ret ? ret : parse_attr_u64(s, rel, buf, len, base, val);
}

/* ---- CPU lists -------------------------------------------------------- */

bool cpu_set_has(const struct cpu_set *set, unsigned int cpu)
{
	if (cpu >= set->nbits)
		return false;
	return set->bits[cpu / 8] & (1u << (cpu % 8));
}

unsigned int cpu_set_count(const struct cpu_set *set)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < set->nbits; cpu++)
		n += cpu_set_has(set, cpu);
	return n;
}

void cpu_set_free(struct cpu_set *set)
{
	free(set->bits);
	set->bits = NULL;
	set->nbits = 0;
}

/* One "N" or "N-M" item of [p, p+n). */
static int parse_cpu_item(const char *p, size_t n, uint64_t *lo, uint64_t *hi)
{
	const char *dash = memchr(p, '-', n);
	int ret;

	if (!dash) {
		ret = parse_u64(p, n, 10, lo);
		*hi = *lo;
	} else {
		ret = parse_u64(p, dash - p, 10, lo);
		if (!ret)
			ret = parse_u64(dash + 1, n - (dash - p) - 1, 10, hi);
	}
	/* single CPUs too: nbits is an unsigned int */
	if (!ret && (*hi < *lo || *hi >= CPU_LIST_LIMIT))
		ret = -EINVAL;
	return ret;
}

/*
 * Walk the list; with set->bits NULL only find the highest CPU, otherwise
 * set the bits.  Content is [p, p+n) without the newline.
 */
static int walk_cpu_list(const char *p, size_t n, struct cpu_set *set)
{
	const char *end = p + n;
	uint64_t lo, hi;
	int ret;

	while (p < end) {
		const char *comma = memchr(p, ',', end - p);
		size_t item = (comma ? comma : end) - p;

		ret = parse_cpu_item(p, item, &lo, &hi);
		if (ret)
			return ret;
		if (!set->bits && hi + 1 > set->nbits)
			set->nbits = hi + 1;
		for (; set->bits && lo <= hi; lo++)
			set->bits[lo / 8] |= 1u << (lo % 8);
		if (!comma)
			break;
		p = comma + 1;
		if (p == end)		/* trailing comma */
			return -EINVAL;
	}
	return 0;
}

int sysroot_read_cpulist(const struct sysroot *s, const char *rel,
			 struct cpu_set *set)
{
	char buf[ATTR_BUF];
	size_t len;
	int ret;

	set->bits = NULL;
	set->nbits = 0;
	ret = read_attr(s, rel, buf, &len);
	if (ret)
		return ret;
	len = strip_nl(buf, len);
	ret = walk_cpu_list(buf, len, set);
	if (!ret) {
		set->bits = calloc(set->nbits / 8 + 1, 1);
		ret = set->bits ? walk_cpu_list(buf, len, set) : -ENOMEM;
	}
	if (ret == -EINVAL || ret == -ERANGE)
		bad_content(s, rel, buf, len, "not a CPU list", -EINVAL);
	if (ret) {
		cpu_set_free(set);
		return ret == -ERANGE ? -EINVAL : ret;
	}
	return 0;
}

/* ---- kexec nodes ------------------------------------------------------ */

/* The first of two names that exists (old name, then /sys/kernel/kexec/). */
static int read_u64_either(const struct sysroot *s, const char *rel,
			   const char *alt, uint64_t *val)
{
	int ret = sysroot_read_u64(s, rel, 10, val);

	if (ret == -ENOENT && alt)
		ret = sysroot_read_u64(s, alt, 10, val);
	return ret;
}

static int read_flag(const struct sysroot *s, const char *rel,
		     const char *alt)
{
	uint64_t v;

	if (read_u64_either(s, rel, alt, &v))
		return -1;
	return v != 0;
}

void sysroot_kexec_state(const struct sysroot *s, struct kexec_state *st)
{
	st->kexec_loaded = read_flag(s, "sys/kernel/kexec_loaded",
				     "sys/kernel/kexec/loaded");
	st->crash_loaded = read_flag(s, "sys/kernel/kexec_crash_loaded",
				     "sys/kernel/kexec/crash_loaded");
	st->cpu_crash_hotplug = read_flag(s,
		"sys/devices/system/cpu/crash_hotplug", NULL);
	st->mem_crash_hotplug = read_flag(s,
		"sys/devices/system/memory/crash_hotplug", NULL);
	st->has_crash_size = read_u64_either(s, "sys/kernel/kexec_crash_size",
		"sys/kernel/kexec/crash_size", &st->crash_size) == 0;
	if (!st->has_crash_size)
		st->crash_size = 0;
}

bool sysroot_has_crash_elfcorehdr_size(const struct sysroot *s)
{
	return sysroot_exists(s, "sys/kernel/crash_elfcorehdr_size") ||
	       sysroot_exists(s, "sys/kernel/kexec/crash_elfcorehdr_size");
}

int sysroot_crash_elfcorehdr_size(const struct sysroot *s, uint64_t *size)
{
	return read_u64_either(s, "sys/kernel/crash_elfcorehdr_size",
			       "sys/kernel/kexec/crash_elfcorehdr_size", size);
}

/* "0x0000000100c62000 1024\n" (older kernels: no 0x); both fields hex. */
int sysroot_vmcoreinfo(const struct sysroot *s, uint64_t *addr, uint64_t *size)
{
	const char *rel = "sys/kernel/vmcoreinfo";
	char buf[ATTR_BUF], *sp;
	size_t len;
	int ret;

	ret = read_attr(s, rel, buf, &len);
	if (ret)
		return ret;
	len = strip_nl(buf, len);
	sp = memchr(buf, ' ', len);
	ret = sp ? parse_u64(buf, sp - buf, 16, addr) : -EINVAL;
	if (!ret)
		ret = parse_u64(sp + 1, len - (sp + 1 - buf), 16, size);
	if (!ret && *size == 0)
		ret = -EINVAL;
	if (ret)
		bad_content(s, rel, buf, len,
			    "not \"<hex address> <hex size>\"", ret);
	return ret;
}

/* ---- per-CPU crash notes ---------------------------------------------- */

/*
 * The note buffer size: sizeof(note_buf_t), the same for every CPU (the
 * kernel prints one constant in every cpuN/crash_notes_size), so it is read
 * once, from the first CPU that has notes; kernels before 3.x lack the file
 * and use the default.  That halves the files a 1024-CPU load opens.
 */
static int read_notes_size(const struct sysroot *s, unsigned int cpu,
			   uint64_t *size)
{
	char rel[96];
	int ret;

	snprintf(rel, sizeof(rel),
		 "sys/devices/system/cpu/cpu%u/crash_notes_size", cpu);
	ret = sysroot_read_u64(s, rel, 10, size);
	if (ret == -ENOENT) {
		*size = CRASH_NOTES_DEFAULT_SIZE;
		return 0;
	}
	if (!ret && *size == 0)
		ret = bad_content(s, rel, "0", 1, "not a note size", -EINVAL);
	return ret;
}

/*
 * Open sub below dirfd, a directory of the sysroot: a walk of two names
 * instead of six from the root, for the 1024+ per-CPU files.  On the real
 * root the host resolves everything anyway; in a snapshot RESOLVE_BENEATH
 * refuses (-EXDEV) any symlink that would resolve differently from below
 * the root, and then, as without openat2, the caller opens the whole path.
 */
static int open_below(const struct sysroot *s, int dirfd, const char *sub)
{
	int fd;

	if (!strcmp(s->path, "/")) {
		fd = openat(dirfd, sub, O_RDONLY | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
#ifdef HAVE_OPENAT2
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH,
	};

	fd = syscall(SYS_openat2, dirfd, sub, &how, sizeof(how));
	if (fd >= 0 || errno == ENOENT)
		return fd < 0 ? -errno : fd;
#endif
	return -EXDEV;
}

/*
 * The per-CPU files are closed a batch at a time: one close_range() costs
 * less than many close() calls (about 2 us a CPU on this VM).  Only over
 * runs of consecutive fds, so that nothing else lies in a range (fds
 * opened before, say the kernel file's, leave gaps).
 */
#define FD_BATCH	64

struct fd_batch {
	int fd[FD_BATCH];
	size_t n;
};

/* Close fd[0..n-1], consecutive numbers. */
static void close_run(const int *fd, size_t n)
{
	size_t i;

#ifdef SYS_close_range
	if (n > 1 && !syscall(SYS_close_range, fd[0], fd[n - 1], 0))
		return;
#endif
	for (i = 0; i < n; i++)
		close(fd[i]);
}

static void batch_close(struct fd_batch *b)
{
	size_t start = 0, i;

	for (i = 1; i <= b->n; i++) {
		if (i < b->n && b->fd[i] == b->fd[i - 1] + 1)
			continue;
		close_run(&b->fd[start], i - start);
		start = i;
	}
	b->n = 0;
}

#define CPU_DIR	"sys/devices/system/cpu/"

/*
 * CPU_DIR "cpu<cpu>/crash_notes" into rel (96 bytes) without snprintf(),
 * which 1024 possible CPUs would call 1024 times (0.1-0.2 ms on this VM).
 */
static void crash_notes_path(char *rel, unsigned int cpu)
{
	char digits[10];
	size_t n = 0, len = sizeof(CPU_DIR "cpu") - 1;

	memcpy(rel, CPU_DIR "cpu", len);
	do
		digits[n++] = (char)('0' + cpu % 10);
	while (cpu /= 10);
	while (n)
		rel[len++] = digits[--n];
	memcpy(rel + len, "/crash_notes", sizeof("/crash_notes"));
}

/* Address of one CPU's note buffer: 1 = has none, 0 = ok. */
static int read_cpu_note(const struct sysroot *s, int cpu_dir,
			 struct fd_batch *b, unsigned int cpu,
			 struct crash_note *note)
{
	char rel[96], buf[ATTR_BUF];
	size_t len;
	int ret, fd = -EXDEV;

	crash_notes_path(rel, cpu);
	if (cpu_dir >= 0)
		fd = open_below(s, cpu_dir, rel + strlen(CPU_DIR));
	if (fd == -EXDEV)
		fd = open_rel(s, rel, O_RDONLY);
	if (fd == -ENOENT)
		return 1;	/* only present CPUs have one */
	if (fd < 0)
		return report(s, rel, -fd);
	if (b->n == FD_BATCH)
		batch_close(b);
	b->fd[b->n++] = fd;
	ret = read_attr_fd(s, rel, fd, buf, &len);
	if (!ret)
		ret = parse_attr_u64(s, rel, buf, len, 16, &note->addr);
	note->cpu = cpu;
	return ret;
}

static int read_notes(const struct sysroot *s, const struct cpu_set *set,
		      struct crash_note *out, size_t *n)
{
	int cpu_dir = open_rel(s, "sys/devices/system/cpu",
			       O_PATH | O_DIRECTORY);
	struct fd_batch b = { .n = 0 };
	uint64_t size = 0;
	unsigned int cpu;
	int ret = 0;

	*n = 0;
	for (cpu = 0; cpu < set->nbits; cpu++) {
		if (!cpu_set_has(set, cpu))
			continue;
		ret = read_cpu_note(s, cpu_dir, &b, cpu, &out[*n]);
		if (ret > 0) {
			ret = 0;
			continue;
		}
		if (!ret && !size)
			ret = read_notes_size(s, cpu, &size);
		if (ret)
			break;
		out[(*n)++].size = size;
	}
	batch_close(&b);
	if (cpu_dir >= 0)
		close(cpu_dir);
	return ret;
}

int sysroot_crash_notes(const struct sysroot *s, struct crash_note **notes,
			size_t *n)
{
	const char *possible = "sys/devices/system/cpu/possible";
	struct crash_note *out = NULL;
	struct cpu_set set;
	size_t cnt = 0;
	int ret;

	ret = sysroot_read_cpulist(s, possible, &set);
	if (ret == -ENOENT)
		sysroot_error(s, possible, ret);
	if (ret)
		return ret;
	out = calloc(cpu_set_count(&set) + 1, sizeof(*out));
	ret = out ? read_notes(s, &set, out, &cnt) : -ENOMEM;
	cpu_set_free(&set);
	if (ret) {
		free(out);
		return ret;
	}
	*notes = out;
	*n = cnt;
	return 0;
}

/* ---- boot id ---------------------------------------------------------- */

int sysroot_boot_id(const struct sysroot *s, char *buf, size_t len)
{
	char *text;
	size_t n;
	int ret = sysroot_read(s, "proc/sys/kernel/random/boot_id", &text, &n,
			       SMALL_FILE_MAX);

	if (ret)
		return ret;
	n = strip_nl(text, n);
	if (n + 1 > len) {
		ret = bad_content(s, "proc/sys/kernel/random/boot_id", text, n,
				  "not a boot id", -EINVAL);
	} else {
		memcpy(buf, text, n);
		buf[n] = '\0';
	}
	free(text);
	return ret;
}

/* ---- Xen ---------------------------------------------------------------- */

int sysroot_xen_dom0(const struct sysroot *s)
{
	static const char word[] = "control_d";
	size_t len, n = sizeof(word) - 1;
	char *buf, *p;
	int ret;

	ret = sysroot_read(s, "proc/xen/capabilities", &buf, &len, SMALL_FILE_MAX);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	/* a comma or blank separated list of words */
	for (p = buf; (p = strstr(p, word)); p += n)
		if ((p == buf || strchr(", \n", p[-1])) && strchr(", \n", p[n]))
			break;
	free(buf);
	return p != NULL;
}
