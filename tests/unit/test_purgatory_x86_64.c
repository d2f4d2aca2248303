// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_purgatory_x86_64.c - tests of the x86_64 purgatory: the embedded
 * blob as the loader opens, relocates and parameterises it
 * (kexec/arch/x86_64/purgatory.c), the loader's refusals on small
 * relocatable objects built here byte by byte, and purgatory's own digest
 * check (purgatory/x86_64/verify.c, compiled into this program natively).
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers/check_run.h"
#include "helpers/fake_elf.h"
#include "arch/x86_64/purgatory.h"
#include "arch/x86_64/purgatory-internal.h"
#include "purgatory-x86_64.h"
#include "sha256.h"

/* The purgatory's digest check, built for the host. */
#include "../../purgatory/x86_64/verify.c"

#ifndef R_X86_64_PLT32
#define R_X86_64_PLT32 4
#endif

/* ---- helpers ----------------------------------------------------------- */

static uint64_t get_le(const unsigned char *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* Send stderr to a temporary file; stderr_text() returns what was written. */
static FILE *err_file;
static int saved_stderr = -1;

static void capture_stderr(void)
{
	fflush(stderr);
	err_file = tmpfile();
	ck_assert_ptr_nonnull(err_file);
	saved_stderr = dup(2);
	ck_assert_int_ge(saved_stderr, 0);
	ck_assert_int_eq(dup2(fileno(err_file), 2), 2);
}

static const char *stderr_text(void)
{
	static char text[4096];
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	rewind(err_file);
	n = fread(text, 1, sizeof(text) - 1, err_file);
	text[n] = 0;
	fclose(err_file);
	return text;
}

/*
 * The flags the loader sets on this CPU (every SHA-256 path it has), and
 * each path's flag, portable first: the tests run every one the CPU has.
 */
static uint32_t cpu_flags(void)
{
	return (sha256_have_shani() ? PURGATORY_X86_64_FLAG_SHANI : 0) |
	       (sha256_have_avx2() ? PURGATORY_X86_64_FLAG_AVX2 : 0) |
	       (sha256_have_ssse3() ? PURGATORY_X86_64_FLAG_SSSE3 : 0);
}

static const uint32_t path_flag[] = {
	0, PURGATORY_X86_64_FLAG_SSSE3, PURGATORY_X86_64_FLAG_AVX2, PURGATORY_X86_64_FLAG_SHANI
};
#define NR_PATHS (sizeof(path_flag) / sizeof(path_flag[0]))

static int path_runs(unsigned int i)
{
	return (cpu_flags() & path_flag[i]) == path_flag[i];
}

/* ---- the embedded blob ---------------------------------------------------- */

#ifdef HAVE_X86_64_PURGATORY_BLOB

#define ADDR_A	0x7f000000ULL
#define ADDR_B	0x13f456000ULL	/* above 4 GiB: 64-bit sites change every half */

struct sites {
	size_t n;
	size_t off[256];
	unsigned int type[256];
};

static int collect_site(size_t off, unsigned int type, void *arg)
{
	struct sites *s = arg;

	ck_assert_uint_lt(s->n, 256);
	s->off[s->n] = off;
	s->type[s->n++] = type;
	return 0;
}

static unsigned int site_width(unsigned int type)
{
	return type == R_X86_64_64 ? 8 : 4;
}

START_TEST(blob_opens)
{
	struct x86_purgatory pg;
	size_t po;

	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	ck_assert_ptr_nonnull(pg.buf);
	ck_assert_uint_gt(pg.bufsz, 0);
	ck_assert_uint_ge(pg.memsz, pg.bufsz + 8192);	/* 8 KiB stack in bss */
	ck_assert_uint_eq(pg.memsz % 4096, 0);
	ck_assert_uint_ge(pg.align, 4096);
	ck_assert_uint_eq(pg.align & (pg.align - 1), 0);
	po = x86_purgatory_params_offset(&pg);
	ck_assert_uint_le(po + PURGATORY_X86_64_PARAMS_SIZE, pg.bufsz);
	x86_purgatory_close(&pg, 0);
	ck_assert_ptr_null(pg.buf);
	ck_assert_ptr_null(pg.priv);
}
END_TEST

START_TEST(blob_relocates_only_at_sites)
{
	struct x86_purgatory pg;
	struct sites s = { 0 };
	unsigned char *a, *covered;
	uint64_t entry_a, delta = ADDR_B - ADDR_A;
	size_t i, n64 = 0;

	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A), 0);
	ck_assert_uint_eq(pg.addr, ADDR_A);
	entry_a = pg.entry;
	ck_assert_uint_ge(entry_a, ADDR_A);
	ck_assert_uint_lt(entry_a, ADDR_A + pg.bufsz);
	/* purgatory_start begins with cli; cld */
	ck_assert_uint_eq(pg.buf[entry_a - ADDR_A], 0xfa);
	ck_assert_uint_eq(pg.buf[entry_a - ADDR_A + 1], 0xfc);
	a = malloc(pg.bufsz);
	covered = calloc(1, pg.bufsz);
	memcpy(a, pg.buf, pg.bufsz);

	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_B), 0);
	ck_assert_uint_eq(pg.entry - entry_a, delta);
	ck_assert_int_eq(x86_purgatory_for_each_site(&pg, collect_site, &s), 0);
	ck_assert_uint_gt(s.n, 0);
	for (i = 0; i < s.n; i++) {
		unsigned int w = site_width(s.type[i]);
		uint64_t va = get_le(a + s.off[i], w), vb = get_le(pg.buf + s.off[i], w);

		memset(covered + s.off[i], 1, w);
		if (s.type[i] == R_X86_64_64) {
			ck_assert_uint_eq(vb - va, delta);
			n64++;
		} else if (s.type[i] == R_X86_64_PC32 || s.type[i] == R_X86_64_PLT32) {
			ck_assert_uint_eq(vb, va);	/* both ends moved */
		}
	}
	ck_assert_uint_gt(n64, 0);
	for (i = 0; i < pg.bufsz; i++)
		if (!covered[i])
			ck_assert_msg(a[i] == pg.buf[i], "byte %zu changed outside any relocation", i);

	/* Again at A: exactly the first result (relocation starts pristine). */
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A), 0);
	ck_assert_mem_eq(pg.buf, a, pg.bufsz);
	ck_assert_uint_eq(pg.entry, entry_a);
	free(a);
	free(covered);
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(blob_refuses_unaligned_address)
{
	struct x86_purgatory pg;

	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	capture_stderr();
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A + 0x800), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "not aligned"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

