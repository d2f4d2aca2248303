// SPDX-License-Identifier: GPL-2.0-only
/*
 * fdt.c - the next kernel's flattened device tree, written with libfdt
 * from the in-memory tree (dt.h).  For a crash (-p) load, the kdump
 * changes:
 * - dropped everywhere: "name" (a /proc artefact), linux,pci-domain,
 *   linux,htab-base/-size, linux,kernel-end, linux,crashkernel-base/-size,
 *   and the properties we write ourselves (usable memory, bootargs,
 *   initrd, booted-from-kexec);
 * - memory@* nodes get linux,usable-memory: their reg ranges cut to the
 *   usable ranges, or one (0, 0) pair when nothing is usable;
 * - ibm,dynamic-reconfiguration-memory gets linux,drconf-usable-memory:
 *   per assigned, unreserved LMB (the ones the kernel reads an entry for)
 *   a count followed by that many (base, size) pairs;
 * - /chosen: bootargs, linux,initrd-start/-end, linux,booted-from-kexec;
 * - the reserve map as given, its last entry a placeholder patched with
 *   the FDT's own address once it is placed (ppc64_fdt_reserve_self);
 * - totalsize = contents + in->extra, so the kernel can write hot-added
 *   CPUs into /cpus in place.
 * Version 17 (libfdt's fdt_open_into), boot_cpuid_phys 0: purgatory writes
 * the CPU it runs on there.
 *
 * For a normal (-l) load (in->usable NULL): the same drops, no usable-memory
 * properties (the new kernel owns all memory), and /chosen also loses
 * linux,memory-limit: pseries kernels publish the boot RAM size there
 * without mem=, the new kernel would take it as a limit and lose hot-added
 * memory, and a mem= on the new command line is parsed by the kernel
 * itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBFDT
#include <libfdt.h>
#endif

#include "fdt.h"
#include "log.h"

#define SELF_PLACEHOLDER_ADDR	0xffffffffffff0000ULL
#define FDT_MAX_SIZE		(256u << 20)

static const char *const dropped_props[] = {
	"name", "linux,pci-domain", "linux,htab-base", "linux,htab-size",
	"linux,kernel-end", "linux,crashkernel-base", "linux,crashkernel-size",
	"linux,usable-memory", "linux,drconf-usable-memory",
};
static const char *const dropped_chosen[] = {
	"bootargs", "linux,initrd-start", "linux,initrd-end",
	"linux,booted-from-kexec",
};
#define NORMAL_ONLY_DROP	"linux,memory-limit"

static size_t align4(size_t v) { return (v + 3) & ~(size_t)3; }

/* ---- hot-plug room and bootargs (no libfdt needed) --------------------- */

static size_t node_bytes(const struct dt_node *n)
{
	size_t sz = 8 + align4(strlen(n->name) + 1);	/* BEGIN_NODE, name, END_NODE */

	for (size_t i = 0; i < n->nprops; i++)
		sz += 12 + align4(n->props[i].len) + strlen(n->props[i].name) + 1;
	return sz;
}

int ppc64_cpu_room(const struct dt_node *tree, unsigned int possible_threads,
		   uint64_t *room)
{
	const struct dt_node *cpus = dt_child(tree, "cpus"), *first = NULL;
	const struct dt_prop *srv;
	unsigned int present = 0, tpc = 1, cores;

	*room = 0;
	for (size_t i = 0; cpus && i < cpus->nkids; i++) {
		if (!dt_prop_is(&cpus->kids[i], "device_type", "cpu"))
			continue;
		if (!first)
			first = &cpus->kids[i];
		present++;
	}
	if (!first)
		return 0;
	srv = dt_prop(first, "ibm,ppc-interrupt-server#s");
	if (srv && srv->len >= 4)
		tpc = srv->len / 4;
	cores = (possible_threads + tpc - 1) / tpc;
	if (cores > present)
		*room = (uint64_t)(cores - present) * node_bytes(first);
	pr_debug("fdt: %u of %u possible cores present, %zu bytes per cpu node: %llu bytes of room",
		 present, cores, node_bytes(first), (unsigned long long)*room);
	return 0;
}

/* The root=... word of s, or NULL. */
static const char *find_root(const char *s, size_t *len)
{
	for (const char *p = s; p && *p; p += strcspn(p, " \t")) {
		p += strspn(p, " \t");
		if (!strncmp(p, "root=", 5)) {
			*len = strcspn(p, " \t");
			return p;
		}
	}
	return NULL;
}

