//! Inline suppressions: `siglint: ignore[SIG003] reason` in a comment silences the named codes
//! on the comment's line and on the line below it.
//!
//! The forms:
//!
//! - `siglint: ignore[SIG003]`, `siglint: ignore[SIG003, SIG005] clock synced by NTP` — the
//!   codes in brackets (whole codes, not prefixes), then an optional reason;
//! - `siglint: ignore[all] reason` or a bare `siglint: ignore` (optionally followed by a reason)
//!   — every code.
//!
//! A code must be in brackets: `siglint: ignore SIG003` is not read as "ignore everything,
//! because SIG003" but reported as malformed, so that a missing bracket never silences more than
//! was meant. A suppression that silences nothing (no finding of its codes on its line or the
//! next, an unknown code, a malformed one) is itself reported as `SUP001 unused-suppression`,
//! as ruff reports an unused `noqa`: stale suppressions would otherwise hide the next real
//! defect on that line.
//!
//! The comment markers recognised are `//`, `#`, `/* … */` (also on continuation lines starting
//! with `*`) and `--`; the directive must follow one of them on its line. This is a text scan,
//! not a parse: it is the same in every language and in configuration files.

use crate::diagnostic::Finding;
use crate::model::Span;
use crate::span::LineIndex;

use crate::catalogue::UNUSED_SUPPRESSION;

/// What a suppression silences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `siglint: ignore` or `siglint: ignore[all]`.
    All,
    /// `siglint: ignore[SIG003, SIG005]`, upper-cased, in the order written.
    Codes(Vec<String>),
    /// Not a usable suppression (the reason is given); it silences nothing.
    Malformed(String),
}

/// One `siglint: ignore` directive in a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// 1-based line of the directive.
    pub line: usize,
    /// 1-based column (in characters) of `siglint:`.
    pub column: usize,
    /// The bytes of the directive, from `siglint:` to the closing `]` (or the word `ignore`).
    pub span: Span,
    pub scope: Scope,
    /// The text after the directive, if any (`clock synced by NTP`).
    pub reason: Option<String>,
}

/// A suppression, or some of its codes, that silenced nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnusedSuppression {
    pub line: usize,
    pub column: usize,
    pub span: Span,
    /// The codes that matched no finding (all of them for an unknown code); empty for a
    /// suppression of every code, or a malformed one.
    pub codes: Vec<String>,
    /// Why it is reported, for the SUP001 message.
    pub message: String,
}

/// The result of applying the suppressions of one file to its findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Indices (into the findings given) of findings that stay.
    pub kept: Vec<usize>,
    /// Indices of findings a suppression silenced.
    pub suppressed: Vec<usize>,
    /// Suppressions (or codes of them) that silenced nothing, in source order.
    pub unused: Vec<UnusedSuppression>,
}

const DIRECTIVE: &str = "siglint:";

/// Every `siglint: ignore` directive written in a comment of `source`, in source order.
pub fn parse(source: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !source.contains(DIRECTIVE) {
        return out;
    }
    let mut line_start = 0;
    for (i, raw_line) in source.split_inclusive('\n').enumerate() {
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let mut from = 0;
        while let Some(pos) = line[from..].find(DIRECTIVE) {
            let at = from + pos;
            from = at + DIRECTIVE.len();
            if !in_comment(&line[..at]) {
                continue;
            }
            if let Some(s) = parse_directive(line, at, line_start, i + 1) {
                out.push(s);
            }
        }
        line_start += raw_line.len();
    }
    out
}

/// Whether the text before a directive on its line opens a comment.
fn in_comment(before: &str) -> bool {
    let trimmed = before.trim_start();
    // A continuation line of a block comment (` * siglint: ignore[…]`).
    if trimmed.starts_with('*') {
        return true;
    }
    ["//", "#", "/*", "--"].iter().any(|m| before.contains(m))
}

