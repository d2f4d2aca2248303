# kdump.py - owns driving the guests of the kdump scenarios, for any arch
# profile: a Suite is what one run shares (profile, artefacts, run id, the
# environment's knobs), a Scenario the state of one scenario (its guests,
# printed sub-scenario headings), a Guest one first kernel booted through
# load, hot-plug, panic and capture (or kexec -e), with its phase timings.
# Guest steps return True or False so that a scenario chains them with
# `and`, like the markers it waits for (kdump.init prints "E2E: MARK...").
#
# Environment: KD_SHOW_PLAN=1 the guest also runs the load with --dry-run
# and the verdict prints that plan; KEXEC_E2E_RELOAD=kexec|unload how a
# reload step reloads; KD_CORRUPT_WATCH=S how long a refused load is watched
# (30); KD_HANG_TIMEOUT=S how long a hang is waited for (60); KD_RUN the run
# id stamped into every pattern page (default random); KD_CAPVMEM=0 the
# capture kernel does not load virtio_mem (the measurement behind
# doc/kernel-interfaces.md's virtio-mem section).
import json
import os
import shutil
import sys
import time
import traceback

import verify
import vm


def now():
    return int(time.time())


class Suite:
    def __init__(self, profile, art):
        self.profile = profile
        self.art = art
        env = os.environ
        self.run = env.get("KD_RUN") or str(int.from_bytes(os.urandom(4), "little"))
        self.plan = env.get("KD_SHOW_PLAN") or "0"
        self.reload = env.get("KEXEC_E2E_RELOAD") or "kexec"
        self.corrupt_watch = int(env.get("KD_CORRUPT_WATCH") or 30)
        self.hang = int(env.get("KD_HANG_TIMEOUT") or 60)
        self.capvmem = env.get("KD_CAPVMEM") or "1"


class Scenario:
    """One scenario's guests; the driver calls finish() once at its end."""

    def __init__(self, suite):
        self.suite = suite
        self.profile = suite.profile
        self.guest = None

    def boot(self, name, steps, *append, initrd="first.cpio.gz", firmware="bios", qemu=()):
        """Boot the first kernel of NAME with e2e.steps=STEPS (kdump.init);
        QEMU: more QEMU arguments (devices)."""
        self.guest = Guest(self.suite, name)
        self.guest.boot(steps, append, initrd, firmware, qemu)
        return self.guest

    def part(self, heading):
        """Start a sub-scenario: close the previous one (it passed)."""
        if self.guest:
            self.guest.finish(True)
            self.guest = None
        print("  " + heading)

    def finish(self, ok):
        if self.guest:
            self.guest.finish(ok)

    def exec_(self, name, *append, initrd="first.cpio.gz"):
        """kexec -c -l of the kernel (e2e.kernel= in APPEND picks another),
        kexec -e: the new kernel's /init prints "kexec-boot-ok run <id>"."""
        g = self.boot(name, "exec", *append, initrd=initrd)
        ok = (g.wait("booted") and g.phase("boot") and g.wait("kexec -e") and g.phase("load")
              and g.wait("kexec-boot-ok run " + self.suite.run) and g.phase("kexec-to-new-kernel")
              and g.wait("poweroff"))
        if not ok:
            return False
        g.vm.stop(30)
        print("  the kernel started by kexec -e printed: "
              + "\n".join(g.lines_with("E2E: kexec-boot-ok")))
        return True


