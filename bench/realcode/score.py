#!/usr/bin/env python3
"""Score siglint on real public Zoom Meeting SDK integrations (bench/realcode/manifest.json).

For every repository of the manifest, the tree at the recorded commit is exported from a local
git mirror into a temporary directory, `siglint check --format json <dir>` runs on it, and its
findings are compared with the findings a reviewer expected (see README.md in this folder):

* a finding matches an expected one when the path and the rule code are the same and the line is
  within +-TOLERANCE (default 1) of the expected line; each finding matches at most one expected
  entry and the closest line wins;
* an expected entry without a match is a miss (FN);
* a finding without a match in a file listed under `judged` is a false positive (FP), unless it
  matches an entry of the repository's `doubtful` list (counted apart, neither TP nor FP);
* a finding in a file nobody judged is reported as "unjudged" and not counted;
* an expected entry may list `alt_lines`: other lines a reviewer accepts for the same finding (used
  only where SPEC's "most specific expression" has two readings, e.g. SIG011 at the secret's source
  or at the signing call);
* a second finding of the same rule on the same line as a matched one is a "duplicate" (listed,
  not counted).

Categories (single-file, cross-file, template) come from the expected entries; a false positive is
counted as "template" when its file is a page/view/component template, else as "single-file"
(a repository entry may override this per path with `fp_category`).

Standard library only (Python 3.11). It reports; it does not gate: the exit status is 0 whatever
the scores (2 only for a usage error such as a missing manifest or siglint binary).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = ("single-file", "cross-file", "template")
TEMPLATE_SUFFIXES = (
    ".html", ".htm", ".vue", ".svelte", ".ejs", ".hbs", ".handlebars", ".twig", ".jinja", ".j2",
    ".jsp", ".erb", ".blade.php", ".phtml",
)


# ---------------------------------------------------------------------------------------------
# mirrors


def git(git_dir: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, **kw)


def find_git_dir(mirror: Path, repo: str, commit: str) -> tuple[Path | None, str]:
    """Locate the git directory of `repo` under `mirror`.

    The team's `fetch` tool creates `<mirror>/<owner>+<name>/repo` (a bare git directory); some
    snapshots hold a work tree with `repo/.git` instead.  A few other layouts are accepted so that
    a mirror made by hand (`git clone --mirror`) works too.  Returns (git_dir, status) where
    status is "ok", "not mirrored" or "commit missing".
    """
    owner, name = repo.split("/", 1)
    bases = [mirror / f"{owner}+{name}", mirror / owner / name, mirror / f"{owner}__{name}"]
    candidates: list[Path] = []
    for base in bases:
        candidates += [base / "repo" / ".git", base / "repo", base / ".git", base, Path(f"{base}.git")]
    seen_git = None
    for cand in candidates:
        if not cand.is_dir() or not ((cand / "objects").is_dir() and (cand / "HEAD").exists()):
            continue
        seen_git = seen_git or cand
        ok = git(cand, "cat-file", "-e", f"{commit}^{{commit}}")
        if ok.returncode == 0:
            return cand, "ok"
    if seen_git is not None:
        return seen_git, "commit missing"
    return None, "not mirrored"


def export_tree(git_dir: Path, commit: str, dest: Path) -> dict:
    """Write the files of `commit` into `dest`.

    Not `git archive`: snapshots lack files of 4 MiB and more (and LFS content), and one missing
    blob makes `git archive` fail.  Blobs are read with `git cat-file --batch`; missing ones are
    counted and skipped, symbolic links and submodules are skipped.
    """
    ls = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit)
    if ls.returncode != 0:
        raise RuntimeError(ls.stderr.decode(errors="replace").strip())
    entries = []
    skipped_links = 0
    for rec in ls.stdout.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, typ, sha = meta.split(b" ")
        if typ != b"blob":
            continue  # submodule
        if mode == b"120000":
            skipped_links += 1
            continue
        entries.append((sha.decode(), path.decode("utf-8", errors="surrogateescape")))
    missing = 0
    proc = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout
    # Feed the requests from a thread so that a large tree cannot dead-lock the pipes.
    import threading

    def feed() -> None:
        for sha, _ in entries:
            proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    for sha, path in entries:
        header = proc.stdout.readline().rstrip(b"\n").split(b" ")
        if len(header) < 3 or header[1] == b"missing":
            missing += 1
            continue
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the object
        target = dest / path
        if ".." in Path(path).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)
    proc.wait()
    return {"files": len(entries) - missing, "missing_blobs": missing, "symlinks_skipped": skipped_links}


# ---------------------------------------------------------------------------------------------
# siglint


def run_siglint(siglint: str, tree: Path, timeout: int) -> tuple[list[dict], dict, str | None]:
    try:
        proc = subprocess.run(
            [siglint, "check", "--format", "json", "."], cwd=tree, capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return [], {}, f"siglint timed out after {timeout} s"
    try:
        out = json.loads(proc.stdout.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        err = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        return [], {}, f"siglint exit {proc.returncode}, no JSON: {err[-1] if err else ''}"
    findings = []
    for f in out.get("findings", []):
        path = f.get("path", "")
        while path.startswith("./"):
            path = path[2:]
        findings.append({
            "path": path,
            "line": f.get("range", {}).get("start", {}).get("line", 0),
            "code": f.get("code", ""),
            "message": f.get("message", ""),
        })
    return findings, out.get("summary", {}), None


# ---------------------------------------------------------------------------------------------
# matching


def is_template(path: str) -> bool:
    low = path.lower()
    return low.endswith(TEMPLATE_SUFFIXES)


def match_repo(entry: dict, findings: list[dict], tol: int) -> dict:
    expected = entry.get("expected", [])
    doubtful = entry.get("doubtful", [])
    judged = set(entry.get("judged", [])) | {e["path"] for e in expected}
    used = [False] * len(findings)
    tp, fn = [], []
    # closest line first, over all pairs, so that neighbouring entries of one rule pair up well
    pairs = []
    for ei, e in enumerate(expected):
        lines = [e["line"], *e.get("alt_lines", [])]
        for fi, f in enumerate(findings):
            if f["path"] == e["path"] and f["code"] == e["code"]:
                dist = min(abs(f["line"] - ln) for ln in lines)
                if dist <= tol:
                    pairs.append((dist, ei, fi))
    pairs.sort()
    done = [False] * len(expected)
    for _, ei, fi in pairs:
        if done[ei] or used[fi]:
            continue
        done[ei] = used[fi] = True
        tp.append({**expected[ei], "found_line": findings[fi]["line"]})
    fn = [e for ei, e in enumerate(expected) if not done[ei]]
    fp, unjudged, doubt, dup = [], [], [], []
    matched = {(findings[fi]["path"], findings[fi]["code"], findings[fi]["line"]) for fi in range(len(findings)) if used[fi]}
    for fi, f in enumerate(findings):
        if used[fi]:
            continue
        if (f["path"], f["code"], f["line"]) in matched:
            dup.append(f)  # the same rule again on a line that already matched: one defect, reported twice
        elif any(d["path"] == f["path"] and d["code"] == f["code"] and abs(d["line"] - f["line"]) <= tol
               for d in doubtful):
            doubt.append(f)
        elif f["path"] in judged:
            fp.append({**f, "category": "template" if is_template(f["path"]) else entry.get(
                "fp_category", {}).get(f["path"], "single-file")})
        else:
            unjudged.append(f)
    return {"tp": tp, "fn": fn, "fp": fp, "unjudged": unjudged, "doubtful": doubt, "duplicates": dup}


def validate(manifest: dict, mirror: Path) -> int:
    """Check every entry: known keys, commit in the mirror, judged/expected paths at the commit, lines in range."""
    problems = 0
    seen = set()
    for entry in manifest["repos"]:
        repo = entry["repo"]
        if repo in seen:
            print(f"{repo}: listed twice"); problems += 1
        seen.add(repo)
        for e in entry.get("expected", []):
            if e.get("category") not in CATEGORIES:
                print(f"{repo}: {e.get('path')}:{e.get('line')} has category {e.get('category')!r}"); problems += 1
            if not str(e.get("code", "")).startswith("SIG"):
                print(f"{repo}: {e.get('path')}:{e.get('line')} has code {e.get('code')!r}"); problems += 1
            if not e.get("note"):
                print(f"{repo}: {e.get('path')}:{e.get('line')} has no note"); problems += 1
        git_dir, status = find_git_dir(mirror, repo, entry["commit"])
        if status != "ok":
            print(f"{repo}: {status}")
            continue
        paths = {p: None for p in entry.get("judged", [])}
        for e in entry.get("expected", []) + entry.get("doubtful", []):
            paths.setdefault(e["path"], None)
        for path in paths:
            out = git(git_dir, "show", f"{entry['commit']}:{path}")
            if out.returncode != 0:
                print(f"{repo}: {path} is not in {entry['commit'][:12]}"); problems += 1
                continue
            n_lines = out.stdout.count(b"\n") + 1
            for e in entry.get("expected", []) + entry.get("doubtful", []):
                if e["path"] == path:
                    for ln in [e["line"], *e.get("alt_lines", [])]:
                        if not 1 <= ln <= n_lines:
                            print(f"{repo}: {path}:{ln} is past the end ({n_lines} lines)"); problems += 1
    print(f"{len(manifest['repos'])} repositories, {problems} problem(s)")
    return 1 if problems else 0


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", default=str(HERE / "manifest.json"))
    ap.add_argument("--mirror", default="/work/.mirror", help="folder of the git mirrors (default /work/.mirror)")
    ap.add_argument("--siglint", default=os.environ.get("SIGLINT", "target/release/siglint"),
                    help="siglint binary (default $SIGLINT, else target/release/siglint)")
    ap.add_argument("--tolerance", type=int, default=1, help="line tolerance of a match (default 1)")
    ap.add_argument("--repo", action="append", help="score only this owner/name (repeatable)")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per siglint run")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--details", action="store_true", help="list every FP, FN and unjudged finding")
    ap.add_argument("--keep", metavar="DIR", help="export the trees into DIR and keep them")
    ap.add_argument("--list-sources", action="store_true",
                    help="print the fetch sources (github:owner/name) of the manifest and exit")
    ap.add_argument("--validate", action="store_true",
                    help="check the manifest against the mirrors (commit present, paths exist, lines in range) and exit")
    args = ap.parse_args()

    try:
        manifest = json.loads(Path(args.manifest).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        print(f"score.py: cannot read the manifest {args.manifest}: {exc}", file=sys.stderr)
        return 2
    if args.validate:
        return validate(manifest, Path(args.mirror))
    if args.list_sources:
        for entry in manifest["repos"]:
            print(f"github:{entry['repo']}  # {entry['commit']}")
        return 0
    siglint = shutil.which(args.siglint) or (args.siglint if Path(args.siglint).is_file() else None)
    if not siglint:
        print(f"score.py: no siglint binary at {args.siglint} (set SIGLINT or --siglint)", file=sys.stderr)
        return 2
    siglint = str(Path(siglint).resolve())
    version = subprocess.run([siglint, "--version"], capture_output=True, text=True).stdout.strip()

    repos = manifest["repos"]
    if args.repo:
        repos = [r for r in repos if r["repo"] in set(args.repo)]
    mirror = Path(args.mirror)
    workroot = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="siglint-realcode-"))
    workroot.mkdir(parents=True, exist_ok=True)

    results = []
    try:
        for entry in repos:
            repo, commit = entry["repo"], entry["commit"]
            res = {"repo": repo, "commit": commit, "language": entry.get("language", ""),
                   "kind": entry.get("kind", "")}
            git_dir, status = find_git_dir(mirror, repo, commit)
            res["status"] = status
            if status != "ok":
                res.update(tp=[], fn=entry.get("expected", []), fp=[], unjudged=[], doubtful=[], duplicates=[])
                results.append(res)
                continue
            tree = workroot / repo.replace("/", "+")
            if tree.exists():
                shutil.rmtree(tree)
            tree.mkdir(parents=True)
            try:
                res["export"] = export_tree(git_dir, commit, tree)
            except RuntimeError as exc:
                res["status"] = f"export failed: {exc}"
                res.update(tp=[], fn=entry.get("expected", []), fp=[], unjudged=[], doubtful=[], duplicates=[])
                results.append(res)
                continue
            findings, summary, err = run_siglint(siglint, tree, args.timeout)
            if err:
                res["status"] = err
            res["siglint_summary"] = {k: summary.get(k) for k in ("files_scanned", "findings", "skipped", "incomplete")}
            res.update(match_repo(entry, findings, args.tolerance))
            results.append(res)
            if not args.keep:
                shutil.rmtree(tree, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)

    scored = [r for r in results if r["status"] == "ok"]
    tot = {k: sum(len(r[k]) for r in scored) for k in ("tp", "fp", "fn", "unjudged", "doubtful", "duplicates")}
    by_cat = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    by_lang: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    for r in scored:
        for k in ("tp", "fp", "fn"):
            for item in r[k]:
                by_cat.setdefault(item.get("category", "single-file"), {"tp": 0, "fp": 0, "fn": 0})[k] += 1
                by_rule[item["code"]][k] += 1
                by_lang[r["language"]][k] += 1

    def pr(d: dict) -> dict:
        return {**d, "precision": ratio(d["tp"], d["tp"] + d["fp"]), "recall": ratio(d["tp"], d["tp"] + d["fn"])}

    report = {
        "siglint": siglint,
        "siglint_version": version,
        "tolerance": args.tolerance,
        "repos": [
            {"repo": r["repo"], "commit": r["commit"], "status": r["status"], "language": r["language"],
             "kind": r["kind"], "tp": len(r["tp"]), "fp": len(r["fp"]), "fn": len(r["fn"]),
             "unjudged": len(r["unjudged"]), "doubtful": len(r["doubtful"]), "duplicates": len(r["duplicates"]),
             "false_positives": r["fp"], "misses": r["fn"], "unjudged_findings": r["unjudged"],
             "doubtful_findings": r["doubtful"]}
            for r in results
        ],
        "not_mirrored": [r["repo"] for r in results if r["status"] in ("not mirrored", "commit missing")],
        "totals": pr({k: tot[k] for k in ("tp", "fp", "fn")}) | {"unjudged": tot["unjudged"], "doubtful": tot["doubtful"],
                                                                 "duplicates": tot["duplicates"],
                                                                 "repos_scored": len(scored)},
        "by_category": {c: pr(v) for c, v in by_cat.items()},
        "by_rule": {c: pr(v) for c, v in sorted(by_rule.items())},
        "by_language": {c: pr(v) for c, v in sorted(by_lang.items())},
    }

    if args.json:
        print(json.dumps(report, indent=2))
        return 0

    print(f"siglint: {siglint} ({version}); line tolerance +-{args.tolerance}\n")
    w = max([len(r["repo"]) for r in results] + [10])
    print(f"{'repository':<{w}}  {'TP':>3} {'FP':>3} {'FN':>3} {'unj':>3}  status")
    for r in results:
        print(f"{r['repo']:<{w}}  {len(r['tp']):>3} {len(r['fp']):>3} {len(r['fn']):>3} {len(r['unjudged']):>3}  {r['status']}")
    t = report["totals"]
    print(f"\n{'total':<{w}}  {t['tp']:>3} {t['fp']:>3} {t['fn']:>3} {t['unjudged']:>3}  "
          f"({t['repos_scored']} repositories scored; not counted: {t['doubtful']} findings on doubtful entries, "
          f"{t['duplicates']} duplicates)")
    print(f"\noverall   precision {fmt(t['precision'])}  recall {fmt(t['recall'])}")
    print("\nby category        TP   FP   FN  precision  recall")
    for c, v in report["by_category"].items():
        print(f"  {c:<15} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}    {fmt(v['precision'])}    {fmt(v['recall'])}")
    print("\nby rule            TP   FP   FN  precision  recall")
    for c, v in report["by_rule"].items():
        print(f"  {c:<15} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}    {fmt(v['precision'])}    {fmt(v['recall'])}")
    print("\nby language        TP   FP   FN  precision  recall")
    for c, v in report["by_language"].items():
        print(f"  {c:<15} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}    {fmt(v['precision'])}    {fmt(v['recall'])}")
    if report["not_mirrored"]:
        print("\nnot mirrored (fetch them first, see README.md):")
        for r in results:
            if r["status"] in ("not mirrored", "commit missing"):
                print(f"  {r['repo']} @ {r['commit'][:12]}: {r['status']}")
    if args.details:
        for r in scored:
            rows = ([("FP", f) for f in r["fp"]] + [("FN", f) for f in r["fn"]] + [("unjudged", f) for f in r["unjudged"]]
                    + [("doubtful", f) for f in r["doubtful"]] + [("dup", f) for f in r["duplicates"]])
            if not rows:
                continue
            print(f"\n{r['repo']}")
            for kind, f in rows:
                note = f.get("note") or f.get("message", "")
                print(f"  {kind:<8} {f['code']} {f['path']}:{f['line']}  {note[:110]}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
