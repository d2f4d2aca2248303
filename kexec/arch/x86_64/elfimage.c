// SPDX-License-Identifier: GPL-2.0-only
/*
 * elfimage.c - the second x86_64 image format: an uncompressed ELF vmlinux
 * (the kernel build's top-level vmlinux, or what a bzImage decompresses
 * to), read with libelf.  formats.c picks it for files with the ELF magic.
 *
 * The kernel segment is the PT_LOADs laid out by p_paddr from the lowest
 * one, in one buffer (gaps and the part of each PT_LOAD beyond p_filesz,
 * .bss and .brk, are zero; the segment's memsz reaches the end of the
 * highest PT_LOAD).  It is entered at e_entry, startup_64's physical
 * address, moved by the same amount as the segment.  startup_64 computes
 * its own load offset and only requires 2 MiB alignment, so the segment is
 * placed like a bzImage's: 2 MiB aligned, not below the link address (what
 * a bzImage's decompressor also guarantees).
 *
 * A vmlinux has no setup header: the probe fills struct kernel_image with
 * what the 64-bit boot protocol needs (2.15, 64-bit entry, initrd above
 * 4 GiB, a 2047-byte command line) and bootparams.c writes those fields.
 * Nothing in the file says whether the kernel can take EFI state across
 * kexec (XLF_EFI_KEXEC), so none is passed (efi.c warns on an EFI machine);
 * the new kernel finds ACPI through acpi_rsdp_addr, as with --noefi.
 */
#include <elf.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "bootparams.h"
#include "elfimage.h"
#include "kimage.h"

#define VMLINUX_ALIGN		0x200000ULL	/* startup_64 checks 2 MiB */
#define VMLINUX_MAX_SPAN	0x40000000ULL	/* KERNEL_IMAGE_SIZE's limit */
#define VMLINUX_VERSION		0x020f
#define VMLINUX_CMDLINE_SIZE	2047		/* COMMAND_LINE_SIZE - 1 */
#define VMLINUX_INITRD_MAX	0x7fffffff

/* What the PT_LOADs span, by physical address. */
struct span {
	uint64_t lo, file_end, mem_end;
	size_t nr_loads;
};

static Elf *open_elf(const unsigned char *data, size_t size)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	return elf_memory((char *)data, size);
}

static int check_ehdr(const GElf_Ehdr *eh, char *why, size_t whylen)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return x86_image_reject(why, whylen, "a 32-bit ELF file (a 64-bit kernel's vmlinux is ELFCLASS64)");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return x86_image_reject(why, whylen, "a big-endian ELF file");
	if (eh->e_machine != EM_X86_64)
		return x86_image_reject(why, whylen, "an ELF file for machine %u, not x86_64 (%u)",
					eh->e_machine, EM_X86_64);
	if (eh->e_type != ET_EXEC)
		return x86_image_reject(why, whylen, "ELF type %u is not an executable (ET_EXEC)",
					eh->e_type);
	return 0;
}

/* One PT_LOAD: inside the file, above the previous one. */
static int add_load(const GElf_Phdr *ph, size_t size, struct span *sp,
		    char *why, size_t whylen)
{
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return x86_image_reject(why, whylen, "truncated: the PT_LOAD at 0x%llx needs file bytes 0x%llx-0x%llx, the file has %zu",
					(unsigned long long)ph->p_paddr,
					(unsigned long long)ph->p_offset,
					(unsigned long long)(ph->p_offset + ph->p_filesz), size);
	if (ph->p_filesz > ph->p_memsz)
		return x86_image_reject(why, whylen, "the PT_LOAD at 0x%llx has p_filesz larger than p_memsz",
					(unsigned long long)ph->p_paddr);
	if (ph->p_paddr > UINT64_MAX - ph->p_memsz ||
	    (sp->nr_loads && ph->p_paddr < sp->mem_end))
		return x86_image_reject(why, whylen, "the PT_LOAD at 0x%llx overlaps or precedes the one before it",
					(unsigned long long)ph->p_paddr);
	if (!sp->nr_loads)
		sp->lo = ph->p_paddr;
	if (ph->p_filesz)
		sp->file_end = ph->p_paddr + ph->p_filesz;
	sp->mem_end = ph->p_paddr + ph->p_memsz;
	sp->nr_loads++;
	return 0;
}

