// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_kcore.c - unit tests of kexec/machine/kcore.c on kcore-like ELF cores built
 * here byte by byte: x86_64 layouts with and without KASLR, ppc64 (big and
 * little endian), a 32-bit core, the text lookup by physical address,
 * heads cut at every interesting point, and reads through a sysroot
 * (including a head larger than KCORE_HEAD_MAX).
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/check_run.h"
#include "helpers/assert_text.h"
#include "helpers/stderr_capture.h"
#include "helpers/tmpsysroot.h"
#include "kcore.h"

#define NO_PADDR	UINT64_MAX
#define X86_PAGE_OFFSET	0xffff888000000000ull
#define X86_TEXT	0xffffffff81000000ull
#define TEXT_PADDR	0x1000000ull

struct ph {
	uint32_t type;
	uint64_t vaddr, paddr, memsz;
};

/* ---- a tiny ELF writer of either byte order --------------------------- */

static void put(unsigned char *p, uint64_t v, int bytes, int be)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[be ? bytes - 1 - i : i] = v >> (8 * i);
}

static void put_ident(unsigned char *b, int cls, int be)
{
	memcpy(b, ELFMAG, SELFMAG);
	b[EI_CLASS] = cls;
	b[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	b[EI_VERSION] = EV_CURRENT;
}

/* An ELF64 core: header, program headers, then 4 KiB of "memory". */
static unsigned char *core64(const struct ph *ph, size_t n, int be,
			     unsigned int machine, size_t *len)
{
	size_t size = 64 + 56 * n + 4096, i;
	unsigned char *b = calloc(1, size), *p;

	put_ident(b, ELFCLASS64, be);
	put(b + 16, ET_CORE, 2, be);
	put(b + 18, machine, 2, be);
	put(b + 20, EV_CURRENT, 4, be);
	put(b + 32, 64, 8, be);			/* e_phoff */
	put(b + 52, 64, 2, be);			/* e_ehsize */
	put(b + 54, 56, 2, be);			/* e_phentsize */
	put(b + 56, n, 2, be);			/* e_phnum */
	for (i = 0; i < n; i++) {
		p = b + 64 + 56 * i;
		put(p, ph[i].type, 4, be);
		put(p + 4, PF_R | PF_W | PF_X, 4, be);
		put(p + 8, 64 + 56 * n, 8, be);	/* p_offset */
		put(p + 16, ph[i].vaddr, 8, be);
		put(p + 24, ph[i].paddr, 8, be);
		put(p + 32, 0, 8, be);		/* p_filesz */
		put(p + 40, ph[i].memsz, 8, be);
		put(p + 48, 4096, 8, be);
	}
	*len = size;
	return b;
}

/* What Linux 6.12 shows on x86_64 with 4 GiB: note, text, vmalloc, RAM... */
static const struct ph x86_phdrs[] = {
	{ PT_NOTE, 0, 0, 0x1a1c },
	{ PT_LOAD, X86_TEXT, TEXT_PADDR, 0x2e00000 },
	{ PT_LOAD, 0xffffc90000000000ull, NO_PADDR, 0x1fffffffffffull },
	{ PT_LOAD, 0xffffffffc0000000ull, NO_PADDR, 0x3f000000 },
	{ PT_LOAD, X86_PAGE_OFFSET + 0x100000000ull, 0x100000000ull, 0x40000000 },
	{ PT_LOAD, X86_PAGE_OFFSET + 0x1000, 0x1000, 0x9f000 },
	{ PT_LOAD, 0xffffea0000000000ull, NO_PADDR, 0x1000000 },
	{ PT_LOAD, X86_PAGE_OFFSET + 0x100000, 0x100000, 0xbfee0000 },
	{ PT_LOAD, 0xffffea0003000000ull, NO_PADDR, 0x800000 },
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void parse_ok(const void *b, size_t len, struct kcore_info *ki)
{
	int ret;

	capture_begin();
	ret = kcore_parse(b, len, ki);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_int_eq(ret, 0);
}

START_TEST(x86_layout)
{
	struct kcore_info ki;
	struct kcore_load l;
	unsigned char *b;
	size_t len;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	parse_ok(b, len, &ki);
	/* PT_NOTE and the loads without a physical address left out */
	ck_assert_uint_eq(ki.n, 4);
	ck_assert(ki.has_page_offset);
	ck_assert_uint_eq(ki.page_offset, X86_PAGE_OFFSET);
	ck_assert_uint_eq(ki.loads[0].vaddr, X86_TEXT);
	ck_assert_uint_eq(ki.loads[1].paddr, 0x100000000ull);
	ck_assert_uint_eq(ki.loads[1].size, 0x40000000);
	ck_assert_int_eq(kcore_find_paddr(&ki, NO_PADDR, NULL), -ENOENT);

	ck_assert_int_eq(kcore_find_paddr(&ki, TEXT_PADDR, &l), 0);
	ck_assert_uint_eq(l.vaddr, X86_TEXT);
	ck_assert_uint_eq(l.paddr, TEXT_PADDR);
	ck_assert_uint_eq(l.size, 0x2e00000);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0x100000, &l), 0);
	ck_assert_uint_eq(l.vaddr, X86_PAGE_OFFSET + 0x100000);
	ck_assert_uint_eq(l.size, 0xbfee0000);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0x100000, NULL), 0);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0x2000, &l), -ENOENT);
	ck_assert_int_eq(kcore_find_paddr(&ki, TEXT_PADDR + 1, &l), -ENOENT);
	kcore_free(&ki);
	ck_assert_ptr_null(ki.loads);
	ck_assert_uint_eq(ki.n, 0);
	ck_assert(!ki.has_page_offset);
	free(b);
}
END_TEST

