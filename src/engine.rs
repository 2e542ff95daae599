//! Analysis of one file: bytes → text → model → sites → findings.

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::model::Language;

/// Files larger than this are skipped with a note (a minified bundle is no signature code).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// What analysing one source text found.
#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Regions tree-sitter could not parse; the rest of the file was still analysed.
    pub syntax_errors: usize,
    /// Expressions nested deeper than the lowering bound were not analysed.
    pub depth_limited: bool,
    /// The evaluation budget ran out somewhere: findings may be missing.
    pub incomplete: bool,
}

/// Analyses source text in a known language. The path, when given, informs judgements that
/// depend on where code runs (a Next.js `pages/api/` route is server code).
pub fn analyze_source(language: Language, source: &str, path: Option<&Path>) -> Analysis {
    let Some(model) = crate::lang::lower(language, source) else {
        return Analysis::default();
    };
    let sites = crate::sites::find_in(&model, path);
    Analysis {
        findings: crate::rules::check(&sites),
        syntax_errors: model.syntax_errors.len(),
        depth_limited: model.depth_limited,
        incomplete: sites.incomplete,
    }
}

/// Why a file was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    InvalidUtf8,
    TooLarge { size: u64, limit: u64 },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::InvalidUtf8 => write!(f, "not valid UTF-8"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes, larger than the {limit}-byte limit")
            }
        }
    }
}

/// The outcome for one file.
#[derive(Debug)]
pub enum FileOutcome {
    Analysed {
        language: Language,
        analysis: Analysis,
        /// Kept only when there are findings (for rendering).
        source: Option<String>,
    },
    Skipped(SkipReason),
    /// The file could not be read (permission denied, vanished, a directory…).
    Error(String),
}

#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: FileOutcome,
}

/// Decodes file bytes as UTF-8 text, skipping a UTF-8 byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, SkipReason> {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| SkipReason::InvalidUtf8)?;
    if text.starts_with('\u{feff}') {
        // Keep byte offsets stable for rendering: replace the BOM by nothing only in a copy
        // would shift spans, so blank it instead (three bytes of spaces).
        text.replace_range(0..3, "   ");
    }
    Ok(text)
}

/// Reads and analyses one file. `rel` is its path relative to the scanned root (what path
/// signals such as `pages/api/` are judged on), when known.
pub fn analyze_file(
    path: &Path,
    rel: Option<&Path>,
    language: Language,
    max_size: u64,
) -> FileReport {
    let outcome = match std::fs::metadata(path) {
        Err(e) => FileOutcome::Error(io_message(&e)),
        Ok(meta) if meta.is_dir() => FileOutcome::Error("is a directory".to_string()),
        Ok(meta) if meta.len() > max_size => FileOutcome::Skipped(SkipReason::TooLarge {
            size: meta.len(),
            limit: max_size,
        }),
        Ok(_) => match std::fs::read(path) {
            Err(e) => FileOutcome::Error(io_message(&e)),
            Ok(bytes) => match decode(bytes) {
                Err(reason) => FileOutcome::Skipped(reason),
                Ok(source) => {
                    let analysis = analyze_source(language, &source, rel);
                    let source = (!analysis.findings.is_empty()).then_some(source);
                    FileOutcome::Analysed {
                        language,
                        analysis,
                        source,
                    }
                }
            },
        },
    };
    FileReport {
        path: path.to_path_buf(),
        outcome,
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
