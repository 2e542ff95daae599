//! `siglint report`: migration reports over several repositories, end to end. Two repositories
//! are written into a temporary folder (JavaScript, PHP and Python signature code with legacy
//! and JWT defects, correct files and unrelated code) and every format is checked: the
//! Markdown, CSV and JSON contents and totals, merging JSON results, CSV quoting, HTML
//! escaping, secrets, exit codes, and the HTML page rendered in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A hard-coded signing secret (SIG008); it must never appear in a report.
const SECRET: &str = "vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe";

/// The signature segment of the token committed in `.env.production`; never in a report either.
const TOKEN_SIGNATURE: &str = "Qk3x9VZr7uYtLw2mN8pA5sD1fG6hJ4kL0zXcVbNmQwE";

// ---------------------------------------------------------------- payments-api (JS, PHP, config)

/// Legacy API-key signature: SIG001 at the HMAC (line 8), SIG004 at the final encoding (line 10).
const JS_LEGACY: &str = r#"const crypto = require('crypto');

const API_KEY = process.env.ZOOM_JWT_API_KEY;
const API_SECRET = process.env.ZOOM_JWT_API_SECRET;

function generateSignature(apiKey, apiSecret, meetingNumber, role) {
  const timestamp = new Date().getTime() - 30000;
  const msg = Buffer.from(apiKey + meetingNumber + timestamp + role).toString('base64');
  const hash = crypto.createHmac('sha256', apiSecret).update(msg).digest('base64');
  const parts = [apiKey, meetingNumber, timestamp, role, hash];
  return Buffer.from(parts.join('.')).toString('base64');
}

module.exports = (req, res) => {
  res.json({ signature: generateSignature(API_KEY, API_SECRET, req.body.meetingNumber, 0) });
};
"#;

/// Two Meeting SDK JWTs whose iat is not backdated: SIG003 on lines 10 and 17.
const JS_JWT_NOT_BACKDATED: &str = r#"const { KJUR } = require('jsrsasign');

const SDK_KEY = process.env.ZOOM_MEETING_SDK_KEY;
const SDK_SECRET = process.env.ZOOM_MEETING_SDK_SECRET;

function sign(payload) {
  return KJUR.jws.JWS.sign('HS256', JSON.stringify({ alg: 'HS256', typ: 'JWT' }), JSON.stringify(payload), SDK_SECRET);
}

exports.meeting = (req, res) => {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 60 * 60 * 2;
  res.json({ signature: sign({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: req.body.mn, role: 0, iat, exp, tokenExp: exp }) });
};

exports.webinar = (req, res) => {
  const iat = Math.round(new Date().getTime() / 1000);
  const exp = iat + 7200;
  res.json({ signature: sign({ appKey: SDK_KEY, sdkKey: SDK_KEY, mn: req.body.mn, role: 1, iat, exp, tokenExp: exp }) });
};
"#;

/// A hard-coded secret (SIG008, line 7); otherwise correct.
const JS_HARDCODED_SECRET: &str = r#"const jwt = require('jsonwebtoken');

function signature(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: 'abcKEY', sdkKey: 'abcKEY', mn: meetingNumber, role, iat, exp, tokenExp: exp };
  return jwt.sign(payload, 'vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe', { algorithm: 'HS256' });
}

module.exports = { signature };
"#;

/// Correct: one JWT site, no finding.
const JS_OK: &str = r#"const jwt = require('jsonwebtoken');

function signature(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const payload = { appKey: process.env.KEY, sdkKey: process.env.KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp };
  return jwt.sign(payload, process.env.SECRET, { algorithm: 'HS256' });
}

module.exports = { signature };
"#;

/// No signature code at all.
const JS_UNRELATED: &str = r#"export function add(a, b) {
  return a + b;
}
"#;

/// Milliseconds: SIG003 + SIG006 on line 7, SIG006 on line 8.
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

// ---------------------------------------------------------------- classroom (Python, PHP)

/// Legacy signature in Python: SIG001 on line 12.
const PY_LEGACY: &str = r#"import base64
import hashlib
import hmac
import os
import time

API_KEY = os.environ.get("ZOOM_API_KEY", "")
API_SECRET = os.environ.get("ZOOM_API_SECRET", "")

def signature(meeting_number, role):
    timestamp = int(round(time.time() * 1000)) - 30000
    message = base64.b64encode((API_KEY + meeting_number + str(timestamp) + str(role)).encode("utf-8"))
    digest = hmac.new(API_SECRET.encode("utf-8"), message, hashlib.sha256).digest()
    hashed = base64.b64encode(digest).decode("utf-8")
    raw = ".".join([API_KEY, meeting_number, str(timestamp), str(role), hashed])
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("utf-8").rstrip("=")
"#;

/// Lifetimes out of the window: SIG005 on lines 10 and 18.
const PY_LIFETIMES: &str = r#"import os
import time

import jwt

