//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it.
//!
//! One run. `tool.driver.rules` holds every code `check` may report (the catalogue and the
//! token-state codes), with the rule's document as help, so an alert explains itself on GitHub.
//! Each result points at its file relative to the directory siglint ran in (`%SRCROOT%`, the
//! repository root in CI) and carries a [`fingerprint`](super::fingerprint) that survives line
//! shifts. Problems with files (unreadable, skipped, partly analysed) are tool execution
//! notifications of the invocation. Nothing here reads source text: messages are the findings'
//! messages, which mask hard-coded secrets, and no snippet is embedded.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::fingerprint::{absolute_path, fingerprints, relative_path, FINGERPRINT_KEY};
use super::{Report, ReportFinding};
use crate::catalogue::{self, RuleInfo};
use crate::diagnostic::Severity;

/// The schema the log declares: the OASIS standard's final (errata 01) schema.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base the results' relative URIs are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// Where siglint's sources and rule documents are published (the `repository` of Cargo.toml
/// when it is set).
pub fn repository() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://github.com/siglint/siglint",
        r => r,
    }
}

/// The page documenting a code: its file under `rules/`, or the section of `docs/` for the
/// token-state and suppression codes.
pub fn help_uri(code: &str) -> String {
    let repo = repository().trim_end_matches('/');
    if code.starts_with("SIG") {
        format!("{repo}/blob/main/rules/{code}.md")
    } else if code == "TOK005" {
        format!("{repo}/blob/main/docs/token.md#committed-tokens")
    } else if code.starts_with("TOK") {
        format!("{repo}/blob/main/docs/token.md")
    } else {
        format!("{repo}/blob/main/docs/configuration.md#sup001-unused-suppression")
    }
}

/// Renders the report as one SARIF log. `cwd` is the directory result paths are made relative
/// to (the current directory).
pub fn render(report: &Report, cwd: &Path) -> String {
    let catalogue = catalogue::all_codes();
    let prints = fingerprints(report, cwd);
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(&prints)
        .map(|(f, print)| result(f, print, &catalogue, cwd))
        .collect();
    let mut run = Map::new();
    run.insert("tool".into(), json!({ "driver": driver(&catalogue) }));
    if let Some(root) = directory_uri(cwd) {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": root } }),
        );
    }
    run.insert("invocations".into(), json!([invocation(report, cwd)]));
    // Columns count characters (Unicode scalar values), as in every other output.
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("results".into(), Value::Array(results));
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    });
    let mut text = serde_json::to_string_pretty(&log).expect("JSON values serialize");
    text.push('\n');
    text
}

fn driver(catalogue: &[RuleInfo]) -> Value {
    json!({
        "name": "siglint",
        "fullName": format!("siglint {}", env!("CARGO_PKG_VERSION")),
        "informationUri": repository(),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": catalogue.iter().map(rule).collect::<Vec<_>>(),
    })
}

/// A `reportingDescriptor` for one code.
fn rule(r: &RuleInfo) -> Value {
    let (text, markdown) = if r.docs.is_empty() {
        // Token-state codes have no document of their own: their summary and help say it all.
        let text = format!(
            "{}\n\nHow to fix: {}",
            sentence(r.summary),
            sentence(r.help)
        );
        let markdown = format!(
            "{}\n\n**How to fix:** {}\n\nSee [{}]({}).",
            sentence(r.summary),
            sentence(r.help),
            match r.code {
                "TOK005" => "Committed tokens",
                c if c.starts_with("TOK") => "Token inspector",
                _ => "the README",
            },
            help_uri(r.code)
        );
        (text, markdown)
    } else {
        let body = r.docs.trim_end();
        (
            format!("{}\n\nHow to fix: {}", body, sentence(r.help)),
            format!("{}\n\n## How to fix\n{}", body, sentence(r.help)),
        )
    };
    let mut properties = Map::new();
    let security = super::is_security(r.code);
    properties.insert(
        "tags".into(),
        json!([
            if security { "security" } else { "correctness" },
            "zoom-meeting-sdk",
        ]),
    );
    if security {
        // GitHub ranks security alerts by this CVSS-like score: a leaked SDK secret lets anyone
        // mint host tokens (high); a committed token leaks a short-lived credential (medium).
        let score = if r.code == "TOK005" { "5.0" } else { "7.5" };
        properties.insert("security-severity".into(), json!(score));
    }
    properties.insert("fix".into(), json!(r.fix));
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": { "text": sentence(r.summary) },
        "fullDescription": { "text": sentence(&full_description(r)) },
        "help": { "text": text, "markdown": markdown },
        "helpUri": help_uri(r.code),
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": Value::Object(properties),
    })
}

