//! The Ruby front end on arbitrary bytes: see `common.rs` for what is checked.
//!
//! Run (from the repository root):
//! `cargo +nightly fuzz run front_ruby fuzz/corpus/front_ruby fuzz/seeds/front_ruby fixtures/ruby -- -max_total_time=300`

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use siglint::model::Language;

fuzz_target!(|data: &[u8]| {
    common::front_end(&[Language::Ruby], data);
});
