// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_dt.c - the in-memory device tree of the ppc64 backend (dt.c) read
 * from a flattened blob (--dtb): a good blob round-trips; a blob whose
 * header is cut short, or an old-format (version < 16) blob whose node
 * names are not paths, is refused with one line instead of reading past
 * the buffer or crashing.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef HAVE_LIBFDT
#include <libfdt.h>
#endif

#include "helpers/check_run.h"
#include "helpers/stderr_capture.h"
#include "arch/ppc64le/dt.h"

#ifdef HAVE_LIBFDT

/* A small v17 blob: / { chosen { bootargs = "x"; }; memory@0 { }; }. */
static size_t make_blob(void *buf, size_t size)
{
	ck_assert_int_eq(fdt_create(buf, (int)size), 0);
	ck_assert_int_eq(fdt_finish_reservemap(buf), 0);
	ck_assert_int_eq(fdt_begin_node(buf, ""), 0);
	ck_assert_int_eq(fdt_begin_node(buf, "chosen"), 0);
	ck_assert_int_eq(fdt_property_string(buf, "bootargs", "x"), 0);
	ck_assert_int_eq(fdt_end_node(buf), 0);
	ck_assert_int_eq(fdt_begin_node(buf, "memory@0"), 0);
	ck_assert_int_eq(fdt_end_node(buf), 0);
	ck_assert_int_eq(fdt_end_node(buf), 0);
	ck_assert_int_eq(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

static void set_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static int read_blob(const void *blob, size_t len, char *msg, size_t msglen)
{
	struct dt_node root;
	int ret;

	capture_begin();
	ret = dt_read_blob("test.dtb", blob, len, &root);
	strncpy(msg, capture_end(), msglen - 1);
	msg[msglen - 1] = '\0';
	if (!ret)
		dt_free(&root);
	return ret;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(good_blob)
{
	unsigned char buf[1024];
	size_t len = make_blob(buf, sizeof(buf));
	struct dt_node root;
	const struct dt_prop *p;

	ck_assert_int_eq(dt_read_blob("test.dtb", buf, len, &root), 0);
	p = dt_prop(dt_child(&root, "chosen"), "bootargs");
	ck_assert_ptr_nonnull(p);
	ck_assert_mem_eq(p->val, "x", 2);
	ck_assert_ptr_nonnull(dt_child(&root, "memory@0"));
	dt_free(&root);
}
END_TEST

/*
 * A version 15 blob names nodes by full path; libfdt returns no name for
 * "chosen" (no '/'), which was passed to strdup: SIGSEGV.
 */
START_TEST(old_version_names_without_path)
{
	unsigned char buf[1024];
	size_t len = make_blob(buf, sizeof(buf));
	char msg[512];

	set_be32(buf + 20, 15);		/* version */
	set_be32(buf + 24, 2);		/* last_comp_version */
	ck_assert_int_eq(read_blob(buf, len, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "test.dtb: cannot read the device tree (version 15)"));
	ck_assert_int_eq(lines(msg), 1);
}
END_TEST

/*
 * A 28-byte file (FDT_V1_SIZE) whose header says version 17: the header
 * is 40 bytes, and the check must not read the 12 missing ones.  The
 * blob starts 32 bytes before an inaccessible page (libfdt wants 8-byte
 * alignment), so reading header bytes 32..39 faults.
 */
START_TEST(header_longer_than_file)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char full[1024], *map, *blob;
	char msg[512];

	make_blob(full, sizeof(full));
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + page, page, PROT_NONE), 0);
	blob = map + page - 32;
	memcpy(blob, full, FDT_V1_SIZE);
	ck_assert_int_eq(read_blob(blob, FDT_V1_SIZE, msg, sizeof(msg)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(msg, "FDT_ERR_TRUNCATED"));
	ck_assert_int_eq(lines(msg), 1);
	/* shorter than any header */
	ck_assert_int_eq(read_blob(map + page - 8, 8, msg, sizeof(msg)), -EINVAL);
	munmap(map, 2 * page);
}
END_TEST

/* A subnode offset that runs off the structure block is refused, not skipped. */
START_TEST(truncated_structure)
{
	unsigned char buf[1024];
	size_t len = make_blob(buf, sizeof(buf));
	char msg[512];

	/* the structure block ends before the root node's children */
	set_be32(buf + 36, 16);		/* size_dt_struct: only BEGIN_NODE "" */
	ck_assert_int_ne(read_blob(buf, len, msg, sizeof(msg)), 0);
	ck_assert_ptr_nonnull(strstr(msg, "test.dtb:"));
}
END_TEST

/* The bootargs property's length field in make_blob's blob. */
static unsigned char *bootargs_len(unsigned char *buf, size_t len)
{
	static const unsigned char prop[] = { 0, 0, 0, 3, 0, 0, 0, 2 };

	for (size_t i = 0; i + sizeof(prop) <= len; i += 4)
		if (!memcmp(buf + i, prop, sizeof(prop)))
			return buf + i + 4;
	ck_abort_msg("no FDT_PROP of length 2 in the blob");
	return NULL;
}

/*
 * A property length of -1 (found by fuzz_dtb: a malloc of SIZE_MAX, which
 * ASan aborts on and plain libc reports as "out of memory") or one that
 * runs past the end of the blob is refused as a malformed blob.
 */
START_TEST(property_length_outside_blob)
{
	static const uint32_t bad[] = { 0xffffffffu, 0x00100000u };
	unsigned char buf[1024];
	char msg[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = make_blob(buf, sizeof(buf));

		set_be32(bootargs_len(buf, len), bad[i]);
		ck_assert_int_ne(read_blob(buf, len, msg, sizeof(msg)), 0);
		ck_assert_ptr_nonnull(strstr(msg, "test.dtb:"));
		ck_assert_msg(!strstr(msg, "out of memory"), "misreported: %s", msg);
		ck_assert_int_eq(lines(msg), 1);
	}
}
END_TEST

#endif /* HAVE_LIBFDT */

static Suite *dt_suite(void)
{
	Suite *s = suite_create("dt");
	TCase *tc = tcase_create("blob");

#ifdef HAVE_LIBFDT
	tcase_add_test(tc, good_blob);
	tcase_add_test(tc, old_version_names_without_path);
	tcase_add_test(tc, header_longer_than_file);
	tcase_add_test(tc, truncated_structure);
	tcase_add_test(tc, property_length_outside_blob);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(dt_suite());
}
