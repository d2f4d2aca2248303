#!/bin/sh
# demo.sh - the README's first command: the project's demonstration.
# Installs what is missing (build tools, qemu-system-x86, busybox-static,
# cpio, makedumpfile), fetches Debian's 6.12 kernel (bookworm-backports,
# cached), builds a static kexec and runs end-to-end scenario 2 in a QEMU
# guest (TCG, about a minute):
#   1. the guest loads a crash kernel with `kexec -c -p --hotplug`
#   2. the host hot-adds two 512 MiB DIMMs over QMP; the guest's kernel
#      rewrites the crash kernel's ELF core header itself
#   3. the guest fills 640 MiB with stamped pages (most land in the DIMMs)
#      and panics; the crash kernel boots and checks /proc/vmcore
#   4. the host compares what was written with what the dump holds.
# Environment: KEXEC_HOTPLUG_BUILD=DIR keeps the build and the guest logs.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '\n>>> %s\n' "$*"; }

say "installing what is missing (build tools, QEMU, busybox, makedumpfile)"
"$src/tests/install-deps.sh" build e2e

say "bootstrap"
log=$(mktemp)
(cd "$src" && ./bootstrap > "$log" 2>&1) || { cat "$log"; rm -f "$log"; exit 1; }
rm -f "$log"

cat <<'TXT'

>>> the demonstration: a crash dump taken after memory hot-plug is complete
    The guest (Debian's 6.12 kernel, 1 GiB, crashkernel=256M) loads the crash
    kernel with OUR kexec:  kexec -c -p --hotplug --initrd=... --append=...
    (kexec_load with KEXEC_UPDATE_ELFCOREHDR, the elfcorehdr sized from
    /sys/kernel/crash_elfcorehdr_size and left out of purgatory's digest).
    Then the host hot-adds two 512 MiB DIMMs, the guest writes 640 MiB of
    stamped pages and crashes (echo c > /proc/sysrq-trigger).  Nobody
    reloads anything: if the kernel did not rewrite the header, the pages in
    the DIMMs would be missing from the dump (scenario 3 shows exactly that).
TXT
KD_SHOW_PLAN=1 sh "$src/tests/e2e/run.sh" 2
cat <<'TXT'

>>> done: every page written to hot-added memory was found in the dump the
    crash kernel read, with one PT_LOAD per DIMM that the running kernel added
    to the header our kexec loaded.  All scenarios: sh tests/run-all.sh
TXT