/* KASLR moves the direct map by GiB steps; 5-level paging moves it far. */
static const uint64_t page_offsets[] = {
	0xffff9a8a40000000ull, 0xff11000000000000ull, X86_PAGE_OFFSET,
};

START_TEST(x86_randomised_page_offset)
{
	struct ph ph[N(x86_phdrs)];
	struct kcore_info ki;
	unsigned char *b;
	size_t len;
	int i;

	memcpy(ph, x86_phdrs, sizeof(ph));
	for (i = 0; i < N(ph); i++)
		if (ph[i].type == PT_LOAD && (ph[i].vaddr >> 40) == 0xffff88)
			ph[i].vaddr = ph[i].vaddr - X86_PAGE_OFFSET +
				      page_offsets[_i];
	b = core64(ph, N(ph), 0, EM_X86_64, &len);
	parse_ok(b, len, &ki);
	ck_assert(ki.has_page_offset);
	ck_assert_uint_eq(ki.page_offset, page_offsets[_i]);
	kcore_free(&ki);
	free(b);
}
END_TEST

/* KASLR may put the text at the start of a RAM range: text still wins. */
START_TEST(text_shares_paddr_with_ram)
{
	const struct ph order1[] = {
		{ PT_LOAD, X86_PAGE_OFFSET + 0x1000, 0x1000, 0x9f000 },
		{ PT_LOAD, X86_PAGE_OFFSET + 0x100000000ull, 0x100000000ull,
		  0x40000000 },
		{ PT_LOAD, X86_TEXT, 0x100000000ull, 0x2e00000 },
	};
	struct ph order2[N(order1)];
	struct kcore_info ki;
	struct kcore_load l;
	unsigned char *b;
	size_t len;

	memcpy(order2, order1, sizeof(order1));
	order2[1] = order1[2];
	order2[2] = order1[1];
	b = core64(_i ? order2 : order1, N(order1), 0, EM_X86_64, &len);
	parse_ok(b, len, &ki);
	ck_assert_uint_eq(ki.page_offset, X86_PAGE_OFFSET);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0x100000000ull, &l), 0);
	ck_assert_uint_eq(l.vaddr, X86_TEXT);
	ck_assert_uint_eq(l.size, 0x2e00000);
	kcore_free(&ki);
	free(b);
}
END_TEST

