#!/usr/bin/env python3
"""Time a re-check in `charterlint server`, as an editor sees it.

    bench/server.py BINARY WORKSPACE CHARTER [ROUNDS]

Starts the server on WORKSPACE (a folder with charterlint.toml, a registry
and, for the figure that matters, thousands of other files), opens CHARTER
and sends ROUNDS full-text changes, each timed from the moment the change is
written to the moment its diagnostics arrive: what a person typing waits
for. Prints the median and the 95th percentile in milliseconds. Only the
standard library: JSON-RPC over stdio by hand.
"""

import json
import pathlib
import statistics
import subprocess
import sys
import time


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = 0
    while True:
        line = proc.stdout.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def wait_for(proc, method):
    while True:
        message = receive(proc)
        if message.get("method") == method:
            return message


def main():
    binary, workspace, charter = sys.argv[1], pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve()
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    text = charter.read_text()
    uri = charter.as_uri()
    proc = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"capabilities": {}, "workspaceFolders": [{"uri": workspace.as_uri(), "name": "w"}]}})
    receive(proc)
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}})
    wait_for(proc, "textDocument/publishDiagnostics")
    times = []
    for version in range(2, rounds + 2):
        # Alternate a typo in and out, as typing does.
        changed = text if version % 2 else text.replace("[vision]", "[visoin]")
        start = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": version},
                               "contentChanges": [{"text": changed}]}})
        wait_for(proc, "textDocument/publishDiagnostics")
        times.append((time.perf_counter() - start) * 1000)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    receive(proc)
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=10)
    times.sort()
    print(f"re-check of an open charter: median {statistics.median(times):.2f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.2f} ms over {rounds} changes")


if __name__ == "__main__":
    main()
