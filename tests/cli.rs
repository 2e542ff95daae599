//! End-to-end tests of the `siglint` binary: walking, ignore files, bad input, output formats
//! and exit codes, the way a user meets them.

use std::path::Path;
use std::process::{Command, Output};

const BAD_JWT_JS: &str = r#"const crypto = require('crypto')
function sign(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + 60 * 60 * 2
  const payload = { appKey: process.env.KEY, sdkKey: process.env.KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  return require('jsonwebtoken').sign(payload, process.env.SECRET, { algorithm: 'HS256' })
}
"#;

const GOOD_JWT_JS: &str = r#"function sign(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000) - 30
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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, rel: &str, content: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("valid JSON on stdout")
}

fn finding_paths(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn text_output_points_at_the_expression_and_exit_code_is_1() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "src/sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "src"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("warning[SIG003/iat-not-backdated]"), "{out}");
    assert!(out.contains("src/sign.js:3:15"), "{out}");
    assert!(
        out.contains("const iat = Math.floor(Date.now() / 1000)"),
        "{out}"
    );
    assert!(out.contains("= help: backdate iat by 30 seconds"), "{out}");
}

#[test]
fn json_output_follows_the_documented_schema() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), "good.js", GOOD_JWT_JS.as_bytes());
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f["code"], "SIG003");
    assert_eq!(f["name"], "iat-not-backdated");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["path"], "sign.js");
    assert_eq!(f["range"]["start"]["line"], 3);
    assert_eq!(f["range"]["start"]["column"], 15);
    assert_eq!(f["range"]["end"]["line"], 3);
    assert_eq!(f["range"]["end"]["column"], 44);
    assert!(f["message"].as_str().unwrap().contains("current time"));
    assert!(f["help"].as_str().unwrap().contains("backdate"));
    assert_eq!(v["summary"]["files_scanned"], 2);
    assert_eq!(v["summary"]["findings"], 1);
    assert_eq!(v["summary"]["by_code"]["SIG003"], 1);
}

#[test]
fn clean_code_exits_0() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "good.js", GOOD_JWT_JS.as_bytes());
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("No signature problems found in 1 file."));
}

#[test]
fn gitignore_node_modules_and_hidden_folders_are_skipped_unless_no_ignore() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".gitignore", b"build/\n");
    write(d.path(), "build/sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), "node_modules/.gitignore", b"*\n");
    write(d.path(), "node_modules/lib/sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), ".cache/sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), "app/sign.js", BAD_JWT_JS.as_bytes());
    // Not a git repository: .gitignore must apply all the same (users scan exported trees).
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(finding_paths(&json(&o)), vec!["app/sign.js"]);

    let o = siglint(&["check", "--format", "json", "--no-ignore", "."], d.path());
    let mut paths = finding_paths(&json(&o));
    paths.sort();
    assert_eq!(
        paths,
        vec![
            ".cache/sign.js",
            "app/sign.js",
            "build/sign.js",
            "node_modules/lib/sign.js"
        ]
    );
}

#[test]
fn an_explicit_file_is_scanned_even_when_ignored() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), ".gitignore", b"build/\n");
    write(d.path(), "build/sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "--format", "json", "build/sign.js"], d.path());
    assert_eq!(finding_paths(&json(&o)), vec!["build/sign.js"]);
}

#[test]
fn binary_and_non_utf8_files_are_skipped_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bundle.js", b"\x00\x01\x02binary\x00");
    write(d.path(), "latin1.js", b"const s = '\xe9t\xe9';\n");
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("note: skipped bundle.js: binary file (contains NUL bytes)"),
        "{out}"
    );
    assert!(
        out.contains("note: skipped latin1.js: not valid UTF-8"),
        "{out}"
    );
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    assert_eq!(v["summary"]["skipped"].as_array().unwrap().len(), 2);
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn a_missing_path_is_a_clear_error_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let o = siglint(&["check", "does-not-exist"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("error: does-not-exist: no such file or directory"));
}

#[test]
fn a_missing_path_beside_readable_ones_is_reported_and_scanning_goes_on() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "--format", "json", "sign.js", "gone"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["summary"]["problems"][0]["path"], "gone");
    assert_eq!(finding_paths(&v), vec!["sign.js"]);
}