static void fill_params(struct x86_purgatory_params *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->kernel_entry = 0x1000200ULL;
	p->boot_params = 0xa1234000ULL;
	p->skip_checks = 1;
	p->nr_regions = 3;
	for (i = 0; i < 3; i++) {
		p->regions[i].start = 0xa0000000ULL + i * 0x100000;
		p->regions[i].len = 0x1234 + i;
	}
	for (i = 0; i < 32; i++)
		p->digest[i] = (uint8_t)(0xc0 + i);
}

static void check_params_bytes(const unsigned char *b, const struct x86_purgatory_params *p)
{
	const struct purgatory_x86_64_params *q = (const void *)b;
	unsigned int i;

	ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_KERNEL_ENTRY, 8), p->kernel_entry);
	ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_BOOT_PARAMS, 8), p->boot_params);
	ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_SKIP_CHECKS, 4), p->skip_checks);
	ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_NR_REGIONS, 4), p->nr_regions);
	for (i = 0; i < PURGATORY_X86_64_MAX_REGIONS; i++) {
		uint64_t s = i < p->nr_regions ? p->regions[i].start : 0;
		uint64_t l = i < p->nr_regions ? p->regions[i].len : 0;

		ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_REGIONS + 16 * i, 8), s);
		ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_REGIONS + 16 * i + 8, 8), l);
	}
	ck_assert_mem_eq(b + PURGATORY_X86_64_OFF_DIGEST, p->digest, 32);
#ifdef __x86_64__
	ck_assert_uint_eq(get_le(b + PURGATORY_X86_64_OFF_FLAGS, 4), cpu_flags());
#endif
	for (i = PURGATORY_X86_64_OFF_FLAGS + 4; i < PURGATORY_X86_64_PARAMS_SIZE; i++)
		ck_assert_uint_eq(b[i], 0);
	/* On this (little-endian) host the purgatory's own struct reads the same. */
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		ck_assert_uint_eq(q->kernel_entry, p->kernel_entry);
		ck_assert_uint_eq(q->regions[0].len, p->regions[0].len);
		ck_assert_uint_eq(q->nr_regions, p->nr_regions);
	}
}

