//! The fixed fixtures still compile: every reviewed `.fixed` snapshot under `fixtures/` is
//! checked with the language's own tools, at the oldest version its users still run where the
//! tool can say so, and must pass wherever its original passes (a fix may not be what breaks
//! the build). Issue 16: Python 3.8–3.11 reject a `b"="` inside a double-quoted f-string, which
//! `--fix` once wrote for SIG004.
//!
//! | language | check | floor |
//! |---|---|---|
//! | Python | `python3 -m py_compile`, and `ast.parse(…, feature_version=(3, 8))` | the machine's Python (3.11 here), the 3.8 grammar |
//! | JavaScript | `node --check` (`.mjs` for ES modules); `<script>` blocks of HTML pages the same way; `.jsx` with `tsc --noCheck` | the machine's Node |
//! | TypeScript | `tsc --noEmit --noCheck` (syntax; imports are not resolved) | TypeScript 5 |
//! | PHP | `php -l` | the machine's PHP (PHP 7.4 syntax is not checked separately) |
//! | Ruby | `ruby -c` | the machine's Ruby |
//! | Java | `javac --release 11`: a full compile for files that import only the JDK, the parser alone (`-XDshould-stop…=PARSE`) for files that import libraries | Java 11 |
//!
//! A missing tool skips its language with a `SKIPPED:` line, unless `SIGLINT_REQUIRE_RUNTIMES=1`
//! (CI), which makes it a failure. `SIGLINT_TSC` may name the TypeScript compiler.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn require_runtimes() -> bool {
    std::env::var("SIGLINT_REQUIRE_RUNTIMES").is_ok_and(|v| v == "1")
}

fn tsc() -> String {
    std::env::var("SIGLINT_TSC").unwrap_or_else(|_| "tsc".into())
}

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
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

/// Runs a command; `Err` with what it printed when it fails (or cannot start).
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The tool each kind of file needs: `None` when it is installed.
fn missing_tool(kind: Kind) -> Option<String> {
    let (bin, args): (String, &[&str]) = match kind {
        Kind::Python => ("python3".into(), &["--version"]),
        Kind::JavaScript | Kind::Html => ("node".into(), &["--version"]),
        Kind::TypeScript | Kind::Jsx => (tsc(), &["--version"]),
        Kind::Php => ("php".into(), &["--version"]),
        Kind::Ruby => ("ruby".into(), &["--version"]),
        Kind::Java => ("javac".into(), &["-version"]),
    };
    (!works(&bin, args)).then_some(bin)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Python,
    JavaScript,
    Jsx,
    Html,
    TypeScript,
    Php,
    Ruby,
    Java,
}

fn kind_of(source: &Path) -> Option<Kind> {
    let name = source.file_name()?.to_str()?;
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "py" => Kind::Python,
        "js" | "mjs" | "cjs" => Kind::JavaScript,
        "jsx" => Kind::Jsx,
        "html" => Kind::Html,
        "ts" | "tsx" | "mts" | "cts" => Kind::TypeScript,
        "php" => Kind::Php,
        "rb" => Kind::Ruby,
        "java" => Kind::Java,
        _ => return None,
    })
}

/// An ES module by its syntax (`import x from`, `export …`): checked as `.mjs`.
fn looks_like_esm(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("import ") && (l.contains(" from ") || l.starts_with("import '")))
            || l.starts_with("export ")
    })
}

/// The inline `<script>` blocks of a page (no `src`), each as its own program.
fn inline_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<script") {
        let open = at + open;
        let Some(tag_end) = lower[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let Some(close) = lower[tag_end..].find("</script>").map(|i| tag_end + i) else {
            break;
        };
        let tag = &lower[open..tag_end];
        if !tag.contains(" src=") && !tag.contains("type=\"text/template\"") {
            out.push(html[tag_end..close].to_string());
        }
        at = close + "</script>".len();
    }
    out
}

