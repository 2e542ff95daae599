//! `siglint rules` and `siglint explain`: the catalogue as a table or JSON, and one rule's
//! document.

use serde_json::json;

use super::statistics::format_table;
use crate::catalogue::{self, RuleInfo};

/// Every code `check` may report: code, name, severity, fix (`safe`, `unsafe`, `none`), summary.
pub fn table() -> String {
    let rows: Vec<[String; 5]> = catalogue::all_codes()
        .iter()
        .map(|r| {
            [
                r.code.to_string(),
                r.name.to_string(),
                r.severity.as_str().to_string(),
                r.fix.to_string(),
                r.summary.to_string(),
            ]
        })
        .collect();
    format_table(
        &["code", "name", "severity", "fix", "summary"],
        &rows,
        &[false; 5],
    )
}

/// The catalogue as a JSON array of `{code, name, severity, fix, summary, help, url}`.
pub fn json() -> String {
    let rules: Vec<_> = catalogue::all_codes()
        .iter()
        .map(|r| {
            json!({
                "code": r.code,
                "name": r.name,
                "severity": r.severity.as_str(),
                "fix": r.fix,
                "summary": r.summary,
                "help": r.help,
                "url": super::sarif::help_uri(r.code),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).expect("JSON values serialize");
    text.push('\n');
    text
}

/// Finds a rule by code (any case) or by name.
pub fn find(code_or_name: &str) -> Option<RuleInfo> {
    catalogue::all_codes()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// A rule's document: a title line, the summary, then the Markdown of `rules/SIG0NN.md` (for
/// the token-state codes, which have no document, the help and where the README covers them).
pub fn explain(rule: &RuleInfo) -> String {
    let mut out = format!(
        "# {} {}\n\nseverity: {} · fix: {}\n\n{}\n\n",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.fix,
        rule.summary
    );
    if rule.docs.is_empty() {
        out.push_str(&format!(
            "## How to fix\n{}\n\nSee {}.\n",
            rule.help,
            super::sarif::help_uri(rule.code)
        ));
    } else {
        out.push_str(rule.docs.trim_end());
        out.push_str(&format!("\n\n## How to fix\n{}\n", rule.help));
    }
    out
}
