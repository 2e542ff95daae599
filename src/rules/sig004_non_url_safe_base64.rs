//! SIG004 non-url-safe-base64: a hand-rolled JWT segment or final legacy signature keeps the
//! standard alphabet or the `=` padding.

use crate::diagnostic::Finding;
use crate::fix::Fix;
use crate::model::{Language, Span};
use crate::rules::Input;
use crate::rules::{wrap, Tightness};
use crate::sites::Sites;

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let sites = input.sites;
    for s in &sites.segments {
        let e = &s.encoding;
        if e.is_url_safe() {
            continue;
        }
        let mut wrong = Vec::new();
        if !e.plus_safe || !e.slash_safe {
            let chars = match (e.plus_safe, e.slash_safe) {
                (false, false) => "`+` and `/`",
                (true, false) => "`/`",
                _ => "`+`",
            };
            wrong.push(format!("the standard base64 alphabet ({chars} left in)"));
        }
        if e.padded {
            wrong.push("`=` padding".to_string());
        }
        let what = if s.legacy {
            "the signature"
        } else {
            "this JWT segment"
        };
        let mut finding = Finding::new(
            "SIG004",
            e.span,
            format!("{what} is encoded with {}", wrong.join(" and ")),
        );
        if let Some(fix) = url_safe_fix(sites, e.span) {
            finding = finding.with_fix(fix);
        }
        out.push(finding);
    }
}

/// Makes the encoder's output base64url without padding, whatever it was: `+` to `-`, `/` to
/// `_`, `=` stripped, in the language's idiom for a string (or Python bytes). Applied to the
/// encoder call itself, earlier than any existing partial repair, so the result is right in
/// any order. Java is left without a fix: its encoders must be replaced at the factory
/// (`Base64.getUrlEncoder().withoutPadding()`), whose expression the finding does not carry.
fn url_safe_fix(sites: &Sites, span: Span) -> Option<Fix> {
    let (before, after, atomic) = match sites.language {
        Language::JavaScript | Language::TypeScript | Language::Tsx => (
            "",
            ".replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')",
            Tightness::Postfix,
        ),
        Language::Php => ("rtrim(strtr(", ", '+/', '-_'), '=')", Tightness::Any),
        Language::Ruby => ("", ".tr('+/', '-_').delete(\"=\\n\")", Tightness::Postfix),
        Language::Python => (
            "",
            ".replace(b\"+\", b\"-\").replace(b\"/\", b\"_\").rstrip(b\"=\")",
            Tightness::Postfix,
        ),
        Language::Java => return None,
    };
    Some(Fix::safe(
        "encode as base64url without padding",
        wrap(sites, span, before, after, atomic),
    ))
}
