#!/usr/bin/env python3
"""Latency and memory of `siglint server` as an editor sees them (issue 18). Not a test.

    python3 bench/lsp_latency.py [--siglint target/release/siglint] [--edits 1000] [--lines 2000]
                                 [--config-lines N]

Writes a 2,000-line JavaScript module of Meeting SDK signing functions (some with defects) into a
temporary project, opens it in the server over stdio, then makes 1,000 edits one after the other,
each an incremental `textDocument/didChange` that toggles a defect in one function (`- 30` after
an `iat`). For each edit it measures the time from sending the change to receiving the
`textDocument/publishDiagnostics` of that version (the server's default debounce included), and
checks that the diagnostics follow the edit. The server's resident memory (VmRSS) is read after
a 50-edit warm-up and after the last edit.

With `--config-lines N`, the module reads its SDK key from a config module of N lines that it
imports (each analysis reads and lowers that file again: the server uses a fresh project per
batch of analyses, so that no stale model of a changed file is ever used).

Prints median, p95 and max latency and the RSS growth; exits 1 if the targets are missed
(median <= 50 ms, p95 <= 100 ms, RSS growth <= 10 MB).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time

FUNCTION = """\
// Signature endpoint {n}: {what}.
export function meetingSignature{n}(meetingNumber, role) {{
  const key = {key};
  const secret = process.env.ZOOM_SDK_SECRET;
  const iat = Math.floor(Date.now() / 1000){backdate};
  const exp = iat + 60 * 60 * 2;
  const payload = {{
    appKey: key,
    sdkKey: key,
    mn: meetingNumber,
    role: role,
    iat: iat,
    exp: exp,
    tokenExp: exp,
  }};
  const header = {{ alg: 'HS256', typ: 'JWT' }};
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = encode(header) + '.' + encode(payload);
  const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
  const token = unsigned + '.' + signature;
  if (!meetingNumber) {{
    throw new Error('meeting number required');
  }}
  const attempts = [];
  for (let i = 0; i < 3; i += 1) {{
    attempts.push({{ at: iat + i, ok: true }});
  }}
  log('signed', meetingNumber, attempts.length);
  return {{ token, expiresAt: exp }};
}}

"""


def module(lines, config=False):
    out = ["import crypto from 'node:crypto';\n", "const log = (...a) => console.debug(...a);\n", "\n"]
    if config:
        out[1] = "import { ZOOM_SDK_KEY } from './config.js';\n"
    n = 0
    while sum(s.count("\n") for s in out) < lines:
        backdate = "" if n % 4 == 0 else " - 30"
        what = "iat not backdated" if backdate == "" else "correct"
        key = "ZOOM_SDK_KEY" if config else "process.env.ZOOM_SDK_KEY"
        out.append(FUNCTION.format(n=n, backdate=backdate, what=what, key=key))
        n += 1
    text = "".join(out)
    return "\n".join(text.split("\n")[:lines]) + "\n"


class Server:
    def __init__(self, exe, env=None):
        self.proc = subprocess.Popen(
            [exe, "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, m = self.inbox.get(timeout=60)
            if m.get("id") == self.next_id and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def published(self, uri, version):
        while True:
            at, m = self.inbox.get(timeout=60)
            p = m.get("params") or {}
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri and p.get("version") == version:
                return at, p["diagnostics"]

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--siglint", default=os.path.join(root, "target", "release", "siglint"))
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--config-lines", type=int, default=0)
    args = parser.parse_args()

    text = module(args.lines, config=args.config_lines > 0)
    assert text.count("\n") == args.lines
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "package.json"), "w") as f:
            f.write('{"name": "bench"}\n')
        if args.config_lines:
            with open(os.path.join(tmp, "config.js"), "w") as f:
                f.write("export const ZOOM_SDK_KEY = process.env.ZOOM_SDK_KEY;\n")
                for i in range(args.config_lines - 1):
                    f.write(f"export const SETTING_{i} = {{ name: 'setting {i}', value: {i} * 60, enabled: {str(i % 2 == 0).lower()} }};\n")
        path = os.path.join(tmp, "signatures.js")
        with open(path, "w") as f:
            f.write(text)
        uri = "file://" + os.path.realpath(path)
        server = Server(args.siglint)
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": text}})
        _, first = server.published(uri, 1)
        baseline = len(first)
        print(f"{args.lines}-line file, {len(text)} bytes: {baseline} findings on open")

        # The `iat` lines of correct functions: each edit removes or restores one ` - 30`.
        lines = text.split("\n")
        targets = [i for i, l in enumerate(lines) if "const iat = Math.floor(Date.now() / 1000) - 30;" in l]
        latencies = []
        rss_start = None
        version = 1
        removed = {}
        for k in range(args.edits):
            if k == 50:
                rss_start = server.rss_kb()
            line = targets[(k // 2) % len(targets)]
            col = lines[line].index(" - 30;")
            version += 1
            if line not in removed:
                change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 5}}, "text": ""}
                removed[line] = True
                expect = baseline + len(removed)
            else:
                change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": " - 30"}
                del removed[line]
                expect = baseline + len(removed)
            sent = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            at, diagnostics = server.published(uri, version)
            latencies.append((at - sent) * 1000)
            if len(diagnostics) != expect:
                print(f"edit {k}: {len(diagnostics)} diagnostics, expected {expect}", file=sys.stderr)
                return 2
        rss_end = server.rss_kb()
        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.wait(timeout=30)

    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    growth = (rss_end - rss_start) / 1024
    print(f"didChange -> publishDiagnostics over {args.edits} edits: median {median:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")
    print(f"RSS: {rss_start / 1024:.1f} MB after 50 edits, {rss_end / 1024:.1f} MB after {args.edits} (growth {growth:+.1f} MB)")
    ok = median <= 50 and p95 <= 100 and growth <= 10
    print("targets (median <= 50 ms, p95 <= 100 ms, growth <= 10 MB):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
