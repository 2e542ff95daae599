//! Output emitters. Every format prints from one [`Report`], sorted by path, line, column, code,
//! so runs are reproducible under the parallel walk.

pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod rule_docs;
pub mod sarif;
pub mod statistics;
pub mod text;

use std::collections::BTreeMap;

use crate::catalogue::{self, RuleInfo};
use crate::diagnostic::Severity;
use crate::engine::FileOutcome;
use crate::span::{LineIndex, Position};
use crate::walk::{display_path, Scan};

#[derive(Clone, Debug)]
pub struct ReportFinding {
    pub path: String,
    pub rule: RuleInfo,
    pub severity: Severity,
    pub start: Position,
    pub end: Position,
    pub byte_start: usize,
    pub byte_end: usize,
    pub message: String,
    /// Index into `Report::sources`.
    pub source: usize,
    /// The repair `--fix` would apply, when the rule has one here.
    pub suggested_fix: Option<crate::diagnostic::Fix>,
    /// Other places that explain the finding (in this file or another one).
    pub related: Vec<ReportRelated>,
}

/// A place related to a finding.
#[derive(Clone, Debug)]
pub struct ReportRelated {
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub byte_start: usize,
    pub byte_end: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_with_findings: usize,
    pub files_with_syntax_errors: usize,
    pub errors: usize,
    pub warnings: usize,
    pub by_code: BTreeMap<&'static str, usize>,
    /// (path, reason) of files not analysed: binary, invalid UTF-8, too large.
    pub skipped: Vec<(String, String)>,
    /// (path, message) of files or paths that could not be read.
    pub problems: Vec<(String, String)>,
    /// Files where lowering hit the nesting bound.
    pub depth_limited: Vec<String>,
    /// (path, reason) of files whose evaluation ran out of its budget or time (findings may be
    /// missing).
    pub incomplete: Vec<(String, String)>,
}

/// What one analysed file holds, for reports over many files.
#[derive(Clone, Debug)]
pub struct FileInfo {
    pub path: String,
    /// `javascript`, `typescript`, `ruby`, `php`, `java`, `python`, or `config`.
    pub language: &'static str,
    pub jwt_sites: usize,
    pub legacy_sites: usize,
}

#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<ReportFinding>,
    /// The analysed files with findings, signature sites or a note, sorted by path.
    pub files: Vec<FileInfo>,
    /// The other analysed files (nothing to report), counted per language.
    pub quiet_files: BTreeMap<&'static str, usize>,
    /// (display path, text) of files with findings.
    pub sources: Vec<(String, String)>,
    pub summary: Summary,
}

impl Report {
    pub fn from_scan(scan: Scan) -> Report {
        let rules = catalogue::all_codes();
        let mut report = Report::default();
        for (path, message) in scan.path_errors {
            report.summary.problems.push((display_path(&path), message));
        }
        for (path, why) in scan.passed_over {
            report.summary.skipped.push((display_path(&path), why));
        }
        report.summary.files_scanned = scan.quiet.total();
        report.summary.files_with_syntax_errors = scan.quiet.with_syntax_errors;
        report.quiet_files = scan.quiet.by_language;
        for file in scan.files {
            let path = display_path(&file.path);
            match file.outcome {
                FileOutcome::Error(message) => report.summary.problems.push((path, message)),
                FileOutcome::Skipped(reason) => {
                    report.summary.skipped.push((path, reason.to_string()))
                }
                FileOutcome::Analysed {
                    analysis,
                    source,
                    kind,
                } => {
                    report.summary.files_scanned += 1;
                    report.files.push(FileInfo {
                        path: path.clone(),
                        language: crate::walk::language_name(kind),
                        jwt_sites: analysis.jwt_sites,
                        legacy_sites: analysis.legacy_sites,
                    });
                    if analysis.syntax_errors > 0 {
                        report.summary.files_with_syntax_errors += 1;
                    }
                    if analysis.depth_limited {
                        report.summary.depth_limited.push(path.clone());
                    }
                    if let Some(why) = analysis.incomplete {
                        report
                            .summary
                            .incomplete
                            .push((path.clone(), why.to_string()));
                    }
                    // Imported files that could not be read: values from them are unknown.
                    for note in &analysis.notes {
                        report.summary.incomplete.push((path.clone(), note.clone()));
                    }
                    if let Some(stats) = &analysis.minified {
                        report
                            .summary
                            .skipped
                            .push((path.clone(), minified_reason(stats)));
                    }
                    let Some(source) = source else { continue };
                    report.summary.files_with_findings += 1;
                    let lines = LineIndex::new(&source);
                    let mut others = OtherFiles::default();
                    let src_idx = report.sources.len();
                    let mut secrets = Vec::new();
                    for f in analysis.findings {
                        if let Some(r) = f.redact {
                            secrets.push((r.start, r.end));
                        }
                        let Some(rule) = rules.iter().find(|r| r.code == f.code) else {
                            continue;
                        };
                        let severity = rule.severity;
                        match severity {
                            Severity::Error => report.summary.errors += 1,
                            Severity::Warning => report.summary.warnings += 1,
                        }
                        *report.summary.by_code.entry(rule.code).or_default() += 1;
                        report.findings.push(ReportFinding {
                            path: path.clone(),
                            rule: rule.clone(),
                            severity,
                            start: lines.position(&source, f.span.start),
                            end: lines.position(&source, f.span.end),
                            byte_start: f.span.start,
                            byte_end: f.span.end,
                            message: f.message,
                            source: src_idx,
                            suggested_fix: f.fix,
                            related: f
                                .related
                                .iter()
                                .filter_map(|r| match &r.path {
                                    None => Some(ReportRelated {
                                        path: path.clone(),
                                        start: lines.position(&source, r.span.start),
                                        end: lines.position(&source, r.span.end),
                                        byte_start: r.span.start,
                                        byte_end: r.span.end,
                                        message: r.message.clone(),
                                    }),
                                    Some(other) => others.locate(other, r),
                                })
                                .collect(),
                        });
                    }
                    report.sources.push((path, redact(source, &secrets)));
                }
            }
        }
        report
            .findings
            .sort_by(|a, b| (&a.path, a.start, a.rule.code).cmp(&(&b.path, b.start, b.rule.code)));
        report
    }