/// The public type of a Java file: javac wants it in a file of that name.
fn java_public_class(text: &str) -> Option<String> {
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() != Some(&"public") {
            continue;
        }
        if let Some(i) = words
            .iter()
            .position(|w| matches!(*w, "class" | "record" | "interface" | "enum"))
        {
            let name: String = words
                .get(i + 1)?
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            return (!name.is_empty()).then_some(name);
        }
    }
    None
}

/// A Java file that needs nothing but the JDK (a full compile can check it).
fn jdk_only(text: &str) -> bool {
    text.lines()
        .filter(|l| l.trim_start().starts_with("import "))
        .all(|l| {
            let l = l.trim_start().trim_start_matches("import ").trim_start();
            let l = l.trim_start_matches("static ");
            l.starts_with("java.") || l.starts_with("javax.crypto.")
        })
}

/// Java files checked together: `(id, text)`; each file gets its own folder (two fixtures may
/// declare the same class). `full`: compiled, else parsed only; `release`: the `--release`.
fn javac(files: &[(usize, &str)], full: bool, release: Option<&str>) -> Vec<Result<(), String>> {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("javac");
    cmd.args(["-proc:none", "-nowarn", "-Xmaxerrs", "10000", "-d"])
        .arg(dir.path().join("classes"));
    if let Some(r) = release {
        cmd.args(["--release", r]);
    }
    if !full {
        cmd.args([
            "-XDshould-stop.ifNoError=PARSE",
            "-XDshould-stop.ifError=PARSE",
        ]);
    }
    let mut paths = Vec::new();
    for (id, text) in files {
        let sub = dir.path().join(format!("f{id}"));
        std::fs::create_dir_all(&sub).unwrap();
        let name = java_public_class(text).unwrap_or_else(|| "Unnamed".into());
        let p = sub.join(format!("{name}.java"));
        std::fs::write(&p, text).unwrap();
        cmd.arg(&p);
        paths.push(p);
    }
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    paths
        .iter()
        .map(|p| {
            let p = p.display().to_string();
            let errors: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(&p) && l.contains(": error:"))
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.join("\n"))
            }
        })
        .collect()
}

/// TypeScript files checked with one `tsc` run (syntax only); `(id, name, text)`.
fn tsc_batch(files: &[(usize, &str, &str)], jsx: bool) -> Vec<Result<(), String>> {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(tsc());
    cmd.args([
        "--noEmit",
        "--noCheck",
        "--noResolve",
        "--skipLibCheck",
        "--pretty",
        "false",
        "--target",
        "es2020",
        "--module",
        "esnext",
        "--jsx",
        "preserve",
    ]);
    if jsx {
        cmd.arg("--allowJs");
    }
    let mut paths = Vec::new();
    for (id, name, text) in files {
        let sub = dir.path().join(format!("f{id}"));
        std::fs::create_dir_all(&sub).unwrap();
        let p = sub.join(name);
        std::fs::write(&p, text).unwrap();
        cmd.arg(&p);
        paths.push(p);
    }
    let out = cmd
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    // tsc names each file relative to the folder it runs in.
    paths
        .iter()
        .map(|p| {
            let p = p.strip_prefix(dir.path()).unwrap().display().to_string();
            let errors: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(&format!("{p}(")))
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(errors.join("\n"))
            }
        })
        .collect()
}