START_TEST(blob_params_round_trip)
{
	struct x86_purgatory pg;
	struct x86_purgatory_params p;
	size_t po;

	fill_params(&p);
	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	po = x86_purgatory_params_offset(&pg);
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A), 0);
	ck_assert_int_eq(x86_purgatory_set_params(&pg, &p), 0);
	check_params_bytes(pg.buf + po, &p);
	/* A second relocation keeps the parameters. */
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_B), 0);
	check_params_bytes(pg.buf + po, &p);
	/* Fewer regions: the tail is cleared. */
	p.nr_regions = 1;
	ck_assert_int_eq(x86_purgatory_set_params(&pg, &p), 0);
	check_params_bytes(pg.buf + po, &p);
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(blob_params_before_relocate)
{
	struct x86_purgatory pg;
	struct x86_purgatory_params p;

	fill_params(&p);
	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	ck_assert_int_eq(x86_purgatory_set_params(&pg, &p), 0);
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A), 0);
	check_params_bytes(pg.buf + x86_purgatory_params_offset(&pg), &p);
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(blob_params_too_many_regions)
{
	struct x86_purgatory pg;
	struct x86_purgatory_params p;

	fill_params(&p);
	p.nr_regions = 17;
	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	capture_stderr();
	ck_assert_int_eq(x86_purgatory_set_params(&pg, &p), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "17 digest regions"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(blob_close_keep_buf)
{
	struct x86_purgatory pg;
	unsigned char *buf;

	ck_assert_int_eq(x86_purgatory_open(&pg), 0);
	ck_assert_int_eq(x86_purgatory_relocate(&pg, ADDR_A), 0);
	buf = pg.buf;
	x86_purgatory_close(&pg, 1);
	ck_assert_ptr_eq(pg.buf, buf);
	ck_assert_ptr_null(pg.priv);
	free(buf);
}
END_TEST

#if defined(__x86_64__) && defined(MAP_FIXED_NOREPLACE)
/*
 * Run the relocated purgatory's own compiled code in this process: map
 * the image at the address it was relocated for (above 4 GiB, so the large
 * code model's absolute addresses are exercised), then call its
 * purgatory_verify (every block function) and purgatory_main.  Only the
 * success paths of purgatory_main without vector paths can run here (a
 * mismatch ends in outb and hlt, the vector paths write CR0/CR4).
 */
#define RUN_ADDR	0x5a5a000000ULL

typedef int (*pg_verify_fn)(const struct purgatory_x86_64_params *, uint8_t *);
typedef void (*pg_main_fn)(void);

static void verify_setup(struct purgatory_x86_64_params *p, unsigned char *mem);
static void digest_of(const unsigned char *b, const size_t *lens, unsigned int n,
		      uint8_t out[32]);

static void *run_map(struct x86_purgatory *pg)
{
	void *m = mmap((void *)(uintptr_t)RUN_ADDR, pg->memsz,
		       PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	ck_assert_ptr_eq(m, (void *)(uintptr_t)RUN_ADDR);
	memcpy(m, pg->buf, pg->bufsz);	/* the rest stays zero, as bss */
	return m;
}

static void *run_sym(struct x86_purgatory *pg, const char *name)
{
	uint64_t off;

	ck_assert_int_eq(x86_purgatory_symbol_offset(pg, name, &off), 0);
	return (void *)(uintptr_t)(RUN_ADDR + off);
}

/*
 * The blob relocated to RUN_ADDR with params p and mapped there, its
 * purgatory_verify and live parameters found; NULL when RUN_ADDR cannot
 * be mapped (test names the test that is then skipped).
 */
static void *run_blob(struct x86_purgatory *pg,
		      const struct x86_purgatory_params *p, const char *test,
		      pg_verify_fn *verify,
		      struct purgatory_x86_64_params **live)
{
	void *m;

	ck_assert_int_eq(x86_purgatory_open(pg), 0);
	ck_assert_int_eq(x86_purgatory_relocate(pg, RUN_ADDR), 0);
	ck_assert_int_eq(x86_purgatory_set_params(pg, p), 0);
	m = run_map(pg);
	if (!m) {
		fprintf(stderr, "%s: cannot map 0x%llx, skipped\n", test,
			(unsigned long long)RUN_ADDR);
		return NULL;
	}
	*verify = (pg_verify_fn)run_sym(pg, "purgatory_verify");
	*live = run_sym(pg, PURGATORY_X86_64_PARAMS_SYM);
	return m;
}

START_TEST(blob_code_runs_relocated)
{
	struct purgatory_x86_64_params want, *live;
	struct x86_purgatory_params p;
	struct x86_purgatory pg;
	unsigned char *mem = malloc(74097);
	pg_verify_fn verify;
	pg_main_fn pmain;
	uint8_t got[32];
	unsigned int i;
	void *m;

	verify_setup(&want, mem);
	memset(&p, 0, sizeof(p));
	p.nr_regions = want.nr_regions;
	for (i = 0; i < want.nr_regions; i++) {
		p.regions[i].start = want.regions[i].start;
		p.regions[i].len = want.regions[i].len;
	}
	memcpy(p.digest, want.digest, 32);
	m = run_blob(&pg, &p, "blob_code_runs_relocated", &verify, &live);
	if (!m)
		goto out;
	pmain = (pg_main_fn)run_sym(&pg, "purgatory_main");

	/* The loader offers every path this CPU has; run each in the blob. */
	ck_assert_uint_eq(live->flags, cpu_flags());
	for (i = 0; i < NR_PATHS; i++) {
		if (!path_runs(i))
			continue;
		live->flags = path_flag[i];
		ck_assert_int_eq(verify(live, got), 0);
		ck_assert_mem_eq(got, want.digest, 32);
		mem[5000] ^= 0x40;
		ck_assert_int_eq(verify(live, got), 1);
		mem[5000] ^= 0x40;
	}
	/* purgatory_main without vector paths (they write CR0/CR4: ring 0 only). */
	live->flags = 0;
	pmain();			/* digest right: returns */
	mem[5000] ^= 0x40;
	live->skip_checks = 1;
	pmain();			/* -i: returns without looking */
	mem[5000] ^= 0x40;
	live->skip_checks = 0;
	pmain();
	munmap(m, pg.memsz);
out:
	x86_purgatory_close(&pg, 0);
	free(mem);
}
END_TEST

/* FIPS 180-4 example messages and their digests (hex). */
static const struct {
	const char *msg, *digest;
} fips[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static void from_hex(const char *hex, uint8_t out[32])
{
	unsigned int i, v;

	for (i = 0; i < 32; i++) {
		ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* The FIPS vectors through every path of the relocated blob. */
START_TEST(blob_paths_fips)
{
	struct purgatory_x86_64_params *live;
	struct x86_purgatory_params p;
	struct x86_purgatory pg;
	pg_verify_fn verify;
	unsigned int i, k;
	uint8_t got[32];
	void *m;

	memset(&p, 0, sizeof(p));
	m = run_blob(&pg, &p, "blob_paths_fips", &verify, &live);
	if (!m)
		goto out;
	for (i = 0; i < NR_PATHS; i++) {
		if (!path_runs(i))
			continue;
		live->flags = path_flag[i];
		for (k = 0; k < sizeof(fips) / sizeof(fips[0]); k++) {
			live->nr_regions = 1;
			live->regions[0].start = (uintptr_t)fips[k].msg;
			live->regions[0].len = strlen(fips[k].msg);
			from_hex(fips[k].digest, live->digest);
			ck_assert_msg(verify(live, got) == 0, "flag 0x%x, \"%s\"",
				      path_flag[i], fips[k].msg);
		}
	}
	munmap(m, pg.memsz);
out:
	x86_purgatory_close(&pg, 0);
}
END_TEST

/*
 * Every path of the relocated blob on 1 MiB + 5 random bytes in regions
 * of odd lengths at odd addresses (unaligned vector loads, odd and even
 * block counts, block edges across regions), against the portable digest.
 */
START_TEST(blob_paths_big_random)
{
	static const size_t lens[4] = { 3, 4096 * 3 + 1, (1u << 20) - 4096 * 3, 1 };
	const size_t total = (1u << 20) + 5;
	struct purgatory_x86_64_params *live;
	struct x86_purgatory_params p;
	struct x86_purgatory pg;
	unsigned char *mem = malloc(total + 1), *b;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	pg_verify_fn verify;
	uint8_t got[32];
	unsigned int i;
	void *m;

	ck_assert_ptr_nonnull(mem);
	for (i = 0; i <= total; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		mem[i] = (unsigned char)x;
	}
	memset(&p, 0, sizeof(p));
	p.nr_regions = 4;
	for (i = 0, b = mem + 1; i < 4; b += lens[i++]) {
		p.regions[i].start = (uintptr_t)b;
		p.regions[i].len = lens[i];
	}
	ck_assert_ptr_eq(b, mem + 1 + total);
	digest_of(mem + 1, lens, 4, p.digest);
	m = run_blob(&pg, &p, "blob_paths_big_random", &verify, &live);
	if (!m)
		goto out;
	for (i = 0; i < NR_PATHS; i++) {
		if (!path_runs(i))
			continue;
		live->flags = path_flag[i];
		ck_assert_msg(verify(live, got) == 0, "path flag 0x%x", path_flag[i]);
		ck_assert_mem_eq(got, p.digest, 32);
		mem[1 + total / 2] ^= 1;
		ck_assert_int_eq(verify(live, got), 1);
		mem[1 + total / 2] ^= 1;
	}
	munmap(m, pg.memsz);
out:
	x86_purgatory_close(&pg, 0);
	free(mem);
}
END_TEST
#endif

#else /* !HAVE_X86_64_PURGATORY_BLOB */

START_TEST(no_blob_says_so)
{
	struct x86_purgatory pg;

	capture_stderr();
	ck_assert_int_eq(x86_purgatory_open(&pg), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "this build carries no x86_64 purgatory"));
}
END_TEST

#endif

/* ---- synthetic relocatable objects ---------------------------------------- */

/*
 * Sections: 1 .text (16 B, one relocation at +4), 2 .data (params),
 * 3 .bss, 4 .symtab, 5 .strtab, 6 .rela.text, 7 .shstrtab.
 * Symbols: 1 purgatory_start (.text), 2 purgatory_params (.data),
 * 3 missing_fn (undefined), 4 in_bss (.bss +8).
 */
enum { SYM_START = 1, SYM_PARAMS, SYM_UNDEF, SYM_BSS, NSYMS };

struct obj_opts {
	unsigned int rtype;
	unsigned int rsym;
	int64_t addend;
	int no_params;
	uint64_t rel_off;
};

struct obj {
	unsigned char b[4096];
	size_t len;
};

static size_t obj_put(struct obj *o, const void *p, size_t n, size_t align)
{
	size_t at = (o->len + align - 1) & ~(align - 1);

	ck_assert_uint_le(at + n, sizeof(o->b));
	memcpy(o->b + at, p, n);
	o->len = at + n;
	return at;
}

static Elf64_Shdr shdr(uint32_t name, uint32_t type, uint64_t flags, uint64_t off,
		       uint64_t size, uint32_t link, uint32_t info, uint64_t align,
		       uint64_t entsize)
{
	Elf64_Shdr s = { name, type, flags, 0, off, size, link, info, align, entsize };

	return s;
}

static size_t build_obj(struct obj *o, const struct obj_opts *op)
{
	static const char strtab[] = "\0purgatory_start\0purgatory_params\0missing_fn\0in_bss";
	static const char shstr[] = "\0.text\0.data\0.bss\0.symtab\0.strtab\0.rela.text\0.shstrtab";
	unsigned char text[16] = { 0xfa, 0xfc, 0x90, 0x90 }, data[PURGATORY_X86_64_PARAMS_SIZE] = { 0 };
	Elf64_Sym syms[NSYMS] = { { 0 } };
	Elf64_Rela rela = { op->rel_off ? op->rel_off : 4, ELF64_R_INFO(op->rsym, op->rtype), op->addend };
	Elf64_Ehdr eh = { { 0 } };
	Elf64_Shdr sh[8] = { { 0 } };
	size_t t, d, st, ss, rl, hs, shoff;

	o->len = sizeof(eh);
	t = obj_put(o, text, sizeof(text), 16);
	d = obj_put(o, data, sizeof(data), 16);
	syms[SYM_START] = (Elf64_Sym){ 1, ELF64_ST_INFO(STB_GLOBAL, STT_FUNC), 0, 1, 0, 16 };
	syms[SYM_PARAMS] = (Elf64_Sym){ 17, ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), 0,
					op->no_params ? SHN_UNDEF : 2, 0, sizeof(data) };
	syms[SYM_UNDEF] = (Elf64_Sym){ 34, ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE), 0, SHN_UNDEF, 0, 0 };
	syms[SYM_BSS] = (Elf64_Sym){ 45, ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT), 0, 3, 8, 8 };
	st = obj_put(o, syms, sizeof(syms), 8);
	ss = obj_put(o, strtab, sizeof(strtab), 1);
	rl = obj_put(o, &rela, sizeof(rela), 8);
	hs = obj_put(o, shstr, sizeof(shstr), 1);
	sh[1] = shdr(1, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, t, sizeof(text), 0, 0, 16, 0);
	sh[2] = shdr(7, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, d, sizeof(data), 0, 0, 16, 0);
	sh[3] = shdr(13, SHT_NOBITS, SHF_ALLOC | SHF_WRITE, d + sizeof(data), 64, 0, 0, 32, 0);
	sh[4] = shdr(18, SHT_SYMTAB, 0, st, sizeof(syms), 5, 1, 8, sizeof(Elf64_Sym));
	sh[5] = shdr(26, SHT_STRTAB, 0, ss, sizeof(strtab), 0, 0, 1, 0);
	sh[6] = shdr(34, SHT_RELA, SHF_INFO_LINK, rl, sizeof(rela), 4, 1, 8, sizeof(Elf64_Rela));
	sh[7] = shdr(45, SHT_STRTAB, 0, hs, sizeof(shstr), 0, 0, 1, 0);
	shoff = obj_put(o, sh, sizeof(sh), 8);

	fake_elf64_ehdr(&eh, ET_REL, EM_X86_64, 0);
	eh.e_shoff = shoff;
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = 8;
	eh.e_shstrndx = 7;
	memcpy(o->b, &eh, sizeof(eh));
	return o->len;
}

/* Open the object and relocate it at addr; returns relocate's result. */
static int open_and_relocate(const struct obj_opts *op, uint64_t addr,
			     struct x86_purgatory *pg)
{
	struct obj o;

	build_obj(&o, op);
	ck_assert_int_eq(x86_purgatory_open_image(pg, o.b, o.len), 0);
	return x86_purgatory_relocate(pg, addr);
}

START_TEST(obj_layout)
{
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 0, 0 };
	struct x86_purgatory pg;

	ck_assert_int_eq(open_and_relocate(&op, 0x100000, &pg), 0);
	ck_assert_uint_eq(pg.bufsz, 16 + PURGATORY_X86_64_PARAMS_SIZE);
	ck_assert_uint_eq(pg.memsz, 4096);
	ck_assert_uint_eq(pg.entry, 0x100000);
	ck_assert_uint_eq(x86_purgatory_params_offset(&pg), 16);
	ck_assert_uint_eq(pg.buf[0], 0xfa);
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(obj_reloc_values)
{
	static const struct {
		unsigned int type, sym;
		int64_t addend;
		uint64_t want;		/* at 0x200000; bss lands at 16 + 336 = 0x160 */
		unsigned int width;
	} c[] = {
		{ R_X86_64_64, SYM_PARAMS, 8, 0x200018, 8 },
		{ R_X86_64_32, SYM_BSS, 0, 0x200168, 4 },
		{ R_X86_64_32S, SYM_START, 2, 0x200002, 4 },
		{ R_X86_64_PC32, SYM_PARAMS, -4, 0x10 - 4 - 4, 4 },
		{ R_X86_64_PLT32, SYM_START, -4, (uint32_t)(0 - 4 - 4), 4 },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct obj_opts op = { c[i].type, c[i].sym, c[i].addend, 0, 0 };
		struct x86_purgatory pg;

		ck_assert_int_eq(open_and_relocate(&op, 0x200000, &pg), 0);
		ck_assert_msg(get_le(pg.buf + 4, c[i].width) == c[i].want,
			      "type %u: got 0x%llx want 0x%llx", c[i].type,
			      (unsigned long long)get_le(pg.buf + 4, c[i].width),
			      (unsigned long long)c[i].want);
		x86_purgatory_close(&pg, 0);
	}
}
END_TEST

START_TEST(obj_bad_reloc_type)
{
	struct obj_opts op = { R_X86_64_GOTPCREL, SYM_PARAMS, 0, 0, 0 };
	struct x86_purgatory pg;

	capture_stderr();
	ck_assert_int_eq(open_and_relocate(&op, 0x100000, &pg), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "unsupported relocation type 9"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(obj_undefined_symbol)
{
	struct obj_opts op = { R_X86_64_64, SYM_UNDEF, 0, 0, 0 };
	struct x86_purgatory pg;

	capture_stderr();
	ck_assert_int_eq(open_and_relocate(&op, 0x100000, &pg), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "undefined symbol missing_fn"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(obj_reloc_overflow)
{
	struct obj_opts op = { R_X86_64_32S, SYM_START, 0, 0, 0 };
	struct x86_purgatory pg;

	capture_stderr();
	ck_assert_int_eq(open_and_relocate(&op, 0x80000000ULL, &pg), -ERANGE);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "R_X86_64_32S"));
	x86_purgatory_close(&pg, 0);

	op.rtype = R_X86_64_32;
	ck_assert_int_eq(open_and_relocate(&op, 0x80000000ULL, &pg), 0);
	x86_purgatory_close(&pg, 0);
	capture_stderr();
	ck_assert_int_eq(open_and_relocate(&op, 0x100000000ULL, &pg), -ERANGE);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "does not fit"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(obj_reloc_outside_section)
{
	struct obj_opts op = { R_X86_64_64, SYM_START, 0, 0, 12 };
	struct x86_purgatory pg;

	capture_stderr();
	ck_assert_int_eq(open_and_relocate(&op, 0x100000, &pg), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "outside the section"));
	x86_purgatory_close(&pg, 0);
}
END_TEST

START_TEST(obj_missing_params)
{
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 1, 0 };
	struct x86_purgatory pg;
	struct obj o;

	build_obj(&o, &op);
	capture_stderr();
	ck_assert_int_lt(x86_purgatory_open_image(&pg, o.b, o.len), 0);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "purgatory_params is missing"));
	ck_assert_ptr_null(pg.priv);
	ck_assert_ptr_null(pg.buf);
}
END_TEST

/* Found by tests/fuzz/fuzz_purgatory: a section size is not trusted. */
START_TEST(obj_huge_section)
{
	static const uint64_t bad[][2] = {	/* section, size */
		{ 2, 0xa7000000ULL },		/* would allocate 2.6 GiB */
		{ 3, UINT64_MAX - 8 },		/* bss: the layout end wraps */
	};
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 0, 0 };
	struct x86_purgatory pg;
	struct obj o;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build_obj(&o, &op);
		((Elf64_Shdr *)(o.b + ((Elf64_Ehdr *)o.b)->e_shoff))[bad[i][0]].sh_size = bad[i][1];
		capture_stderr();
		ck_assert_int_eq(x86_purgatory_open_image(&pg, o.b, o.len), -EFBIG);
		ck_assert_ptr_nonnull(strstr(stderr_text(), "larger than 16777216 bytes"));
		ck_assert_ptr_null(pg.priv);
	}
}
END_TEST

