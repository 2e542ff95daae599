//! Code actions: one quick fix per finding that has a fix (exactly the fix engine's edits), a
//! suppression comment per finding, and "fix all safe problems" (`source.fixAll.siglint`).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, Diagnostic, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::position::LineIndex;
use crate::diagnostic::{Applicability, Finding};
use crate::engine::FileKind;
use crate::model::Language;

/// The kind of the "fix all" action: editors run it on save with
/// `"editor.codeActionsOnSave": { "source.fixAll.siglint": "explicit" }`.
pub const FIX_ALL: &str = "source.fixAll.siglint";

/// Whether an action of `kind` was asked for (`only` lists the kinds the client wants; a
/// kind is asked for when it or a parent of it is listed: `source` covers `source.fixAll`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    let Some(only) = only else {
        return true;
    };
    only.iter().any(|k| {
        let k = k.as_str();
        kind == k || kind.starts_with(&format!("{k}."))
    })
}

/// The quick fix of a finding, when it has one that can be applied. An unsafe fix says so in
/// its title and is never the preferred action.
pub fn quick_fix(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    finding: &Finding,
    diagnostic: &Diagnostic,
    secrets: &[String],
) -> Option<CodeAction> {
    let fix = finding.fix.as_ref()?;
    let safe = match fix.applicability {
        Applicability::Safe => true,
        Applicability::Unsafe => false,
        Applicability::DisplayOnly => return None,
    };
    // Exactly what `--fix` writes: the edits, with the file's line endings.
    let ending = crate::fix::LineEnding::detect(text);
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|e| TextEdit {
            range: index.range(text, e.span.start, e.span.end),
            new_text: ending.convert(&e.replacement).into_owned(),
        })
        .collect();
    let description = super::convert::mask(&fix.description, secrets);
    let title = if safe {
        format!("Fix {}: {description}", finding.code)
    } else {
        format!(
            "Fix {}: {description} (unsafe fix: may change behaviour, review it)",
            finding.code
        )
    };
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(one_file_edit(uri, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// The action that silences a finding with a `siglint: ignore[CODE]` comment on the line
/// above it, in the comment syntax of the place (adding the code to a suppression already
/// there).
pub fn suppression(
    uri: &Uri,
    text: &str,
    index: &LineIndex,
    kind: FileKind,
    finding: &Finding,
    diagnostic: &Diagnostic,
) -> Option<CodeAction> {
    if finding.code == crate::catalogue::UNUSED_SUPPRESSION {
        return None;
    }
    let line = index.line_of(finding.span.start);
    let line_start = index.line_start(text, line);
    let code = finding.code;
    // A suppression comment alone on the line above: add the code to it.
    if line > 0 {
        let above = index.line_start(text, line - 1);
        let above_text = &text[above..index.line_end(text, line - 1)];
        for s in crate::suppress::parse(above_text) {
            if let crate::suppress::Scope::Codes(codes) = &s.scope {
                let directive = &above_text[s.span.start..s.span.end];
                if directive.ends_with(']') && !codes.iter().any(|c| c == code) {
                    let at = above + s.span.end - 1;
                    let edit = TextEdit {
                        range: index.range(text, at, at),
                        new_text: format!(", {code}"),
                    };
                    return Some(suppression_action(uri, code, diagnostic, edit));
                }
            }
        }
    }
    let (open, close) = comment_syntax(kind, text, line_start)?;
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let ending = crate::fix::LineEnding::detect(text).as_str();
    let edit = TextEdit {
        range: index.range(text, line_start, line_start),
        new_text: format!("{indent}{open} siglint: ignore[{code}]{close}{ending}"),
    };
    Some(suppression_action(uri, code, diagnostic, edit))
}

fn suppression_action(
    uri: &Uri,
    code: &str,
    diagnostic: &Diagnostic,
    edit: TextEdit,
) -> CodeAction {
    CodeAction {
        title: format!("Suppress {code} on this line (siglint: ignore[{code}])"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(one_file_edit(uri, vec![edit])),
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

/// How to write a comment line at byte `at` of a file of `kind`: its opening and closing
/// markers (each one that `siglint: ignore` recognises). `None` where no comment can be
/// written (JSON).
fn comment_syntax(kind: FileKind, text: &str, at: usize) -> Option<(&'static str, &'static str)> {
    use crate::lang::PageKind;
    const LINE: (&str, &str) = ("//", "");
    const HASH: (&str, &str) = ("#", "");
    const HTML: (&str, &str) = ("<!--", " -->");
    let in_script = |page: PageKind| {
        matches!(crate::lang::lower_page(page, text), Ok(Some(m))
            if m.page.as_ref().is_some_and(|p| p.blocks.iter().any(|b| b.start <= at && at <= b.end)))
    };
    match kind {
        FileKind::Source(Language::Python | Language::Ruby) => Some(HASH),
        FileKind::Source(Language::Php) => {
            if in_php_code(text, at) || in_script(PageKind::Php) {
                Some(LINE)
            } else {
                Some(HTML)
            }
        }
        FileKind::Source(_) => Some(LINE),
        FileKind::Page(page) => {
            if page == PageKind::Php && in_php_code(text, at) || in_script(page) {
                return Some(LINE);
            }
            Some(match page {
                PageKind::Html | PageKind::Vue | PageKind::Svelte | PageKind::Php => HTML,
                PageKind::Blade => ("{{--", " --}}"),
                PageKind::Erb | PageKind::Ejs => ("<%#", " %>"),
                PageKind::Handlebars => ("{{!--", " --}}"),
                PageKind::Twig | PageKind::Jinja => ("{#", " #}"),
                PageKind::Jsp => ("<%--", " --%>"),
            })
        }
        FileKind::Config => {
            // `.env`, YAML, TOML and properties files comment with `#`; JSON has no comments.
            let json = text.trim_start().starts_with(['{', '[']);
            (!json).then_some(HASH)
        }
    }
}

/// Whether byte `at` of a PHP file lies in PHP code (after `<?php`/`<?=`, before `?>`), not
/// in its inline HTML.
fn in_php_code(text: &str, at: usize) -> bool {
    let before = &text[..at.min(text.len())];
    let open = before.rfind("<?");
    let close = before.rfind("?>");
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The "fix all safe problems" action: the fixed text as one edit of the part that changed.
pub fn fix_all(uri: &Uri, old: &str, new: &str, index: &LineIndex) -> CodeAction {
    CodeAction {
        title: "Fix all safe siglint problems".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(one_file_edit(uri, vec![minimal_edit(old, new, index)])),
        ..CodeAction::default()
    }
}

/// One edit turning `old` into `new`: the span between their common prefix and suffix (on
/// character boundaries).
pub fn minimal_edit(old: &str, new: &str, index: &LineIndex) -> TextEdit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    TextEdit {
        range: index.range(old, prefix, old.len() - suffix),
        new_text: new[prefix..new.len() - suffix].to_string(),
    }
}

fn one_file_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether a finding's span meets a requested range (an empty range at the cursor meets the
/// finding it is in or touches).
pub fn meets(f: &Finding, text: &str, index: &LineIndex, range: Range) -> bool {
    let start = index.offset(text, range.start);
    let end = index.offset(text, range.end);
    f.span.start <= end && start <= f.span.end
}

/// Whether a finding's span holds a position.
pub fn holds(f: &Finding, text: &str, index: &LineIndex, at: Position) -> bool {
    let offset = index.offset(text, at);
    f.span.start <= offset && offset <= f.span.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimal_edit_covers_only_what_changed() {
        let old = "const a = 'é';\nconst iat = now;\nend\n";
        let new = "const a = 'é';\nconst iat = now - 30;\nend\n";
        let idx = LineIndex::new(old);
        let e = minimal_edit(old, new, &idx);
        assert_eq!(e.new_text, " - 30");
        assert_eq!(
            e.range.start,
            Position {
                line: 1,
                character: 15
            }
        );
        assert_eq!(e.range.end, e.range.start);
        // Identical texts: an empty edit at the end.
        let e = minimal_edit(old, old, &idx);
        assert!(e.new_text.is_empty() && e.range.start == e.range.end);
        // Multi-byte characters are never split.
        let e = minimal_edit("aé", "aè", &LineIndex::new("aé"));
        assert_eq!(e.new_text, "è");
    }

    #[test]
    fn comments_follow_the_place() {
        use crate::lang::PageKind;
        let js = FileKind::Source(Language::JavaScript);
        assert_eq!(comment_syntax(js, "x", 0), Some(("//", "")));
        let py = FileKind::Source(Language::Python);
        assert_eq!(comment_syntax(py, "x", 0), Some(("#", "")));
        let page = "<div>\n<script>\nconst s = 1;\n</script>\n</div>\n";
        let html = FileKind::Page(PageKind::Html);
        assert_eq!(
            comment_syntax(html, page, page.find("const").unwrap()),
            Some(("//", ""))
        );
        assert_eq!(comment_syntax(html, page, 0), Some(("<!--", " -->")));
        let blade = FileKind::Page(PageKind::Blade);
        assert_eq!(comment_syntax(blade, page, 0), Some(("{{--", " --}}")));
        let php = FileKind::Source(Language::Php);
        let view = "<h1>Hi</h1>\n<?php\n$x = 1;\n?>\n<p>\n";
        assert_eq!(
            comment_syntax(php, view, view.find("$x").unwrap()),
            Some(("//", ""))
        );
        assert_eq!(
            comment_syntax(php, view, view.find("<p>").unwrap()),
            Some(("<!--", " -->"))
        );
        assert_eq!(comment_syntax(FileKind::Config, "{\"a\": 1}", 0), None);
        assert_eq!(
            comment_syntax(FileKind::Config, "A=1\n", 0),
            Some(("#", ""))
        );
    }
}
