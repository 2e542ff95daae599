//! `siglint.toml`, inline suppressions and baselines, on real signature code.

use std::path::{Path, PathBuf};

use siglint::baseline::{self, Baseline};
use siglint::config::{self, ConfigError, ConfigResolver};
use siglint::diagnostic::{Finding, Severity};
use siglint::engine::{analyze_text, FileKind};
use siglint::model::Language;
use siglint::rules::Settings;
use siglint::span::LineIndex;
use siglint::suppress;

/// A Cloud Function signing a Meeting SDK token with `iat` backdated by `backdate` seconds and
/// a lifetime of `lifetime` seconds.
fn signer(backdate: u64, lifetime: u64) -> String {
    format!(
        "const {{ KJUR }} = require('jsrsasign');

exports.signature = (req, res) => {{
  const iat = Math.floor(Date.now() / 1000) - {backdate};
  const exp = iat + {lifetime};
  const payload = {{ sdkKey: process.env.ZOOM_SDK_KEY, mn: req.body.meetingNumber, role: 0, iat, exp, tokenExp: exp }};
  const header = JSON.stringify({{ alg: 'HS256', typ: 'JWT' }});
  res.json({{ signature: KJUR.jws.JWS.sign('HS256', header, JSON.stringify(payload), process.env.ZOOM_SDK_SECRET) }});
}};
"
    )
}

fn analyze(source: &str, settings: &Settings) -> Vec<Finding> {
    analyze_text(
        FileKind::Source(Language::JavaScript),
        source,
        Some(Path::new("functions/signature.js")),
        settings,
    )
    .findings
}

