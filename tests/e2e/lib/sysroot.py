# sysroot.py - owns recapturing the real machine-state snapshots in
# tests/fixtures/sysroot/ from a QEMU guest running Debian's 6.12 kernel
# (nothing loaded), for either arch profile:
#   x86_64   -smp 2,maxcpus=4, capture-sysroot.init: deb12-x86_64-boot,
#            -cpu1-offline and -after-hotadd (two 512 MiB pc-dimms hot-added
#            over QMP); through UEFI (efi=True) only deb12-x86_64-efi (the
#            after-boot state, with sys/firmware/efi and its runtime-map)
#   ppc64le  capture-sysroot-ppc64le.init: deb12-ppc64le-boot and
#            -after-hotadd (a 1 GiB pc-dimm and one CPU core hot-added)
# Each snapshot gets a README saying how it was taken; then the snapshots are
# checked for what the loader will read.  KEEP_WORKDIR=DIR keeps the guest's
# console and dmesg there.
import datetime
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import arch
import build
import initramfs
import vm

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.dirname(HERE)
DEFAULT_OUT = os.path.join(E2E, "..", "fixtures", "sysroot")

X86_NOTES = """Files hold the content of the same paths on the guest (copied with cat).
Exceptions: proc/kcore is only its first 64 KiB (ELF header and program
headers); proc/kallsyms only holds a few kernel text symbols (_text, _stext,
_etext, _edata, _end, startup_64, phys_base); uname is `uname -srvm`;
sys/kernel/boot_params/setup_data/N keeps only `type` (no `data`).
"""
PPC_NOTES = """Files hold the content of the same paths on the guest (copied with cat).
Exceptions: proc/device-tree is a copy (cp -r) of the guest's
/proc/device-tree -> /sys/firmware/devicetree/base: real directories and
property files with their binary (big-endian) contents; proc/kcore is only
its first 64 KiB (ELF header and program headers); proc/kallsyms only holds a
few kernel text symbols (_text, _stext, _etext, _edata, _end, __start);
uname is `uname -srvm`.
"""


def msg(who, text):
    print("%s: %s" % (who, text), file=sys.stderr, flush=True)


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().rstrip("\n")
    except OSError:
        return ""


def grep_dmesg(path, pattern, flags=0):
    """The matching lines of a guest's dmesg, timestamps made an indent."""
    return "\n".join(re.sub(r"^\[[ 0-9.]*\] ", "  ", ln) for ln in read(path).split("\n")
                     if re.search(pattern, ln, flags))