/// Reads `siglint: ignore…` at byte `at` of `line`; `None` when it is another directive.
fn parse_directive(
    line: &str,
    at: usize,
    line_start: usize,
    line_no: usize,
) -> Option<Suppression> {
    let after = &line[at + DIRECTIVE.len()..];
    let rest = after.trim_start();
    let word = rest.strip_prefix("ignore")?;
    if word.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') {
        return None; // `siglint: ignored`, `siglint: ignore-file`: not ours.
    }
    let ignore_end = line.len() - word.len();
    let column = line[..at].chars().count() + 1;
    let (scope, end, tail) = if let Some(inner) = word.strip_prefix('[') {
        match inner.find(']') {
            None => (
                Scope::Malformed("its `[` is not closed".to_string()),
                ignore_end,
                "",
            ),
            Some(close) => {
                let end = ignore_end + 1 + close + 1;
                (parse_codes(&inner[..close]), end, &inner[close + 1..])
            }
        }
    } else {
        let first = word.split_whitespace().next().unwrap_or("");
        let first = first.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let scope = if looks_like_code(first) {
            Scope::Malformed(format!(
                "the code is not in brackets: write `siglint: ignore[{}]`",
                first.to_ascii_uppercase()
            ))
        } else {
            Scope::All
        };
        (scope, ignore_end, word)
    };
    Some(Suppression {
        line: line_no,
        column,
        span: Span::new(line_start + at, line_start + end),
        scope,
        reason: reason(tail),
    })
}

fn parse_codes(list: &str) -> Scope {
    let mut codes = Vec::new();
    for entry in list.split(',') {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if entry.eq_ignore_ascii_case("all") {
            return Scope::All;
        }
        codes.push(entry.to_ascii_uppercase());
    }
    if codes.is_empty() {
        Scope::Malformed("its code list is empty: name codes, or write `ignore[all]`".to_string())
    } else {
        Scope::Codes(codes)
    }
}

/// `SIG003`, `tok005`: three letters and three digits.
fn looks_like_code(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 6
        && b[..3].iter().all(u8::is_ascii_alphabetic)
        && b[3..].iter().all(u8::is_ascii_digit)
}

/// The reason after a directive, without the end of a block comment.
fn reason(tail: &str) -> Option<String> {
    let tail = tail.trim();
    let tail = tail
        .strip_suffix("*/")
        .or_else(|| tail.strip_suffix("-->"))
        .unwrap_or(tail)
        .trim();
    let tail = tail.trim_start_matches([':', '-', '—']).trim();
    (!tail.is_empty()).then(|| tail.to_string())
}

/// Whether `code` is one a finding of `siglint check` may carry.
fn known_code(code: &str) -> bool {
    crate::catalogue::all_codes().iter().any(|r| r.code == code)
}

