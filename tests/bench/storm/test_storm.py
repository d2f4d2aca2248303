#!/usr/bin/env python3
# test_storm.py - owns the tests of the storm benchmark's parts that need
# no guest: sampler.c (built with gcc, run over a file this test rewrites
# in place: it must see the window at 0, its length and the transitions)
# and the readers and the table of ./storm (the sampler's summary, the
# kexec wrapper's CPU lines, the uevent stamps, the panic index, the
# targets).  Usage: python3 tests/bench/storm/test_storm.py
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader("storm", os.path.join(HERE, "storm"))
_spec = importlib.util.spec_from_loader("storm", _loader)
storm = importlib.util.module_from_spec(_spec)
_loader.exec_module(storm)


class Sampler(unittest.TestCase):
    def test_window(self):
        with tempfile.TemporaryDirectory() as d:
            prog = os.path.join(d, "sampler")
            subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", prog,
                            os.path.join(HERE, "sampler.c")], check=True)
            f = os.path.join(d, "loaded")
            with open(f, "w") as fh:
                fh.write("1\n")
            out = os.path.join(d, "samples.txt")
            p = subprocess.Popen([prog, out, f])
            fd = os.open(f, os.O_WRONLY)
            time.sleep(0.3)
            os.pwrite(fd, b"0", 0)      # a window of about 0.5 s
            time.sleep(0.5)
            os.pwrite(fd, b"1", 0)
            time.sleep(0.3)
            os.close(fd)
            p.terminate()
            self.assertEqual(p.wait(), 0)
            with open(out) as fh:
                s = storm.sampler_summary(fh.read())
        self.assertEqual(s["windows"], 1)
        self.assertAlmostEqual(s["zero_total"], 0.5, delta=0.15)
        self.assertEqual(s["zero_total"], s["longest"])
        self.assertEqual([v for _, v in s["transitions"]], [1, 0, 1, 1])
        self.assertGreater(s["samples"], 50)


class Readers(unittest.TestCase):
    def test_cpu_seconds(self):
        self.assertAlmostEqual(storm.cpu_seconds("0m0.660000s 0m3.400000s"), 4.06)
        self.assertAlmostEqual(storm.cpu_seconds("1m2.5s 0m0s"), 62.5)
        self.assertEqual(storm.cpu_seconds(""), 0)

    def test_summary(self):
        s = storm.sampler_summary("10.000 1\n12.500 0\n14.000 1\n20.000 1\nsummary start 10.000 "
                                  "end 20.000 samples 900 windows 1 zero_total 1.500 longest 1.500 "
                                  "late_max 0.020\n")
        self.assertEqual(s["windows"], 1)
        self.assertEqual(s["zero_total"], 1.5)
        self.assertEqual(s["end"], 20.0)
        self.assertEqual(s["transitions"][1], (12.5, 0))

    def test_uevents(self):
        text = ("monitor will print the received events for:\nKERNEL - the kernel uevent\n\n"
                "KERNEL[69.871234] add      /devices/system/memory/memory32 (memory)\n"
                "KERNEL[69.901234] online   /devices/system/memory/memory32 (memory)\n")
        self.assertEqual(storm.uevents(text), [69.871234, 69.901234])

    def test_middle(self):
        import random
        rng = random.Random(1)
        for n, lo, hi in ((4, 1, 3), (8, 2, 6), (10, 3, 7)):
            ks = {storm.middle(n, rng) for _ in range(200)}
            self.assertEqual((min(ks), max(ks)), (lo, hi))

    def test_targets(self):
        base = {"ok": True, "k": 0, "sampler": {"windows": 0}, "config": "ours"}
        ok = dict(base, name="ours-w1-storm", workload="w1",
                  kexec={"runs": 0, "loads": 0, "failed": 0})
        bad = dict(base, name="ours-w3-storm", workload="w3",
                   kexec={"runs": 2, "loads": 1, "failed": 0})
        rm = dict(base, name="ours-w4-storm", workload="w4",
                  kexec={"runs": 1, "loads": 1, "failed": 0})
        stock = dict(bad, config="stock", name="stock-w3-storm")
        self.assertEqual([m for _, m in storm.targets([ok, bad, rm, stock])], [True, False, True])


if __name__ == "__main__":
    unittest.main()
