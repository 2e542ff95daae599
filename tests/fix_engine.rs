//! The fix application engine: choosing edits, the re-check loop, file style, atomic writes and
//! unified diffs. Fixes here are made by small textual "rules" so that the engine is tested on
//! its own; the rules' real fixes are tested with the fixtures.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use siglint::fix::{
    apply_fixes, fix_loop, syntax_error_count, unified_diff, write_atomically, Applicability, Edit,
    FileText, Fix, FixWriteError, MAX_PASSES,
};
use siglint::model::{Language, Span};

const SIGNATURE_JS: &str = "\
const crypto = require('crypto');

function generateSignature(sdkKey, sdkSecret, meetingNumber, role) {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 60;
  const payload = { sdkKey, appKey: sdkKey, mn: meetingNumber, role, iat, exp, tokenExp: exp };
  return sign(payload, sdkSecret);
}
";

fn span_of(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    Span::new(start, start + needle.len())
}

/// Replaces every occurrence of `from` by `to`, one fix per occurrence.
fn replace_all(text: &str, from: &str, to: &str, applicability: Applicability) -> Vec<Fix> {
    text.match_indices(from)
        .map(|(i, _)| {
            Fix::new(
                applicability,
                format!("replace `{from}` with `{to}`"),
                vec![Edit::replace(Span::new(i, i + from.len()), to)],
            )
        })
        .collect()
}

/// SIG003-like: backdate `iat` by 30 seconds, once.
fn backdate_iat(text: &str) -> Vec<Fix> {
    let expr = "Math.floor(Date.now() / 1000)";
    match text.find(&format!("{expr};")) {
        Some(i) => vec![Fix::safe(
            "backdate `iat` by 30 seconds",
            vec![Edit::insert(
                siglint::model::Span::new(i + expr.len(), i + expr.len()),
                " - 30",
            )],
        )],
        None => Vec::new(),
    }
}

fn all(_: &Fix) -> bool {
    true
}

// --- one pass --------------------------------------------------------------------------------

#[test]
fn overlapping_fixes_are_applied_one_per_pass_in_source_order() {
    let src = "const exp = iat + 60;";
    let wide = Fix::safe(
        "rewrite the expression",
        vec![Edit::replace(span_of(src, "iat + 60"), "iat + 7200")],
    );
    let narrow = Fix::safe(
        "widen the window",
        vec![Edit::replace(span_of(src, "60"), "3600")],
    );
    let later = Fix::safe("rename", vec![Edit::replace(span_of(src, "exp"), "expiry")]);
    // Given out of order: chosen by position, the later overlapping one skipped.
    let result = apply_fixes(src, &[&narrow, &wide, &later]);
    assert_eq!(result.text, "const expiry = iat + 7200;");
    assert_eq!(result.applied, vec![1, 2]);
    assert_eq!(result.skipped, vec![0]);
    assert!(result.invalid.is_empty());
}

#[test]
fn a_fix_is_applied_whole_or_not_at_all() {
    let src = "const iat = now();\nconst exp = iat + 60;\n";
    let first = Fix::safe(
        "declare with let",
        vec![Edit::replace(span_of(src, "const iat"), "let iat")],
    );
    // Two edits: the second is free, the first overlaps `first` (chosen before it, being
    // earlier in the file): neither may be applied.
    let both = Fix::safe(
        "backdate and widen",
        vec![
            Edit::replace(span_of(src, "iat = now()"), "iat = now() - 30"),
            Edit::replace(span_of(src, "60"), "7200"),
        ],
    );
    let result = apply_fixes(src, &[&both, &first]);
    assert_eq!(result.text, "let iat = now();\nconst exp = iat + 60;\n");
    assert_eq!(result.applied, vec![1]);
    assert_eq!(result.skipped, vec![0]);

    // An invalid fix (edits overlapping each other, or out of bounds) is never applied, and
    // does not block the others.
    let self_overlapping = Fix::safe(
        "broken",
        vec![
            Edit::replace(Span::new(0, 10), "x"),
            Edit::replace(Span::new(5, 12), "y"),
        ],
    );
    let out_of_bounds = Fix::safe(
        "broken",
        vec![Edit::insert(siglint::model::Span::new(10_000, 10_000), "z")],
    );
    let result = apply_fixes(src, &[&self_overlapping, &both, &out_of_bounds]);
    assert_eq!(result.applied, vec![1]);
    assert_eq!(result.invalid, vec![0, 2]);
    assert_eq!(
        result.text,
        "const iat = now() - 30;\nconst exp = iat + 7200;\n"
    );
}