/* ppc64: direct map at 0xc000..., no text entry; either byte order. */
START_TEST(ppc64_layout)
{
	const struct ph ph[] = {
		{ PT_NOTE, 0, 0, 0x1000 },
		{ PT_LOAD, 0xc008000000000000ull, NO_PADDR, 0x100000000ull },
		{ PT_LOAD, 0xc000000000000000ull, 0, 0x80000000 },
		{ PT_LOAD, 0xc000000080000000ull, 0x80000000, 0x40000000 },
	};
	struct kcore_info ki;
	struct kcore_load l;
	unsigned char *b;
	size_t len;

	b = core64(ph, N(ph), _i, EM_PPC64, &len);
	parse_ok(b, len, &ki);
	ck_assert_uint_eq(ki.n, 2);
	ck_assert_uint_eq(ki.page_offset, 0xc000000000000000ull);
	ck_assert_uint_eq(ki.loads[0].paddr, 0);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0x80000000, &l), 0);
	ck_assert_uint_eq(l.vaddr, 0xc000000080000000ull);
	ck_assert_uint_eq(l.size, 0x40000000);
	kcore_free(&ki);
	free(b);
}
END_TEST

START_TEST(no_direct_map)
{
	const struct ph ph[] = {
		{ PT_LOAD, 0xffffc90000000000ull, NO_PADDR, 0x1000 },
		{ PT_LOAD, 0xffffea0000000000ull, NO_PADDR, 0x1000 },
	};
	struct kcore_info ki;
	unsigned char *b;
	size_t len;

	b = core64(ph, N(ph), 0, EM_X86_64, &len);
	parse_ok(b, len, &ki);
	ck_assert_uint_eq(ki.n, 0);
	ck_assert(!ki.has_page_offset);
	ck_assert_int_eq(kcore_find_paddr(&ki, 0, NULL), -ENOENT);
	kcore_free(&ki);
	free(b);
	b = core64(ph, 0, 0, EM_X86_64, &len);
	parse_ok(b, len, &ki);
	ck_assert_uint_eq(ki.n, 0);
	ck_assert(!ki.has_page_offset);
	kcore_free(&ki);
	free(b);
}
END_TEST

/* A 32-bit kcore writes "no address" as 0xffffffff. */
START_TEST(elf32_core)
{
	unsigned char b[52 + 2 * 32 + 16] = { 0 }, *p;
	struct kcore_info ki;
	const uint32_t vaddr[2] = { 0xc0000000, 0xf8000000 };
	const uint32_t paddr[2] = { 0, 0xffffffff };
	int i;

	put_ident(b, ELFCLASS32, 0);
	put(b + 16, ET_CORE, 2, 0);
	put(b + 18, EM_386, 2, 0);
	put(b + 20, EV_CURRENT, 4, 0);
	put(b + 28, 52, 4, 0);			/* e_phoff */
	put(b + 40, 52, 2, 0);			/* e_ehsize */
	put(b + 42, 32, 2, 0);			/* e_phentsize */
	put(b + 44, 2, 2, 0);			/* e_phnum */
	for (i = 0; i < 2; i++) {
		p = b + 52 + 32 * i;
		put(p, PT_LOAD, 4, 0);
		put(p + 8, vaddr[i], 4, 0);
		put(p + 12, paddr[i], 4, 0);
		put(p + 20, 0x1000, 4, 0);	/* p_memsz */
	}
	parse_ok(b, sizeof(b), &ki);
	ck_assert_uint_eq(ki.n, 1);	/* 0xffffffff: no address */
	ck_assert_uint_eq(ki.page_offset, 0xc0000000);
	kcore_free(&ki);
}
END_TEST

/* ---- broken heads ----------------------------------------------------- */