/* Found by tests/fuzz/fuzz_purgatory: libelf reads this table in place. */
START_TEST(obj_misaligned_shdrs)
{
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 0, 0 };
	struct x86_purgatory pg;
	Elf64_Ehdr *eh;
	struct obj o;

	build_obj(&o, &op);
	eh = (Elf64_Ehdr *)o.b;
	memmove(o.b + eh->e_shoff + 4, o.b + eh->e_shoff, 8 * sizeof(Elf64_Shdr));
	eh->e_shoff += 4;
	o.len += 4;
	capture_stderr();
	ck_assert_int_eq(x86_purgatory_open_image(&pg, o.b, o.len), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "section headers at offset"));
	ck_assert_ptr_null(pg.priv);
}
END_TEST

/* The parameter block's offset must not wrap around into buf. */
START_TEST(obj_params_offset_wraps)
{
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 0, 0 };
	struct x86_purgatory pg;
	Elf64_Shdr *sh;
	Elf64_Sym *syms;
	struct obj o;

	build_obj(&o, &op);
	sh = (Elf64_Shdr *)(o.b + ((Elf64_Ehdr *)o.b)->e_shoff);
	syms = (Elf64_Sym *)(o.b + sh[4].sh_offset);
	syms[SYM_PARAMS].st_value = UINT64_MAX - 100;	/* .data at 16: off = -85 */
	capture_stderr();
	ck_assert_int_eq(x86_purgatory_open_image(&pg, o.b, o.len), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "purgatory_params has size 336 at offset"));
	ck_assert_ptr_null(pg.priv);
}
END_TEST

