#!/usr/bin/env python3
"""Turns one bench/run.sh result directory into the markdown summary (stdout)."""

import json
import os
import statistics
import sys

out = sys.argv[1]


def meta():
    m = {}
    with open(os.path.join(out, "meta.txt")) as fh:
        for line in fh:
            k, _, v = line.rstrip("\n").partition("=")
            m[k] = v
    return m


def timing(name):
    p = os.path.join(out, name + ".json")
    if not os.path.exists(p):
        return None
    with open(p) as fh:
        r = json.load(fh)["results"][0]
    times = r["times"]
    t = {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times),
         "user": r.get("user"), "system": r.get("system"), "command": r["command"]}
    rp = os.path.join(out, name + ".rss")
    if os.path.exists(rp):
        txt = open(rp).read().strip()
        t["rss_mb"] = int(txt) / 1024 if txt else None
    op = os.path.join(out, name + ".other")
    t["other"] = int(open(op).read().strip() or 0) if os.path.exists(op) else None
    dp = os.path.join(out, name + ".diskread")
    t["disk_mb"] = int(open(dp).read().strip() or 0) / 1024 if os.path.exists(dp) else None
    exit_codes = set(r.get("exit_codes") or [])
    t["exit"] = ",".join(str(c) for c in sorted(exit_codes))
    return t


def size(name):
    p = os.path.join(out, name)
    if not os.path.exists(p):
        return None
    files, nbytes = open(p).read().split()
    return int(files), int(nbytes)


def fmt_t(s):
    if s is None:
        return "-"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def mark(ok):
    return "met" if ok else "**missed**"


m = meta()
disturbed = open(os.path.join(out, "disturbed")).read().split() if os.path.exists(os.path.join(out, "disturbed")) else []
cs = size("corpus.size")
lines = []
w = lines.append
w(f"## Benchmark: `{m['corpus']}`" + ("" if m["real"] == "1" else f" (generated, scale {m['scale']})"))
w("")
w(f"- machine: {m['cpu']}, {m['cores']} cores, {m['mem']} RAM, {m['kernel']}")
w(f"- siglint {m['siglint']}; {m['rg']}; {m['hyperfine']}" + "".join(f"; {m[k]}" for k in ("ast-grep", "semgrep") if k in m))
w(f"- corpus: {cs[0]} files, {cs[1] / 1e6:.1f} MB (as `rg --files` lists them); page cache warm; {m['date']}")
big_warmup = f", {m['big_warmup']} on the scale {m['big_scale']} corpus" if "big_warmup" in m and m.get("real") != "1" else ""
w(f"- hyperfine: {m['runs']} runs after {m['warmup']} warm-up{big_warmup} for siglint and rg; peak RSS from one run under `/usr/bin/time -v`")
w("- read from disk: what the kernel read from disk during a command's runs, warm-up included (`pgpgin` in /proc/vmstat, for the whole machine); near 0 when the page cache held the corpus")
w(f"- prefilter literals for `rg -l` (read from src/prefilter.rs): `{m['rg_pattern']}`")
w("- others' CPU: CPU used by other processes during the measurement, in % of one core (over 20%: measured again, up to 3 times)")
if disturbed:
    w(f"- **disturbed**: another build was running during: {', '.join(disturbed)}")