class Guest:
    def __init__(self, suite, name):
        self.suite = suite
        self.profile = suite.profile
        self.dir = suite.art.path(name)
        self.vm = vm.Vm(self.dir, suite.profile)
        self.times = []
        self.t0 = self.tlast = now()

    def boot(self, steps, append, initrd, firmware, qemu=()):
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        s = self.suite
        args = ["e2e.role=first", "e2e.run=" + s.run, "e2e.steps=" + steps, "e2e.plan=" + s.plan]
        args += list(self.profile.boot_args) + list(append)
        self.vm.start(s.art.kernel, s.art.path(initrd), " ".join(args), firmware, qemu=qemu)

    def path(self, *name):
        return os.path.join(self.dir, *name)

    def console(self):
        return self.vm.console()

    def lines_with(self, text):
        return [line for line in self.console().split("\n") if text in line]

    def first_line(self, text):
        lines = self.lines_with(text)
        return lines[0] if lines else ""

    def phase(self, name):
        t = now()
        self.times.append("%s %ds" % (name, t - self.tlast))
        self.tlast = t
        return True

    def wait(self, mark, timeout=300, **kw):
        return self.vm.wait("E2E: " + mark, timeout, **kw)

    def up(self):
        """booted, then loaded: the two first phases of every crash guest"""
        return self.wait("booted") and self.phase("boot") and self.wait("loaded") and self.phase("load")

    def hotadd(self, n, mib=512):
        """Hot-add N DIMMs of MIB (mem<i>/dimm<i>) once the guest is ready."""
        if not self.wait("ready-for-hotadd"):
            return False
        for i in range(n):
            self.vm.plug_dimm(i, mib << 20)
        if not self.wait("hotadded"):
            return False
        with open(self.path("dimms.json"), "w") as f:
            f.write(json.dumps(self.vm.qmp("query-memory-devices"), indent=1) + "\n")
        return True

    def resize_vmem(self, dev, mib):
        """Set the virtio-mem device DEV's requested-size to MIB once the
        guest is ready (kdump.init vmem:MIB), wait until the guest has
        exactly that much System RAM (virtio_mem); the device as QEMU sees it
        afterwards goes to dimms.json (verify.py --dimms)."""
        if not self.wait("ready-for-vmem %d" % mib):
            return False
        self.vm.resize_virtio_mem(dev, mib << 20)
        if not self.wait("vmem-resized %d" % mib):
            return False
        with open(self.path("dimms.json"), "w") as f:
            f.write(json.dumps(self.vm.qmp("query-memory-devices"), indent=1) + "\n")
        return True

    def hotremove(self, dimm):
        if not self.wait("ready-for-hotremove"):
            return False
        self.vm.qmp("device_del", {"id": dimm})
        return self.wait("hotremoved")

    def hotcpu(self):
        """Hot-add the first free CPU core once the guest is ready."""
        if not self.wait("ready-for-hotcpu"):
            return False
        print("  device_add " + json.dumps(self.vm.plug_cpu_core()))
        return self.wait("hotcpu-added")

    def crash(self):
        """The panic, the capture kernel and its report; first/ and capture/
        unpacked in the guest's directory."""
        ok = (self.wait("filled") and self.wait("panic") and self.phase("fill")
              and self.wait("capture kernel up", 180) and self.phase("panic-to-capture")
              and self.wait("sent capture", 300) and self.phase("check"))
        if not ok:
            return False
        self.vm.stop(30)
        return self.vm.extract("first", self.path("first")) and \
            self.vm.extract("capture", self.path("capture"))

    def refused(self, watch):
        """After a load with a corrupted segment: the panic, purgatory's
        refusal (expected here, so not a failure), then WATCH seconds in which
        no capture kernel may start and QEMU must keep running (halted)."""
        if not (self.wait("panic") and self.vm.wait(
                "purgatory: sha256 digest mismatch, refusing to boot", 180,
                fail=vm.FAIL_TEXT_NO_PURGATORY)):
            return False
        self.phase("panic-to-refusal")
        print("  console: " + self.first_line("Kernel panic - not syncing"))
        print("  console: " + self.first_line("purgatory:"))
        if not self.watch_halted(watch):
            return False
        self.phase("watch")
        print("  no capture kernel within %ds of the refusal: one kernel banner, no" % watch,
              "\"E2E: capture kernel up\", QEMU still running (purgatory halted)")
        return True

    def watch_halted(self, watch):
        end = time.time() + watch
        while time.time() < end:
            if "E2E: capture kernel up" in self.console():
                print("  FAIL: a capture kernel came up after purgatory's refusal")
                return False
            if not self.vm.alive():
                print("  FAIL: QEMU exited after purgatory's refusal (expected a halted machine)")
                return False
            time.sleep(0.5)
        banners = len(self.lines_with("Linux version"))
        if banners != 1:
            print("  FAIL: the console shows %d \"Linux version\" banners (expected 1)" % banners)
            return False
        return True

    def verify(self, *expect):
        """lib/verify.py over what the guest sent (prints the narrated result)."""
        args = [self.path("first"), self.path("capture")]
        if os.path.exists(self.path("dimms.json")) and os.path.getsize(self.path("dimms.json")):
            args += ["--dimms", self.path("dimms.json")]
        if self.suite.plan == "1":
            args.append("--show-plan")
        args += list(self.profile.verify_args) + list(expect)
        sys.stdout.flush()
        try:
            return verify.main(args) == 0
        except Exception:  # a report that cannot be read fails the scenario
            traceback.print_exc()
            return False

    def finish(self, ok):
        """Stop QEMU, print the timings and, after a failure, the console's tail."""
        self.vm.stop(0)
        print("  timings:%s total %ds" % ("".join(" %s," % t for t in self.times), now() - self.t0))
        if not ok:
            log = self.path("console.log")
            print("  --- last 40 lines of the serial console (%s) ---" % log)
            lines = self.console().split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for line in lines[-40:]:
                print("  | " + line)
