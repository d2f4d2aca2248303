#!/usr/bin/env python3
# qmp.py - owns talking to a QEMU guest's QMP socket for the end-to-end tests.
#
# Command line:  qmp.py SOCK COMMAND ['{"json": "arguments"}'] [--timeout S]
#   Connects to the unix socket SOCK, negotiates capabilities, runs COMMAND
#   and prints its "return" value as JSON on stdout.  Exit status 0 on
#   success, 1 when QEMU answers with an error (its class and desc go to
#   stderr), 2 on usage or connection problems.
#   Examples:
#     qmp.py vm/qmp.sock object-add '{"qom-type":"memory-backend-ram","id":"mem0","size":536870912}'
#     qmp.py vm/qmp.sock device_add '{"driver":"pc-dimm","id":"dimm0","memdev":"mem0"}'
#     qmp.py vm/qmp.sock human-monitor-command '{"command-line":"info memory-devices"}'
# As a module:  with Qmp(path) as q: q.cmd("query-status")
# Asynchronous events that arrive meanwhile are kept in Qmp.events.
# The hot-plug requests every guest of the tests makes, one place each:
#   plug_dimm(q, i, size)   object-add memory-backend-ram mem<i> of SIZE
#                           bytes + device_add pc-dimm dimm<i>
#   plug_cpu_core(q)        device_add the free core with the lowest core-id
#                           query-hotpluggable-cpus lists; returns its
#                           arguments (driver, id core<N>, core-id, node-id)
#   resize_virtio_mem(q, dev, size)   qom-set requested-size of the
#                           virtio-mem-pci device DEV to SIZE bytes (the
#                           guest's driver then plugs or unplugs blocks)
import json
import socket
import sys
import time


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path, timeout=30.0):
        self.events = []
        self._buf = b""
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        greeting = self._read()
        if "QMP" not in greeting:
            raise QmpError("no QMP greeting: %r" % greeting)
        self.cmd("qmp_capabilities")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def _read(self):
        while b"\n" not in self._buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise QmpError("QMP connection closed")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, args=None):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        self.sock.sendall(json.dumps(req).encode() + b"\n")
        while True:
            msg = self._read()
            if "event" in msg:
                self.events.append(msg)
                continue
            if "error" in msg:
                err = msg["error"]
                raise QmpError("%s: %s" % (err.get("class"), err.get("desc")))
            if "return" in msg:
                return msg["return"]


def plug_dimm(q, i, size):
    q.cmd("object-add", {"qom-type": "memory-backend-ram", "id": "mem%d" % i, "size": size})
    q.cmd("device_add", {"driver": "pc-dimm", "id": "dimm%d" % i, "memdev": "mem%d" % i})


def plug_cpu_core(q):
    free = [c for c in q.cmd("query-hotpluggable-cpus") if "qom-path" not in c]
    if not free:
        raise QmpError("query-hotpluggable-cpus lists no free CPU core")
    core = min(free, key=lambda c: c["props"]["core-id"])
    args = {"driver": core["type"], "id": "core%d" % core["props"]["core-id"]}
    args.update(core["props"])
    q.cmd("device_add", args)
    return args


def resize_virtio_mem(q, dev, size):
    q.cmd("qom-set", {"path": "/machine/peripheral/" + dev, "property": "requested-size",
                      "value": size})


def main(argv):
    timeout = 30.0
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--timeout" and i + 1 < len(argv):
            timeout = float(argv[i + 1])
            i += 2
            continue
        args.append(argv[i])
        i += 1
    if len(args) not in (2, 3):
        sys.stderr.write("usage: qmp.py SOCK COMMAND ['{json arguments}'] [--timeout S]\n")
        return 2
    try:
        cmd_args = json.loads(args[2]) if len(args) == 3 else None
    except ValueError as e:
        sys.stderr.write("qmp.py: bad JSON arguments: %s\n" % e)
        return 2
    try:
        with Qmp(args[0], timeout) as q:
            ret = q.cmd(args[1], cmd_args)
    except QmpError as e:
        sys.stderr.write("qmp.py: %s: %s\n" % (args[1], e))
        return 1
    except OSError as e:
        sys.stderr.write("qmp.py: %s: %s\n" % (args[0], e))
        return 2
    if isinstance(ret, str):
        sys.stdout.write(ret if ret.endswith("\n") or not ret else ret + "\n")
    else:
        sys.stdout.write(json.dumps(ret, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
