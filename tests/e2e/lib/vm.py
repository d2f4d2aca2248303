# vm.py - owns starting, watching and stopping one QEMU guest of the
# end-to-end tests, for any arch profile (arch.py).
#
# A Vm lives in a directory that receives console.log (the console: stdout
# and stderr of QEMU, whose -serial stdio is ttyS0 or hvc0), data.out (the
# second serial port, ttyS1 or /dev/hvc1 in the guest: see guest.sh
# e2e_send), qmp.sock, cmdline (the QEMU argv) and, under UEFI,
# ovmf-vars.fd.  start(qemu=ARGS) appends ARGS to QEMU's command line (the
# virtio-mem device of the scenarios that use one).  The kernel command
# line is "console=C crashkernel=N panic=-1 APPEND".  UEFI (firmware "ovmf", x86_64 only): Debian's OVMF as
# two pflash drives, OVMF_CODE_4M.fd read-only and a private copy of
# OVMF_VARS_4M.fd; -kernel/-initrd/-append still work (OVMF loads the kernel
# through its EFI stub).  QEMU_OVMF_DIR overrides /usr/share/OVMF, QEMU_BIN
# the profile's QEMU binary.
import base64
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time

import arch
import qmp

# Text on the console that ends a wait at once: a guest-side failure, a
# purgatory message, the first kernel dying before its /init ran.
FAIL_TEXT = re.compile(r"E2E: FAIL.*|purgatory: .*"
                       r"|Kernel panic - not syncing: (VFS|Attempted to kill init).*")
# the same without purgatory's line (where a refusal is the expected outcome)
FAIL_TEXT_NO_PURGATORY = re.compile(
    r"E2E: FAIL.*|Kernel panic - not syncing: (VFS|Attempted to kill init).*")
KVM_FAILED = re.compile(r"^KVM internal error", re.M)


def say(text):
    sys.stdout.flush()
    print("e2e: " + text, file=sys.stderr, flush=True)


def ovmf_dir():
    return os.environ.get("QEMU_OVMF_DIR", "/usr/share/OVMF")


def qemu_bin(profile):
    return os.environ.get("QEMU_BIN", profile.qemu_bin)


class Vm:
    def __init__(self, directory, profile):
        self.dir = directory
        self.profile = profile
        self.proc = None
        self.log = None

    def path(self, name):
        return os.path.join(self.dir, name)

    def firmware(self, kind):
        if kind == "bios":
            return []
        if kind != "ovmf":
            raise ValueError("unknown firmware %s (bios or ovmf)" % kind)
        shutil.copy(os.path.join(ovmf_dir(), "OVMF_VARS_4M.fd"), self.path("ovmf-vars.fd"))
        return ["-drive", "if=pflash,format=raw,readonly=on,file=%s"
                % os.path.join(ovmf_dir(), "OVMF_CODE_4M.fd"),
                "-drive", "if=pflash,format=raw,file=" + self.path("ovmf-vars.fd")]

    def argv(self, kernel, initrd, append, firmware, smp, qemu=()):
        p = self.profile
        return ([qemu_bin(p)] + arch.accel(p) + list(p.machine) + self.firmware(firmware)
                + ["-m", p.mem, "-smp", smp or p.smp,
                   "-nographic", "-monitor", "none", "-no-reboot",
                   "-serial", "stdio", "-serial", "file:" + self.path("data.out"),
                   "-qmp", "unix:%s,server=on,wait=off" % self.path("qmp.sock"),
                   "-kernel", kernel, "-initrd", initrd,
                   "-append", "console=%s crashkernel=%s panic=-1 %s"
                   % (p.console, p.crashkernel, append)] + list(qemu))

    def start(self, kernel, initrd, append, firmware="bios", smp=None, qemu=()):
        """Boot in the background (SMP overrides the profile's -smp; QEMU
        is appended to QEMU's arguments)."""
        os.makedirs(self.dir, exist_ok=True)
        for name in ("console.log", "data.out", "qmp.sock"):
            if os.path.lexists(self.path(name)):
                os.remove(self.path(name))
        argv = self.argv(kernel, initrd, append, firmware, smp, qemu)
        with open(self.path("cmdline"), "w") as f:
            f.write(" ".join(argv) + "\n")
        self.log = open(self.path("console.log"), "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def console(self):
        """The console so far, carriage returns removed."""
        try:
            with open(self.path("console.log"), "rb") as f:
                return f.read().decode("utf-8", "replace").replace("\r", "")
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait(self, text, timeout=120, fail=FAIL_TEXT, quiet=False):
        """Until the console shows TEXT; False when QEMU exits, the console
        matches FAIL, KVM failed, or after TIMEOUT seconds."""
        end = time.time() + timeout
        while True:
            con = self.console()
            if text in con:
                return True
            why = self.failure(con, text, fail, end, timeout)
            if why:
                if not quiet:
                    say(why)
                return False
            time.sleep(0.2)

    def failure(self, con, text, fail, end, timeout):
        log = self.path("console.log")
        if not self.alive():
            if text in self.console():
                return None
            return 'QEMU exited before "%s" (see %s)' % (text, log)
        m = fail.search(con) if fail else None
        if m:
            return 'console shows "%s" while waiting for "%s"' % (m.group(0), text)
        if KVM_FAILED.search(con):
            return "KVM failed to run the guest (see %s)" % log
        if time.time() >= end:
            return 'no "%s" after %ds (see %s)' % (text, timeout, log)
        return None

    def qmp(self, command, args=None, timeout=30.0):
        with qmp.Qmp(self.path("qmp.sock"), timeout) as q:
            return q.cmd(command, args)

    def plug_dimm(self, i, size):
        with qmp.Qmp(self.path("qmp.sock")) as q:
            qmp.plug_dimm(q, i, size)

    def resize_virtio_mem(self, dev, size):
        with qmp.Qmp(self.path("qmp.sock")) as q:
            qmp.resize_virtio_mem(q, dev, size)

    def plug_cpu_core(self):
        with qmp.Qmp(self.path("qmp.sock")) as q:
            return qmp.plug_cpu_core(q)

    def extract(self, name, dest):
        """Unpack the tar.gz the guest sent as NAME on the data port."""
        try:
            with open(self.path("data.out"), "rb") as f:
                lines = f.read().replace(b"\r", b"").split(b"\n")
        except OSError:
            lines = []
        begin, end = (b"=====E2E-%s %s=====" % (w, name.encode()) for w in (b"BEGIN", b"END"))
        body, on = [], False
        for line in lines:
            if line == end:
                on = False
            if on:
                body.append(line)
            if line == begin:
                on = True
        if not body:
            say("the guest sent no %s (see %s)" % (name, self.path("data.out")))
            return False
        os.makedirs(dest, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(base64.b64decode(b"".join(body))), mode="r:gz") as t:
            t.extractall(dest, filter="tar")
        return True

    def stop(self, timeout=30):
        """Wait TIMEOUT seconds for QEMU to exit (the guest powers off), then
        quit it over QMP, then terminate the process."""
        if self.proc is None:
            return
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.quit()
        if self.log:
            self.log.close()
        self.proc = None

    def quit(self):
        try:
            self.qmp("quit", timeout=5)
            self.proc.wait(1)
        except (OSError, qmp.QmpError, subprocess.TimeoutExpired):
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
