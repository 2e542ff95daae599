//! Baselines: record today's findings, report only new ones. This is how a team adopts siglint
//! on a large legacy repository without fixing everything first.
//!
//! A finding is identified by a fingerprint that survives edits elsewhere in the file: a hash
//! of its code, its path, the whitespace-normalised text of its first line, and its index among
//! the findings of the same file with the same code and text. Line numbers are not part of it,
//! so inserting lines above a finding keeps it recognised; changing the line itself makes it a
//! new finding (it was touched, so it is looked at again). Hard-coded secrets are cut out of the
//! line before hashing (every finding's redact span), so a fingerprint never carries a secret,
//! not even as a hash one could brute-force.
//!
//! The file is JSON, sorted so that it diffs well when committed:
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": "siglint",
//!   "tool_version": "0.1.0",
//!   "entries": [
//!     { "code": "SIG003", "path": "src/zoom/signature.js", "fingerprint": "5d0c…" }
//!   ]
//! }
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::Finding;
use crate::model::Span;

/// The format version this siglint writes and reads.
pub const BASELINE_VERSION: u32 = 1;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    /// Normalised (`/` separators, no leading `./`).
    pub path: String,
    pub fingerprint: String,
}

#[derive(Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    #[serde(default)]
    tool: String,
    #[serde(default)]
    tool_version: String,
    entries: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    /// The siglint version that wrote it (informational).
    pub tool_version: String,
    pub entries: Vec<Entry>,
    fingerprints: HashSet<String>,
}

impl Baseline {
    pub fn new(entries: Vec<Entry>) -> Baseline {
        let fingerprints = entries.iter().map(|e| e.fingerprint.clone()).collect();
        Baseline {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            entries,
            fingerprints,
        }
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }
}

/// A baseline file that cannot be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for BaselineError {}

/// A path as fingerprints and baseline entries spell it: `/` separators, no leading `./`.
pub fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if path.starts_with('/') {
        parts.insert(0, "");
    }
    parts.join("/")
}