SDK_KEY = os.environ["ZOOM_SDK_KEY"]
SDK_SECRET = os.environ["ZOOM_SDK_SECRET"]

def classroom(meeting_number, role):
    iat = int(time.time()) - 30
    exp = iat + 15 * 60
    payload = {"appKey": SDK_KEY, "sdkKey": SDK_KEY, "mn": meeting_number, "role": role, "iat": iat, "exp": exp, "tokenExp": exp}
    return jwt.encode(payload, SDK_SECRET, algorithm="HS256")

def replay(meeting_number):
    iat = int(time.time()) - 30
    payload = {
        "appKey": SDK_KEY, "sdkKey": SDK_KEY, "mn": meeting_number, "role": 0, "iat": iat,
        "exp": iat + 60 * 60 * 24 * 7,
        "tokenExp": iat + 7200,
    }
    return jwt.encode(payload, SDK_SECRET, algorithm="HS256")
"#;

/// Correct Python: one JWT site, no finding.
const PY_OK: &str = r#"import os
import time

import jwt

def signature(meeting_number, role):
    iat = int(time.time()) - 30
    exp = iat + 60 * 60 * 2
    payload = {"appKey": os.getenv("KEY"), "sdkKey": os.getenv("KEY"), "mn": meeting_number, "role": role, "iat": iat, "exp": exp, "tokenExp": exp}
    return jwt.encode(payload, os.getenv("SECRET"), algorithm="HS256")
"#;

/// Legacy signature in PHP: SIG001 on line 7.
const PHP_LEGACY: &str = r#"<?php

function generate_signature($api_key, $api_secret, $meeting_number, $role)
{
    $time = time() * 1000 - 30000;
    $data = base64_encode($api_key . $meeting_number . $time . $role);
    $hash = hash_hmac('sha256', $data, $api_secret, true);
    $_sig = $api_key . "." . $meeting_number . "." . $time . "." . $role . "." . base64_encode($hash);
    return rtrim(strtr(base64_encode($_sig), '+/', '-_'), '=');
}
"#;

// ---------------------------------------------------------------- helpers

fn siglint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("siglint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("reports are UTF-8")
}

fn write(dir: &Path, rel: &str, content: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A Meeting SDK JWT with a 72-hour lifetime (SIG005), committed in a configuration file.
fn committed_token() -> String {
    let header = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = b64url(
        br#"{"appKey":"abcKEY","sdkKey":"abcKEY","mn":"85746065432","role":0,"iat":1700000000,"exp":1700259200,"tokenExp":1700259200}"#,
    );
    format!("{header}.{payload}.{TOKEN_SIGNATURE}")
}

/// Writes the two repositories under `dir`: `payments-api` and `classroom`.
fn write_repos(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("payments-api");
    write(&a, "legacy/signature.js", JS_LEGACY);
    write(&a, "src/zoom/functions.js", JS_JWT_NOT_BACKDATED);
    write(&a, "src/zoom/signer.js", JS_HARDCODED_SECRET);
    write(&a, "src/zoom/ok.js", JS_OK);
    write(&a, "src/util.js", JS_UNRELATED);
    write(&a, "src/TokenController.php", PHP_MILLISECONDS);
    write(
        &a,
        ".env.production",
        &format!("ZOOM_SIGNATURE={}\n", committed_token()),
    );
    let b = dir.join("classroom");
    write(&b, "app/legacy.py", PY_LEGACY);
    write(&b, "app/tokens.py", PY_LIFETIMES);
    write(&b, "app/ok.py", PY_OK);
    write(&b, "web/signature.php", PHP_LEGACY);
    (a, b)
}

fn repos() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_repos(dir.path());
    dir
}

/// Both repositories, as named from their parent folder.
const BOTH: [&str; 2] = ["payments-api", "classroom"];

/// `siglint report --format FORMAT PATH...` run in `cwd`; it must succeed.
fn report(paths: &[&str], format: &str, cwd: &Path) -> String {
    let mut args = vec!["report", "--format", format];
    args.extend(paths);
    let out = siglint(&args, cwd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

fn json_report(paths: &[&str], cwd: &Path) -> Value {
    serde_json::from_str(&report(paths, "json", cwd)).expect("valid JSON")
}

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF records).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => {
                    assert!(field.is_empty(), "a quote inside an unquoted field");
                    quoted = true;
                }
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
                '\n' => panic!("a record ends with LF alone, not CRLF"),
                c => field.push(c),
            }
            if c == '\r' {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
        }
    }
    assert!(!quoted, "unterminated quoted field");
    assert!(field.is_empty() && row.is_empty(), "last record lacks CRLF");
    rows
}

fn by_rule(v: &Value) -> Vec<(String, u64)> {
    v["by_rule"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_u64().unwrap()))
        .collect()
}

