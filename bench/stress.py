#!/usr/bin/env python3
"""Per-file analysis cost on pathological shapes of code (issue 8).

For each language and shape, writes one file of N repeated units and one of SCALE*N units, runs
`siglint check --format json` on each, and reports the time and peak memory of each run and the
ratio of the large run's time to the small run's. Analysis that is linear in the size of the file
gives a ratio near SCALE; a ratio far above it is a superlinear path. The evaluation's step
budget and the per-file time limits (`--parse-timeout-ms`, `--analysis-timeout-ms`) cap the worst
case: a file that hits one is reported (the notes column), not silently cut short. The runs use
`--max-file-size 200 MB` so that no file is skipped for its size.

    bench/stress.py [--siglint target/release/siglint] [--units 4000] [--scale 8] [--only js,py]
                    [--shape chain] [--out bench/stress.md]

Nothing here is a pass/fail test: the output is a table to read (bench/stress.md).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

# Each shape: language -> (head, unit, tail). In the unit, `{i}` is its number and `{p}` the
# previous one (braces of the code doubled); head and tail are written as they are.
SHAPES = {
    # Many payload literals, each reading the clock.
    "payloads": {
        "js": ("", "var p{i} = {{sdkKey: K, mn: {i}, role: 0, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 7200}};\n", ""),
        "py": ("import time\n", "p{i} = {{'sdkKey': K, 'mn': {i}, 'role': 0, 'iat': int(time.time()), 'exp': int(time.time()) + 7200}}\n", ""),
        "rb": ("", "p{i} = {{ sdkKey: K, mn: {i}, role: 0, iat: Time.now.to_i, exp: Time.now.to_i + 7200 }}\n", ""),
        "php": ("<?php\n", "$p{i} = ['sdkKey' => $k, 'mn' => {i}, 'role' => 0, 'iat' => time(), 'exp' => time() + 7200];\n", ""),
        "java": ("class P {\n  void f() {\n", "    Map<String, Object> p{i} = Map.of(\"sdkKey\", k, \"mn\", {i}, \"role\", 0, \"iat\", System.currentTimeMillis() / 1000, \"exp\", System.currentTimeMillis() / 1000 + 7200);\n", "  }\n}\n"),
    },
    # A chain of names, each the previous plus one, each used in a payload.
    "chain": {
        "js": ("var t0 = Math.floor(Date.now() / 1000);\n", "var t{i} = t{p} + 1; var p{i} = {{sdkKey: K, mn: 1, role: 0, iat: t{i}, exp: t{i} + 7200}};\n", ""),
        "py": ("import time\nt0 = int(time.time())\n", "t{i} = t{p} + 1\np{i} = {{'sdkKey': K, 'mn': 1, 'role': 0, 'iat': t{i}, 'exp': t{i} + 7200}}\n", ""),
        "rb": ("t0 = Time.now.to_i\n", "t{i} = t{p} + 1\np{i} = {{ sdkKey: K, mn: 1, role: 0, iat: t{i}, exp: t{i} + 7200 }}\n", ""),
        "php": ("<?php\n$t0 = time();\n", "$t{i} = $t{p} + 1; $p{i} = ['sdkKey' => $k, 'mn' => 1, 'role' => 0, 'iat' => $t{i}, 'exp' => $t{i} + 7200];\n", ""),
        "java": ("class P {\n  void f() {\n    long t0 = System.currentTimeMillis() / 1000;\n", "    long t{i} = t{p} + 1; Map<String, Object> p{i} = Map.of(\"sdkKey\", k, \"mn\", 1, \"role\", 0, \"iat\", t{i}, \"exp\", t{i} + 7200);\n", "  }\n}\n"),
    },
    # One payload changed again and again.
    "mutations": {
        "js": ("const payload = {sdkKey: K, mn: 1, role: 0, iat: Math.floor(Date.now() / 1000), exp: 0};\n", "payload.exp = payload.iat + {i};\n", "jwt.sign(payload, S);\n"),
        "py": ("import time, jwt\npayload = {'sdkKey': K, 'mn': 1, 'role': 0, 'iat': int(time.time()), 'exp': 0}\n", "payload['exp'] = payload['iat'] + {i}\n", "jwt.encode(payload, S)\n"),
        "rb": ("payload = { sdkKey: K, mn: 1, role: 0, iat: Time.now.to_i, exp: 0 }\n", "payload[:exp] = payload[:iat] + {i}\n", "JWT.encode(payload, S, 'HS256')\n"),
        "php": ("<?php\n$payload = ['sdkKey' => $k, 'mn' => 1, 'role' => 0, 'iat' => time(), 'exp' => 0];\n", "$payload['exp'] = $payload['iat'] + {i};\n", "JWT::encode($payload, $s, 'HS256');\n"),
        "java": ("class P {\n  String f() {\n    Map<String, Object> claims = new HashMap<>();\n    claims.put(\"sdkKey\", k);\n    claims.put(\"iat\", System.currentTimeMillis() / 1000);\n", "    claims.put(\"exp\", {i});\n", "    return Jwts.builder().setClaims(claims).compact();\n  }\n}\n"),
    },
    # Helpers calling the previous helper; the last one's result is a claim.
    "helpers": {
        "js": ("function h0(x) { return x; }\n", "function h{i}(x) {{ return h{p}(x) + 1; }}\nvar p{i} = {{sdkKey: K, mn: 1, role: 0, iat: h{i}(Math.floor(Date.now() / 1000)), exp: 0}};\n", ""),
        "py": ("import time\ndef h0(x):\n    return x\n", "def h{i}(x):\n    return h{p}(x) + 1\np{i} = {{'sdkKey': K, 'mn': 1, 'role': 0, 'iat': h{i}(int(time.time())), 'exp': 0}}\n", ""),
        "rb": ("def h0(x)\n  x\nend\n", "def h{i}(x)\n  h{p}(x) + 1\nend\np{i} = {{ sdkKey: K, mn: 1, role: 0, iat: h{i}(Time.now.to_i), exp: 0 }}\n", ""),
        "php": ("<?php\nfunction h0($x) { return $x; }\n", "function h{i}($x) {{ return h{p}($x) + 1; }}\n$p{i} = ['sdkKey' => $k, 'mn' => 1, 'role' => 0, 'iat' => h{i}(time()), 'exp' => 0];\n", ""),
        "java": ("class P {\n  static long h0(long x) { return x; }\n", "  static long h{i}(long x) {{ return h{p}(x) + 1; }}\n  Map<String, Object> p{i} = Map.of(\"sdkKey\", k, \"mn\", 1, \"role\", 0, \"iat\", h{i}(System.currentTimeMillis() / 1000), \"exp\", 0);\n", "}\n"),
    },
    # Many complete generators, as in a file of generated code.
    "generators": {
        "js": ("const jwt = require('jsonwebtoken');\n", "function sign{i}(mn, role) {{\n  const iat = Math.round(Date.now() / 1000) - 30;\n  const payload = {{ sdkKey: K, appKey: K, mn, role, iat, exp: iat + 7200, tokenExp: iat + 7200 }};\n  return jwt.sign(payload, S, {{ algorithm: 'HS256' }});\n}}\n", ""),
        "py": ("import time, jwt\n", "def sign{i}(mn, role):\n    iat = int(time.time()) - 30\n    payload = {{'sdkKey': K, 'appKey': K, 'mn': mn, 'role': role, 'iat': iat, 'exp': iat + 7200, 'tokenExp': iat + 7200}}\n    return jwt.encode(payload, S, algorithm='HS256')\n", ""),
        "rb": ("require 'jwt'\n", "def sign{i}(mn, role)\n  iat = Time.now.to_i - 30\n  payload = {{ sdkKey: K, appKey: K, mn: mn, role: role, iat: iat, exp: iat + 7200, tokenExp: iat + 7200 }}\n  JWT.encode(payload, S, 'HS256')\nend\n", ""),
        "php": ("<?php\n", "function sign{i}($mn, $role) {{\n    $iat = time() - 30;\n    $payload = ['sdkKey' => $k, 'appKey' => $k, 'mn' => $mn, 'role' => $role, 'iat' => $iat, 'exp' => $iat + 7200, 'tokenExp' => $iat + 7200];\n    return JWT::encode($payload, $s, 'HS256');\n}}\n", ""),
        "java": ("class P {\n", "  String sign{i}(String mn, int role) {{\n    long iat = System.currentTimeMillis() / 1000 - 30;\n    Map<String, Object> c = new HashMap<>();\n    c.put(\"sdkKey\", k); c.put(\"mn\", mn); c.put(\"role\", role); c.put(\"iat\", iat); c.put(\"exp\", iat + 7200);\n    return Jwts.builder().setClaims(c).signWith(SignatureAlgorithm.HS256, s).compact();\n  }}\n", "}\n"),
    },
    # A message built by appending to one name, then signed with HMAC (the shape of legacy
    # signatures and hand-rolled JWTs).
    "concat": {
        "js": ("const crypto = require('crypto');\nvar s = 'K';\n", "s = s + 'a{i}';\n", "var sig = crypto.createHmac('sha256', S).update(s).digest('base64');\n"),
        "py": ("import base64, hashlib, hmac\ns = 'K'\n", "s = s + 'a{i}'\n", "sig = base64.b64encode(hmac.new(S, s.encode(), hashlib.sha256).digest())\n"),
        "rb": ("require 'base64'\nrequire 'openssl'\ns = 'K'\n", "s = s + 'a{i}'\n", "sig = Base64.strict_encode64(OpenSSL::HMAC.digest('sha256', S, s))\n"),
        "php": ("<?php\n$s = 'K';\n", "$s = $s . 'a{i}';\n", "$sig = base64_encode(hash_hmac('sha256', $s, $secret, true));\n"),
        "java": ("class P {\n  String f() throws Exception {\n    String s = \"K\";\n", "    s = s + \"a{i}\";\n", "    Mac mac = Mac.getInstance(\"HmacSHA256\");\n    mac.init(new SecretKeySpec(S.getBytes(), \"HmacSHA256\"));\n    return Base64.getEncoder().encodeToString(mac.doFinal(s.getBytes()));\n  }\n}\n"),
    },
}

EXT = {"js": "js", "py": "py", "rb": "rb", "php": "php", "java": "java"}


def write(path, shape, lang, units):
    head, unit, tail = SHAPES[shape][lang]
    with open(path, "w") as f:
        f.write(head)
        for i in range(1, units + 1):
            f.write(unit.format(i=i, p=i - 1))
        f.write(tail)
    return os.path.getsize(path)


def run(siglint, path, extra):
    cmd = [siglint, "check", "--format", "json", "--max-file-size", str(200 << 20), *extra, path]
    # Peak memory through GNU time: the rusage of a child forked straight from this script would
    # start from the script's own peak (Linux keeps the high-water mark across exec).
    with tempfile.NamedTemporaryFile() as rss_file, tempfile.TemporaryFile() as out:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file.name, *cmd],
                           stdout=out, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - t
        out.seek(0)
        stdout = out.read()
        rss = int(open(rss_file.name).read().split()[-1])  # KiB
    returncode = p.returncode
    try:
        report = json.loads(stdout)
        summary = report.get("summary", {})
        n = len(report.get("findings", []))
    except ValueError:
        summary, n = {}, None
    notes = []
    for key in ("incomplete", "timed_out", "depth_limited"):
        if summary.get(key):
            notes.append(key)
    for s in summary.get("skipped", []):
        notes.append("skipped: " + (s.get("reason", "") if isinstance(s, dict) else str(s)))
    return elapsed, rss, n, notes, returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--siglint", default="target/release/siglint")
    ap.add_argument("--units", type=int, default=4000)
    ap.add_argument("--scale", type=int, default=8)
    ap.add_argument("--only", default="js,py,rb,php,java")
    ap.add_argument("--shape", default=",".join(SHAPES))
    ap.add_argument("--out", default=None)
    ap.add_argument("extra", nargs="*", help="more siglint arguments, after --")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for shape in a.shape.split(","):
            for lang in a.only.split(","):
                res = []
                for units in (a.units, a.units * a.scale):
                    path = os.path.join(d, f"{shape}_{units}.{EXT[lang]}")
                    size = write(path, shape, lang, units)
                    res.append((units, size) + run(a.siglint, path, a.extra))
                    os.unlink(path)
                (u1, s1, t1, r1, n1, no1, c1), (u2, s2, t2, r2, n2, no2, c2) = res
                ratio = t2 / t1 if t1 > 0 else float("nan")
                rows.append((shape, lang, u1, s1, t1, u2, s2, t2, r2, n2, ratio, no1 + no2, c2))
                print(f"{shape:10} {lang:4} {u1:>6} units {t1:7.3f}s | {u2:>7} units {s2/1e6:6.2f} MB "
                      f"{t2:7.3f}s {((r2 or 0) / 1024):6.0f} MB findings {n2}  x{ratio:5.1f} {' '.join(no2)}",
                      file=sys.stderr)
    lines = [
        f"Units: {a.units} and {a.units * a.scale} (scale {a.scale}); linear analysis gives a time ratio near {a.scale}.",
        "",
        "| shape | lang | size (large) | time small | time large | ratio | peak RSS (large) | findings (large) | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for (shape, lang, u1, s1, t1, u2, s2, t2, r2, n2, ratio, notes, code) in rows:
        rss = f"{r2 / 1024:.0f} MB" if r2 else "-"
        lines.append(f"| {shape} | {lang} | {s2 / 1e6:.2f} MB | {t1:.3f} s | {t2:.3f} s | {ratio:.1f}x | {rss} | {n2} | {', '.join(sorted(set(notes)))} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
