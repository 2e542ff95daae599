//! Findings: what a rule reports.

use serde::Serialize;

use crate::model::Span;

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
    pub fix: Option<crate::fix::Fix>,
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
    pub fn with_fix(mut self, fix: crate::fix::Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    /// Marks source text of this finding that output must mask.
    pub fn redacting(mut self, span: Span) -> Finding {
        self.redact = Some(span);
        self
    }
}