fn pairs(xs: &[(&str, u64)]) -> Vec<(String, u64)> {
    xs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

// ---------------------------------------------------------------- tests

#[test]
fn json_report_has_the_schema_and_totals_per_repository_and_language() {
    let dir = repos();
    let v = json_report(&BOTH, dir.path());
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "siglint");

    let repos = v["repositories"].as_array().unwrap();
    assert_eq!(repos.len(), 2);
    let (pa, cl) = (&repos[0], &repos[1]);
    assert_eq!(pa["name"], "payments-api");
    assert_eq!(cl["name"], "classroom");

    // payments-api: 6 source files and one configuration file.
    let s = &pa["summary"];
    assert_eq!(s["files_scanned"], 7, "{s}");
    assert_eq!(
        by_rule(s),
        pairs(&[
            ("SIG001", 1),
            ("SIG003", 3),
            ("SIG004", 1),
            ("SIG005", 2),
            ("SIG006", 2),
            ("SIG008", 1),
            ("TOK005", 1)
        ]),
        "{s}"
    );
    assert_eq!(s["findings"], 11);
    assert_eq!(s["legacy_sites"], 1);
    assert_eq!(s["jwt_sites"], 5, "{s}");
    assert_eq!(s["signature_sites"], 6);
    let langs: Vec<(&str, u64, u64, u64, u64)> = pa["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["language"].as_str().unwrap(),
                l["files_scanned"].as_u64().unwrap(),
                l["signature_sites"].as_u64().unwrap(),
                l["legacy_sites"].as_u64().unwrap(),
                l["findings"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        langs,
        vec![
            ("config", 1, 0, 0, 3),
            ("javascript", 5, 5, 1, 5),
            ("php", 1, 1, 0, 3),
        ]
    );

    // classroom: Python and PHP.
    let s = &cl["summary"];
    assert_eq!(s["files_scanned"], 4);
    assert_eq!(by_rule(s), pairs(&[("SIG001", 2), ("SIG005", 2)]), "{s}");
    assert_eq!(s["legacy_sites"], 2);
    assert_eq!(s["signature_sites"], 5, "{s}");

    // Totals.
    let t = &v["totals"];
    assert_eq!(t["repositories"], 2);
    assert_eq!(t["files_scanned"], 11);
    assert_eq!(t["findings"], 15);
    assert_eq!(t["signature_sites"], 11);
    assert_eq!(t["legacy_sites"], 3);
    assert_eq!(t["errors"], 11);
    assert_eq!(t["warnings"], 4, "three SIG003 and TOK005");
    assert_eq!(
        (
            t["fix_safe"].as_u64(),
            t["fix_unsafe"].as_u64(),
            t["fix_none"].as_u64()
        ),
        (Some(10), Some(4), Some(1))
    );
    // Fix safety comes from the rules: SIG001 and SIG008 unsafe, TOK005 by hand, the rest safe.
    let rules = v["rules"].as_array().unwrap();
    let fix = |code: &str| {
        rules
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} described"))["fix"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut expected = (0, 0, 0);
    for (code, n) in by_rule(t) {
        match fix(&code).as_str() {
            "safe" => expected.0 += n,
            "unsafe" => expected.1 += n,
            _ => expected.2 += n,
        }
    }
    assert_eq!(
        (
            t["fix_safe"].as_u64().unwrap(),
            t["fix_unsafe"].as_u64().unwrap(),
            t["fix_none"].as_u64().unwrap()
        ),
        expected
    );
    assert_eq!(fix("SIG003"), "safe");
    // Only the rules that fire are described, each with what to do.
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["SIG001", "SIG003", "SIG004", "SIG005", "SIG006", "SIG008", "TOK005"]
    );
    for r in rules {
        for key in ["name", "severity", "summary", "help", "fix"] {
            assert!(!r[key].as_str().unwrap().is_empty(), "{r}");
        }
    }

    // Findings: relative paths, positions, derived name and fix.
    let f = &pa["findings"][0];
    assert_eq!(f["path"], ".env.production");
    let f = pa["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "SIG001")
        .unwrap();
    assert_eq!(f["path"], "legacy/signature.js");
    assert_eq!(f["line"], 9);
    assert_eq!(f["name"], "legacy-signature");
    assert_eq!(f["fix"], "unsafe");
    assert_eq!(f["severity"], "error");
    for key in ["column", "end_line", "end_column", "message"] {
        assert!(!f[key].is_null(), "{key}");
    }
    // The file list holds the files with a site or a finding, not unrelated code.
    let files: Vec<&str> = pa["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            ".env.production",
            "legacy/signature.js",
            "src/TokenController.php",
            "src/zoom/functions.js",
            "src/zoom/ok.js",
            "src/zoom/signer.js"
        ]
    );
    // Finding and file paths are relative to each repository's root.
    assert_eq!(pa["root"], "payments-api");
    let text = v.to_string();
    assert!(!text.contains("payments-api/"), "{text}");
}

