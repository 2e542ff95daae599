//! `--format markdown`: GitHub-flavoured Markdown (tables), for a pull request, an issue or a
//! wiki page. Every piece of text from the scan is escaped: paths and values in backticks
//! become code spans, anything else has Markdown and HTML punctuation backslash-escaped.

use std::fmt::Write;

use super::compare::Comparison;
use super::count;
use super::model::{fix_words, Counts, Document, Repository};

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let t = &doc.totals.counts;
    let _ = writeln!(out, "# siglint migration report\n");
    let _ = writeln!(
        out,
        "**{}** · **{}** · **{}** ({} legacy) · **{}** ({}, {})\n",
        count(doc.totals.repositories, "repository", "repositories"),
        count(t.files_scanned, "file scanned", "files scanned"),
        count(t.signature_sites, "signature site", "signature sites"),
        t.legacy_sites,
        count(t.findings, "finding", "findings"),
        count(t.errors, "error", "errors"),
        count(t.warnings, "warning", "warnings"),
    );
    let _ = writeln!(
        out,
        "Fixable: **{}** safely · **{}** with review (unsafe fix) · **{}** by hand.\n",
        t.fix_safe, t.fix_unsafe, t.fix_none
    );
    let _ = writeln!(
        out,
        "Made by {} {}. Paths are relative to each repository's root; a legacy site is an API-key \
         signature that must be migrated to a Meeting SDK JWT.\n",
        text(&doc.tool.name),
        text(&doc.tool.version)
    );

    if let Some(c) = &doc.comparison {
        comparison(&mut out, c);
    }

    out.push_str("## Repositories\n\n");
    out.push_str(
        "| repository | files scanned | signature sites | legacy | findings | errors | warnings | safe fix | unsafe fix | by hand |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for repo in &doc.repositories {
        counts_row(&mut out, &text(&repo.name), &repo.summary, true);
    }
    counts_row(&mut out, "**total**", t, true);
    out.push('\n');
    let quiet = doc.without_signature_code().count();
    if quiet > 0 {
        let _ = writeln!(
            out,
            "{} of {} {} no signature code (no signature site, no finding).\n",
            quiet,
            count(doc.totals.repositories, "repository", "repositories"),
            if quiet == 1 { "has" } else { "have" }
        );
    }

    if !doc.failures.is_empty() {
        let _ = writeln!(
            out,
            "## Not scanned\n\n{} could not be cloned or scanned and {} not in the totals.\n",
            count(doc.failures.len(), "repository", "repositories"),
            if doc.failures.len() == 1 { "is" } else { "are" }
        );
        out.push_str("| repository | failure | reason | source |\n|---|---|---|---|\n");
        for f in &doc.failures {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                text(&f.name),
                text(&f.kind),
                text(&f.reason),
                code(&f.source)
            );
        }
        out.push('\n');
    }

    if !doc.rules.is_empty() {
        out.push_str("## Rules that fire\n\n");
        out.push_str(
            "| rule | severity | findings | repositories | fix |\n|---|---|--:|---|---|\n",
        );
        for rule in &doc.rules {
            let n = t.by_rule.get(&rule.code).copied().unwrap_or(0);
            let repos: Vec<String> = doc
                .repositories_with(&rule.code)
                .iter()
                .map(|r| text(r))
                .collect();
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                code(&rule.code),
                text(&rule.name),
                text(&rule.severity),
                n,
                repos.join(", "),
                fix_words(&rule.fix)
            );
        }
        out.push('\n');

        out.push_str("## What to do\n\n");
        for rule in &doc.rules {
            let n = t.by_rule.get(&rule.code).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "### {} {}\n\n{} ({}; {}).\n\n**Reports:** {}\n\n**What to do:** {}\n",
                text(&rule.code),
                text(&rule.name),
                count(n, "finding", "findings"),
                text(&rule.severity),
                fix_words(&rule.fix),
                inline(&rule.summary),
                inline(&rule.help),
            );
        }
    }

    for repo in &doc.repositories {
        repository(&mut out, repo);
    }
    out
}

