//! `--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, CircleCI).
//!
//! One `<testsuite>` per file with findings, one `<testcase>` per finding, failed with the
//! finding's message. Paths that could not be read are a suite of their own whose cases are
//! `<error>`s. A scan without findings or problems is one suite with one passing case, so the
//! report always shows that siglint ran.

use std::path::Path;

use super::fingerprint::ci_path;
use super::Report;

pub fn render(report: &Report, cwd: &Path) -> String {
    let mut suites = String::new();
    let mut tests = 0;
    let mut failures = 0;
    let mut errors = 0;
    let mut i = 0;
    let findings = &report.findings;
    while i < findings.len() {
        let path = &findings[i].path;
        let end = findings[i..]
            .iter()
            .position(|f| &f.path != path)
            .map_or(findings.len(), |n| i + n);
        let shown = ci_path(&findings[i], cwd);
        let n = end - i;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">\n",
            attr(&shown)
        ));
        for f in &findings[i..end] {
            let name = format!(
                "{} {} ({}:{})",
                f.rule.code, f.rule.name, f.start.line, f.start.column
            );
            let body = format!(
                "{shown}:{}:{}: {} {} [{}]\nhelp: {}",
                f.start.line,
                f.start.column,
                f.rule.code,
                f.message,
                f.severity.as_str(),
                f.rule.help
            );
            suites.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                attr(&name),
                attr(&shown),
                attr(&shown),
                f.start.line,
                attr(&f.message),
                attr(f.rule.code),
                text(&body),
            ));
        }
        suites.push_str("  </testsuite>\n");
        tests += n;
        failures += n;
        i = end;
    }
    let problems = &report.summary.problems;
    if !problems.is_empty() {
        suites.push_str(&format!(
            "  <testsuite name=\"siglint: unreadable paths\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">\n",
            problems.len()
        ));
        for (path, message) in problems {
            suites.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"siglint\">\n      <error message=\"{}\" type=\"io\">{}</error>\n    </testcase>\n",
                attr(path),
                attr(message),
                text(&format!("{path}: {message}")),
            ));
        }
        suites.push_str("  </testsuite>\n");
        tests += problems.len();
        errors += problems.len();
    }
    if tests == 0 {
        suites.push_str(&format!(
            "  <testsuite name=\"siglint\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <testcase name=\"no signature problems in {} file{}\" classname=\"siglint\"/>\n  </testsuite>\n",
            report.summary.files_scanned,
            super::text::plural(report.summary.files_scanned)
        ));
        tests = 1;
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"siglint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

/// Escapes text content. Characters XML 1.0 cannot hold at all (most C0 controls, lone
/// surrogates cannot occur in a Rust string) become U+FFFD.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escapes an attribute value (double-quoted); line breaks and tabs are kept as references so a
/// parser does not normalise them to spaces.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0 `Char` (§2.2), tab and line breaks handled by the callers.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            attr("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
        assert_eq!(text("]]> & <x>\u{0}"), "]]&gt; &amp; &lt;x&gt;\u{FFFD}");
    }
}
