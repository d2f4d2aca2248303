# driver.py - owns the scenario loop and its report, the same for every
# arch: picks scenarios by number or name, runs each with its own state,
# prints "=== scenario N: name", the scenario's narration, "PASS|FAIL
# scenario N (name) in Ns", then "e2e total Ns[; failed: names]" and
# "N passed, N failed".  The pass/fail counts are local to run_all(): a
# scenario gets nothing but its own state object and returns True (passed)
# or anything else (failed; an exception is printed and counts as a
# failure), so it cannot change the verdict.
import shutil
import sys
import time
import traceback
from typing import Callable, NamedTuple


class Entry(NamedTuple):
    number: str
    name: str
    run: Callable          # run(state) -> True when the scenario passed
    summary: str
    alias: str = ""


def pick(table, args):
    """The (argument, Entry) pairs ARGS select (all when empty); ValueError
    names the first argument that is neither a number nor a name."""
    if not args:
        return [(e.number, e) for e in table]
    by = {}
    for e in table:
        by.update({k: e for k in (e.number, e.name, e.alias) if k})
    for a in args:
        if a not in by:
            raise ValueError(a)
    return [(a, by[a]) for a in args]


def run_all(picked, new_state, tag, t0):
    """Run the picked scenarios, each with new_state(); print the report.
    Returns True when every scenario passed."""
    passed, failed, names = 0, 0, []
    for arg, entry in picked:
        print("\n=== %sscenario %s: %s" % (tag, arg, entry.name), flush=True)
        ts = int(time.time())
        ok = run_scenario(entry, new_state())
        if ok:
            passed += 1
        else:
            failed += 1
            names.append(entry.name)
        print("%s %sscenario %s (%s) in %ds" % ("PASS" if ok else "FAIL", tag, arg, entry.name,
                                                 int(time.time()) - ts), flush=True)
    print("\ne2e %stotal %ds%s" % (tag, int(time.time()) - t0,
                                  "; failed: " + " ".join(names) if names else ""))
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return failed == 0


def run_scenario(entry, state):
    """ENTRY's verdict; STATE is finished (its guest stopped) whatever
    happens, an interrupt included."""
    ok = False
    try:
        ok = entry.run(state) is True
    except Exception:
        sys.stdout.flush()
        traceback.print_exc()
    finally:
        try:
            state.finish(ok)
        except Exception:
            traceback.print_exc()
            ok = False
    return ok


def finish_run(ok, work, keep):
    """Remove the work directory after a passing run unless it is kept."""
    if ok and not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1