START_TEST(obj_not_elf)
{
	static const unsigned char junk[64] = "this is not an ELF file";
	struct x86_purgatory pg;
	const char *msg;

	capture_stderr();
	ck_assert_int_eq(x86_purgatory_open_image(&pg, junk, sizeof(junk)), -EINVAL);
	msg = stderr_text();
	ck_assert_ptr_nonnull(strstr(msg, "x86_64 purgatory: blob is not an ELF object"));
	ck_assert_ptr_null(pg.priv);
}
END_TEST

START_TEST(obj_wrong_machine)
{
	struct obj_opts op = { R_X86_64_NONE, 0, 0, 0, 0 };
	struct x86_purgatory pg;
	struct obj o;

	build_obj(&o, &op);
	((Elf64_Ehdr *)o.b)->e_machine = EM_PPC64;
	capture_stderr();
	ck_assert_int_eq(x86_purgatory_open_image(&pg, o.b, o.len), -EINVAL);
	ck_assert_ptr_nonnull(strstr(stderr_text(), "machine 21"));
}
END_TEST

/* ---- purgatory's digest check, natively --------------------------------- */

static void digest_of(const unsigned char *b, const size_t *lens, unsigned int n,
		      uint8_t out[32])
{
	struct sha256_ctx ctx;
	unsigned int i;

	sha256_init_generic(&ctx);
	for (i = 0; i < n; i++) {
		sha256_update(&ctx, b, lens[i]);
		b += lens[i];
	}
	sha256_final(&ctx, out);
}

