#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# plan-scale.sh - planning cost at scale for `make bench` (figures only,
# never fails on speed).  Generated machines (tests/tools/gen-large-sysroot.py)
# on the grid {1024, 8192, 32640} RAM ranges x {64, 1024, 4096} possible
# CPUs; for each, `kexec -c -p [--hotplug] -i --dry-run` with a 1 MiB initrd
# is timed (median of N runs: wall clock, and CPU = user + sys of the child),
# and the same run on the captured small machine (deb12-x86_64-boot),
# interleaved with it, is subtracted: what is left is the planning cost of
# the ranges and CPUs.
# Then the slopes: ms per 1k ranges (1024 CPUs) and ms per 1k CPUs (8192
# ranges).
#
# Flags: --hotplug where the header fits Debian's crash_elfcorehdr_size
# (917616 = 16386 program headers: 8192 CPUs + 8192 ranges + 2); the 32640
# column runs with --no-hotplug, since with --hotplug that plan is refused
# (the kernel could not rebuild a header that large) and the default (auto)
# turns hot-plug on where the kernel offers it.  -i skips the SHA-256 of
# the segments, which would otherwise dominate.
# Environment: KEXEC (binary), TEST_SRCDIR (tests/), KEXEC_TEST_KERNEL,
# PLAN_SCALE_RUNS (default 11).
set -eu
: "${KEXEC:?}" "${TEST_SRCDIR:?}"
kernel=${KEXEC_TEST_KERNEL:-$(sh "$TEST_SRCDIR/e2e/lib/fetch-kernel.sh")}
runs=${PLAN_SCALE_RUNS:-11}
tmp=$(mktemp -d /dev/shm/kexec-plan-scale.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
boot="$TEST_SRCDIR/fixtures/sysroot/deb12-x86_64-boot"
head -c 1M /dev/urandom > "$tmp/initrd1"

# cost SYSROOT FLAGS: "<wall ms> / <cpu ms>", median over $runs runs of
# SYSROOT minus median of as many runs of the small machine, interleaved
# so that a change in the machine's load hits both alike
cost() {
	python3 - "$runs" "$KEXEC" "$boot" "$1" "$tmp/initrd1" "$kernel" $2 <<'EOF'
import os, sys, time
runs, kexec, small, big, initrd, kernel = int(sys.argv[1]), *sys.argv[2:7]
flags = sys.argv[7:]

def once(root):
    argv = [kexec, "-c", "-p", *flags, "-i", "--dry-run", "--sysroot=" + root,
            "--initrd=" + initrd, "--append=irqpoll nr_cpus=1", kernel]
    t0 = time.perf_counter()
    # posix_spawn (vfork): forking the Python process copies its page
    # tables, which on some VMs adds milliseconds of noise to every run
    pid = os.posix_spawn(kexec, argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, ru = os.wait4(pid, 0)
    if status:
        sys.exit("plan-scale: %s failed (status %d)" % (" ".join(argv), status))
    return (time.perf_counter() - t0) * 1000, (ru.ru_utime + ru.ru_stime) * 1000

t = {small: [], big: []}
for _ in range(runs):
    for root in (small, big):
        t[root].append(once(root))
med = lambda root, k: sorted(x[k] for x in t[root])[runs // 2]
print("%.1f / %.1f" % (med(big, 0) - med(small, 0), med(big, 1) - med(small, 1)))
EOF
}

echo "planning cost = machine minus the captured small machine (deb12-x86_64-boot),"
echo "medians of $runs interleaved runs, in ms (wall / cpu):"
printf '%-14s %16s %16s %16s\n' "ranges \\ CPUs" 64 1024 4096
for n in 1024 8192 32640; do
	flags=--hotplug
	[ "$n" -gt 8192 ] && flags=--no-hotplug
	line=$(printf '%-14s' "$n $([ "$flags" = --hotplug ] && echo hp || echo no-hp)")
	for c in 64 1024 4096; do
		python3 "$TEST_SRCDIR/tools/gen-large-sysroot.py" "$boot" "$tmp/m" "$n" "$c" >/dev/null
		t=$(cost "$tmp/m" "$flags")
		echo "$n $c $t" >> "$tmp/grid"
		line="$line $(printf '%16s' "$t")"
	done
	echo "$line"
done
rm -rf "$tmp/m"
echo "(hp: with --hotplug; no-hp: with --no-hotplug, the header is too large for hot-plug updates)"
awk '
	{ w[$1 " " $2] = $3; c[$1 " " $2] = $5 }
	END {
		printf "slope: %.2f ms wall / %.2f ms cpu per 1k ranges (1024 CPUs, 1024 -> 32640 ranges)\n",
			(w["32640 1024"] - w["1024 1024"]) / 31.616,
			(c["32640 1024"] - c["1024 1024"]) / 31.616
		printf "slope: %.2f ms wall / %.2f ms cpu per 1k CPUs (8192 ranges, 64 -> 4096 CPUs)\n",
			(w["8192 4096"] - w["8192 64"]) / 4.032,
			(c["8192 4096"] - c["8192 64"]) / 4.032
	}' "$tmp/grid"
