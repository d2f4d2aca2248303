// SPDX-License-Identifier: GPL-2.0-only
/*
 * machine.c - what the running ppc64 machine's device tree says: the crash
 * region if any (/chosen/linux,crashkernel-base/-size; ppc64 does not show
 * it in /proc/iomem), memory (memory@N/reg and the drconf LMBs of
 * ibm,dynamic-reconfiguration-memory, v1 or v2 layout, skipping reserved
 * and unassigned LMBs), mem= (linux,memory-limit), RTAS, OPAL,
 * /reserved-ranges, and what the running kernel keeps busy until kexec -e
 * (linux,kernel-end, linux,htab-base/-size, pci linux,tce-base/-size).
 * Everything comes from the tree read through the sysroot, so snapshots
 * reproduce it on any host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "machine.h"

#define DRCONF_NODE	"ibm,dynamic-reconfiguration-memory"
/*
 * Both layouts have 24-byte entries with the flags at 20:
 * v1: u64 addr, u32 drc, u32 rsvd, u32 aa, u32 flags (one LMB);
 * v2: u32 seq_lmbs, u64 base, u32 drc, u32 aa, u32 flags (seq_lmbs LMBs).
 */
#define LMB_ENTRY_SIZE	24
#define LMB_SIZE_MIN	(16ULL << 20)	/* a memory section (SECTION_SIZE_BITS 24) */
#define PPC64_REAL_MAX	(1ULL << 51)

static int bad_prop(const char *where, const char *node, const char *prop,
		    const char *why)
{
	pr_err("%s: /%s/%s %s", where, node, prop, why);
	return -EINVAL;
}

static int add_range(struct range_list *l, uint64_t start, uint64_t size)
{
	if (!size)
		return 0;
	if (start + size - 1 < start)
		return -ERANGE;
	return ranges_add(l, start, start + size - 1, RANGE_RAM);
}

static unsigned int root_cells(const struct dt_node *root, const char *name,
			       unsigned int dflt)
{
	const struct dt_prop *p = dt_prop(root, name);

	return p && p->len == 4 ? dt_be32(p->val) : dflt;
}

/*
 * linux,memory-limit is only a limit when the kernel was booted with mem=:
 * otherwise pseries kernels publish the end of boot-time RAM there, and
 * honouring it would drop hot-added memory from the dump.
 */
static bool booted_with_mem(const struct dt_node *chosen)
{
	const struct dt_prop *p = dt_prop(chosen, "bootargs");
	size_t i;

	for (i = 0; p && i + 4 <= p->len; i++)
		if (!memcmp(p->val + i, "mem=", 4) &&
		    (i == 0 || p->val[i - 1] == ' '))
			return true;
	return false;
}

/*
 * The crash region is optional here: a normal (-l) load needs none, and
 * a crash load checks has_crash itself (ppc64_machine_need_crash).
 */
static int read_crash(const char *where, struct ppc64_machine *m)
{
	const struct dt_node *chosen = dt_child(&m->dt, "chosen");
	uint64_t base, size;

	if (!booted_with_mem(chosen) ||
	    dt_prop_u64(chosen, "linux,memory-limit", &m->memory_limit))
		m->memory_limit = 0;
	if (dt_prop_u64(chosen, "linux,crashkernel-base", &base) ||
	    dt_prop_u64(chosen, "linux,crashkernel-size", &size) || !size)
		return 0;
	if (base + size - 1 < base)
		return bad_prop(where, "chosen", "linux,crashkernel-size",
				"runs past the end of the address space");
	m->crash = (struct range){ base, base + size - 1, RANGE_RAM };
	m->has_crash = true;
	return 0;
}

