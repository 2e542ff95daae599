//! What every front-end target checks: source bytes through the engine as `check` reads them
//! (`engine::decode`: UTF-8, UTF-16 with a mark, binary and broken text refused), then the
//! front end, the sites and the rules, then suppressions, baseline fingerprints and every output
//! format. Nothing may panic, and every span a finding, a redaction or a fix carries must lie
//! inside the text, on character boundaries.

use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::NoColor;
use siglint::engine::{self, Analysis, FileKind, FileOutcome, FileReport};
use siglint::model::{Language, Span};
use siglint::output::{self, Report};
use siglint::walk::Scan;

fn assert_span(source: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= source.len(),
        "{what} span {}..{} outside the {}-byte text",
        span.start,
        span.end,
        source.len()
    );
    assert!(
        source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
        "{what} span {}..{} cuts a character",
        span.start,
        span.end
    );
}

fn check_analysis(source: &str, analysis: &Analysis) {
    for f in &analysis.findings {
        assert_span(source, f.span, f.code);
        if let Some(r) = f.redact {
            assert_span(source, r, "redaction");
        }
        if let Some(fix) = &f.fix {
            if let Err(e) = fix.validate(source) {
                panic!("{} offers a fix that does not fit the text: {e}", f.code);
            }
        }
    }
}

/// Renders the analysis of one file in every format of `check`.
fn render(kind: FileKind, analysis: Analysis, source: String) {
    let path = PathBuf::from("src/fuzz/input");
    let scan = Scan {
        files: vec![FileReport {
            path: path.clone(),
            rel: Some(path),
            outcome: FileOutcome::Analysed {
                kind,
                analysis: Box::new(analysis),
                source: Some(source),
            },
        }],
        ..Scan::default()
    };
    let report = Report::from_scan(scan);
    let cwd = Path::new(".");
    let _ = output::json::render(&report);
    let _ = output::sarif::render(&report, cwd);
    let _ = output::github::render(&report, cwd);
    let _ = output::gitlab::render(&report, cwd);
    let _ = output::junit::render(&report, cwd);
    let _ = output::concise::render(&report);
    let mut text = NoColor::new(Vec::new());
    output::text::render(&report, &mut text).expect("rendering to memory");
}

/// Runs one input through the front end of each of `languages`.
pub fn front_end(languages: &[Language], data: &[u8]) {
    let Ok(source) = engine::decode(data.to_vec()) else {
        return;
    };
    let settings = Default::default();
    for &language in languages {
        // The front end, sites and rules whatever the prefilter says (most mutated inputs lack
        // its words)...
        let analysis = engine::analyze_source(language, &source, None, &settings);
        check_analysis(&source, &analysis);
        // ...and the path `check` takes: prefilter, committed tokens, suppressions, baseline
        // fingerprints, output.
        let kind = FileKind::Source(language);
        let mut analysis =
            engine::analyze_text(kind, &source, Some(Path::new("src/fuzz.js")), &settings);
        check_analysis(&source, &analysis);
        let secrets = siglint::baseline::secrets(&analysis.findings);
        let findings = std::mem::take(&mut analysis.findings);
        let kept = siglint::walk::filter_findings(None, None, &source, findings);
        let _ = siglint::baseline::entries_for_file("src/fuzz.js", &source, &kept, &secrets);
        analysis.findings = kept;
        check_analysis(&source, &analysis);
        render(kind, analysis, source.clone());
    }
}
