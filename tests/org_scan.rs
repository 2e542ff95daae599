//! Organisation-wide scans (`siglint report --repos FILE`), end to end, against local bare
//! repositories served by `file://` URLs: 200 generated repositories, 8 of them with signature
//! code. A full run; a re-run that scans nothing again; a run killed halfway and resumed
//! (nothing scanned twice, nothing lost); shards merged equal to one run; failures (not found,
//! refused credentials, timeout, too large) reported while the rest go on; `--compare` showing
//! exactly what was fixed and what is new; bad input. A `git` wrapper on the PATH logs every
//! clone and `ls-remote`, and plays a server that refuses credentials or hangs.
//!
//! The HTML report at 10, 115 and 2,000 repositories is checked in headless Chromium (sorting,
//! filtering, scripts off), as tests/report.rs does: skipped when Chromium is missing, unless
//! `SIGLINT_REQUIRE_RENDERERS=1` (CI).
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

// ---------------------------------------------------------------- signature code

/// A Meeting SDK JWT whose iat is not backdated: SIG003 on line 8.
const JS_NOT_BACKDATED: &str = r#"const jwt = require('jsonwebtoken');

const SDK_KEY = process.env.ZOOM_MEETING_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_MEETING_SDK_SECRET;

// POST /api/zoom/signature
module.exports = (req, res) => {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: SDK_KEY, sdkKey: SDK_KEY, mn: req.body.meetingNumber, role: req.body.role, iat, exp, tokenExp: exp };
  res.json({ signature: jwt.sign(payload, SDK_SECRET, { algorithm: 'HS256' }) });
};
"#;

/// The same endpoint, fixed (what a team commits after the report).
const JS_BACKDATED: &str = r#"const jwt = require('jsonwebtoken');

const SDK_KEY = process.env.ZOOM_MEETING_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_MEETING_SDK_SECRET;

// POST /api/zoom/signature
module.exports = (req, res) => {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: SDK_KEY, sdkKey: SDK_KEY, mn: req.body.meetingNumber, role: req.body.role, iat, exp, tokenExp: exp };
  res.json({ signature: jwt.sign(payload, SDK_SECRET, { algorithm: 'HS256' }) });
};
"#;

/// The legacy API-key signature in Express: SIG001 and SIG004.
const JS_LEGACY: &str = r#"const crypto = require('crypto');

function generateSignature(apiKey, apiSecret, meetingNumber, role) {
  const timestamp = new Date().getTime() - 30000;
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64');
  return Buffer.from(`${apiKey}.${meetingNumber}.${timestamp}.${role}.${hash}`).toString('base64');
}

module.exports = (req, res) => {
  res.json({ signature: generateSignature(process.env.ZOOM_JWT_API_KEY, process.env.ZOOM_JWT_API_SECRET, req.body.meetingNumber, 0) });
};
"#;

/// PyJWT with a 15-minute lifetime: SIG005.
const PY_SHORT_LIFETIME: &str = r#"import os
import time

import jwt

def meeting_signature(meeting_number, role):
    iat = int(time.time()) - 30
    exp = iat + 15 * 60
    payload = {"appKey": os.environ["ZOOM_SDK_KEY"], "sdkKey": os.environ["ZOOM_SDK_KEY"], "mn": meeting_number,
               "role": role, "iat": iat, "exp": exp, "tokenExp": exp}
    return jwt.encode(payload, os.environ["ZOOM_SDK_SECRET"], algorithm="HS256")
"#;

/// firebase/php-jwt with millisecond timestamps: SIG006 (and SIG003).
const PHP_MILLISECONDS: &str = r#"<?php

use Firebase\JWT\JWT;

function meeting_token(string $meetingNumber, int $role): string
{
    $iat = time() * 1000;
    $exp = $iat + 2 * 60 * 60 * 1000;
    return JWT::encode([
        'appKey' => getenv('ZOOM_SDK_KEY'),
        'sdkKey' => getenv('ZOOM_SDK_KEY'),
        'mn' => $meetingNumber,
        'role' => $role,
        'iat' => $iat,
        'exp' => $exp,
    ], getenv('ZOOM_SDK_SECRET'), 'HS256');
}
"#;

/// A hard-coded signing secret: SIG008.
const JS_HARDCODED_SECRET: &str = r#"const jwt = require('jsonwebtoken');

function signature(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: 'abcKEY', sdkKey: 'abcKEY', mn: meetingNumber, role, iat, exp, tokenExp: exp };
  return jwt.sign(payload, 'vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe', { algorithm: 'HS256' });
}

module.exports = { signature };
"#;

/// Correct signing code: a JWT site, no finding.
const JS_CORRECT: &str = JS_BACKDATED;

/// Code every repository has: nothing to do with Zoom.
const JS_UNRELATED: &str = "export function add(a, b) {\n  return a + b;\n}\n";

/// The secret in JS_HARDCODED_SECRET: never in a report or the state.
const SECRET: &str = "vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe";

/// The repositories with signature code: (number, files).
fn signature_repos() -> Vec<(usize, Vec<(&'static str, &'static str)>)> {
    vec![
        (7, vec![("api/signature.js", JS_NOT_BACKDATED)]),
        (31, vec![("server/legacy.js", JS_LEGACY)]),
        (58, vec![("app/zoom.py", PY_SHORT_LIFETIME)]),
        (76, vec![("src/Zoom/Token.php", PHP_MILLISECONDS)]),
        (99, vec![("lib/sign.js", JS_HARDCODED_SECRET)]),
        (123, vec![("api/signature.js", JS_CORRECT)]),
        (
            150,
            vec![
                ("server/legacy.js", JS_LEGACY),
                ("api/signature.js", JS_NOT_BACKDATED),
            ],
        ),
        (187, vec![("app/zoom.py", PY_SHORT_LIFETIME)]),
    ]
}

const REPOS: usize = 200;

fn repo_name(i: usize) -> String {
    format!("svc-{i:03}")
}

/// The files of repository `i`.
fn repo_files(i: usize) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "README.md".to_string(),
            format!("# {}\n\nInternal service {i}.\n", repo_name(i)),
        ),
        ("src/index.js".to_string(), JS_UNRELATED.to_string()),
        (
            "package.json".to_string(),
            format!(
                "{{\"name\": \"{}\", \"version\": \"1.0.{i}\"}}\n",
                repo_name(i)
            ),
        ),
    ];
    if let Some((_, sig)) = signature_repos().into_iter().find(|(n, _)| *n == i) {
        files.extend(sig.into_iter().map(|(p, c)| (p.to_string(), c.to_string())));
    }
    files
}

// ---------------------------------------------------------------- git