#[test]
fn json_report_follows_its_published_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::options()
        .build(&schema)
        .expect("docs/report.schema.json compiles as JSON Schema 2020-12");
    let dir = repos();
    let v = json_report(&BOTH, dir.path());
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema is strict: an unknown field, a bad fix or a missing version fail.
    let mut bad = v.clone();
    bad["repositories"][0]["findings"][0]["source"] = "const x = 1".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = v.clone();
    bad["rules"][0]["fix"] = "maybe".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = v.clone();
    bad["totals"]["extra"] = 1.into();
    assert!(!validator.is_valid(&bad));
    let mut bad = v;
    bad.as_object_mut().unwrap().remove("version");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn markdown_report_has_totals_rules_what_to_do_and_line_links() {
    let dir = repos();
    let md = report(&BOTH, "markdown", dir.path());
    assert!(md.starts_with("# siglint migration report\n"), "{md}");
    assert!(
        md.contains("**2 repositories** · **11 files scanned** · **11 signature sites** (3 legacy) · **15 findings** (11 errors, 4 warnings)"),
        "{md}"
    );
    // Repository rows: files, sites, legacy, findings, errors, warnings, safe, unsafe, by hand.
    assert!(
        md.contains("| payments-api | 7 | 6 | 1 | 11 | 7 | 4 | 8 | 2 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| classroom | 4 | 5 | 2 | 4 | 4 | 0 | 2 | 2 | 0 |"),
        "{md}"
    );
    assert!(
        md.contains("| **total** | 11 | 11 | 3 | 15 | 11 | 4 | 10 | 4 | 1 |"),
        "{md}"
    );
    // Per language, with the rules that fire.
    assert!(
        md.contains("| php | 1 | 1 | 0 | 3 | 2 | 1 | 3 | 0 | 0 | SIG003 ×1, SIG006 ×2 |"),
        "{md}"
    );
    assert!(
        md.contains("| config | 1 | 0 | 0 | 3 | 2 | 1 | 2 | 0 | 1 | SIG005 ×2, TOK005 ×1 |"),
        "{md}"
    );
    assert!(
        md.contains("| python | 3 | 4 | 1 | 3 | 3 | 0 | 2 | 1 | 0 | SIG001 ×1, SIG005 ×2 |"),
        "{md}"
    );
    // What to do, per rule, from the rule's summary and help.
    for code in [
        "SIG001", "SIG003", "SIG004", "SIG005", "SIG006", "SIG008", "TOK005",
    ] {
        let info = siglint::catalogue::all_codes()
            .into_iter()
            .find(|r| r.code == code)
            .unwrap();
        assert!(
            md.contains(&format!("### {} {}", code, info.name)),
            "{code}"
        );
    }
    assert!(md.contains("**What to do:** backdate iat by 30 seconds (e.g. `Math.floor(Date.now() / 1000) - 30`)"), "{md}");
    // Line links, relative to the repository root.
    assert!(md.contains("[`legacy/signature.js:9:"), "{md}");
    assert!(md.contains("](legacy/signature.js#L9)"), "{md}");
    assert!(
        md.contains("[11](src/zoom/functions.js#L11) [17](src/zoom/functions.js#L17)"),
        "{md}"
    );
    assert!(md.contains("## Repository payments-api") && md.contains("## Repository classroom"));
    assert!(
        !md.contains("src/util.js"),
        "unrelated files are not listed"
    );
}