static void verify_setup(struct purgatory_x86_64_params *p, unsigned char *mem)
{
	static const size_t lens[3] = { 4096, 1, 70000 };
	size_t i, at = 0;

	for (i = 0; i < 74097; i++)
		mem[i] = (unsigned char)(i * 131 + 7);
	memset(p, 0, sizeof(*p));
	p->nr_regions = 3;
	for (i = 0; i < 3; i++) {
		p->regions[i].start = (uintptr_t)(mem + at);
		p->regions[i].len = lens[i];
		at += lens[i];
	}
	digest_of(mem, lens, 3, p->digest);
}

START_TEST(verify_accepts_right_digest)
{
	struct purgatory_x86_64_params p;
	unsigned char *mem = malloc(74097);
	uint8_t got[32];
	unsigned int i;

	verify_setup(&p, mem);
	ck_assert_int_eq(purgatory_verify(&p, got), 0);
	ck_assert_mem_eq(got, p.digest, 32);
	for (i = 0; i < NR_PATHS; i++) {
		if (!path_runs(i))
			continue;
		p.flags = path_flag[i];
		ck_assert_int_eq(purgatory_verify(&p, got), 0);
		ck_assert_mem_eq(got, p.digest, 32);
		ck_assert_int_eq(purgatory_verify_with(&p, 0, got), 0);
	}
	free(mem);
}
END_TEST

