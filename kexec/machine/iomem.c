// SPDX-License-Identifier: GPL-2.0-only
/*
 * iomem.c - the /proc/iomem parser (see iomem.h).  It owns the line format
 * "<hex>-<hex> : <name>" at any indentation, the mapping of resource names
 * to the loader's lists (RAM to dump, typed ranges for the capture kernel's
 * map, the crash reservation, GART, the kernel text start), and the sanity
 * rules of the kernel's resource tree: a child lies inside its parent and
 * top-level ranges never overlap.  Top-level lines out of order are
 * accepted (snapshots may be edited by hand): every list is sorted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iomem.h"
#include "log.h"
#include "pages.h"

#define IOMEM_MAX	(64u << 20)	/* 8192 ranges need well under 1 MiB */

/*
 * Fresh heap a load writes per byte of /proc/iomem text: the range lists,
 * kcore's program headers, the crash header, the plan's copy of the dumped
 * ranges.  8192 ranges: 295 KB of text, about 1.3 MB of heap.
 */
#define IOMEM_HEAP_PER_BYTE	4

/* Classes a line can fall into; one bit each so ancestors can be masked. */
enum iomem_class {
	CLS_NONE = 0,
	CLS_RAM = 1 << 0,
	CLS_ACPI = 1 << 1,
	CLS_NVS = 1 << 2,
	CLS_PRAM = 1 << 3,
	CLS_PMEM = 1 << 4,
	CLS_RESERVED = 1 << 5,
	CLS_CRASH = 1 << 6,
	CLS_GART = 1 << 7,
};

struct iomem_line {
	unsigned int lineno;
	size_t indent;
	uint64_t start, end;
	const char *name;
	size_t name_len;
};

/* An open ancestor while walking the tree by indentation. */
struct iomem_node {
	size_t indent;
	uint64_t start, end;
	unsigned int lineno;
	unsigned int classes;	/* own class | every ancestor's */
};

struct iomem_parser {
	struct iomem *m;
	struct iomem_node *stack;
	size_t depth, cap;
	struct range_list top;	/* top-level ranges; type = line number */
	size_t lines, zero_lines;
};

static bool name_is(const struct iomem_line *l, const char *s)
{
	return l->name_len == strlen(s) && !memcmp(l->name, s, l->name_len);
}

static bool name_has(const struct iomem_line *l, const char *s)
{
	return memmem(l->name, l->name_len, s, strlen(s)) != NULL;
}

static unsigned int classify(const struct iomem_line *l)
{
	/* the exact name first: thousands of lines on a big machine */
	if (name_is(l, "System RAM") || name_has(l, "System RAM"))
		return CLS_RAM;
	if (name_is(l, "ACPI Tables"))
		return CLS_ACPI;
	if (name_is(l, "ACPI Non-volatile Storage"))
		return CLS_NVS;
	if (name_is(l, "Persistent Memory (legacy)"))
		return CLS_PRAM;
	if (name_is(l, "Persistent Memory"))
		return CLS_PMEM;
	if (name_is(l, "reserved") || name_is(l, "Reserved"))
		return CLS_RESERVED;
	if (name_is(l, "Crash kernel"))
		return CLS_CRASH;
	if (name_is(l, "GART"))
		return CLS_GART;
	return CLS_NONE;
}

static unsigned int class_range_type(unsigned int cls)
{
	switch (cls) {
	case CLS_ACPI:
		return RANGE_ACPI;
	case CLS_NVS:
		return RANGE_NVS;
	case CLS_PRAM:
		return RANGE_PRAM;
	case CLS_PMEM:
		return RANGE_PMEM;
	case CLS_RESERVED:
		return RANGE_RESERVED;
	default:
		return RANGE_RAM;
	}
}

/* Hex digits at *p up to a non-hex character; at most 16 of them. */
static bool parse_hex(const char **p, const char *end, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;

	while (*p < end) {
		char c = **p;
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		v = v << 4 | d;
		(*p)++;
	}
	*val = v;
	return *p > s && *p - s <= 16;
}