static int scan_loads(Elf *e, size_t size, struct span *sp, char *why,
		      size_t whylen)
{
	size_t n, i;
	GElf_Phdr ph;
	int ret;

	if (elf_getphdrnum(e, &n))
		return x86_image_reject(why, whylen, "cannot count the program headers: %s",
					elf_errmsg(-1));
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &ph))
			return x86_image_reject(why, whylen, "cannot read program header %zu: %s",
						i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		ret = add_load(&ph, size, sp, why, whylen);
		if (ret)
			return ret;
	}
	if (!sp->nr_loads)
		return x86_image_reject(why, whylen, "no PT_LOAD program header");
	if (sp->file_end < sp->lo)
		sp->file_end = sp->lo;
	return 0;
}

static int check_span(const GElf_Ehdr *eh, const struct span *sp, char *why,
		      size_t whylen)
{
	if (sp->lo % VMLINUX_ALIGN)
		return x86_image_reject(why, whylen, "the lowest PT_LOAD (0x%llx) is not 2 MiB aligned",
					(unsigned long long)sp->lo);
	if (sp->mem_end - sp->lo > VMLINUX_MAX_SPAN)
		return x86_image_reject(why, whylen, "the PT_LOADs span %llu MiB, more than a kernel image can (1024 MiB)",
					(unsigned long long)((sp->mem_end - sp->lo) >> 20));
	if (eh->e_entry < sp->lo || eh->e_entry >= sp->file_end)
		return x86_image_reject(why, whylen, "entry point 0x%llx is outside the loaded code 0x%llx-0x%llx (a virtual entry address?)",
					(unsigned long long)eh->e_entry,
					(unsigned long long)sp->lo,
					(unsigned long long)sp->file_end);
	return 0;
}

static void fill_image(const GElf_Ehdr *eh, const struct span *sp,
		       struct kernel_image *img)
{
	img->entry_offset = eh->e_entry - sp->lo;
	img->payload_size = sp->file_end - sp->lo;
	img->init_size = (uint32_t)(sp->mem_end - sp->lo);
	img->version = VMLINUX_VERSION;
	img->loadflags = LOADFLAG_LOADED_HIGH;
	img->xloadflags = XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G;
	img->relocatable = 1;
	img->kernel_alignment = VMLINUX_ALIGN;
	img->initrd_addr_max = VMLINUX_INITRD_MAX;
	img->cmdline_size = VMLINUX_CMDLINE_SIZE;
	img->pref_address = sp->lo;
}

static int elf_vmlinux_probe(const unsigned char *data, size_t size,
			     struct kernel_image *img, char *why, size_t whylen)
{
	struct span sp = { 0 };
	Elf *e = open_elf(data, size);
	GElf_Ehdr eh;
	int ret;

	memset(img, 0, sizeof(*img));
	if (!e || elf_kind(e) != ELF_K_ELF) {
		ret = x86_image_reject(why, whylen, "invalid ELF identification (class %u, data %u, version %u)",
				       size > EI_VERSION ? data[EI_CLASS] : 0,
				       size > EI_VERSION ? data[EI_DATA] : 0,
				       size > EI_VERSION ? data[EI_VERSION] : 0);
		goto out;
	}
	if (!gelf_getehdr(e, &eh)) {
		ret = x86_image_reject(why, whylen, "unreadable ELF header: %s",
				       elf_errmsg(-1));
		goto out;
	}
	ret = check_ehdr(&eh, why, whylen);
	if (!ret)
		ret = scan_loads(e, size, &sp, why, whylen);
	if (!ret)
		ret = check_span(&eh, &sp, why, whylen);
	if (!ret) {
		fill_image(&eh, &sp, img);
		img->data = data;
		img->size = size;
	}
out:
	elf_end(e);
	return ret;
}

/* The PT_LOADs' file bytes at their offsets from the lowest one. */
static int elf_vmlinux_payload(const struct kernel_image *img,
			       unsigned char **bufp)
{
	Elf *e = open_elf(img->data, img->size);
	unsigned char *buf = calloc(1, img->payload_size ? img->payload_size : 1);
	uint64_t lo = img->pref_address;	/* the lowest p_paddr */
	size_t n = 0, i;
	GElf_Phdr ph;

	if (!e || !buf || elf_getphdrnum(e, &n)) {
		elf_end(e);
		free(buf);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    !ph.p_memsz || !ph.p_filesz)
			continue;
		/* the probe checked: inside the file and the buffer */
		memcpy(buf + (ph.p_paddr - lo), img->data + ph.p_offset,
		       ph.p_filesz);
	}
	elf_end(e);
	*bufp = buf;
	return 0;
}

const struct x86_image_ops x86_elf_vmlinux_ops = {
	.name = "vmlinux for x86_64",
	.probe = elf_vmlinux_probe,
	.payload = elf_vmlinux_payload,
};
