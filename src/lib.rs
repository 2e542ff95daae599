//! siglint: finds and fixes Zoom Meeting SDK signature code that breaks joins.
//!
//! The flow runs one way: walk → parse → lower (into [`model::Model`]) → evaluate →
//! signature sites → rules → findings → output.

pub mod autofix;
pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod eval;
pub mod fix;
pub mod lang;
pub mod limits;
pub mod model;
pub mod output;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod sites;
pub mod suppress;
pub mod token;
pub mod walk;
