#!/bin/sh
# callers.sh - caller contract tests: the exact argument vectors that
# kdumpctl (kdump-utils), Debian's kdump-config, openSUSE's kdump, systemd
# and petitboot build (doc/callers.md), replayed with --dry-run against
# a snapshot of a Debian 6.12 QEMU guest.  They assert what each vector
# means (syscall, flags, command line, action), not how the code gets there,
# so they must not change when the code behind them is refactored.
. "$(dirname "$0")/lib.sh"

CL="irqpoll nr_cpus=1 reset_devices cgroup_disable=memory mce=off numa=off udev.children-max=2 panic=10 acpi_no_memhotplug transparent_hugepage=never nokaslr hest_disable cma=0 pcie_ports=compat novmcoredd hugetlb_cma=0 kfence.sample_interval=0"
S="--sysroot=$BOOT"

# kdump-utils kdumpctl, default KEXEC_ARGS="-s" on x86_64
expect_json "kdumpctl default -s" \
	'.syscall == "kexec_file_load" and (.flags | . % 4 >= 2) and .cmdline == "'"$CL"'"' \
	$S -s -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# kdumpctl with KEXEC_ARGS="-c --hotplug": our mode
expect_json "kdumpctl -c --hotplug" \
	'.syscall == "kexec_load" and .flags == (4063232 + 1 + 4)
	 and (.flag_names | index("KEXEC_UPDATE_ELFCOREHDR") != null)
	 and ([.segments[] | select(.role == "elfcorehdr") | .in_digest] == [false])
	 and (.cmdline | startswith("'"$CL"'")) and (.cmdline | test(" elfcorehdr=[0-9]+K$"))' \
	$S -c --hotplug -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# ... and under Secure Boot kdumpctl appends -s after KEXEC_ARGS: -s wins
expect_json "kdumpctl -c --hotplug then -s" \
	'.syscall == "kexec_file_load"' \
	$S -c --hotplug -s -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# -c without --hotplug on a kernel that offers crash_elfcorehdr_size:
# hot-plug by default; the command line already has acpi_no_memhotplug,
# so nothing is added
expect_json "kexec -c -p, hot-plug by default" \
	'.syscall == "kexec_load" and .flags == (4063232 + 1 + 4)
	 and .hotplug.state == "on" and (.hotplug.why | startswith("default"))
	 and ([.segments[] | select(.role == "elfcorehdr") | .in_digest] == [false])
	 and .cmdline_added == "" and ([.cmdline | scan("acpi_no_memhotplug")] | length) == 1' \
	$S -c -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# --no-hotplug: digest covers the elfcorehdr, no hot-plug flag
expect_json "kexec -c -p --no-hotplug" \
	'.syscall == "kexec_load" and .flags == (4063232 + 1)
	 and .hotplug == {"state": "off", "why": "--no-hotplug"}
	 and ([.segments[] | select(.role == "elfcorehdr") | .in_digest] == [true])' \
	$S -c -p --no-hotplug --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# A kernel without crash_elfcorehdr_size: off by default, silently
NOHP="$TMP/nohp"; cp -r "$BOOT" "$NOHP"
rm -rf "$NOHP/sys/kernel/crash_elfcorehdr_size" "$NOHP/sys/kernel/kexec"
expect_json "kexec -c -p, kernel without crash_elfcorehdr_size" \
	'.syscall == "kexec_load" and .flags == (4063232 + 1)
	 and .hotplug.state == "off" and (.hotplug.why | test("no /sys/kernel/crash_elfcorehdr_size"))
	 and ([.segments[] | select(.role == "elfcorehdr") | .in_digest] == [true])' \
	--sysroot="$NOHP" -c -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"
if [ -s "$err" ]; then bad "default off printed on stderr: $(cat "$err")"; else ok; fi

# -d before or after -p: identical flags (kexec-tools got this wrong)
expect_json "-d before -p" '.flags == (4063232 + 1 + 4)' \
	$S -d -c --hotplug -p --command-line="$CL" --initrd="$INITRD" "$KERNEL"
expect_json "-d after -p" '.flags == (4063232 + 1 + 4)' \
	$S -c --hotplug -p -d --command-line="$CL" --initrd="$INITRD" "$KERNEL"

# kdumpctl unload, with and without -s
expect_out "kdumpctl unload" 0 'unload.*crash' $S --dry-run -p -u
expect_out "kdumpctl unload -s" 0 'unload.*crash' $S --dry-run -s -p -u

# Debian kdump-config: no -s means kexec-tools' default -a (file, then
# load).  Its stock capture command line lacks acpi_no_memhotplug: the
# loader adds it to both calls; the file call is kernel-managed and the
# kexec_load fallback carries the hot-plug flag.
DCL="reset_devices systemd.unit=kdump-tools-dump.service nr_cpus=1 irqpoll usbcore.nousb"
expect_json "kdump-config" \
	'.syscall == "kexec_file_load" and .cmdline == "'"$DCL"' acpi_no_memhotplug"
	 and .cmdline_added == "acpi_no_memhotplug" and .hotplug.state == "kernel-managed"
	 and .fallback.flags == (4063232 + 1 + 4) and .fallback.hotplug.state == "on"
	 and (.fallback.cmdline | startswith("'"$DCL"' acpi_no_memhotplug "))' \
	$S -p --args-linux --command-line="$DCL" --initrd="$INITRD" "$KERNEL"
# ... under Secure Boot it adds -s before KDUMP_KEXEC_ARGS: the last wins
expect_json "kdump-config -s, KDUMP_KEXEC_ARGS=-c" \
	'.syscall == "kexec_load" and .flags == (4063232 + 1 + 4) and .hotplug.state == "on"' \
	$S -p -s --args-linux -c --command-line="$DCL" --initrd="$INITRD" "$KERNEL"
