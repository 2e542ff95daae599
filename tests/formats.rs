//! The CI formats end to end, checked against what their consumers accept: SARIF against the
//! official SARIF 2.1.0 JSON schema (vendored, see tests/sarif-2.1.0.LICENSE), JUnit as
//! well-formed XML, GitHub workflow commands with the runner's escaping, GitLab Code Quality
//! fields; fingerprints that survive line shifts; and no hard-coded secret in any format.
//! Also `siglint rules`, `siglint explain` and `check --statistics`.

use std::path::Path;
use std::process::{Command, Output};

/// A hand-rolled signer with three defects a user might have: `iat` not backdated (SIG003, a
/// warning), standard base64 segments (SIG004) and a hard-coded secret (SIG008).
const SIGNER_JS: &str = r#"const crypto = require('crypto')
const SDK_SECRET = 'Qm7Rx2LpVt9KzWc4NbHs8YfJd3GuEa6T'
function sign(meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + 60 * 60 * 2
  const header = { alg: 'HS256', typ: 'JWT' }
  const payload = { appKey: process.env.KEY, sdkKey: process.env.KEY, mn: meetingNumber, role, iat, exp, tokenExp: exp }
  const h = Buffer.from(JSON.stringify(header)).toString('base64')
  const p = Buffer.from(JSON.stringify(payload)).toString('base64')
  const s = crypto.createHmac('sha256', SDK_SECRET).update(`${h}.${p}`).digest('base64')
  return `${h}.${p}.${s}`
}
module.exports = { sign }
"#;

/// The hard-coded secret of [`SIGNER_JS`]: no output may show more than its last four
/// characters.
const SECRET: &str = "Qm7Rx2LpVt9KzWc4NbHs8YfJd3GuEa6T";

/// A file name every format has to escape: `,` and `:` delimit GitHub properties, `&`, `<`, `>`
/// and `"` are XML markup, the space, `#` and `%` must be percent-encoded in a URI.
const AWKWARD_NAME: &str = "src/we,ird: <dir> & \"x\"/sign #1 50%.js";

const ALL_FORMATS: &[&str] = &[
    "text", "json", "sarif", "github", "junit", "gitlab", "concise",
];

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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, rel: &str, content: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

fn parse_json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// A Meeting SDK JWT signed with a test secret (a committed token: TOK005).
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

/// A project with findings in two files (one with an awkward name) and a committed token.
fn project() -> (tempfile::TempDir, String) {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "src/zoom/signature.js", SIGNER_JS);
    write(d.path(), AWKWARD_NAME, SIGNER_JS);
    let token = make_jwt(
        r#"{"appKey":"k","sdkKey":"k","mn":123456789,"role":0,"iat":1700000000,"exp":1700007200,"tokenExp":1700007200}"#,
    );
    write(d.path(), ".env", &format!("ZOOM_SIGNATURE={token}\n"));
    (d, token)
}

