#!/usr/bin/env python3
# test_verify.py - owns the tests of verify.py's checks of where the capture
# kernel's initramfs and command line came from (--initrd-marker,
# --cmdline-has, --cmdline-lacks), without QEMU (test_driver.py runs them,
# so tests/cli/e2e-driver.sh does in `make check`): what scenario 14 (a UKI's
# .initrd and .cmdline) expects fails on what scenario 15 (--initrd and
# --append winning over the UKI's) sees, and the other way round, and a
# capture kernel that reported nothing fails both.
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify  # noqa: E402

BASE = "console=ttyS0 e2e.role=capture e2e.run=7 panic=-1 nr_cpus=1 irqpoll reset_devices"
UKI = ("uki", BASE + " e2e.cmdline=uki acpi_no_memhotplug")
APPENDED = ("none", BASE + " e2e.cmdline=append acpi_no_memhotplug")
# scenario 14's and 15's expectations (scenarios_x86_64.py)
EXPECT_UKI = ("uki", ["e2e.cmdline=uki"], ["e2e.cmdline=append"])
EXPECT_APPEND = ("none", ["e2e.cmdline=append"], ["e2e.cmdline=uki"])


def failures(capture, expect):
    """How many checks fail for a capture kernel that reported CAPTURE
    (marker, /proc/cmdline; None: no files) against EXPECT."""
    with tempfile.TemporaryDirectory() as cap:
        if capture:
            with open(os.path.join(cap, "initrd.txt"), "w") as f:
                f.write(capture[0] + "\n")
            with open(os.path.join(cap, "cmdline.txt"), "w") as f:
                f.write(capture[1] + "\n")
        v = verify.Verdict()
        with contextlib.redirect_stdout(io.StringIO()):
            verify.check_source(v, cap, *expect)
        return v.failed


class Source(unittest.TestCase):
    def test_each_passes_its_own(self):
        self.assertEqual(failures(UKI, EXPECT_UKI), 0)
        self.assertEqual(failures(APPENDED, EXPECT_APPEND), 0)

    def test_uki_checks_fail_when_its_initrd_and_cmdline_were_not_used(self):
        self.assertEqual(failures(APPENDED, EXPECT_UKI), 3)
        self.assertEqual(failures(APPENDED[:1] + UKI[1:], EXPECT_UKI), 1)
        self.assertEqual(failures(UKI[:1] + APPENDED[1:], EXPECT_UKI), 2)

    def test_both_lines_appended_fails_either_way(self):
        both = ("uki", UKI[1] + " e2e.cmdline=append")
        self.assertEqual(failures(both, EXPECT_UKI), 1)
        self.assertEqual(failures(both, EXPECT_APPEND), 2)

    def test_nothing_reported_fails(self):
        self.assertEqual(failures(None, EXPECT_UKI), 2)
        self.assertEqual(failures(None, EXPECT_APPEND), 2)

    def test_marker_is_the_whole_word(self):
        self.assertEqual(failures(("uki", BASE + " e2e.cmdline=ukix"), EXPECT_UKI), 1)


if __name__ == "__main__":
    unittest.main()
