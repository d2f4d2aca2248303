// SPDX-License-Identifier: GPL-2.0-only
/*
 * dt.c - the in-memory device tree (dt.h): read recursively from a sysroot
 * directory (/proc/device-tree: directories are nodes, files properties,
 * entries sorted by name so plans are reproducible) or from a flattened
 * blob with libfdt, plus the small lookups and big-endian decoders the
 * ppc64 planner uses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBFDT
#include <libfdt.h>
#endif

#include "dt.h"
#include "log.h"

#define DT_PROP_MAX	(64u << 20)	/* ibm,dynamic-memory of a huge LPAR */
#define DT_DEPTH_MAX	64

uint32_t dt_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

uint64_t dt_be64(const unsigned char *p)
{
	return (uint64_t)dt_be32(p) << 32 | dt_be32(p + 4);
}

uint64_t dt_cells(const unsigned char *p, unsigned int cells)
{
	return cells == 2 ? dt_be64(p) : dt_be32(p);
}

void dt_free(struct dt_node *n)
{
	size_t i;

	for (i = 0; i < n->nprops; i++) {
		free(n->props[i].name);
		free(n->props[i].val);
	}
	for (i = 0; i < n->nkids; i++)
		dt_free(&n->kids[i]);
	free(n->props);
	free(n->kids);
	free(n->name);
	memset(n, 0, sizeof(*n));
}

const struct dt_prop *dt_prop(const struct dt_node *n, const char *name)
{
	for (size_t i = 0; n && i < n->nprops; i++)
		if (!strcmp(n->props[i].name, name))
			return &n->props[i];
	return NULL;
}

const struct dt_node *dt_child(const struct dt_node *n, const char *name)
{
	for (size_t i = 0; n && i < n->nkids; i++)
		if (!strcmp(n->kids[i].name, name))
			return &n->kids[i];
	return NULL;
}

bool dt_name_is(const struct dt_node *n, const char *base)
{
	size_t len = strlen(base);

	return !strncmp(n->name, base, len) &&
	       (n->name[len] == '\0' || n->name[len] == '@');
}

bool dt_prop_is(const struct dt_node *n, const char *name, const char *s)
{
	const struct dt_prop *p = dt_prop(n, name);
	size_t len = strlen(s);

	return p && p->len >= len && !memcmp(p->val, s, len) &&
	       (p->len == len || p->val[len] == '\0');
}

int dt_prop_u64(const struct dt_node *n, const char *name, uint64_t *v)
{
	const struct dt_prop *p = dt_prop(n, name);

	if (!p)
		return -ENOENT;
	if (p->len == 4)
		*v = dt_be32(p->val);
	else if (p->len == 8)
		*v = dt_be64(p->val);
	else
		return -EINVAL;
	return 0;
}

/* ---- building ------------------------------------------------------- */

static int add_prop(struct dt_node *n, const char *name, const void *val,
		    size_t len)
{
	struct dt_prop *np = realloc(n->props, (n->nprops + 1) * sizeof(*np));

	if (!np)
		return -ENOMEM;
	n->props = np;
	np = &n->props[n->nprops];
	np->name = strdup(name);
	np->val = malloc(len ? len : 1);
	np->len = len;
	if (!np->name || !np->val) {
		free(np->name);
		free(np->val);
		return -ENOMEM;
	}
	if (len)
		memcpy(np->val, val, len);
	n->nprops++;
	return 0;
}

/* A new zeroed child; *kid stays valid until the next add_kid on n. */
static int add_kid(struct dt_node *n, const char *name, struct dt_node **kid)
{
	struct dt_node *nk = realloc(n->kids, (n->nkids + 1) * sizeof(*nk));

	if (!nk)
		return -ENOMEM;
	n->kids = nk;
	*kid = &n->kids[n->nkids];
	memset(*kid, 0, sizeof(**kid));
	(*kid)->name = strdup(name);
	if (!(*kid)->name)
		return -ENOMEM;
	n->nkids++;
	return 0;
}

/* ---- from a sysroot directory ---------------------------------------- */

static int read_dir(const struct sysroot *s, const char *rel,
		    struct dt_node *n, int depth);

static int read_entry(const struct sysroot *s, const char *path,
		      const struct sysroot_dirent *e, struct dt_node *n,
		      int depth)
{
	struct dt_node *kid;
	size_t len = 0;
	char *buf = NULL;
	int ret;

	if (e->is_dir) {
		ret = add_kid(n, e->name, &kid);
		return ret ? ret : read_dir(s, path, kid, depth + 1);
	}
	ret = sysroot_read(s, path, &buf, &len, DT_PROP_MAX);
	if (ret == -ENOENT)	/* vanished, or a dangling link: not a property */
		return 0;
	if (!ret)
		ret = add_prop(n, e->name, buf, len);
	free(buf);
	return ret;
}

static int read_dir(const struct sysroot *s, const char *rel,
		    struct dt_node *n, int depth)
{
	struct sysroot_dirent *ents;
	size_t i, cnt;
	char *path;
	int ret;