class X86:
    who = "capture-sysroot"
    init = "capture-sysroot.init"

    def __init__(self, efi):
        self.efi = efi
        self.snaps = ["deb12-x86_64-efi"] if efi else [
            "deb12-x86_64-boot", "deb12-x86_64-cpu1-offline", "deb12-x86_64-after-hotadd"]
        self.firmware = "ovmf" if efi else "bios"
        self.accel = "tcg"
        self.plugged = None

    def source(self, snap):
        """The name the guest sent SNAP under."""
        return "deb12-x86_64-boot" if self.efi else snap

    def hotplug(self, v):
        self.accel = "kvm" if v.qmp("query-kvm").get("enabled") else "tcg"
        for i in (0, 1):
            v.plug_dimm(i, 512 << 20)
        msg(self.who, "hot-added dimm0, dimm1")

    def state(self, snap):
        if snap.endswith("-cpu1-offline"):
            return ("after 'echo 0 > /sys/devices/system/cpu/cpu1/online' (taken before the "
                    "hot-add; cpu1 was put back online afterwards)")
        if snap.endswith("-after-hotadd"):
            return ("after hot-adding two 512 MiB pc-dimms over QMP (object-add "
                    "memory-backend-ram memN size=512M + device_add pc-dimm dimmN memdev=memN) "
                    "and waiting for 1 GiB of System RAM above 4 GiB in /proc/iomem; cpu1 "
                    "online again")
        return "the guest right after boot; nothing loaded"

    def tidy(self, d):
        # option ROM images the EFI stub passes as SETUP_PCI: firmware, not needed
        for f in glob.glob(os.path.join(d, "sys/kernel/boot_params/setup_data/*/data")):
            os.remove(f)

    def readme(self, snap, d, meta, qemu_version, today):
        fw = ("UEFI (OVMF_CODE_4M.fd + a copy of OVMF_VARS_4M.fd as pflash)"
              if self.efi else "BIOS")
        log = grep_dmesg(os.path.join(meta, self.source(snap) + ".dmesg"),
                         r"crashkernel reserved|CPU topo: Allowing|smpboot: Total|efi: EFI v|efi: ACPI")
        return f"""{snap}: machine state captured inside a QEMU guest by tests/e2e/capture-sysroot.sh
on {today}.

State: {self.state(snap)}.

Kernel: Debian bookworm-backports {read(d + "/proc/sys/kernel/osrelease")} ({read(d + "/uname")})
QEMU {qemu_version}, accel {self.accel}, firmware {fw}:
  qemu-system-x86_64 -machine pc -m 1G,slots=8,maxmem=16G -smp 2,maxcpus=4
    -nographic -monitor none -no-reboot -serial stdio -serial file:DATA
    -qmp unix:SOCK,server=on,wait=off -kernel vmlinuz -initrd capture.cpio.gz
    -append "{read(d + "/proc/cmdline")}"
Init: tests/e2e/capture-sysroot.init (busybox, runs as root).
Guest kernel log lines about the crash region, CPUs and EFI:
{log}

{X86_NOTES}"""

    def check(self, snap, d):
        """What the loader will read is there: the problems found."""
        if not os.path.isfile(d + "/proc/iomem"):
            return []
        iomem = read(d + "/proc/iomem")
        bad = []
        if not re.search(r"^ *[0-9a-f]*[1-9a-f][0-9a-f]*-[0-9a-f]* : System RAM", iomem, re.M):
            bad.append("proc/iomem has only zero addresses")
        if not re.search(r" : Crash kernel$", iomem, re.M):
            bad.append("no Crash kernel in proc/iomem")
        if read(d + "/sys/kernel/crash_elfcorehdr_size") != "917616":
            bad.append("crash_elfcorehdr_size is not 917616")
        if snap.endswith("-efi"):
            bad += self.check_efi(d)
        if snap.endswith("-after-hotadd") and not re.search(
                r"^1[0-9a-f]{8}-[0-9a-f]* : System RAM", iomem, re.M):
            bad.append("no System RAM above 4 GiB")
        return bad

    def check_efi(self, d):
        bad = []
        if not os.path.isfile(d + "/sys/firmware/efi/systab"):
            bad.append("no sys/firmware/efi/systab")
        try:
            with open(d + "/sys/kernel/boot_params/data", "rb") as f:
                efi_info = f.read()[448:480]
        except OSError:
            efi_info = b""
        if not any(efi_info):
            bad.append("efi_info in boot_params is empty")
        return bad

    def totals(self, t):
        return "boot+snapshots %ds, hot-add+poweroff %ds, accel %s" % (t[1] - t[0], t[2] - t[1],
                                                                       self.accel)


class Ppc64le:
    who = "capture-sysroot-ppc64le"
    init = "capture-sysroot-ppc64le.init"
    snaps = ["deb12-ppc64le-boot", "deb12-ppc64le-after-hotadd"]
    firmware = "bios"
    want = {"deb12-ppc64le-boot": ("0-1", 2), "deb12-ppc64le-after-hotadd": ("0-2", 3)}

    def __init__(self):
        self.core = None

    def source(self, snap):
        return snap

    def hotplug(self, v):
        # 1 GiB of memory (pseries places it at 2 GiB) and the first free core
        v.plug_dimm(0, 1 << 30)
        self.core = json.dumps(v.plug_cpu_core())
        msg(self.who, "hot-added dimm0 (1 GiB) and " + self.core)

    def tidy(self, d):
        pass

    def state(self, snap):
        if snap.endswith("-after-hotadd"):
            return ("after hot-adding over QMP a 1 GiB pc-dimm (object-add memory-backend-ram "
                    "mem0 size=1G + device_add pc-dimm dimm0 memdev=mem0) and one CPU core "
                    "(device_add %s), and waiting until the guest had onlined all four new "
                    "memory blocks and the new CPU" % self.core)
        return "the guest right after boot; nothing loaded"

    def readme(self, snap, d, meta, qemu_version, today):
        log = grep_dmesg(os.path.join(meta, snap + ".dmesg"),
                         r"crashkernel|Memory hole size|smp: Brought up|cpu [0-9]+ \(hwid|hp_action"
                         r"|Hot add|dlpar", re.I)
        return f"""{snap}: machine state captured inside a QEMU pseries guest by
tests/e2e/capture-sysroot-ppc64le.sh on {today}.

State: {self.state(snap)}.

Kernel: Debian bookworm-backports {read(d + "/proc/sys/kernel/osrelease")} ({read(d + "/uname")}),
  /boot/vmlinux-* of linux-image-6.12*-powerpc64le (4 KiB pages)
QEMU {qemu_version}, accel tcg:
  qemu-system-ppc64 -machine pseries,x-vof=on -cpu POWER9
    -m 2G,slots=4,maxmem=8G -smp 2,maxcpus=4
    -nographic -monitor none -no-reboot -serial stdio -serial file:DATA
    -qmp unix:SOCK,server=on,wait=off -kernel vmlinux -initrd capture.cpio.gz
    -append "{read(d + "/proc/cmdline")}"
Init: tests/e2e/capture-sysroot-ppc64le.init (busybox, runs as root).
Guest kernel log lines about the crash region, memory and CPUs:
{log}

{PPC_NOTES}"""

    def check(self, snap, d):
        dt = d + "/proc/device-tree"
        if not os.path.isdir(dt):
            return []
        bad = []
        for what in ("base", "size"):
            if be64(dt + "/chosen/linux,crashkernel-" + what) != 512 << 20:
                bad.append("chosen/linux,crashkernel-%s is not 512 MiB" % what)
        for node, want in (("kernel/kexec_crash_size", "536870912"),
                           ("kernel/crash_elfcorehdr_size", "459096"),
                           ("devices/system/cpu/possible", "0-3"),
                           ("devices/system/cpu/present", self.want[snap][0])):
            if read(d + "/sys/" + node) != want:
                bad.append("%s is not %s" % (node, want))
        if not os.path.isfile(dt + "/ibm,dynamic-reconfiguration-memory/ibm,lmb-size"):
            bad.append("no ibm,dynamic-reconfiguration-memory")
        ncpu = len(re.findall(r"^processor", read(d + "/proc/cpuinfo"), re.M))
        if ncpu != self.want[snap][1]:
            bad.append("%d CPUs in proc/cpuinfo, not %d" % (ncpu, self.want[snap][1]))
        return bad

    def totals(self, t):
        return "boot+first snapshot %ds, hot-add+poweroff %ds" % (t[1] - t[0], t[2] - t[1])


