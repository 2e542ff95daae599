//! Bad input met while following imports across a project (issue 14): import cycles, an imported
//! file over the size limit, a symbolic link loop, a JSON import that is not JSON, a
//! `tsconfig.json` with comments and one with errors. No panic, the findings that do not depend on
//! the bad file still exact, and a note wherever something was passed over.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn siglint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("siglint runs")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The JSON report of `check` over `.` of `dir`, which must exit with `status`.
fn check(dir: &Path, status: i32) -> Value {
    let o = siglint(&["check", "--format", "json", "."], dir);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(status), "{stderr}");
    serde_json::from_slice(&o.stdout).expect("JSON report")
}

/// (path, line, code) of every finding.
fn findings(v: &Value) -> Vec<(String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["range"]["start"]["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (path, reason) pairs of one of the summary's note lists.
fn notes(v: &Value, list: &str) -> Vec<(String, String)> {
    v["summary"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["path"].as_str().unwrap().to_string(),
                n["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A signer whose `exp` lifetime comes from `expr`; its `iat` is backdated and its claims are
/// complete, so any finding is about the lifetime.
fn signer(import: &str, expr: &str) -> String {
    format!(
        "{import}\nconst jwt = require('jsonwebtoken');\n\
         exports.sign = (mn, role) => {{\n\
         \x20 const iat = Math.floor(Date.now() / 1000) - 30;\n\
         \x20 const exp = iat + {expr};\n\
         \x20 return jwt.sign({{ appKey: process.env.K, sdkKey: process.env.K, mn, role, iat, exp, tokenExp: exp }}, process.env.ZOOM_SDK_SECRET, {{ algorithm: 'HS256' }});\n\
         }};\n"
    )
}

#[test]
fn import_cycles_terminate_and_values_through_them_stay_exact() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "package.json", "{\"name\": \"cycles\"}\n");
    // sign -> a -> b -> a, and a value that depends on itself through two files.
    write(
        d.path(),
        "sign.js",
        &signer("const { MINUTES, LOOP } = require('./a');", "MINUTES * 60"),
    );
    write(
        d.path(),
        "a.js",
        "const b = require('./b');\nexports.MINUTES = b.TEN;\nexports.LOOP = b.LOOP + 1;\n",
    );
    write(
        d.path(),
        "b.js",
        "const a = require('./a');\nexports.TEN = 10;\nexports.LOOP = a.LOOP + 1;\n",
    );
    write(
        d.path(),
        "loop.js",
        &signer("const { LOOP } = require('./a');", "LOOP"),
    );
    let v = check(d.path(), 1);
    // The 10-minute lifetime through the cycle is found; the value that only loops is unknown.
    assert_eq!(
        findings(&v),
        [("sign.js".to_string(), 5, "SIG005".to_string())]
    );
}

#[test]
fn an_imported_file_over_the_size_limit_is_a_note_not_a_guess() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "package.json", "{\"name\": \"huge\"}\n");
    write(
        d.path(),
        "sign.js",
        &signer("const { LIFETIME } = require('./big');", "LIFETIME"),
    );
    // 50 MB of module: over the default 10 MB limit.
    let mut big = String::from("exports.LIFETIME = 600;\n");
    let line = format!("exports.filler = \"{}\";\n", "x".repeat(100));
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&line);
    }
    write(d.path(), "big.js", &big);
    let v = check(d.path(), 0);
    assert!(findings(&v).is_empty());
    let skipped = notes(&v, "skipped");
    assert!(
        skipped
            .iter()
            .any(|(p, r)| p == "big.js" && r.contains("larger than")),
        "{skipped:?}"
    );
    let incomplete = notes(&v, "incomplete");
    assert_eq!(incomplete.len(), 1, "{incomplete:?}");
    assert_eq!(incomplete[0].0, "sign.js");
    assert!(
        incomplete[0]
            .1
            .starts_with("imports big.js, which was not read (")
            && incomplete[0].1.ends_with("its values are unknown"),
        "{incomplete:?}"
    );
    // A pre-commit hook naming only the signer gets the same note.
    let o = siglint(&["check", "sign.js"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("note: sign.js: imports big.js"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_imports_is_passed_over_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "package.json", "{\"name\": \"links\"}\n");
    write(d.path(), "lib/config.js", "exports.MINUTES = 10;\n");
    // lib/self -> lib (a folder that contains itself), and two files that point at each other.
    std::os::unix::fs::symlink("../lib", d.path().join("lib/self")).unwrap();
    std::os::unix::fs::symlink("b.js", d.path().join("a.js")).unwrap();
    std::os::unix::fs::symlink("a.js", d.path().join("b.js")).unwrap();
    write(
        d.path(),
        "sign.js",
        &signer(
            "const { MINUTES } = require('./lib/self/self/self/config');\nconst other = require('./a');",
            "MINUTES * 60 + other.EXTRA",
        ),
    );
    write(
        d.path(),
        "short.js",
        &signer(
            "const { MINUTES } = require('./lib/self/config');",
            "MINUTES * 60",
        ),
    );
    let v = check(d.path(), 1);
    // Through the looping folder the module is still found (one file, however it is named);
    // the signer whose lifetime needs the looping link stays silent.
    assert_eq!(
        findings(&v),
        [("short.js".to_string(), 5, "SIG005".to_string())]
    );
    let skipped = notes(&v, "skipped");
    assert!(
        skipped.iter().any(|(p, r)| p.ends_with("a.js")
            && r.starts_with("a symbolic link that cannot be followed")),
        "{skipped:?}"
    );
}

#[test]
fn a_json_import_that_is_not_json_is_unknown_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "package.json", "{\"name\": \"json\"}\n");
    write(
        d.path(),
        "zoom.json",
        "{ \"lifetime\": 600, this is not JSON\n",
    );
    write(d.path(), "good.json", "{ \"lifetime\": 600 }\n");
    write(
        d.path(),
        "sign.js",
        &signer("const cfg = require('./zoom.json');", "cfg.lifetime"),
    );
    write(
        d.path(),
        "other.js",
        &signer("const cfg = require('./good.json');", "cfg.lifetime"),
    );
    let v = check(d.path(), 1);
    assert_eq!(
        findings(&v),
        [("other.js".to_string(), 5, "SIG005".to_string())]
    );
    assert_eq!(
        notes(&v, "incomplete"),
        [(
            "sign.js".to_string(),
            "imports zoom.json, which is not valid JSON: its values are unknown".to_string()
        )]
    );
}

