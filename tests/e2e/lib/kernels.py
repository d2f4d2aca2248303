#!/usr/bin/env python3
# kernels.py - owns the Debian binaries the tests boot or read, fetched
# WITHOUT installing anything on this machine, and the ELF vmlinux inside a
# bzImage:
#   fetch            Debian's 6.12 kernel (bookworm-backports) for amd64 or
#                    ppc64el, or busybox-static of that arch (suite bookworm,
#                    for foreign guests; amd64 guests use the host's), cached
#   extract-vmlinux  the ELF vmlinux inside a bzImage, for the tests of the
#                    x86_64 ELF vmlinux format (KEXEC_TEST_VMLINUX, e2e
#                    scenario 11)
# lib/build.py calls fetch() and extract_vmlinux(); lib/fetch-kernel.sh and
# lib/extract-vmlinux.sh, which tests/run-all.sh and tests/bench/load.sh run
# by path, are wrappers over this file's command line:
#   kernels.py fetch [--arch amd64|ppc64el] [--root] [--busybox] [--refresh]
#   kernels.py extract-vmlinux BZIMAGE OUT
# Messages go to stderr prefixed "fetch-kernel:" / "extract-vmlinux:"; the
# only stdout is the path fetch prints.  Exit status 2 for a bad command
# line or an unsupported arch, 1 for a failure, or that of the apt-get or
# dpkg-deb that failed.
#
# How fetch works: a private apt sources file (the URIs: of the machine's
# /etc/apt/sources.list.d/debian.sources, the suite, main) with private
# lists/cache directories, `apt-get update` + `apt-get download` of the newest
# linux-image-6.12*-<flavour> (amd64: -amd64-unsigned; ppc64el has no
# signed/unsigned split: -powerpc64le), then `dpkg-deb -x` into
#   ${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}/
#     kernel/<arch>/<deb name>/  (busybox: busybox/<arch>/<deb name>/)
# with a .complete marker, and <arch>/current -> <deb name>.  Later runs
# reuse the cache (current/.complete) and need no network.
#
# How extract-vmlinux works: the protected-mode part of a bzImage is a
# compressed, stripped vmlinux (plus relocation data after its end, which
# ELF readers ignore); Debian's 6.12 kernels use zstd.  Every zstd, then xz,
# then gzip stream start in the file is tried, and the first that
# decompresses to an ELF file is kept.  xz and gzip are decompressed with the
# stdlib; zstd is not in it, so the zstd tool does that (`zstd -dcq`, skipped
# when missing).
import functools
import glob
import lzma
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib

SUITE = "bookworm-backports"
BUSYBOX_SUITE = "bookworm"
# Debian arch -> (kernel package flavour, kernel image glob in the package)
ARCHES = {
    "amd64": ("amd64-unsigned", "boot/vmlinuz-*"),
    "ppc64el": ("powerpc64le", "boot/vmlinux-*"),
}
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
SOURCES = "/etc/apt/sources.list.d/debian.sources"
SOURCES_LIST = "/etc/apt/sources.list"

FETCH_HELP = """\
Usage: fetch-kernel.sh [--arch amd64|ppc64el] [--root] [--busybox] [--refresh]
  Prints the path of the kernel image (vmlinuz, or vmlinux on ppc64el) on
  stdout; with --root prints the extracted package tree instead (it holds
  boot/ and lib/modules/<abi>/).  --refresh ignores the cache.
  --busybox fetches busybox-static of that arch (suite bookworm) instead
  and prints the path of its static busybox binary (for foreign guests;
  amd64 guests use the host's).
Debian's 6.12 kernel (bookworm-backports) is fetched with apt-get download
and unpacked with dpkg-deb -x into
  ${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}/kernel/<arch>/
(busybox: .../busybox/<arch>/), never installed.
Later runs reuse the cache and need no network."""


class Failure(Exception):
    """A failed fetch or extraction.  status: the exit status for the
    command line; message: what to print after the tool's prefix, or None
    when the failing apt-get or dpkg-deb already said it (detail then says
    what failed, for callers that report it themselves)."""

    def __init__(self, status, message, detail=None):
        super().__init__(message or detail)
        self.status = status
        self.message = message


# ---- fetch -------------------------------------------------------------