/* Split one line into its fields; on failure *why says what is wrong. */
static int split_line(const char *p, const char *end, struct iomem_line *l,
		      const char **why)
{
	const char *s = p;

	while (p < end && *p == ' ')
		p++;
	l->indent = p - s;
	*why = "expected \"<hex start>-<hex end> : <name>\"";
	if (!parse_hex(&p, end, &l->start) || p == end || *p++ != '-')
		return -EINVAL;
	if (!parse_hex(&p, end, &l->end))
		return -EINVAL;
	if (end - p < 3 || memcmp(p, " : ", 3))
		return -EINVAL;
	l->name = p + 3;
	l->name_len = end - l->name;
	if (l->end < l->start) {
		*why = "end address below start address";
		return -EINVAL;
	}
	return 0;
}

static int line_error(const struct iomem_line *l, const char *text,
		      size_t len, const char *why)
{
	pr_err("cannot parse /proc/iomem line %u \"%.*s\": %s", l->lineno,
	       (int)(len > 120 ? 120 : len), text, why);
	return -EINVAL;
}

static int push_node(struct iomem_parser *ps, const struct iomem_node *n)
{
	if (ps->depth == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		struct iomem_node *st = realloc(ps->stack, cap * sizeof(*st));

		if (!st)
			return -ENOMEM;
		ps->stack = st;
		ps->cap = cap;
	}
	ps->stack[ps->depth++] = *n;
	return 0;
}

/*
 * Place the line in the tree: pop siblings and their children, check that
 * the line lies inside its parent, and return the ancestors' classes.
 */
static int find_parent(struct iomem_parser *ps, const struct iomem_line *l,
		       unsigned int *ancestors)
{
	const struct iomem_node *parent;

	while (ps->depth && ps->stack[ps->depth - 1].indent >= l->indent)
		ps->depth--;
	*ancestors = 0;
	if (!ps->depth)
		return ranges_add(&ps->top, l->start, l->end, l->lineno);
	parent = &ps->stack[ps->depth - 1];
	if (l->start < parent->start || l->end > parent->end) {
		pr_err("cannot parse /proc/iomem line %u: %llx-%llx is not inside its parent %llx-%llx on line %u",
		       l->lineno, (unsigned long long)l->start,
		       (unsigned long long)l->end,
		       (unsigned long long)parent->start,
		       (unsigned long long)parent->end, parent->lineno);
		return -EINVAL;
	}
	*ancestors = parent->classes;
	return 0;
}

/*
 * Add the line to its list unless an ancestor has the same class (a nested
 * "System RAM" inside "System RAM" must not count twice).
 */
static int record(struct iomem *m, const struct iomem_line *l,
		  unsigned int cls, unsigned int ancestors)
{
	if (name_is(l, "Kernel code") && !m->has_kernel_code) {
		m->has_kernel_code = true;
		m->kernel_code_start = l->start;
	}
	if (cls == CLS_NONE || (ancestors & cls))
		return 0;
	if (cls == CLS_RAM)
		return ranges_add(&m->ram, l->start, l->end, RANGE_RAM);
	if (cls == CLS_CRASH)
		return ranges_add(&m->crash, l->start, l->end, RANGE_RAM);
	if (cls == CLS_GART)
		return ranges_add(&m->gart, l->start, l->end, RANGE_RESERVED);
	return ranges_add(&m->typed, l->start, l->end, class_range_type(cls));
}

static int parse_one(struct iomem_parser *ps, const char *p, const char *end,
		     unsigned int lineno)
{
	struct iomem_line l = { .lineno = lineno };
	struct iomem_node node;
	unsigned int cls, ancestors;
	const char *why;
	int ret;

	if (split_line(p, end, &l, &why))
		return line_error(&l, p, end - p, why);
	ps->lines++;
	if (l.start == 0 && l.end == 0)
		ps->zero_lines++;
	ret = find_parent(ps, &l, &ancestors);
	if (ret)
		return ret;
	cls = classify(&l);
	ret = record(ps->m, &l, cls, ancestors);
	if (ret)
		return ret;
	node = (struct iomem_node){ .indent = l.indent, .start = l.start,
		.end = l.end, .lineno = lineno, .classes = ancestors | cls };
	return push_node(ps, &node);
}

