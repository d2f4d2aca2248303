# SPDX-License-Identifier: GPL-2.0-only
# purgatory/ppc64le/build.mk - builds the ppc64le purgatory and embeds it.
#
# Included by Makefile.in.  When configure found a ppc64le compiler
# (PPC64LE_PURGATORY_CC: $(CC) on a ppc64le host, else the optional cross
# compiler powerpc64le-linux-gnu-gcc), on any host:
#   purgatory/ppc64le/*.o       entry.S + C files (and lib/sha256.c, the
#                               portable core: verify.c uses its block
#                               function; no sha256-shani.c, sha256-pick.c),
#                               freestanding, -fPIC -mcmodel=medium, no
#                               floating point or vector registers
#   purgatory/ppc64le/purgatory.ro  linked as a PIE at 0 with purgatory.lds:
#                               one PT_LOAD, TOC-relative data, symbols kept;
#                               the loader applies R_PPC64_RELATIVE only
#   purgatory/ppc64le/blob.o    .incbin of purgatory.ro (assembled by $(CC):
#                               it is only data), appended to BLOB_OBJS
#   HAVE_PPC64LE_PURGATORY_BLOB defined for the loader side and its test.
# Without the compiler nothing is embedded and ppc64_purgatory_open() says so.

PURG_PPC64LE_CFLAGS = -std=gnu11 -Wall -Wextra -Wstrict-prototypes \
	-Wmissing-prototypes -O2 -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fPIC -mcmodel=medium -fvisibility=hidden \
	-mlittle-endian -msoft-float -mno-altivec -mno-vsx \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common \
	-fno-tree-loop-distribute-patterns -fno-delete-null-pointer-checks
PURG_PPC64LE_CPPFLAGS = -I$(srcdir)/purgatory/ppc64le -I$(srcdir)/purgatory/common -I$(srcdir)/include \
	-I$(srcdir)/lib
PURG_PPC64LE_LDFLAGS = -nostdlib -pie -Wl,--build-id=none -Wl,--no-dynamic-linker \
	-Wl,-z,norelro -Wl,-z,max-page-size=4096 -Wl,--hash-style=sysv \
	-Wl,--no-warn-rwx-segments
PURG_PPC64LE_COBJS := $(addprefix purgatory/ppc64le/,purgatory.o verify.o)
PURG_PPC64LE_OBJS := purgatory/ppc64le/entry.o $(PURG_PPC64LE_COBJS) purgatory/ppc64le/mem.o \
	purgatory/ppc64le/sha256.o

ifneq ($(PPC64LE_PURGATORY_CC),)

BLOB_OBJS += purgatory/ppc64le/blob.o

$(PURG_PPC64LE_COBJS): purgatory/ppc64le/%.o: purgatory/ppc64le/%.c
	@$(MKDIR_P) $(dir $@)
	$(PPC64LE_PURGATORY_CC) $(PURG_PPC64LE_CPPFLAGS) $(PURG_PPC64LE_CFLAGS) -MMD -MP -c -o $@ $<

purgatory/ppc64le/sha256.o: lib/sha256.c
	@$(MKDIR_P) $(dir $@)
	$(PPC64LE_PURGATORY_CC) $(PURG_PPC64LE_CPPFLAGS) $(PURG_PPC64LE_CFLAGS) -MMD -MP -c -o $@ $<

# purgatory/common: shared by every purgatory, built with this one's flags
purgatory/ppc64le/mem.o: purgatory/common/mem.c
	@$(MKDIR_P) $(dir $@)
	$(PPC64LE_PURGATORY_CC) $(PURG_PPC64LE_CPPFLAGS) $(PURG_PPC64LE_CFLAGS) -MMD -MP -c -o $@ $<

purgatory/ppc64le/entry.o: purgatory/ppc64le/entry.S
	@$(MKDIR_P) $(dir $@)
	$(PPC64LE_PURGATORY_CC) $(PURG_PPC64LE_CPPFLAGS) -mlittle-endian -MMD -MP -c -o $@ $<

purgatory/ppc64le/purgatory.ro: $(PURG_PPC64LE_OBJS) purgatory/ppc64le/purgatory.lds
	$(PPC64LE_PURGATORY_CC) $(PURG_PPC64LE_LDFLAGS) \
		-T $(srcdir)/purgatory/ppc64le/purgatory.lds -o $@ $(PURG_PPC64LE_OBJS)

purgatory/ppc64le/blob.o: purgatory/ppc64le/blob.S purgatory/ppc64le/purgatory.ro
	$(CC) -Wa,-I. -c -o $@ $<

kexec/arch/ppc64le/purgatory.o tests/unit/test_purgatory_ppc64.o \
tests/unit/test_ppc64_plan.o: \
	ALL_CPPFLAGS += -DHAVE_PPC64LE_PURGATORY_BLOB=1

endif