/// Applies the suppressions written in `source` to findings given as (1-based line, code).
pub fn apply(source: &str, findings: &[(usize, &str)]) -> Applied {
    let suppressions = parse(source);
    let mut applied = Applied::default();
    if suppressions.is_empty() {
        applied.kept = (0..findings.len()).collect();
        return applied;
    }
    // Per suppression, which of its codes (or, for All, whether anything) was used.
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| match &s.scope {
            Scope::Codes(codes) => vec![false; codes.len()],
            Scope::All | Scope::Malformed(_) => vec![false],
        })
        .collect();
    for (index, (line, code)) in findings.iter().enumerate() {
        let mut silenced = false;
        for (s, used) in suppressions.iter().zip(used.iter_mut()) {
            // The directive's own line, or the line below it.
            if !(s.line == *line || s.line + 1 == *line) {
                continue;
            }
            match &s.scope {
                Scope::All => {
                    used[0] = true;
                    silenced = true;
                }
                Scope::Codes(codes) => {
                    for (c, u) in codes.iter().zip(used.iter_mut()) {
                        if c == code {
                            *u = true;
                            silenced = true;
                        }
                    }
                }
                Scope::Malformed(_) => {}
            }
        }
        if silenced {
            applied.suppressed.push(index);
        } else {
            applied.kept.push(index);
        }
    }
    for (s, used) in suppressions.iter().zip(used) {
        let unused = |codes: Vec<String>, message: String| UnusedSuppression {
            line: s.line,
            column: s.column,
            span: s.span,
            codes,
            message,
        };
        match &s.scope {
            Scope::Malformed(why) => applied.unused.push(unused(
                Vec::new(),
                format!("malformed suppression, it suppresses nothing: {why}"),
            )),
            Scope::All if !used[0] => applied.unused.push(unused(
                Vec::new(),
                "this suppression suppresses nothing: no finding on this line or the next"
                    .to_string(),
            )),
            Scope::All => {}
            Scope::Codes(codes) => {
                let idle: Vec<String> = codes
                    .iter()
                    .zip(&used)
                    .filter(|(_, u)| !**u)
                    .map(|(c, _)| c.clone())
                    .collect();
                if idle.is_empty() {
                    continue;
                }
                let unknown: Vec<&String> = idle.iter().filter(|c| !known_code(c)).collect();
                let message = if let Some(first) = unknown.first() {
                    format!("`{first}` is not a siglint code; it suppresses nothing")
                } else {
                    format!(
                        "`{}` in this suppression suppresses nothing: no such finding on this line or the next",
                        idle.join("`, `")
                    )
                };
                applied.unused.push(unused(idle, message));
            }
        }
    }
    applied
}

/// The SUP001 finding for a suppression that silenced nothing.
pub fn unused_finding(unused: &UnusedSuppression) -> Finding {
    Finding::new(UNUSED_SUPPRESSION, unused.span, unused.message.clone())
}