fn sarif_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif-2.1.0.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Validates against the vendored schema, both as the draft-07 document the OASIS standard
/// publishes and as the 2020-12 document the file declares itself, with formats (`uri`,
/// `uri-reference`) asserted.
fn assert_valid_sarif(log: &serde_json::Value) {
    let schema = sarif_schema();
    let validators = [
        (
            "draft-07",
            jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the SARIF schema compiles as draft-07"),
        ),
        (
            "2020-12",
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the SARIF schema compiles as 2020-12"),
        ),
    ];
    for (draft, validator) in &validators {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "SARIF invalid ({draft}): {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_what_github_would_reject() {
    // The validation is not vacuous: a result without a message and a bad level fail.
    let schema = sarif_schema();
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let bad = serde_json::json!({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "siglint"}}, "results": [{"ruleId": "SIG004", "level": "fatal"}]}]
    });
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_is_valid_and_carries_rules_locations_and_fingerprints() {
    let (d, _) = project();
    let o = siglint(&["check", "--format", "sarif", "."], d.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = parse_json(&o);
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "siglint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));

    // Every code `check` may report is described, with its document as help.
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for code in siglint::catalogue::all_codes() {
        assert!(
            ids.contains(&code.code),
            "{} missing from {ids:?}",
            code.code
        );
    }
    let sig004 = rules.iter().find(|r| r["id"] == "SIG004").unwrap();
    assert_eq!(sig004["name"], "non-url-safe-base64");
    assert_eq!(sig004["defaultConfiguration"]["level"], "error");
    assert!(sig004["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("/rules/SIG004.md"));
    assert!(sig004["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    assert!(sig004["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Checks the encoder"));
    assert!(sig004["properties"]["tags"].as_array().unwrap().len() >= 2);
    let sig008 = rules.iter().find(|r| r["id"] == "SIG008").unwrap();
    assert!(sig008["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&"security".into()));
    let sig003 = rules.iter().find(|r| r["id"] == "SIG003").unwrap();
    assert_eq!(sig003["defaultConfiguration"]["level"], "warning");

    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for code in ["SIG003", "SIG004", "SIG008", "TOK005"] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
    for r in results {
        // ruleIndex points at the rule's descriptor.
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains('\\') && !uri.contains(':'),
            "{uri}"
        );
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key} in {region}");
        }
        let print = r["partialFingerprints"]["siglint/v1"].as_str().unwrap();
        assert!(!print.is_empty());
        assert!(r["message"]["text"].as_str().unwrap().ends_with('.'));
    }
    // Relative, forward slashes, percent-encoded.
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"src/zoom/signature.js"), "{uris:?}");
    assert!(uris.contains(&".env"), "{uris:?}");
    assert!(
        uris.contains(&"src/we,ird%3A%20%3Cdir%3E%20&%20%22x%22/sign%20%231%2050%25.js"),
        "{uris:?}"
    );
    // SIG003 on `Math.floor(Date.now() / 1000)`, line 4, columns 15 to 44 (end exclusive).
    let sig003 = results
        .iter()
        .find(|r| {
            r["ruleId"] == "SIG003"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "src/zoom/signature.js"
        })
        .unwrap();
    assert_eq!(sig003["level"], "warning");
    assert_eq!(
        sig003["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 4, "startColumn": 15, "endLine": 4, "endColumn": 44})
    );
    // The base the relative URIs resolve against is the directory siglint ran in.
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_paths_are_relative_to_the_current_directory_however_the_path_was_given() {
    let (d, _) = project();
    let sub = d.path().join("src");
    let uris = |o: &Output| -> Vec<String> {
        let log = parse_json(o);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // From the root with a relative path, from the root with an absolute path, and from a
    // subdirectory with `..`: the same repository-relative URIs.
    let a = uris(&siglint(
        &["check", "--format", "sarif", "src/zoom"],
        d.path(),
    ));
    let abs = d.path().join("src/zoom");
    let b = uris(&siglint(
        &["check", "--format", "sarif", abs.to_str().unwrap()],
        d.path(),
    ));
    let c = uris(&siglint(
        &["check", "--format", "sarif", "zoom/../zoom"],
        &sub,
    ));
    assert!(a.iter().all(|u| u == "src/zoom/signature.js"), "{a:?}");
    assert_eq!(a, b);
    assert!(c.iter().all(|u| u == "zoom/signature.js"), "{c:?}");
    // A file outside the current directory gets an absolute file URI, no base.
    let outside = siglint(&["check", "--format", "sarif", "../.env"], &sub);
    let log = parse_json(&outside);
    assert_valid_sarif(&log);
    let loc = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(
        loc["uri"].as_str().unwrap().starts_with("file:///"),
        "{loc}"
    );
    assert!(loc.get("uriBaseId").is_none(), "{loc}");
}

#[test]
fn sarif_without_findings_and_with_unreadable_paths_is_valid() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "good.js", "module.exports = 1\n");
    let o = siglint(&["check", "--format", "sarif", "."], d.path());
    assert_eq!(o.status.code(), Some(0));
    let log = parse_json(&o);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));

    let o = siglint(
        &["check", "--format", "sarif", "missing-dir", "good.js"],
        d.path(),
    );
    let log = parse_json(&o);
    assert_valid_sarif(&log);
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["level"], "error");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("missing-dir"));

    // Nothing readable at all: the invocation failed.
    let o = siglint(&["check", "--format", "sarif", "missing-dir"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let log = parse_json(&o);
    assert_valid_sarif(&log);
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

fn fingerprints(dir: &Path) -> Vec<(String, String, u64)> {
    let log = parse_json(&siglint(&["check", "--format", "sarif", "."], dir));
    let mut out: Vec<(String, String, u64)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["siglint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn fingerprints_survive_line_shifts_and_stay_unique() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sign.js", SIGNER_JS);
    let before = fingerprints(d.path());
    assert!(before.len() >= 4, "{before:?}");
    // Unique: the three SIG004 encoders sit on different lines, and even identical lines differ
    // by their occurrence index.
    let mut prints: Vec<&String> = before.iter().map(|(_, p, _)| p).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), before.len());

    // Lines added above and indentation changed: the same fingerprints on other lines.
    let shifted = format!(
        "// Signature service.\n\n// Reviewed.\n{}",
        SIGNER_JS.replace("\n  const iat", "\n      const iat")
    );
    write(d.path(), "sign.js", &shifted);
    let after = fingerprints(d.path());
    let strip = |v: &[(String, String, u64)]| -> Vec<(String, String)> {
        v.iter().map(|(c, p, _)| (c.clone(), p.clone())).collect()
    };
    assert_eq!(strip(&before), strip(&after));
    assert!(before.iter().zip(&after).all(|(b, a)| a.2 == b.2 + 3));

    // The same file copied twice: identical lines, distinct fingerprints by path.
    write(d.path(), "copy/sign.js", &shifted);
    let both = fingerprints(d.path());
    let mut prints: Vec<&String> = both.iter().map(|(_, p, _)| p).collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), both.len());

    // A finding's own line changing changes its fingerprint (it is a new finding).
    write(
        d.path(),
        "sign.js",
        &shifted.replace(
            "const iat = Math.floor(Date.now() / 1000)",
            "const iat = Math.floor(Date.now() / 1000.0)",
        ),
    );
    let changed = fingerprints(d.path());
    let sig003 = |v: &[(String, String, u64)]| -> Vec<String> {
        v.iter()
            .filter(|(c, _, _)| c == "SIG003")
            .map(|(_, p, _)| p.clone())
            .collect()
    };
    assert_ne!(sig003(&changed)[..1], sig003(&after)[..1]);
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let (d, _) = project();
    let o = siglint(&["check", "--format", "github", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::warning file=src/zoom/signature.js,line=4,col=15,endLine=4,endColumn=44,title=SIG003 iat-not-backdated::`iat` is the current time"
        )),
        "{out}"
    );
    let sig004 = lines
        .iter()
        .find(|l| l.starts_with("::error file=src/zoom/signature.js,line=9,"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        sig004.contains(",title=SIG004 non-url-safe-base64::"),
        "{sig004}"
    );
    // The help is a second line of the annotation: an escaped line feed, not a real one.
    assert!(
        sig004.contains("%0Ahelp: encode each segment as base64url"),
        "{sig004}"
    );
    // Property values escape `,` `:` `%`; the message part only `%` and line breaks.
    assert!(
        out.contains("::error file=src/we%2Cird%3A <dir> & \"x\"/sign #1 50%25.js,line=9,"),
        "{out}"
    );
    for l in &lines[..lines.len() - 1] {
        assert!(
            l.starts_with("::error ") || l.starts_with("::warning "),
            "{l}"
        );
    }
    assert!(lines.last().unwrap().starts_with("siglint: "), "{out}");
}

