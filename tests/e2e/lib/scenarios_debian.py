# scenarios_debian.py - owns the scenarios of the real Debian guest
# (tests/e2e/run-debian.sh): Debian 12 with bookworm-backports' 6.12 kernel,
# systemd, udev and kdump-tools, booted from its own disk under QEMU TCG
# (-machine pc, 1 GiB, crashkernel=256M, -no-reboot).  kdump-tools loads
# the crash kernel at boot, our scenario unit (debian/debian-guest.sh)
# waits for the host's hot-plug, stamps pages, panics; kdump-tools' own
# capture initramfs saves the dump to /var/crash with makedumpfile and
# reboots, so QEMU exits; the host reads the dump back out of the disk
# image with debugfs, turns makedumpfile's flattened file into an ELF dump
# (debreport.unflatten, as makedumpfile -R does) and runs vmcore-check
# over it.
#
#   a ourpkg      our .deb installed with apt over kexec-tools: the crash
#                 kernel is loaded through our kexec, crash_hotplug reads 1;
#                 two 1 GiB DIMMs hot-added: no kexec runs at all, loaded_at
#                 unchanged; every stamped page (DIMMs included) is in the
#                 dump.  Negative control: the same dump with three stamped
#                 pages zeroed must make the checker report exactly those.
#   b hotremove   our .deb, online_movable, two DIMMs added, dimm1 removed:
#                 exactly one successful reload and no failed kexec run
#                 during the removal, a hot-plug aware crash kernel loaded
#                 after it; dimm1 has no PT_LOAD, every stamped page is in
#                 the dump
#   c control     Debian's kexec-tools and kdump-tools' rules, as a: reports
#                 crash_hotplug, the kexec runs during the hot-add and what
#                 the dump holds; fails only when the harness does
import json
import os
import shutil
import subprocess
import time

import debimage
import debreport
import verify
import vm
from driver import Entry

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN = os.path.join(HERE, "..", "debian")
GiB = 1 << 30
FILL_MIB = 384          # lands in the DIMMs (user pages prefer them); every
                        # MiB is copied by makedumpfile under TCG at panic time
APPEND = "root=/dev/vda ro"


def now():
    return time.time()


class Suite:
    """What one run shares: the cached tarball, our .deb, the guest tools,
    the work directory and the run id stamped into every page."""

    def __init__(self, profile, work, base, deb, tools):
        self.profile = profile
        self.work = work
        self.base = base
        self.deb = deb
        self.tools = tools
        self.run = os.environ.get("KD_RUN") or str(int.from_bytes(os.urandom(4), "little"))