def be64(path):
    try:
        with open(path, "rb") as f:
            return int.from_bytes(f.read(8), "big")
    except OSError:
        return None


def qemu_version(profile):
    out = subprocess.run([vm.qemu_bin(profile), "--version"], capture_output=True, text=True)
    first = out.stdout.split("\n")[0]
    return first.replace("QEMU emulator version ", "", 1)


def boot_and_plug(profile, how, work):
    """Boot the snapshot guest, hot-plug when it asks, wait for its last
    snapshot; the times of the three steps."""
    kernel = build.fetch(profile)
    image = os.path.join(work, "capture.cpio.gz")
    initramfs.busybox_image(image, os.path.join(E2E, how.init), build.busybox(profile))
    v = vm.Vm(os.path.join(work, "vm"), profile)
    t = [int(time.time())]
    try:
        v.start(kernel, image, "", how.firmware, smp="2,maxcpus=4")
        msg(how.who, "booting %s (%s)" % (os.path.basename(kernel), " ".join(arch.accel(profile))))
        if not v.wait("E2E: ready-for-hotadd", 300):
            return None, v
        t.append(int(time.time()))
        how.hotplug(v)
        ok = v.wait("E2E: sent meta", 300)
        v.stop(60)
        t.append(int(time.time()))
        return (t if ok else None), v
    finally:
        v.stop(0)


def write_snapshots(profile, how, v, out, work):
    meta = os.path.join(work, "meta")
    v.extract("meta", meta)
    version, today = qemu_version(profile), datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    ok = True
    for snap in how.snaps:
        d = os.path.join(out, snap)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        if not v.extract(how.source(snap), d):
            msg(how.who, "%s missing from the guest's output" % snap)
            ok = False
            continue
        how.tidy(d)
        with open(os.path.join(d, "README"), "w") as f:
            f.write(how.readme(snap, d, meta, version, today))
    for snap in how.snaps:
        for problem in how.check(snap, os.path.join(out, snap)):
            msg(how.who, "%s: %s" % (snap, problem))
            ok = False
    return ok


def capture(profile, out, efi=False):
    """Recapture the snapshots of PROFILE into OUT; the exit status."""
    how = Ppc64le() if profile.name == "ppc64le" else X86(efi)
    build.ensure_host(profile, how.firmware)
    os.makedirs(out, exist_ok=True)
    out = os.path.abspath(out)
    keep = os.environ.get("KEEP_WORKDIR")
    work = keep or tempfile.mkdtemp(prefix=how.who + ".", dir=os.environ.get("TMPDIR", "/tmp"))
    os.makedirs(work, exist_ok=True)
    try:
        t, v = boot_and_plug(profile, how, work)
        if t is None:
            return 1
        ok = write_snapshots(profile, how, v, out, work)
        t.append(int(time.time()))
        msg(how.who, "total %ds (%s)" % (t[3] - t[0], how.totals(t)))
        if ok:
            msg(how.who, "wrote %s in %s" % (" ".join(how.snaps), out))
        return 0 if ok else 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
