//! Multi-file fixtures (SPEC §6): every folder under `fixtures/projects/` is a small project whose
//! signature code is split over files. The harness scans each project whole and requires its
//! findings to equal, exactly, the `expect:` comments of all its files (and the lines of an
//! `EXPECT` file for files that cannot hold comments, such as JSON: `path:line: CODE`). Then it
//! scans every file of the project alone — what a pre-commit hook does with the staged files —
//! and requires the findings that concern that file (located in it, or relating to it) to be
//! exactly those of the whole scan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use siglint::engine::detect_kind;
use siglint::output::Report;
use siglint::walk::{scan, WalkOptions};

fn projects() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/projects")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (file relative to the project, line, code).
type Expected = BTreeSet<(String, usize, String)>;

fn expectations(project: &Path) -> Expected {
    let mut out = Expected::new();
    for f in files_of(project) {
        let rel = f
            .strip_prefix(project)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        // Reviewed fixed texts (tests/fixed.rs) are no files of the project.
        if rel.ends_with(".fixed") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        if rel == "EXPECT" {
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let (loc, code) = line
                    .split_once(": ")
                    .expect("EXPECT lines are path:line: CODE");
                let (path, n) = loc.rsplit_once(':').expect("path:line");
                out.insert((
                    path.to_string(),
                    n.parse().unwrap(),
                    code.trim().to_string(),
                ));
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("expect:") else {
                continue;
            };
            for word in line[pos + 7..].split([',', ' ', '\t', '(']) {
                let w = word.trim();
                if w.len() == 6 && w.starts_with("SIG") {
                    out.insert((rel.clone(), i + 1, w.to_string()));
                }
            }
        }
    }
    out
}

fn options() -> WalkOptions {
    WalkOptions {
        no_ignore: false,
        threads: 2,
        max_file_size: siglint::limits::DEFAULT_MAX_FILE_SIZE,
        policy: None,
    }
}

/// A finding: where it is and the files it concerns (its own and those of its related places),
/// all relative to the project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    at: (String, usize, String),
    concerns: BTreeSet<String>,
}

fn findings(project: &Path, paths: &[PathBuf]) -> BTreeSet<Seen> {
    let report = Report::from_scan(scan(paths, &options()));
    let canon = project.canonicalize().unwrap();
    let rel = |p: &str| -> String {
        let abs = std::env::current_dir().unwrap().join(p);
        let abs = abs.canonicalize().unwrap_or(abs);
        abs.strip_prefix(&canon)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| p.to_string())
    };
    report
        .findings
        .iter()
        .map(|f| {
            let file = rel(&f.path);
            let mut concerns: BTreeSet<String> = f.related.iter().map(|r| rel(&r.path)).collect();
            concerns.insert(file.clone());
            Seen {
                at: (file, f.start.line, f.rule.code.to_string()),
                concerns,
            }
        })
        .collect()
}

