# debpkg.py - owns taking the kexec under test from a Debian package
# (e2e.py run --deb FILE): unpacks the .deb (dpkg-deb -x), fetches the
# runtime packages its Depends name, and theirs, for the package's
# architecture from the host's apt sources with a private apt state (the
# host's own apt state is never touched; cached per Depends field in
# ~/.cache/kexec-hotplug/<arch>-runtime/, no network once there), checks
# that every fetched version satisfies the Depends, and lists what the guest
# initramfs needs: the binary, its ELF interpreter and every shared library
# it loads (DT_NEEDED, recursively), each at the path its package installs
# it, so the guest runs the packaged binary exactly as it was shipped.
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

BINARY = "sbin/kexec"
TRIPLETS = {"amd64": "x86_64-linux-gnu", "ppc64el": "powerpc64le-linux-gnu"}


# name[:archqual] [(op version)]
RELATION = re.compile(r"^([a-z0-9][a-z0-9.+-]*)(?::[a-z0-9-]+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?")


class Failure(Exception):
    pass


def cache_dir():
    base = os.environ.get("KEXEC_HOTPLUG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kexec-hotplug")
    return base


def field(deb, name):
    r = subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure("dpkg-deb -f %s %s: %s" % (deb, name, r.stderr.strip()))
    return r.stdout.strip()


def relations(depends):
    """The (name, op, version) of each relation of a Depends field; of
    alternatives the first; op and version are "" when unversioned."""
    out = []
    for rel in filter(None, (r.strip() for r in depends.split(","))):
        first = rel.split("|")[0].strip()
        m = RELATION.match(first)
        if not m:
            raise Failure("cannot parse the relation %r" % rel)
        out.append((m.group(1), m.group(2) or "", m.group(3) or ""))
    return out


def satisfies(version, op, want):
    if not op:
        return True
    return subprocess.run(["dpkg", "--compare-versions", version, op, want]).returncode == 0


def apt_download(names, arch, tmp):
    """apt-get download NAMES for ARCH with the host's sources and a private
    state under TMP; returns the .deb files."""
    lists, archives = os.path.join(tmp, "lists"), os.path.join(tmp, "archives")
    debs = os.path.join(tmp, "debs")
    for d in (os.path.join(lists, "partial"), os.path.join(archives, "partial"), debs):
        os.makedirs(d, exist_ok=True)
    opts = ["-q", "-o", "Dir::State::Lists=" + lists, "-o", "Dir::Cache::Archives=" + archives,
            "-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=",
            "-o", "Dir::State::status=/dev/null", "-o", "APT::Sandbox::User=root",
            "-o", "APT::Architecture=" + arch, "-o", "APT::Architectures=" + arch]
    if not os.path.exists(os.path.join(tmp, "updated")):
        subprocess.run(["apt-get"] + opts + ["update"], check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(tmp, "updated"), "w").close()
    before = set(os.listdir(debs))
    r = subprocess.run(["apt-get"] + opts + ["download"] + ["%s:%s" % (n, arch) for n in names],
                       cwd=debs, capture_output=True, text=True)
    if r.returncode != 0:
        raise Failure("apt-get download %s: %s" % (" ".join(names), r.stderr.strip()))
    return [os.path.join(debs, f) for f in sorted(set(os.listdir(debs)) - before)]