#[test]
fn an_empty_directory_is_fine() {
    let d = tempfile::tempdir().unwrap();
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("No signature problems found in 0 files."));
}

#[test]
fn usage_errors_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let o = siglint(&["check", "--format", "yaml", "."], d.path());
    assert_eq!(o.status.code(), Some(2));
    let o = siglint(&["frobnicate"], d.path());
    assert_eq!(o.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_or_crash() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/sign.js", BAD_JWT_JS.as_bytes());
    std::os::unix::fs::symlink(d.path().join("a"), d.path().join("a/loop")).unwrap();
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(finding_paths(&json(&o)), vec!["a/sign.js"]);
}

#[test]
fn deeply_nested_files_are_reported_not_crashed_on() {
    let d = tempfile::tempdir().unwrap();
    // A claim name in each, so that the prefilter lets them through to the parser.
    let deep = format!(
        "const sdkKey = {}1{};\n",
        "f(".repeat(5000),
        ")".repeat(5000)
    );
    write(d.path(), "deep.js", deep.as_bytes());
    let hash = format!(
        "x = {{sdkKey: {}1{}}}\n",
        "{a: ".repeat(5000),
        "}".repeat(5000)
    );
    write(d.path(), "deep.rb", hash.as_bytes());
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("note: deep.js: expressions nested too deep were not analysed"));
    assert!(out.contains("note: deep.rb: expressions nested too deep were not analysed"));
}

#[test]
fn syntax_errors_do_not_stop_analysis_of_the_sound_part() {
    let d = tempfile::tempdir().unwrap();
    let broken = format!("{BAD_JWT_JS}\nfunction broken( {{ return ;;; ]\n");
    write(d.path(), "sign.js", broken.as_bytes());
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    assert_eq!(v["summary"]["files_with_syntax_errors"], 1);
    assert_eq!(finding_paths(&v), vec!["sign.js"]);
}

#[test]
fn crlf_and_bom_files_are_analysed_with_correct_positions() {
    let d = tempfile::tempdir().unwrap();
    let crlf = BAD_JWT_JS.replace('\n', "\r\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    write(d.path(), "sign.js", &bytes);
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    let f = &v["findings"][0];
    assert_eq!(f["code"], "SIG003");
    assert_eq!(f["range"]["start"]["line"], 3);
    assert_eq!(f["range"]["start"]["column"], 15);
}

/// Shapes of minified bundles that once made evaluation explode: long chains of ternaries
/// (choices multiply), values shared many times (a DAG whose unfolding is exponential), huge
/// literals. They must finish and find what is really there.
#[test]
fn pathological_values_stay_bounded() {
    let d = tempfile::tempdir().unwrap();
    let mut src = String::new();
    let terms: Vec<String> = (0..300).map(|i| format!("(c{i} ? {i} : -{i})")).collect();
    src.push_str(&format!("var t = {};\n", terms.join(" + ")));
    src.push_str("var a0 = ['x', 'y'];\n");
    for i in 1..60 {
        src.push_str(&format!(
            "var a{i} = [a{p}, a{p}, a{p} + 'z'];\n",
            p = i - 1
        ));
    }
    let items: Vec<String> = (0..5000).map(|i| format!("k{i}: {i}")).collect();
    src.push_str(&format!("var table = {{ {} }};\n", items.join(", ")));
    src.push_str(BAD_JWT_JS);
    write(d.path(), "bundle.min.js", src.as_bytes());
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    assert_eq!(finding_paths(&v), vec!["bundle.min.js"]);
    assert_eq!(v["findings"][0]["code"], "SIG003");
}

#[test]
fn a_file_named_several_times_is_analysed_once() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let v = json(&siglint(
        &["check", "--format", "json", "sign.js", ".", "./sign.js"],
        d.path(),
    ));
    assert_eq!(v["summary"]["files_scanned"], 1);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn arithmetic_overflow_in_a_file_is_not_a_crash() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "overflow.js",
        b"const x = (-9223372036854775807 - 1) / -1;\nconst y = (-9223372036854775807 - 1) % -1;\nconst z = -(-9223372036854775807 - 1);\n",
    );
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(finding_paths(&v), vec!["sign.js"]);
    assert!(v["summary"]["problems"].as_array().unwrap().is_empty());
}

