#!/usr/bin/env python3
# test_driver.py - owns the test of the scenario loop (driver.py) without
# QEMU, run by tests/cli/e2e-driver.sh: a failing scenario is counted and
# named, a passing run says "0 failed", a scenario cannot change the verdict
# (the shell loop once had its failure count reset by a helper), every
# scenario's state is finished, scenarios are picked by number, name or
# alias, and the work directory is removed after a passing run unless kept.
# It also runs test_debian.py's tests (the pure parts of the Debian guest)
# and test_verify.py's (the UKI scenarios' initramfs and command-line checks).
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402
# the Debian-guest tests run here too, so that make check runs them
from test_debian import Image, Report  # noqa: E402,F401
from test_verify import Source  # noqa: E402,F401


class State:
    finished = []

    def finish(self, ok):
        State.finished.append(ok)


def good(state):
    return True


def bad(state):
    return False


def meddler(state):
    """Passes, after trying to reach the loop's counters."""
    for name in ("passed", "failed", "names", "ok"):
        setattr(driver, name, 0)
    state.ok = False
    state.failed = 0
    return True


def raises(state):
    raise RuntimeError("scenario blew up")


def truthy(state):
    return "yes"


TABLE = (driver.Entry("1", "good", good, ""), driver.Entry("2", "bad", bad, ""),
         driver.Entry("3", "meddler", meddler, ""), driver.Entry("4", "raises", raises, ""),
         driver.Entry("4b", "truthy", truthy, "", alias="truthy-alias"))


def run(*args, tag=""):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        ok = driver.run_all(driver.pick(TABLE, list(args)), State, tag, 0)
    return ok, out.getvalue().rstrip("\n").split("\n")


class Loop(unittest.TestCase):
    def test_passing_run(self):
        ok, lines = run("1", "good")
        self.assertTrue(ok)
        self.assertEqual(lines[-1], "2 passed, 0 failed")
        self.assertRegex(lines[-2], r"^e2e total \d+s$")

    def test_failing_scenario_counted_and_named(self):
        ok, lines = run("good", "bad", "good")
        self.assertFalse(ok)
        self.assertEqual(lines[-1], "2 passed, 1 failed")
        self.assertIn("=== scenario bad: bad", lines)
        self.assertTrue(any(ln.startswith("FAIL scenario bad (bad) in ") for ln in lines))
        self.assertRegex(lines[-2], r"; failed: bad$")

    def test_scenario_cannot_change_verdict(self):
        ok, lines = run("bad", "meddler", "bad")
        self.assertFalse(ok)
        self.assertEqual(lines[-1], "1 passed, 2 failed")
        self.assertRegex(lines[-2], r"; failed: bad bad$")

    def test_exception_and_non_true_are_failures(self):
        ok, lines = run("raises", "truthy-alias", "1", tag="ppc64le ")
        self.assertFalse(ok)
        self.assertEqual(lines[-1], "1 passed, 2 failed")
        self.assertIn("FAIL ppc64le scenario truthy-alias (truthy) in 0s", lines)
        self.assertRegex(lines[-2], r"^e2e ppc64le total \d+s; failed: raises truthy$")

    def test_every_state_finished(self):
        State.finished = []
        run("good", "bad", "raises")
        self.assertEqual(State.finished, [True, False, False])

    def test_pick(self):
        self.assertEqual([e.name for _, e in driver.pick(TABLE, [])],
                         ["good", "bad", "meddler", "raises", "truthy"])
        with self.assertRaises(ValueError):
            driver.pick(TABLE, ["1", "nosuch"])

    def test_work_dir(self):
        work = tempfile.mkdtemp()
        self.assertEqual(driver.finish_run(True, work, "keep"), 0)
        self.assertTrue(os.path.isdir(work))
        self.assertEqual(driver.finish_run(False, work, None), 1)
        self.assertTrue(os.path.isdir(work))
        self.assertEqual(driver.finish_run(True, work, None), 0)
        self.assertFalse(os.path.exists(work))


if __name__ == "__main__":
    unittest.main()
