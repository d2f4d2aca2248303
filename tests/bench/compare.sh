#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# compare.sh - side by side with Debian's own kexec-tools (`make
# bench-compare`): the same crash loads of Debian's 6.12 bzImage on the
# same captured machine, up to the kexec_load syscall and never through it.
# Prints medians of alternating runs and the ratio ours / kexec-tools for:
#   - the whole load up to the syscall (64 MiB and 1 MiB initrd, with and
#     without -i), wall time of the loader process;
#   - its peak RSS (getrusage of the loader process, ru_maxrss);
#   - the planning cost of generated 512- and 8192-range, 1024-CPU
#     machines (tests/tools/gen-large-sysroot.py): their 1 MiB load minus
#     the small machine's;
#   - the bytes purgatory hashes at panic: ours from --plan-json (bufsz of
#     the digest's segments: digest.c), kexec-tools' from the kexec_load
#     arguments strace decoded (memsz of every segment but purgatory's,
#     the zero fill included; nothing with -i, which skips the digest).
# Its second part, real loads and panics of both in a QEMU guest, is
# compare-guest.py (`make bench-compare-guest`).
#
# kexec-tools: Debian 12's package, extracted into
# ~/.cache/kexec-hotplug/kexec-tools/ by fetch-kexec-tools.sh (`apt-get
# download`, `dpkg-deb -x`), never installed.  It has no
# --sysroot: each run is in a private mount namespace (unshare -m) where
# the snapshot's proc/ is bind-mounted over /proc and its sys/kernel,
# sys/devices/system/{cpu,memory} and sys/firmware/{memmap,efi} over the
# real ones (an empty tmpfs where the snapshot has none).
#
# SAFETY: kexec-tools must never reach a real kexec_load, kexec_file_load or
# reboot.  Every run of it is under `strace --seccomp-bpf -f -e
# inject=kexec_load,kexec_file_load,reboot:error=ENOSYS` (the syscall is
# replaced by the error, the kernel never sees it), with CAP_SYS_BOOT
# dropped from its bounding set as a second wall (setpriv), and only with
# -p and never -e or -f.  Before any run the script checks the mechanism
# on a harmless syscall (an injected mkdir fails with ENOSYS, strace logs
# INJECTED, and no directory was made: the syscall never ran) and
# refuses to go on otherwise; after every run, every kexec_load,
# kexec_file_load or reboot line in strace's log must say INJECTED, or the
# script stops.
# Ours runs with --dry-run (the project's rule: never without it outside
# the fake-syscall tests), which does everything a load does up to the
# syscall; it runs through the same namespace, strace and wrapper so both
# pay the same strace cost (the seccomp filter stops neither loader before
# its syscall).  With -i ours touches no initrd page at all (a real load's
# copy_from_user would), so its -i RSS is a lower bound.
#
# Usage: compare.sh [--runs N] [--out FILE]   (root: unshare, mount)
# Environment: KEXEC (our binary), TEST_SRCDIR (tests/), KEXEC_TEST_KERNEL
# (else fetched by tests/e2e/lib/fetch-kernel.sh), KEXEC_TOOLS_ROOT (an
# extracted kexec-tools package tree to use instead of the download).
set -eu

# ---- the namespace helper: compare.sh --ns SNAPSHOT CMD... -------------
if [ "${1:-}" = "--ns" ]; then
	snap=$2; shift 2
	mount --bind "$snap/proc" /proc
	for d in sys/kernel sys/devices/system/cpu sys/devices/system/memory \
		 sys/firmware/memmap sys/firmware/efi; do
		if [ -d "$snap/$d" ] && [ -d "/$d" ]; then
			mount --bind "$snap/$d" "/$d"
		elif [ -d "/$d" ]; then
			mount -t tmpfs none "/$d"
		fi
	done
	exec "$@"
fi

: "${KEXEC:?our kexec binary}" "${TEST_SRCDIR:?tests/ of the source tree}"
RUNS=5
OUT=
while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	*) echo "usage: compare.sh [--runs N] [--out FILE]" >&2; exit 2 ;;
	esac
