# debimage.py - owns the disk of the Debian guest (tests/e2e/run-debian.sh):
#   base()     the root file system as a tarball, built by
#              tests/e2e/debian/build-image.sh with mmdebstrap from the
#              archive this machine's apt uses, cached in
#              <cache>/debian-guest/<key>/root.tar (<cache> as lib/kernels.py:
#              KEXEC_HOTPLUG_CACHE, else ~/.cache/kexec-hotplug), where <key>
#              hashes the package list and the build script: changing either
#              builds a new one (older keys are removed)
#   Disk       one run's copy of it: the tarball unpacked, our .deb installed
#              with apt in a chroot (or not: the control), the scenario's
#              files added, made into a raw ext4 image with `mkfs.ext4 -d`
#              (no loop mount), and files read back with `debugfs`; the
#              output of those steps goes to prepare.log next to the image
# The pure parts (key(), mirror(), crash_files()) have unit tests in
# test_debian.py.
import glob
import hashlib
import os
import shutil
import subprocess
import sys

import kernels

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN = os.path.join(HERE, "..", "debian")
KEY_FILES = ("packages", "build-image.sh")
IMAGE_SIZE = "6G"   # sparse; room for a 3 GiB guest's dump
SOURCES = ("/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list")


class ImageError(Exception):
    pass


def say(text):
    sys.stdout.flush()
    print("e2e-debian: " + text, file=sys.stderr, flush=True)


def run(argv, log=None, **kw):
    """A build step; its output goes to stderr (stdout is the report), or
    to the file LOG, whose tail is shown when the step fails."""
    sys.stdout.flush()
    if log is None:
        r = subprocess.run(argv, stdout=sys.stderr.fileno(), **kw)
    else:
        with open(log, "a") as f:
            f.write("$ %s\n" % " ".join(argv))
            f.flush()
            r = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT, **kw)
    if r.returncode != 0:
        if log is not None:
            with open(log, errors="replace") as f:
                sys.stderr.write("".join(f.readlines()[-20:]))
        raise ImageError("%s exited %d" % (" ".join(argv)[:200], r.returncode))


def key(files):
    """The cache key of FILES, (name, bytes) pairs: 16 hex digits."""
    h = hashlib.sha256()
    for name, data in sorted(files):
        h.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:16]


def mirror(text):
    """The first Debian archive URI of an apt sources file (deb822 URIs:
    or a one-line "deb URI SUITE" entry), or None."""
    for line in text.split("\n"):
        w = line.split()
        if len(w) >= 2 and w[0] == "URIs:":
            return w[1]
        if len(w) >= 3 and w[0] == "deb" and not w[1].startswith("["):
            return w[1]
        if len(w) >= 4 and w[0] == "deb" and w[1].startswith("["):
            rest = [x for x in w[1:] if not x.startswith("[") and not x.endswith("]")]
            if rest:
                return rest[0]
    return None


def host_mirror():
    for path in SOURCES:
        try:
            with open(path) as f:
                m = mirror(f.read())
        except OSError:
            continue
        if m:
            return m
    raise ImageError("no Debian mirror in %s" % " or ".join(SOURCES))


def crash_files(listing):
    """The dump and dmesg files kdump-tools saved, from `debugfs -R 'ls -p
    /var/crash/DIR'` output: {"dump": name or None, "dmesg": name or None}.
    makedumpfile's output is dump.STAMP (flattened format: it writes to a
    pipe); kdump-tools' fallback `cp /proc/vmcore` gives vmcore.STAMP."""
    found = {"dump": None, "dmesg": None}
    for line in listing.split("\n"):
        parts = line.strip().split("/")
        if len(parts) < 7:
            continue
        name = parts[5]
        for kind, prefix in (("dump", "dump."), ("dump", "vmcore."), ("dmesg", "dmesg.")):
            if name.startswith(prefix) and not found[kind]:
                found[kind] = name
    return found


def dirs(listing):
    """Directory names (not . or ..) of `debugfs -R 'ls -p DIR'` output."""
    out = []
    for line in listing.split("\n"):
        parts = line.strip().split("/")
        if len(parts) >= 7 and parts[2].startswith("04") and parts[5] not in (".", ".."):
            out.append(parts[5])
    return sorted(out)


def base():
    """The cached root file system tarball, built when missing."""
    files = []
    for name in KEY_FILES:
        with open(os.path.join(DEBIAN, name), "rb") as f:
            files.append((name, f.read()))
    top = os.path.join(kernels.cache_dir(), "debian-guest")
    k = key(files)
    out = os.path.join(top, k, "root.tar")
    if os.path.exists(out):
        return out
    m = host_mirror()
    say("building the Debian guest image %s with mmdebstrap from %s (a few minutes)" % (k, m))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp"
    try:
        run(["sh", os.path.join(DEBIAN, "build-image.sh"), tmp, m])
        os.rename(tmp, out)
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
        elif os.path.exists(tmp):
            os.remove(tmp)
    for old in glob.glob(os.path.join(top, "*")):
        if os.path.basename(old) != k:
            shutil.rmtree(old, ignore_errors=True)
    return out