def cache_dir():
    """${KEXEC_HOTPLUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kexec-hotplug}"""
    cache = os.environ.get("KEXEC_HOTPLUG_CACHE")
    if cache:
        return cache
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.environ.get("HOME") or os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "kexec-hotplug")


def _say(msg):
    print("fetch-kernel: " + msg, file=sys.stderr, flush=True)


def _run(argv, cwd=None):
    """Run an apt-get or dpkg-deb step, its stdout on stderr (stdout is the
    path, or the driver's report)."""
    sys.stdout.flush()
    sys.stderr.flush()
    r = subprocess.run(argv, cwd=cwd, stdout=sys.stderr.fileno())
    if r.returncode:
        status = r.returncode if r.returncode > 0 else 128 - r.returncode
        raise Failure(status, None, "%s %s exited %d" % (
            argv[0], next((a for a in argv[1:] if not a.startswith("-")
                           and "=" not in a), ""), status))


def _rm_rf(path):
    if os.path.islink(path) or (os.path.exists(path) and not os.path.isdir(path)):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def _order(c):
    """The rank of one character in a version's non-digit part (GNU
    filevercmp): '~' before the end of the part, letters, then the rest."""
    if c.isdigit():
        return 0
    if c.isascii() and c.isalpha():
        return ord(c)
    if c == "~":
        return -1
    return ord(c) + 256


def version_cmp(a, b):
    """`sort -V` of two package names: GNU filevercmp's verrevcmp, then
    plain order on a tie (the names compared here never have the file
    suffix filevercmp sets apart: they end in -<flavour>, with no dot)."""
    i = j = 0
    while i < len(a) or j < len(b):
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ca = _order(a[i]) if i < len(a) else 0
            cb = _order(b[j]) if j < len(b) else 0
            if ca != cb:
                return ca - cb
            i += 1
            j += 1
        while i < len(a) and a[i] == "0":
            i += 1
        while j < len(b) and b[j] == "0":
            j += 1
        first_diff = 0
        while i < len(a) and j < len(b) and a[i].isdigit() and b[j].isdigit():
            if not first_diff:
                first_diff = ord(a[i]) - ord(b[j])
            i += 1
            j += 1
        if i < len(a) and a[i].isdigit():
            return 1
        if j < len(b) and b[j].isdigit():
            return -1
        if first_diff:
            return first_diff
    return (a > b) - (a < b)


def mirror_uri():
    """The machine's Debian mirror: the first URIs: of debian.sources, else
    the URI of the first plain "deb URI suite ..." line of sources.list."""
    uri = ""
    if os.access(SOURCES, os.R_OK):
        with open(SOURCES, errors="replace") as f:
            for line in f:
                w = line.split()
                if w and w[0].lower() == "uris:":
                    uri = w[1] if len(w) > 1 else ""
                    break
    if not uri and os.access(SOURCES_LIST, os.R_OK):
        with open(SOURCES_LIST, errors="replace") as f:
            for line in f:
                w = line.split()
                if w and w[0] == "deb":
                    # skip the [option=value ...] words
                    uri = next((x for x in w[1:] if not x.startswith("[")
                                and not x.endswith("]")), "")
                    if uri:
                        break
    if not uri:
        raise Failure(1, "no mirror URI found in %s" % SOURCES)
    return uri


def _result(kdir, what, pattern):
    """The path fetch prints for the tree kdir/current."""
    root = os.path.join(kdir, "current")
    if what == "root":
        return os.path.realpath(root)
    for f in sorted(glob.glob(os.path.join(glob.escape(root), pattern))):
        if os.path.isfile(f):
            # the directory resolved, the file name kept (as `pwd -P` did)
            return os.path.join(os.path.realpath(os.path.dirname(f)), os.path.basename(f))
    raise Failure(1, "no %s in %s" % (pattern, root))