#[test]
fn csv_has_one_row_per_finding() {
    let dir = repos();
    let csv = report(&BOTH, "csv", dir.path());
    let rows = parse_csv(&csv);
    assert_eq!(
        rows[0],
        ["repo", "path", "line", "column", "code", "name", "severity", "fixable", "message"]
    );
    let v = json_report(&BOTH, dir.path());
    let mut expected = Vec::new();
    for repo in v["repositories"].as_array().unwrap() {
        for f in repo["findings"].as_array().unwrap() {
            expected.push(vec![
                repo["name"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].to_string(),
                f["column"].to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["name"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["fix"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            ]);
        }
    }
    assert_eq!(rows.len() - 1, 15);
    assert_eq!(rows[1..], expected[..]);
    // Messages with quotes are quoted, their quotes doubled.
    assert!(
        csv.contains(r#"makes the token ""issued in the future"""#),
        "{csv}"
    );
}

#[test]
fn merging_json_results_equals_a_report_over_both_repositories() {
    let dir = repos();
    let direct: Vec<String> = ["json", "markdown", "html", "csv"]
        .iter()
        .map(|f| report(&BOTH, f, dir.path()))
        .collect();
    // Each repository scanned on its own "machine".
    let out = siglint(
        &[
            "report",
            "--format",
            "json",
            "--output",
            "a.json",
            "payments-api",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "--output writes the file only");
    let b_json = report(&["classroom"], "json", dir.path());
    std::fs::write(dir.path().join("b.json"), &b_json).unwrap();
    // Merging reads only the JSON files: the repositories are gone.
    std::fs::remove_dir_all(dir.path().join("payments-api")).unwrap();
    std::fs::remove_dir_all(dir.path().join("classroom")).unwrap();
    for (format, direct) in ["json", "markdown", "html", "csv"].iter().zip(&direct) {
        let out = siglint(
            &["report", "--merge", "a.json", "b.json", "--format", format],
            dir.path(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(&stdout(&out), direct, "--format {format}");
    }
    // A merged result merges again.
    let out = siglint(
        &[
            "report", "--merge", "a.json", "b.json", "--format", "json", "-o", "ab.json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let out = siglint(&["report", "--merge", "ab.json"], dir.path());
    assert_eq!(stdout(&out), direct[1]);
    // Two results for repositories with the same name stay apart.
    let out = siglint(
        &["report", "--merge", "b.json", "b.json", "--format", "json"],
        dir.path(),
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = v["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["classroom", "classroom (2)"]);
    assert_eq!(v["totals"]["findings"], 8);
}

#[test]
fn merge_derives_totals_again_and_rejects_what_it_cannot_read() {
    let dir = repos();
    let mut v = json_report(&["classroom"], dir.path());
    // Tampered totals are not trusted: they are derived from the findings.
    v["totals"]["findings"] = 999.into();
    v["repositories"][0]["summary"]["findings"] = 999.into();
    std::fs::write(dir.path().join("t.json"), v.to_string()).unwrap();
    let out = siglint(
        &["report", "--merge", "t.json", "--format", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let m: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(m["totals"]["findings"], 4);

    let cases: [(&str, String); 4] = [
        ("garbage.json", "not json".to_string()),
        (
            "check.json",
            r#"{"findings": [], "summary": {}}"#.to_string(),
        ),
        ("newer.json", {
            let mut n = v.clone();
            n["version"] = 99.into();
            n.to_string()
        }),
        ("bad-finding.json", {
            let mut n = v.clone();
            n["repositories"][0]["files"] = Value::Array(vec![]);
            n.to_string()
        }),
    ];
    for (name, text) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = siglint(&["report", "--merge", name], dir.path());
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name), "{name}: {err}");
        assert!(out.stdout.is_empty());
    }
    let out = siglint(&["report", "--merge", "newer.json"], dir.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"));
    let out = siglint(&["report", "--merge", "missing.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn exit_status_is_zero_when_written_and_two_on_usage_or_io_errors() {
    let dir = repos();
    // Findings do not fail the command.
    let out = siglint(&["report", "payments-api"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    // A clean repository.
    write(&dir.path().join("clean"), "app.py", PY_OK);
    let out = siglint(&["report", "clean", "--format", "markdown"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("No findings."));
    for args in [
        &["report", "no-such-repo"][..],
        &["report", "payments-api/src/util.js"],
        &["report", "--format", "pdf", "payments-api"],
        &["report", "--merge", "a.json", "payments-api"],
        &[
            "report",
            "payments-api",
            "--output",
            "no-such-dir/report.md",
        ],
    ] {
        let out = siglint(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // `.` is the default, named after the folder.
    let out = siglint(
        &["report", "--format", "json"],
        &dir.path().join("payments-api"),
    );
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["repositories"][0]["name"], "payments-api");
    assert_eq!(v["repositories"][0]["root"], ".");
    assert_eq!(
        v["repositories"][0]["findings"][3]["path"],
        "legacy/signature.js"
    );
}

#[test]
fn secrets_never_appear_in_any_format() {
    let dir = repos();
    for format in ["markdown", "html", "csv", "json"] {
        let text = report(&BOTH, format, dir.path());
        assert!(!text.contains(SECRET), "--format {format} leaks the secret");
        assert!(!text.contains(&SECRET[..12]), "--format {format}");
        assert!(
            !text.contains(TOKEN_SIGNATURE),
            "--format {format} leaks the token"
        );
        assert!(
            !text.contains(&committed_token()[..40]),
            "--format {format}: no source text"
        );
        // No source text: the code around findings is not shown.
        assert!(!text.contains("createHmac"), "--format {format}");
        assert!(text.contains("SIG008"), "--format {format}");
    }
}

/// The name of a repository that needs escaping.
const ROOT: &str = "a&b <i>\"q\"";

/// A repository whose names need escaping: `<`, `>`, `&`, quotes and commas.
fn hostile_repo(dir: &Path) -> PathBuf {
    let root = dir.join(ROOT);
    write(
        &root,
        "<img src=x onerror=alert(1)>, \"q\".js",
        JS_JWT_NOT_BACKDATED,
    );
    root
}

#[test]
fn csv_quotes_fields_and_html_and_markdown_escape_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile_repo(dir.path());
    let name = "<img src=x onerror=alert(1)>, \"q\".js";

    let csv = report(&[ROOT], "csv", dir.path());
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "a&b <i>\"q\"");
    assert_eq!(rows[1][1], name);
    assert!(
        csv.contains("\"<img src=x onerror=alert(1)>, \"\"q\"\".js\""),
        "{csv}"
    );

    let html = report(&[ROOT], "html", dir.path());
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<i>"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;, &quot;q&quot;.js"));
    assert!(html.contains("a&amp;b &lt;i&gt;&quot;q&quot;"));
    // The link is percent-encoded.
    assert!(
        html.contains("href=\"%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%2C%20%22q%22.js#L11\""),
        "{html}"
    );
    // Self-contained: one inline script (sorting and filtering tables), allowed by its hash in
    // the Content-Security-Policy and by nothing else; nothing fetched.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(
        html.contains("\n<script>\n(function () {"),
        "the script is inline"
    );
    let csp = &html[html.find("Content-Security-Policy").unwrap()..];
    let csp = &csp[..csp.find('>').unwrap()];
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline'; script") && !csp.contains("script-src 'unsafe"));
    for attr in ["src=\"", "url("] {
        assert!(!html.contains(attr), "{attr}");
    }
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_namespace.contains("http://") && !without_namespace.contains("https://"));

    let md = report(&[ROOT], "markdown", dir.path());
    // Outside code spans (which show text literally) no markup is left unescaped.
    let prose = without_code_spans(&md);
    let bytes = prose.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'<' | b'>' | b'&') {
            assert_eq!(bytes[i - 1], b'\\', "unescaped at {i}: {prose}");
        }
    }
    assert!(prose.contains("a\\&b \\<i\\>\"q\""), "{prose}");
    assert!(md.contains("## Repository a\\&b \\<i\\>\"q\""), "{md}");
    assert!(
        md.contains("[`<img src=x onerror=alert(1)>, \"q\".js`](%3Cimg"),
        "{md}"
    );
}

/// Markdown with its code spans (a run of backticks up to the next run of the same length)
/// removed.
fn without_code_spans(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence_len = rest[start..].chars().take_while(|c| *c == '`').count();
        let after = &rest[start + fence_len..];
        let mut search = 0;
        let mut end = None;
        while let Some(i) = after[search..].find('`') {
            let at = search + i;
            let run = after[at..].chars().take_while(|c| *c == '`').count();
            if run == fence_len {
                end = Some(at + run);
                break;
            }
            search = at + run;
        }
        match end {
            Some(e) => rest = &after[e..],
            None => panic!("unclosed code span in {rest}"),
        }
    }
    out.push_str(rest);
    out
}

/// The cells of every row of every table in rendered HTML (`<th>` and `<td>` contents).
fn table_rows(html: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in html.split("<tr>").skip(1) {
        let row = &row[..row.find("</tr>").unwrap()];
        let mut cells = Vec::new();
        for cell in row.split("<t").skip(1) {
            let start = cell.find('>').unwrap() + 1;
            let end = cell.find("</t").unwrap();
            cells.push(cell[start..end].to_string());
        }
        rows.push(cells);
    }
    rows
}

#[test]
fn markdown_renders_as_github_renders_it() {
    // cmark-gfm is GitHub's Markdown renderer (Debian package `cmark-gfm`).
    let cmark = std::env::var_os("SIGLINT_CMARK_GFM")
        .map(PathBuf::from)
        .or_else(|| which("cmark-gfm"));
    let Some(cmark) = cmark else {
        skip("markdown_renders_as_github_renders_it: cmark-gfm is not installed (apt-get install cmark-gfm, or set SIGLINT_CMARK_GFM)");
        return;
    };
    let dir = repos();
    let root = hostile_repo(dir.path());
    write(&root, "pipe|a*b_c.js", JS_HARDCODED_SECRET);
    let md = report(&["payments-api", "classroom", ROOT], "markdown", dir.path());
    let mut child = Command::new(cmark)
        .args(["-e", "table"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cmark-gfm runs");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), md.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();

    // Names are text, never markup.
    assert!(!html.contains("<img") && !html.contains("<i>"), "{html}");
    assert!(
        html.contains("<h2>Repository a&amp;b &lt;i&gt;&quot;q&quot;</h2>"),
        "{html}"
    );
    let rows = table_rows(&html);
    // Every row has the cells of its table: a `|` in a name did not split a cell.
    let total = rows
        .iter()
        .find(|r| r[0] == "<strong>total</strong>" && r.len() == 10)
        .expect("the repositories' total row");
    assert_eq!(
        total[1..],
        ["13", "14", "3", "18", "12", "6", "12", "5", "1"]
    );
    let pipe = rows
        .iter()
        .find(|r| r[0].contains("pipe|a*b_c.js:7:"))
        .unwrap_or_else(|| panic!("the finding in pipe|a*b_c.js: {html}"));
    assert_eq!(pipe.len(), 5, "{pipe:?}");
    assert!(
        pipe[0].starts_with("<a href=\"pipe%7Ca%2Ab_c.js#L7\"><code>"),
        "{pipe:?}"
    );
    assert_eq!(pipe[1], "<code>SIG008</code> hardcoded-secret");
    assert!(pipe[4].contains("<code>****cXbe</code>"), "{pipe:?}");
    let hostile = rows
        .iter()
        .find(|r| r[0].contains("onerror") && r.len() == 5)
        .expect("a finding in the hostile file");
    assert!(
        hostile[0].contains("<code>&lt;img src=x onerror=alert(1)&gt;, &quot;q&quot;.js:11:"),
        "{hostile:?}"
    );
    // Help text keeps its code spans.
    assert!(html.contains("<strong>What to do:</strong> backdate iat by 30 seconds (e.g. <code>Math.floor(Date.now() / 1000) - 30</code>)"));
}

/// Notes a test skipped for want of a renderer; with `SIGLINT_REQUIRE_RENDERERS=1` (as CI sets
/// it) a missing renderer fails the test instead.
fn skip(why: &str) {
    if std::env::var_os("SIGLINT_REQUIRE_RENDERERS").is_some_and(|v| v == "1") {
        panic!("SIGLINT_REQUIRE_RENDERERS=1, but {why}");
    }
    eprintln!("SKIPPED {why}");
}

/// A program on the PATH.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

// ---------------------------------------------------------------- headless Chromium

/// The Chromium binary: `$SIGLINT_CHROMIUM`, else `chromium` or `chromium-browser` on the
/// PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SIGLINT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    which("chromium").or_else(|| which("chromium-browser"))
}

/// Runs headless Chromium on `page` with `extra` arguments; returns (stdout, stderr).
fn run_chromium(chromium: &Path, page: &Path, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
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
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read both pipes on threads so a full pipe cannot stall the browser.
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
    (out.join().unwrap(), err.join().unwrap())
}

/// The console messages Chromium logged (`--enable-logging=stderr` prints each as
/// `INFO:CONSOLE(line)] "message", source: …`, whatever its level).
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// The text of the element with `id` in a serialized DOM.
fn element_text<'a>(dom: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\">");
    let start = dom
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in the DOM"))
        + marker.len();
    let end = dom[start..].find('<').unwrap() + start;
    &dom[start..end]
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        skip("html_report_renders_in_headless_chromium: chromium is not installed (apt-get install chromium, or set SIGLINT_CHROMIUM)");
        return;
    };
    let dir = repos();
    let page = dir.path().join("report.html");
    let out = siglint(
        &[
            "report",
            "--format",
            "html",
            "--output",
            "report.html",
            "payments-api",
            "classroom",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));

    // The check of the console works: a page with a script error is caught.
    let bad = dir.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><title>x</title><script>console.error('planted'); missing();</script>",
    )
    .unwrap();
    let (_, err) = run_chromium(&chromium, &bad, &["--dump-dom"]);
    assert!(
        console_messages(&err).iter().any(|l| l.contains("planted")),
        "the console check does not see console messages; stderr:\n{err}"
    );

    let (dom, err) = run_chromium(&chromium, &page, &["--dump-dom"]);
    assert!(
        console_messages(&err).is_empty(),
        "console messages: {:#?}",
        console_messages(&err)
    );
    assert!(
        dom.contains("Zoom Meeting SDK signature migration report"),
        "{dom}"
    );
    let v = json_report(&BOTH, dir.path());
    let t = &v["totals"];
    for (id, key) in [
        ("total-repositories", "repositories"),
        ("total-files", "files_scanned"),
        ("total-sites", "signature_sites"),
        ("total-legacy", "legacy_sites"),
        ("total-findings", "findings"),
        ("total-errors", "errors"),
        ("total-warnings", "warnings"),
        ("total-fix-safe", "fix_safe"),
        ("total-fix-unsafe", "fix_unsafe"),
        ("total-fix-none", "fix_none"),
    ] {
        assert_eq!(element_text(&dom, id), t[key].to_string(), "#{id}");
    }
    assert_eq!(element_text(&dom, "total-findings"), "15");
    assert_eq!(element_text(&dom, "total-legacy"), "3");
    // The charts: one bar per rule that fires; errors and warnings per repository.
    let rules_chart = &dom[dom.find("id=\"chart-rules\"").unwrap()..];
    let rules_chart = &rules_chart[..rules_chart.find("</svg>").unwrap()];
    assert_eq!(rules_chart.matches("<rect").count(), 7);
    let repos_chart = &dom[dom.find("id=\"chart-repos\"").unwrap()..];
    let repos_chart = &repos_chart[..repos_chart.find("</svg>").unwrap()];
    assert_eq!(
        repos_chart.matches("<rect").count(),
        3,
        "payments-api has errors and warnings, classroom errors only"
    );

    // A screenshot: a PNG of the window size. `SIGLINT_REPORT_SCREENSHOT=docs/report-screenshot.png`
    // also keeps it (that is how the screenshot in docs/reports.md is made).
    let shot = dir.path().join("shot.png");
    let (_, err) = run_chromium(
        &chromium,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
            "--hide-scrollbars",
        ],
    );
    assert!(console_messages(&err).is_empty(), "{err}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1600));
    assert!(png.len() > 20_000, "a blank page? {} bytes", png.len());
    if let Some(keep) = std::env::var_os("SIGLINT_REPORT_SCREENSHOT") {
        let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join(keep);
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// (path, code, severity) of a repository's findings in a JSON report.
fn report_findings(repo: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = repo["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// (path below `root`, code, severity) of `siglint check --format json ARGS… root` run in `cwd`.
fn check_findings(args: &[&str], root: &str, cwd: &Path) -> Vec<(String, String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    all.push(root);
    let o = siglint(&all, cwd);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            (
                path.strip_prefix(&format!("{root}/")).unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn each_repository_is_reported_under_its_own_configuration_as_check_reports_it() {
    let dir = repos();
    let before = json_report(&BOTH, dir.path());
    // payments-api leaves its legacy folder out, ignores SIG003 and demotes SIG006.
    write(
        &dir.path().join("payments-api"),
        "siglint.toml",
        "exclude = [\"legacy/**\"]\nignore = [\"SIG003\"]\n\n[severity]\nSIG006 = \"warning\"\n",
    );
    let v = json_report(&BOTH, dir.path());
    let (pa, cl) = (&v["repositories"][0], &v["repositories"][1]);
    let found = report_findings(pa);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|(p, _, _)| !p.starts_with("legacy/")),
        "{found:?}"
    );
    assert!(found.iter().all(|(_, c, _)| c != "SIG003"), "{found:?}");
    let sig006: Vec<_> = found.iter().filter(|f| f.1 == "SIG006").collect();
    assert_eq!(sig006.len(), 2, "{found:?}");
    assert!(sig006.iter().all(|f| f.2 == "warning"), "{found:?}");
    // What the report lists is what `siglint check` reports for the repository.
    assert_eq!(found, check_findings(&[], "payments-api", dir.path()));
    assert_eq!(pa["summary"]["findings"], found.len());
    // classroom has no configuration: unchanged.
    assert_eq!(
        report_findings(cl),
        report_findings(&before["repositories"][1])
    );

    // --config names one file for every repository, as with check.
    write(dir.path(), "strict.toml", "select = [\"SIG001\"]\n");
    let o = siglint(
        &[
            "report",
            "--format",
            "json",
            "--config",
            "strict.toml",
            "payments-api",
            "classroom",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    for repo in v["repositories"].as_array().unwrap() {
        let found = report_findings(repo);
        assert!(!found.is_empty());
        assert!(found.iter().all(|f| f.1 == "SIG001"), "{found:?}");
    }
    assert_eq!(
        report_findings(&v["repositories"][0]),
        check_findings(&["--config", "strict.toml"], "payments-api", dir.path())
    );

    // A broken configuration stops the report before anything is scanned.
    write(
        &dir.path().join("classroom"),
        "siglint.toml",
        "ignor = [\"SIG003\"]\n",
    );
    let o = siglint(&["report", "payments-api", "classroom"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unknown key `ignor`"), "{err}");
}

#[test]
fn the_report_takes_the_size_and_time_limits_of_check() {
    let dir = repos();
    let o = siglint(
        &[
            "report",
            "--format",
            "json",
            "--max-file-size",
            "100",
            "payments-api",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = v["repositories"][0]["not_analysed"].as_array().unwrap();
    let mut skipped: Vec<&str> = notes
        .iter()
        .filter(|n| {
            n["kind"] == "skipped"
                && n["reason"]
                    .as_str()
                    .unwrap()
                    .ends_with("larger than the 100-byte limit")
        })
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    skipped.sort();
    assert_eq!(notes.len(), skipped.len(), "{notes:?}");
    // Exactly the files over 100 bytes: all but src/util.js.
    assert_eq!(
        skipped,
        [
            ".env.production",
            "legacy/signature.js",
            "src/TokenController.php",
            "src/zoom/functions.js",
            "src/zoom/ok.js",
            "src/zoom/signer.js"
        ]
    );
    let small = std::fs::metadata(dir.path().join("payments-api/src/util.js")).unwrap();
    assert!(small.len() <= 100);
    assert_eq!(v["repositories"][0]["summary"]["files_scanned"], 1);
    let help = stdout(&siglint(&["report", "--help"], dir.path()));
    for flag in [
        "--config <PATH>",
        "--max-file-size <BYTES>",
        "--parse-timeout-ms <MS>",
        "--analysis-timeout-ms <MS>",
    ] {
        assert!(help.contains(flag), "{flag} missing: {help}");
    }
    // Limits and configuration mean nothing to --merge.
    let o = siglint(
        &["report", "--merge", "a.json", "--max-file-size", "5"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}