#[test]
fn tsconfig_with_comments_is_followed_and_a_broken_one_is_a_note() {
    let sign = "import { LIFETIME } from '@cfg/zoom';\nimport jwt from 'jsonwebtoken';\n\
                export function sign(mn: string, role: 0 | 1): string {\n\
                \x20 const iat = Math.floor(Date.now() / 1000) - 30;\n\
                \x20 const exp = iat + LIFETIME;\n\
                \x20 return jwt.sign({ appKey: process.env.K, sdkKey: process.env.K, mn, role, iat, exp, tokenExp: exp }, process.env.ZOOM_SDK_SECRET as string);\n\
                }\n";
    for (tsconfig, expect_finding) in [
        // Comments and trailing commas, as tsc allows.
        (
            "{\n  // aliases\n  \"compilerOptions\": {\n    \"baseUrl\": \".\", /* root */\n    \"paths\": { \"@cfg/*\": [\"src/config/*\"], },\n  },\n}\n",
            true,
        ),
        // Cut off halfway.
        ("{ \"compilerOptions\": { \"baseUrl\": \".\", \"paths\": { \"@cfg/*\": [\"src/config/*\"]\n", false),
    ] {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "package.json", "{\"name\": \"ts\"}\n");
        write(d.path(), "tsconfig.json", tsconfig);
        write(d.path(), "src/config/zoom.ts", "export const LIFETIME = 60 * 10;\n");
        write(d.path(), "src/sign.ts", sign);
        let v = check(d.path(), if expect_finding { 1 } else { 0 });
        let skipped = notes(&v, "skipped");
        if expect_finding {
            assert_eq!(findings(&v), [("src/sign.ts".to_string(), 5, "SIG005".to_string())]);
            assert!(skipped.is_empty(), "{skipped:?}");
        } else {
            assert!(findings(&v).is_empty());
            assert_eq!(skipped.len(), 1, "{skipped:?}");
            assert!(skipped[0].0.ends_with("tsconfig.json"), "{skipped:?}");
            assert!(
                skipped[0].1.starts_with("not JSON at byte")
                    && skipped[0].1.ends_with("its settings are not followed"),
                "{skipped:?}"
            );
        }
    }
}