/// A line with leading and trailing whitespace removed and every run of whitespace collapsed
/// to one space: re-indenting code keeps its findings.
pub fn normalize_text(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding: `code`, its file (`rel_path`), the text of its first line
/// (secrets already cut out, see [`line_text`]) and `occurrence`, its 0-based index among the
/// file's findings with the same code and normalised text.
pub fn fingerprint(
    code: &str,
    rel_path: &str,
    source_line_text: &str,
    occurrence: usize,
) -> String {
    let mut hash = Sha256::new();
    for part in [
        code,
        &normalize_path(rel_path),
        &normalize_text(source_line_text),
        &occurrence.to_string(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    let digest = hash.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The text of the line holding byte `offset` of `source`, with every `redact` span (secrets)
/// cut out.
pub fn line_text(source: &str, offset: usize, redact: &[Span]) -> String {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let mut cuts: Vec<(usize, usize)> = redact
        .iter()
        .map(|r| (r.start.max(start), r.end.min(end)))
        .filter(|(s, e)| s < e)
        .collect();
    cuts.sort();
    let mut out = String::new();
    let mut at = start;
    for (s, e) in cuts {
        if s > at {
            out.push_str(source.get(at..s).unwrap_or(""));
        }
        if e > at {
            out.push_str(" <secret> ");
            at = e;
        }
    }
    out.push_str(source.get(at..end).unwrap_or(""));
    out
}

/// The secrets of a file: the redact spans of its findings. Take them from the findings as the
/// engine produced them, before suppressions and configuration drop any: a secret found by
/// SIG008 must stay out of the fingerprint of a SIG009 finding on the same line even when SIG008
/// is ignored.
pub fn secrets(findings: &[Finding]) -> Vec<Span> {
    findings.iter().filter_map(|f| f.redact).collect()
}

/// The baseline entries of one file's findings, in the order of `findings`. `rel_path` is the
/// path as the baseline records it (the same spelling on every run: relative to the directory
/// `check` runs in, or to the baseline file). `secrets` are cut out of the lines (see
/// [`secrets`]); the redact spans of `findings` are cut out too.
pub fn entries_for_file(
    rel_path: &str,
    source: &str,
    findings: &[Finding],
    secrets: &[Span],
) -> Vec<Entry> {
    let path = normalize_path(rel_path);
    let mut secrets = secrets.to_vec();
    secrets.extend(self::secrets(findings));
    // Occurrences count in source order, whatever order the findings come in.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (findings[i].span, findings[i].code));
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    let mut out: Vec<Option<Entry>> = vec![None; findings.len()];
    for i in order {
        let f = &findings[i];
        let text = normalize_text(&line_text(source, f.span.start, &secrets));
        let occurrence = seen.entry((f.code, text.clone())).or_default();
        out[i] = Some(Entry {
            code: f.code.to_string(),
            path: path.clone(),
            fingerprint: fingerprint(f.code, &path, &text, *occurrence),
        });
        *occurrence += 1;
    }
    out.into_iter().flatten().collect()
}

/// The findings of one file that are not in the baseline (`rel_path`, `secrets`: as for
/// [`entries_for_file`]).
pub fn filter_new(
    rel_path: &str,
    source: &str,
    findings: Vec<Finding>,
    secrets: &[Span],
    baseline: &Baseline,
) -> Vec<Finding> {
    let entries = entries_for_file(rel_path, source, &findings, secrets);
    findings
        .into_iter()
        .zip(entries)
        .filter(|(_, e)| !baseline.contains(&e.fingerprint))
        .map(|(f, _)| f)
        .collect()
}

/// Writes a baseline file (sorted entries, pretty JSON).
pub fn write_baseline(path: &Path, entries: &[Entry]) -> Result<(), BaselineError> {
    let mut entries = entries.to_vec();
    entries.sort();
    entries.dedup();
    let file = BaselineFile {
        version: BASELINE_VERSION,
        tool: "siglint".to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        entries,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| BaselineError {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| BaselineError {
        path: path.to_path_buf(),
        message: crate::files::io_message(&e),
    })
}

/// Reads a baseline file written by [`write_baseline`].
pub fn load_baseline(path: &Path) -> Result<Baseline, BaselineError> {
    let error = |message: String| BaselineError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(crate::files::io_message(&e)))?;
    let file: BaselineFile =
        serde_json::from_str(&text).map_err(|e| error(format!("not a siglint baseline: {e}")))?;
    if file.version != BASELINE_VERSION {
        return Err(error(format!(
            "baseline format version {} is not supported (this siglint reads version {BASELINE_VERSION}); write it again with --write-baseline",
            file.version
        )));
    }
    let mut baseline = Baseline::new(file.entries);
    baseline.tool_version = file.tool_version;
    Ok(baseline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_text_are_normalised() {
        assert_eq!(normalize_path("./src\\zoom//sig.js"), "src/zoom/sig.js");
        assert_eq!(normalize_path("/abs/./x.js"), "/abs/x.js");
        assert_eq!(
            normalize_text("  const  iat =\tnow();  "),
            "const iat = now();"
        );
        assert_eq!(
            fingerprint("SIG003", "./a.js", "  x =  1", 0),
            fingerprint("SIG003", "a.js", "x = 1", 0)
        );
        assert_ne!(
            fingerprint("SIG003", "a.js", "x = 1", 0),
            fingerprint("SIG003", "a.js", "x = 1", 1)
        );
        assert_eq!(fingerprint("SIG003", "a.js", "x", 0).len(), 32);
    }

    #[test]
    fn secrets_are_cut_out_of_the_line() {
        let src = "a\nconst S = 'vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe'; sign(S)\nb";
        let start = src.find('\'').unwrap();
        let end = src.rfind('\'').unwrap() + 1;
        let text = line_text(src, start, &[Span::new(start, end)]);
        assert_eq!(normalize_text(&text), "const S = <secret> ; sign(S)");
        // Another secret gives the same fingerprint: rotating a secret is not a new finding.
        let other = src.replace("vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe", "x");
        let other_end = other.rfind('\'').unwrap() + 1;
        assert_eq!(
            normalize_text(&line_text(&other, start, &[Span::new(start, other_end)])),
            normalize_text(&text)
        );
    }
}
