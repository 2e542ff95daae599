//! `check --statistics`: how many findings each rule has, most frequent first.

use super::Report;
use crate::catalogue;

pub fn render(report: &Report) -> String {
    let catalogue = catalogue::all_codes();
    let mut rows: Vec<(usize, &catalogue::RuleInfo)> = report
        .summary
        .by_code
        .iter()
        .filter_map(|(code, n)| catalogue.iter().find(|r| r.code == *code).map(|r| (*n, r)))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.code.cmp(b.1.code)));
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|(n, r)| {
            [
                n.to_string(),
                r.code.to_string(),
                r.name.to_string(),
                r.severity.as_str().to_string(),
                r.fix.to_string(),
            ]
        })
        .collect();
    let mut out = String::from("\nStatistics:\n");
    if table.is_empty() {
        out.push_str("no findings\n");
        return out;
    }
    out.push_str(&format_table(
        &["count", "code", "name", "severity", "fix"],
        &table,
        &[true, false, false, false, false],
    ));
    out
}

/// A plain table with a header row; columns separated by two spaces, `right[i]` right-aligns
/// column i.
pub fn format_table<const N: usize>(
    header: &[&str; N],
    rows: &[[String; N]],
    right: &[bool; N],
) -> String {
    let mut width: [usize; N] = std::array::from_fn(|i| header[i].chars().count());
    for row in rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = width[i] - cell.chars().count();
            if i > 0 {
                s.push_str("  ");
            }
            if right[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < N {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}