/// The first paragraph of a rule document's "What it does", on one line; the summary when the
/// document has none.
fn full_description(r: &RuleInfo) -> String {
    let Some((_, rest)) = r.docs.split_once("## What it does") else {
        return r.summary.to_string();
    };
    let paragraph: Vec<&str> = rest
        .trim_start()
        .lines()
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    if paragraph.is_empty() {
        r.summary.to_string()
    } else {
        paragraph.join(" ")
    }
}

fn result(f: &ReportFinding, print: &str, catalogue: &[RuleInfo], cwd: &Path) -> Value {
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(f.rule.code));
    if let Some(index) = catalogue.iter().position(|r| r.code == f.rule.code) {
        out.insert("ruleIndex".into(), json!(index));
    }
    out.insert("level".into(), json!(level(f.severity)));
    out.insert("message".into(), json!({ "text": sentence(&f.message) }));
    out.insert(
        "locations".into(),
        json!([{
            "physicalLocation": {
                "artifactLocation": artifact_location(&f.path, cwd),
                "region": {
                    "startLine": f.start.line,
                    "startColumn": f.start.column,
                    "endLine": f.end.line,
                    "endColumn": f.end.column,
                },
            },
        }]),
    );
    out.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: print }),
    );
    if let Some(fixes) = fixes(f) {
        out.insert("fixes".into(), fixes);
    }
    Value::Object(out)
}

/// The SARIF `fixes` of a finding (§3.55): `[{description, artifactChanges: [{artifactLocation,
/// replacements: [{deletedRegion, insertedContent: {text}}]}]}]`, from the finding's edits once
/// rules produce them (the autofix issue). Until then no finding has one.
fn fixes(_finding: &ReportFinding) -> Option<Value> {
    None
}

fn invocation(report: &Report, cwd: &Path) -> Value {
    let s = &report.summary;
    let mut notes = Vec::new();
    let mut note = |level: &str, path: &str, text: String| {
        notes.push(json!({
            "level": level,
            "message": { "text": sentence(&text) },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(path, cwd) } }],
        }));
    };
    for (path, message) in &s.problems {
        note("error", path, format!("{path}: {message}"));
    }
    for (path, reason) in &s.skipped {
        note("note", path, format!("skipped {path}: {reason}"));
    }
    for (path, reason) in &s.incomplete {
        note("warning", path, format!("{path}: {reason}"));
    }
    for path in &s.depth_limited {
        note(
            "warning",
            path,
            format!("{path}: expressions nested too deep were not analysed"),
        );
    }
    json!({
        "executionSuccessful": !report.nothing_read(),
        "toolExecutionNotifications": notes,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// SARIF messages are sentences (§3.11.2 recommends the final period; Microsoft's validator
/// warns without it).
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The artifact location of a file: relative to `%SRCROOT%` when it lies inside the current
/// directory, else an absolute `file:` URI.
fn artifact_location(path: &str, cwd: &Path) -> Value {
    match relative_path(path, cwd) {
        Some(rel) => json!({ "uri": encode_uri_path(&rel), "uriBaseId": SRCROOT }),
        None => {
            let abs = absolute_path(path, cwd);
            json!({ "uri": file_uri(&abs.to_string_lossy().replace('\\', "/")) })
        }
    }
}

/// The `file:` URI of the current directory, ending in `/` as a base URI must.
fn directory_uri(cwd: &Path) -> Option<String> {
    if !cwd.is_absolute() {
        return None;
    }
    let mut path = cwd.to_string_lossy().replace('\\', "/");
    if !path.ends_with('/') {
        path.push('/');
    }
    Some(file_uri(&path))
}

fn file_uri(path: &str) -> String {
    if path.starts_with('/') {
        format!("file://{}", encode_uri_path(path))
    } else {
        // A Windows drive path: `C:/x` becomes `file:///C:/x` (the drive keeps its colon).
        match path.split_once(':') {
            Some((drive, rest)) if drive.len() == 1 => {
                format!("file:///{drive}:{}", encode_uri_path(rest))
            }
            _ => format!("file:///{}", encode_uri_path(path)),
        }
    }
}

/// Percent-encodes a `/`-separated path for a URI reference (RFC 3986 §3.3): unreserved
/// characters, sub-delimiters and `@` stay, everything else (spaces, `%`, `#`, `?`, `:`,
/// non-ASCII as UTF-8) is encoded. `:` is encoded too, so a relative path can never read as a
/// scheme.
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_what_a_path_may_hold() {
        assert_eq!(encode_uri_path("src/a b#1%.js"), "src/a%20b%231%25.js");
        assert_eq!(encode_uri_path("dir:x/é.js"), "dir%3Ax/%C3%A9.js");
        assert_eq!(file_uri("/work/r/"), "file:///work/r/");
        assert_eq!(file_uri("C:/work/r/"), "file:///C:/work/r/");
    }

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("`iat` is now"), "`iat` is now.");
        assert_eq!(sentence("done."), "done.");
    }
}