    /// Gives each finding the severity that the `[severity]` table of its file's configuration
    /// sets for its rule.
    pub fn apply_severity_overrides(&mut self, configs: &crate::config::ConfigResolver) {
        use crate::diagnostic::Severity;
        let mut changed = false;
        for f in &mut self.findings {
            if let Ok(cfg) = configs.for_path(std::path::Path::new(&f.path)) {
                if let Some(s) = cfg.severity(f.rule.code) {
                    changed |= s != f.severity;
                    f.severity = s;
                }
            }
        }
        if changed {
            self.summary.errors = self
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            self.summary.warnings = self.findings.len() - self.summary.errors;
        }
    }

    /// Nothing at all could be read: every path was missing or unreadable.
    pub fn nothing_read(&self) -> bool {
        self.summary.files_scanned == 0
            && self.summary.skipped.is_empty()
            && !self.summary.problems.is_empty()
    }
}

/// The texts of other files that related places point into, read once each, for their lines
/// and columns.
#[derive(Default)]
struct OtherFiles {
    texts: std::collections::HashMap<std::path::PathBuf, Option<(String, LineIndex)>>,
}

impl OtherFiles {
    fn locate(
        &mut self,
        path: &std::path::Path,
        r: &crate::diagnostic::Related,
    ) -> Option<ReportRelated> {
        let entry = self.texts.entry(path.to_path_buf()).or_insert_with(|| {
            let text = std::fs::read_to_string(path).ok()?;
            let text = text
                .strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text);
            let index = LineIndex::new(&text);
            Some((text, index))
        });
        let (text, index) = entry.as_ref()?;
        Some(ReportRelated {
            path: crate::walk::shown_path(path),
            start: index.position(text, r.span.start),
            end: index.position(text, r.span.end),
            byte_start: r.span.start,
            byte_end: r.span.end,
            message: r.message.clone(),
        })
    }
}

/// The note on a file whose code was not analysed because it is minified.
pub fn minified_reason(stats: &crate::prefilter::MinifiedStats) -> String {
    format!("minified code ({stats}): not analysed, only searched for committed tokens")
}

/// Codes whose findings are security problems (a secret or a credential that leaks), tagged
/// as such in SARIF and GitLab reports; the others break joins.
pub fn is_security(code: &str) -> bool {
    matches!(code, "SIG008" | "SIG011" | "TOK004" | "TOK005")
}

/// Masks hard-coded secrets in a copy of the source used for rendering snippets: every byte of
/// a literal becomes `*` except its quotes and, for literals of 12 characters or more, its last
/// four characters. Byte offsets stay valid.
pub fn redact(mut source: String, spans: &[(usize, usize)]) -> String {
    if spans.is_empty() {
        return source;
    }
    let mut bytes = std::mem::take(&mut source).into_bytes();
    for &(start, end) in spans {
        let end = end.min(bytes.len());
        if start >= end {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes[start..end]).into_owned();
        let quoted = text.len() >= 2
            && matches!(text.as_bytes()[0], b'"' | b'\'' | b'`')
            && text.as_bytes()[0] == text.as_bytes()[text.len() - 1];
        let (inner_start, inner_end) = if quoted {
            (start + 1, end - 1)
        } else {
            (start, end)
        };
        let inner = String::from_utf8_lossy(&bytes[inner_start..inner_end]).into_owned();
        let chars = inner.chars().count();
        let keep_bytes: usize = if chars >= 12 {
            inner.chars().rev().take(4).map(char::len_utf8).sum()
        } else {
            0
        };
        for b in &mut bytes[inner_start..inner_end - keep_bytes] {
            *b = b'*';
        }
    }
    // Only whole characters were replaced by ASCII, or kept: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_quotes_length_and_the_last_four_characters() {
        let src = "const S = 'vJfi8WrWWLKvMYll4mWElOHFQ0n9cXbe'; const T = \"short\";".to_string();
        let a = src.find('\'').unwrap();
        let b = src[a + 1..].find('\'').unwrap() + a + 2;
        let c = src.find('"').unwrap();
        let out = redact(src.clone(), &[(a, b), (c, c + 7)]);
        assert_eq!(out.len(), src.len());
        assert!(out.contains("'****************************cXbe'"), "{out}");
        assert!(out.contains("\"*****\""), "{out}");
        assert!(!out.contains("vJfi8"));
    }
}