/* memory@*: reg = (address, size) pairs in the root's cell sizes. */
static int read_memory_node(const char *where, struct ppc64_machine *m,
			    const struct dt_node *n)
{
	const struct dt_prop *reg = dt_prop(n, "reg");
	size_t step = 4 * (m->addr_cells + m->size_cells), off;
	uint64_t start, size;
	int ret = 0;

	if (dt_prop_is(n, "compatible", "ibm,coherent-device-memory"))
		return 0;
	if (!reg)
		return 0;
	if (reg->len % step)
		return bad_prop(where, n->name, "reg", "is not a list of (address, size) pairs");
	for (off = 0; !ret && off < reg->len; off += step) {
		start = dt_cells(reg->val + off, m->addr_cells);
		size = dt_cells(reg->val + off + 4 * m->addr_cells, m->size_cells);
		if (start == 0 && size && !m->rma_top)
			m->rma_top = size;
		ret = add_range(&m->ram, start, size);
	}
	return ret;
}

/*
 * The most memory the machine can have: /rtas/ibm,lrdr-capacity (the
 * highest address memory hot-plug can reach, which QEMU sets to 0 without
 * hot-pluggable memory), else the largest real address space of a
 * POWER9/10 (51 bits, the kernel's biggest MAX_PHYSMEM_BITS).  The LMBs do
 * not overlap and lie below it, so together they cannot be larger.
 */
static uint64_t max_memory(const struct ppc64_machine *m, const char **from)
{
	const struct dt_prop *p = dt_prop(dt_child(&m->dt, "rtas"),
					  "ibm,lrdr-capacity");
	uint64_t cap = p && p->len >= 8 ? dt_be64(p->val) : 0;

	*from = cap ? "/rtas/ibm,lrdr-capacity" : "the 51-bit real address space";
	return cap ? cap : PPC64_REAL_MAX;
}

/*
 * LMBs described by a drconf property of n entries of esize bytes: its
 * length bounds the entries; each v2 entry's LMB count (seq_off >= 0)
 * times ibm,lmb-size bounds the memory, checked against what the machine
 * can have before anything is allocated.
 */
static int count_lmbs(const char *where, const struct ppc64_machine *m,
		      const struct dt_prop *p, int seq_off, uint64_t *count)
{
	uint64_t total = 0, most, max;
	const char *from;
	uint32_t n, i;

	if (p->len < 4 || (p->len - 4) % LMB_ENTRY_SIZE ||
	    (n = dt_be32(p->val)) > (p->len - 4) / LMB_ENTRY_SIZE)
		return bad_prop(where, DRCONF_NODE, p->name, "has a bad length");
	max = max_memory(m, &from);
	most = max / m->lmb_size;
	for (i = 0; i < n && total <= most; i++)
		total += seq_off < 0 ? 1 :
			 dt_be32(p->val + 4 + (size_t)i * LMB_ENTRY_SIZE + seq_off);
	if (total > most) {
		pr_err("%s: /%s/%s describes more than %llu LMBs of %llu MiB, more memory than the machine can have (%llu MiB, %s)",
		       where, DRCONF_NODE, p->name, (unsigned long long)most,
		       (unsigned long long)(m->lmb_size >> 20),
		       (unsigned long long)(max >> 20), from);
		return -EINVAL;
	}
	*count = total;
	return 0;
}

static int alloc_lmbs(struct ppc64_machine *m, uint64_t count)
{
	m->lmbs = count ? calloc(count, sizeof(*m->lmbs)) : NULL;
	return count && !m->lmbs ? -ENOMEM : 0;
}

static int read_lmbs_v1(const char *where, struct ppc64_machine *m,
			const struct dt_prop *p)
{
	uint64_t n, i;
	int ret = count_lmbs(where, m, p, -1, &n);

	if (!ret)
		ret = alloc_lmbs(m, n);
	for (i = 0; !ret && i < n; i++) {
		const unsigned char *e = p->val + 4 + (size_t)i * LMB_ENTRY_SIZE;

		m->lmbs[m->nr_lmbs++] = (struct ppc64_lmb){ dt_be64(e), dt_be32(e + 20) };
	}
	return ret;
}

