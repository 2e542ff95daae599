//! siglint: finds and fixes Zoom Meeting SDK signature code that breaks joins.
//!
//! The flow runs one way: walk → parse → lower (into [`model::Model`]) → evaluate →
//! signature sites → rules → findings → output.
//!
//! The modules are layered the same way, bottom up; a module imports only from layers below it
//! (`tests/architecture.rs` checks it):
//!
//! 1. vocabulary: [`span`] (byte spans, lines and columns), [`diagnostic`] (findings, fixes and
//!    edits as data), [`limits`], [`files`] (reading files);
//! 2. [`catalogue`] (every code's metadata), [`model`] (the language-neutral code model),
//!    [`prefilter`];
//! 3. [`lang`] (tree-sitter front ends), [`token`] (the token decoder);
//! 4. [`eval`] → [`sites`] → [`rules`];
//! 5. [`fix`] (applying edits), [`suppress`], [`config`], [`project`] (the files a scan reaches
//!    through imports);
//! 6. [`engine`] (one file: bytes → findings);
//! 7. [`baseline`] → [`walk`] (many files) → [`autofix`] (the fix loop over files);
//! 8. [`output`] → [`report`]; [`server`] (the language server).

pub mod autofix;
pub mod baseline;
pub mod catalogue;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod eval;
pub mod files;
pub mod fix;
pub mod lang;
pub mod limits;
pub mod model;
pub mod output;
pub mod prefilter;
pub mod project;
pub mod report;
pub mod rules;
pub mod server;
pub mod sites;
pub mod span;
pub mod suppress;
pub mod token;
pub mod walk;
