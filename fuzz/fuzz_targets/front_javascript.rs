//! The JavaScript, TypeScript and TSX (one front end, three grammars) front end on arbitrary bytes: see `common.rs` for what is checked.
//!
//! Run (from the repository root):
//! `cargo +nightly fuzz run front_javascript fuzz/corpus/front_javascript fuzz/seeds/front_javascript fixtures/javascript fixtures/typescript -- -max_total_time=300`

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use siglint::model::Language;

fuzz_target!(|data: &[u8]| {
    common::front_end(
        &[Language::JavaScript, Language::TypeScript, Language::Tsx],
        data,
    );
});
