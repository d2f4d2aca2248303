/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * memfile.h - bytes as a file descriptor (memfile.c), for kexec_file_load,
 * which reads its kernel and initrd from descriptors: the .linux and
 * .initrd of a UKI are parts of a file, not files.
 */
#ifndef KEXEC_MEMFILE_H
#define KEXEC_MEMFILE_H

#include <stddef.h>

/*
 * A read-only descriptor (close-on-exec) of an in-memory file holding a
 * copy of data[0..size), sealed against any change; name shows in
 * /proc/PID/fd ("memfd:NAME").  The fd, or -errno after one error line
 * that names what (e.g. "UKI .linux").
 */
int memfile_create(const char *name, const char *what,
		   const void *data, size_t size);

#endif