expect_json "kdump-config, KDUMP_KEXEC_ARGS=-c --hotplug -s" \
	'.syscall == "kexec_file_load" and .hotplug.state == "kernel-managed" and (has("fallback") | not)' \
	$S -p --args-linux -c --hotplug -s --command-line="$DCL" --initrd="$INITRD" "$KERNEL"
expect_json "kdump-config, KDUMP_KEXEC_ARGS=--no-hotplug" \
	'.syscall == "kexec_file_load" and .fallback.flags == (4063232 + 1) and .fallback.hotplug.state == "off"' \
	$S -p --args-linux --no-hotplug --command-line="$DCL" --initrd="$INITRD" "$KERNEL"
expect_json "kdump-config, kernel without crash_elfcorehdr_size" \
	'.syscall == "kexec_file_load" and .hotplug.state == "off" and .fallback.flags == (4063232 + 1)' \
	--sysroot="$NOHP" -p --args-linux --command-line="$DCL" --initrd="$INITRD" "$KERNEL"

# openSUSE: kernel first, options after, explicit -a
expect_json "openSUSE load.sh" \
	'.syscall == "kexec_file_load" and (.cmdline | startswith("sysrq=yes reset_devices acpi_no_memhotplug"))' \
	$S -p "$KERNEL" --append="sysrq=yes reset_devices acpi_no_memhotplug cgroup_disable=memory nokaslr numa=off irqpoll nr_cpus=1" --initrd="$INITRD" -a

# systemd: kexec --load, later kexec -e
expect_json "systemctl kexec load" \
	'(.flags % 2 == 0) and .cmdline == "root=/dev/vda ro quiet"' \
	$S --load "$KERNEL" --append="root=/dev/vda ro quiet" --initrd="$INITRD"
expect_out "systemd-shutdown kexec -e" 0 'reboot into the loaded kernel' $S --dry-run -e

# petitboot on x86: -l --debug ... then -e, then -e -f
expect_json "petitboot load" '.cmdline == "console=ttyS0"' \
	$S -l --debug --initrd="$INITRD" --append="console=ttyS0" "$KERNEL"
expect_out "petitboot -e -f" 0 'reboot into the loaded kernel' $S --dry-run -e -f

# petitboot on OpenPOWER: the same vector, --dtb included, against a pseries
# snapshot.  kexec -a falls back to kexec_load there (Debian's ppc64el kernel
# has no KEXEC_FILE): a normal image (no ON_CRASH, no elfcorehdr, no crash
# region) whose FDT is the given one with the new bootargs.  The DTB comes
# from a first -l plan's fdt segment.
PPC="--sysroot=$FIX/deb12-ppc64le-boot"
if [ -n "${KEXEC_TEST_KERNEL_PPC64:-}" ] && [ -r "$KEXEC_TEST_KERNEL_PPC64" ]; then
	VMLINUX=$KEXEC_TEST_KERNEL_PPC64
else
	VMLINUX="$TMP/vmlinux"
	python3 "$TEST_SRCDIR/tools/mkvmlinux.py" "$VMLINUX"
fi
saved_arch=$ARCH_ARG
ARCH_ARG=--arch=ppc64le
run --dry-run $PPC -c -l --dump-segments="$TMP/dtb" --initrd="$INITRD" "$VMLINUX"
if [ "$rc" -ne 0 ] && grep -q 'purgatory: this build carries none' "$err"; then
	echo "note: no ppc64le purgatory in this build: petitboot ppc64le vectors skipped"
elif [ "$rc" -ne 0 ]; then
	bad "ppc64le -l for a DTB: exit $rc: $(head -c 300 "$err")"
else
	expect_json "petitboot load, ppc64le" \
		'.fallback.syscall == "kexec_load" and .fallback.flags == 1376256
		 and ([.fallback.segments[].role] == ["kernel", "initrd", "fdt", "purgatory"])
		 and .fallback.elfcorehdr == null and .fallback.crash_region == null
		 and ([.fallback.segments[] | select(.role != "purgatory") | .in_digest] | all)
		 and .cmdline == "console=hvc0 quiet"' \
		$PPC -l --debug --initrd="$INITRD" --dtb="$TMP/dtb/02-fdt.bin" \
		--append="console=hvc0 quiet" --dump-segments="$TMP/pb" "$VMLINUX"
	if grep -aq 'console=hvc0 quiet' "$TMP/pb/02-fdt.bin"; then ok; else bad "petitboot ppc64le: bootargs not in the FDT"; fi
	expect_out "petitboot -e, ppc64le" 0 'reboot into the loaded kernel' $PPC --dry-run -e
	expect_out "petitboot -e -f, ppc64le" 0 'reboot into the loaded kernel' $PPC --dry-run -e -f
fi
ARCH_ARG=$saved_arch

# kdumpctl's LUKS dump targets need the key that only -s passes: with -c
# the load goes on, with one warning that says so
run $S --dry-run -c -p --command-line="$CL rd.luks.uuid=luks-1234" --initrd="$INITRD" "$KERNEL"
if [ "$rc" -eq 0 ] && grep -q 'warning:.*LUKS.*(-s)' "$err"; then ok; else bad "LUKS warning with -c: exit $rc: $(cat "$err")"; fi
run $S --dry-run -s -p --command-line="$CL rd.luks.uuid=luks-1234" --initrd="$INITRD" "$KERNEL"
if [ "$rc" -eq 0 ] && ! grep -q 'warning' "$err"; then ok; else bad "no LUKS warning with -s: $(cat "$err")"; fi

# Debian's kdump test: --print-ckr-size prints the region size in bytes
expect_out "--print-ckr-size" 0 '^268435456$' $S --print-ckr-size

finish