#[test]
fn doubling_concatenations_do_not_exhaust_memory() {
    let d = tempfile::tempdir().unwrap();
    let mut src = String::from("const s0 = 'abcdefgh';\n");
    for i in 1..64 {
        src.push_str(&format!("const s{i} = s{p} + s{p};\n", p = i - 1));
    }
    src.push_str(BAD_JWT_JS);
    write(d.path(), "double.js", src.as_bytes());
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    assert_eq!(finding_paths(&v), vec!["double.js"]);
}

/// A Meeting SDK JWT made the way a server would, signed with a test secret.
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
fn committed_tokens_in_env_and_source_files_are_reported_and_masked() {
    let d = tempfile::tempdir().unwrap();
    // A token with a lifetime of 72 h: SIG005 inside the token.
    let token = make_jwt(
        r#"{"appKey":"k","sdkKey":"k","mn":123456789,"role":0,"iat":1700000000,"exp":1700259200,"tokenExp":1700259200}"#,
    );
    write(
        d.path(),
        ".env",
        format!("ZOOM_SIGNATURE={token}\n").as_bytes(),
    );
    write(
        d.path(),
        "demo.js",
        format!("const signature = '{token}'\nZoomMtg.join({{ signature }})\n").as_bytes(),
    );
    write(d.path(), "config.yaml", b"zoom:\n  sdk_key: k\n");
    let o = siglint(&["check", "--format", "json", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let codes: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for path in [".env", "demo.js"] {
        assert!(
            codes.contains(&(path.to_string(), "TOK005".to_string())),
            "{codes:?}"
        );
        assert!(
            codes.contains(&(path.to_string(), "SIG005".to_string())),
            "{codes:?}"
        );
    }
    assert_eq!(v["summary"]["files_scanned"], 3);
    // The text output shows the lines but never the token's signature.
    let text = stdout(&siglint(&["check", "."], d.path()));
    let signature = token.rsplit('.').next().unwrap();
    assert!(text.contains("committed-token"), "{text}");
    assert!(!text.contains(signature), "{text}");
}

#[test]
fn configuration_suppressions_and_baselines_work_together() {
    let d = tempfile::tempdir().unwrap();
    // SIG003 on line 3 of sign.js; a second copy in vendor/ that the config excludes.
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    write(d.path(), "vendor/sign.js", BAD_JWT_JS.as_bytes());
    write(
        d.path(),
        "siglint.toml",
        b"exclude = [\"vendor/\"]\n\n[severity]\nSIG003 = \"error\"\n",
    );
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    assert_eq!(finding_paths(&v), vec!["sign.js"]);
    assert_eq!(v["findings"][0]["severity"], "error");

    // An unknown key is a usage error that names the key and its position.
    write(d.path(), "siglint.toml", b"selct = [\"SIG003\"]\n");
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("selct") && err.contains("1:1"), "{err}");

    // `ignore` silences a rule.
    write(
        d.path(),
        "siglint.toml",
        b"ignore = [\"SIG003\"]\nexclude = [\"vendor/\"]\n",
    );
    let o = siglint(&["check", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::remove_file(d.path().join("siglint.toml")).unwrap();
    std::fs::remove_dir_all(d.path().join("vendor")).unwrap();

    // A suppression on the line above silences it; one that suppresses nothing is reported.
    let suppressed = BAD_JWT_JS.replace(
        "  const iat = Math.floor",
        "  // siglint: ignore[SIG003] the gateway backdates for us\n  const iat = Math.floor",
    );
    write(d.path(), "sign.js", suppressed.as_bytes());
    write(
        d.path(),
        "other.js",
        b"// siglint: ignore[SIG004] nothing here\nconst x = 1\n",
    );
    let v = json(&siglint(&["check", "--format", "json", "."], d.path()));
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["SUP001"], "{v}");

    // A baseline records today's findings; inserted lines above do not bring them back, a new
    // finding does.
    write(d.path(), "other.js", b"const x = 1\n");
    write(d.path(), "sign.js", BAD_JWT_JS.as_bytes());
    let o = siglint(&["check", "--write-baseline", "base.json", "."], d.path());
    assert_eq!(o.status.code(), Some(0));
    let shifted = format!("// a new header comment\n\n{BAD_JWT_JS}");
    write(d.path(), "sign.js", shifted.as_bytes());
    let o = siglint(&["check", "--baseline", "base.json", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let worse = shifted.replace("role, iat, exp", "role: '1', iat, exp");
    write(d.path(), "sign.js", worse.as_bytes());
    let v = json(&siglint(
        &["check", "--format", "json", "--baseline", "base.json", "."],
        d.path(),
    ));
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["SIG002"], "{v}");
}

/// `--diff` shows, and `--fix` writes, the exact repaired text; a second `--fix` changes nothing.
#[test]
fn fix_and_diff_repair_backdating_and_base64url_in_every_language() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &str); 5] = [
        (
            "sign.js",
            "function sign(mn, role) {\n  const iat = Math.floor(Date.now() / 1000)\n  const exp = iat + 7200\n  const p = { appKey: process.env.K, sdkKey: process.env.K, mn, role, iat, exp, tokenExp: exp }\n  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')\n  const b = Buffer.from(JSON.stringify(p)).toString('base64')\n  const s = require('crypto').createHmac('sha256', process.env.S).update(`${h}.${b}`).digest('base64url')\n  return `${h}.${b}.${s}`\n}\n",
            "function sign(mn, role) {\n  const iat = Math.floor(Date.now() / 1000) - 30\n  const exp = iat + 7200\n  const p = { appKey: process.env.K, sdkKey: process.env.K, mn, role, iat, exp, tokenExp: exp }\n  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')\n  const b = Buffer.from(JSON.stringify(p)).toString('base64url')\n  const s = require('crypto').createHmac('sha256', process.env.S).update(`${h}.${b}`).digest('base64url')\n  return `${h}.${b}.${s}`\n}\n",
        ),
        (
            "sign.php",
            "<?php\nfunction sign($mn, $role) {\n    $iat = time() - 30;\n    $h = rtrim(strtr(base64_encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT'])), '+/', '-_'), '=');\n    $p = base64_encode(json_encode(['appKey' => getenv('K'), 'sdkKey' => getenv('K'), 'mn' => $mn, 'role' => $role, 'iat' => $iat, 'exp' => $iat + 7200]));\n    $s = rtrim(strtr(base64_encode(hash_hmac('sha256', \"$h.$p\", getenv('S'), true)), '+/', '-_'), '=');\n    return \"$h.$p.$s\";\n}\n",
            "<?php\nfunction sign($mn, $role) {\n    $iat = time() - 30;\n    $h = rtrim(strtr(base64_encode(json_encode(['alg' => 'HS256', 'typ' => 'JWT'])), '+/', '-_'), '=');\n    $p = rtrim(strtr(base64_encode(json_encode(['appKey' => getenv('K'), 'sdkKey' => getenv('K'), 'mn' => $mn, 'role' => $role, 'iat' => $iat, 'exp' => $iat + 7200])), '+/', '-_'), '=');\n    $s = rtrim(strtr(base64_encode(hash_hmac('sha256', \"$h.$p\", getenv('S'), true)), '+/', '-_'), '=');\n    return \"$h.$p.$s\";\n}\n",
        ),
        (
            "sign.rb",
            "def sign(mn, role)\n  iat = Time.now.to_i\n  payload = { appKey: ENV['K'], sdkKey: ENV['K'], mn: mn, role: role, iat: iat, exp: iat + 7200 }\n  JWT.encode(payload, ENV['S'], 'HS256')\nend\n",
            "def sign(mn, role)\n  iat = Time.now.to_i - 30\n  payload = { appKey: ENV['K'], sdkKey: ENV['K'], mn: mn, role: role, iat: iat, exp: iat + 7200 }\n  JWT.encode(payload, ENV['S'], 'HS256')\nend\n",
        ),
        (
            "sign.py",
            "import base64, hashlib, hmac, json, os, time\n\ndef sign(mn, role):\n    iat = int(time.time()) - 30\n    h = base64.urlsafe_b64encode(b'{\"alg\":\"HS256\",\"typ\":\"JWT\"}').rstrip(b\"=\")\n    p = base64.b64encode(json.dumps({\"appKey\": os.environ[\"K\"], \"sdkKey\": os.environ[\"K\"], \"mn\": mn, \"role\": role, \"iat\": iat, \"exp\": iat + 7200}).encode())\n    s = base64.urlsafe_b64encode(hmac.new(os.environ[\"S\"].encode(), h + b\".\" + p, hashlib.sha256).digest()).rstrip(b\"=\")\n    return (h + b\".\" + p + b\".\" + s).decode()\n",
            "import base64, hashlib, hmac, json, os, time\n\ndef sign(mn, role):\n    iat = int(time.time()) - 30\n    h = base64.urlsafe_b64encode(b'{\"alg\":\"HS256\",\"typ\":\"JWT\"}').rstrip(b\"=\")\n    p = base64.urlsafe_b64encode(json.dumps({\"appKey\": os.environ[\"K\"], \"sdkKey\": os.environ[\"K\"], \"mn\": mn, \"role\": role, \"iat\": iat, \"exp\": iat + 7200}).encode()).rstrip(b\"=\")\n    s = base64.urlsafe_b64encode(hmac.new(os.environ[\"S\"].encode(), h + b\".\" + p, hashlib.sha256).digest()).rstrip(b\"=\")\n    return (h + b\".\" + p + b\".\" + s).decode()\n",
        ),
        (
            "Sign.java",
            "class Sign {\n    String sign(String mn, int role) {\n        long iat = System.currentTimeMillis() / 1000;\n        return JWT.create().withClaim(\"appKey\", k).withClaim(\"sdkKey\", k).withClaim(\"mn\", mn).withClaim(\"role\", role)\n            .withClaim(\"iat\", iat).withClaim(\"exp\", iat + 7200).sign(Algorithm.HMAC256(System.getenv(\"S\")));\n    }\n}\n",
            "class Sign {\n    String sign(String mn, int role) {\n        long iat = System.currentTimeMillis() / 1000 - 30;\n        return JWT.create().withClaim(\"appKey\", k).withClaim(\"sdkKey\", k).withClaim(\"mn\", mn).withClaim(\"role\", role)\n            .withClaim(\"iat\", iat).withClaim(\"exp\", iat + 7200).sign(Algorithm.HMAC256(System.getenv(\"S\")));\n    }\n}\n",
        ),
    ];
    for (name, before, _) in &cases {
        write(d.path(), name, before.as_bytes());
    }
    // --diff writes nothing and exits 1.
    let o = siglint(&["check", "--diff", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("+  const iat = Math.floor(Date.now() / 1000) - 30"));
    for (name, before, _) in &cases {
        assert_eq!(
            std::fs::read_to_string(d.path().join(name)).unwrap(),
            *before
        );
    }
    // --fix writes exactly the repaired text; nothing fixable is left.
    let o = siglint(&["check", "--fix", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    for (name, _, after) in &cases {
        assert_eq!(
            std::fs::read_to_string(d.path().join(name)).unwrap(),
            *after,
            "{name}"
        );
    }
    // A second run changes nothing.
    let o = siglint(&["check", "--diff", "."], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

/// `--diff` shows the line a fix moves a hard-coded secret out of, masked like findings are.
#[test]
fn diff_never_prints_a_secret() {
    let d = tempfile::tempdir().unwrap();
    let secret = "bT6yHn2WqL9xKc4RmV8sZj3PfD7gUe5A";
    write(
        d.path(),
        "sign.js",
        format!("const jwt = require('jsonwebtoken');\nconst SECRET = '{secret}';\nexports.sign = (mn, role) => jwt.sign({{ appKey: process.env.K, sdkKey: process.env.K, mn, role, iat: Math.floor(Date.now() / 1000) - 30, exp: Math.floor(Date.now() / 1000) + 7200 }}, SECRET, {{ algorithm: 'HS256' }});\n").as_bytes(),
    );
    let o = siglint(&["check", "--diff", "--unsafe-fixes", "."], d.path());
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("+const SECRET = process.env.ZOOM_SDK_SECRET;"),
        "{out}"
    );
    assert!(out.contains("-const SECRET = '****Ue5A';"), "{out}");
    assert!(!out.contains(secret), "{out}");
}