static int read_lmbs_v2(const char *where, struct ppc64_machine *m,
			const struct dt_prop *p)
{
	uint64_t total;
	uint32_t n, i, j, seq;
	int ret = count_lmbs(where, m, p, 0, &total);

	if (!ret)
		ret = alloc_lmbs(m, total);
	n = ret ? 0 : dt_be32(p->val);
	for (i = 0; !ret && i < n; i++) {
		const unsigned char *e = p->val + 4 + (size_t)i * LMB_ENTRY_SIZE;
		uint64_t base = dt_be64(e + 4);

		seq = dt_be32(e);
		if (seq && base + (seq * m->lmb_size - 1) < base)
			return bad_prop(where, DRCONF_NODE, p->name,
					"has an LMB set running past the end of the address space");
		for (j = 0; j < seq; j++)
			m->lmbs[m->nr_lmbs++] = (struct ppc64_lmb){
				base + j * m->lmb_size, dt_be32(e + 20) };
	}
	return ret;
}

static bool lmb_usable(const struct ppc64_lmb *l)
{
	return (l->flags & PPC64_LMB_ASSIGNED) && !(l->flags & PPC64_LMB_RESERVED);
}

static int read_drconf(const char *where, struct ppc64_machine *m)
{
	const struct dt_node *dr = dt_child(&m->dt, DRCONF_NODE);
	const struct dt_prop *v1, *v2;
	size_t i;
	int ret;

	if (!dr)
		return 0;
	if (dt_prop_u64(dr, "ibm,lmb-size", &m->lmb_size) || !m->lmb_size)
		return bad_prop(where, DRCONF_NODE, "ibm,lmb-size", "is missing or zero");
	if (m->lmb_size < LMB_SIZE_MIN)
		return bad_prop(where, DRCONF_NODE, "ibm,lmb-size",
				"is below 16 MiB, the memory section size the kernel's memory blocks are made of");
	v2 = dt_prop(dr, "ibm,dynamic-memory-v2");
	v1 = dt_prop(dr, "ibm,dynamic-memory");
	if (v2)
		ret = read_lmbs_v2(where, m, v2);
	else if (v1)
		ret = read_lmbs_v1(where, m, v1);
	else
		return 0;
	for (i = 0; !ret && i < m->nr_lmbs; i++)
		if (lmb_usable(&m->lmbs[i]))
			ret = add_range(&m->ram, m->lmbs[i].base, m->lmb_size);
	return ret;
}

static int read_firmware(struct ppc64_machine *m)
{
	const struct dt_node *rtas = dt_child(&m->dt, "rtas");
	const struct dt_node *opal = dt_child(&m->dt, "ibm,opal");
	uint64_t base, size;
	int ret = 0;

	if (!dt_prop_u64(rtas, "linux,rtas-base", &base) &&
	    !dt_prop_u64(rtas, "rtas-size", &size))
		ret = add_range(&m->firmware, base, size);
	if (!ret && !dt_prop_u64(opal, "opal-base-address", &base) &&
	    !dt_prop_u64(opal, "opal-runtime-size", &size)) {
		m->opal_base = base;
		if (dt_prop_u64(opal, "opal-entry-address", &m->opal_entry))
			m->opal_entry = 0;
		ret = add_range(&m->firmware, base, size);
	}
	return ret;
}

/* linux,tce-base/-size of every pci node, at any depth. */
static int read_tce(const struct dt_node *n, struct range_list *busy)
{
	uint64_t base, size;
	int ret = 0;

	if (dt_prop_is(n, "device_type", "pci") &&
	    !dt_prop_u64(n, "linux,tce-base", &base) &&
	    !dt_prop_u64(n, "linux,tce-size", &size))
		ret = add_range(busy, base, size);
	for (size_t i = 0; !ret && i < n->nkids; i++)
		ret = read_tce(&n->kids[i], busy);
	return ret;
}

/*
 * What the running kernel keeps until kexec -e and refuses as a normal
 * image's destination (ETXTBSY): itself up to linux,kernel-end, its hash
 * table (non-LPAR) and TCE tables.
 */
static int read_busy(struct ppc64_machine *m)
{
	const struct dt_node *chosen = dt_child(&m->dt, "chosen");
	uint64_t base, size;
	int ret = 0;

	if (dt_prop_u64(chosen, "linux,kernel-end", &m->kernel_end))
		m->kernel_end = 0;
	if (!dt_prop_u64(chosen, "linux,htab-base", &base) &&
	    !dt_prop_u64(chosen, "linux,htab-size", &size))
		ret = add_range(&m->busy, base, size);
	if (!ret)
		ret = read_tce(&m->dt, &m->busy);
	return ret;
}