class Disk:
    """One run's disk in DIRECTORY: root/ (the unpacked tree) and disk.img."""

    def __init__(self, directory):
        self.dir = directory
        self.root = os.path.join(directory, "root")
        self.img = os.path.join(directory, "disk.img")
        self.log = os.path.join(directory, "prepare.log")

    def unpack(self, tarball):
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(self.root)
        run(["tar", "-xpf", tarball, "-C", self.root, "--numeric-owner"], self.log)

    def chroot(self, *argv):
        """Run ARGV in the tree with a private /proc (nothing else of the
        host is mounted in: no /sys, no /dev)."""
        proc = os.path.join(self.root, "proc")
        run(["mount", "-t", "proc", "proc", proc], self.log)
        try:
            run(["chroot", self.root] + list(argv), self.log,
                env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive",
                     "LC_ALL": "C.UTF-8"})
        finally:
            subprocess.run(["umount", proc])

    def install_deb(self, deb):
        """apt-get install DEB: Provides/Conflicts/Replaces take kexec-tools'
        place as on a user's machine.  Offline: mmdebstrap left no package
        lists, so the dependencies must be in the image (packages).  (Not
        --no-download: apt 2.6 then fails on a local .deb, "Pathname to
        install is not absolute".)"""
        shutil.copy(deb, os.path.join(self.root, "tmp"))
        self.chroot("apt-get", "install", "-y", "-q", "/tmp/" + os.path.basename(deb))
        os.remove(os.path.join(self.root, "tmp", os.path.basename(deb)))

    def add(self, src, dest, mode=0o755):
        path = os.path.join(self.root, dest.lstrip("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copy(src, path)
        os.chmod(path, mode)

    def instrument(self, files):
        """The scenario's files (FILES: (src, dest, mode)), its unit
        enabled, no getty on the serial console (its vhangup() cuts the
        scenario's output), and /sbin/kexec wrapped by kexec-log (see
        there)."""
        for src, dest, mode in files:
            self.add(src, dest, mode)
        self.chroot("systemctl", "enable", "e2e-debian.service")
        self.chroot("systemctl", "mask", "serial-getty@ttyS0.service")
        self.chroot("dpkg-divert", "--local", "--rename", "--divert", "/sbin/kexec.e2e-real",
                    "--add", "/sbin/kexec")
        self.add(os.path.join(DEBIAN, "kexec-log"), "/sbin/kexec")

    def boot_files(self):
        """The image's own kernel and initrd (/boot/vmlinuz-V and
        /boot/initrd.img-V of its one kernel), copied next to the image."""
        kernels_ = sorted(glob.glob(os.path.join(self.root, "boot", "vmlinuz-*")))
        if len(kernels_) != 1:
            raise ImageError("expected one /boot/vmlinuz-* in the image, found %d" % len(kernels_))
        version = os.path.basename(kernels_[0])[len("vmlinuz-"):]
        out = []
        for name in ("vmlinuz-" + version, "initrd.img-" + version):
            dest = os.path.join(self.dir, name)
            shutil.copy(os.path.join(self.root, "boot", name), dest)
            out.append(dest)
        return out

    def make_image(self):
        """disk.img: ext4 made from root/, which is then removed."""
        if os.path.exists(self.img):
            os.remove(self.img)
        run(["mkfs.ext4", "-q", "-F", "-L", "e2e-root", "-d", self.root, self.img, IMAGE_SIZE],
            self.log)
        shutil.rmtree(self.root, ignore_errors=True)

    def debugfs(self, request):
        r = subprocess.run(["debugfs", "-R", request, self.img], capture_output=True, text=True)
        return r.stdout

    def dump_file(self, path, dest):
        """Copy PATH out of the image (debugfs); False when it is not there."""
        if os.path.exists(dest):
            os.remove(dest)
        subprocess.run(["debugfs", "-R", "dump %s %s" % (path, dest), self.img],
                       capture_output=True)
        return os.path.exists(dest)

    def crash_dir(self):
        """The newest /var/crash/<stamp>/ directory and crash_files() of it."""
        stamps = [d for d in dirs(self.debugfs("ls -p /var/crash")) if d[:1].isdigit()]
        if not stamps:
            return None, {"dump": None, "dmesg": None}
        d = "/var/crash/" + stamps[-1]
        return d, crash_files(self.debugfs("ls -p " + d))