done
die() { echo "compare.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (unshare -m and bind mounts for kexec-tools)"
for t in strace unshare setpriv python3 jq apt-get dpkg-deb; do
	command -v $t >/dev/null || die "$t missing"
done
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
KEXEC=$(cd "$(dirname "$KEXEC")" && pwd)/$(basename "$KEXEC")
kernel=${KEXEC_TEST_KERNEL:-$(sh "$TEST_SRCDIR/e2e/lib/fetch-kernel.sh")}
boot="$TEST_SRCDIR/fixtures/sysroot/deb12-x86_64-boot"
tmp=$(mktemp -d /dev/shm/kexec-compare.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- Debian's kexec-tools, extracted, never installed -------------------
KT_ROOT=${KEXEC_TOOLS_ROOT:-$(sh "$(dirname "$SELF")/fetch-kexec-tools.sh")}
KT="$KT_ROOT/sbin/kexec"
KT_LIBS="$KT_ROOT/usr/lib/x86_64-linux-gnu"
[ -x "$KT" ] || die "no kexec-tools binary at $KT"

# ---- safety: the injection must work before kexec-tools ever runs -------
INJECT="kexec_load,kexec_file_load,reboot"
strace_run() {	# strace_run LOG CMD...: under the injection, CAP_SYS_BOOT dropped
	log=$1; shift
	setpriv --bounding-set=-sys_boot --inh-caps=-sys_boot \
		strace --seccomp-bpf -f -qq -o "$log" -e trace=$INJECT \
		-e inject=$INJECT:error=ENOSYS -- "$@"
}
check_injection() {
	# the injected syscall must not run at all, not merely return an
	# error: mkdir under the injection must leave no directory behind
	strace --seccomp-bpf -f -qq -o "$tmp/probe.log" -e trace=mkdir,mkdirat \
		-e inject=mkdir,mkdirat:error=ENOSYS -- mkdir "$tmp/probe" \
		>"$tmp/probe.out" 2>&1 &&
		die "SAFETY: strace's injection did not make mkdir fail: $(cat "$tmp/probe.out")"
	[ -e "$tmp/probe" ] &&
		die "SAFETY: strace injected an error but mkdir still ran"
	grep -q 'mkdir.*ENOSYS.*(INJECTED)' "$tmp/probe.log" ||
		die "SAFETY: strace did not log an injected mkdir: $(cat "$tmp/probe.log")"
	strace_run "$tmp/probe2.log" true ||
		die "SAFETY: strace refuses the kexec_load/kexec_file_load/reboot injection"
	echo "safety: $(strace -V | head -1): an injected mkdir failed with ENOSYS and created nothing"
}
# every traced kexec call of a run was injected, and the load got there
check_log() {	# check_log LOG
	if grep -E '(kexec_load|kexec_file_load|reboot)\(' "$1" | grep -qv '(INJECTED)'; then
		echo "compare.sh: SAFETY: a kexec call in $1 was not injected:" >&2
		grep -E '(kexec_load|kexec_file_load|reboot)\(' "$1" >&2
		exit 3
	fi
	grep -q 'kexec_load(.*(INJECTED)' "$1"	# else it stopped before
}
check_injection

# ---- measuring one run ----------------------------------------------------
# The wrapper forks the loader and reports its wall time and ru_maxrss.
cat > "$tmp/measure.py" <<'EOF'
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(argv[0], argv)
_, status, ru = os.wait4(pid, 0)
ms = (time.monotonic() - t0) * 1000
with open(out, "w") as f:
    f.write("%.1f %d %d\n" % (ms, ru.ru_maxrss, os.waitstatus_to_exitcode(status)))
EOF
# run_one WHO SNAPSHOT INITRD [ARGS...]: appends "ms rss_kib" to $tmp/WHO.last
run_one() {
	who=$1 snap=$2 initrd=$3; shift 3
	if [ "$who" = ours ]; then
		set -- "$KEXEC" -c -p --hotplug --dry-run --sysroot="$snap" \
			--rundir="$tmp/run" "$@" --initrd="$initrd" \
			--append="irqpoll nr_cpus=1" "$kernel"
	else
		set -- env LD_LIBRARY_PATH="$KT_LIBS" "$KT" -c -p "$@" \
			--initrd="$initrd" --append="irqpoll nr_cpus=1" "$kernel"
	fi
	rm -f "$tmp/$who.m"
	unshare -m --propagation private sh "$SELF" --ns "$snap" \
		setpriv --bounding-set=-sys_boot --inh-caps=-sys_boot \
		strace --seccomp-bpf -f -qq -o "$tmp/$who.strace" -e trace=$INJECT \
		-e inject=$INJECT:error=ENOSYS -- \
		python3 "$tmp/measure.py" "$tmp/$who.m" "$@" \
		>"$tmp/$who.out" 2>"$tmp/$who.err" || true
	[ -s "$tmp/$who.m" ] || die "$who: no measurement: $(head -3 "$tmp/$who.err")"
	read -r ms rss rc < "$tmp/$who.m"
	if [ "$who" = ours ] && [ "$rc" -ne 0 ]; then
		die "ours failed: $(head -3 "$tmp/ours.err")"
	fi
	if [ "$who" = kt ] && ! check_log "$tmp/kt.strace"; then
		echo "failed"
		return
	fi
	echo "$ms $rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (!NR) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

# bench NAME SNAPSHOT INITRD [ARGS...]: RUNS alternating pairs; sets
# o_ms o_rss k_ms k_rss (medians; RSS in KiB)
bench() {
	shift	# the label, for the reader
	: > "$tmp/o.ms"; : > "$tmp/o.rss"; : > "$tmp/k.ms"; : > "$tmp/k.rss"
	i=0 k_failed=
	while [ $i -lt "$RUNS" ]; do
		r=$(run_one ours "$@"); echo "${r% *}" >> "$tmp/o.ms"; echo "${r#* }" >> "$tmp/o.rss"
		r=$(run_one kt "$@")
		if [ "$r" = failed ]; then
			k_failed=$(grep -v '^$' "$tmp/kt.err" | head -1)
			break
		fi
		echo "${r% *}" >> "$tmp/k.ms"; echo "${r#* }" >> "$tmp/k.rss"
		i=$((i + 1))
	done
	o_ms=$(median < "$tmp/o.ms"); o_rss=$(median < "$tmp/o.rss")
	k_ms=$(median < "$tmp/k.ms"); k_rss=$(median < "$tmp/k.rss")
	if [ -n "$k_failed" ]; then
		k_ms="failed ($k_failed)"; k_rss=0
	fi
}

# bytes hashed at panic, from the last runs of bench
hashed_ours() {	# hashed_ours SNAPSHOT INITRD [ARGS...]
	snap=$1 initrd=$2; shift 2
	"$KEXEC" -c -p --hotplug --dry-run --sysroot="$snap" --rundir="$tmp/run" "$@" \
		--initrd="$initrd" --append="irqpoll nr_cpus=1" --plan-json=- "$kernel" 2>/dev/null |
		jq 'if .digest then [.segments[] | select(.in_digest) | .bufsz] | add else 0 end'
}
hashed_kt() {	# from the last kexec-tools run's strace log
	case " $* " in *" -i "*) echo 0; return ;; esac
	python3 - "$tmp/kt.strace" <<'EOF'
import re, sys
line = [l for l in open(sys.argv[1]) if "kexec_load(" in l][-1]
entry = int(re.search(r"kexec_load\((0x[0-9a-f]+)", line).group(1), 16)
total = 0
for mem, memsz in re.findall(r"mem=(0x[0-9a-f]+), memsz=(\d+)", line):
    mem, memsz = int(mem, 16), int(memsz)
    if not mem <= entry < mem + memsz:	# purgatory holds the entry
        total += memsz
print(total)
EOF
}

head -c 64M /dev/urandom > "$tmp/initrd64"
head -c 1M /dev/urandom > "$tmp/initrd1"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
	echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), $cpu, $(nproc) CPUs online, $(uname -r)"
	echo "ours: $("$KEXEC" --version 2>/dev/null | head -1); kexec-tools: $(cat "$KT_ROOT/../packages" 2>/dev/null | grep '^kexec-tools' || echo "$KT")"
	echo "kernel: $(basename "$kernel"); machine: $(basename "$boot"); medians of $RUNS alternating runs; ratio = ours / kexec-tools"
	echo
	echo "| crash load (-c -p) up to the syscall | ours ms | kexec-tools ms | ratio | ours peak RSS MiB | kexec-tools peak RSS MiB | ratio | ours MiB hashed at panic | kexec-tools MiB hashed at panic |"
	echo "|---|---|---|---|---|---|---|---|---|"
} > "$tmp/table"
cat "$tmp/table"
for c in "64 MiB initrd:initrd64:" "1 MiB initrd:initrd1:" "64 MiB initrd, -i:initrd64:-i" "1 MiB initrd, -i:initrd1:-i"; do
	label=${c%%:*}; rest=${c#*:}; ird=${rest%%:*}; extra=${rest#*:}
	# shellcheck disable=SC2086
	bench "$label" "$boot" "$tmp/$ird" $extra
	# shellcheck disable=SC2086
	ho=$(hashed_ours "$boot" "$tmp/$ird" $extra)
	# shellcheck disable=SC2086
	hk=$(hashed_kt $extra)
	line="| $label | $o_ms | $k_ms | $(ratio "$o_ms" "$k_ms") | $(mib "$o_rss") | $(mib "$k_rss") | $(ratio "$o_rss" "$k_rss") | $(mb "$ho") | $(mb "$hk") |"
	echo "$line" | tee -a "$tmp/table"
done

# planning at scale: generated machines of 512 ranges (kexec-tools reads
# only the first 64 KiB of /proc/kcore, which holds the program headers of
# about 580 ranges) and 8192 ranges, 1024 CPUs each
{
	echo
	echo "| RAM ranges x CPUs, 1 MiB initrd | ours ms | kexec-tools ms | ratio | ours planning ms | kexec-tools planning ms |"
	echo "|---|---|---|---|---|---|"
} | tee -a "$tmp/table"
for n in 512 8192; do
	python3 "$TEST_SRCDIR/tools/gen-large-sysroot.py" "$boot" "$tmp/big$n" $n 1024 >/dev/null
	: > "$tmp/po"; : > "$tmp/pk"; : > "$tmp/bo"; : > "$tmp/bk"
	i=0 k_failed=
	while [ $i -lt "$RUNS" ]; do	# small and big in each round: drift cancels
		so=$(run_one ours "$boot" "$tmp/initrd1"); bo=$(run_one ours "$tmp/big$n" "$tmp/initrd1")
		echo "${bo% *}" >> "$tmp/bo"
		echo "${bo% *} ${so% *}" | awk '{ printf "%.1f\n", $1 - $2 }' >> "$tmp/po"
		if [ -z "$k_failed" ]; then
			sk=$(run_one kt "$boot" "$tmp/initrd1"); bk=$(run_one kt "$tmp/big$n" "$tmp/initrd1")
			if [ "$bk" = failed ]; then
				k_failed="failed ($(grep -v '^$' "$tmp/kt.err" | head -1))"
			else
				echo "${bk% *}" >> "$tmp/bk"
				echo "${bk% *} ${sk% *}" | awk '{ printf "%.1f\n", $1 - $2 }' >> "$tmp/pk"
			fi
		fi
		i=$((i + 1))
	done
	o_ms=$(median < "$tmp/bo"); po=$(median < "$tmp/po")
	k_ms=${k_failed:-$(median < "$tmp/bk")}; pk=$(median < "$tmp/pk")
	echo "| $n x 1024 | $o_ms | $k_ms | $(ratio "$o_ms" "$k_ms") | $po | ${pk:--} |" | tee -a "$tmp/table"
	rm -rf "$tmp/big$n"
done
echo "(planning: median over rounds of the load minus the same round's 1 MiB load on $(basename "$boot"))" | tee -a "$tmp/table"
[ -n "$OUT" ] && cp "$tmp/table" "$OUT"
exit 0
