# scenarios_ppc64le.py - owns the pseries kdump scenarios (QEMU pseries,
# TCG, -cpu POWER9, -m 2G,slots=4,maxmem=8G, -smp 2,maxcpus=4,
# crashkernel=512M, Debian's 6.12 ppc64el kernel, this project's kexec
# cross-built static, or with --deb a ppc64el package's own /sbin/kexec).
# Only kexec_load (-c) is tested: Debian's ppc64el kernel has no KEXEC_FILE.
# Each scenario is a function of its own Scenario state (kdump.py) that
# returns True when it passed; TABLE lists them.
#
#   1  hotplug    kexec -c -p --hotplug, hot-add a 1 GiB DIMM and a CPU core,
#                 panic on the hot-added CPU: the kernel's rewritten
#                 elfcorehdr covers the DIMM, every pattern page is found
#   2  noflag     the same load without --hotplug, hot-add a 1 GiB DIMM, panic
#                 on cpu0: the pages in the DIMM must be MISSING (negative
#                 control)
#   2b noflag-cpu without --hotplug, hot-add a CPU core, panic on it: the
#                 capture kernel must NOT come up (the capture FDT lacks that
#                 CPU; it hangs after purgatory).  Passes when nothing shows
#                 up within KD_HANG_TIMEOUT (default 60) seconds of the panic,
#                 and the console shows no second kernel banner.
#   3  hotremove  memhp_default_state=online_movable, load with --hotplug,
#                 add two 512 MiB DIMMs, device_del one: the removed range is
#                 gone from the dump without a reload (powerpc drops it itself)
#   4  exec       kexec -c -l of the same kernel (what petitboot does), then
#                 kexec -e: the new kernel's /init prints its marker on hvc0
import re

from driver import Entry


def on_new_cpu(g):
    """The panic ran on cpu2 and the capture kernel started on it."""
    con = g.console()
    ok = True
    if re.search(r"CPU: 2 .*Kdump: loaded", con):
        print("  ok   the panic ran on the hot-added cpu2")
    else:
        print("  FAIL the console shows no panic on cpu2")
        ok = False
    boot = re.search(r"Boot CPU 2 .*", con)
    if boot:
        print("  ok   the capture kernel started on it: " + boot.group(0))
    else:
        print("  FAIL the capture kernel does not say it started on cpu2")
        ok = False
    return ok


def hotplug(sc):
    g = sc.boot("1-hotplug", "load:hotplug,hotadd:1024,hotcpu:3,fill:1024,panic:2")
    return (g.up() and g.hotadd(1, 1024) and g.hotcpu() and g.phase("hot-plug") and g.crash()
            and g.verify("--pages", "all", "--hotplug-sysfs", "1",
                         "--covered", "dimm0", "--stamped", "dimm0")
            and on_new_cpu(g))


def noflag(sc):
    g = sc.boot("2-noflag", "load:noflag,hotadd:1024,fill:1024,panic")
    return (g.up() and g.hotadd(1, 1024) and g.phase("hot-plug") and g.crash()
            and g.verify("--pages", "hotadd-missing", "--hotplug-sysfs", "0",
                         "--absent", "dimm0", "--stamped", "dimm0"))


def hung(g, hang):
    """After the panic: no capture kernel within HANG seconds, no second
    kernel banner."""
    if g.wait("capture kernel up", hang, quiet=True):
        print("  FAIL the capture kernel came up after a panic on a CPU the load did not know")
        return False
    g.phase("wait-for-hang")
    con = g.console()
    if "sysrq: Trigger a crash" not in con:
        print("  FAIL the console shows no sysrq crash")
        return False
    banners = len(g.lines_with("Linux version"))
    if banners != 1:
        print("  FAIL %d kernel banners on the console: a second kernel started" % banners)
        return False
    last = [ln for ln in con.split("\n") if ln][-1]
    print("  ok   expected failure: no capture kernel %ds after the panic on the hot-added CPU"
          % hang, "(the capture FDT lacks it); last console line:", last)
    return True


def noflag_cpu(sc):
    g = sc.boot("2b-noflag-cpu", "load:noflag,hotcpu:3,fill:16,panic:2")
    return (g.up() and g.hotcpu() and g.phase("hot-plug") and g.wait("filled")
            and g.wait("panic") and g.phase("fill") and hung(g, sc.suite.hang))


def hotremove(sc):
    g = sc.boot("3-hotremove", "load:hotplug,hotadd:1024,hotremove:512,fill:1024,panic",
                "memhp_default_state=online_movable")
    return (g.up() and g.hotadd(2) and g.phase("hot-add") and g.hotremove("dimm1")
            and g.phase("hot-remove") and g.crash()
            and g.verify("--pages", "all", "--hotplug-sysfs", "1", "--covered", "dimm0",
                         "--absent", "dimm1", "--stamped", "dimm0"))


def exec_(sc):
    """The normal kexec path petitboot takes (-l, then -e)."""
    return sc.exec_("4-exec")


TABLE = (
    Entry("1", "hotplug", hotplug, "hot-add a DIMM and a CPU core, panic on it: every page found"),
    Entry("2", "noflag", noflag, "without --hotplug: the DIMM's pages are MISSING"),
    Entry("2b", "noflag_cpu", noflag_cpu, "without --hotplug, panic on a hot-added CPU: no capture kernel",
          alias="noflag-cpu"),
    Entry("3", "hotremove", hotremove, "device_del a DIMM: gone from the dump without a reload"),
    Entry("4", "exec", exec_, "kexec -c -l, kexec -e boots the new kernel"),
)
