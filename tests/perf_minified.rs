//! Minified code and the prefilter (issue 7): large minified bundles are not parsed, but they are
//! reported with a note and still searched for committed tokens; small minified files, and
//! signature code on ordinary lines next to minified code, are analysed.

use std::path::Path;
use std::process::{Command, Output};

/// A Meeting SDK JWT generator written on one line, as a minifier would: iat not backdated.
const MINIFIED_SIGNER: &str = "function sign(n,r){const i=Math.floor(Date.now()/1000),e=i+7200,p={appKey:process.env.KEY,sdkKey:process.env.KEY,mn:n,role:r,iat:i,exp:e,tokenExp:e};return require('jsonwebtoken').sign(p,process.env.SECRET,{algorithm:'HS256'})}";

/// The same generator, formatted.
const SIGNER: &str = r#"function sign(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + 60 * 60 * 2
  const payload = { appKey: process.env.KEY, sdkKey: process.env.KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  return require('jsonwebtoken').sign(payload, process.env.SECRET, { algorithm: 'HS256' })
}
"#;

fn siglint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("siglint runs")
}

fn check_json(dir: &Path) -> serde_json::Value {
    let o = siglint(&["check", "--format", "json", "."], dir);
    serde_json::from_slice(&o.stdout).expect("valid JSON on stdout")
}

/// (path, code) of every finding.
fn findings(v: &serde_json::Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Minified code of at least `n` bytes on one line, without any prefilter word.
fn minified(n: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < n {
        s.push_str(&format!(
            "var a{i}=function(b,c){{return b.exports?c.expression:b+c*{i}}};"
        ));
        i += 1;
    }
    s
}

/// A large bundle (three long lines and a banner) naming `HMAC` inside its minified code.
fn bundle(extra_on_long_line: &str) -> String {
    let line = minified(40_000);
    format!(
        "/*! app v1.2.3 | MIT */\n{line}var kw=['HMAC','SHA256'];{extra_on_long_line}{line}\n{line}\n//# sourceMappingURL=app.min.js.map\n"
    )
}

fn make_jwt(payload: &str) -> String {
    use base64::Engine;
    use hmac::Mac;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let input = format!(
        "{}.{}",
        b64.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64.encode(payload)
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"test-secret-for-siglint").unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64.encode(mac.finalize().into_bytes()))
}

#[test]
fn a_small_minified_file_with_signature_code_is_analysed() {
    let d = tempfile::tempdir().unwrap();
    let text = format!("{}{MINIFIED_SIGNER}\n", minified(20_000));
    assert!(text.len() < siglint::prefilter::MINIFIED_MIN_SIZE);
    std::fs::write(d.path().join("sign.min.js"), text).unwrap();
    let v = check_json(d.path());
    assert_eq!(
        findings(&v),
        vec![("sign.min.js".to_string(), "SIG003".to_string())]
    );
    assert!(v["summary"]["skipped"].as_array().unwrap().is_empty());
}

#[test]
fn a_large_minified_bundle_is_skipped_with_a_note_but_searched_for_tokens() {
    let d = tempfile::tempdir().unwrap();
    let token = make_jwt(
        r#"{"appKey":"k","sdkKey":"k","mn":123456789,"role":0,"iat":1700000000,"exp":1700007200,"tokenExp":1700007200}"#,
    );
    // Signature code minified into the bundle is not analysed (no SIG003), a token is found.
    let inside = format!("{MINIFIED_SIGNER};var t='{token}';");
    std::fs::create_dir_all(d.path().join("dist")).unwrap();
    std::fs::write(d.path().join("dist/app.min.js"), bundle(&inside)).unwrap();
    std::fs::write(d.path().join("other.js"), "const x = 1;\n").unwrap();
    let v = check_json(d.path());
    assert_eq!(
        findings(&v),
        vec![("dist/app.min.js".to_string(), "TOK005".to_string())]
    );
    let skipped = v["summary"]["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["path"], "dist/app.min.js");
    let reason = skipped[0]["reason"].as_str().unwrap();
    assert!(reason.starts_with("minified code ("), "{reason}");
    assert!(
        reason.contains("only searched for committed tokens"),
        "{reason}"
    );
    // It was read (for tokens), so it counts as scanned, with its finding.
    assert_eq!(v["summary"]["files_scanned"], 2);
    assert_eq!(v["summary"]["files_with_findings"], 1);
    // The human format says so too.
    let out = String::from_utf8_lossy(&siglint(&["check", "."], d.path()).stdout).into_owned();
    assert!(
        out.contains("note: skipped dist/app.min.js: minified code ("),
        "{out}"
    );
}

#[test]
fn a_large_minified_bundle_without_a_site_word_is_silent() {
    let d = tempfile::tempdir().unwrap();
    let text = format!("{}\n{}\n", minified(40_000), minified(40_000));
    std::fs::write(d.path().join("vendor.js"), text).unwrap();
    let v = check_json(d.path());
    assert!(findings(&v).is_empty());
    assert!(v["summary"]["skipped"].as_array().unwrap().is_empty());
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn signature_code_on_ordinary_lines_of_a_bundle_is_analysed() {
    let d = tempfile::tempdir().unwrap();
    let text = format!("{}{SIGNER}", bundle(""));
    std::fs::write(d.path().join("app.js"), text).unwrap();
    let v = check_json(d.path());
    assert_eq!(
        findings(&v),
        vec![("app.js".to_string(), "SIG003".to_string())]
    );
    assert!(v["summary"]["skipped"].as_array().unwrap().is_empty());
}
