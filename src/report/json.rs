//! `--format json`: the whole [`Document`] (schema in docs/reports.md, "Report JSON"). It holds
//! everything needed to render the other formats again, which `--merge` does.

use super::model::Document;

pub fn render(doc: &Document) -> String {
    let mut text = serde_json::to_string_pretty(doc).expect("the report serializes");
    text.push('\n');
    text
}