/* Fail with -EINVAL, one "cannot parse /proc/kcore" line, nothing kept. */
static const char *parse_fail(const void *b, size_t len)
{
	struct kcore_info ki;
	const char *msg;
	int ret;

	capture_begin();
	ret = kcore_parse(b, len, &ki);
	msg = capture_end();
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_ptr_null(ki.loads);
	ck_assert_uint_eq(ki.n, 0);
	ck_assert(!ki.has_page_offset);
	ck_assert_ptr_eq(strstr(msg, "kexec: cannot parse /proc/kcore: "), msg);
	ck_assert_ptr_eq(strchr(msg, '\n'), msg + strlen(msg) - 1);
	return msg;
}

/* Cut inside the ELF header, at its end, inside the phdr table, 1 short. */
static const size_t cuts[] = { 0, 4, 16, 63, 64, 65, 64 + 56, 64 + 56 * 3 + 7,
			       64 + 56 * 9 - 1 };

START_TEST(truncated_heads)
{
	unsigned char *b, *cut;
	size_t len, n = cuts[_i];

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	/* A heap block of exactly n bytes, so ASan sees any overread. */
	cut = malloc(n ? n : 1);
	memcpy(cut, b, n);
	parse_fail(cut, n);
	free(cut);
	free(b);
}
END_TEST

START_TEST(truncated_says_where)
{
	unsigned char *b;
	size_t len;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	assert_has(parse_fail(b, 200),
		   "program headers end at 568, beyond the 200 bytes read");
	free(b);
}
END_TEST

START_TEST(not_elf)
{
	assert_has(parse_fail("this is not an ELF file at all, not even close; "
			      "it is just text that goes on for a while.", 90),
		   "not an ELF file");
}
END_TEST

START_TEST(not_a_core)
{
	unsigned char *b;
	size_t len;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	put(b + 16, ET_EXEC, 2, 0);
	assert_has(parse_fail(b, len), "ELF type 2 is not ET_CORE");
	free(b);
}
END_TEST

START_TEST(bad_phentsize)
{
	unsigned char *b;
	size_t len;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	put(b + 54, 48, 2, 0);
	assert_has(parse_fail(b, len), "program header size 48 is wrong");
	free(b);
}
END_TEST

/* PN_XNUM sends libelf to section 0, which is not in the head. */
START_TEST(libelf_error_wrapped)
{
	unsigned char *b;
	size_t len;
	const char *msg;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	put(b + 56, PN_XNUM, 2, 0);
	put(b + 40, 0x100000, 8, 0);		/* e_shoff beyond the head */
	put(b + 58, 64, 2, 0);			/* e_shentsize */
	put(b + 60, 0, 2, 0);			/* e_shnum */
	msg = parse_fail(b, len);
	/* "program header count: <libelf>" or "program header: <libelf>" */
	assert_has(msg, "kcore: program header");
	ck_assert_uint_gt(strlen(strchr(msg + 30, ':')), 4);
	free(b);
}
END_TEST

/* Random bytes after a valid ELF magic must never crash the parser. */
START_TEST(garbage_after_magic)
{
	unsigned char *b;
	struct kcore_info ki;
	size_t len, i;
	unsigned int seed = 12345 + _i;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	for (i = 16; i < 64 + 56 * 3; i++)
		if (rand_r(&seed) % 8 == 0)
			b[i] = rand_r(&seed);
	capture_begin();
	if (kcore_parse(b, len, &ki) == 0)
		kcore_free(&ki);
	capture_end();
	free(b);
}
END_TEST

/* ---- through a sysroot ------------------------------------------------ */

static char *root;
static struct sysroot sr;

static void setup(void)
{
	root = tmpsysroot_new();
	ck_assert_int_eq(sysroot_open(&sr, root), 0);
}

static void teardown(void)
{
	sysroot_close(&sr);
	tmpsysroot_remove(root);
}

