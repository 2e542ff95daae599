//! Analysis of one file: bytes → text → model → sites → findings.

use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::files::{io_message, read_all};
use crate::model::Language;
use crate::rules::Settings;

/// What analysing one source text found.
#[derive(Debug, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// Regions tree-sitter could not parse; the rest of the file was still analysed.
    pub syntax_errors: usize,
    /// Expressions nested deeper than the lowering bound were not analysed.
    pub depth_limited: bool,
    /// The evaluation budget or time limit ran out somewhere: findings may be missing.
    pub incomplete: Option<crate::eval::Incomplete>,
    /// Meeting SDK JWTs built in the file (payloads found).
    pub jwt_sites: usize,
    /// Legacy signatures built in the file.
    pub legacy_sites: usize,
    /// The code was minified and not analysed (committed tokens were still looked for).
    pub minified: Option<crate::prefilter::MinifiedStats>,
    /// Parsing took longer than this limit and was given up: nothing but committed tokens was
    /// analysed (`analyze_file` reports the file as skipped).
    pub parse_timeout: Option<std::time::Duration>,
}

/// What kind of file a path is: source code in a language, or a configuration file that may
/// hold committed tokens (`.env`, JSON, YAML, properties, TOML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Source(Language),
    Config,
}

/// The kind of a file, from its name; `None` for files siglint does not read.
pub fn detect_kind(path: &Path) -> Option<FileKind> {
    if let Some(language) = crate::lang::detect(path) {
        return Some(FileKind::Source(language));
    }
    let name = path.file_name()?.to_str()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let config = name == ".env"
        || name.starts_with(".env.")
        || matches!(ext, "env" | "json" | "yaml" | "yml" | "properties" | "toml");
    config.then_some(FileKind::Config)
}

/// Analyses the text of a file of any kind: the code model for source, and committed tokens in
/// every file. `settings` are the rule parameters (`siglint.toml`'s `[window]`).
pub fn analyze_text(
    kind: FileKind,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> Analysis {
    use crate::prefilter::{check, Verdict};
    let mut analysis = match kind {
        FileKind::Source(language) => match check(source.as_bytes()) {
            Verdict::MayHoldSite => analyze_source(language, source, path, settings),
            Verdict::Minified(stats) => Analysis {
                minified: Some(stats),
                ..Analysis::default()
            },
            Verdict::NoSite => Analysis::default(),
        },
        FileKind::Config => Analysis::default(),
    };
    analysis.findings.extend(committed_tokens(source));
    analysis
        .findings
        .sort_by(|a, b| (a.span, a.code).cmp(&(b.span, b.code)));
    analysis
}

/// Meeting SDK JWTs and legacy signatures written into the text: the token itself is reported
/// (TOK005, its signature masked in rendered output), and what is wrong with it, under the
/// catalogue codes, at its exact position.
fn committed_tokens(source: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (range, report) in crate::token::find_tokens(source) {
        let span = crate::model::Span::new(range.start, range.end);
        // The signature segment (after the last '.') is the credential part of a JWT; a legacy
        // signature is one base64 blob.
        let text = &source[range.clone()];
        let secret_start = match text.rfind('.') {
            Some(dot) if text.starts_with("eyJ") => range.start + dot + 1,
            _ => range.start,
        };
        out.push(
            Finding::new(
                "TOK005",
                span,
                format!(
                    "{} is committed here; tokens in code leak and expire",
                    report.describe()
                ),
            )
            .redacting(crate::model::Span::new(secret_start, range.end)),
        );
        for f in report.findings {
            out.push(Finding::new(
                f.code,
                crate::model::Span::new(f.span.start, f.span.end),
                f.message,
            ));
        }
    }
    out
}

/// Analyses source text in a known language. The path, when given, informs judgements that
/// depend on where code runs (a Next.js `pages/api/` route is server code).
pub fn analyze_source(
    language: Language,
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> Analysis {
    let model = match crate::lang::try_lower(language, source) {
        Ok(model) => model,
        Err(crate::lang::ParseError::TimedOut { limit }) => {
            return Analysis {
                parse_timeout: Some(limit),
                ..Analysis::default()
            }
        }
        Err(crate::lang::ParseError::NoParser) => return Analysis::default(),
    };
    let sites = crate::sites::find_in(&model, path);
    let mut findings = crate::rules::check(&crate::rules::Input {
        sites: &sites,
        model: &model,
        source,
        settings,
    });
    withhold_fixes_near_syntax_errors(&mut findings, &model.syntax_errors);
    Analysis {
        findings,
        syntax_errors: model.syntax_errors.len(),
        depth_limited: model.depth_limited,
        incomplete: sites.incomplete,
        jwt_sites: sites
            .payloads
            .iter()
            .map(|p| p.obj.span)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        legacy_sites: sites.legacy.len(),
        minified: None,
        parse_timeout: None,
    }
}

/// Drops the fix (not the finding) of a finding whose expression or edits touch a syntax error.
/// There the tree is a guess of tree-sitter's error recovery: an expression's span can end
/// before its real end (a call whose `)` is missing), and an edit appended to it lands inside
/// the call, where the next pass finds the same defect again (found by the `fix_engine` fuzz
/// target: `- 30` appended a hundred times).
fn withhold_fixes_near_syntax_errors(findings: &mut [Finding], errors: &[crate::model::Span]) {
    if errors.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let Some(fix) = &f.fix else { continue };
        let touches = |lo: usize, hi: usize| errors.iter().any(|e| e.start <= hi && lo <= e.end);
        if touches(f.span.start, f.span.end)
            || fix.edits.iter().any(|e| touches(e.span.start, e.span.end))
        {
            f.fix = None;
        }
    }
}

/// Why a file was not analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    InvalidUtf8,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// UTF-16 text whose code units do not form characters (an unpaired surrogate, odd length).
    InvalidUtf16,
    /// A byte-order mark of an encoding siglint does not read (UTF-32).
    UnsupportedEncoding(&'static str),
    /// Parsing took longer than `--parse-timeout-ms`.
    ParseTimeout {
        limit_ms: u64,
    },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Binary => write!(f, "binary file (contains NUL bytes)"),
            SkipReason::InvalidUtf8 => write!(f, "not valid UTF-8"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "{size} bytes, larger than the {limit}-byte limit")
            }
            SkipReason::InvalidUtf16 => write!(
                f,
                "not valid UTF-16 (it starts with a UTF-16 byte-order mark)"
            ),
            SkipReason::UnsupportedEncoding(name) => write!(f, "{name} is not supported"),
            SkipReason::ParseTimeout { limit_ms } => {
                write!(
                    f,
                    "parsing took longer than the {limit_ms} ms limit (--parse-timeout-ms)"
                )
            }
        }
    }
}

