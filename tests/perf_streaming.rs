//! Streaming results (issue 7): a scan keeps a report only for files with something to say
//! (findings, signature sites, notes, problems) and counts the rest, and every total the output
//! formats print stays exact.

use std::path::Path;
use std::process::{Command, Output};

use siglint::engine::FileOutcome;
use siglint::walk::{scan, WalkOptions};

const BAD_JWT_JS: &str = r#"function sign(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + 60 * 60 * 2
  const payload = { appKey: process.env.KEY, sdkKey: process.env.KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  return require('jsonwebtoken').sign(payload, process.env.SECRET, { algorithm: 'HS256' })
}
"#;

const GOOD_JWT_PY: &str = r#"import time, jwt, os

def sign(meeting_number, role):
    iat = int(time.time()) - 30
    exp = iat + 60 * 60 * 2
    payload = {"appKey": os.environ["KEY"], "sdkKey": os.environ["KEY"], "mn": meeting_number,
               "role": role, "iat": iat, "exp": exp, "tokenExp": exp}
    return jwt.encode(payload, os.environ["SECRET"], algorithm="HS256")
"#;

fn siglint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("siglint runs")
}

fn write(dir: &Path, rel: &str, content: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

/// A tree of 300 files with nothing to report (40 of them with syntax errors), one file with a
/// finding, one correct generator (a site, no finding), one binary file and one ignored file.
fn tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let (ext, body) = match i % 5 {
            0 => ("js", format!("export const v{i} = {i};\n")),
            1 => (
                "ts",
                format!("export function f{i}(x: number) {{ return x + {i} }}\n"),
            ),
            2 => ("py", format!("def f{i}(x):\n    return x + {i}\n")),
            3 => ("rb", format!("def f{i}(x)\n  x + {i}\nend\n")),
            _ => ("json", format!("{{\"v\": {i}}}\n")),
        };
        // A claim word makes the prefilter parse the file; a broken one has a syntax error.
        let body = if i % 5 == 0 && i % 10 == 0 {
            format!("const sdkKey = process.env.KEY;\nfunction broken( {{ {body}\n")
        } else {
            body
        };
        write(
            d.path(),
            &format!("pkg{}/m{i}.{ext}", i % 7),
            body.as_bytes(),
        );
    }
    write(d.path(), "zoom/sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), "zoom/ok.py", GOOD_JWT_PY.as_bytes());
    write(d.path(), "assets/blob.js", b"\x00\x01binary");
    write(d.path(), ".gitignore", b"ignored/\n");
    write(d.path(), "ignored/sign.js", BAD_JWT_JS.as_bytes());
    d
}

#[test]
fn only_files_with_something_to_report_are_kept() {
    let d = tree();
    let s = scan(
        &[d.path().to_path_buf()],
        &WalkOptions {
            no_ignore: false,
            threads: 2,
            max_file_size: 1 << 20,
            policy: None,
        },
    );
    let kept: Vec<String> = s
        .files
        .iter()
        .map(|f| f.rel.as_ref().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept, vec!["assets/blob.js", "zoom/ok.py", "zoom/sign.js"]);
    assert!(matches!(s.files[0].outcome, FileOutcome::Skipped(_)));
    assert_eq!(s.quiet.total(), 300);
    let per_language: Vec<(&str, usize)> =
        s.quiet.by_language.iter().map(|(l, n)| (*l, *n)).collect();
    assert_eq!(
        per_language,
        vec![
            ("config", 60),
            ("javascript", 60),
            ("python", 60),
            ("ruby", 60),
            ("typescript", 60)
        ]
    );
    assert_eq!(s.quiet.with_syntax_errors, 30);
}

#[test]
fn totals_count_the_files_that_were_not_kept() {
    let d = tree();
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v["summary"];
    assert_eq!(s["files_scanned"], 302, "{s}");
    assert_eq!(s["files_with_findings"], 1, "{s}");
    assert_eq!(s["files_with_syntax_errors"], 30, "{s}");
    assert_eq!(s["skipped"].as_array().unwrap().len(), 1, "{s}");
    let text = String::from_utf8_lossy(&siglint(&["check", "."], d.path()).stdout).into_owned();
    assert!(text.contains("in 1 of 302 files scanned."), "{text}");

    // The repository report counts every file per language, and the sites of the kept ones.
    let o = siglint(&["report", "--format", "json", "."], d.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let repo = &v["repositories"][0];
    assert_eq!(repo["summary"]["files_scanned"], 302);
    let langs: Vec<(String, u64, u64)> = repo["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["language"].as_str().unwrap().to_string(),
                l["files_scanned"].as_u64().unwrap(),
                l["jwt_sites"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        langs,
        vec![
            ("config".to_string(), 60, 0),
            ("javascript".to_string(), 61, 1),
            ("python".to_string(), 61, 1),
            ("ruby".to_string(), 60, 0),
            ("typescript".to_string(), 60, 0),
        ]
    );
}
