/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dt.h - an in-memory device tree: nodes with properties and children, read
 * from /proc/device-tree through the sysroot (or from a --dtb blob), so the
 * ppc64 planner never touches the machine directly and a snapshot directory
 * reproduces the plan.  Property values are raw bytes (big-endian cells).
 */
#ifndef KEXEC_PPC64_DT_H
#define KEXEC_PPC64_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sysroot.h"

struct dt_prop {
	char *name;
	unsigned char *val;
	size_t len;
};

struct dt_node {
	char *name;			/* "" for the root, "cpus", "memory@0" */
	struct dt_prop *props;
	size_t nprops;
	struct dt_node *kids;
	size_t nkids;
};

/* The tree under rel ("proc/device-tree"); -ENOENT (silent) if missing. */
int dt_read_sysroot(const struct sysroot *s, const char *rel, struct dt_node *root);
/* The tree of a flattened blob (--dtb); one message on a bad blob. */
int dt_read_blob(const char *what, const void *blob, size_t len, struct dt_node *root);
void dt_free(struct dt_node *n);

const struct dt_prop *dt_prop(const struct dt_node *n, const char *name);
/* Child by exact name ("chosen", "ibm,dynamic-reconfiguration-memory"). */
const struct dt_node *dt_child(const struct dt_node *n, const char *name);
/* Name without the unit address equals base ("memory" for "memory@0"). */
bool dt_name_is(const struct dt_node *n, const char *base);
/* A string property equals s (device_type "cpu"). */
bool dt_prop_is(const struct dt_node *n, const char *name, const char *s);

/* Big-endian cells. */
uint32_t dt_be32(const unsigned char *p);
uint64_t dt_be64(const unsigned char *p);
/* cells (1 or 2) big-endian cells at p. */
uint64_t dt_cells(const unsigned char *p, unsigned int cells);
/* Whole-property numbers: a u32 or u64 value by its length; -EINVAL otherwise. */
int dt_prop_u64(const struct dt_node *n, const char *name, uint64_t *v);

#endif