def fetch(arch="amd64", what="image", refresh=False):
    """The path of the cached kernel image of ARCH (what="image"), of its
    extracted package tree ("root"), or of busybox-static's busybox
    ("busybox"), downloading and unpacking the package first when it is not
    cached or REFRESH.  Raises Failure."""
    if arch not in ARCHES:
        raise Failure(2, "unsupported arch %s" % arch)
    flavour, pattern = ARCHES[arch]
    suite = SUITE
    kdir = os.path.join(cache_dir(), "kernel", arch)
    if what == "busybox":
        suite = BUSYBOX_SUITE
        pattern = "bin/busybox"
        kdir = os.path.join(cache_dir(), "busybox", arch)

    if not refresh and os.path.exists(os.path.join(kdir, "current", ".complete")):
        return _result(kdir, what, pattern)

    for tool in ("apt-get", "dpkg-deb"):
        if not shutil.which(tool):
            raise Failure(1, "%s missing (needs a Debian system)" % tool)
    if not os.access(KEYRING, os.R_OK):
        _run(["apt-get", "install", "-y", "debian-archive-keyring"])
    uri = mirror_uri()

    tmp = tempfile.mkdtemp(prefix="fetch-kernel.", dir=os.environ.get("TMPDIR") or "/tmp")
    try:
        for d in ("lists/partial", "cache/archives/partial", "dl"):
            os.makedirs(os.path.join(tmp, d))
        sources = os.path.join(tmp, "backports.sources")
        with open(sources, "w") as f:
            f.write("Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n"
                    % (uri, suite, KEYRING))
        opts = []
        for o in ("Dir::Etc::SourceList=" + sources, "Dir::Etc::SourceParts=/dev/null",
                  "Dir::State::Lists=" + os.path.join(tmp, "lists"),
                  "Dir::Cache=" + os.path.join(tmp, "cache"),
                  "APT::Architecture=" + arch, "APT::Architectures=" + arch,
                  "Debug::NoLocking=1"):
            opts += ["-o", o]
        if os.geteuid() == 0:
            opts += ["-o", "APT::Sandbox::User=root"]

        _say("apt-get update (%s, %s)" % (suite, arch))
        _run(["apt-get", "-q"] + opts + ["update"])

        if what == "busybox":
            pkg = "busybox-static"
        else:
            # apt-cache's status is not checked: no match says it all
            names = subprocess.run(["apt-cache"] + opts + ["pkgnames", "linux-image-6.12"],
                                   stdout=subprocess.PIPE, text=True, errors="replace").stdout
            rx = re.compile(r"linux-image-6\.12[.0-9]*\+[a-z0-9.~+]+-%s" % re.escape(flavour))
            names = [n for n in names.split("\n") if rx.fullmatch(n)]
            if not names:
                raise Failure(1, "no linux-image-6.12*-%s in %s" % (flavour, suite))
            pkg = max(names, key=functools.cmp_to_key(version_cmp))
        _say("downloading " + pkg)
        dl = os.path.join(tmp, "dl")
        _run(["apt-get", "-q"] + opts + ["download", pkg], cwd=dl)
        debs = sorted(glob.glob(os.path.join(glob.escape(dl), "*.deb")))
        if len(debs) != 1:
            raise Failure(2, "apt-get download of %s left %d .deb files" % (pkg, len(debs)))
        base = os.path.basename(debs[0])[:-len(".deb")]

        os.makedirs(kdir, exist_ok=True)
        new = os.path.join(kdir, base + ".new")
        _rm_rf(new)
        _run(["dpkg-deb", "-x", debs[0], new])
        open(os.path.join(new, ".complete"), "a").close()
        final = os.path.join(kdir, base)
        _rm_rf(final)
        os.rename(new, final)
        link = os.path.join(kdir, ".current.%d" % os.getpid())
        _rm_rf(link)
        os.symlink(base, link)
        os.replace(link, os.path.join(kdir, "current"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return _result(kdir, what, pattern)


# ---- extract-vmlinux ---------------------------------------------------

ELF_MAGIC = b"\x7fELF"
CHUNK = 1 << 20


def _offsets(data, magic):
    """Every start of MAGIC in DATA (none of the magics overlaps itself)."""
    off = data.find(magic)
    while off >= 0:
        yield off
        off = data.find(magic, off + len(magic))


def _zstd(data, off, out):
    """`zstd -dcq` of DATA[OFF:] into OUT (its status ignored, as the output
    is judged by its first bytes)."""
    with open(out, "wb") as f:
        subprocess.run(["zstd", "-dcq"], input=data[off:], stdout=f,
                       stderr=subprocess.DEVNULL)


def _stream(data, off, out, new, magic, skip=b""):
    """Decompress DATA[OFF:] into OUT with decompressor objects from NEW,
    one per concatenated stream as the command-line tools do (a following
    stream must start with MAGIC, after any SKIP padding bytes); stop at
    corrupt data or trailing garbage, keeping what came before, and as soon
    as the output cannot be an ELF file."""
    view = memoryview(data)[off:]
    head = b""
    with open(out, "wb") as f:
        d = new()
        pos = 0
        while pos < len(view):
            piece = view[pos:pos + CHUNK]
            try:
                chunk = d.decompress(piece)
            except (zlib.error, lzma.LZMAError, EOFError):
                return
            pos += len(piece)
            if chunk:
                if len(head) < 4:
                    head += chunk[:4 - len(head)]
                    if not ELF_MAGIC.startswith(head):
                        return
                f.write(chunk)
            if d.eof:
                pos -= len(d.unused_data)   # where this stream ended
                if skip:
                    rest = bytes(view[pos:pos + CHUNK])
                    pos += len(rest) - len(rest.lstrip(skip))
                if bytes(view[pos:pos + len(magic)]) != magic:
                    return
                d = new()


def _gzip(data, off, out):
    """`gzip -dc` of DATA[OFF:] into OUT (members, then trailing garbage)."""
    _stream(data, off, out, lambda: zlib.decompressobj(16 + zlib.MAX_WBITS), b"\x1f\x8b")


def _xz(data, off, out):
    """`xz -dc` of DATA[OFF:] into OUT (streams, their padding, then
    trailing garbage)."""
    _stream(data, off, out, lambda: lzma.LZMADecompressor(lzma.FORMAT_XZ),
            b"\xfd7zXZ\x00", skip=b"\x00")


DECOMPRESSORS = (
    (b"\x28\xb5\x2f\xfd", _zstd, "zstd"),
    (b"\xfd7zXZ\x00", _xz, None),
    (b"\x1f\x8b\x08", _gzip, None),
)


def extract_vmlinux(bzimage, out):
    """Write the ELF vmlinux inside BZIMAGE to OUT (through OUT.tmp).
    Raises Failure when no stream in it decompresses to an ELF file."""
    tmp = out + ".tmp"
    try:
        with open(bzimage, "rb") as f:
            data = f.read()
    except OSError as e:
        data = b""
        print("extract-vmlinux: %s: %s" % (bzimage, e.strerror), file=sys.stderr)
    try:
        for magic, decompress, tool in DECOMPRESSORS:
            if tool and not shutil.which(tool):
                continue
            for off in _offsets(data, magic):
                decompress(data, off, tmp)
                with open(tmp, "rb") as f:
                    if f.read(4) == ELF_MAGIC:
                        os.replace(tmp, out)
                        return
    except OSError as e:
        raise Failure(1, "%s: %s" % (e.filename or out, e.strerror))
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
    raise Failure(1, "no zstd, xz or gzip stream in %s decompresses to an ELF vmlinux" % bzimage)


# ---- command line ------------------------------------------------------

def fetch_main(args):
    arch, what, refresh = "amd64", "image", False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--arch":
            if i + 1 == len(args):
                _say("--arch needs a value")
                return 2
            i += 1
            arch = args[i]
        elif a.startswith("--arch="):
            arch = a[len("--arch="):]
        elif a == "--root":
            what = "root"
        elif a == "--busybox":
            what = "busybox"
        elif a == "--refresh":
            refresh = True
        elif a in ("-h", "--help"):
            print(FETCH_HELP)
            return 0
        else:
            _say("unknown argument " + a)
            return 2
        i += 1
    try:
        print(fetch(arch, what, refresh))
    except Failure as e:
        if e.message:
            _say(e.message)
        return e.status
    return 0


def extract_main(args):
    if len(args) != 2:
        print("usage: extract-vmlinux.sh BZIMAGE OUT", file=sys.stderr)
        return 2
    try:
        extract_vmlinux(args[0], args[1])
    except Failure as e:
        print("extract-vmlinux: " + e.message, file=sys.stderr)
        return e.status
    return 0


def main(argv):
    # SIGTERM unwinds like ^C, so the temporary apt directory goes too
    signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(128 + sig))
    try:
        if argv[:1] == ["fetch"]:
            return fetch_main(argv[1:])
        if argv[:1] == ["extract-vmlinux"]:
            return extract_main(argv[1:])
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    print("usage: kernels.py fetch [--arch amd64|ppc64el] [--root] [--busybox] [--refresh]\n"
          "       kernels.py extract-vmlinux BZIMAGE OUT", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