fn repository(out: &mut String, repo: &Repository) {
    let s = &repo.summary;
    let _ = writeln!(out, "## Repository {}\n", text(&repo.name));
    let at = repo
        .commit
        .as_deref()
        .map(|c| format!(" at commit {}", code(c)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Root {}{at}: {}, {} ({} legacy), {}.\n",
        code(&repo.root),
        count(s.files_scanned, "file scanned", "files scanned"),
        count(s.signature_sites, "signature site", "signature sites"),
        s.legacy_sites,
        count(s.findings, "finding", "findings"),
    );
    if !repo.languages.is_empty() {
        out.push_str(
            "| language | files scanned | signature sites | legacy | findings | errors | warnings | safe fix | unsafe fix | by hand | rules |\n\
             |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n",
        );
        for l in &repo.languages {
            counts_row(out, &text(&l.language), &l.counts, false);
            let _ = writeln!(out, " {} |", rules_cell(&l.counts));
        }
        counts_row(out, "**total**", s, false);
        let _ = writeln!(out, " {} |", rules_cell(s));
        out.push('\n');
    }
    if repo.files_with_syntax_errors > 0 {
        let _ = writeln!(
            out,
            "{} had syntax errors and {} analysed where the syntax tree is sound.\n",
            count(repo.files_with_syntax_errors, "file", "files"),
            if repo.files_with_syntax_errors == 1 {
                "was"
            } else {
                "were"
            }
        );
    }

    if !repo.files.is_empty() {
        out.push_str("### Files\n\n");
        out.push_str(
            "| file | language | signature sites | legacy | findings | lines |\n|---|---|--:|--:|--:|---|\n",
        );
        for f in &repo.files {
            let mut lines: Vec<usize> = repo
                .findings
                .iter()
                .filter(|x| x.path == f.path)
                .map(|x| x.line)
                .collect();
            lines.dedup();
            let links: Vec<String> = lines
                .iter()
                .map(|l| format!("[{l}]({})", href(&f.path, Some(*l))))
                .collect();
            let _ = writeln!(
                out,
                "| [{}]({}) | {} | {} | {} | {} | {} |",
                code(&f.path),
                href(&f.path, None),
                text(&f.language),
                f.jwt_sites + f.legacy_sites,
                f.legacy_sites,
                f.findings,
                links.join(" ")
            );
        }
        out.push('\n');
    }

    if repo.findings.is_empty() {
        out.push_str("No findings.\n\n");
    } else {
        out.push_str("### Findings\n\n");
        out.push_str("| location | rule | severity | fix | message |\n|---|---|---|---|---|\n");
        for f in &repo.findings {
            let _ = writeln!(
                out,
                "| [{}]({}) | {} {} | {} | {} | {} |",
                code(&format!("{}:{}:{}", f.path, f.line, f.column)),
                href(&f.path, Some(f.line)),
                code(&f.code),
                text(&f.name),
                text(&f.severity),
                text(&f.fix),
                inline(&f.message)
            );
        }
        out.push('\n');
    }

    if !repo.not_analysed.is_empty() {
        out.push_str("### Not analysed\n\n| file | kind | reason |\n|---|---|---|\n");
        for n in &repo.not_analysed {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                code(&n.path),
                text(&n.kind),
                text(&n.reason)
            );
        }
        out.push('\n');
    }
}

/// `--compare`: the burn-down — totals, per rule, and per repository and rule.
fn comparison(out: &mut String, c: &Comparison) {
    let _ = writeln!(
        out,
        "## Since the last report\n\nCompared with {} (siglint {}, {}): **{} fixed**, **{} new**, **{} remaining**.\n",
        code(&c.against),
        text(&c.against_version),
        count(c.against_repositories, "repository", "repositories"),
        c.total.fixed,
        c.total.new,
        c.total.remaining
    );
    for (names, what) in [
        (
            &c.added,
            "new in this report (all their findings count as new)",
        ),
        (&c.not_compared, "not scanned this time (not compared)"),
        (&c.removed, "no longer listed (not counted as fixed)"),
    ] {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| text(n)).collect();
            let _ = writeln!(
                out,
                "{} {what}: {}.\n",
                count(names.len(), "repository", "repositories"),
                names.join(", ")
            );
        }
    }
    if c.by_rule.is_empty() {
        return;
    }
    out.push_str("| rule | fixed | new | remaining |\n|---|--:|--:|--:|\n");
    for rule in &c.rules {
        let ch = c.by_rule.get(&rule.code).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            code(&rule.code),
            text(&rule.name),
            ch.fixed,
            ch.new,
            ch.remaining
        );
    }
    let _ = writeln!(
        out,
        "| **total** | {} | {} | {} |\n",
        c.total.fixed, c.total.new, c.total.remaining
    );
    out.push_str("### Per repository and rule\n\n");
    out.push_str("| repository | rule | fixed | new | remaining |\n|---|---|--:|--:|--:|\n");
    for r in &c.repositories {
        for (rule, ch) in &r.by_rule {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text(&r.name),
                code(rule),
                ch.fixed,
                ch.new,
                ch.remaining
            );
        }
    }
    out.push('\n');
}

/// `| name | files | sites | legacy | findings | errors | warnings | safe | unsafe | none |`,
/// with the line ended when `end` (else the caller adds cells).
fn counts_row(out: &mut String, name: &str, c: &Counts, end: bool) {
    let _ = write!(
        out,
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        c.files_scanned,
        c.signature_sites,
        c.legacy_sites,
        c.findings,
        c.errors,
        c.warnings,
        c.fix_safe,
        c.fix_unsafe,
        c.fix_none
    );
    if end {
        out.push('\n');
    }
}

/// `SIG001 ×2, SIG003 ×1`.
fn rules_cell(c: &Counts) -> String {
    c.by_rule
        .iter()
        .map(|(code, n)| format!("{} ×{n}", text(code)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plain text: Markdown and HTML punctuation backslash-escaped, on one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` literally (a fence longer than any backtick run inside; `|` escaped
/// for tables, line breaks as spaces).
pub fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// Text in which `…` pairs are code (the findings' messages and the rules' help): those become
/// code spans, the rest is escaped. Unbalanced backticks are escaped as text.
pub fn inline(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 != 1 {
        return text(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { code(p) } else { text(p) })
        .collect()
}

/// A relative link to a file, and to a line in it (`src/a.js#L12`), percent-encoded.
pub fn href(path: &str, line: Option<usize>) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    if let Some(line) = line {
        let _ = write!(out, "#L{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(text("a|b <x> *y*"), "a\\|b \\<x\\> \\*y\\*");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("x|y"), "`x\\|y`");
        assert_eq!(inline("`iat` is <now>"), "`iat` is \\<now\\>");
        assert_eq!(inline("odd ` tick"), "odd \\` tick");
        assert_eq!(href("a b/(c).js", Some(3)), "a%20b/%28c%29.js#L3");
    }
}
