//! The token decoder on arbitrary bytes: decoding, checking, HMAC verification, both renderers
//! and `find_tokens` must never panic.
//!
//! Run: `cargo +nightly fuzz run token_decode fuzz/corpus/token_decode fuzz/seeds/token_decode`
//! (from the repository root), e.g. with
//! `-- -max_total_time=300`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use siglint::token::{self, Options, Secret};

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        now: Some(1_700_000_000),
        secret: Some(Secret::new("fuzz-secret-0123456789")),
    };
    let report = token::inspect_bytes(data, &opts);
    let text = String::from_utf8_lossy(data);
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= data.len());
    }
    let _ = token::render::text(&report, &text, "<fuzz>", &opts);
    let _ = token::render::json(&report, &text, "<fuzz>", &opts);
    if let Ok(s) = std::str::from_utf8(data) {
        for (range, r) in token::find_tokens(s) {
            assert!(range.end <= s.len());
            assert!(r.token.is_ok());
        }
    }
});
