//! Human output: rustc-style diagnostics rendered with codespan-reporting.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use super::Report;
use crate::diagnostic::Severity;

/// Writes the findings, then the notes about skipped and unreadable files, then a summary line.
pub fn render(report: &Report, out: &mut dyn WriteColor) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let ids: Vec<usize> = report
        .sources
        .iter()
        .map(|(path, text)| files.add(path.clone(), text.clone()))
        .collect();
    let config = term::Config::default();
    for f in &report.findings {
        let diag = match f.severity {
            Severity::Error => Diagnostic::error(),
            Severity::Warning => Diagnostic::warning(),
        };
        let mut labels =
            vec![Label::primary(ids[f.source], f.byte_start..f.byte_end)
                .with_message(f.rule.summary)];
        let mut notes = Vec::new();
        for r in &f.related {
            // A related place in a file whose (masked) text is shown anyway gets a label; in
            // another file, a note with its position (no snippet: nothing unmasked is printed).
            match report.sources.iter().position(|(p, _)| *p == r.path) {
                Some(i) => labels.push(
                    Label::secondary(ids[i], r.byte_start..r.byte_end).with_message(&r.message),
                ),
                None => notes.push(format!(
                    "{}: {}:{}:{}",
                    r.message, r.path, r.start.line, r.start.column
                )),
            }
        }
        notes.push(format!("help: {}", f.rule.help));
        let diag = diag
            .with_code(format!("{}/{}", f.rule.code, f.rule.name))
            .with_message(&f.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit(out, &config, &files, &diag).map_err(io_error)?;
    }
    notes_and_summary(report, out)
}

/// An io error stays itself (so a closed pipe is still recognised as one); only the rendering
/// errors of codespan-reporting are wrapped.
fn io_error(e: codespan_reporting::files::Error) -> std::io::Error {
    match e {
        codespan_reporting::files::Error::Io(e) => e,
        other => std::io::Error::other(other),
    }
}

/// The notes about skipped, unreadable and partly analysed files, then the summary line: the
/// tail of the human formats (`text` and `concise`).
pub fn notes_and_summary<W: std::io::Write + ?Sized>(
    report: &Report,
    out: &mut W,
) -> std::io::Result<()> {
    let s = &report.summary;
    for (path, reason) in &s.skipped {
        writeln!(out, "note: skipped {path}: {reason}")?;
    }
    for (path, message) in &s.problems {
        writeln!(out, "error: {path}: {message}")?;
    }
    for (path, reason) in &s.incomplete {
        writeln!(out, "note: {path}: {reason}")?;
    }
    for path in &s.depth_limited {
        writeln!(
            out,
            "note: {path}: expressions nested too deep were not analysed"
        )?;
    }
    let n = report.findings.len();
    if n == 0 {
        writeln!(
            out,
            "No signature problems found in {} file{}.",
            s.files_scanned,
            plural(s.files_scanned)
        )?;
    } else {
        writeln!(
            out,
            "Found {n} problem{} ({} error{}, {} warning{}) in {} of {} file{} scanned.",
            plural(n),
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.files_with_findings,
            s.files_scanned,
            plural(s.files_scanned)
        )?;
    }
    Ok(())
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