	if (depth > DT_DEPTH_MAX) {
		pr_err("%s/%s: device tree nested deeper than %d levels",
		       s->path, rel, DT_DEPTH_MAX);
		return -ELOOP;
	}
	ret = sysroot_list_dir(s, rel, &ents, &cnt);
	if (ret)
		return ret;
	for (i = 0; !ret && i < cnt; i++) {
		if (asprintf(&path, "%s/%s", rel, ents[i].name) < 0) {
			ret = -ENOMEM;
			break;
		}
		ret = read_entry(s, path, &ents[i], n, depth);
		free(path);
	}
	sysroot_dirents_free(ents, cnt);
	return ret;
}

int dt_read_sysroot(const struct sysroot *s, const char *rel, struct dt_node *root)
{
	int ret;

	memset(root, 0, sizeof(*root));
	root->name = strdup("");
	if (!root->name)
		return -ENOMEM;
	ret = read_dir(s, rel, root, 0);
	if (ret)
		dt_free(root);
	if (ret == -ENOMEM)
		pr_err("%s/%s: out of memory reading the device tree", s->path, rel);
	return ret;
}

/* ---- from a flattened blob -------------------------------------------- */

#ifdef HAVE_LIBFDT
/* A property's value lies inside the blob (libfdt does not check it). */
static bool value_inside(const void *fdt, const void *val, int len)
{
	size_t off = (size_t)((const char *)val - (const char *)fdt);

	return len >= 0 && off <= fdt_totalsize(fdt) &&
	       (size_t)len <= fdt_totalsize(fdt) - off;
}

/*
 * Failures of the blob walk: -ENOMEM, -ELOOP (too deep) or -EINVAL with
 * the libfdt error in *fdt_err.  A node without a name is one: a blob
 * older than version 16 names nodes by full path, and libfdt gives no
 * name when that path has no '/'.
 */
static int blob_node(const void *fdt, int off, struct dt_node *n, int depth,
		     int *fdt_err)
{
	const char *name;
	const void *val;
	struct dt_node *kid;
	int po, ko, len, ret = 0;

	if (depth > DT_DEPTH_MAX)
		return -ELOOP;
	fdt_for_each_property_offset(po, fdt, off) {
		val = fdt_getprop_by_offset(fdt, po, &name, &len);
		if (!val || !name || !value_inside(fdt, val, len)) {
			*fdt_err = val ? -FDT_ERR_BADSTRUCTURE : len;
			return -EINVAL;
		}
		if ((ret = add_prop(n, name, val, (size_t)len)))
			return ret;
	}
	if (po != -FDT_ERR_NOTFOUND)
		goto bad;
	fdt_for_each_subnode(ko, fdt, off) {
		if (!(name = fdt_get_name(fdt, ko, &len))) {
			*fdt_err = len;
			return -EINVAL;
		}
		if ((ret = add_kid(n, name, &kid)))
			return ret;
		if ((ret = blob_node(fdt, ko, kid, depth + 1, fdt_err)))
			return ret;
	}
	if (ko == -FDT_ERR_NOTFOUND)
		return 0;
	po = ko;
bad:
	*fdt_err = po;
	return -EINVAL;
}

/* Header bytes of a blob of this version (libfdt's fdt_header_size_). */
static size_t header_size(uint32_t version)
{
	return version <= 1 ? FDT_V1_SIZE : version <= 2 ? FDT_V2_SIZE :
	       version <= 16 ? FDT_V16_SIZE : FDT_V17_SIZE;
}

/* The header fits in len, and the blob it describes too. */
static int check_header(const void *blob, size_t len)
{
	int err;

	if (len < FDT_V1_SIZE || len < header_size(fdt_version(blob)))
		return -FDT_ERR_TRUNCATED;
	if ((err = fdt_check_header(blob)))
		return err;
	return fdt_totalsize(blob) > len ? -FDT_ERR_TRUNCATED : 0;
}

int dt_read_blob(const char *what, const void *blob, size_t len, struct dt_node *root)
{
	int err, ret, fdt_err = 0;

	memset(root, 0, sizeof(*root));
	if ((err = check_header(blob, len))) {
		pr_err("%s: not a usable device tree blob: %s", what, fdt_strerror(err));
		return -EINVAL;
	}
	root->name = strdup("");
	ret = root->name ? blob_node(blob, 0, root, 0, &fdt_err) : -ENOMEM;
	if (ret == -ENOMEM)
		pr_err("%s: cannot read the device tree: out of memory", what);
	else if (ret == -ELOOP)
		pr_err("%s: cannot read the device tree: nested deeper than %d levels",
		       what, DT_DEPTH_MAX);
	else if (ret)
		pr_err("%s: cannot read the device tree (version %u): malformed structure: %s",
		       what, fdt_version(blob), fdt_strerror(fdt_err));
	if (ret)
		dt_free(root);
	return ret;
}
#else
int dt_read_blob(const char *what, const void *blob, size_t len, struct dt_node *root)
{
	(void)blob;
	(void)len;
	memset(root, 0, sizeof(*root));
	pr_err("%s: this kexec was built without libfdt (Debian: libfdt-dev), so it cannot read a device tree blob",
	       what);
	return -ENOTSUP;
}
#endif