/// Checks one text as a file of `kind` named like `name`; `Err` with the tool's complaint.
fn check(kind: Kind, name: &str, text: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let write = |file: &str, t: &str| -> PathBuf {
        let p = dir.path().join(file);
        std::fs::write(&p, t).unwrap();
        p
    };
    match kind {
        Kind::Python => {
            let p = write(name, text);
            run(Command::new("python3").arg("-m").arg("py_compile").arg(&p))?;
            run(Command::new("python3").arg("-c").arg(
                "import ast, sys\nast.parse(open(sys.argv[1], encoding='utf-8').read(), feature_version=(3, 8))",
            ).arg(&p))
        }
        Kind::JavaScript => {
            let file = if name.ends_with(".js") && looks_like_esm(text) {
                name.replace(".js", ".mjs")
            } else {
                name.to_string()
            };
            let p = write(&file, text);
            run(Command::new("node").arg("--check").arg(&p))
        }
        Kind::Html => {
            for (i, script) in inline_scripts(text).iter().enumerate() {
                let ext = if looks_like_esm(script) { "mjs" } else { "js" };
                let p = write(&format!("script{i}.{ext}"), script);
                run(Command::new("node").arg("--check").arg(&p))
                    .map_err(|e| format!("<script> block {}: {e}", i + 1))?;
            }
            Ok(())
        }
        Kind::TypeScript | Kind::Jsx => tsc_batch(&[(0, name, text)], kind == Kind::Jsx)
            .pop()
            .expect("one"),
        Kind::Php => {
            let p = write(name, text);
            run(Command::new("php").arg("-l").arg(&p))
        }
        Kind::Ruby => {
            let p = write(name, text);
            run(Command::new("ruby").arg("-c").arg(&p))
        }
        Kind::Java => java_checks(&[text], Some("11")).pop().expect("one"),
    }
}

/// Java texts checked at `release` (the parser for all; a full compile for those that need
/// only the JDK).
fn java_checks(texts: &[&str], release: Option<&str>) -> Vec<Result<(), String>> {
    let all: Vec<(usize, &str)> = texts.iter().copied().enumerate().collect();
    let mut results = javac(&all, false, release);
    for (i, text) in &all {
        if results[*i].is_ok() && jdk_only(text) {
            results[*i] = javac(&[(*i, text)], true, release).pop().expect("one");
        }
    }
    results
}

/// One fixture with its fixed text.
struct Pair {
    rel: String,
    name: String,
    kind: Kind,
    original: String,
    fixed: String,
}

/// `(original, fixed)` verdicts of each pair of one kind.
type Verdicts = Vec<(Result<(), String>, Result<(), String>)>;

fn verdicts(kind: Kind, pairs: &[&Pair]) -> Verdicts {
    match kind {
        Kind::Java => {
            // Java 11 first; a fixture whose original needs a newer Java (a record) is judged
            // at the machine's Java.
            let texts: Vec<&str> = pairs
                .iter()
                .flat_map(|p| [p.original.as_str(), p.fixed.as_str()])
                .collect();
            let at11 = java_checks(&texts, Some("11"));
            let newer: Vec<usize> = (0..pairs.len()).filter(|i| at11[2 * i].is_err()).collect();
            let newer_texts: Vec<&str> = newer
                .iter()
                .flat_map(|i| [pairs[*i].original.as_str(), pairs[*i].fixed.as_str()])
                .collect();
            let latest = java_checks(&newer_texts, None);
            let mut out: Verdicts = (0..pairs.len())
                .map(|i| (at11[2 * i].clone(), at11[2 * i + 1].clone()))
                .collect();
            for (k, i) in newer.iter().enumerate() {
                out[*i] = (latest[2 * k].clone(), latest[2 * k + 1].clone());
            }
            out
        }
        Kind::TypeScript | Kind::Jsx => {
            let files: Vec<(usize, &str, &str)> = pairs
                .iter()
                .enumerate()
                .flat_map(|(i, p)| {
                    [
                        (2 * i, p.name.as_str(), p.original.as_str()),
                        (2 * i + 1, p.name.as_str(), p.fixed.as_str()),
                    ]
                })
                .collect();
            let r = tsc_batch(&files, kind == Kind::Jsx);
            (0..pairs.len())
                .map(|i| (r[2 * i].clone(), r[2 * i + 1].clone()))
                .collect()
        }
        _ => pairs
            .iter()
            .map(|p| {
                (
                    check(kind, &p.name, &p.original),
                    check(kind, &p.name, &p.fixed),
                )
            })
            .collect(),
    }
}