int ppc64_bootargs(const struct dt_node *tree, const char *cmdline,
		   bool no_old_root, char **out)
{
	const struct dt_prop *old = dt_prop(dt_child(tree, "chosen"), "bootargs");
	char *oldstr = NULL;
	const char *root = NULL;
	size_t len = 0;
	int n;

	if (!no_old_root && old && !find_root(cmdline, &len)) {
		oldstr = strndup((const char *)old->val, old->len);
		if (!oldstr)
			return -ENOMEM;
		root = find_root(oldstr, &len);
	}
	n = root ? asprintf(out, "%s%s%.*s", cmdline, *cmdline ? " " : "",
			    (int)len, root)
		 : asprintf(out, "%s", cmdline);
	free(oldstr);
	return n < 0 ? -ENOMEM : 0;
}

#ifdef HAVE_LIBFDT

/* ---- growable big-endian cell buffer ------------------------------------ */

struct cellbuf {
	unsigned char *b;
	size_t len, cap;
};

static int cb_put(struct cellbuf *c, uint64_t v, unsigned int cells)
{
	unsigned char *nb;

	if (c->len + 8 > c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		nb = realloc(c->b, c->cap);
		if (!nb)
			return -ENOMEM;
		c->b = nb;
	}
	if (cells == 2) {
		for (int i = 7; i >= 0; i--)
			c->b[c->len++] = (unsigned char)(v >> (8 * i));
	} else {
		for (int i = 3; i >= 0; i--)
			c->b[c->len++] = (unsigned char)(v >> (8 * i));
	}
	return 0;
}

/* Append the parts of [start, start+size) inside the usable ranges. */
static int cb_usable(struct cellbuf *c, const struct ppc64_fdt_in *in,
		     uint64_t start, uint64_t size, unsigned int *count)
{
	const struct range_list *u = in->usable;
	uint64_t end = start + size - 1;
	int ret = 0;

	for (size_t i = 0; !ret && size && i < u->n; i++) {
		uint64_t s = u->r[i].start > start ? u->r[i].start : start;
		uint64_t e = u->r[i].end < end ? u->r[i].end : end;

		if (s > e)
			continue;
		ret = cb_put(c, s, in->m->addr_cells);
		if (!ret)
			ret = cb_put(c, e - s + 1, in->m->size_cells);
		(*count)++;
	}
	return ret;
}

