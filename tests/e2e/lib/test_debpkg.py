#!/usr/bin/env python3
# test_debpkg.py - owns the test of debpkg.py without a .deb, QEMU or the
# network (tests/run-all.sh runs it before the pseries scenarios): Depends
# fields parse into (name, op, version) with the first of alternatives and
# arch qualifiers dropped; symlinks resolve inside the package tree, absolute
# ones included; a binary's interpreter and libraries are found at their
# packaged paths, recursively, from the first of several trees that has
# them; a library no runtime package provides is an error that names it.
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import debpkg  # noqa: E402

HOST = "amd64"
TRIPLET = debpkg.TRIPLETS[HOST]


def host_deps(program):
    """The interpreter and the resolved library paths of a host program."""
    interp, needed = debpkg.elf_deps(program)
    out = subprocess.run(["ldd", program], capture_output=True, text=True, check=True).stdout
    libs = {}
    for line in out.splitlines():
        w = line.split()
        if len(w) > 2 and w[1] == "=>" and w[2].startswith("/"):
            libs[w[0]] = w[2]
    return interp, needed, libs


class Relations(unittest.TestCase):
    def test_fields(self):
        self.assertEqual(debpkg.relations(
            "libc6 (>= 2.34), zlib1g (>= 1:1.1.4), libfoo1:any | libbar1 (<< 2), jq"),
            [("libc6", ">=", "2.34"), ("zlib1g", ">=", "1:1.1.4"), ("libfoo1", "", ""),
             ("jq", "", "")])
        self.assertEqual(debpkg.relations(""), [])

    def test_bad(self):
        with self.assertRaises(debpkg.Failure):
            debpkg.relations("(>= 1)")

    def test_satisfies(self):
        self.assertTrue(debpkg.satisfies("2.36-9+deb12u4", ">=", "2.34"))
        self.assertFalse(debpkg.satisfies("2.31-13", ">=", "2.34"))
        self.assertTrue(debpkg.satisfies("1.0", "", ""))


@unittest.skipUnless(os.path.isdir("/lib/" + TRIPLET) and shutil.which("readelf"),
                     "needs an amd64 host with readelf")
class GuestFiles(unittest.TestCase):
    """A package tree made of the host's own /bin/true and its libraries, the
    interpreter reached through an absolute symlink as Debian ships it."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.prog = shutil.which("true")
        self.interp, self.needed, self.libs = host_deps(self.prog)
        libdir = os.path.join(self.root, "lib", TRIPLET)
        os.makedirs(libdir)
        for name, path in self.libs.items():
            shutil.copy(path, os.path.join(libdir, name))
        base = os.path.basename(self.interp)
        shutil.copy(os.path.realpath(self.interp), os.path.join(libdir, base))
        os.makedirs(os.path.join(self.root, os.path.dirname(self.interp).lstrip("/")), exist_ok=True)
        os.symlink("/lib/%s/%s" % (TRIPLET, base), os.path.join(self.root, self.interp.lstrip("/")))

    def tearDown(self):
        shutil.rmtree(self.root)

    def test_found(self):
        adds = debpkg.guest_files(self.prog, self.root, HOST)
        dests = [d for _, d in adds]
        self.assertEqual(dests[0], self.interp)
        for lib in self.needed:
            self.assertIn("/lib/%s/%s" % (TRIPLET, lib), dests)
        for src, _ in adds:
            self.assertTrue(src.startswith(self.root) and os.path.isfile(src) and
                            not os.path.islink(src), src)

    def test_missing(self):
        lib = self.needed[0]
        os.remove(os.path.join(self.root, "lib", TRIPLET, lib))
        with self.assertRaisesRegex(debpkg.Failure, "provides " + lib.replace(".", r"\.")):
            debpkg.guest_files(self.prog, self.root, HOST)

    def test_second_root(self):
        """A library missing from the first tree is taken from the next."""
        lib = self.needed[0]
        other = tempfile.mkdtemp()
        try:
            os.makedirs(os.path.join(other, "usr", "lib", TRIPLET))
            os.replace(os.path.join(self.root, "lib", TRIPLET, lib),
                       os.path.join(other, "usr", "lib", TRIPLET, lib))
            adds = dict((d, s) for s, d in debpkg.guest_files(self.prog, [self.root, other], HOST))
            self.assertEqual(adds["/usr/lib/%s/%s" % (TRIPLET, lib)],
                             os.path.join(other, "usr", "lib", TRIPLET, lib))
            self.assertTrue(adds[self.interp].startswith(self.root))
        finally:
            shutil.rmtree(other)

    def test_loop(self):
        a = os.path.join(self.root, "lib", "a")
        os.symlink("b", a)
        os.symlink("a", os.path.join(self.root, "lib", "b"))
        with self.assertRaises(debpkg.Failure):
            debpkg.resolve(self.root, "/lib/a")


if __name__ == "__main__":
    unittest.main()