#[test]
fn fixed_fixtures_compile_wherever_their_originals_do() {
    let fixtures = repo().join("fixtures");
    let mut all = Vec::new();
    files(&fixtures, &mut all);
    all.sort();
    let mut pairs = Vec::new();
    for fixed in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "fixed"))
    {
        let source = PathBuf::from(fixed.to_string_lossy().trim_end_matches(".fixed"));
        let rel = source
            .strip_prefix(&fixtures)
            .unwrap()
            .display()
            .to_string();
        let Some(kind) = kind_of(&source) else {
            note(&format!(
                "note: {rel}: no compiler check for this kind of file"
            ));
            continue;
        };
        pairs.push(Pair {
            rel,
            name: source.file_name().unwrap().to_str().unwrap().to_string(),
            kind,
            original: std::fs::read_to_string(&source).unwrap(),
            fixed: std::fs::read_to_string(fixed).unwrap(),
        });
    }
    let mut kinds: Vec<Kind> = pairs.iter().map(|p| p.kind).collect();
    kinds.sort();
    kinds.dedup();
    let (mut failures, mut checked) = (Vec::new(), 0);
    for kind in kinds {
        if let Some(bin) = missing_tool(kind) {
            assert!(
                !require_runtimes(),
                "{bin} not installed (SIGLINT_REQUIRE_RUNTIMES=1)"
            );
            note(&format!(
                "SKIPPED: {bin} not installed (the fixed {kind:?} fixtures are not checked)"
            ));
            continue;
        }
        let of_kind: Vec<&Pair> = pairs.iter().filter(|p| p.kind == kind).collect();
        for (p, (original, fixed)) in of_kind.iter().zip(verdicts(kind, &of_kind)) {
            checked += 1;
            match (original, fixed) {
                (_, Ok(())) => {}
                (Ok(()), Err(e)) => {
                    failures.push(format!("{}.fixed does not compile:\n{e}", p.rel))
                }
                (Err(e), Err(_)) => note(&format!(
                    "note: {}: the original does not pass the check either, so its fix is not judged ({})",
                    p.rel,
                    e.lines().next().unwrap_or_default()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        checked > 0 || !require_runtimes(),
        "no fixed fixture was checked"
    );
}

/// The checks themselves tell a broken file from a good one (a check that passes everything
/// would make the test above pass).
#[test]
fn the_checks_reject_broken_code() {
    let cases: &[(Kind, &str, &str, &str)] = &[
        (
            Kind::Python,
            "a.py",
            "x = f\"{base64.b64encode(b).rstrip(b\"=\")}\"\n",
            "x = f\"{base64.b64encode(b).rstrip(b'=')}\"\n",
        ),
        (Kind::JavaScript, "a.js", "const x = (;\n", "const x = 1;\n"),
        (
            Kind::JavaScript,
            "a.js",
            "import x from 'y';\nexport const z = ;\n",
            "import x from 'y';\nexport const z = x;\n",
        ),
        (Kind::Php, "a.php", "<?php $x = ;\n", "<?php $x = 1;\n"),
        (Kind::Ruby, "a.rb", "def f(\n", "def f; end\n"),
        (
            Kind::Java,
            "A.java",
            "import io.x.Y;\npublic class A { int f() { return (; } }\n",
            "import io.x.Y;\npublic class A { int f() { return 1; } }\n",
        ),
        (
            Kind::Java,
            "A.java",
            "public class A { void f() { var s = \"\"\"\n  x\"\"\"; } }\n",
            "public class A { void f() { var s = \"x\"; } }\n",
        ),
        (
            Kind::Html,
            "a.html",
            "<script>const x = (;</script>",
            "<script>const x = 1;</script>",
        ),
        (
            Kind::TypeScript,
            "a.ts",
            "const x: number = (;\n",
            "const x: number = 1;\n",
        ),
    ];
    for (kind, name, bad, good) in cases {
        if missing_tool(*kind).is_some() {
            assert!(!require_runtimes(), "{kind:?}: tool missing");
            continue;
        }
        assert!(
            check(*kind, name, bad).is_err(),
            "{kind:?} accepted {bad:?}"
        );
        assert!(
            check(*kind, name, good).is_ok(),
            "{kind:?} rejected {good:?}: {:?}",
            check(*kind, name, good)
        );
    }
}
