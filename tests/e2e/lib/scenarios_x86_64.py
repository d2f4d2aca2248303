# scenarios_x86_64.py - owns the x86_64 kdump scenarios (QEMU -machine pc,
# 1 GiB, -smp 2, crashkernel=256M): what each one does to its guest and what
# it checks.  Each is a function of its own Scenario state (kdump.py) that
# returns True when it passed; TABLE lists them in their order.
#
#   1 nohotplug    kexec -c -p --hotplug, no hot-plug: the dump is complete
#   2 hotadd       plain kexec -c -p (hot-plug by default, acpi_no_memhotplug
#                  added by the loader: the guest's capture command line lacks
#                  it), hot-add two 512 MiB DIMMs: the kernel's rewritten
#                  elfcorehdr covers them, every pattern page is found
#   3 noflag       the same with --no-hotplug: the pages in hot-added memory
#                  must be MISSING (negative control: the harness sees it)
#   4 hotremove    online_movable, add two DIMMs, device_del one: without a
#                  reload the removed range stays in the dump (4a, the kernel's
#                  known behaviour); after the reload it is gone (4b)
#   5 cpu          offline/online cpu1 after the load: notes for every CPU
#   6 file         kexec -s -p (kexec_file_load) + hot-add, as scenario 2
#   7 exec         kexec -c -l then kexec -e boots the new kernel
#   8 makedumpfile Debian's makedumpfile -d 31 and --dump-dmesg in the capture kernel
#   9 corrupt      fault injection (a second, test-hooks kexec): one byte of a
#                  segment flipped after the digest; purgatory must refuse and
#                  no capture kernel may come up: kernel (9a), initrd (9b),
#                  elfcorehdr without --hotplug (9c); with --hotplug the
#                  elfcorehdr is outside the digest, so 9d must still dump
#                  (its middle byte, flipped, is the vmcoreinfo PT_NOTE's
#                  p_paddr, which /proc/vmcore does not read).
#                  Scenario 1 is the control: the same load, unflipped, boots
#  10 efi          scenario 2 booted through UEFI (Debian's OVMF).  10a: the
#                  capture kernel must come up as an EFI machine (efi_info,
#                  the EFI memory and runtime maps passed in boot_params:
#                  runtime services registered), find the ACPI RSDP, and dump
#                  every page.  10b, the control: with --noefi it must come up
#                  without EFI and still find the RSDP (acpi_rsdp_addr)
#  11 vmlinux      the ELF vmlinux inside the test kernel (kernels.py)
#                  instead of the bzImage: 11a loads it with -c -p --hotplug,
#                  hot-adds two DIMMs and checks the dump as scenario 2; 11b
#                  boots it with kexec -c -l and kexec -e as scenario 7
#  12 norun        no usable /run (12a: none at all, as in a minimal
#                  initramfs; 12b: read-only): kexec -c -p --hotplug still
#                  loads, warns once that it goes without its lock and
#                  --reload record, and the dump is complete
#  13 virtio-mem   a 2 GiB virtio-mem-pci device (vm0, requested-size 0;
#                  the guest insmods virtio_mem, the capture kernel too):
#                  13a: kexec -c -p --hotplug, plug 1 GiB, --dry-run lists
#                  the System RAM (virtio_mem) ranges, fill 640 MiB, panic:
#                  every pattern page found, some of them in virtio-mem
#                  memory, no read errors.  13b (online_movable): plug
#                  1 GiB, unplug down to 512 MiB, reload (the kernel's own
#                  update keeps removed memory, as 4a shows for DIMMs), fill
#                  384 MiB, panic: the same checks, and no PT_LOAD claims a
#                  part of the device region that is not plugged
#  14 uki          a real UKI (tests/tools/mkuki.sh: the test kernel as
#                  .linux, the capture initramfs plus the marker
#                  /etc/e2e-initrd "uki" as .initrd, the capture command line
#                  plus e2e.cmdline=uki as .cmdline) crash-loaded with
#                  kexec -c -p --hotplug and no --initrd/--append; --dry-run
#                  says the kernel came from the UKI and its .initrd and
#                  .cmdline; two DIMMs hot-added, panic: every pattern page
#                  found, and the capture kernel ran the .initrd (marker) with
#                  the .cmdline (e2e.cmdline=uki, not e2e.cmdline=append)
#  15 uki-file     the same UKI with kexec -s -p (kexec_file_load of the
#                  .linux the loader hands over in a memfd).  15a: --initrd
#                  and --append given: they win over the UKI's (the capture
#                  kernel has no marker and e2e.cmdline=append, not =uki;
#                  --dry-run says so); two DIMMs hot-added (the kernel
#                  updates a kexec_file crash image's elfcorehdr too),
#                  panic: every page found.  15b: neither given: the
#                  .initrd (in a memfd too) and .cmdline are used, as in 14;
#                  no hot-add, a small fill.  15a is also the control of
#                  14's and 15b's initramfs and command-line checks: the
#                  same checks tell the two sources apart
# A 512 MiB DIMM is 4 memory blocks; user pages prefer the hot-added
# (ZONE_NORMAL/MOVABLE) memory over boot memory (DMA32), so a 640 MiB fill
# lands mostly in the DIMMs.
import build
from driver import Entry

