#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# build-image.sh - builds the root file system of the Debian guest of
# tests/e2e/run-debian.sh as a tarball, from Debian's packages only:
# bookworm with the packages listed in ./packages, the 6.12 kernel from
# bookworm-backports (linux-image-amd64, CONFIG_CRASH_HOTPLUG=y), and
# kdump-tools' own kdump initramfs built here, once, so the guest's first
# `kdump-config load` finds it (building it at boot costs ~95 s under TCG).
# The only configuration changed from Debian's defaults:
#   /etc/default/kdump-tools  USE_KDUMP=1, MAKEDUMP_ARGS="-E -d 1" (an ELF
#                             dump that keeps user pages: the checker reads
#                             ELF and looks for stamped user pages)
#   /etc/initramfs-tools: MODULES=list with virtio_pci virtio_blk ext4 (the
#                             guest's root disk).  kdump-tools' kernel hook
#                             turns the default MODULES=most into MODULES=dep,
#                             which fails in a chroot ("failed to determine
#                             device for /"); with list both initramfs hold
#                             just what this one machine needs
#   /etc/fstab, hostname, no apt timers (they only slow the boot down)
# Our package, the scenario unit and the stamper are installed per run
# (lib/debimage.py), never here, so this tarball is the control as it is.
# Usage: build-image.sh OUT.tar MIRROR-URI      (as root; mmdebstrap)
set -eu
out=$1
mirror=$2
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(grep -v '^#' "$here/packages" | tr -s ' \n' ',' | sed 's/^,//; s/,$//')
# shellcheck disable=SC2016
mmdebstrap --variant=minbase --format=tar --include="$pkgs" \
	--aptopt='APT::Install-Recommends "false"' \
	--essential-hook='echo "kdump-tools kdump-tools/use_kdump boolean true" | chroot "$1" debconf-set-selections' \
	--customize-hook='printf "virtio_pci\nvirtio_blk\next4\n" >> "$1/etc/initramfs-tools/modules"' \
	--customize-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/e2e-modules"' \
	--customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t bookworm-backports linux-image-amd64' \
	--customize-hook='sed -i "s/^USE_KDUMP=.*/USE_KDUMP=1/; s/^#*MAKEDUMP_ARGS=.*/MAKEDUMP_ARGS=\"-E -d 1\"/" "$1/etc/default/kdump-tools"' \
	--customize-hook='grep -q "^MAKEDUMP_ARGS=\"-E -d 1\"" "$1/etc/default/kdump-tools"' \
	--customize-hook='for v in $(ls "$1/lib/modules"); do
		[ -s "$1/var/lib/kdump/initrd.img-$v" ] || chroot "$1" /etc/kernel/postinst.d/kdump-tools "$v"
		[ -s "$1/var/lib/kdump/initrd.img-$v" ]
		cp "$1/etc/kdump/sysctl.conf" "$1/var/lib/kdump/latest_sysctls-$v"; done' \
	--customize-hook='echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$1/etc/fstab"; echo e2e > "$1/etc/hostname"' \
	--customize-hook='for t in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer; do
		chroot "$1" systemctl disable "$t" 2>/dev/null || true; done' \
	--customize-hook='ls -l "$1"/boot "$1"/var/lib/kdump' \
	bookworm "$out" \
	"deb $mirror bookworm main" \
	"deb $mirror bookworm-updates main" \
	"deb $mirror bookworm-backports main"
