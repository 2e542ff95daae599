//! The Java front end on arbitrary bytes: see `common.rs` for what is checked.
//!
//! Run (from the repository root):
//! `cargo +nightly fuzz run front_java fuzz/corpus/front_java fuzz/seeds/front_java fixtures/java -- -max_total_time=300`

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use siglint::model::Language;

fuzz_target!(|data: &[u8]| {
    common::front_end(&[Language::Java], data);
});
