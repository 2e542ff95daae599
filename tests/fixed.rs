//! Fixed-output fixtures: `siglint check --fix --unsafe-fixes` over a copy of `fixtures/` must
//! turn every fixture `F` that has a sibling `F.fixed` into exactly that text, and leave every
//! other fixture byte for byte as it was (so no change goes unreviewed). A second run changes
//! nothing. The `.fixed` files are reviewed snapshots: `SIGLINT_BLESS=1 cargo test --test fixed`
//! rewrites them from the current output, for a human to read in the diff before committing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    let mut all = Vec::new();
    files(from, &mut all);
    for f in all {
        let rel = f.strip_prefix(from).unwrap();
        if rel.extension().is_some_and(|e| e == "fixed") {
            continue;
        }
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, &dest).unwrap();
    }
}

fn fix(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_siglint"))
        .args([
            "check",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
            ".",
        ])
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn fixes_of_the_fixtures_match_their_reviewed_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = repo().join("fixtures");
    copy_tree(&fixtures, tmp.path());
    let o = fix(tmp.path());
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("refused"),
        "a fix was refused: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bless = std::env::var_os("SIGLINT_BLESS").is_some();
    let mut copied = Vec::new();
    files(tmp.path(), &mut copied);
    let (mut snapshots, mut problems) = (0, Vec::new());
    for fixed_copy in copied {
        let rel = fixed_copy.strip_prefix(tmp.path()).unwrap().to_path_buf();
        let original = std::fs::read_to_string(fixtures.join(&rel)).unwrap();
        let now = std::fs::read_to_string(&fixed_copy).unwrap();
        let snapshot = fixtures.join(format!("{}.fixed", rel.display()));
        if bless {
            if now != original {
                std::fs::write(&snapshot, &now).unwrap();
            } else if snapshot.exists() {
                std::fs::remove_file(&snapshot).unwrap();
            }
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) => {
                snapshots += 1;
                if now != expected {
                    problems.push(format!(
                        "{}: fixed text differs from {}",
                        rel.display(),
                        snapshot.display()
                    ));
                }
            }
            Err(_) if now != original => problems.push(format!(
                "{}: changed by --fix but has no .fixed snapshot",
                rel.display()
            )),
            Err(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    if !bless {
        assert!(snapshots >= 60, "only {snapshots} snapshots");
    }
    // Idempotence: nothing left to change.
    let before = {
        let mut v = Vec::new();
        files(tmp.path(), &mut v);
        v.sort();
        v.iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect::<Vec<_>>()
    };
    fix(tmp.path());
    let after = {
        let mut v = Vec::new();
        files(tmp.path(), &mut v);
        v.sort();
        v.iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect::<Vec<_>>()
    };
    assert!(before == after, "a second --fix changed the fixtures");
}

/// Every rule with a fix has a snapshot showing it in every language: some finding of the rule
/// in the original fixture is gone from its `.fixed` text.
#[test]
fn every_fixable_rule_has_a_snapshot_per_language() {
    use siglint::engine::{analyze_text, detect_kind};
    let fixtures = repo().join("fixtures");
    let mut all = Vec::new();
    files(&fixtures, &mut all);
    let codes = |path: &Path, text: &str| -> std::collections::BTreeMap<&'static str, usize> {
        let kind = detect_kind(path).unwrap();
        let mut n = std::collections::BTreeMap::new();
        let settings = siglint::rules::Settings::default();
        for f in analyze_text(kind, text, Some(path), &settings).findings {
            *n.entry(f.code).or_insert(0) += 1;
        }
        n
    };
    let mut covered = std::collections::BTreeSet::new();
    for snapshot in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "fixed"))
    {
        let source = PathBuf::from(snapshot.to_string_lossy().trim_end_matches(".fixed"));
        let rel = source.strip_prefix(&fixtures).unwrap();
        let lang = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .to_string();
        let before = codes(&source, &std::fs::read_to_string(&source).unwrap());
        let after = codes(&source, &std::fs::read_to_string(snapshot).unwrap());
        for (code, n) in before {
            if after.get(code).copied().unwrap_or(0) < n {
                covered.insert((code.to_string(), lang.clone()));
            }
        }
    }
    let langs = ["javascript", "typescript", "ruby", "php", "java", "python"];
    let mut missing = Vec::new();
    for code in [
        "SIG001", "SIG002", "SIG003", "SIG004", "SIG005", "SIG006", "SIG007", "SIG008", "SIG009",
        "SIG010", "SIG012", "SIG013", "SIG014", "SIG015",
    ] {
        for lang in langs {
            if !covered.contains(&(code.to_string(), lang.to_string())) {
                missing.push(format!("{code} {lang}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no fixed-output snapshot for: {}",
        missing.join(", ")
    );
}
