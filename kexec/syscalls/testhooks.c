// SPDX-License-Identifier: GPL-2.0-only
/*
 * testhooks.c - the fake syscall layer, the segment corruption hook and
 * the test-only environment overrides (testhooks.h).  Without
 * ENABLE_TEST_HOOKS only inert stubs are compiled, so a release binary
 * contains none of them.
 */
#include <errno.h>
#include <stdlib.h>

#include "testhooks.h"

bool testhook_fake_requested(void)
{
	const char *d = getenv(TESTHOOK_FAKE_ENV);

	return d && *d;
}

const char *testhook_getenv(const char *name)
{
#ifdef ENABLE_TEST_HOOKS
	const char *v = getenv(name);

	return v && *v ? v : NULL;
#else
	(void)name;
	return NULL;
#endif
}

#ifndef ENABLE_TEST_HOOKS

bool testhooks_built(void) { return false; }
bool testhook_fake_active(void) { return false; }

int testhook_fake_load(const char *call, unsigned long flags,
		       const struct plan *p)
{
	(void)call; (void)flags; (void)p;
	return -EPERM;
}

int testhook_fake_unload(int crash, int file_syscall)
{
	(void)crash; (void)file_syscall;
	return -EPERM;
}

int testhook_fake_reboot(void) { return -EPERM; }

int testhook_corrupt(struct plan *p)
{
	(void)p;
	return 0;
}

#else /* ENABLE_TEST_HOOKS */

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define FAKE_LINE_MAX	4096

bool testhooks_built(void) { return true; }
bool testhook_fake_active(void) { return testhook_fake_requested(); }

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long env_long(const char *name, long dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtol(s, NULL, 0) : dflt;
}

static void fake_sleep(void)
{
	long ms = env_long(TESTHOOK_DELAY_ENV, 200);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void hex(char *out, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* " digest=.. segs=role:sha256,.." for a kexec_load plan. */
static int describe_plan(const struct plan *p, char *buf, size_t len)
{
	char h[2 * SHA256_DIGEST_SIZE + 1] = "-";
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t n;
	unsigned int i;

	if (p->has_digest)
		hex(h, p->digest, SHA256_DIGEST_SIZE);
	n = snprintf(buf, len, " digest=%s segs=", h);
	for (i = 0; i < p->nr_seg && n < len; i++) {
		sha256_init(&c);
		sha256_update(&c, p->seg[i].buf, p->seg[i].bufsz);
		sha256_final(&c, d);
		hex(h, d, SHA256_DIGEST_SIZE);
		n += snprintf(buf + n, len - n, "%s%s:%s", i ? "," : "",
			      seg_role_name(p->seg[i].role), h);
	}
	return n < len ? 0 : -E2BIG;
}

static int fake_log(const char *call, double t0, double t1, unsigned long flags,
		    const struct plan *p)
{
	char path[4096], line[FAKE_LINE_MAX];
	int n, fd, err = 0;

	n = snprintf(line, sizeof(line), "%s %ld %.9f %.9f flags=0x%lx nseg=%u",
		     call, (long)getpid(), t0, t1, flags, p ? p->nr_seg : 0);
	if (p && p->syscall == PLAN_KEXEC_LOAD)
		err = describe_plan(p, line + n, sizeof(line) - n - 1);
	n = strlen(line);
	line[n++] = '\n';
	snprintf(path, sizeof(path), "%s/log", getenv(TESTHOOK_FAKE_ENV));
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, n) != n)
		err = -errno;
	if (fd >= 0)
		close(fd);
	if (err)
		pr_err("fake syscall layer: cannot log to %s: %s", path, strerror(-err));
	return err;
}

static int fake_call(const char *call, unsigned long flags, const struct plan *p)
{
	double t0 = now_s(), t1;
	long fail = env_long(TESTHOOK_ERRNO_ENV, 0);

	fake_sleep();
	t1 = now_s();
	if (fake_log(call, t0, t1, flags, p))
		return -EIO;
	return fail > 0 ? -fail : 0;
}

int testhook_fake_load(const char *call, unsigned long flags,
		       const struct plan *p)
{
	unsigned long unknown = env_long(TESTHOOK_UNKNOWN_FLAGS_ENV, 0);
	int err = fake_call(call, flags, p);

	return !err && (flags & unknown) ? -EINVAL : err;
}

int testhook_fake_unload(int crash, int file_syscall)
{
	return fake_call(file_syscall ? "file_unload" : "unload",
			 crash ? 1UL : 0UL, NULL);
}

int testhook_fake_reboot(void)
{
	return fake_call("reboot", 0, NULL);
}

/* "ROLE" or "ROLE:OFFSET" -> role copy and offset (-1 = middle). */
/*
 * Segment bytes may be the kernel or initrd file's read-only private
 * mapping (file.c): make the byte's page writable, still private, so the
 * flip reaches only this process's copy of it.  -1 with errno on failure.
 */
static int writable_byte(unsigned char *b)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);

	return mprotect((void *)((uintptr_t)b & ~(page - 1)), page,
			PROT_READ | PROT_WRITE);
}

static int parse_corrupt(const char *spec, char *role, size_t len, long long *off)
{
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	char *end;

	if (!n || n >= len)
		return -EINVAL;
	memcpy(role, spec, n);
	role[n] = '\0';
	*off = -1;
	if (!colon)
		return 0;
	*off = strtoll(colon + 1, &end, 0);
	return *end || *off < 0 ? -EINVAL : 0;
}

int testhook_corrupt(struct plan *p)
{
	const char *spec = getenv(TESTHOOK_CORRUPT_ENV);
	struct segment *s = NULL;
	enum seg_role r;
	char role[64];
	long long off;

	if (!spec || !*spec)
		return 0;
	if (!p) {
		pr_err("%s=%s: only a kexec_load plan (-c) can be corrupted", TESTHOOK_CORRUPT_ENV, spec);
		return -EINVAL;
	}
	if (parse_corrupt(spec, role, sizeof(role), &off)) {
		pr_err("%s=%s: expected ROLE or ROLE:OFFSET", TESTHOOK_CORRUPT_ENV, spec);
		return -EINVAL;
	}
	if (!seg_role_parse(role, &r))
		s = plan_find(p, r);
	if (!s || !s->bufsz || (off >= 0 && (unsigned long long)off >= s->bufsz)) {
		pr_err("%s=%s: no segment \"%s\" with a byte at that offset in this plan",
		       TESTHOOK_CORRUPT_ENV, spec, role);
		return -EINVAL;
	}
	if (off < 0)
		off = s->bufsz / 2;
	if (writable_byte((unsigned char *)s->buf + off)) {
		pr_err("%s=%s: cannot make that byte writable: %s",
		       TESTHOOK_CORRUPT_ENV, spec, strerror(errno));
		return -EINVAL;
	}
	((unsigned char *)s->buf)[off] ^= 0xff;
	pr_warn("test hook: flipped byte %lld of segment %s after the digest was computed",
		off, role);
	return 0;
}

#endif /* ENABLE_TEST_HOOKS */