/// (line, code) of findings, sorted.
fn lines(source: &str, findings: &[Finding]) -> Vec<(usize, String)> {
    let index = LineIndex::new(source);
    let mut out: Vec<(usize, String)> = findings
        .iter()
        .map(|f| {
            (
                index.position(source, f.span.start).line,
                f.code.to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn load_text(text: &str) -> Result<config::Config, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "siglint.toml", text);
    config::load(&path)
}

fn invalid(text: &str) -> (usize, usize, String) {
    match load_text(text) {
        Err(ConfigError::Invalid {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected an invalid configuration, got {other:?}"),
    }
}

// --- siglint.toml ------------------------------------------------------------------------------

#[test]
fn a_full_configuration_loads() {
    let c = load_text(
        r#"
select = ["SIG", "TOK005"]
ignore = ["SIG011"]
exclude = ["vendor/", "*.min.js"]

[severity]
SIG003 = "error"
TOK = "warning"

[per-file-ignores]
"legacy/**" = ["SIG001", "SIG004"]

[window]
min-seconds = 3600
max-seconds = 86_400
min-backdate-seconds = 30
"#,
    )
    .unwrap();
    assert_eq!(
        c.settings(),
        Settings {
            min_lifetime: 3600,
            max_lifetime: 86_400,
            min_backdate: 30
        }
    );
    assert_eq!(c.severity("SIG003"), Some(Severity::Error));
    assert_eq!(c.severity("TOK005"), Some(Severity::Warning));
    assert_eq!(c.severity("SIG001"), None);
    assert!(c.is_enabled("SIG001") && c.is_enabled("TOK005"));
    assert!(!c.is_enabled("SIG011"));
    assert!(!c.is_enabled("TOK001"), "not selected");
    assert!(!c.is_enabled("SUP001"), "not selected");
}

#[test]
fn no_configuration_means_every_code_and_zoom_s_window() {
    let c = config::Config::default();
    assert_eq!(c.settings(), Settings::default());
    assert!(c.filter("SIG003", Path::new("src/a.js")));
    assert!(c.filter("SUP001", Path::new("src/a.js")));
    assert!(!c.is_excluded(Path::new("vendor/a.js")));
    assert_eq!(c.severity("SIG003"), None);
}

#[test]
fn an_unknown_key_is_an_error_at_its_line_and_column() {
    let (line, column, message) = invalid("select = [\"SIG\"]\n\n  selct = [\"SIG003\"]\n");
    assert_eq!((line, column), (3, 3));
    assert!(message.contains("unknown key `selct`"), "{message}");
    assert!(message.contains("did you mean `select`?"), "{message}");

    let (line, column, message) = invalid("[window]\nmin-seconds = 1800\nmax_seconds = 7200\n");
    assert_eq!((line, column), (3, 1));
    assert!(message.contains("`window.max_seconds`"), "{message}");
    assert!(message.contains("did you mean `max-seconds`?"), "{message}");

    let (line, column, message) = invalid("[windows]\nmin-seconds = 1800\n");
    assert_eq!((line, column), (1, 2));
    assert!(message.contains("unknown key `windows`"), "{message}");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_the_value() {
    let (line, column, message) = invalid("select = \"SIG003\"\n");
    assert_eq!((line, column), (1, 10));
    assert_eq!(
        message,
        "`select` must be an array of strings, found a string"
    );

    let (line, column, message) = invalid("[window]\nmin-seconds = \"30m\"\n");
    assert_eq!((line, column), (2, 15));
    assert!(
        message.contains("`window.min-seconds` must be a whole number of seconds, found a string"),
        "{message}"
    );

    let (line, column, message) = invalid("ignore = [\"SIG001\", 3]\n");
    assert_eq!((line, column), (1, 21));
    assert!(message.contains("found an integer"), "{message}");

    let (line, _, message) = invalid("[severity]\nSIG003 = \"fatal\"\n");
    assert_eq!(line, 2);
    assert!(message.contains("\"error\" or \"warning\""), "{message}");

    let (_, _, message) = invalid("[window]\nmin-backdate-seconds = -5\n");
    assert!(message.contains("0 or more"), "{message}");

    let (line, _, message) = invalid("[window]\nmin-seconds = 7200\nmax-seconds = 3600\n");
    assert_eq!(line, 2);
    assert!(message.contains("greater than"), "{message}");
}

#[test]
fn unknown_codes_and_bad_syntax_are_errors_with_positions() {
    let (line, column, message) = invalid("\nselect = [\"SIG999\"]\n");
    assert_eq!((line, column), (2, 11));
    assert!(
        message.contains("`SIG999` is not a siglint code"),
        "{message}"
    );

    let (line, _, message) = invalid("select = [\"SIG003\"\nignore = []\n");
    assert!(message.starts_with("invalid TOML"), "{message}");
    assert!(line >= 1);

    let (line, column, message) = invalid("ignore = []\nignore = [\"SIG003\"]\n");
    assert_eq!((line, column), (2, 1), "{message}");
    assert_eq!(message, "invalid TOML: duplicate key `ignore`");

    // The error names the file and the position for the CLI to print.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "siglint.toml", "colour = true\n");
    let shown = config::load(&path).unwrap_err().to_string();
    assert!(
        shown.ends_with("siglint.toml:1:1: unknown key `colour` (expected one of: select, ignore, exclude, severity, per-file-ignores, window)"),
        "{shown}"
    );
    let missing = config::load(&dir.path().join("nope.toml")).unwrap_err();
    assert!(matches!(missing, ConfigError::Io { .. }), "{missing:?}");
}

#[test]
fn select_and_ignore_take_codes_and_prefixes_the_more_specific_winning() {
    let c = load_text("select = [\"SIG00\"]\n").unwrap();
    assert!(c.is_enabled("SIG003") && c.is_enabled("SIG009"));
    assert!(!c.is_enabled("SIG010") && !c.is_enabled("TOK005"));

    let c = load_text("ignore = [\"SIG\"]\nselect = [\"SIG003\"]\n").unwrap();
    assert!(c.is_enabled("SIG003"), "the exact code beats the prefix");
    assert!(!c.is_enabled("SIG005"));

    let c = load_text("select = [\"SIG003\"]\nignore = [\"SIG003\"]\n").unwrap();
    assert!(!c.is_enabled("SIG003"), "a tie ignores");

    let c = load_text("ignore = [\"TOK\", \"SIG011\"]\n").unwrap();
    assert!(c.is_enabled("SIG001") && c.is_enabled("SUP001"));
    assert!(!c.is_enabled("TOK005") && !c.is_enabled("SIG011"));

    let c = load_text("select = [\"ALL\"]\nignore = [\"SIG012\"]\n").unwrap();
    assert!(c.is_enabled("TOK001") && !c.is_enabled("SIG012"));
}

#[test]
fn per_file_ignores_match_gitignore_style_globs() {
    let c = load_text(
        r#"
[per-file-ignores]
"legacy/**" = ["SIG001"]
"*.test.js" = ["SIG00"]
"/scripts/" = ["SIG008"]
"#,
    )
    .unwrap();
    assert!(!c.filter("SIG001", Path::new("legacy/old/sign.js")));
    assert!(
        c.filter("SIG001", Path::new("src/legacy/sign.js")),
        "anchored"
    );
    assert!(
        c.filter("SIG003", Path::new("legacy/old/sign.js")),
        "other codes stay"
    );
    assert!(
        !c.filter("SIG005", Path::new("src/deep/sign.test.js")),
        "any depth"
    );
    assert!(c.filter("SIG010", Path::new("src/deep/sign.test.js")));
    assert!(!c.filter("SIG008", Path::new("scripts/dev/make_token.py")));
    assert!(c.filter("SIG008", Path::new("app/scripts/make_token.py")));

    let kept = c.filter_findings(
        Some(Path::new("legacy/a.js")),
        vec![
            Finding::new("SIG001", siglint::model::Span::new(0, 1), "legacy"),
            Finding::new("SIG003", siglint::model::Span::new(2, 3), "iat"),
        ],
    );
    assert_eq!(
        kept.iter().map(|f| f.code).collect::<Vec<_>>(),
        vec!["SIG003"]
    );
}

#[test]
fn exclude_patterns_are_relative_to_the_configuration_file() {
    let c =
        load_text("exclude = [\"vendor/\", \"*.min.js\", \"/build\", \"docs/examples/*.php\"]\n")
            .unwrap();
    assert!(c.is_excluded(Path::new("vendor/zoom/sign.js")));
    assert!(c.is_excluded(Path::new("packages/web/vendor/sign.js")));
    assert!(c.is_excluded(Path::new("public/app.min.js")));
    assert!(c.is_excluded(Path::new("build/out.js")));
    assert!(!c.is_excluded(Path::new("src/build/out.js")));
    assert!(c.is_excluded(Path::new("docs/examples/sign.php")));
    assert!(!c.is_excluded(Path::new("docs/examples/deep/sign.php")));
    assert!(!c.is_excluded(Path::new("src/sign.js")));
    assert!(c.is_excluded_dir(Path::new("vendor")));
    assert!(!c.is_excluded_dir(Path::new("src")));

    let (line, column, message) = invalid("exclude = [\"!keep.js\"]\n");
    assert_eq!((line, column), (1, 12));
    assert!(
        message.starts_with("`exclude`: `!keep.js`: negated patterns"),
        "{message}"
    );
    let (_, _, message) = invalid("exclude = [\"src/[a-\"]\n");
    assert!(message.contains("not a valid glob"), "{message}");
}

#[test]
fn discovery_walks_up_to_the_nearest_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let top = write(root, "siglint.toml", "ignore = [\"SIG011\"]\n");
    let nested = write(
        root,
        "services/api/.siglint.toml",
        "ignore = [\"SIG003\"]\n",
    );
    let file = write(root, "services/api/src/zoom/sign.js", "x");
    let other = write(root, "web/src/sign.js", "x");

    let found = |p: &Path| config::discover(p).map(|f| f.canonicalize().unwrap());
    assert_eq!(found(&file), Some(nested.canonicalize().unwrap()));
    assert_eq!(found(&other), Some(top.canonicalize().unwrap()));
    assert_eq!(found(&root.join("web")), Some(top.canonicalize().unwrap()));
    // siglint.toml takes precedence over .siglint.toml in one directory.
    let both = write(root, "services/api/siglint.toml", "");
    assert_eq!(found(&file), Some(both.canonicalize().unwrap()));
    std::fs::remove_file(&both).unwrap();

    let resolver = ConfigResolver::new(None).unwrap();
    let c = resolver.for_path(&file).unwrap();
    assert!(!c.is_enabled("SIG003") && c.is_enabled("SIG011"));
    // Paths are relative to the directory of the file that applies.
    assert_eq!(
        c.relative(&file).unwrap(),
        PathBuf::from("src/zoom/sign.js")
    );
    let c = resolver.for_path(&other).unwrap();
    assert!(c.is_enabled("SIG003") && !c.is_enabled("SIG011"));
    assert_eq!(
        c.relative(&other).unwrap(),
        PathBuf::from("web/src/sign.js")
    );

    // --config overrides discovery for every path.
    let fixed = ConfigResolver::new(Some(&top)).unwrap();
    assert!(fixed.for_path(&file).unwrap().is_enabled("SIG003"));

    // A broken configuration is an error for the paths it governs, not for the others.
    write(root, "services/api/.siglint.toml", "ignore = 3\n");
    let resolver = ConfigResolver::new(None).unwrap();
    assert!(resolver.for_path(&file).is_err());
    assert!(resolver.for_path(&other).is_ok());
}

// --- settings reach the rules ------------------------------------------------------------------

#[test]
fn window_settings_change_sig005() {
    let two_hours = signer(30, 7200);
    assert!(lines(&two_hours, &analyze(&two_hours, &Settings::default())).is_empty());

    let strict = Settings {
        min_lifetime: 3 * 3600,
        ..Settings::default()
    };
    let findings = analyze(&two_hours, &strict);
    assert_eq!(
        lines(&two_hours, &findings),
        vec![(5, "SIG005".to_string())]
    );
    assert!(
        findings[0]
            .message
            .contains("below the configured 3 h minimum"),
        "{}",
        findings[0].message
    );

    let three_days = signer(30, 259_200);
    let default = analyze(&three_days, &Settings::default());
    assert_eq!(default.len(), 1);
    assert!(default[0].message.contains("above the 48 h maximum"));
    let wide = Settings {
        max_lifetime: 4 * 86_400,
        ..Settings::default()
    };
    assert!(analyze(&three_days, &wide).is_empty());
}

#[test]
fn min_backdate_changes_sig003() {
    let now = signer(0, 7200).replace(" - 0;", ";");
    let ten_seconds = signer(10, 7200);
    let thirty = signer(30, 7200);

    // The default reports exactly now, and not a backdated iat.
    assert_eq!(
        lines(&now, &analyze(&now, &Settings::default())),
        vec![(4, "SIG003".to_string())]
    );
    assert!(analyze(&ten_seconds, &Settings::default()).is_empty());

    // min-backdate-seconds = 0: only an iat in the future is reported.
    let lenient = Settings {
        min_backdate: 0,
        ..Settings::default()
    };
    assert!(analyze(&now, &lenient).is_empty());
    let future = signer(0, 7200).replace(" - 0;", " + 5;");
    assert_eq!(analyze(&future, &lenient).len(), 1);

    // min-backdate-seconds = 30: ten seconds are not enough, thirty are.
    let strict = Settings {
        min_backdate: 30,
        ..Settings::default()
    };
    let findings = analyze(&ten_seconds, &strict);
    assert_eq!(
        lines(&ten_seconds, &findings),
        vec![(4, "SIG003".to_string())]
    );
    assert!(
        findings[0].message.contains("backdated by only 10 s")
            && findings[0].message.contains("at least 30 s"),
        "{}",
        findings[0].message
    );
    assert!(analyze(&thirty, &strict).is_empty());
}

// --- inline suppressions -----------------------------------------------------------------------

fn suppressed(source: &str) -> Vec<(usize, String)> {
    let findings = analyze(source, &Settings::default());
    lines(source, &suppress::apply_to_findings(source, findings))
}

#[test]
fn a_suppression_on_the_line_or_the_line_above_silences_its_code() {
    let base = signer(0, 600).replace(" - 0;", ";");
    // Unsuppressed: SIG003 on line 4, SIG005 on line 5.
    assert_eq!(
        lines(&base, &analyze(&base, &Settings::default())),
        vec![(4, "SIG003".to_string()), (5, "SIG005".to_string())]
    );

    let same_line = base.replace(
        "1000);\n",
        "1000); // siglint: ignore[SIG003] the server clock is NTP-synced\n",
    );
    assert_eq!(suppressed(&same_line), vec![(5, "SIG005".to_string())]);

    let line_above = base.replace(
        "  const exp",
        "  // siglint: ignore[SIG005] short-lived tokens for kiosks, see ADR-12\n  const exp",
    );
    assert_eq!(suppressed(&line_above), vec![(4, "SIG003".to_string())]);

    let everything = base.replace("  const exp", "  /* siglint: ignore */\n  const exp");
    assert_eq!(suppressed(&everything), vec![(4, "SIG003".to_string())]);
}

#[test]
fn a_suppression_that_silences_nothing_is_reported_as_sup001() {
    let clean = signer(30, 7200);
    let stale = clean.replace(
        "  const exp",
        "  // siglint: ignore[SIG003] fixed since\n  const exp",
    );
    let findings = analyze(&stale, &Settings::default());
    let out = suppress::apply_to_findings(&stale, findings);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].code, "SUP001");
    assert_eq!(
        &stale[out[0].span.start..out[0].span.end],
        "siglint: ignore[SIG003]"
    );
    assert!(out[0].message.contains("`SIG003`"), "{}", out[0].message);

    // Half used: the unused code is named.
    let base = signer(0, 7200).replace(" - 0;", ";");
    let half = base.replace("1000);\n", "1000); // siglint: ignore[SIG003, SIG005]\n");
    let out = suppress::apply_to_findings(&half, analyze(&half, &Settings::default()));
    assert_eq!(lines(&half, &out), vec![(4, "SUP001".to_string())]);
    assert!(out[0].message.contains("`SIG005`"), "{}", out[0].message);

    // A code outside brackets would silence more than meant: it silences nothing.
    let unbracketed = base.replace("1000);\n", "1000); // siglint: ignore SIG003\n");
    assert_eq!(
        suppressed(&unbracketed),
        vec![(4, "SIG003".to_string()), (4, "SUP001".to_string())]
    );
}

// --- baselines ---------------------------------------------------------------------------------

fn entries(path: &str, source: &str) -> Vec<baseline::Entry> {
    baseline::entries_for_file(path, source, &analyze(source, &Settings::default()), &[])
}

#[test]
fn a_baseline_survives_lines_inserted_above_and_new_findings_still_show() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("siglint-baseline.json");
    let before = signer(0, 7200).replace(" - 0;", ";");
    let recorded = entries("./functions/signature.js", &before);
    assert_eq!(recorded.len(), 1);
    baseline::write_baseline(&file, &recorded).unwrap();

    let text = std::fs::read_to_string(&file).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["entries"][0]["code"], "SIG003");
    assert_eq!(json["entries"][0]["path"], "functions/signature.js");

    let loaded = baseline::load_baseline(&file).unwrap();
    assert_eq!(loaded.entries, recorded);

    // Lines inserted above, and the line re-indented: the finding is still known.
    let shifted = format!(
        "// Signature endpoint (moved from the monolith).\n'use strict';\n\n{}",
        before.replace("  const iat", "      const iat")
    );
    let findings = analyze(&shifted, &Settings::default());
    assert_eq!(findings.len(), 1);
    assert!(
        baseline::filter_new("functions/signature.js", &shifted, findings, &[], &loaded).is_empty()
    );

    // A new defect next to it is reported; the old one stays silent.
    let worse = shifted.replace("+ 7200", "+ 600");
    let findings = analyze(&worse, &Settings::default());
    assert_eq!(findings.len(), 2);
    let new = baseline::filter_new("functions/signature.js", &worse, findings, &[], &loaded);
    assert_eq!(
        new.iter().map(|f| f.code).collect::<Vec<_>>(),
        vec!["SIG005"]
    );

    // The same code in another file is another finding.
    let elsewhere = baseline::filter_new(
        "functions/other.js",
        &before,
        analyze(&before, &Settings::default()),
        &[],
        &loaded,
    );
    assert_eq!(elsewhere.len(), 1);
}