/// Applies the suppressions of one file to its findings: the findings that stay, plus one
/// SUP001 finding per suppression (or group of its codes) that silenced nothing, sorted by
/// position like the engine sorts.
///
/// Run it on the findings of every analysed file — also a file without findings, whose every
/// suppression is unused — before any filtering by configuration: a suppression of a rule the
/// configuration disables still counts as used where that rule would fire.
pub fn apply_to_findings(source: &str, findings: Vec<Finding>) -> Vec<Finding> {
    if !source.contains(DIRECTIVE) {
        return findings;
    }
    let index = LineIndex::new(source);
    let lines: Vec<(usize, &str)> = findings
        .iter()
        .map(|f| (index.position(source, f.span.start).line, f.code))
        .collect();
    let applied = apply(source, &lines);
    let mut keep = vec![false; findings.len()];
    for i in &applied.kept {
        keep[*i] = true;
    }
    let mut out: Vec<Finding> = findings
        .into_iter()
        .zip(keep)
        .filter_map(|(f, k)| k.then_some(f))
        .collect();
    out.extend(applied.unused.iter().map(unused_finding));
    out.sort_by(|a, b| (a.span, a.code).cmp(&(b.span, b.code)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(source: &str) -> Vec<(usize, Scope, Option<String>)> {
        parse(source)
            .into_iter()
            .map(|s| (s.line, s.scope, s.reason))
            .collect()
    }

    fn codes(list: &[&str]) -> Scope {
        Scope::Codes(list.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn directives_are_read_after_every_comment_marker() {
        let src = "\
const iat = now(); // siglint: ignore[SIG003] clock synced by NTP
iat = now()  # siglint: ignore[SIG003, sig005]
/* siglint: ignore[all] legacy module */
 * siglint: ignore
-- siglint: ignore  generated file
";
        assert_eq!(
            scopes(src),
            vec![
                (1, codes(&["SIG003"]), Some("clock synced by NTP".into())),
                (2, codes(&["SIG003", "SIG005"]), None),
                (3, Scope::All, Some("legacy module".into())),
                (4, Scope::All, None),
                (5, Scope::All, Some("generated file".into())),
            ]
        );
    }

    #[test]
    fn text_outside_comments_and_other_directives_are_not_suppressions() {
        let src = "\
const s = 'siglint: ignore[SIG003]';
// siglint: ignored on purpose
// siglint: check this later
";
        assert!(parse(src).is_empty(), "{:?}", parse(src));
    }

    #[test]
    fn codes_must_be_bracketed_and_brackets_closed() {
        let src = "\
// siglint: ignore SIG003 because
// siglint: ignore[SIG003
// siglint: ignore[]
";
        let s = scopes(src);
        assert!(matches!(&s[0].1, Scope::Malformed(why) if why.contains("ignore[SIG003]")));
        assert!(matches!(&s[1].1, Scope::Malformed(why) if why.contains("not closed")));
        assert!(matches!(&s[2].1, Scope::Malformed(why) if why.contains("empty")));
    }

    #[test]
    fn spans_and_columns_point_at_the_directive() {
        let src = "x = 1\nfoo() // siglint: ignore[SIG003] why\n";
        let s = &parse(src)[0];
        assert_eq!((s.line, s.column), (2, 10));
        assert_eq!(&src[s.span.start..s.span.end], "siglint: ignore[SIG003]");
    }

    #[test]
    fn same_line_and_line_above_suppress_and_partial_use_is_reported() {
        let src = "\
// siglint: ignore[SIG003, SIG005] reviewed
iat = now()
exp = iat + 60 // siglint: ignore[SIG005]
other()
";
        let applied = apply(src, &[(2, "SIG003"), (3, "SIG005"), (4, "SIG005")]);
        // Line 4 is below line 3's directive: it is silenced too.
        assert_eq!(applied.suppressed, vec![0, 1, 2]);
        assert_eq!(applied.kept, Vec::<usize>::new());
        let applied = apply(src, &[(2, "SIG003"), (3, "SIG005")]);
        assert_eq!(applied.suppressed, vec![0, 1]);
        // SIG005 of the first directive matched nothing on lines 1-2.
        assert_eq!(applied.unused.len(), 1);
        assert_eq!(applied.unused[0].line, 1);
        assert_eq!(applied.unused[0].codes, vec!["SIG005".to_string()]);
    }

    #[test]
    fn a_suppression_two_lines_above_does_not_reach() {
        let src = "// siglint: ignore[SIG003]\n\niat = now()\n";
        let applied = apply(src, &[(3, "SIG003")]);
        assert_eq!(applied.kept, vec![0]);
        assert_eq!(applied.unused.len(), 1);
    }

    #[test]
    fn unknown_codes_and_malformed_directives_are_reported() {
        let src = "a // siglint: ignore[SIG999]\nb // siglint: ignore SIG003\n";
        let applied = apply(src, &[(1, "SIG003"), (2, "SIG003")]);
        assert_eq!(applied.kept, vec![0, 1]);
        assert_eq!(applied.unused.len(), 2);
        assert!(applied.unused[0].message.contains("not a siglint code"));
        assert!(applied.unused[1].message.contains("malformed"));
    }

    #[test]
    fn findings_of_a_file_become_kept_plus_sup001() {
        let src = "iat = now() # siglint: ignore[SIG003]\nx = 1 # siglint: ignore\n";
        let f = Finding::new("SIG003", Span::new(6, 11), "iat is now");
        let out = apply_to_findings(src, vec![f]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, "SUP001");
        assert_eq!(&src[out[0].span.start..out[0].span.end], "siglint: ignore");
    }

    #[test]
    fn sup001_has_metadata_for_every_renderer() {
        let info = crate::catalogue::all_codes();
        let sup = info.iter().find(|r| r.code == "SUP001").expect("SUP001");
        assert_eq!(sup.name, "unused-suppression");
        assert_eq!(sup.severity, crate::diagnostic::Severity::Warning);
    }
}