START_TEST(verify_paths_refuse_corruption)
{
	struct purgatory_x86_64_params p;
	unsigned char *mem = malloc(74097);
	uint8_t got[32];
	unsigned int i;

	verify_setup(&p, mem);
	for (i = 0; i < NR_PATHS; i++) {
		if (!path_runs(i))
			continue;
		mem[74096] ^= 0x80;
		ck_assert_int_eq(purgatory_verify_with(&p, path_flag[i], got), 1);
		mem[74096] ^= 0x80;
		ck_assert_int_eq(purgatory_verify_with(&p, path_flag[i], got), 0);
	}
	free(mem);
}
END_TEST

/*
 * AVX2 only with ymm state in XCR0 (purgatory never writes XCR0, so the
 * crashed kernel's value decides); the other flags need nothing there;
 * bits purgatory does not know are dropped.
 */
START_TEST(verify_simd_flags_need_ymm)
{
	const uint32_t all = PURGATORY_X86_64_FLAGS_SIMD;

	ck_assert_uint_eq(purgatory_simd_flags(all, 0x7), all);
	ck_assert_uint_eq(purgatory_simd_flags(all, 0x2e7), all);
	ck_assert_uint_eq(purgatory_simd_flags(all, 0x3), all & ~PURGATORY_X86_64_FLAG_AVX2);
	ck_assert_uint_eq(purgatory_simd_flags(all, 0x5), all & ~PURGATORY_X86_64_FLAG_AVX2);
	ck_assert_uint_eq(purgatory_simd_flags(all, 0), all & ~PURGATORY_X86_64_FLAG_AVX2);
	ck_assert_uint_eq(purgatory_simd_flags(PURGATORY_X86_64_FLAG_AVX2, 0x1), 0);
	ck_assert_uint_eq(purgatory_simd_flags(0xf0 | PURGATORY_X86_64_FLAG_SSSE3, 0),
			  PURGATORY_X86_64_FLAG_SSSE3);
	ck_assert_uint_eq(purgatory_simd_flags(0, 0x7), 0);
}
END_TEST

