# SPDX-License-Identifier: GPL-2.0-only
# purgatory/x86_64/build.mk - builds the x86_64 purgatory and embeds it.
#
# Included by Makefile.in.  When configure found an x86_64 compiler
# (X86_64_PURGATORY_CC: the host's, Debian's x86_64-linux-gnu-gcc, or the
# build machine's), on any host:
#   purgatory/x86_64/*.o     entry.S + C files (and lib/sha256.c,
#                            lib/sha256-shani.c, lib/sha256-simd.c)
#                            compiled freestanding with
#                            PURG_X86_64_CFLAGS, never with the userspace
#                            CFLAGS/sanitizers
#   purgatory/x86_64/purgatory.ro   ld -r of those, debug info stripped;
#                            a trial static link must succeed (no undefined
#                            symbol can reach the loader)
#   purgatory/x86_64/blob.o  .incbin of purgatory.ro, appended to BLOB_OBJS
#                            so it lands in kexec/libkexec.a
#   HAVE_X86_64_PURGATORY_BLOB defined for the loader side and its test.
# Otherwise nothing is embedded and x86_purgatory_open() says so.
# All paths are build-directory relative; sources come through VPATH.

PURG_X86_64_CFLAGS = -std=gnu11 -Wall -Wextra -Wstrict-prototypes \
	-Wmissing-prototypes -O2 -ffreestanding -fno-builtin -nostdlib \
	-fno-stack-protector -fno-stack-clash-protection -fcf-protection=none \
	-fno-PIC -fno-pie -mcmodel=large -mno-red-zone \
	-mno-sse -mno-mmx -mno-sse2 -mno-avx -mno-3dnow \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-zero-initialized-in-bss -fno-common \
	-fno-tree-loop-distribute-patterns
PURG_X86_64_CPPFLAGS = -I$(srcdir)/purgatory/x86_64 -I$(srcdir)/purgatory/common -I$(srcdir)/include \
	-I$(srcdir)/lib
PURG_X86_64_COBJS := $(addprefix purgatory/x86_64/,purgatory.o verify.o serial.o)
PURG_X86_64_OBJS := purgatory/x86_64/entry.o $(PURG_X86_64_COBJS) purgatory/x86_64/mem.o \
	purgatory/x86_64/sha256.o purgatory/x86_64/sha256-shani.o purgatory/x86_64/sha256-simd.o

ifneq ($(X86_64_PURGATORY_CC),)

BLOB_OBJS += purgatory/x86_64/blob.o

$(PURG_X86_64_COBJS): purgatory/x86_64/%.o: purgatory/x86_64/%.c
	@$(MKDIR_P) $(dir $@)
	$(X86_64_PURGATORY_CC) $(PURG_X86_64_CPPFLAGS) $(PURG_X86_64_CFLAGS) -MMD -MP -c -o $@ $<

# The portable SHA-256 core, the SHA-NI and the SSSE3/AVX2 leaves; verify.c
# picks the block function from the loader's flags (no CPUID here).
# lib/sha256-pick.c is hosted only and not built.  The leaves confine
# SSE/AVX to their target(...) functions (the CPUID checks in them are
# linked but never called).
purgatory/x86_64/sha256.o purgatory/x86_64/sha256-shani.o \
purgatory/x86_64/sha256-simd.o: purgatory/x86_64/%.o: lib/%.c
	@$(MKDIR_P) $(dir $@)
	$(X86_64_PURGATORY_CC) $(PURG_X86_64_CPPFLAGS) $(PURG_X86_64_CFLAGS) -MMD -MP -c -o $@ $<

# purgatory/common: shared by every purgatory, built with this one's flags
purgatory/x86_64/mem.o: purgatory/common/mem.c
	@$(MKDIR_P) $(dir $@)
	$(X86_64_PURGATORY_CC) $(PURG_X86_64_CPPFLAGS) $(PURG_X86_64_CFLAGS) -MMD -MP -c -o $@ $<

purgatory/x86_64/entry.o: purgatory/x86_64/entry.S
	@$(MKDIR_P) $(dir $@)
	$(X86_64_PURGATORY_CC) $(PURG_X86_64_CPPFLAGS) -fno-pie -MMD -MP -c -o $@ $<

purgatory/x86_64/purgatory.ro: $(PURG_X86_64_OBJS)
	$(X86_64_PURGATORY_LD) -r -o $@.tmp $^
	$(X86_64_PURGATORY_LD) -static -nostdlib -e purgatory_start -o $@.chk $@.tmp
	$(X86_64_PURGATORY_OBJCOPY) --strip-debug -R .comment -R .note.GNU-stack \
		-R .note.gnu.property $@.tmp $@
	rm -f $@.tmp $@.chk

purgatory/x86_64/blob.o: purgatory/x86_64/blob.S purgatory/x86_64/purgatory.ro
	$(CC) -Wa,-I. -c -o $@ $<

kexec/arch/x86_64/purgatory.o tests/unit/test_purgatory_x86_64.o \
tests/bench/purgatory-sha256-bench.o: \
	ALL_CPPFLAGS += -DHAVE_X86_64_PURGATORY_BLOB=1

endif

# `make bench`: the purgatory's own hashing speed (run.sh lists it).  Built
# on every host; without a runnable x86_64 blob it only says it skipped.
bench: tests/bench/purgatory-sha256-bench

tests/bench/purgatory-sha256-bench: tests/bench/purgatory-sha256-bench.o kexec/libkexec.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS) $(LIBS)
