//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
//! pull request's diff:
//!
//! ```text
//! ::error file=src/sign.js,line=4,col=21,endLine=4,endColumn=45,title=SIG004 non-url-safe-base64::message
//! ```
//!
//! Warnings use `::warning`. Paths are relative to the current directory (the workspace root in
//! a workflow). Values are escaped as GitHub's runner expects: `%`, CR and LF everywhere, and
//! also `:` and `,` in properties.

use std::path::Path;

use super::fingerprint::{ci_path, relative_path};
use super::text::plural;
use super::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report, cwd: &Path) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![
            ("file", ci_path(f, cwd)),
            ("line", f.start.line.to_string()),
        ];
        // GitHub accepts a column range only within one line.
        if f.start.line == f.end.line {
            props.push(("col", f.start.column.to_string()));
            props.push(("endLine", f.end.line.to_string()));
            props.push(("endColumn", f.end.column.to_string()));
        } else {
            props.push(("endLine", f.end.line.to_string()));
        }
        props.push(("title", format!("{} {}", f.rule.code, f.rule.name)));
        let mut message = f.message.clone();
        for r in &f.related {
            let file = relative_path(&r.path, cwd).unwrap_or_else(|| r.path.clone());
            message.push_str(&format!(
                "\nrelated: {} ({file}:{}:{})",
                r.message, r.start.line, r.start.column
            ));
        }
        message.push_str(&format!("\nhelp: {}", f.rule.help));
        out.push_str(&command_line(command, &props, &message));
    }
    let s = &report.summary;
    for (path, message) in &s.problems {
        let file = relative_path(path, cwd).unwrap_or_else(|| path.clone());
        out.push_str(&command_line(
            "error",
            &[("file", file), ("title", "siglint".to_string())],
            &format!("{path}: {message}"),
        ));
    }
    for (path, reason) in s.incomplete.iter() {
        let file = relative_path(path, cwd).unwrap_or_else(|| path.clone());
        out.push_str(&command_line(
            "notice",
            &[("file", file), ("title", "siglint".to_string())],
            reason,
        ));
    }
    for path in s.depth_limited.iter() {
        let file = relative_path(path, cwd).unwrap_or_else(|| path.clone());
        out.push_str(&command_line(
            "notice",
            &[("file", file), ("title", "siglint".to_string())],
            "expressions nested too deep were not analysed",
        ));
    }
    // A plain line for the job log; runners show it as is.
    let n = report.findings.len();
    out.push_str(&format!(
        "siglint: {n} problem{} ({} error{}, {} warning{}) in {} of {} file{} scanned\n",
        plural(n),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.files_with_findings,
        s.files_scanned,
        plural(s.files_scanned)
    ));
    out
}

/// `::command k=v,k=v::message` with GitHub's escaping, ending in a line break.
pub fn command_line(command: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!(
        "::{command} {}::{}\n",
        props.join(","),
        escape_data(message)
    )
}

/// Escapes a message (the part after `::`): `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus `:` and `,`, which delimit properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(
            command_line("error", &[("file", "a,b.js".into())], "x: y"),
            "::error file=a%2Cb.js::x: y\n"
        );
    }
}
