//! `check --fix` / `--unsafe-fixes` / `--diff`: runs the fix loop of [`crate::fix`] on files
//! with fixable findings. Each pass re-analyses the current text with the same rules,
//! suppressions and configuration as `check`, so a fix is only applied where a finding is
//! reported, and the loop ends when the text stops changing.

use std::path::{Path, PathBuf};

use crate::engine::{analyze_file_in, FileKind, InProject};
use crate::fix::{fix_loop_judged_by, unified_diff, write_atomically, FileText, Fix, MAX_PASSES};
use crate::rules::Settings;

/// What fixing one file did.
#[derive(Debug, Default)]
pub struct FileFix {
    pub path: PathBuf,
    /// The unified diff of the change (empty when nothing changed).
    pub diff: String,
    pub applied: usize,
    pub written: bool,
    /// Fixes refused because they would have broken the syntax, or did not converge.
    pub refused: Vec<String>,
    /// Why the file could not be fixed or written (changed since read, unreadable…).
    pub error: Option<String>,
}

/// Fixes one file. `filter` applies suppressions and configuration to a pass's findings, as
/// `check` does; `unsafe_fixes` allows unsafe fixes too; `write` writes the result atomically
/// (only when the file is unchanged since it was read), otherwise only the diff is computed.
/// The file is analysed in its project (imports followed), and `caused_by` are the other
/// files whose analysis places findings in it (a literal secret of a config module): each
/// pass re-checks through them too, with this file's current text.
#[allow(clippy::too_many_arguments)]
pub fn fix_file(
    path: &Path,
    rel: Option<&Path>,
    kind: FileKind,
    settings: &Settings,
    filter: &dyn Fn(&str, Vec<crate::diagnostic::Finding>) -> Vec<crate::diagnostic::Finding>,
    unsafe_fixes: bool,
    write: bool,
    caused_by: &[PathBuf],
) -> FileFix {
    let mut out = FileFix {
        path: path.to_path_buf(),
        ..FileFix::default()
    };
    if kind == FileKind::Config {
        return out;
    }
    let project = crate::project::Project::new(
        &crate::project::Project::root_of(path),
        crate::limits::DEFAULT_MAX_FILE_SIZE,
    );
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.error = Some(crate::files::io_message(&e));
            return out;
        }
    };
    let Some(file) = FileText::decode(&bytes) else {
        out.error = Some("not valid UTF-8; not fixed".to_string());
        return out;
    };
    let causes: Vec<(PathBuf, String)> = caused_by
        .iter()
        .filter_map(|other| Some((other.clone(), std::fs::read_to_string(other).ok()?)))
        .collect();
    let (outcome, secrets) = fix_text(
        &file.text,
        &TextToFix {
            path,
            rel,
            kind,
            settings,
            filter,
            unsafe_fixes,
            caused_by: &causes,
            project: &project,
        },
    );
    out.applied = outcome.applied;
    out.refused = outcome.refused;
    if !outcome.converged {
        out.refused
            .push("the fixes did not settle within the pass limit".to_string());
    }
    if outcome.text == file.text {
        return out;
    }
    let label = crate::walk::display_path(rel.unwrap_or(path));
    out.diff = mask_secrets(unified_diff(&label, &file.text, &outcome.text), secrets);
    // A loop that did not settle is a rule bug: show the diff, never write its result.
    if write && outcome.converged {
        match write_atomically(path, &bytes, &file.encode(&outcome.text)) {
            Ok(()) => out.written = true,
            Err(e) => out.error = Some(e.to_string()),
        }
    }
    out
}

/// A text to fix with [`fix_text`], and where it lives.
pub struct TextToFix<'a> {
    /// The file the text is of (it need not be on disk as it is).
    pub path: &'a Path,
    /// Its path relative to the scanned root, when known.
    pub rel: Option<&'a Path>,
    pub kind: FileKind,
    pub settings: &'a Settings,
    /// Suppressions and configuration, applied to each pass's findings as `check` does.
    pub filter:
        &'a dyn Fn(&str, Vec<crate::diagnostic::Finding>) -> Vec<crate::diagnostic::Finding>,
    /// Unsafe fixes are applied too.
    pub unsafe_fixes: bool,
    /// The other files whose analysis places findings in this one, with their texts: each
    /// pass re-checks through them, with this file's current text.
    pub caused_by: &'a [(PathBuf, String)],
    /// The project the file is analysed in (imports followed).
    pub project: &'a crate::project::Project,
}