START_TEST(verify_refuses_corrupted_region)
{
	struct purgatory_x86_64_params p;
	unsigned char *mem = malloc(74097);
	uint8_t got[32];

	verify_setup(&p, mem);
	mem[4096] ^= 0x01;	/* the one-byte region */
	ck_assert_int_eq(purgatory_verify(&p, got), 1);
	mem[4096] ^= 0x01;
	mem[74096] ^= 0x80;	/* last byte of the last region */
	ck_assert_int_eq(purgatory_verify(&p, got), 1);
	mem[74096] ^= 0x80;
	ck_assert_int_eq(purgatory_verify(&p, got), 0);
	free(mem);
}
END_TEST

START_TEST(verify_refuses_wrong_digest_and_order)
{
	struct purgatory_x86_64_params p;
	struct purgatory_x86_64_region r;
	unsigned char *mem = malloc(74097);
	uint8_t got[32];

	verify_setup(&p, mem);
	p.digest[31] ^= 1;
	ck_assert_int_eq(purgatory_verify(&p, got), 1);
	p.digest[31] ^= 1;
	r = p.regions[0];		/* same bytes, other order */
	p.regions[0] = p.regions[2];
	p.regions[2] = r;
	ck_assert_int_eq(purgatory_verify(&p, got), 1);
	free(mem);
}
END_TEST

START_TEST(verify_empty_and_clamped)
{
	static const uint8_t empty[32] = {	/* SHA-256("") */
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8,
		0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
		0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55 };
	struct purgatory_x86_64_params p;
	uint8_t got[32];

	memset(&p, 0, sizeof(p));
	memcpy(p.digest, empty, 32);
	ck_assert_int_eq(purgatory_verify(&p, got), 0);
	/* An absurd count is clamped to the 16 slots, all empty here. */
	p.nr_regions = 1000;
	ck_assert_int_eq(purgatory_verify(&p, got), 0);
}
END_TEST

static Suite *purgatory_suite(void)
{
	Suite *s = suite_create("purgatory_x86_64");
	TCase *blob = tcase_create("blob"), *obj = tcase_create("objects");
	TCase *ver = tcase_create("verify");

#ifdef HAVE_X86_64_PURGATORY_BLOB
	tcase_add_test(blob, blob_opens);
	tcase_add_test(blob, blob_relocates_only_at_sites);
	tcase_add_test(blob, blob_refuses_unaligned_address);
	tcase_add_test(blob, blob_params_round_trip);
	tcase_add_test(blob, blob_params_before_relocate);
	tcase_add_test(blob, blob_params_too_many_regions);
	tcase_add_test(blob, blob_close_keep_buf);
#if defined(__x86_64__) && defined(MAP_FIXED_NOREPLACE)
	tcase_add_test(blob, blob_code_runs_relocated);
	tcase_add_test(blob, blob_paths_big_random);
	tcase_add_test(blob, blob_paths_fips);
#endif
#else
	tcase_add_test(blob, no_blob_says_so);
#endif
	tcase_add_test(obj, obj_layout);
	tcase_add_test(obj, obj_reloc_values);
	tcase_add_test(obj, obj_bad_reloc_type);
	tcase_add_test(obj, obj_undefined_symbol);
	tcase_add_test(obj, obj_reloc_overflow);
	tcase_add_test(obj, obj_reloc_outside_section);
	tcase_add_test(obj, obj_missing_params);
	tcase_add_test(obj, obj_huge_section);
	tcase_add_test(obj, obj_misaligned_shdrs);
	tcase_add_test(obj, obj_params_offset_wraps);
	tcase_add_test(obj, obj_not_elf);
	tcase_add_test(obj, obj_wrong_machine);
	tcase_add_test(ver, verify_accepts_right_digest);
	tcase_add_test(ver, verify_paths_refuse_corruption);
	tcase_add_test(ver, verify_simd_flags_need_ymm);
	tcase_add_test(ver, verify_refuses_corrupted_region);
	tcase_add_test(ver, verify_refuses_wrong_digest_and_order);
	tcase_add_test(ver, verify_empty_and_clamped);
	suite_add_tcase(s, blob);
	suite_add_tcase(s, obj);
	suite_add_tcase(s, ver);
	return s;
}

int main(void)
{
	return check_run(purgatory_suite());
}
