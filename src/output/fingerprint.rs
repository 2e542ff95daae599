//! Where a finding is, for CI systems: its path relative to the directory siglint runs in (the
//! repository root in CI), and a fingerprint that keeps a finding's identity across commits.
//!
//! The fingerprint hashes the rule code, the relative path, the finding's source line(s) with
//! whitespace normalised, and the occurrence index of that (code, path, text) triple in the file.
//! Line numbers are not part of it, so lines added above a finding do not change it; two findings
//! of one rule on identical lines in one file stay distinct by their index. The text hashed is the
//! redacted source of [`Report::sources`](super::Report), so a fingerprint never depends on the
//! characters of a hard-coded secret beyond what output shows anyway (its last four characters),
//! and the hash itself never contains source text.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Report, ReportFinding};

/// The key under which SARIF carries the fingerprint in `partialFingerprints` (versioned as
/// SARIF §3.27.17 recommends: a new scheme gets a new key, and consumers compare like with like).
pub const FINGERPRINT_KEY: &str = "siglint/v1";

/// A finding's file relative to `cwd`, with forward slashes (`src/zoom/sign.js`), or `None` when
/// the file lies outside `cwd` (`siglint check ../other`) or `cwd` is unknown (empty).
pub fn relative_path(path: &str, cwd: &Path) -> Option<String> {
    let path = Path::new(path);
    let absolute = if path.is_absolute() {
        normalize(path)
    } else if cwd.as_os_str().is_empty() {
        // No current directory: a relative path that stays inside is relative to it already.
        let p = normalize(path);
        if p.components().next() == Some(Component::ParentDir) {
            return None;
        }
        return Some(slashes(&p));
    } else {
        normalize(&cwd.join(path))
    };
    let base = normalize(cwd);
    if base.as_os_str().is_empty() {
        return None;
    }
    let rel = absolute.strip_prefix(&base).ok()?;
    if rel.as_os_str().is_empty() {
        return None;
    }
    Some(slashes(rel))
}

/// The absolute form of a finding's path (for a file outside the current directory).
pub fn absolute_path(path: &str, cwd: &Path) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        normalize(path)
    } else {
        normalize(&cwd.join(path))
    }
}

/// The path CI formats print: relative to `cwd` when the file is inside it, else as displayed
/// (with forward slashes).
pub fn ci_path(f: &ReportFinding, cwd: &Path) -> String {
    relative_path(&f.path, cwd).unwrap_or_else(|| slashes(Path::new(&f.path)))
}

/// Removes `.` and resolves `..` lexically (no file system access: the file may be a symlink,
/// and the path shown must be the one the user reached it by).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn slashes(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::RootDir => Some(String::new()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::CurDir => None,
        })
        .collect();
    let joined = parts.join("/");
    if joined.is_empty() && path.has_root() {
        "/".to_string()
    } else {
        joined
    }
}

/// The normalised text of the lines a finding covers, from the redacted source: each line
/// trimmed, runs of whitespace collapsed, lines joined by `\n`.
fn normalised_lines(report: &Report, f: &ReportFinding) -> String {
    let text = report
        .sources
        .get(f.source)
        .map(|(_, t)| t.as_str())
        .unwrap_or("");
    text.lines()
        .skip(f.start.line.saturating_sub(1))
        .take(f.end.line.saturating_sub(f.start.line) + 1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One fingerprint per finding of `report`, in the same order: 32 hex digits of a SHA-256, then
/// `:` and the 1-based occurrence index (`3f9a…e1:1`).
pub fn fingerprints(report: &Report, cwd: &Path) -> Vec<String> {
    let mut seen: HashMap<[u8; 32], usize> = HashMap::new();
    report
        .findings
        .iter()
        .map(|f| {
            let mut h = Sha256::new();
            for part in [
                f.rule.code,
                ci_path(f, cwd).as_str(),
                normalised_lines(report, f).as_str(),
            ] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
            let key: [u8; 32] = h.finalize().into();
            let n = seen.entry(key).or_default();
            *n += 1;
            let hex: String = key[..16].iter().map(|b| format!("{b:02x}")).collect();
            format!("{hex}:{n}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_current_directory_with_forward_slashes() {
        let cwd = Path::new("/repo");
        assert_eq!(relative_path("src/a.js", cwd).as_deref(), Some("src/a.js"));
        assert_eq!(
            relative_path("./src/a.js", cwd).as_deref(),
            Some("src/a.js")
        );
        assert_eq!(
            relative_path("/repo/src/../lib/a.js", cwd).as_deref(),
            Some("lib/a.js")
        );
        assert_eq!(relative_path("../other/a.js", cwd), None);
        assert_eq!(relative_path("/elsewhere/a.js", cwd), None);
        assert_eq!(
            relative_path("src/a.js", Path::new("")).as_deref(),
            Some("src/a.js")
        );
        assert_eq!(relative_path("../a.js", Path::new("")), None);
        assert_eq!(
            absolute_path("../other/a.js", cwd),
            PathBuf::from("/other/a.js")
        );
    }
}
