#!/usr/bin/env python3
# test_debian.py - owns the tests of the pure parts of the Debian-guest
# scenarios, without QEMU (test_driver.py runs them too, so
# tests/cli/e2e-driver.sh does in `make check`): the image cache key and
# the mirror read from apt's sources (debimage.py), the debugfs listings of
# /var/crash, and the readers of what the guest reported and what a dump
# holds (debreport.py): journal windows, kexec run tallies, PT_LOAD merging,
# stamped-page counts, the ELF offsets the negative control corrupts, and
# makedumpfile's flattened format, whole or cut short.
import os
import struct
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debimage  # noqa: E402
import debreport  # noqa: E402

JOURNAL = """\
-- Journal begins at ...
[    9.100000] e2e kdump-tools[301]: Starting kdump-tools:
[    9.200000] e2e e2e-kexec[320]: rc=0 -p --command-line="root=/dev/vda ro reset_devices" --initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz | 
[    9.300000] e2e kdump-tools[330]: loaded kdump kernel
[   20.000000] e2e e2e-kexec[400]: rc=0 --print-ckr-size | 
[   30.000000] e2e e2e[500]: ready-for-hotadd
[   31.000000] e2e e2e-kexec[510]: rc=1 -p -u | kexec_load: Operation not permitted
[   33.000000] e2e e2e-kexec[520]: rc=1 -p -u | kexec_load: Operation not permitted
[   40.000000] e2e e2e[530]: hotadded: kexec runs so far 3
[   50.000000] e2e e2e[540]: ready-for-hotremove
[   52.000000] e2e e2e-kexec[550]: rc=0 -p --reload | 
[   60.000000] e2e e2e[560]: hotremoved: kexec runs so far 4
"""


class Image(unittest.TestCase):
    def test_key_depends_on_content_not_order(self):
        a = debimage.key([("packages", b"systemd\n"), ("build-image.sh", b"x")])
        b = debimage.key([("build-image.sh", b"x"), ("packages", b"systemd\n")])
        c = debimage.key([("packages", b"systemd\nudev\n"), ("build-image.sh", b"x")])
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)
        self.assertRegex(a, r"^[0-9a-f]{16}$")

    def test_mirror(self):
        deb822 = "Types: deb\n# comment\nURIs: http://mirror.example/debian\nSuites: bookworm\n"
        self.assertEqual(debimage.mirror(deb822), "http://mirror.example/debian")
        self.assertEqual(debimage.mirror("deb [arch=amd64] http://m.example/d bookworm main\n"),
                         "http://m.example/d")
        self.assertEqual(debimage.mirror("# deb http://x/ y\ndeb http://m.example/d bookworm main\n"),
                         "http://m.example/d")
        self.assertIsNone(debimage.mirror("# nothing\n"))

    def test_crash_listing(self):
        top = "/13/040755/0/0/.//\n/12/040755/0/0/..//\n/14/040755/0/0/202612070101//\n" \
              "/20/100600/0/0/kdump_lock/0/\n/15/040755/0/0/202612070059//\n"
        self.assertEqual(debimage.dirs(top), ["202612070059", "202612070101"])
        d = "/14/040755/0/0/.//\n/16/100644/0/0/dmesg.202612070101/9000/\n" \
            "/15/100644/0/0/dump.202612070101/123456/\n"
        self.assertEqual(debimage.crash_files(d),
                         {"dump": "dump.202612070101", "dmesg": "dmesg.202612070101"})
        self.assertEqual(debimage.crash_files("/15/100644/0/0/vmcore.202612070101/5/\n")["dump"],
                         "vmcore.202612070101")
        self.assertEqual(debimage.crash_files("/15/100644/0/0/dump-incomplete/5/\n")["dump"], None)