w("")
w("| command | median | min … max | runs | user + sys | peak RSS | vs `rg -l` | others' CPU | read from disk |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
rg = timing("rg-l")
rows = [("siglint", "`siglint check --format json`"), ("rg-l", "`rg -l` prefilter literals"),
        ("rg-c", "`rg -c .` (reads everything)"), ("ast-grep", "`ast-grep scan` (sdkKey rule, 7 languages)"),
        ("semgrep", "`semgrep scan` (sdkKey rule, 5 languages; its default .semgrepignore skips tests/, *.min.js, files > 1 MB)"),
        ("siglint-j1", "`siglint check -j 1`"), ("siglint-j2", "`siglint check -j 2`"),
        ("big-siglint", f"`siglint check --format json`, scale {m['big_scale']}"),
        ("big-rg-l", f"`rg -l` prefilter literals, scale {m['big_scale']}")]
for name, label in rows:
    t = timing(name)
    if not t:
        continue
    cpu = (t["user"] or 0) + (t["system"] or 0)
    rss = f"{t['rss_mb']:.0f} MB" if t.get("rss_mb") is not None else "-"
    other = f"{t['other']}%" if t.get("other") is not None else "-"
    disk = f"{t['disk_mb']:.0f} MB" if t.get("disk_mb") is not None else "-"
    base = timing("big-rg-l") if name.startswith("big-") else rg
    ratio = f"{t['median'] / base['median']:.2f}×" if base else "-"
    w(f"| {label} | {fmt_t(t['median'])} | {fmt_t(t['min'])} … {fmt_t(t['max'])} | {t['runs']} | {fmt_t(cpu)} | {rss} | {ratio} | {other} | {disk} |")
w("")

targets = []
s, j1, j2 = timing("siglint"), timing("siglint-j1"), timing("siglint-j2")
if s and rg:
    r = s["median"] / rg["median"]
    targets.append(("siglint ≤ 1.5 × `rg -l`", f"{r:.2f}×", mark(r <= 1.5)))
if s and s.get("rss_mb") is not None:
    note = "" if m["real"] == "1" or abs(float(m["scale"]) - 1) < 1e-9 else f" (scale {m['scale']})"
    targets.append(("peak RSS ≤ 150 MB", f"{s['rss_mb']:.0f} MB{note}", mark(s["rss_mb"] <= 150)))
if j1 and j2:
    r = j1["median"] / j2["median"]
    targets.append(("2 threads ≥ 1.7× 1 thread", f"{r:.2f}× ({fmt_t(j1['median'])} → {fmt_t(j2['median'])})", mark(r >= 1.7)))
for name, what in (("small-site", "with signature code"), ("small-plain", "without (prefiltered)")):
    t = timing(name)
    if t:
        path = open(os.path.join(out, name + ".path")).read().strip()
        nbytes = os.path.getsize(os.path.join(m["corpus"], path)) if path else 0
        targets.append((f"one small file ≤ 10 ms, {what}", f"{fmt_t(t['median'])} median, {fmt_t(t['max'])} max, {t['runs']} runs ({nbytes / 1000:.1f} KB)", mark(t["median"] <= 0.010)))
big, bigrg, bs = timing("big-siglint"), timing("big-rg-l"), size("big.size")
if s and big and bs:
    bratio = bs[1] / cs[1]
    tratio = big["median"] / s["median"]
    limit = 1.1 * bratio
    extra = f"; `rg -l` {bigrg['median'] / rg['median']:.2f}×" if bigrg and rg else ""
    targets.append((f"{bratio:.2f}× the bytes ≤ {limit:.2f}× the time (scale {m['scale']} → {m['big_scale']})",
                    f"{tratio:.2f}× ({fmt_t(s['median'])} → {fmt_t(big['median'])}){extra}", mark(tratio <= limit)))
    if big.get("rss_mb") is not None:
        targets.append((f"peak RSS at scale {m['big_scale']} ({bs[1] / 1e6:.0f} MB)", f"{big['rss_mb']:.0f} MB", mark(big["rss_mb"] <= 150)))
    if bigrg:
        r = big["median"] / bigrg["median"]
        targets.append((f"siglint ≤ 1.5 × `rg -l` at scale {m['big_scale']}", f"{r:.2f}×", mark(r <= 1.5)))
w("| target (issue 7) | measured | |")
w("|---|---|---|")
for a, b, c in targets:
    w(f"| {a} | {b} | {c} |")
w("")
vp = os.path.join(out, "verify.md")
if os.path.exists(vp):
    w("Planted sites (`gen_corpus.py --verify`: each defect reported with its code, correct code and look-alikes silent):")
    w("")
    w(open(vp).read().strip())
    w("")
print("\n".join(lines))