#[test]
fn each_project_has_exactly_its_expected_findings_and_each_file_alone_the_same() {
    let mut problems = Vec::new();
    let all = projects();
    assert!(all.len() >= 6, "too few project fixtures: {all:?}");
    for project in &all {
        let name = project.file_name().unwrap().to_string_lossy().to_string();
        let expected = expectations(project);
        let whole = findings(project, std::slice::from_ref(project));
        let got: Expected = whole.iter().map(|s| s.at.clone()).collect();
        for e in expected.difference(&got) {
            problems.push(format!(
                "{name}: expected {} at {}:{}, not reported",
                e.2, e.0, e.1
            ));
        }
        for g in got.difference(&expected) {
            problems.push(format!(
                "{name}: {} at {}:{} is not expected",
                g.2, g.0, g.1
            ));
        }
        // Each file alone.
        for file in files_of(project) {
            if detect_kind(&file).is_none() {
                continue;
            }
            let rel = file
                .strip_prefix(project)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let want: Expected = whole
                .iter()
                .filter(|s| s.concerns.contains(&rel))
                .map(|s| s.at.clone())
                .collect();
            let alone: Expected = findings(project, std::slice::from_ref(&file))
                .into_iter()
                .filter(|s| s.concerns.contains(&rel))
                .map(|s| s.at)
                .collect();
            if want != alone {
                problems.push(format!(
                    "{name}: {rel} scanned alone gives {alone:?}, the whole project {want:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_language_has_a_split_project_and_a_clean_one() {
    let mut positive: BTreeSet<String> = BTreeSet::new();
    let mut clean: BTreeSet<String> = BTreeSet::new();
    for project in projects() {
        let name = project.file_name().unwrap().to_string_lossy().to_string();
        let lang = name.split('-').next().unwrap().to_string();
        if expectations(&project).is_empty() {
            clean.insert(lang);
        } else {
            positive.insert(lang);
        }
    }
    for lang in ["js", "ts", "python", "ruby", "php", "java"] {
        assert!(
            positive.contains(lang),
            "no split project with findings for {lang}"
        );
    }
    assert!(clean.len() >= 3, "too few clean projects: {clean:?}");
}

/// `siglint report` over each project counts every finding once, at the place to fix: exactly
/// the project's expected findings (a literal secret in a config module is counted there, not
/// again at each file that signs with it), in the repository's findings and in its totals.
#[test]
fn the_migration_report_counts_each_cross_file_finding_once_at_the_place_to_fix() {
    for project in projects() {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglint"))
            .args(["report", "--format", "json"])
            .arg(&project)
            .output()
            .expect("siglint runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        let repo = &v["repositories"][0];
        let listed: Vec<(String, usize, String)> = repo["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap() as usize,
                    f["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let unique: BTreeSet<(String, usize, String)> = listed.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            listed.len(),
            "{}: a finding listed twice: {listed:?}",
            project.display()
        );
        assert_eq!(unique, expectations(&project), "{}", project.display());
        assert_eq!(
            repo["summary"]["findings"].as_u64().unwrap() as usize,
            listed.len()
        );
    }
}

/// A folder the repository ignores (vendored or generated code, another tree dropped into the
/// work tree, like the benchmark's corpora under `bench/corpus/`) is no part of the repository's
/// project: scanning it does not look through the rest of the repository, and its own manifests
/// decide its project.
#[test]
fn a_folder_the_repository_ignores_is_a_project_of_its_own() {
    use siglint::project::Project;
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().canonicalize().unwrap();
    let write = |rel: &str, text: &str| {
        let p = repo.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    std::fs::create_dir_all(repo.join(".git/info")).unwrap();
    write(".gitignore", "/vendor/\n# corpora\ncorpus/\n");
    write(".git/info/exclude", "scratch\n");
    write("package.json", "{}");
    write("src/a.js", "export const a = 1;\n");
    write("vendor/pkg/package.json", "{}");
    write("vendor/pkg/lib/x.js", "export const x = 1;\n");
    write("tools/corpus/s1/apps/y/package.json", "{}");
    write("tools/corpus/s1/apps/y/a.js", "export const y = 1;\n");
    write("tools/.gitignore", "!keep\n");
    write("tools/keep/k.js", "export const k = 1;\n");
    write("scratch/s.js", "export const s = 1;\n");

    assert_eq!(Project::root_of(&repo.join("src/a.js")), repo);
    assert_eq!(Project::root_of(&repo.join("tools/keep/k.js")), repo);
    // Ignored, with a manifest: the package is the project.
    assert_eq!(
        Project::root_of(&repo.join("vendor/pkg/lib/x.js")),
        repo.join("vendor/pkg")
    );
    assert_eq!(
        Project::root_of(&repo.join("vendor/pkg")),
        repo.join("vendor/pkg")
    );
    // Ignored by a pattern anywhere below the root, without a manifest above the scanned
    // folder: the folder itself; a file deeper in it: the outermost manifest inside.
    assert_eq!(
        Project::root_of(&repo.join("tools/corpus/s1")),
        repo.join("tools/corpus/s1")
    );
    assert_eq!(
        Project::root_of(&repo.join("tools/corpus/s1/apps/y/a.js")),
        repo.join("tools/corpus/s1/apps/y")
    );
    // `.git/info/exclude` counts too.
    assert_eq!(
        Project::root_of(&repo.join("scratch/s.js")),
        repo.join("scratch")
    );
}

/// A caller outside the scanned files is read as the project reads its imports: a byte-order
/// mark (Windows editors save one) is not text, so a finding placed in it by a partial scan sits
/// at the same bytes and columns as in a scan of the whole project.
#[test]
fn a_caller_saved_with_a_byte_order_mark_is_placed_alike_by_a_partial_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let src =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/ts-express-signer-instances");
    for f in files_of(&src) {
        let rel = f.strip_prefix(&src).unwrap();
        if rel.to_string_lossy().ends_with(".fixed") {
            continue;
        }
        let to = root.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let mut bytes = std::fs::read(&f).unwrap();
        if rel.ends_with("routes/demo.ts") {
            bytes.splice(0..0, [0xef, 0xbb, 0xbf]);
        }
        std::fs::write(to, bytes).unwrap();
    }
    let in_demo = |paths: &[PathBuf]| -> Vec<(String, usize, usize, usize, usize)> {
        let report = Report::from_scan(scan(paths, &options()));
        let mut out: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.path.ends_with("demo.ts"))
            .map(|f| {
                (
                    f.rule.code.to_string(),
                    f.start.line,
                    f.start.column,
                    f.byte_start,
                    f.byte_end,
                )
            })
            .collect();
        out.sort();
        out
    };
    let whole = in_demo(std::slice::from_ref(&root));
    assert!(
        whole.iter().any(|f| f.0 == "SIG008"),
        "the literal secret the route hands on is found: {whole:?}"
    );
    let alone = in_demo(&[root.join("src/zoom/meeting-signer.ts")]);
    assert_eq!(alone, whole);
}