static int fdt_fail(const char *what, int err)
{
	pr_err("fdt: %s: %s", what, fdt_strerror(err));
	return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

/*
 * While writing into the scratch buffer, running out of room is not a
 * failure: ppc64_fdt_build retries with a bigger buffer and reports only
 * when the largest one is not enough.
 */
static int write_fail(const char *what, int err)
{
	return err == -FDT_ERR_NOSPACE ? -ENOSPC : fdt_fail(what, err);
}

static int put_prop(void *fdt, const char *name, const void *val, size_t len)
{
	int err = fdt_property(fdt, name, val, (int)len);

	return err ? write_fail(name, err) : 0;
}

static int put_cells(void *fdt, const char *name, struct cellbuf *c)
{
	int ret = put_prop(fdt, name, c->b, c->len);

	free(c->b);
	return ret;
}

static int usable_memory(void *fdt, const struct ppc64_fdt_in *in,
			 const struct dt_node *n)
{
	const struct dt_prop *reg = dt_prop(n, "reg");
	unsigned int ac = in->m->addr_cells, sc = in->m->size_cells, cnt = 0;
	size_t step = 4 * (ac + sc);
	struct cellbuf c = { 0 };
	int ret = 0;

	for (size_t off = 0; reg && !ret && off + step <= reg->len; off += step)
		ret = cb_usable(&c, in, dt_cells(reg->val + off, ac),
				dt_cells(reg->val + off + 4 * ac, sc), &cnt);
	if (!ret && !cnt) {
		ret = cb_put(&c, 0, ac);
		if (!ret)
			ret = cb_put(&c, 0, sc);
	}
	if (ret) {
		free(c.b);
		return ret;
	}
	return put_cells(fdt, "linux,usable-memory", &c);
}

static int drconf_usable(void *fdt, const struct ppc64_fdt_in *in)
{
	const struct ppc64_machine *m = in->m;
	struct cellbuf c = { 0 };
	unsigned int cnt;
	size_t at;
	int ret = 0;

	for (size_t i = 0; !ret && i < m->nr_lmbs; i++) {
		const struct ppc64_lmb *l = &m->lmbs[i];

		if (!(l->flags & PPC64_LMB_ASSIGNED) || (l->flags & PPC64_LMB_RESERVED))
			continue;
		at = c.len;
		cnt = 0;
		ret = cb_put(&c, 0, m->size_cells);	/* count, patched below */
		if (!ret)
			ret = cb_usable(&c, in, l->base, m->lmb_size, &cnt);
		if (!ret) {
			size_t keep = c.len;

			c.len = at;
			ret = cb_put(&c, cnt, m->size_cells);
			c.len = keep;
		}
	}
	if (ret) {
		free(c.b);
		return ret;
	}
	return put_cells(fdt, "linux,drconf-usable-memory", &c);
}

static int chosen_props(void *fdt, const struct ppc64_fdt_in *in)
{
	int ret = put_prop(fdt, "bootargs", in->bootargs, strlen(in->bootargs) + 1);

	if (!ret && in->has_initrd) {
		fdt64_t s = cpu_to_fdt64(in->initrd_start);
		fdt64_t e = cpu_to_fdt64(in->initrd_end);

		ret = put_prop(fdt, "linux,initrd-start", &s, sizeof(s));
		if (!ret)
			ret = put_prop(fdt, "linux,initrd-end", &e, sizeof(e));
	}
	if (!ret)
		ret = put_prop(fdt, "linux,booted-from-kexec", NULL, 0);
	return ret;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

static bool dropped(const struct ppc64_fdt_in *in, const char *name,
		    bool is_chosen)
{
	return in_list(name, dropped_props,
		       sizeof(dropped_props) / sizeof(dropped_props[0])) ||
	       (is_chosen && in_list(name, dropped_chosen,
			sizeof(dropped_chosen) / sizeof(dropped_chosen[0]))) ||
	       (is_chosen && !in->usable && !strcmp(name, NORMAL_ONLY_DROP));
}

/* Properties the next kernel needs on this node (depth 1 only). */
static int added_props(void *fdt, const struct ppc64_fdt_in *in,
		       const struct dt_node *n, int depth)
{
	if (depth != 1)
		return 0;
	if (!strcmp(n->name, "chosen"))
		return chosen_props(fdt, in);
	if (!in->usable)
		return 0;	/* normal load: all memory is the new kernel's */
	if (!strcmp(n->name, "ibm,dynamic-reconfiguration-memory"))
		return drconf_usable(fdt, in);
	if (dt_name_is(n, "memory") || dt_prop_is(n, "device_type", "memory"))
		return usable_memory(fdt, in, n);
	return 0;
}

static int write_node(void *fdt, const struct ppc64_fdt_in *in,
		      const struct dt_node *n, int depth)
{
	bool chosen = depth == 1 && !strcmp(n->name, "chosen");
	int err, ret = 0;

	if ((err = fdt_begin_node(fdt, n->name)))
		return write_fail(n->name, err);
	for (size_t i = 0; !ret && i < n->nprops; i++)
		if (!dropped(in, n->props[i].name, chosen))
			ret = put_prop(fdt, n->props[i].name, n->props[i].val,
				       n->props[i].len);
	if (!ret)
		ret = added_props(fdt, in, n, depth);
	for (size_t i = 0; !ret && i < n->nkids; i++)
		ret = write_node(fdt, in, &n->kids[i], depth + 1);
	if (!ret && depth == 0 && !dt_child(n, "chosen")) {
		struct dt_node empty = { .name = (char *)"chosen" };

		ret = write_node(fdt, in, &empty, 1);
	}
	if (!ret && (err = fdt_end_node(fdt)))
		ret = write_fail(n->name, err);
	return ret;
}

static int write_rsvmap(void *fdt, const struct range_list *rsv)
{
	int err = 0;

	for (size_t i = 0; !err && rsv && i < rsv->n; i++)
		err = fdt_add_reservemap_entry(fdt, rsv->r[i].start,
					       range_size(&rsv->r[i]));
	if (!err)
		err = fdt_add_reservemap_entry(fdt, SELF_PLACEHOLDER_ADDR, PPC64_PAGE);
	if (!err)
		err = fdt_finish_reservemap(fdt);
	return err ? write_fail("reserve map", err) : 0;
}

static int write_tree(void *buf, size_t size, const struct ppc64_fdt_in *in)
{
	int err, ret;

	if ((err = fdt_create(buf, (int)size)))
		return write_fail("create", err);
	ret = write_rsvmap(buf, in->reserve);
	if (!ret)
		ret = write_node(buf, in, in->tree, 0);
	if (!ret && (err = fdt_finish(buf)))
		ret = write_fail("finish", err);
	if (!ret && (err = fdt_pack(buf)))
		ret = write_fail("pack", err);
	return ret;
}

/* Sequential write into a growing scratch buffer, then open into the result. */
int ppc64_fdt_build(const struct ppc64_fdt_in *in, void **blob, size_t *len)
{
	size_t size = 64 * 1024, total;
	void *buf = NULL, *out;
	int ret, err;

	do {
		free(buf);
		size *= 2;
		buf = malloc(size);
		ret = buf ? write_tree(buf, size, in) : -ENOMEM;
	} while (ret == -ENOSPC && size < FDT_MAX_SIZE);
	if (ret == -ENOSPC)
		pr_err("fdt: the device tree does not fit in %u MiB", FDT_MAX_SIZE >> 20);
	if (ret)
		goto out;
	total = fdt_totalsize(buf) + in->extra;
	out = total <= FDT_MAX_SIZE ? calloc(1, total) : NULL;
	if (!out) {
		ret = -ENOMEM;
		goto out;
	}
	if ((err = fdt_open_into(buf, out, (int)total))) {
		free(out);
		ret = fdt_fail("resize", err);
		goto out;
	}
	*blob = out;
	*len = total;
out:
	if (ret == -ENOMEM)
		pr_err("fdt: out of memory building the device tree");
	free(buf);
	return ret;
}

int ppc64_fdt_reserve_self(void *blob, uint64_t addr, uint64_t size)
{
	int n = fdt_num_mem_rsv(blob);
	struct fdt_reserve_entry *e;

	if (n < 1)
		return fdt_fail("reserve map", n < 0 ? n : -FDT_ERR_NOTFOUND);
	e = (struct fdt_reserve_entry *)((char *)blob + fdt_off_mem_rsvmap(blob)) + (n - 1);
	if (fdt64_to_cpu(e->address) != SELF_PLACEHOLDER_ADDR) {
		pr_err("fdt: the last reserve map entry is not the placeholder for the device tree itself");
		return -EINVAL;
	}
	e->address = cpu_to_fdt64(addr);
	e->size = cpu_to_fdt64(size);
	return 0;
}

#else /* !HAVE_LIBFDT */

int ppc64_fdt_build(const struct ppc64_fdt_in *in, void **blob, size_t *len)
{
	(void)in;
	(void)blob;
	(void)len;
	pr_err("fdt: this kexec was built without libfdt (Debian: libfdt-dev), so it cannot write the capture kernel's device tree");
	return -ENOTSUP;
}

int ppc64_fdt_reserve_self(void *blob, uint64_t addr, uint64_t size)
{
	(void)blob;
	(void)addr;
	(void)size;
	return -ENOTSUP;
}

#endif

/* ---- the magic number the kernel searches for ------------------------ */

static const uint8_t fdt_magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };

static bool starts_with_fdt_magic(const struct segment *s)
{
	return s->buf && s->bufsz >= 4 && !memcmp(s->buf, fdt_magic, 4);
}

static int magic_error(const struct plan *p, const struct segment *s,
		       const char *what, const char *why)
{
	pr_err("segment %u (%s at 0x%llx) %s: %s", (unsigned int)(s - p->seg),
	       seg_role_name(s->role), (unsigned long long)s->mem, what, why);
	return -EINVAL;
}

int ppc64_fdt_check_magic(const struct plan *p)
{
	const struct segment *fdt = NULL, *found = NULL;

	for (unsigned int i = 0; i < p->nr_seg && !fdt; i++)
		if (p->seg[i].role == SEG_FDT)
			fdt = &p->seg[i];
	for (unsigned int i = 0; i < p->nr_seg; i++) {
		const struct segment *s = &p->seg[i];

		if (!starts_with_fdt_magic(s))
			continue;
		if (s->role != SEG_FDT || found)
			return magic_error(p, s, "starts with the device tree magic 0xd00dfeed",
				"only the fdt may, since powerpc takes the first such segment as the device tree it updates on CPU hot-plug");
		found = s;
	}
	if (fdt && !found)
		return magic_error(p, fdt, "lacks the device tree magic 0xd00dfeed",
				   "the kernel could not find the FDT");
	return 0;
}