static int read_reserved(const char *where, struct ppc64_machine *m)
{
	const struct dt_prop *p = dt_prop(&m->dt, "reserved-ranges");
	size_t step = 4 * (m->addr_cells + m->size_cells), off;
	int ret = 0;

	if (!p)
		return 0;
	if (p->len % step)
		return bad_prop(where, "", "reserved-ranges", "is not a list of (address, size) pairs");
	for (off = 0; !ret && off < p->len; off += step)
		ret = add_range(&m->reserved, dt_cells(p->val + off, m->addr_cells),
				dt_cells(p->val + off + 4 * m->addr_cells,
					 m->size_cells));
	return ret;
}

static int read_memory(const char *where, struct ppc64_machine *m)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < m->dt.nkids; i++) {
		const struct dt_node *n = &m->dt.kids[i];

		if (dt_name_is(n, "memory") || dt_prop_is(n, "device_type", "memory"))
			ret = read_memory_node(where, m, n);
	}
	if (!ret)
		ret = read_drconf(where, m);
	if (ret)
		return ret;
	ranges_merge(&m->ram);
	if (m->memory_limit)
		ranges_clip(&m->ram, 0, m->memory_limit - 1);
	if (!m->ram.n) {
		pr_err("%s: no memory@* node and no assigned dynamic-reconfiguration memory",
		       where);
		return -ENOENT;
	}
	return 0;
}

/* Everything above, from m->dt already read; where names it in messages. */
int ppc64_machine_parse(const char *where, struct ppc64_machine *m)
{
	int ret;

	m->addr_cells = root_cells(&m->dt, "#address-cells", 2);
	m->size_cells = root_cells(&m->dt, "#size-cells", 2);
	if (m->addr_cells < 1 || m->addr_cells > 2 ||
	    m->size_cells < 1 || m->size_cells > 2)
		return bad_prop(where, "", "#address-cells or #size-cells",
				"is not 1 or 2");
	ret = read_crash(where, m);
	if (!ret)
		ret = read_memory(where, m);
	if (!ret)
		ret = read_firmware(m);
	if (!ret)
		ret = read_reserved(where, m);
	if (!ret)
		ret = read_busy(m);
	if (ret == -ENOMEM || ret == -ERANGE)
		pr_err("%s: cannot collect the memory ranges: %s", where,
		       strerror(-ret));
	return ret;
}

int ppc64_machine_read(const struct sysroot *s, struct ppc64_machine *m)
{
	char where[4096];
	int ret;

	snprintf(where, sizeof(where), "%s%s%s", s->path,
		 strcmp(s->path, "/") ? "/" : "", PPC64_DT_PATH);
	ret = dt_read_sysroot(s, PPC64_DT_PATH, &m->dt);
	if (ret == -ENOENT)
		pr_err("%s: no device tree (a ppc64 machine or snapshot has /proc/device-tree)",
		       where);
	return ret ? ret : ppc64_machine_parse(where, m);
}

void ppc64_machine_free(struct ppc64_machine *m)
{
	dt_free(&m->dt);
	ranges_free(&m->ram);
	ranges_free(&m->firmware);
	ranges_free(&m->reserved);
	ranges_free(&m->busy);
	free(m->lmbs);
	m->lmbs = NULL;
	m->nr_lmbs = 0;
}

int ppc64_machine_need_crash(const struct ppc64_machine *m)
{
	if (m->has_crash)
		return 0;
	pr_err("no crashkernel= region: boot with crashkernel=... (no /chosen/linux,crashkernel-base and -size in the device tree)");
	return -EADDRNOTAVAIL;
}

int ppc64_usable_ranges(const struct ppc64_machine *m, struct range_list *u)
{
	int ret;

	ret = ranges_add(u, 0, m->crash.end, RANGE_RAM);
	for (size_t i = 0; !ret && i < m->firmware.n; i++)
		ret = ranges_add(u, m->firmware.r[i].start, m->firmware.r[i].end,
				 RANGE_RAM);
	if (!ret)
		ranges_merge(u);
	return ret;
}