fn real_git() -> PathBuf {
    static GIT: OnceLock<PathBuf> = OnceLock::new();
    GIT.get_or_init(|| which("git").expect("git is installed"))
        .clone()
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn git(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(real_git())
        .args(args)
        .current_dir(cwd)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A commit on `main` of the bare repository `bare` (created when missing) with `files`
/// written (`Some`) or deleted (`None`), by `git fast-import`: one process, no work tree.
fn commit(bare: &Path, message: &str, files: &[(String, Option<String>)]) {
    if !bare.exists() {
        git(
            &[
                "init",
                "--quiet",
                "--bare",
                "--initial-branch=main",
                bare.to_str().unwrap(),
            ],
            Path::new("/"),
        );
    }
    let has_head = Command::new(real_git())
        .args([
            "--git-dir",
            bare.to_str().unwrap(),
            "rev-parse",
            "--verify",
            "--quiet",
            "refs/heads/main",
        ])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    let mut stream = Vec::new();
    writeln!(stream, "commit refs/heads/main").unwrap();
    writeln!(stream, "committer Dev <dev@example.com> 1700000000 +0000").unwrap();
    writeln!(stream, "data {}\n{message}", message.len()).unwrap();
    if has_head {
        writeln!(stream, "from refs/heads/main^0").unwrap();
    }
    for (path, content) in files {
        match content {
            Some(c) => {
                writeln!(stream, "M 644 inline {path}").unwrap();
                writeln!(stream, "data {}\n{c}", c.len()).unwrap();
            }
            None => writeln!(stream, "D {path}").unwrap(),
        }
    }
    let mut child = Command::new(real_git())
        .args([
            "--git-dir",
            bare.to_str().unwrap(),
            "fast-import",
            "--quiet",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
}

fn head(bare: &Path) -> String {
    git(
        &["--git-dir", bare.to_str().unwrap(), "rev-parse", "HEAD"],
        Path::new("/"),
    )
    .trim()
    .to_string()
}

fn url(bare: &Path) -> String {
    format!("file://{}", bare.display())
}

/// The 200 repositories, made once per test run, and what every test compares with.
struct Org {
    root: PathBuf,
    /// A folder `bin/` with the `git` wrapper.
    bin: PathBuf,
    /// `report --repos … --format json` of one full run.
    reference: Value,
}

fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("org-scan");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("git")).unwrap();
        let mut list = String::from("# Every service of the organisation, one per line.\n\n");
        for i in 0..REPOS {
            let bare = root.join("git").join(format!("{}.git", repo_name(i)));
            let files: Vec<(String, Option<String>)> = repo_files(i)
                .into_iter()
                .map(|(p, c)| (p, Some(c)))
                .collect();
            commit(&bare, "initial", &files);
            list.push_str(&url(&bare));
            list.push_str(if i % 40 == 0 {
                "   # owned by the payments team\n"
            } else {
                "\n"
            });
        }
        let list_path = root.join("repos.txt");
        std::fs::write(&list_path, list).unwrap();
        let bin = root.join("bin");
        write_git_wrapper(&bin);
        let mut org = Org {
            root: root.clone(),
            bin,
            reference: Value::Null,
        };
        let state = root.join("reference-state");
        let out = org.siglint(
            &[
                "report",
                "--repos",
                "repos.txt",
                "--state",
                state.to_str().unwrap(),
                "-j",
                "2",
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        org.reference = serde_json::from_slice(&out.stdout).unwrap();
        org
    })
}

/// A `git` that logs each `clone` and `ls-remote` (`clone URL`) to `$SIGLINT_TEST_GIT_LOG`,
/// refuses credentials for URLs containing `private`, and hangs for URLs containing `hang`.
fn write_git_wrapper(bin: &Path) {
    std::fs::create_dir_all(bin).unwrap();
    let script = format!(
        r#"#!/bin/bash
sub=""
for a in "$@"; do case "$a" in clone|ls-remote) sub="$a"; break;; esac; done
if [ -n "$sub" ]; then
  url="${{@: -2:1}}"
  [ -n "$SIGLINT_TEST_GIT_LOG" ] && echo "$sub $url" >> "$SIGLINT_TEST_GIT_LOG"
  case "$url" in
    *private*) echo "remote: HTTP Basic: Access denied" >&2
               echo "fatal: Authentication failed for '$url'" >&2; exit 128;;
    *hang*) sleep 60;;
  esac
fi
exec "{}" "$@"
"#,
        real_git().display()
    );
    let path = bin.join("git");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

impl Org {
    /// siglint in the org folder, with the `git` wrapper first on the PATH.
    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_siglint"));
        cmd.args(args)
            .current_dir(&self.root)
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("SIGLINT_TEST_GIT_LOG");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn siglint(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args, env).output().expect("siglint runs")
    }

    fn bare(&self, i: usize) -> PathBuf {
        self.root.join("git").join(format!("{}.git", repo_name(i)))
    }
}

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("org-scan-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> &Output {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
    o
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&ok(o).stdout).expect("a JSON report")
}

