//! The fixture harness: every file under `fixtures/` is analysed and its findings must equal,
//! exactly, the `expect: SIG00N` comments written on the offending lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use siglint::engine::{analyze_text, detect_kind, FileKind};
use siglint::span::LineIndex;

fn fixture_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures dir readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                // Multi-file projects are checked whole by tests/projects.rs.
                if path.file_name() != Some(std::ffi::OsStr::new("projects")) {
                    stack.push(path);
                }
            } else if matches!(
                detect_kind(&path),
                Some(FileKind::Source(_) | FileKind::Page(_))
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// (line, code) pairs from `expect: SIG001, SIG004` comments.
fn expectations(source: &str) -> BTreeSet<(usize, String)> {
    marked(source, "expect:")
}

/// (line, code) pairs from `known-gap: SIG008 (why)` comments: real defects the engine does
/// not find yet (docs/robustness.md lists them). The harness requires that they are still NOT
/// reported, so the day the engine finds one the marker must become an `expect:`.
fn known_gaps(source: &str) -> BTreeSet<(usize, String)> {
    marked(source, "known-gap:")
}

fn marked(source: &str, marker: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in source.lines().enumerate() {
        let Some(pos) = line.find(marker) else {
            continue;
        };
        for word in line[pos + marker.len()..].split([',', ' ', '\t', '(']) {
            let w = word.trim();
            if w.len() == 6 && w.starts_with("SIG") && w[3..].chars().all(|c| c.is_ascii_digit()) {
                out.insert((i + 1, w.to_string()));
            }
        }
    }
    out
}

fn findings(path: &Path, source: &str) -> BTreeMap<(usize, String), String> {
    let kind = detect_kind(path).expect("known kind");
    // Paths relative to fixtures/<language>/ so that path signals (pages/api/…) read as in a repo.
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let rel: PathBuf = match path.strip_prefix(&base) {
        Ok(p) => p.components().skip(1).collect(),
        Err(_) => path.to_path_buf(),
    };
    // Through the same entry as `check`, prefilter included.
    let analysis = analyze_text(kind, source, Some(&rel), &Default::default());
    let index = LineIndex::new(source);
    analysis
        .findings
        .into_iter()
        .map(|f| {
            let line = index.position(source, f.span.start).line;
            ((line, f.code.to_string()), f.message)
        })
        .collect()
}

#[test]
fn fixtures_produce_exactly_the_expected_findings() {
    let files = fixture_files();
    assert!(!files.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let expected = expectations(&source);
        let actual = findings(path, &source);
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(path)
            .display()
            .to_string();
        for (line, code) in &expected {
            if !actual.contains_key(&(*line, code.clone())) {
                failures.push(format!("{rel}:{line}: expected {code}, not reported"));
            }
        }
        for ((line, code), message) in &actual {
            if !expected.contains(&(*line, code.clone())) {
                failures.push(format!("{rel}:{line}: unexpected {code}: {message}"));
            }
        }
        for (line, code) in known_gaps(&source) {
            if actual.contains_key(&(line, code.clone())) {
                failures.push(format!(
                    "{rel}:{line}: {code} is found now: turn its `known-gap:` into `expect:`"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule has positive fixtures in every language, and every language has fixtures that
/// must stay silent.
#[test]
fn fixtures_cover_every_rule_in_every_language() {
    let mut positives: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut silent: BTreeMap<String, usize> = BTreeMap::new();
    for path in fixture_files() {
        // The language is the first folder under fixtures/ (fixtures/typescript/pages/api/…).
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let dir = path
            .strip_prefix(&base)
            .ok()
            .and_then(|p| p.components().next())
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        let source = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let exp = expectations(&source);
        if exp.is_empty() {
            *silent.entry(dir.clone()).or_default() += 1;
        }
        positives
            .entry(dir)
            .or_default()
            .extend(exp.into_iter().map(|(_, c)| c));
    }
    let mut missing = Vec::new();
    for (lang, codes) in &positives {
        for rule in ["SIG001", "SIG002", "SIG003", "SIG004", "SIG005", "SIG006"] {
            if !codes.contains(rule) {
                missing.push(format!("{lang}: no positive fixture for {rule}"));
            }
        }
        if silent.get(lang).copied().unwrap_or(0) < 2 {
            missing.push(format!(
                "{lang}: fewer than two files that must stay silent"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The prefilter never drops a file that holds a finding, neither for want of a word nor as
/// minified code.
#[test]
fn the_prefilter_keeps_every_file_with_expectations() {
    use siglint::prefilter::{check, Verdict};
    for path in fixture_files() {
        let source = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        if !expectations(&source).is_empty() || !known_gaps(&source).is_empty() {
            assert_eq!(
                check(source.as_bytes()),
                Verdict::MayHoldSite,
                "{} holds findings but the prefilter would skip it",
                path.display()
            );
        }
    }
}

#[test]
fn expectation_comments_are_parsed() {
    let src = "a\nfoo() // expect: SIG003, SIG006\n# expect: SIG004\n";
    let e = expectations(src);
    assert!(e.contains(&(2, "SIG003".to_string())));
    assert!(e.contains(&(2, "SIG006".to_string())));
    assert!(e.contains(&(3, "SIG004".to_string())));
    assert_eq!(e.len(), 3);
}