START_TEST(read_snapshot_head)
{
	struct kcore_info ki;
	unsigned char *b;
	size_t len;

	b = core64(x86_phdrs, N(x86_phdrs), 0, EM_X86_64, &len);
	tmpsysroot_write_bytes(root, "proc/kcore", b, len);
	ck_assert_int_eq(kcore_read(&sr, &ki), 0);
	ck_assert_uint_eq(ki.n, 4);
	ck_assert_uint_eq(ki.page_offset, X86_PAGE_OFFSET);
	kcore_free(&ki);
	free(b);
}
END_TEST

START_TEST(read_missing)
{
	struct kcore_info ki;
	const char *msg;

	capture_begin();
	ck_assert_int_eq(kcore_read(&sr, &ki), -ENOENT);
	msg = capture_end();
	assert_has(msg, "/proc/kcore: No such file or directory");
	ck_assert_ptr_null(ki.loads);
}
END_TEST

/* More program headers than fit in KCORE_HEAD_MAX: read again, bigger. */
static struct ph *many_phdrs(size_t n)
{
	struct ph *ph = calloc(n, sizeof(*ph));
	size_t i;

	for (i = 0; i < n; i++) {
		ph[i].type = PT_LOAD;
		ph[i].paddr = (uint64_t)(i + 1) << 30;
		ph[i].vaddr = X86_PAGE_OFFSET + ph[i].paddr;
		ph[i].memsz = 1 << 29;
	}
	ph[n - 1] = (struct ph){ PT_LOAD, X86_TEXT, TEXT_PADDR, 0x2e00000 };
	return ph;
}

START_TEST(read_beyond_head_max)
{
	size_t n = KCORE_HEAD_MAX / 56 + 1000, len;
	struct ph *ph = many_phdrs(n);
	struct kcore_info ki;
	struct kcore_load l;
	unsigned char *b;

	b = core64(ph, n, 0, EM_X86_64, &len);
	ck_assert_uint_gt(64 + 56 * n, KCORE_HEAD_MAX);
	tmpsysroot_write_bytes(root, "proc/kcore", b, len);
	ck_assert_int_eq(kcore_read(&sr, &ki), 0);
	ck_assert_uint_eq(ki.n, n);
	ck_assert_uint_eq(ki.page_offset, X86_PAGE_OFFSET);
	ck_assert_int_eq(kcore_find_paddr(&ki, TEXT_PADDR, &l), 0);
	ck_assert_uint_eq(l.vaddr, X86_TEXT);
	kcore_free(&ki);
	free(b);
	free(ph);
}
END_TEST

/*
 * A table larger than the first read is streamed a chunk at a time and
 * converted by libelf: the same loads as parsing the whole head, in both
 * byte orders, across chunk boundaries.
 */
START_TEST(read_streamed_matches_parse)
{
	size_t n = 2 * (KCORE_HEAD_MAX / 56) + 7, len, i;
	struct ph *ph = many_phdrs(n);
	struct kcore_info got, want;
	unsigned char *b;

	for (i = 0; i < n; i += 3)	/* vmemmap-like entries among RAM */
		ph[i].paddr = NO_PADDR;
	b = core64(ph, n, _i, _i ? EM_PPC64 : EM_X86_64, &len);
	tmpsysroot_write_bytes(root, "proc/kcore", b, len);
	parse_ok(b, len, &want);
	capture_begin();
	ck_assert_int_eq(kcore_read(&sr, &got), 0);
	ck_assert_str_eq(capture_end(), "");
	ck_assert_uint_eq(got.n, want.n);
	ck_assert_uint_lt(got.n, n);	/* the entries without paddr left out */
	ck_assert_int_eq(memcmp(got.loads, want.loads,
				got.n * sizeof(*got.loads)), 0);
	ck_assert_uint_eq(got.page_offset, want.page_offset);
	kcore_free(&got);
	kcore_free(&want);
	free(b);
	free(ph);
}
END_TEST