class Report(unittest.TestCase):
    def test_state(self):
        st = debreport.state("memory/crash_hotplug 1\nloaded_at \nkdump_status ready to kdump\n")
        self.assertEqual(st, {"memory/crash_hotplug": "1", "loaded_at": "",
                              "kdump_status": "ready to kdump"})

    def test_windows_and_tally(self):
        ev = debreport.journal(JOURNAL)
        self.assertEqual(len(ev), 11)
        boot = debreport.tally(debreport.kexec_runs(debreport.before(ev, "ready-for-hotadd")))
        self.assertEqual((boot.runs, boot.loads, boot.failed), (1, 1, 0))  # query not counted
        add = debreport.tally(debreport.kexec_runs(debreport.window(ev, "ready-for-hotadd", "hotadded")))
        self.assertEqual((add.runs, add.loads, add.unloads, add.failed), (2, 0, 2, 2))
        self.assertEqual((add.first, add.last), (31.0, 33.0))
        rm = debreport.tally(debreport.kexec_runs(debreport.window(ev, "ready-for-hotremove", "hotremoved")))
        self.assertEqual((rm.runs, rm.loads, rm.failed), (1, 1, 0))
        self.assertEqual(debreport.window(ev, "no-such-mark", "hotadded"), [])
        self.assertEqual(debreport.kexec_runs(ev)[1].err, "")
        self.assertEqual(debreport.kexec_runs(ev)[2].err, "kexec_load: Operation not permitted")

    def test_merge(self):
        loads = [(0x3000, 0x1000, "ok", 0), (0x0, 0x2000, "ok", 0), (0x2000, 0x1000, "ok", 0),
                 (0x100000000, 0x1000, "ok", 0), (0x140000000, 0, "ok", 0)]
        self.assertEqual(debreport.merge(loads), [(0, 0x4000), (0x100000000, 0x100001000)])

    def test_dump_counts(self):
        pages = [(0, 0x1000), (1, 0x100000000), (2, 0x100001000), (9, 0x140000000)]
        bitmap = bytes([0b00000011, 0b00000010])     # pages 0, 1 and 9 found
        dimms = {"dimm0": (0x100000000, 1 << 30), "dimm1": (0x140000000, 1 << 30)}
        nf, total, per, missing = debreport.dump_counts(pages, bitmap, dimms)
        self.assertEqual((nf, total), (3, 4))
        self.assertEqual(per, {"dimm0": (1, 2), "dimm1": (1, 1)})
        self.assertEqual(missing, (2, 0x100001000))
        self.assertFalse(debreport.found(b"", 3))

    def test_elf_offsets(self):
        with tempfile.NamedTemporaryFile(suffix=".elf") as f:
            eh = bytearray(64)
            eh[:6] = b"\x7fELF\x02\x01"
            struct.pack_into("<QQ", eh, 32, 64, 0)
            struct.pack_into("<HH", eh, 54, 56, 2)
            ph = struct.pack("<IIQQQQQQ", 4, 0, 0x1000, 0, 0, 0x10, 0x10, 0) + \
                struct.pack("<IIQQQQQQ", 1, 7, 0x2000, 0, 0x100000000, 0x3000, 0x3000, 0)
            f.write(bytes(eh) + ph)
            f.flush()
            loads = debreport.elf_loads(f.name)
        self.assertEqual(loads, [(0x2000, 0x100000000, 0x3000)])
        self.assertEqual(debreport.file_offset(loads, 0x100001000), 0x3000)
        self.assertIsNone(debreport.file_offset(loads, 0x100003000))

    def test_unflatten(self):
        d = tempfile.mkdtemp()
        src, dst = os.path.join(d, "flat"), os.path.join(d, "elf")
        head = b"makedumpfile\0\0\0\0" + struct.pack(">qq", 1, 1)
        head += b"\0" * (4096 - len(head))
        recs = struct.pack(">qq", 8, 3) + b"xyz" + struct.pack(">qq", 0, 2) + b"ab"
        with open(src, "wb") as f:
            f.write(head + recs + struct.pack(">qq", -1, -1))
        self.assertEqual(debreport.unflatten(src, dst), (2, True))
        with open(dst, "rb") as f:
            self.assertEqual(f.read(), b"ab\0\0\0\0\0\0xyz")
        with open(src, "wb") as f:       # cut short inside the second record
            f.write(head + recs[:-1])
        self.assertEqual(debreport.unflatten(src, dst), (2, False))
        with open(src, "wb") as f:
            f.write(b"\x7fELF" + b"\0" * 100)
        with self.assertRaises(ValueError):
            debreport.unflatten(src, dst)


if __name__ == "__main__":
    unittest.main()