/// The outcome for one file.
#[derive(Debug)]
pub enum FileOutcome {
    Analysed {
        kind: FileKind,
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
    /// The path relative to the scanned root, when known.
    pub rel: Option<PathBuf>,
    pub outcome: FileOutcome,
}

/// Decodes file bytes as text: UTF-8, or UTF-16 when the file starts with a UTF-16 byte-order
/// mark (LE or BE; transcoded). A byte-order mark is dropped. Spans of the analysis are byte
/// offsets into this text (after the mark; for a UTF-16 file they count UTF-8 bytes), while
/// lines and columns are those of the file as an editor shows it.
pub fn decode(bytes: Vec<u8>) -> Result<String, SkipReason> {
    use crate::fix::TextEncoding;
    if let Some(name) = TextEncoding::unsupported_bom(&bytes) {
        return Err(SkipReason::UnsupportedEncoding(name));
    }
    let encoding = TextEncoding::sniff(&bytes);
    if encoding != TextEncoding::Utf8 {
        let text = encoding
            .decode_utf16(&bytes)
            .ok_or(SkipReason::InvalidUtf16)?;
        // Binary content behind a UTF-16 mark decodes to characters; NUL is the tell, as for
        // UTF-8.
        if text.chars().take(8192).any(|c| c == '\0') {
            return Err(SkipReason::Binary);
        }
        return Ok(text);
    }
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err(SkipReason::Binary);
    }
    let mut text = String::from_utf8(bytes).map_err(|_| SkipReason::InvalidUtf8)?;
    if text.starts_with('\u{feff}') {
        // Editors do not count the mark: columns on the first line are right only without it
        // (and the text is then the one `fix::FileText` fixes).
        text.drain(..3);
    }
    Ok(text)
}

/// Reads and analyses one file. `rel` is its path relative to the scanned root (what path
/// signals such as `pages/api/` are judged on), when known.
pub fn analyze_file(
    path: &Path,
    rel: Option<&Path>,
    kind: FileKind,
    max_size: u64,
    settings: &Settings,
    post: &dyn Fn(&str, Vec<Finding>) -> Vec<Finding>,
) -> FileReport {
    // One open, and the size from the open file: no second lookup of the path.
    let opened = std::fs::File::open(path).and_then(|f| Ok((f.metadata()?, f)));
    let outcome = match opened {
        Err(e) => FileOutcome::Error(io_message(&e)),
        Ok((meta, _)) if meta.is_dir() => FileOutcome::Error("is a directory".to_string()),
        Ok((meta, _)) if meta.len() > max_size => FileOutcome::Skipped(SkipReason::TooLarge {
            size: meta.len(),
            limit: max_size,
        }),
        Ok((meta, mut file)) => match read_all(&mut file, meta.len()) {
            Err(e) => FileOutcome::Error(io_message(&e)),
            Ok(bytes) => match decode(bytes) {
                Err(reason) => FileOutcome::Skipped(reason),
                Ok(source) => {
                    let mut analysis = analyze_text(kind, &source, rel, settings);
                    if let Some(limit) = analysis.parse_timeout {
                        let limit_ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
                        return FileReport {
                            path: path.to_path_buf(),
                            rel: rel.map(Path::to_path_buf),
                            outcome: FileOutcome::Skipped(SkipReason::ParseTimeout { limit_ms }),
                        };
                    }
                    // Suppressions, configuration and baseline need the text: apply them now.
                    analysis.findings = post(&source, std::mem::take(&mut analysis.findings));
                    let source = (!analysis.findings.is_empty()).then_some(source);
                    FileOutcome::Analysed {
                        kind,
                        analysis,
                        source,
                    }
                }
            },
        },
    };
    FileReport {
        path: path.to_path_buf(),
        rel: rel.map(Path::to_path_buf),
        outcome,
    }
}