/* Top-level siblings never overlap in the kernel's tree. */
static int check_top_level(struct range_list *top)
{
	size_t i;

	ranges_sort(top);
	for (i = 1; i < top->n; i++) {
		const struct range *a = &top->r[i - 1], *b = &top->r[i];

		if (b->start > a->end)
			continue;
		pr_err("cannot parse /proc/iomem: top-level ranges on lines %u and %u overlap (%llx-%llx, %llx-%llx)",
		       a->type < b->type ? a->type : b->type,
		       a->type < b->type ? b->type : a->type,
		       (unsigned long long)a->start, (unsigned long long)a->end,
		       (unsigned long long)b->start, (unsigned long long)b->end);
		return -EINVAL;
	}
	return 0;
}

static int parse_lines(struct iomem_parser *ps, const char *text)
{
	unsigned int lineno = 0;
	const char *p = text;
	int ret;

	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);

		lineno++;
		if (end > p) {
			ret = parse_one(ps, p, end, lineno);
			if (ret)
				return ret;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* After every line parsed: whole-file checks, then sort the lists. */
static int finish(struct iomem_parser *ps)
{
	struct iomem *m = ps->m;
	int ret;

	if (!ps->lines) {
		pr_err("cannot parse /proc/iomem: it lists no ranges");
		return -EINVAL;
	}
	if (ps->zero_lines == ps->lines) {
		pr_err("cannot use /proc/iomem: every address reads as zero (the kernel hides them from users without CAP_SYS_ADMIN: run as root)");
		return -EPERM;
	}
	ret = check_top_level(&ps->top);
	if (ret)
		return ret;
	ranges_sort(&m->ram);
	ranges_sort(&m->typed);
	ranges_sort(&m->crash);
	ranges_sort(&m->gart);
	return 0;
}

static size_t count_lines(const char *text)
{
	size_t n = 1;

	while ((text = strchr(text, '\n')))
		n++, text++;
	return n;
}

/*
 * The two long lists (top-level ranges, System RAM) get room for every line
 * at once: growing them by doubling copies them again and again, into
 * fresh pages (8192 ranges: about 100 pages).  Room never used is never
 * touched.
 */
static int reserve_lists(struct iomem_parser *ps, const char *text)
{
	size_t lines = count_lines(text);

	if (ranges_reserve(&ps->top, lines) ||
	    ranges_reserve(&ps->m->ram, lines))
		return -ENOMEM;
	return 0;
}

int iomem_parse(const char *text, struct iomem *m)
{
	struct iomem_parser ps = { .m = m, .top = RANGE_LIST_INIT };
	int ret;

	memset(m, 0, sizeof(*m));
	ret = reserve_lists(&ps, text);
	if (!ret)
		ret = parse_lines(&ps, text);
	if (!ret)
		ret = finish(&ps);
	free(ps.stack);
	ranges_free(&ps.top);
	if (ret)
		iomem_free(m);
	return ret;
}

int iomem_read(const struct sysroot *s, struct iomem *m)
{
	void *huge_gap;
	size_t len;
	char *text;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = sysroot_read(s, "proc/iomem", &text, &len, IOMEM_MAX);
	if (ret == -ENOENT)
		sysroot_error(s, "proc/iomem", ret);
	if (ret)
		return ret;
	huge_gap = pages_huge_heap(len * IOMEM_HEAP_PER_BYTE);
	ret = iomem_parse(text, m);
	free(text);
	if (ret)
		free(huge_gap);
	else
		m->huge_gap = huge_gap;
	return ret;
}

void iomem_free(struct iomem *m)
{
	ranges_free(&m->ram);
	ranges_free(&m->typed);
	ranges_free(&m->crash);
	ranges_free(&m->gart);
	m->has_kernel_code = false;
	m->kernel_code_start = 0;
	free(m->huge_gap);
	m->huge_gap = NULL;
}