#[test]
fn junit_is_well_formed_xml_with_a_suite_per_file_and_a_case_per_finding() {
    let (d, _) = project();
    let o = siglint(&["check", "--format", "junit", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            ".env",
            "src/we,ird: <dir> & \"x\"/sign #1 50%.js",
            "src/zoom/signature.js"
        ]
    );
    let json = parse_json(&siglint(&["check", "--format", "json", "."], d.path()));
    let total = json["findings"].as_array().unwrap().len();
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), total);
    assert_eq!(root.attribute("tests"), Some(total.to_string().as_str()));
    assert_eq!(root.attribute("failures"), Some(total.to_string().as_str()));
    for suite in &suites {
        let n = suite
            .children()
            .filter(|c| c.has_tag_name("testcase"))
            .count();
        assert_eq!(suite.attribute("tests"), Some(n.to_string().as_str()));
    }
    let case = cases
        .iter()
        .find(|c| c.attribute("name") == Some("SIG003 iat-not-backdated (4:15)"))
        .unwrap();
    assert_eq!(
        case.attribute("file"),
        Some("src/we,ird: <dir> & \"x\"/sign #1 50%.js")
    );
    let failure = case.children().find(|c| c.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("type"), Some("SIG003"));
    assert!(failure
        .attribute("message")
        .unwrap()
        .contains("\"issued in the future\""));
    assert!(failure.text().unwrap().contains("help: backdate iat"));

    // A clean scan is one passing case.
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "a.js", "module.exports = 1\n");
    let xml = stdout(&siglint(&["check", "--format", "junit", "."], clean.path()));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        1
    );
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let (d, _) = project();
    let o = siglint(&["check", "--format", "gitlab", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let issues = parse_json(&o);
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut prints = std::collections::HashSet::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint"] {
            assert!(!i[key].as_str().unwrap().is_empty(), "{key} in {i}");
        }
        assert!(prints.insert(i["fingerprint"].as_str().unwrap().to_string()));
        assert!(
            matches!(i["severity"].as_str(), Some("major" | "minor")),
            "{i}"
        );
        assert!(!i["location"]["path"].as_str().unwrap().starts_with('/'));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    let sig003 = issues
        .iter()
        .find(|i| i["check_name"] == "SIG003" && i["location"]["path"] == "src/zoom/signature.js")
        .unwrap();
    assert_eq!(sig003["severity"], "minor");
    assert_eq!(sig003["location"]["lines"]["begin"], 4);
    assert!(sig003["description"]
        .as_str()
        .unwrap()
        .starts_with("SIG003 iat-not-backdated: `iat` is the current time"));
    let sig004 = issues.iter().find(|i| i["check_name"] == "SIG004").unwrap();
    assert_eq!(sig004["severity"], "major");
    // The fingerprints are SARIF's.
    let sarif = parse_json(&siglint(&["check", "--format", "sarif", "."], d.path()));
    let sarif_prints: std::collections::HashSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["siglint/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(prints, sarif_prints);
}

#[test]
fn concise_is_one_line_per_finding() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "src/sign.js", SIGNER_JS);
    let o = siglint(&["check", "--format", "concise", "src"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let json = parse_json(&siglint(&["check", "--format", "json", "src"], d.path()));
    let findings = json["findings"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    for (f, line) in findings.iter().zip(&lines) {
        let expected = format!(
            "{}:{}:{}: {} {}",
            f["path"].as_str().unwrap(),
            f["range"]["start"]["line"],
            f["range"]["start"]["column"],
            f["code"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    assert!(lines.contains(&"src/sign.js:4:15: SIG003 `iat` is the current time; a clock running ahead of Zoom's makes the token \"issued in the future\""), "{out}");
    assert!(lines.last().unwrap().starts_with("Found "), "{out}");
}

#[test]
fn no_format_shows_a_hard_coded_secret_or_a_committed_tokens_signature() {
    let (d, token) = project();
    let signature = token.rsplit('.').next().unwrap();
    // The secret's first 28 characters never appear (the last four may, as `****cXbe`).
    let hidden = &SECRET[..SECRET.len() - 4];
    for format in ALL_FORMATS {
        let o = siglint(
            &["check", "--format", format, "--statistics", "."],
            d.path(),
        );
        assert_eq!(o.status.code(), Some(1), "{format}");
        for stream in [stdout(&o), stderr(&o)] {
            assert!(
                !stream.contains(hidden),
                "{format} leaks the secret:\n{stream}"
            );
            assert!(
                !stream.contains(signature),
                "{format} leaks the token's signature:\n{stream}"
            );
        }
        let out = stdout(&o);
        // The secret was found: each format reports SIG008 (text and junit by code and name).
        assert!(out.contains("SIG008"), "{format}: {out}");
    }
}

#[test]
fn rules_lists_every_code_as_a_table_and_as_json() {
    let d = tempfile::tempdir().unwrap();
    let o = siglint(&["rules"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("code    name"), "{header}");
    assert!(
        header.contains("severity") && header.contains("fix"),
        "{header}"
    );
    let sig004 = out.lines().find(|l| l.starts_with("SIG004")).unwrap();
    let cells: Vec<&str> = sig004.split_whitespace().collect();
    assert_eq!(
        &cells[..4],
        ["SIG004", "non-url-safe-base64", "error", "safe"]
    );
    for code in siglint::catalogue::all_codes() {
        assert!(out.contains(code.code), "{}", code.code);
    }

    let v = parse_json(&siglint(&["rules", "--format", "json"], d.path()));
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), siglint::catalogue::all_codes().len());
    let sig008 = rules.iter().find(|r| r["code"] == "SIG008").unwrap();
    assert_eq!(sig008["name"], "hardcoded-secret");
    assert_eq!(sig008["severity"], "error");
    assert_eq!(sig008["fix"], "unsafe");
    let tok005 = rules.iter().find(|r| r["code"] == "TOK005").unwrap();
    assert_eq!(tok005["severity"], "warning");
}

#[test]
fn explain_prints_the_rule_document_and_rejects_unknown_codes() {
    let d = tempfile::tempdir().unwrap();
    let o = siglint(&["explain", "SIG004"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("# SIG004 non-url-safe-base64"), "{out}");
    let doc = include_str!("../rules/SIG004.md");
    let body = doc.splitn(3, "---\n").nth(2).unwrap().trim();
    assert!(out.contains(body), "{out}");
    // Any case, or the rule's name.
    assert_eq!(stdout(&siglint(&["explain", "sig004"], d.path())), out);
    assert_eq!(
        stdout(&siglint(&["explain", "non-url-safe-base64"], d.path())),
        out
    );
    // A token-state code has no document: its summary and help.
    let tok = stdout(&siglint(&["explain", "TOK005"], d.path()));
    assert!(
        tok.contains("committed-token") && tok.contains("How to fix"),
        "{tok}"
    );

    let o = siglint(&["explain", "SIG999"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("unknown rule `SIG999`; `siglint rules` lists the codes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn statistics_count_findings_per_rule_after_the_findings() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sign.js", SIGNER_JS);
    let o = siglint(&["check", "--statistics", "."], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let stats = out
        .split("\nStatistics:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{out}"));
    assert!(out.find("Found ").unwrap() < out.find("Statistics:").unwrap());
    let rows: Vec<Vec<&str>> = stats
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0], ["count", "code", "name", "severity", "fix"]);
    assert!(
        rows.contains(&vec!["2", "SIG004", "non-url-safe-base64", "error", "safe"]),
        "{stats}"
    );
    assert!(
        rows.contains(&vec!["1", "SIG003", "iat-not-backdated", "warning", "safe"]),
        "{stats}"
    );
    // Most frequent first.
    assert_eq!(rows[1][1], "SIG004");

    // Machine formats stay parseable: the table goes to standard error.
    let o = siglint(
        &["check", "--format", "sarif", "--statistics", "."],
        d.path(),
    );
    parse_json(&o);
    assert!(stderr(&o).contains("SIG004"), "{}", stderr(&o));
}

#[test]
fn every_format_renders_the_bundled_fixtures_validly() {
    // All rules, six languages, multi-line findings, committed tokens: the widest input there is.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sarif = siglint(&["check", "--format", "sarif", "fixtures"], root);
    assert_eq!(sarif.status.code(), Some(1), "{}", stderr(&sarif));
    let log = parse_json(&sarif);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut prints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["siglint/v1"].as_str().unwrap())
        .collect();
    let n = prints.len();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints must be unique");
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("fixtures/"), "{uri}");
    }

    let junit = stdout(&siglint(&["check", "--format", "junit", "fixtures"], root));
    let doc = roxmltree::Document::parse(&junit).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .count(),
        n
    );
    let gitlab = parse_json(&siglint(&["check", "--format", "gitlab", "fixtures"], root));
    assert_eq!(gitlab.as_array().unwrap().len(), n);
    let github = stdout(&siglint(&["check", "--format", "github", "fixtures"], root));
    assert_eq!(
        github
            .lines()
            .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
            .count(),
        n
    );
    let concise = stdout(&siglint(
        &["check", "--format", "concise", "fixtures"],
        root,
    ));
    assert_eq!(
        concise
            .lines()
            .filter(|l| l.starts_with("fixtures/"))
            .count(),
        n
    );
}