/* A 32-bit table past the first read: -1 still means no physical address. */
START_TEST(read_streamed_elf32)
{
	size_t n = 300, size = 52 + 32 * n, i;
	unsigned char *b = calloc(1, size), *p;
	struct kcore_info ki;

	put_ident(b, ELFCLASS32, 1);
	put(b + 16, ET_CORE, 2, 1);
	put(b + 18, EM_PPC, 2, 1);
	put(b + 20, EV_CURRENT, 4, 1);
	put(b + 28, 52, 4, 1);			/* e_phoff */
	put(b + 40, 52, 2, 1);			/* e_ehsize */
	put(b + 42, 32, 2, 1);			/* e_phentsize */
	put(b + 44, n, 2, 1);			/* e_phnum */
	for (i = 0; i < n; i++) {
		p = b + 52 + 32 * i;
		put(p, PT_LOAD, 4, 1);
		put(p + 8, 0xc0000000 + 0x1000 * i, 4, 1);
		put(p + 12, i == n - 1 ? 0xffffffff : 0x1000 * i, 4, 1);
		put(p + 20, 0x1000, 4, 1);	/* p_memsz */
	}
	ck_assert_uint_gt(size, KCORE_HEAD_PROBE);
	tmpsysroot_write_bytes(root, "proc/kcore", b, size);
	ck_assert_int_eq(kcore_read(&sr, &ki), 0);
	ck_assert_uint_eq(ki.n, n - 1);	/* 0xffffffff: no address */
	ck_assert_uint_eq(ki.loads[n - 2].vaddr, 0xc0000000 + 0x1000 * (n - 2));
	ck_assert_uint_eq(ki.loads[n - 2].paddr, 0x1000 * (n - 2));
	ck_assert_uint_eq(ki.page_offset, 0xc0000000);
	kcore_free(&ki);
	free(b);
}
END_TEST

/* A snapshot that stored only 64 KiB of a longer table fails cleanly. */
START_TEST(read_snapshot_cut)
{
	size_t n = 2000, len;
	struct ph *ph = many_phdrs(n);
	struct kcore_info ki;
	unsigned char *b;

	b = core64(ph, n, 0, EM_X86_64, &len);
	tmpsysroot_write_bytes(root, "proc/kcore", b, 65536);
	capture_begin();
	ck_assert_int_eq(kcore_read(&sr, &ki), -EINVAL);
	assert_has(capture_end(), "beyond the 65536 bytes read");
	free(b);
	free(ph);
}
END_TEST

static Suite *kcore_suite(void)
{
	Suite *s = suite_create("kcore");
	TCase *tc = tcase_create("parse");
	TCase *rd = tcase_create("read");

	tcase_add_test(tc, x86_layout);
	tcase_add_loop_test(tc, x86_randomised_page_offset, 0,
			    N(page_offsets));
	tcase_add_loop_test(tc, text_shares_paddr_with_ram, 0, 2);
	tcase_add_loop_test(tc, ppc64_layout, 0, 2);
	tcase_add_test(tc, no_direct_map);
	tcase_add_test(tc, elf32_core);
	tcase_add_loop_test(tc, truncated_heads, 0, N(cuts));
	tcase_add_test(tc, truncated_says_where);
	tcase_add_test(tc, not_elf);
	tcase_add_test(tc, not_a_core);
	tcase_add_test(tc, bad_phentsize);
	tcase_add_test(tc, libelf_error_wrapped);
	tcase_add_loop_test(tc, garbage_after_magic, 0, 64);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(rd, setup, teardown);
	tcase_add_test(rd, read_snapshot_head);
	tcase_add_test(rd, read_missing);
	tcase_add_test(rd, read_beyond_head_max);
	tcase_add_test(rd, read_snapshot_cut);
	tcase_add_loop_test(rd, read_streamed_matches_parse, 0, 2);
	tcase_add_test(rd, read_streamed_elf32);
	suite_add_tcase(s, rd);
	return s;
}

int main(void)
{
	return tmpsysroot_check_run(kcore_suite());
}
