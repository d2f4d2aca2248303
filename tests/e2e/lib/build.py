# build.py - owns what the host needs before a guest boots: the Debian
# packages (installed when missing), Debian's 6.12 kernel and a foreign
# busybox (lib/kernels.py, cached), and the guest artefacts of the kdump
# scenarios, built once per work directory:
#   static/kexec/kexec      this project's kexec, static (x86_64: configure
#                           --enable-static-binary; ppc64le:
#                           tests/cross/build-ppc64le.sh, which runs its make
#                           check); reused when present.  With a .deb
#                           (e2e.py run --deb FILE) none is built: the
#                           package's ./sbin/kexec goes in as /sbin/kexec
#                           with its interpreter and shared libraries
#                           (lib/debpkg.py), unpacked in deb/
#   tools/fillmem, tools/vmcore-check   the guest tools (always rebuilt)
#   capture.cpio.gz         kdump.init, busybox, vmcore-check (x86_64: and
#                           makedumpfile with its shared libraries)
#   first.cpio.gz           the same plus kexec, fillmem, /boot/vmlinuz and
#                           /boot/capture.cpio.gz
#   first-hooks.cpio.gz     (Artefacts.hooks, scenario 9) first.cpio.gz with a
#                           second static kexec built --enable-test-hooks
#   first-vmlinux.cpio.gz   (Artefacts.vmlinux, scenario 11) first.cpio.gz plus
#                           /boot/vmlinux, the ELF inside the test kernel
#   first-uki.cpio.gz       (Artefacts.uki, scenarios 14-15) first.cpio.gz
#                           plus /boot/uki.efi: a UKI built by
#                           tests/tools/mkuki.sh from the test kernel (.linux),
#                           capture-uki.cpio.gz (.initrd: capture.cpio.gz
#                           plus /etc/e2e-initrd "uki"), the run's capture
#                           command line (.cmdline), .osrel and .uname
#   modules/virtio_mem.ko   the test kernel's virtio_mem module (=m in
#                           Debian's config, no dependencies), decompressed,
#                           in both images as /lib/modules/virtio_mem.ko for
#                           kdump.init to insmod; left out when the kernel
#                           has none (ppc64el)
import glob
import lzma
import os
import shutil
import subprocess
import sys

import debpkg
import initramfs
import kernels
import vm

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


class BuildError(Exception):
    pass


def run(argv, cwd=None):
    """Run a build step, its output on stderr (stdout is the report)."""
    sys.stdout.flush()
    r = subprocess.run(argv, cwd=cwd, stdout=sys.stderr.fileno())
    if r.returncode != 0:
        raise BuildError("%s exited %d" % (" ".join(argv), r.returncode))


def installed(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Status}", pkg],
                       capture_output=True, text=True)
    return "ok installed" in r.stdout


UKI_STUB = "/usr/lib/systemd/boot/efi/linuxx64.efi.stub"   # tests/tools/mkuki.sh's


