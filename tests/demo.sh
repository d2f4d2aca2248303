#!/bin/sh
# demo.sh - the README's first command.  Installs what is needed, builds
# kexec-hotplug, fetches Debian's 6.12 kernel (bookworm-backports, cached)
# and plans `kexec -c -p --hotplug` against snapshots of a Debian 6.12 QEMU
# guest taken before and after hot-adding two 512 MiB DIMMs, narrating what
# the loader did for crash hot-plug.  Nothing is loaded (--dry-run).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=${KEXEC_HOTPLUG_BUILD:-$(mktemp -d /tmp/kexec-hotplug-demo.XXXXXX)}
fix="$src/tests/fixtures/sysroot"

say() { printf '\n>>> %s\n' "$*"; }

say "installing build dependencies (only what is missing)"
"$src/tests/install-deps.sh" build test e2e

say "building in $work"
(cd "$src" && ./bootstrap >/dev/null 2>&1)
mkdir -p "$work/build"
(cd "$work/build" && "$src/configure" -q && make -s -j"$(nproc)")
kexec="$work/build/kexec/kexec"

say "fetching Debian's 6.12 kernel (cached after the first run)"
kernel=$(sh "$src/tests/e2e/lib/fetch-kernel.sh")
echo "kernel: $kernel"
initrd="$work/initrd.img"
sh "$src/tests/e2e/lib/mkinitramfs.sh" "$initrd" >/dev/null
append="irqpoll nr_cpus=1 reset_devices acpi_no_memhotplug"

plan() {	# plan SNAPSHOT JSON
	"$kexec" -c -p --hotplug --dry-run --sysroot="$fix/$1" \
		--initrd="$initrd" --append="$append" --plan-json="$2" "$kernel"
}

say "kexec -c -p --hotplug --dry-run, machine snapshot: $(head -n 1 "$fix/deb12-x86_64-boot/README" 2>/dev/null || echo deb12-x86_64-boot)"
plan deb12-x86_64-boot "$work/boot.json"

say "what --hotplug did"
jq -r '"1. elfcorehdr segment: \(.elfcorehdr.memsz) bytes reserved for a \(.elfcorehdr.used)-byte header (sysfs crash_elfcorehdr_size = '"$(cat "$fix/deb12-x86_64-boot/sys/kernel/crash_elfcorehdr_size")"')",
	"2. digest covers: \([.segments[] | select(.in_digest) | .role] | join(", ")); left out: \([.segments[] | select(.in_digest | not) | .role] | join(", "))",
	"3. kexec_load flags 0x\(.flags | tostring) = \(.flag_names | join(" | "))"' "$work/boot.json"

say "after hot-adding two 512 MiB DIMMs, the kernel rewrites the header itself; a fresh plan of the new state shows what it will contain"
plan deb12-x86_64-after-hotadd "$work/hotadd.json" >/dev/null
jq -r '"PT_LOAD ranges before: \(.elfcorehdr.loads | length)"' "$work/boot.json"
jq -r '"PT_LOAD ranges after:  \(.elfcorehdr.loads | length); new: \([.elfcorehdr.loads[] | select(.[0] >= 4294967296) | "0x\(.[0] | tostring)"] | join(" "))"' "$work/hotadd.json"
say "done: nothing was loaded (dry run)"
