// SPDX-License-Identifier: GPL-2.0-only
/*
 * uki.c - the PE/COFF reading behind UKIs (uki.h): the DOS header's
 * e_lfanew, the "PE\0\0" signature, the COFF header (machine, section
 * count, optional header size), the optional header's PE32+ magic and
 * the section table, then the .linux, .initrd and .cmdline sections.
 * Every read is checked against the file size first, in 64-bit
 * arithmetic, so no offset or size in the file can make it read outside.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uki.h"

#define DOS_LFANEW		0x3c	/* u32: offset of "PE\0\0" */
#define PE_SIG_SIZE		4
#define COFF_SIZE		20
#define COFF_MACHINE		0	/* u16, from the COFF header */
#define COFF_NSECTIONS		2	/* u16 */
#define COFF_OPT_SIZE		16	/* u16: SizeOfOptionalHeader */
#define OPT_MAGIC_PE32		0x10b
#define OPT_MAGIC_PE32PLUS	0x20b
#define MACHINE_AMD64		0x8664
#define SECT_SIZE		40
#define SECT_VSIZE		8	/* u32: VirtualSize */
#define SECT_RAW_SIZE		16	/* u32: SizeOfRawData */
#define SECT_RAW_PTR		20	/* u32: PointerToRawData */

/* Where the section table is, from the headers before it. */
struct pe_hdrs {
	uint64_t sect_off;	/* first section header */
	unsigned int nsect;
	uint64_t hdr_end;	/* end of the section table */
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static int reject(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int reject(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

/* "PE\0\0" and the COFF header: machine, sections, optional header size. */
static int read_coff(const unsigned char *d, size_t size, struct pe_hdrs *h,
		     uint64_t *opt_off, unsigned int *opt_size,
		     char *why, size_t whylen)
{
	uint64_t pe, coff;
	unsigned int machine;

	if (size < DOS_LFANEW + 4)
		return reject(why, whylen, "truncated: %zu bytes, the DOS header's e_lfanew is at 0x%x",
			      size, DOS_LFANEW);
	pe = le32(d + DOS_LFANEW);
	coff = pe + PE_SIG_SIZE;
	if (coff + COFF_SIZE > size)
		return reject(why, whylen, "truncated: the PE header at 0x%llx runs past the end of the %zu-byte file",
			      (unsigned long long)pe, size);
	if (memcmp(d + pe, "PE\0\0", PE_SIG_SIZE))
		return reject(why, whylen, "no PE signature at e_lfanew 0x%llx",
			      (unsigned long long)pe);
	machine = le16(d + coff + COFF_MACHINE);
	if (machine != MACHINE_AMD64)
		return reject(why, whylen, "a PE file for machine 0x%x, not x86_64 (0x%x)",
			      machine, MACHINE_AMD64);
	h->nsect = le16(d + coff + COFF_NSECTIONS);
	*opt_off = coff + COFF_SIZE;
	*opt_size = le16(d + coff + COFF_OPT_SIZE);
	return 0;
}

static int read_headers(const unsigned char *d, size_t size, struct pe_hdrs *h,
			char *why, size_t whylen)
{
	uint64_t opt_off = 0;
	unsigned int opt_size = 0, magic;
	int err;

	err = read_coff(d, size, h, &opt_off, &opt_size, why, whylen);
	if (err)
		return err;
	if (opt_size < 2 || opt_off + opt_size > size)
		return reject(why, whylen, "truncated: the %u-byte optional header at 0x%llx does not fit the %zu-byte file",
			      opt_size, (unsigned long long)opt_off, size);
	magic = le16(d + opt_off);
	if (magic == OPT_MAGIC_PE32)
		return reject(why, whylen, "a PE32 file: an x86_64 UKI is PE32+ (optional header magic 0x%x)",
			      OPT_MAGIC_PE32PLUS);
	if (magic != OPT_MAGIC_PE32PLUS)
		return reject(why, whylen, "optional header magic 0x%x is not PE32+ (0x%x)",
			      magic, OPT_MAGIC_PE32PLUS);
	if (h->nsect > UKI_MAX_SECTIONS)
		return reject(why, whylen, "%u sections, more than the %d a PE loader takes",
			      h->nsect, UKI_MAX_SECTIONS);
	h->sect_off = opt_off + opt_size;
	h->hdr_end = h->sect_off + (uint64_t)h->nsect * SECT_SIZE;
	if (h->hdr_end > size)
		return reject(why, whylen, "truncated: the table of %u sections at 0x%llx runs past the end of the %zu-byte file",
			      h->nsect, (unsigned long long)h->sect_off, size);
	return 0;
}

/* The section's bytes: inside the file, after the headers. */
static int read_section(const unsigned char *d, size_t size,
			const struct pe_hdrs *h, const unsigned char *s,
			const char *name, struct uki_section *out,
			char *why, size_t whylen)
{
	uint64_t vsize = le32(s + SECT_VSIZE), raw = le32(s + SECT_RAW_SIZE);
	uint64_t off = le32(s + SECT_RAW_PTR);

	if (out->data)
		return reject(why, whylen, "two %s sections", name);
	if (off + raw > size)
		return reject(why, whylen, "section %s (0x%llx bytes at 0x%llx) runs past the end of the %zu-byte file",
			      name, (unsigned long long)raw, (unsigned long long)off, size);
	if (off < h->hdr_end)
		return reject(why, whylen, "section %s at 0x%llx overlaps the PE headers (to 0x%llx)",
			      name, (unsigned long long)off, (unsigned long long)h->hdr_end);
	out->size = vsize < raw ? vsize : raw;
	if (out->size)
		out->data = d + off;
	else if (!strcmp(name, ".linux"))
		return reject(why, whylen, "section .linux is empty");
	return 0;	/* an empty .initrd or .cmdline is none */
}

static int overlaps(const struct uki_section *a, const struct uki_section *b)
{
	return a->data && b->data && a->data < b->data + b->size &&
	       b->data < a->data + a->size;
}

static int check_overlaps(const struct uki *u, char *why, size_t whylen)
{
	if (overlaps(&u->kernel, &u->initrd))
		return reject(why, whylen, "sections .linux and .initrd overlap");
	if (overlaps(&u->kernel, &u->cmdline))
		return reject(why, whylen, "sections .linux and .cmdline overlap");
	if (overlaps(&u->initrd, &u->cmdline))
		return reject(why, whylen, "sections .initrd and .cmdline overlap");
	return 0;
}

/* The section a UKI uses that s names, or NULL. */
static struct uki_section *wanted(struct uki *u, const unsigned char *s,
				  const char **name)
{
	static const char *const names[] = { ".linux", ".initrd", ".cmdline" };
	struct uki_section *slot[] = { &u->kernel, &u->initrd, &u->cmdline };
	char n[9] = { 0 };
	size_t i;

	memcpy(n, s, 8);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(n, names[i])) {
			*name = names[i];
			return slot[i];
		}
	}
	return NULL;
}

static int read_sections(const unsigned char *d, size_t size,
			 const struct pe_hdrs *h, struct uki *u,
			 char *why, size_t whylen)
{
	unsigned int i;
	int err;

	for (i = 0; i < h->nsect; i++) {
		const unsigned char *s = d + h->sect_off + (uint64_t)i * SECT_SIZE;
		const char *name = NULL;
		struct uki_section *out = wanted(u, s, &name);

		if (!out)
			continue;
		err = read_section(d, size, h, s, name, out, why, whylen);
		if (err)
			return err;
	}
	return 0;
}

int uki_parse(const unsigned char *d, size_t size, struct uki *u,
	      char *why, size_t whylen)
{
	struct pe_hdrs h = { 0 };
	int err;

	memset(u, 0, sizeof(*u));
	if (size < 2 || memcmp(d, "MZ", 2))
		return 0;
	err = read_headers(d, size, &h, why, whylen);
	if (!err)
		err = read_sections(d, size, &h, u, why, whylen);
	if (!err && !u->kernel.data) {
		memset(u, 0, sizeof(*u));
		return 0;
	}
	if (!err)
		err = check_overlaps(u, why, whylen);
	if (err) {
		memset(u, 0, sizeof(*u));
		return err;
	}
	return 1;
}

char *uki_cmdline(const struct uki *u)
{
	const struct uki_section *c = &u->cmdline;
	size_t n = c->data ? strnlen((const char *)c->data, c->size) : 0;
	char *s;

	while (n && strchr(" \t\r\n", c->data[n - 1]))
		n--;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	if (n)
		memcpy(s, c->data, n);
	s[n] = '\0';
	return s;
}