def ensure_host(profile, firmware="bios", uki=False):
    """Install the host packages a run needs when they are missing (UKI:
    the stub mkuki.sh builds UKIs with)."""
    missing = []
    if not shutil.which(vm.qemu_bin(profile)):
        missing.append(profile.qemu_pkg)
    if not shutil.which(profile.cc):
        missing.append(profile.cc_pkg)
    if not installed("busybox-static"):
        missing.append("busybox-static")
    if firmware == "ovmf" and not os.path.isfile(os.path.join(vm.ovmf_dir(), "OVMF_CODE_4M.fd")):
        missing.append("ovmf")
    if uki and not os.path.isfile(UKI_STUB):
        missing.append("systemd-boot-efi")
    if missing:
        vm.say("installing " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sys.stdout.flush()
        subprocess.run(["apt-get", "install", "-y", "-q"] + missing, env=env,
                       stdout=sys.stderr.fileno(), check=True)


def fetch(profile, what="image"):
    """kernels.fetch for the profile's architecture: the path of the kernel
    image (or of what="busybox" or "root")."""
    try:
        return kernels.fetch(profile.deb_arch, what)
    except kernels.Failure as e:
        raise BuildError("fetching the %s for %s: %s" % (
            "kernel" if what == "image" else what, profile.deb_arch, e))


def busybox(profile):
    return fetch(profile, "busybox") if profile.own_busybox else "/bin/busybox"


def shared_libs(program):
    """The shared libraries PROGRAM loads (ldd), as (file, path) pairs."""
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    libs = []
    for line in out.split("\n"):
        w = line.split()
        if "=>" in w and len(w) > 2 and w[2].startswith("/"):
            libs.append(w[2])
        elif w and w[0].startswith("/"):
            libs.append(w[0])
    return [(lib, lib) for lib in libs]


def bootstrap():
    if not os.access(os.path.join(SRC, "configure"), os.X_OK):
        if subprocess.run(["./bootstrap"], cwd=SRC, stdout=subprocess.DEVNULL).returncode:
            raise BuildError("./bootstrap failed")


def static_kexec(profile, out, *configure):
    """A static kexec in OUT (kept when there)."""
    if os.access(os.path.join(out, "kexec", "kexec"), os.X_OK):
        return
    vm.say("building a static kexec%s in %s" % (" with " + " ".join(configure) if configure else "", out))
    bootstrap()
    if profile.cross_kexec:
        run(["sh", os.path.join(SRC, "tests", "cross", "build-ppc64le.sh"), out] + list(configure))
        return
    os.makedirs(out, exist_ok=True)
    run([os.path.join(SRC, "configure"), "-q", "--enable-static-binary"] + list(configure), cwd=out)
    run(["make", "-s", "-j%d" % (os.cpu_count() or 1)], cwd=out)


def tools(profile, work):
    os.makedirs(os.path.join(work, "tools"), exist_ok=True)
    for t in ("fillmem", "vmcore-check"):
        run([profile.cc, "-static", "-O2", "-Wall", "-Wextra", "-Werror",
             "-o", os.path.join(work, "tools", t),
             os.path.join(SRC, "tests", "e2e", "tools", t + ".c")])


def modules(profile, work):
    """(SRC, DEST) of the kernel modules the guests insmod: virtio_mem."""
    root = fetch(profile, "root")
    found = glob.glob(os.path.join(glob.escape(root), "lib", "modules", "*", "kernel",
                                   "drivers", "virtio", "virtio_mem.ko*"))
    if not found:
        return []
    out = os.path.join(work, "modules", "virtio_mem.ko")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    opener = lzma.open if found[0].endswith(".xz") else open
    with opener(found[0], "rb") as src, open(out, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return [(out, "/lib/modules/virtio_mem.ko")]


class Artefacts:
    """The guest artefacts of one run in WORK (see the top of this file)."""

    def __init__(self, profile, work, deb=None):
        self.profile = profile
        self.work = work
        self.deb = deb
        self.packaged = None    # debpkg.Packaged when deb is given
        self.kernel = None
        self.uki_cmdline = None  # the .cmdline of the UKI built last

    def path(self, *name):
        return os.path.join(self.work, *name)

    def build(self):
        os.makedirs(self.work, exist_ok=True)
        self.kernel = fetch(self.profile)
        bb = busybox(self.profile)
        kexec = self.kexec()
        tools(self.profile, self.work)
        init = os.path.join(SRC, "tests", "e2e", "kdump.init")
        mods = modules(self.profile, self.work)
        capture = [(self.path("tools", "vmcore-check"), "/usr/bin/vmcore-check")] + mods
        if self.profile.makedumpfile:
            capture += [("/usr/bin/makedumpfile", "/usr/bin/makedumpfile")]
            capture += shared_libs("/usr/bin/makedumpfile")
        initramfs.busybox_image(self.path("capture.cpio.gz"), init, bb, capture)
        initramfs.busybox_image(self.path("first.cpio.gz"), init, bb, [
            (self.path("tools", "vmcore-check"), "/usr/bin/vmcore-check"),
            (self.path("tools", "fillmem"), "/usr/bin/fillmem"),
            (self.kernel, "/boot/vmlinuz"),
            (self.path("capture.cpio.gz"), "/boot/capture.cpio.gz")] + mods + kexec)

    def kexec(self):
        """The (SRC, DEST) files of the kexec under test in the first kernel's
        initramfs: the static build, or the .deb's binary and libraries."""
        if not self.deb:
            static_kexec(self.profile, self.path("static"))
            return [(self.path("static", "kexec", "kexec"), "/usr/sbin/kexec")]
        try:
            self.packaged = debpkg.Packaged(self.deb, self.profile.deb_arch, self.path("deb"))
        except debpkg.Failure as e:
            raise BuildError("taking kexec from %s: %s" % (self.deb, e))
        return [(self.packaged.binary, "/" + debpkg.BINARY)] + self.packaged.libs

    def describe(self):
        """The report's lines saying which kexec binary the guests run."""
        if self.packaged:
            return self.packaged.describe()
        k = self.path("static", "kexec", "kexec")
        return ["kexec under test: %s (static build of this checkout), sha256 %s"
                % (k, debpkg.sha256(k))]

    def hooks(self):
        """first-hooks.cpio.gz: kexec built with --enable-test-hooks."""
        static_kexec(self.profile, self.path("static-hooks"), "--enable-test-hooks")
        self.overlay("hooks", [(self.path("static-hooks", "kexec", "kexec"), "usr/sbin/kexec")])

    def vmlinux(self):
        """first-vmlinux.cpio.gz: the ELF vmlinux as /boot/vmlinux."""
        out = self.path("vmlinux")
        if not (os.path.exists(out) and os.path.getsize(out) > 0):
            try:
                kernels.extract_vmlinux(self.kernel, out)
            except kernels.Failure as e:
                raise BuildError("extract-vmlinux: %s" % e)
        self.overlay("vmlinux", [(self.path("vmlinux"), "boot/vmlinux")])

    def uki(self, cmdline):
        """first-uki.cpio.gz: /boot/uki.efi with CMDLINE as its .cmdline
        (rebuilt when CMDLINE changes: it carries the run id)."""
        if self.uki_cmdline == cmdline:
            return
        marker, osrel = self.path("uki-marker"), self.path("uki-osrel")
        with open(marker, "w") as f:
            f.write("uki\n")
        with open(osrel, "w") as f:
            f.write('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="kexec-hotplug e2e UKI"\n')
        initramfs.overlay(self.path("capture.cpio.gz"), self.path("capture-uki.cpio.gz"),
                          [(marker, "etc/e2e-initrd")])
        release = os.path.basename(self.kernel).partition("vmlinuz-")[2] or "unknown"
        run(["sh", os.path.join(SRC, "tests", "tools", "mkuki.sh"), "--stub", UKI_STUB,
             "--initrd", self.path("capture-uki.cpio.gz"), "--cmdline", cmdline,
             "--osrel", osrel, "--uname", release, self.kernel, self.path("uki.efi")])
        self.overlay("uki", [(self.path("uki.efi"), "boot/uki.efi")])
        self.uki_cmdline = cmdline

    def overlay(self, name, adds):
        initramfs.overlay(self.path("first.cpio.gz"), self.path("first-%s.cpio.gz" % name), adds)
