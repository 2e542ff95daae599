//! Findings as LSP diagnostics and hovers: ranges in UTF-16 positions, the severity the
//! configuration gives, related places (the cross-file chain) with their own files' positions,
//! tags, and secrets masked as in every output of siglint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Uri,
};

use super::position::LineIndex;
use crate::catalogue::RuleInfo;
use crate::config::Config;
use crate::diagnostic::{Finding, Severity};

/// Every code's metadata, read once.
pub struct Catalogue {
    rules: HashMap<&'static str, RuleInfo>,
}

impl Catalogue {
    pub fn new() -> Catalogue {
        Catalogue {
            rules: crate::catalogue::all_codes()
                .into_iter()
                .map(|r| (r.code, r))
                .collect(),
        }
    }

    pub fn get(&self, code: &str) -> Option<&RuleInfo> {
        self.rules.get(code)
    }
}

/// The texts of other files that related places point into, read once per conversion: an open
/// document's buffer, else the file on disk.
pub struct OtherTexts<'a> {
    pub buffers: &'a HashMap<PathBuf, std::sync::Arc<str>>,
    read: HashMap<PathBuf, Option<(String, LineIndex)>>,
}

impl<'a> OtherTexts<'a> {
    pub fn new(buffers: &'a HashMap<PathBuf, std::sync::Arc<str>>) -> OtherTexts<'a> {
        OtherTexts {
            buffers,
            read: HashMap::new(),
        }
    }

    fn location(&mut self, path: &Path, start: usize, end: usize) -> Option<Location> {
        // A page's script is analysed as `<page>#script`: its places are the page's.
        let shown = path.to_string_lossy();
        let path = Path::new(shown.strip_suffix("#script").unwrap_or(&shown));
        let canonical = crate::project::canonical(path);
        let buffers = self.buffers;
        let entry = self.read.entry(canonical.clone()).or_insert_with(|| {
            let text = match buffers.get(&canonical) {
                Some(t) => t.to_string(),
                None => {
                    let t = std::fs::read_to_string(&canonical).ok()?;
                    t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t)
                }
            };
            let index = LineIndex::new(&text);
            Some((text, index))
        });
        let (text, index) = entry.as_ref()?;
        Some(Location {
            uri: super::uri::from_path(&canonical)?,
            range: index.range(text, start, end),
        })
    }
}

/// The severity a finding is reported at: its file's `[severity]` table, else the rule's.
pub fn severity(code: &str, config: Option<&Config>, catalogue: &Catalogue) -> Severity {
    config
        .and_then(|c| c.severity(code))
        .or_else(|| catalogue.get(code).map(|r| r.severity))
        .unwrap_or(Severity::Warning)
}

/// The secrets written in a text: what its findings redact (a hard-coded signing key, a
/// committed token's signature), without quotes.
pub fn secrets(text: &str, findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .filter_map(|f| f.redact)
        .filter_map(|s| text.get(s.start..s.end))
        .map(|s| {
            let s = match s.strip_prefix(['b', 'B']) {
                Some(r) if r.starts_with(['\'', '"']) => r,
                _ => s,
            };
            s.trim_matches(|c| matches!(c, '\'' | '"' | '`'))
                .to_string()
        })
        .filter(|s| s.len() >= 4)
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// A message with every secret masked as `siglint check` masks source lines: stars, and the
/// last four characters of a secret of twelve or more.
pub fn mask(message: &str, secrets: &[String]) -> String {
    let mut out = message.to_string();
    for s in secrets {
        if !out.contains(s.as_str()) {
            continue;
        }
        let chars = s.chars().count();
        let keep: String = if chars >= 12 {
            s.chars().skip(chars - 4).collect()
        } else {
            String::new()
        };
        let masked = format!("{}{keep}", "*".repeat(chars - keep.chars().count()));
        out = out.replace(s.as_str(), &masked);
    }
    out
}

/// What the conversion of one document's findings needs.
pub struct DocumentView<'a> {
    pub uri: &'a Uri,
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub config: Option<&'a Config>,
}

/// A finding as an LSP diagnostic.
pub fn diagnostic(
    f: &Finding,
    doc: &DocumentView,
    catalogue: &Catalogue,
    secrets: &[String],
    others: &mut OtherTexts,
) -> Diagnostic {
    let severity = match severity(f.code, doc.config, catalogue) {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    };
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let location = match &r.path {
                None => Location {
                    uri: doc.uri.clone(),
                    range: doc.index.range(doc.text, r.span.start, r.span.end),
                },
                Some(p) => others.location(p, r.span.start, r.span.end)?,
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: mask(&r.message, secrets),
            })
        })
        .collect();
    let mut tags = Vec::new();
    match f.code {
        // An unused suppression is dead text: editors fade it.
        crate::catalogue::UNUSED_SUPPRESSION => tags.push(DiagnosticTag::UNNECESSARY),
        // The legacy signature is a deprecated API (SPEC §5): editors strike it through.
        "SIG001" => tags.push(DiagnosticTag::DEPRECATED),
        _ => {}
    }
    Diagnostic {
        range: doc.index.range(doc.text, f.span.start, f.span.end),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: Uri::from_str(&crate::output::sarif::help_uri(f.code))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("siglint".to_string()),
        message: mask(&f.message, secrets),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// The hover of the findings under the cursor: each one's message, then its rule's
/// explanation (what `siglint explain` prints).
pub fn hover_markdown(findings: &[&Finding], catalogue: &Catalogue, secrets: &[String]) -> String {
    let mut out = String::new();
    let mut explained: Vec<&str> = Vec::new();
    for f in findings {
        if !out.is_empty() {
            out.push_str("\n\n---\n\n");
        }
        let name = catalogue.get(f.code).map_or("", |r| r.name);
        out.push_str(&format!(
            "**siglint {}** `{}`: {}\n\n",
            f.code,
            name,
            mask(&f.message, secrets)
        ));
        if explained.contains(&f.code) {
            continue;
        }
        explained.push(f.code);
        if let Some(rule) = catalogue.get(f.code) {
            out.push_str(&crate::output::rule_docs::explain(rule));
        }
    }
    out
}
