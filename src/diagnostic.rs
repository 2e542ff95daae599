//! Findings and fixes as data: what a rule reports and how it would repair it. Applying a fix
//! is the fix engine's work (`fix`); this is the vocabulary every layer shares.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One defect at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule code (`SIG004`).
    pub code: &'static str,
    /// The most specific expression (the encoder call, the iat expression, the payload).
    pub span: Span,
    /// What is wrong here, with the values the analyzer computed.
    pub message: String,
    /// Source text that must never be shown (a hard-coded secret): renderers mask it.
    pub redact: Option<Span>,
    /// How to repair it, when the rule knows.
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            code,
            span,
            message: message.into(),
            redact: None,
            fix: None,
        }
    }

    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    /// Marks source text of this finding that output must mask.
    pub fn redacting(mut self, span: Span) -> Finding {
        self.redact = Some(span);
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Fixes and edits
// ---------------------------------------------------------------------------------------------

/// How safe a fix is, declared by the rule (ruff's three levels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the program's meaning apart from the defect: applied by `--fix`.
    Safe,
    /// May change behaviour the user relies on (a role chosen for them, a secret moved to an
    /// environment variable): applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown as a suggestion, never applied.
    DisplayOnly,
}

impl Applicability {
    /// Whether `--fix` applies a fix of this level (`unsafe_fixes`: `--unsafe-fixes` was given).
    pub fn is_applied(self, unsafe_fixes: bool) -> bool {
        match self {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes in `span` with `replacement` (an insertion when the span is empty, a
/// deletion when the replacement is). Line breaks in `replacement` are written `\n`; they are
/// converted to the file's line ending when applied.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::new(at, at), text)
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

impl Serialize for Edit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Edit", 3)?;
        s.serialize_field("start", &self.span.start)?;
        s.serialize_field("end", &self.span.end)?;
        s.serialize_field("replacement", &self.replacement)?;
        s.end()
    }
}

/// One fix for one finding: edits applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in the imperative ("backdate `iat` by 30 seconds"): shown in diffs and
    /// in the report of refused fixes.
    pub description: String,
    /// Non-overlapping edits (checked by [`Fix::validate`]).
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix; its edits are kept in source order.
    pub fn new(
        applicability: Applicability,
        description: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            description: description.into(),
            edits,
        }
    }

    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, description, edits)
    }

    /// A fix that needs `--unsafe-fixes`.
    pub fn unsafe_fix(description: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, description, edits)
    }

    /// Checks that the edits fit `source` (in bounds, on character boundaries) and do not
    /// overlap each other. Two edits overlap when they share a byte, or when an insertion falls
    /// strictly inside a replaced range; touching edits and insertions at the same point do not.
    pub fn validate(&self, source: &str) -> Result<(), InvalidFix> {
        let mut spans: Vec<Span> = self.edits.iter().map(|e| e.span).collect();
        for &span in &spans {
            if span.start > span.end {
                return Err(InvalidFix::Reversed(span));
            }
            if span.end > source.len() {
                return Err(InvalidFix::OutOfBounds {
                    span,
                    len: source.len(),
                });
            }
            for offset in [span.start, span.end] {
                if !source.is_char_boundary(offset) {
                    return Err(InvalidFix::NotCharBoundary(offset));
                }
            }
        }
        spans.sort();
        for pair in spans.windows(2) {
            if overlaps(pair[0], pair[1]) {
                return Err(InvalidFix::Overlapping(pair[0], pair[1]));
            }
        }
        Ok(())
    }

    /// The first byte the fix touches (fixes are chosen in this order).
    pub fn start(&self) -> usize {
        self.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
    }
}

/// Why a fix cannot be applied to a text (a bug in the rule that made it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidFix {
    Reversed(Span),
    OutOfBounds { span: Span, len: usize },
    NotCharBoundary(usize),
    Overlapping(Span, Span),
}

impl fmt::Display for InvalidFix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidFix::Reversed(s) => {
                write!(f, "edit {}..{} ends before it starts", s.start, s.end)
            }
            InvalidFix::OutOfBounds { span, len } => write!(
                f,
                "edit {}..{} lies outside the {len}-byte text",
                span.start, span.end
            ),
            InvalidFix::NotCharBoundary(o) => {
                write!(f, "edit boundary {o} falls inside a UTF-8 character")
            }
            InvalidFix::Overlapping(a, b) => write!(
                f,
                "edits {}..{} and {}..{} overlap",
                a.start, a.end, b.start, b.end
            ),
        }
    }
}

impl std::error::Error for InvalidFix {}

/// Whether two edits cannot both be applied: they share a byte, or one is an insertion strictly
/// inside the other's range. Touching edits and insertions at one point are ordered by position.
pub fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}
