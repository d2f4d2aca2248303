# arch.py - owns what differs between the architectures the end-to-end tests
# run: one Profile per guest architecture, as data (toolchain for the guest
# tools, busybox, kexec build, QEMU binary, machine, memory and CPUs,
# crashkernel=, console, what the dump checks expect), and the -accel
# options.  Everything else in tests/e2e/lib is written once for both.
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str               # the --arch value and the guest's uname -m family
    deb_arch: str           # Debian architecture (lib/kernels.py fetch --arch)
    label: str              # artefact directory and banner ("e2e: ...")
    tag: str                # put before "scenario" in the report
    cc: str                 # compiles the static guest tools
    cc_pkg: str             # the Debian package holding it
    cross_kexec: bool       # static kexec by tests/cross/build-ppc64le.sh
    own_busybox: bool       # busybox-static of deb_arch, not the host's
    makedumpfile: bool      # the capture initramfs carries Debian's makedumpfile
    qemu_bin: str
    qemu_pkg: str
    machine: tuple          # -machine (and -cpu) options
    kvm: bool               # KEXEC_HOTPLUG_ACCEL=kvm may use /dev/kvm
    mem: str                # -m
    smp: str                # -smp
    crashkernel: str        # crashkernel= of the first kernel
    console: str            # console= (the marker lines appear there)
    boot_args: tuple        # extra e2e.* arguments of every scenario guest
    verify_args: tuple      # extra lib/verify.py expectations


X86_64 = Profile(
    name="x86_64", deb_arch="amd64", label="e2e", tag="",
    cc="gcc", cc_pkg="gcc", cross_kexec=False, own_busybox=False,
    makedumpfile=True,
    qemu_bin="qemu-system-x86_64", qemu_pkg="qemu-system-x86",
    machine=("-machine", "pc"), kvm=True,
    mem="1G,slots=8,maxmem=16G", smp="2", crashkernel="256M", console="ttyS0",
    boot_args=(), verify_args=())

# pseries puts hot-added DIMMs right after the 2 GiB of boot RAM
PPC64LE_HOTBASE = 2 << 30

PPC64LE = Profile(
    name="ppc64le", deb_arch="ppc64el", label="e2e-ppc64le", tag="ppc64le ",
    cc="powerpc64le-linux-gnu-gcc", cc_pkg="gcc-powerpc64le-linux-gnu",
    cross_kexec=True, own_busybox=True, makedumpfile=False,
    qemu_bin="qemu-system-ppc64", qemu_pkg="qemu-system-ppc",
    machine=("-machine", "pseries,x-vof=on", "-cpu", "POWER9"), kvm=False,
    mem="2G,slots=4,maxmem=8G", smp="2,maxcpus=4", crashkernel="512M", console="hvc0",
    boot_args=("e2e.hotbase=%d" % PPC64LE_HOTBASE,),
    verify_args=("--machine", "21", "--notes-online", "--hot-base", str(PPC64LE_HOTBASE)))

PROFILES = {p.name: p for p in (X86_64, PPC64LE)}


def accel(profile):
    """The -accel options.  TCG by default; KEXEC_HOTPLUG_ACCEL=kvm (or auto)
    uses KVM when /dev/kvm is read/writable, falling back to TCG.  Not
    automatic: a /dev/kvm that opens fine can still fail to run the guest
    (nested KVM stopped Debian's 6.12 decompressor with "KVM internal error
    ... emulation failure").  x86 TCG runs single-threaded: with one host
    thread per vCPU (QEMU 7.2) a guest booting on 2 CPUs once hit "Oops: int3"
    in enqueue_timer, a stale translation of code the kernel was patching on
    the other vCPU; single-threaded costs about 2 s of boot per guest.
    pseries runs TCG only."""
    if not profile.kvm:
        return ["-accel", "tcg"]
    tcg = ["-accel", "tcg,thread=single"]
    if os.environ.get("KEXEC_HOTPLUG_ACCEL", "tcg") not in ("kvm", "auto"):
        return tcg
    if os.access("/dev/kvm", os.R_OK | os.W_OK):
        return ["-accel", "kvm"] + tcg
    return tcg
