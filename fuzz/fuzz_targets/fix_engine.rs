//! The fix engine on arbitrary source, the way `check --fix --unsafe-fixes` runs it: decode the
//! file (`FileText`: UTF-8 with or without a mark, UTF-16 with one), run the fix loop with the
//! real rules, suppressions and applicability, and check that
//!
//! - decoding and encoding give back the file's bytes, and the fixed text survives encoding;
//! - the fixes add no syntax error (tree-sitter `ERROR`/`MISSING` nodes never increase);
//! - the loop settles, and a second fix run on its result changes nothing (idempotence).
//!
//! Input: the first byte picks the language (modulo 7: JavaScript, TypeScript, TSX, Ruby, PHP,
//! Java, Python); the rest is the file. Run (from the repository root):
//! `cargo +nightly fuzz run fix_engine fuzz/corpus/fix_engine fuzz/seeds/fix_engine -- -max_total_time=300`

#![no_main]

use libfuzzer_sys::fuzz_target;
use siglint::engine::{analyze_text, FileKind};
use siglint::fix::{fix_loop, syntax_error_count, FileText, Fix, MAX_PASSES};
use siglint::model::Language;

const LANGUAGES: [Language; 7] = [
    Language::JavaScript,
    Language::TypeScript,
    Language::Tsx,
    Language::Ruby,
    Language::Php,
    Language::Java,
    Language::Python,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let language = LANGUAGES[selector as usize % LANGUAGES.len()];
    let Some(file) = FileText::decode(bytes) else {
        return;
    };
    assert_eq!(
        file.encode(&file.text),
        bytes,
        "decoding does not round-trip"
    );

    let kind = FileKind::Source(language);
    let settings = Default::default();
    // What `autofix::fix_file` asks for on each pass.
    let produce = |text: &str| {
        let findings = analyze_text(kind, text, None, &settings).findings;
        siglint::walk::filter_findings(None, None, text, findings)
            .into_iter()
            .filter_map(|f| f.fix)
            .collect::<Vec<Fix>>()
    };
    let allowed = |f: &Fix| f.applicability.is_applied(true);

    let first = fix_loop(&file.text, language, MAX_PASSES, produce, allowed);
    if first.text == file.text {
        return;
    }
    if let (Some(before), Some(after)) = (
        syntax_error_count(language, &file.text),
        syntax_error_count(language, &first.text),
    ) {
        assert!(
            after <= before,
            "the fixes added syntax errors ({before} -> {after}):\n{}",
            first.text
        );
    }
    let written = file.encode(&first.text);
    let reread = FileText::decode(&written).expect("a fixed file decodes");
    assert_eq!(
        reread.text, first.text,
        "the fixed text does not survive encoding"
    );
    assert_eq!(reread.encoding, file.encoding);

    assert!(
        first.converged,
        "the fixes did not settle: {:?}",
        first.refused
    );
    let second = fix_loop(&first.text, language, MAX_PASSES, produce, allowed);
    assert_eq!(
        second.text, first.text,
        "a second fix run changed the text again"
    );
});