/// The fix loop of `check --fix` on one text: what [`fix_file`] computes before writing (the
/// language server runs it on an editor's buffer). Returns the outcome and the secrets of the
/// original text (to mask in a diff).
pub fn fix_text(text: &str, job: &TextToFix) -> (crate::fix::FixOutcome, Vec<String>) {
    let TextToFix {
        path,
        rel,
        kind,
        settings,
        filter,
        unsafe_fixes,
        caused_by,
        project,
    } = *job;
    // A page's fixes are judged by the syntax of its script blocks (and a PHP view's PHP).
    let syntax_errors = |text: &str| -> Option<usize> {
        match kind {
            FileKind::Source(crate::model::Language::Php) => {
                let php = crate::fix::syntax_error_count(crate::model::Language::Php, text)?;
                let page = crate::lang::lower_page(crate::lang::PageKind::Php, text).ok()?;
                Some(php + page.map_or(0, |m| m.syntax_errors.len()))
            }
            FileKind::Source(language) => crate::fix::syntax_error_count(language, text),
            FileKind::Page(page) => {
                let model = crate::lang::lower_page(page, text).ok()?;
                Some(model.map_or(0, |m| m.syntax_errors.len()))
            }
            FileKind::Config => None,
        }
    };
    let this = crate::project::canonical(path);
    // The secrets of the original text, read from the first pass's findings (before
    // suppressions: a suppressed secret is still a secret).
    let mut secrets: Option<Vec<String>> = None;
    let outcome = fix_loop_judged_by(
        text,
        syntax_errors,
        MAX_PASSES,
        |text| {
            let in_project = InProject {
                project,
                path,
                overriding: Some((&this, text)),
            };
            let mut findings = analyze_file_in(kind, text, rel, settings, in_project).findings;
            // Findings other files cause here, seen with this text.
            for (other, other_text) in caused_by {
                let Some(other_kind) = crate::engine::detect_kind(other) else {
                    continue;
                };
                let ctx = InProject {
                    project,
                    path: other,
                    overriding: Some((&this, text)),
                };
                let a = analyze_file_in(other_kind, other_text, None, settings, ctx);
                findings.extend(
                    a.elsewhere
                        .into_iter()
                        .filter(|(p, _)| crate::project::canonical(p) == this)
                        .map(|(_, f)| f),
                );
            }
            findings.sort_by(|a, b| {
                (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
            });
            findings.dedup_by(|a, b| {
                a.code == b.code && (a.span.start, a.span.end) == (b.span.start, b.span.end)
            });
            if secrets.is_none() {
                secrets = Some(redacted_texts(text, &findings));
            }
            filter(text, findings)
                .into_iter()
                .filter_map(|f| f.fix)
                .collect::<Vec<Fix>>()
        },
        |fix| fix.applicability.is_applied(unsafe_fixes),
    );
    (outcome, secrets.unwrap_or_default())
}

/// The secrets a text holds: the literals its findings redact (a hard-coded signing key, a
/// committed token's signature), without their quotes, longest first.
fn redacted_texts(text: &str, findings: &[crate::diagnostic::Finding]) -> Vec<String> {
    let mut secrets: Vec<String> = findings
        .iter()
        .filter_map(|f| f.redact)
        .filter_map(|s| text.get(s.start..s.end))
        .map(|s| match s.strip_prefix(['b', 'B']) {
            Some(r) if r.starts_with(['\'', '"']) => r, // a Python bytes literal
            _ => s,
        })
        .map(|s| {
            s.trim_matches(|c| matches!(c, '\'' | '"' | '`'))
                .to_string()
        })
        .filter(|s| s.len() >= 4)
        .collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// The diff with every secret of the original text masked as in findings: a diff shows the
/// lines a fix moves a secret out of, and must not print the secret.
fn mask_secrets(mut diff: String, secrets: Vec<String>) -> String {
    for secret in secrets {
        let masked = crate::rules::sig008_hardcoded_secret::mask(&secret);
        diff = diff.replace(&secret, masked.trim_matches('`'));
    }
    diff
}
