//! `--format json`: `{"findings": [...], "summary": {...}}` (schema in docs/output.md, "JSON output").

use serde_json::{json, Value};

use super::Report;

pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.rule.code,
                "name": f.rule.name,
                "severity": f.severity.as_str(),
                "path": f.path,
                "range": {
                    "start": {"line": f.start.line, "column": f.start.column},
                    "end": {"line": f.end.line, "column": f.end.column},
                },
                "byte_range": {"start": f.byte_start, "end": f.byte_end},
                "message": f.message,
                "summary": f.rule.summary,
                "help": f.rule.help,
                "fix": f.rule.fix,
                "suggested_fix": f.suggested_fix.as_ref().map(|x| serde_json::to_value(x).unwrap_or_default()),
            })
        })
        .collect();
    let s = &report.summary;
    let pairs = |v: &Vec<(String, String)>, key: &str| -> Vec<Value> {
        v.iter().map(|(p, m)| json!({"path": p, key: m})).collect()
    };
    let out = json!({
        "findings": findings,
        "summary": {
            "files_scanned": s.files_scanned,
            "files_with_findings": s.files_with_findings,
            "files_with_syntax_errors": s.files_with_syntax_errors,
            "findings": report.findings.len(),
            "errors": s.errors,
            "warnings": s.warnings,
            "by_code": s.by_code,
            "skipped": pairs(&s.skipped, "reason"),
            "problems": pairs(&s.problems, "message"),
            "depth_limited": s.depth_limited,
            "incomplete": pairs(&s.incomplete, "reason"),
        }
    });
    let mut text = serde_json::to_string_pretty(&out).expect("JSON values serialize");
    text.push('\n');
    text
}
