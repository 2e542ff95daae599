//! `--format csv`: one row per finding, for spreadsheets (RFC 4180: comma-separated, CRLF line
//! ends, fields with a comma, quote or line break quoted, quotes doubled).
//!
//! A field that a spreadsheet would take for a formula (one starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) is prefixed with `'`, so a crafted file name cannot run a formula.

use super::model::Document;

pub const HEADER: [&str; 9] = [
    "repo", "path", "line", "column", "code", "name", "severity", "fixable", "message",
];

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for repo in &doc.repositories {
        for f in &repo.findings {
            row(
                &mut out,
                [
                    repo.name.clone(),
                    f.path.clone(),
                    f.line.to_string(),
                    f.column.to_string(),
                    f.code.clone(),
                    f.name.clone(),
                    f.severity.clone(),
                    f.fix.clone(),
                    f.message.clone(),
                ]
                .into_iter(),
            );
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
