//! `--format gitlab`: a GitLab Code Quality report (a JSON array of Code Climate issues), shown
//! in merge requests when a job publishes it as `artifacts:reports:codequality`.
//!
//! Each issue has `description`, `check_name`, `fingerprint` (the same stable fingerprint as
//! SARIF, unique per finding), `severity` (`major` for errors, `minor` for warnings) and
//! `location.path` (relative to the current directory, the project root in a job) with
//! `location.lines.begin`.

use std::path::Path;

use serde_json::{json, Value};

use super::fingerprint::{ci_path, fingerprints, relative_path};
use super::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report, cwd: &Path) -> String {
    let prints = fingerprints(report, cwd);
    let issues: Vec<Value> = report
        .findings
        .iter()
        .zip(prints)
        .map(|(f, fingerprint)| {
            let mut description = format!("{} {}: {}", f.rule.code, f.rule.name, f.message);
            let mut other_locations = Vec::new();
            for r in &f.related {
                let path = relative_path(&r.path, cwd).unwrap_or_else(|| r.path.clone());
                description.push_str(&format!(
                    "; related: {} ({path}:{})",
                    r.message, r.start.line
                ));
                other_locations.push(json!({
                    "path": path,
                    "lines": { "begin": r.start.line, "end": r.end.line },
                }));
            }
            json!({
                "type": "issue",
                "description": description,
                "other_locations": other_locations,
                "check_name": f.rule.code,
                "categories": [if super::is_security(f.rule.code) {
                    "Security"
                } else {
                    "Bug Risk"
                }],
                "fingerprint": fingerprint,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {
                    "path": ci_path(f, cwd),
                    "lines": { "begin": f.start.line, "end": f.end.line },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).expect("JSON values serialize");
    text.push('\n');
    text
}