#[test]
fn an_edit_shared_by_two_fixes_is_made_once() {
    let src = "function sign(k, s) {\n  return legacy(k, s);\n}\n";
    let import = Edit::insert(
        siglint::model::Span::new(0, 0),
        "const crypto = require('crypto');\n",
    );
    let a = Fix::unsafe_fix(
        "migrate",
        vec![import.clone(), Edit::replace(span_of(src, "legacy"), "jwt")],
    );
    let b = Fix::unsafe_fix(
        "hash",
        vec![
            import,
            Edit::replace(span_of(src, "(k, s);"), "(k, s, 'sha256');"),
        ],
    );
    let result = apply_fixes(src, &[&a, &b]);
    assert_eq!(result.applied, vec![0, 1]);
    assert_eq!(
        result.text,
        "const crypto = require('crypto');\nfunction sign(k, s) {\n  return jwt(k, s, 'sha256');\n}\n"
    );
}

// --- the loop --------------------------------------------------------------------------------

#[test]
fn the_loop_converges_and_a_second_run_changes_nothing() {
    // Three rules; one fix enables another (var -> let -> const), and two overlap, so the
    // result needs several passes.
    let src = "var iat = Math.floor(Date.now() / 1000);\nvar exp = iat + 60;\n";
    let produce = |text: &str| {
        let mut fixes = backdate_iat(text);
        fixes.extend(replace_all(text, "var ", "let ", Applicability::Safe));
        fixes.extend(replace_all(text, "let ", "const ", Applicability::Safe));
        fixes.extend(replace_all(
            text,
            "iat + 60",
            "iat + 7200",
            Applicability::Safe,
        ));
        fixes.extend(replace_all(text, "+ 60", "+ 3600", Applicability::Safe));
        fixes
    };
    let first = fix_loop(src, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(first.converged);
    assert_eq!(
        first.text,
        "const iat = Math.floor(Date.now() / 1000) - 30;\nconst exp = iat + 7200;\n"
    );
    assert_eq!(first.passes, 2);
    assert_eq!(first.applied, 6);
    assert!(first.refused.is_empty());

    let second = fix_loop(&first.text, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(second.converged);
    assert_eq!(second.text, first.text);
    assert_eq!((second.passes, second.applied), (0, 0));
}

#[test]
fn applicability_decides_what_is_applied() {
    let produce = |text: &str| {
        let mut fixes = backdate_iat(text);
        fixes.extend(replace_all(
            text,
            "role, ",
            "role: 0, ",
            Applicability::Unsafe,
        ));
        fixes.extend(replace_all(
            text,
            "exp = iat + 60",
            "exp = iat + 7200",
            Applicability::DisplayOnly,
        ));
        fixes
    };
    let safe_only = fix_loop(
        SIGNATURE_JS,
        Language::JavaScript,
        MAX_PASSES,
        produce,
        |f| f.applicability.is_applied(false),
    );
    assert!(safe_only.text.contains("/ 1000) - 30;"));
    assert!(safe_only.text.contains("mn: meetingNumber, role, iat"));
    assert!(safe_only.text.contains("iat + 60;"));

    // Display-only fixes are never applied, whatever the filter says.
    let everything = fix_loop(SIGNATURE_JS, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(everything.text.contains("/ 1000) - 30;"));
    assert!(everything.text.contains("role: 0, iat"));
    assert!(everything.text.contains("iat + 60;"));
    assert_eq!(everything.applied, 2);
}

#[test]
fn a_fix_that_breaks_the_syntax_is_rolled_back_and_refused() {
    let produce = |text: &str| {
        let mut fixes = backdate_iat(text);
        // A broken generator: drops the closing brace of the payload.
        if let Some(i) = text.find("tokenExp: exp };") {
            fixes.push(Fix::safe(
                "shorten tokenExp",
                vec![Edit::replace(
                    Span::new(i, i + "tokenExp: exp };".len()),
                    "tokenExp: exp;",
                )],
            ));
        }
        fixes
    };
    assert_eq!(
        syntax_error_count(Language::JavaScript, SIGNATURE_JS),
        Some(0)
    );
    let outcome = fix_loop(SIGNATURE_JS, Language::JavaScript, MAX_PASSES, produce, all);
    assert_eq!(outcome.refused, vec!["shorten tokenExp".to_string()]);
    // The good fix of the same pass still went in.
    assert!(outcome.text.contains("/ 1000) - 30;"));
    assert!(outcome.text.contains("tokenExp: exp };"));
    assert_eq!(
        syntax_error_count(Language::JavaScript, &outcome.text),
        Some(0)
    );
    assert!(outcome.converged);
    assert_eq!(outcome.applied, 1);

    // A file that already has syntax errors can still be fixed, as long as no error is added.
    let broken = format!("{SIGNATURE_JS}\nfunction ( {{\n");
    let before = syntax_error_count(Language::JavaScript, &broken).unwrap();
    assert!(before > 0);
    let outcome = fix_loop(&broken, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(outcome.text.contains("/ 1000) - 30;"));
    assert!(syntax_error_count(Language::JavaScript, &outcome.text).unwrap() <= before);
}

#[test]
fn a_refused_fix_is_not_retried_at_a_shifted_offset() {
    // The bad fix comes back every pass, shifted by the good fixes applied before it.
    let src = "let a = 1;\nlet b = 2;\nlet c = f(3);\n";
    let produce = |text: &str| {
        let mut fixes = replace_all(text, "let ", "const ", Applicability::Safe);
        fixes.extend(replace_all(text, "f(3)", "f(3", Applicability::Safe));
        fixes
    };
    let outcome = fix_loop(src, Language::JavaScript, MAX_PASSES, produce, all);
    assert_eq!(
        outcome.text,
        "const a = 1;\nconst b = 2;\nconst c = f(3);\n"
    );
    assert_eq!(
        outcome.refused,
        vec!["replace `f(3)` with `f(3`".to_string()]
    );
    assert!(outcome.converged);
}

#[test]
fn a_fix_that_never_settles_stops_at_the_bound_or_at_a_cycle() {
    // Always one more edit: bounded.
    let grow = |text: &str| {
        vec![Fix::safe(
            "append",
            vec![Edit::insert(
                siglint::model::Span::new(text.len(), text.len()),
                "x;",
            )],
        )]
    };
    let outcome = fix_loop("x;", Language::JavaScript, 7, grow, all);
    assert!(!outcome.converged);
    assert_eq!(outcome.passes, 7);
    assert_eq!(outcome.text, "x;".repeat(8));

    // Two fixes undoing each other: the cycle is detected long before the bound.
    let flip = |text: &str| {
        let mut fixes = replace_all(text, "let ", "var ", Applicability::Safe);
        fixes.extend(replace_all(text, "var ", "let ", Applicability::Safe));
        fixes
    };
    let outcome = fix_loop("let a = 1;\n", Language::JavaScript, MAX_PASSES, flip, all);
    assert!(!outcome.converged);
    assert!(outcome.passes <= 2, "{}", outcome.passes);
    assert!(outcome.text == "let a = 1;\n" || outcome.text == "var a = 1;\n");
}

#[test]
fn invalid_fixes_are_refused_and_reported_once() {
    let produce = |text: &str| {
        let mut fixes = backdate_iat(text);
        fixes.push(Fix::safe(
            "out of range",
            vec![Edit::insert(
                siglint::model::Span::new(text.len() + 5, text.len() + 5),
                "x",
            )],
        ));
        fixes
    };
    let outcome = fix_loop(SIGNATURE_JS, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(outcome.converged);
    assert_eq!(outcome.refused, vec!["out of range".to_string()]);
    assert!(outcome.text.contains("/ 1000) - 30;"));
}

// --- file style ------------------------------------------------------------------------------

#[test]
fn crlf_files_stay_crlf() {
    let src = SIGNATURE_JS.replace('\n', "\r\n");
    let produce = |text: &str| {
        match text.find("  const exp") {
        // A multi-line insertion written with `\n`.
        Some(i) if !text.contains("// Meeting SDK") => vec![Fix::safe(
            "comment",
            vec![Edit::insert(siglint::model::Span::new(i, i),
                "  // Meeting SDK JWT: exp within [1800, 172800] s of iat\n  // (tokenExp <= exp)\n",
            )],
        )],
        _ => Vec::new(),
    }
    };
    let outcome = fix_loop(&src, Language::JavaScript, MAX_PASSES, produce, all);
    assert!(outcome.text.contains("// Meeting SDK JWT"));
    let lf = outcome.text.matches('\n').count();
    let crlf = outcome.text.matches("\r\n").count();
    assert_eq!(lf, crlf, "{:?}", outcome.text);
    assert_eq!(lf, SIGNATURE_JS.matches('\n').count() + 2);

    // A mixed file: untouched lines keep their own ending.
    let mixed = "let a = 1;\r\nlet b = 2;\nlet c = 3;\r\n";
    let produce = |text: &str| {
        replace_all(
            text,
            "let b = 2;",
            "let b = 2;\nlet d = 4;",
            Applicability::Safe,
        )
    };
    let outcome = fix_loop(mixed, Language::JavaScript, 1, produce, all);
    assert_eq!(
        outcome.text,
        "let a = 1;\r\nlet b = 2;\r\nlet d = 4;\nlet c = 3;\r\n"
    );
}

#[test]
fn the_final_newline_and_its_absence_are_kept() {
    // A fix rewriting the end of the file adds a newline the file did not have...
    let src = "const exp = iat + 60;";
    let produce = |text: &str| replace_all(text, "60;", "7200;\n", Applicability::Safe);
    let outcome = fix_loop(src, Language::JavaScript, MAX_PASSES, produce, all);
    assert_eq!(outcome.text, "const exp = iat + 7200;");
    assert!(outcome.converged);

    // ...or drops the one it had.
    let src = "const exp = iat + 60;\r\n";
    let produce = |text: &str| replace_all(text, "60;\r\n", "7200;", Applicability::Safe);
    let outcome = fix_loop(src, Language::JavaScript, MAX_PASSES, produce, all);
    assert_eq!(outcome.text, "const exp = iat + 7200;\r\n");
}

#[test]
fn a_bom_survives_a_fix_and_an_insertion_at_the_top_goes_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signature.js");
    let mut original = b"\xEF\xBB\xBF".to_vec();
    original.extend_from_slice(SIGNATURE_JS.replace('\n', "\r\n").as_bytes());
    fs::write(&path, &original).unwrap();

    let bytes = fs::read(&path).unwrap();
    let file = FileText::decode(&bytes).unwrap();
    assert!(file.bom);
    let produce = |text: &str| {
        let mut fixes = backdate_iat(text);
        if !text.starts_with("//") {
            fixes.push(Fix::safe(
                "note",
                vec![Edit::insert(
                    siglint::model::Span::new(0, 0),
                    "// fixed by siglint\n",
                )],
            ));
        }
        fixes
    };
    let outcome = fix_loop(&file.text, Language::JavaScript, MAX_PASSES, produce, all);
    write_atomically(&path, &bytes, &file.encode(&outcome.text)).unwrap();

    let written = fs::read(&path).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBF// fixed by siglint\r\nconst crypto"));
    assert!(written.ends_with(b"}\r\n"));
    let text = String::from_utf8(written[3..].to_vec()).unwrap();
    assert!(text.contains("Math.floor(Date.now() / 1000) - 30;\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
}

// --- writing ---------------------------------------------------------------------------------

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".siglint-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o640, 0o755, 0o600, 0o444] {
        let path = dir.path().join(format!("sig-{mode:o}.js"));
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        write_atomically(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new\n");
        let got = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "{mode:o}");
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_file_changed_after_it_was_read_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sig.js");
    fs::write(&path, SIGNATURE_JS).unwrap();
    let read = fs::read(&path).unwrap();
    // Someone saves the file while siglint computes its fixes.
    fs::write(&path, format!("{SIGNATURE_JS}// edited\n")).unwrap();
    let err = write_atomically(&path, &read, b"fixed\n").unwrap_err();
    assert!(matches!(err, FixWriteError::Changed { .. }), "{err}");
    assert!(
        err.to_string().contains("changed since it was read"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("{SIGNATURE_JS}// edited\n")
    );
    assert!(leftovers(dir.path()).is_empty());

    // Deleted in the meantime: nothing is created.
    fs::remove_file(&path).unwrap();
    assert!(write_atomically(&path, &read, b"fixed\n").is_err());
    assert!(!path.exists());
}

#[test]
fn a_failed_write_leaves_no_partial_file() {
    // The parent directory vanished between reading and writing.
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("src");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("sig.js");
    fs::write(&path, "old\n").unwrap();
    let read = fs::read(&path).unwrap();
    fs::remove_dir_all(&sub).unwrap();
    let err = write_atomically(&path, &read, b"new\n").unwrap_err();
    assert!(matches!(err, FixWriteError::Io { .. }), "{err}");
    assert!(!sub.exists());

    // Not a regular file.
    let err = write_atomically(dir.path(), b"", b"new\n").unwrap_err();
    assert!(matches!(err, FixWriteError::NotAFile { .. }), "{err}");
}

#[cfg(unix)]
#[test]
fn a_read_only_directory_makes_the_write_fail_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("sig.js");
    fs::write(&path, "old\n").unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = sub.join("probe");
    if fs::write(&probe, "").is_ok() {
        // Running as root: permission bits do not stop us; the injected failures in the unit
        // tests (src/fix.rs) cover this path.
        eprintln!("note: directory permissions are not enforced for this user; skipped");
        fs::remove_file(&probe).unwrap();
    } else {
        let err = write_atomically(&path, b"old\n", b"new\n").unwrap_err();
        assert!(matches!(err, FixWriteError::Io { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old\n");
        assert_eq!(fs::read_dir(&sub).unwrap().count(), 1);
    }
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let target = real.join("sig.js");
    fs::write(&target, "old\n").unwrap();
    let link = dir.path().join("link.js");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    write_atomically(&link, b"old\n", b"new\n").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&target).unwrap(), b"new\n");
    assert!(leftovers(dir.path()).is_empty());
    assert!(leftovers(&real).is_empty());
}

// --- interrupted writes ----------------------------------------------------------------------

const KILL_DIR_ENV: &str = "SIGLINT_FIX_ENGINE_KILL_DIR";
const KILL_FILES: usize = 6;

fn old_content() -> Vec<u8> {
    (0..12_000)
        .flat_map(|i| format!("const old{i} = {i};\n").into_bytes())
        .collect()
}

fn new_content() -> Vec<u8> {
    (0..9_000)
        .flat_map(|i| format!("const replaced_{i} = Date.now() - {i};\n").into_bytes())
        .collect()
}

/// Not a test of its own: the body of the child process of
/// `an_interrupted_write_leaves_the_old_or_the_new_content` (runs only with the variable set).
/// Flips every file between the two contents, forever, until killed.
#[test]
fn kill_test_child_writer() {
    let Some(dir) = std::env::var_os(KILL_DIR_ENV) else {
        return;
    };
    let (old, new) = (old_content(), new_content());
    let started = Instant::now();
    // Bounded, in case the parent died without killing us.
    while started.elapsed() < Duration::from_secs(60) {
        for i in 0..KILL_FILES {
            let path = PathBuf::from(&dir).join(format!("sig{i}.js"));
            let current = fs::read(&path).unwrap();
            let next = if current == old { &new } else { &old };
            write_atomically(&path, &current, next).unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_write_leaves_the_old_or_the_new_content() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (old_content(), new_content());
    for i in 0..KILL_FILES {
        fs::write(dir.path().join(format!("sig{i}.js")), &old).unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut flips = 0;
    let mut state: Vec<bool> = vec![false; KILL_FILES];
    for round in 0..30 {
        let mut child = Command::new(&exe)
            .args(["kill_test_child_writer", "--exact", "--test-threads=1"])
            .env(KILL_DIR_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(10 + seed % 90));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        for (i, was_new) in state.iter_mut().enumerate() {
            let path = dir.path().join(format!("sig{i}.js"));
            let content = fs::read(&path).unwrap();
            let is_new = if content == old {
                false
            } else if content == new {
                true
            } else {
                panic!(
                    "round {round}: {} is neither old nor new ({} bytes)",
                    path.display(),
                    content.len()
                )
            };
            flips += usize::from(is_new != *was_new);
            *was_new = is_new;
        }
    }
    // The child really wrote (else the test proves nothing).
    assert!(flips > 0, "the child never replaced a file");
    // Temporary files a kill left behind are hidden, and never a file siglint would scan.
    for name in leftovers(dir.path()) {
        assert!(name.starts_with('.') && name.ends_with(".tmp"), "{name}");
    }
}

// --- unified diff ----------------------------------------------------------------------------

#[test]
fn a_unified_diff_of_a_fix() {
    let new = SIGNATURE_JS
        .replace("1000);", "1000) - 30;")
        .replace("iat + 60", "iat + 7200");
    let diff = unified_diff("src/zoom/signature.js", SIGNATURE_JS, &new);
    assert_eq!(
        diff,
        "\
--- a/src/zoom/signature.js
+++ b/src/zoom/signature.js
@@ -1,8 +1,8 @@
 const crypto = require('crypto');
 
 function generateSignature(sdkKey, sdkSecret, meetingNumber, role) {
-  const iat = Math.floor(Date.now() / 1000);
-  const exp = iat + 60;
+  const iat = Math.floor(Date.now() / 1000) - 30;
+  const exp = iat + 7200;
   const payload = { sdkKey, appKey: sdkKey, mn: meetingNumber, role, iat, exp, tokenExp: exp };
   return sign(payload, sdkSecret);
 }
"
    );
    assert_eq!(unified_diff("x", SIGNATURE_JS, SIGNATURE_JS), "");
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn gnu_diff(dir: &Path, old: &str, new: &str, minimal: bool) -> String {
    let (a, b) = (dir.join("old"), dir.join("new"));
    fs::write(&a, old).unwrap();
    fs::write(&b, new).unwrap();
    let mut cmd = Command::new("diff");
    cmd.args(["-u", "--label", "a/f.js", "--label", "b/f.js"]);
    if minimal {
        cmd.arg("--minimal");
    }
    let out = cmd.arg(&a).arg(&b).output().expect("GNU diff is installed");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn join_lines(lines: &[String], final_newline: bool) -> String {
    let mut text = lines.join("\n");
    if final_newline && !lines.is_empty() {
        text.push('\n');
    }
    text
}

/// Edits without moves (lines deleted, replaced, inserted; all lines distinct) have one
/// alignment, so our diff must be byte for byte GNU diff's.
#[test]
fn the_diff_matches_gnu_diff_on_generated_edits() {
    if !have("diff") {
        eprintln!("note: GNU diff not found; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut compared = 0;
    for case in 0..300 {
        let n = rng.below(40) as usize;
        let old: Vec<String> = (0..n).map(|i| format!("  const line{i} = {i};")).collect();
        let mut new = Vec::new();
        for (i, line) in old.iter().enumerate() {
            match rng.below(12) {
                0 => {}                                                // deleted
                1 => new.push(format!("  const line{i} = {i} - 30;")), // replaced
                2 => {
                    new.push(format!("  // inserted {case}.{i}"));
                    new.push(line.clone());
                }
                _ => new.push(line.clone()),
            }
        }
        if rng.below(4) == 0 {
            new.push(format!("// appended {case}"));
        }
        let old_text = join_lines(&old, rng.below(5) != 0);
        let new_text = join_lines(&new, rng.below(5) != 0);
        let ours = unified_diff("f.js", &old_text, &new_text);
        let theirs = gnu_diff(dir.path(), &old_text, &new_text, false);
        assert_eq!(
            ours, theirs,
            "case {case}\n--- old\n{old_text}\n--- new\n{new_text}"
        );
        compared += usize::from(!ours.is_empty());
    }
    assert!(compared > 250, "{compared}");
}

/// With repeated lines several minimal alignments exist and GNU diff may pick another one:
/// ours must be as small as `diff --minimal`'s and, applied with `patch`, give the new text.
#[test]
fn the_diff_is_minimal_and_applies_with_patch() {
    if !have("diff") || !have("patch") {
        eprintln!("note: GNU diff or patch not found; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocabulary = ["}", "", "  return x;", "{", "  x += 1;", "// note"];
    let count = |diff: &str, sign: char| {
        diff.lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with("---") && !l.starts_with("+++"))
            .count()
    };
    for case in 0..150 {
        let make = |rng: &mut Rng| -> String {
            let n = rng.below(30) as usize;
            let lines: Vec<String> = (0..n)
                .map(|_| vocabulary[rng.below(vocabulary.len() as u64) as usize].to_string())
                .collect();
            let crlf = rng.below(6) == 0;
            let text = join_lines(&lines, rng.below(4) != 0);
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        };
        let old = make(&mut rng);
        let new = make(&mut rng);
        let ours = unified_diff("f.js", &old, &new);
        let theirs = gnu_diff(dir.path(), &old, &new, true);
        assert_eq!(ours.is_empty(), theirs.is_empty(), "case {case}");
        assert_eq!(
            (count(&ours, '-'), count(&ours, '+')),
            (count(&theirs, '-'), count(&theirs, '+')),
            "case {case}\nours:\n{ours}\ntheirs:\n{theirs}"
        );
        if ours.is_empty() {
            continue;
        }
        let patch_file = dir.path().join("fix.diff");
        let patched = dir.path().join("patched");
        fs::write(&patch_file, &ours).unwrap();
        let status = Command::new("patch")
            .arg("--quiet")
            .arg("--force")
            .arg("-o")
            .arg(&patched)
            .arg(dir.path().join("old"))
            .arg(&patch_file)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "case {case}: patch rejected\n{ours}");
        assert_eq!(
            fs::read_to_string(&patched).unwrap(),
            new,
            "case {case}\n{ours}"
        );
    }
}