class Guest:
    """One Debian guest: its disk, its QEMU, its phase timings."""

    def __init__(self, suite, name):
        self.suite = suite
        self.dir = os.path.join(suite.work, name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        self.disk = debimage.Disk(self.dir)
        self.vm = None
        self.times = []
        self.t0 = self.tlast = now()

    def path(self, *name):
        return os.path.join(self.dir, *name)

    def phase(self, name):
        t = now()
        self.times.append("%s %ds" % (name, t - self.tlast))
        self.tlast = t
        return True

    def prepare(self, with_deb, extra=()):
        """The disk: the tarball, our .deb or not, the scenario's files and
        EXTRA more (src, dest, mode) (the storm benchmark's)."""
        s = self.suite
        self.disk.unpack(s.base)
        if with_deb:
            self.disk.install_deb(s.deb)
        self.disk.instrument([
            (os.path.join(HERE, "guest.sh"), "/lib/e2e/guest.sh", 0o644),
            (os.path.join(DEBIAN, "debian-guest.sh"), "/usr/local/lib/e2e/debian-guest.sh", 0o755),
            (os.path.join(s.tools, "fillmem"), "/usr/local/lib/e2e/fillmem", 0o755),
            (os.path.join(DEBIAN, "e2e-debian.service"), "/etc/systemd/system/e2e-debian.service",
             0o644)] + list(extra))
        kernel, initrd = self.disk.boot_files()
        self.disk.make_image()
        self.kernel, self.initrd = kernel, initrd
        return self.phase("image")

    def boot(self, steps, *append, qemu=()):
        """Boot with the guest steps STEPS, APPEND on the kernel command
        line and QEMU more arguments for QEMU (a virtio-mem device)."""
        self.vm = vm.Vm(self.dir, self.suite.profile)
        args = [APPEND, "e2e.run=" + self.suite.run, "e2e.steps=" + steps] + list(append)
        # the guest's root disk on virtio, and no network
        self.vm.start(self.kernel, self.initrd, " ".join(args), qemu=[
            "-drive", "file=%s,format=raw,if=virtio,cache=unsafe" % self.disk.img, "-nic", "none"]
            + list(qemu))
        if not self.wait("booted:", 300):
            return False
        print("  guest: " + self.line("E2E: booted:"))
        return self.phase("boot")

    def line(self, text):
        for ln in self.vm.console().split("\n"):
            if text in ln:
                return ln[ln.index(text):].strip()
        return ""

    def wait(self, mark, timeout=300):
        return self.vm.wait("E2E: " + mark, timeout)

    def hotadd(self, n, size=GiB):
        if not self.wait("ready-for-hotadd"):
            return False
        for i in range(n):
            self.vm.plug_dimm(i, size)
        if not self.wait("hotadded", 400):
            return False
        with open(self.path("dimms.json"), "w") as f:
            f.write(json.dumps(self.vm.qmp("query-memory-devices"), indent=1) + "\n")
        print("  guest: " + self.line("E2E: hotadded"))
        return self.phase("hot-add")

    def hotremove(self, dimm):
        if not self.wait("ready-for-hotremove"):
            return False
        self.vm.qmp("device_del", {"id": dimm})
        if not self.wait("hotremoved", 400):
            return False
        print("  guest: " + self.line("E2E: hotremoved"))
        return self.phase("hot-remove")

    def crash(self, timeout=600):
        """Stamp, panic; kdump-tools saves the dump and reboots: QEMU exits."""
        if not (self.wait("filled") and self.wait("panic")):
            return False
        print("  guest: " + self.line("E2E: filled"))
        self.phase("fill")
        end = now() + timeout
        while self.vm.alive() and now() < end:
            time.sleep(1)
        if self.vm.alive():
            vm.say("QEMU still running %ds after the panic (see %s)"
                   % (timeout, self.vm.path("console.log")))
            return False
        self.phase("panic-to-dump-saved")
        saved = self.line("saved vmcore in")
        print("  capture: " + (saved or "(no \"saved vmcore\" line on the console)"))
        return self.vm.extract("report", self.path("report"))

    def check_dump(self):
        """The dump out of the image, as ELF, through vmcore-check: a dict
        with the file names, check.txt parsed and found.bin; None when
        kdump-tools saved none."""
        d, files = self.disk.crash_dir()
        print("  /var/crash: %s %s" % (d, " ".join(v for v in files.values() if v)))
        if not files["dump"]:
            return None
        raw = self.path("dump.raw")
        self.disk.dump_file("%s/%s" % (d, files["dump"]), raw)
        elf = self.path("dump.elf")
        complete = True
        if files["dump"].startswith("dump."):
            try:
                records, complete = debreport.unflatten(raw, elf)
            except (OSError, ValueError) as e:
                vm.say("reading %s: %s" % (files["dump"], e))
                return None
            finally:
                os.remove(raw)
            print("  %s: makedumpfile's flattened format, %d records, %s" % (
                files["dump"], records, "complete" if complete else
                "CUT SHORT (makedumpfile died; kdump-tools kept it)"))
        else:
            os.rename(raw, elf)
        out = checker(os.path.join(self.suite.tools, "vmcore-check"), self.suite.run, elf,
                      self.path("check"))
        out["file"] = files["dump"]
        out["complete"] = complete
        out["elf"] = elf
        out["size"] = os.path.getsize(elf)
        self.phase("dump-check")
        return out

    def report(self, name):
        return read(self.path("report", name, "state.txt"))

    def events(self):
        return debreport.journal(read(self.path("report", "journal.txt")))

    def dimms(self):
        try:
            data = json.loads(read(self.path("dimms.json")))
        except ValueError:
            return {}
        return {d["data"]["id"]: (d["data"]["addr"], d["data"]["size"])
                for d in data if "data" in d}

    def pages(self):
        return verify.parse_pages(self.path("report", "fill", "pages.txt"))

    def finish(self, ok):
        if self.vm:
            self.vm.stop(0)
        print("  timings:%s total %ds" % ("".join(" %s," % t for t in self.times), now() - self.t0))
        if not ok and self.vm:
            lines = self.vm.console().split("\n")
            print("  --- last 40 lines of the serial console (%s) ---" % self.vm.path("console.log"))
            for ln in lines[-40:]:
                print("  | " + (ln if len(ln) < 200 else ln[:100] + " ... " + ln[-90:]))
        for f in ("disk.img", "dump.elf", "dump.raw", "neg.elf"):
            if ok and os.path.exists(self.path(f)):
                os.remove(self.path(f))


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def checker(tool, run, elf, outdir):
    """vmcore-check over ELF into OUTDIR: {"rep": parsed check.txt,
    "bitmap": bytes}."""
    os.makedirs(outdir, exist_ok=True)
    bitmap = os.path.join(outdir, "found.bin")
    with open(os.path.join(outdir, "check.txt"), "w") as f:
        r = subprocess.run([tool, "--run", run, "--bitmap", bitmap, elf], stdout=f)
        f.write("rc %d\n" % r.returncode)
    try:
        with open(bitmap, "rb") as f:
            bits = f.read()
    except OSError:
        bits = b""
    return {"rep": verify.parse_check(os.path.join(outdir, "check.txt")), "bitmap": bits}


class Scenario:
    """The driver's state object: one guest at a time."""

    def __init__(self, suite):
        self.suite = suite
        self.guest = None

    def new(self, name):
        self.guest = Guest(self.suite, name)
        return self.guest

    def finish(self, ok):
        if self.guest:
            self.guest.finish(ok)


def print_dump(g, dump, dimms):
    """What the dump holds: merged ranges, stamped pages per DIMM; returns
    dump_counts()."""
    loads = dump["rep"]["loads"]
    f = dump["rep"]["fields"]
    print("  dump %s: %d MiB as ELF, %d PT_LOADs, vmcore-check exit %s, read errors %s"
          % (dump["file"], dump["size"] >> 20, len(loads), f.get("rc"), f.get("read_errors")))
    for lo, hi in debreport.merge(loads):
        print("    memory in the dump %#011x-%#011x (%s)" % (lo, hi - 1, verify.mib(hi - lo)))
    counts = debreport.dump_counts(g.pages(), dump["bitmap"], dimms)
    nf, total, per, missing = counts
    print("  stamped pages found %d of %d%s%s" % (
        nf, total, "".join("; %s %d of %d" % (k, a, b) for k, (a, b) in sorted(per.items())),
        "; first missing: page %d at %#x" % missing if missing else ""))
    return counts


def runs_line(title, runs):
    t = debreport.tally(runs)
    print("  %s: %s" % (title, t.text()))
    for r in runs[:12]:
        print("    [%8.2f] rc=%d kexec %s%s" % (r.t, r.rc, r.args[:90], " | " + r.err[:80] if r.err else ""))
    if len(runs) > 12:
        print("    ... %d more" % (len(runs) - 12))
    return t


def boot_checks(v, g, ours):
    st = debreport.state(g.report("boot"))
    ev = g.events()
    print("  after boot: kdump-config status \"%s\", memory/crash_hotplug %s, %s, loaded_at %s"
          % (st.get("kdump_status"), st.get("memory/crash_hotplug"), st.get("packages"),
             st.get("loaded_at") or "-"))
    boot_runs = debreport.kexec_runs(debreport.before(ev, "ready-for-hotadd"))
    t = runs_line("kexec runs at boot (kdump-tools.service)", boot_runs)
    kd = [e for e in ev if e.tag == "kdump-tools" and "kdump kernel" in e.msg]
    for e in kd[:3]:
        print("    journal [%8.2f] %s: %s" % (e.t, e.tag, e.msg[:110]))
    v.check(st.get("kdump_status") == "ready to kdump", "kdump-config status: ready to kdump")
    v.check(t.loads >= 1, "kdump-tools loaded the crash kernel through /sbin/kexec (%d loads)" % t.loads)
    if ours:
        v.check("kexec-hotplug=" in st.get("packages", "") and "kexec-tools=" not in st.get("packages", ""),
                "apt replaced kexec-tools by kexec-hotplug (%s)" % st.get("packages"))
        v.check("kexec-hotplug" in st.get("kexec_version", ""),
                "/sbin/kexec is ours (%s)" % st.get("kexec_version"))
        v.check(st.get("memory/crash_hotplug") == "1", "memory/crash_hotplug reads 1 after the load")
        v.check(bool(st.get("loaded_at")), "our load record has loaded_at")
    return st, ev


def ourpkg(sc):
    g = sc.new("a-ourpkg")
    v = verify.Verdict()
    if not (g.prepare(True) and g.boot("hotadd:%d,fill:%d,crash" % (2 * GiB, FILL_MIB))):
        return False
    if not (g.hotadd(2) and g.crash()):
        return False
    st0, ev = boot_checks(v, g, True)
    st1 = debreport.state(g.report("hotadd"))
    # to the end of the journal (taken just before the panic): a reload
    # later than the guest's settling still counts
    runs = debreport.kexec_runs(debreport.window(ev, "ready-for-hotadd"))
    t = runs_line("kexec runs from the hot-add of two 1 GiB DIMMs to the panic", runs)
    v.check(t.runs == 0, "no reload after the hot-add (%s)" % t.text())
    v.check(st1.get("loaded_at") == st0.get("loaded_at"),
            "loaded_at unchanged by the hot-add (%s -> %s)" % (st0.get("loaded_at"), st1.get("loaded_at")))
    dump = g.check_dump()
    if not v.check(dump is not None, "kdump-tools saved a dump in /var/crash"):
        return False
    dimms = g.dimms()
    v.check(dump["file"].startswith("dump.") and dump["complete"],
            "makedumpfile wrote all of it (%s, %s)" % (
                dump["file"], "complete" if dump["complete"] else "cut short"))
    nf, total, per, _ = print_dump(g, dump, dimms)
    hot = sum(n for _, n in per.values())
    v.check(hot > 0, "stamped pages landed in the hot-added DIMMs (%d)" % hot)
    for k, (a, s) in sorted(dimms.items()):
        c = debreport.covered(dump["rep"]["loads"], a, s)
        v.check(per[k][0] == per[k][1], "every stamped page in %s is in the dump (%d of %d; %s "
                "of its %s in PT_LOADs: makedumpfile -d 1 leaves out zero pages)"
                % (k, per[k][0], per[k][1], verify.mib(c), verify.mib(s)))
    v.check(nf == total and total > 0, "every stamped page is in the dump (%d of %d)" % (nf, total))
    negative(v, g, dump, dimms)
    return v.failed == 0


def negative(v, g, dump, dimms):
    """The checker must see a bad dump: zero up to three stamped pages the
    dump holds (the first in each DIMM, one in boot memory) in a copy;
    exactly those must go missing."""
    pages = [p for p in g.pages() if debreport.found(dump["bitmap"], p[0])]
    victims = []
    for k, (a, s) in sorted(dimms.items()):
        victims += [p for p in pages if a <= p[1] < a + s][:1]
    victims += [p for p in pages if p[1] < 1 << 32][:1]
    if not v.check(bool(victims), "negative control: the dump holds stamped pages to corrupt"):
        return
    neg = g.path("neg.elf")
    shutil.copy(dump["elf"], neg)
    phdrs = debreport.elf_loads(neg)
    with open(neg, "r+b") as f:
        for _, ph in victims:
            f.seek(debreport.file_offset(phdrs, ph))
            f.write(b"\0" * 4096)
    out = checker(os.path.join(g.suite.tools, "vmcore-check"), g.suite.run, neg, g.path("neg"))
    all_pages = g.pages()
    before = debreport.dump_counts(all_pages, dump["bitmap"], dimms)[0]
    after = debreport.dump_counts(all_pages, out["bitmap"], dimms)[0]
    gone = [idx for idx, _ in victims if not debreport.found(out["bitmap"], idx)]
    v.check(len(gone) == len(victims) and after == before - len(victims),
            "negative control: with %d stamped pages zeroed in a copy of the dump (%s) the "
            "checker finds %d, %d fewer than in the dump itself"
            % (len(victims), " ".join("%#x" % ph for _, ph in victims), after, before - after))
    os.remove(neg)


def hotremove(sc):
    g = sc.new("b-hotremove")
    v = verify.Verdict()
    if not (g.prepare(True) and g.boot("hotadd:%d,hotremove:%d,fill:%d,crash" % (2 * GiB, GiB, FILL_MIB),
                                       "memhp_default_state=online_movable")):
        return False
    if not (g.hotadd(2) and g.hotremove("dimm1") and g.crash()):
        return False
    _, ev = boot_checks(v, g, True)
    st1 = debreport.state(g.report("hotadd"))
    st2 = debreport.state(g.report("hotremove"))
    runs_line("kexec runs during the hot-add", debreport.kexec_runs(
        debreport.window(ev, "ready-for-hotadd", "hotadded")))
    runs = debreport.kexec_runs(debreport.window(ev, "ready-for-hotremove"))
    t = runs_line("kexec runs from the removal of dimm1 to the panic", runs)
    v.check(t.loads == 1 and t.failed == 0,
            "exactly one reload after the removal, none failed (%s)" % t.text())
    # kexec -p --reload replays the record and keeps its loaded_at
    v.check(st2.get("kexec_crash_loaded") == "1" and st2.get("memory/crash_hotplug") == "1",
            "a crash kernel is loaded after the removal, hot-plug aware (kexec_crash_loaded %s, "
            "memory/crash_hotplug %s; loaded_at %s -> %s)" % (
                st2.get("kexec_crash_loaded"), st2.get("memory/crash_hotplug"),
                st1.get("loaded_at"), st2.get("loaded_at")))
    dump = g.check_dump()
    if not v.check(dump is not None, "kdump-tools saved a dump in /var/crash"):
        return False
    dimms = g.dimms()   # taken after the hot-add: dimm1's range is known
    nf, total, per, _ = print_dump(g, dump, dimms)
    loads = dump["rep"]["loads"]
    a, s = dimms["dimm1"]
    v.check(debreport.covered(loads, a, s) == 0, "removed dimm1 (%#x) has no PT_LOAD (%s of it covered)"
            % (a, verify.mib(debreport.covered(loads, a, s))))
    a, s = dimms["dimm0"]
    v.check(per["dimm0"][1] > 0 and per["dimm0"][0] == per["dimm0"][1],
            "every stamped page in dimm0 is in the dump (%d of %d)" % per["dimm0"])
    v.check(nf == total and total > 0, "every stamped page is in the dump (%d of %d)" % (nf, total))
    return v.failed == 0


def control(sc):
    g = sc.new("c-control")
    v = verify.Verdict()
    if not (g.prepare(False) and g.boot("hotadd:%d,fill:%d,crash" % (2 * GiB, FILL_MIB))):
        return False
    if not (g.hotadd(2) and g.crash()):
        return False
    st0, ev = boot_checks(v, g, False)
    st1 = debreport.state(g.report("hotadd"))
    runs = debreport.kexec_runs(debreport.window(ev, "ready-for-hotadd", "hotadded"))
    t = runs_line("kexec runs during the hot-add (kdump-tools' rule, stock kexec-tools)", runs)
    if runs:
        print("  info reloads trail the first hot-add event by %.1f s (last run)"
              % (t.last - min(e.t for e in debreport.window(ev, "ready-for-hotadd", "hotadded"))))
    print("  info crash_hotplug %s -> %s; kexec_crash_loaded after the hot-add %s" % (
        st0.get("memory/crash_hotplug"), st1.get("memory/crash_hotplug"), st1.get("kexec_crash_loaded")))
    dump = g.check_dump()
    if dump is None:
        v.note("kdump-tools saved no dump")
        return v.failed == 0
    dimms = g.dimms()
    nf, total, per, _ = print_dump(g, dump, dimms)
    v.check(dump["rep"]["fields"].get("rc") == 0, "vmcore-check read the control's dump")
    if nf < total:
        v.note("the stock stack lost %d of %d stamped pages" % (total - nf, total))
    return v.failed == 0


TABLE = (
    Entry("a", "ourpkg", ourpkg, "our .deb, kdump-tools loads, 2 DIMMs added: no reload, full dump"),
    Entry("b", "hotremove", hotremove, "our .deb, a DIMM removed: one reload, its range gone"),
    Entry("c", "control", control, "Debian's kexec-tools: what happens (reports only)"),
)
