# SPDX-License-Identifier: GPL-2.0-only
# purgatory/x86_64/build.mk - builds the x86_64 purgatory and embeds it.
#
# Included by Makefile.in.  When PURGATORY_ARCH = x86_64:
#   purgatory/x86_64/*.o     entry.S + C files (and lib/sha256.c) compiled
#                            freestanding with PURG_X86_64_CFLAGS, never with
#                            the userspace CFLAGS/sanitizers
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
PURG_X86_64_CPPFLAGS = -I$(srcdir)/purgatory/x86_64 -I$(srcdir)/include \
	-I$(srcdir)/lib
PURG_X86_64_COBJS := $(addprefix purgatory/x86_64/,purgatory.o verify.o serial.o string.o)
PURG_X86_64_OBJS := purgatory/x86_64/entry.o $(PURG_X86_64_COBJS) \
	purgatory/x86_64/sha256.o

ifeq ($(PURGATORY_ARCH),x86_64)

BLOB_OBJS += purgatory/x86_64/blob.o

$(PURG_X86_64_COBJS): purgatory/x86_64/%.o: purgatory/x86_64/%.c
	@$(MKDIR_P) $(dir $@)
	$(CC) $(PURG_X86_64_CPPFLAGS) $(PURG_X86_64_CFLAGS) -MMD -MP -c -o $@ $<

purgatory/x86_64/sha256.o: lib/sha256.c
	@$(MKDIR_P) $(dir $@)
	$(CC) $(PURG_X86_64_CPPFLAGS) $(PURG_X86_64_CFLAGS) -MMD -MP -c -o $@ $<

purgatory/x86_64/entry.o: purgatory/x86_64/entry.S
	@$(MKDIR_P) $(dir $@)
	$(CC) $(PURG_X86_64_CPPFLAGS) -fno-pie -MMD -MP -c -o $@ $<

purgatory/x86_64/purgatory.ro: $(PURG_X86_64_OBJS)
	$(LD) -r -o $@.tmp $^
	$(LD) -static -nostdlib -e purgatory_start -o $@.chk $@.tmp
	$(OBJCOPY) --strip-debug -R .comment -R .note.GNU-stack \
		-R .note.gnu.property $@.tmp $@
	rm -f $@.tmp $@.chk

purgatory/x86_64/blob.o: purgatory/x86_64/blob.S purgatory/x86_64/purgatory.ro
	$(CC) -Wa,-I. -c -o $@ $<

kexec/arch/x86_64/purgatory.o tests/unit/test_purgatory_x86_64.o: \
	ALL_CPPFLAGS += -DHAVE_X86_64_PURGATORY_BLOB=1

endif
