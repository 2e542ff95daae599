//! `--format csv`: one row per finding, for spreadsheets (RFC 4180: comma-separated, CRLF line
//! ends, fields with a comma, quote or line break quoted, quotes doubled).
//!
//! A field that a spreadsheet would take for a formula (one starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) is prefixed with `'`, so a crafted file name cannot run a formula.

use super::model::{Document, Finding};

pub const HEADER: [&str; 9] = [
    "repo", "path", "line", "column", "code", "name", "severity", "fixable", "message",
];

/// The column added by `--compare`: `new`, `remaining`, or `fixed` (a row of the older
/// report's, gone now).
pub const CHANGE: &str = "change";

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let comparison = doc.comparison.as_ref();
    let header = HEADER.iter().map(|s| s.to_string());
    match comparison {
        Some(_) => row(&mut out, header.chain([CHANGE.to_string()])),
        None => row(&mut out, header),
    }
    let fields = |repo: &str, f: &Finding| {
        [
            repo.to_string(),
            f.path.clone(),
            f.line.to_string(),
            f.column.to_string(),
            f.code.clone(),
            f.name.clone(),
            f.severity.clone(),
            f.fix.clone(),
            f.message.clone(),
        ]
    };
    for repo in &doc.repositories {
        let change = comparison.and_then(|c| c.repositories.iter().find(|r| r.name == repo.name));
        for f in &repo.findings {
            let cells = fields(&repo.name, f).into_iter();
            match comparison {
                None => row(&mut out, cells),
                Some(_) => {
                    let status = match change {
                        Some(ch) if ch.is_new(f) => "new",
                        Some(_) => "remaining",
                        // Not in the comparison: a repository without any finding then or now
                        // cannot have one here.
                        None => "remaining",
                    };
                    row(&mut out, cells.chain([status.to_string()]));
                }
            }
        }
        if let Some(ch) = change {
            for f in &ch.fixed {
                row(
                    &mut out,
                    fields(&repo.name, f)
                        .into_iter()
                        .chain(["fixed".to_string()]),
                );
            }
        }
    }
    out
}

fn row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field_text(&field));
    }
    out.push_str("\r\n");
}

/// One field, neutralised against formulas and quoted when needed.
pub fn field_text(field: &str) -> String {
    let mut text = String::with_capacity(field.len() + 2);
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.push('\'');
    }
    text.push_str(field);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field_text;

    #[test]
    fn quoting_and_formula_neutralisation() {
        assert_eq!(field_text("plain"), "plain");
        assert_eq!(field_text("a,b"), "\"a,b\"");
        assert_eq!(field_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field_text("two\nlines"), "\"two\nlines\"");
        assert_eq!(field_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field_text("-1,2"), "\"'-1,2\"");
        assert_eq!(field_text(""), "");
    }
}