EVERY_PAGE = ("--pages", "all", "--hotplug-sysfs", "1")
BOTH_DIMMS = ("--covered", "dimm0", "--covered", "dimm1", "--stamped", "dimm0", "--stamped", "dimm1")


def nohotplug(sc):
    g = sc.boot("1-nohotplug", "load:hotplug,fill:256,panic")
    return g.up() and g.crash() and g.verify(*EVERY_PAGE)


def hotadd_dump(sc, name, mode, *append, initrd="first.cpio.gz", firmware="bios",
                plan="", expect=()):
    """Scenario 2's steps and checks with load MODE (kdump.init): load,
    (--dry-run into plan-PLAN.txt,) hot-add two 512 MiB DIMMs, fill 640 MiB,
    panic; the DIMMs are in the dump and every pattern page is found, and
    what EXPECT adds (verify.py)."""
    steps = "load:%s,%shotadd:1024,fill:640,panic" % (mode, "plan:%s," % plan if plan else "")
    g = sc.boot(name, steps, *append, initrd=initrd, firmware=firmware)
    return (g.up() and (not plan or (g.wait("plan " + plan) and g.phase("dry-run")))
            and g.hotadd(2) and g.phase("hot-plug") and g.crash()
            and g.verify(*EVERY_PAGE + BOTH_DIMMS + tuple(expect)))


def hotadd(sc):
    return hotadd_dump(sc, "2-hotadd", "default")


# 1152 MiB is more than the two DIMMs hold, so some pattern pages must land in
# boot memory too: those are the ones that must still be found.
def noflag(sc):
    g = sc.boot("3-noflag", "load:noflag,hotadd:1024,fill:1152,panic")
    return (g.up() and g.hotadd(2) and g.phase("hot-plug") and g.crash()
            and g.verify("--pages", "hotadd-missing", "--hotplug-sysfs", "0",
                         "--absent", "dimm0", "--absent", "dimm1",
                         "--stamped", "dimm0", "--stamped", "dimm1"))


def hotremove_one(sc, name, steps, *expect):
    g = sc.boot(name, steps, "memhp_default_state=online_movable",
                "e2e.reload=" + sc.suite.reload)
    return (g.up() and g.hotadd(2) and g.phase("hot-add") and g.hotremove("dimm1")
            and g.phase("hot-remove") and g.crash() and g.verify(*expect))


def hotremove(sc):
    sc.part("4a: no reload after device_del: the removed DIMM must still be in the dump")
    if not hotremove_one(sc, "4a-hotremove-stale",
                         "load:hotplug,hotadd:1024,hotremove:512,fill:384,panic",
                         "--pages", "all", "--covered", "dimm0", "--covered", "dimm1",
                         "--stamped", "dimm0", "--any-read-errors"):
        return False
    sc.part("4b: reload (%s) after device_del: the removed DIMM is gone" % sc.suite.reload)
    return hotremove_one(sc, "4b-hotremove-reload",
                         "load:hotplug,hotadd:1024,hotremove:512,reload,fill:384,panic",
                         "--pages", "all", "--covered", "dimm0", "--absent", "dimm1",
                         "--stamped", "dimm0")


def cpu(sc):
    g = sc.boot("5-cpu", "load:hotplug,cpu:1,fill:256,panic")
    return (g.up() and g.wait("cpu1 online again") and g.phase("cpu-offline-online")
            and g.crash() and g.verify(*EVERY_PAGE))


def file(sc):
    return hotadd_dump(sc, "6-file", "file")


def exec_(sc):
    return sc.exec_("7-exec")


def makedumpfile(sc):
    g = sc.boot("8-makedumpfile", "load:hotplug,fill:64,panic", "e2e.mkdump=1")
    return g.up() and g.crash() and g.verify("--pages", "all", "--makedumpfile")


