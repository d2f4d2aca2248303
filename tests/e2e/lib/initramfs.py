# initramfs.py - owns building the gzip'd newc cpio images the QEMU guests
# boot; nothing else in the tests writes an initramfs.
#
#   busybox_image(out, init, busybox, adds)   a busybox initramfs: /bin/busybox
#       with a symlink per applet in /bin and /sbin, /proc /sys /dev /tmp
#       /run /etc /root /mnt, /dev/console and /dev/null, /etc/passwd, INIT as
#       /init and the guest helper library (guest.sh) as /lib/e2e/guest.sh;
#       ADDS is a list of (SRC, DEST) host files copied to absolute DEST
#   overlay(base, out, adds)   OUT = BASE followed by a second gzip'd cpio
#       of ADDS (the kernel unpacks both; the later copy of a path wins)
# Images are written whole to OUT.tmp and renamed, with mtimes 0, owned by
# root: no cpio program, no root needed for the device nodes.
import gzip
import os
import shutil
import stat
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
DIRS = ("bin", "sbin", "usr/bin", "usr/sbin", "proc", "sys", "dev", "tmp", "run",
        "etc", "root", "mnt", "lib/e2e")


class Cpio:
    """The entries of one archive: path -> (mode, data, rdev major, minor)."""

    def __init__(self):
        self.entries = {}

    def dir(self, path):
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            self.entries.setdefault("/".join(parts[:i]), (stat.S_IFDIR | 0o755, b"", 0, 0))

    def file(self, path, data, mode=0o644):
        path = path.strip("/")
        if "/" in path:
            self.dir(path.rsplit("/", 1)[0])
        self.entries[path] = (stat.S_IFREG | mode, data, 0, 0)

    def copy(self, src, dest, mode=None):
        with open(src, "rb") as f:
            self.file(dest, f.read(), mode or os.stat(src).st_mode & 0o7777)

    def symlink(self, path, target):
        self.entries.setdefault(path, (stat.S_IFLNK | 0o777, target.encode(), 0, 0))

    def chardev(self, path, mode, major, minor):
        self.entries[path] = (stat.S_IFCHR | mode, b"", major, minor)

    def write(self, out):
        with open(out + ".tmp", "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1,
                               mtime=0) as z:
                for ino, path in enumerate(sorted(self.entries, key=lambda p: p.split("/"))):
                    z.write(entry(ino + 1, path, *self.entries[path]))
                z.write(entry(0, "TRAILER!!!", 0, b"", 0, 0))
        os.replace(out + ".tmp", out)


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def entry(ino, path, mode, data, major, minor):
    name = path.encode() + b"\0"
    nlink = 2 if stat.S_ISDIR(mode) else 1
    fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, major, minor, len(name), 0)
    head = b"070701" + b"".join(b"%08X" % v for v in fields)
    return pad4(head + name) + pad4(data)


def applets(busybox):
    """The applet names; the host's busybox-static lists them when BUSYBOX
    is another architecture's (the names are the same)."""
    for prog in ("/bin/busybox", busybox):
        try:
            out = subprocess.run([prog, "--list"], capture_output=True, text=True, check=True)
            return out.stdout.split()
        except (OSError, subprocess.CalledProcessError):
            continue
    raise RuntimeError("cannot list the applets of %s" % busybox)


def busybox_image(out, init, busybox="/bin/busybox", adds=()):
    c = Cpio()
    for d in DIRS:
        c.dir(d)
    c.copy(busybox, "bin/busybox", 0o755)
    for a in set(applets(busybox)) - {"busybox"}:
        c.symlink("bin/" + a, "busybox")
        c.symlink("sbin/" + a, "../bin/busybox")
    c.chardev("dev/console", 0o600, 5, 1)
    c.chardev("dev/null", 0o666, 1, 3)
    c.copy(init, "init", 0o755)
    c.copy(os.path.join(HERE, "guest.sh"), "lib/e2e/guest.sh")
    c.file("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
    for src, dest in adds:
        c.copy(src, dest)
    c.write(out)


def overlay(base, out, adds):
    c = Cpio()
    for src, dest in adds:
        c.copy(src, dest)
    c.write(out + ".overlay")
    with open(out + ".tmp", "wb") as o:
        for part in (base, out + ".overlay"):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, o)
    os.remove(out + ".overlay")
    os.replace(out + ".tmp", out)
