//! `--format concise`: one line per finding, `path:line:col: CODE message`, the shape editors
//! and `grep` read; then the same notes and summary line as the text format.

use super::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        // A message is one line; a line break in a computed value must not split the record.
        let message = f.message.replace(['\r', '\n'], " ");
        out.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            f.path, f.start.line, f.start.column, f.rule.code, message
        ));
    }
    let mut tail = Vec::new();
    super::text::notes_and_summary(report, &mut tail).expect("writing to memory succeeds");
    out.push_str(&String::from_utf8_lossy(&tail));
    out
}