def flipped(g):
    """The guest's line about the byte the test hook flipped."""
    print("  guest: " + g.first_line("flipped byte"))
    return True


def corrupt_refused(sc, name, steps, role):
    """Purgatory must refuse; no capture kernel."""
    g = sc.boot(name, steps, "e2e.corrupt=" + role, initrd="first-hooks.cpio.gz")
    return g.up() and flipped(g) and g.refused(sc.suite.corrupt_watch)


def built(make, what):
    """Build what one scenario adds to the artefacts: False (said) when
    MAKE fails."""
    try:
        make()
        return True
    except (build.BuildError, OSError) as e:
        print("  FAIL %s: %s" % (what, e))
        return False


def corrupt(sc):
    if not built(sc.suite.art.hooks, "building the test-hooks kexec"):
        return False
    for sub, what, steps, role in (
            ("9a", "kexec -c -p --hotplug, kernel segment flipped: purgatory refuses",
             "load:hotplug,panic", "kernel"),
            ("9b", "kexec -c -p --hotplug, initrd segment flipped: purgatory refuses",
             "load:hotplug,panic", "initrd"),
            ("9c", "kexec -c -p (no --hotplug), elfcorehdr flipped: inside the digest, refused",
             "load:noflag,panic", "elfcorehdr")):
        sc.part("%s: %s" % (sub, what))
        if not corrupt_refused(sc, "%s-corrupt-%s" % (sub, role), steps, role):
            return False
    sc.part("9d: kexec -c -p --hotplug, elfcorehdr flipped: outside the digest, the dump is taken")
    g = sc.boot("9d-corrupt-elfcorehdr-hotplug", "load:hotplug,fill:64,panic",
                "e2e.corrupt=elfcorehdr", initrd="first-hooks.cpio.gz")
    return g.up() and flipped(g) and g.crash() and g.verify(*EVERY_PAGE)


def capture_says(g, want, text):
    """One check of scenario 10 on the capture kernel's part of the console:
    it says TEXT (WANT yes) or does not (no)."""
    cap = g.console()
    cap = cap[cap.rfind("\n", 0, cap.find("E2E: panic")) + 1:] if "E2E: panic" in cap else ""
    line = next((ln for ln in cap.split("\n") if text in ln), "")
    said = line.split("] ", 1)[-1]
    if want == "yes" and line:
        print("  ok   the capture kernel says: " + said)
    elif want == "no" and not line:
        print("  ok   the capture kernel does not say \"%s\"" % text)
    elif line:
        print("  FAIL the capture kernel says: " + said)
    else:
        print("  FAIL the capture kernel never said \"%s\"" % text)
    return (want == "yes") == bool(line)


def efi_capture_checks(g, efi):
    """What scenario 10 adds to the verdict: the capture kernel came up with
    EFI (yes) or without it (no), found the ACPI RSDP either way, and on the
    EFI machine kexec printed no warning."""
    ok = capture_says(g, efi, "efi: EFI v2")
    ok = capture_says(g, efi, "efivars: Registered efivars operations") and ok
    ok = capture_says(g, "yes", "ACPI: RSDP") and ok
    if efi != "yes":
        return ok
    try:
        with open(g.path("first", "load.log"), errors="replace") as f:
            printed = [ln for ln in f.read().split("\n") if ln]
    except OSError:
        printed = []
    if printed:
        print("  FAIL kexec printed on the EFI machine: " + printed[0])
        return False
    print("  ok   kexec -c -p --hotplug printed no warning (the EFI state was passed)")
    return ok


def efi(sc):
    build.ensure_host(sc.profile, "ovmf")
    sc.part("10a: UEFI guest, kexec -c -p --hotplug: the capture kernel runs with EFI")
    if not (hotadd_dump(sc, "10a-efi", "hotplug", firmware="ovmf")
            and efi_capture_checks(sc.guest, "yes")):
        return False
    sc.part("10b: the same with --noefi: no EFI in the capture kernel, the RSDP still found")
    return (hotadd_dump(sc, "10b-noefi", "noefi", firmware="ovmf")
            and efi_capture_checks(sc.guest, "no"))