#[test]
fn identical_findings_are_told_apart_by_their_occurrence() {
    let one = signer(0, 7200).replace(" - 0;", ";");
    let body_start = one.find("exports.signature").unwrap();
    let two = format!(
        "{one}\n{}",
        one[body_start..].replace("exports.signature", "exports.signature2")
    );
    let recorded = entries("sign.js", &one);
    let baseline = Baseline::new(recorded);
    let all = analyze(&two, &Settings::default());
    assert_eq!(all.len(), 2);
    let new = baseline::filter_new("sign.js", &two, all, &[], &baseline);
    assert_eq!(new.len(), 1, "the second identical iat line is new");
    let index = LineIndex::new(&two);
    assert!(index.position(&two, new[0].span.start).line > 10);
}

#[test]
fn a_baseline_never_depends_on_a_secret() {
    let secret = "vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe";
    // The secret (SIG008) and a wrong algorithm (SIG009) on one line.
    let code = |s: &str| {
        format!(
            "const jwt = require('jsonwebtoken');
exports.sign = (req) => {{
  const iat = Math.floor(Date.now() / 1000) - 30;
  const payload = {{ sdkKey: process.env.KEY, mn: req.body.mn, role: 0, iat, exp: iat + 7200, tokenExp: iat + 7200 }};
  return jwt.sign(payload, '{s}', {{ algorithm: 'HS512' }});
}};
"
        )
    };
    let source = code(secret);
    let rotated = code("aNotherSecretValueOf32Characters");
    let findings = analyze(&source, &Settings::default());
    let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["SIG008", "SIG009"], "{findings:?}");
    assert!(findings[0].redact.is_some());

    // Rotating the secret does not make the findings new: the secret is not part of them.
    let recorded = baseline::entries_for_file("sign.js", &source, &findings, &[]);
    assert_eq!(
        baseline::entries_for_file(
            "sign.js",
            &rotated,
            &analyze(&rotated, &Settings::default()),
            &[]
        ),
        recorded
    );

    // With SIG008 ignored by the configuration, the secrets still come from the engine's
    // findings: SIG009's fingerprint stays free of the secret.
    let only_sig009 = |src: &str| {
        let all = analyze(src, &Settings::default());
        let secrets = baseline::secrets(&all);
        let kept: Vec<Finding> = all.into_iter().filter(|f| f.code == "SIG009").collect();
        baseline::entries_for_file("sign.js", src, &kept, &secrets)
    };
    assert_eq!(only_sig009(&source), only_sig009(&rotated));
    assert_eq!(only_sig009(&source)[0], recorded[1]);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.json");
    baseline::write_baseline(&file, &recorded).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(&secret[secret.len() - 4..]), "{text}");
}

#[test]
fn a_bad_baseline_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "b.json", "{\"version\": 9, \"entries\": []}");
    let e = baseline::load_baseline(&file).unwrap_err();
    assert!(e.message.contains("version 9"), "{e}");
    let file = write(dir.path(), "c.json", "[]");
    assert!(baseline::load_baseline(&file)
        .unwrap_err()
        .message
        .contains("not a siglint baseline"));
    assert!(baseline::load_baseline(&dir.path().join("missing.json")).is_err());
}