def runtime(deb, arch):
    """The unpacked runtime packages of DEB (Depends closure) for ARCH and a
    manifest of "package version" lines; cached per Depends field."""
    depends = field(deb, "Depends")
    key = hashlib.sha256(("%s\n%s" % (arch, depends)).encode()).hexdigest()[:16]
    root = os.path.join(cache_dir(), "%s-runtime" % arch, key)
    if os.path.isfile(os.path.join(root, ".complete")):
        return root
    tmp = tempfile.mkdtemp(prefix="kexec-e2e-runtime.")
    try:
        new = root + ".new"
        shutil.rmtree(new, ignore_errors=True)
        os.makedirs(new)
        rels, have, manifest = relations(depends), {}, []
        while True:
            names = sorted({n for n, _, _ in rels if n not in have})
            if not names:
                break
            for d in apt_download(names, arch, tmp):
                name, version = field(d, "Package"), field(d, "Version")
                have[name] = version
                manifest.append("%s %s" % (name, version))
                subprocess.run(["dpkg-deb", "-x", d, new], check=True)
                rels += relations(field(d, "Depends") + "," + field(d, "Pre-Depends"))
            for n in names:
                if n not in have:
                    raise Failure("apt-get download did not fetch %s:%s" % (n, arch))
        for n, op, v in rels:
            if not satisfies(have[n], op, v):
                raise Failure("%s %s:%s does not satisfy (%s %s)" % (n, have[n], arch, op, v))
        with open(os.path.join(new, ".manifest"), "w") as f:
            f.write("\n".join(sorted(manifest)) + "\n")
        open(os.path.join(new, ".complete"), "w").close()
        shutil.rmtree(root, ignore_errors=True)
        os.replace(new, root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return root


def resolve(root, path):
    """PATH (absolute in the package tree ROOT) with every symlink followed
    inside ROOT; returns the host file."""
    host = os.path.join(root, path.lstrip("/"))
    for _ in range(40):
        if not os.path.islink(host):
            return host
        t = os.readlink(host)
        host = os.path.join(root, t.lstrip("/")) if t.startswith("/") else \
            os.path.normpath(os.path.join(os.path.dirname(host), t))
    raise Failure("symlink loop at %s" % path)


def readelf(opt, host):
    return subprocess.run(["readelf", opt, host], capture_output=True, text=True, check=True).stdout


def elf_deps(host):
    """(interpreter or None, [NEEDED...]) of the ELF file HOST."""
    m = re.search(r"Requesting program interpreter: ([^\]]+)\]", readelf("-lW", host))
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", readelf("-dW", host))
    return (m.group(1) if m else None), needed


def guest_files(binary, root, arch):
    """(SRC, DEST) pairs for the interpreter and every library BINARY loads,
    DEST being where the runtime packages in ROOT install them.  ROOT may
    be a list of trees, searched in order (tests/bench/compare-guest.py:
    kexec-tools' extracted package, then the host's own "/")."""
    roots = [root] if isinstance(root, str) else list(root)
    t = TRIPLETS[arch]
    dirs = ["/lib/" + t, "/usr/lib/" + t, "/lib64", "/lib", "/usr/lib"]
    interp, todo = elf_deps(binary)
    adds, seen = [], set()
    if interp:
        src = next((s for s in (resolve(r, interp) for r in roots) if os.path.isfile(s)), None)
        if not src:
            raise Failure("the runtime packages lack the ELF interpreter %s" % interp)
        adds.append((src, interp))
    while todo:
        lib = todo.pop(0)
        if lib in seen:
            continue
        seen.add(lib)
        where = next(((r, d + "/" + lib) for r in roots for d in dirs
                      if os.path.isfile(resolve(r, d + "/" + lib))), None)
        if not where:
            raise Failure("no runtime package of %s provides %s" % (os.path.basename(binary), lib))
        src = resolve(*where)
        adds.append((src, where[1]))
        todo += elf_deps(src)[1]
    return adds


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Packaged:
    """The kexec of one .deb, unpacked into OUT, ready for the guest."""

    def __init__(self, deb, arch, out):
        self.deb = os.path.abspath(deb)
        got = field(self.deb, "Architecture")
        if got != arch:
            raise Failure("%s is for %s, this run needs %s" % (deb, got, arch))
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        subprocess.run(["dpkg-deb", "-x", self.deb, out], check=True)
        self.binary = os.path.join(out, BINARY)
        if not os.access(self.binary, os.X_OK):
            raise Failure("%s has no executable ./%s" % (deb, BINARY))
        self.root = runtime(self.deb, arch)
        self.libs = guest_files(self.binary, self.root, arch)
        self.version = field(self.deb, "Version")

    def describe(self):
        """The report's lines: which binary runs in the guest, and its libraries."""
        with open(os.path.join(self.root, ".manifest")) as f:
            pkgs = ", ".join(line.strip() for line in f if line.strip())
        return ["kexec under test: ./%s of %s (version %s), sha256 %s" % (
                    BINARY, os.path.basename(self.deb), self.version, sha256(self.binary)),
                "  dynamically linked: %s" % " ".join(dest for _, dest in self.libs),
                "  from the runtime packages: %s" % pkgs]