def vmlinux(sc):
    if not built(sc.suite.art.vmlinux, "extracting the vmlinux"):
        return False
    sc.part("11a: kexec -c -p --hotplug /boot/vmlinux (ELF), hot-add two DIMMs, panic")
    if not hotadd_dump(sc, "11a-vmlinux-crash", "hotplug", "e2e.kernel=/boot/vmlinux",
                       initrd="first-vmlinux.cpio.gz"):
        return False
    sc.part("11b: kexec -c -l /boot/vmlinux (ELF), kexec -e")
    return sc.exec_("11b-vmlinux-exec", "e2e.kernel=/boot/vmlinux", initrd="first-vmlinux.cpio.gz")


NO_RUN_WARNING = "going on without the run lock and the --reload record"


def warned_once(g):
    """kexec said once, on the load, that it went without /run."""
    try:
        with open(g.path("first", "load.log"), errors="replace") as f:
            warned = [ln for ln in f.read().split("\n") if NO_RUN_WARNING in ln]
    except OSError:
        warned = []
    if len(warned) == 1:
        print("  ok   kexec warned once: " + warned[0])
        return True
    print("  FAIL kexec printed the no-/run warning %d times (expected once)" % len(warned))
    return False


VMEM_QEMU = ("-object", "memory-backend-ram,id=vmem0,size=2G",
             "-device", "virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0")


def vmem_dump(sc, name, steps, sizes, *expect, append=()):
    """Boot with VMEM_QEMU, resize vm0 to each of SIZES (MiB) in turn,
    panic, verify with EXPECT."""
    g = sc.boot(name, steps, "e2e.capvmem=" + sc.suite.capvmem, *append, qemu=VMEM_QEMU)
    if not (g.up() and all(g.resize_vmem("vm0", m) for m in sizes) and g.phase("virtio-mem")
            and g.crash()):
        return False
    print("  " + (g.first_line("virtio_mem loaded in the capture kernel")
                  or g.first_line("virtio_mem NOT loaded")).strip())
    return g.verify("--pages", "all", "--vmem", "vm0", *expect)


def vmem(sc):
    sc.part("13a: kexec -c -p --hotplug, plug 1 GiB of virtio-mem, --dry-run, panic")
    if not vmem_dump(sc, "13a-vmem-plug", "load:hotplug,vmem:1024,plan:vmem,fill:640,panic",
                     (1024,), "--plan", "vmem"):
        return False
    sc.part("13b: plug 1 GiB, unplug down to 512 MiB, reload (%s), panic" % sc.suite.reload)
    return vmem_dump(sc, "13b-vmem-unplug",
                     "load:hotplug,vmem:1024,vmem:512,reload,plan:unplug,fill:384,panic",
                     (1024, 512), "--plan", "unplug",
                     append=("memhp_default_state=online_movable", "e2e.reload=" + sc.suite.reload))


def norun(sc):
    for sub, mode, what in (("12a", "absent", "no /run at all"),
                            ("12b", "ro", "a read-only /run")):
        sc.part("%s: %s, kexec -c -p --hotplug: loads, warns once, complete dump" % (sub, what))
        g = sc.boot("%s-norun-%s" % (sub, mode), "run:%s,load:hotplug,fill:256,panic" % mode)
        if not (g.wait("run: /run " + mode) and g.up() and g.crash()
                and g.verify(*EVERY_PAGE) and warned_once(g)):
            return False
    return True


UKI_MARK = "e2e.cmdline=uki"        # in the UKI's .cmdline only
APPEND_MARK = "e2e.cmdline=append"  # in kdump.init's --append only
# what the guest's --dry-run of the UKI must say (plan_print.c), line by line
UKI_PLAN = {"kernel from:": "UKI /boot/uki.efi", "initrd from:": ".initrd",
            "cmdline from:": ".cmdline"}
UKI_FILE_PLAN = {"kernel from:": "UKI /boot/uki.efi", "initrd from:": "--initrd",
                 "cmdline from:": "--append"}


def uki_built(sc):
    """Build first-uki.cpio.gz; its .cmdline is kdump.init's capture_append
    for the capture role with UKI_MARK in place of APPEND_MARK."""
    s = sc.suite
    build.ensure_host(sc.profile, uki=True)
    cmdline = ("console=%s e2e.role=capture e2e.run=%s panic=-1 e2e.capvmem=%s nr_cpus=1 "
               "irqpoll reset_devices e2e.mkdump=0 %s" % (sc.profile.console, s.run, s.capvmem,
                                                          UKI_MARK))
    return built(lambda: s.art.uki(cmdline), "building the UKI (tests/tools/mkuki.sh)")