/// The records of a state folder: key → record.
fn records(state: &Path) -> BTreeMap<String, Value> {
    std::fs::read_dir(state.join("repos"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .map(|e| {
            let v: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
            (e.file_name().to_string_lossy().into_owned(), v)
        })
        .collect()
}

/// (repository, path, line, code) of every finding of a report.
fn findings(report: &Value) -> BTreeSet<(String, String, u64, String)> {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["findings"].as_array().unwrap().iter().map(move |f| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["code"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

fn names(report: &Value) -> Vec<String> {
    report["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn a_full_run_reports_every_repository_as_a_scan_of_its_checkout_would() {
    let org = org();
    let r = &org.reference;
    let expected_names: Vec<String> = (0..REPOS).map(repo_name).collect();
    assert_eq!(
        names(r),
        expected_names,
        "every repository, in the order of the list"
    );
    assert!(r.get("failures").is_none(), "{}", r["failures"]);
    assert_eq!(r["totals"]["repositories"], REPOS);
    // README.md is not a file siglint reads; index.js and package.json are.
    assert_eq!(r["totals"]["files_scanned"], 2 * REPOS + 9);

    // Each repository is reported as `siglint report` reports its files checked out.
    let checkouts = scratch("checkouts");
    let mut paths = Vec::new();
    for (i, _) in signature_repos() {
        let dir = checkouts.join(repo_name(i));
        for (p, c) in repo_files(i) {
            std::fs::create_dir_all(dir.join(&p).parent().unwrap()).unwrap();
            std::fs::write(dir.join(&p), c).unwrap();
        }
        paths.push(repo_name(i));
    }
    let mut args = vec!["report", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(&args)
        .current_dir(&checkouts)
        .output()
        .unwrap();
    let direct = json_of(&out);
    let with_code: BTreeSet<_> = findings(r);
    assert_eq!(with_code, findings(&direct));
    let codes: BTreeSet<(String, String)> = with_code
        .iter()
        .map(|f| (f.0.clone(), f.3.clone()))
        .collect();
    for expected in [
        ("svc-007", "SIG003"),
        ("svc-031", "SIG001"),
        ("svc-058", "SIG005"),
        ("svc-076", "SIG006"),
        ("svc-099", "SIG008"),
        ("svc-150", "SIG001"),
        ("svc-150", "SIG003"),
    ] {
        assert!(
            codes.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} in {codes:?}"
        );
    }
    for repo in r["repositories"].as_array().unwrap() {
        let i: usize = repo["name"].as_str().unwrap()[4..].parse().unwrap();
        assert_eq!(repo["root"], url(&org.bare(i)), "the root is the source");
        assert_eq!(repo["commit"].as_str().unwrap(), head(&org.bare(i)));
        let sites = repo["summary"]["signature_sites"].as_u64().unwrap();
        assert_eq!(
            sites > 0,
            signature_repos().iter().any(|(n, _)| *n == i),
            "{}",
            repo["name"]
        );
    }
    assert!(!r.to_string().contains(SECRET));
    // Every repository was scanned once, and the state holds no clone path or secret.
    let recs = records(&org.root.join("reference-state"));
    assert_eq!(recs.len(), REPOS);
    assert!(recs.values().all(|v| v["scans"] == 1));
    let state_text: String = recs.values().map(Value::to_string).collect();
    assert!(!state_text.contains(SECRET) && !state_text.contains("siglint-org-"));
}

#[test]
fn a_rerun_scans_only_what_changed_and_reports_the_same() {
    let org = org();
    let dir = scratch("rerun");
    let state = dir.join("state");
    copy_dir(&org.root.join("reference-state"), &state);
    let log = dir.join("git.log");
    let args = [
        "report",
        "--repos",
        "repos.txt",
        "--state",
        state.to_str().unwrap(),
        "-j",
        "2",
        "--format",
        "json",
    ];
    let out = org.siglint(&args, &[("SIGLINT_TEST_GIT_LOG", log.to_str().unwrap())]);
    assert_eq!(json_of(&out), org.reference);
    let err = stderr(&out);
    assert!(
        err.contains("200/200 repositories (0 scanned, 200 unchanged, 0 failed"),
        "{err}"
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls
            .lines()
            .filter(|l| l.starts_with("ls-remote "))
            .count(),
        REPOS
    );
    assert_eq!(
        calls.lines().filter(|l| l.starts_with("clone ")).count(),
        0,
        "{calls}"
    );
    assert!(records(&state).values().all(|v| v["scans"] == 1));

    // --rescan scans everything again.
    let out = org.siglint(&[&args[..], &["--rescan", "-q"]].concat(), &[]);
    assert_eq!(json_of(&out), org.reference);
    assert!(stderr(&out).is_empty(), "--quiet: {}", stderr(&out));
    assert!(records(&state).values().all(|v| v["scans"] == 2));
}

#[test]
fn a_killed_run_resumes_without_scanning_anything_twice_or_losing_anything() {
    let org = org();
    let dir = scratch("killed");
    let state = dir.join("state");
    let log = dir.join("git.log");
    let args = [
        "report",
        "--repos",
        "repos.txt",
        "--state",
        state.to_str().unwrap(),
        "-j",
        "2",
        "--format",
        "json",
    ];
    let env = [("SIGLINT_TEST_GIT_LOG", log.to_str().unwrap())];
    let mut child = org
        .command(&args, &env)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let n = std::fs::read_dir(state.join("repos")).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .count()
        });
        if n >= REPOS / 2 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no chance to tidy up
    child.wait().unwrap();
    let before = records(&state);
    assert!(
        before.len() >= REPOS / 2 && before.len() < REPOS,
        "killed halfway: {}",
        before.len()
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(state.join("shard-1-of-1.json")).unwrap()).unwrap();
    assert_eq!(manifest["finished"], false);

    // Merging the state of the killed run reports what is missing.
    let out = org.siglint(
        &[
            "report",
            "--merge",
            state.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    let partial = json_of(&out);
    assert!(stderr(&out).contains("did not finish"), "{}", stderr(&out));
    let not_run = partial["failures"].as_array().unwrap();
    assert!(not_run.iter().all(|f| f["kind"] == "not-run"));
    assert_eq!(
        partial["repositories"].as_array().unwrap().len() + not_run.len(),
        REPOS
    );

    let cloned_before = clones(&log);
    let out = org.siglint(&args, &env);
    assert_eq!(
        json_of(&out),
        org.reference,
        "the resumed run reports what one run does"
    );
    let after = records(&state);
    assert_eq!(after.len(), REPOS, "nothing lost");
    assert!(
        after.values().all(|v| v["scans"] == 1),
        "nothing scanned twice: {:?}",
        after
            .values()
            .filter(|v| v["scans"] != 1)
            .map(|v| &v["name"])
            .collect::<Vec<_>>()
    );
    for (key, rec) in &before {
        assert_eq!(after[key]["commit"], rec["commit"]);
        assert_eq!(
            after[key]["attempted_at"], rec["attempted_at"],
            "{key} was not redone"
        );
    }
    // Only the repositories in flight when the run was killed (at most -j of them) were cloned
    // twice.
    let all = clones(&log);
    let twice: Vec<&String> = all
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(u, _)| u)
        .collect();
    assert!(twice.len() <= 2, "{twice:?}");
    assert_eq!(all.len(), REPOS);
    assert!(cloned_before.len() >= before.len());
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(state.join("shard-1-of-1.json")).unwrap()).unwrap();
    assert_eq!(manifest["finished"], true);
}

/// URL → how many times it was cloned.
fn clones(log: &Path) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for line in std::fs::read_to_string(log).unwrap_or_default().lines() {
        if let Some(url) = line.strip_prefix("clone ") {
            *n.entry(url.to_string()).or_default() += 1;
        }
    }
    n
}

#[test]
fn shards_merged_equal_one_run_in_every_format() {
    let org = org();
    let dir = scratch("shards");
    let mut dirs = Vec::new();
    let mut seen = BTreeSet::new();
    for i in 1..=3 {
        let state = dir.join(format!("state-{i}"));
        let out = org.siglint(
            &[
                "report",
                "--repos",
                "repos.txt",
                "--shard",
                &format!("{i}/3"),
                "--state",
                state.to_str().unwrap(),
                "-j",
                "2",
                "--format",
                "json",
            ],
            &[],
        );
        let share = json_of(&out);
        let n = share["repositories"].as_array().unwrap().len();
        assert!((40..=90).contains(&n), "shard {i}/3 has {n}");
        assert!(
            stderr(&out).contains(&format!("shard {i}/3 has {n} of the 200 listed")),
            "{}",
            stderr(&out)
        );
        for name in names(&share) {
            assert!(seen.insert(name.clone()), "{name} is in two shards");
        }
        dirs.push(state.to_str().unwrap().to_string());
    }
    assert_eq!(seen.len(), REPOS, "every repository is in a shard");
    // The same split on another run: the same shares.
    let again = org.siglint(
        &[
            "report",
            "--repos",
            "repos.txt",
            "--shard",
            "2/3",
            "--state",
            &dirs[1],
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(
        records(Path::new(&dirs[1])).len(),
        json_of(&again)["repositories"].as_array().unwrap().len()
    );

    let single_state = org.root.join("reference-state");
    for format in ["json", "html", "markdown", "csv"] {
        let single = ok(&org.siglint(
            &[
                "report",
                "--merge",
                single_state.to_str().unwrap(),
                "--format",
                format,
            ],
            &[],
        ))
        .stdout
        .clone();
        let mut args = vec!["report", "--format", format, "--merge"];
        // In any order.
        args.extend([&dirs[2], &dirs[0], &dirs[1]].map(String::as_str));
        let merged = ok(&org.siglint(&args, &[])).stdout.clone();
        assert!(
            merged == single,
            "--format {format}: merged shards differ from one run"
        );
        if format == "json" {
            assert_eq!(
                serde_json::from_slice::<Value>(&merged).unwrap(),
                org.reference
            );
        }
    }
    // A missing shard is said, not hidden.
    let out = org.siglint(
        &["report", "--merge", &dirs[0], &dirs[1], "--format", "json"],
        &[],
    );
    let partial = json_of(&out);
    assert!(
        stderr(&out).contains("shard 3/3 of the split in 3 was not given"),
        "{}",
        stderr(&out)
    );
    assert!(partial["repositories"].as_array().unwrap().len() < REPOS);
}

#[test]
fn failures_are_reported_with_their_reason_and_the_rest_go_on() {
    let org = org();
    let dir = scratch("failures");
    // A repository too large for --max-repo-size 1 (MB), and a plain folder scanned in place.
    let big = dir.join("monorepo.git");
    // 2.4 MB of pseudo-random hex: more than 1 MB however git compresses it.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let blob: String = (0..100_000)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            format!("{x:016x}{:08x}\n", x >> 32)
        })
        .collect();
    commit(
        &big,
        "vendor",
        &[
            ("vendor/data.txt".to_string(), Some(blob)),
            ("src/index.js".to_string(), Some(JS_UNRELATED.to_string())),
        ],
    );
    let folder = dir.join("exported-tree");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("signature.js"), JS_NOT_BACKDATED).unwrap();
    let list = format!(
        "{}\n{}/git/does-not-exist.git\nhttps://ci-bot:glpat-SECRETTOKEN123@git.example/acme/private-billing.git\nfile://{}/hang.git\n{}\n{}\nexported-tree\n{}\n",
        url(&org.bare(7)),
        url(&org.root),
        dir.display(),
        url(&big),
        url(&org.bare(31)),
        url(&org.bare(99)),
    );
    std::fs::write(dir.join("repos.txt"), list).unwrap();
    let state = dir.join("state");
    let log = dir.join("git.log");
    let args = [
        "report",
        "--repos",
        dir.join("repos.txt").to_str().unwrap().to_string().leak() as &str,
        "--state",
        state.to_str().unwrap(),
        "--clone-timeout",
        "4",
        "--max-repo-size",
        "1",
        "-j",
        "3",
        "--format",
        "json",
    ];
    let env = [("SIGLINT_TEST_GIT_LOG", log.to_str().unwrap())];
    let start = Instant::now();
    let out = org.siglint(&args, &env);
    assert!(
        start.elapsed() < Duration::from_secs(40),
        "the hanging clone was given up"
    );
    let r = json_of(&out);
    assert_eq!(
        names(&r),
        ["svc-007", "svc-031", "exported-tree", "svc-099"]
    );
    let failures: Vec<(String, String)> = r["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        failures,
        [
            ("does-not-exist", "not-found"),
            ("acme/private-billing", "auth"),
            ("hang", "timeout"),
            ("monorepo", "too-large")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let reasons: Vec<&str> = r["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons[0].contains("does not appear to be a git repository"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("Access denied") || reasons[1].contains("Authentication failed"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("within 4 s"), "{reasons:?}");
    assert!(reasons[3].contains("1 MB"), "{reasons:?}");
    // Credentials never reach the report, the state or the log.
    let all = format!(
        "{r}{}{}",
        stderr(&out),
        records(&state)
            .values()
            .map(Value::to_string)
            .collect::<String>()
    );
    assert!(!all.contains("SECRETTOKEN123"), "{all}");
    assert!(all.contains("https://git.example/acme/private-billing.git"));
    let err = stderr(&out);
    assert!(
        err.contains("failed: https://git.example/acme/private-billing.git (auth)"),
        "{err}"
    );
    assert!(
        err.contains("8/8 repositories (4 scanned, 0 unchanged, 4 failed"),
        "{err}"
    );
    // The folder exported without git is scanned in place.
    let tree = &r["repositories"][2];
    assert_eq!(tree["summary"]["findings"], 1);
    assert!(tree.get("commit").is_none());
    assert_schema(&r);

    // Markdown and HTML list them.
    let md = String::from_utf8(
        ok(&org.siglint(&["report", "--merge", state.to_str().unwrap()], &[]))
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        md.contains("## Not scanned\n\n4 repositories could not be cloned or scanned"),
        "{md}"
    );
    assert!(
        md.contains("| hang | timeout | git did not finish within 4 s |"),
        "{md}"
    );
    let html = String::from_utf8(
        ok(&org.siglint(
            &[
                "report",
                "--merge",
                state.to_str().unwrap(),
                "--format",
                "html",
            ],
            &[],
        ))
        .stdout
        .clone(),
    )
    .unwrap();
    assert!(html.contains("<a href=\"#not-scanned\">4 not scanned</a>"));

    // A re-run tries the failures again, and only them (and the folder, which has no commit).
    std::fs::remove_file(&log).unwrap();
    let out = org.siglint(&args, &env);
    json_of(&out);
    assert!(
        stderr(&out).contains("(1 scanned, 3 unchanged, 4 failed"),
        "{}",
        stderr(&out)
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    let cloned: Vec<&str> = calls
        .lines()
        .filter_map(|l| l.strip_prefix("clone "))
        .collect();
    assert_eq!(cloned.len(), 4, "{calls}");
    assert!(cloned.iter().all(|u| !u.contains("svc-")), "{calls}");
}

#[test]
fn compare_shows_exactly_what_was_fixed_and_what_is_new() {
    let dir = scratch("compare");
    let org = org();
    // Four repositories of a team, scanned last week.
    let bare = |n: &str| dir.join(format!("{n}.git"));
    let files = |xs: &[(&str, &str)]| -> Vec<(String, Option<String>)> {
        xs.iter()
            .map(|(p, c)| (p.to_string(), Some(c.to_string())))
            .collect()
    };
    commit(
        &bare("checkout"),
        "initial",
        &files(&[
            ("api/signature.js", JS_NOT_BACKDATED),
            ("server/legacy.js", JS_LEGACY),
        ]),
    );
    commit(
        &bare("billing"),
        "initial",
        &files(&[("app/zoom.py", PY_SHORT_LIFETIME)]),
    );
    commit(
        &bare("webinars"),
        "initial",
        &files(&[("src/Zoom/Token.php", PHP_MILLISECONDS)]),
    );
    commit(
        &bare("old-portal"),
        "initial",
        &files(&[("api/signature.js", JS_NOT_BACKDATED)]),
    );
    commit(
        &bare("mobile-backend"),
        "initial",
        &files(&[("lib/sign.js", JS_CORRECT)]),
    );
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("{}\n", url(&bare(n))))
            .collect::<String>()
    };
    std::fs::write(
        dir.join("repos.txt"),
        list(&["checkout", "billing", "webinars", "old-portal"]),
    )
    .unwrap();
    let state = dir.join("state");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "--repos",
            dir.join("repos.txt").to_str().unwrap().to_string().leak() as &str,
            "--state",
            state.to_str().unwrap().to_string().leak() as &str,
            "-q",
        ];
        args.extend(extra);
        org.siglint(&args, &[])
    };
    let last_week = json_of(&run(&["--format", "json"]));
    std::fs::write(dir.join("last-week.json"), last_week.to_string()).unwrap();
    copy_dir(&state, &dir.join("last-week-state"));

    // This week: checkout backdated iat (one SIG003 fixed); billing added a hard-coded secret
    // (one SIG008 new); webinars is unchanged; old-portal was archived (no longer listed);
    // mobile-backend joined the list.
    commit(
        &bare("checkout"),
        "backdate iat",
        &files(&[("api/signature.js", JS_BACKDATED)]),
    );
    commit(
        &bare("billing"),
        "sign in a helper",
        &files(&[("lib/sign.js", JS_HARDCODED_SECRET)]),
    );
    std::fs::write(
        dir.join("repos.txt"),
        list(&["checkout", "billing", "webinars", "mobile-backend"]),
    )
    .unwrap();

    let now = json_of(&run(&[
        "--format",
        "json",
        "--compare",
        dir.join("last-week.json").to_str().unwrap(),
    ]));
    assert_schema(&now);
    let c = &now["comparison"];
    let count = |v: &Value| {
        (
            v["fixed"].as_u64().unwrap(),
            v["new"].as_u64().unwrap(),
            v["remaining"].as_u64().unwrap(),
        )
    };
    let webinars_findings = now["repositories"][2]["summary"]["findings"]
        .as_u64()
        .unwrap();
    let checkout_left = now["repositories"][0]["summary"]["findings"]
        .as_u64()
        .unwrap();
    let billing_before = last_week["repositories"][1]["summary"]["findings"]
        .as_u64()
        .unwrap();
    assert_eq!(
        count(&c["total"]),
        (1, 1, checkout_left + billing_before + webinars_findings)
    );
    assert_eq!(
        c["total"]["new"].as_u64().unwrap() + c["total"]["remaining"].as_u64().unwrap(),
        now["totals"]["findings"].as_u64().unwrap()
    );
    let repos: BTreeMap<&str, &Value> = c["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r))
        .collect();
    assert_eq!(count(&repos["checkout"]["by_rule"]["SIG003"]), (1, 0, 0));
    assert_eq!(repos["checkout"]["fixed"][0]["path"], "api/signature.js");
    assert_eq!(repos["checkout"]["fixed"][0]["line"], 8);
    assert_eq!(count(&repos["billing"]["by_rule"]["SIG008"]), (0, 1, 0));
    assert_eq!(repos["billing"]["new"][0]["path"], "lib/sign.js");
    assert_eq!(
        count(&repos["webinars"]["total"]),
        (0, 0, webinars_findings)
    );
    assert!(
        !repos.contains_key("mobile-backend"),
        "no finding then or now"
    );
    assert_eq!(c["removed"], json!(["old-portal"]));
    assert_eq!(c["added"], json!(["mobile-backend"]));
    // Only the changed and the new repositories were scanned again.
    let scans: BTreeMap<String, u64> = records(&state)
        .values()
        .map(|v| {
            (
                v["name"].as_str().unwrap().to_string(),
                v["scans"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scans,
        BTreeMap::from([
            ("billing".into(), 2),
            ("checkout".into(), 2),
            ("mobile-backend".into(), 1),
            ("old-portal".into(), 1),
            ("webinars".into(), 1)
        ])
    );

    // Against the run's own state folder, read before the run updates it: nothing changed since.
    let same = json_of(&run(&[
        "--format",
        "json",
        "--compare",
        state.to_str().unwrap(),
    ]));
    assert_eq!(
        count(&same["comparison"]["total"]),
        (0, 0, now["totals"]["findings"].as_u64().unwrap())
    );

    // Against last week's state folder: the same comparison.
    let by_state = json_of(&run(&[
        "--format",
        "json",
        "--compare",
        dir.join("last-week-state").to_str().unwrap(),
    ]));
    let mut a = c.clone();
    let mut b = by_state["comparison"].clone();
    a["against"] = Value::Null;
    b["against"] = Value::Null;
    assert_eq!(a, b);

    // Markdown: a table per repository and rule; CSV: a change column; HTML: a chart.
    let md = String::from_utf8(
        ok(&run(&[
            "--compare",
            dir.join("last-week.json").to_str().unwrap(),
        ]))
        .stdout
        .clone(),
    )
    .unwrap();
    assert!(md.contains("**1 fixed**, **1 new**"), "{md}");
    assert!(md.contains("| checkout | `SIG003` | 1 | 0 | 0 |"), "{md}");
    assert!(md.contains("| billing | `SIG008` | 0 | 1 | 0 |"), "{md}");
    assert!(
        md.contains("1 repository no longer listed (not counted as fixed): old-portal."),
        "{md}"
    );
    let csv = String::from_utf8(
        ok(&run(&[
            "--format",
            "csv",
            "--compare",
            dir.join("last-week.json").to_str().unwrap(),
        ]))
        .stdout
        .clone(),
    )
    .unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0].last(), Some(&"change"));
    let change_of = |repo: &str, code: &str| -> Vec<&str> {
        rows.iter()
            .filter(|r| r[0] == repo && r[4] == code)
            .map(|r| *r.last().unwrap())
            .collect()
    };
    assert_eq!(change_of("checkout", "SIG003"), ["fixed"]);
    assert_eq!(change_of("billing", "SIG008"), ["new"]);
    assert!(change_of("webinars", "SIG006")
        .iter()
        .all(|c| *c == "remaining"));
    let html = String::from_utf8(
        ok(&run(&[
            "--format",
            "html",
            "--compare",
            dir.join("last-week.json").to_str().unwrap(),
        ]))
        .stdout
        .clone(),
    )
    .unwrap();
    assert!(
        html.contains("id=\"chart-changes\"")
            && html.contains("<span class=\"pill safe\" id=\"change-fixed\">1 fixed</span>")
    );
    // Without --compare the formats are as before.
    let plain = String::from_utf8(ok(&run(&["--format", "csv"])).stdout.clone()).unwrap();
    assert!(plain.starts_with("repo,path,line,column,code,name,severity,fixable,message\r\n"));
}

/// The report follows docs/report.schema.json (failures, commits, comparison included).
fn assert_schema(report: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::options()
        .build(&schema)
        .expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn bad_input_gives_clear_errors_or_notes_never_a_panic() {
    let org = org();
    let dir = scratch("bad-input");
    let path = |n: &str| dir.join(n).to_str().unwrap().to_string();
    std::fs::write(dir.join("empty.txt"), "# nothing yet\n\n   \n").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\xff\xfe\x00junk").unwrap();
    std::fs::write(dir.join("a-file"), "x").unwrap();
    let two = format!(
        "{}\n\n# again:\n{}/\n{}\n",
        url(&org.bare(1)),
        url(&org.bare(1)),
        url(&org.bare(2))
    );
    std::fs::write(dir.join("two.txt"), two).unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--repos".into(), path("missing.txt")],
            "missing.txt: no such file or directory",
        ),
        (
            vec!["--repos".into(), path("empty.txt")],
            "lists no repository",
        ),
        (vec!["--repos".into(), path("binary.txt")], "not UTF-8"),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--shard".into(),
                "0/0".into(),
            ],
            "N must be at least 1",
        ),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--shard".into(),
                "3/2".into(),
            ],
            "I must be between 1 and 2",
        ),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--shard".into(),
                "two".into(),
            ],
            "expected I/N",
        ),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--state".into(),
                path("a-file"),
            ],
            "state folder",
        ),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--state".into(),
                format!("{}/sub", path("a-file")),
            ],
            "state folder",
        ),
        (vec!["--state".into(), path("s")], "--repos"),
        (vec!["--merge".into(), path("a-file")], "a-file: not JSON"),
        (
            vec!["--merge".into(), dir.to_str().unwrap().to_string()],
            "not a state folder",
        ),
        (
            vec![
                "--repos".into(),
                path("two.txt"),
                "--compare".into(),
                path("missing.json"),
            ],
            "missing.json",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["report".to_string()];
        all.extend(args.clone());
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = org.siglint(&all, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected `{expected}` in: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }

    // Duplicates (however spelt) and comments: notes, and each repository once.
    let state = dir.join("state");
    let out = org.siglint(
        &[
            "report",
            "--repos",
            &path("two.txt"),
            "--state",
            state.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    let r = json_of(&out);
    assert_eq!(names(&r), ["svc-001", "svc-002"]);
    assert!(
        stderr(&out).contains("two.txt:4: `")
            && stderr(&out).contains("is listed on line 1 already; skipped"),
        "{}",
        stderr(&out)
    );

    // A corrupt record is redone, with a note; a corrupt manifest is an error for --merge.
    let recs = records(&state);
    let (key, _) = recs.iter().next().unwrap();
    std::fs::write(state.join("repos").join(key), "{\"version\": 1, \"sou").unwrap();
    let out = org.siglint(
        &[
            "report",
            "--repos",
            &path("two.txt"),
            "--state",
            state.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(names(&json_of(&out)), ["svc-001", "svc-002"]);
    assert!(
        stderr(&out).contains("not a state record") && stderr(&out).contains("scanning it again"),
        "{}",
        stderr(&out)
    );
    assert_eq!(records(&state).len(), 2);
    std::fs::write(state.join("shard-1-of-1.json"), "[]").unwrap();
    let out = org.siglint(&["report", "--merge", state.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a shard manifest"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn progress_is_plain_lines_off_a_terminal_a_bar_on_one_and_nothing_when_quiet() {
    let org = org();
    let dir = scratch("progress");
    let list: String = (0..12)
        .map(|i| format!("{}\n", url(&org.bare(i))))
        .collect();
    std::fs::write(dir.join("repos.txt"), list).unwrap();
    let list = dir.join("repos.txt");
    let out = org.siglint(
        &[
            "report",
            "--repos",
            list.to_str().unwrap(),
            "-j",
            "1",
            "-o",
            dir.join("r.md").to_str().unwrap(),
        ],
        &[("SIGLINT_PROGRESS_EVERY_MS", "0")],
    );
    let err = stderr(ok(&out));
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("siglint report: "))
        .collect();
    assert!(lines.len() >= 10, "a line per repository when asked: {err}");
    assert!(
        lines[0].contains("1/12 repositories (1 scanned, 0 unchanged, 0 failed · ")
            && lines[0].contains("left"),
        "{err}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("siglint report: 12/12 repositories (12 scanned"),
        "{err}"
    );
    assert!(err.contains("wrote "), "{err}");
    let out = org.siglint(
        &[
            "report",
            "--repos",
            list.to_str().unwrap(),
            "-q",
            "-o",
            dir.join("r.md").to_str().unwrap(),
        ],
        &[],
    );
    assert!(stderr(ok(&out)).is_empty(), "{}", stderr(&out));

    // On a terminal (`script` gives siglint one): indicatif's bar.
    let Some(script) = which("script") else {
        eprintln!("SKIPPED the terminal part: `script` (util-linux) is not installed");
        return;
    };
    let cmdline = format!(
        "PATH={}:$PATH {} report --repos {} -j 1 -o {}",
        org.bin.display(),
        env!("CARGO_BIN_EXE_siglint"),
        list.display(),
        dir.join("r.md").display()
    );
    let out = Command::new(script)
        .args(["-qec", &cmdline, "/dev/null"])
        .current_dir(&org.root)
        .env("COLUMNS", "160")
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{tty}");
    assert!(
        tty.contains("/12 repositories · ") && tty.contains("ETA"),
        "{tty}"
    );
    assert!(tty.contains("siglint report: 12/12 repositories"), "{tty}");
}

#[test]
fn example_workflows_use_only_flags_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let help = Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(["report", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for file in ["examples/org-scan.yml", "examples/gitlab-org-scan.yml"] {
        let text =
            std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut commands = 0;
        for line in text.lines().filter(|l| l.contains("siglint report")) {
            commands += 1;
            for flag in line.split_whitespace().filter(|w| w.starts_with("--")) {
                let flag = flag
                    .split('=')
                    .next()
                    .unwrap()
                    .trim_end_matches(['"', '\'', ';']);
                assert!(
                    help.contains(&format!("{flag} "))
                        || help.contains(&format!("{flag}\n"))
                        || help.contains(&format!("{flag} <")),
                    "{file}: `{flag}` is not a flag of siglint report"
                );
            }
        }
        assert!(commands >= 2, "{file}: a shard command and a merge command");
        assert!(
            text.contains("--shard") && text.contains("--merge") && text.contains("--state"),
            "{file}"
        );
    }
    let github = std::fs::read_to_string(root.join("examples/org-scan.yml")).unwrap();
    assert!(
        github.contains("matrix:")
            && github.contains("actions/upload-artifact")
            && github.contains("actions/download-artifact")
    );
    let gitlab = std::fs::read_to_string(root.join("examples/gitlab-org-scan.yml")).unwrap();
    assert!(
        gitlab.contains("parallel:") && gitlab.contains("matrix:") && gitlab.contains("artifacts:")
    );
    // The action caches the installed binary per siglint version and runner OS.
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    assert!(action.contains("uses: actions/cache@"), "{action}");
    assert!(
        action.contains("runner.os") && action.contains("steps.version.outputs.key"),
        "{action}"
    );
    assert!(
        action.contains("cache-hit != 'true'"),
        "only a cache miss builds"
    );
}

// ---------------------------------------------------------------- HTML at scale, in Chromium

/// Skips a test for want of a renderer; with `SIGLINT_REQUIRE_RENDERERS=1` (CI) fails it.
fn skip(why: &str) {
    if std::env::var_os("SIGLINT_REQUIRE_RENDERERS").is_some_and(|v| v == "1") {
        panic!("SIGLINT_REQUIRE_RENDERERS=1, but {why}");
    }
    eprintln!("SKIPPED {why}");
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SIGLINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    which("chromium").or_else(|| which("chromium-browser"))
}

/// Headless Chromium on `url` with `extra` arguments; returns (stdout, stderr).
fn run_chromium(chromium: &Path, url: &str, extra: &[&str]) -> (String, String) {
    let profile = scratch(&format!(
        "chromium-profile-{}",
        std::process::id() as u64 * 1000 + rand_suffix()
    ));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out_pipe, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err_pipe, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&profile);
    (out.join().unwrap(), err.join().unwrap())
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// A report over `n` repositories, as JSON: one in 12 has signature code and findings (a
/// handful to many), one in 50 could not be cloned.
fn synthetic_report(n: usize) -> Value {
    let codes = [
        ("SIG001", "error"),
        ("SIG003", "warning"),
        ("SIG004", "error"),
        ("SIG005", "error"),
        ("SIG006", "error"),
        ("SIG008", "error"),
    ];
    let mut repositories = Vec::new();
    let mut failures = Vec::new();
    for i in 0..n {
        let name = format!("acme/service-{i:04}");
        let source = format!("https://git.example/{name}.git");
        if i % 50 == 49 {
            failures.push(json!({"name": name, "source": source, "kind": "auth", "reason": "fatal: Authentication failed"}));
            continue;
        }
        let with_code = i % 12 == 5;
        let mut findings = Vec::new();
        let mut files = Vec::new();
        if with_code {
            let k = 1 + (i * 7) % 23;
            files.push(json!({"path": "api/signature.js", "language": "javascript", "jwt_sites": 1, "legacy_sites": usize::from(i % 3 == 0)}));
            for j in 0..k {
                let (code, severity) = codes[(i + j) % codes.len()];
                findings.push(json!({"path": "api/signature.js", "line": j + 1, "column": 3, "end_line": j + 1, "end_column": 20, "code": code, "severity": severity, "message": format!("finding {j} of {name}")}));
            }
        }
        repositories.push(json!({
            "name": name,
            "root": source,
            "commit": format!("{:040x}", i * 2654435761usize),
            "languages": [{"language": "javascript", "files_scanned": 3 + i % 5, "jwt_sites": usize::from(with_code), "legacy_sites": usize::from(with_code && i % 3 == 0)}],
            "files": files,
            "findings": findings,
        }));
    }
    json!({"version": 1, "tool": {"name": "siglint", "version": "0.1.0"}, "rules": [], "repositories": repositories, "failures": failures, "totals": {}})
}

/// The rows of the table with `id` in a serialized DOM: (attributes of the `<tr>`, text of the
/// first cell).
fn table_rows(dom: &str, id: &str) -> Vec<(String, String)> {
    let start = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let body = &dom[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr")
        .skip(1)
        .map(|row| {
            let attrs = row[..row.find('>').unwrap()].to_string();
            let cell = &row[row.find("<td").unwrap()..];
            let cell = &cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()];
            let text: String = strip_tags(cell);
            (attrs, text)
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in s.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_html_report_reads_well_at_10_115_and_2000_repositories_in_chromium() {
    let Some(chromium) = chromium() else {
        skip("the_html_report_reads_well_at_10_115_and_2000_repositories_in_chromium: chromium is not installed (apt-get install chromium, or set SIGLINT_CHROMIUM)");
        return;
    };
    let dir = scratch("html-scale");
    for n in [10, 115, 2000] {
        let input = dir.join(format!("report-{n}.json"));
        std::fs::write(&input, synthetic_report(n).to_string()).unwrap();
        let page = dir.join(format!("report-{n}.html"));
        let out = Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args([
                "report",
                "--merge",
                input.to_str().unwrap(),
                "--format",
                "html",
                "-o",
                page.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        ok(&out);
        let json_out = Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args([
                "report",
                "--merge",
                input.to_str().unwrap(),
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        let doc = json_of(&json_out);
        let repos = doc["repositories"].as_array().unwrap();
        let failed = doc["failures"].as_array().map_or(0, Vec::len);
        let with_code: Vec<&Value> = repos
            .iter()
            .filter(|r| r["summary"]["findings"].as_u64().unwrap() > 0)
            .collect();
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.len() < 4_000_000, "{n}: {} bytes", html.len());

        let file_url = format!("file://{}", page.display());
        let (dom, err) = run_chromium(&chromium, &file_url, &["--dump-dom"]);
        assert!(
            console_messages(&err).is_empty(),
            "{n}: {:#?}",
            console_messages(&err)
        );
        // The header: counts, not names.
        let summary = &dom[dom.find("id=\"summary\"").unwrap()..];
        let summary =
            strip_tags(&summary[summary.find('>').unwrap() + 1..summary.find("</p>").unwrap()]);
        assert_eq!(
            summary,
            format!(
                "siglint 0.1.0 · {} repositories: {} with signature code, {} without{}",
                repos.len(),
                with_code.len(),
                repos.len() - with_code.len(),
                if failed > 0 {
                    format!(" · {failed} not scanned")
                } else {
                    String::new()
                }
            ),
            "{n}"
        );
        // The chart: the 20 with most findings, the rest in one bar.
        let chart = &dom[dom.find("id=\"chart-repos\"").unwrap()..];
        let chart = &chart[..chart.find("</svg>").unwrap()];
        let bars = chart.matches("text-anchor=\"end\"").count();
        assert_eq!(
            bars,
            with_code.len().min(20) + usize::from(with_code.len() > 20),
            "{n}"
        );
        if with_code.len() > 20 {
            assert!(
                chart.contains(&format!("{} other repositories", with_code.len() - 20)),
                "{n}"
            );
        }
        // The table lists the repositories with signature code; the others are one line.
        let rows = table_rows(&dom, "repositories");
        assert_eq!(rows.len(), with_code.len(), "{n}");
        assert!(rows.iter().all(|(attrs, _)| !attrs.contains("hidden")));
        assert!(
            dom.contains(&format!(
                "{} repositories without signature code",
                repos.len() - with_code.len()
            )),
            "{n}"
        );
        assert!(
            dom.contains("type=\"search\""),
            "{n}: the script added a filter"
        );

        // Sorted by findings, most first, from the address; filtered by name.
        let most = with_code
            .iter()
            .map(|r| r["summary"]["findings"].as_u64().unwrap())
            .max()
            .unwrap();
        let (dom, err) = run_chromium(
            &chromium,
            &format!("{file_url}#sort=findings&order=desc"),
            &["--dump-dom"],
        );
        assert!(console_messages(&err).is_empty(), "{err}");
        let sorted = table_rows(&dom, "repositories");
        let top = with_code
            .iter()
            .find(|r| r["name"] == sorted[0].1.as_str())
            .unwrap();
        assert_eq!(top["summary"]["findings"].as_u64().unwrap(), most, "{n}");
        assert!(dom.contains("aria-sort=\"descending\""));
        let wanted = with_code[with_code.len() / 2]["name"].as_str().unwrap();
        let (dom, _) = run_chromium(
            &chromium,
            &format!("{file_url}#q={}", wanted.replace('/', "%2F")),
            &["--dump-dom"],
        );
        let filtered = table_rows(&dom, "repositories");
        let visible: Vec<&String> = filtered
            .iter()
            .filter(|(a, _)| !a.contains("hidden"))
            .map(|(_, t)| t)
            .collect();
        assert_eq!(visible, [wanted], "{n}");
        assert!(
            dom.contains(&format!("1 of {} shown", with_code.len())),
            "{n}"
        );

        // Scripts off (a mail client, a viewer that blocks them): the page without its script is
        // a plain table, every row, no controls. (Chromium's own switch for it stops --dump-dom.)
        let start = html.find("<script>").unwrap();
        let end = html.find("</script>").unwrap() + "</script>".len();
        let bare = dir.join(format!("report-{n}-no-script.html"));
        std::fs::write(&bare, format!("{}{}", &html[..start], &html[end..])).unwrap();
        let (dom, err) = run_chromium(
            &chromium,
            &format!("file://{}", bare.display()),
            &["--dump-dom"],
        );
        assert!(console_messages(&err).is_empty(), "{err}");
        assert!(!dom.contains("type=\"search\"") && !dom.contains("class=\"sort\""));
        assert_eq!(table_rows(&dom, "repositories").len(), with_code.len());

        if n == 2000 {
            let shot = dir.join("shot.png");
            let (_, err) = run_chromium(
                &chromium,
                &file_url,
                &[
                    &format!("--screenshot={}", shot.display()),
                    "--window-size=1280,1800",
                    "--hide-scrollbars",
                ],
            );
            assert!(console_messages(&err).is_empty(), "{err}");
            let png = std::fs::read(&shot).unwrap();
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            if let Some(keep) = std::env::var_os("SIGLINT_ORG_SCREENSHOT") {
                std::fs::copy(&shot, Path::new(env!("CARGO_MANIFEST_DIR")).join(keep)).unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------- the example workflows, run

/// The `run: |` block of the GitHub Actions step named `step` in `workflow`.
fn github_run_block(workflow: &str, step: &str) -> String {
    let lines: Vec<&str> = workflow.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {step}"))
        .unwrap_or_else(|| panic!("no step `{step}`"));
    let run = (at..lines.len())
        .find(|&i| lines[i].trim() == "run: |")
        .unwrap_or_else(|| panic!("step `{step}` has no `run: |`"));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = indent(lines[run]);
    lines[run + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > base)
        .map(|l| l.get(base + 2..).unwrap_or("").to_string() + "\n")
        .collect()
}

/// The `script:` of the GitLab job `job` (its `before_script` of `.siglint` first), as one shell
/// script: `- command` items and `- |` blocks.
fn gitlab_script(pipeline: &str, job: &str) -> String {
    let lines: Vec<&str> = pipeline.lines().collect();
    let section = |job: &str, key: &str| -> String {
        let start = lines
            .iter()
            .position(|l| *l == format!("{job}:"))
            .unwrap_or_else(|| panic!("no job `{job}`"));
        let end = (start + 1..lines.len())
            .find(|&i| {
                !lines[i].is_empty() && !lines[i].starts_with(' ') && !lines[i].starts_with('#')
            })
            .unwrap_or(lines.len());
        let Some(k) = (start..end).find(|&i| lines[i].trim() == format!("{key}:")) else {
            return String::new();
        };
        let mut out = String::new();
        let mut i = k + 1;
        while i < end && (lines[i].trim().is_empty() || lines[i].starts_with("    ")) {
            let item = lines[i].trim_start();
            if let Some(cmd) = item.strip_prefix("- ") {
                if cmd == "|" {
                    let block_indent = lines[i].len() - item.len() + 2;
                    i += 1;
                    while i < end
                        && (lines[i].trim().is_empty()
                            || lines[i].len() - lines[i].trim_start().len() >= block_indent)
                    {
                        out.push_str(lines[i].get(block_indent..).unwrap_or(""));
                        out.push('\n');
                        i += 1;
                    }
                    continue;
                }
                out.push_str(cmd);
                out.push('\n');
            }
            i += 1;
        }
        out
    };
    section(".siglint", "before_script") + &section(job, "script")
}

/// Runs `script` with bash in `cwd`, siglint first on the PATH; it must succeed.
fn run_script(org: &Org, script: &str, cwd: &Path, env: &[(&str, String)]) -> Output {
    let bin = cwd.join(".bin");
    std::fs::create_dir_all(&bin).unwrap();
    let link = bin.join("siglint");
    if !link.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_siglint"), &link).unwrap();
    }
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        org.bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{script}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
    out
}

#[test]
fn the_example_workflows_scripts_shard_merge_and_compare_as_one_run_would() {
    let org = org();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list: String = (0..24)
        .map(|i| format!("{}\n", url(&org.bare(i))))
        .collect();
    // One run over the same list: what the merged shards must equal.
    let dir = scratch("workflow-reference");
    std::fs::write(dir.join("repos.txt"), &list).unwrap();
    let single = json_of(&org.siglint(
        &[
            "report",
            "--repos",
            dir.join("repos.txt").to_str().unwrap(),
            "-q",
            "--format",
            "json",
        ],
        &[],
    ));

    // GitHub Actions: the shard step in 4 jobs, the artifacts laid out as download-artifact lays
    // them out, the merge step twice (the second compares with the first).
    let workflow = std::fs::read_to_string(root.join("examples/org-scan.yml")).unwrap();
    let scan = github_run_block(&workflow, "Scan this shard");
    let merge = github_run_block(&workflow, "Merge the shards");
    let runner = scratch("workflow-github");
    for shard in 1..=4 {
        let job = runner.join(format!("job-{shard}"));
        std::fs::create_dir_all(&job).unwrap();
        std::fs::write(job.join("repos.txt"), &list).unwrap();
        run_script(
            org,
            &scan,
            &job,
            &[
                ("SHARD", shard.to_string()),
                ("ORG_READ_TOKEN", String::new()),
            ],
        );
        assert!(job.join(format!("shard-{shard}.json")).is_file());
        copy_dir(
            &job.join("state"),
            &runner
                .join("report/states")
                .join(format!("siglint-state-{shard}")),
        );
    }
    let report = runner.join("report");
    let summary = runner.join("summary.md");
    let env = [("GITHUB_STEP_SUMMARY", summary.to_str().unwrap().to_string())];
    run_script(org, &merge, &report, &env);
    let merged: Value =
        serde_json::from_slice(&std::fs::read(report.join("report.json")).unwrap()).unwrap();
    assert_eq!(merged, single, "the merged shards are one run's report");
    assert!(report.join("site/index.html").is_file() && report.join("report.csv").is_file());
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .starts_with("# siglint migration report"));
    assert!(report.join("last/report.json").is_file());
    run_script(org, &merge, &report, &env);
    let again: Value =
        serde_json::from_slice(&std::fs::read(report.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        again["comparison"]["total"]["new"], 0,
        "compared with the last run"
    );
    assert_eq!(
        again["comparison"]["total"]["remaining"],
        single["totals"]["findings"]
    );

    // GitLab CI: the same with parallel:matrix's SHARD, and the `pages` job.
    let pipeline = std::fs::read_to_string(root.join("examples/gitlab-org-scan.yml")).unwrap();
    let before_and_scan = gitlab_script(&pipeline, "siglint-scan");
    let pages = gitlab_script(&pipeline, "pages");
    let project = scratch("workflow-gitlab");
    std::fs::write(project.join("repos.txt"), &list).unwrap();
    // The binary cache is filled: the before_script does not build.
    std::fs::create_dir_all(project.join(".siglint/bin")).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_siglint"),
        project.join(".siglint/bin/siglint"),
    )
    .unwrap();
    let gl = |shard: &str| {
        vec![
            ("SHARD", shard.to_string()),
            ("SHARDS", "4".to_string()),
            ("SIGLINT_REF", "main".to_string()),
            ("CI_PROJECT_DIR", project.to_str().unwrap().to_string()),
            ("CI_SERVER_HOST", "gitlab.example.com".to_string()),
        ]
    };
    for shard in ["1", "2", "3", "4"] {
        run_script(org, &before_and_scan, &project, &gl(shard));
    }
    run_script(org, &pages, &project, &gl(""));
    let merged: Value =
        serde_json::from_slice(&std::fs::read(project.join("report.json")).unwrap()).unwrap();
    assert_eq!(merged, single);
    assert!(
        project.join("public/index.html").is_file() && project.join("last/report.json").is_file()
    );
}