def plan_says(g, name, want):
    """The guest's --dry-run plan-NAME.txt has, for each label of WANT, a
    line "LABEL VALUE..." whose value starts as WANT says (printed)."""
    try:
        with open(g.path("first", "plan-%s.txt" % name), errors="replace") as f:
            lines = [ln.strip() for ln in f.read().split("\n")]
    except OSError:
        lines = []
    ok = True
    for label, value in want.items():
        line = next((ln for ln in lines if ln.startswith(label)), "")
        good = line[len(label):].strip().startswith(value)
        print("  %s kexec --dry-run says \"%s\" (expected %s %s...)"
              % ("ok  " if good else "FAIL", line or "nothing about " + label, label, value))
        ok = ok and good
    return ok


def uki(sc):
    if not uki_built(sc):
        return False
    ok = hotadd_dump(sc, "14-uki", "uki", "e2e.kernel=/boot/uki.efi", initrd="first-uki.cpio.gz",
                     plan="uki", expect=("--initrd-marker", "uki", "--cmdline-has", UKI_MARK,
                                         "--cmdline-lacks", APPEND_MARK))
    return plan_says(sc.guest, "uki", UKI_PLAN) and ok


def load_log(g):
    """Print what kexec printed on the load."""
    try:
        with open(g.path("first", "load.log"), errors="replace") as f:
            printed = [ln for ln in f.read().split("\n") if ln]
    except OSError:
        printed = []
    for ln in printed or ["(nothing)"]:
        print("  kexec printed: " + ln)
    return True


def uki_file(sc):
    if not uki_built(sc):
        return False
    sc.part("15a: kexec -s -p --initrd --append UKI: the options win; hot-add two DIMMs, panic")
    ok = hotadd_dump(sc, "15a-uki-file-options", "file", "e2e.kernel=/boot/uki.efi",
                     initrd="first-uki.cpio.gz", plan="file",
                     expect=("--initrd-marker", "none", "--cmdline-has", APPEND_MARK,
                             "--cmdline-lacks", UKI_MARK))
    if not (load_log(sc.guest) and plan_says(sc.guest, "file", UKI_FILE_PLAN) and ok):
        return False
    sc.part("15b: kexec -s -p UKI alone: its .initrd and .cmdline, panic")
    g = sc.boot("15b-uki-file-sections", "load:ukifile,plan:ukifile,fill:64,panic",
                "e2e.kernel=/boot/uki.efi", initrd="first-uki.cpio.gz")
    ok = (g.up() and g.wait("plan ukifile") and g.phase("dry-run") and g.crash()
          and g.verify(*EVERY_PAGE + ("--initrd-marker", "uki", "--cmdline-has", UKI_MARK,
                                      "--cmdline-lacks", APPEND_MARK)))
    return load_log(g) and plan_says(g, "ukifile", UKI_PLAN) and ok


TABLE = (
    Entry("1", "nohotplug", nohotplug, "kexec -c -p --hotplug, no hot-plug: the dump is complete"),
    Entry("2", "hotadd", hotadd, "plain -c -p, hot-add two DIMMs after the load: every page is in the dump"),
    Entry("3", "noflag", noflag, "the same with --no-hotplug: the DIMMs' pages are MISSING"),
    Entry("4", "hotremove", hotremove, "device_del a DIMM: stale without a reload (4a), gone after (4b)"),
    Entry("5", "cpu", cpu, "offline/online cpu1 after the load: notes for every CPU"),
    Entry("6", "file", file, "kexec -s -p (kexec_file_load) + hot-add, as scenario 2"),
    Entry("7", "exec", exec_, "kexec -c -l, kexec -e boots the new kernel"),
    Entry("8", "makedumpfile", makedumpfile, "makedumpfile -d 31 and --dump-dmesg in the capture kernel"),
    Entry("9", "corrupt", corrupt, "a flipped segment byte: purgatory refuses (9a-9c), 9d dumps"),
    Entry("10", "efi", efi, "scenario 2 under UEFI (10a), with --noefi (10b)"),
    Entry("11", "vmlinux", vmlinux, "the ELF vmlinux: crash dump (11a), kexec -e (11b)"),
    Entry("12", "norun", norun, "no /run (12a), read-only /run (12b): loads, warns, dumps"),
    Entry("13", "virtio-mem", vmem, "virtio-mem: plug 1 GiB (13a), unplug half, reload (13b)"),
    Entry("14", "uki", uki, "a UKI with -c -p --hotplug: its .initrd and .cmdline, hot-add, dump"),
    Entry("15", "uki-file", uki_file, "the UKI with -s -p: --initrd/--append win (15a), or not (15b)"),
)
